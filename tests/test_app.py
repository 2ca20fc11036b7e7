"""The app, page by page, through Streamlit's AppTest from the real entry point (no browser)."""

from __future__ import annotations

import base64
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from journeys import catalog, fileformat
from journeys.store import SqliteStore
from tests.lines import has_line_field, line_field, picker, type_lines

ROOT = Path(__file__).resolve().parent.parent
BUILD = "components/pages/build.py"
WEAK = "components/pages/weak_points.py"
VERSIONS = "components/pages/versions.py"
JOURNEYS = "components/pages/journeys.py"


def ok(at: AppTest) -> AppTest:
    assert not at.exception, [e.value for e in at.exception]
    return at


def new_from(at: AppTest, way: str) -> AppTest:
    """The Journeys page's way of making a new journey: ``template``, ``blank``, ``import`` or ``outline``."""
    at.segmented_control(key="new_from").set_value(way).run()
    return ok(at)


def create_from_template(at: AppTest, template_id: str = "business-hall", locale: str = "zh-CN") -> AppTest:
    ok(at)
    templates = sorted(catalog.list_templates(), key=lambda x: (not x.locale.startswith(at.session_state["lang"]),
                                                              x.id))
    index = next(i for i, x in enumerate(templates) if x.id == template_id and x.locale == locale)
    at.pills(key="template_pick").set_value(index).run()
    at.button(key="template_create").click().run()
    return ok(at)


def table_epoch(at: AppTest) -> int:
    try:
        return at.session_state["table_epoch"]
    except KeyError:
        return 0


def diagram(at: AppTest) -> str:
    """The SVG text of the live diagram (shown as a data-URI image)."""
    for element in at.get("html"):
        found = re.search(r'src="data:image/svg\+xml;base64,([^"]+)"', element.proto.body)
        if found:
            return base64.b64decode(found.group(1)).decode("utf-8")
    raise AssertionError("no diagram on the page")


def journey(at: AppTest):  # type: ignore[no-untyped-def]
    return at.session_state["editor"].journey


@pytest.mark.parametrize("page", [JOURNEYS, BUILD, WEAK, VERSIONS])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_page_runs_with_and_without_an_open_journey(new_app, page: str, lang: str) -> None:  # type: ignore[no-untyped-def]
    at = new_app(lang)
    ok(at.switch_page(page).run())
    at = create_from_template(new_app(lang))
    ok(at.switch_page(page).run())


def test_create_from_template_opens_the_builder_with_a_live_diagram(new_app, store_path: Path) -> None:  # type: ignore[no-untyped-def]
    at = create_from_template(new_app())
    assert journey(at).id == "business-hall"
    assert at.title[0].value == "搭建旅程"
    svg = diagram(at)
    assert svg.count('class="node"') == len(journey(at).touchpoints)  # the legend is shown on request
    for tp in journey(at).touchpoints:
        assert tp.name[:4] in svg
    store = SqliteStore(store_path)
    assert [v.number for v in store.history("business-hall")] == [1]


def test_edit_a_touchpoint_and_see_the_finding_change(new_app, store_path: Path) -> None:  # type: ignore[no-untyped-def]
    at = create_from_template(new_app("en"), "front-desk", "en")
    order = at.session_state["tp_table_order"]
    row = order.index("register")
    ok(at.switch_page(WEAK).run())
    before = {(f.rule, f.touchpoints) for f in at.session_state["editor"].analysis("en").findings}
    assert ("negative-gap", ("register",)) in before

    ok(at.switch_page(BUILD).run())
    epoch = table_epoch(at)
    at.session_state[f"tp_table_{epoch}"] = {"edited_rows": {row: {"perceived": 1.5, "owner": None}},
                                             "added_rows": [], "deleted_rows": []}
    ok(at.run())
    tp = journey(at).touchpoint("register")
    assert tp.perceived == 1.5 and tp.owner is None
    ok(at.switch_page(WEAK).run())
    after = {(f.rule, f.touchpoints) for f in at.session_state["editor"].analysis("en").findings}
    assert {("pain-without-recovery", ("register",)), ("no-owner", ("register",))} <= after - before
    # The draft was autosaved: a closed tab loses nothing.
    (draft,) = SqliteStore(store_path).drafts("front-desk", "测试员")
    assert draft.journey.touchpoint("register").perceived == 1.5


def test_quick_add_appends_after_the_selected_touchpoint_and_links_it(new_app) -> None:  # type: ignore[no-untyped-def]
    at = create_from_template(new_app())
    picker(at, "tp_pick").set_value("take-number").run()
    followers = {e.target for e in journey(at).edges if e.source == "take-number"}
    type_lines(at, "quick_add", "发放等候饮用水")
    ok(at)
    j = journey(at)
    new = at.session_state["selected_touchpoint"]
    assert j.touchpoint(new).name == "发放等候饮用水" and j.touchpoint(new).stage == j.touchpoint("take-number").stage
    assert {(e.source, e.target) for e in j.edges if "take-number" in (e.source, e.target) or new in (e.source,)} \
        >= {("take-number", new)} | {(new, f) for f in followers}


