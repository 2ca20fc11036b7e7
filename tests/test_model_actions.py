"""The journey file's ``actions`` and ``nps`` (DOMAIN.md's contract table): load, round trip, clear errors."""

from __future__ import annotations

import datetime as dt

import pytest

from journeys import fileformat
from journeys.fileformat import JourneyFileError

BASE = """\
format: mot-journey/1
id: j
title: T
stages: [{id: s, name: S}]
touchpoints: [{id: a, stage: s, name: A}, {id: b, stage: s, name: B}]
"""

ACTIONS = BASE + """\
nps: {score: -12.5, n: 40, promoters: 10, detractors: 15, period: 2026-Q3}
actions:
  - id: act-1
    title: 签字前核对
    addresses: [{rule: mot-no-standard, touchpoints: [a]}, {touchpoint: b}]
    owner: 店长
    due: 2026-12-01
    target: {metric: 核对时间, op: "<=", value: 2, unit: 分钟}
    status: doing
    note: 第一周试行
  - {id: act-2, title: 补齐标准, addresses: [{rule: dimension-uncovered, dimension: empathy}]}
"""


def test_actions_and_nps_load_with_their_defaults() -> None:
    journey = fileformat.loads(ACTIONS, name="j.yaml")
    first, second = journey.actions
    assert first.due == dt.date(2026, 12, 1)
    assert first.addresses[0].key == ("mot-no-standard", ("a",), None)
    assert first.addresses[1].key is None and first.addresses[1].touchpoint_ids() == ["b"]
    assert second.status == "open" and second.is_open
    assert second.addresses[0].key == ("dimension-uncovered", (), "empathy")
    assert first.is_overdue(dt.date(2026, 12, 2)) and not first.is_overdue(dt.date(2026, 12, 1))
    assert journey.nps is not None and journey.nps.score == -12.5 and journey.nps.n == 40


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_actions_round_trip(fmt: str) -> None:
    journey = fileformat.loads(ACTIONS, name="j.yaml")
    text = fileformat.dumps(journey, fmt)  # type: ignore[arg-type]
    assert fileformat.loads(text, fmt, name=f"j.{fmt}") == journey  # type: ignore[arg-type]
    assert "touchpoints: []" not in text  # a {touchpoint} address is written as it was typed


def test_a_journey_without_actions_is_written_without_them() -> None:
    text = fileformat.dumps(fileformat.loads(BASE, name="j.yaml"))
    assert "actions" not in text and "nps" not in text


@pytest.mark.parametrize(("extra", "path", "words"), [
    ("actions: [{id: x, title: X, addresses: [{touchpoint: zz}]}]", "actions[0].addresses[0].touchpoint",
     "no touchpoint with id 'zz'"),
    ("actions: [{id: x, title: X, addresses: [{rule: r, touchpoints: [a, zz]}]}]",
     "actions[0].addresses[0].touchpoints[1]", "no touchpoint with id 'zz'"),
    ("actions: [{id: x, title: X, status: finished}]", "actions[0].status", "'open', 'doing', 'done' or 'dropped'"),
    ("actions: [{id: x, title: X}, {id: x, title: Y}]", "actions[1].id", "duplicate id 'x'"),
    ("actions: [{id: x, title: X, addresses: [{owner: a}]}]", "actions[0].addresses[0].owner", "unknown field"),
    ("actions: [{id: x, title: X, addresses: [{rule: r, touchpoint: a}]}]", "actions[0].addresses[0]", "not both"),
    ("actions: [{id: x, title: X, due: next week}]", "actions[0].due", "date"),
    ("nps: {score: 120}", "nps.score", "less than or equal to 100"),
    ("nps: {score: 10, n: 5, promoters: 4, detractors: 3}", "nps", "more than n (5)"),
])
def test_bad_actions_and_nps_name_the_field(extra: str, path: str, words: str) -> None:
    with pytest.raises(JourneyFileError) as caught:
        fileformat.loads(BASE + extra + "\n", name="j.yaml")
    problems = caught.value.problems
    assert any(p.path == path and words in p.message for p in problems), problems
