"""The service post standards table (岗位服务标准表): one row per service standard, as CSV and XLSX.

Rows follow the journey's display order (stage order, then the order customers meet touchpoints) and
standards in file order within a touchpoint. Values are written out in the chosen language with the
vocabulary labels of :mod:`journeys.vocab`. A hard standard's target takes four columns, so the table
can be sorted, filtered and read back by machine: metric (问候距离), comparator (``<``, ``≤``, ``=``,
``≥``, ``>``: :data:`journeys.formatting.COMPARATOR_SYMBOLS`, one symbol per comparator of the file
format), value (a number: a number cell in XLSX, written as typed in CSV) and unit (步).

Both files are safe to open in a spreadsheet. CSV has no cell types, so a cell that starts with ``=``,
``+``, ``-``, ``@``, a tab or a carriage return gets a leading apostrophe (OWASP's guidance against
CSV/formula injection). XLSX cells are typed: every text is a string cell, styled *quote prefix* so
that editing it does not turn it into a formula either, and shown exactly as typed (no apostrophe).

The workbook is ready to print: A4 landscape, fitted to the page width, the header row repeated on
every page, text wrapped with row heights fitted to it, one CJK font (:data:`FONT`) on every cell,
page numbers in the footer. Output is deterministic: the same journey and language give
byte-identical files.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
import zipfile

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE as _OPENPYXL_ILLEGAL
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from journeys.formatting import COMPARATOR_SYMBOLS, exact
from journeys.graph import display_order
from journeys.model import Journey, Target
from journeys.vocab import label
from journeys.words import lang_of, t

from ._measure import char_columns, columns, wrap_em
from ._zip import fixed_zip

__all__ = [
    "COLUMNS",
    "CREATOR",
    "FIXED_TIME",
    "FONT",
    "Cell",
    "headers",
    "neutralise",
    "row_lines",
    "standard_rows",
    "standards_csv",
    "standards_xlsx",
]

COLUMNS: tuple[str, ...] = (
    "stage", "touchpoint", "standard", "kind", "dimension", "kano", "metric", "comparator", "value", "unit",
    "owner", "backup",
)
"""The keys of a row of :func:`standard_rows`, in column order."""

CREATOR = "MOT Journey Designer"
"""The author written into the XLSX document properties."""

FIXED_TIME = datetime.datetime(2024, 1, 1, 0, 0, 0)
"""The created/modified time written into the XLSX, so the same journey gives the same bytes."""

FONT = "Noto Sans CJK SC"
"""The one font of every XLSX cell: it covers Chinese, Latin and digits alike (the charts and the Word
script use it too); a spreadsheet without it substitutes its own CJK font for the whole sheet."""

Cell = str | float
"""A value of a row: text, or a target's value (a number)."""

# Column widths in Excel's units (about one Latin character, half a CJK one): fitted to the content
# between the floor and the column's cap, so the standard gets the room and short codes stay narrow.
_WIDTH_LIMITS = {"standard": 44, "touchpoint": 24, "metric": 18, "comparator": 9, "value": 10, "unit": 9}
_MAX_WIDTH = 16
_MIN_WIDTH = 6

_FONT_SIZE = 10  # points
_DIGIT_EM = 0.555  # a column-width unit: a digit of the default font (Noto Sans CJK), in em
_PADDING_PX = 5  # a cell's inner margins, in pixels
_MANY = 10_000  # lines: no cell is cut
_LINE_HEIGHT = 14.5  # points per wrapped line at 10 pt: Noto Sans CJK's line gap is about 1.45 em
_ROW_PADDING = 4  # points above and below the lines of a row

_DANGEROUS_START = ("=", "+", "-", "@", "\t", "\r")
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def headers(lang: str) -> list[str]:
    """The column headers in ``lang`` (``zh``… or ``en``…), in the order of :data:`COLUMNS`.

    Examples
    --------
    >>> headers("zh")[:3]
    ['环节', '接触点', '服务标准']
    >>> headers("en")[6:10]
    ['Target metric', 'Comparator', 'Target value', 'Unit']
    """
    return [t(f"table.{column}", lang) for column in COLUMNS]


def _target(target: Target | None) -> dict[str, Cell]:
    if target is None:
        return {"metric": "", "comparator": "", "value": "", "unit": ""}
    return {"metric": target.metric, "comparator": COMPARATOR_SYMBOLS[target.op], "value": target.value,
            "unit": (target.unit or "").strip()}


# openpyxl's own pattern misses the XML non-characters U+FFFE and U+FFFF (found by the property test).
ILLEGAL_CHARACTERS_RE = re.compile(_OPENPYXL_ILLEGAL.pattern[:-1] + "\ufffe\uffff]")


