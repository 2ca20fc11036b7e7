"""Rules on the journey's shape: unreachable touchpoints, dead ends, loops and bottlenecks."""

from __future__ import annotations

from collections.abc import Iterator

import networkx as nx

from ..findings import Context, Finding, rule

_SOURCE = object()


@rule("unreachable", group="structure")
def unreachable(ctx: Context) -> Iterator[Finding]:
    reached = ctx.reachable
    lost = [t for t in ctx.order if t not in reached]
    # One finding per island, so a trainer can fix them one connection at a time.
    for island in sorted(nx.weakly_connected_components(ctx.G.subgraph(lost)),
                         key=lambda c: min(ctx.position[t] for t in c)):
        members = sorted(island, key=ctx.position.__getitem__)
        yield ctx.finding("unreachable", "critical", members, names=ctx.names(members))


@rule("dead-end", group="structure")
def dead_end(ctx: Context) -> Iterator[Finding]:
    reached, finishing = ctx.reachable, ctx.finishing
    stuck = [t for t in ctx.order if t in reached and t not in finishing]
    # One finding per stuck region: the branch customers wander into and cannot leave.
    for region in sorted(nx.weakly_connected_components(ctx.G.subgraph(stuck)),
                         key=lambda c: min(ctx.position[t] for t in c)):
        members = sorted(region, key=ctx.position.__getitem__)
        yield ctx.finding("dead-end", "warning", members, names=ctx.names(members))


@rule("loop", group="structure")
def loop(ctx: Context) -> Iterator[Finding]:
    for component in ctx.components:
        if len(component) == 1 and not ctx.G.has_edge(component[0], component[0]):
            continue
        members = sorted(component, key=ctx.position.__getitem__)
        yield ctx.finding("loop", "info", members, names=ctx.names(members))


def bottlenecks(ctx: Context) -> list[str]:
    """Touchpoints on every path from a start to an end, in display order; the starts and ends
    themselves excluded. These are the nodes that dominate a virtual sink behind every end in the
    graph seen from a virtual source before every start (Cooper, Harvey & Kennedy's dominators)."""
    ends = [e for e in ctx.ends if e in ctx.reachable]
    if not ctx.starts or not ends:
        return []
    if len(ctx.starts) == 1:
        root = ctx.starts[0]
        idom = nx.immediate_dominators(ctx.G, root)
    else:  # a virtual source before every start; only then is a copy of the graph needed
        root = _SOURCE
        H = nx.DiGraph(ctx.G.edges)
        H.add_edges_from((_SOURCE, s) for s in ctx.starts)
        idom = nx.immediate_dominators(H, _SOURCE)

    def chain(node: object) -> list[object]:
        out = [node]
        while node is not root and node != root:
            node = idom[node]
            out.append(node)
        return out

    # A virtual sink behind every end is dominated by exactly the dominators all ends share.
    common = set(chain(ends[0]))
    for e in ends[1:]:
        common &= set(chain(e))
    skip = set(ctx.starts) | set(ctx.ends)
    return sorted((n for n in common if n not in skip and n is not _SOURCE), key=ctx.position.__getitem__)


@rule("bottleneck", group="structure")
def bottleneck(ctx: Context) -> Iterator[Finding]:
    # Information, not a fault: the other rules already flag a bottleneck's missing standard or backup.
    for t in bottlenecks(ctx):
        yield ctx.finding("bottleneck", "info", [t])
