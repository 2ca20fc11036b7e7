"""The slide deck (``--format pptx``), read back with python-pptx: 16:9, the slides in order, Chinese in a
CJK font on every run, the speaker notes carrying why each weak point matters, and long text that stays
inside its box (measured with the real Noto Sans CJK glyphs, independently of the deck's own estimate)."""

from __future__ import annotations

import io
import itertools
import shutil
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest
from PIL import ImageFont
from pptx import Presentation
from pptx.oxml.ns import qn
from pptx.presentation import Presentation as PresentationObject
from pptx.slide import Slide
from typer.testing import CliRunner

from cli import app
from exports.formats import FORMATS, export
from exports.pptx import BODY_SIZES, CJK_FONT, SLIDE_HEIGHT, SLIDE_WIDTH, slides_pptx
from journeys import fileformat
from journeys.analysis import Analysis, analyze
from journeys.catalog import load_template
from journeys.model import Journey
from journeys.texts import rule_title
from journeys.words import t

FONTS = Path("/usr/share/fonts/opentype/noto")


def deck_of(journey: Journey, lang: str) -> tuple[PresentationObject, Analysis]:
    analysis = analyze(journey, lang)
    return Presentation(io.BytesIO(slides_pptx(journey, analysis, lang))), analysis


@pytest.fixture(scope="module")
def hall_zh() -> tuple[Journey, PresentationObject, Analysis]:
    journey = load_template("business-hall", "zh-CN")
    return journey, *deck_of(journey, "zh")


@pytest.fixture(scope="module")
def hall_en() -> tuple[Journey, PresentationObject, Analysis]:
    journey = load_template("business-hall", "en")
    return journey, *deck_of(journey, "en")


def title(slide: Slide) -> str:
    shape = slide.shapes.title
    assert shape is not None
    return shape.text_frame.text


def notes(slide: Slide) -> str:
    return slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else ""  # type: ignore[union-attr]


def body(slide: Slide) -> str:
    return "\n".join(s.text_frame.text for s in slide.shapes if s.has_text_frame and s.name == "Body")


def runs(deck: PresentationObject) -> Iterator[tuple[str, object]]:
    """Every run of every slide and of its notes, with where it is."""
    for number, slide in enumerate(deck.slides, start=1):
        frames = [s.text_frame for s in slide.shapes if s.has_text_frame]
        if slide.has_notes_slide:
            frames.append(slide.notes_slide.notes_text_frame)  # type: ignore[arg-type]
        for frame in frames:
            for p in frame.paragraphs:
                for r in p.runs:
                    yield f"slide {number}: {r.text!r}", r._r


def moments_of(journey: Journey, analysis: Analysis) -> list[str]:
    order = analysis.order_of(journey)
    by_id = {tp.id: tp for tp in journey.touchpoints}
    stage_rank = {s.id: i for i, s in enumerate(journey.stages)}
    ordered = sorted(order, key=lambda i: stage_rank[by_id[i].stage])  # the script: stage by stage
    return [by_id[i].name for i in ordered if by_id[i].has("mot")]


# --- size, order, words -----------------------------------------------------------------------------

@pytest.mark.parametrize("fixture", ["hall_zh", "hall_en"])
def test_the_deck_is_16_9_and_its_slides_come_in_order(fixture: str, request: pytest.FixtureRequest) -> None:
    journey, deck, analysis = request.getfixturevalue(fixture)
    lang = "zh" if fixture.endswith("zh") else "en"
    assert (deck.slide_width, deck.slide_height) == (SLIDE_WIDTH, SLIDE_HEIGHT)
    assert abs(deck.slide_width / deck.slide_height - 16 / 9) < 0.001
    titles = [title(s) for s in deck.slides]
    cont = t("slides.cont", lang)
    assert titles[0] == journey.title
    assert titles[1] == t("slides.persona", lang)
    figures = titles[2:titles.index(t("slides.curve", lang)) + 1]
    assert figures[-1] == t("slides.curve", lang)
    kinds = ["diagram" if x.startswith(t("slides.diagram", lang)) else "map" if x.startswith(t("slides.map", lang))
             else x for x in figures[:-1]]
    assert kinds and kinds == sorted(kinds) and set(kinds) == {"diagram", "map"}  # the diagram's pages, the map's
    rest = [x for x in titles[2 + len(figures):] if not x.endswith(cont)]
    moments = moments_of(journey, analysis)
    assert len(moments) >= 4
    assert rest == [t("slides.mot", lang, n=i, name=name) for i, name in enumerate(moments, 1)] \
        + [t("slides.weak_points", lang)]
    assert titles[-1] in (t("slides.weak_points", lang), t("slides.weak_points", lang) + cont)
    # A continuation follows its own slide.
    for before, after in itertools.pairwise(titles):
        if after.endswith(cont):
            assert before.removesuffix(cont) == after.removesuffix(cont)
    subtitle = body(deck.slides[0])
    assert t("slides.touchpoints", lang, count=len(journey.touchpoints)) in subtitle
    assert ("touchpoints" in subtitle) == (lang == "en")


