"""Mermaid journey diagrams: export, import, round trips, safe labels, line-numbered errors, and the exports
as Mermaid itself draws them."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exports.mermaid import MermaidError, decode_label, from_mermaid, safe_label, score_of, shown_label, to_mermaid
from journeys.catalog import list_templates, load_template
from journeys.graph import display_order
from journeys.model import Journey, Touchpoint
from journeys.words import t as word

from .strategies import journeys, path_journey_docs, score

TEMPLATES = sorted({(t.id, t.locale) for t in list_templates()})


def sections_of(journey: Journey) -> list[tuple[str, list[str], list[int]]]:
    """(stage name, touchpoint names, scores) per stage, touchpoints in display order."""
    order = [journey.touchpoint(n) for n in display_order(journey)]
    return [(stage.name, [tp.name for tp in order if tp.stage == stage.id],
             [score_of(tp) for tp in order if tp.stage == stage.id]) for stage in journey.stages]


def written(journey: Journey) -> list[tuple[str, list[str], list[int]]]:
    """What the diagram should show and an import read back: the same, line breaks as spaces."""
    return [(shown_label(name), [shown_label(n) for n in names], scores)
            for name, names, scores in sections_of(journey)]


def actor_of(tp: Touchpoint) -> str | None:
    """The actor an export names: the owner, else the backup (as shown), else none."""
    for person in (tp.owner, tp.backup):
        if person and shown_label(person).strip():
            return shown_label(person)
    return None


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
    assert lines[1].startswith("  %% ")
    assert lines[2].startswith("  title ")
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
    assert back.title == journey.title
    assert back.locale == ("zh-CN" if locale.startswith("zh") else "en")
    owners = {tp.name: tp.owner for tp in back.touchpoints}
    for tp in journey.touchpoints:
        assert owners[shown_label(tp.name)] == actor_of(tp)
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
    statements = [line for line in text.splitlines() if not line.startswith("  %%")]
    body = statements[2:]
    assert sum(line.startswith("  section ") for line in body) == 2
    assert sum(line.startswith("    ") for line in body) == 3
    assert len(statements) == 7
    back = from_mermaid(text)
    assert sections_of(back) == written(journey)
    assert [tp.owner for tp in back.touchpoints] == [actor_of(tp) for tp in journey.touchpoints]
    assert back.title == "标题: #1"


def test_safe_label_uses_entity_codes() -> None:
    assert safe_label("a:b#c;d\ne") == "a#58;b#35;c#59;d e"
    assert safe_label("x, y", actor=True) == "x#44; y"
    assert safe_label("x, y") == "x, y"
    assert safe_label("50%% & <b>") == "50#37;#37; #38; #60;b#62;"
    assert safe_label("title x", task=True) == "#116;itle x"
    assert safe_label("title x") == "title x"
    assert safe_label("titles", task=True) == "titles"
    assert safe_label("\u200f右") == "\u200f右"
    assert safe_label("  \n ") == ""
    assert safe_label("\u3000a ") == "#12288;a#32;"
    assert decode_label(safe_label("x: #1; 50%% & <b>, " * 3, actor=True)) == "x: #1; 50%% & <b>, " * 3
    # Codes Mermaid would not draw as a character stay as written.
    assert decode_label("#0; #55296; #nosuch; #; #x1F600;") == "#0; #55296; #nosuch; #; #x1F600;"
    assert decode_label("#amp; #lt;b#gt; #128512;") == "& <b> 😀"


def test_scores_are_said_to_be_rounded_in_the_export_language() -> None:
    journey = make(["S"], [(0, "a", 3.2, None)])
    for lang in ("zh", "en"):
        lines = to_mermaid(journey, lang).splitlines()
        assert lines[1] == f"  %% {word('mermaid.rounded', lang)}"
        assert lines[-1] == "    a: 3"
    assert "整数" in to_mermaid(journey, "zh") and "whole numbers" in to_mermaid(journey, "en")
    assert from_mermaid(to_mermaid(journey, "en")).touchpoints[0].perceived == 3


def test_older_exports_with_full_width_stand_ins_still_import() -> None:
    # Written before names kept their characters: "：" "＃" "；" "，" and a full-width first letter are read as
    # they are (Chinese text types "：" itself, so a stand-in cannot be told from a name).
    old = ("journey\n  title 标题： ＃1\n  section 到达： 门口\n    ｔitle check： ＃1: 4: Lee， Wang\n"
           "    50%％ off； http：//x.org: 2\n")
    journey = from_mermaid(old)
    assert journey.title == "标题： ＃1"
    assert [s.name for s in journey.stages] == ["到达： 门口"]
    assert [(tp.name, tp.perceived, tp.owner) for tp in journey.touchpoints] == [
        ("ｔitle check： ＃1", 4, "Lee， Wang"), ("50%％ off； http：//x.org", 2, None)]


def test_blank_labels_get_a_stand_in() -> None:
    journey = make(["\x00"], [(0, "\x01", 4, "\x02")])
    journey.title = "\x03"
    assert to_mermaid(journey, "en").splitlines() == [
        "journey", f"  %% {word('mermaid.rounded', 'en')}", "  title Journey", "  section Stage", "    Touchpoint: 4"]
    assert to_mermaid(journey, "zh").splitlines()[2:] == ["  title 旅程", "  section 环节", "    接触点: 4"]


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
    chinese = caught.value.messages("zh")  # the app's words: each line numbered, in either language
    assert [m.partition("：")[0] for m in chinese] == [f"第 {n} 行" for n in lines]
    assert not re.search(r"\b(line|the|expected|must|needs|unknown|empty|tasks?|score)\b", " ".join(chinese))
    assert caught.value.messages("en") == [f"line {p.line}: {p.message}" for p in problems]


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
    expected = [(shown_label(name) if name.strip() and shown_label(name).strip() else "环节",
                 [shown_label(n) if shown_label(n).strip() else "接触点" for n in names], scores)
                for name, names, scores in sections_of(journey)]
    assert sections_of(back) == expected
    assert len(back.touchpoints) == len(journey.touchpoints)
    assert len(back.stages) == len(journey.stages)
    assert to_mermaid(back, "zh") == text


# Names people type that Mermaid's grammar or its label sanitiser would read as something else.
AWKWARD = [":", ";", "#", ",", "&", "<b>", "</b>", "a<c", ">", "%%", "%", "http://x.org/a?b=1&c=2#top", "#58;",
           "&amp;", "营业厅", "迎宾：分流", "😀", "👩‍👩‍👧", "title ", "section ", "journey",
           "accDescr {", " ", "\u3000", "'", '"', "\\", "{", "}", "-", "K", "ſ"]
# Noncharacters (U+FDD0–U+FDEF, U+xFFFE/U+xFFFF) are among the few the README says become a space.
NONCHARACTERS = "".join(map(chr, range(0xFDD0, 0xFDF0))) + "".join(
    chr(plane + end) for plane in range(0, 0x110000, 0x10000) for end in (0xFFFE, 0xFFFF))
awkward_names = st.lists(st.sampled_from(AWKWARD) | st.text(st.characters(
    exclude_categories=("Cs", "Cc", "Zl", "Zp"), exclude_characters="\ufeff" + NONCHARACTERS), max_size=3),
    min_size=1, max_size=6
).map("".join).filter(lambda s: s.strip() != "")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=awkward_names, stage=awkward_names, names=st.lists(awkward_names, min_size=1, max_size=4),
       owner=st.none() | awkward_names)
def test_awkward_names_round_trip_exactly(title: str, stage: str, names: list[str], owner: str | None) -> None:
    journey = make([stage], [(0, name, 4, owner) for name in names])
    journey.title = title
    text = to_mermaid(journey, "en")
    assert len([line for line in text.splitlines() if not line.startswith("  %%")]) == 3 + len(names), \
        "one statement a line"
    back = from_mermaid(text)
    assert back.title == title
    assert [s.name for s in back.stages] == [stage]
    assert [tp.name for tp in back.touchpoints] == names
    assert [tp.owner for tp in back.touchpoints] == [owner] * len(names)
    assert to_mermaid(back, "en") == text


def test_a_url_and_markup_keep_their_characters() -> None:
    journey = make(["到达: 门口"], [(0, "扫码 http://x.org/a#b; 50%% <b>", 3.2, "Lee, Wang")])
    journey.title = "A & B <i>"
    text = to_mermaid(journey, "en")
    assert "：" not in text and "＃" not in text and "&amp;" not in text
    assert "http#58;//x.org/a#35;b#59;" in text
    assert text.splitlines()[1] == '  %%{init: {"journey": {"maxLabelWidth": 100000}}}%%', "a coded actor name"
    back = from_mermaid(text)
    assert back.title == "A & B <i>"
    assert back.touchpoints[0].name == "扫码 http://x.org/a#b; 50%% <b>"
    assert back.touchpoints[0].owner == "Lee, Wang"


# --- Mermaid itself ------------------------------------------------------------------------------------
# Mermaid's own CLI (tests/mermaid, pinned; ./dev test installs it) renders the exports in Debian's Chromium.
# Its journey grammar is permissive (a bad score draws NaN, a task named like a keyword becomes that keyword's
# statement), so each SVG is read back: the title, and every task with its section, score (the face's
# height) and actors.

MERMAID = Path(__file__).parent / "mermaid"
MMDC = MERMAID / "node_modules" / ".bin" / "mmdc"
_SVG, _XHTML = "{http://www.w3.org/2000/svg}", "{http://www.w3.org/1999/xhtml}"
# mmdc's Markdown reader ends a block at the first line that ends in three backticks or colons.
_FENCE = re.compile(r"[`:]{3}[^\S\n]*$", re.M)
# XML 1.0 has no U+FFFE/U+FFFF: Chromium writes them into the SVG as they are, so they are read as U+FFFD.
_XML_SAFE = str.maketrans({0xFFFE: "\ufffd", 0xFFFF: "\ufffd"})


def _mmdc(source: Path, output: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(MMDC), "-q", "-p", str(MERMAID / "puppeteer.json"), "-i", str(source),
                           "-o", str(output)], capture_output=True, text=True, timeout=600, check=False)


def _failed(done: subprocess.CompletedProcess[str]) -> bool:
    return done.returncode != 0 or "Parse error" in done.stderr


def _message(done: subprocess.CompletedProcess[str]) -> str:
    """mmdc's error without the JavaScript stack."""
    lines = done.stderr.splitlines()
    stack = next((n for n, line in enumerate(lines) if re.search(r"^\s+at |\(\S+:\d+:\d+\)$", line)), len(lines))
    return "\n".join(lines[:stack]).strip() or f"mmdc exited with {done.returncode}"


