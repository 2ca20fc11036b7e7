"""`mot validate` and `mot import-mermaid` at scale, as whole processes: the figures the "Team-safe"
issue sets as targets.

A generated 10,000-touchpoint journey is written as JSON and as YAML and `mot validate FILE` is run
in a fresh process five times each: the median wall time and the peak memory (resident set size) of
the process. Then `mot import-mermaid` of a diagram with 20,000 tasks of the same name (each needs
its own id: name, name-2, name-3...).

    python bench/bench_validate.py
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from journeys import fileformat
from journeys.synthetic import synthetic_journey

RUNS = 5
MOT = [sys.executable, str(Path(__file__).resolve().parent.parent / "cli.py")]
TARGETS = {"json": 2.0, "yaml": 3.0}
"""Seconds for `mot validate` of a 10,000-touchpoint file."""
MEMORY_TARGET_MB = 300
MERMAID_TARGET = 2.0


def run(args: list[str]) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak resident MB of one `mot` process, each run from its own probe
    process so that the peak is that run's own."""
    probe = (
        "import resource, subprocess, sys, time\n"
        "start = time.perf_counter()\n"
        "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)\n"
        "wall = time.perf_counter() - start\n"
        "usage = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
        "print(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss)\n"
    )
    out = subprocess.run([sys.executable, "-c", probe, *MOT, *args], check=True, capture_output=True, text=True)
    wall, cpu, kilobytes = out.stdout.split()
    return float(wall), float(cpu), int(kilobytes) / 1024  # ru_maxrss is in KB on Linux


def measure(args: list[str]) -> tuple[float, float, float]:
    """Median wall and CPU seconds of RUNS processes, and the highest peak memory."""
    runs = [run(args) for _ in range(RUNS)]
    return (statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs),
            max(r[2] for r in runs))


def verdict(ok: bool) -> str:
    return "ok" if ok else "OVER"


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        journey = synthetic_journey(10_000)
        print(f"mot validate, 10,000 touchpoints ({len(journey.edges):,} edges), median of {RUNS} processes")
        print(f"{'file':<6} {'MB':>6} {'seconds':>8} {'cpu s':>6} {'target':>7} {'peak MB':>8} {'target':>7}")
        for fmt in ("json", "yaml"):  # the extension says the format
            path = work / f"journey.{fmt}"
            fileformat.save(journey, path)
            seconds, cpu, peak = measure(["validate", str(path)])
            print(f"{fmt:<6} {path.stat().st_size / 1e6:>6.1f} {seconds:>8.2f} {cpu:>6.2f} {TARGETS[fmt]:>6.0f}s "
                  f"{peak:>8.0f} {MEMORY_TARGET_MB:>6}  {verdict(seconds < TARGETS[fmt] and peak < MEMORY_TARGET_MB)}")
        diagram = work / "same-name.mmd"
        diagram.write_text("journey\n  title Queue\n  section Wait\n" + "    Take a number: 3: Guard\n" * 20_000,
                           encoding="utf-8")
        print(f"\nmot import-mermaid, 20,000 tasks of one name, median of {RUNS} processes")
        for fmt in ("json", "yaml"):  # the same journey written both ways (YAML: journeys.yamlblock)
            out = work / f"queue.{fmt}"
            seconds, cpu, peak = measure(["import-mermaid", str(diagram), "-o", str(out), "--force"])
            print(f"  to {fmt}: {seconds:.2f} s, {cpu:.2f} s CPU, peak {peak:.0f} MB, "
                  f"target < {MERMAID_TARGET:.0f} s  {verdict(seconds < MERMAID_TARGET)}")
    # On a shared machine the wall times grow with the load (the CPU seconds much less): an idle
    # machine's wall time is about its CPU time.
    print(f"\nload average: {', '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
