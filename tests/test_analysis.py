"""The weak-point engine: every rule fires on a journey built to show it and stays silent on a
near-identical one; severities, languages, metrics and the hypothesis guard rails."""

from __future__ import annotations

import copy
import gc
from collections.abc import Callable
from typing import Any

import networkx as nx
import pytest
from hypothesis import given, settings

from journeys.analysis import analyze, at_or_above, rule_ids
from journeys.findings import RULES, Context
from journeys.graph import ends, journey_graph, starts
from journeys.model import Journey
from journeys.rules.standards import dimension_uncovered
from journeys.scoring import metrics
from journeys.texts import RULE_IDS

from .strategies import journeys, path_journeys

Doc = dict[str, Any]


def hard(text: str, dimension: str, value: float = 10, **extra: Any) -> Doc:
    return {"text": text, "kind": "hard", "dimension": dimension, "kano": "must-be",
            "target": {"metric": "时长", "op": "<=", "value": value, "unit": "秒"}, **extra}


def soft(text: str, dimension: str, **extra: Any) -> Doc:
    return {"text": text, "kind": "soft", "dimension": dimension, "kano": "performance", **extra}


# A small journey with nothing to find: a branch so that no inner touchpoint is on every path,
# all five SERVQUAL dimensions covered, a designed peak and a good end.
CLEAN: Doc = {
    "format": "mot-journey/1", "id": "clean", "title": "办理业务", "locale": "zh-CN",
    "stages": [{"id": "arrive", "name": "到达"}, {"id": "serve", "name": "办理"}, {"id": "leave", "name": "离开"}],
    "touchpoints": [
        {"id": "greet", "stage": "arrive", "name": "迎宾问候", "owner": "引导员", "backup": "值班经理",
         "moments": ["mot"], "emotion": {"expected": 3, "perceived": 4, "evidence": "workshop", "n": 12},
         "expectations": [{"id": "noticed", "text": "进门有人招呼", "source": "past-experience"}],
         "standards": [hard("10步内主动问候", "responsiveness", answers=["noticed"])]},
        {"id": "counter", "stage": "serve", "name": "柜台办理", "owner": "营业员", "backup": "邻柜营业员",
         "moments": ["peak"], "emotion": {"expected": 4, "perceived": 4.6}, "wow": "手写温馨卡",
         "standards": [soft("耐心解释套餐差别", "empathy"), soft("主动出示资费说明", "assurance"),
                       hard("一次办结率", "reliability", 98)]},
        {"id": "kiosk", "stage": "serve", "name": "自助终端", "owner": "引导员",
         "emotion": {"expected": 3, "perceived": 3.5}, "standards": [hard("终端完好率", "tangibles", 100)]},
        {"id": "bye", "stage": "leave", "name": "送别", "owner": "营业员", "moments": ["end"],
         "emotion": {"expected": 4, "perceived": 4.5}, "standards": [soft("起身道别", "empathy")]},
    ],
    "edges": [{"from": "greet", "to": "counter", "share": 0.7}, {"from": "greet", "to": "kiosk"},
              {"from": "counter", "to": "bye"}, {"from": "kiosk", "to": "bye"}],
}

TP = {"greet": 0, "counter": 1, "kiosk": 2, "bye": 3}


def tp(doc: Doc, name: str) -> Doc:
    return doc["touchpoints"][TP[name]]


def edit(**changes: Any) -> Callable[[Doc], None]:
    """Change fields of touchpoints: edit(kiosk={"owner": None})."""
    def apply(doc: Doc) -> None:
        for name, fields in changes.items():
            tp(doc, name).update(fields)
    return apply


def add_touchpoint(new: Doc, *edges: tuple[str, str]) -> Callable[[Doc], None]:
    def apply(doc: Doc) -> None:
        doc["touchpoints"].append(new)
        doc["edges"] += [{"from": a, "to": b} for a, b in edges]
    return apply


