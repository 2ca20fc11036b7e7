"""Comparing two versions of a journey: a journey against itself is empty, A → B mirrors B → A, every kind of
change is named with its old and new value, weak points are fixed / new / persisting, metrics move by their
delta, and random edits are reported on exactly the touchpoints they touched."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from statistics import fmean
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from journeys import edits
from journeys.analysis import analyze
from journeys.catalog import list_templates, load_template
from journeys.diff import JourneyDiff, diff
from journeys.model import Journey
from journeys.synthetic import synthetic_journey
from journeys.vocab import DIMENSIONS, MOMENTS

from .strategies import journeys

Doc = dict[str, Any]

TEMPLATES = [(t.id, t.locale) for t in list_templates()]
TEMPLATE_IDS = sorted({t for t, _ in TEMPLATES})

SECTION_KEYS = {"added", "removed", "changed", "unchanged"}
FINDING_KEYS = {"rule", "severity", "touchpoints", "dimension", "message", "suggestion"}


# --- helpers ----------------------------------------------------------------------------------------

@pytest.fixture
def hall() -> Journey:
    """The English business-hall template: 11 touchpoints, four stages, a loop and a few weak points."""
    return load_template("business-hall", "en")


def tweak(journey: Journey, tp_id: str, change: Callable[[Doc], Any]) -> Journey:
    """The journey with ``change`` applied to the document of touchpoint ``tp_id``."""
    doc = edits.document(journey)
    change(next(tp for tp in doc["touchpoints"] if tp["id"] == tp_id))
    return edits.rebuild(doc)


def redo(journey: Journey, change: Callable[[Doc], Any]) -> Journey:
    """The journey with ``change`` applied to its whole document."""
    doc = edits.document(journey)
    change(doc)
    return edits.rebuild(doc)


def tp_doc(journey: Journey, tp_id: str) -> Doc:
    return next(tp for tp in edits.document(journey)["touchpoints"] if tp["id"] == tp_id)


def only_change(d: JourneyDiff, tp_id: str) -> dict[str, dict[str, Any]]:
    """The changed fields of ``tp_id``, asserting nothing else in the journey differs."""
    assert d.touchpoints.added == ()
    assert d.touchpoints.removed == ()
    assert d.touchpoints.changed_keys() == (tp_id,)
    assert d.stages.empty and d.edges.empty and not d.journey and d.stage_order is None
    assert d.touched() == {tp_id}
    assert not d.empty
    return d.touchpoints.changed[0].fields


def keys(findings: Any) -> Counter[Any]:
    return Counter(f.key for f in findings)


def canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def assert_partition(d: JourneyDiff) -> None:
    """added / removed / changed / unchanged split the ids of both versions, for every section."""
    sections = [
        (d.touchpoints, [tp.id for tp in d.before.touchpoints], [tp.id for tp in d.after.touchpoints]),
        (d.stages, [s.id for s in d.before.stages], [s.id for s in d.after.stages]),
        (d.edges, [(e.source, e.target) for e in d.before.edges], [(e.source, e.target) for e in d.after.edges]),
    ]
    for section, before, after in sections:
        changed = section.changed_keys()
        listed = [*section.added, *section.removed, *changed, *section.unchanged]
        assert len(listed) == len(set(listed)), "an id is listed twice"
        assert set(section.added) == set(after) - set(before)
        assert set(section.removed) == set(before) - set(after)
        assert set(changed) | set(section.unchanged) == set(before) & set(after)
        assert all(c.fields for c in section.changed)
    assert d.touched() == {*d.touchpoints.added, *d.touchpoints.removed, *d.touchpoints.changed_keys()}


def assert_mirrors(a: Journey, b: Journey, lang: str | None = None) -> None:
    """``diff(b, a)`` is ``diff(a, b)`` read backwards: first item by item, then as the whole JSON document."""
    forward, backward = diff(a, b, lang), diff(b, a, lang)
    for name in ("touchpoints", "stages", "edges"):
        f, r = getattr(forward, name), getattr(backward, name)
        assert set(r.added) == set(f.removed)
        assert set(r.removed) == set(f.added)
        assert set(r.unchanged) == set(f.unchanged)
        ahead = {c.key: c.fields for c in f.changed}
        back = {c.key: c.fields for c in r.changed}
        assert ahead.keys() == back.keys()
        for key, fields in ahead.items():
            assert fields.keys() == back[key].keys(), key
            for field_name, change in fields.items():
                other = back[key][field_name]
                assert other["before"] == change["after"], (key, field_name)
                assert other["after"] == change["before"], (key, field_name)
                if "added" in change:
                    assert other["added"] == change["removed"]
                    assert other["removed"] == change["added"]
                    assert sorted(canonical([c["after"], c["before"]]) for c in change["changed"]) == sorted(
                        canonical([c["before"], c["after"]]) for c in other["changed"])
    assert backward.journey == {n: {"before": c["after"], "after": c["before"]} for n, c in forward.journey.items()}
    assert backward.stage_order == (None if forward.stage_order is None
                                    else (forward.stage_order[1], forward.stage_order[0]))
    assert keys(backward.findings.fixed) == keys(forward.findings.new)
    assert keys(backward.findings.new) == keys(forward.findings.fixed)
    assert Counter((x.key, x.severity, y.severity) for x, y in backward.findings.persisting) == Counter(
        (y.key, y.severity, x.severity) for x, y in forward.findings.persisting)
    assert forward.metrics.keys() == backward.metrics.keys()
    for name, m in forward.metrics.items():
        r = backward.metrics[name]
        assert (r.before, r.after) == (m.after, m.before), name
        if m.delta is None:
            assert r.delta is None, name
        else:
            assert r.delta == pytest.approx(-m.delta, abs=1e-3), name
    # The JSON document: exactly what computing it the other way round gives, lists in the same order.
    assert backward.to_dict() == forward.mirrored().to_dict()


# --- a journey against itself ------------------------------------------------------------------------

@pytest.mark.parametrize(("template_id", "locale"), TEMPLATES)
def test_a_journey_compared_with_itself_is_empty(template_id: str, locale: str) -> None:
    journey = load_template(template_id, locale)
    for other in (journey, load_template(template_id, locale), edits.rebuild(edits.document(journey))):
        d = diff(journey, other)
        assert d.empty
        for section in (d.touchpoints, d.stages, d.edges):
            assert section.empty
            assert section.added == section.removed == section.changed == ()
        assert set(d.touchpoints.unchanged) == {tp.id for tp in journey.touchpoints}
        assert list(d.stages.unchanged) == [s.id for s in journey.stages]
        assert len(d.edges.unchanged) == len(journey.edges)
        assert d.journey == {} and d.stage_order is None
        assert d.touched() == set()
        assert d.findings.fixed == () and d.findings.new == ()
        assert [after for _, after in d.findings.persisting] == list(analyze(journey).findings)
        assert all(before == after for before, after in d.findings.persisting)
        assert d.metrics
        for name, m in d.metrics.items():
            assert m.before == m.after, name
            assert m.delta in (0, None), name


@settings(max_examples=30, deadline=None)
@given(journey=journeys)
def test_any_valid_journey_compared_with_itself_is_empty(journey: Journey) -> None:
    d = diff(journey, edits.rebuild(edits.document(journey)))
    assert d.empty and d.touched() == set()
    assert d.findings.fixed == () and d.findings.new == ()
    assert all(m.delta in (0, None) for m in d.metrics.values())


def test_a_big_generated_journey_against_itself_and_one_edit() -> None:
    before = synthetic_journey(300, seed=7, locale="en")
    assert diff(before, synthetic_journey(300, seed=7, locale="en")).empty
    after = edits.update_touchpoint(before, "t150", {"name": "Renamed"})
    d = diff(before, after)
    assert only_change(d, "t150") == {"name": {"before": "Touchpoint 150", "after": "Renamed"}}
    assert len(d.touchpoints.unchanged) == 299
    assert d.findings.fixed == () and d.findings.new == ()


# --- touchpoints added and removed ---------------------------------------------------------------------

def test_touchpoint_added(hall: Journey) -> None:
    after, new = edits.insert_after(hall, "confirm-sign", "Explain the new bill", owner="Clerk")
    d = diff(hall, after)
    assert d.touchpoints.added == (new,) == ("explain-the-new-bill",)
    assert d.touchpoints.removed == () and d.touchpoints.changed == ()
    assert d.touched() == {new}
    assert d.touchpoints.status()[new] == "added"
    # It took over the outgoing edge of the touchpoint it follows.
    assert set(d.edges.added) == {("confirm-sign", new), (new, "rate-service")}
    assert d.edges.removed == (("confirm-sign", "rate-service"),)
    assert d.metrics["touchpoints"].to_dict() == {"before": 11, "after": 12, "delta": 1}
    assert d.name(new) == "Explain the new bill"


def test_touchpoint_removed(hall: Journey) -> None:
    after = edits.delete_touchpoints(hall, ["self-service"])
    d = diff(hall, after)
    assert d.touchpoints.removed == ("self-service",)
    assert d.touchpoints.added == () and d.touchpoints.changed == ()
    assert d.touched() == {"self-service"}
    assert d.touchpoints.status()["self-service"] == "removed"
    assert set(d.edges.removed) == {("greet", "self-service"), ("self-service", "farewell"),
                                    ("self-service", "take-number")}
    assert d.name("self-service") == hall.touchpoint("self-service").name  # named as it was
    assert d.metrics["touchpoints"].to_dict() == {"before": 11, "after": 10, "delta": -1}


# --- one test per field of a touchpoint ------------------------------------------------------------------

def test_name_changed(hall: Journey) -> None:
    d = diff(hall, edits.update_touchpoint(hall, "farewell", {"name": "Farewell with a gift"}))
    assert only_change(d, "farewell") == {"name": {"before": "Farewell", "after": "Farewell with a gift"}}


def test_stage_of_a_touchpoint_changed(hall: Journey) -> None:
    d = diff(hall, edits.update_touchpoint(hall, "greet", {"stage": "wait"}))
    assert only_change(d, "greet") == {"stage": {"before": "arrive", "after": "wait"}}


def test_channel_changed(hall: Journey) -> None:
    d = diff(hall, edits.update_touchpoint(hall, "greet", {"channel": "phone"}))
    assert only_change(d, "greet") == {"channel": {"before": "in-person", "after": "phone"}}


def test_owner_changed(hall: Journey) -> None:
    d = diff(hall, edits.update_touchpoint(hall, "greet", {"owner": "Hall manager"}))
    assert only_change(d, "greet") == {"owner": {"before": "Floor guide", "after": "Hall manager"}}


def test_backup_changed(hall: Journey) -> None:
    d = diff(hall, edits.update_touchpoint(hall, "greet", {"backup": None}))
    assert only_change(d, "greet") == {"backup": {"before": "Duty manager", "after": None}}


def test_customer_action_changed(hall: Journey) -> None:
    before = hall.touchpoint("greet").customer_action
    d = diff(hall, edits.update_touchpoint(hall, "greet", {"customer_action": "Walks in"}))
    assert only_change(d, "greet") == {"customer_action": {"before": before, "after": "Walks in"}}


def test_employee_action_changed(hall: Journey) -> None:
    d = diff(hall, edits.update_touchpoint(hall, "take-number", {"employee_action": None}))
    before = hall.touchpoint("take-number").employee_action
    assert before
    assert only_change(d, "take-number") == {"employee_action": {"before": before, "after": None}}


def test_moment_added(hall: Journey) -> None:
    assert hall.touchpoint("farewell").moments == ["end"]
    d = diff(hall, edits.update_touchpoint(hall, "farewell", {"moments": ["end", "mot"]}))
    # Moments read as a set, listed in the method's order (mot, peak, end, pain).
    assert only_change(d, "farewell") == {"moments": {"before": ["end"], "after": ["mot", "end"]}}


def test_moments_all_removed(hall: Journey) -> None:
    d = diff(hall, edits.update_touchpoint(hall, "confirm-sign", {"moments": []}))
    assert only_change(d, "confirm-sign") == {"moments": {"before": ["mot", "peak"], "after": None}}


def test_moments_merely_reordered_are_not_a_change(hall: Journey) -> None:
    assert hall.touchpoint("confirm-sign").moments == ["mot", "peak"]
    after = edits.update_touchpoint(hall, "confirm-sign", {"moments": ["peak", "mot"]})
    assert after != hall  # the files differ ...
    d = diff(hall, after)
    assert d.empty  # ... the journeys do not
    assert "confirm-sign" in d.touchpoints.unchanged


def test_emotion_expected_changed(hall: Journey) -> None:
    d = diff(hall, tweak(hall, "greet", lambda tp: tp["emotion"].update(expected=4)))
    assert only_change(d, "greet") == {"emotion.expected": {"before": 3.5, "after": 4}}


def test_emotion_perceived_changed(hall: Journey) -> None:
    d = diff(hall, tweak(hall, "greet", lambda tp: tp["emotion"].update(perceived=4.5)))
    assert only_change(d, "greet") == {"emotion.perceived": {"before": 3.9, "after": 4.5}}


def test_emotion_removed(hall: Journey) -> None:
    d = diff(hall, edits.update_touchpoint(hall, "greet", {"emotion": None}))
    assert only_change(d, "greet") == {"emotion.expected": {"before": 3.5, "after": None},
                                       "emotion.perceived": {"before": 3.9, "after": None}}


def test_satisfaction_score_changed(hall: Journey) -> None:
    d = diff(hall, tweak(hall, "reach-hall", lambda tp: tp["satisfaction"].update(score=82)))
    assert only_change(d, "reach-hall") == {"satisfaction.score": {"before": 76.5, "after": 82}}


def test_satisfaction_benchmark_changed(hall: Journey) -> None:
    d = diff(hall, tweak(hall, "reach-hall", lambda tp: tp["satisfaction"].update(benchmark=None)))
    assert only_change(d, "reach-hall") == {"satisfaction.benchmark": {"before": 80.4, "after": None}}


def test_satisfaction_added(hall: Journey) -> None:
    assert hall.touchpoint("greet").satisfaction is None
    d = diff(hall, edits.update_touchpoint(hall, "greet", {"satisfaction": {"score": 90, "benchmark": 85}}))
    assert only_change(d, "greet") == {"satisfaction.score": {"before": None, "after": 90},
                                       "satisfaction.benchmark": {"before": None, "after": 85}}


EXTRA_EXPECTATION = {"id": "umbrella", "text": "Somewhere to leave a wet umbrella", "source": "past-experience"}


def test_expectation_added(hall: Journey) -> None:
    after = tweak(hall, "greet", lambda tp: tp["expectations"].append(dict(EXTRA_EXPECTATION)))
    fields = only_change(diff(hall, after), "greet")
    assert list(fields) == ["expectations"]
    change = fields["expectations"]
    assert change["added"] == [EXTRA_EXPECTATION]
    assert change["removed"] == [] and change["changed"] == []
    assert len(change["before"]) == 2 and change["after"][-1] == EXTRA_EXPECTATION


def test_expectation_removed(hall: Journey) -> None:
    before = tweak(hall, "greet", lambda tp: tp["expectations"].append(dict(EXTRA_EXPECTATION)))
    change = only_change(diff(before, hall), "greet")["expectations"]
    assert change["removed"] == [EXTRA_EXPECTATION]
    assert change["added"] == [] and change["changed"] == []


def test_expectation_text_edited_is_one_changed_expectation(hall: Journey) -> None:
    old = tp_doc(hall, "greet")["expectations"][0]
    after = tweak(hall, "greet", lambda tp: tp["expectations"][0].update(text="Greeted at the door"))
    change = only_change(diff(hall, after), "greet")["expectations"]
    assert change["added"] == [] and change["removed"] == []
    assert change["changed"] == [{"before": {"id": "noticed", "text": old["text"], "source": "past-experience"},
                                  "after": {"id": "noticed", "text": "Greeted at the door",
                                            "source": "past-experience"}}]


def test_expectations_merely_reordered_are_not_a_change(hall: Journey) -> None:
    assert diff(hall, tweak(hall, "greet", lambda tp: tp["expectations"].reverse())).empty


EXTRA_STANDARD = {"text": "Offer a seat to anyone who has to wait", "kind": "soft", "dimension": "empathy",
                  "kano": "delight"}


def test_standard_added(hall: Journey) -> None:
    after = tweak(hall, "greet", lambda tp: tp["standards"].append(dict(EXTRA_STANDARD)))
    fields = only_change(diff(hall, after), "greet")
    assert list(fields) == ["standards"]
    change = fields["standards"]
    assert change["added"] == [EXTRA_STANDARD]
    assert change["removed"] == [] and change["changed"] == []


def test_standard_removed(hall: Journey) -> None:
    removed = tp_doc(hall, "greet")["standards"][2]
    change = only_change(diff(hall, tweak(hall, "greet", lambda tp: tp["standards"].pop(2))), "greet")["standards"]
    assert change["added"] == [] and change["changed"] == []
    assert [s["text"] for s in change["removed"]] == [removed["text"]]
    assert change["removed"][0]["target"] == removed["target"]


def test_standard_text_edited_is_one_changed_standard(hall: Journey) -> None:
    after = tweak(hall, "greet", lambda tp: tp["standards"][0].update(text="Greet within 10 steps"))
    change = only_change(diff(hall, after), "greet")["standards"]
    assert change["added"] == [] and change["removed"] == []
    [pair] = change["changed"]
    assert pair["before"]["text"] == "Greet every customer before they are 10 steps inside the door"
    assert pair["after"]["text"] == "Greet within 10 steps"
    assert pair["before"]["target"] == pair["after"]["target"] == {
        "metric": "Greeting distance", "op": "<=", "value": 10, "unit": "steps"}


def test_standard_target_value_edited_is_one_changed_standard(hall: Journey) -> None:
    after = tweak(hall, "greet", lambda tp: tp["standards"][0]["target"].update(value=5))
    change = only_change(diff(hall, after), "greet")["standards"]
    assert change["added"] == [] and change["removed"] == []
    [pair] = change["changed"]
    assert pair["before"]["target"]["value"] == 10
    assert pair["after"]["target"]["value"] == 5
    assert {k: v for k, v in pair["before"].items() if k != "target"} == {
        k: v for k, v in pair["after"].items() if k != "target"}


def test_standard_text_and_target_value_edited_is_one_changed_standard(hall: Journey) -> None:
    def edit(tp: Doc) -> None:
        tp["standards"][0]["text"] = "Greet within 5 steps"
        tp["standards"][0]["target"]["value"] = 5

    change = only_change(diff(hall, tweak(hall, "greet", edit)), "greet")["standards"]
    assert change["added"] == [] and change["removed"] == []
    [pair] = change["changed"]
    assert (pair["before"]["text"], pair["after"]["text"]) == (
        "Greet every customer before they are 10 steps inside the door", "Greet within 5 steps")
    assert (pair["before"]["target"]["value"], pair["after"]["target"]["value"]) == (10, 5)


def test_editing_the_text_of_a_soft_standard_is_one_changed_standard(hall: Journey) -> None:
    """The module promises that "editing one standard reads as one changed standard rather than one removed
    and one added"; a soft standard has no target, so its text is all there is to edit."""
    old = tp_doc(hall, "counter")["standards"][1]
    assert old["kind"] == "soft" and old.get("target") is None
    after = tweak(hall, "counter", lambda tp: tp["standards"][1].update(text="Recommend from real usage"))
    change = only_change(diff(hall, after), "counter")["standards"]
    assert change["added"] == [] and change["removed"] == []
    [pair] = change["changed"]
    assert (pair["before"]["text"], pair["after"]["text"]) == (old["text"], "Recommend from real usage")