def test_a_moment_slide_shows_its_standards_targets_script_wow_recovery_and_owners(
        hall_zh: tuple[Journey, PresentationObject, Analysis]) -> None:
    journey, deck, _ = hall_zh
    for tp in (x for x in journey.touchpoints if x.has("mot")):
        slides = [s for s in deck.slides if title(s).split("：", 1)[-1].removesuffix("（续）") == tp.name]
        text = "".join("".join(body(s) for s in slides).split())
        assert slides, tp.name
        for s in tp.standards:
            assert "".join(s.text.split()) in text
            if s.target is not None:
                assert f"{s.target.value:g}" in text and s.target.metric.replace(" ", "") in text
        for line in tp.script:
            assert "".join(line.split()) in text
        if tp.wow:
            assert "".join(tp.wow.split()) in text
        if tp.recovery:
            assert "".join(tp.recovery.plan.split()) in text
        assert (tp.owner or "") in text and (tp.backup or "") in text


# --- fonts ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("fixture", ["hall_zh", "hall_en"])
def test_every_run_names_the_cjk_font_as_east_asian_font(fixture: str, request: pytest.FixtureRequest) -> None:
    _, deck, _ = request.getfixturevalue(fixture)
    chinese = 0
    for where, r in runs(deck):
        rpr = r.find(qn("a:rPr"))  # type: ignore[attr-defined]
        assert rpr is not None, where
        ea = rpr.find(qn("a:ea"))
        assert ea is not None and ea.get("typeface") == CJK_FONT, where
        text = r.findtext(qn("a:t")) or ""  # type: ignore[attr-defined]
        if any("\u4e00" <= ch <= "\u9fff" for ch in text):
            chinese += 1
            assert rpr.get("lang") == "zh-CN", where
    assert chinese > 100 or fixture.endswith("en")


# --- speaker notes ----------------------------------------------------------------------------------

@pytest.mark.parametrize("fixture", ["hall_zh", "hall_en"])
def test_speaker_notes_say_why_each_weak_point_matters(fixture: str, request: pytest.FixtureRequest) -> None:
    journey, deck, analysis = request.getfixturevalue(fixture)
    lang = "zh" if fixture.endswith("zh") else "en"
    weak = [s for s in deck.slides if title(s).startswith(t("slides.weak_points", lang))]
    weak_notes = "\n".join(notes(s) for s in weak)
    assert analysis.findings
    for f in analysis.findings:
        assert f.message in weak_notes and f.suggestion in weak_notes
        # ... on the slide that shows the finding
        assert any(rule_title(f.rule, lang) in body(s) and f.message in notes(s) for s in weak)
    assert t("slides.why", lang) in weak_notes
    for tp in (x for x in journey.touchpoints if x.has("mot")):
        slide = next(s for s in deck.slides if title(s).endswith(tp.name))
        for f in analysis.for_touchpoint(tp.id):
            assert f.message in notes(slide)


# --- long text --------------------------------------------------------------------------------------

@cache
def font(size_pt: float, bold: bool) -> ImageFont.FreeTypeFont:
    name = "NotoSansCJK-Bold.ttc" if bold else "NotoSansCJK-Regular.ttc"
    return ImageFont.truetype(str(FONTS / name), size=max(1, round(size_pt * 10)), index=2)  # SC, in 0.1 pt


def advance(text: str, size_pt: float, bold: bool) -> float:
    return font(size_pt, bold).getlength(text) / 10


