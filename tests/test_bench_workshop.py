"""The load bench's pure helpers (bench/bench_workshop.py), so the bench cannot rot unseen: its
percentile, its count of lost votes, its reading of the server's memory and of the projector's notes."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_workshop", ROOT / "bench" / "bench_workshop.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("bench_workshop", module)
    spec.loader.exec_module(module)
    return module


def test_scores_are_valid_and_neighbours_differ(bench: ModuleType) -> None:
    grid = [[bench.score(p, i) for i in range(bench.TOUCHPOINTS)] for p in range(bench.PARTICIPANTS)]
    assert {s for row in grid for s in row} == {1, 2, 3, 4, 5}
    assert all(row[i] != row[i + 1] for row in grid for i in range(len(row) - 1))
    assert all(grid[p][0] != grid[p + 1][0] for p in range(len(grid) - 1))


def test_percentile_is_nearest_rank(bench: ModuleType) -> None:
    values = [float(v) for v in range(1, 101)]
    assert bench.percentile(values, 0.95) == 95 and bench.percentile(values, 0.5) == 50
    assert bench.percentile([3.0, 1.0, 2.0], 0.95) == 3 and bench.percentile([7.0], 0.95) == 7
    with pytest.raises(ValueError):
        bench.percentile([], 0.5)


def test_lost_and_wrong_votes(bench: ModuleType) -> None:
    wanted = {("a", "t1"): 3, ("a", "t2"): 4, ("b", "t1"): 5}
    assert bench.lost_votes(3, wanted, dict(wanted)) == (0, 0)
    assert bench.lost_votes(3, wanted, {("a", "t1"): 3, ("b", "t1"): 5}) == (1, 0)
    assert bench.lost_votes(3, wanted, {("a", "t1"): 3, ("a", "t2"): 1, ("b", "t1"): 5}) == (0, 1)
    assert bench.lost_votes(2, wanted, {("a", "t1"): 3, ("a", "t2"): 4, ("c", "t9"): 2}) == (-1, 1)


def test_memory_from_proc_status(bench: ModuleType) -> None:
    status = "Name:\tpython\nVmHWM:\t  225280 kB\nVmRSS:\t  204800 kB\nThreads:\t9\n"
    assert bench.memory_mb(status) == (200.0, 220.0)


def test_the_projector_notes(bench: ModuleType) -> None:
    seen = [[10.0, "0", "0"], [11.5, "1", "3"], [12.25, "2", "24"], [13.0, "2", "23"], [14.0, "2", "24"]]
    assert bench.first_showing(seen, 2, 24) == 12.25
    assert bench.first_showing(seen, 3, 36) is None
    assert "NOT met" in bench.verdict(False) and bench.verdict(True) == "met"
    figures = bench.Figures(2, 12, sent=24, stored=24, joined_stored=2, shown=("2", "24"),
                            projector_delay=0.8, latencies=[0.2, 0.4, 0.3])
    assert figures.met and "NOT met" not in figures.report()
    figures.lost = 1
    assert not figures.met and "votes lost              1 (target 0: NOT met)" in figures.report()


def test_protocol_participants_vote_on_a_real_server(bench: ModuleType, tmp_path: Path) -> None:
    """Two participants through Streamlit's WebSocket protocol (bench/st_client.py) against ``mot app``:
    each join and every vote reaches the store, with the score sent; a closed session lets no one join."""
    import asyncio

    from journeys.store import open_store

    location = str(tmp_path / "store.db")
    session = bench.seed(location)
    latencies: list[float] = []
    sent: list[int] = []
    with bench.app_server(location, tmp_path / "server.log") as (base, _pid):
        async def both() -> None:
            await asyncio.gather(*(bench.phone(base, session, person, latencies, sent) for person in (0, 1)))
        asyncio.run(both())
        store = open_store(location)
        try:
            votes = store.workshop_votes(session.id)
            people = {p.id: p.name for p in store.workshop_participants(session.id)}
            store.close_workshop(session.id)
        finally:
            store.close()
        with pytest.raises(LookupError, match="vote_name"):  # no name field: the code is no longer open
            asyncio.run(bench.phone(base, session, 2, [], []))
    assert len(sent) == len(latencies) == 2 * bench.TOUCHPOINTS
    got = {(people[v.participant_id], v.touchpoint): v.perceived for v in votes}
    wanted = {(bench.person_name(p), tp): bench.score(p, i) for p in (0, 1)
              for i, (tp, _) in enumerate(session.touchpoints)}
    assert got == wanted
