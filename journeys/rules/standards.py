"""Rules on service standards: MOTs without standards, unanswered expectations, hard vs soft, SERVQUAL."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Context, Facts, Finding, rule
from ..vocab import DIMENSIONS, HARD_DIMENSIONS
from ..words import t

__all__ = [
    "dimension_uncovered",
    "expectation_unanswered",
    "hard_dimension_soft_only",
    "hard_without_target",
    "mot_without_standard",
]


@rule("mot-without-standard", group="standards", per_touchpoint=True)
def mot_without_standard(ctx: Context, f: Facts, found: list[Finding]) -> None:
    if f.mot and not f.standards:
        found.append(ctx.about(f, "mot-without-standard", "critical"))


@rule("expectation-unanswered", group="standards", per_touchpoint=True)
def expectation_unanswered(ctx: Context, f: Facts, found: list[Finding]) -> None:
    """Expectations need a standard that answers them.

    Where a touchpoint's standards link the expectations they answer, every expectation not linked
    fires. Without such links, a touchpoint with expectations and no standard at all fires.
    """
    if not f.expectations:
        return
    linked = f.linked
    if linked:
        open_ = [e for e in f.expectations if e.id is None or e.id not in linked]
    else:
        open_ = list(f.expectations) if not f.standards else []
    if open_:
        joined = t("rule.expectation-unanswered.sep", ctx.lang).join(e.text for e in open_)
        found.append(ctx.about(f, "expectation-unanswered", "critical" if f.mot else "warning",
                                 expectations=joined))


@rule("hard-without-target", group="standards", per_touchpoint=True)
def hard_without_target(ctx: Context, f: Facts, found: list[Finding]) -> None:
    for standard in f.standards:
        if standard.kind == "hard" and standard.target is None:
            found.append(ctx.about(f, "hard-without-target", "warning", dimension=standard.dimension,
                                     standard=standard.text))


@rule("hard-dimension-soft-only", group="standards", per_touchpoint=True)
def hard_dimension_soft_only(ctx: Context, f: Facts, found: list[Finding]) -> None:
    """Seed 000: reliability, responsiveness and tangibles can and should be stated as hard standards."""
    if not f.kinds:
        return
    kinds: dict[str, set[str]] = {}
    for dimension, kind in f.kinds:
        kinds.setdefault(dimension, set()).add(kind)
    for dimension in HARD_DIMENSIONS:
        if kinds.get(dimension) == {"soft"}:
            found.append(ctx.about(f, "hard-dimension-soft-only", "warning", dimension=dimension))


@rule("dimension-uncovered", group="standards")
def dimension_uncovered(ctx: Context) -> Iterator[Finding]:
    """SERVQUAL (Parasuraman, Zeithaml & Berry, 1988): a dimension with no standard is a blind spot."""
    if not ctx.facts:
        return
    covered = {dimension for dimension, _ in ctx.coverage}
    for dimension in DIMENSIONS:
        if dimension not in covered:
            yield ctx.finding("dimension-uncovered", "warning", dimension=dimension)
