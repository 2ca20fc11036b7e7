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
    """Build the directed graph of ``journey``'s touchpoints and edges.

    Examples
    --------
    >>> from journeys.model import Journey
    >>> j = Journey.model_validate({
    ...     "format": "mot-journey/1", "id": "j", "title": "T", "stages": [{"id": "s", "name": "S"}],
    ...     "touchpoints": [{"id": "a", "stage": "s", "name": "A"}, {"id": "b", "stage": "s", "name": "B"}],
    ...     "edges": [{"from": "a", "to": "b", "label": "ok", "share": 0.5}]})
    >>> G = journey_graph(j)
    >>> sorted(G.nodes), G.edges["a", "b"]["share"]
    (['a', 'b'], 0.5)
    """
    stage_index = journey.stage_index()
    index = {tp.id: i for i, tp in enumerate(journey.touchpoints)}
    stage = {tp.id: stage_index[tp.stage] for tp in journey.touchpoints}
    G = nx.DiGraph(journey=journey, start=list(journey.start) if journey.start else None, index=index, stage=stage)
    G.add_nodes_from(
        (tp.id, {"touchpoint": tp, "index": index[tp.id], "stage": stage[tp.id]}) for tp in journey.touchpoints
    )
    G.add_edges_from((e.source, e.target, {"label": e.label, "share": e.share}) for e in journey.edges)
    return G


def touchpoint(G: nx.DiGraph, node: str) -> Touchpoint:
    """The touchpoint behind ``node``."""
    return G.nodes[node]["touchpoint"]


def _lookup(G: nx.DiGraph, key: str) -> dict[str, int]:
    """The node attribute ``key`` (``index`` or ``stage``) as a dict by node."""
    found = G.graph.get(key)
    return found if found is not None else dict(G.nodes(data=key))


def _first_stage_nodes(G: nx.DiGraph) -> list[str]:
    if not G:
        return []
    stage, index = _lookup(G, "stage"), _lookup(G, "index")
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
    entry = [n for n in first if G.in_degree(n) == 0]
    return entry or first[:1]


def ends(G: nx.DiGraph) -> list[str]:
    """Where the journey ends: the touchpoints marked ``end``, else those with no outgoing edge.

    Ordered as in the file.
    """
    nodes = sorted(G, key=_lookup(G, "index").__getitem__)
    attributes = G.nodes
    marked = [n for n in nodes if "end" in attributes[n]["touchpoint"].moments]
    return marked or [n for n in nodes if G.out_degree(n) == 0]


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
    stage, index = _lookup(G, "stage"), _lookup(G, "index")
    rank = {node: position for position, members in enumerate(components) for node in members}
    return sorted(G, key=lambda n: (stage[n], rank[n], index[n]))


def flow_components(G: nx.DiGraph) -> list[list[str]]:
    """The loops of ``G`` (strongly connected components, most of them one touchpoint) in the order
    customers meet them: a topological order of the condensed graph (Kahn's algorithm), ties broken
    by file position; the members of a loop in file order."""
    index = _lookup(G, "index")
    components = [list(c) if len(c) == 1 else sorted(c, key=index.__getitem__)
                  for c in nx.strongly_connected_components(G)]
    component_of = {node: i for i, members in enumerate(components) for node in members}
    indegree = [0] * len(components)
    succ = G.succ
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
