"""Reading CSV and XLSX tables, matching their columns, and the messages of bad files and bad rows."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from journeys import survey
from journeys.tabular import (
    MAX_ROWS,
    RowProblem,
    SheetError,
    cell_text,
    column_letter,
    how_read,
    match_columns,
    normalise,
    parse_map,
    read_table,
    row_messages,
)

# Chinese, Latin and digits, commas, quotes and line breaks inside cells; no NUL, no lone surrogate, and only
# characters GB18030 can hold (all of Unicode but surrogates).
# Any text but one the standards export wrote for a formula-like cell ("'=…": read back without its
# apostrophe, which the standards round trip tests).
_cell = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")) | st.sampled_from(
    list("接触点满意度，“”、,\"\n '=")), max_size=12).filter(lambda c: not (c[:1] == "'" and c[1:2] in "=+-@"))


def _csv(rows: list[list[str]], delimiter: str = ",") -> str:
    import csv

    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue()


@pytest.mark.parametrize(("encoding", "reported"), [("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"),
                                                    ("gb18030", "gb18030")])
@settings(max_examples=40, deadline=None)
@given(body=st.lists(st.lists(_cell, min_size=3, max_size=3), max_size=6))
def test_each_encoding_round_trips_chinese_headers_and_values(encoding: str, reported: str,
                                                              body: list[list[str]]) -> None:
    header = ["接触点", "满意度", "日期"]
    rows = [header, ["迎宾问候", "5", "2026年7月1日"], *body]
    table = read_table(_csv(rows).encode(encoding), "s.csv")
    kept = [r for r in rows[1:] if any(c.strip() for c in r)]
    assert table.headers == tuple(header)
    assert [list(r.cells) for r in table.rows] == kept
    # A body that is plain ASCII is the same bytes in UTF-8 and GB18030: UTF-8 is tried first.
    assert table.encoding == reported or (reported == "gb18030" and _csv(rows).encode("gb18030")
                                          == _csv(rows).encode("utf-8"))


def test_gb18030_is_reported_and_a_file_in_neither_encoding_is_refused() -> None:
    table = read_table("触点;评分\n迎宾;4\n".encode("gb18030"), "s.csv")
    assert (table.encoding, table.headers, table.rows[0].cells) == ("gb18030", ("触点", "评分"), ("迎宾", "4"))
    assert how_read(table, "zh") == "按 gb18030 编码读取，共 1 行数据"
    with pytest.raises(SheetError) as caught:
        read_table(b"\xff\xfe\x00\xd8a,b\n", "s.csv")
    assert caught.value.key == "encoding"
    assert "GB18030" in caught.value.message("zh")


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_the_delimiter_is_sniffed(delimiter: str) -> None:
    text = _csv([["touchpoint", "score", "date"], ["Greet, warmly", "4", "2026-07-01"], ["Queue", "3", ""]],
                delimiter)
    table = read_table(text.encode(), "s.csv")
    assert table.headers == ("touchpoint", "score", "date")
    assert table.rows[0].cells == ("Greet, warmly", "4", "2026-07-01")


def test_line_numbers_are_the_files_own_empty_rows_skipped() -> None:
    text = 'touchpoint,score\r\ngreet,4\r\n,\r\n\r\n"two\r\nlines",5\r\nqueue,3\r\n'
    table = read_table(text.encode(), "s.csv")
    assert [(r.line, r.cells) for r in table.rows] == [(2, ("greet", "4")), (5, ("two\r\nlines", "5")),
                                                       (7, ("queue", "3"))]


def test_short_and_long_rows_are_fitted_to_the_header() -> None:
    table = read_table(b"a,b,c\n1\n1,2,3,4\n", "s.csv")
    assert [r.cells for r in table.rows] == [("1", None, None), ("1", "2", "3")]


def _workbook(sheets: dict[str, list[list[object]]]) -> bytes:
    wb = Workbook()
    first = True
    for name, rows in sheets.items():
        ws = wb.active if first else wb.create_sheet()
        assert ws is not None
        ws.title = name
        first = False
        for row in rows:
            ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _with_formula(data: bytes, value: str, formula: str) -> bytes:
    """The workbook with the cell holding ``value`` turned into a formula whose last result is ``value``
    (as a spreadsheet saves it: openpyxl writes formulas without results)."""
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            content = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                content = re.sub(rf"<v>{value}</v>".encode(), f"<f>{formula}</f><v>{value}</v>".encode(), content)
            target.writestr(item, content)
    return out.getvalue()


def test_xlsx_first_or_named_sheet_dates_as_dates_formulas_as_values() -> None:
    data = _workbook({
        "说明": [["这是说明"]],
        "答卷": [["接触点", "满意度", "日期"], ["迎宾", 4, dt.datetime(2026, 7, 1)], [None, None, None],
                 ["取号", 17, dt.datetime(2026, 9, 30, 10, 30)]],
    })
    assert read_table(data, "s.xlsx").headers == ("这是说明",)
    table = read_table(_with_formula(data, "17", "2+3"), "s.xlsx", sheet="答卷")
    assert (table.sheet, table.sheets) == ("答卷", ("说明", "答卷"))
    assert [(r.line, r.cells) for r in table.rows] == [(2, ("迎宾", 4, dt.datetime(2026, 7, 1))),
                                                       (4, ("取号", 17, dt.datetime(2026, 9, 30, 10, 30)))]
    assert [cell_text(c) for c in table.rows[0].cells] == ["迎宾", "4", "2026-07-01"]
    assert survey.parse_date(table.rows[1].cells[2]) == dt.date(2026, 9, 30)
    with pytest.raises(SheetError) as caught:
        read_table(data, "s.xlsx", sheet="Sheet9")
    assert caught.value.message("en") == "the workbook has no sheet “Sheet9” (it has: 说明、答卷)"


def test_the_cached_result_of_a_formula_is_read() -> None:
    data = _with_formula(_workbook({"S": [["touchpoint", "score"], ["greet", 4]]}), "4", "2*2")
    assert b"<f>2*2</f>" in zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")
    assert read_table(data, "s.xlsx").rows[0].cells == ("greet", 4)


def test_limits_size_rows_and_broken_files() -> None:
    from journeys.fileformat import MAX_UPLOAD_MB

    with pytest.raises(SheetError) as caught:
        read_table(b"a\n" + b"x" * (MAX_UPLOAD_MB * 2**20), "s.csv")
    assert caught.value.key == "too_big"
    assert f"{MAX_UPLOAD_MB} MB" in caught.value.message("zh")
    with pytest.raises(SheetError) as caught:
        read_table(b"a\n" + b"1\n" * 11, "s.csv", max_rows=10)
    assert caught.value.message("en") == "too many rows: at most 10 data rows; split the file"
    assert len(read_table(b"a\n" + b"1\n" * 10, "s.csv", max_rows=10).rows) == 10
    assert MAX_ROWS >= 10_000
    for data in (b"", b"\n,\n\n"):
        with pytest.raises(SheetError) as caught:
            read_table(data, "s.csv")
        assert caught.value.key == "empty"
    with pytest.raises(SheetError) as caught:
        read_table(b"PK\x03\x04 not really a zip", "s.xlsx")
    assert caught.value.key == "bad_xlsx"


def test_headers_match_in_either_language_ignoring_case_space_punctuation_and_width() -> None:
    headers = ["  客户细分 ", "ＮＰＳ（0-10）", "Touch-Point", "Overall satisfaction (1–5)", "提交时间", "备注"]
    assert match_columns(headers, survey.FIELDS) == {"segment": 0, "recommend": 1, "touchpoint": 2,
                                                     "satisfaction": 3, "date": 4}
    english = ["Step", "How likely are you to recommend us to a friend?", "Score", "Date", "Segment"]
    assert match_columns(english, survey.FIELDS) == {"touchpoint": 0, "recommend": 1, "satisfaction": 2,
                                                     "date": 3, "segment": 4}
    assert match_columns(["触点", "评分", "日期", "客群"], survey.FIELDS) == {
        "touchpoint": 0, "satisfaction": 1, "date": 2, "segment": 3}
    # "NPS score" is the recommend question, though it holds "score": recommend's keywords are tried first.
    assert match_columns(["NPS score", "Overall score"], survey.FIELDS) == {"recommend": 0, "satisfaction": 1}
    assert normalise("满意度（％）") == normalise("满意度 %") == "满意度"
    # A column serves one field: two satisfaction-like columns give the first; the second stays free.
    assert match_columns(["满意度", "满意度"], survey.FIELDS) == {"satisfaction": 0}


def test_a_manual_mapping_by_header_letter_or_number() -> None:
    headers = ["接触点", "感受", "时间", "A"]
    auto = match_columns(headers, survey.FIELDS)
    assert auto == {"touchpoint": 0, "date": 2}
    assert parse_map(["感受=satisfaction"], headers, survey.FIELDS, auto)["satisfaction"] == 1
    assert parse_map(["B=satisfaction"], headers, survey.FIELDS, auto)["satisfaction"] == 1
    assert parse_map(["2=satisfaction", "3=segment"], headers, survey.FIELDS, auto) == {
        "touchpoint": 0, "satisfaction": 1, "segment": 2}
    assert parse_map(["A=recommend"], headers, survey.FIELDS, auto)["recommend"] == 3  # the header "A" first
    assert parse_map(["时间="], headers, survey.FIELDS, auto) == {"touchpoint": 0}
    assert parse_map([" 接触点 =segment"], headers, survey.FIELDS, auto) == {"segment": 0, "date": 2}
    for spec, key in (("感受", "bad_map"), ("Z=date", "unknown_column"), ("9=date", "unknown_column"),
                      ("感受=mood", "unknown_field")):
        with pytest.raises(SheetError) as caught:
            parse_map([spec], headers, survey.FIELDS, auto)
        assert caught.value.key == key
    assert column_letter(27) == "AB"


def test_a_bad_row_says_line_column_and_what_was_expected_in_each_language() -> None:
    problems = [RowProblem(7, "满意度", "score", {"found": "很好"}),
                RowProblem(3, "日期", "date", {"found": "昨天"}),
                RowProblem(7, "推荐意愿", "recommend", {"found": "11"})]
    assert row_messages(problems, "zh") == [
        "第 3 行，“日期”列：应为日期（如 2026-07-01、2026/7/1 或 2026年7月1日），实为“昨天”",
        "第 7 行，“满意度”列：应为 1–5 的分数或百分比，实为“很好”、“推荐意愿”列：应为 0–10 的整数，实为“11”",
    ]
    assert row_messages(problems[:1], "en") == [
        "line 7, column “满意度”: expected a score 1–5 or a percentage, found “很好”"]


def test_a_cell_the_export_neutralised_reads_back_as_typed() -> None:
    """The standards export writes a formula-like text with an apostrophe before it (so a spreadsheet shows
    it as text); reading takes that apostrophe off again, and only that one."""
    rows = [["接触点", "服务标准"], ["迎宾", "'=SUM(A1)"], ["取号", "'-5 分钟内"], ["离开", "'好的"]]
    table = read_table(_csv(rows).encode("utf-8"), "s.csv")
    assert [list(r.cells) for r in table.rows] == [["迎宾", "=SUM(A1)"], ["取号", "-5 分钟内"], ["离开", "'好的"]]
