"""The diagram cut into printed stage pages (exports._pages): text at 7 pt or more, continuation marks,
and the diagram's PDF export on A4/A3 landscape sheets.

The printed size is measured here from the SVG itself (its ``font-size`` attributes and its size in pt)
and the area of the page, not taken from what the pagination reports about itself.
"""

from __future__ import annotations

import io
import itertools
import re

import pytest
from pypdf import PdfReader

from exports._pages import PAPER_MM, DiagramPage, page_area_mm, pages_pdf, stage_pages
from exports.dot import journey_dot, render
from exports.formats import export
from journeys.analysis import Analysis, analyze
from journeys.model import Journey
from journeys.synthetic import synthetic_journey
from journeys.words import t

PT_PER_MM = 72 / 25.4


def printed_pt(svg: str, area_mm: tuple[float, float]) -> float:
    """The smallest text of ``svg`` as printed to fill ``area_mm`` (at most twice its size)."""
    width, height = (float(v) for v in re.search(r'<svg width="([\d.]+)pt" height="([\d.]+)pt"', svg).groups())  # type: ignore[union-attr]
    smallest = min(float(size) for size in re.findall(r'font-size="([\d.]+)"', svg))
    scale = min(area_mm[0] * PT_PER_MM / width, area_mm[1] * PT_PER_MM / height, 2.0)
    return smallest * scale


def node_titles(svg: str) -> list[str]:
    return re.findall(r'<g id="node\d+" class="node">\s*<title>tp_([^<]+)</title>', svg)


@pytest.fixture(scope="module")
def big() -> tuple[Journey, Analysis]:
    journey = synthetic_journey(100)
    return journey, analyze(journey, "zh")


@pytest.fixture(scope="module")
def big_pages(big: tuple[Journey, Analysis]) -> list[DiagramPage]:
    journey, analysis = big
    return stage_pages(journey, analysis, "zh")


def test_a_hundred_touchpoints_as_one_page_would_print_far_below_7pt(big: tuple[Journey, Analysis]) -> None:
    journey, analysis = big
    whole = render(journey_dot(journey, analysis), "svg").decode()
    assert printed_pt(whole, page_area_mm("A4")) < 1.0  # the strip the pages replace


def test_a_hundred_touchpoints_print_at_7pt_or_more_on_a4(big_pages: list[DiagramPage]) -> None:
    assert len(big_pages) > 1
    for page in big_pages:
        measured = printed_pt(page.svg, page_area_mm("A4"))
        assert measured >= 7.0, (page.number, measured)
        assert page.printed_pt == pytest.approx(measured, rel=1e-3)
        assert (page.number, page.total) == (big_pages.index(page) + 1, len(big_pages))


def test_every_touchpoint_is_on_one_page_in_display_order(big: tuple[Journey, Analysis],
                                                           big_pages: list[DiagramPage]) -> None:
    journey, analysis = big
    drawn = [tp for page in big_pages for tp in page.touchpoints]
    assert drawn == analysis.order_of(journey)
    for page in big_pages:  # the SVG draws exactly the page's touchpoints
        assert sorted(node_titles(page.svg)) == sorted(page.touchpoints)
        stage_of = {tp.id: tp.stage for tp in journey.touchpoints}
        assert {stage_of[tp] for tp in page.touchpoints} == set(page.stages)


def test_a_stage_too_wide_for_a_page_is_split_and_marked_continued(big: tuple[Journey, Analysis],
                                                                   big_pages: list[DiagramPage]) -> None:
    journey, _ = big
    names = {stage.id: stage.name for stage in journey.stages}
    seen: set[str] = set()
    split = 0
    for page in big_pages:
        first = page.stages[0]
        if first in seen:  # the stage began on an earlier page
            split += 1
            assert t("map.cont", "zh").format(name=names[first]) in page.svg
        seen.update(page.stages)
    assert split >= 5  # stages of ten touchpoints do not fit one A4 page at 7 pt


def test_continuation_marks_name_the_stage_and_page(big_pages: list[DiagramPage]) -> None:
    first, last = big_pages[0], big_pages[-1]
    assert first.continued_from is None and last.continues_on is None
    for before, page in itertools.pairwise(big_pages):
        assert page.continued_from is not None and before.continues_on is not None
        assert page.continued_from.page == before.number and before.continues_on.page == page.number
        came, _ = page.marks("zh")
        _, goes = before.marks("zh")
        assert came == t("diagram.page.from", "zh").format(stage=page.continued_from.stage, page=before.number)
        assert goes == t("diagram.page.on", "zh").format(stage=before.continues_on.stage, page=page.number)
        # drawn on the page, as a mark node the flow's edges lead to and from
        assert "page_from" in page.dot and "page_on" in before.dot
        assert f"接第{before.number}页" in page.svg and f"下接第{page.number}页" in before.svg
        assert f"({page.number}/{page.total})" in page.svg
    assert "page_from" not in first.dot and "page_on" not in last.dot


