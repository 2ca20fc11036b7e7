"""The one graph view of a journey: nodes, edges, starts, ends and a stable display order."""

from __future__ import annotations

from typing import Any

import networkx as nx
from hypothesis import given, settings
from hypothesis import strategies as st

from journeys.graph import Topology, display_order, ends, journey_graph, starts, topology, topology_of
from journeys.model import Journey

from .strategies import journeys


def make(touchpoints: list[tuple[str, str]], edges: list[tuple[str, str]], **extra: Any) -> Journey:
    stages = list(dict.fromkeys(stage for _, stage in sorted(touchpoints, key=lambda t: t[1])))
    return Journey.model_validate({
        "format": "mot-journey/1", "id": "j", "title": "T",
        "stages": [{"id": s, "name": s} for s in extra.pop("stages", stages)],
        "touchpoints": [{"id": t, "stage": s, "name": t, **extra.pop(t, {})} for t, s in touchpoints],
        "edges": [{"from": a, "to": b} for a, b in edges], **extra,
    })


def test_topology_is_the_graph_by_file_position() -> None:
    j = Journey.model_validate({
        "format": "mot-journey/1", "id": "j", "title": "T",
        "stages": [{"id": "s0", "name": "S"}, {"id": "s1", "name": "T"}],
        "touchpoints": [{"id": "a", "stage": "s0", "name": "A"}, {"id": "b", "stage": "s1", "name": "B"},
                        {"id": "c", "stage": "s0", "name": "C", "moments": ["end"]}],
        "edges": [{"from": "a", "to": "b", "label": "人多时", "share": 0.6}, {"from": "a", "to": "c"},
                  {"from": "b", "to": "c"}],
    })
    t = topology(j)
    assert list(t.ids) == ["a", "b", "c"] and t.index == {"a": 0, "b": 1, "c": 2}
    assert t.succ == [[1, 2], [2], []] and t.pred == [[], [0], [0, 1]] and t.stage == [0, 1, 0]
    assert t.starts == [0] and t.ends == [2] and t.marked == [2]
    G = journey_graph(j)
    assert list(G.nodes) == ["a", "b", "c"] and list(G.edges) == [("a", "b"), ("a", "c"), ("b", "c")]
    assert G.graph["journey"] is j
    # no attribute dicts to fill: labels and shares stay in the journey's edges
    assert G.nodes["b"] == {} and G.edges["a", "b"] == {}


def test_start_is_the_declared_start() -> None:
    j = make([("a", "s1"), ("b", "s1")], [("a", "b")], start=["b"])
    assert starts(j) == ["b"]


def test_start_is_first_stage_touchpoints_without_incoming_edges() -> None:
    j = make([("x", "s2"), ("a", "s1"), ("b", "s1"), ("c", "s1")], [("a", "b"), ("c", "x")],
             stages=["s1", "s2"])
    assert starts(j) == ["a", "c"]


def test_start_falls_back_to_the_first_touchpoint_when_the_first_stage_loops() -> None:
    j = make([("a", "s1"), ("b", "s1")], [("a", "b"), ("b", "a")])
    assert starts(j) == ["a"]


def test_first_stage_means_the_first_stage_that_has_touchpoints() -> None:
    j = make([("a", "s2"), ("b", "s3")], [("a", "b")], stages=["s1", "s2", "s3"])
    assert starts(j) == ["a"]


def test_ends_are_marked_end_else_sinks() -> None:
    j = make([("a", "s"), ("b", "s"), ("c", "s")], [("a", "b"), ("a", "c")])
    assert ends(j) == ["b", "c"]
    j = make([("a", "s"), ("b", "s"), ("c", "s")], [("a", "b"), ("a", "c")], b={"moments": ["end"]})
    assert ends(j) == ["b"]


def test_display_order_follows_stages_then_the_flow() -> None:
    # File order is scrambled; the flow inside stage s1 is a -> b -> c, and s2 comes after s1.
    j = make([("z", "s2"), ("c", "s1"), ("b", "s1"), ("a", "s1")], [("a", "b"), ("b", "c"), ("c", "z")],
             stages=["s1", "s2"])
    assert display_order(j) == ["a", "b", "c", "z"]


def test_display_order_tolerates_loops_and_is_stable() -> None:
    # submit -> check -> (missing papers) -> submit again: a loop; then done.
    j = make([("arrive", "s"), ("submit", "s"), ("check", "s"), ("done", "s")],
             [("arrive", "submit"), ("submit", "check"), ("check", "submit"), ("check", "done")])
    order = display_order(j)
    assert order == ["arrive", "submit", "check", "done"]
    assert display_order(j) == order


