"""Findings and the rule registry of the weak-point engine.

One weak-point rule is one small function with a stable id, registered once with :func:`rule`; the
registry feeds ``mot lint``, the docs and the tests. A rule receives a :class:`Context` (the journey,
its graph, display order and a few shared figures computed once) and yields :class:`Finding` rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from statistics import fmean
from typing import Any, Literal, NamedTuple

from . import texts, words
from .graph import Topology, topology_of
from .model import Journey, Touchpoint

__all__ = [
    "RULES",
    "SEVERITIES",
    "Context",
    "Facts",
    "Finding",
    "FindingsRule",
    "RuleSpec",
    "Severity",
    "TouchpointRule",
    "lang_of",
    "rule",
]

Severity = Literal["critical", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("critical", "warning", "info")


class Finding(NamedTuple):
    """One weak point: which rule, how bad, where, why it matters and what to do.

    Immutable; a named tuple because a big journey has tens of thousands of findings and a tuple is
    the cheapest immutable record Python builds.
    """

    rule: str
    severity: Severity
    touchpoints: tuple[str, ...]
    message: str
    suggestion: str
    dimension: str | None = None
    subject: str | None = None
    """What the finding is about besides touchpoints and a dimension: the improvement action's id for the
    rules on actions (``action-overdue``, ``action-incomplete``, ``action-done-not-fixed``), the rule of
    the weak point that has no action for ``action-missing``; ``None`` for every other rule."""

    def to_dict(self) -> dict[str, Any]:
        result = {"rule": self.rule, "severity": self.severity, "touchpoints": list(self.touchpoints),
                  "dimension": self.dimension, "message": self.message, "suggestion": self.suggestion}
        if self.subject is not None:
            result["subject"] = self.subject
        return result

    @property
    def key(self) -> tuple[str, tuple[str, ...], str | None] | tuple[str, tuple[str, ...], str | None, str]:
        """What identifies a finding across versions of a journey (wording and severity may change):
        ``(rule, touchpoints, dimension)``, with the :attr:`subject` as a fourth part when there is one
        (an action's findings are keyed by the action's id, not by what it addresses, so editing its
        addresses keeps its finding the same)."""
        if self.subject is None:
            return (self.rule, self.touchpoints, self.dimension)
        return (self.rule, self.touchpoints, self.dimension, self.subject)

    @property
    def addressed(self) -> tuple[str, tuple[str, ...], str | None] | None:
        """The weak point's key an improvement action's address names to take this finding on
        (:attr:`journeys.model.Address.key`): the finding's own key; for ``action-missing`` the key of the
        weak point it reports; ``None`` for a finding about an action (that action is what to edit)."""
        if self.subject is None:
            return (self.rule, self.touchpoints, self.dimension)
        if self.rule == "action-missing":
            return (self.subject, self.touchpoints, self.dimension)
        return None


class Facts(NamedTuple):
    """What the rules read of one touchpoint, gathered in one pass.

    A 10,000-touchpoint journey is ~25 MB of Python objects, more than the CPU caches hold; a dozen rules
    each walking the model objects pay a cache miss per attribute. Walking these compact records instead
    keeps the analysis close to linear in the journey's size.
    """

    id: str
    name: str
    stage: str
    mot: bool
    peak: bool
    end: bool
    pain: bool
    expected: float | None
    perceived: float | None
    owned: bool
    backed: bool
    recovered: bool
    score: float | None
    benchmark: float | None
    standards: tuple[Any, ...]
    expectations: tuple[Any, ...]
    kinds: tuple[tuple[str, str], ...]
    """(dimension, kind) of each standard."""
    targeted: int
    """Hard standards with a measurable target."""
    linked: frozenset[str]
    """The expectation ids the standards say they answer."""
    answered: int
    """Expectations a standard answers (all of them when standards exist but name none)."""
    assumed: bool
    """It has a score, and the scores rest on nothing but the team's assumption (evidence unset or
    ``assumed``)."""


PAIN_SCORE = 2
"""A touchpoint perceived at or below this is a pain point (贬损点, DOMAIN.md)."""


def _facts(tp: Touchpoint) -> Facts:
    moments = tp.moments
    emotion, sat = tp.emotion, tp.satisfaction
    expected = emotion.expected if emotion else None
    perceived = emotion.perceived if emotion else None
    standards, expectations = tuple(tp.standards), tuple(tp.expectations)
    kinds: tuple[tuple[str, str], ...] = ()
    linked: frozenset[str] = frozenset()
    targeted = answered = 0
    if standards:
        kinds = tuple((s.dimension, s.kind) for s in standards)
        targeted = sum(s.kind == "hard" and s.target is not None for s in standards)
        linked = frozenset(ref for s in standards for ref in s.answers)
        answered = sum(x.id in linked for x in expectations) if linked else len(expectations)
    return Facts(
        tp.id, tp.name, tp.stage, "mot" in moments, "peak" in moments, "end" in moments,
        "pain" in moments or (perceived is not None and perceived <= PAIN_SCORE),
        expected, perceived,
        bool(tp.owner and tp.owner.strip()), bool(tp.backup and tp.backup.strip()), tp.recovery is not None,
        sat.score if sat else None, sat.benchmark if sat else None,
        standards, expectations, kinds, targeted, linked, answered,
        emotion is not None and (expected is not None or perceived is not None)
        and emotion.evidence in (None, "assumed"),
    )


RuleFunction = Callable[["Context"], Iterable[Finding]]
TouchpointRule = Callable[["Context", Facts, list[Finding]], None]
FindingsRule = Callable[["Context", Sequence[Finding]], Iterable[Finding]]


@dataclass(frozen=True)
class RuleSpec:
    ids: tuple[str, ...]
    function: RuleFunction | TouchpointRule | FindingsRule
    group: str
    per_touchpoint: bool = False
    """``function(ctx, facts, found)`` is called once per touchpoint and appends to ``found``; else
    ``function(ctx)`` is called once and yields the findings."""
    on_findings: bool = False
    """``function(ctx, found)`` is called once, after every other rule, with their findings, and yields
    findings of its own (the rules on improvement actions read which weak points are found)."""


RULES: dict[str, RuleSpec] = {}
"""Every registered rule id → its spec; ordered as the method lists them (DOMAIN.md, "Weak points")."""


def rule(*ids: str, group: str, per_touchpoint: bool = False, on_findings: bool = False) -> Callable[[Any], Any]:
    """Register a rule function for ``ids``.

    A journey rule, ``function(ctx)``, yields its findings. A rule about one touchpoint at a time
    (``per_touchpoint=True``), ``function(ctx, facts, found)``, appends the touchpoint's findings to
    ``found``: the engine calls every such rule on a touchpoint before moving to the next, so a
    touchpoint's standards and expectations are read while they are in the CPU cache, once for all
    rules (rather than once per rule, as a loop per rule would on a 10,000-touchpoint journey).
    A rule over the other rules' findings (``on_findings=True``), ``function(ctx, found)``, runs after
    them all and yields its own.
    """

    def register(function: Any) -> Any:
        spec = RuleSpec(ids, function, group, per_touchpoint, on_findings)
        for rule_id in ids:
            if rule_id in RULES:
                raise ValueError(f"rule id {rule_id!r} registered twice")
            if rule_id not in texts.RULE_IDS:
                raise ValueError(f"rule id {rule_id!r} has no texts")
            RULES[rule_id] = spec
        return function

    return register


def lang_of(locale: str) -> str:
    """``zh`` for Chinese locales, ``en`` for everything else (the catalogue's one rule)."""
    return words.lang_of(locale)


@dataclass
class Context:
    """What every rule needs, computed once per analysis.

    :meth:`check_touchpoints` comes first: it reads each touchpoint of the model once, in file order,
    into :attr:`records`. The graph, :attr:`topology`, is built from those records (touchpoints by
    position in the file, see :mod:`journeys.graph`); :attr:`order` and :attr:`position` speak of
    touchpoint ids, for the findings.
    """

    journey: Journey
    lang: str
    today: dt.date = field(default_factory=dt.date.today)
    """The day the analysis speaks of: an improvement action due before it and not done is overdue."""
    records: list[Facts] = field(init=False, default_factory=list)
    """One :class:`Facts` per touchpoint, in file order (filled by :meth:`check_touchpoints`)."""
    _coverage: dict[tuple[str, str], int] = field(init=False, default_factory=dict)
    _expectations: int = field(init=False, default=0)
    _read: bool = field(init=False, default=False)

    def check_touchpoints(self, rules: Sequence[TouchpointRule], found: list[Finding]) -> None:
        """Run every rule in ``rules`` on each touchpoint, appending to ``found``.

        Each touchpoint's :class:`Facts` are gathered just before its rules run, so its model objects
        (standards and expectations included) are read once, while in cache, for all rules and for
        :attr:`coverage` and :attr:`expectations`; the rules run in file order (the engine sorts the
        findings afterwards). On a 10,000-touchpoint journey, walking to every touchpoint's standards
        again afterwards took 35 times as long as on a 1,000-touchpoint one: it missed the caches.
        """
        if self._read:
            for f in self.records:
                for check in rules:
                    check(self, f, found)
            return
        self._read = True
        records, coverage = self.records, self._coverage
        expectations = 0
        for tp in self.journey.touchpoints:
            f = _facts(tp)
            records.append(f)
            for pair in f.kinds:
                coverage[pair] = coverage.get(pair, 0) + 1
            expectations += len(f.expectations)
            for check in rules:
                check(self, f, found)
        self._expectations = expectations

    def _ensure_read(self) -> None:
        if not self._read:
            self.check_touchpoints((), [])

    @property
    def coverage(self) -> dict[tuple[str, str], int]:
        """How many standards each (SERVQUAL dimension, kind) has in the journey."""
        self._ensure_read()
        return self._coverage

    @property
    def expectations(self) -> int:
        """How many expectations the journey lists."""
        self._ensure_read()
        return self._expectations

    @cached_property
    def topology(self) -> Topology:
        """The journey's graph, touchpoints by position in the file."""
        self._ensure_read()
        records, stage_index = self.records, self.journey.stage_index()
        return topology_of([f.id for f in records], [stage_index[f.stage] for f in records],
                           [(e.source, e.target, e.share) for e in self.journey.edges], self.journey.start,
                           [i for i, f in enumerate(records) if f.end])

    @cached_property
    def order(self) -> list[str]:
        """Touchpoint ids in display order (:attr:`journeys.graph.Topology.order`)."""
        ids = self.topology.ids
        return [ids[i] for i in self.topology.order]

    @cached_property
    def position(self) -> dict[str, int]:
        return {tp: i for i, tp in enumerate(self.order)}

    @cached_property
    def facts(self) -> list[Facts]:
        """:attr:`records` in display order."""
        records = self.records
        return [records[i] for i in self.topology.order]

    @cached_property
    def reached(self) -> bytearray:
        """``reached[i]`` is 1 when a customer can get to touchpoint ``i`` from the journey's start."""
        return self.topology.closure(self.topology.starts)

    @cached_property
    def finishing(self) -> bytearray:
        """``finishing[i]`` is 1 when some path leads from touchpoint ``i`` to an end."""
        return self.topology.closure(self.topology.ends, backwards=True)

    @cached_property
    def mean_perceived(self) -> float | None:
        scores = [f.perceived for f in self.facts if f.perceived is not None]
        return fmean(scores) if scores else None

    def name(self, touchpoint_id: str) -> str:
        return self.records[self.topology.index[touchpoint_id]].name

    def names(self, touchpoint_ids: Sequence[str], limit: int = 5) -> str:
        """Touchpoint names quoted and joined for a sentence, the first ``limit`` of them."""
        quoted = [texts.quote(self.name(t), self.lang) for t in touchpoint_ids[:limit]]
        joined = words.t("words.list_sep", self.lang).join(quoted)
        rest = len(touchpoint_ids) - limit
        if rest > 0:
            joined += words.t("words.and_more", self.lang, total=len(touchpoint_ids), rest=rest)
        return joined

    def about(self, f: Facts, rule_id: str, severity: Severity, dimension: str | None = None,
              **params: Any) -> Finding:
        """A finding about the one touchpoint of ``f``."""
        return self.finding(rule_id, severity, (f.id,), dimension, name=f.name, **params)

    def finding(self, rule_id: str, severity: Severity, touchpoints: Sequence[str] = (),
                dimension: str | None = None, subject: str | None = None, **params: Any) -> Finding:
        """A finding with its message and suggestion in the analysis language."""
        if touchpoints and "name" not in params:
            params["name"] = self.name(touchpoints[0])
        message, suggestion = texts.render(rule_id, self.lang, dimension=dimension, **params)
        # Findings are made while the touchpoints are read: the display order is built only when needed.
        ordered = tuple(touchpoints) if len(touchpoints) < 2 else tuple(
            sorted(touchpoints, key=self.position.__getitem__))
        return Finding(rule_id, severity, ordered, message, suggestion, dimension, subject)
