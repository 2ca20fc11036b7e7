"""Mermaid journey diagrams: export, import, round trips, safe labels and line-numbered errors."""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exports.mermaid import MermaidError, from_mermaid, safe_label, score_of, to_mermaid
from journeys.catalog import list_templates, load_template
from journeys.graph import display_order
from journeys.model import Journey

from .strategies import journeys

TEMPLATES = sorted({(t.id, t.locale) for t in list_templates()})


def sections_of(journey: Journey) -> list[tuple[str, list[str], list[int]]]:
    """(stage name, touchpoint names, scores) per stage, touchpoints in display order."""
    order = [journey.touchpoint(n) for n in display_order(journey)]
    return [(stage.name, [tp.name for tp in order if tp.stage == stage.id],
             [score_of(tp) for tp in order if tp.stage == stage.id]) for stage in journey.stages]


def written(journey: Journey) -> list[tuple[str, list[str], list[int]]]:
    """What the diagram should show: the same, with every label made safe."""
    return [(safe_label(name), [safe_label(n, task=True) for n in names], scores)
            for name, names, scores in sections_of(journey)]


def make(stage_names: list[str], tasks: list[tuple[int, str, float | None, str | None]]) -> Journey:
    return Journey.model_validate({
        "format": "mot-journey/1", "id": "j", "title": "标题: #1",
        "stages": [{"id": f"s{i}", "name": n} for i, n in enumerate(stage_names)],
        "touchpoints": [{"id": f"t{i}", "stage": f"s{stage}", "name": name, "owner": owner,
                         "emotion": {"perceived": score} if score is not None else None}
                        for i, (stage, name, score, owner) in enumerate(tasks)],
    })


def test_business_hall_export() -> None:
    text = to_mermaid(load_template("business-hall", "zh-CN"))
    lines = text.splitlines()
    assert lines[0] == "journey"
    assert lines[1].startswith("  title ")
    assert text.endswith("\n")
    assert "  section 到达" in lines
    assert any(line.startswith("    迎宾问候与分流: 4: ") for line in lines)


@pytest.mark.parametrize(("template", "locale"), TEMPLATES)
def test_template_round_trip(template: str, locale: str) -> None:
    journey = load_template(template, locale)
    text = to_mermaid(journey, locale)
    assert to_mermaid(journey, locale) == text, "export is deterministic"
    back = from_mermaid(text)
    assert sections_of(back) == written(journey)
    assert back.title == safe_label(journey.title)
    assert back.locale == ("zh-CN" if locale.startswith("zh") else "en")
    owners = {tp.name: tp.owner for tp in back.touchpoints}
    for tp in journey.touchpoints:
        expected = safe_label(tp.owner or "", actor=True) or safe_label(tp.backup or "", actor=True) or None
        assert owners[safe_label(tp.name, task=True)] == expected
    # A second pass changes nothing.
    assert to_mermaid(back, locale) == text


def test_scores_round_half_up_and_default_to_3() -> None:
    journey = make(["S"], [(0, "a", 2.5, None), (0, "b", 3.49, None), (0, "c", None, None), (0, "d", 1.0, None)])
    lines = to_mermaid(journey).splitlines()
    assert lines[-4:] == ["    a: 3", "    b: 3", "    c: 3", "    d: 1"]


@pytest.mark.parametrize("label", [
    "到达: 门口", "#1 窗口", "a;b", "line one\nline two", "x\r\ny", "Lee, Wang", "😀 wow", "\u200f右到左",
    "50%% off", "%%not a comment", "title deed check", "Section manager greets", "journeyman", "accDescr {x}",
    "accTitle: x", "  spaced  ", "\u2028sep\u2029", "end;", "{}", "---",
])
def test_labels_never_break_the_structure(label: str) -> None:
    journey = make([label, "第二 " + label], [(0, label, 4, label), (1, label + "!", 2, None), (1, "普通", 5, "A")])
    journey.touchpoints[1].backup = label
    text = to_mermaid(journey, "zh")
    body = text.splitlines()[2:]
    assert sum(line.startswith("  section ") for line in body) == 2
    assert sum(line.startswith("    ") for line in body) == 3
    assert len(text.splitlines()) == 7
    back = from_mermaid(text)
    assert sections_of(back) == written(journey)
    assert [tp.owner for tp in back.touchpoints] == [safe_label(label, actor=True) or None,
                                                     safe_label(label, actor=True) or None, "A"]
    assert back.title == "标题： ＃1"


def test_safe_label_uses_full_width_forms() -> None:
    assert safe_label("a:b#c;d\ne") == "a：b＃c；d e"
    assert safe_label("x, y", actor=True) == "x， y"
    assert safe_label("x, y") == "x, y"
    assert safe_label("title x", task=True) == "ｔitle x"
    assert safe_label("title x") == "title x"
    assert safe_label("titles", task=True) == "titles"
    assert safe_label("\u200f右") == "\u200f右"


