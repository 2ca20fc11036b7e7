"""Comparison speed: two versions of a generated 1,000-touchpoint journey, compared including the weak-point
analysis of both. Target (issue: compare versions): under 0.5 s.

Version 2 is version 1 after a workshop's worth of edits: 10% of the touchpoints re-scored, 5% renamed,
20 standards tightened, 20 touchpoints removed (their neighbours joined up) and 20 added. Each run compares freshly
validated copies (as loaded from the store), so nothing is cached between runs. 7 runs, median and best;
also the time of the comparison alone (analyses given) and of the text and Markdown reports.

    python bench/bench_diff.py
"""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Callable
from typing import Any

from exports.compare import build_report, report_markdown, report_text
from journeys import edits
from journeys.analysis import analyze
from journeys.diff import diff
from journeys.model import Journey
from journeys.synthetic import synthetic_journey

RUNS = 7
TARGET_S = 0.5


def workshop_edits(journey: Journey, seed: int = 1) -> Journey:
    rng = random.Random(seed)
    doc = edits.document(journey)
    tps = doc["touchpoints"]
    for tp in rng.sample(tps, len(tps) // 10):
        tp["emotion"] = {**(tp.get("emotion") or {}), "perceived": round(rng.uniform(1, 5), 1)}
    for tp in rng.sample(tps, len(tps) // 20):
        tp["name"] += "（优化）"
    tightened = 0
    for tp in tps:
        for standard in tp.get("standards") or []:
            if standard.get("target") and tightened < 20:
                standard["target"]["value"] = standard["target"]["value"] * 0.8
                tightened += 1
    gone = {tp["id"] for tp in rng.sample(tps, 20)}
    for tp_id in gone:  # the steps around a removed one are joined up, as the team would
        into = [e["from"] for e in doc["edges"] if e["to"] == tp_id and e["from"] != tp_id]
        out = [e["to"] for e in doc["edges"] if e["from"] == tp_id and e["to"] != tp_id]
        doc["edges"] = [e for e in doc["edges"] if tp_id not in (e["from"], e["to"])]
        pairs = {(e["from"], e["to"]) for e in doc["edges"]}
        doc["edges"] += [{"from": a, "to": b} for a in into for b in out if (a, b) not in pairs and a != b]
    doc["touchpoints"] = [tp for tp in tps if tp["id"] not in gone]
    result = edits.rebuild(doc)
    for i in range(20):
        after = rng.choice(result.touchpoints).id
        result, _ = edits.insert_after(result, after, f"新增步骤 {i}")
    return result


def fresh(journey: Journey) -> Callable[[], Journey]:
    data: dict[str, Any] = journey.model_dump(by_alias=True)
    return lambda: Journey.model_validate(data)


def timed(run: Callable[[], Any], prepare: Callable[[], Any]) -> list[float]:
    times = []
    for _ in range(RUNS):
        subject = prepare()
        start = time.perf_counter()
        run(subject)
        times.append(time.perf_counter() - start)
    return times


def line(label: str, times: list[float], target: float | None = None) -> str:
    median = statistics.median(times)
    verdict = "" if target is None else f"  target < {target:.2f} s: {'met' if median < target else 'NOT met'}"
    return f"{label:<44} median {median * 1000:7.1f} ms  best {min(times) * 1000:7.1f} ms{verdict}"


def main() -> None:
    v1 = synthetic_journey(1_000)
    v2 = workshop_edits(v1)
    new_v1, new_v2 = fresh(v1), fresh(v2)
    d = diff(v1, v2)  # warm-up (imports), and the figures below
    print(f"versions: {len(v1.touchpoints)} and {len(v2.touchpoints)} touchpoints; "
          f"{len(d.touchpoints.added)} added, {len(d.touchpoints.removed)} removed, "
          f"{len(d.touchpoints.changed)} changed; findings {len(d.findings.fixed)} fixed, "
          f"{len(d.findings.new)} new, {len(d.findings.persisting)} persisting")
    print(line("diff incl. both analyses", timed(lambda p: diff(*p), lambda: (new_v1(), new_v2())), TARGET_S))
    analyses = (analyze(v1), analyze(v2))
    print(line("diff alone (analyses given)",
               timed(lambda p: diff(*p, analyses=analyses), lambda: (new_v1(), new_v2()))))
    print(line("report: text + Markdown", timed(lambda r: (report_text(build_report(r)),
                                                           report_markdown(build_report(r))), lambda: d)))


if __name__ == "__main__":
    main()
