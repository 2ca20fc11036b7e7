"""A live workshop's results out of the app and the CLI: JSON, CSV and an Excel workbook.

Each gives, per touchpoint in the session's order, how many scored it and the mean and spread (sample
standard deviation, lowest, highest) of the perceived and the expected scores, how many marked it as
pain, and its comments. Participants' names are never written: the results are the room's, not a
person's. The CSV and the workbook are safe in a spreadsheet (cells neutralised against formulas, as
the standards table's, :func:`exports.tables.neutralise`).
"""

from __future__ import annotations

import csv
import io
import zipfile
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

from journeys.words import lang_of, t
from journeys.workshop import Results, TouchpointResult

from ._measure import columns
from ._zip import fixed_zip
from .tables import CREATOR, FIXED_TIME, ILLEGAL_CHARACTERS_RE, neutralise

__all__ = [
    "COLUMNS",
    "FONT",
    "results_csv",
    "results_json",
    "results_xlsx",
]

COLUMNS: tuple[str, ...] = (
    "touchpoint", "name", "votes", "perceived_n", "perceived_mean", "perceived_sd", "perceived_min",
    "perceived_max", "expected_n", "expected_mean", "expected_sd", "expected_min", "expected_max", "pain",
    "comments",
)
"""The CSV's header row (field names, the same in every language, like the JSON's keys)."""

FONT = "Microsoft YaHei"
"""The workbook's font in either language: the room's comments and the journey's names are often
Chinese in an English workbook too, so the font must hold Chinese where the results are opened."""
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def _number(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def _row(tp: TouchpointResult) -> dict[str, Any]:
    return {
        "touchpoint": tp.touchpoint, "name": tp.name, "votes": tp.votes,
        "perceived_n": tp.n, "perceived_mean": _number(tp.perceived_mean), "perceived_sd": _number(tp.perceived_sd),
        "perceived_min": tp.perceived_min, "perceived_max": tp.perceived_max,
        "expected_n": tp.expected_n, "expected_mean": _number(tp.expected_mean),
        "expected_sd": _number(tp.expected_sd), "expected_min": tp.expected_min, "expected_max": tp.expected_max,
        "pain": tp.pain,
    }


def results_json(results: Results) -> dict[str, Any]:
    """The results as a JSON-ready dict: the session, the counts and one entry per touchpoint."""
    session = results.session
    return {
        "session": {"id": session.id, "journey": session.journey_id, "version": session.version,
                    "started_at": session.started_at, "started_by": session.started_by,
                    "closed_at": session.closed_at},
        "participants": results.participants,
        "votes": results.votes,
        "last_vote_at": results.last_vote_at,
        "touchpoints": [
            {**_row(tp), "comments": [{"id": c.id, "text": c.text, "pain": c.pain, "at": c.at} for c in tp.comments]}
            for tp in results.touchpoints
        ],
    }


def _cell(value: object) -> str:
    return "" if value is None else neutralise(str(value))


def results_csv(results: Results) -> str:
    """The results as CSV text, one row per touchpoint (:data:`COLUMNS`); a touchpoint's comments are
    one cell, a line each. Text cells are neutralised against formulas."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for tp in results.touchpoints:
        row = {**_row(tp), "comments": "\n".join(c.text for c in tp.comments)}
        writer.writerow([_cell(row[column]) for column in COLUMNS])
    return buffer.getvalue()


def _text(value: object) -> object:
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", neutralise(value)) or None
    return value


def _sheet(ws: Any, titles: list[str], rows: list[list[object]], font: str) -> None:
    ws.append(titles)
    for row in rows:
        ws.append([_text(value) for value in row])
    for cells in ws.iter_rows():
        for cell in cells:
            if isinstance(cell.value, str):
                cell.data_type = "s"
            cell.font = Font(name=font, bold=cell.row == 1)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for cell in ws[1]:
        cell.fill = PatternFill("solid", start_color="FFDDE6F0")
    for index in range(1, len(titles) + 1):
        width = max(columns(str(ws.cell(r, index).value or "")) for r in range(1, len(rows) + 2))
        ws.column_dimensions[get_column_letter(index)].width = min(max(width + 2, 8), 60)
    ws.freeze_panes = "A2"


def results_xlsx(results: Results, lang: str) -> bytes:
    """The results as an Excel workbook in ``lang``: a results sheet (a header row, a row per
    touchpoint) and a comments sheet (touchpoint, pain mark, text, time), in a font that holds Chinese.
    Cells holding text are plain strings, neutralised; the bytes are deterministic."""
    lang, font = lang_of(lang), FONT
    wb = Workbook()
    ws = wb.active
    assert ws is not None  # a new workbook always has its first sheet
    ws.title = t("workshop.sheet.results", lang)
    titles = [t(f"workshop.column.{column}", lang) for column in COLUMNS[:-1]]
    _sheet(ws, titles, [list(_row(tp).values()) for tp in results.touchpoints], font)
    comments = wb.create_sheet(t("workshop.sheet.comments", lang))
    yes = t("workshop.pain.yes", lang)
    _sheet(comments, [t(f"workshop.column.{c}", lang) for c in ("touchpoint", "name", "pain", "comment", "at")],
           [[tp.touchpoint, tp.name, yes if c.pain else "", c.text, c.at] for tp in results.touchpoints
            for c in tp.comments], font)
    wb.properties.creator = CREATOR
    wb.properties.lastModifiedBy = CREATOR
    wb.properties.title = t("workshop.title", lang)
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(wb, archive).write_data()
    return fixed_zip(raw.getvalue(), _ZIP_TIME, permissions=0o600)