@pytest.fixture(scope="session")
def mermaid_render(tmp_path_factory: pytest.TempPathFactory) -> Callable[[list[str]], list[str]]:
    """Render diagrams with Mermaid's CLI, in one run: ``render(texts)`` gives each diagram's SVG."""
    if shutil.which("node") is None or not MMDC.exists():
        pytest.fail(f"Mermaid's CLI is not installed in {MERMAID}: run ./dev test (it installs Node.js and "
                    "the pinned @mermaid-js/mermaid-cli, then runs the tests)", pytrace=False)

    def render(texts: list[str]) -> list[str]:
        folder = tmp_path_factory.mktemp("mermaid")

        def alone(i: int) -> Path:
            (folder / f"alone-{i}.mmd").write_text(texts[i], encoding="utf-8")
            done = _mmdc(folder / f"alone-{i}.mmd", folder / f"alone-{i}.svg")
            if _failed(done):
                pytest.fail(f"Mermaid rejects diagram {i + 1} of {len(texts)}:\n{_message(done)}\n\n"
                            f"The diagram:\n{texts[i]}", pytrace=False)
            return folder / f"alone-{i}.svg"

        # The diagrams go into one Markdown file as blocks, for one browser; a diagram that would end its
        # block early is rendered on its own.
        batch = [i for i, text in enumerate(texts) if not _FENCE.search(text)]
        (folder / "all.md").write_text("".join(f"```mermaid\n{texts[i]}```\n\n" for i in batch), encoding="utf-8")
        done = _mmdc(folder / "all.md", folder / "out.md")
        pictures = {i: folder / f"out-{n}.svg" for n, i in enumerate(batch, 1)}
        pictures.update((i, alone(i)) for i in range(len(texts)) if i not in pictures)
        if _failed(done) or not all(path.exists() for path in pictures.values()):
            # The first invalid block stops the run (blocks are drawn in order): the culprit is the first
            # one left without a picture, which fails on its own too.
            for i in batch:
                if not pictures[i].exists():
                    alone(i)
            pytest.fail(f"mmdc failed, though every diagram renders on its own:\n{done.stderr}", pytrace=False)
        return [pictures[i].read_text(encoding="utf-8") for i in range(len(texts))]

    return render