def test_standards_merely_reordered_are_not_a_change(hall: Journey) -> None:
    assert diff(hall, tweak(hall, "counter", lambda tp: tp["standards"].reverse())).empty


def test_script_changed(hall: Journey) -> None:
    old = list(hall.touchpoint("greet").script)
    new = [*old, "Enjoy your visit!"]
    d = diff(hall, edits.update_touchpoint(hall, "greet", {"script": new}))
    assert only_change(d, "greet") == {"script": {"before": old, "after": new}}


def test_script_lines_reordered_are_a_change(hall: Journey) -> None:
    old = list(hall.touchpoint("greet").script)
    d = diff(hall, edits.update_touchpoint(hall, "greet", {"script": old[::-1]}))
    assert only_change(d, "greet") == {"script": {"before": old, "after": old[::-1]}}


def test_script_removed(hall: Journey) -> None:
    old = list(hall.touchpoint("greet").script)
    d = diff(hall, edits.update_touchpoint(hall, "greet", {"script": []}))
    assert only_change(d, "greet") == {"script": {"before": old, "after": None}}


def test_wow_changed(hall: Journey) -> None:
    old = hall.touchpoint("greet").wow
    d = diff(hall, edits.update_touchpoint(hall, "greet", {"wow": "Free umbrella"}))
    assert only_change(d, "greet") == {"wow": {"before": old, "after": "Free umbrella"}}


