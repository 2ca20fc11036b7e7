"""Weak-point engine speed: analysis of generated journeys of 100, 1,000 and 10,000 touchpoints with
branches and loops. Target (issue: weak-point engine): 10,000 touchpoints in under 0.5 s in-process,
and growth close to linear (10k/1k time ratio at most 12).

Three ways of timing the same analysis, 9 rounds each, median and best printed. A round times every
size in turn, so a slow moment of the machine weighs on all sizes alike rather than on one of them
(the 10k/1k ratio compares medians of the same rounds):

* repeat: the same journey object analysed again and again. A 1,000-touchpoint journey then stays in
  the CPU caches between runs (1 MiB of L2 per core here) and a 10,000-touchpoint one cannot (it is
  ~25 MB of Python objects), so this ratio measures the cache hierarchy as much as the code.
* after an edit: each run analyses a freshly validated copy of the journey, as the app does after every
  edit (the copy is made before the clock starts).
* cold cache: as "repeat", with 64 MB of other memory touched before each run.

Then the same journeys with one more edge, from the last touchpoint back to the first (10% of customers
start over): the whole journey becomes one loop, the hardest case for the share of customers reaching
each touchpoint (repeat mode).

Peak memory is what one analysis allocates (tracemalloc, a separate run).

    python bench/bench_analysis.py
"""

from __future__ import annotations

import statistics
import time
import tracemalloc
from collections.abc import Callable

from journeys.analysis import analyze
from journeys.model import Journey
from journeys.synthetic import synthetic_journey

SIZES = (100, 1_000, 10_000)
ROUNDS = 9
_FLUSH = bytearray(64 * 2**20)


def flush_caches() -> None:
    for i in range(0, len(_FLUSH), 64):
        _FLUSH[i] = (_FLUSH[i] + 1) & 0xFF


def timed(journeys: dict[int, Journey], prepare: Callable[[Journey], Journey]) -> dict[int, list[float]]:
    times: dict[int, list[float]] = {n: [] for n in journeys}
    for _ in range(ROUNDS):
        for n, journey in journeys.items():
            subject = prepare(journey)
            start = time.perf_counter()
            analyze(subject)
            times[n].append(time.perf_counter() - start)
    return times


def main() -> None:
    journeys = {n: synthetic_journey(n) for n in SIZES}
    findings = {n: len(analyze(j).findings) for n, j in journeys.items()}  # warm-up: imports, caches
    memory: dict[int, float] = {}
    for n, journey in journeys.items():
        tracemalloc.start()
        analyze(journey)
        memory[n] = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    modes = {
        "repeat": timed(journeys, lambda j: j),
        "after an edit": timed(journeys, lambda j: Journey.model_validate(j.model_dump(by_alias=True))),
        "cold cache": timed(journeys, lambda j: (flush_caches(), j)[1]),
    }
    print(f"{'touchpoints':>11} {'findings':>8} {'peak MiB':>9}   " +
          "   ".join(f"{m + ' median/best s':>26}" for m in modes))
    for n in SIZES:
        cells = "   ".join(f"{statistics.median(modes[m][n]):>17.3f} / {min(modes[m][n]):.3f}" for m in modes)
        print(f"{n:>11} {findings[n]:>8} {memory[n]:>9.1f}   {cells}")
    for m, times in modes.items():
        ratio = statistics.median(times[10_000]) / statistics.median(times[1_000])
        print(f"{m:>14}: 10k/1k median ratio {ratio:.1f} (target <= 12); "
              f"10k median {statistics.median(times[10_000]):.3f} s (target < 0.5 s)")
    looped = {n: synthetic_journey(n, come_back=0.1) for n in SIZES}
    for journey in looped.values():
        analyze(journey)
    times = timed(looped, lambda j: j)
    print("\nthe whole journey in one loop (10% start over from the last touchpoint), repeat mode:")
    for n in SIZES:
        print(f"{n:>11} touchpoints: median {statistics.median(times[n]):.3f} s, best {min(times[n]):.3f} s")
    print(f"{'':>14}  10k/1k median ratio {statistics.median(times[10_000]) / statistics.median(times[1_000]):.1f}")


if __name__ == "__main__":
    main()
