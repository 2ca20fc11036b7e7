"""The Actions page and "create action", through AppTest from the real entry point: create from a weak
point, edit the status, filter by owner, the overdue mark against a pinned today; the evidence counts
and the NPS on the Weak points page; deleting a touchpoint says what it did to the actions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from streamlit.testing.v1 import AppTest

from journeys import actions as acts
from journeys import edits

from .test_app import BUILD, VERSIONS, WEAK, create_from_template, ok

ACTIONS = "components/pages/actions.py"
COMPARE = "components/pages/compare.py"
TODAY = dt.date(2026, 6, 15)


def opened(new_app: Callable[..., AppTest], lang: str = "zh") -> AppTest:
    at = create_from_template(new_app(lang), "business-hall", "zh-CN" if lang == "zh" else "en")
    at.session_state["today"] = TODAY
    return at


def with_actions(at: AppTest, *fields: dict[str, Any]) -> None:
    editor = at.session_state["editor"]
    journey = editor.journey
    for f in fields:
        journey, _ = acts.add_action(journey, f)
    editor.apply(journey)


def rows(at: AppTest) -> list[dict[str, Any]]:
    (table,) = at.dataframe  # the page's one table
    return table.value.to_dict("records")


def button(at: AppTest, label: str) -> Any:
    return next(b for b in at.button if b.label == label)


def test_create_an_action_from_a_weak_point(new_app: Callable[..., AppTest]) -> None:
    at = opened(new_app)
    ok(at.switch_page(WEAK).run())
    editor = at.session_state["editor"]
    undo_depth = len(editor.undo_stack)
    pick = at.selectbox(key="weak_act_pick")
    first = pick.options[0]
    assert first.startswith("严重 · 感知低于期望 · ")
    title = next(x for x in at.text_input if x.label == "做什么")
    assert title.value == "「座位区排队等候」：找出差距来源"
    ok(button(at, "创建改进行动").click().run())
    (action,) = editor.journey.actions
    assert action.title == "「座位区排队等候」：找出差距来源" and action.status == "open"
    assert action.owner == "值班经理"
    assert [a.key for a in action.addresses] == [("negative-gap", ("wait-seated",), None)]
    assert len(editor.undo_stack) == undo_depth + 1 and editor.draft_saved_at is not None  # an edit, autosaved
    assert any("已创建改进行动" in s.value for s in at.success)
    # The weak point now has an open action: no action-missing for it.
    assert not [f for f in editor.analysis("zh").findings if f.rule == "action-missing"
                and f.subject == "negative-gap"]


def test_the_actions_page_marks_overdue_ones_and_counts_per_status(new_app: Callable[..., AppTest]) -> None:
    at = opened(new_app)
    with_actions(at, {"title": "加开快速窗口", "owner": "值班经理", "due": dt.date(2026, 6, 1)},
                 {"title": "叫号屏改版", "owner": "厅经理", "due": dt.date(2026, 7, 1), "status": "doing"},
                 {"title": "旧流程", "owner": "厅经理", "status": "done"})
    ok(at.switch_page(ACTIONS).run())
    assert {m.label: m.value for m in at.metric} == {"待办": "1", "进行中": "1", "已完成": "1", "已放弃": "0",
                                                     "已逾期": "1"}
    shown = rows(at)  # open and doing by default, overdue first
    assert [r["行动"] for r in shown] == ["加开快速窗口", "叫号屏改版"]
    assert shown[0]["状态"] == "⚠ 待办" and shown[0]["截止日期"] == "2026-06-01 · 已逾期 14 天"
    assert shown[1]["状态"] == "进行中" and shown[1]["截止日期"] == "2026-07-01"
    assert any("今天：2026-06-15" in c.value for c in at.caption)


def test_filter_by_owner_and_status(new_app: Callable[..., AppTest]) -> None:
    at = opened(new_app)
    with_actions(at, {"title": "A", "owner": "值班经理"}, {"title": "B", "owner": "厅经理"}, {"title": "C"},
                 {"title": "D", "owner": "厅经理", "status": "done"})
    ok(at.switch_page(ACTIONS).run())
    ok(at.selectbox(key="actions_owner").set_value("厅经理").run())
    assert [r["行动"] for r in rows(at)] == ["B"]
    ok(at.multiselect(key="actions_status").set_value(["done"]).run())
    assert [r["行动"] for r in rows(at)] == ["D"]
    ok(at.multiselect(key="actions_status").set_value([]).run())  # none chosen: every status
    assert [r["行动"] for r in rows(at)] == ["B", "D"]
    ok(at.selectbox(key="actions_owner").set_value("").run())  # the actions without an owner
    assert [r["行动"] for r in rows(at)] == ["C"]


def test_edit_the_status_and_the_target_of_an_action(new_app: Callable[..., AppTest]) -> None:
    at = opened(new_app, "en")
    with_actions(at, {"title": "Add a window", "owner": "Duty manager", "due": dt.date(2026, 6, 1)})
    ok(at.switch_page(ACTIONS).run())
    assert rows(at)[0]["Status"] == "⚠ Open"
    form = next(s for s in at.selectbox if s.label == "Status")
    form.set_value("done")
    next(x for x in at.text_input if x.label.startswith("Target")).input("wait time <= 10 minutes")
    ok(button(at, "Save").click().run())
    (action,) = at.session_state["editor"].journey.actions
    assert action.status == "done" and action.target is not None and action.target.value == 10
    assert any("Saved the action" in s.value for s in at.success)
    ok(at.multiselect(key="actions_status").set_value(["done"]).run())
    assert rows(at)[0]["Status"] == "Done"  # done is never overdue
    # A target that does not read as one is refused with what was expected; nothing changes.
    next(x for x in at.text_input if x.label.startswith("Target")).input("faster")
    ok(button(at, "Save").click().run())
    assert any("The target cannot be read" in e.value for e in at.error)
    assert at.session_state["editor"].journey.actions[0].target == action.target
    ok(button(at, "Delete this action").click().run())
    assert at.session_state["editor"].journey.actions == []


def test_weak_points_show_what_scores_rest_on_and_the_nps(new_app: Callable[..., AppTest]) -> None:
    at = opened(new_app)
    editor = at.session_state["editor"]
    doc = edits.document(editor.journey)
    doc["touchpoints"][0]["emotion"] = {**doc["touchpoints"][0]["emotion"], "evidence": "survey", "n": 120}
    doc["nps"] = {"score": -12.5, "n": 40, "period": "2026-Q2"}
    editor.apply(edits.rebuild(doc))
    ok(at.switch_page(WEAK).run())
    assert any(c.value.startswith("团队假设 10、工作坊投票 0、现场观察 0、客户调研 1") for c in at.caption)
    nps = next(m for m in at.metric if m.label == "净推荐值（NPS）")
    captions = [c.value.replace("\\", "") for c in at.caption]
    assert nps.value == "-12.5" and any("共 40 份" in c and "2026-Q2" in c for c in captions), captions


def test_deleting_a_touchpoint_says_what_it_did_to_the_actions(new_app: Callable[..., AppTest]) -> None:
    at = opened(new_app)
    with_actions(at, {"title": "座位区加水", "addresses": [{"touchpoint": "wait-seated"}]})
    ok(at.switch_page(BUILD).run())
    at.session_state["selected_touchpoint"] = "wait-seated"
    ok(at.run())
    ok(at.button(key="delete_tp").click().run())
    (action,) = at.session_state["editor"].journey.actions
    assert action.addresses == []
    assert any("改进行动“座位区加水”不再关联已删除的接触点" in x.value for x in [*at.success, *at.info, *at.markdown])


def test_the_compare_page_shows_actions_new_and_overdue(new_app: Callable[..., AppTest]) -> None:
    at = opened(new_app)
    with_actions(at, {"title": "加开快速窗口", "owner": "值班经理", "due": dt.date(2026, 6, 1)},
                 {"title": "叫号屏改版", "due": dt.date(2026, 7, 1)})
    ok(at.switch_page(VERSIONS).run())
    at.text_input(key="version_note").input("改进行动").run()
    ok(at.button(key="version_save").click().run())
    ok(at.switch_page(COMPARE).run())
    frames = [f.value for f in at.dataframe if "行动" in f.value.columns]
    (follow,) = frames
    assert list(follow["行动"]) == ["加开快速窗口", "叫号屏改版", "加开快速窗口"]
    assert list(follow["状态"]) == ["新增", "新增", "已逾期（截至 2026-06-15）"]
    assert {m.label: m.value for m in at.metric}["已逾期（截至 2026-06-15）"] == "1"