def drawn_lines(paragraph: object, width_pt: float) -> int:
    """How many lines ``paragraph`` takes in a box ``width_pt`` wide: greedy, breaking at spaces and
    between Chinese characters, each run measured in the real font at its own size and weight."""
    pieces: list[tuple[str, float]] = []  # (token, width)
    for r in paragraph.runs:  # type: ignore[attr-defined]
        size, bold = r.font.size.pt, bool(r.font.bold)
        token = ""
        for ch in r.text:
            if ord(ch) > 0x2E80 or ch == " ":
                if token:
                    pieces.append((token, advance(token, size, bold)))
                pieces.append((ch, advance(ch, size, bold)))
                token = ""
            else:
                token += ch
        if token:
            pieces.append((token, advance(token, size, bold)))
    lines, used = 1, 0.0
    for token, width in pieces:
        if used + width > width_pt and used > 0 and token != " ":
            lines += 1
            used = 0.0
        if used == 0.0 and token == " ":
            continue
        used += width
    return lines


def assert_text_fits(deck: PresentationObject) -> int:
    """Every text box's paragraphs, set in the real font at the written spacing, inside the box and the
    box inside the slide; returns how many boxes were measured."""
    boxes = 0
    for number, slide in enumerate(deck.slides, start=1):
        for shape in slide.shapes:
            if not shape.has_text_frame or not shape.text_frame.text.strip():
                continue
            frame = shape.text_frame
            assert shape.left >= 0 and shape.top >= 0
            assert shape.left + shape.width <= deck.slide_width and shape.top + shape.height <= deck.slide_height
            inner_w = (shape.width - frame.margin_left - frame.margin_right) / 12700
            inner_h = (shape.height - frame.margin_top - frame.margin_bottom) / 12700
            used = 0.0
            for p in frame.paragraphs:
                margin = int(p._p.pPr.get("marL", "0")) / 12700
                used += (p.space_before.pt if p.space_before else 0) + \
                    drawn_lines(p, inner_w - margin) * p.line_spacing.pt
            assert used <= inner_h + 0.5, f"slide {number} {shape.name}: {used:.0f} pt of {inner_h:.0f} pt"
            boxes += 1
    return boxes


@pytest.mark.parametrize("fixture", ["hall_zh", "hall_en"])
def test_template_text_fits_its_boxes(fixture: str, request: pytest.FixtureRequest) -> None:
    _, deck, _ = request.getfixturevalue(fixture)
    assert assert_text_fits(deck) >= len(deck.slides)


def long_journey(lang: str) -> Journey:
    """A moment of truth with far more than a slide holds: long standards, many script lines, a long
    recovery plan, a long title and a word longer than a line."""
    journey = load_template("business-hall", "zh-CN" if lang == "zh" else "en")
    doc = journey.model_dump(mode="json", by_alias=True, exclude_none=True)
    zh = lang == "zh"
    sentence = "客户到店后我们先确认预约信息，再主动引导到等候区并说明预计等候时间，" if zh else \
        "When the customer arrives we confirm the booking, guide them to the waiting area and say how long it takes, "
    tp = next(x for x in doc["touchpoints"] if "mot" in x.get("moments", []))
    tp["name"] = ("非常长的关键时刻名称" * 8) if zh else ("A very long moment of truth name " * 6).strip()
    tp["standards"] = [{"text": sentence * (i % 4 + 1), "kind": "soft", "dimension": "empathy"} for i in range(14)]
    tp["script"] = [sentence * 3 for _ in range(8)] + ["x" * 400]
    tp["wow"] = sentence * 12
    tp["recovery"] = {"plan": sentence * 40, "steps": ["listen"]}
    return Journey.model_validate(doc)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_long_text_shrinks_then_continues_and_never_leaves_its_box(lang: str) -> None:
    journey = long_journey(lang)
    deck, analysis = deck_of(journey, lang)
    tp = next(x for x in journey.touchpoints if x.has("mot"))
    cont = t("slides.cont", lang)
    prefix = t("slides.mot", lang, n=moments_of(journey, analysis).index(tp.name) + 1, name="")
    mine = [s for s in deck.slides if title(s).startswith(prefix)]
    assert len(mine) >= 4 and all(title(s).endswith(cont) for s in mine[1:])
    sizes = {r.font.size.pt for s in mine for sh in s.shapes if sh.name == "Body"
             for p in sh.text_frame.paragraphs for r in p.runs}
    assert sizes and min(sizes) >= min(BODY_SIZES) * 0.9  # shrunk to the smallest size, no further
    text = "".join("".join(body(s) for s in mine).split())
    for s in tp.standards:
        assert "".join(s.text.split()) in text  # nothing lost between slides
    assert "".join(tp.recovery.plan.split()) in text and "x" * 400 in text  # type: ignore[union-attr]
    assert assert_text_fits(deck) >= len(deck.slides)


