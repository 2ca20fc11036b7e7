"""Chart polish: English axis labels wrap between words, and an axis that counts things shows whole numbers only.

Each point is read twice: in the Vega-Lite spec, and in the SVG that vl-convert draws from it."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from itertools import pairwise
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exports._chart_style import axis_labels, count_ticks
from exports.charts import compare_curve, experience_curve, servqual_chart, to_image
from journeys.analysis import analyze
from journeys.catalog import list_templates, load_template
from journeys.diff import diff
from journeys.model import Journey

_SVG = "{http://www.w3.org/2000/svg}"
ENGLISH = sorted({t.id for t in list_templates() if t.locale == "en"})
LONG_WORDS = ["Complaining customer escalation", "Reconfirmation of international roaming",
              "Check-in/registration desk", "Wait", "Acknowledgement", "Self-service terminal troubleshooting",
              "Documents", "Satisfaction follow-up", "Extraordinarily inconvenient handover", "Bye",
              "Misunderstanding", "Recommendation"]


def param(spec: dict[str, Any], name: str) -> Any:
    return next(p["value"] for p in spec["params"] if p["name"] == name)


def svg_lines(svg: bytes) -> list[str]:
    """Every line of text the SVG draws: a <text> with <tspan>s draws one line each."""
    lines = []
    for el in ET.fromstring(svg).iter(f"{_SVG}text"):
        spans = el.findall(f"{_SVG}tspan")
        lines += ["".join(span.itertext()) for span in spans] if spans else ["".join(el.itertext())]
    return lines


def _latin(char: str) -> bool:
    return char.isascii() and char.isalnum()


def ends_inside_a_word(line: str, name: str) -> bool:
    """Whether ``line`` (a piece of ``name``, maybe cut with "…") starts or ends between two Latin letters of the
    name everywhere it occurs in it."""
    kept = line.removesuffix("…").strip()
    spots = [m.start() for m in re.finditer(re.escape(kept), name)]
    assert spots, f"{line!r} is not a piece of {name!r}"
    return all((at > 0 and _latin(name[at - 1]) and _latin(name[at]))
               or (at + len(kept) < len(name) and _latin(name[at + len(kept) - 1]) and _latin(name[at + len(kept)]))
               for at in spots)


def english_journey(names: list[str]) -> Journey:
    return Journey.model_validate({
        "format": "mot-journey/1", "id": "long", "title": "Long words", "locale": "en",
        "stages": [{"id": "s1", "name": "Arrive"}, {"id": "s2", "name": "Leave"}],
        "touchpoints": [{"id": f"t{i}", "stage": "s1" if i < len(names) // 2 else "s2", "name": name,
                         "emotion": {"expected": 3 + i % 3, "perceived": 1 + i % 5}}
                        for i, name in enumerate(names)],
        "edges": [{"from": f"t{i}", "to": f"t{i + 1}"} for i in range(len(names) - 1)],
    })


@pytest.mark.parametrize("width", [720, 560, 420])
def test_long_english_names_wrap_between_words_in_the_spec_and_the_svg(width: int) -> None:
    journey = english_journey(LONG_WORDS)
    chart = experience_curve(journey, analyze(journey), "en", width=width)
    spec = chart.to_dict()
    labels = param(spec, "tpLabels")
    names = [tp.name for tp in journey.touchpoints]
    by_name = dict(zip(param(spec, "tpIds"), labels, strict=True))
    for tp in journey.touchpoints:
        for line in by_name[tp.id]:
            assert not ends_inside_a_word(line, tp.name), (line, tp.name, by_name[tp.id])
    # What vl-convert draws: every line that is a piece of a touchpoint name keeps its words whole.
    drawn = [line for line in svg_lines(to_image(chart, "svg")) if line.strip()]
    pieces = [(line, name) for line in drawn for name in names if line.removesuffix("…").strip() in name]
    assert {line for line, _ in pieces} >= {line for label in labels for line in label}, "every label is drawn"
    for line, _ in pieces:
        if len(line.removesuffix("…").strip()) > 3:  # "at", "the" occur inside other words by chance
            assert not all(ends_inside_a_word(line, n) for n in names if line.removesuffix("…").strip() in n), line
    assert "Complaining" in drawn or any(line.startswith("Complaining") for line in drawn)
    assert not any(line in ("Complai", "Complai-", "ning") for line in drawn)


@pytest.mark.parametrize("template", ENGLISH)
def test_english_templates_never_break_a_word(template: str) -> None:
    journey = load_template(template, "en")
    for width in (720, 480):
        spec = experience_curve(journey, analyze(journey), "en", width=width).to_dict()
        names = {tp.id: " ".join(tp.name.split()) for tp in journey.touchpoints}
        for tp_id, label in zip(param(spec, "tpIds"), param(spec, "tpLabels"), strict=True):
            for line in label:
                assert not ends_inside_a_word(line, names[tp_id]), (line, names[tp_id])


@settings(max_examples=200, deadline=None)
@given(names=st.lists(st.lists(st.sampled_from(["a", "an", "Complaining", "Reconfirmation", "desk", "Self-service",
                                                "in/out", "营业厅", "等候", "VIP", "Extraordinarily"]),
                               min_size=1, max_size=6).map(" ".join), min_size=1, max_size=12),
       step=st.floats(20, 200))
def test_no_line_ends_inside_a_latin_word(names: list[str], step: float) -> None:
    upright, labels = axis_labels(names, step)
    for name, label in zip(names, labels, strict=True):
        assert label, (name, step)  # every name keeps a line
        assert len(label) <= (3 if upright else 1), (name, label, step)
        for line in label:
            assert not ends_inside_a_word(line, name), (line, name, label, step)


def test_chinese_may_still_break_between_characters() -> None:
    upright, labels = axis_labels(["等候叫号并核对资料"], 60)
    assert upright and len(labels[0]) > 1 and "".join(labels[0]) == "等候叫号并核对资料"


# --- count axes ----------------------------------------------------------------------------------------

def servqual_with(counts: dict[str, int]) -> Journey:
    """A journey whose hard standards count ``counts[dimension]``."""
    standards = [{"text": f"{dim} {n}", "kind": "hard", "dimension": dim}
                 for dim, many in counts.items() for n in range(many)]
    return Journey.model_validate({
        "format": "mot-journey/1", "id": "sq", "title": "SQ", "locale": "en", "stages": [{"id": "s", "name": "S"}],
        "touchpoints": [{"id": "t", "stage": "s", "name": "T", "standards": standards}],
    })


def tick_labels(svg: bytes) -> list[str]:
    """The numbers the SERVQUAL chart draws: its count axis' tick labels (every other text is a word)."""
    return [line for line in svg_lines(svg) if re.fullmatch(r"[-\d.,]+", line.strip())]


