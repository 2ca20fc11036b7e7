"""A journey file that cannot be read says what is wrong in the reader's language: every check of the model
and every kind of broken file has a catalogue word, so a Chinese page, or the CLI under MOT_LANG=zh, names
the line, the touchpoint by its name, the field by its label and what was expected, in Chinese; the English
message (what `mot validate` prints) is unchanged."""

from __future__ import annotations

import ast
import copy
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError
from streamlit.testing.v1 import AppTest

from journeys.fileformat import JourneyFileError, Problem, loads, problems_from_validation
from journeys.model import Journey
from journeys.store import SqliteStore
from journeys.words import keys, t
from tests.test_app import new_from, ok
from tests.test_model import RULES, STANDARD, _append, _both, _set

Doc = dict[str, Any]
CJK = re.compile(r"[\u4e00-\u9fff]")
ROOT = Path(__file__).resolve().parent.parent

# The model's checks RULES does not reach: each breaks one, with the field path it is reported at.
MORE: list[tuple[str, Callable[[Doc], None], str]] = [
    ("NPS counts above n", _set("nps", {"score": 10, "n": 5, "promoters": 4, "detractors": 3}), "nps"),
    ("an address with both kinds", _set("actions", [{"id": "a", "title": "改", "addresses": [
        {"rule": "no-owner", "touchpoint": "greet"}]}]), "actions[0].addresses[0]"),
    ("an address with neither", _set("actions", [{"id": "a", "title": "改", "addresses": [
        {"dimension": "empathy"}]}]), "actions[0].addresses[0]"),
    ("an address naming no touchpoint", _set("actions", [{"id": "a", "title": "改", "addresses": [
        {"touchpoint": "exit"}]}]), "actions[0].addresses[0].touchpoint"),
    ("a recovery strategy twice", _set("touchpoints.0.recovery", {"plan": "致歉", "strategies": [
        "keep-promise", "keep-promise"]}), "touchpoints[0].recovery.strategies"),
    ("a moment twice", _set("touchpoints.0.moments", ["mot", "mot"]), "touchpoints[0].moments"),
    ("an answered expectation twice", _both(
        _set("touchpoints.0.expectations", [{"text": "有人招呼", "id": "hello"}]),
        _set("touchpoints.0.standards", [{**STANDARD, "answers": ["hello", "hello"]}])),
     "touchpoints[0].standards[0].answers"),
    ("a start naming no touchpoint", _set("start", ["exit"]), "start[0]"),
    ("a blank stage name", _set("stages.0.name", " "), "stages[0].name"),
    ("an edge to nowhere", _append("edges", {"from": "counter", "to": "exit"}), "edges[2].to"),
]
CASES = [(rule, breaks) for rule, breaks, _, _ in RULES] + [(rule, breaks) for rule, breaks, _ in MORE]


def _problems(doc: Doc, breaks: Callable[[Doc], None]) -> list[Problem]:
    breaks(doc)
    with pytest.raises(ValidationError) as caught:
        Journey.model_validate(doc)
    return problems_from_validation(caught.value, "x.yaml")


@pytest.mark.parametrize(("rule", "breaks"), CASES, ids=[c[0] for c in CASES])
def test_every_check_says_its_problem_in_chinese_and_keeps_its_english(
        doc: Doc, rule: str, breaks: Callable[[Doc], None]) -> None:
    for problem in _problems(doc, breaks):
        assert problem.key, (rule, problem)  # a catalogue word, not pydantic's English alone
        zh, en = problem.text("zh"), problem.text("en")
        assert CJK.search(zh) and zh != en, (rule, zh)
        assert not re.search(r"Input should|String should|Field required", zh), (rule, zh)


def test_every_word_of_the_model_is_used_by_a_check_a_case_reaches(doc: Doc) -> None:
    reached = {p.key for _, breaks in CASES for p in _problems(copy.deepcopy(doc), breaks)}
    assert set(keys("model.")) <= reached, set(keys("model.")) - reached


