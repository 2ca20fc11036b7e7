"""The share of customers reaching each touchpoint, checked against its definition.

The oracle is the textbook one, independent of the engine's loop decomposition: customers enter at the
starts in equal parts and follow the edge shares; the share that ever reaches touchpoint j is
sum_i entry_i * h_i, where h solves h_j = 1, h_i = sum_t Q_it h_t over the touchpoints that can reach j
(and is 0 elsewhere). One linear solve per touchpoint.
"""

from __future__ import annotations

import random
from typing import Any

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from journeys import scoring
from journeys.analysis import analyze
from journeys.graph import journey_graph, starts
from journeys.model import Journey
from journeys.scoring import loop_reach, transition_shares

from .strategies import journeys


def oracle(ids: list[str], out: dict[str, list[tuple[str, float]]], entry: dict[str, float]) -> dict[str, float]:
    """The share of customers that ever reaches each touchpoint, by one absorbing-chain solve per target."""
    index = {n: i for i, n in enumerate(ids)}
    Q = np.zeros((len(ids), len(ids)))
    G = nx.DiGraph()
    G.add_nodes_from(ids)
    for source, moves in out.items():
        for target, p in moves:
            Q[index[source], index[target]] += p
            if p:
                G.add_edge(source, target)
    b = np.array([entry.get(n, 0.0) for n in ids])
    result = {}
    for j in ids:
        others = [index[n] for n in nx.ancestors(G, j)]
        h = np.zeros(len(ids))
        h[index[j]] = 1.0
        if others:
            A = np.eye(len(others)) - Q[np.ix_(others, others)]
            h[others] = np.linalg.solve(A, Q[others, index[j]])
        result[j] = float(b @ h)
    return result


def journey_oracle(journey: Journey) -> dict[str, float]:
    out: dict[str, list[tuple[str, float | None]]] = {}
    for e in journey.edges:
        out.setdefault(e.source, []).append((e.target, e.share))
    first = starts(journey)
    entry = {s: 1 / len(first) for s in first}
    return oracle([t.id for t in journey.touchpoints], {n: transition_shares(m) for n, m in out.items()}, entry)


def doc(n: int, edges: list[tuple[int, int, float | None]]) -> dict[str, Any]:
    return {"format": "mot-journey/1", "id": "r", "title": "r", "stages": [{"id": "s", "name": "s"}],
            "touchpoints": [{"id": f"t{i}", "stage": "s", "name": f"t{i}"} for i in range(n)],
            "edges": [{"from": f"t{a}", "to": f"t{b}", "share": s} for a, b, s in edges]}


def assert_reach_is_exact(journey: Journey) -> None:
    got = analyze(journey).metrics["reach"]
    want = journey_oracle(journey)
    assert got.keys() == want.keys()
    for n in want:
        assert got[n] == pytest.approx(min(1.0, max(0.0, want[n])), abs=6e-5), n


@settings(max_examples=120, deadline=None)
@given(journey=journeys)
def test_reach_is_the_chance_of_ever_getting_there(journey: Journey) -> None:
    assert_reach_is_exact(journey)


@st.composite
def loops(draw: st.DrawFn) -> tuple[list[str], list[list[tuple[str, float]]], list[float]]:
    """One strongly connected component: a ring plus random edges, shares leaving some customers out."""
    k = draw(st.integers(1, 12))
    nodes = [f"n{i}" for i in range(k)]
    extra = draw(st.lists(st.tuples(st.integers(0, k - 1), st.integers(0, k - 1)), max_size=2 * k))
    targets: dict[int, list[str]] = {i: [nodes[(i + 1) % k]] for i in range(k)}
    for a, b in extra:
        if nodes[b] not in targets[a]:
            targets[a].append(nodes[b])
    leaky = draw(st.sets(st.integers(0, k - 1), min_size=1))
    probs = []
    for i in range(k):
        weights = draw(st.lists(st.floats(0.05, 1), min_size=len(targets[i]), max_size=len(targets[i])))
        keep = draw(st.floats(0.05, 0.95)) if i in leaky else 1.0
        moves = [(t, keep * w / sum(weights)) for t, w in zip(targets[i], weights, strict=True)]
        if i in leaky:
            moves.append(("outside", 1 - keep))
        probs.append(moves)
    entry = draw(st.lists(st.floats(0, 1), min_size=k, max_size=k))
    return nodes, probs, entry


