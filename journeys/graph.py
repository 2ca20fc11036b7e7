"""The journey as a directed graph: its topology, its loops, its starts and ends, and a display order.

A journey is a directed graph, not a list: customers branch and loop (DOMAIN.md). :class:`Topology`
holds it as lists indexed by the touchpoints' positions in the file, which is what the weak-point
engine walks on every edit: list look-ups by position instead of hash look-ups by id, in 3.5 MB for a
10,000-touchpoint journey where a networkx graph takes 5.4 MB. The algorithms networkx does well
(strongly connected components, dominators, weak components) run on a networkx graph of the
journey's *runs* (:attr:`Topology.runs`): most touchpoints have one way in and one way out, and a
chain of them is one node there. A generated 10,000-touchpoint journey has 3,068 runs, so networkx
works on a graph a third of the size, small enough to stay in the CPU caches.

:func:`journey_graph` is the networkx view of the whole journey, for code that wants networkx itself.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property

import networkx as nx

from .model import Journey

__all__ = [
    "SOURCE",
    "Topology",
    "display_order",
    "ends",
    "journey_graph",
    "starts",
    "topology",
    "topology_of",
]

SOURCE = -1
"""The virtual touchpoint before every start in :attr:`Topology.runs` when a journey has several starts."""


@dataclass(frozen=True, eq=False)
class Topology:
    """A directed graph on touchpoints ``0 .. n-1`` (their positions in the file), as adjacency lists.

    ``index`` maps ids to positions; ``succ[i]`` and ``pred[i]`` list the touchpoints after and before
    ``i`` (in the order of the file's edges) and ``share[i]`` the share of each edge in ``succ[i]``
    (``None`` where the file gives none); ``stage[i]`` is the position of ``i``'s stage; ``declared``
    is the journey's ``start`` field and ``marked`` the touchpoints marked ``end``.
    Derived structure is computed once, on first use.

    Examples
    --------
    >>> t = Topology.from_edges(4, [(0, 1), (1, 2), (2, 1), (2, 3)])
    >>> t.starts, t.ends, t.components, t.order
    ([0], [3], [[0], [1, 2], [3]], [0, 1, 2, 3])
    """

    ids: Sequence[str]
    index: dict[str, int]
    succ: list[list[int]]
    pred: list[list[int]]
    share: list[list[float | None]]
    stage: list[int]
    declared: list[int] | None = None
    marked: list[int] | None = None

    @classmethod
    def from_edges(cls, n: int, edges: Iterable[tuple[int, int]], ids: Sequence[str] | None = None,
                   stage: list[int] | None = None) -> Topology:
        """A topology on ``n`` touchpoints with ``edges``; all in one stage unless ``stage`` is given."""
        succ: list[list[int]] = [[] for _ in range(n)]
        pred: list[list[int]] = [[] for _ in range(n)]
        for u, v in edges:
            succ[u].append(v)
            pred[v].append(u)
        ids = [str(i) for i in range(n)] if ids is None else ids
        return cls(ids, {node: i for i, node in enumerate(ids)}, succ, pred, [[None] * len(out) for out in succ],
                   [0] * n if stage is None else stage)

    def __len__(self) -> int:
        return len(self.succ)

    @cached_property
    def starts(self) -> list[int]:
        """Where customers enter the journey.

        The journey's ``start`` field when given; else the touchpoints of the first stage (the earliest
        stage that has touchpoints) with no incoming edge, in file order; else the first touchpoint of
        that stage.
        """
        if self.declared:
            return list(self.declared)
        if not self.stage:
            return []
        stage, pred = self.stage, self.pred
        first = min(stage)
        nodes = [i for i, s in enumerate(stage) if s == first]
        return [i for i in nodes if not pred[i]] or nodes[:1]

    @cached_property
    def ends(self) -> list[int]:
        """Where the journey ends: the touchpoints marked ``end``, else those with no outgoing edge;
        in file order."""
        if self.marked:
            return sorted(self.marked)
        return [i for i, out in enumerate(self.succ) if not out]

    def has_self_loop(self, node: int) -> bool:
        return node in self.succ[node]

    # ----------------------------------------------------------------------------------- runs

    @cached_property
    def runs(self) -> tuple[list[int], dict[int, list[int]], nx.DiGraph[int]]:
        """The journey with its chains contracted: ``(head, members, H)``.

        A touchpoint continues the run of its predecessor when it is that predecessor's only way on,
        that predecessor is its only way in, and neither a start (after it) nor an end (before it)
        separates them. ``head[i]`` is the first touchpoint of ``i``'s run, ``members[h]`` the run of
        head ``h`` in the order customers walk it, and ``H`` the networkx graph on the heads: an edge
        ``(head[u], v)`` for every edge ``(u, v)`` entering a run, plus :data:`SOURCE` before every
        start when there are several.

        Contraction keeps what networkx computes on ``H`` exact for every touchpoint: a run is walked
        whole once entered (it is entered only at its head and left only from its last member), so
        (1) all members of a run are in one loop, a loop of ``H`` or a run closed on itself (an edge
        from its last member to its head, a self-loop of ``H``), or each is a loop-free touchpoint;
        and (2) a touchpoint is on every path from the starts to an end ``e`` exactly when its run is
        ``e``'s run or dominates it in ``H`` (an end is the last member of its run).
        """
        n = len(self.succ)
        succ, pred = self.succ, self.pred
        opens = bytearray(n)  # a start: nothing runs into it
        for s in self.starts:
            opens[s] = 1
        closes = bytearray(n)  # an end: nothing runs on from it
        for e in self.ends:
            closes[e] = 1
        follows = bytearray(n)
        for v in range(n):
            before = pred[v]
            if len(before) == 1 and not opens[v]:
                u = before[0]
                if u != v and len(succ[u]) == 1 and not closes[u]:
                    follows[v] = 1
        head = [-1] * n
        members: dict[int, list[int]] = {}

        def walk(h: int) -> None:
            run = members[h] = [h]
            head[h] = h
            w = h
            while len(succ[w]) == 1:
                w = succ[w][0]
                if not follows[w]:
                    break
                head[w] = h
                run.append(w)

        for v in range(n):
            if not follows[v]:
                walk(v)
        for v in range(n):  # a loop of chained touchpoints with no way in: it starts at its first one
            if head[v] < 0:
                follows[v] = 0
                walk(v)
        H: nx.DiGraph[int] = nx.DiGraph()
        H.add_nodes_from(members)
        H.add_edges_from((head[u], v) for u in range(n) if succ[u] for v in succ[u] if not follows[v])
        if len(self.starts) > 1:
            H.add_edges_from((SOURCE, s) for s in self.starts)
        return head, members, H

    # ----------------------------------------------------------------------------------- loops

    @cached_property
    def components(self) -> list[list[int]]:
        """The loops (strongly connected components; most of them one touchpoint) in the order customers
        meet them: a topological order of the loop-condensed graph (Kahn's algorithm), ties broken by
        file position; the members of a loop in file order."""
        _, members, H = self.runs
        loops: list[list[int]] = []
        for component in nx.strongly_connected_components(H):
            if len(component) > 1:
                loops.append(sorted(m for h in component for m in members[h]))
                continue
            h = next(iter(component))
            if h == SOURCE:
                continue
            if H.has_edge(h, h):
                loops.append(sorted(members[h]))
            else:
                loops.extend([m] for m in members[h])
        return self._flow_order(loops)

    def _flow_order(self, loops: list[list[int]]) -> list[list[int]]:
        succ = self.succ
        loop_of = [0] * len(succ)
        for i, nodes in enumerate(loops):
            for node in nodes:
                loop_of[node] = i
        waiting = [0] * len(loops)
        for u, out in enumerate(succ):
            i = loop_of[u]
            for v in out:
                j = loop_of[v]
                if j != i:
                    waiting[j] += 1
        ready = [nodes[0] for i, nodes in enumerate(loops) if not waiting[i]]  # a loop by its first member
        heapq.heapify(ready)
        ordered: list[list[int]] = []
        while ready:
            i = loop_of[heapq.heappop(ready)]
            ordered.append(loops[i])
            for u in loops[i]:
                for v in succ[u]:
                    j = loop_of[v]
                    if j != i:
                        waiting[j] -= 1
                        if not waiting[j]:
                            heapq.heappush(ready, loops[j][0])
        return ordered

    @cached_property
    def order(self) -> list[int]:
        """Stage order, then the order customers meet touchpoints (:attr:`components`), then the file's."""
        n, stage = len(self.succ), self.stage
        rank = [0] * n
        for position, nodes in enumerate(self.components):
            for node in nodes:
                rank[node] = position
        keys = [(s * n + r) * n + i for i, (s, r) in enumerate(zip(stage, rank, strict=True))]
        return sorted(range(n), key=keys.__getitem__)

    # ----------------------------------------------------------------------------------- paths

    def closure(self, seeds: Iterable[int], backwards: bool = False) -> bytearray:
        """``result[i]`` is 1 when ``i`` can be reached from ``seeds`` (or reach them, ``backwards``)."""
        adjacency = self.pred if backwards else self.succ
        seen = bytearray(len(adjacency))
        stack = []
        for s in seeds:
            if not seen[s]:
                seen[s] = 1
                stack.append(s)
        while stack:
            for nxt in adjacency[stack.pop()]:
                if not seen[nxt]:
                    seen[nxt] = 1
                    stack.append(nxt)
        return seen

    def on_every_path(self, ends: Sequence[int]) -> set[int]:
        """The touchpoints on every path from the starts to each of ``ends``, starts and ``ends`` included:
        the dominators of ``ends`` (Cooper, Harvey & Kennedy's algorithm, networkx), computed on
        :attr:`runs`. ``ends`` must be reachable from the starts."""
        starts = self.starts
        if not starts or not ends:
            return set()
        head, members, H = self.runs
        root = head[starts[0]] if len(starts) == 1 else SOURCE
        idom = nx.immediate_dominators(H, root)

        def chain(node: int) -> set[int]:
            out = {node}
            while node != root:
                node = idom[node]
                out.add(node)
            return out

        common = chain(head[ends[0]])
        for e in ends[1:]:
            common &= chain(head[e])
        return {m for h in common if h != SOURCE for m in members[h]}

    def graph(self, nodes: Iterable[int]) -> nx.DiGraph[int]:
        """The networkx graph of ``nodes`` (positions) and the edges between them."""
        keep = set(nodes)
        G: nx.DiGraph[int] = nx.DiGraph()
        G.add_nodes_from(sorted(keep))
        G.add_edges_from((u, v) for u in keep for v in self.succ[u] if v in keep)
        return G


def topology(journey: Journey) -> Topology:
    """The graph of ``journey``'s touchpoints by position in the file."""
    touchpoints, stage_index = journey.touchpoints, journey.stage_index()
    return topology_of([tp.id for tp in touchpoints], [stage_index[tp.stage] for tp in touchpoints],
                       [(e.source, e.target, e.share) for e in journey.edges], journey.start,
                       [i for i, tp in enumerate(touchpoints) if "end" in tp.moments])


def topology_of(ids: list[str], stage: list[int], edges: Iterable[tuple[str, str, float | None]],
                start: Sequence[str] | None = None, marked: list[int] | None = None) -> Topology:
    """The topology of touchpoints ``ids`` (in file order) in stages ``stage`` (positions), with
    ``edges`` ``(source id, target id, share)``, the declared ``start`` ids and the positions
    ``marked`` as ends."""
    index = {node: i for i, node in enumerate(ids)}
    succ: list[list[int]] = [[] for _ in ids]
    pred: list[list[int]] = [[] for _ in ids]
    share: list[list[float | None]] = [[] for _ in ids]
    for source, target, p in edges:
        u, v = index[source], index[target]
        succ[u].append(v)
        pred[v].append(u)
        share[u].append(p)
    declared = [index[s] for s in start] if start else None
    return Topology(ids, index, succ, pred, share, stage, declared, marked)


def journey_graph(journey: Journey) -> nx.DiGraph[str]:
    """The networkx graph of ``journey``: touchpoint ids as nodes in file order, its edges, and the
    journey as ``G.graph["journey"]`` (edge labels and shares stay in ``journey.edges``).

    Examples
    --------
    >>> from journeys.model import Journey
    >>> j = Journey.model_validate({
    ...     "format": "mot-journey/1", "id": "j", "title": "T", "stages": [{"id": "s", "name": "S"}],
    ...     "touchpoints": [{"id": "a", "stage": "s", "name": "A"}, {"id": "b", "stage": "s", "name": "B"}],
    ...     "edges": [{"from": "a", "to": "b", "label": "ok", "share": 0.5}]})
    >>> G = journey_graph(j)
    >>> list(G.nodes), list(G.edges)
    (['a', 'b'], [('a', 'b')])
    """
    G: nx.DiGraph[str] = nx.DiGraph(journey=journey)
    G.add_nodes_from(tp.id for tp in journey.touchpoints)
    G.add_edges_from((e.source, e.target) for e in journey.edges)
    return G


def starts(journey: Journey) -> list[str]:
    """Where customers enter ``journey`` (:attr:`Topology.starts`)."""
    t = topology(journey)
    return [t.ids[i] for i in t.starts]


def ends(journey: Journey) -> list[str]:
    """Where ``journey`` ends (:attr:`Topology.ends`)."""
    t = topology(journey)
    return [t.ids[i] for i in t.ends]


def display_order(journey: Journey) -> list[str]:
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
    >>> display_order(j)
    ['a', 'c', 'b']
    """
    t = topology(journey)
    return [t.ids[i] for i in t.order]
