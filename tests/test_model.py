"""Validation rejects what cannot be true, with the field path of the problem; each rule has a failing
and a passing case. Weak design (no owner, no peak...) is valid here: the weak-point engine judges it."""

from __future__ import annotations

import copy
import math
from collections.abc import Callable
from typing import Any

import pytest
from pydantic import ValidationError

from journeys.fileformat import problems_from_validation
from journeys.model import Journey

Doc = dict[str, Any]


def _set(path: str, value: Any) -> Callable[[Doc], None]:
    def apply(doc: Doc) -> None:
        target: Any = doc
        parts = path.split(".")
        for part in parts[:-1]:
            target = target[int(part)] if part.isdigit() else target.setdefault(part, {})
        last = parts[-1]
        if last.isdigit():
            target[int(last)] = value
        else:
            target[last] = value
    return apply


def _append(path: str, value: Any) -> Callable[[Doc], None]:
    def apply(doc: Doc) -> None:
        target: Any = doc
        for part in path.split("."):
            target = target[int(part)] if part.isdigit() else target.setdefault(part, [])
        target.append(value)
    return apply


def _both(*edits: Callable[[Doc], None]) -> Callable[[Doc], None]:
    def apply(doc: Doc) -> None:
        for edit in edits:
            edit(doc)
    return apply


STANDARD = {"text": "10秒内接听", "kind": "hard", "dimension": "responsiveness"}