def test_blank_labels_get_a_stand_in() -> None:
    journey = make(["\x00"], [(0, "\x01", 4, "\x02")])
    journey.title = "\x03"
    assert to_mermaid(journey, "en").splitlines() == [
        "journey", "  title Journey", "  section Stage", "    Touchpoint: 4"]
    assert to_mermaid(journey, "zh").splitlines()[1:] == ["  title 旅程", "  section 环节", "    接触点: 4"]


def test_import_builds_stages_touchpoints_and_edges() -> None:
    text = """%% a comment
journey
  title 营业厅: 办理
  迎宾: 4: 值班经理, 营业员
  section 到达
    取号: 2
  section 到达
    等候: 1: 引导员
"""
    # "营业厅: 办理" is a title (Mermaid allows ':' there).
    journey = from_mermaid(text, name="x.mmd")
    assert journey.title == "营业厅: 办理"
    assert journey.locale == "zh-CN"
    assert [s.name for s in journey.stages] == ["营业厅: 办理", "到达", "到达"]
    assert len({s.id for s in journey.stages}) == 3
    assert [(tp.name, tp.perceived, tp.owner) for tp in journey.touchpoints] == [
        ("迎宾", 4, "值班经理"), ("取号", 2, None), ("等候", 1, "引导员")]
    assert [tp.stage for tp in journey.touchpoints] == [s.id for s in journey.stages]
    assert [(e.source, e.target) for e in journey.edges] == [
        (journey.touchpoints[0].id, journey.touchpoints[1].id), (journey.touchpoints[1].id, journey.touchpoints[2].id)]


def test_import_locale_and_defaults() -> None:
    journey = from_mermaid("journey\n  Make tea: 5: Me\n")
    assert journey.locale == "en"
    assert journey.title == "Journey"
    assert [s.name for s in journey.stages] == ["Journey"]
    assert from_mermaid("journey\n  Make tea: 5\n", locale="en-GB").locale == "en-GB"
    assert from_mermaid("journey\n  泡茶: 5\n").title == "旅程"
    front = "---\ntitle: x\n---\nJOURNEY\n  accTitle: t\n  accDescr {\n   hi\n  }\n  Tea: 3\n"
    assert [tp.name for tp in from_mermaid(front).touchpoints] == ["Tea"]


@pytest.mark.parametrize(("text", "lines", "words"), [
    ("", [1], "empty"),
    ("\n  \n%% only a comment\n", [1], "empty"),
    ("graph TD\n  a: 3\n", [1], "header"),
    ("journey\n  title T\n  section S\n", [1], "no tasks"),
    ("journey\n  section S\n  泡茶:\n  取号: 3\n", [3], "no score"),
    ("journey\n  a: 0\n  b: 6\n  c: 2.5\n  d: five\n  e: 3\n", [2, 3, 4, 5], "whole number"),
    ("journey\n  a: 3\n  click here\n", [3], "unknown statement"),
    ("journey\n  a: 3\n  journey\n", [3], "only once"),
    ("journey\n  section\n  a: 3\n", [2], "section needs a name"),
    ("journey\n  : 3\n", [2], "needs a name"),
])
def test_errors_name_every_bad_line(text: str, lines: list[int], words: str) -> None:
    with pytest.raises(MermaidError) as caught:
        from_mermaid(text, name="bad.mmd")
    problems = caught.value.problems
    assert [p.line for p in problems] == lines
    assert all(p.file == "bad.mmd" for p in problems)
    assert words in problems[0].message
    assert isinstance(caught.value, ValueError)
    assert f"bad.mmd:{lines[0]}" in str(caught.value)


def test_missing_header_and_other_errors_together() -> None:
    with pytest.raises(MermaidError) as caught:
        from_mermaid("  title T\n  a: 9\n  b: 4\n")
    assert [p.line for p in caught.value.problems] == [1, 2]


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(journeys)
def test_any_journey_round_trips(journey: Journey) -> None:
    text = to_mermaid(journey, "zh")
    if not journey.touchpoints:
        with pytest.raises(MermaidError):
            from_mermaid(text)
        return
    back = from_mermaid(text)
    expected = [(safe_label(name) or "环节", [safe_label(n, task=True) or "接触点" for n in names], scores)
                for name, names, scores in sections_of(journey)]
    assert sections_of(back) == expected
    assert len(back.touchpoints) == len(journey.touchpoints)
    assert len(back.stages) == len(journey.stages)
    assert to_mermaid(back, "zh") == text


# --- Mermaid's own parser ------------------------------------------------------------------------------
# Streamlit ships Mermaid; its journey grammar (a jison parser) is cut out of the bundle and run with node,
# with a recording ``yy`` in place of Mermaid's journey database. Skipped when either is missing.

_HARNESS = r"""
const p = require(process.argv[2]);
const texts = JSON.parse(require('fs').readFileSync(0, 'utf8'));
const out = texts.map((text) => {
  const r = {title: null, sections: [], tasks: []};
  let section = null;
  p.yy = {
    setDiagramTitle: (t) => { r.title = t; }, setAccTitle() {}, setAccDescription() {},
    addSection: (s) => { section = s; r.sections.push(s); },
    addTask: (name, data) => {  // as Mermaid's journeyDb.addTask reads the task data
      const n = data.substr(1).split(':');
      const people = n.length === 1 ? [] : n[1].split(',').map((e) => e.trim());
      r.tasks.push({section, task: name, score: Number(n[0]), people});
    },
    parseError: (m) => { throw new Error(m); },
  };
  try { p.parse(text); } catch (e) { return {error: String(e.message)}; }
  return r;
});
process.stdout.write(JSON.stringify(out));
"""


