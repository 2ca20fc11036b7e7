"""Survey import: responses read against a journey, the figures per touchpoint and the NPS, written in."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from journeys.model import Journey
from journeys.survey import (
    FIELDS,
    Response,
    apply_survey,
    figures_json,
    is_percent_column,
    nps_figures,
    read_survey,
    touchpoint_figures,
)
from journeys.tabular import Row, Table, match_columns, row_messages

HEADERS = ("接触点", "满意度", "推荐意愿", "日期", "客群")


def table(*rows: tuple[Any, ...], headers: tuple[str, ...] = HEADERS) -> Table:
    return Table(headers, tuple(Row(i, tuple(r)) for i, r in enumerate(rows, start=2)))


def read(journey: Journey, t: Table, **options: Any):  # type: ignore[no-untyped-def]
    return read_survey(t, match_columns(t.headers, FIELDS), journey, **options)


@pytest.fixture
def journey(doc: dict[str, Any]) -> Journey:
    doc["touchpoints"][0]["emotion"] = {"expected": 4, "perceived": 3}
    doc["touchpoints"][0]["satisfaction"] = {"score": 70, "benchmark": 80.4}
    doc["touchpoints"][2]["emotion"] = {"expected": 3, "perceived": 2, "evidence": "workshop", "n": 9}
    return Journey.model_validate(doc)


def test_figures_per_touchpoint_and_nps_written_into_the_journey(journey: Journey) -> None:
    got = read(journey, table(
        ("greet", "5", "10", "2026-07-01", "上班族"),
        ("迎宾问候", "4", "9", "2026/9/30", "上班族"),
        ("迎宾问候", "2", "3", "2026年8月1日", "老人"),
        ("取号排队", "3", "7", "", "上班族"),
    ))
    assert got.problems == [] and got.unmatched == []
    assert figures_json(got) == {
        "touchpoints": {
            "greet": {"n": 3, "perceived": 3.67, "satisfaction": 66.7, "period": "2026-07-01 – 2026-09-30"},
            "queue": {"n": 1, "perceived": 3.0, "satisfaction": 0.0, "period": None},
        },
        "nps": {"score": 25.0, "n": 4, "promoters": 2, "detractors": 1},
        "unmatched": [],
    }
    after = apply_survey(journey, got)
    greet, queue, counter = after.touchpoints
    assert greet.emotion is not None and greet.emotion.model_dump() == {
        "expected": 4, "perceived": 3.67, "evidence": "survey", "n": 3, "period": "2026-07-01 – 2026-09-30"}
    assert greet.satisfaction is not None and greet.satisfaction.model_dump() == {"score": 66.7, "benchmark": 80.4}
    assert queue.emotion is not None and (queue.emotion.expected, queue.emotion.perceived) == (None, 3.0)
    assert counter == journey.touchpoints[2]  # no responses: unchanged
    assert after.nps is not None and after.nps.model_dump() == {
        "score": 25.0, "n": 4, "promoters": 2, "detractors": 1, "period": "2026-07-01 – 2026-09-30"}


def test_the_percentage_rule_and_its_conversion(journey: Journey) -> None:
    assert is_percent_column(["80", "60", "100", "3"]) and is_percent_column(["4", "5", "3%"])
    assert not is_percent_column(["4", "5", "6"])
    assert not is_percent_column(["4", "5", "3"]) and not is_percent_column(["80", "120"])
    got = read(journey, table(("greet", "75"), ("greet", "50"), ("greet", "100"), ("queue", "0"),
                              headers=("接触点", "满意度")))
    assert got.percent
    figures = got.touchpoints()
    # 0% -> 1, 50% -> 3, 75% -> 4 (top-2 box), 100% -> 5
    assert (figures["greet"].perceived, figures["greet"].satisfaction) == (4.0, 66.7)
    assert figures["queue"].perceived == 1.0
    signed = read(journey, table(("greet", "4"), ("greet", "80%"), headers=("接触点", "满意度")))
    assert signed.percent and signed.touchpoints()["greet"].perceived == round((1 + 0.16 + 1 + 3.2) / 2, 2)


def test_bad_rows_unmatched_and_ambiguous_names(doc: dict[str, Any]) -> None:
    doc["touchpoints"][1]["name"] = "迎宾问候"
    journey = Journey.model_validate(doc)
    got = read(journey, table(
        ("迎宾问候", "4", "", "", ""),
        ("greet", "很好", "", "", ""),
        ("greet", "4", "11", "昨天", ""),
        ("柜台", "4", "", "", ""),
        ("", "4", "", "", ""),
        ("counter", "6", "", "", ""),
    ))
    assert got.unmatched == [5]
    assert got.bad_lines == [2, 3, 4, 6, 7]
    assert row_messages(got.problems, "zh") == [
        "第 2 行，“接触点”列：名称“迎宾问候”对应多个接触点（greet、queue）：请改用编号",
        "第 3 行，“满意度”列：应为 1–5 的分数或百分比，实为“很好”",
        "第 4 行，“推荐意愿”列：应为 0–10 的整数，实为“11”、“日期”列：应为日期（如 2026-07-01、2026/7/1 或 "
        "2026年7月1日），实为“昨天”",
        "第 6 行，“接触点”列：应为接触点的编号或名称，实为空",
        "第 7 行，“满意度”列：应为 1–5 的分数或百分比，实为“6”",
    ]
    assert got.responses == []  # a bad row gives nothing: skipping it leaves the good ones only
    assert figures_json(got) == {"touchpoints": {}, "nps": None, "unmatched": [5]}


def test_a_segment_filter(journey: Journey) -> None:
    got = read(journey, table(("greet", "5", "", "", "上班族"), ("greet", "1", "", "", "老人"),
                              ("greet", "很好", "", "", "老人")), segment="上班族")
    assert got.problems == [] and got.touchpoints()["greet"].n == 1


responses = st.lists(st.builds(
    Response, line=st.integers(2, 999), touchpoint=st.sampled_from(["greet", "queue", "counter"]),
    score=st.sampled_from([1.0, 2.0, 3.0, 4.0, 5.0, 3.5, 4.2]), recommend=st.none() | st.integers(0, 10),
    date=st.none() | st.dates(dt.date(2025, 1, 1), dt.date(2027, 1, 1))), max_size=40)


@settings(max_examples=200, deadline=None)
@given(rs=responses)
def test_aggregation_matches_a_straightforward_recompute(rs: list[Response]) -> None:
    figures = touchpoint_figures(rs)
    assert set(figures) == {r.touchpoint for r in rs}
    for tp_id, f in figures.items():
        mine = [r for r in rs if r.touchpoint == tp_id]
        assert f.n == len(mine)
        assert f.perceived == round(sum(r.score for r in mine) / len(mine), 2)
        assert f.satisfaction == round(100 * len([r for r in mine if r.score in (4.0, 5.0, 4.2)]) / len(mine), 1)
        dates = [r.date for r in mine if r.date]
        assert f.period == (None if not dates else min(dates).isoformat() if min(dates) == max(dates)
                            else f"{min(dates).isoformat()} – {max(dates).isoformat()}")
    nps = nps_figures(rs)
    answered = [r.recommend for r in rs if r.recommend is not None]
    if not answered:
        assert nps is None
        return
    assert nps is not None
    promoters, detractors = answered.count(9) + answered.count(10), sum(1 for a in answered if a <= 6)
    assert (nps.n, nps.promoters, nps.detractors) == (len(answered), promoters, detractors)
    assert nps.score == round(100 * promoters / len(answered) - 100 * detractors / len(answered), 1)
