"""Weak-point engine speed: analysis of generated journeys of 100, 1,000 and 10,000 touchpoints with
branches and loops. Target (issue: weak-point engine): 10,000 touchpoints in under 0.5 s in-process,
and growth close to linear (10k/1k time ratio at most 12).

Prints, per size: findings, median and best of 7 timed runs, and the peak memory one analysis
allocates (tracemalloc, a separate run).

    python bench/bench_analysis.py
"""

from __future__ import annotations

import statistics
import time
import tracemalloc

from journeys.analysis import analyze
from journeys.synthetic import synthetic_journey

SIZES = (100, 1_000, 10_000)
RUNS = 7


def main() -> None:
    medians: dict[int, float] = {}
    print(f"{'touchpoints':>11} {'edges':>6} {'findings':>8} {'median s':>9} {'best s':>7} {'peak MiB':>9}")
    for n in SIZES:
        journey = synthetic_journey(n)
        analyze(journey)  # warm-up: imports, caches of the interpreter
        times = []
        for _ in range(RUNS):
            start = time.perf_counter()
            result = analyze(journey)
            times.append(time.perf_counter() - start)
        tracemalloc.start()
        analyze(journey)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        medians[n] = statistics.median(times)
        print(f"{n:>11} {len(journey.edges):>6} {len(result.findings):>8} {medians[n]:>9.3f} {min(times):>7.3f} "
              f"{peak / 2**20:>9.1f}")
    ratio = medians[10_000] / medians[1_000]
    print(f"10k/1k median ratio: {ratio:.1f} (target <= 12); 10k median {medians[10_000]:.3f} s (target < 0.5 s)")


if __name__ == "__main__":
    main()