def test_the_model_raises_its_errors_only_through_catalogue_words() -> None:
    tree = ast.parse((ROOT / "journeys" / "model.py").read_text(encoding="utf-8"))
    forwarding = [f for f in tree.body if isinstance(f, ast.FunctionDef) and f.name in {"_custom", "_error"}]
    inside = {id(n) for f in forwarding for n in ast.walk(f)}
    calls = [node for node in ast.walk(tree) if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
             and id(node) not in inside]
    direct = [c.lineno for c in calls if c.func.id == "PydanticCustomError"]  # type: ignore[attr-defined]
    assert not direct  # only inside _custom, which takes its message from the catalogue
    words = [c.args[1] for c in calls if c.func.id == "_custom"] + [  # type: ignore[attr-defined]
        c.args[2] for c in calls if c.func.id == "_error"]  # type: ignore[attr-defined]
    assert len(words) >= 17
    for word in words:
        assert isinstance(word, ast.Constant) and word.value in set(keys("model.")), ast.unparse(word)


BROKEN_FILES: list[tuple[str, bytes, str]] = [  # (name, bytes, the word it is refused with)
    ("syntax.yaml", b"format: [\n", "file.read.yaml"),
    ("tag.yaml", b"x: !!python/object:os.system ls\n", "file.read.yaml_tag"),
    ("two.yaml", b"a: 1\n---\nb: 2\n", "file.read.several"),
    ("empty.yaml", b"  \n", "file.read.empty"),
    ("list.yaml", b"- a\n- b\n", "file.read.not_mapping"),
    ("twice.yaml", b"id: a\nid: b\n", "file.read.duplicate_key"),
    ("nul.yaml", b"id: a\x00\n", "file.read.nul"),
    ("binary.yaml", b"\xff\xfe\x00", "file.read.not_utf8"),
    ("deep.yaml", b"a: " + b"[" * 70 + b"]" * 70 + b"\n", "file.read.too_deep"),
    ("loop.yaml", b"a: &a [x]\nb: *a\nc: &c [*c]\n", "file.read.recursive"),
    ("syntax.json", b'{"id": }', "file.read.json"),
    ("nan.json", b'{"id": NaN}', "file.read.constant"),
    ("twice.json", b'{"id": "a", "id": "b"}', "file.read.duplicate_json_key"),
]


@pytest.mark.parametrize(("name", "data", "word"), BROKEN_FILES, ids=[b[0] for b in BROKEN_FILES])
def test_a_broken_file_is_refused_with_a_word_in_either_language(name: str, data: bytes, word: str) -> None:
    with pytest.raises(JourneyFileError) as caught:
        loads(data, "json" if name.endswith(".json") else "yaml", name=name)
    (problem,) = caught.value.problems
    assert problem.key == word, problem
    assert problem.message == problem.text("en")  # the English is the message, word for word
    zh = caught.value.messages("zh")[0]
    assert zh.startswith(name) and CJK.search(zh), zh


BAD = """\
format: mot-journey/1
id: visit
title: 营业厅办理
stages: [{id: arrive, name: 到达}]
touchpoints:
  - id: greet
    stage: arrive
    name: 迎宾问候
    emotion: {expected: 4, perceived: 7}
    ownr: 经理
"""


def test_a_bad_file_names_the_line_the_touchpoint_and_the_field() -> None:
    with pytest.raises(JourneyFileError) as caught:
        loads(BAD, name="营业厅.yaml")
    assert caught.value.messages("zh") == [
        "营业厅.yaml 第 9 行：接触点「迎宾问候」的感知得分：不能大于 5（实际为 7）",
        "营业厅.yaml 第 10 行：接触点「迎宾问候」的ownr：未知字段，是不是“owner”？",
    ]
    assert caught.value.messages("en")[0] == \
        "营业厅.yaml, line 9: Touchpoint “迎宾问候”, Perceived score: must be at most 5 (found 7)"
    # What `mot validate` prints in English is what it always printed.
    assert str(caught.value.problems[0]) == \
        "营业厅.yaml:9: touchpoints[0].emotion.perceived: Input should be less than or equal to 5 (found 7)"
    assert caught.value.problems[0].located("zh") == \
        "营业厅.yaml:9: touchpoints[0].emotion.perceived: 不能大于 5（实际为 7）"


