"""Drafts belong to a person and a tab, through AppTest: two sessions on one store never overwrite each
other's unsaved edit; restore, reload and 'save as a copy' touch only the acting session's draft; a draft
based on an older version says so and can be compared, carried onto the latest or discarded."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from journeys.model import Journey
from journeys.store import SqliteStore
from tests.lines import type_lines

from .test_app import ROOT, VERSIONS, create_from_template, journey, ok

X = "business-hall"
OPEN_WHICH = f"journey_open_which_{X}"


def session(author: str = "测试员", lang: str = "zh") -> AppTest:
    """A new browser tab: a fresh session of ``author``, on the Journeys page."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    at.session_state["lang"] = lang
    at.session_state["author"] = author
    return ok(at.run())


def open_x(at: AppTest, which: int | None = None) -> AppTest:
    at.radio(key="journey_pick").set_value(X).run()
    if which is not None:
        at.radio(key=OPEN_WHICH).set_value(which).run()
    at.button(key="journey_open").click().run()
    return ok(at)


def add_step(at: AppTest, name: str) -> AppTest:
    type_lines(at, "quick_add", name)
    return ok(at)


def names(at: AppTest) -> set[str]:
    return {tp.name for tp in journey(at).touchpoints}


def test_two_tabs_of_one_person_keep_two_drafts_and_reopening_offers_each(store_path: Path) -> None:
    first = create_from_template(session())
    second = open_x(session())
    assert first.session_state["tab"] != second.session_state["tab"]
    assert first.query_params["tab"] in (first.session_state["tab"], [first.session_state["tab"]])
    add_step(first, "第一个标签页的步骤")
    add_step(second, "第二个标签页的步骤")
    # Both tabs close without saving. Nothing is lost: each tab's edit is its own draft.
    store = SqliteStore(store_path)
    assert len(store.drafts(X, "测试员")) == 2
    reopened = session()
    options = reopened.radio(key=OPEN_WHICH).options
    assert len(options) == 3  # each draft, and the latest version
    # Told apart even when saved in the same minute on the same base (Streamlit picks options by label).
    assert len(set(options)) == 3
    open_x(reopened, 0)
    drafts = store.drafts(X, "测试员")
    assert len(drafts) == 2  # the draft moved into the reopening tab, not copied
    other = next(i for i, d in enumerate(drafts) if d.tab != reopened.session_state["tab"])
    again = open_x(session(), other)
    got = [names(reopened), names(again)]
    assert {"第一个标签页的步骤" in n for n in got} == {True, False}
    assert {"第二个标签页的步骤" in n for n in got} == {True, False}
    # Someone else is offered none of them.
    stranger = session("王芳")
    stranger.radio(key="journey_pick").set_value(X).run()
    assert not [r for r in stranger.radio if r.key == OPEN_WHICH]


def test_reload_restore_and_save_as_a_copy_touch_only_the_acting_sessions_draft(store_path: Path) -> None:
    store = SqliteStore(store_path)
    wang = create_from_template(session("王芳"))
    li = add_step(open_x(session("李雷")), "李雷的步骤")
    zhang = add_step(open_x(session("张三")), "张三的步骤")
    add_step(wang, "王芳的步骤")
    ok(wang.switch_page(VERSIONS).run())
    wang.button(key="version_save").click().run()
    assert store.latest_number(X) == 2

    # 张三's save conflicts; reloading drops 张三's draft, and only it.
    ok(zhang.switch_page(VERSIONS).run())
    zhang.button(key="version_save").click().run()
    zhang.button(key="conflict_reload").click().run()
    ok(zhang)
    assert "王芳的步骤" in names(zhang) and "张三的步骤" not in names(zhang)
    assert [d.person for d in store.drafts(X)] == ["李雷"]
    # 张三 restores version 1: a new version, and 李雷's draft is still there.
    ok(zhang.switch_page(VERSIONS).run())
    zhang.selectbox(key="restore_pick").set_value(1).run()
    zhang.button(key="restore").click().run()
    ok(zhang)
    assert store.latest_number(X) == 3
    (draft,) = store.drafts(X)
    assert draft.person == "李雷" and any(tp.name == "李雷的步骤" for tp in draft.journey.touchpoints)

    # 李雷 saves his edit as a copy: his draft leaves the journey, nobody opening it sees it any more.
    ok(li.switch_page(VERSIONS).run())
    li.button(key="version_save").click().run()
    li.button(key="conflict_copy").click().run()
    ok(li)
    copy_id = journey(li).id
    assert copy_id != X and "李雷的步骤" in names(li)
    assert store.drafts(X) == []
    assert any(tp.name == "李雷的步骤" for tp in store.load(copy_id).journey.touchpoints)
    later = session("李雷")
    later.radio(key="journey_pick").set_value(X).run()
    assert not [r for r in later.radio if r.key == OPEN_WHICH]