def test_recovery_added(hall: Journey) -> None:
    assert hall.touchpoint("greet").recovery is None
    recovery = {"plan": "Apologise and walk them to the right place", "steps": ["listen", "apologize"],
                "strategies": ["sincere"]}
    d = diff(hall, edits.update_touchpoint(hall, "greet", {"recovery": recovery}))
    assert only_change(d, "greet") == {
        "recovery.plan": {"before": None, "after": recovery["plan"]},
        "recovery.steps": {"before": None, "after": ["listen", "apologize"]},
        "recovery.strategies": {"before": None, "after": ["sincere"]},
    }


def test_recovery_removed(hall: Journey) -> None:
    old = hall.touchpoint("complaint").recovery
    assert old is not None
    d = diff(hall, edits.update_touchpoint(hall, "complaint", {"recovery": None}))
    assert only_change(d, "complaint") == {
        "recovery.plan": {"before": old.plan, "after": None},
        "recovery.steps": {"before": list(old.steps), "after": None},
        "recovery.strategies": {"before": list(old.strategies), "after": None},
    }


def test_recovery_strategies_merely_reordered_are_not_a_change(hall: Journey) -> None:
    old = hall.touchpoint("complaint").recovery
    assert old is not None and len(old.strategies) > 1
    after = tweak(hall, "complaint", lambda tp: tp["recovery"].update(strategies=old.strategies[::-1]))
    assert after != hall
    assert diff(hall, after).empty