@pytest.fixture(scope="module")
def mermaid_parse(tmp_path_factory: pytest.TempPathFactory) -> Callable[[list[str]], list[dict[str, Any]]]:
    node = shutil.which("node")
    spec = importlib.util.find_spec("streamlit")
    origin = spec.origin if spec else None
    bundles = sorted((Path(origin).parent / "static").rglob("journeyDiagram-*.js")) if origin else []
    # Node ships with this project's machines and Streamlit is pinned: a missing piece is a real failure.
    assert node is not None, "node is needed to run Mermaid's own parser (Debian: apt-get install nodejs)"
    assert bundles, "Streamlit's Mermaid journey bundle was not found under streamlit/static"
    source = bundles[0].read_text(encoding="utf-8")
    parser = re.search(r"var (\w+)=\(function\(\)\{.*?\}\)\(\);\1\.parser=\1;", source, re.S)
    helper = re.search(r"trace:(\w+)\(function\(\)\{\},`trace`\)", source)
    assert parser is not None and helper is not None, "the Mermaid journey parser was not found in the bundle"
    folder = tmp_path_factory.mktemp("mermaid")
    (folder / "parser.js").write_text(
        f"const {helper.group(1)}=(f)=>f;\n{parser.group(0)}\nmodule.exports={parser.group(1)};\n", encoding="utf-8")
    (folder / "harness.js").write_text(_HARNESS, encoding="utf-8")

    def parse(texts: list[str]) -> list[dict[str, Any]]:
        done = subprocess.run([node, str(folder / "harness.js"), str(folder / "parser.js")],
                              input=json.dumps(texts), capture_output=True, text=True, check=True, timeout=120)
        return json.loads(done.stdout)

    return parse


def mermaid_view(journey: Journey, lang: str) -> dict[str, Any]:
    """What Mermaid should read from ``to_mermaid(journey, lang)``."""
    zh = lang.startswith("zh")
    names = {s.id: safe_label(s.name) or ("环节" if zh else "Stage") for s in journey.stages}
    order = [journey.touchpoint(n) for n in display_order(journey)]
    tasks = []
    for stage in journey.stages:
        for tp in (tp for tp in order if tp.stage == stage.id):
            actor = safe_label(tp.owner or "", actor=True) or safe_label(tp.backup or "", actor=True)
            tasks.append({"section": names[stage.id], "task": safe_label(tp.name, task=True) or ("接触点" if zh else
                          "Touchpoint"), "score": score_of(tp), "people": [actor] if actor else []})
    return {"title": safe_label(journey.title) or ("旅程" if zh else "Journey"),
            "sections": [names[s.id] for s in journey.stages], "tasks": tasks}


def test_mermaid_reads_every_template_as_exported(mermaid_parse: Callable[..., list[dict[str, Any]]]) -> None:
    journeys_ = [(load_template(t, locale), locale) for t, locale in TEMPLATES]
    results = mermaid_parse([to_mermaid(j, locale) for j, locale in journeys_])
    assert results == [mermaid_view(j, locale) for j, locale in journeys_]


_KEYWORDS = ["journey", "Journey ", "title ", "TITLE\u3000", "section ", "accTitle", "accDescr", "accDescr {",
             "%", "%%", "#", ";", ":", "{", "}", "\n", "\r", " ", "\ufeff", "\u200f", ",", "-", "K", "ſ", "😀", "迎宾"]
_names = st.lists(st.sampled_from(_KEYWORDS) | st.text(max_size=3), min_size=1, max_size=5).map("".join).filter(
    lambda s: s.strip() != "")


def test_mermaid_reads_tricky_labels_as_exported(mermaid_parse: Callable[..., list[dict[str, Any]]]) -> None:
    # Labels built from everything Mermaid's lexer treats specially; one node run for the whole batch.
    batch: list[Journey] = []

    @settings(max_examples=300, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(journeys, st.lists(_names, min_size=12, max_size=12))
    def collect(journey: Journey, names: list[str]) -> None:
        for i, tp in enumerate(journey.touchpoints):
            tp.name, tp.owner = names[i], names[-1 - i]
        journey.stages[0].name, journey.title = names[9], names[10]
        batch.append(journey)

    collect()
    results = mermaid_parse([to_mermaid(j, "en") for j in batch])
    for journey, result in zip(batch, results, strict=True):
        assert result == mermaid_view(journey, "en")
        if result["tasks"]:
            back = from_mermaid(to_mermaid(journey, "en"))
            assert [tp.name for tp in back.touchpoints] == [t["task"] for t in result["tasks"]]
            assert [tp.owner for tp in back.touchpoints] == [(t["people"] or [None])[0] for t in result["tasks"]]
