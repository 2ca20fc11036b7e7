"""Survey import: responses in a table (one row per response) become measured scores of a journey.

Per touchpoint (seed 002's satisfaction tables): ``n`` responses, ``perceived`` = the mean score on the 1–5
scale (2 decimals), ``satisfaction`` = the top-2 box, the share of responses scoring 4 or 5 (a percentage,
1 decimal), and the period (first and last date). For the journey, the NPS (净推荐值, Reichheld 2003):
% promoters (9–10) − % detractors (0–6) of the answers to "how likely are you to recommend us" (0–10).

**Percentages.** A satisfaction column is read as percentages when one of its cells carries a ``%`` sign,
or when every value is a number from 0 to 100 and more than half of them are above 5. A percentage ``p`` is put on the
1–5 scale linearly, 0% → 1 and 100% → 5: ``1 + 4·p/100`` (50% → 3, 75% → 4); its top-2 box is then
``p ≥ 75%``.

Touchpoints are named by id or by name (exact after trimming; a name two touchpoints share is an error
naming both ids). A row whose touchpoint matches none is *unmatched*: listed by its line, not counted.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .edits import document, rebuild
from .model import Journey
from .tabular import Cell, Field, Row, RowProblem, Table, cell_text

__all__ = [
    "FIELDS",
    "NpsFigures",
    "Response",
    "SurveyRead",
    "TouchpointFigures",
    "apply_survey",
    "figures_json",
    "is_percent_column",
    "nps_figures",
    "parse_date",
    "period_of",
    "read_survey",
    "touchpoint_figures",
]

FIELDS: tuple[Field, ...] = (
    Field("touchpoint", required=True, names=("接触点", "触点", "服务触点", "服务步骤", "步骤", "touchpoint",
                                              "touch point", "step", "touchpoint id"),
          keywords=("接触点", "触点", "touchpoint"), labels=("table.touchpoint",)),
    Field("satisfaction", required=True, names=("满意度", "满意", "评分", "评价", "得分", "打分", "分数",
                                                "satisfaction", "score", "rating", "csat"),
          keywords=("满意", "评分", "评价", "satisf", "score", "rating")),
    Field("recommend", names=("推荐意愿", "推荐", "推荐度", "推荐可能性", "nps", "recommend", "likelihood",
                              "likelihood to recommend"),
          keywords=("推荐", "recommend", "nps", "likelihood"), rank=-1),
    Field("date", names=("日期", "时间", "调研日期", "填写时间", "提交时间", "date", "time", "submitted"),
          keywords=("日期", "时间", "date")),
    Field("segment", names=("细分", "客群", "客户群", "客户类型", "人群", "分组", "segment", "group",
                            "customer type"),
          keywords=("细分", "客群", "segment")),
)
"""The columns of a survey file, in the order the app shows them."""

_NUMBER = re.compile(r"^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)$")
_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T].*)?$")
_PERCENT_SIGNS = ("%", "％")
_TOP_BOX = 4.0
_EPSILON = 1e-9


@dataclass(frozen=True)
class Response:
    """One response: the file line it came from, the touchpoint, its score on the 1–5 scale, the 0–10
    recommend answer and the date (each optional but the score)."""

    line: int
    touchpoint: str
    score: float
    recommend: int | None = None
    date: dt.date | None = None


@dataclass(frozen=True)
class TouchpointFigures:
    n: int
    perceived: float
    satisfaction: float
    period: str | None


@dataclass(frozen=True)
class NpsFigures:
    score: float
    n: int
    promoters: int
    detractors: int
    period: str | None


@dataclass
class SurveyRead:
    """What a survey table holds: the good responses, the bad rows, the lines whose touchpoint matched none."""

    responses: list[Response] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    unmatched: list[int] = field(default_factory=list)
    percent: bool = False
    """Whether the satisfaction column was read as percentages."""

    @property
    def bad_lines(self) -> list[int]:
        return sorted({p.line for p in self.problems})

    def touchpoints(self) -> dict[str, TouchpointFigures]:
        return touchpoint_figures(self.responses)

    def nps(self) -> NpsFigures | None:
        return nps_figures(self.responses)


def _number(value: Cell) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        text = unicodedata.normalize("NFKC", value).strip().rstrip("%").strip()
        if _NUMBER.match(text):
            return float(text)
    return None


def is_percent_column(values: Sequence[Cell]) -> bool:
    """The percentage rule: a ``%`` sign in a cell, or every number in 0–100 and most of them above 5 (so a
    stray 6 in a column of 1–5 scores is a bad row, not a reason to read the column as percentages).

    >>> is_percent_column(["4", "5", "2"]), is_percent_column(["80", "65", ""]), is_percent_column(["4", "80%"])
    (False, True, True)
    >>> is_percent_column(["4", "6", "5"])
    False
    """
    if any(isinstance(v, str) and v.strip().endswith(_PERCENT_SIGNS) for v in values):
        return True
    numbers = [n for n in map(_number, values) if n is not None]
    above = sum(1 for n in numbers if n > 5)
    return bool(numbers) and all(0 <= n <= 100 for n in numbers) and above > len(numbers) / 2


def parse_date(value: Cell) -> dt.date | None:
    """A date from a cell: a date or datetime (XLSX), or text as ``2026-07-01``, ``2026/7/1``, ``2026.7.1``,
    ``2026年7月1日`` (a time after it is ignored). Raises :class:`ValueError` for anything else.

    >>> parse_date("2026年7月1日"), parse_date("2026/7/1 10:30")
    (datetime.date(2026, 7, 1), datetime.date(2026, 7, 1))
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    match = _DATE.match(unicodedata.normalize("NFKC", cell_text(value)))
    if match is None:
        raise ValueError(value)
    return dt.date(*map(int, match.groups()))