@settings(max_examples=150, deadline=None)
@given(loop=loops(), shuffle=st.randoms(use_true_random=False))
def test_one_loop_in_any_order_matches_the_definition(loop: Any, shuffle: random.Random) -> None:
    nodes, probs, entry = loop
    out = {n: [(t, p) for t, p in moves if t != "outside"] for n, moves in zip(nodes, probs, strict=True)}
    want = oracle(nodes, out, dict(zip(nodes, entry, strict=True)))
    # the loop heads depend on the order the touchpoints are taken in; the answer must not
    order = list(range(len(nodes)))
    shuffle.shuffle(order)
    visits, reached = loop_reach([nodes[i] for i in order], [probs[i] for i in order], [entry[i] for i in order])
    for position, i in enumerate(order):
        assert reached[position] == pytest.approx(want[nodes[i]], abs=1e-9)
    Q = np.zeros((len(nodes), len(nodes)))
    for i, moves in enumerate(probs):
        for t, p in moves:
            if t != "outside":
                Q[i, nodes.index(t)] += p
    expected_visits = np.array(entry) @ np.linalg.inv(np.eye(len(nodes)) - Q)
    assert visits[[order.index(i) for i in range(len(nodes))]] == pytest.approx(expected_visits, rel=1e-9, abs=1e-12)


def test_a_loop_no_one_leaves_is_reached_by_everyone_who_enters() -> None:
    visits, reached = loop_reach(["a", "b"], [[("b", 1.0)], [("a", 0.5), ("b", 0.5)]], [0.3, 0.0])
    assert reached.tolist() == [0.3, 0.3] and visits.tolist() == [0.0, 0.0]


def test_a_big_loop_with_many_ways_back_in_depth_first_order() -> None:
    # 120 touchpoints (over the depth-first threshold): a main path with skips, short "go back" edges
    # every few steps, and a long "come again" edge from the last touchpoint to the first.
    rng = random.Random(7)
    n = 120
    edges: list[tuple[int, int, float | None]] = []
    for i in range(n - 1):
        if i % 5 == 3 and i > 2:
            edges += [(i, i + 1, 0.5), (i, i - 3, 0.2)]
        elif i % 7 == 0 and i + 2 < n:
            edges += [(i, i + 1, 0.6), (i, i + 2, None)]
        else:
            edges.append((i, i + 1, round(rng.uniform(0.8, 1.0), 2)))
    edges.append((n - 1, 0, 0.3))
    journey = Journey.model_validate(doc(n, edges[::-1]))  # edges listed backwards: file order is no guide
    G = journey_graph(journey)
    assert max(len(c) for c in nx.strongly_connected_components(G)) == n
    assert_reach_is_exact(journey)


def test_a_self_loop_repeats_but_is_reached_once() -> None:
    journey = Journey.model_validate(doc(3, [(0, 0, 0.6), (0, 1, 0.3), (1, 2, 0.5)]))
    reach = analyze(journey).metrics["reach"]
    assert reach == {"t0": 1.0, "t1": 0.75, "t2": 0.375}  # 0.3 / (1 - 0.6), then half of that
    assert_reach_is_exact(journey)


def test_a_loop_too_tangled_to_solve_is_not_known_nor_what_follows_it(monkeypatch: pytest.MonkeyPatch) -> None:
    # t0 -> t1 <-> t2 -> t3: the loop {t1, t2} needs 2 x 2 cells; allow fewer
    journey = Journey.model_validate(doc(4, [(0, 1, 0.5), (1, 2, None), (2, 1, 0.5), (2, 3, 0.5)]))
    assert analyze(journey).metrics["reach"] == pytest.approx(journey_oracle(journey), abs=6e-5)
    monkeypatch.setattr(scoring, "MAX_CELLS", 3)
    assert analyze(journey).metrics["reach"] == {"t0": 1.0, "t1": None, "t2": None, "t3": None}