def with_actions(*actions: Doc, **changes: Any) -> Callable[[Doc], None]:
    """Add improvement actions (and change touchpoints as :func:`edit` does)."""
    def apply(doc: Doc) -> None:
        edit(**changes)(doc)
        doc["actions"] = [{"owner": "Store manager", "due": "2999-12-31", **a} for a in actions]
    return apply


PAINED = {"kiosk": {"moments": ["pain"]}}  # a critical weak point: a pain point without recovery


def set_edges(*edges: tuple[str, str]) -> Callable[[Doc], None]:
    def apply(doc: Doc) -> None:
        doc["edges"] = [{"from": a, "to": b} for a, b in edges]
    return apply


def user_text(value: Any) -> set[str]:
    if isinstance(value, str):
        return {value}
    if isinstance(value, dict):
        return set().union(*(user_text(v) for v in value.values())) if value else set()
    if isinstance(value, list):
        return set().union(*(user_text(v) for v in value)) if value else set()
    return set()


def found(doc: Doc, lang: str | None = None) -> dict[str, list[Any]]:
    result: dict[str, list[Any]] = {}
    for f in analyze(Journey.model_validate(doc), lang).findings:
        result.setdefault(f.rule, []).append(f)
    return result


def test_the_clean_journey_has_nothing_to_find() -> None:
    assert found(copy.deepcopy(CLEAN)) == {}


ISLAND = {"id": "island", "stage": "serve", "name": "贵宾室", "owner": "贵宾经理"}

