"""A journey from a spreadsheet: a team's touchpoint list (one row per touchpoint, or per standard) becomes
a journey in one step.

Rows are read in order. A row names its stage (an empty stage cell continues the stage above, as merged
cells read) and its touchpoint; stages come in the order they first appear, touchpoints too, and the
touchpoints are linked in that order as one main path (as the outline links its lines). Ids are made from
names by the file's slug rule (:class:`journeys.edits.IdAllocator`, the outline's). Several rows with the
same stage and touchpoint are one touchpoint with several standards, expectations or script lines: the
layout of the standards table (:func:`exports.tables.standards_csv`), which so reads back to the same
standards. A touchpoint's own fields (channel, owner, scores …) given on two of its rows must agree.

Channel, moment, kind, dimension, Kano and source cells take a vocabulary id or its Chinese or English
label (``电话``, ``Phone``, ``phone``); several moments are separated by ``、`` ``,`` ``;`` or spaces. A
standard without a kind is hard when it has a target, else soft; without a dimension it is
``reliability`` (the weak-point rules then show it like any other). A target needs its metric, comparator
(``< <= = >= >``, ``≤ ≥``) and value; the unit is optional.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

from pydantic import ValidationError

from .edits import IdAllocator, new_id
from .model import Journey
from .outline._syntax import channel_of, dimension_of, kind_of, moment_of, source_of
from .tabular import Cell, Field, Row, RowProblem, SheetError, Table, cell_text
from .vocab import CHANNELS, DIMENSIONS, FORMAT_TAG, KANO_LEVELS, MOMENTS, label
from .words import t

__all__ = ["DEFAULT_DIMENSION", "FIELDS", "SheetRead", "read_sheet"]

DEFAULT_DIMENSION = "reliability"
"""The SERVQUAL dimension of a standard whose row names none."""


def _f(name: str, *labels: str, names: tuple[str, ...] = (), keywords: tuple[str, ...] = (),
       required: bool = False) -> Field:
    return Field(name, required=required, names=names, keywords=keywords, labels=labels)


FIELDS: tuple[Field, ...] = (
    _f("stage", "table.stage", "field.stage", names=("环节", "阶段", "服务阶段", "stage", "phase"),
       keywords=("环节", "阶段", "stage")),
    _f("touchpoint", "table.touchpoint", required=True,
       names=("接触点", "触点", "接触点名称", "服务步骤", "步骤", "touchpoint", "touch point", "step", "name", "名称"),
       keywords=("接触点", "触点", "touchpoint")),
    _f("channel", "field.channel", names=("渠道", "channel")),
    _f("owner", "table.owner", "field.owner", names=("A角", "负责人", "责任人", "owner")),
    _f("backup", "table.backup", "field.backup", names=("B角", "备岗", "backup")),
    _f("customer_action", "field.customer_action", names=("customer action",)),
    _f("employee_action", "field.employee_action", names=("employee action",)),
    _f("moments", "field.moments", names=("时刻", "关键时刻", "moments", "moment")),
    _f("expected", "field.emotion.expected", names=("期望分", "期望得分", "expected", "expected score")),
    _f("perceived", "field.emotion.perceived", names=("感知分", "实际得分", "感知", "perceived", "perceived score")),
    _f("satisfaction", "field.satisfaction.score", names=("满意度", "satisfaction")),
    _f("benchmark", "field.satisfaction.benchmark", names=("标杆", "benchmark")),
    _f("standard", "table.standard", "field.standards.text", names=("标准", "服务标准", "standard")),
    _f("kind", "table.kind", "field.standards.kind", names=("标准类型", "kind")),
    _f("dimension", "table.dimension", "field.standards.dimension", names=("维度", "dimension")),
    _f("kano", "table.kano", "field.standards.kano", names=("kano",)),
    _f("metric", "table.metric", "field.standards.target.metric", names=("指标", "metric")),
    _f("comparator", "table.comparator", "field.standards.target.op", names=("比较符", "comparator", "op")),
    _f("value", "table.value", "field.standards.target.value", names=("value", "target")),
    _f("unit", "table.unit", "field.standards.target.unit", names=("unit",)),
    _f("expectation", "field.expectations", "field.expectations.text", names=("期望", "expectation")),
    _f("source", "field.expectations.source", names=("来源", "source")),
    _f("script", "field.script", names=("话术", "script")),
)
"""The columns of a touchpoint list; only the touchpoint's name is required."""

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
_SPLIT = re.compile(r"[,，、;；/\s]+")
_OPS = {"<": "<", "<=": "<=", "≤": "<=", "=": "=", "==": "=", ">=": ">=", "≥": ">=", ">": ">"}
_NUMBER = re.compile(r"^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)$")


