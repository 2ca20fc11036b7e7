"""Journey metrics: scores, the peak-end estimate, coverage shares and where customers go.

The peak-end estimate (Kahneman, Fredrickson, Schreiber & Redelmeier, 1993) is the mean of the peak's
and the end's perceived score, shown next to the plain mean over all touchpoints.
"""

from __future__ import annotations

from statistics import fmean
from typing import Any

from .findings import Context
from .vocab import DIMENSIONS, MOMENTS

__all__ = ["metrics", "reach"]

_MAX_ITERATIONS = 10_000
_EPSILON = 1e-12


def _mean(values: list[float]) -> float | None:
    return round(fmean(values), 4) if values else None


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def transition_shares(edges: list[tuple[str, float | None]]) -> list[tuple[str, float]]:
    """Where customers go from one touchpoint, given its outgoing ``(target, share)`` edges: the given
    shares, and what is left split equally among the edges without one (DOMAIN.md). What no edge
    takes leaves the journey there."""
    free = sum(1 for _, share in edges if share is None)
    if not free:
        return edges  # type: ignore[return-value]
    rest = max(0.0, 1.0 - sum(share for _, share in edges if share is not None))
    return [(t, rest / free if share is None else share) for t, share in edges]


def reach(ctx: Context) -> dict[str, float]:
    """The expected share of customers who reach each touchpoint at least once.

    Customers enter at the starts in equal parts and follow the edge shares (an absorbing Markov chain).
    Touchpoints outside any loop are reached at most once, so their share is the flow into them,
    computed in topological order of the loop-condensed graph. Inside a loop, the share reaching a
    touchpoint is the flow into it when it is made absorbing (customers stop counting once they got
    there), solved by fixed-point iteration over the loop; the expected visits (flow, loops included)
    are what the loop passes on downstream.
    """
    out: dict[str, list[tuple[str, float | None]]] = {}
    for edge in ctx.journey.edges:
        out.setdefault(edge.source, []).append((edge.target, edge.share))
    inflow = {tp.id: 0.0 for tp in ctx.journey.touchpoints}
    for s in ctx.starts:
        inflow[s] += 1 / len(ctx.starts)
    result: dict[str, float] = {}
    for members in ctx.components:
        if len(members) == 1:
            node = members[0]
            edges = out.get(node)
            x = result[node] = inflow[node]
            if edges is None or not x:
                continue
            shares = transition_shares(edges)
            if all(t != node for t, _ in shares):  # no self-loop: reached at most once
                for nxt, p in shares:
                    inflow[nxt] += x * p
                continue
        group = set(members)
        probs = {n: transition_shares(out.get(n, [])) for n in members}
        visits = _solve(group, probs, inflow, absorbing=None)
        for node in members:
            result[node] = _solve(group, probs, inflow, absorbing=node)[node]
        for node, x in visits.items():
            if x:
                for nxt, p in probs[node]:
                    if nxt not in group:
                        inflow[nxt] += x * p
    return {n: round(min(1.0, max(0.0, v)), 4) for n, v in result.items()}


def _solve(members: set[str], probs: dict[str, list[tuple[str, float]]], inflow: dict[str, float],
           absorbing: str | None) -> dict[str, float]:
    """x = inflow + Pᵀx over one strongly connected component (Gauss–Seidel)."""
    x = {n: inflow[n] for n in members}
    incoming: dict[str, list[tuple[str, float]]] = {n: [] for n in members}
    for n in members:
        if n == absorbing:
            continue
        for nxt, p in probs[n]:
            if nxt in members and p:
                incoming[nxt].append((n, p))
    for _ in range(_MAX_ITERATIONS):
        delta = 0.0
        for n in members:
            new = inflow[n] + sum(x[m] * p for m, p in incoming[n])
            delta = max(delta, abs(new - x[n]))
            x[n] = new
        if delta < _EPSILON:
            break
    return x


def metrics(ctx: Context) -> dict[str, Any]:
    """Every journey metric as plain JSON-ready values; ``None`` where the data to compute it is missing."""
    facts = ctx.facts
    expected: list[float] = []
    perceived: list[float] = []
    gaps: list[float] = []
    peaks: list[float] = []
    end_scores: list[float] = []
    counts = dict.fromkeys(MOMENTS, 0)
    coverage = {d: {"hard": 0, "soft": 0} for d in DIMENSIONS}
    standards = hard = hard_with_target = expectations = answered = 0
    owners = backups = mots = mot_backups = 0
    for f in facts:
        e, p = f.expected, f.perceived
        if e is not None:
            expected.append(e)
        if p is not None:
            perceived.append(p)
            if e is not None:
                gaps.append(p - e)
            if f.peak:
                peaks.append(p)
            if f.end:
                end_scores.append(p)
        counts["mot"] += f.mot
        counts["peak"] += f.peak
        counts["end"] += f.end
        counts["pain"] += f.pain
        if f.standards:
            linked: set[str] = set()
            for s in f.standards:
                standards += 1
                coverage[s.dimension][s.kind] += 1
                if s.kind == "hard":
                    hard += 1
                    hard_with_target += s.target is not None
                linked.update(s.answers)
            for x in f.expectations:
                answered += (x.id in linked) if linked else 1
        expectations += len(f.expectations)
        owners += f.owned
        backups += f.backed
        if f.mot:
            mots += 1
            mot_backups += f.backed
    peak_score = max(peaks) if peaks else None
    end_score = _mean(end_scores)
    return {
        "touchpoints": len(facts),
        "stages": len(ctx.journey.stages),
        "edges": len(ctx.journey.edges),
        "standards": standards,
        "expectations": expectations,
        "mean_expected": _mean(expected),
        "mean_perceived": _mean(perceived),
        "mean_gap": _mean(gaps),
        "peak_score": peak_score,
        "end_score": end_score,
        "peak_end_score": _mean([peak_score, end_score]) if peak_score is not None and end_score is not None
        else None,
        "moments": counts,
        "servqual": coverage,
        "dimensions_covered": sum(1 for d in DIMENSIONS if coverage[d]["hard"] + coverage[d]["soft"]),
        "hard_standards": hard,
        "hard_with_target_share": _share(hard_with_target, hard),
        "expectations_answered_share": _share(answered, expectations),
        "owner_share": _share(owners, len(facts)),
        "backup_share": _share(backups, len(facts)),
        "mot_backup_share": _share(mot_backups, mots),
        "reach": reach(ctx),
    }
