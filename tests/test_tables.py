"""The service post standards table: CSV read back with :mod:`csv`, XLSX reopened with openpyxl (its print
layout is checked in test_xlsx.py)."""

from __future__ import annotations

import csv
import io
import zipfile

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings

from exports.tables import (
    COLUMNS,
    CREATOR,
    FIXED_TIME,
    ILLEGAL_CHARACTERS_RE,
    Cell,
    headers,
    neutralise,
    standard_rows,
    standards_csv,
    standards_xlsx,
)
from journeys.catalog import list_templates, load_template
from journeys.formatting import exact
from journeys.graph import display_order
from journeys.model import Journey

from .strategies import journeys

TEMPLATES = sorted({(t.id, t.locale) for t in list_templates()})
INJECTIONS = ['=HYPERLINK("http://x","y")', "+1", "-2", "@SUM(A1)", "\tTAB", "\rCR"]
TRICKY = ["迎宾问候 😀", 'say "hello", then wave', "line one\nline two", "a, b; c", "\u200f右到左 mark", "1.50"]


def read_csv(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "CSV must start with a UTF-8 BOM for Excel"
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def read_xlsx(data: bytes) -> list[list[Cell]]:
    wb = openpyxl.load_workbook(io.BytesIO(data))
    ws = wb.active
    return [["" if c.value is None else c.value for c in row] for row in ws.iter_rows()]


def journey_with(texts: list[str], owner: str = "值班经理") -> Journey:
    return Journey.model_validate({
        "format": "mot-journey/1", "id": "j", "title": "T",
        "stages": [{"id": "s", "name": "到达"}],
        "touchpoints": [{
            "id": "a", "stage": "s", "name": "迎宾", "owner": owner,
            "standards": [{"text": t, "kind": "soft", "dimension": "empathy"} for t in texts],
        }],
    })


def expected_cells(journey: Journey, lang: str) -> list[list[str]]:
    """The CSV's cells: text neutralised, a target's value as typed."""
    return [headers(lang)] + [[exact(v) if isinstance(v, float) else neutralise(v) for v in row.values()]
                              for row in standard_rows(journey, lang)]


def expected_sheet(journey: Journey, lang: str) -> list[list[Cell]]:
    """The sheet's cells: text as typed (no apostrophe), a target's value a number."""
    return [list(headers(lang))] + [list(row.values()) for row in standard_rows(journey, lang)]


def test_headers_in_both_languages() -> None:
    assert headers("zh") == ["环节", "接触点", "服务标准", "类型", "服务质量维度", "Kano 层次", "目标指标", "比较",
                             "目标值", "单位", "A角", "B角"]
    assert headers("zh-CN") == headers("zh")
    assert headers("en")[:5] == ["Stage", "Touchpoint", "Standard", "Kind", "SERVQUAL dimension"]
    assert headers("en")[-2:] == ["Owner", "Backup"]


def test_rows_follow_display_order_and_label_values() -> None:
    journey = load_template("business-hall", "zh-CN")
    rows = standard_rows(journey, "zh")
    assert len(rows) == sum(len(tp.standards) for tp in journey.touchpoints)
    assert all(list(row) == list(COLUMNS) for row in rows)
    expected = [journey.touchpoint(n) for n in display_order(journey)]
    names = [tp.name for tp in expected for _ in tp.standards]
    assert [row["touchpoint"] for row in rows] == names
    greet = next(row for row in rows if row["standard"] == "客户进门10步内主动问候")
    assert [greet[c] for c in ("metric", "comparator", "value", "unit")] == ["问候距离", "≤", 10.0, "步"]
    assert greet["kind"] == "硬标准"
    assert greet["dimension"] == "响应性"
    assert {row["kind"] for row in rows} <= {"硬标准", "软标准"}


def test_english_rows_use_english_labels() -> None:
    rows = standard_rows(load_template("business-hall", "en"), "en")
    assert {row["kind"] for row in rows} <= {"Hard", "Soft"}
    assert {row["dimension"] for row in rows} <= {"Tangibles", "Reliability", "Responsiveness", "Assurance", "Empathy"}


@pytest.mark.parametrize(("op", "value", "unit", "cells", "csv_cells"), [
    ("<=", 10.0, "步", ["距离", "≤", 10.0, "步"], ["距离", "≤", "10", "步"]),
    ("<", 2.5, "分钟", ["距离", "<", 2.5, "分钟"], ["距离", "<", "2.5", "分钟"]),
    ("=", 0.0, None, ["距离", "=", 0.0, ""], ["距离", "'=", "0", ""]),
    (">=", 95.0, "%", ["距离", "≥", 95.0, "%"], ["距离", "≥", "95", "%"]),
    (">", -3.0, " ", ["距离", ">", -3.0, ""], ["距离", ">", "-3", ""]),
    (">", 0.00001, "s", ["距离", ">", 0.00001, "s"], ["距离", ">", "0.00001", "s"]),
])
def test_target_in_four_columns(op: str, value: float, unit: str | None, cells: list[Cell],
                                csv_cells: list[str]) -> None:
    journey = Journey.model_validate({
        "format": "mot-journey/1", "id": "j", "title": "T", "stages": [{"id": "s", "name": "S"}],
        "touchpoints": [{"id": "a", "stage": "s", "name": "A", "standards": [{
            "text": "x", "kind": "hard", "dimension": "reliability", "kano": "delight",
            "target": {"metric": "距离", "op": op, "value": value, "unit": unit}}]}],
    })
    row = standard_rows(journey, "zh")[0]
    target = slice(COLUMNS.index("metric"), COLUMNS.index("unit") + 1)
    assert list(row.values())[target] == cells
    assert row["kano"] == "惊喜"
    assert row["owner"] == row["backup"] == ""
    # The CSV writes the value as typed (a comparator "=" is neutralised like any text); the sheet holds a
    # number cell, shown with as many decimals as typed.
    assert read_csv(standards_csv(journey, "zh"))[1][target] == csv_cells
    sheet = openpyxl.load_workbook(io.BytesIO(standards_xlsx(journey, "zh"))).active
    number = sheet.cell(2, COLUMNS.index("value") + 1)
    assert number.data_type == "n"
    assert number.value == value
    assert number.number_format == ("0" if value.is_integer() else "0." + "0" * len(exact(value).split(".")[1]))


@pytest.mark.parametrize(("template", "locale"), TEMPLATES)
def test_csv_and_xlsx_read_back_cell_for_cell(template: str, locale: str) -> None:
    journey = load_template(template, locale)
    lang = locale[:2]
    expected = expected_cells(journey, lang)
    assert read_csv(standards_csv(journey, lang)) == expected
    assert read_xlsx(standards_xlsx(journey, lang)) == expected_sheet(journey, lang)


def test_formula_injection_is_neutralised_in_both_files() -> None:
    journey = journey_with(INJECTIONS, owner="=cmd|' /C calc'!A0")
    body = read_csv(standards_csv(journey, "zh"))[1:]
    assert [r[COLUMNS.index("standard")] for r in body] == ["'" + t for t in INJECTIONS]
    assert {r[COLUMNS.index("owner")] for r in body} == {"'=cmd|' /C calc'!A0"}
    # The workbook shows the text as typed, in string cells that keep it text when edited (quote prefix).
    body = read_xlsx(standards_xlsx(journey, "zh"))[1:]
    assert [r[COLUMNS.index("standard")] for r in body] == INJECTIONS
    assert {r[COLUMNS.index("owner")] for r in body} == {"=cmd|' /C calc'!A0"}
    wb = openpyxl.load_workbook(io.BytesIO(standards_xlsx(journey, "zh")))
    for row in wb.active.iter_rows():
        for cell in row:
            assert cell.value is None or (cell.data_type == "s" and cell.quotePrefix), cell.coordinate
    # No formula element anywhere in the sheet XML.
    with zipfile.ZipFile(io.BytesIO(standards_xlsx(journey, "zh"))) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet and "<f " not in sheet


def test_harmless_text_is_untouched() -> None:
    assert neutralise("迎宾") == "迎宾"
    assert neutralise("a=b") == "a=b"
    assert neutralise("") == ""


def test_tricky_text_survives_as_typed() -> None:
    journey = journey_with(TRICKY, owner='Lee, "Boss"')
    for rows in (read_csv(standards_csv(journey, "en")), read_xlsx(standards_xlsx(journey, "en"))):
        assert [r[COLUMNS.index("standard")] for r in rows[1:]] == TRICKY
        assert all(isinstance(cell, str) for r in rows[1:] for cell in r)
        assert {r[COLUMNS.index("owner")] for r in rows[1:]} == {'Lee, "Boss"'}


def test_csv_rows_end_with_crlf_and_quote_line_breaks() -> None:
    data = standards_csv(journey_with(["line one\nline two"]), "zh").decode("utf-8-sig")
    assert data.endswith("\r\n")
    assert '"line one\nline two"' in data


def test_xlsx_layout() -> None:
    journey = load_template("business-hall", "zh-CN")
    wb = openpyxl.load_workbook(io.BytesIO(standards_xlsx(journey, "zh")))
    ws = wb.active
    rows = standard_rows(journey, "zh")
    assert ws.title == "岗位服务标准"
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == f"A1:L{len(rows) + 1}"
    assert all(cell.font.bold for cell in ws[1])
    assert all(cell.alignment.wrap_text for row in ws.iter_rows() for cell in row)
    widths = [ws.column_dimensions[letter].width for letter in "ABCDEFGHIJKL"]
    assert all(6 <= w <= 44 for w in widths)
    assert widths[2] > widths[3], "the standard column is wider than the kind column"
    assert wb.properties.creator == CREATOR
    assert wb.properties.created == FIXED_TIME
    assert wb.properties.modified == FIXED_TIME


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_output_is_deterministic(lang: str) -> None:
    a = load_template("business-hall", "zh-CN" if lang == "zh" else "en")
    b = load_template("business-hall", "zh-CN" if lang == "zh" else "en")
    assert standards_csv(a, lang) == standards_csv(b, lang)
    assert standards_xlsx(a, lang) == standards_xlsx(b, lang)


def test_empty_journey_gives_header_only() -> None:
    journey = journey_with([])
    assert read_csv(standards_csv(journey, "en")) == [headers("en")]
    assert read_xlsx(standards_xlsx(journey, "en")) == [headers("en")]
    assert openpyxl.load_workbook(io.BytesIO(standards_xlsx(journey, "en"))).active.print_title_rows == "$1:$1"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(journeys)
def test_any_journey_reads_back_from_csv(journey: Journey) -> None:
    assert read_csv(standards_csv(journey, "zh")) == expected_cells(journey, "zh")


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(journeys)
def test_any_journey_makes_a_readable_xlsx(journey: Journey) -> None:
    rows = read_xlsx(standards_xlsx(journey, "en"))
    assert len(rows) == 1 + sum(len(tp.standards) for tp in journey.touchpoints)
    # Every text as typed but for what XML cannot carry.
    # (a number keeps the 15 significant digits a spreadsheet keeps).
    assert rows == [[ILLEGAL_CHARACTERS_RE.sub("", c) if isinstance(c, str) else pytest.approx(c, rel=1e-15)
                     for c in row] for row in expected_sheet(journey, "en")]


def test_xml_non_characters_are_dropped_from_the_workbook() -> None:
    # Found by the property test: openpyxl refuses U+FFFE and U+FFFF, which a stage name may contain.
    import io

    import openpyxl

    from journeys.model import Journey

    journey = Journey.model_validate({
        "format": "mot-journey/1", "id": "x", "title": "T\uffff", "stages": [{"id": "s", "name": "到\ufffe店"}],
        "touchpoints": [{"id": "a", "stage": "s", "name": "迎宾", "standards": [
            {"text": "10步内问候", "kind": "soft", "dimension": "empathy"}]}],
    })
    sheet = openpyxl.load_workbook(io.BytesIO(standards_xlsx(journey, "zh"))).active
    assert sheet.cell(2, 1).value == "到店"