# rule -> (edit that fires it, near-identical edit that does not, touchpoints the finding names)
CASES: dict[str, tuple[Callable[[Doc], None], Callable[[Doc], None], tuple[str, ...]]] = {
    "negative-gap": (edit(kiosk={"emotion": {"expected": 3, "perceived": 2.5}}),
                     edit(kiosk={"emotion": {"expected": 3, "perceived": 3}}), ("kiosk",)),
    "mot-without-standard": (edit(greet={"standards": [], "expectations": []}),
                             edit(greet={"standards": [soft("微笑", "empathy")], "expectations": []}), ("greet",)),
    "expectation-unanswered": (
        edit(greet={"expectations": [{"id": "noticed", "text": "进门有人招呼"}, {"id": "fast", "text": "不用等"}]}),
        edit(greet={"expectations": [{"id": "noticed", "text": "进门有人招呼"}, {"id": "fast", "text": "不用等"}],
                    "standards": [hard("10步内主动问候", "responsiveness", answers=["noticed", "fast"])]}),
        ("greet",)),
    "hard-without-target": (edit(kiosk={"standards": [{**hard("终端完好", "tangibles"), "target": None}]}),
                            edit(kiosk={"standards": [hard("终端完好", "tangibles")]}), ("kiosk",)),
    "hard-dimension-soft-only": (edit(kiosk={"standards": [soft("终端干净", "tangibles")]}),
                                 edit(kiosk={"standards": [soft("终端干净", "tangibles"),
                                                           hard("终端完好率", "tangibles")]}), ("kiosk",)),
    "no-peak": (edit(counter={"moments": []}), edit(counter={"moments": []}, kiosk={"moments": ["peak"]}), ()),
    "weak-peak": (edit(counter={"emotion": {"expected": 3, "perceived": 3}}),
                  edit(counter={"emotion": {"expected": 3, "perceived": 3.1}}), ("counter",)),
    "no-end": (edit(bye={"moments": []}), edit(bye={"moments": []}, kiosk={"moments": ["end"]}), ()),
    "weak-end": (edit(bye={"emotion": {"expected": 4, "perceived": 4.0}}),
                 edit(bye={"emotion": {"expected": 4, "perceived": 4.2}}), ("bye",)),
    "pain-without-recovery": (edit(kiosk={"moments": ["pain"]}),
                              edit(kiosk={"moments": ["pain"], "recovery": {"plan": "人工协助办理"}}), ("kiosk",)),
    "below-benchmark": (edit(greet={"satisfaction": {"score": 76.5, "benchmark": 80.4}}),
                        edit(greet={"satisfaction": {"score": 80.4, "benchmark": 80.4}}), ("greet",)),
    "no-owner": (edit(kiosk={"owner": "  "}), edit(kiosk={"owner": "大堂经理"}), ("kiosk",)),
    "mot-without-backup": (edit(greet={"backup": None}), edit(greet={"backup": "保安"}), ("greet",)),
    "unreachable": (add_touchpoint(ISLAND, ("island", "bye")),
                    add_touchpoint(ISLAND, ("greet", "island"), ("island", "bye")), ("island",)),
    "dead-end": (add_touchpoint(ISLAND, ("greet", "island")),
                 add_touchpoint(ISLAND, ("greet", "island"), ("island", "bye")), ("island",)),
    "loop": (lambda d: d["edges"].append({"from": "kiosk", "to": "greet"}),
             lambda d: d["edges"].append({"from": "kiosk", "to": "counter"}), ("greet", "kiosk")),
    "bottleneck": (set_edges(("greet", "counter"), ("greet", "kiosk"), ("kiosk", "counter"), ("counter", "bye")),
                   set_edges(("greet", "counter"), ("greet", "kiosk"), ("kiosk", "bye"), ("counter", "bye")),
                   ("counter",)),
    "dimension-uncovered": (edit(counter={"standards": [soft("耐心解释", "empathy"), hard("一次办结", "reliability")]}),
                            edit(counter={"standards": [soft("耐心解释", "empathy"), hard("一次办结", "reliability"),
                                                        soft("资费透明", "assurance")]}), ()),
    "score-assumed": (edit(greet={"emotion": {"expected": 3, "perceived": 4}}),
                      edit(greet={"emotion": {"expected": 3, "perceived": 4, "evidence": "survey", "n": 40}}),
                      ("greet",)),
    "action-missing": (with_actions({"id": "a1", "title": "Greeter training", "addresses": [{"touchpoint": "greet"}]},
                                    **PAINED),
                       with_actions({"id": "a1", "title": "Kiosk help", "status": "doing",
                                     "addresses": [{"touchpoint": "kiosk"}]}, **PAINED), ("kiosk",)),
    "action-overdue": (with_actions({"id": "a1", "title": "Kiosk help", "due": "2000-01-31"}),
                       with_actions({"id": "a1", "title": "Kiosk help", "due": "2000-01-31", "status": "done"}), ()),
    "action-incomplete": (with_actions({"id": "a1", "title": "Kiosk help", "owner": None}),
                          with_actions({"id": "a1", "title": "Kiosk help"}), ()),
    "action-done-not-fixed": (
        with_actions({"id": "a1", "title": "Kiosk help", "status": "done",
                      "addresses": [{"rule": "pain-without-recovery", "touchpoints": ["kiosk"]}]}, **PAINED),
        with_actions({"id": "a1", "title": "Kiosk help", "status": "done",
                      "addresses": [{"rule": "pain-without-recovery", "touchpoints": ["kiosk"]}]},
                     kiosk={"moments": ["pain"], "recovery": {"plan": "人工协助办理"}}), ()),
}


def test_every_rule_has_a_case() -> None:
    assert set(CASES) == set(RULES) == set(RULE_IDS)


@pytest.mark.parametrize("rule_id", list(CASES))
def test_rule_fires_and_its_near_miss_does_not(rule_id: str) -> None:
    fires, misses, where = CASES[rule_id]
    doc = copy.deepcopy(CLEAN)
    fires(doc)
    hits = found(doc).get(rule_id, [])
    assert [f.touchpoints for f in hits] == [where], hits
    near = copy.deepcopy(CLEAN)
    misses(near)
    assert rule_id not in found(near)