def test_the_journeys_page_shows_an_upload_s_problems_in_chinese(
        new_app: Callable[..., AppTest], store_path: Path) -> None:
    at = new_from(new_app("zh"), "import")
    at.get("file_uploader")[0].upload("营业厅.yaml", BAD.encode(), "application/yaml")
    at.run()
    at.button(key="upload_import").click().run()
    shown = re.sub(r"\\(.)", r"\1", "\n".join(e.value for e in ok(at).error))  # as the page reads
    assert t("journeys.import.invalid", "zh") in shown
    assert "营业厅.yaml 第 9 行：接触点「迎宾问候」的感知得分：不能大于 5（实际为 7）" in shown
    assert "Input should" not in shown and "touchpoints[" not in shown
    assert not SqliteStore(store_path).list_journeys()  # nothing imported


def test_an_unknown_field_says_which_known_one_it_is_close_to() -> None:
    text = BAD.replace("ownr: 经理", "ownr: 经理\n    zzzz: 1") + "edges: [{from: greet, too: greet}]\n"
    with pytest.raises(JourneyFileError) as caught:
        loads(text, name="v.yaml")
    said = {p.path: p for p in caught.value.problems}
    assert said["touchpoints[0].ownr"].message == "unknown field (did you mean 'owner'?)"
    assert said["touchpoints[0].ownr"].text("zh") == "未知字段，是不是“owner”？"
    assert said["edges[0].too"].message == "unknown field (did you mean 'to'?)"  # the alias, as a file spells it
    assert said["touchpoints[0].zzzz"].message == \
        "unknown field (check its spelling against the mot-journey/1 format)"  # nothing close: no guess


def test_a_file_wrong_everywhere_lists_its_first_problems_and_counts_the_rest(
        new_app: Callable[..., AppTest]) -> None:
    from components.ui import SHOWN_PROBLEMS
    from journeys import fileformat
    from journeys.synthetic import synthetic_journey

    broken = fileformat.dumps(synthetic_journey(120), "yaml").replace("\n  owner: ", "\n  ownr: ")
    at = new_from(new_app("zh"), "import")
    at.get("file_uploader")[0].upload("broken.yaml", broken.encode(), "application/yaml")
    at.run()
    at.button(key="upload_import").click().run()
    (shown,) = [e.value for e in ok(at).error]
    items = [line for line in shown.splitlines() if line.startswith("- ")]
    total = broken.count("\n  ownr: ")
    assert total > SHOWN_PROBLEMS
    assert len(items) == SHOWN_PROBLEMS + 1 and items[-1] == f"- ……另有 {total - SHOWN_PROBLEMS} 个问题"


def test_the_document_s_own_fields_are_named_by_their_labels() -> None:
    text = BAD.replace("    ownr: 经理\n", "") + "nps: {score: 300}\nactions: [{id: a, title: 改, status: later}]\n"
    with pytest.raises(JourneyFileError) as caught:
        loads(text.replace("format: mot-journey/1", "format: mot-journey/2"), name="v.yaml")
    zh = caught.value.messages("zh")
    assert "v.yaml 第 1 行：格式：不支持的格式“mot-journey/2”：本版本读取“mot-journey/1”" in zh  # its value once
    assert "v.yaml 第 10 行：净推荐值得分：不能大于 100（实际为 300）" in zh
    assert any(m.startswith("v.yaml 第 11 行：改进行动状态（第 1 条）：应为以下之一：") for m in zh), zh
    with pytest.raises(JourneyFileError) as caught:
        loads(BAD.replace("stages: [{id: arrive, name: 到达}]", "stages: []"), name="v.yaml")
    assert caught.value.messages("en")[0] == "v.yaml, line 4: Stages: must hold 1 or more items"
