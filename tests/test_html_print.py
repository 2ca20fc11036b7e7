"""The HTML script and the comparison report printed to A4 by Chromium, as a trainer prints them.

Each page of the PDF is rasterised (pdftoppm) and its ink measured: the rows and columns with a pixel
darker than the paper. The rules: no text page is more than a third empty, except the document's last
page and a page before a forced break (a drawing's own sheet); each drawing (the diagram's stage pages,
the journey map, the comparison diagram) is on a landscape sheet of its own and fills it, edge to edge
across or top to bottom.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import Browser, sync_playwright

from exports.compare import build_report, report_html
from exports.html import script_html
from journeys import edits
from journeys.analysis import analyze
from journeys.catalog import load_template
from journeys.diff import diff
from journeys.model import Journey
from journeys.synthetic import synthetic_journey

from .test_browser import ARGS, CHROMIUM
from .test_compare_report import improved

MARGIN_MM = {"portrait": 16.0, "landscape": 12.0}  # the stylesheet's @page margins
DPI = 30
PAPER = 236  # a pixel at or above this grey level is paper


@dataclass(frozen=True)
class Ink:
    """Where one printed page has ink, as fractions of its content box (inside the @page margins)."""

    number: int
    orientation: str
    top: float
    bottom: float
    left: float
    right: float

    @property
    def empty_below(self) -> float:
        return 1.0 - self.bottom


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield b
        b.close()


def printed(browser: Browser, html: str, tmp_path: Path) -> list[Ink]:
    """``html`` printed to A4 with its own page sizes, each page's ink measured."""
    page = browser.new_page()
    page.set_content(html, wait_until="load")
    pdf = tmp_path / "print.pdf"
    page.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True)
    page.close()
    subprocess.run(["pdftoppm", "-r", str(DPI), "-gray", str(pdf), str(tmp_path / "page")], check=True)
    out = []
    for number, file in enumerate(sorted(tmp_path.glob("page-*.pgm")), start=1):
        image = Image.open(file).convert("L")
        width, height = image.size
        orientation = "landscape" if width > height else "portrait"
        margin_px = MARGIN_MM[orientation] / 25.4 * DPI
        dark = image.point(lambda v: 255 if v < PAPER else 0)
        box = dark.getbbox()
        assert box is not None, f"page {number} is blank"
        left, top, right, bottom = box
        inner_w, inner_h = width - 2 * margin_px, height - 2 * margin_px
        out.append(Ink(number, orientation, (top - margin_px) / inner_h, (bottom - margin_px) / inner_h,
                       (left - margin_px) / inner_w, (right - margin_px) / inner_w))
    return out


def assert_print_rules(pages: list[Ink], sheets: int) -> None:
    """The page-fill rules, and ``sheets`` landscape drawing pages."""
    assert [p.orientation for p in pages].count("landscape") == sheets
    for index, page in enumerate(pages):
        after = pages[index + 1] if index + 1 < len(pages) else None
        if page.orientation == "landscape":
            # fills its sheet: across from edge to edge, or from its heading to the foot
            assert page.right - page.left >= 0.9 or page.bottom >= 0.9, page
            continue
        if after is None or after.orientation == "landscape":
            continue  # the last page, a page before a forced break
        assert page.empty_below <= 1 / 3, page


def sheets_of(html: str) -> int:
    return html.count('<section class="sheet">')


def long_cards(lang: str) -> Journey:
    """The business hall with three cards far longer than a page: 30 standards and 12 script lines each."""
    journey = load_template("business-hall", "zh-CN" if lang == "zh" else "en")
    doc = edits.document(journey)
    for tp in doc["touchpoints"][2:5]:
        tp["standards"] = [{"text": f"{tp['name']} — {i} " * (i % 5 + 1), "kind": "soft", "dimension": "empathy"}
                           for i in range(30)]
        tp["script"] = [f"{tp['name']} " * 12 for _ in range(12)]
    return edits.rebuild(doc)


@pytest.mark.parametrize(("name", "lang"), [("business-hall", "zh"), ("tobacco-delivery", "en"),
                                            ("long-cards", "zh"), ("synthetic-40", "zh"), ("synthetic-40", "en")])
def test_the_script_prints_on_full_pages_and_its_drawings_fill_their_sheets(
        browser: Browser, tmp_path: Path, name: str, lang: str) -> None:
    locale = "zh-CN" if lang == "zh" else "en"
    if name == "long-cards":
        journey = long_cards(lang)
    elif name.startswith("synthetic"):
        journey = synthetic_journey(40, seed=7, locale=locale)
    else:
        journey = load_template(name, locale)
    html = script_html(journey, analyze(journey, lang), lang)
    sheets = sheets_of(html)
    assert sheets >= 2  # the diagram (one or more stage pages) and the map
    pages = printed(browser, html, tmp_path)
    assert_print_rules(pages, sheets)
    text_pages = [p for p in pages if p.orientation == "portrait"]
    assert len(text_pages) >= 3


def test_a_large_journey_prints_its_diagram_stage_by_stage(browser: Browser, tmp_path: Path) -> None:
    journey = synthetic_journey(40, seed=7, locale="zh-CN")
    html = script_html(journey, analyze(journey, "zh"), "zh")
    assert html.count('<div class="figure diagram">') >= 3
    assert "（1/" in html and "@page diagram { size: A4 landscape" in html


@pytest.mark.parametrize("locale", ["zh-CN", "en"])
def test_the_comparison_report_prints_the_same_way(browser: Browser, tmp_path: Path, locale: str) -> None:
    before = load_template("business-hall", locale)
    d = diff(before, improved(before))
    html = report_html(build_report(d), d)
    assert sheets_of(html) == 1
    assert_print_rules(printed(browser, html, tmp_path), 1)
