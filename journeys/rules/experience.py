"""Rules on the experience itself: gaps, the peak-end design, pain points and survey benchmarks."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import PAIN_SCORE, Context, Facts, Finding, Severity, rule
from ..model import Touchpoint
from ..words import t

__all__ = ["below_benchmark", "end", "gap_severity", "is_pain", "negative_gap", "pain_without_recovery", "peak"]

KEY_MOMENTS = ("mot", "peak", "end")
CLEAR_PEAK = 3
"""A peak must score above this to count as clearly positive."""


def is_pain(tp: Touchpoint) -> bool:
    """Marked ``pain`` (a complaint risk), or perceived at 2 or below."""
    return tp.has("pain") or (tp.perceived is not None and tp.perceived <= PAIN_SCORE)


def gap_severity(gap: float, key_moment: bool) -> Severity:
    """Severity grows with the size of the gap, and by half again on a MOT, peak or end."""
    weight = -gap * (1.5 if key_moment else 1.0)
    if weight >= 1.5:
        return "critical"
    if weight >= 0.5:
        return "warning"
    return "info"


@rule("negative-gap", group="experience", per_touchpoint=True)
def negative_gap(ctx: Context, f: Facts, found: list[Finding]) -> None:
    """Perceived below expected (SERVQUAL gap 5)."""
    if f.expected is None or f.perceived is None or f.perceived >= f.expected:
        return
    gap = f.perceived - f.expected
    key = [m for m, on in zip(KEY_MOMENTS, (f.mot, f.peak, f.end), strict=True) if on]
    found.append(ctx.about(f, "negative-gap", gap_severity(gap, bool(key)), gap=-gap,
                           perceived=f.perceived, expected=f.expected, key_moments=key))


@rule("no-peak", "weak-peak", group="experience")
def peak(ctx: Context) -> Iterator[Finding]:
    """Peak-end rule (Kahneman et al., 1993): a journey needs a designed, clearly positive peak."""
    peaks = [f for f in ctx.facts if f.peak]
    if not peaks:
        yield ctx.finding("no-peak", "warning")
    for f in peaks:
        if f.perceived is not None and f.perceived <= CLEAR_PEAK:
            yield ctx.about(f, "weak-peak", "critical" if f.perceived < CLEAR_PEAK else "warning",
                              perceived=f.perceived)


@rule("no-end", "weak-end", group="experience")
def end(ctx: Context) -> Iterator[Finding]:
    """Peak-end rule: the end must be designed and score at least the journey's mean."""
    marked = [f for f in ctx.facts if f.end]
    if not marked and ctx.facts:
        yield ctx.finding("no-end", "warning")
    mean = ctx.mean_perceived
    for f in marked:
        if f.perceived is not None and mean is not None and f.perceived < mean:
            yield ctx.about(f, "weak-end", "critical" if f.perceived <= PAIN_SCORE else "warning",
                              perceived=f.perceived, mean=round(mean, 2))


@rule("pain-without-recovery", group="experience", per_touchpoint=True)
def pain_without_recovery(ctx: Context, f: Facts, found: list[Finding]) -> None:
    """A pain point with no CLEAR recovery plan turns customers into detractors (NPS)."""
    if f.pain and not f.recovered:
        if f.perceived is not None and f.perceived <= PAIN_SCORE:
            why = t("rule.pain-without-recovery.why_score", ctx.lang, perceived=f"{f.perceived:g}")
        else:
            why = t("rule.pain-without-recovery.why_marked", ctx.lang)
        found.append(ctx.about(f, "pain-without-recovery", "critical", why=why))


@rule("below-benchmark", group="experience", per_touchpoint=True)
def below_benchmark(ctx: Context, f: Facts, found: list[Finding]) -> None:
    """Survey satisfaction below its benchmark (seed 002's business-hall table)."""
    if f.score is None or f.benchmark is None or f.score >= f.benchmark:
        return
    diff = f.benchmark - f.score
    found.append(ctx.about(f, "below-benchmark", "critical" if diff >= 10 else "warning",
                             score=f.score, benchmark=f.benchmark, diff=round(diff, 1)))