def test_an_invalid_edit_is_explained_and_changes_nothing(new_app) -> None:  # type: ignore[no-untyped-def]
    at = create_from_template(new_app("en"), "business-hall", "en")
    before = journey(at)
    epoch = table_epoch(at)
    at.session_state[f"edge_table_{epoch}"] = {"edited_rows": {0: {"to": "nowhere"}}, "added_rows": [],
                                               "deleted_rows": []}
    ok(at.run())
    assert journey(at) == before
    # The edge is named by its touchpoints and the field by its label, in the UI language.
    assert any("Edge “" in e.value and "To" in e.value and "nowhere" in e.value and "edges[0]" not in e.value
               for e in at.error)


def test_save_a_version_and_see_it_in_history(new_app, store_path: Path) -> None:  # type: ignore[no-untyped-def]
    at = create_from_template(new_app())
    picker(at, "tp_pick").set_value("greet").run()
    type_lines(at, "quick_add", "递上号票")
    ok(at.switch_page(VERSIONS).run())
    at.text_input(key="version_note").input("加入递号票").run()
    at.button(key="version_save").click().run()
    ok(at)
    history = SqliteStore(store_path).history("business-hall")
    assert [(v.number, v.note, v.author) for v in history][-1] == (2, "加入递号票", "测试员")
    assert any("已保存第 2 版" in s.value for s in at.success)
    rows = at.dataframe[0].value
    assert list(rows.iloc[:, 0]) == [2, 1]


def test_second_session_gets_a_conflict_and_loses_nothing(new_app, store_path: Path) -> None:  # type: ignore[no-untyped-def]
    alice = create_from_template(new_app())
    bob = new_app()
    bob.radio(key="journey_pick").set_value("business-hall").run()
    bob.button(key="journey_open").click().run()
    ok(bob)
    for at, name in ((alice, "爱丽丝的新步骤"), (bob, "鲍勃的新步骤")):
        picker(at, "tp_pick").set_value("greet").run()
        type_lines(at, "quick_add", name)
        ok(at.switch_page(VERSIONS).run())
    alice.button(key="version_save").click().run()
    bob.button(key="version_save").click().run()
    ok(bob)
    assert any("保存冲突" in w.value for w in bob.warning)
    assert [v.number for v in SqliteStore(store_path).history("business-hall")] == [1, 2]
    bob.button(key="conflict_copy").click().run()
    ok(bob)
    store = SqliteStore(store_path)
    copy_id = journey(bob).id
    assert copy_id != "business-hall"
    assert any(tp.name == "鲍勃的新步骤" for tp in store.load(copy_id).journey.touchpoints)
    assert any(tp.name == "爱丽丝的新步骤" for tp in store.load("business-hall").journey.touchpoints)


def test_conflict_reload_takes_the_latest(new_app, store_path: Path) -> None:  # type: ignore[no-untyped-def]
    alice = create_from_template(new_app())
    bob = new_app()
    bob.button(key="journey_open").click().run()
    type_lines(bob, "quick_add", "鲍勃的步骤")
    type_lines(alice, "quick_add", "爱丽丝的步骤")
    ok(alice.switch_page(VERSIONS).run()).button(key="version_save").click().run()
    ok(bob.switch_page(VERSIONS).run()).button(key="version_save").click().run()
    bob.button(key="conflict_reload").click().run()
    ok(bob)
    assert any(tp.name == "爱丽丝的步骤" for tp in journey(bob).touchpoints)
    assert at_based_on(bob) == 2


def at_based_on(at: AppTest) -> int | None:
    return at.session_state["editor"].based_on


def test_restore_adds_a_version_after_a_safety_copy(new_app, store_path: Path) -> None:  # type: ignore[no-untyped-def]
    at = create_from_template(new_app("en"), "restaurant-dining", "en")
    type_lines(at, "quick_add", "Offer a high chair")
    ok(at.switch_page(VERSIONS).run())
    at.button(key="version_save").click().run()  # v2 has the high chair
    ok(at.switch_page(BUILD).run())
    type_lines(at, "quick_add", "Unsaved idea")
    ok(at.switch_page(VERSIONS).run())
    at.selectbox(key="restore_pick").set_value(1).run()
    at.button(key="restore").click().run()
    ok(at)
    history = SqliteStore(store_path).history("restaurant-dining")
    assert [v.number for v in history] == [1, 2, 3, 4]
    assert "Safety copy" in history[2].note and "Restored from version 1" in history[3].note
    store = SqliteStore(store_path)
    assert any(tp.name == "Unsaved idea" for tp in store.load("restaurant-dining", 3).journey.touchpoints)
    assert store.load("restaurant-dining", 4).journey == store.load("restaurant-dining", 1).journey
    assert journey(at) == store.load("restaurant-dining", 1).journey