@pytest.mark.parametrize("rule_id", list(CASES))
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_messages_and_suggestions_read_in_the_journey_language(rule_id: str, lang: str) -> None:
    fires, _, where = CASES[rule_id]
    doc = copy.deepcopy(CLEAN)
    fires(doc)
    doc["locale"] = "zh-CN" if lang == "zh" else "en-GB"
    (finding,) = found(doc)[rule_id]
    typed = sorted(user_text(doc["touchpoints"]), key=len, reverse=True)
    for text in (finding.message, finding.suggestion):
        assert text and "{" not in text and "None" not in text
        ours = text
        for piece in typed:  # what users typed stays as typed; everything else is in the language
            ours = ours.replace(piece, "")
        chinese = any("\u4e00" <= ch <= "\u9fff" for ch in ours)
        assert chinese == (lang == "zh"), text
    for t in where:
        name = next(x["name"] for x in doc["touchpoints"] if x["id"] == t)
        assert name in finding.message


def test_language_can_be_chosen_over_the_locale() -> None:
    doc = copy.deepcopy(CLEAN)
    edit(kiosk={"owner": None})(doc)
    (zh,) = found(doc)["no-owner"]
    (en,) = found(doc, "en")["no-owner"]
    assert zh.message == "「自助终端」没有责任人（A角）：这里出了问题，没有人负责。"
    assert en.message == "“自助终端” has no owner (A role): when something goes wrong here, nobody is accountable."


@pytest.mark.parametrize(("perceived", "moments", "severity"), [
    (2.7, [], "info"),        # gap 0.3
    (2.5, [], "warning"),     # gap 0.5
    (2.7, ["mot"], "info"),   # 0.3 * 1.5 = 0.45
    (2.6, ["mot"], "warning"),
    (1.5, [], "critical"),    # gap 1.5
    (2.0, ["end"], "critical"),  # 1.0 * 1.5
    (2.0, [], "warning"),
])
def test_negative_gap_severity_grows_with_the_gap_and_on_key_moments(
        perceived: float, moments: list[str], severity: str) -> None:
    doc = copy.deepcopy(CLEAN)
    doc["touchpoints"].append({"id": "x", "stage": "serve", "name": "X", "owner": "o", "backup": "b",
                               "moments": moments, "emotion": {"expected": 3, "perceived": perceived},
                               "recovery": {"plan": "p"}, "standards": [soft("s", "empathy")]})
    doc["edges"] += [{"from": "greet", "to": "x", "share": 0}, {"from": "x", "to": "bye"}]
    (finding,) = found(doc)["negative-gap"]
    assert finding.severity == severity


def test_expectations_without_links_need_only_some_standard() -> None:
    doc = copy.deepcopy(CLEAN)
    edit(kiosk={"expectations": [{"text": "操作简单"}], "standards": [hard("终端完好率", "tangibles")]})(doc)
    assert "expectation-unanswered" not in found(doc)
    edit(kiosk={"standards": []})(doc)
    assert [f.touchpoints for f in found(doc)["expectation-unanswered"]] == [("kiosk",)]


def test_a_missing_score_stays_silent() -> None:
    doc = copy.deepcopy(CLEAN)
    for t in doc["touchpoints"]:
        t["emotion"] = {"expected": 4}
    rules = found(doc)
    assert not {"negative-gap", "weak-peak", "weak-end", "pain-without-recovery"} & set(rules)


def test_every_path_through_one_touchpoint_is_a_bottleneck_but_starts_and_ends_are_not() -> None:
    doc = copy.deepcopy(CLEAN)
    set_edges(("greet", "counter"), ("counter", "kiosk"), ("kiosk", "bye"))(doc)
    assert [f.touchpoints for f in found(doc)["bottleneck"]] == [("counter",), ("kiosk",)]


