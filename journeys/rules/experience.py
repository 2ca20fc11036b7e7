"""Rules on the experience itself: gaps, the peak-end design, pain points and survey benchmarks."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Context, Finding, Severity, rule
from ..model import Touchpoint

KEY_MOMENTS = ("mot", "peak", "end")
PAIN_SCORE = 2
"""A touchpoint perceived at or below this is a pain point (贬损点, DOMAIN.md)."""
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


@rule("negative-gap", group="experience")
def negative_gap(ctx: Context) -> Iterator[Finding]:
    """Perceived below expected (SERVQUAL gap 5)."""
    for tp in ctx.touchpoints:
        emotion = tp.emotion
        if emotion is None or emotion.expected is None or emotion.perceived is None:
            continue
        gap = emotion.perceived - emotion.expected
        if gap >= 0:
            continue
        key = [m for m in KEY_MOMENTS if m in tp.moments]
        yield ctx.finding("negative-gap", gap_severity(gap, bool(key)), [tp.id], gap=-gap,
                          perceived=emotion.perceived, expected=emotion.expected, key_moments=key)


@rule("no-peak", "weak-peak", group="experience")
def peak(ctx: Context) -> Iterator[Finding]:
    """Peak-end rule (Kahneman et al., 1993): a journey needs a designed, clearly positive peak."""
    peaks = [tp for tp in ctx.touchpoints if tp.has("peak")]
    if not peaks:
        yield ctx.finding("no-peak", "warning")
    for tp in peaks:
        if tp.perceived is not None and tp.perceived <= CLEAR_PEAK:
            yield ctx.finding("weak-peak", "critical" if tp.perceived < CLEAR_PEAK else "warning", [tp.id],
                              perceived=tp.perceived)


@rule("no-end", "weak-end", group="experience")
def end(ctx: Context) -> Iterator[Finding]:
    """Peak-end rule: the end must be designed and score at least the journey's mean."""
    marked = [tp for tp in ctx.touchpoints if tp.has("end")]
    if not marked and ctx.touchpoints:
        yield ctx.finding("no-end", "warning")
    mean = ctx.mean_perceived
    for tp in marked:
        if tp.perceived is not None and mean is not None and tp.perceived < mean:
            yield ctx.finding("weak-end", "critical" if tp.perceived <= PAIN_SCORE else "warning", [tp.id],
                              perceived=tp.perceived, mean=round(mean, 2))


@rule("pain-without-recovery", group="experience")
def pain_without_recovery(ctx: Context) -> Iterator[Finding]:
    """A pain point with no CLEAR recovery plan turns customers into detractors (NPS)."""
    for tp in ctx.touchpoints:
        if tp.recovery is None and is_pain(tp):
            if tp.perceived is not None and tp.perceived <= PAIN_SCORE:
                why = (f"感知得分 {tp.perceived:g}" if ctx.lang == "zh" else f"perceived {tp.perceived:g}")
            else:
                why = "已标记为投诉风险" if ctx.lang == "zh" else "marked as a complaint risk"
            yield ctx.finding("pain-without-recovery", "critical", [tp.id], why=why)


@rule("below-benchmark", group="experience")
def below_benchmark(ctx: Context) -> Iterator[Finding]:
    """Survey satisfaction below its benchmark (seed 002's business-hall table)."""
    for tp in ctx.touchpoints:
        sat = tp.satisfaction
        if sat is None or sat.benchmark is None or sat.score >= sat.benchmark:
            continue
        diff = sat.benchmark - sat.score
        yield ctx.finding("below-benchmark", "critical" if diff >= 10 else "warning", [tp.id],
                          score=sat.score, benchmark=sat.benchmark, diff=round(diff, 1))
