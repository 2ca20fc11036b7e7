"""The Word script as a handout, read back with python-docx and printed through LibreOffice.

Landscape pages for the diagram and the map, cut so that the smallest text prints at 7 pt or more (the
printed size measured from the pictures' width in the document and the SVG each page is drawn from);
header rows that repeat, rows that never split, headings kept with what follows; each standard once;
title and page number in the footer; the saved time and author of the exported version as properties.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from PIL import Image
from pypdf import PdfReader

from exports._pages import stage_pages
from exports._stamp import PRODUCT, Stamp
from exports.docx import CJK_FONT, DIAGRAM_AREA_MM, MAP_AREA_MM, map_pages, script_docx
from exports.script import build_script
from journeys import fileformat
from journeys.analysis import Analysis, analyze
from journeys.catalog import load_template
from journeys.model import Journey
from journeys.synthetic import synthetic_journey
from journeys.words import t

STAMP = Stamp(dt.datetime(2026, 11, 30, 9, 15, 7, tzinfo=dt.UTC), "王老师")
PT_PER_MM = 72 / 25.4


@pytest.fixture(scope="module")
def big() -> tuple[Journey, Analysis, bytes]:
    journey = synthetic_journey(100)
    analysis = analyze(journey, "zh")
    return journey, analysis, script_docx(journey, analysis, "zh", STAMP)


@pytest.fixture(scope="module")
def hall() -> tuple[Journey, Analysis, bytes]:
    journey = load_template("business-hall", "zh-CN")
    analysis = analyze(journey, "zh")
    return journey, analysis, script_docx(journey, analysis, "zh", STAMP)


def read(data: bytes) -> DocumentObject:
    return Document(io.BytesIO(data))


def pictures_under(document: DocumentObject, heading: str) -> list[tuple[float, float, bytes]]:
    """The pictures between the Heading 2 ``heading`` and the next heading: width and height (pt), PNG."""
    found: list[tuple[float, float, bytes]] = []
    inside = False
    for paragraph in document.paragraphs:
        if paragraph.style.name.startswith("Heading"):
            inside = paragraph.text == heading
            continue
        if not inside:
            continue
        for inline in paragraph._p.xpath(".//wp:inline"):
            extent = inline.find(qn("wp:extent"))
            blip = inline.xpath(".//a:blip")[0]
            blob = document.part.related_parts[blip.get(qn("r:embed"))].blob
            found.append((int(extent.get("cx")) / 12700, int(extent.get("cy")) / 12700, blob))
    return found


def svg_font_and_width(svg: str) -> tuple[float, float, float]:
    width, height = (float(v) for v in re.search(r'<svg width="([\d.]+)pt" height="([\d.]+)pt"', svg).groups())  # type: ignore[union-attr]
    return min(float(s) for s in re.findall(r'font-size="([\d.]+)"', svg)), width, height


def test_the_diagram_and_map_have_landscape_pages_between_portrait_ones(big: tuple[Journey, Analysis, bytes]) -> None:
    document = read(big[2])
    orientations = [section.orientation for section in document.sections]
    assert orientations == [WD_ORIENT.PORTRAIT, WD_ORIENT.LANDSCAPE, WD_ORIENT.PORTRAIT]
    wide = document.sections[1]
    assert (round(wide.page_width.cm, 1), round(wide.page_height.cm, 1)) == (29.7, 21.0)
    assert wide.page_width is not None and wide.left_margin is not None and wide.right_margin is not None
    assert round((wide.page_width - wide.left_margin - wide.right_margin) / 36000) == DIAGRAM_AREA_MM[0]  # EMU/mm
    assert wide.page_height is not None and wide.top_margin is not None and wide.bottom_margin is not None
    assert (wide.page_height - wide.top_margin - wide.bottom_margin) / 36000 > MAP_AREA_MM[1]


def test_a_hundred_touchpoint_diagram_prints_at_7pt_or_more(big: tuple[Journey, Analysis, bytes]) -> None:
    journey, analysis, data = big
    document = read(data)
    pictures = pictures_under(document, t("script.diagram", "zh"))
    pages = stage_pages(journey, analysis, "zh", page_mm=DIAGRAM_AREA_MM)
    assert len(pictures) == len(pages) > 10  # stage by stage, a page each
    for (width, height, png), page in zip(pictures, pages, strict=True):
        smallest, svg_width, svg_height = svg_font_and_width(page.svg)
        printed = smallest * width / svg_width
        assert printed >= 7.0, (page.number, printed)
        assert width <= DIAGRAM_AREA_MM[0] * PT_PER_MM + 0.5 and height <= DIAGRAM_AREA_MM[1] * PT_PER_MM + 0.5
        # the picture is that page's drawing: same proportions, at 200 dpi or more where it prints
        image = Image.open(io.BytesIO(png))
        assert image.width / image.height == pytest.approx(svg_width / svg_height, rel=0.02)
        assert image.width / (width / 72) >= 199
    # the pages that split a stage carry its "(cont.)" name, and every page its continuation marks
    assert all(f"({page.number}/{page.total})" in page.svg for page in pages)
    names = {stage.id: stage.name for stage in journey.stages}
    continued = [page for before, page in itertools.pairwise(pages) if page.stages[0] == before.stages[-1]]
    assert len(continued) >= 5
    assert all(t("map.cont", "zh").format(name=names[page.stages[0]]) in page.svg for page in continued)


def test_the_map_is_printed_in_pages_at_full_width_with_text_at_7pt_or_more(
        big: tuple[Journey, Analysis, bytes]) -> None:
    journey, analysis, data = big
    pictures = pictures_under(read(data), t("script.map", "zh"))
    pages = map_pages(journey, analysis, "zh")
    assert len(pictures) == len(pages) > 1
    for (width, height, png), (page, _) in zip(pictures, pages, strict=True):
        assert width == pytest.approx(MAP_AREA_MM[0] * PT_PER_MM, abs=0.5)
        assert height == pytest.approx(MAP_AREA_MM[1] * PT_PER_MM, abs=0.5)
        # printed at the size it is drawn for (1 unit = 1 pt), the map's smallest text (16 px units)
        # is scaled by the page's scale
        assert 16 * page.scale >= 7.0
        assert Image.open(io.BytesIO(png)).width >= 3 * MAP_AREA_MM[0] * PT_PER_MM - 2


def test_rows_never_split_and_header_rows_repeat(big: tuple[Journey, Analysis, bytes]) -> None:
    document = read(big[2])
    grids = 0
    for table in document.tables:
        rows = table.rows
        for row in rows:
            assert row._tr.trPr is not None and row._tr.trPr.find(qn("w:cantSplit")) is not None
        header = rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
        is_grid = table.style.name != "Table Grid"  # the two-column touchpoint tables have no header row
        assert header == is_grid
        grids += is_grid
        assert all(row._tr.trPr.find(qn("w:tblHeader")) is None for row in rows[1:])
    assert grids > 50


def test_headings_keep_with_the_next_paragraph(big: tuple[Journey, Analysis, bytes]) -> None:
    document = read(big[2])
    for name in ("Title", "Heading 1", "Heading 2", "Heading 3"):
        assert document.styles[name].paragraph_format.keep_with_next is True
    headings = [p for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings and all(p.paragraph_format.keep_with_next is not False for p in headings)
    # a touchpoint's badges stay with its table, like its heading
    badge = t("script.badge", "zh", label=t("diagram.badge.mot", "zh"))
    badges = [p for p in document.paragraphs if p.text.startswith(badge)]
    assert badges and all(p.paragraph_format.keep_with_next for p in badges)


def test_every_standard_is_printed_once(big: tuple[Journey, Analysis, bytes]) -> None:
    journey, _, data = big
    cells = [cell.text for table in read(data).tables for row in table.rows for cell in row.cells]
    standards = [s.text for tp in journey.touchpoints for s in tp.standards]
    assert len(standards) > 50
    for text in standards:
        assert sum(cell.count(text) for cell in cells) == 1, text


def test_fonts_name_the_cjk_face(big: tuple[Journey, Analysis, bytes]) -> None:
    document = read(big[2])
    for name in ("Normal", "Title", "Heading 1", "Heading 2", "Heading 3"):
        assert document.styles[name].element.rPr.rFonts.get(qn("w:eastAsia")) == CJK_FONT


def test_the_footer_carries_the_title_and_page_number(big: tuple[Journey, Analysis, bytes]) -> None:
    journey, analysis, data = big
    document = read(data)
    footer = document.sections[0].footer
    [paragraph] = footer.paragraphs
    assert paragraph._p.xpath("./w:fldSimple/@w:instr") == ["PAGE", "NUMPAGES"]
    assert paragraph.text.startswith(build_script(journey, analysis, "zh").heading)
    assert all(section.footer.is_linked_to_previous for section in document.sections[1:])


def test_properties_are_the_title_author_and_saved_time(big: tuple[Journey, Analysis, bytes]) -> None:
    journey, analysis, data = big
    props = read(data).core_properties
    assert props.title == build_script(journey, analysis, "zh").heading
    assert props.author == "王老师" and props.last_modified_by == "王老师"
    assert props.created == STAMP.time and props.modified == STAMP.time


def test_two_exports_of_one_version_are_the_same_bytes(hall: tuple[Journey, Analysis, bytes]) -> None:
    journey, analysis, data = hall
    assert script_docx(journey, analysis, "zh", STAMP) == data
    later = Stamp(STAMP.time + dt.timedelta(days=1), STAMP.author)
    assert script_docx(journey, analysis, "zh", later) != data


def test_a_file_outside_the_store_takes_source_date_epoch_or_now(monkeypatch: pytest.MonkeyPatch) -> None:
    journey = synthetic_journey(3)
    analysis = analyze(journey, "zh")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764000000")
    first = script_docx(journey, analysis, "zh")
    props = read(first).core_properties
    assert props.created == dt.datetime(2025, 11, 24, 16, 0, tzinfo=dt.UTC) and props.author == PRODUCT
    assert script_docx(journey, analysis, "zh") == first
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    before = dt.datetime.now(dt.UTC).replace(microsecond=0)
    created = read(script_docx(journey, analysis, "zh")).core_properties.created
    assert created is not None and before <= created <= before + dt.timedelta(minutes=1)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    with pytest.raises(ValueError, match="SOURCE_DATE_EPOCH must be whole seconds"):
        script_docx(journey, analysis, "zh")


def test_a_naive_stamp_is_refused() -> None:
    with pytest.raises(ValueError, match="must say its zone"):
        Stamp(dt.datetime(2026, 1, 1))


def test_mot_export_stamps_a_stored_version_with_its_saved_time(mot: Callable[..., Result], tmp_path: Path) -> None:
    fileformat.save(load_template("front-desk", "en"), tmp_path / "desk.yaml")
    mot("import", "desk.yaml", "--author", "Ada")
    [line] = mot("history", "front-desk").stdout.splitlines()
    mot("export", "front-desk", "--format", "docx", "-o", "one.docx")
    mot("export", "front-desk", "--format", "docx", "-o", "two.docx")
    one = (tmp_path / "one.docx").read_bytes()
    assert one == (tmp_path / "two.docx").read_bytes()
    props = read(one).core_properties
    assert props.author == "Ada" and line.split("\t")[2] == "Ada"
    from journeys.store import open_store

    [info] = open_store(tmp_path / "store.db").history("front-desk")
    assert props.created == dt.datetime.fromisoformat(info.saved_at)


def _heading_pages(pdf: PdfReader, text: str) -> list[int]:
    return [i for i, page in enumerate(pdf.pages) if text in (page.extract_text() or "")]


def test_libreoffice_prints_landscape_pages_and_page_numbers(hall: tuple[Journey, Analysis, bytes],
                                                             tmp_path: Path) -> None:
    """Printed by a real word processor: the diagram's and map's pages are landscape, the rest portrait,
    and the footer's fields are filled in with each page's number and the page count."""
    soffice = shutil.which("soffice")
    assert soffice is not None, "LibreOffice is needed: apt-get install libreoffice-writer-nogui"
    journey, analysis, data = hall
    source = tmp_path / "hall.docx"
    source.write_bytes(data)
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to",
                    "pdf", "--outdir", str(tmp_path), str(source)], check=True, capture_output=True, timeout=300)
    pdf = PdfReader(tmp_path / "hall.pdf")
    total = len(pdf.pages)
    wide = [i for i, page in enumerate(pdf.pages) if float(page.mediabox.width) > float(page.mediabox.height)]
    diagram = len(stage_pages(journey, analysis, "zh", page_mm=DIAGRAM_AREA_MM))
    maps = len(map_pages(journey, analysis, "zh"))
    assert len(wide) == diagram + maps
    assert wide == list(range(wide[0], wide[0] + len(wide)))  # one run of landscape pages
    heading = build_script(journey, analysis, "zh").heading
    for number, page in enumerate(pdf.pages, start=1):
        text = " ".join((page.extract_text() or "").split())
        assert f"{number} / {total}" in text, (number, text[-80:])
        assert heading in text
    assert _heading_pages(pdf, t("script.diagram", "zh"))[0] == wide[0]
