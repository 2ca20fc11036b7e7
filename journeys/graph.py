"""The journey as a directed graph: the one place a networkx graph is built.

A journey is a directed graph, not a list: customers branch and loop (DOMAIN.md). Every function here
takes the graph first, never mutates it and returns plain values, the networkx way.

Node ``id`` carries ``touchpoint`` (the model object), ``index`` (position in the file) and ``stage``
(position of its stage); edge ``(u, v)`` carries ``label`` and ``share``. The graph's own attributes
hold the ``journey``, its declared ``start``, and ``index`` and ``stage`` again as plain dicts by node:
the functions here look them up for every node, and a dict look-up is several times cheaper than
networkx's node views (a 10,000-touchpoint journey is analysed on every edit).
"""

from __future__ import annotations

import heapq

import networkx as nx

from .model import Journey, Touchpoint

__all__ = [
    "display_order",
    "ends",
    "flow_components",
    "journey_graph",
    "order_by_flow",
    "starts",
    "touchpoint",
]


def journey_graph(journey: Journey) -> nx.DiGraph:
    """Build the directed graph of ``journey``'s touchpoints (nodes, by id) and edges.

    The graph holds the topology only: a 10,000-touchpoint journey's graph is walked by several
    algorithms per analysis, and attribute dicts on every node and edge would double its size (and
    the cache misses of every walk). What belongs to a node is in ``G.graph``: ``journey``, ``start``,
    and by node id ``touchpoints``, ``index`` (position in the file) and ``stage`` (position of its
    stage); :func:`touchpoint` reads it. Edge labels and shares are in ``journey.edges``.

    Examples
    --------
    >>> from journeys.model import Journey
    >>> j = Journey.model_validate({
    ...     "format": "mot-journey/1", "id": "j", "title": "T", "stages": [{"id": "s", "name": "S"}],
    ...     "touchpoints": [{"id": "a", "stage": "s", "name": "A"}, {"id": "b", "stage": "s", "name": "B"}],
    ...     "edges": [{"from": "a", "to": "b", "label": "ok", "share": 0.5}]})
    >>> G = journey_graph(j)
    >>> sorted(G.nodes), list(G.edges), touchpoint(G, "b").name
    (['a', 'b'], [('a', 'b')], 'B')
    """
    stage_index = journey.stage_index()
    touchpoints = {tp.id: tp for tp in journey.touchpoints}
    index = {node: i for i, node in enumerate(touchpoints)}
    stage = {tp.id: stage_index[tp.stage] for tp in journey.touchpoints}
    G = nx.DiGraph(journey=journey, start=list(journey.start) if journey.start else None,
                   touchpoints=touchpoints, index=index, stage=stage)
    G.add_nodes_from(touchpoints)
    G.add_edges_from((e.source, e.target) for e in journey.edges)
    return G


def touchpoint(G: nx.DiGraph, node: str) -> Touchpoint:
    """The touchpoint behind ``node``."""
    return G.graph["touchpoints"][node]


def _first_stage_nodes(G: nx.DiGraph) -> list[str]:
    if not G:
        return []
    stage, index = G.graph["stage"], G.graph["index"]
    first = min(stage.values())
    return sorted((n for n in G if stage[n] == first), key=index.__getitem__)


def starts(G: nx.DiGraph) -> list[str]:
    """Where customers enter the journey.

    The journey's ``start`` field when given; else the touchpoints of the first stage (the earliest
    stage that has touchpoints) with no incoming edge; else the first touchpoint of that stage.
    """
    declared = G.graph.get("start")
    if declared:
        return list(declared)
    first = _first_stage_nodes(G)
    pred = G.pred  # not G.in_degree: that view refers back to G, and the cycle outlives the analysis
    entry = [n for n in first if not pred[n]]
    return entry or first[:1]


def ends(G: nx.DiGraph) -> list[str]:
    """Where the journey ends: the touchpoints marked ``end``, else those with no outgoing edge.

    Ordered as in the file.
    """
    nodes = sorted(G, key=G.graph["index"].__getitem__)
    touchpoints = G.graph["touchpoints"]
    marked = [n for n in nodes if "end" in touchpoints[n].moments]
    succ = G.succ
    return marked or [n for n in nodes if not succ[n]]


def display_order(G: nx.DiGraph) -> list[str]:
    """A stable order for showing the journey: stage order, then the order customers meet touchpoints.

    Within a stage, touchpoints follow a topological order of the graph; the touchpoints of a loop
    (a strongly connected component) stay together in file order, so loops are tolerated. Ties are
    broken by position in the file, so the order is deterministic.

    Examples
    --------
    >>> from journeys.model import Journey
    >>> j = Journey.model_validate({
    ...     "format": "mot-journey/1", "id": "j", "title": "T", "stages": [{"id": "s", "name": "S"}],
    ...     "touchpoints": [{"id": i, "stage": "s", "name": i} for i in ("c", "a", "b")],
    ...     "edges": [{"from": "a", "to": "b"}, {"from": "b", "to": "c"}, {"from": "c", "to": "b"}]})
    >>> display_order(journey_graph(j))
    ['a', 'c', 'b']
    """
    return order_by_flow(G, flow_components(G))


def order_by_flow(G: nx.DiGraph, components: list[list[str]]) -> list[str]:
    """Sort touchpoints by stage, then by their component's place in ``components`` (flow order)."""
    stage, index = G.graph["stage"], G.graph["index"]
    rank = {node: position for position, members in enumerate(components) for node in members}
    return sorted(G, key=lambda n: (stage[n], rank[n], index[n]))


def flow_components(G: nx.DiGraph) -> list[list[str]]:
    """The loops of ``G`` (strongly connected components, most of them one touchpoint) in the order
    customers meet them: a topological order of the condensed graph (Kahn's algorithm), ties broken
    by file position; the members of a loop in file order."""
    index = G.graph["index"]
    components = [list(c) if len(c) == 1 else sorted(c, key=index.__getitem__)
                  for c in nx.strongly_connected_components(G)]
    component_of = {node: i for i, members in enumerate(components) for node in members}
    indegree = [0] * len(components)
    succ = dict(G.adjacency())  # plain dicts: G.succ[node] would build a view object per look-up
    for i, members in enumerate(components):
        for node in members:
            for nxt in succ[node]:
                j = component_of[nxt]
                if j != i:
                    indegree[j] += 1
    ready = [(index[members[0]], i) for i, members in enumerate(components) if not indegree[i]]
    heapq.heapify(ready)
    ordered: list[list[str]] = []
    while ready:
        _, i = heapq.heappop(ready)
        ordered.append(components[i])
        for node in components[i]:
            for nxt in succ[node]:
                j = component_of[nxt]
                if j != i:
                    indegree[j] -= 1
                    if not indegree[j]:
                        heapq.heappush(ready, (index[components[j][0]], j))
    return ordered