def test_recovery_strategy_removed(hall: Journey) -> None:
    old = hall.touchpoint("missing-docs").recovery
    assert old is not None and old.strategies == ["inform-early", "keep-promise", "flexible-process"]
    after = tweak(hall, "missing-docs",
                  lambda tp: tp["recovery"].update(strategies=["flexible-process", "inform-early"]))
    assert only_change(diff(hall, after), "missing-docs") == {
        "recovery.strategies": {"before": ["inform-early", "keep-promise", "flexible-process"],
                                "after": ["inform-early", "flexible-process"]}}


def test_recovery_step_added(hall: Journey) -> None:
    old = hall.touchpoint("missing-docs").recovery
    assert old is not None and old.steps == ["listen", "establish", "apologize", "resolve"]
    after = tweak(hall, "missing-docs", lambda tp: tp["recovery"].update(steps=["control", *old.steps]))
    assert only_change(diff(hall, after), "missing-docs") == {
        "recovery.steps": {"before": list(old.steps), "after": ["control", *old.steps]}}


@pytest.mark.parametrize(("name", "empty"), [
    ("owner", ""), ("owner", "   "), ("backup", ""), ("customer_action", " "), ("wow", ""),
    ("script", []), ("emotion", {"expected": None, "perceived": None}), ("emotion", {}),
])
def test_empty_values_mean_not_given(name: str, empty: Any) -> None:
    """None, [] and blank text all mean "not given": they are not a change (module docstring)."""
    not_given = [] if name == "script" else None
    before = edits.update_touchpoint(load_template("business-hall", "en"), "greet", {name: not_given})
    after = edits.update_touchpoint(before, "greet", {name: empty})
    d = diff(before, after)
    assert d.empty
    assert "greet" in d.touchpoints.unchanged
    # From a given value to an empty one is a change to None.
    hall = load_template("business-hall", "en")
    fields = only_change(diff(hall, edits.update_touchpoint(hall, "greet", {name: empty})), "greet")
    assert fields and all(change["after"] is None for change in fields.values())


def test_empty_journey_level_values_mean_not_given(hall: Journey) -> None:
    def blank(doc: Doc) -> None:
        doc["persona"] = {"name": "", "goal": None}
        doc["start"] = None
        doc["edges"][0]["label"] = ""

    bare = redo(hall, lambda doc: doc.update(persona=None, start=[]))
    assert diff(bare, redo(bare, blank)).empty


# --- stages, edges and the journey's own fields --------------------------------------------------------

def test_stage_added(hall: Journey) -> None:
    after, stage_id = edits.add_stage(hall, "Follow-up")
    d = diff(hall, after)
    assert d.stages.added == (stage_id,) == ("follow-up",)
    assert d.stages.removed == () and d.stages.changed == ()
    assert d.stage_order is None  # the stages both have are still in the same order
    assert d.touchpoints.empty and d.edges.empty
    assert not d.empty
    assert d.metrics["stages"].to_dict() == {"before": 4, "after": 5, "delta": 1}


def test_stage_removed(hall: Journey) -> None:
    def drop_wait(doc: Doc) -> None:
        doc["stages"] = [s for s in doc["stages"] if s["id"] != "wait"]
        for tp in doc["touchpoints"]:
            if tp["stage"] == "wait":
                tp["stage"] = "arrive"

    d = diff(hall, redo(hall, drop_wait))
    assert d.stages.removed == ("wait",)
    assert d.stages.added == () and d.stages.changed == ()
    assert d.stage_name("wait") == "Ticket and queue"
    assert set(d.touchpoints.changed_keys()) == {"take-number", "wait-seated"}
    for change in d.touchpoints.changed:
        assert change.fields == {"stage": {"before": "wait", "after": "arrive"}}


def test_stage_renamed(hall: Journey) -> None:
    d = diff(hall, edits.update_stage(hall, "wait", "Queue"))
    assert d.stages.changed_keys() == ("wait",)
    assert d.stages.changed[0].fields == {"name": {"before": "Ticket and queue", "after": "Queue"}}
    assert d.touchpoints.empty and d.edges.empty and d.stage_order is None
    assert d.to_dict()["stages"]["changed"] == [
        {"id": "wait", "fields": {"name": {"before": "Ticket and queue", "after": "Queue"}}}]


def test_stages_reordered(hall: Journey) -> None:
    d = diff(hall, edits.move_stage(hall, "serve", -1))
    assert d.stage_order == (("arrive", "wait", "serve", "leave"), ("arrive", "serve", "wait", "leave"))
    assert d.to_dict()["stages"]["order"] == {"before": ["arrive", "wait", "serve", "leave"],
                                              "after": ["arrive", "serve", "wait", "leave"]}
    assert d.stages.empty and d.touchpoints.empty  # nothing added, removed or renamed ...
    assert not d.empty  # ... yet the journey differs


