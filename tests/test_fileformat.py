"""Reading and writing journey files: the error corpus, line numbers, exact round trips, atomic saves."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journeys import fileformat
from journeys.fileformat import JourneyFileError, Problem
from journeys.model import Journey

from .conftest import DATA, MINIMAL
from .strategies import journeys

EXAMPLE = DATA / "domain-example.yaml"


def problems_of(data: str | bytes, fmt: fileformat.Format = "yaml") -> list[Problem]:
    with pytest.raises(JourneyFileError) as caught:
        fileformat.loads(data, fmt, name="j.yaml")
    assert caught.value.problems, "an error must say what is wrong"
    return caught.value.problems


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def bomb(levels: int = 9) -> str:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    for i in range(1, levels):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


CORPUS: dict[str, tuple[str | bytes, fileformat.Format, str]] = {
    "empty": (b"", "yaml", "empty"),
    "only spaces and comments": ("  \n# nothing\n", "yaml", "empty"),
    "binary garbage": (bytes(range(1, 256)) * 4, "yaml", "binary file"),
    "binary with NUL": (b"PK\x03\x04\x00\x00", "yaml", "NUL"),
    "not UTF-8": ("标题".encode("gbk") + b" title", "yaml", "UTF-8"),
    "YAML syntax": ("format: mot-journey/1\nid: [unclosed\n", "yaml", "YAML syntax error"),
    "tab indentation": ("format: mot-journey/1\nstages:\n\t- id: a\n", "yaml", "YAML syntax error"),
    "JSON syntax": ('{"format": "mot-journey/1",}', "json", "JSON syntax error"),
    "JSON NaN": ('{"format": "mot-journey/1", "x": NaN}', "json", "NaN"),
    "JSON Infinity": ('{"format": -Infinity}', "json", "Infinity"),
    "python object tag": ("!!python/object/apply:os.system ['echo pwned']\n", "yaml", "tag not allowed"),
    "python name tag": ("format: !!python/name:os.system\n", "yaml", "tag not allowed"),
    "custom tag": ("format: !journey x\n", "yaml", "tag not allowed"),
    "alias bomb": (bomb(), "yaml", "expands to more than"),
    "recursive alias": ("a: &a [1, *a]\n", "yaml", "contains it"),
    "deep nesting": ("[" * 5000 + "]" * 5000, "yaml", "nesting deeper"),
    "deep block nesting": ("- " * 100_000 + "x\n", "yaml", "nesting deeper"),
    "deep JSON": ("[" * 100_000 + "]" * 100_000, "json", "nesting deeper"),
    "a list, not a mapping": ("- a\n- b\n", "yaml", "expected a mapping"),
    "a bare string": ("hello\n", "yaml", "expected a mapping"),
    "two documents": ("format: mot-journey/1\n---\nformat: mot-journey/1\n", "yaml", "several YAML documents"),
    "duplicate key": ("format: mot-journey/1\nid: a\nid: b\n", "yaml", "appears twice"),
    "duplicate JSON key": ('{"id": "a", "id": "b"}', "json", "appears twice"),
    "NUL inside text": ("format: mot-journey/1\x00\n", "yaml", "NUL"),
    "YAML .nan score": (EXAMPLE.read_text().replace("perceived: 4", "perceived: .nan"), "yaml",
                        "less than or equal to 5"),
    "impossible date": ("format: mot-journey/1\nid: 2024-13-45\n", "yaml", "unreadable value"),
}


@pytest.mark.parametrize(("data", "fmt", "expected"), CORPUS.values(), ids=CORPUS.keys())
def test_error_corpus_is_reported_not_raised(data: str | bytes, fmt: fileformat.Format, expected: str) -> None:
    problems = problems_of(data, fmt)
    text = "\n".join(str(p) for p in problems)
    assert expected in text
    assert all(p.file == "j.yaml" for p in problems)
    assert "Traceback" not in text


def test_oversized_file_is_refused_before_reading(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    with big.open("wb") as handle:
        handle.truncate(fileformat.MAX_BYTES + 1)
    with pytest.raises(JourneyFileError, match="limited to"):
        fileformat.load(big)


def test_wrong_field_names_its_path_and_line() -> None:
    text = EXAMPLE.read_text()
    problems = problems_of(text.replace("perceived: 4", "perceived: 9"))
    assert [(p.path, p.line) for p in problems] == [("touchpoints[0].emotion.perceived", line_of(text, "perceived"))]
    assert "less than or equal to 5" in problems[0].message
    assert "found 9" in problems[0].message
    assert str(problems[0]).startswith(f"j.yaml:{line_of(text, 'perceived')}: touchpoints[0].emotion.perceived: ")


def test_unknown_field_is_reported_on_its_own_line() -> None:
    text = EXAMPLE.read_text().replace("    wow: 雨天门口备伞套", "    wow: 雨天门口备伞套\n    wow_factor: high")
    (problem,) = problems_of(text)
    assert (problem.path, problem.line) == ("touchpoints[0].wow_factor", line_of(text, "wow_factor"))
    assert "unknown field" in problem.message


def test_missing_field_points_at_its_parent() -> None:
    text = EXAMPLE.read_text().replace("{id: take-number, stage: wait, name: 取号}", "{id: take-number, stage: wait}")
    (problem,) = problems_of(text)
    where = line_of(text, "id: take-number")
    assert (problem.path, problem.line, problem.message) == ("touchpoints[1].name", where, "required field is missing")


def test_json_errors_carry_lines_too() -> None:
    doc = fileformat.to_data(fileformat.load(EXAMPLE))
    doc["touchpoints"][0]["emotion"]["perceived"] = 0
    text = json.dumps(doc, ensure_ascii=False, indent=2)
    (problem,) = problems_of(text, "json")
    expected_line = next(i for i, line in enumerate(text.splitlines(), 1) if '"perceived": 0' in line)
    assert (problem.path, problem.line) == ("touchpoints[0].emotion.perceived", expected_line)


def test_every_problem_is_listed_at_once() -> None:
    doc = json.loads(json.dumps(MINIMAL))
    doc["touchpoints"][0]["channel"] = "fax"
    doc["touchpoints"][2]["emotion"] = {"perceived": 7}
    doc["stages"][0]["nmae"] = "x"
    paths = {p.path for p in problems_of(json.dumps(doc), "json")}
    assert paths == {"touchpoints[0].channel", "touchpoints[2].emotion.perceived", "stages[0].nmae"}


def test_bad_input_leaves_the_saved_file_untouched(tmp_path: Path) -> None:
    path = tmp_path / "j.yaml"
    journey = fileformat.load(EXAMPLE)
    fileformat.save(journey, path)
    before = path.read_bytes()
    with pytest.raises(JourneyFileError):
        fileformat.loads(before.replace(b"perceived: 4", b"perceived: 40"), "yaml")
    assert path.read_bytes() == before
    assert sorted(os.listdir(tmp_path)) == ["j.yaml"]


def test_the_domain_example_loads_with_every_field() -> None:
    journey = fileformat.load(EXAMPLE)
    greet = journey.touchpoint("greet")
    assert greet.standards[0].target is not None
    assert (greet.standards[0].target.op, greet.standards[0].target.value) == ("<=", 10)
    assert greet.satisfaction is not None and greet.satisfaction.benchmark == 80.4
    assert journey.edges[1].label == "人多时" and journey.edges[1].share == 0.6
    assert journey.persona is not None and journey.persona.goal == "午休30分钟内办完业务"


def test_yaml_keeps_chinese_readable() -> None:
    text = fileformat.dumps(fileformat.load(EXAMPLE), "yaml")
    assert "营业厅办理套餐变更" in text and "\\u" not in text
    assert "value: 10\n" in text  # whole numbers stay whole
    text = fileformat.dumps(fileformat.load(EXAMPLE), "json")
    assert "营业厅办理套餐变更" in text and "\\u" not in text


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(journey=journeys)
def test_round_trip_yaml(journey: Journey) -> None:
    assert fileformat.loads(fileformat.dumps(journey, "yaml"), "yaml") == journey


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(journey=journeys)
def test_round_trip_json(journey: Journey) -> None:
    assert fileformat.loads(fileformat.dumps(journey, "json"), "json") == journey


@settings(max_examples=30, deadline=None)
@given(journey=journeys)
def test_saved_yaml_is_plain_safe_yaml(journey: Journey) -> None:
    # Other tools read our files with any safe YAML loader: no tags, no aliases.
    text = fileformat.dumps(journey, "yaml")
    events = list(yaml.parse(text))
    assert not [e for e in events if isinstance(e, yaml.AliasEvent) or getattr(e, "anchor", None)]
    assert not [e for e in events if isinstance(e, yaml.NodeEvent) and getattr(e, "tag", None)]  # no tag
    assert yaml.safe_load(text)["id"] == journey.id


def test_save_is_atomic_and_replaces_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "j.json"
    journey = fileformat.load(EXAMPLE)
    fileformat.save(journey, path)
    before = path.read_bytes()

    def crash(*_: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", crash)
    changed = journey.model_copy(update={"title": "改过的标题"})
    with pytest.raises(OSError, match="disk full"):
        fileformat.save(changed, path)
    assert path.read_bytes() == before  # the old file, whole
    assert os.listdir(tmp_path) == ["j.json"]  # no temporary file left behind


@pytest.mark.parametrize(("name", "data", "fmt"), [
    ("a.json", None, "json"), ("a.YML", None, "yaml"), ("upload", b'  {"a": 1}', "json"), ("upload", b"a: 1", "yaml"),
])
def test_format_detection(name: str, data: bytes | None, fmt: str) -> None:
    assert fileformat.format_for(name, data) == fmt


def _careful(text: str) -> object:
    """The document as the careful path (node tree, then SafeLoader's constructor) builds it."""
    root = yaml.compose(text, Loader=fileformat._Loader)
    return fileformat._Loader("").construct_document(root)


YAML_SCALARS = ["", "~", "null", "true", "No", "yes", "on", "0x1F", "0o17", "1_000", "-0", "1e3", ".inf", "-.Inf",
                ".nan", "2026-12-01", "2026-12-01 20:15:09+08:00", "'3'", '"4.5"', "12:30", "1:20:30", "迎宾", "'<<'",
                "! x", '"a\\u202eb\\e"', "0b101", "+12", "3.", "'~'", "- - 1", "{a: 1, b: [x, y]}", "[]", "{}"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(items=st.lists(st.tuples(st.sampled_from(["a", "b", "1", "true", "null", "'x'", "迎", "2026-01-01"]),
                                st.sampled_from(YAML_SCALARS)), max_size=8))
def test_the_one_pass_reader_builds_what_the_careful_path_builds(items: list[tuple[str, str]]) -> None:
    text = "root:\n" + "".join(f"  {key}: {value}\n" for key, value in items) + "list:\n" + \
        "".join(f"  - {value}\n" for _, value in items)
    try:
        fast = fileformat._plain_yaml(text)
    except fileformat._Unusual:
        return  # the careful path reads it, as always
    assert fast == _careful(text)
    assert repr(fast) == repr(_careful(text))  # the same types too (1 and True are equal, not the same)


@pytest.mark.parametrize("text", [
    "a: &x 1\nb: *x\n", "a: !!str 1\n", "<<: {a: 1}\n", "a: 1\na: 2\n", "a: 1\n---\nb: 2\n", "- 1\n", "a: [1\n",
    "? [1]\n: 2\n", "a: 2026-13-45\n", "[" * 70 + "]" * 70, "", "a: !custom x\n",
])
def test_anything_unusual_takes_the_careful_path(text: str) -> None:
    with pytest.raises(fileformat._Unusual):
        fileformat._plain_yaml(text)


def test_a_generated_journey_file_reads_in_one_pass_as_before() -> None:
    from journeys.synthetic import synthetic_journey

    text = fileformat.dumps(synthetic_journey(2_000), "yaml")
    assert fileformat._plain_yaml(text) == _careful(text)


@pytest.mark.parametrize("umask", [0o022, 0o002, 0o077], ids=oct)
def test_saved_files_follow_the_umask(tmp_path: Path, umask: int) -> None:
    journey = Journey.model_validate(MINIMAL)
    old = os.umask(umask)
    try:
        assert fileformat._umask() == umask
        fileformat.save(journey, tmp_path / "j.yaml")
        fileformat.atomic_write(tmp_path / "script.md", b"# x\n")
        fileformat.save(journey, tmp_path / "j.yaml")  # replacing keeps the rule
    finally:
        os.umask(old)
    for name in ("j.yaml", "script.md"):
        assert (tmp_path / name).stat().st_mode & 0o777 == 0o666 & ~umask