def _lookup(values: tuple[str, ...]) -> Callable[[str], str | None]:
    table = {v.casefold(): v for v in values}
    table.update({label(v, lang).casefold(): v for v in values for lang in ("zh", "en")})
    return lambda word: table.get(word.strip().casefold())


_kano_of = _lookup(KANO_LEVELS)


@dataclass
class SheetRead:
    """A journey read from a touchpoint list (from its good rows), and every bad row."""

    journey: Journey | None
    problems: list[RowProblem] = field(default_factory=list)
    lines: dict[str, int] = field(default_factory=dict)
    """Each touchpoint id → the first line that names it."""

    @property
    def bad_lines(self) -> list[int]:
        return sorted({p.line for p in self.problems})


def _number(value: Cell) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    text = unicodedata.normalize("NFKC", cell_text(value)).rstrip("%").strip()
    return float(text) if _NUMBER.match(text) else None


@dataclass
class _Tp:
    stage: int
    name: str
    line: int
    fields: dict[str, Any]
    standards: list[dict[str, Any]] = field(default_factory=list)
    expectations: list[dict[str, Any]] = field(default_factory=list)
    script: list[str] = field(default_factory=list)


class _Reader:
    def __init__(self, table: Table, mapping: Mapping[str, int], lang: str):
        self.table, self.mapping, self.lang = table, mapping, lang
        self.problems: list[RowProblem] = []
        self.stages: list[str] = []
        self.tps: dict[tuple[int, str], _Tp] = {}
        self.row_problems: list[RowProblem] = []
        self.row: Row | None = None

    def text(self, name: str) -> str:
        assert self.row is not None
        return cell_text(self.row.get(self.mapping.get(name)))

    def bad(self, name: str, key: str, **params: Any) -> None:
        assert self.row is not None
        column = self.mapping.get(name)
        header = self.table.headers[column] if column is not None else t(f"sheets.field.{name}", self.lang)
        self.row_problems.append(RowProblem(self.row.line, header, key, params))

    def read(self) -> None:
        stage: int | None = None
        last: _Tp | None = None
        for row in self.table.rows:
            self.row, self.row_problems = row, []
            stage_name, name = self.text("stage"), self.text("touchpoint")
            if stage_name:
                if stage_name not in self.stages:
                    self.stages.append(stage_name)
                row_stage = self.stages.index(stage_name)
            elif stage is None:
                if not self.stages:
                    self.stages.append(t("journeys.blank_stage", self.lang))
                row_stage = 0
            else:
                row_stage = stage
            if not name and last is not None and not stage_name:
                name = last.name  # a merged cell: the touchpoint of the row above
            if not name:
                self.bad("touchpoint", "name")
            fields = self.touchpoint_fields()
            standard, expectation = self.standard(), self.expectation()
            existing = self.tps.get((row_stage, name))
            if existing is not None:
                for key, value in fields.items():
                    if key in existing.fields and existing.fields[key] != value:
                        self.bad(key, "conflict", first=existing.line, found=self.text(key))
            if self.row_problems:
                self.problems.extend(self.row_problems)
                continue
            stage = row_stage
            if existing is None:
                existing = self.tps[row_stage, name] = _Tp(row_stage, name, row.line, {})
            existing.fields.update(fields)
            if standard is not None:
                existing.standards.append(standard)
            if expectation is not None:
                existing.expectations.append(expectation)
            if script := self.text("script"):
                existing.script.append(script)
            last = existing

    def touchpoint_fields(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name in ("owner", "backup", "customer_action", "employee_action"):
            if value := self.text(name):
                out[name] = value
        if value := self.text("channel"):
            found = channel_of(value)
            if found is None:
                self.bad("channel", "channel", found=value, known=self.known(CHANNELS))
            out["channel"] = found
        if value := self.text("moments"):
            moments: list[str] = []
            for word in _SPLIT.split(value):
                word = word.lstrip("!！")
                if not word:
                    continue
                moment = moment_of(word)
                if moment is None:
                    self.bad("moments", "moment", found=word, known=self.known(MOMENTS))
                elif moment not in moments:
                    moments.append(moment)
            out["moments"] = moments
        for name, low, high, key in (("expected", 1, 5, "score15"), ("perceived", 1, 5, "score15"),
                                     ("satisfaction", 0, 100, "percent100"), ("benchmark", 0, 100, "percent100")):
            if value := self.text(name):
                number = _number(self.cell(name))
                if number is None or not low <= number <= high:
                    self.bad(name, key, found=value)
                out[name] = number
        return out

    def cell(self, name: str) -> Cell:
        assert self.row is not None
        return self.row.get(self.mapping.get(name))

    def known(self, values: tuple[str, ...]) -> str:
        return t("words.list_sep", self.lang).join(label(v, self.lang) for v in values)

    def standard(self) -> dict[str, Any] | None:
        text = self.text("standard")
        given = {name: self.text(name) for name in ("kind", "dimension", "kano", "metric", "comparator", "value",
                                                     "unit")}
        if not text:
            if any(given.values()):
                self.bad("standard", "standard_text")
            return None
        target: dict[str, Any] | None = None
        if given["metric"] or given["comparator"] or given["value"]:
            op = _OPS.get(unicodedata.normalize("NFKC", given["comparator"]).replace(" ", ""))
            value = _number(self.cell("value"))
            for name in ("metric", "comparator", "value"):
                if not given[name]:
                    self.bad(name, "target_part")
            if given["comparator"] and op is None:
                self.bad("comparator", "comparator", found=given["comparator"])
            if given["value"] and value is None:
                self.bad("value", "number", found=given["value"])
            target = {"metric": given["metric"], "op": op, "value": value, "unit": given["unit"] or None}
        kind = kind_of(given["kind"]) if given["kind"] else ("hard" if target else "soft")
        if kind is None:
            self.bad("kind", "kind", found=given["kind"])
        dimension = dimension_of(given["dimension"]) if given["dimension"] else DEFAULT_DIMENSION
        if dimension is None:
            self.bad("dimension", "dimension", found=given["dimension"], known=self.known(DIMENSIONS))
        kano = _kano_of(given["kano"]) if given["kano"] else None
        if given["kano"] and kano is None:
            self.bad("kano", "kano", found=given["kano"], known=self.known(KANO_LEVELS))
        return {"text": text, "kind": kind, "dimension": dimension, "kano": kano, "target": target}

    def expectation(self) -> dict[str, Any] | None:
        text, source_text = self.text("expectation"), self.text("source")
        source = source_of(source_text) if source_text else None
        if source_text and source is None:
            self.bad("source", "source", found=source_text)
        return {"text": text, "source": source} if text else None


def _emotion(fields: dict[str, Any]) -> dict[str, Any] | None:
    emotion = {k: fields[k] for k in ("expected", "perceived") if fields.get(k) is not None}
    return emotion or None


def read_sheet(table: Table, mapping: Mapping[str, int], *, title: str, journey_id: str | None = None,
               locale: str | None = None) -> SheetRead:
    """A journey from a touchpoint list (``mapping``: field → column), built from the rows that are good;
    the bad ones are in :attr:`SheetRead.problems` (the caller imports nothing while there are any, unless
    told to skip them).

    Raises
    ------
    SheetError
        No good row names a touchpoint, or the title or id cannot make a journey.
    """
    if locale is None:
        texts = [title, *(cell_text(c) for row in table.rows for c in row.cells)]
        locale = "zh-CN" if any(_CJK.search(text) for text in texts) else "en"
    reader = _Reader(table, mapping, locale)
    reader.read()
    if not reader.tps:
        if reader.problems:
            return SheetRead(None, reader.problems)
        raise SheetError("no_touchpoints")
    used = sorted({tp.stage for tp in reader.tps.values()})
    stage_ids = IdAllocator()
    ids_of_stage = {index: stage_ids.take(reader.stages[index], prefix="stage") for index in used}
    tp_ids = IdAllocator()
    touchpoints, lines = [], {}
    for tp in reader.tps.values():
        tp_id = tp_ids.take(tp.name, prefix="tp")
        lines[tp_id] = tp.line
        doc: dict[str, Any] = {"id": tp_id, "stage": ids_of_stage[tp.stage], "name": tp.name}
        doc.update({k: tp.fields[k] for k in ("channel", "owner", "backup", "customer_action", "employee_action",
                                               "moments") if k in tp.fields})
        if (emotion := _emotion(tp.fields)) is not None:
            doc["emotion"] = emotion
        if tp.fields.get("satisfaction") is not None:
            doc["satisfaction"] = {"score": tp.fields["satisfaction"], "benchmark": tp.fields.get("benchmark")}
        doc.update(standards=tp.standards, expectations=tp.expectations, script=tp.script)
        touchpoints.append(doc)
    ids = [tp["id"] for tp in touchpoints]
    doc = {
        "format": FORMAT_TAG, "id": journey_id or new_id(title, [], prefix="journey"), "title": title,
        "locale": locale,
        "stages": [{"id": ids_of_stage[i], "name": reader.stages[i]} for i in used],
        "touchpoints": touchpoints, "edges": [{"from": a, "to": b} for a, b in pairwise(ids)],
    }
    try:
        journey = Journey.model_validate(doc)
    except ValidationError as exc:
        error = exc.errors()[0]
        raise SheetError("invalid", why=f"{'.'.join(map(str, error['loc']))}: {error['msg']}") from None
    return SheetRead(journey, reader.problems, lines)