def standard_rows(journey: Journey, lang: str) -> list[dict[str, Cell]]:
    """One row per service standard, touchpoints in display order, in ``lang``.

    Parameters
    ----------
    journey
        The journey to tabulate.
    lang
        ``zh``/``zh-CN`` for Chinese labels, anything else for English.

    Returns
    -------
    list of dict
        Rows keyed by :data:`COLUMNS`; missing values are empty strings. Every value is a string but a
        target's ``value``, a number. Values are as typed (not neutralised); :func:`neutralise` is
        applied when a CSV is written.

    Examples
    --------
    >>> from journeys.catalog import load_template
    >>> row = standard_rows(load_template("business-hall", "zh-CN"), "zh")[0]
    >>> list(row) == list(COLUMNS)
    True
    >>> [row[c] for c in ("metric", "comparator", "value", "unit")]
    ['午间开放窗口数', '≥', 2.0, '个']
    """
    code = lang_of(lang)
    stage_names = {stage.id: stage.name for stage in journey.stages}
    rows: list[dict[str, Cell]] = []
    for node in display_order(journey):
        tp = journey.touchpoint(node)
        for standard in tp.standards:
            rows.append({
                "stage": stage_names[tp.stage],
                "touchpoint": tp.name,
                "standard": standard.text,
                "kind": label(standard.kind, code),
                "dimension": label(standard.dimension, code),
                "kano": label(standard.kano, code) if standard.kano else "",
                **_target(standard.target),
                "owner": tp.owner or "",
                "backup": tp.backup or "",
            })
    return rows


def neutralise(value: str) -> str:
    """``value`` with a leading apostrophe when a spreadsheet could read it as a formula.

    Examples
    --------
    >>> neutralise('=HYPERLINK("http://x","y")')
    '\\'=HYPERLINK("http://x","y")'
    >>> neutralise("迎宾问候")
    '迎宾问候'
    """
    return "'" + value if value.startswith(_DANGEROUS_START) else value


def _csv_text(value: Cell) -> str:
    return exact(value) if isinstance(value, float) else neutralise(value)


def standards_csv(journey: Journey, lang: str) -> bytes:
    """The standards table as CSV: UTF-8 with a byte-order mark (so Excel reads Chinese), CRLF rows.

    Every field that contains a delimiter, a quote or a line break is quoted by :mod:`csv`; text cells
    are neutralised against formula injection; a target's value is written as typed (``10``, ``2.5``).
    """
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(headers(lang))
    for row in standard_rows(journey, lang):
        writer.writerow([_csv_text(row[column]) for column in COLUMNS])
    return buffer.getvalue().encode("utf-8-sig")


def _display_width(text: str) -> int:
    return max(columns(line) for line in text.splitlines() or [""])


def _xlsx_text(value: str) -> str:
    # XML cannot carry most control characters; openpyxl refuses them, so they are dropped.
    return ILLEGAL_CHARACTERS_RE.sub("", value)


def row_lines(texts: list[str], widths: list[int]) -> int:
    """How many lines the tallest cell of a row takes when its text wraps in columns ``widths`` wide.

    A column's width is in Excel's units, the width of a digit of the workbook's default font: the
    sheet's own font, whose digits are 0.555 em wide (so a CJK character takes about two). Each line
    of the text (its own line breaks kept) is filled word by word as a spreadsheet wraps it, CJK
    anywhere, with the widths the charts use for Noto Sans CJK (:func:`exports._measure.wrap_em`),
    less the cell's padding.

    Examples
    --------
    >>> row_lines(["客户进门10步内主动问候，并询问办理何种业务", "Soft"], [12, 8])
    4
    >>> row_lines(["one\\ntwo", ""], [30, 8])
    2
    """
    tallest = 1
    for text, width in zip(texts, widths, strict=True):
        budget = width * _DIGIT_EM - _PADDING_PX / (_FONT_SIZE * 4 / 3)  # in em of the cell's font
        lines = sum(len(wrap_em(line, budget, _MANY)) for line in text.split("\n"))
        tallest = max(tallest, lines)
    return tallest


def _longest_word(text: str) -> int:
    """The widest word of ``text`` without a CJK character (those may break anywhere), in columns."""
    return max((columns(word) for word in text.split() if max(map(char_columns, word)) < 2), default=0)


def _column_widths(table: list[list[str]]) -> list[int]:
    """Fitted to the content, capped per column, but never narrower than a whole word (up to the widest cap):
    "transactions" in the unit column, "Comparator" over it, are not broken."""
    widths = []
    for index, column in enumerate(COLUMNS):
        content = max(_display_width(row[index]) for row in table)
        word = max(_longest_word(row[index]) for row in table)
        fitted = min(max(content + 2, _MIN_WIDTH), _WIDTH_LIMITS.get(column, _MAX_WIDTH))
        widths.append(min(max(fitted, word + 2), max(_WIDTH_LIMITS.values())))
    return widths


