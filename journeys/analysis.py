"""The weak-point engine: run every registered rule and the metrics over a journey.

Pure and fast: one graph per analysis, no state kept between calls (the app recomputes on every
edit; ``bench/bench_analysis.py`` measures it).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, cast

from . import rules as _rules  # noqa: F401  (registers the rules)
from .fileformat import gc_paused
from .findings import (
    RULES,
    SEVERITIES,
    Context,
    Finding,
    FindingsRule,
    RuleFunction,
    Severity,
    TouchpointRule,
    lang_of,
)
from .graph import display_order
from .model import Journey
from .scoring import metrics
from .texts import RULE_IDS
from .vocab import DIMENSIONS

__all__ = ["Analysis", "analyze", "at_or_above", "rule_ids"]


@dataclass(frozen=True)
class Analysis:
    findings: tuple[Finding, ...]
    metrics: dict[str, Any]
    lang: str
    order: tuple[str, ...] = ()
    """The touchpoints in display order (:func:`journeys.graph.display_order`), for the exporters."""
    today: dt.date | None = None
    """The day the analysis spoke of (what is overdue is overdue as of it)."""

    def to_dict(self) -> dict[str, Any]:
        return {"findings": [f.to_dict() for f in self.findings], "metrics": self.metrics}

    def count(self, severity: Severity) -> int:
        return sum(f.severity == severity for f in self.findings)

    def order_of(self, journey: Journey) -> list[str]:
        """``journey``'s display order: the one computed by this analysis when it is of this journey."""
        ids = {tp.id for tp in journey.touchpoints}
        if len(self.order) == len(ids) and ids.issuperset(self.order):
            return list(self.order)
        return display_order(journey)

    def for_touchpoint(self, touchpoint_id: str) -> list[Finding]:
        return [f for f in self.findings if touchpoint_id in f.touchpoints]


def rule_ids() -> list[str]:
    """Every rule id, in the order the method lists them."""
    return [r for r in RULE_IDS if r in RULES]


def analyze(journey: Journey, lang: str | None = None, today: dt.date | None = None) -> Analysis:
    """Every weak point of ``journey`` and its metrics; texts in ``lang`` (default: the journey's locale).

    ``today`` (default: the date today) is the day the rules on improvement actions speak of: an action
    due before it and not done is overdue. A cached analysis must be keyed by it too.
    Findings are sorted by severity, then by where they occur in the journey, then by rule.
    """
    with gc_paused():  # many small objects, no cycles: see fileformat.gc_paused
        return _analyze(journey, lang, today or dt.date.today())


def _analyze(journey: Journey, lang: str | None, today: dt.date) -> Analysis:
    ctx = Context(journey, lang or lang_of(journey.locale), today)
    rules = rule_ids()
    specs = list({id(spec.function): spec for spec in map(RULES.__getitem__, rules)}.values())
    # ``per_touchpoint`` says which of the two signatures a rule's function has (findings.rule).
    per_touchpoint = [cast(TouchpointRule, spec.function) for spec in specs if spec.per_touchpoint]
    per_journey = [cast(RuleFunction, spec.function) for spec in specs
                   if not spec.per_touchpoint and not spec.on_findings]
    on_findings = [cast(FindingsRule, spec.function) for spec in specs if spec.on_findings]
    found: list[Finding] = []
    ctx.check_touchpoints(per_touchpoint, found)
    for function in per_journey:
        found.extend(function(ctx))
    seen = tuple(found)  # each rule over findings reads the other rules' findings, not its siblings'
    for late in on_findings:
        found.extend(late(ctx, seen))
    # Sorted by one int per finding packing severity, where it occurs, rule, how many touchpoints and
    # dimension: 26,000 findings of a 10,000-touchpoint journey sort several times faster than by tuple.
    position = ctx.position
    size = len(position) + 2
    rank = {s: i * size for i, s in enumerate(SEVERITIES)}
    order = {r: i * size for i, r in enumerate(rules)}
    dims: dict[str | None, int] = {d: i + 1 for i, d in enumerate(DIMENSIONS)}  # no dimension: 0
    span, width = len(rules) * size, len(DIMENSIONS) + 1
    keys = [((rank[f.severity] + (position[f.touchpoints[0]] + 1 if f.touchpoints else 0)) * span
             + order[f.rule] + len(f.touchpoints)) * width + dims.get(f.dimension, 0) for f in found]
    ranked = sorted(range(len(found)), key=keys.__getitem__)
    return Analysis(tuple(found[i] for i in ranked), metrics(ctx), ctx.lang, tuple(ctx.order), today)


def at_or_above(findings: tuple[Finding, ...] | list[Finding], severity: Severity) -> list[Finding]:
    """The findings at least as severe as ``severity``."""
    limit = SEVERITIES.index(severity)
    return [f for f in findings if SEVERITIES.index(f.severity) <= limit]
