"""The store under load and under kill -9, SQLite and PostgreSQL side by side in one run.

* save latency (median, p95) and throughput with 1 writer, and with 8 writer processes at once, each on a
  journey of its own;
* 8 writers racing on ONE journey from the same base, round after round: exactly one save wins per base,
  the others get the conflict and nothing else;
* ``kill -9`` of a writer process in the middle of its saves, 200 times at random moments: every version
  whose save had returned (the writer printed its number) is in the store afterwards, and the store checks
  clean;
* listing the history of a journey with 1,000 versions (median of 20 listings).

PostgreSQL runs on a throwaway server of the bench's own (the tests' recipe, ``tests/pg.py``, with
fsync on: the durability that a real server has), or on ``MOT_TEST_PG`` when set. Every figure is
printed; nothing here is a timed test.

    python bench/bench_store.py [--kills N] [--only sqlite|postgresql]
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

from journeys.model import Journey
from journeys.store import ConflictError, check_store, open_store
from journeys.synthetic import synthetic_journey

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the tests' throwaway PostgreSQL server (tests/pg.py)
from tests import pg  # noqa: E402

SAVES = 150
WRITERS = 8


def journey(journey_id: str) -> Journey:
    data = synthetic_journey(30, seed=1).model_dump(mode="json", by_alias=True, exclude_none=True)
    return Journey.model_validate({**data, "id": journey_id})


def p95(values: list[float]) -> float:
    return sorted(values)[int(0.95 * (len(values) - 1))]


def _writer(path: str, journey_id: str, saves: int, out: mp.Queue) -> None:  # type: ignore[type-arg]
    store = open_store(path)
    doc = journey(journey_id)
    latencies = []
    based_on = None
    for _ in range(saves):
        start = time.perf_counter()
        info = store.save(doc, based_on=based_on, author="bench", note="load")
        latencies.append(time.perf_counter() - start)
        based_on = info.number
    out.put(latencies)


def saves(path: str, writers: int) -> None:
    out: mp.Queue = mp.Queue()  # type: ignore[type-arg]
    procs = [mp.Process(target=_writer, args=(path, f"j{i}", SAVES, out)) for i in range(writers)]
    start = time.perf_counter()
    for p in procs:
        p.start()
    latencies = [x for _ in procs for x in out.get()]
    for p in procs:
        p.join()
    elapsed = time.perf_counter() - start
    print(f"  {writers} writer(s): {len(latencies)} saves, median {statistics.median(latencies) * 1000:.1f} ms, "
          f"p95 {p95(latencies) * 1000:.1f} ms, throughput {len(latencies) / elapsed:.0f} saves/s")


def _racer(path: str, base: int, start: mp.Barrier, out: mp.Queue) -> None:  # type: ignore[type-arg]
    store = open_store(path)
    start.wait()
    try:
        store.save(journey("race"), based_on=base, author="bench", note="race")
        out.put("won")
    except ConflictError:
        out.put("conflict")
    except Exception as exc:  # anything but the conflict is a failure of the store
        out.put(f"error: {type(exc).__name__}: {exc}")


def race(path: str, rounds: int = 20) -> None:
    store = open_store(path)
    store.save(journey("race"), based_on=None, author="bench", note="base")
    wins, conflicts, errors = [], 0, []
    for _ in range(rounds):
        base = store.latest_number("race")
        assert base is not None
        out: mp.Queue = mp.Queue()  # type: ignore[type-arg]
        start = mp.Barrier(WRITERS)
        procs = [mp.Process(target=_racer, args=(path, base, start, out)) for _ in range(WRITERS)]
        for p in procs:
            p.start()
        results = [out.get() for _ in procs]
        for p in procs:
            p.join()
        wins.append(results.count("won"))
        conflicts += results.count("conflict")
        errors += [r for r in results if r.startswith("error")]
    print(f"  {rounds} rounds of {WRITERS} racing saves on one journey: winners per round {sorted(set(wins))}, "
          f"{conflicts} conflicts, {len(errors)} other errors {errors[:3]}")


WRITER = """
import sys
from journeys.model import Journey
from journeys.store import open_store
from tests.conftest import MINIMAL
store = open_store(sys.argv[1])
touchpoints = [{"id": f"t{i}", "stage": "arrive", "name": "接触点" * 20} for i in range(1000)]
n = store.latest_number("visit") or 0
while True:
    doc = {**MINIMAL, "title": f"v{n + 1}", "touchpoints": MINIMAL["touchpoints"] + touchpoints}
    store.save(Journey.model_validate(doc), based_on=n or None, note=f"note {n + 1}")
    n += 1
    print(n, flush=True)