# (rule, an edit that breaks it, the field path reported, a near-identical edit that is fine)
RULES: list[tuple[str, Callable[[Doc], None], str, Callable[[Doc], None]]] = [
    ("duplicate touchpoint id", _append("touchpoints", {"id": "greet", "stage": "serve", "name": "再问候"}),
     "touchpoints[3].id", _append("touchpoints", {"id": "greet-2", "stage": "serve", "name": "再问候"})),
    ("duplicate stage id", _append("stages", {"id": "arrive", "name": "又到达"}), "stages[2].id",
     _append("stages", {"id": "leave", "name": "离开"})),
    ("touchpoint names an unknown stage", _set("touchpoints.1.stage", "wait"), "touchpoints[1].stage",
     _set("touchpoints.1.stage", "serve")),
    ("edge names an unknown touchpoint (to)", _append("edges", {"from": "counter", "to": "exit"}), "edges[2].to",
     _append("edges", {"from": "counter", "to": "greet"})),
    ("edge names an unknown touchpoint (from)", _append("edges", {"from": "exit", "to": "greet"}),
     "edges[2].from", _append("edges", {"from": "greet", "to": "counter"})),
    ("edge defined twice", _append("edges", {"from": "greet", "to": "queue", "label": "again"}), "edges[2]",
     _append("edges", {"from": "queue", "to": "greet", "label": "back"})),
    ("start names an unknown touchpoint", _set("start", ["door"]), "start[0]", _set("start", ["queue"])),
    ("perceived above 5", _set("touchpoints.0.emotion", {"perceived": 6}), "touchpoints[0].emotion.perceived",
     _set("touchpoints.0.emotion", {"perceived": 5})),
    ("expected below 1", _set("touchpoints.0.emotion", {"expected": 0.5}), "touchpoints[0].emotion.expected",
     _set("touchpoints.0.emotion", {"expected": 1.5})),
    ("satisfaction above 100", _set("touchpoints.0.satisfaction", {"score": 101}),
     "touchpoints[0].satisfaction.score", _set("touchpoints.0.satisfaction", {"score": 100})),
    ("benchmark below 0", _set("touchpoints.0.satisfaction", {"score": 70, "benchmark": -1}),
     "touchpoints[0].satisfaction.benchmark", _set("touchpoints.0.satisfaction", {"score": 70, "benchmark": 0})),
    ("satisfaction without score", _set("touchpoints.0.satisfaction", {"benchmark": 80}),
     "touchpoints[0].satisfaction.score", _set("touchpoints.0.satisfaction", {"score": 75, "benchmark": 80})),
    ("share above 1", _set("edges.0.share", 1.5), "edges[0].share", _set("edges.0.share", 1)),
    ("share below 0", _set("edges.0.share", -0.1), "edges[0].share", _set("edges.0.share", 0)),
    ("outgoing shares above 1",
     _both(_set("edges.1.share", 0.7), _append("edges", {"from": "queue", "to": "greet", "share": 0.4})),
     "edges[1].share",
     _both(_set("edges.1.share", 0.7), _append("edges", {"from": "queue", "to": "greet", "share": 0.3}))),
    ("unknown channel", _set("touchpoints.0.channel", "fax"), "touchpoints[0].channel",
     _set("touchpoints.0.channel", "phone")),
    ("unknown moment", _set("touchpoints.0.moments", ["mot", "wow"]), "touchpoints[0].moments[1]",
     _set("touchpoints.0.moments", ["mot", "peak"])),
    ("moment listed twice", _set("touchpoints.0.moments", ["mot", "mot"]), "touchpoints[0].moments",
     _set("touchpoints.0.moments", ["mot", "end"])),
    ("unknown standard kind", _set("touchpoints.0.standards", [{**STANDARD, "kind": "medium"}]),
     "touchpoints[0].standards[0].kind", _set("touchpoints.0.standards", [{**STANDARD, "kind": "soft"}])),
    ("unknown SERVQUAL dimension", _set("touchpoints.0.standards", [{**STANDARD, "dimension": "speed"}]),
     "touchpoints[0].standards[0].dimension",
     _set("touchpoints.0.standards", [{**STANDARD, "dimension": "reliability"}])),
    ("unknown Kano level", _set("touchpoints.0.standards", [{**STANDARD, "kano": "wow"}]),
     "touchpoints[0].standards[0].kano", _set("touchpoints.0.standards", [{**STANDARD, "kano": "delight"}])),
    ("unknown comparator", _set("touchpoints.0.standards", [{**STANDARD, "target": {
        "metric": "接听时间", "op": "=<", "value": 10}}]), "touchpoints[0].standards[0].target.op",
     _set("touchpoints.0.standards", [{**STANDARD, "target": {"metric": "接听时间", "op": "<=", "value": 10}}])),
    ("target value not a number", _set("touchpoints.0.standards", [{**STANDARD, "target": {
        "metric": "接听时间", "op": "<=", "value": "ten"}}]), "touchpoints[0].standards[0].target.value",
     _set("touchpoints.0.standards", [{**STANDARD, "target": {"metric": "接听时间", "op": "<=", "value": 10.5}}])),
    ("target value NaN", _set("touchpoints.0.standards", [{**STANDARD, "target": {
        "metric": "接听时间", "op": "<=", "value": math.nan}}]), "touchpoints[0].standards[0].target.value",
     _set("touchpoints.0.standards", [{**STANDARD, "target": {"metric": "接听时间", "op": "<=", "value": 0}}])),
    ("unknown expectation source", _set("touchpoints.0.expectations", [{"text": "有人招呼", "source": "rumour"}]),
     "touchpoints[0].expectations[0].source",
     _set("touchpoints.0.expectations", [{"text": "有人招呼", "source": "word-of-mouth"}])),
    ("standard answers an unknown expectation",
     _both(_set("touchpoints.0.expectations", [{"text": "有人招呼", "id": "hello"}]),
           _set("touchpoints.0.standards", [{**STANDARD, "answers": ["hi"]}])),
     "touchpoints[0].standards[0].answers[0]",
     _both(_set("touchpoints.0.expectations", [{"text": "有人招呼", "id": "hello"}]),
           _set("touchpoints.0.standards", [{**STANDARD, "answers": ["hello"]}]))),
    ("duplicate expectation id",
     _set("touchpoints.0.expectations", [{"text": "a", "id": "e1"}, {"text": "b", "id": "e1"}]),
     "touchpoints[0].expectations[1].id",
     _set("touchpoints.0.expectations", [{"text": "a", "id": "e1"}, {"text": "b", "id": "e2"}])),
    ("CLEAR steps out of order", _set("touchpoints.0.recovery", {"plan": "致歉并补偿", "steps": [
        "apologize", "listen"]}), "touchpoints[0].recovery.steps",
     _set("touchpoints.0.recovery", {"plan": "致歉并补偿", "steps": ["listen", "apologize"]})),
    ("unknown CLEAR step", _set("touchpoints.0.recovery", {"plan": "致歉", "steps": ["smile"]}),
     "touchpoints[0].recovery.steps[0]", _set("touchpoints.0.recovery", {"plan": "致歉", "steps": ["control"]})),
    ("unknown recovery strategy", _set("touchpoints.0.recovery", {"plan": "致歉", "strategies": ["discount"]}),
     "touchpoints[0].recovery.strategies[0]",
     _set("touchpoints.0.recovery", {"plan": "致歉", "strategies": ["keep-promise"]})),
    ("recovery without plan", _set("touchpoints.0.recovery", {"steps": ["listen"]}),
     "touchpoints[0].recovery.plan", _set("touchpoints.0.recovery", {"plan": "倾听", "steps": ["listen"]})),
    ("unknown format version", _set("format", "mot-journey/2"), "format", _set("format", "mot-journey/1")),
    ("unknown field", _set("touchpoints.0.ownr", "经理"), "touchpoints[0].ownr",
     _set("touchpoints.0.owner", "经理")),
    ("id with a space", _set("id", "my visit"), "id", _set("id", "我的-visit_2")),
    ("blank touchpoint name", _set("touchpoints.1.name", "   "), "touchpoints[1].name",
     _set("touchpoints.1.name", " 取号 ")),
    ("no stages", _set("stages", []), "stages", _set("stages", [{"id": "arrive", "name": "到达"},
                                                                  {"id": "serve", "name": "办理"}])),
    ("locale not a language tag", _set("locale", "chinese please"), "locale", _set("locale", "zh-Hant-TW")),
    ("score of the wrong type", _set("touchpoints.0.emotion", {"perceived": "good"}),
     "touchpoints[0].emotion.perceived", _set("touchpoints.0.emotion", {"perceived": "4.5"})),
]


