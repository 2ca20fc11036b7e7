"""Weak-point engine speed: analysis of generated journeys of 100, 1,000 and 10,000 touchpoints with
branches and loops. Target (issue: weak-point engine): 10,000 touchpoints in under 0.5 s in-process,
and growth close to linear (10k/1k time ratio at most 12).

Three ways of timing the same analysis, 7 runs each, median and best printed:

* repeat: the same journey object analysed again and again. A 1,000-touchpoint journey then stays in
  the CPU caches between runs (2 MiB L2 here) and a 10,000-touchpoint one cannot (it is ~25 MB of
  Python objects, about the L3 size), so this ratio measures the cache hierarchy as much as the code.
* after an edit: each run analyses a freshly validated copy of the journey, as the app does after every
  edit (the copy is made before the clock starts).
* cold cache: as "repeat", with 64 MB of other memory touched before each run.

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
RUNS = 7
_FLUSH = bytearray(64 * 2**20)


def flush_caches() -> None:
    for i in range(0, len(_FLUSH), 64):
        _FLUSH[i] = (_FLUSH[i] + 1) & 0xFF


def timed(journey: Journey, prepare: Callable[[], Journey]) -> list[float]:
    times = []
    for _ in range(RUNS):
        subject = prepare()
        start = time.perf_counter()
        analyze(subject)
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    modes: dict[str, dict[int, list[float]]] = {"repeat": {}, "after an edit": {}, "cold cache": {}}
    findings: dict[int, int] = {}
    memory: dict[int, float] = {}
    for n in SIZES:
        journey = synthetic_journey(n)
        findings[n] = len(analyze(journey).findings)  # warm-up: imports, interpreter caches
        modes["repeat"][n] = timed(journey, lambda j=journey: j)
        modes["after an edit"][n] = timed(journey, lambda j=journey: Journey.model_validate(j.model_dump(
            by_alias=True)))
        modes["cold cache"][n] = timed(journey, lambda j=journey: (flush_caches(), j)[1])
        tracemalloc.start()
        analyze(journey)
        memory[n] = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    print(f"{'touchpoints':>11} {'findings':>8} {'peak MiB':>9}   " +
          "   ".join(f"{m + ' median/best s':>26}" for m in modes))
    for n in SIZES:
        cells = "   ".join(f"{statistics.median(modes[m][n]):>17.3f} / {min(modes[m][n]):.3f}" for m in modes)
        print(f"{n:>11} {findings[n]:>8} {memory[n]:>9.1f}   {cells}")
    for m, times in modes.items():
        ratio = statistics.median(times[10_000]) / statistics.median(times[1_000])
        print(f"{m:>14}: 10k/1k median ratio {ratio:.1f} (target <= 12); "
              f"10k median {statistics.median(times[10_000]):.3f} s (target < 0.5 s)")


if __name__ == "__main__":
    main()