def test_undo_and_redo(new_app) -> None:  # type: ignore[no-untyped-def]
    at = create_from_template(new_app())
    original = journey(at)
    type_lines(at, "quick_add", "新步骤")
    changed = journey(at)
    assert changed != original
    at.sidebar.button(key="undo").click().run()
    assert journey(ok(at)) == original
    at.sidebar.button(key="redo").click().run()
    assert journey(ok(at)) == changed


def test_a_reopened_session_restores_the_unsaved_draft(new_app) -> None:  # type: ignore[no-untyped-def]
    at = create_from_template(new_app())
    type_lines(at, "quick_add", "还没保存的步骤")
    again = new_app()  # a closed tab, a new session
    again.button(key="journey_open").click().run()
    ok(again)
    assert any(tp.name == "还没保存的步骤" for tp in journey(again).touchpoints)
    assert any("恢复" in i.value for i in again.info)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_second_click_on_the_chosen_language_keeps_it(new_app, lang: str) -> None:  # type: ignore[no-untyped-def]
    """The language control clears on a second click on its chosen option; the page stays in that language
    (English fell back to Chinese)."""
    at = new_app(lang)
    heading = at.title[0].value
    control = at.sidebar.segmented_control(key="lang")
    assert control.value == lang
    control.set_value(None).run()
    ok(at)
    assert at.session_state["lang"] == lang and at.title[0].value == heading
    at.sidebar.segmented_control(key="lang").set_value("zh" if lang == "en" else "en").run()
    assert ok(at).title[0].value != heading  # a real switch still switches


def test_language_switch_changes_labels_not_content(new_app) -> None:  # type: ignore[no-untyped-def]
    at = create_from_template(new_app("zh"))
    assert at.title[0].value == "搭建旅程"
    at.session_state["lang"] = "en"
    ok(at.run())
    assert at.title[0].value == "Build the journey"
    assert journey(at).title == "营业厅办理套餐变更"
    ok(at.switch_page(WEAK).run())
    assert at.title[0].value == "Weak points"
    curve = at.get("vega_lite_chart")[0].proto.spec
    assert "Customer experience curve" in curve


def test_workshop_mode_hides_the_editors(new_app) -> None:  # type: ignore[no-untyped-def]
    at = create_from_template(new_app())
    assert has_line_field(at, "quick_add")
    at.sidebar.toggle(key="workshop").set_value(True).run()
    ok(at)
    assert not has_line_field(at, "quick_add")
    assert line_field(at, "journey_map")  # the map in the diagram's place
    assert not at.get("html")


def test_import_an_upload_with_errors_shown_in_place(new_app, store_path: Path) -> None:  # type: ignore[no-untyped-def]
    at = new_from(new_app("en"), "import")
    bad = (ROOT / "tests" / "data" / "domain-example.yaml").read_bytes().replace(b"perceived: 4", b"perceived: 8")
    at.get("file_uploader")[0].upload("hall.yaml", bad, "application/yaml")
    at.run()
    at.button(key="upload_import").click().run()
    ok(at)
    shown = re.sub(r"\\(.)", r"\1", "\n".join(e.value for e in at.error))  # the Markdown as the page reads
    assert "hall.yaml, line " in shown and "Perceived score: must be at most 5 (found 8)" in shown, shown
    assert not SqliteStore(store_path).list_journeys()
    good = fileformat.dumps(catalog.load_template("front-desk", "en"), "json").encode()
    at.get("file_uploader")[0].upload("desk.json", good, "application/json")
    at.run()
    at.button(key="upload_import").click().run()
    ok(at)
    assert journey(at).id == "front-desk"


def test_duplicate_a_journey(new_app, store_path: Path) -> None:  # type: ignore[no-untyped-def]
    create_from_template(new_app())
    at = new_app()
    at.button(key="journey_duplicate").click().run()
    ok(at)
    ids = {j.id for j in SqliteStore(store_path).list_journeys()}
    assert ids == {"business-hall", "business-hall-copy"}


@pytest.mark.parametrize(("count", "widget"), [(3, "radio"), (12, "radio"), (13, "selectbox")])
def test_the_journey_picker_lists_a_few_as_choices_and_many_in_a_dropdown(
        new_app, store_path: Path, count: int, widget: str) -> None:  # type: ignore[no-untyped-def]
    from journeys.synthetic import synthetic_journey

    store = SqliteStore(str(store_path))
    for i in range(count):
        store.save(synthetic_journey(4, seed=i).model_copy(update={"id": f"j{i}", "title": f"旅程 **{i}**"}),
                   based_on=None, note="t")
    at = ok(new_app("zh"))
    chooser = getattr(at, widget)(key="journey_pick")
    assert len(chooser.options) == count
    if widget == "radio":  # a choice's label is Markdown: the title is escaped in it
        assert all(r"\*\*" in option for option in chooser.options)
    chooser.set_value(f"j{count - 1}").run()
    ok(at.button(key="journey_open").click().run())
    assert at.session_state["editor"].journey.id == f"j{count - 1}"
