"""The comparison report (text, Markdown, HTML) and `mot diff`: what a manager reads, in both languages."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt

from exports.compare import build_report, report_html, report_markdown, report_text
from journeys import edits, fileformat
from journeys.catalog import load_template
from journeys.diff import diff
from journeys.model import Journey
from journeys.store import SqliteStore

HOSTILE = '<b>"x"</b> & [link](http://e.x) # \x1b[31mred\x1b[0m |'


def improved(journey: Journey) -> Journey:
    """The business hall after a workshop: the waiting area scores better, the counter's queue standard
    is tightened, the farewell gets a new name and the bill is explained after signing."""
    doc = edits.document(journey)
    for tp in doc["touchpoints"]:
        if tp["id"] == "wait-seated":
            tp["emotion"]["perceived"] = 4
            tp["standards"][0]["target"]["value"] = 10
    journey = edits.rebuild(doc)
    journey = edits.update_touchpoint(journey, "farewell", {"name": "Farewell with a gift"})
    journey, _ = edits.insert_after(journey, "confirm-sign", "Explain the new bill", owner="Clerk",
                                    backup="Duty manager", emotion={"expected": 3, "perceived": 4})
    return journey


@pytest.fixture(params=["zh-CN", "en"])
def pair(request: pytest.FixtureRequest) -> tuple[Journey, Journey]:
    before = load_template("business-hall", request.param)
    return before, improved(before)


def test_the_report_opens_with_the_verdict_and_the_counts(pair: tuple[Journey, Journey]) -> None:
    d = diff(*pair)
    text = report_text(build_report(d, "v1", "v2"))
    head = text.splitlines()
    assert head[1] == "v1 → v2"
    fixed, new, still = len(d.findings.fixed), len(d.findings.new), len(d.findings.persisting)
    assert fixed >= 1  # the waiting area's negative gap
    if d.lang == "zh":
        assert head[0] == f"旅程版本对比：{pair[1].title}"
        assert f"修复 {fixed} 个薄弱点，新增 {new} 个，仍有 {still} 个" in head[3]
        assert head[3].startswith("总体：")
    else:
        assert head[0] == f"Journey comparison: {pair[1].title}"
        points = "weak point" if fixed == 1 else "weak points"
        assert f"{fixed} {points} fixed, {new} new, {still} still open" in head[3]
        assert head[3].startswith("Overall: ")


def test_the_report_names_every_change(pair: tuple[Journey, Journey]) -> None:
    d = diff(*pair)
    text = report_text(build_report(d))
    zh = d.lang == "zh"
    assert ("「Explain the new bill」" if zh else "“Explain the new bill”") in text  # added
    assert ("名称：" if zh else "Name: ") in text and "→ Farewell with a gift" in text
    assert ("感知得分：2 → 4" if zh else "Perceived score: 2 → 4") in text
    # The tightened standard reads as one changed standard, with its target before and after.
    assert ("≤ 15 分钟 → ≤ 10 分钟" if zh else "≤ 15 minutes → ≤ 10 minutes") in text
    assert ("修改 1 条" if zh else "1 changed") in text
    for f in d.findings.fixed:
        assert f.message in text


def test_metrics_show_before_after_and_change(pair: tuple[Journey, Journey]) -> None:
    d = diff(*pair)
    report = build_report(d)
    rows = {m.key: m for m in report.metrics}
    mean = d.metrics["mean_perceived"]
    assert rows["mean_perceived"].before == f"{mean.before:.2f}".rstrip("0").rstrip(".")
    assert rows["mean_perceived"].change.startswith("+") and rows["mean_perceived"].trend == "better"
    assert rows["findings.critical"].trend in ("better", "")
    assert rows["touchpoints"].change == "+1" and rows["touchpoints"].trend == ""


def test_verdict_follows_the_signals() -> None:
    before = load_template("business-hall", "en")
    after = improved(before)
    assert diff(before, after).verdict() == "better"
    assert diff(after, before).verdict() == "worse"
    assert diff(before, before).verdict() == "same"


def test_self_comparison_says_nothing_changed() -> None:
    j = load_template("business-hall", "zh-CN")
    text = report_text(build_report(diff(j, j)))
    assert "两个版本的旅程内容相同。" in text and "薄弱点没有变化。" in text


def _hostile_pair() -> tuple[Journey, Journey]:
    before = load_template("business-hall", "en")
    after = edits.update_touchpoint(before, "greet", {"name": HOSTILE, "owner": None})
    after, _ = edits.insert_after(after, "greet", HOSTILE + " 2")
    return before, after


def test_text_drops_control_characters() -> None:
    text = report_text(build_report(diff(*_hostile_pair())))
    assert "\x1b" not in text
    assert '<b>"x"</b> & [link](http://e.x) # [31mred[0m |' in text  # shown as typed, minus the escapes


def test_markdown_keeps_user_text_inert() -> None:
    md = report_markdown(build_report(diff(*_hostile_pair())))
    tokens = MarkdownIt("commonmark").enable("table").parse(md)
    kinds = {t.type for t in tokens} | {c.type for t in tokens for c in (t.children or [])}
    assert not kinds & {"link_open", "html_inline", "html_block", "strong_open_user"}
    rendered = MarkdownIt("commonmark").enable("table").render(md)
    assert "&lt;b&gt;&quot;x&quot;&lt;/b&gt; &amp; [link](http://e.x) # " in rendered


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_html_is_self_contained_and_escapes_user_text() -> None:
    d = diff(*_hostile_pair())
    page = report_html(build_report(d, "v1", "v2"), d)
    parser = _Collect()
    parser.feed(page)
    assert "b" not in parser.tags and "script" not in parser.tags
    assert any(HOSTILE.replace("\x1b", "") in t.replace("\x1b", "") for t in parser.text)
    # the user's own link (whole, or cut after a word in a chart label) is text; nothing else names a host
    assert "http://" not in page.replace("http://e.x", "").replace("http://e…", "").replace("http://www.w3.org", "")
    assert page.count("<svg") >= 2  # the diff diagram and the overlaid curves


# --- mot diff ---------------------------------------------------------------------------------------

@pytest.fixture
def files(tmp_path: Path) -> tuple[str, str]:
    before = load_template("business-hall", "zh-CN")
    fileformat.save(before, tmp_path / "v1.yaml")
    fileformat.save(improved(before), tmp_path / "v2.yaml")
    return str(tmp_path / "v1.yaml"), str(tmp_path / "v2.yaml")


def test_diff_json_has_the_documented_shape(mot, files: tuple[str, str]) -> None:  # type: ignore[no-untyped-def]
    data: dict[str, Any] = json.loads(mot("diff", *files, "--format", "json").stdout)
    assert {"touchpoints", "stages", "edges", "findings", "metrics"} <= set(data)
    for section in ("touchpoints", "stages", "edges"):
        assert {"added", "removed", "changed", "unchanged"} <= set(data[section])
    assert set(data["findings"]) == {"fixed", "new", "persisting"}
    assert data["touchpoints"]["added"] == ["explain-the-new-bill"]
    changed = {c["id"]: c["fields"] for c in data["touchpoints"]["changed"]}
    assert changed["wait-seated"]["emotion.perceived"] == {"before": 2, "after": 4}
    assert changed["farewell"]["name"]["after"] == "Farewell with a gift"
    assert data["metrics"]["touchpoints"] == {"before": 11, "after": 12, "delta": 1}
    assert data["findings"]["fixed"][0]["rule"] and data["findings"]["fixed"][0]["touchpoints"]


def test_diff_text_and_markdown_in_the_journeys_language(mot, files: tuple[str, str]) -> None:  # type: ignore[no-untyped-def]
    assert mot("diff", *files).stdout.startswith("旅程版本对比：")
    assert "v1.yaml → v2.yaml" in mot("diff", *files).stdout
    assert mot("diff", *files, "--lang", "en").stdout.startswith("Journey comparison: ")
    assert mot("diff", *files, "--format", "md").stdout.startswith("# 旅程版本对比：")


def test_diff_writes_a_file_and_never_overwrites_it(mot, files: tuple[str, str], tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    mot("diff", *files, "--format", "html", "-o", "report.html")
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert page.startswith("<!doctype html>") and "<svg" in page
    assert "exists" in mot("diff", *files, "--format", "md", "-o", "report.html", code=2).stderr
    assert (tmp_path / "report.html").read_text(encoding="utf-8") == page
    mot("diff", *files, "--format", "md", "-o", "report.html", "--force")
    assert (tmp_path / "report.html").read_text(encoding="utf-8").startswith("# ")


def test_diff_compares_stored_versions(mot, files: tuple[str, str], tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    store = SqliteStore(tmp_path / "store.db")
    info = store.save(fileformat.load(files[0]), based_on=None, author="a", note="1.0")
    store.save(fileformat.load(files[1]), based_on=info.number, author="b", note="2.0")
    out = mot("diff", "business-hall@1", "business-hall", "--format", "json").stdout
    assert json.loads(out)["touchpoints"]["added"] == ["explain-the-new-bill"]
    assert "business-hall v1 → business-hall v2" in mot("diff", "business-hall@1", "business-hall@2").stdout


def test_diff_fail_on_new_weak_points(mot, files: tuple[str, str]) -> None:  # type: ignore[no-untyped-def]
    mot("diff", *files, "--fail-on", "critical")  # nothing critical is introduced
    # Backwards, the fixed negative gap comes back as a new critical finding.
    mot("diff", files[1], files[0], "--fail-on", "critical", code=1)


@pytest.mark.parametrize("args, message", [
    (["nope.yaml", "nope@1"], "is neither a file nor a stored journey"),
    (["x@one", "y"], "the version after @ must be a number"),
])
def test_diff_bad_sources_are_bad_input(mot, args: list[str], message: str) -> None:  # type: ignore[no-untyped-def]
    assert message in mot("diff", *args, code=2).stderr


def test_diff_of_an_invalid_file_lists_its_problems(mot, files: tuple[str, str], tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "bad.yaml"
    bad.write_text(Path(files[0]).read_text(encoding="utf-8").replace("perceived: 2", "perceived: 9"),
                   encoding="utf-8")
    err = mot("diff", files[0], str(bad), code=2).stderr
    assert f"{bad}:" in err and "emotion.perceived" in err
