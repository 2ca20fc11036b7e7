"""The journey map and the trainer's poster: the card per touchpoint and its attributes, stage order, the
curve's hollow points, the type sizes the projector needs, safety, determinism, sizes, the A3 pages."""

from __future__ import annotations

import io
import time
import xml.etree.ElementTree as ET
from itertools import pairwise
from typing import Any

import pytest
import vl_convert
from pypdf import PdfReader

from exports._map_poster import NAME_PT, PAGE, page_svgs, poster_pdf
from exports.journey_map import PITCH, MapOptions, journey_map, map_png
from journeys.analysis import analyze
from journeys.catalog import load_template
from journeys.model import Journey
from journeys.synthetic import synthetic_journey
from journeys.words import t

SVG = "{http://www.w3.org/2000/svg}"


def _tree(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def _groups(root: ET.Element, cls: str) -> list[ET.Element]:
    return [g for g in root.iter(f"{SVG}g") if cls in (g.get("class") or "").split()]


def _journey(touchpoints: list[dict[str, Any]], stages: int = 2, **extra: Any) -> Journey:
    return Journey.model_validate({
        "format": "mot-journey/1", "id": "j", "title": "T",
        "stages": [{"id": f"s{i}", "name": f"环节{i}"} for i in range(stages)],
        "touchpoints": touchpoints, **extra})


@pytest.fixture(scope="module")
def hall() -> Journey:
    return load_template("business-hall", "zh-CN")


def test_every_touchpoint_has_a_card_in_its_stage_and_the_stages_keep_their_order(hall: Journey) -> None:
    drawing = journey_map(hall, analyze(hall, "zh"))
    root = _tree(drawing.svg)
    assert root.get("viewBox") == f"0 0 {drawing.width:g} {drawing.height:g}"
    assert float(root.get("width") or 0) == drawing.width and float(root.get("height") or 0) == drawing.height
    assert drawing.pitch == PITCH == 160
    cards = {g.get("data-tp") for g in _groups(root, "card")}
    assert cards == {tp.id for tp in hall.touchpoints} == set(drawing.cards)
    assert [s[0] for s in drawing.stages] == [s.id for s in hall.stages]
    assert [s[1] for s in drawing.stages] == [s.name for s in hall.stages]
    spans = {stage_id: (x0, x1) for stage_id, _, x0, x1 in drawing.stages}
    assert all(a[3] <= b[2] for a, b in pairwise(drawing.stages))
    for tp in hall.touchpoints:
        x, _, w, _ = drawing.cards[tp.id]
        assert spans[tp.stage][0] <= x and x + w <= spans[tp.stage][1]
        assert 140 <= w < PITCH
    xs = sorted(box[0] for box in drawing.cards.values())
    assert all(b - a == PITCH for a, b in pairwise(xs))  # no "+" columns: one pitch apart
    assert not _groups(root, "add")


def test_the_live_view_ends_every_stage_in_a_plus_button_and_marks_the_selected_card(hall: Journey) -> None:
    chosen = hall.touchpoints[3].id
    drawing = journey_map(hall, analyze(hall, "zh"), MapOptions(live=True, selected=chosen))
    root = _tree(drawing.svg)
    adds = _groups(root, "add")
    assert [g.get("data-add") for g in adds] == [s.id for s in hall.stages]
    selected = _groups(root, "selected")
    assert [g.get("data-tp") for g in selected] == [chosen]
    for stage_id, _, x0, x1 in drawing.stages:  # each "+" sits after the stage's last card, inside the stage
        last = max(box[0] + box[2] for tp_id, box in drawing.cards.items() if hall.touchpoint(tp_id).stage == stage_id)
        assert last < x1 and x0 < x1


def test_curve_points_are_hollow_exactly_where_the_scores_are_assumed_or_say_nothing() -> None:
    evidence = [None, "assumed", "workshop", "observed", "survey", None]
    tps = [{"id": f"t{i}", "stage": "s0", "name": f"步骤{i}",
            "emotion": {"expected": 3, "perceived": 4, **({"evidence": e} if e else {})}}
           for i, e in enumerate(evidence)]
    tps.append({"id": "no-scores", "stage": "s1", "name": "无分数"})
    tps.append({"id": "after", "stage": "s1", "name": "之后", "emotion": {"perceived": 2, "evidence": "survey"}})
    edges = [{"from": a["id"], "to": b["id"]} for a, b in pairwise(tps)]
    journey = _journey(tps, edges=edges)
    root = _tree(journey_map(journey, analyze(journey, "zh")).svg)
    points = [c for c in root.iter(f"{SVG}circle") if "pt" in (c.get("class") or "").split()]
    hollow = {(c.get("data-tp"), "hollow" in (c.get("class") or "")) for c in points}
    expected_hollow = {f"t{i}": e in (None, "assumed") for i, e in enumerate(evidence)} | {"after": False}
    assert hollow == set(expected_hollow.items())
    assert {c.get("data-tp") for c in points if "hollow" in (c.get("class") or "")} == {"t0", "t1", "t5"}
    assert all(c.get("fill") == "white" for c in points if "hollow" in (c.get("class") or ""))
    assert "no-scores" not in {c.get("data-tp") for c in points}
    # the touchpoint without scores breaks the perceived line in two; "after" has no expected score
    perceived = [p for p in root.iter(f"{SVG}path") if (p.get("class") or "") == "line perceived"]
    assert len(perceived) == 1 and perceived[0].get("d", "").count("L") == 5  # t0..t5; "after" stands alone
    assert sum(1 for c in points if c.get("data-tp") == "after") == 1


def test_no_text_is_smaller_than_16_and_names_are_at_least_20_and_bold(hall: Journey) -> None:
    for lang in ("zh", "en"):
        journey = hall if lang == "zh" else load_template("tobacco-delivery", "en")
        root = _tree(journey_map(journey, analyze(journey, lang), MapOptions(lang=lang, live=True)).svg)
        texts = list(root.iter(f"{SVG}text"))
        assert texts and all(float(x.get("font-size") or 0) >= 16 for x in texts)
        names = [x for x in texts if x.get("class") == "name"]
        assert len(names) >= len(journey.touchpoints)
        assert all(float(x.get("font-size") or 0) >= 20 and x.get("font-weight") == "bold" for x in names)
        assert "Noto Sans CJK SC" in (root.get("font-family") or "") and "sans-serif" in (root.get("font-family") or "")


NASTY = ['<script>alert("x")</script> & \'quote\'', "😀 表情 👩‍👩‍👧", "שלום עולם مرحبا", "W" * 300,
         "ctrl\x00\x1b[31m\u200bzero", "]]> <!-- -->"]


def test_user_text_is_escaped_and_cut_to_its_card() -> None:
    tps = [{"id": f"n{i}", "stage": "s0" if i % 2 else "s1", "name": name, "owner": name, "channel": "phone",
            "moments": ["mot", "peak", "end", "pain"], "expectations": [{"text": name}] * 5,
            "standards": [{"text": name, "kind": "hard", "dimension": "reliability"}] * 4,
            "emotion": {"expected": 1, "perceived": 5}} for i, name in enumerate(NASTY)]
    journey = Journey.model_validate({
        "format": "mot-journey/1", "id": "j", "title": NASTY[0],
        "persona": {"name": NASTY[0], "goal": NASTY[3], "description": NASTY[2] * 20},
        "stages": [{"id": "s0", "name": NASTY[0]}, {"id": "s1", "name": NASTY[3]}], "touchpoints": tps,
        "edges": [{"from": "n0", "to": "n1", "label": NASTY[0]}, {"from": "n2", "to": "n0", "label": NASTY[1]}]})
    svg = journey_map(journey, analyze(journey, "en"), MapOptions(lang="en", live=True, selected="n0")).svg
    root = _tree(svg)  # well-formed XML
    assert "<script" not in svg and "\x00" not in svg and "\x1b" not in svg
    texts = ["".join(x.itertext()) for x in root.iter(f"{SVG}text")]
    assert any(text.startswith('<script>alert("x")') for text in texts)
    assert any(text.startswith("שלום") for text in texts)
    assert max(len(text) for text in texts) < 120  # the 300-letter word is cut with an ellipsis
    assert vl_convert.svg_to_png(svg, scale=0.5).startswith(b"\x89PNG")


def test_the_same_journey_gives_the_same_bytes_and_no_ids(hall: Journey) -> None:
    first = journey_map(hall, analyze(hall, "zh"), MapOptions(live=True)).svg
    assert first == journey_map(hall, analyze(hall, "zh"), MapOptions(live=True)).svg
    assert " id=" not in first


def test_an_empty_journey_one_stage_and_no_scores_draw() -> None:
    empty = _journey([], stages=1)
    drawing = journey_map(empty, analyze(empty, "zh"), MapOptions(live=True))
    root = _tree(drawing.svg)
    assert drawing.cards == {} and [s[0] for s in drawing.stages] == ["s0"]
    assert [g.get("data-add") for g in _groups(root, "add")] == ["s0"]
    assert t("map.empty", "zh") in drawing.svg
    bare = _journey([{"id": "a", "stage": "s1", "name": "只有名字"}], stages=3)
    drawing = journey_map(bare, analyze(bare, "en"), MapOptions(lang="en"))
    assert set(drawing.cards) == {"a"} and len(drawing.stages) == 3
    assert not [c for c in _tree(drawing.svg).iter(f"{SVG}circle") if "pt" in (c.get("class") or "")]


def test_only_the_stages_asked_for_and_the_persona_card_on_request(hall: Journey) -> None:
    analysis = analyze(hall, "zh")
    wanted = (hall.stages[1].id, hall.stages[2].id)
    drawing = journey_map(hall, analysis, MapOptions(stages=wanted))
    assert tuple(s[0] for s in drawing.stages) == wanted
    assert {hall.touchpoint(tp_id).stage for tp_id in drawing.cards} == set(wanted)
    assert hall.persona is not None and hall.persona.name
    with_persona = _tree(journey_map(hall, analysis).svg)
    without = _tree(journey_map(hall, analysis, MapOptions(persona=False)).svg)
    assert len(_groups(with_persona, "persona")) == 1 and not _groups(without, "persona")


def test_300_touchpoints_draw_within_a_second() -> None:
    journey = synthetic_journey(300)
    analysis = analyze(journey, "zh")
    start = time.perf_counter()
    drawing = journey_map(journey, analysis, MapOptions(live=True))
    assert time.perf_counter() - start < 1.0
    assert len(drawing.cards) == 300
    assert len(_groups(_tree(drawing.svg), "card")) == 300


def test_the_png_is_drawn_at_twice_the_size_for_print(hall: Journey) -> None:
    drawing = journey_map(hall, analyze(hall, "zh"))
    png = map_png(drawing)
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert (width, height) == (round(2 * drawing.width), round(2 * drawing.height))


# --- the poster ---------------------------------------------------------------------------------------

def _pdf_pages(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def test_the_poster_is_a3_landscape_with_stage_names_page_numbers_and_names_of_at_least_9_pt() -> None:
    journey = synthetic_journey(30)
    analysis = analyze(journey, "zh")
    data = poster_pdf(journey, analysis, "zh")
    reader = PdfReader(io.BytesIO(data))
    pages = page_svgs(journey, analysis, "zh")
    assert len(reader.pages) == len(pages) > 1
    for number, (page, text) in enumerate(zip(reader.pages, _pdf_pages(data), strict=True), start=1):
        box = page.mediabox
        assert float(box.width) == pytest.approx(1190.55, abs=0.1)
        assert float(box.height) == pytest.approx(841.89, abs=0.1)
        assert all(stage.name in text for stage in journey.stages)  # every stage name in the header
        assert f"{number}/{len(pages)}" in text
    for page, _ in pages:
        assert page.scale * 20 >= max(NAME_PT, 9)  # names are set at 20 px units
    drawn_stages = [part.stage.id for page, _ in pages for part in page.segments if not part.continued]
    assert drawn_stages == [stage.id for stage in journey.stages]  # every stage, in order, once
    assert data == poster_pdf(journey, analysis, "zh")


def test_a_stage_too_wide_for_a_page_continues_on_the_next_with_a_mark() -> None:
    tps = [{"id": f"t{i}", "stage": "s0", "name": f"接触点{i}", "emotion": {"perceived": 3}} for i in range(30)]
    journey = _journey(tps, stages=1, edges=[{"from": f"t{i}", "to": f"t{i + 1}"} for i in range(29)])
    analysis = analyze(journey, "zh")
    pages = page_svgs(journey, analysis, "zh")
    assert len(pages) >= 2 and all(page.segments[0].continued for page, _ in pages[1:])
    texts = _pdf_pages(poster_pdf(journey, analysis, "zh"))
    assert "环节0（续）" in texts[1] and "（续）" not in texts[0].split("\n", 2)[-1]
    english = _pdf_pages(poster_pdf(journey, analyze(journey, "en"), "en"))
    assert "(cont.)" in english[1]
    shown = [tp_id for page, _ in pages for part in page.segments for tp_id in part.touchpoints]
    assert shown == [tp["id"] for tp in tps]
    assert PAGE == (1190.55, 841.89)


# --- golden maps --------------------------------------------------------------------------------------

@pytest.mark.parametrize(("template", "locale"), [("business-hall", "zh-CN"), ("tobacco-delivery", "en")])
def test_golden_map(template: str, locale: str, snapshot: Any) -> None:
    journey = load_template(template, locale)
    lang = locale[:2]
    svg = journey_map(journey, analyze(journey, lang), MapOptions(lang=lang, live=True,
                                                                  selected=journey.touchpoints[2].id)).svg
    assert svg == snapshot