def _touchpoint_index(journey: Journey) -> tuple[set[str], dict[str, list[str]]]:
    names: dict[str, list[str]] = {}
    for tp in journey.touchpoints:
        names.setdefault(tp.name.strip(), []).append(tp.id)
    return {tp.id for tp in journey.touchpoints}, names


def read_survey(table: Table, mapping: Mapping[str, int], journey: Journey, *,
                segment: str | None = None) -> SurveyRead:
    """Read every row of a survey table against ``journey``'s touchpoints (``mapping``: field → column).

    Rows of another segment than ``segment`` (when given and the table has a segment column) are left
    out before anything else. Each bad cell is a :class:`~journeys.tabular.RowProblem`; a bad row gives
    no response.
    """
    headers = table.headers
    ids, names = _touchpoint_index(journey)
    rows: list[Row] = list(table.rows)
    if segment is not None and "segment" in mapping:
        rows = [r for r in rows if cell_text(r.get(mapping["segment"])) == segment.strip()]
    sat = mapping["satisfaction"]
    read = SurveyRead(percent=is_percent_column([r.get(sat) for r in rows]))

    def bad(row: Row, column: str, key: str, **params: Any) -> None:
        read.problems.append(RowProblem(row.line, headers[mapping[column]], key, params))

    for row in rows:
        before = len(read.problems)
        name = cell_text(row.get(mapping["touchpoint"]))
        tp_id: str | None = None
        if not name:
            bad(row, "touchpoint", "touchpoint")
        elif name in ids:
            tp_id = name
        elif len(names.get(name, ())) > 1:
            bad(row, "touchpoint", "ambiguous", found=name, ids="、".join(names[name]))
        elif name in names:
            tp_id = names[name][0]
        score = _score(row.get(sat), read.percent)
        if score is None:
            bad(row, "satisfaction", "percent" if read.percent else "score", found=cell_text(row.get(sat)))
        recommend: int | None = None
        if "recommend" in mapping and (raw := row.get(mapping["recommend"])) not in (None, "") and cell_text(raw):
            value = _number(raw)
            if value is None or not value.is_integer() or not 0 <= value <= 10:
                bad(row, "recommend", "recommend", found=cell_text(raw))
            else:
                recommend = int(value)
        date: dt.date | None = None
        if "date" in mapping and cell_text(raw := row.get(mapping["date"])):
            try:
                date = parse_date(raw)
            except ValueError:
                bad(row, "date", "date", found=cell_text(raw))
        if len(read.problems) > before:
            continue
        if tp_id is None:
            if name:
                read.unmatched.append(row.line)
            continue
        assert score is not None
        read.responses.append(Response(row.line, tp_id, score, recommend, date))
    return read