@pytest.mark.parametrize("most", [1, 2, 3, 4, 7, 12, 23])
def test_servqual_counts_are_distinct_whole_numbers(most: int) -> None:
    journey = servqual_with({"reliability": most, "empathy": 1 if most > 1 else 0})
    chart = servqual_chart(analyze(journey), "en")
    x = chart.to_dict()["encoding"]["x"]
    values = x["axis"]["values"]
    assert x["axis"]["format"] == "d" and all(isinstance(v, int) for v in values)
    assert values[0] == 0 and values[-1] >= most and x["scale"]["domain"] == [0, values[-1]]
    drawn = tick_labels(to_image(chart, "svg"))
    assert drawn, "the axis is labelled"
    numbers = [int(label) for label in drawn]  # int() refuses "0.5"
    assert len(set(numbers)) == len(numbers), f"a tick label repeats: {drawn}"
    assert numbers == sorted(numbers) and numbers[0] == 0 and numbers[-1] >= most
    assert len({b - a for a, b in pairwise(numbers)}) <= 1, "one step"


def test_count_ticks() -> None:
    for most in range(0, 500):
        ticks = count_ticks(most)
        assert ticks[0] == 0 and ticks[-1] >= most and len(ticks) <= 11
        assert all(isinstance(v, int) for v in ticks) and len(set(ticks)) == len(ticks)
    assert count_ticks(1) == [0, 1] and count_ticks(10) == list(range(11)) and count_ticks(11)[:2] == [0, 2]


def test_the_compare_curve_counts_nothing_on_an_axis() -> None:
    # Its axes are the touchpoints and the 1–5 score (whole numbers, fixed): no count axis to make integral.
    journey = load_template("business-hall", "en")
    spec = compare_curve(diff(journey, journey, "en"), "en").to_dict()
    axes = [v for layer in spec["layer"] for key, v in layer.get("encoding", {}).items() if key == "y" and "axis" in v]
    assert axes and all(a["axis"]["values"] == [1, 2, 3, 4, 5] and a["axis"]["format"] == "d" for a in axes)