def test_hostile_text_is_kept_as_typed() -> None:
    journey = load_template("front-desk", "en")
    doc = journey.model_dump(mode="json", by_alias=True, exclude_none=True)
    tp = next(x for x in doc["touchpoints"] if "mot" in x.get("moments", []))
    tp["name"] = "<b>&amp; \"quoted\"</b>\x07"
    tp["script"] = ["]]></a:t><a:t>x", "{n} {name} %s"]
    deck, _ = deck_of(Journey.model_validate(doc), "en")
    slide = next(s for s in deck.slides if "<b>&amp;" in title(s))
    assert title(slide).endswith('<b>&amp; "quoted"</b>')
    assert "]]></a:t><a:t>x" in body(slide) and "{n} {name} %s" in body(slide)


# --- the figures ------------------------------------------------------------------------------------

def pictures(slide: Slide) -> list[object]:
    return [s for s in slide.shapes if s.shape_type == 13]  # MSO_SHAPE_TYPE.PICTURE


def test_figures_fill_their_slides(hall_zh: tuple[Journey, PresentationObject, Analysis]) -> None:
    _, deck, _ = hall_zh
    figure_titles = (t("slides.map", "zh"), t("slides.curve", "zh"), t("slides.diagram", "zh"))
    figure_slides = [s for s in deck.slides if title(s).startswith(figure_titles)]
    assert len(figure_slides) >= 2
    for slide in figure_slides:
        [picture] = pictures(slide)
        left, top, width, height = picture.left, picture.top, picture.width, picture.height  # type: ignore[attr-defined]
        assert left >= 0 and top >= 0 and left + width <= deck.slide_width and top + height <= deck.slide_height
        # as large as the room below the title allows in one direction
        assert width >= 0.9 * deck.slide_width or height >= 0.8 * deck.slide_height, title(slide)


def test_without_graphviz_the_map_stands_in(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    journey = load_template("front-desk", "zh-CN")
    deck, _ = deck_of(journey, "zh")
    titles = [title(s) for s in deck.slides]
    assert not any(x.startswith(t("slides.diagram", "zh")) for x in titles)
    assert any(x.startswith(t("slides.map", "zh")) for x in titles)


def test_a_large_journey_splits_the_map_over_slides() -> None:
    from journeys.synthetic import synthetic_journey

    journey = synthetic_journey(60, seed=3, locale="en")
    deck, _ = deck_of(journey, "en")
    maps = [title(s) for s in deck.slides if title(s).startswith(t("slides.map", "en"))]
    assert len(maps) >= 2 and maps[-1].endswith(f"/{len(maps)})")
    diagrams = [title(s) for s in deck.slides if title(s).startswith(t("slides.diagram", "en"))]
    assert len(diagrams) >= 2 and diagrams[-1].endswith(f"/{len(diagrams)})")  # stage pages, 7 pt or more


# --- the export table, the CLI ----------------------------------------------------------------------

def test_pptx_is_an_export_format_of_the_cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert FORMATS["pptx"].extension == "pptx" and "presentationml" in FORMATS["pptx"].mime
    assert FORMATS["pptx"].label("zh") != FORMATS["pptx"].label("en")
    monkeypatch.setenv("MOT_STORE", str(tmp_path / "store.db"))
    source = tmp_path / "hall.yaml"
    fileformat.save(load_template("business-hall", "en"), source)
    result = CliRunner().invoke(app, ["export", str(source), "--format", "pptx", "--lang", "zh"])
    assert result.exit_code == 0, result.stderr
    deck = Presentation(str(tmp_path / "hall.pptx"))
    assert title(deck.slides[1]) == t("slides.persona", "zh")
    journey = load_template("business-hall", "en")
    assert export(journey, None, "pptx", "en") == export(journey, analyze(journey, "en"), "pptx", "en")