def _score(value: Cell, percent: bool) -> float | None:
    number = _number(value)
    if number is None:
        return None
    if percent:
        return 1 + 4 * number / 100 if 0 <= number <= 100 else None
    return number if 1 <= number <= 5 else None


def period_of(dates: Sequence[dt.date | None]) -> str | None:
    """First and last date, ``2026-07-01 – 2026-09-30`` (one date when they are the same); ``None`` without.

    >>> period_of([dt.date(2026, 9, 30), None, dt.date(2026, 7, 1)]), period_of([None])
    ('2026-07-01 – 2026-09-30', None)
    """
    known = sorted(d for d in dates if d is not None)
    if not known:
        return None
    first, last = known[0].isoformat(), known[-1].isoformat()
    return first if first == last else f"{first} – {last}"


def touchpoint_figures(responses: Sequence[Response]) -> dict[str, TouchpointFigures]:
    """n, mean score (2 decimals), top-2 box % (1 decimal) and period per touchpoint, sorted by id."""
    groups: dict[str, list[Response]] = {}
    for r in responses:
        groups.setdefault(r.touchpoint, []).append(r)
    out: dict[str, TouchpointFigures] = {}
    for tp_id in sorted(groups):
        group = groups[tp_id]
        n = len(group)
        top = sum(1 for r in group if r.score >= _TOP_BOX - _EPSILON)
        out[tp_id] = TouchpointFigures(n, round(sum(r.score for r in group) / n, 2), round(100 * top / n, 1),
                                       period_of([r.date for r in group]))
    return out


def nps_figures(responses: Sequence[Response]) -> NpsFigures | None:
    """The NPS of the responses that answered the recommend question; ``None`` when none did."""
    answered = [r for r in responses if r.recommend is not None]
    if not answered:
        return None
    promoters = sum(1 for r in answered if r.recommend is not None and r.recommend >= 9)
    detractors = sum(1 for r in answered if r.recommend is not None and r.recommend <= 6)
    n = len(answered)
    return NpsFigures(round(100 * (promoters - detractors) / n, 1), n, promoters, detractors,
                      period_of([r.date for r in answered]))


def apply_survey(journey: Journey, read: SurveyRead) -> Journey:
    """``journey`` with the survey's figures written in: per touchpoint with responses the perceived
    score (evidence ``survey``, ``n``, ``period``; the expected score kept) and the satisfaction score
    (the benchmark kept); the journey's ``nps`` when the recommend question was answered. Touchpoints
    without responses are unchanged."""
    figures, nps = read.touchpoints(), read.nps()
    doc = document(journey)
    for tp in doc["touchpoints"]:
        found = figures.get(tp["id"])
        if found is None:
            continue
        emotion = dict(tp.get("emotion") or {})
        emotion.update(perceived=found.perceived, evidence="survey", n=found.n, period=found.period)
        tp["emotion"] = emotion
        benchmark = (tp.get("satisfaction") or {}).get("benchmark")
        tp["satisfaction"] = {"score": found.satisfaction, "benchmark": benchmark}
    if nps is not None:
        doc["nps"] = {"score": nps.score, "n": nps.n, "promoters": nps.promoters, "detractors": nps.detractors,
                      "period": nps.period}
    return rebuild(doc)


def figures_json(read: SurveyRead) -> dict[str, Any]:
    """The figures as ``mot survey --format json`` prints them (``nps`` is ``null`` when nobody answered
    the recommend question)."""
    nps = read.nps()
    return {
        "touchpoints": {tp_id: {"n": f.n, "perceived": f.perceived, "satisfaction": f.satisfaction,
                                "period": f.period} for tp_id, f in read.touchpoints().items()},
        "nps": None if nps is None else {"score": nps.score, "n": nps.n, "promoters": nps.promoters,
                                         "detractors": nps.detractors},
        "unmatched": sorted(read.unmatched),
    }
