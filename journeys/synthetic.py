"""Generated journeys of any size, for benchmarks, load tests and demos.

A synthetic journey looks like a real one at scale: stages of ~10 touchpoints, a main path with
branches (shares that sum to at most 1), loops back to an earlier step, and annotations on every
touchpoint (scores, standards of every kind, expectations, moments, owners) so that every weak-point
rule has something to look at. Deterministic for a given ``seed``.
"""

from __future__ import annotations

import random
from typing import Any

from .model import Journey
from .vocab import CHANNELS, DIMENSIONS, KANO_LEVELS, SOURCES
from .words import lang_of

__all__ = ["synthetic_journey"]


def synthetic_journey(touchpoints: int, *, seed: int = 0, locale: str = "zh-CN",
                      come_back: float | None = None) -> Journey:
    """A valid journey with ``touchpoints`` touchpoints, branches and loops.

    ``come_back``: the share of customers who start over from the last touchpoint (an edge back to the
    first one), which puts the whole journey in one loop.

    Examples
    --------
    >>> j = synthetic_journey(50)
    >>> len(j.touchpoints), len(j.stages), len(j.edges) > 50
    (50, 5, True)
    """
    rng = random.Random(seed)
    stage_count = max(1, touchpoints // 10)
    stages = [{"id": f"s{i}", "name": f"环节{i}" if lang_of(locale) == "zh" else f"Stage {i}"}
              for i in range(stage_count)]
    tps: list[dict[str, Any]] = []
    for i in range(touchpoints):
        expected = round(rng.uniform(2.5, 4.5), 1)
        perceived = round(min(5, max(1, expected + rng.uniform(-1.8, 1.2))), 1)
        moments = [m for m, p in (("mot", 0.2), ("pain", 0.05)) if rng.random() < p]
        exp_ids = [f"e{k}" for k in range(rng.randint(0, 2))]
        standards = []
        for k in range(rng.randint(0, 3)):
            kind = rng.choice(("hard", "soft"))
            standards.append({
                "text": f"标准{i}-{k}", "kind": kind, "dimension": rng.choice(DIMENSIONS),
                "kano": rng.choice(KANO_LEVELS),
                "target": {"metric": "时长", "op": "<=", "value": rng.randint(1, 30), "unit": "分钟"}
                if kind == "hard" and rng.random() < 0.8 else None,
                "answers": exp_ids[: rng.randint(0, len(exp_ids))],
            })
        tps.append({
            "id": f"t{i}", "stage": f"s{min(i * stage_count // touchpoints, stage_count - 1)}",
            "name": f"接触点{i}" if lang_of(locale) == "zh" else f"Touchpoint {i}",
            "channel": rng.choice(CHANNELS),
            "owner": "店长" if rng.random() < 0.9 else None,
            "backup": "店员" if rng.random() < 0.7 else None,
            "moments": moments,
            "emotion": {"expected": expected, "perceived": perceived},
            "satisfaction": {"score": round(rng.uniform(60, 95), 1), "benchmark": 80} if rng.random() < 0.1 else None,
            "expectations": [{"id": e, "text": f"期望{e}", "source": rng.choice(SOURCES)} for e in exp_ids],
            "standards": standards,
            "script": ["您好"] if rng.random() < 0.5 else [],
            "recovery": {"plan": "致歉并补救", "steps": ["listen", "apologize", "resolve"]}
            if moments and rng.random() < 0.5 else None,
        })
    if touchpoints:
        tps[rng.randrange(touchpoints)]["moments"].append("peak")
        tps[-1]["moments"].append("end")
    edges: list[dict[str, Any]] = []
    for i in range(touchpoints - 1):
        if rng.random() < 0.15 and i + 3 < touchpoints:  # a branch that skips ahead
            edges.append({"from": f"t{i}", "to": f"t{i + 1}", "share": 0.7})
            edges.append({"from": f"t{i}", "to": f"t{i + rng.randint(2, 3)}", "label": "分流", "share": 0.3})
        else:
            edges.append({"from": f"t{i}", "to": f"t{i + 1}"})
        if rng.random() < 0.03 and i > 2:  # come back to re-submit
            edges.append({"from": f"t{i}", "to": f"t{i - 2}", "label": "返回"})
    if come_back is not None and touchpoints > 1:
        edges.append({"from": f"t{touchpoints - 1}", "to": "t0", "share": come_back,
                      "label": "再次光临" if lang_of(locale) == "zh" else "Come again"})
    return Journey.model_validate({
        "format": "mot-journey/1", "id": f"synthetic-{touchpoints}", "title": f"Synthetic {touchpoints}",
        "locale": locale, "stages": stages, "touchpoints": tps, "edges": edges,
    })
