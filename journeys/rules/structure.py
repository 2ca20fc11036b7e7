"""Rules on the journey's shape: unreachable touchpoints, dead ends, loops and bottlenecks."""

from __future__ import annotations

from collections.abc import Iterator

import networkx as nx

from ..findings import Context, Finding, rule

__all__ = ["bottleneck", "bottlenecks", "dead_end", "loop", "unreachable"]


def _regions(ctx: Context, nodes: list[int]) -> list[list[str]]:
    """``nodes`` (in display order) split into the groups their edges connect, each in display order,
    the groups in the order of their first touchpoint."""
    if not nodes:
        return []
    rank = {node: i for i, node in enumerate(nodes)}
    groups = [sorted(c, key=rank.__getitem__) for c in nx.weakly_connected_components(ctx.topology.graph(nodes))]
    ids = ctx.topology.ids
    return [[ids[i] for i in group] for group in sorted(groups, key=lambda g: rank[g[0]])]


@rule("unreachable", group="structure")
def unreachable(ctx: Context) -> Iterator[Finding]:
    reached = ctx.reached
    # One finding per island, so a trainer can fix them one connection at a time.
    for members in _regions(ctx, [i for i in ctx.topology.order if not reached[i]]):
        yield ctx.finding("unreachable", "critical", members, names=ctx.names(members))


@rule("dead-end", group="structure")
def dead_end(ctx: Context) -> Iterator[Finding]:
    reached, finishing = ctx.reached, ctx.finishing
    # One finding per stuck region: the branch customers wander into and cannot leave.
    for members in _regions(ctx, [i for i in ctx.topology.order if reached[i] and not finishing[i]]):
        yield ctx.finding("dead-end", "warning", members, names=ctx.names(members))


@rule("loop", group="structure")
def loop(ctx: Context) -> Iterator[Finding]:
    t = ctx.topology
    for component in t.components:
        if len(component) == 1 and not t.has_self_loop(component[0]):
            continue
        members = sorted((t.ids[i] for i in component), key=ctx.position.__getitem__)
        yield ctx.finding("loop", "info", members, names=ctx.names(members))


def bottlenecks(ctx: Context) -> list[str]:
    """Touchpoints on every path from a start to an end, in display order; the starts and ends
    themselves excluded. These are the touchpoints that dominate every end customers can reach, in the
    graph seen from a virtual source before every start (:meth:`journeys.graph.Topology.on_every_path`)."""
    t = ctx.topology
    reached = ctx.reached
    common = t.on_every_path([e for e in t.ends if reached[e]])
    common.difference_update(t.starts, t.ends)
    return [t.ids[i] for i in t.order if i in common]


@rule("bottleneck", group="structure")
def bottleneck(ctx: Context) -> Iterator[Finding]:
    # Information, not a fault: the other rules already flag a bottleneck's missing standard or backup.
    for t in bottlenecks(ctx):
        yield ctx.finding("bottleneck", "info", [t])
