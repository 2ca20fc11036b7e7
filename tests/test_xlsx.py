"""The standards workbook as a printed handout: page setup, print titles, one font, fitted row heights,
target columns that sort by value, text cells that never become formulas. Read back with openpyxl and
from the package's XML (bench/render_office.py renders it through LibreOffice for the eye)."""

from __future__ import annotations

import io
import math
import zipfile

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from exports._measure import em
from exports.tables import COLUMNS, FONT, headers, standard_rows, standards_xlsx
from journeys.catalog import list_templates, load_template
from journeys.model import Journey

TEMPLATES = sorted({(t.id, t.locale) for t in list_templates()})
LONG = ("Complaining customers are handled with a short apology and a concrete remedy within five minutes, "
        "every single time, by whoever hears the complaint first")


def sheet_of(data: bytes) -> Worksheet:
    ws = openpyxl.load_workbook(io.BytesIO(data)).active
    assert isinstance(ws, Worksheet)
    return ws


def journey_of(texts: list[str], targets: list[tuple[str, float]] | None = None) -> Journey:
    targets = targets or [("=", 1.0)] * len(texts)
    return Journey.model_validate({
        "format": "mot-journey/1", "id": "j", "title": "R&D <test> & co", "stages": [{"id": "s", "name": "到达"}],
        "touchpoints": [{"id": "a", "stage": "s", "name": "迎宾", "owner": "Lee", "standards": [
            {"text": text, "kind": "hard", "dimension": "reliability",
             "target": {"metric": "wait", "op": op, "value": value, "unit": "transactions"}}
            for text, (op, value) in zip(texts, targets, strict=True)]}],
    })


@pytest.mark.parametrize(("template", "locale"), TEMPLATES)
def test_prints_landscape_one_page_wide_with_the_header_on_every_page(template: str, locale: str) -> None:
    journey = load_template(template, locale)
    ws = sheet_of(standards_xlsx(journey, locale[:2]))
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.paperSize == 9  # A4
    assert ws.sheet_properties.pageSetUpPr.fitToPage is True
    assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0)
    assert ws.print_title_rows == "$1:$1"
    rows = len(standard_rows(journey, locale[:2])) + 1
    assert ws.print_area == f"'{ws.title}'!$A$1:$L${rows}"
    assert "&P" in ws.oddFooter.right.text and "&N" in ws.oddFooter.right.text


def test_the_footer_names_the_journey_with_its_ampersands_kept() -> None:
    ws = sheet_of(standards_xlsx(journey_of(["x"]), "en"))
    assert ws.oddFooter.left.text == "R&&D <test> && co"  # "&" starts a code: doubled, it prints one "&"
    assert ws.oddFooter.right.text == "Page &P of &N"
    assert sheet_of(standards_xlsx(journey_of(["x"]), "zh")).oddFooter.right.text == "第 &P 页，共 &N 页"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_one_cjk_font_on_every_cell_and_as_the_default(lang: str) -> None:
    locale = "zh-CN" if lang == "zh" else "en"
    data = standards_xlsx(load_template("business-hall", locale), lang)
    ws = sheet_of(data)
    cells = [cell for row in ws.iter_rows() for cell in row]
    assert len(cells) == ws.max_row * len(COLUMNS)
    assert {cell.font.name for cell in cells} == {FONT}
    assert all(cell.font.bold for cell in ws[1])
    assert not any(cell.font.bold for row in ws.iter_rows(min_row=2) for cell in row)
    # The style sheet's default font (new cells, the Normal style, the unit of column widths) is the same.
    wb = openpyxl.load_workbook(io.BytesIO(data))
    assert wb._fonts[0].name == FONT
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        styles = archive.read("xl/styles.xml").decode()
    assert styles.count("<name val=") == styles.count(f'<name val="{FONT}"/>') >= 1


def test_rows_are_as_tall_as_their_wrapped_text() -> None:
    journey = journey_of(["short", LONG, "one\ntwo\nthree\nfour", "服务" * 60])
    ws = sheet_of(standards_xlsx(journey, "en"))
    line = ws.row_dimensions[2].height
    widths = {c: ws.column_dimensions[openpyxl.utils.get_column_letter(i)].width for i, c in enumerate(COLUMNS, 1)}
    standard = widths["standard"]
    # A one-line row is one line tall; each taller row at least as tall as its text needs at any wrapping
    # (its width in em over the column's width in em) and at most twice that.
    assert ws.row_dimensions[3].height > line
    for row, text in ((3, LONG), (5, "服务" * 60)):
        least = math.ceil(em(text) / (standard * 0.555))
        assert least >= 3
        assert least * (line - 4) + 4 <= ws.row_dimensions[row].height <= 2 * least * (line - 4) + 4
    assert ws.row_dimensions[4].height == 4 * (line - 4) + 4, "its own line breaks, each line short"
    assert all(cell.alignment.wrap_text and cell.alignment.vertical == "top" for row in ws.iter_rows(min_row=2)
               for cell in row)


def test_columns_never_break_a_word() -> None:
    ws = sheet_of(standards_xlsx(journey_of(["x"]), "en"))
    letter = {c: openpyxl.utils.get_column_letter(i) for i, c in enumerate(COLUMNS, 1)}
    assert ws.column_dimensions[letter["unit"]].width >= len("transactions") + 2
    assert ws.column_dimensions[letter["comparator"]].width >= len("Comparator") + 2
    assert ws.column_dimensions[letter["standard"]].width > ws.column_dimensions[letter["kind"]].width


def test_targets_sort_by_value() -> None:
    journey = journey_of(["a", "b", "c"], [(">=", 95.0), ("<", 2.5), ("<=", 10.0)])
    ws = sheet_of(standards_xlsx(journey, "en"))
    assert [c.value for c in ws[1]][6:10] == headers("en")[6:10] == ["Target metric", "Comparator", "Target value",
                                                                     "Unit"]
    values = [ws.cell(r, COLUMNS.index("value") + 1) for r in range(2, 5)]
    assert [c.value for c in values] == [95, 2.5, 10]
    assert all(c.data_type == "n" for c in values)
    assert sorted(c.value for c in values) == [2.5, 10, 95]  # numbers, not text ("10" < "2.5")
    assert [ws.cell(r, COLUMNS.index("comparator") + 1).value for r in range(2, 5)] == ["≥", "<", "≤"]
    assert ws.auto_filter.ref == "A1:L4"


@pytest.mark.parametrize("text", ["=1+1", "+1", "-2", "@SUM(A1)", "\tTAB", "=HYPERLINK(\"http://x\",\"y\")",
                                  "1.50", "2024-01-01", "'quoted"])
def test_text_stays_text_without_an_apostrophe(text: str) -> None:
    data = standards_xlsx(journey_of([text]), "en")
    cell = sheet_of(data).cell(2, COLUMNS.index("standard") + 1)
    assert (cell.value, cell.data_type, cell.quotePrefix) == (text, "s", True)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode()
        styles = archive.read("xl/styles.xml").decode()
    assert "<f>" not in sheet and "<f " not in sheet
    assert 'quotePrefix="1"' in styles