def svg_view(svg: str) -> dict[str, Any]:
    """What a journey SVG drawn by Mermaid shows: its title and its tasks, in order."""
    root = ElementTree.fromstring(svg.translate(_XML_SAFE))
    nan = sorted({el.tag for el in root.iter() if any("NaN" in value for value in el.attrib.values())})
    assert not nan, f"Mermaid drew NaN in {nan}"
    title = [el.text for el in root.iter(f"{_SVG}text") if el.get("font-weight") == "bold"]
    tasks, section = [], None
    for group in root.iter(f"{_SVG}g"):
        box = group.find(f"{_SVG}switch/{_SVG}foreignObject/{_XHTML}div")
        if box is None:
            continue
        label = "".join(box.itertext())
        if "journey-section" in box.get("class", ""):
            section = label
        elif box.get("class") == "task":
            face = group.find(f"{_SVG}circle[@class='face']")
            assert face is not None, f"task {label!r} has no face"
            tasks.append({"section": section, "task": label, "score": 5 - (float(face.get("cy", "")) - 300) / 30,
                          "people": [el.text for el in group.iterfind(f"{_SVG}circle/{_SVG}title")]})
    return {"title": title[0] if len(title) == 1 else title, "tasks": tasks}


def mermaid_view(journey: Journey, lang: str) -> dict[str, Any]:
    """What Mermaid should draw from ``to_mermaid(journey, lang)``."""
    zh = lang.startswith("zh")

    def shown(label: str, fallback: str) -> str:
        drawn = shown_label(label) if shown_label(label).strip() else fallback
        return drawn.translate(_XML_SAFE)

    names = {s.id: shown(s.name, "环节" if zh else "Stage") for s in journey.stages}
    order = [journey.touchpoint(n) for n in display_order(journey)]
    tasks = []
    for stage in journey.stages:
        for tp in (tp for tp in order if tp.stage == stage.id):
            actor = actor_of(tp)
            tasks.append({"section": names[stage.id], "task": shown(tp.name, "接触点" if zh else "Touchpoint"),
                          "score": score_of(tp), "people": [shown(actor, "")] if actor else []})
    return {"title": shown(journey.title, "旅程" if zh else "Journey"), "tasks": tasks}


