"""The weak-point engine: run every registered rule and the metrics over a journey.

Pure and fast: one graph per analysis, no state kept between calls (the app recomputes on every
edit; ``bench/bench_analysis.py`` measures it).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from . import rules as _rules  # noqa: F401  (registers the rules)
from .fileformat import gc_paused
from .findings import RULES, SEVERITIES, Context, Finding, Severity, lang_of
from .graph import display_order, journey_graph
from .model import Journey
from .scoring import metrics
from .texts import RULE_TEXTS
from .vocab import DIMENSIONS

__all__ = ["Analysis", "analyze", "at_or_above", "rule_ids"]


@dataclass(frozen=True)
class Analysis:
    findings: tuple[Finding, ...]
    metrics: dict[str, Any]
    lang: str
    order: tuple[str, ...] = ()
    """The touchpoints in display order (:func:`journeys.graph.display_order`), for the exporters."""

    def to_dict(self) -> dict[str, Any]:
        return {"findings": [f.to_dict() for f in self.findings], "metrics": self.metrics}

    def count(self, severity: Severity) -> int:
        return sum(f.severity == severity for f in self.findings)

    def order_of(self, journey: Journey) -> list[str]:
        """``journey``'s display order: the one computed by this analysis when it is of this journey."""
        ids = {tp.id for tp in journey.touchpoints}
        if len(self.order) == len(ids) and ids.issuperset(self.order):
            return list(self.order)
        return display_order(journey_graph(journey))

    def for_touchpoint(self, touchpoint_id: str) -> list[Finding]:
        return [f for f in self.findings if touchpoint_id in f.touchpoints]


def rule_ids() -> list[str]:
    """Every rule id, in the order the method lists them."""
    return [r for r in RULE_TEXTS if r in RULES]


def analyze(journey: Journey, lang: str | None = None) -> Analysis:
    """Every weak point of ``journey`` and its metrics; texts in ``lang`` (default: the journey's locale).

    Findings are sorted by severity, then by where they occur in the journey, then by rule.
    """
    with gc_paused():  # many small objects, no cycles: see fileformat.gc_paused
        return _analyze(journey, lang)


def _analyze(journey: Journey, lang: str | None) -> Analysis:
    ctx = Context(journey, lang or lang_of(journey.locale))
    found: list[Finding] = []
    seen_functions = set()
    for rule_id in rule_ids():
        spec = RULES[rule_id]
        if spec.function in seen_functions:
            continue
        seen_functions.add(spec.function)
        found.extend(spec.function(ctx))
    rank = {s: i for i, s in enumerate(SEVERITIES)}
    order = {r: i for i, r in enumerate(rule_ids())}
    dims = {d: i for i, d in enumerate(DIMENSIONS)}
    position = ctx.position
    found.sort(key=lambda f: (rank[f.severity], position[f.touchpoints[0]] if f.touchpoints else -1,
                              order[f.rule], len(f.touchpoints), dims.get(f.dimension, -1)))
    return Analysis(tuple(found), metrics(ctx), ctx.lang, tuple(ctx.order))


def at_or_above(findings: tuple[Finding, ...] | list[Finding], severity: Severity) -> list[Finding]:
    """The findings at least as severe as ``severity``."""
    limit = SEVERITIES.index(severity)
    return [f for f in findings if SEVERITIES.index(f.severity) <= limit]