@pytest.mark.parametrize(("rule", "breaks", "path", "fine"), RULES, ids=[r[0] for r in RULES])
def test_each_rule_rejects_with_its_path_and_accepts_the_near_miss(
    doc: Doc, rule: str, breaks: Callable[[Doc], None], path: str, fine: Callable[[Doc], None]
) -> None:
    good = copy.deepcopy(doc)
    fine(good)
    Journey.model_validate(good)

    breaks(doc)
    with pytest.raises(ValidationError) as caught:
        Journey.model_validate(doc)
    paths = [p.path for p in problems_from_validation(caught.value, "x.yaml")]
    assert path in paths, (rule, paths)


@pytest.mark.parametrize("field", ["format", "id", "title", "stages", "touchpoints"])
def test_required_journey_fields(doc: Doc, field: str) -> None:
    del doc[field]
    with pytest.raises(ValidationError) as caught:
        Journey.model_validate(doc)
    problems = problems_from_validation(caught.value, "x.yaml")
    assert [(p.path, p.message) for p in problems] == [(field, "required field is missing")]


def test_only_the_required_fields_make_a_journey(doc: Doc) -> None:
    journey = Journey.model_validate(doc)
    assert journey.locale == "zh-CN"
    assert journey.edges[0].source == "greet"
    tp = journey.touchpoint("greet")
    assert (tp.moments, tp.expectations, tp.standards, tp.script, tp.recovery) == ([], [], [], [], None)


def test_weak_design_is_valid(doc: Doc) -> None:
    # A moment of truth with no standard, owner or backup, a pain point with no recovery and a dead end:
    # all weak, all true to life, none of it the model's business.
    doc["touchpoints"][0]["moments"] = ["mot", "pain"]
    doc["touchpoints"][0]["emotion"] = {"expected": 5, "perceived": 1}
    doc["edges"] = []
    Journey.model_validate(doc)


def test_numeric_ids_and_names_are_read_as_text(doc: Doc) -> None:
    doc["touchpoints"][0]["name"] = 2024
    doc["stages"][0]["id"] = 1
    doc["touchpoints"][0]["stage"] = 1
    doc["touchpoints"][1]["stage"] = 1
    journey = Journey.model_validate(doc)
    assert journey.touchpoints[0].name == "2024"
    assert journey.stages[0].id == "1"


def test_shares_that_add_up_to_one_with_float_noise_are_fine(doc: Doc) -> None:
    doc["touchpoints"].append({"id": "vip", "stage": "serve", "name": "贵宾室"})
    doc["touchpoints"].append({"id": "self", "stage": "serve", "name": "自助机"})
    doc["edges"][1]["share"] = 0.7
    doc["edges"] += [{"from": "queue", "to": "vip", "share": 0.1}, {"from": "queue", "to": "self", "share": 0.2}]
    Journey.model_validate(doc)


def test_emotion_gap() -> None:
    from journeys.model import Emotion

    assert Emotion(expected=4, perceived=3.5).gap == -0.5
    assert Emotion(expected=4).gap is None