def test_edge_added(hall: Journey) -> None:
    d = diff(hall, redo(hall, lambda doc: doc["edges"].append(
        {"from": "reach-hall", "to": "farewell", "label": "Just looking"})))
    assert d.edges.added == (("reach-hall", "farewell"),)
    assert d.edges.removed == () and d.edges.changed == ()
    assert d.touchpoints.empty
    assert d.to_dict()["edges"]["added"] == [{"from": "reach-hall", "to": "farewell"}]
    assert d.metrics["edges"].to_dict() == {"before": 15, "after": 16, "delta": 1}


def test_edge_removed(hall: Journey) -> None:
    d = diff(hall, redo(hall, lambda doc: doc.update(
        edges=[e for e in doc["edges"] if (e["from"], e["to"]) != ("complaint", "farewell")])))
    assert d.edges.removed == (("complaint", "farewell"),)
    assert d.edges.added == () and d.edges.changed == ()
    assert d.touchpoints.empty


def test_edge_label_changed(hall: Journey) -> None:
    d = diff(hall, redo(hall, lambda doc: doc["edges"][1].update(label="Wants the counter")))
    assert d.edges.changed_keys() == (("greet", "take-number"),)
    assert d.edges.changed[0].fields == {"label": {"before": "Needs the counter", "after": "Wants the counter"}}
    assert d.to_dict()["edges"]["changed"] == [{"from": "greet", "to": "take-number", "fields": {
        "label": {"before": "Needs the counter", "after": "Wants the counter"}}}]
    assert d.touchpoints.empty and d.edges.added == d.edges.removed == ()


def test_edge_share_changed(hall: Journey) -> None:
    def shift(doc: Doc) -> None:
        doc["edges"][1]["share"] = 0.7
        doc["edges"][2]["share"] = 0.3

    d = diff(hall, redo(hall, shift))
    assert d.edges.changed_keys() == (("greet", "take-number"), ("greet", "self-service"))
    assert [c.fields for c in d.edges.changed] == [{"share": {"before": 0.75, "after": 0.7}},
                                                   {"share": {"before": 0.25, "after": 0.3}}]


def test_journey_title_and_persona_changed(hall: Journey) -> None:
    def retitle(doc: Doc) -> None:
        doc["title"] = "Plan change at lunchtime"
        doc["persona"]["name"] = "Nurse after a night shift"

    d = diff(hall, redo(hall, retitle))
    assert d.journey == {
        "title": {"before": "Changing a mobile plan at the business hall", "after": "Plan change at lunchtime"},
        "persona.name": {"before": "Office worker on a lunch break", "after": "Nurse after a night shift"},
    }
    assert d.touchpoints.empty and d.stages.empty and d.edges.empty
    assert not d.empty
    assert d.to_dict()["after"] == {"id": "business-hall", "title": "Plan change at lunchtime"}


def test_journey_start_changed(hall: Journey) -> None:
    d = diff(hall, redo(hall, lambda doc: doc.update(start=["reach-hall", "greet"])))
    assert d.journey == {"start": {"before": None, "after": ["reach-hall", "greet"]}}


# --- findings ------------------------------------------------------------------------------------------

def test_finding_fixed(hall: Journey) -> None:
    """The waiting area scored 2 against an expected 3: lifting it to 3.5 fixes that negative gap."""
    before = analyze(hall).findings
    gap = next(f for f in before if f.rule == "negative-gap" and f.touchpoints == ("wait-seated",))
    missing = next(f for f in before if f.rule == "action-missing" and f.subject == "negative-gap")
    d = diff(hall, tweak(hall, "wait-seated", lambda tp: tp["emotion"].update(perceived=3.5)))
    assert sorted(d.findings.fixed) == sorted((gap, missing))  # and with it, its missing action
    assert d.findings.new == ()
    assert len(d.findings.persisting) == len(before) - 2
    [entry] = [e for e in d.to_dict()["findings"]["fixed"] if e["rule"] == "negative-gap"]
    assert entry["rule"] == "negative-gap"
    assert entry["severity"] == "critical"
    assert entry["touchpoints"] == ["wait-seated"]


def test_finding_new(hall: Journey) -> None:
    """Taking the owner off the greeting (a moment of truth) introduces a critical no-owner finding."""
    d = diff(hall, edits.update_touchpoint(hall, "greet", {"owner": None}))
    assert sorted((f.rule, f.severity, f.touchpoints) for f in d.findings.new) == [
        ("action-missing", "warning", ("greet",)), ("no-owner", "critical", ("greet",))]
    assert d.findings.fixed == ()
    assert len(d.findings.persisting) == len(analyze(hall).findings)
    [entry] = [e for e in d.to_dict()["findings"]["new"] if e["rule"] == "no-owner"]
    assert (entry["rule"], entry["touchpoints"]) == ("no-owner", ["greet"])
    assert entry["message"] and entry["suggestion"]


def test_finding_persisting_with_a_new_severity(hall: Journey) -> None:
    """The complaint's small gap (info) grows to 0.6 on a moment of truth: the same weak point, now a warning."""
    d = diff(hall, tweak(hall, "complaint", lambda tp: tp["emotion"].update(perceived=2.4)))
    assert d.findings.fixed == () and d.findings.new == ()
    [(old, new)] = [(x, y) for x, y in d.findings.persisting if x.severity != y.severity]
    assert old.key == new.key == ("negative-gap", ("complaint",), None)
    assert (old.severity, new.severity) == ("info", "warning")
    assert old.message != new.message  # the wording moved with the numbers, still the same weak point
    [entry] = [e for e in d.to_dict()["findings"]["persisting"] if e["severity_before"] != e["severity"]]
    assert (entry["rule"], entry["touchpoints"], entry["severity"], entry["severity_before"]) == (
        "negative-gap", ["complaint"], "warning", "info")


@pytest.mark.parametrize("how", ["reordered in the file", "moved to an earlier stage"])
def test_a_loop_whose_members_trade_places_is_the_same_weak_point(hall: Journey, how: str) -> None:
    """The counter ⇄ missing-documents loop is one weak point whichever of its two touchpoints is listed first."""
    if how == "reordered in the file":
        def swap(doc: Doc) -> None:
            ids = [tp["id"] for tp in doc["touchpoints"]]
            i, j = ids.index("counter"), ids.index("missing-docs")
            doc["touchpoints"][i], doc["touchpoints"][j] = doc["touchpoints"][j], doc["touchpoints"][i]

        after = redo(hall, swap)
    else:
        after = edits.update_touchpoint(hall, "missing-docs", {"stage": "wait"})
    d = diff(hall, after)
    loops = [f for f in analyze(hall).findings if f.rule == "loop"]
    assert [set(f.touchpoints) for f in loops] == [{"counter", "missing-docs"}]
    assert [f.rule for f in d.findings.fixed] == []
    assert [f.rule for f in d.findings.new] == []


