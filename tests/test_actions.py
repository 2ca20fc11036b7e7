"""Improvement actions and evidence: the rules on them (today pinned, its boundaries), keys stable across
versions, edits that keep actions valid, the follow-through in the diff, the report and the script, the
CLI's ``--today``."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from exports.compare import build_report, report_html, report_markdown, report_text
from exports.markdown import script_markdown
from journeys import actions as acts
from journeys import edits, fileformat
from journeys.analysis import analyze
from journeys.catalog import load_template
from journeys.diff import diff
from journeys.findings import Finding
from journeys.followup import evidence_counts
from journeys.model import Journey
from journeys.outline import apply_outline, write_outline

TODAY = dt.date(2026, 6, 15)

BASE: dict[str, Any] = {
    "format": "mot-journey/1", "id": "j", "title": "T", "locale": "en",
    "stages": [{"id": "s", "name": "S"}],
    "touchpoints": [
        # A moment of truth with no standard and a pain point: two critical weak points at "queue".
        {"id": "queue", "stage": "s", "name": "Queue", "owner": "Floor manager", "backup": "Clerk",
         "moments": ["mot"], "emotion": {"expected": 4, "perceived": 2}},
        {"id": "desk", "stage": "s", "name": "Desk", "owner": "Clerk", "emotion": {"expected": 3, "perceived": 3}},
    ],
    "edges": [{"from": "queue", "to": "desk"}],
}


def journey(*actions: dict[str, Any], **extra: Any) -> Journey:
    return Journey.model_validate({**BASE, **extra, "actions": list(actions)})


def by_rule(j: Journey, today: dt.date = TODAY, lang: str = "en") -> dict[str, list[Finding]]:
    out: dict[str, list[Finding]] = {}
    for f in analyze(j, lang, today).findings:
        out.setdefault(f.rule, []).append(f)
    return out


def critical(j: Journey) -> list[Finding]:
    return [f for f in analyze(j, "en", TODAY).findings if f.severity == "critical"]


# --- action-missing ---------------------------------------------------------------------------------

def test_action_missing_names_every_critical_weak_point_of_a_journey_without_actions() -> None:
    found = by_rule(journey())
    assert sorted(f.subject for f in found["action-missing"]) == sorted(f.rule for f in critical(journey())) != []


def test_action_missing_names_each_critical_weak_point_without_an_open_action() -> None:
    found = by_rule(journey({"id": "a1", "title": "Other", "addresses": [{"touchpoint": "desk"}]}))
    missing = found["action-missing"]
    assert sorted(f.subject for f in missing) == sorted(f.rule for f in critical(journey())) != []
    assert all(f.severity == "warning" and f.touchpoints == ("queue",) for f in missing)
    assert all("“Queue”" in f.message for f in missing)
    # Its key names the weak point, and "create action" from it addresses the weak point itself.
    gap = next(f for f in missing if f.subject == "negative-gap")
    assert gap.key == ("action-missing", ("queue",), None, "negative-gap")
    assert gap.addressed == ("negative-gap", ("queue",), None)


@pytest.mark.parametrize(("address", "status", "left"), [
    ({"rule": "negative-gap", "touchpoints": ["queue"]}, "open", {"mot-without-standard", "pain-without-recovery"}),
    ({"rule": "negative-gap", "touchpoints": ["queue"]}, "doing", {"mot-without-standard",
                                                                   "pain-without-recovery"}),
    ({"touchpoint": "queue"}, "open", set()),  # a {touchpoint} address covers every critical weak point there
    ({"touchpoint": "queue"}, "done", None),  # done is not open: nothing covered
    ({"touchpoint": "queue"}, "dropped", None),
    ({"rule": "negative-gap", "touchpoints": ["desk"]}, "open", None),  # another weak point's key
])
def test_what_an_open_action_covers(address: dict[str, Any], status: str, left: set[str] | None) -> None:
    j = journey({"id": "a1", "title": "Fix", "owner": "X", "due": "2026-07-01", "status": status,
                 "addresses": [address]})
    expected = {f.rule for f in critical(j)} if left is None else left
    assert {f.subject for f in by_rule(j).get("action-missing", [])} == expected


# --- action-overdue and action-incomplete: today's boundaries ----------------------------------------

@pytest.mark.parametrize(("today", "status", "overdue"), [
    (dt.date(2026, 6, 14), "open", False),   # before the due date
    (dt.date(2026, 6, 15), "open", False),   # due today is not overdue yet
    (dt.date(2026, 6, 16), "open", True),    # the day after
    (dt.date(2026, 6, 16), "doing", True),
    (dt.date(2026, 6, 16), "done", False),
    (dt.date(2026, 6, 16), "dropped", False),
])
def test_action_overdue_against_today(today: dt.date, status: str, overdue: bool) -> None:
    j = journey({"id": "late-1", "title": "Call back within 2 hours", "owner": "Ann", "due": "2026-06-15",
                 "status": status})
    found = by_rule(j, today).get("action-overdue", [])
    assert bool(found) == overdue
    if overdue:
        (f,) = found
        assert f.touchpoints == () and f.subject == "late-1" and f.key == ("action-overdue", (), None, "late-1")
        assert "“Call back within 2 hours” (late-1)" in f.message and "2026-06-15" in f.message
        assert "1 day ago" in f.message and "(Ann)" in f.suggestion


def test_overdue_days_and_chinese_wording() -> None:
    j = journey({"id": "a1", "title": "加开窗口", "owner": "店长", "due": "2026-06-01"}, locale="zh-CN")
    (f,) = by_rule(j, TODAY, "zh")["action-overdue"]
    assert f.message == "改进行动“加开窗口”（a1）的截止日期是 2026-06-01，已逾期 14 天，还没有完成。"


@pytest.mark.parametrize(("fields", "missing"), [
    ({"owner": "Ann", "due": "2026-07-01"}, None),
    ({"owner": "  ", "due": "2026-07-01"}, "owner"),
    ({"owner": "Ann"}, "due date"),
    ({}, "owner and due date"),
    ({"status": "done"}, None),  # a finished action needs neither
])
def test_action_incomplete(fields: dict[str, Any], missing: str | None) -> None:
    found = by_rule(journey({"id": "a1", "title": "Fix", **fields})).get("action-incomplete", [])
    if missing is None:
        assert found == []
    else:
        (f,) = found
        assert f.severity == "info" and f"has no {missing}:" in f.message and "(a1)" in f.message


# --- action-done-not-fixed ---------------------------------------------------------------------------

def test_done_but_the_weak_point_is_still_found() -> None:
    done = {"id": "a1", "title": "Standard for the queue", "status": "done", "owner": "X", "due": "2026-05-01",
            "addresses": [{"rule": "mot-without-standard", "touchpoints": ["queue"]}]}
    (f,) = by_rule(journey(done))["action-done-not-fixed"]
    assert f.subject == "a1" and "MOT without standard (“Queue”)" in f.message
    fixed = {**BASE, "touchpoints": [{**BASE["touchpoints"][0], "standards": [
        {"text": "Queue under 10 minutes", "kind": "soft", "dimension": "responsiveness"}]}, BASE["touchpoints"][1]]}
    assert "action-done-not-fixed" not in by_rule(Journey.model_validate({**fixed, "actions": [done]}))
    # A {touchpoint} address is still "found" while a critical weak point remains there.
    per_tp = {**done, "addresses": [{"touchpoint": "queue"}]}
    assert by_rule(journey(per_tp))["action-done-not-fixed"]
    assert "action-done-not-fixed" not in by_rule(journey({**per_tp, "addresses": [{"touchpoint": "desk"}]}))


# --- score-assumed ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("emotion", "fires"), [
    ({"expected": 4, "perceived": 2}, True),
    ({"perceived": 2, "evidence": "assumed"}, True),
    ({"expected": 4}, True),
    ({"perceived": 2, "evidence": "survey", "n": 80}, False),
    ({"perceived": 2, "evidence": "workshop"}, False),
    ({"perceived": 2, "evidence": "observed"}, False),
    ({"evidence": "assumed"}, False),  # no score: nothing rests on an assumption
    (None, False),
])
def test_score_assumed_on_a_moment_of_truth(emotion: dict[str, Any] | None, fires: bool) -> None:
    tps = [{**BASE["touchpoints"][0], "emotion": emotion}, BASE["touchpoints"][1]]
    found = by_rule(Journey.model_validate({**BASE, "touchpoints": tps})).get("score-assumed", [])
    assert [f.touchpoints for f in found] == ([("queue",)] if fires else [])  # "desk" is no MOT


# --- keys across versions, and the rules' cost ---------------------------------------------------------

def test_an_actions_finding_keeps_its_key_when_its_addresses_change() -> None:
    before = journey({"id": "a1", "title": "Fix", "owner": "X", "due": "2026-01-01"})
    after = acts.update_action(before, "a1", {"addresses": [{"touchpoint": "desk"}], "title": "Fix it"})
    d = diff(before, after, "en", today=TODAY)
    assert [b.rule for b, _ in d.findings.persisting if b.subject == "a1"] == ["action-overdue"]
    assert not [f for f in d.findings.new if f.rule == "action-overdue"]


def test_the_rules_on_actions_read_each_finding_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """O(actions + findings): doubling the actions doubles the work of the late rules, no more."""
    from journeys.rules import actions as rules

    calls = {"n": 0}
    real = rules._covered

    def counting(*args: Any) -> bool:
        calls["n"] += 1
        return real(*args)

    monkeypatch.setattr(rules, "_covered", counting)
    many = journey(*({"id": f"a{i}", "title": "X", "addresses": [{"touchpoint": "desk"}]} for i in range(200)))
    analyze(many, "en", TODAY)
    assert calls["n"] == len(critical(journey()))  # once per critical finding, whatever the actions


# --- "create action": the draft ------------------------------------------------------------------------

def test_a_draft_from_a_weak_point_and_from_action_missing() -> None:
    j = journey({"id": "a1", "title": "Other", "addresses": [{"touchpoint": "desk"}]})
    gap = next(f for f in analyze(j, "en", TODAY).findings if f.rule == "negative-gap")
    draft = acts.draft_from(j, gap, "en")
    assert draft is not None
    assert draft["addresses"] == [{"rule": "negative-gap", "touchpoints": ["queue"]}]
    assert draft["owner"] == "Floor manager" and draft["status"] == "open"
    assert draft["title"] == "“Queue”: Find where the gap comes from" and draft["note"] == gap.message
    missing = next(f for f in analyze(j, "en", TODAY).findings if f.rule == "action-missing"
                   and f.subject == "negative-gap")
    assert acts.draft_from(j, missing, "en")["addresses"] == draft["addresses"]  # type: ignore[index]
    overdue = journey({"id": "a1", "title": "X", "owner": "Y", "due": "2000-01-01"})
    late = next(f for f in analyze(overdue, "en", TODAY).findings if f.rule == "action-overdue")
    assert acts.draft_from(overdue, late, "en") is None
    created, new_id = acts.add_action(j, draft)
    assert new_id == "act-1" and created.actions[-1].addresses[0].key == gap.addressed
    assert "negative-gap" not in {f.subject for f in analyze(created, "en", TODAY).findings
                                  if f.rule == "action-missing"}


def test_action_edits_and_the_one_line_target() -> None:
    j, _ = acts.add_action(journey(), {"title": "Shorter queue"})
    j = acts.update_action(j, "act-1", {"target": acts.read_target("等候时间 <= 10 分钟"), "status": "doing"})
    action = j.actions[0]
    assert action.target is not None and action.target.unit == "分钟" and action.status == "doing"
    assert acts.read_target(acts.target_one_line(action)) == action.target.model_dump()
    assert acts.read_target("回电2小时内") == {"metric": "回电", "op": "<=", "value": 2.0, "unit": "小时"}
    with pytest.raises(ValueError):
        acts.read_target("faster please")
    with pytest.raises(edits.EditError) as refused:
        acts.update_action(j, "act-1", {"title": " "})
    assert refused.value.problems[0].path == "actions[0].title"
    assert acts.delete_action(j, "act-1").actions == []


# --- touchpoint edits keep actions valid --------------------------------------------------------------

ADDRESSED = (
    {"id": "a1", "title": "Queue only", "addresses": [{"touchpoint": "queue"}]},
    {"id": "a2", "title": "Both", "addresses": [{"rule": "loop", "touchpoints": ["queue", "desk"]},
                                                 {"rule": "dimension-uncovered", "dimension": "empathy"}]},
    {"id": "a3", "title": "Desk", "addresses": [{"touchpoint": "desk"}]},
)


def test_deleting_a_touchpoint_drops_it_from_the_addresses() -> None:
    j = journey(*ADDRESSED)
    assert [a.id for a in edits.actions_losing(j, ["queue"])] == ["a1", "a2"]
    after = edits.delete_touchpoints(j, ["queue"])
    a1, a2, a3 = after.actions  # every action stays
    assert a1.addresses == []  # its only address named nothing left
    assert [x.touchpoint_ids() for x in a2.addresses] == [["desk"], []]
    assert a2.addresses[1].dimension == "empathy" and a3 == j.actions[2]
    linked, links = edits.delete_reconnecting(j, "desk")
    assert links == [] and [len(a.addresses) for a in linked.actions] == [1, 2, 0]


def test_an_outline_that_removes_a_touchpoint_drops_it_from_the_actions_and_says_so() -> None:
    j = journey(*ADDRESSED)
    text = write_outline(j, "en").replace("Desk", "Counter")  # "desk" renamed in place keeps its id
    kept, change = apply_outline(j, text)
    assert kept.actions == j.actions and change.pruned_actions == ()
    lines = [line for line in write_outline(j, "en").splitlines() if not line.startswith("Queue")]
    applied, change = apply_outline(j, "\n".join(lines) + "\n")
    assert [tp.name for tp in change.removed] == ["Queue"]
    assert change.pruned_actions == ("Queue only", "Both") and applied.actions[0].addresses == []
    assert any("“Queue only”, “Both”" in note for note in change.notes("en"))
    assert any("改进行动“Queue only”、“Both”不再关联" in note for note in change.notes("zh"))


# --- the follow-through in the diff and the report -----------------------------------------------------

def measured(journey_: Journey, perceived: float, n: int, nps: float) -> Journey:
    doc = edits.document(journey_)
    doc["touchpoints"][0]["emotion"] = {"expected": 4, "perceived": perceived, "evidence": "survey", "n": n}
    doc["nps"] = {"score": nps, "n": n}
    return edits.rebuild(doc)


def versions() -> tuple[Journey, Journey]:
    before = measured(journey({"id": "a1", "title": "Add a window", "owner": "Ann", "due": "2026-05-01"},
                              {"id": "a2", "title": "Train the greeter", "due": "2026-09-01"}), 2.8, 120, -12.5)
    after = acts.update_action(before, "a1", {"status": "done"})
    after, _ = acts.add_action(after, {"title": "Queue display", "owner": "Bo", "due": "2026-06-01"})
    return before, measured(after, 3.6, 150, 8)


def test_the_diff_reports_actions_done_new_and_overdue_and_measured_scores() -> None:
    before, after = versions()
    d = diff(before, after, "en", today=TODAY)
    f = d.follow_up
    assert [a.id for a in f.done] == ["a1"] and [a.id for a in f.new] == ["act-1"]
    assert [a.id for a in f.overdue] == ["act-1"]  # due 2026-06-01, open on 2026-06-15
    assert f.nps[0] is not None and f.nps[1] is not None and (f.nps[0].score, f.nps[1].score) == (-12.5, 8)
    (queue,) = f.measured  # "desk" is assumed: not measured
    assert queue.touchpoint == "queue" and queue.before is not None and queue.after is not None
    assert (queue.before.perceived, queue.before.n, queue.after.perceived, queue.after.n) == (2.8, 120, 3.6, 150)
    assert [a.id for a in diff(before, after, "en", today=dt.date(2026, 5, 1)).follow_up.overdue] == []
    doc = json.loads(json.dumps(d.to_dict()))["follow_up"]
    assert doc["today"] == "2026-06-15" and [a["id"] for a in doc["actions"]["overdue"]] == ["act-1"]
    assert doc["nps"]["after"] == {"score": 8, "n": 150}
    assert doc["measured"][0]["before"] == {"expected": 4, "perceived": 2.8, "evidence": "survey", "n": 120}
    back = d.mirrored()
    assert [a.id for a in back.follow_up.removed] == ["act-1"] and back.follow_up.nps == (f.nps[1], f.nps[0])


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_report_shows_the_follow_through_in_every_format(lang: str) -> None:
    before, after = versions()
    report = build_report(diff(before, after, lang, today=TODAY), "v1", "v2")
    text, markdown, page = report_text(report), report_markdown(report), report_html(report)
    if lang == "en":
        assert "Improvement actions · Done (1)" in text and "Overdue (as of 2026-06-15) (1)" in text
        assert "NPS: -12.5 (n=120) → 8 (n=150)" in text
        assert "“Queue”: 2.8 (Survey, n=120) → 3.6 (Survey, n=150)" in text
    else:
        assert "改进行动 · 已完成（1）" in text and "已逾期（截至 2026-06-15）（1）" in text
        assert "净推荐值（NPS）：-12.5（n=120） → 8（n=150）" in text
        assert "「Queue」：2.8（客户调研，n=120） → 3.6（客户调研，n=150）" in text
    for out in (markdown, page):
        assert "Queue display" in out and "150" in out
    # Versions without actions or measured scores say nothing about them.
    hall = load_template("business-hall", "en")
    assert "Improvement actions" not in report_text(build_report(diff(hall, hall, "en", today=TODAY)))


def test_user_text_in_the_follow_through_is_escaped() -> None:
    before, after = versions()
    after = acts.update_action(after, "act-1", {"title": "<script>x</script> | *bold*"})
    report = build_report(diff(before, after, "en", today=TODAY))
    assert "<script>" not in report_html(report) and "&lt;script&gt;" in report_html(report)
    assert r"\| \*bold\*" in report_markdown(report)


# --- the experience script ---------------------------------------------------------------------------

def test_the_script_has_an_actions_table_when_the_journey_has_actions() -> None:
    _, after = versions()
    markdown = script_markdown(after, analyze(after, "en", TODAY), "en")
    table = markdown.split("## Improvement actions", 1)[1]
    assert "| Action | Addresses | Owner | Due | Status |" in table
    assert "| Add a window | – | Ann | 2026\\-05\\-01 | Done |" in table
    assert "| Queue display | – | Bo | 2026\\-06\\-01 · 14 days overdue | Open |" in table
    plain = journey()
    assert "Improvement actions" not in script_markdown(plain, analyze(plain, "en", TODAY), "en")


def test_evidence_counts() -> None:
    before, _ = versions()
    assert evidence_counts(before) == {"assumed": 1, "workshop": 0, "observed": 0, "survey": 1}


# --- the CLI ------------------------------------------------------------------------------------------

def test_lint_and_diff_take_today(mot: Any, tmp_path: Path) -> None:
    before, after = versions()
    old, new = tmp_path / "v1.yaml", tmp_path / "v2.yaml"
    new.write_text(fileformat.dumps(after), encoding="utf-8")
    old.write_text(fileformat.dumps(before), encoding="utf-8")
    early = json.loads(mot("lint", str(new), "--format", "json", "--fail-on", "none", "--today", "2026-05-31").stdout)
    late = json.loads(mot("lint", str(new), "--format", "json", "--fail-on", "none", "--today", "2026-06-02").stdout)
    assert [f["subject"] for f in early["findings"] if f["rule"] == "action-overdue"] == []
    assert [f["subject"] for f in late["findings"] if f["rule"] == "action-overdue"] == ["act-1"]
    report = json.loads(mot("diff", str(old), str(new), "--format", "json", "--today", "2026-06-02").stdout)
    assert report["follow_up"]["today"] == "2026-06-02"
    assert [a["id"] for a in report["follow_up"]["actions"]["overdue"]] == ["act-1"]
    bad = mot("lint", str(new), "--today", "15/06/2026", code=2)
    assert "--today" in bad.stderr and "%Y-%m-%d" in bad.stderr