def _value_format(value: float) -> str:
    """A number format that shows ``value`` as typed: ``0`` for 10, ``0.0`` for 2.5 (never 1E-05)."""
    typed = exact(value)
    return "0" if "." not in typed else "0." + "0" * len(typed.partition(".")[2])


def _page_setup(ws: Worksheet, journey: Journey, lang: str, last_row: int) -> None:
    """A4 landscape, one page wide, the header row on every page, a footer with the page number."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = 9  # A4 (openpyxl names it as the string "9")
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages down as the rows need
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.page_margins = PageMargins(left=0.4, right=0.4, top=0.6, bottom=0.6, header=0.3, footer=0.3)
    ws.print_options.horizontalCentered = True
    ws.print_title_rows = "1:1"
    ws.print_area = f"A1:{get_column_letter(len(COLUMNS))}{last_row}"
    # "&" starts a header/footer code: a title's own ampersands are doubled.
    title = _xlsx_text(journey.title).replace("&", "&&")
    footer = ws.oddFooter
    assert footer is not None and footer.left is not None and footer.right is not None  # a sheet has them all
    footer.left.text, footer.left.font = title, FONT
    footer.right.text, footer.right.font = t("table.page", lang, page="&P", pages="&N"), FONT


def standards_xlsx(journey: Journey, lang: str) -> bytes:
    """The standards table as an Excel workbook, ready to print and to sort.

    One sheet with a bold, filled, frozen header row, an autofilter over the table, thin cell borders,
    column widths fitted to the content (CJK characters count double, capped), text wrapped and aligned
    to the top with each row as tall as its tallest cell (:func:`row_lines`), :data:`FONT` on every cell,
    the page set up by ``_page_setup``. Text cells are string cells with the quote prefix (never a
    formula, no apostrophe shown), a target's value a number cell; empty values stay empty cells.
    Document properties use :data:`CREATOR` and :data:`FIXED_TIME`, and zip members a fixed timestamp,
    so the bytes are deterministic.
    """
    rows = standard_rows(journey, lang)
    body_font, head_font = Font(name=FONT, size=_FONT_SIZE), Font(name=FONT, size=_FONT_SIZE, bold=True)
    wb = Workbook()
    # The default font (the first of the style sheet, and the Normal style's) is the sheet's font too: a
    # column's width is counted in its digits, and an empty cell or a new row is set in it.
    # openpyxl has no public way to set them (its stubs do not list the two attributes).
    wb._fonts = IndexedList([body_font])  # type: ignore[attr-defined]
    wb._named_styles["Normal"].font = body_font  # type: ignore[attr-defined]
    ws = wb.active
    assert ws is not None  # a new workbook always has its first sheet
    ws.title = t("table.sheet", lang)
    values: list[list[Cell]] = [list(headers(lang))]
    values += [[row[c] if isinstance(row[c], float) else _xlsx_text(str(row[c])) for c in COLUMNS] for row in rows]
    table = [[exact(v) if isinstance(v, float) else v for v in row] for row in values]
    widths = _column_widths(table)
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    edge = Side(style="thin", color="FFB8C2CC")
    border = Border(left=edge, right=edge, top=edge, bottom=edge)
    fill = PatternFill("solid", start_color="FFDDE6F0")
    for r, (row_values, row_text) in enumerate(zip(values, table, strict=True), start=1):
        for c, value in enumerate(row_values, start=1):
            cell = ws.cell(r, c)
            if isinstance(value, float):
                cell.value = value
                cell.number_format = _value_format(value)
            elif value:
                cell.value = value
                cell.data_type = "s"  # set after the value: a text starting with "=" is not a formula
                cell.quotePrefix = True
            cell.font = head_font if r == 1 else body_font
            cell.border = border
            cell.alignment = Alignment(wrap_text=True, vertical="center" if r == 1 else "top")
            if r == 1:
                cell.fill = fill
        ws.row_dimensions[r].height = row_lines(row_text, widths) * _LINE_HEIGHT + _ROW_PADDING
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{len(rows) + 1}"
    _page_setup(ws, journey, lang, len(rows) + 1)
    wb.properties.creator = CREATOR
    wb.properties.lastModifiedBy = CREATOR
    wb.properties.title = ILLEGAL_CHARACTERS_RE.sub("", journey.title)
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    # save_workbook() would stamp "modified" with the clock; the writer itself keeps what is set.
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(wb, archive).write_data()
    return fixed_zip(raw.getvalue(), _ZIP_TIME, permissions=0o600)
