"""The one graph view of a journey: nodes, edges, starts, ends and a stable display order."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings

from journeys.graph import display_order, ends, journey_graph, starts, touchpoint
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


def test_graph_is_the_topology_and_carries_the_model_beside_it() -> None:
    j = Journey.model_validate({
        "format": "mot-journey/1", "id": "j", "title": "T", "stages": [{"id": "s", "name": "S"}],
        "touchpoints": [{"id": "a", "stage": "s", "name": "A"}, {"id": "b", "stage": "s", "name": "B"}],
        "edges": [{"from": "a", "to": "b", "label": "人多时", "share": 0.6}],
    })
    G = journey_graph(j)
    assert list(G.nodes) == ["a", "b"] and list(G.edges) == [("a", "b")]
    assert touchpoint(G, "b") is j.touchpoints[1]
    assert G.graph["journey"] is j
    assert G.graph["index"] == {"a": 0, "b": 1} and G.graph["stage"] == {"a": 0, "b": 0}
    # no attribute dicts to fill: labels and shares stay in the journey's edges
    assert G.nodes["b"] == {} and G.edges["a", "b"] == {}


def test_start_is_the_declared_start() -> None:
    j = make([("a", "s1"), ("b", "s1")], [("a", "b")], start=["b"])
    assert starts(journey_graph(j)) == ["b"]


def test_start_is_first_stage_touchpoints_without_incoming_edges() -> None:
    j = make([("x", "s2"), ("a", "s1"), ("b", "s1"), ("c", "s1")], [("a", "b"), ("c", "x")],
             stages=["s1", "s2"])
    assert starts(journey_graph(j)) == ["a", "c"]


def test_start_falls_back_to_the_first_touchpoint_when_the_first_stage_loops() -> None:
    j = make([("a", "s1"), ("b", "s1")], [("a", "b"), ("b", "a")])
    assert starts(journey_graph(j)) == ["a"]


def test_first_stage_means_the_first_stage_that_has_touchpoints() -> None:
    j = make([("a", "s2"), ("b", "s3")], [("a", "b")], stages=["s1", "s2", "s3"])
    assert starts(journey_graph(j)) == ["a"]


def test_ends_are_marked_end_else_sinks() -> None:
    j = make([("a", "s"), ("b", "s"), ("c", "s")], [("a", "b"), ("a", "c")])
    assert ends(journey_graph(j)) == ["b", "c"]
    j = make([("a", "s"), ("b", "s"), ("c", "s")], [("a", "b"), ("a", "c")], b={"moments": ["end"]})
    assert ends(journey_graph(j)) == ["b"]


def test_display_order_follows_stages_then_the_flow() -> None:
    # File order is scrambled; the flow inside stage s1 is a -> b -> c, and s2 comes after s1.
    j = make([("z", "s2"), ("c", "s1"), ("b", "s1"), ("a", "s1")], [("a", "b"), ("b", "c"), ("c", "z")],
             stages=["s1", "s2"])
    assert display_order(journey_graph(j)) == ["a", "b", "c", "z"]


def test_display_order_tolerates_loops_and_is_stable() -> None:
    # submit -> check -> (missing papers) -> submit again: a loop; then done.
    j = make([("arrive", "s"), ("submit", "s"), ("check", "s"), ("done", "s")],
             [("arrive", "submit"), ("submit", "check"), ("check", "submit"), ("check", "done")])
    order = display_order(journey_graph(j))
    assert order == ["arrive", "submit", "check", "done"]
    assert display_order(journey_graph(j)) == order


def test_display_order_of_branches_keeps_file_order_between_parallel_paths() -> None:
    j = make([("start", "s"), ("online", "s"), ("hall", "s"), ("end", "s")],
             [("start", "hall"), ("start", "online"), ("online", "end"), ("hall", "end")])
    assert display_order(journey_graph(j)) == ["start", "online", "hall", "end"]


@settings(max_examples=60, deadline=None)
@given(journey=journeys)
def test_display_order_is_a_permutation_in_stage_order(journey: Journey) -> None:
    G = journey_graph(journey)
    order = display_order(G)
    assert sorted(order) == sorted(tp.id for tp in journey.touchpoints)
    stage_of = {tp.id: journey.stage_index()[tp.stage] for tp in journey.touchpoints}
    assert [stage_of[t] for t in order] == sorted(stage_of[t] for t in order)
    assert set(starts(G)) <= set(G) and set(ends(G)) <= set(G)
    assert G.number_of_edges() == len(journey.edges)