def test_findings_are_sorted_and_filterable_by_severity() -> None:
    doc = copy.deepcopy(CLEAN)
    edit(kiosk={"moments": ["pain"], "owner": None}, greet={"backup": None})(doc)
    result = analyze(Journey.model_validate(doc))
    severities = [f.severity for f in result.findings]
    assert severities == sorted(severities, key=["critical", "warning", "info"].index)
    assert [f.rule for f in at_or_above(result.findings, "critical")] == ["pain-without-recovery"]
    # The critical one has no action addressing it: that is a warning of its own.
    assert {f.rule for f in at_or_above(result.findings, "warning")} == {
        "pain-without-recovery", "no-owner", "mot-without-backup", "action-missing"}
    assert result.count("warning") == 3


def test_rule_registry_order_follows_the_method() -> None:
    """The method's rules (DOMAIN.md's eight kinds) first, then the follow-through after the workshop."""
    ids = rule_ids()
    method = ids[:ids.index("dimension-uncovered") + 1]
    assert method[0] == "negative-gap" and ids[len(method):] == [
        "score-assumed", "action-missing", "action-overdue", "action-incomplete", "action-done-not-fixed"]


# ---------------------------------------------------------------------------------------------- metrics


def metrics_of(doc: Doc) -> dict[str, Any]:
    return analyze(Journey.model_validate(doc)).metrics


def test_metrics_of_the_clean_journey() -> None:
    m = metrics_of(copy.deepcopy(CLEAN))
    assert m["mean_expected"] == 3.5
    assert m["mean_perceived"] == pytest.approx((4 + 4.6 + 3.5 + 4.5) / 4, abs=1e-4)
    assert m["mean_gap"] == pytest.approx(0.65, abs=1e-4)
    assert (m["peak_score"], m["end_score"], m["peak_end_score"]) == (4.6, 4.5, 4.55)
    assert m["moments"] == {"mot": 1, "peak": 1, "end": 1, "pain": 0}
    assert m["servqual"]["empathy"] == {"hard": 0, "soft": 2}
    assert m["servqual"]["reliability"] == {"hard": 1, "soft": 0}
    assert m["dimensions_covered"] == 5
    assert (m["hard_standards"], m["hard_with_target_share"], m["expectations_answered_share"]) == (3, 1.0, 1.0)
    assert (m["owner_share"], m["backup_share"], m["mot_backup_share"]) == (1.0, 0.5, 1.0)
    assert m["reach"] == {"greet": 1.0, "counter": 0.7, "kiosk": 0.3, "bye": 1.0}


def test_metrics_and_rules_read_the_touchpoints_without_the_engine_pass() -> None:
    journey = Journey.model_validate(copy.deepcopy(CLEAN))
    assert metrics(Context(journey, "zh")) == analyze(journey).metrics
    assert list(dimension_uncovered(Context(journey, "zh"))) == []


def test_metrics_with_missing_data_are_none() -> None:
    doc = copy.deepcopy(CLEAN)
    for t in doc["touchpoints"]:
        t.pop("emotion")
        t["moments"] = []
        t["standards"] = []
    m = metrics_of(doc)
    assert (m["mean_perceived"], m["peak_end_score"], m["hard_with_target_share"]) == (None, None, None)
    assert m["expectations_answered_share"] == 0.0


def chain(*edges: tuple[str, str, float | None], nodes: str = "abcd") -> Doc:
    return {"format": "mot-journey/1", "id": "c", "title": "c", "stages": [{"id": "s", "name": "s"}],
            "touchpoints": [{"id": n, "stage": "s", "name": n} for n in nodes],
            "edges": [{"from": a, "to": b, "share": s} for a, b, s in edges]}


def test_reach_splits_what_shares_leave_and_drops_the_rest() -> None:
    # a: 60% to b, the rest split between c and d; b: 50% to d, 50% leave the journey.
    doc = chain(("a", "b", 0.6), ("a", "c", None), ("a", "d", None), ("b", "d", 0.5))
    assert metrics_of(doc)["reach"] == {"a": 1.0, "b": 0.6, "c": 0.2, "d": 0.5}


