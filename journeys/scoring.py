"""Journey metrics: scores, the peak-end estimate, coverage shares and where customers go.

The peak-end estimate (Kahneman, Fredrickson, Schreiber & Redelmeier, 1993) is the mean of the peak's
and the end's perceived score, shown next to the plain mean over all touchpoints.
"""

from __future__ import annotations

from collections.abc import Hashable
from statistics import fmean
from typing import Any, TypeVar, cast

import networkx as nx
import numpy as np

from .findings import Context
from .graph import Topology
from .vocab import DIMENSIONS, MOMENTS

__all__ = ["loop_reach", "metrics", "reach", "transition_shares"]

_Node = TypeVar("_Node", bound=Hashable)
"""A touchpoint as the caller names it: a position (the engine) or an id (the exporters, the tests)."""


def _mean(values: list[float]) -> float | None:
    return round(fmean(values), 4) if values else None


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def transition_shares(edges: list[tuple[_Node, float | None]]) -> list[tuple[_Node, float]]:
    """Where customers go from one touchpoint, given its outgoing ``(target, share)`` edges: the given
    shares, and what is left split equally among the edges without one (DOMAIN.md). What no edge
    takes leaves the journey there."""
    free = sum(1 for _, share in edges if share is None)
    if not free:
        return cast("list[tuple[_Node, float]]", edges)  # every share is given
    rest = max(0.0, 1.0 - sum(share for _, share in edges if share is not None))
    return [(t, rest / free if share is None else share) for t, share in edges]


def reach(ctx: Context) -> dict[str, float | None]:
    """The expected share of customers who reach each touchpoint at least once.

    Customers enter at the starts in equal parts and follow the edge shares (an absorbing Markov chain).
    Touchpoints outside any loop are reached at most once, so their share is the flow into them,
    computed in topological order of the loop-condensed graph. A loop (strongly connected component)
    is solved exactly by :func:`loop_reach`; the expected visits it returns (loops included) are what
    the loop passes on downstream. ``None`` where it is not known (see :func:`loop_reach`).
    """
    t = ctx.topology
    out = [list(zip(targets, shares, strict=True)) for targets, shares in zip(t.succ, t.share, strict=True)]
    inflow = [0.0] * len(t.succ)
    for s in t.starts:
        inflow[s] += 1 / len(t.starts)
    result: dict[int, float] = {}
    _flow(t, t.components, out, inflow, result)
    ids = t.ids
    return {ids[n]: None if v != v else round(min(1.0, max(0.0, v)), 4) for n, v in result.items()}


def _flow(t: Topology, components: list[list[int]], out: list[list[tuple[int, float | None]]],
          inflow: list[float], result: dict[int, float]) -> None:
    """Pass the customers through ``components`` (in topological order), filling ``result``."""
    for members in components:
        if len(members) == 1:
            node = members[0]
            edges = out[node]
            x = result[node] = inflow[node]
            if not edges or not x:
                continue
            if not t.has_self_loop(node):  # reached at most once
                for nxt, p in transition_shares(edges):
                    inflow[nxt] += x * p
                continue
        shares = {n: transition_shares(out[n]) for n in members}
        inside = set(members)
        if any(not p and m in inside for n in members for m, p in shares[n]):
            # An edge no customer takes may be what closes the loop: solve the loops customers make.
            local = {n: i for i, n in enumerate(members)}
            taken = Topology.from_edges(len(members), [(local[n], local[m]) for n in members
                                                       for m, p in shares[n] if p and m in inside])
            parts = taken.components
            if len(parts) > 1:
                _flow(t, [[members[i] for i in part] for part in parts], out, inflow, result)
                continue
        members = _loop_order(t, members, shares)
        probs = [shares[n] for n in members]
        visits, reached = loop_reach(members, probs, [inflow[n] for n in members])
        result.update(zip(members, reached.tolist(), strict=True))
        for x, moves in zip(visits.tolist(), probs, strict=True):
            if x:
                for nxt, p in moves:
                    if nxt not in inside:
                        inflow[nxt] += x * p


_SMALL_LOOP = 32
MAX_CELLS = 8_000_000
"""The largest loop :func:`loop_reach` solves: touchpoints times (loop heads + 1), 64 MB per matrix."""
_CLOSED = 1e-9


def _head_count(members: list[int], shares: dict[int, list[tuple[int, float]]]) -> int:
    pos = {n: i for i, n in enumerate(members)}
    return len({pos[m] for i, n in enumerate(members) for m, p in shares[n] if p and pos.get(m, i + 1) <= i})


