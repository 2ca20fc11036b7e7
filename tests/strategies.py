"""Hypothesis strategies for valid journeys, shared by the property tests."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from journeys import vocab
from journeys.model import Journey

# Text people type: Chinese, emoji, quotes, markup, newlines, right-to-left marks; never lone surrogates.
_alphabet = st.characters(exclude_categories=("Cs",), max_codepoint=0x1FAFF)
text = st.text(_alphabet, min_size=1, max_size=20).filter(lambda s: s.strip() != "")
free_text = st.text(_alphabet, max_size=20)
slug = st.from_regex(r"\A[a-z\u4e00-\u9fa5][a-z0-9_\u4e00-\u9fa5-]{0,9}\Z")
score = st.one_of(st.integers(1, 5).map(float), st.floats(1, 5, allow_nan=False).map(lambda x: round(x, 2)))
percent = st.floats(0, 100, allow_nan=False).map(lambda x: round(x, 1))


def _opt(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.none() | strategy


@st.composite
def touchpoint_docs(draw: st.DrawFn, tp_id: str, stage_ids: list[str]) -> dict[str, Any]:
    exp_ids = draw(st.lists(slug, max_size=3, unique=True))
    expectations = [{"text": draw(text), "id": e, "source": draw(_opt(st.sampled_from(vocab.SOURCES)))}
                    for e in exp_ids]
    expectations += [{"text": draw(text)} for _ in range(draw(st.integers(0, 1)))]
    standards = []
    for _ in range(draw(st.integers(0, 3))):
        kind = draw(st.sampled_from(vocab.STANDARD_KINDS))
        target = draw(_opt(st.fixed_dictionaries({
            "metric": text, "op": st.sampled_from(vocab.COMPARATORS),
            "value": st.one_of(st.integers(0, 10_000).map(float), st.floats(-1e6, 1e6, allow_nan=False)),
            "unit": _opt(free_text)})))
        standards.append({
            "text": draw(text), "kind": kind, "dimension": draw(st.sampled_from(vocab.DIMENSIONS)),
            "kano": draw(_opt(st.sampled_from(vocab.KANO_LEVELS))), "target": target,
            "answers": draw(st.lists(st.sampled_from(exp_ids), unique=True)) if exp_ids else [],
        })
    recovery = draw(_opt(st.fixed_dictionaries({
        "plan": text,
        "steps": st.lists(st.sampled_from(vocab.CLEAR_STEPS), unique=True).map(
            lambda s: sorted(s, key=vocab.CLEAR_STEPS.index)),
        "strategies": st.lists(st.sampled_from(vocab.RECOVERY_STRATEGIES), unique=True),
    })))
    return {
        "id": tp_id,
        "stage": draw(st.sampled_from(stage_ids)),
        "name": draw(text),
        "channel": draw(_opt(st.sampled_from(vocab.CHANNELS))),
        "owner": draw(_opt(free_text)),
        "backup": draw(_opt(free_text)),
        "customer_action": draw(_opt(free_text)),
        "employee_action": draw(_opt(free_text)),
        "moments": draw(st.lists(st.sampled_from(vocab.MOMENTS), unique=True)),
        "emotion": draw(_opt(st.fixed_dictionaries({
            "expected": _opt(score), "perceived": _opt(score), "evidence": _opt(st.sampled_from(vocab.EVIDENCE)),
            "n": _opt(st.integers(1, 10_000)), "period": _opt(free_text)}))),
        "satisfaction": draw(_opt(st.fixed_dictionaries({"score": percent, "benchmark": _opt(percent)}))),
        "expectations": expectations,
        "standards": standards,
        "script": draw(st.lists(free_text, max_size=2)),
        "wow": draw(_opt(free_text)),
        "recovery": recovery,
    }


@st.composite
def journey_docs(draw: st.DrawFn, max_touchpoints: int = 8) -> dict[str, Any]:
    stage_ids = draw(st.lists(slug, min_size=1, max_size=4, unique=True))
    tp_ids = draw(st.lists(slug, max_size=max_touchpoints, unique=True))
    touchpoints = [draw(touchpoint_docs(t, stage_ids)) for t in tp_ids]
    edges: list[dict[str, Any]] = []
    if tp_ids:
        pairs = draw(st.lists(st.tuples(st.sampled_from(tp_ids), st.sampled_from(tp_ids)),
                              max_size=2 * len(tp_ids), unique=True))
        left = dict.fromkeys(tp_ids, 1.0)
        for a, b in pairs:
            share = draw(_opt(st.floats(0, 1, allow_nan=False).map(lambda x: round(x, 2))))
            if share is not None:
                share = min(share, round(left[a], 2))
                left[a] -= share
            edges.append({"from": a, "to": b, "label": draw(_opt(free_text)), "share": share})
    return {
        "format": "mot-journey/1",
        "id": draw(slug),
        "title": draw(text),
        "locale": draw(st.sampled_from(["zh-CN", "en", "en-GB", "zh-TW"])),
        "persona": draw(_opt(st.fixed_dictionaries({"name": _opt(free_text), "goal": _opt(free_text)}))),
        "start": draw(_opt(st.lists(st.sampled_from(tp_ids), min_size=1, unique=True))) if tp_ids else None,
        "stages": [{"id": s, "name": draw(text)} for s in stage_ids],
        "touchpoints": touchpoints,
        "edges": edges,
    }


journeys = journey_docs().map(Journey.model_validate)


@st.composite
def path_journey_docs(draw: st.DrawFn, max_touchpoints: int = 16) -> dict[str, Any]:
    """Journeys shaped like real ones: mostly a path (one way in, one way out), with a few branches,
    ways back and marked ends, touchpoints listed in stage order or not; only what shapes the graph."""
    n = draw(st.integers(1, max_touchpoints))
    pairs = {(i, i + 1) for i in range(n - 1) if draw(st.integers(0, 9))}
    pairs |= set(draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=n // 3 + 1)))
    stages = sorted(draw(st.lists(st.integers(0, 2), min_size=n, max_size=n)))
    if draw(st.booleans()):
        stages = draw(st.permutations(stages))
    ends = draw(st.sets(st.integers(0, n - 1), max_size=2))
    start = draw(st.none() | st.lists(st.integers(0, n - 1), min_size=1, max_size=3, unique=True))
    return {
        "format": "mot-journey/1", "id": "path", "title": "path", "start": [f"t{i}" for i in start] if start else None,
        "stages": [{"id": f"s{i}", "name": f"s{i}"} for i in range(3)],
        "touchpoints": [{"id": f"t{i}", "stage": f"s{s}", "name": f"t{i}", "moments": ["end"] if i in ends else []}
                        for i, s in enumerate(stages)],
        "edges": [{"from": f"t{a}", "to": f"t{b}"} for a, b in draw(st.permutations(sorted(pairs)))],
    }


path_journeys = path_journey_docs().map(Journey.model_validate)


# --- what the outline carries (journeys.outline) ----------------------------------------------------------

_LINE_BREAKS = frozenset("\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029")
line_text = text.filter(lambda s: not _LINE_BREAKS & set(s))
"""Text that fits on one outline line (an outline line holds no line break)."""
_phrase_texts = st.sampled_from(["核对订单小票与货物3分钟内完成", "Phone answered within 10 seconds",
                                 "一次解决率不少于95%", "2分钟内接听，10分钟内回电", "回访率 at least 80%"])


@st.composite
def outline_journey_docs(draw: st.DrawFn, max_touchpoints: int = 6) -> dict[str, Any]:
    """Valid journeys holding only what the outline carries, with unique stage and touchpoint names."""
    stage_names = draw(st.lists(line_text, min_size=1, max_size=3, unique=True))
    names = draw(st.lists(line_text, max_size=max_touchpoints, unique=True))
    stages = [{"id": f"s{i}", "name": n} for i, n in enumerate(stage_names)]
    ids = [f"t{i}" for i in range(len(names))]
    target = st.fixed_dictionaries({
        "metric": line_text, "op": st.sampled_from(vocab.COMPARATORS),
        "value": st.one_of(st.integers(0, 10_000).map(float), st.floats(-1e6, 1e6, allow_nan=False)),
        "unit": _opt(line_text.filter(lambda u: "％" not in u))})
    touchpoints = []
    for tp_id, name in zip(ids, names, strict=True):
        touchpoints.append({
            "id": tp_id, "stage": draw(st.sampled_from(stages))["id"], "name": name,
            "channel": draw(_opt(st.sampled_from(vocab.CHANNELS))),
            "owner": draw(_opt(line_text)), "backup": draw(_opt(line_text)),
            "moments": draw(st.lists(st.sampled_from(vocab.MOMENTS), unique=True)),
            "emotion": draw(_opt(st.fixed_dictionaries({"expected": _opt(score), "perceived": _opt(score)}))),
            "expectations": draw(st.lists(st.fixed_dictionaries({
                "text": line_text, "source": _opt(st.sampled_from(vocab.SOURCES))}), max_size=2)),
            "standards": draw(st.lists(st.fixed_dictionaries({
                "text": line_text | _phrase_texts, "kind": st.sampled_from(vocab.STANDARD_KINDS),
                "dimension": st.sampled_from(vocab.DIMENSIONS), "target": _opt(target)}), max_size=3)),
            "script": draw(st.lists(line_text | st.just(""), max_size=2)),
        })
    edges: list[dict[str, Any]] = []
    if ids:
        pairs = draw(st.lists(st.tuples(st.sampled_from(ids), st.sampled_from(ids)), max_size=2 * len(ids),
                              unique=True))
        left = dict.fromkeys(ids, 1.0)
        for a, b in pairs:
            share = draw(_opt(st.floats(0, 1, allow_nan=False).map(lambda x: round(x, 2))))
            if share is not None:
                share = min(share, round(left[a], 2))
                left[a] -= share
            edges.append({"from": a, "to": b, "label": draw(_opt(line_text)), "share": share})
    return {"format": "mot-journey/1", "id": "outline", "title": draw(line_text),
            "locale": draw(st.sampled_from(["zh-CN", "en"])), "stages": stages, "touchpoints": touchpoints,
            "edges": edges}


outline_journeys = outline_journey_docs().map(Journey.model_validate)