def test_the_order_of_touchpoints_in_the_file_is_not_compared() -> None:
    """Listing touchpoints in another order is no change. Without ``start`` the engine begins, where every
    touchpoint of the first stage has an incoming edge, at the first one listed, so there the order may still
    move findings; with ``start`` declared it cannot, and the findings agree."""
    doc: Doc = {
        "format": "mot-journey/1", "id": "j", "title": "T", "locale": "en",
        "stages": [{"id": "s1", "name": "S1"}, {"id": "s2", "name": "S2"}],
        "touchpoints": [{"id": "a", "stage": "s1", "name": "A"}, {"id": "b", "stage": "s1", "name": "B"},
                        {"id": "x", "stage": "s2", "name": "X"}],
        "edges": [{"from": "x", "to": "a"}, {"from": "x", "to": "b"}],
    }
    swapped = {**doc, "touchpoints": [doc["touchpoints"][1], doc["touchpoints"][0], doc["touchpoints"][2]]}
    assert diff(Journey.model_validate(doc), Journey.model_validate(swapped)).empty
    d = diff(Journey.model_validate({**doc, "start": ["x"]}), Journey.model_validate({**swapped, "start": ["x"]}))
    assert d.empty
    assert d.findings.fixed == () and d.findings.new == ()
    assert all(m.delta in (0, None) for m in d.metrics.values())


def test_a_repeated_finding_matches_as_many_times_as_it_repeats(hall: Journey) -> None:
    """Two hard standards without a target in one dimension give two findings with one key."""
    def untarget(tp: Doc) -> None:
        tp["standards"][0]["target"] = None
        tp["standards"][2]["target"] = None
        tp["standards"][2]["dimension"] = tp["standards"][0]["dimension"]

    one = tweak(hall, "counter", lambda tp: tp["standards"][0].update(target=None))
    two = tweak(hall, "counter", untarget)
    key = ("hard-without-target", ("counter",), "responsiveness")
    assert keys(analyze(two).findings)[key] == 2
    d = diff(one, two)
    assert keys(d.findings.new) == Counter({key: 1})
    assert keys(d.findings.fixed) == Counter()
    assert sum(x.key == key for x, _ in d.findings.persisting) == 1
    assert keys(diff(two, one).findings.fixed) == Counter({key: 1})


# --- metrics -------------------------------------------------------------------------------------------

def test_metric_peak_end_score(hall: Journey) -> None:
    """Peak: the signing (4.4); end: the farewell, 4.1 → 4.5."""
    d = diff(hall, tweak(hall, "farewell", lambda tp: tp["emotion"].update(perceived=4.5)))
    assert d.metrics["peak_end_score"].to_dict() == {"before": 4.25, "after": 4.45, "delta": 0.2}
    assert d.metrics["end_score"].to_dict() == {"before": 4.1, "after": 4.5, "delta": 0.4}
    assert d.metrics["peak_score"].to_dict() == {"before": 4.4, "after": 4.4, "delta": 0}


def test_metric_mean_perceived(hall: Journey) -> None:
    after = tweak(hall, "wait-seated", lambda tp: tp["emotion"].update(perceived=3.1))
    old = round(fmean(tp.perceived for tp in hall.touchpoints if tp.perceived is not None), 4)
    new = round(fmean(tp.perceived for tp in after.touchpoints if tp.perceived is not None), 4)
    assert (old, new) == (3.3364, 3.4364)
    assert diff(hall, after).metrics["mean_perceived"].to_dict() == {"before": 3.3364, "after": 3.4364, "delta": 0.1}


def test_metric_coverage_share(hall: Journey) -> None:
    d = diff(hall, edits.update_touchpoint(hall, "take-number", {"owner": None}))
    assert d.metrics["owner_share"].to_dict() == {"before": 1.0, "after": 0.9091, "delta": -0.0909}
    assert d.metrics["backup_share"].delta == 0


def test_metric_share_that_cannot_be_computed_has_no_delta(hall: Journey) -> None:
    """Without a single moment of truth the share of MOTs with a backup is undefined: no delta."""
    d = diff(hall, redo(hall, lambda doc: [tp.update(moments=[m for m in tp["moments"] if m != "mot"])
                                           for tp in doc["touchpoints"]]))
    assert d.metrics["mot_backup_share"].to_dict() == {"before": 1.0, "after": None, "delta": None}
    assert d.metrics["moments.mot"].to_dict() == {"before": 5, "after": 0, "delta": -5}


def test_metric_counts(hall: Journey) -> None:
    after, _ = edits.insert_after(hall, "rate-service", "Thank-you text", owner="Clerk", backup="Duty manager",
                                  moments=["peak"], emotion={"expected": 3, "perceived": 3})
    after = edits.update_touchpoint(after, "greet", {"owner": None})
    d = diff(hall, after)
    counts = {name: d.metrics[name].to_dict() for name in ("touchpoints", "moments.peak", "findings.critical")}
    assert counts == {
        "touchpoints": {"before": 11, "after": 12, "delta": 1},
        "moments.peak": {"before": 1, "after": 2, "delta": 1},
        "findings.critical": {"before": 1, "after": 2, "delta": 1},  # + no-owner on the greeting
    }
    assert all(type(c[k]) is int for c in counts.values() for k in c)
    assert d.metrics["findings.total"].delta == len(d.findings.new) - len(d.findings.fixed)


def test_every_journey_metric_is_compared(hall: Journey) -> None:
    d = diff(hall, hall)
    journey_metrics = {k: v for k, v in analyze(hall).metrics.items() if k != "reach"}
    expected = {k for k, v in journey_metrics.items() if not isinstance(v, dict)}
    expected |= {f"moments.{m}" for m in MOMENTS}
    expected |= {f"servqual.{dim}.{kind}" for dim in DIMENSIONS for kind in ("hard", "soft")}
    expected |= {f"findings.{s}" for s in ("critical", "warning", "info", "total")}
    assert set(d.metrics) == expected
    assert {"peak_end_score", "mean_perceived", "owner_share", "touchpoints"} <= set(d.metrics)


# --- mirror --------------------------------------------------------------------------------------------

def _workshop(j: Journey) -> Journey:
    j = edits.update_touchpoint(j, "farewell", {"name": "Farewell with a gift", "owner": None})
    j, _ = edits.insert_after(j, "confirm-sign", "Explain the new bill", owner="Clerk")
    return edits.delete_touchpoints(j, ["self-service"])


def _edges_and_title(j: Journey) -> Journey:
    def change(doc: Doc) -> None:
        doc["title"] = "After the workshop"
        doc["edges"][1]["label"] = "Counter"
        doc["edges"].append({"from": "reach-hall", "to": "farewell"})
    return edits.add_stage(redo(j, change), "Follow-up")[0]


def _fixes(j: Journey) -> Journey:
    return tweak(j, "wait-seated", lambda tp: tp["emotion"].update(perceived=3.5))