def test_mermaid_draws_every_template_as_exported(mermaid_render: Callable[[list[str]], list[str]]) -> None:
    journeys_ = [(load_template(t, locale), locale) for t, locale in TEMPLATES]
    svgs = mermaid_render([to_mermaid(j, locale) for j, locale in journeys_])
    for (journey, locale), svg in zip(journeys_, svgs, strict=True):
        assert svg_view(svg) == mermaid_view(journey, locale), journey.id


_KEYWORDS = ["journey", "Journey ", "title ", "TITLE\u3000", "section ", "accTitle", "accDescr", "accDescr {",
             "%", "%%", "#", ";", ":", "{", "}", "\n", "\r", " ", "\ufeff", "\u200f", ",", "-", "K", "ſ", "😀", "迎宾",
             "&", "<", "<b>", "a<c", ">", "#58;", "&amp;", "http://x.org/#a"]
_names = st.lists(st.sampled_from(_KEYWORDS) | st.text(max_size=3), min_size=1, max_size=5).map("".join).filter(
    lambda s: s.strip() != "")


@st.composite
def tricky_journeys(draw: st.DrawFn) -> Journey:
    """Journeys shaped like real ones, every title, stage, touchpoint and actor name built from _names."""
    doc = draw(path_journey_docs(max_touchpoints=12))
    doc["title"] = draw(_names)
    for stage in doc["stages"]:
        stage["name"] = draw(_names)
    for tp in doc["touchpoints"]:
        tp["name"], tp["owner"], tp["backup"] = draw(_names), draw(st.none() | _names), draw(_names)
        tp["emotion"] = {"perceived": draw(st.none() | score)}
    return Journey.model_validate(doc)


