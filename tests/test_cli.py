"""The mot CLI, in process: exit 0 on success, 2 on bad input, 1 on other failures; messages on stderr."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from journeys import catalog, fileformat

from .conftest import DATA

EXAMPLE = DATA / "domain-example.yaml"


def test_validate_ok(mot) -> None:  # type: ignore[no-untyped-def]
    result = mot("validate", str(EXAMPLE))
    assert "ok (4 stages, 5 touchpoints, 5 edges)" in result.stdout
    assert result.stderr == ""


def test_validate_reports_every_file_path_and_line(mot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "bad.yaml"
    bad.write_text(EXAMPLE.read_text().replace("perceived: 4", "perceived: 6"), encoding="utf-8")
    empty = tmp_path / "empty.json"
    empty.write_text("")
    result = mot("validate", str(EXAMPLE), str(bad), str(empty), code=2)
    assert f"{bad}:21: touchpoints[0].emotion.perceived: Input should be less than or equal to 5" in result.stderr
    assert f"{empty}: the file is empty" in result.stderr
    assert "2 of 3 file(s) invalid" in result.stderr
    assert str(EXAMPLE) in result.stdout


def test_validate_missing_file_is_bad_input(mot) -> None:  # type: ignore[no-untyped-def]
    assert "cannot read the file" in mot("validate", "nope.yaml", code=2).stderr


def test_schema_is_the_file_format(mot) -> None:  # type: ignore[no-untyped-def]
    schema = json.loads(mot("schema").stdout)
    assert set(schema["required"]) == {"format", "id", "title", "stages", "touchpoints"}
    assert set(schema["$defs"]["Edge"]["properties"]) == {"from", "to", "label", "share"}
    assert schema["$defs"]["Touchpoint"]["additionalProperties"] is False


def test_templates_lists_id_locale_title(mot) -> None:  # type: ignore[no-untyped-def]
    lines = mot("templates").stdout.splitlines()
    assert lines == [f"{t.id}\t{t.locale}\t{t.title}" for t in catalog.list_templates()]
    assert len(lines) >= 10


def test_new_from_template_in_each_language(mot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    mot("new", "--template", "business-hall", "-o", "zh.yaml")
    mot("new", "--template", "business-hall", "--locale", "en", "--id", "hall-2027", "-o", "en.json")
    zh, en = fileformat.load(tmp_path / "zh.yaml"), fileformat.load(tmp_path / "en.json")
    assert zh.locale == "zh-CN" and en.locale == "en" and en.id == "hall-2027"
    assert [t.id for t in zh.touchpoints] == [t.id for t in en.touchpoints]


def test_new_blank_and_no_silent_overwrite(mot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    mot("new", "-o", "blank.yaml", "--title", "My journey", "--locale", "en")
    journey = fileformat.load(tmp_path / "blank.yaml")
    assert (journey.title, journey.touchpoints) == ("My journey", [])
    before = (tmp_path / "blank.yaml").read_bytes()
    assert "exists" in mot("new", "--template", "business-hall", "-o", "blank.yaml", code=2).stderr
    assert (tmp_path / "blank.yaml").read_bytes() == before
    mot("new", "--template", "business-hall", "-o", "blank.yaml", "--force")
    assert fileformat.load(tmp_path / "blank.yaml").id == "business-hall"


def test_new_rejects_unknown_template_and_bad_id(mot) -> None:  # type: ignore[no-untyped-def]
    assert "no template 'bank'" in mot("new", "--template", "bank", "-o", "x.yaml", code=2).stderr
    assert "has no 'fr'" in mot("new", "--template", "business-hall", "--locale", "fr", "-o", "x.yaml",
                                code=2).stderr
    assert "invalid --id" in mot("new", "--id", "has space", "-o", "x.yaml", code=2).stderr


def test_store_round_trip(mot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    saved = mot("import", str(EXAMPLE), "--author", "王", "--note", "初稿").stdout
    assert "business-hall-visit version 1 saved" in saved
    conflict = mot("import", str(EXAMPLE), code=1)
    assert "already in the store" in conflict.stderr
    mot("import", str(EXAMPLE), "--new-version", "--note", "第二版")
    mot("import", str(EXAMPLE), "--as", "hall-copy")
    listing = mot("list").stdout
    assert "business-hall-visit\tv2" in listing and "hall-copy\tv1" in listing
    history = mot("history", "business-hall-visit").stdout.splitlines()
    assert [line.split("\t")[0] for line in history] == ["v1", "v2"]
    assert history[0].endswith("\t王\t初稿")
    mot("export-version", "business-hall-visit", "--version", "1", "-o", "v1.json")
    assert fileformat.load(tmp_path / "v1.json") == fileformat.load(EXAMPLE)


def test_store_failures_exit_1(mot) -> None:  # type: ignore[no-untyped-def]
    assert "no journey 'ghost'" in mot("history", "ghost", code=1).stderr
    assert "no journey 'ghost'" in mot("export-version", "ghost", "-o", "x.yaml", code=1).stderr


def test_an_unusable_store_is_one_line_naming_the_path(mot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "somefile").write_text("a file")
    under_a_file = mot("--store", "somefile/x.db", "list", code=1).stderr
    assert under_a_file == "mot: cannot open the store somefile/x.db: somefile is a file, not a folder\n"
    (tmp_path / "broken.db").write_bytes(b"not a database at all " * 400)
    damaged = mot("--store", "broken.db", "list", code=1).stderr
    assert damaged.count("\n") == 1 and "broken.db is damaged" in damaged and ".recover" in damaged
    assert "unexpected" not in under_a_file + damaged


def test_store_option_beats_the_environment(mot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    other = tmp_path / "other.db"
    mot("--store", str(other), "import", str(EXAMPLE))
    assert other.exists()
    assert mot("list").stdout == ""


def test_import_of_an_invalid_file_changes_nothing(mot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    mot("import", str(EXAMPLE))
    bad = tmp_path / "bad.yaml"
    bad.write_text("format: mot-journey/9\n", encoding="utf-8")
    assert "unsupported format" in mot("import", str(bad), code=2).stderr
    assert [line.split("\t")[0] for line in mot("history", "business-hall-visit").stdout.splitlines()] == ["v1"]


def test_usage_errors_are_bad_input(mot) -> None:  # type: ignore[no-untyped-def]
    mot("validate", code=2)
    mot("export-version", "x", code=2)
    mot("no-such-command", code=2)


def test_app_command_starts_streamlit_on_the_app(mot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    calls = []
    monkeypatch.setattr("os.execve", lambda exe, args, env: calls.append((args, env)))
    mot("--store", str(tmp_path / "team.db"), "app", "--port", "8600")
    ((args, env),) = calls
    assert args[1:4] == ["-m", "components.serve", "run"] and args[4].endswith("app.py")
    assert args[args.index("--server.port") + 1] == "8600"
    assert env["MOT_STORE"] == str(tmp_path / "team.db")


# ---------------------------------------------------------------------------------------------- mot lint


def write_template(folder: Path, template: str, locale: str, name: str) -> Path:
    path = folder / name
    fileformat.save(catalog.load_template(template, locale), path)
    return path


def test_lint_text_groups_findings_by_severity_with_names(mot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = write_template(tmp_path, "business-hall", "zh-CN", "hall.yaml")
    out = mot("lint", str(path), "--fail-on", "none").stdout
    # The info findings: 5 as before, and the 5 moments of truth whose scores are only assumed; the
    # warnings: 3 as before, and the critical one's missing action.
    assert out.index("严重 (1)") < out.index("警告 (4)") < out.index("提示 (10)")
    assert "[negative-gap] 座位区排队等候: 「座位区排队等候」的感知得分（2）" in out
    assert "[action-missing] 座位区排队等候" in out
    assert "→ 找出差距来源" in out
    assert "共 15 条（严重 1，警告 4，提示 10）" in out
    english = mot("lint", str(path), "--fail-on", "none", "--lang", "en").stdout
    assert "Critical (1)" in english and "15 findings (1 critical, 4 warning, 10 info)" in english


def test_lint_json_has_findings_and_metrics(mot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = write_template(tmp_path, "front-desk", "en", "desk.json")
    report = json.loads(mot("lint", str(path), "--format", "json", "--fail-on", "none").stdout)
    assert set(report) == {"file", "findings", "metrics"}
    assert {"rule", "severity", "touchpoints", "dimension", "message", "suggestion"} == set(report["findings"][0])
    assert report["metrics"]["peak_end_score"] > report["metrics"]["mean_perceived"]
    assert set(report["metrics"]["reach"]) == {t.id for t in catalog.load_template("front-desk", "en").touchpoints}


@pytest.mark.parametrize(("fail_on", "code"), [("critical", 0), ("warning", 1), ("info", 1), ("none", 0)])
def test_lint_exit_code_follows_fail_on(mot, tmp_path: Path, fail_on: str, code: int) -> None:  # type: ignore[no-untyped-def]
    # The front desk template has warnings and info findings but nothing critical.
    path = write_template(tmp_path, "front-desk", "zh-CN", "desk.yaml")
    mot("lint", str(path), "--fail-on", fail_on, code=code)


def test_lint_a_folder_in_ci(mot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "journeys"
    (folder / "sub").mkdir(parents=True)
    write_template(folder, "front-desk", "zh-CN", "a.yaml")
    write_template(folder / "sub", "restaurant-dining", "en", "b.json")
    (folder / "notes.txt").write_text("not a journey", encoding="utf-8")
    reports = json.loads(mot("lint", str(folder), "--format", "json", "--fail-on", "none").stdout)
    assert [Path(r["file"]).name for r in reports] == ["a.yaml", "b.json"]
    mot("lint", str(folder), code=1)  # the restaurant has a critical gap at the table wait
    (folder / "broken.yaml").write_text("format: mot-journey/1\nid: [\n", encoding="utf-8")
    result = mot("lint", str(folder), "--fail-on", "none", code=2)
    assert "broken.yaml:3: YAML syntax error" in result.stderr


def test_lint_with_nothing_to_lint_is_bad_input(mot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert "no journey files found" in mot("lint", str(tmp_path), code=2).stderr


def test_rules_lists_every_rule(mot) -> None:  # type: ignore[no-untyped-def]
    from journeys.analysis import rule_ids

    lines = mot("rules").stdout.splitlines()
    assert [line.split("\t")[0] for line in lines] == rule_ids()