def test_a3_needs_fewer_pages_and_still_prints_at_7pt(big: tuple[Journey, Analysis],
                                                      big_pages: list[DiagramPage]) -> None:
    journey, analysis = big
    pages = stage_pages(journey, analysis, "en", page_mm=page_area_mm("A3"))
    assert len(pages) > 1, len(pages)  # still split
    assert len(pages) < len(big_pages), (len(pages), len(big_pages))  # into fewer pages than on A4
    for page in pages:
        assert printed_pt(page.svg, page_area_mm("A3")) >= 7.0
    assert "continues on" in pages[0].svg and "continued from" in pages[-1].svg


def test_a_journey_that_fits_is_one_page_without_marks() -> None:
    journey = synthetic_journey(3, locale="en")
    [page] = stage_pages(journey, analyze(journey, "en"), "en")
    assert page.marks("en") == (None, None)
    assert "(1/1)" not in page.svg and "page_from" not in page.dot
    assert page.printed_pt >= 7.0 and page.scale <= 2.0


def test_a_higher_minimum_means_more_pages(big: tuple[Journey, Analysis]) -> None:
    journey = synthetic_journey(30)
    analysis = analyze(journey, "zh")
    at7 = stage_pages(journey, analysis, "zh")
    at10 = stage_pages(journey, analysis, "zh", min_pt=10)
    assert len(at10) > len(at7)
    assert all(printed_pt(page.svg, page_area_mm("A4")) >= 10 for page in at10)


def test_user_text_in_marks_is_escaped() -> None:
    journey = synthetic_journey(30, locale="en")
    hostile = '<b>"&amp;</b>'
    journey = journey.model_copy(update={"stages": [s.model_copy(update={"name": hostile}) for s in journey.stages]})
    pages = stage_pages(journey, analyze(journey, "en"), "en")
    assert len(pages) > 1
    assert "<b>" not in pages[0].svg and "&lt;b&gt;&quot;&amp;amp;&lt;/b&gt;" in pages[0].svg


@pytest.mark.parametrize(("area", "min_pt", "message"), [
    ((0.0, 100.0), 7.0, "page_mm must be a positive"), ((100.0, 100.0), 0.0, "min_pt must be positive"),
])
def test_bad_page_or_size_is_named(area: tuple[float, float], min_pt: float, message: str) -> None:
    journey = synthetic_journey(3)
    with pytest.raises(ValueError, match=message):
        stage_pages(journey, analyze(journey, "zh"), "zh", page_mm=area, min_pt=min_pt)


def test_the_diagram_pdf_export_prints_stage_pages_on_a4_landscape() -> None:
    journey = synthetic_journey(30)
    analysis = analyze(journey, "zh")
    pages = stage_pages(journey, analysis, "zh")
    data = export(journey, None, "pdf", "zh")
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == len(pages) > 1
    width, height = (size * PT_PER_MM for size in PAPER_MM["A4"])
    for sheet in reader.pages:
        assert (float(sheet.mediabox.width), float(sheet.mediabox.height)) == (pytest.approx(width),
                                                                               pytest.approx(height))
    assert export(journey, None, "pdf", "zh") == data  # the same bytes every time
    assert reader.metadata is not None and reader.metadata.title == journey.title


def test_the_pdf_prints_each_page_at_the_size_the_pages_promise() -> None:
    journey = synthetic_journey(30, locale="en")
    analysis = analyze(journey, "en")
    pages = stage_pages(journey, analysis, "en", page_mm=page_area_mm("A3"))
    reader = PdfReader(io.BytesIO(pages_pdf(journey, analysis, "en", paper="A3")))
    assert len(reader.pages) == len(pages)
    for page, sheet in zip(pages, reader.pages, strict=True):
        # the drawing is placed with one `cm` scaling it: printed size = its natural size × that scale
        content = sheet.get_contents()
        assert content is not None
        placed = re.match(rb"q\n([\d.]+) 0(?:\.0)? 0(?:\.0)? ([\d.]+) [-\d.]+ [-\d.]+ cm", content.get_data())
        assert placed is not None and placed[1] == placed[2]
        # the drawing's clip: its size
        drawing = re.search(rb"\n0(?:\.0)? 0(?:\.0)? ([\d.]+) ([\d.]+) re\nW", content.get_data())
        assert drawing is not None
        assert float(drawing[1]) == pytest.approx(page.width_pt, abs=1)  # no margin around it
        assert page.font_pt * float(placed[1]) >= 7.0
        assert float(placed[1]) == pytest.approx(page.scale, rel=1e-3)
