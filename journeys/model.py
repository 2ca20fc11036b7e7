"""The journey model: exactly the ``mot-journey/1`` file format of DOMAIN.md, as pydantic v2 models.

Validation rejects what cannot be true (duplicate ids, references to unknown touchpoints,
stages or expectations, out-of-range scores and shares, unknown vocabulary, an unknown format
version, outgoing shares above 1). It never rejects weak design: that is the weak-point engine's job.
Every error carries the field path of what is wrong, e.g. ``touchpoints[2].emotion.perceived``.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    field_validator,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError, ValidationError

from .vocab import (
    CLEAR_STEPS,
    FORMAT_TAG,
    RECOVERY_STRATEGIES,
    ActionStatus,
    Channel,
    ClearStep,
    Comparator,
    Dimension,
    Evidence,
    Kano,
    Moment,
    RecoveryStrategy,
    Source,
    StandardKind,
)
from .words import t

__all__ = [
    "SHARE_TOLERANCE",
    "Action",
    "Address",
    "Edge",
    "Emotion",
    "Expectation",
    "Journey",
    "Nps",
    "Persona",
    "Recovery",
    "Satisfaction",
    "Stage",
    "Standard",
    "Target",
    "Touchpoint",
]

# Shares are typed by people (0.6 + 0.3 + 0.1); float sums need a little room.
SHARE_TOLERANCE = 1e-9

ID_PATTERN = r"^[\w-]+$"


def _no_blank(value: str) -> str:
    if not value.strip():
        raise _custom("blank", "model.blank")
    return value


def _compact_number(value: float) -> float | int:
    # 4.0 is written as 4 so hand-written files stay as people wrote them; it loads back as 4.0.
    if isinstance(value, int):  # a model copied with an int in place (model_copy does not validate)
        return value
    return int(value) if value.is_integer() and abs(value) < 2**53 else value


Slug = Annotated[
    str,
    Field(min_length=1, max_length=200, pattern=ID_PATTERN),
]
"""A short id: letters of any script, digits, ``-`` and ``_``; no spaces."""
Text = Annotated[str, AfterValidator(_no_blank)]
Number = Annotated[float, Field(allow_inf_nan=False), PlainSerializer(_compact_number, when_used="json")]
Score = Annotated[float, Field(ge=1, le=5), PlainSerializer(_compact_number, when_used="json")]
Percent = Annotated[float, Field(ge=0, le=100), PlainSerializer(_compact_number, when_used="json")]
Share = Annotated[float, Field(ge=0, le=1), PlainSerializer(_compact_number, when_used="json")]


class _Strict(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        frozen=False,
        validate_assignment=False,
        coerce_numbers_to_str=True,
        populate_by_name=True,
        str_strip_whitespace=False,
    )


def _fail(errors: list[InitErrorDetails], title: str) -> None:
    if errors:
        raise ValidationError.from_exception_data(title, errors)


def _custom(kind: str, key: str, **ctx: Any) -> PydanticCustomError:
    """A model check's error of pydantic ``kind``: its message is the catalogue word ``key`` in English, and
    ``key`` rides along in the context, so that a reader can say it in another language
    (:meth:`journeys.fileformat.Problem.text`)."""
    return PydanticCustomError(kind, t(key, "en"), {"key": key, **ctx})


def _error(loc: tuple[str | int, ...], kind: str, key: str, value: Any, **ctx: Any) -> InitErrorDetails:
    return InitErrorDetails(type=_custom(kind, key, **ctx), loc=loc, input=value)


def _duplicates(values: list[str]) -> dict[str, list[int]]:
    seen: dict[str, list[int]] = defaultdict(list)
    for index, value in enumerate(values):
        seen[value].append(index)
    return {value: where for value, where in seen.items() if len(where) > 1}


class Persona(_Strict):
    """Who walks the journey (目标客户画像)."""

    name: str | None = None
    goal: str | None = None
    description: str | None = None


class Stage(_Strict):
    """A service stage (服务环节), e.g. 售前 / 售中 / 售后."""

    id: Slug
    name: Text


class Emotion(_Strict):
    """Expected and perceived score on the 1–5 scale (3 is neutral); survey means like 3.6 are allowed.

    ``evidence`` says what the scores rest on; not given, they are assumed (typed by the team), so a
    file that never says stays as it was written. ``n`` counts the responses or votes behind them and
    ``period`` says when they were gathered (``2026-Q3``).
    """

    expected: Score | None = None
    perceived: Score | None = None
    evidence: Evidence | None = None
    n: Annotated[int, Field(ge=1)] | None = None
    period: str | None = None

    @property
    def gap(self) -> float | None:
        """Perceived − expected (SERVQUAL's gap 5); ``None`` unless both scores are known."""
        if self.expected is None or self.perceived is None:
            return None
        return self.perceived - self.expected


class Satisfaction(_Strict):
    """A survey satisfaction percentage and the benchmark it is held against (seed 002)."""

    score: Percent
    benchmark: Percent | None = None


class Expectation(_Strict):
    """What the customer expects here (客户期望), with where the expectation comes from (seed 001)."""

    text: Text
    id: Slug | None = None
    source: Source | None = None


class Target(_Strict):
    """The measurable target of a hard standard: ``metric op value unit`` (e.g. 接听时间 <= 10 秒)."""

    metric: Text
    op: Comparator
    value: Number
    unit: str | None = None


class Standard(_Strict):
    """A service standard (服务标准): hard (measurable) or soft, with its SERVQUAL dimension."""

    text: Text
    kind: StandardKind
    dimension: Dimension
    kano: Kano | None = None
    target: Target | None = None
    answers: list[Slug] = Field(default_factory=list)

    @field_validator("answers")
    @classmethod
    def _unique_answers(cls, value: list[str]) -> list[str]:
        for dup in _duplicates(value):
            raise _custom("duplicate", "model.expectation_listed_twice", id=dup)
        return value


class Recovery(_Strict):
    """A service-recovery plan (服务补救) with its CLEAR steps and recovery strategies."""

    plan: Text
    steps: list[ClearStep] = Field(default_factory=list)
    strategies: list[RecoveryStrategy] = Field(default_factory=list)

    @field_validator("steps")
    @classmethod
    def _clear_order(cls, value: list[str]) -> list[str]:
        positions = [CLEAR_STEPS.index(step) for step in value]
        if positions != sorted(set(positions)):
            raise _custom("clear_order", "model.clear_order", order=", ".join(CLEAR_STEPS))
        return value

    @field_validator("strategies")
    @classmethod
    def _unique_strategies(cls, value: list[str]) -> list[str]:
        for dup in _duplicates(value):
            raise _custom("duplicate", "model.strategy_twice", name=dup, names=", ".join(RECOVERY_STRATEGIES))
        return value


class Touchpoint(_Strict):
    """A touchpoint (接触点 / 服务步骤) and everything the team designed for it."""

    id: Slug
    stage: Slug
    name: Text
    channel: Channel | None = None
    owner: str | None = None
    backup: str | None = None
    customer_action: str | None = None
    employee_action: str | None = None
    moments: list[Moment] = Field(default_factory=list)
    emotion: Emotion | None = None
    satisfaction: Satisfaction | None = None
    expectations: list[Expectation] = Field(default_factory=list)
    standards: list[Standard] = Field(default_factory=list)
    script: list[str] = Field(default_factory=list)
    wow: str | None = None
    recovery: Recovery | None = None

    @field_validator("moments")
    @classmethod
    def _unique_moments(cls, value: list[str]) -> list[str]:
        for dup in _duplicates(value):
            raise _custom("duplicate", "model.moment_twice", name=dup)
        return value

    @model_validator(mode="after")
    def _expectation_links(self) -> Touchpoint:
        errors: list[InitErrorDetails] = []
        ids = [e.id for e in self.expectations if e.id is not None]
        for dup, where in _duplicates(ids).items():
            index = [i for i, e in enumerate(self.expectations) if e.id == dup][where[1]]
            errors.append(_error(("expectations", index, "id"), "duplicate", "model.expectation_id_twice", dup, id=dup))
        known = set(ids)
        for s_index, standard in enumerate(self.standards):
            for a_index, ref in enumerate(standard.answers):
                if ref not in known:
                    errors.append(_error(
                        ("standards", s_index, "answers", a_index), "unknown_ref",
                        "model.no_expectation", ref, id=ref, known=", ".join(sorted(known)) or "—",
                    ))
        _fail(errors, "Touchpoint")
        return self

    def has(self, moment: str) -> bool:
        """Whether this touchpoint is marked with ``moment`` (``mot``, ``peak``, ``end`` or ``pain``)."""
        return moment in self.moments

    @property
    def perceived(self) -> float | None:
        return self.emotion.perceived if self.emotion else None

    @property
    def expected(self) -> float | None:
        return self.emotion.expected if self.emotion else None


class Edge(_Strict):
    """A customer's move from one touchpoint to the next, with its condition and the share who take it."""

    source: Slug = Field(alias="from")
    target: Slug = Field(alias="to")
    label: str | None = None
    share: Share | None = None


class Nps(_Strict):
    """The journey's Net Promoter Score (净推荐值): % promoters (9–10) − % detractors (0–6), with its base."""

    score: Annotated[float, Field(ge=-100, le=100), PlainSerializer(_compact_number, when_used="json")]
    n: Annotated[int, Field(ge=1)] | None = None
    promoters: Annotated[int, Field(ge=0)] | None = None
    detractors: Annotated[int, Field(ge=0)] | None = None
    period: str | None = None

    @model_validator(mode="after")
    def _counts_fit(self) -> Nps:
        if self.n is not None and (self.promoters or 0) + (self.detractors or 0) > self.n:
            raise _custom("nps_counts", "model.nps_counts", n=self.n)
        return self


class Address(_Strict):
    """What an improvement action addresses: a weak point's key (``rule``, ``touchpoints``, ``dimension``,
    as :attr:`journeys.findings.Finding.key`) or just a touchpoint (``{touchpoint: id}``)."""

    rule: Slug | None = None
    touchpoints: list[Slug] | None = None
    dimension: Dimension | None = None
    touchpoint: Slug | None = None

    @model_validator(mode="after")
    def _one_kind(self) -> Address:
        if self.touchpoint is not None and (self.rule is not None or self.touchpoints or self.dimension):
            raise _custom("address_kind", "model.address_both")
        if self.touchpoint is None and self.rule is None:
            raise _custom("address_kind", "model.address_none")
        return self

    @property
    def key(self) -> tuple[str, tuple[str, ...], str | None] | None:
        """The weak-point key this address names; ``None`` for a plain ``{touchpoint}`` address."""
        if self.rule is None:
            return None
        return (self.rule, tuple(self.touchpoints or ()), self.dimension)

    def touchpoint_ids(self) -> list[str]:
        """The touchpoints this address names."""
        return [self.touchpoint] if self.touchpoint is not None else list(self.touchpoints or ())


class Action(_Strict):
    """An improvement action (改进行动): who does what by when to fix a weak point, and how far it got."""

    id: Slug
    title: Text
    addresses: list[Address] = Field(default_factory=list)
    owner: str | None = None
    due: dt.date | None = None
    target: Target | None = None
    status: ActionStatus = "open"
    note: str | None = None

    @property
    def is_open(self) -> bool:
        """Open or doing: not done and not dropped."""
        return self.status in ("open", "doing")

    def is_overdue(self, today: dt.date) -> bool:
        """Past its due date and not done (a dropped action is not overdue)."""
        return self.due is not None and self.due < today and self.is_open


class Journey(_Strict):
    """A customer journey (客户旅程): stages, touchpoints and the edges between them."""

    format: str
    id: Slug
    title: Text
    locale: str = Field(default="zh-CN", pattern=r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
    persona: Persona | None = None
    start: list[Slug] | None = None
    stages: list[Stage] = Field(min_length=1)
    touchpoints: list[Touchpoint]
    edges: list[Edge] = Field(default_factory=list)
    actions: list[Action] = Field(default_factory=list)
    nps: Nps | None = None

    @field_validator("format")
    @classmethod
    def _known_format(cls, value: str) -> str:
        if value != FORMAT_TAG:
            raise _custom("format_version", "model.format", found=value, expected=FORMAT_TAG)
        return value

    @model_validator(mode="after")
    def _references(self) -> Journey:
        errors: list[InitErrorDetails] = []
        for field, items in (("stages", self.stages), ("touchpoints", self.touchpoints),
                             ("actions", self.actions)):
            for dup, where in _duplicates([item.id for item in items]).items():
                for index in where[1:]:
                    errors.append(_error((field, index, "id"), "duplicate", "model.id_twice", dup,
                                         id=dup, field=field, first=where[0]))
        stage_ids = {stage.id for stage in self.stages}
        for index, tp in enumerate(self.touchpoints):
            if tp.stage not in stage_ids:
                errors.append(_error(("touchpoints", index, "stage"), "unknown_ref", "model.no_stage", tp.stage,
                                     id=tp.stage, known=", ".join(s.id for s in self.stages)))
        tp_ids = {tp.id for tp in self.touchpoints}
        for index, ref in enumerate(self.start or []):
            if ref not in tp_ids:
                errors.append(_error(("start", index), "unknown_ref", "model.no_touchpoint", ref, id=ref))
        for a_index, action in enumerate(self.actions):
            for d_index, address in enumerate(action.addresses):
                at: tuple[str | int, ...] = ("actions", a_index, "addresses", d_index)
                if address.touchpoint is not None:
                    refs: list[tuple[tuple[str | int, ...], str]] = [(("touchpoint",), address.touchpoint)]
                else:
                    refs = [(("touchpoints", i), ref) for i, ref in enumerate(address.touchpoints or ())]
                for tail, ref in refs:
                    if ref not in tp_ids:
                        errors.append(_error(at + tail, "unknown_ref", "model.no_touchpoint",
                                             ref, id=ref))
        pairs: dict[tuple[str, str], int] = {}
        shares: dict[str, float] = defaultdict(float)
        for index, edge in enumerate(self.edges):
            for end, ref in (("from", edge.source), ("to", edge.target)):
                if ref not in tp_ids:
                    errors.append(_error(("edges", index, end), "unknown_ref",
                                         "model.no_touchpoint", ref, id=ref))
            key = (edge.source, edge.target)
            if key in pairs:
                errors.append(_error(("edges", index), "duplicate", "model.edge_twice",
                                     f"{edge.source}->{edge.target}",
                                     src=edge.source, dst=edge.target, first=pairs[key]))
            else:
                pairs[key] = index
            if edge.share is not None:
                shares[edge.source] += edge.share
        for source, total in shares.items():
            if total > 1 + SHARE_TOLERANCE and not math.isclose(total, 1):
                first = next(i for i, e in enumerate(self.edges) if e.source == source and e.share is not None)
                errors.append(_error(("edges", first, "share"), "share_sum", "model.share_sum", total,
                                     id=source, total=round(total, 6)))
        _fail(errors, "Journey")
        return self

    # Convenience look-ups used across the core; plain data, no caching state on the model.
    def touchpoint(self, touchpoint_id: str) -> Touchpoint:
        """The touchpoint with ``touchpoint_id``; ``KeyError`` when there is none."""
        for tp in self.touchpoints:
            if tp.id == touchpoint_id:
                return tp
        raise KeyError(touchpoint_id)

    def stage_index(self) -> dict[str, int]:
        """Each stage id's position in the journey's stage order."""
        return {stage.id: index for index, stage in enumerate(self.stages)}