def _loop_order(t: Topology, members: list[int], shares: dict[int, list[tuple[int, float]]]) -> list[int]:
    """The order to solve a loop in: the file's (journeys list their touchpoints in flow order, so the
    loop heads are the targets of the "go back" edges), or depth-first when that gives fewer heads
    (a file listed in another order)."""
    if len(members) <= _SMALL_LOOP:
        return members
    heads = _head_count(members, shares)
    if heads <= _SMALL_LOOP + len(members) // _SMALL_LOOP:
        return members
    depth_first = list(nx.dfs_postorder_nodes(t.graph(members), members[0]))[::-1]
    return depth_first if _head_count(depth_first, shares) < heads else members


def loop_reach(members: list[_Node], probs: list[list[tuple[_Node, float]]],
               entry: list[float]) -> tuple[np.ndarray, np.ndarray]:
    """Expected visits and the share reaching each touchpoint of one loop, exactly.

    ``members`` are the touchpoints of a strongly connected component, ``probs[i]`` the transition
    shares out of ``members[i]`` (targets outside the loop included) and ``entry[i]`` the customers
    arriving at it from upstream. With Q the transitions inside the loop and N = (I - Q)⁻¹ (expected
    visits to j starting from i), visits are v = entry·N and the share ever reaching j is
    v_j / N_jj (visits to j are the chance of getting there times the visits counted from j itself).

    N is never formed. In the order of ``members``, the targets of edges that point backwards (the
    loop heads, F) cut every cycle; the rest (D) is acyclic, so (I - Q_DD)⁻¹ is a flow pass in that
    order and has a diagonal of ones. With the excursions between heads, T = Q_FF + Q_FD (I - Q_DD)⁻¹
    Q_DF, and S = I - T (the Schur complement, one row and column per head):
    N_FF = S⁻¹ and diag(N_DD) = 1 + diag(X S⁻¹ Y), where X[j, a] is the chance that j's first head is
    a and Y[a, j] the flow into j on an excursion from a. Cost: two passes over the loop's edges with
    vectors of one entry per head, and an inverse the size of the heads — linear in the loop for a
    journey's few "go back" edges, where a dense inverse of I - Q would be cubic. A depth-first order
    makes the heads the targets of depth-first back edges, whatever the file order.

    A loop customers can never leave (no share goes out of it) is reached in full by everyone who
    enters it; its visits are unbounded and nothing flows out, so they are reported as zero. A loop
    too tangled to solve in :data:`MAX_CELLS` (thousands of touchpoints, each a way back) gets NaN:
    not known, and neither is anything downstream of it.
    """
    k = len(members)
    pos = {n: i for i, n in enumerate(members)}
    moves = [[(pos[t], p) for t, p in out if p and t in pos] for out in probs]
    heads = sorted({j for i, m in enumerate(moves) for j, _ in m if j <= i})
    if all(1.0 - sum(p for _, p in m) < _CLOSED for m in moves):
        everyone = min(1.0, sum(entry))
        return np.zeros(k), np.full(k, everyone)
    f = len(heads)
    if k * (f + 1) > MAX_CELLS:
        return np.full(k, np.nan), np.full(k, np.nan)
    column = {h: a for a, h in enumerate(heads)}
    # flow[j, a]: flow into j on an excursion leaving head a (column f: from the loop's entry), until
    # the excursion arrives at a head; for a head, what arrives there.
    flow = np.zeros((k, f + 1))
    flow[:, f] = entry
    for h, a in column.items():
        for j, p in moves[h]:
            flow[j, a] += p
    for i in range(k):
        if i not in column:
            row = flow[i]
            for j, p in moves[i]:
                flow[j] += p * row
    # first[j, a]: the chance that from j (not a head) the first head reached is a
    first = np.zeros((k, f))
    for i in range(k - 1, -1, -1):
        if i not in column:
            row = first[i]
            for j, p in moves[i]:
                head = column.get(j)
                if head is None:
                    row += p * first[j]
                else:
                    row[head] += p
    head_rows = flow[heads]
    inverse = np.linalg.inv(np.eye(f) - head_rows[:, :f].T)
    head_visits = head_rows[:, f] @ inverse
    visits = flow[:, f] + flow[:, :f] @ head_visits
    diagonal = 1.0 + ((first @ inverse) * flow[:, :f]).sum(axis=1)
    visits[heads] = head_visits
    diagonal[heads] = np.diag(inverse)
    return visits, visits / diagonal


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
    for (dimension, kind), count in ctx.coverage.items():
        coverage[dimension][kind] += count
    standards = sum(ctx.coverage.values())
    expectations = ctx.expectations
    hard_with_target = answered = 0
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
        hard_with_target += f.targeted
        answered += f.answered
        owners += f.owned
        backups += f.backed
        if f.mot:
            mots += 1
            mot_backups += f.backed
    hard = sum(coverage[d]["hard"] for d in DIMENSIONS)
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