def test_reach_through_a_loop() -> None:
    # b sends 40% back to a, 40% on to c, 20% leave: P(reach c) = 0.4 / (1 - 0.4).
    doc = chain(("a", "b", None), ("b", "a", 0.4), ("b", "c", 0.4), ("c", "d", None))
    reach = metrics_of(doc)["reach"]
    assert reach["a"] == 1.0 and reach["b"] == 1.0
    assert reach["c"] == pytest.approx(0.4 / 0.6, abs=1e-4)
    assert reach["d"] == reach["c"]


def test_reach_with_a_self_loop_and_a_closed_loop() -> None:
    doc = chain(("a", "a", 0.5), ("a", "b", 0.5), ("b", "c", None), ("c", "b", None), nodes="abc")
    assert metrics_of(doc)["reach"] == {"a": 1.0, "b": 1.0, "c": 1.0}


def test_an_analysis_leaves_no_cyclic_garbage() -> None:
    # A graph kept alive by a reference cycle is freed only by the cyclic collector, which then walks
    # every node's dicts: ~20 ms of each 10,000-touchpoint analysis (networkx's degree views refer back
    # to their graph, so the engine does not use them).
    doc = copy.deepcopy(CLEAN)
    add_touchpoint(ISLAND, ("greet", "island"))(doc)
    doc["touchpoints"].append({"id": "lost", "stage": "serve", "name": "迷路"})
    doc["edges"].append({"from": "kiosk", "to": "greet"})
    journey = Journey.model_validate(doc)
    assert {"dead-end", "loop", "unreachable"} <= {f.rule for f in analyze(journey).findings}
    gc.collect()
    gc.disable()
    try:
        analyze(journey)
        assert gc.collect() == 0
    finally:
        gc.enable()


# ------------------------------------------------------------------------------------------- properties


@settings(max_examples=150, deadline=None)
@given(journey=journeys)
def test_the_engine_never_crashes_and_names_only_real_touchpoints(journey: Journey) -> None:
    result = analyze(journey)
    ids = {t.id for t in journey.touchpoints}
    for f in result.findings:
        assert set(f.touchpoints) <= ids
        assert f.rule in RULES and f.severity in ("critical", "warning", "info")
        assert f.message and f.suggestion
    assert set(result.metrics["reach"]) == ids
    assert all(0 <= v <= 1 for v in result.metrics["reach"].values())
    assert analyze(journey).findings == result.findings  # deterministic


@settings(max_examples=200, deadline=None)
@given(journey=journeys | path_journeys)
def test_structure_findings_match_their_definitions(journey: Journey) -> None:
    """Unreachable, dead-end and bottleneck against the definitions in terms of paths, by brute force."""
    G = journey_graph(journey)
    first, last = starts(journey), ends(journey)
    source = ("the", "source")
    H = G.copy()
    H.add_node(source)
    H.add_edges_from((source, s) for s in first)
    reached = nx.descendants(H, source)
    finishing = set(last).union(*(nx.ancestors(G, e) for e in last))
    reachable_ends = [e for e in last if e in reached]
    bottlenecks = set()
    for v in G if reachable_ends else ():
        without = H.copy()
        without.remove_node(v)
        if v not in first and v not in last and not set(reachable_ends) & nx.descendants(without, source):
            bottlenecks.add(v)
    found: dict[str, set[str]] = {"unreachable": set(), "dead-end": set(), "bottleneck": set()}
    for f in analyze(journey).findings:
        if f.rule in found:
            assert not found[f.rule] & set(f.touchpoints)  # each touchpoint in one finding of a rule
            found[f.rule] |= set(f.touchpoints)
    assert found["unreachable"] == set(G) - reached
    assert found["dead-end"] == reached - finishing
    assert found["bottleneck"] == bottlenecks