"""


def kills(path: str, count: int) -> None:
    if count <= 0:
        return
    rng = random.Random(7)
    acknowledged = 0
    lost = 0
    start = time.perf_counter()
    for _ in range(count):
        with subprocess.Popen([sys.executable, "-c", WRITER, path], cwd=ROOT, stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL, text=True) as proc:
            assert proc.stdout is not None
            proc.stdout.readline()  # the writer is running and has saved once
            time.sleep(rng.uniform(0.0, 0.25))
            proc.send_signal(signal.SIGKILL)
            rest, _ = proc.communicate()
        printed = [int(x) for x in rest.split()]
        acknowledged = max([acknowledged, *printed])
        reader = open_store(path)
        numbers = [v.number for v in reader.history("visit")]
        reader.close()
        if numbers != list(range(1, len(numbers) + 1)) or len(numbers) < acknowledged:
            lost += 1
    store = open_store(path)
    problems = [problem.key for problem in check_store(store)]
    print(f"  {count} kill -9 during saves in {time.perf_counter() - start:.0f} s: {acknowledged} versions "
          f"acknowledged, {len(store.history('visit'))} stored, {lost} kills lost an acknowledged version, "
          f"integrity check: {problems or 'ok'}")


def history(path: str, versions: int = 1000) -> None:
    store = open_store(path)
    doc, based_on = journey("long"), None
    for _ in range(versions):
        based_on = store.save(doc, based_on=based_on, author="bench", note="quarterly review").number
    timings = []
    for _ in range(20):
        start = time.perf_counter()
        listed = store.history("long")
        timings.append(time.perf_counter() - start)
    assert len(listed) == versions
    print(f"  history of a journey with {versions:,} versions: median {statistics.median(timings) * 1000:.1f} ms, "
          f"max {max(timings) * 1000:.1f} ms")
    store.close()


@contextmanager
def backends(only: str | None) -> Iterator[list[tuple[str, Callable[[str], str]]]]:
    """(name, a function from a store name to a fresh location) for each backend."""
    with tempfile.TemporaryDirectory() as folder, ExitStack() as stack:
        chosen: list[tuple[str, Callable[[str], str]]] = []
        if only in (None, "sqlite"):
            chosen.append(("SQLite", lambda name: str(Path(folder) / f"{name}.db")))
        if only in (None, "postgresql"):
            base = os.environ.get(pg.ENV)
            if not base:
                cluster = pg.Cluster(durable=True)
                stack.callback(cluster.remove)
                base = cluster.url
            chosen.append(("PostgreSQL", lambda name, base=base: pg.fresh_url(base)))
        yield chosen


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--kills", type=int, default=200)
    parser.add_argument("--only", choices=["sqlite", "postgresql"])
    args = parser.parse_args()
    with backends(args.only) as chosen:
        print("save latency and throughput (30-touchpoint journey):")
        for name, fresh in chosen:
            print(f" {name}")
            saves(fresh("one"), 1)
            saves(fresh("eight"), WRITERS)
        print("one journey, one base:")
        for name, fresh in chosen:
            print(f" {name}")
            race(fresh("race"))
        print("history listing:")
        for name, fresh in chosen:
            print(f" {name}")
            history(fresh("history"))
        print("kill -9:")
        for name, fresh in chosen:
            print(f" {name}")
            kills(fresh("kill"), args.kills)


if __name__ == "__main__":
    main()