def _standards_and_expectations(j: Journey) -> Journey:
    def change(tp: Doc) -> None:
        tp["standards"][0]["target"]["value"] = 5
        tp["standards"].append(dict(EXTRA_STANDARD))
        tp["expectations"][0]["text"] = "Greeted at the door"
    return tweak(j, "greet", change)


def _severity(j: Journey) -> Journey:
    return tweak(j, "complaint", lambda tp: tp["emotion"].update(perceived=1.2))


def _stage_moved(j: Journey) -> Journey:
    return edits.move_stage(j, "serve", -1)


def _touchpoint_to_another_stage(j: Journey) -> Journey:
    return edits.update_touchpoint(j, "greet", {"stage": "leave"})


def _standards_swapped_and_edited(j: Journey) -> Journey:
    def change(tp: Doc) -> None:
        s = tp["standards"]
        s[0]["target"]["value"] = 12
        s[2]["target"]["value"] = 1
        s[0], s[2] = s[2], s[0]
    return tweak(j, "counter", change)


MIRROR_PAIRS = {
    "workshop": _workshop,
    "edges-and-title": _edges_and_title,
    "fixes-a-gap": _fixes,
    "standards-and-expectations": _standards_and_expectations,
    "severity-changes": _severity,
    "stages-reordered": _stage_moved,
    "touchpoint-to-another-stage": _touchpoint_to_another_stage,
    "standards-swapped-and-edited": _standards_swapped_and_edited,
}


@pytest.mark.parametrize("locale", ["en", "zh-CN"])
@pytest.mark.parametrize("edit", list(MIRROR_PAIRS.values()), ids=list(MIRROR_PAIRS))
def test_a_to_b_mirrors_b_to_a(edit: Callable[[Journey], Journey], locale: str) -> None:
    a = load_template("business-hall", locale)
    b = edit(a)
    assert not diff(a, b).empty
    assert_mirrors(a, b)


def test_mirror_swaps_each_part(hall: Journey) -> None:
    b = _fixes(_workshop(hall))
    b = edits.update_touchpoint(b, "greet", {"owner": None})
    forward, backward = diff(hall, b), diff(b, hall)
    assert backward.touchpoints.added == forward.touchpoints.removed == ("self-service",)
    assert backward.touchpoints.removed == forward.touchpoints.added == ("explain-the-new-bill",)
    ahead = {c.key: c.fields for c in forward.touchpoints.changed}
    back = {c.key: c.fields for c in backward.touchpoints.changed}
    assert ahead.keys() == back.keys() == {"farewell", "greet", "wait-seated"}
    assert ahead["farewell"]["name"] == {"before": "Farewell", "after": "Farewell with a gift"}
    assert back["farewell"]["name"] == {"before": "Farewell with a gift", "after": "Farewell"}
    assert back["farewell"]["owner"] == {"before": None, "after": "Counter clerk"}
    assert keys(backward.findings.new) == keys(forward.findings.fixed)
    assert ("negative-gap", ("wait-seated",), None) in keys(forward.findings.fixed)
    assert ("no-owner", ("greet",), None) in keys(backward.findings.fixed)
    for name in ("mean_perceived", "owner_share", "touchpoints", "findings.critical", "peak_end_score"):
        m, r = forward.metrics[name], backward.metrics[name]
        assert (r.before, r.after) == (m.after, m.before)
        assert r.delta == pytest.approx(-m.delta, abs=1e-3)
    assert forward.metrics["owner_share"].delta != 0


# --- random edits --------------------------------------------------------------------------------------

EDIT_KINDS = ("rename", "perceived", "expected", "moment", "owner", "backup", "add-standard", "remove-standard",
              "script", "add", "remove")
SCORES = (1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0, 4.5, 5.0)
ADDED_STANDARD = "Added standard"

edit_steps = st.lists(st.tuples(st.sampled_from(EDIT_KINDS), st.integers(0, 999), st.integers(0, 999)),
                      min_size=1, max_size=6)


def _blank(value: Any) -> Any:
    return None if value is None or (isinstance(value, str) and not value.strip()) else value


@dataclass
class Edited:
    """A journey after random edits and, tracked along the way, which touchpoints the edits touched.

    Every edit that counts changes its touchpoint away from the template for good (fresh names, values other
    than the template's, each moment toggled once, only the template's own standards removed), so that no
    later edit can undo it; an edit with nothing to change is skipped and does not count."""

    journey: Journey
    original: dict[str, Doc]
    edited: set[str] = field(default_factory=set)
    added: set[str] = field(default_factory=set)
    removed: set[str] = field(default_factory=set)
    toggled: set[tuple[str, str]] = field(default_factory=set)

    def expected_changed(self) -> set[str]:
        return (self.edited & self.original.keys()) - self.removed

    def apply(self, step: int, kind: str, pick: int, value: int) -> None:
        ids = [tp.id for tp in self.journey.touchpoints]
        if not ids:
            return
        tp_id = ids[pick % len(ids)]
        current = tp_doc(self.journey, tp_id)
        original = self.original.get(tp_id, {})
        update: Doc | None = None
        if kind == "rename":
            update = {"name": f"Renamed {step}"}
        elif kind in ("perceived", "expected"):
            score = SCORES[value % len(SCORES)]
            old = (original.get("emotion") or {}).get(kind)
            now = (current.get("emotion") or {}).get(kind)
            if score not in (old, now):
                update = {"emotion": {**(current.get("emotion") or {}), kind: score}}
        elif kind == "moment":
            moment = MOMENTS[value % len(MOMENTS)]
            if (tp_id, moment) not in self.toggled:
                self.toggled.add((tp_id, moment))
                moments = current["moments"]
                update = {"moments": [m for m in moments if m != moment] if moment in moments
                          else [*moments, moment]}
        elif kind in ("owner", "backup"):
            if value % 2:
                update = {kind: f"Role {step}"}
            elif _blank(original.get(kind)) is not None and _blank(current.get(kind)) is not None:
                update = {kind: None}
        elif kind == "add-standard":
            new = {"text": f"{ADDED_STANDARD} {step}", "kind": "soft", "dimension": DIMENSIONS[value % 5]}
            update = {"standards": [*current["standards"], new]}
        elif kind == "remove-standard":
            own = [i for i, s in enumerate(current["standards"]) if not s["text"].startswith(ADDED_STANDARD)]
            if own:
                gone = own[value % len(own)]
                update = {"standards": [s for i, s in enumerate(current["standards"]) if i != gone]}
        elif kind == "script":
            update = {"script": [*current["script"], f"Script line {step}"]}
        elif kind == "add":
            self.journey, new_id = edits.insert_after(self.journey, tp_id, f"New touchpoint {step}")
            self.added.add(new_id)
            return
        elif kind == "remove":
            self.journey = edits.delete_touchpoints(self.journey, [tp_id])
            if tp_id in self.added:
                self.added.discard(tp_id)
            else:
                self.removed.add(tp_id)
            return
        if update is not None:
            self.journey = edits.update_touchpoint(self.journey, tp_id, update)
            self.edited.add(tp_id)