def side_by_side(batch: list[Journey]) -> Journey:
    """One journey holding every journey of ``batch`` (ids prefixed), titled as the first."""
    docs = [j.model_dump(mode="json", by_alias=True, exclude_none=True) for j in batch]
    starts = [f"j{k}-{t}" for k, doc in enumerate(docs) for t in doc.get("start", [])]
    return Journey.model_validate({
        **docs[0], "start": starts or None,
        "stages": [{**s, "id": f"j{k}-{s['id']}"} for k, doc in enumerate(docs) for s in doc["stages"]],
        "touchpoints": [{**tp, "id": f"j{k}-{tp['id']}", "stage": f"j{k}-{tp['stage']}"}
                        for k, doc in enumerate(docs) for tp in doc["touchpoints"]],
        "edges": [{**e, "from": f"j{k}-{e['from']}", "to": f"j{k}-{e['to']}"}
                  for k, doc in enumerate(docs) for e in doc["edges"]],
    })


def test_mermaid_draws_tricky_labels_as_exported(mermaid_render: Callable[[list[str]], list[str]]) -> None:
    # A diagram costs Mermaid's CLI ~0.7 s and a task ~5 ms: 120 journeys (~1000 tasks) are drawn 12 to a
    # diagram, in one run for the batch.
    batch: list[Journey] = []

    @settings(max_examples=120, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(tricky_journeys())
    def collect(journey: Journey) -> None:
        batch.append(journey)

    collect()
    diagrams = [side_by_side(batch[k:k + 12]) for k in range(0, len(batch), 12)]
    svgs = mermaid_render([to_mermaid(j, "en") for j in diagrams])
    for journey, svg in zip(diagrams, svgs, strict=True):
        expected = mermaid_view(journey, "en")
        assert svg_view(svg) == expected
        back = from_mermaid(to_mermaid(journey, "en"))
        assert [tp.name for tp in back.touchpoints] == [t["task"] for t in expected["tasks"]]
        assert [tp.owner for tp in back.touchpoints] == [(t["people"] or [None])[0] for t in expected["tasks"]]


def test_mermaid_draws_awkward_names_exactly(mermaid_render: Callable[[list[str]], list[str]]) -> None:
    # Mermaid reads a title through its HTML sanitiser: "<" before a letter opened a tag that swallowed the rest
    # of the title ("Go a<c x" was drawn "Go a"), and "&" came out as "&amp;". Written as entity codes, every
    # name is drawn as typed.
    names = ["Go a<c x", "A & B", "<b>bold</b>", "http://x.org/a#b;c", "50%% off", "%%x", "title deed", " spaced ",
             "x>y", "#58; literal", "a,b", "accDescr {x}", "迎宾：分流 😀", "&amp;"]
    journeys_ = []
    for title in names[:4]:
        tasks = [(i * 2 // len(names), name, 3.2, name) for i, name in enumerate(names)]
        journey = make(["S: one; #two & <b>", "a<c"], tasks)
        journey.title = title
        journeys_.append(journey)
    for journey, svg in zip(journeys_, mermaid_render([to_mermaid(j, "en") for j in journeys_]), strict=True):
        view = svg_view(svg)
        assert view == mermaid_view(journey, "en")
        assert view["title"] == journey.title
        assert [task["task"] for task in view["tasks"]] == [tp.name for tp in journey.touchpoints]
        assert [task["people"] for task in view["tasks"]] == [[tp.owner] for tp in journey.touchpoints]
    # A noncharacter has no glyph (a browser draws U+FFFD): it is one of the few that become a space.
    odd = make(["S"], [(0, "a\ufffe\uffffb\ufdd0c", 3.0, "x\U0010ffffy")])
    view = svg_view(mermaid_render([to_mermaid(odd, "en")])[0])
    assert [(task["task"], task["people"]) for task in view["tasks"]] == [("a  b c", ["x y"])]
