"""Spreadsheets in: reading a CSV or XLSX file into rows, matching its columns to fields, and the messages
of what is wrong with it (a file that cannot be read, a bad cell), with the file's own line numbers.

The two importers that read tables (:mod:`journeys.survey`: survey responses; :mod:`journeys.sheet`: a
journey from a touchpoint list) share this: one reader, one header matcher, one ``--map`` syntax, one
message shape (``第 7 行，“满意度”列：应为 …`` / ``line 7, column “satisfaction”: expected …``).

- **Encodings.** A CSV is decoded as UTF-8 (with or without a byte-order mark), strictly, then as GB18030
  (what Chinese Excel writes: GBK is its subset); the encoding used is reported. Its delimiter (``,``
  ``;`` or a tab) is sniffed from the first lines.
- **XLSX** is read by openpyxl in read-only mode, values only (a formula gives its last computed value),
  dates as dates; the first sheet, or the one named.
- **Lines.** The header is line 1 (row 1 of a sheet); every row keeps its own line number in the file (a
  CSV record with a quoted line break starts on its first line). Empty rows are skipped.
- **Limits.** The app's upload limit (:data:`journeys.fileformat.MAX_UPLOAD_MB`) and :data:`MAX_ROWS` rows.
- **Column matching** compares headers with every field's names (zh and en, the export's column labels
  among them) ignoring case, spaces, punctuation and full-width forms (``ＮＰＳ`` is ``NPS``); exact names
  first, then headers that contain a field's keyword (``How likely are you to recommend us?``).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from .fileformat import MAX_UPLOAD_MB
from .words import has, t

__all__ = [
    "MAX_ROWS",
    "Cell",
    "Field",
    "Row",
    "RowProblem",
    "SheetError",
    "Table",
    "cell_text",
    "column_letter",
    "how_read",
    "mapping_text",
    "match_columns",
    "normalise",
    "parse_map",
    "preview_rows",
    "read_table",
    "require",
    "row_messages",
]

MAX_ROWS = 50_000
"""The most data rows a table may hold: more is refused with a message, not cut silently."""

MAX_BYTES = MAX_UPLOAD_MB * 2**20

Cell = str | float | int | bool | dt.date | dt.datetime | dt.time | None
"""A cell as read: text from a CSV; text, a number, a date or nothing from an XLSX."""


class SheetError(ValueError):
    """A table that cannot be read or mapped at all: ``key`` names the catalogue word (``sheets.<key>``)
    that says what was expected. ``str()`` is in English."""

    def __init__(self, key: str, **params: Any):
        self.key = key
        self.params = params
        super().__init__(self.message("en"))

    def message(self, lang: str) -> str:
        params = dict(self.params)
        if has(f"sheets.field.{params.get('field')}"):
            params["label"] = t(f"sheets.field.{params['field']}", lang)
        return t(f"sheets.{self.key}", lang, **params)


@dataclass(frozen=True)
class Row:
    """A data row: its line number in the file (the header is line 1) and its cells, one per column."""

    line: int
    cells: tuple[Cell, ...]

    def get(self, column: int | None) -> Cell:
        if column is None or column >= len(self.cells):
            return None
        return self.cells[column]


@dataclass(frozen=True)
class Table:
    """A file's header and rows, and how it was read (``encoding`` for a CSV, ``sheet`` for an XLSX)."""

    headers: tuple[str, ...]
    rows: tuple[Row, ...]
    encoding: str | None = None
    sheet: str | None = None
    sheets: tuple[str, ...] = ()
    """Every sheet of the workbook, in order (empty for a CSV)."""


@dataclass(frozen=True)
class Field:
    """A field an importer reads: its id, whether a table must have it, and the header names it matches
    exactly (``names``) or when a header contains them (``keywords``), besides its catalogue labels."""

    id: str
    required: bool = False
    names: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    labels: tuple[str, ...] = ()
    """Catalogue keys whose zh and en texts are names of this field (an export's column headers)."""
    rank: int = 0
    """Keyword matching tries lower ranks first (``NPS score`` is the recommend question, not a score)."""

    def label(self, lang: str) -> str:
        return t(f"sheets.field.{self.id}", lang)

    def all_names(self) -> set[str]:
        keys = (f"sheets.field.{self.id}", *self.labels)
        return {normalise(n) for n in (*self.names, *(t(k, lang) for k in keys for lang in ("zh", "en")))}


@dataclass(frozen=True)
class RowProblem:
    """What is wrong with one cell (or row): its line, its column's header, the word saying what was
    expected (``sheets.expect.<key>``) and the value found."""

    line: int
    column: str
    key: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def message(self, lang: str) -> str:
        what = t(f"sheets.expect.{self.key}", lang, **self.params)
        return t("sheets.row", lang, line=self.line, column=self.column, what=what)