def stale_setup(store_path: Path, theirs_name: str, theirs_at: int = 0) -> tuple[SqliteStore, Journey]:
    """王芳 saved v2 renaming touchpoint ``theirs_at`` to ``theirs_name``; 李雷's draft, based on v1, renamed
    the first two touchpoints and set the first one's owner."""
    create_from_template(session("王芳"))
    store = SqliteStore(store_path)
    base = store.load(X).journey
    doc = base.model_dump(by_alias=True, exclude_none=True)
    first, second = doc["touchpoints"][0], doc["touchpoints"][1]
    tps = list(doc["touchpoints"])
    tps[theirs_at] = {**tps[theirs_at], "name": theirs_name}
    theirs = {**doc, "touchpoints": tps}
    store.save(Journey.model_validate(theirs), based_on=1, author="王芳")
    mine = {**doc, "touchpoints": [{**first, "name": "李雷改的名字", "owner": "李雷"},
                                   {**second, "name": "李雷改的第二步"}, *doc["touchpoints"][2:]]}
    store.save_draft(Journey.model_validate(mine), based_on=1, person="李雷", tab="old-tab")
    return store, base


def test_a_stale_draft_says_so_and_carries_onto_the_latest_without_clashes(store_path: Path) -> None:
    store, _ = stale_setup(store_path, "王芳改的第三步", theirs_at=2)
    li = open_x(session("李雷"), 0)
    assert any("基于第 1 版" in w.value and "王芳" in w.value and "第 2 版" in w.value for w in li.warning)
    li.button(key="stale_carry_button").click().run()
    assert not [r for r in ok(li).radio if r.key and r.key.startswith("stale_clash_")]
    li.button(key="stale_carry_apply").click().run()
    ok(li)
    editor = li.session_state["editor"]
    assert editor.based_on == 2
    tps = editor.journey.touchpoints
    assert (tps[0].name, tps[0].owner, tps[1].name, tps[2].name) == (
        "李雷改的名字", "李雷", "李雷改的第二步", "王芳改的第三步")
    assert not li.warning
    (draft,) = store.drafts(X, "李雷")
    assert draft.based_on == 2


def test_a_stale_draft_clash_is_chosen_per_clash_and_the_draft_can_be_discarded(store_path: Path) -> None:
    store, _ = stale_setup(store_path, "王芳改的名字")
    li = open_x(session("李雷"), 0)
    li.button(key="stale_carry_button").click().run()
    (clash,) = [r for r in ok(li).radio if r.key and r.key.startswith("stale_clash_")]
    assert "李雷改的名字" in clash.options[0] and "王芳改的名字" in clash.options[1]
    clash.set_value(1).run()
    li.button(key="stale_carry_apply").click().run()
    merged = ok(li).session_state["editor"].journey
    assert merged.touchpoints[0].name == "王芳改的名字" and merged.touchpoints[0].owner == "李雷"
    assert merged.touchpoints[1].name == "李雷改的第二步"

    # Another stale draft, discarded: the latest version opens and the draft is gone.
    old = store.load(X, 1).journey
    store.save_draft(old.model_copy(update={"title": "旧草稿"}), based_on=1, person="张三")
    zhang = open_x(session("张三"), 0)
    zhang.button(key="stale_discard").click().run()
    ok(zhang)
    assert journey(zhang) == store.load(X).journey and store.drafts(X, "张三") == []


def test_a_stale_draft_compares_with_the_latest(store_path: Path) -> None:
    stale_setup(store_path, "王芳改的名字")
    li = open_x(session("李雷"), 0)
    li.button(key="stale_compare").click().run()
    ok(li)
    assert li.selectbox(key=f"compare_after_{X}").value == 0  # the draft
    assert li.selectbox(key=f"compare_before_{X}").value == 2  # the latest version


def test_a_refused_save_carried_onto_the_latest_leaves_no_conflict_to_resolve(store_path: Path) -> None:
    store, _ = stale_setup(store_path, "王芳改的第三步", theirs_at=2)
    li = open_x(session("李雷"), 0)
    ok(li.switch_page(VERSIONS).run())
    li.button(key="version_save").click().run()
    assert any("保存冲突" in w.value for w in ok(li).warning)
    li.button(key="stale_carry_button").click().run()
    li.button(key="stale_carry_apply").click().run()
    # The edit now stands on v2: neither the conflict nor its way out (discard mine, save a copy) is offered.
    assert not [w for w in ok(li).warning if "保存冲突" in w.value]
    assert not [b for b in li.button if b.key in ("conflict_reload", "conflict_copy")]
    li.button(key="version_save").click().run()
    assert store.latest_number(X) == 3 and store.history(X)[-1].author == "李雷"
    tps = store.load(X).journey.touchpoints
    assert (tps[0].name, tps[1].name, tps[2].name) == ("李雷改的名字", "李雷改的第二步", "王芳改的第三步")