def edited(journey: Journey, steps: list[tuple[str, int, int]]) -> Edited:
    run = Edited(journey, {tp["id"]: tp for tp in edits.document(journey)["touchpoints"]})
    for step, (kind, pick, value) in enumerate(steps):
        run.apply(step, kind, pick, value)
    return run


@settings(max_examples=60, deadline=None)
@given(template=st.sampled_from(TEMPLATES), steps=edit_steps)
def test_random_edits_are_reported_on_exactly_the_edited_touchpoints(
        template: tuple[str, str], steps: list[tuple[str, int, int]]) -> None:
    before = load_template(*template)
    run = edited(before, steps)
    d = diff(before, run.journey)
    assert set(d.touchpoints.added) == run.added
    assert set(d.touchpoints.removed) == run.removed
    assert set(d.touchpoints.changed_keys()) == run.expected_changed()
    assert d.touched() == run.added | run.removed | run.expected_changed()
    assert set(d.touchpoints.unchanged) == run.original.keys() - run.removed - run.edited
    assert_partition(d)
    assert d.empty == (not d.touched() and d.edges.empty and not d.journey)


@settings(max_examples=40, deadline=None)
@given(template=st.sampled_from(TEMPLATE_IDS), locale=st.sampled_from(["en", "zh-CN"]), left=edit_steps,
       right=edit_steps)
def test_two_edited_versions_of_a_template_mirror(template: str, locale: str, left: list[tuple[str, int, int]],
                                                  right: list[tuple[str, int, int]]) -> None:
    base = load_template(template, locale)
    a, b = edited(base, left).journey, edited(base, right).journey
    d = diff(a, b)
    assert_partition(d)
    json.dumps(d.to_dict(), ensure_ascii=False)
    assert_mirrors(a, b)


@settings(max_examples=25, deadline=None)
@given(a=journeys, b=journeys)
def test_any_two_journeys_compare_without_error(a: Journey, b: Journey) -> None:
    d = diff(a, b, "en")
    assert_partition(d)
    json.dumps(d.to_dict(), ensure_ascii=False)
    assert len(d.findings.fixed) + len(d.findings.persisting) == len(d.before_analysis.findings)
    assert len(d.findings.new) + len(d.findings.persisting) == len(d.after_analysis.findings)
    back = diff(b, a, "en")
    assert keys(back.findings.fixed) == keys(d.findings.new)
    assert {c.key for c in back.touchpoints.changed} == {c.key for c in d.touchpoints.changed}
    assert set(back.touchpoints.added) == set(d.touchpoints.removed)


# --- the JSON document ---------------------------------------------------------------------------------

def test_the_json_document(hall: Journey) -> None:
    after = _fixes(_edges_and_title(_workshop(hall)))
    after = edits.update_touchpoint(after, "greet", {"owner": None})
    d = diff(hall, after)
    doc = json.loads(json.dumps(d.to_dict(), ensure_ascii=False))
    assert set(doc) == {"touchpoints", "stages", "edges", "findings", "metrics", "journey", "before", "after",
                        "follow_up"}
    assert doc["before"] == {"id": "business-hall", "title": hall.title}
    assert set(doc["touchpoints"]) == set(doc["edges"]) == SECTION_KEYS
    assert set(doc["stages"]) == SECTION_KEYS | {"order"}
    assert doc["touchpoints"]["added"] == ["explain-the-new-bill"]
    assert doc["touchpoints"]["removed"] == ["self-service"]
    assert all(set(c) == {"id", "fields"} for c in doc["touchpoints"]["changed"])
    assert all(set(c) == {"from", "to", "fields"} for c in doc["edges"]["changed"])
    assert all(set(e) == {"from", "to"} for e in doc["edges"]["added"] + doc["edges"]["unchanged"])
    for change in doc["touchpoints"]["changed"]:
        for value in change["fields"].values():
            assert {"before", "after"} <= set(value)
    assert set(doc["findings"]) == {"fixed", "new", "persisting"}
    assert doc["findings"]["fixed"] and doc["findings"]["new"] and doc["findings"]["persisting"]
    for kind in ("fixed", "new"):
        for entry in doc["findings"][kind]:
            # What an action finding is about (the action, or the weak point lacking one) when it has a subject.
            assert set(entry) == FINDING_KEYS | ({"subject"} if entry["rule"].startswith("action-") else set())
            assert entry["touchpoints"] == list(entry["touchpoints"]) and entry["message"] and entry["suggestion"]
    for entry in doc["findings"]["persisting"]:
        assert set(entry) - {"subject"} == FINDING_KEYS | {"severity_before"}
    assert doc["metrics"]
    for name, metric in doc["metrics"].items():
        assert set(metric) == {"before", "after", "delta"}, name
    assert doc["journey"]["title"]["after"] == "After the workshop"


def test_the_json_document_keeps_chinese_text() -> None:
    zh = load_template("business-hall", "zh-CN")
    d = diff(zh, edits.update_touchpoint(zh, "greet", {"name": "迎宾"}))
    text = json.dumps(d.to_dict(), ensure_ascii=False)
    assert '"after": "迎宾"' in text
    assert d.lang == "zh"


# --- analyses given by the caller ----------------------------------------------------------------------

def test_given_analyses_are_used_and_give_the_same_result(hall: Journey) -> None:
    after = _fixes(_workshop(hall))
    computed = diff(hall, after)
    analyses = (analyze(hall, "en"), analyze(after, "en"))
    given_diff = diff(hall, after, analyses=analyses)
    assert given_diff.before_analysis is analyses[0]
    assert given_diff.after_analysis is analyses[1]
    assert given_diff.to_dict() == computed.to_dict()


def test_analyses_in_another_language_are_made_again(hall: Journey) -> None:
    """The findings of both versions read in one language: analyses in another one are not used."""
    after = _fixes(hall)
    analyses = (analyze(hall, "zh"), analyze(after, "zh"))
    d = diff(hall, after, "en", analyses=analyses)
    assert d.before_analysis is not analyses[0] and d.after_analysis is not analyses[1]
    assert d.lang == "en"
    assert d.to_dict() == diff(hall, after, "en").to_dict()
    assert diff(hall, after, "zh", analyses=analyses).before_analysis is analyses[0]


def test_a_script_of_blank_lines_is_not_given(hall: Journey) -> None:
    blank = tweak(hall, "greet", lambda tp: tp.update(script=["", "  "]))
    none = tweak(hall, "greet", lambda tp: tp.update(script=[]))
    assert diff(blank, none).empty and diff(none, blank).empty


def test_a_locale_names_the_language(hall: Journey) -> None:
    assert diff(hall, hall, "en-GB").lang == "en"
    assert diff(hall, hall, "zh-TW").lang == "zh"
    message = diff(hall, hall, "zh-TW").findings.persisting[0][1].message
    assert any("\u4e00" <= ch <= "\u9fff" for ch in message)  # the findings read in Chinese