def row_messages(problems: Sequence[RowProblem], lang: str) -> list[str]:
    """One message per bad row, in line order (a row with several bad cells gives them in one message)."""
    by_line: dict[int, list[RowProblem]] = {}
    for problem in sorted(problems, key=lambda p: p.line):
        by_line.setdefault(problem.line, []).append(problem)
    return [t("words.list_sep", lang).join(p.message(lang) if i == 0 else _tail(p, lang) for i, p in enumerate(ps))
            for ps in by_line.values()]


def _tail(problem: RowProblem, lang: str) -> str:
    what = t(f"sheets.expect.{problem.key}", lang, **problem.params)
    return t("sheets.row_more", lang, column=problem.column, what=what)


# ---------------------------------------------------------------------------------------------- reading

def read_table(data: bytes, name: str = "", *, sheet: str | None = None, max_rows: int = MAX_ROWS) -> Table:
    """The header and rows of a CSV or XLSX file (an XLSX is known by its name or its zip signature).

    Raises
    ------
    SheetError
        Too large, too many rows, an encoding that is neither UTF-8 nor GB18030, a workbook that cannot be
        read, a sheet that is not there, or no header row.

    Examples
    --------
    >>> table = read_table("接触点,满意度\\n迎宾,5\\n\\n取号,4\\n".encode("gb18030"), "s.csv")
    >>> table.encoding, table.headers, [(r.line, r.cells) for r in table.rows]
    ('gb18030', ('接触点', '满意度'), [(2, ('迎宾', '5')), (4, ('取号', '4'))])
    """
    if len(data) > MAX_BYTES:
        raise SheetError("too_big", size=round(len(data) / 2**20, 1), mb=MAX_UPLOAD_MB)
    if name.lower().endswith((".xlsx", ".xlsm")) or data.startswith(b"PK\x03\x04"):
        return _read_xlsx(data, sheet, max_rows)
    return _read_csv(data, max_rows)


def _decode(data: bytes) -> tuple[str, str]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            return data.decode("gb18030"), "gb18030"
        except UnicodeDecodeError:
            raise SheetError("encoding") from None
    return text, "utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "utf-8"


def _delimiter(text: str) -> str:
    sample = "\n".join(text.splitlines()[:20])
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
    except csv.Error:
        return ","


def _blank(cells: Sequence[Cell]) -> bool:
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in cells)


def _read_csv(data: bytes, max_rows: int) -> Table:
    text, encoding = _decode(data)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    rows: list[tuple[int, list[Cell]]] = []
    start = 1
    try:
        for record in reader:
            if not _blank(record):
                rows.append((start, [_unneutralise(c) for c in record]))
                if len(rows) > max_rows + 1:
                    raise SheetError("too_many_rows", max=max_rows)
            start = reader.line_num + 1
    except csv.Error as exc:
        raise SheetError("bad_csv", line=reader.line_num, why=str(exc)) from None
    return _table(rows, encoding=encoding)


def _unneutralise(value: str) -> str:
    # The standards export puts an apostrophe before a text a spreadsheet would take for a formula
    # (exports.tables.neutralise): reading it back takes it off.
    if value[:1] == "'" and value[1:2] in ("=", "+", "-", "@", "\t", "\r"):
        return value[1:]
    return value


def _read_xlsx(data: bytes, sheet: str | None, max_rows: int) -> Table:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise SheetError("bad_xlsx", why=str(exc) or type(exc).__name__) from None
    try:
        names = tuple(book.sheetnames)
        if sheet is not None and sheet not in names:
            raise SheetError("no_sheet", sheet=sheet, known="、".join(names))
        ws = book[sheet] if sheet is not None else book.worksheets[0]
        rows: list[tuple[int, list[Cell]]] = []
        for number, values in enumerate(ws.iter_rows(values_only=True), start=1):
            cells = [_xlsx_cell(v) for v in values]
            if not _blank(cells):
                rows.append((number, cells))
                if len(rows) > max_rows + 1:
                    raise SheetError("too_many_rows", max=max_rows)
        return _table(rows, sheet=ws.title, sheets=names)
    finally:
        book.close()


def _xlsx_cell(value: object) -> Cell:
    if isinstance(value, str | float | int | dt.date | dt.time) or value is None:  # datetime is a date
        return value
    if isinstance(value, Decimal):
        return float(value)
    return str(value)  # rich text, a duration, an array formula's text


def _table(rows: list[tuple[int, list[Cell]]], **how: Any) -> Table:
    if not rows:
        raise SheetError("empty")
    _, head = rows[0]
    while head and _blank(head[-1:]):
        head = head[:-1]
    headers = tuple(cell_text(c) for c in head)
    width = len(headers)
    body = tuple(Row(line, tuple(cells[:width]) + (None,) * (width - len(cells))) for line, cells in rows[1:])
    return Table(headers, body, **how)


