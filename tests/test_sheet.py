"""A journey from a spreadsheet: stages, touchpoints, links and standards; the standards table reads back."""

from __future__ import annotations

from typing import Any

import pytest

from exports.tables import standards_csv, standards_xlsx
from journeys import catalog
from journeys.model import Journey
from journeys.sheet import FIELDS, read_sheet
from journeys.tabular import match_columns, read_table, row_messages

TEMPLATES = [(info.id, info.locale) for info in catalog.list_templates()]


def standards_by_touchpoint(journey: Journey) -> dict[tuple[str, str], list[dict[str, Any]]]:
    stages = {s.id: s.name for s in journey.stages}
    out: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for tp in journey.touchpoints:
        if tp.standards:
            key = (stages[tp.stage], tp.name)
            assert key not in out, f"{key} twice: the table could not tell them apart"
            out[key] = [{"text": s.text, "kind": s.kind, "dimension": s.dimension, "kano": s.kano,
                         "target": None if s.target is None else (s.target.metric, s.target.op, s.target.value,
                                                                   (s.target.unit or "").strip() or None)}
                        for s in tp.standards]
    return out


def from_bytes(data: bytes, name: str, **options: Any) -> Any:
    table = read_table(data, name)
    return read_sheet(table, match_columns(table.headers, FIELDS), title=options.pop("title", "t"), **options)


@pytest.mark.parametrize(("template", "locale"), TEMPLATES)
@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_the_standards_table_export_imports_back_to_the_same_standards(template: str, locale: str, lang: str,
                                                                       kind: str) -> None:
    journey = catalog.load_template(template, locale)
    data = standards_csv(journey, lang) if kind == "csv" else standards_xlsx(journey, lang)
    read = from_bytes(data, f"standards.{kind}")
    assert read.problems == []
    assert standards_by_touchpoint(read.journey) == standards_by_touchpoint(journey)
    owners = {tp.name: (tp.owner, tp.backup) for tp in journey.touchpoints if tp.standards}
    assert {tp.name: (tp.owner, tp.backup) for tp in read.journey.touchpoints} == owners


def test_a_touchpoint_list_becomes_a_linked_journey() -> None:
    text = (
        "环节,接触点,渠道,A角,B角,时刻,期望得分,感知得分,服务标准,维度,目标指标,比较,目标值,单位,客户期望,来源\n"
        "到达,迎宾问候,面对面,值班经理,营业员,关键时刻、峰值,3,4,客户进门10步内主动问候,响应性,问候距离,≤,10,步,"
        "进门有人招呼,过往经历\n"
        ",取号,App,,,mot,,,,,,,,,,\n"
        "办理,业务办理,in-person,柜员,,!end pain,4,2,一次告知所需材料,reliability,,,,,,\n"
        "到达,离开引导,Phone,,,,,,,,,,,,,\n"
        ",,,,,,,,耐心解答疑问,assurance,,,,,,\n"
    )
    read = from_bytes(text.encode("utf-8"), "list.csv", title="营业厅")
    assert read.problems == []
    j = read.journey
    assert (j.id, j.title, j.locale) == ("营业厅", "营业厅", "zh-CN")
    assert [(s.id, s.name) for s in j.stages] == [("到达", "到达"), ("办理", "办理")]
    assert [(tp.id, tp.stage, tp.channel, tp.moments) for tp in j.touchpoints] == [
        ("迎宾问候", "到达", "in-person", ["mot", "peak"]), ("取号", "到达", "app", ["mot"]),
        ("业务办理", "办理", "in-person", ["end", "pain"]), ("离开引导", "到达", "phone", [])]
    assert [(e.source, e.target) for e in j.edges] == [("迎宾问候", "取号"), ("取号", "业务办理"),
                                                       ("业务办理", "离开引导")]
    greet, _, serve, leave = j.touchpoints
    assert (greet.owner, greet.backup, greet.expected, greet.perceived) == ("值班经理", "营业员", 3, 4)
    hard = greet.standards[0]
    assert (hard.kind, hard.dimension, hard.target and hard.target.model_dump()) == (
        "hard", "responsiveness", {"metric": "问候距离", "op": "<=", "value": 10.0, "unit": "步"})
    assert [(e.text, e.source) for e in greet.expectations] == [("进门有人招呼", "past-experience")]
    assert [(s.kind, s.dimension) for s in serve.standards] == [("soft", "reliability")]
    assert [s.text for s in leave.standards] == ["耐心解答疑问"]  # a merged cell continues the touchpoint
    assert read.lines == {"迎宾问候": 2, "取号": 3, "业务办理": 4, "离开引导": 5}


def test_no_stage_column_gives_one_stage_and_english_ids() -> None:
    read = from_bytes(b"Step,Owner\nGreet the customer,Guide\nTake a number,\n", "s.csv", title="Hall visit",
                      journey_id="hall")
    j = read.journey
    assert (j.id, j.locale, [s.name for s in j.stages]) == ("hall", "en", ["Before"])
    assert [tp.id for tp in j.touchpoints] == ["greet-the-customer", "take-a-number"]


def test_each_bad_row_is_named_and_left_out() -> None:
    text = (
        "环节,接触点,渠道,感知得分,服务标准,类型,维度,Kano 层次,目标指标,比较,目标值,A角\n"
        "到达,迎宾,传真,4,,,,,,,,张三\n"
        "到达,取号,,七,,,,,,,,\n"
        "到达,办理,,,主动问候,中,温度,极好,距离,约,十,\n"
        "到达,迎宾2,,,主动问候,硬,可靠性,,时长,,,\n"
        "到达,迎宾3,,,,硬,,,,,,\n"
        "到达,迎宾4,,,,,,,,,,李四\n"
        "到达,迎宾4,,,,,,,,,,王五\n"
        "到达,,,,,,,,,,,\n"
        ",好的,,,,,,,,,,\n"
    )
    read = from_bytes(text.encode("gb18030"), "s.csv")
    assert row_messages(read.problems, "zh") == [
        "第 2 行，“渠道”列：应为渠道（面对面、电话、网上、App、上门/配送、其他），实为“传真”",
        "第 3 行，“感知得分”列：应为 1–5 的分数，实为“七”",
        "第 4 行，“比较”列：应为比较符（< ≤ = ≥ >），实为“约”、“目标值”列：应为数值，实为“十”、“类型”列：应为 硬、"
        "软（硬标准、软标准）或 hard、soft，实为“中”、“维度”列：应为服务质量维度（有形性、可靠性、响应性、保证性、"
        "移情性），实为“温度”、“Kano 层次”列：应为 Kano 层次（理所当然、满足、惊喜），实为“极好”",
        "第 5 行，“比较”列：目标应同时写明指标、比较符和目标值，此项为空、“目标值”列：目标应同时写明指标、比较符和"
        "目标值，此项为空",
        "第 6 行，“服务标准”列：写了标准的类型、维度或目标，但缺少标准内容",
        "第 8 行，“A角”列：与第 7 行的同一接触点不一致（本行为“王五”）",
        "第 9 行，“接触点”列：应为接触点名称，实为空",
    ]
    assert [tp.name for tp in read.journey.touchpoints] == ["迎宾4", "好的"]
    assert read.journey.touchpoints[0].owner == "李四"
    assert row_messages(read.problems, "en")[1] == "line 3, column “感知得分”: expected a score from 1 to 5, found “七”"