def test_display_order_of_branches_keeps_file_order_between_parallel_paths() -> None:
    j = make([("start", "s"), ("online", "s"), ("hall", "s"), ("end", "s")],
             [("start", "hall"), ("start", "online"), ("online", "end"), ("hall", "end")])
    assert display_order(j) == ["start", "online", "hall", "end"]


@settings(max_examples=60, deadline=None)
@given(journey=journeys)
def test_display_order_is_a_permutation_in_stage_order(journey: Journey) -> None:
    G = journey_graph(journey)
    order = display_order(journey)
    assert sorted(order) == sorted(tp.id for tp in journey.touchpoints)
    stage_of = {tp.id: journey.stage_index()[tp.stage] for tp in journey.touchpoints}
    assert [stage_of[t] for t in order] == sorted(stage_of[t] for t in order)
    assert set(starts(journey)) <= set(G) and set(ends(journey)) <= set(G)
    assert G.number_of_edges() == len(journey.edges)


# ---------------------------------------------------------------------------------- the topology
# Journeys are mostly chains (one way in, one way out) with a few branches and ways back: the graphs
# below are drawn that way, so that the contraction of chains into runs is exercised, and checked
# against networkx on the whole graph (loops, flow order) and against the definition (dominators).


@st.composite
def chained(draw: st.DrawFn) -> tuple[Topology, nx.DiGraph]:
    n = draw(st.integers(1, 24))
    edges = {(i, i + 1) for i in range(n - 1) if draw(st.floats(0, 1)) < 0.85}
    edges |= set(draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=n // 3 + 1)))
    order = draw(st.permutations(sorted(edges)))
    stage = sorted(draw(st.lists(st.integers(0, 2), min_size=n, max_size=n)))
    if draw(st.booleans()):
        stage = draw(st.permutations(stage))
    start = draw(st.none() | st.lists(st.integers(0, n - 1), min_size=1, max_size=3, unique=True))
    marked = sorted(draw(st.sets(st.integers(0, n - 1), max_size=2)))
    ids = [f"t{i}" for i in range(n)]
    t = topology_of(ids, list(stage), [(ids[u], ids[v], None) for u, v in order],
                    [ids[s] for s in start] if start else None, marked)
    G = nx.DiGraph()
    G.add_nodes_from(range(n))
    G.add_edges_from(order)
    return t, G


@settings(max_examples=400, deadline=None)
@given(case=chained())
def test_loops_and_flow_order_are_networkx_on_the_whole_graph(case: tuple[Topology, nx.DiGraph]) -> None:
    t, G = case
    C = nx.condensation(G)
    first = {c: min(C.nodes[c]["members"]) for c in C}
    expected = [sorted(C.nodes[c]["members"]) for c in nx.lexicographical_topological_sort(C, key=first.get)]
    assert t.components == expected
    rank = {node: r for r, members in enumerate(expected) for node in members}
    assert t.order == sorted(G, key=lambda v: (t.stage[v], rank[v], v))


@settings(max_examples=400, deadline=None)
@given(case=chained())
def test_on_every_path_is_domination_by_definition(case: tuple[Topology, nx.DiGraph]) -> None:
    t, G = case
    source = "source"
    H = G.copy()
    H.add_edges_from((source, s) for s in t.starts)
    ends = [e for e in t.ends if e in nx.descendants(H, source)]
    # v is on every path to e when e cannot be reached without it
    expected = {v for v in G if ends and all(v == e or e not in nx.descendants(H.subgraph(set(H) - {v}), source)
                                             for e in ends)}
    assert t.on_every_path(ends) == expected


def test_runs_contract_chains_between_branches_starts_and_ends() -> None:
    # 0 -> 1 -> 2 -> 3 (marked end) -> 4; 2 -> 5 -> 1 (a way back); 6 <-> 7 (a loop nobody enters)
    ids = [f"t{i}" for i in range(8)]
    pairs = [(0, 1), (1, 2), (2, 3), (3, 4), (2, 5), (5, 1), (6, 7), (7, 6)]
    t = topology_of(ids, [0] * 8, [(ids[u], ids[v], None) for u, v in pairs], None, [3])
    head, members, H = t.runs
    assert members == {0: [0], 1: [1, 2], 3: [3], 4: [4], 5: [5], 6: [6, 7]}
    assert head == [0, 1, 1, 3, 4, 5, 6, 6]
    assert sorted(H.edges) == [(0, 1), (1, 3), (1, 5), (3, 4), (5, 1), (6, 6)]
    assert t.components == [[0], [1, 2, 5], [3], [4], [6, 7]]
    assert t.on_every_path([3]) == {0, 1, 2, 3}
