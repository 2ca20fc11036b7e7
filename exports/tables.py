"""The service post standards table (岗位服务标准表): one row per service standard, as CSV and XLSX.

Rows follow the journey's display order (stage order, then the order customers meet touchpoints) and
standards in file order within a touchpoint. Values are written out in the chosen language with the
vocabulary labels of :mod:`journeys.vocab`; a hard standard's target reads "问候距离 ≤ 10 步".

Both files are safe to open in a spreadsheet: a cell that starts with ``=``, ``+``, ``-``, ``@``, a tab
or a carriage return gets a leading apostrophe (OWASP's guidance against CSV/formula injection), and
XLSX cells are stored as plain strings so nothing is evaluated. Output is deterministic: the same
journey and language give byte-identical files.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
import zipfile

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE as _OPENPYXL_ILLEGAL
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

from journeys.formatting import target_text
from journeys.graph import display_order
from journeys.model import Journey, Target
from journeys.vocab import label
from journeys.words import lang_of, t

from ._measure import columns
from ._zip import fixed_zip

__all__ = [
    "COLUMNS",
    "CREATOR",
    "FIXED_TIME",
    "headers",
    "neutralise",
    "standard_rows",
    "standards_csv",
    "standards_xlsx",
]

COLUMNS: tuple[str, ...] = (
    "stage", "touchpoint", "standard", "kind", "dimension", "kano", "target", "owner", "backup",
)
"""The keys of a row of :func:`standard_rows`, in column order."""

CREATOR = "MOT Journey Designer"
"""The author written into the XLSX document properties."""

FIXED_TIME = datetime.datetime(2024, 1, 1, 0, 0, 0)
"""The created/modified time written into the XLSX, so the same journey gives the same bytes."""

_WIDTH_LIMITS = {"standard": 48, "target": 30}
_MAX_WIDTH = 30
_MIN_WIDTH = 8

_DANGEROUS_START = ("=", "+", "-", "@", "\t", "\r")
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def headers(lang: str) -> list[str]:
    """The column headers in ``lang`` (``zh``… or ``en``…), in the order of :data:`COLUMNS`.

    Examples
    --------
    >>> headers("zh")[:3]
    ['环节', '接触点', '服务标准']
    >>> headers("en")[-2:]
    ['Owner', 'Backup']
    """
    return [t(f"table.{column}", lang) for column in COLUMNS]


def _target(target: Target | None) -> str:
    return "" if target is None else target_text(target, metric=True)


# openpyxl's own pattern misses the XML non-characters U+FFFE and U+FFFF (found by the property test).
ILLEGAL_CHARACTERS_RE = re.compile(_OPENPYXL_ILLEGAL.pattern[:-1] + "\ufffe\uffff]")


def standard_rows(journey: Journey, lang: str) -> list[dict[str, str]]:
    """One row per service standard, touchpoints in display order, every value a string in ``lang``.

    Parameters
    ----------
    journey
        The journey to tabulate.
    lang
        ``zh``/``zh-CN`` for Chinese labels, anything else for English.

    Returns
    -------
    list of dict
        Rows keyed by :data:`COLUMNS`; missing values are empty strings. Values are as typed (not
        neutralised); :func:`neutralise` is applied when a file is written.

    Examples
    --------
    >>> from journeys.catalog import load_template
    >>> row = standard_rows(load_template("business-hall", "zh-CN"), "zh")[0]
    >>> list(row) == list(COLUMNS)
    True
    """
    code = lang_of(lang)
    stage_names = {stage.id: stage.name for stage in journey.stages}
    rows: list[dict[str, str]] = []
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
                "target": _target(standard.target),
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


def standards_csv(journey: Journey, lang: str) -> bytes:
    """The standards table as CSV: UTF-8 with a byte-order mark (so Excel reads Chinese), CRLF rows.

    Every field that contains a delimiter, a quote or a line break is quoted by :mod:`csv`; cells are
    neutralised against formula injection.
    """
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(headers(lang))
    for row in standard_rows(journey, lang):
        writer.writerow([neutralise(row[column]) for column in COLUMNS])
    return buffer.getvalue().encode("utf-8-sig")


def _display_width(text: str) -> int:
    return max(columns(line) for line in text.splitlines() or [""])


def _xlsx_text(value: str) -> str:
    # XML cannot carry most control characters; openpyxl refuses them, so they are dropped.
    return ILLEGAL_CHARACTERS_RE.sub("", neutralise(value))


def standards_xlsx(journey: Journey, lang: str) -> bytes:
    """The standards table as an Excel workbook.

    One sheet with a bold, filled, frozen header row, an autofilter over the table, column widths
    fitted to the content (CJK characters count double, capped), wrapped text aligned to the top,
    every non-empty cell a neutralised string (empty values stay empty cells). Document properties use
    :data:`CREATOR` and :data:`FIXED_TIME`, and zip members a fixed timestamp, so the bytes are deterministic.
    """
    rows = standard_rows(journey, lang)
    wb = Workbook()
    ws = wb.active
    assert ws is not None  # a new workbook always has its first sheet
    ws.title = t("table.sheet", lang)
    titles = headers(lang)
    ws.append(titles)
    for row in rows:
        ws.append([_xlsx_text(row[column]) or None for column in COLUMNS])
    for cells in ws.iter_rows():
        for cell in cells:
            if cell.value is not None:
                cell.data_type = "s"
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", start_color="FFDDE6F0")
    for index, column in enumerate(COLUMNS, start=1):
        width = max(_display_width(str(ws.cell(r, index).value or "")) for r in range(1, len(rows) + 2))
        limit = _WIDTH_LIMITS.get(column, _MAX_WIDTH)
        ws.column_dimensions[get_column_letter(index)].width = min(max(width + 2, _MIN_WIDTH), limit)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{len(rows) + 1}"
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
