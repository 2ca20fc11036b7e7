"""Export speed. Targets (issue: exports): SVG export of a 300-touchpoint journey costs at most 1.2x
running Graphviz's `dot` alone on the same DOT; the whole script in all formats for a 100-touchpoint
journey in under 3 s.

Every measured run starts cold, as a one-off export from the command line does: the caches of wrapped
labels and drawn charts are cleared first (within one "all formats" pass the HTML page and the Word file
share the drawn chart, as they do when a trainer exports everything at once).

    python bench/bench_exports.py
"""

from __future__ import annotations

import statistics
import subprocess
import time

from exports import _chart_image, _measure
from exports.dot import DiagramOptions, journey_dot
from exports.formats import FORMATS, export
from journeys.analysis import analyze
from journeys.synthetic import synthetic_journey

RUNS = 5


def cold() -> None:
    _measure._wrapped.cache_clear()
    _chart_image._svg.cache_clear()


def median_time(f) -> float:  # type: ignore[no-untyped-def]
    f()
    times = []
    for _ in range(RUNS):
        cold()
        start = time.perf_counter()
        f()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    journey = synthetic_journey(300)
    analysis = analyze(journey, "zh")
    source = journey_dot(journey, analysis, DiagramOptions(lang="zh"))
    dot_alone = median_time(lambda: subprocess.run(["dot", "-Tsvg"], input=source.encode(), capture_output=True,
                                                   check=True))
    given = median_time(lambda: export(journey, analysis, "svg", "zh"))
    whole = median_time(lambda: export(journey, None, "svg", "zh"))
    print(f"300 touchpoints: dot alone {dot_alone:.3f} s; SVG export given the journey's analysis (the app keeps it "
          f"per revision) {given:.3f} s, ratio {given / dot_alone:.2f}; with the analysis too (a one-off "
          f"`mot export`) {whole:.3f} s, ratio {whole / dot_alone:.2f} (target <= 1.2)")

    journey = synthetic_journey(100)
    passes: list[dict[str, float]] = []
    for _ in range(RUNS + 1):
        cold()
        times: dict[str, float] = {}
        for name in FORMATS:
            start = time.perf_counter()
            export(journey, None, name, "zh")
            times[name] = time.perf_counter() - start
        passes.append(times)
    passes = passes[1:]  # the first pass warms the interpreter and vl-convert's engine
    print(f"{'format':>8} {'seconds':>8}   (100 touchpoints, one cold pass over all formats, median of {RUNS})")
    for name in FORMATS:
        print(f"{name:>8} {statistics.median(p[name] for p in passes):>8.3f}")
    script = [p["md"] + p["html"] + p["docx"] for p in passes]
    totals = [sum(p.values()) for p in passes]
    print(f"the experience script in all its formats (md + html + docx): median {statistics.median(script):.3f} s, "
          f"worst {max(script):.3f} s (target < 3 s)")
    print(f"every export format, one after the other: median {statistics.median(totals):.3f} s")


if __name__ == "__main__":
    main()