def cell_text(value: Cell) -> str:
    """A cell as text, trimmed: a whole number without ``.0``, a date in ISO form, nothing as ``""``."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date().isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value).strip()


# ---------------------------------------------------------------------------------------------- matching

_KEEP = ("L", "N")


def normalise(text: str) -> str:
    """A header as compared: full-width forms folded (NFKC), case ignored, only letters and digits kept.

    >>> normalise(" How likely… to RECOMMEND? "), normalise("ＮＰＳ（0-10）"), normalise("满意度 %")
    ('howlikelytorecommend', 'nps010', '满意度')
    """
    folded = unicodedata.normalize("NFKC", text).casefold()
    return "".join(ch for ch in folded if unicodedata.category(ch)[0] in _KEEP)


def column_letter(index: int) -> str:
    """A column's letter as a spreadsheet shows it (0 → A, 26 → AA).

    >>> column_letter(0), column_letter(25), column_letter(26)
    ('A', 'Z', 'AA')
    """
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def match_columns(headers: Sequence[str], fields: Sequence[Field]) -> dict[str, int]:
    """Each field's column, found from the headers: exact names first, then keywords (fields by rank); a
    column serves one field, a field one column (the leftmost that matches)."""
    keys = [normalise(h) for h in headers]
    found: dict[str, int] = {}
    used: set[int] = set()
    for exact in (True, False):
        for f in fields if exact else sorted(fields, key=lambda f: f.rank):
            if f.id in found:
                continue
            names = f.all_names() if exact else {normalise(k) for k in f.keywords}
            for index, key in enumerate(keys):
                if index in used or not key:
                    continue
                if (key in names) if exact else any(n and n in key for n in names):
                    found[f.id] = index
                    used.add(index)
                    break
    return found


_LETTERS = re.compile(r"^[A-Za-z]{1,3}$")


def _column_of(spec: str, headers: Sequence[str]) -> int | None:
    """A column named by its header text (compared as :func:`normalise` does), else by its letter
    (``C``), else by its number from 1."""
    key = normalise(spec)
    for index, header in enumerate(headers):
        if header.strip() == spec.strip():
            return index
    for index, header in enumerate(headers):
        if key and normalise(header) == key:
            return index
    spec = spec.strip()
    if _LETTERS.match(spec):
        index = 0
        for ch in spec.upper():
            index = index * 26 + ord(ch) - ord("A") + 1
        return index - 1 if index <= len(headers) else None
    if spec.isdigit() and 1 <= int(spec) <= len(headers):
        return int(spec) - 1
    return None


def parse_map(specs: Sequence[str], headers: Sequence[str], fields: Sequence[Field],
              automatic: Mapping[str, int]) -> dict[str, int]:
    """The automatic mapping with ``COLUMN=FIELD`` pairs laid over it (``--map 评价=satisfaction``,
    ``--map C=date``, ``--map 3=date``; ``COLUMN=`` leaves a column unused).

    Raises
    ------
    SheetError
        A pair without ``=``, a column that is not there, a field the importer does not know.
    """
    known = {f.id for f in fields}
    mapping = dict(automatic)
    for spec in specs:
        column, eq, field_id = spec.rpartition("=")
        if not eq or not column.strip():
            raise SheetError("bad_map", spec=spec)
        index = _column_of(column, headers)
        if index is None:
            raise SheetError("unknown_column", column=column.strip(), known="、".join(h for h in headers if h))
        field_id = field_id.strip()
        mapping = {f: c for f, c in mapping.items() if c != index}
        if not field_id:
            continue
        if field_id not in known:
            raise SheetError("unknown_field", field=field_id, known=", ".join(sorted(known)))
        mapping[field_id] = index
    return mapping


def require(mapping: Mapping[str, int], fields: Sequence[Field]) -> None:
    """Raise :class:`SheetError` naming the first required field with no column."""
    for f in fields:
        if f.required and f.id not in mapping:
            raise SheetError("missing_column", field=f.id)


def preview_rows(table: Table, mapping: Mapping[str, int], fields: Sequence[Field], lang: str,
                 limit: int = 5) -> list[dict[str, str]]:
    """The first ``limit`` rows as the importer will read them: the line, then each mapped field (in the
    importer's order, named in ``lang``) with its cell's text."""
    mapped = [f for f in fields if f.id in mapping]
    return [{t("sheets.line", lang): str(row.line), **{f.label(lang): cell_text(row.get(mapping[f.id]))
                                                        for f in mapped}}
            for row in table.rows[:limit]]


def mapping_text(table: Table, mapping: Mapping[str, int], fields: Sequence[Field], lang: str) -> str:
    """``接触点 (A) → 接触点, 评分 (C) → 满意度``: which column each field is read from."""
    return t("words.list_sep", lang).join(
        t("sheets.mapped", lang, column=table.headers[mapping[f.id]], letter=column_letter(mapping[f.id]),
          field=f.label(lang))
        for f in sorted((f for f in fields if f.id in mapping), key=lambda f: mapping[f.id]))


def how_read(table: Table, lang: str) -> str:
    """How the file was read: the encoding of a CSV, the sheet of a workbook, and the number of rows."""
    if table.sheet is not None:
        return t("sheets.read_sheet", lang, sheet=table.sheet, count=len(table.rows))
    return t("sheets.read_csv", lang, encoding=table.encoding or "", count=len(table.rows))
