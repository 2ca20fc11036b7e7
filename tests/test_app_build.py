"""The Build page keeps up with a person (AppTest): quick add takes outline lines and keeps the new
touchpoint selected, the grid's rows keep their order, the detail form keeps unsaved edits across
touchpoints, reads one-line standards back before saving and confirms a save in place, deleting a
touchpoint reconnects the journey, and errors name the touchpoint and the field."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.lines import picker, type_lines
from tests.test_app import create_from_template, diagram, journey, new_from, ok, table_epoch


def blank(new_app, lang: str = "zh") -> AppTest:  # type: ignore[no-untyped-def]
    at = new_from(new_app(lang), "blank")
    at.text_input(key="blank_title").input("卷烟配送到店服务").run()
    at.button(key="blank_create").click().run()
    return ok(at)


def add(at: AppTest, line: str) -> AppTest:
    type_lines(at, "quick_add", line)
    return ok(at)


def selected(at: AppTest) -> str:
    return at.session_state["selected_touchpoint"]


def form_key(at: AppTest, field: str) -> str:
    tp = selected(at)
    try:
        epoch = at.session_state["detail_epoch"].get(tp, 0)
    except KeyError:
        epoch = 0
    return f"{field}_{tp}_{epoch}"


def test_quick_add_takes_a_whole_outline_line_and_selects_the_new_touchpoint(new_app) -> None:  # type: ignore[no-untyped-def]
    at = blank(new_app)
    add(at, "## 到店")
    assert [s.name for s in journey(at).stages] == ["到店"]  # the blank journey's placeholder stage, renamed
    add(at, "走向零售户 | 4/4 @送货员/片区主管")
    first = selected(at)
    add(at, "签字确认 | 5/4 !mot @店长")
    tp = journey(at).touchpoint(selected(at))
    assert (tp.name, tp.expected, tp.perceived, tp.moments, tp.owner) == ("签字确认", 5.0, 4.0, ["mot"], "店长")
    assert [(e.source, e.target) for e in journey(at).edges] == [(first, tp.id)]
    add(at, "~ 退换货处理 | 3/2")
    side = selected(at)
    assert journey(at).touchpoint(side).name == "退换货处理"
    assert all(side not in (e.source, e.target) for e in journey(at).edges)
    assert any("已添加「退换货处理」" in s.value for s in at.success)


def test_a_picker_the_page_has_replaced_never_moves_quick_add_back(new_app) -> None:  # type: ignore[no-untyped-def]
    """Lines typed faster than the page redraws: the browser still shows (and sends) the pickers of the page
    before the last few lines were added. Streamlit keeps those old pickers' callbacks, and their values now
    read as changes; the next line still goes after the last one added, not after the one the old pickers
    showed (CI saw 丁 戊 己 庚 become 丁 → 庚 → 戊 → 己)."""
    at = blank(new_app)
    add(at, "丁")
    old = [picker(at, name)._widget_state for name in ("tp_pick", "detail_pick", "quick_stage")]
    add(at, "戊")
    add(at, "己")
    type_lines(at, "quick_add", "庚", stale=tuple(old))
    ok(at)
    names = {tp.id: tp.name for tp in journey(at).touchpoints}
    assert sorted((names[e.source], names[e.target]) for e in journey(at).edges) == [
        ("丁", "戊"), ("己", "庚"), ("戊", "己")]
    assert names[selected(at)] == "庚"


def test_a_stage_line_or_the_add_stage_button_adds_a_stage_that_quick_add_then_fills(new_app) -> None:  # type: ignore[no-untyped-def]
    at = blank(new_app)
    add(at, "## 到店")
    add(at, "走向零售户")
    add(at, "## 交接")
    assert picker(at, "quick_stage").value == journey(at).stages[1].id
    add(at, "签字确认")
    assert journey(at).touchpoint(selected(at)).stage == journey(at).stages[1].id
    at.text_input(key="new_stage_name").input("售后").run()
    ok(at)
    assert [s.name for s in journey(at).stages] == ["到店", "交接", "售后"]
    assert picker(at, "quick_stage").value == journey(at).stages[2].id


def test_a_bad_quick_add_line_is_explained_in_the_ui_language(new_app) -> None:  # type: ignore[no-untyped-def]
    at = blank(new_app)
    before = journey(at)
    add(at, "甲 | 9/4")
    assert journey(at) == before
    assert any("9/4" in e.value for e in at.error)


def test_lines_typed_before_the_server_ran_are_all_added_in_order_once(new_app) -> None:  # type: ignore[no-untyped-def]
    """What a fast typist sends: several lines in one value. Every line becomes a touchpoint, in the order
    typed, each after the one before; a value sent again with lines already taken adds nothing twice."""
    at = blank(new_app)
    type_lines(at, "quick_add", "丁", "戊", "己 | 4/3")
    ok(at)
    names = [tp.name for tp in journey(at).touchpoints]
    assert names == ["丁", "戊", "己"]
    by_name = {tp.name: tp.id for tp in journey(at).touchpoints}
    assert [(e.source, e.target) for e in journey(at).edges] == [(by_name["丁"], by_name["戊"]),
                                                                (by_name["戊"], by_name["己"])]
    assert selected(at) == by_name["己"]
    assert any("已添加 3 个接触点：丁、戊、己" in s.value for s in at.success)
    type_lines(at, "quick_add", "庚", pending=("戊", "己 | 4/3"))  # the browser had not seen the ack yet
    ok(at)
    assert [tp.name for tp in journey(at).touchpoints] == ["丁", "戊", "己", "庚"]


def test_a_refused_line_among_good_ones_goes_back_into_the_field(new_app) -> None:  # type: ignore[no-untyped-def]
    at = blank(new_app)
    type_lines(at, "quick_add", "甲", "乙 | 9/4", "丙")
    ok(at)
    assert [tp.name for tp in journey(at).touchpoints] == ["甲", "丙"]
    # The error quotes the refused line; "line 1" would say nothing in a one-line field.
    errors = [e.value for e in at.error]
    assert any(e.startswith("“乙") and "9/4" in e and "第 1 行" not in e for e in errors), errors
    assert at.session_state["quick_add__returned"]["text"] == "乙 | 9/4"


def test_grid_rows_keep_their_order_when_a_stage_changes(new_app) -> None:  # type: ignore[no-untyped-def]
    at = create_from_template(new_app())
    rows = list(at.session_state["tp_table_order"])
    last_stage = journey(at).stages[-1].id
    at.session_state[f"tp_table_{table_epoch(at)}"] = {"edited_rows": {0: {"stage": last_stage}},
                                                      "added_rows": [], "deleted_rows": []}
    ok(at.run())
    assert journey(at).touchpoint(rows[0]).stage == last_stage
    assert list(at.session_state["tp_table_order"]) == rows


def test_unsaved_details_survive_picking_another_touchpoint(new_app) -> None:  # type: ignore[no-untyped-def]
    at = create_from_template(new_app())
    picker(at, "tp_pick").set_value("greet").run()
    at.text_input(key=form_key(at, "owner")).input("临时A角").run()
    ok(at)
    assert any("未保存" in w.value for w in at.warning)
    at.button(key="detail_next").click().run()
    ok(at)
    assert selected(at) != "greet"
    assert any("「迎宾问候与分流」有未保存的修改" in c.value for c in at.caption)
    picker(at, "detail_pick").set_value("greet").run()
    ok(at)
    assert at.text_input(key=form_key(at, "owner")).value == "临时A角"
    assert journey(at).touchpoint("greet").owner != "临时A角"  # not saved until asked
    at.button(key="detail_save").click().run()
    ok(at)
    assert journey(at).touchpoint("greet").owner == "临时A角"
    assert any("已保存「迎宾问候与分流」的详情" in s.value for s in at.success)


def test_previous_and_next_walk_the_touchpoints_in_display_order(new_app) -> None:  # type: ignore[no-untyped-def]
    at = create_from_template(new_app())
    order = at.session_state["tp_table_order"]
    picker(at, "detail_pick").set_value(order[0]).run()
    assert at.button(key="detail_prev").disabled
    at.button(key="detail_next").click().run()
    assert selected(ok(at)) == order[1]
    at.button(key="detail_prev").click().run()
    assert selected(ok(at)) == order[0]


def test_a_one_line_standard_is_read_back_before_it_is_saved(new_app) -> None:  # type: ignore[no-untyped-def]
    at = blank(new_app)
    add(at, "## 交接")
    add(at, "签字确认 | 5/4 !mot")
    tp = selected(at)
    type_lines(at, f"stdline_{tp}_0", "硬 响应性 核对无误后签字 2分钟内")
    ok(at)
    shown = [m.value for m in at.markdown if "已识别" in m.value]
    assert shown and "硬" in shown[0] and "响应性" in shown[0] and "目标：核对无误后签字 ≤ 2分钟" in shown[0]
    assert journey(at).touchpoint(tp).standards == []
    type_lines(at, f"stdline_{tp}_0", "软 移情性 主动询问店主的意见")
    at.button(key="detail_save").click().run()
    ok(at)
    standards = journey(at).touchpoint(tp).standards
    assert [(s.kind, s.dimension) for s in standards] == [("hard", "responsiveness"), ("soft", "empathy")]
    assert standards[0].target is not None and standards[0].target.value == 2.0
    type_lines(at, f"stdline_{tp}_0", "硬 可靠")
    # The refused line is quoted with what is wrong, not numbered "line 1" (a one-line field).
    errors = [e.value for e in ok(at).error]
    assert any("硬 可靠" in e and "第 1 行" not in e for e in errors), errors


def test_deleting_a_touchpoint_reconnects_it_and_says_so_and_undo_restores(new_app) -> None:  # type: ignore[no-untyped-def]
    at = blank(new_app)
    for line in ("## 到店", "甲", "乙", "丙"):
        add(at, line)
    before = journey(at)
    ids = {tp.name: tp.id for tp in before.touchpoints}
    picker(at, "tp_pick").set_value(ids["乙"]).run()
    at.button(key="delete_tp").click().run()
    ok(at)
    assert [(e.source, e.target) for e in journey(at).edges] == [(ids["甲"], ids["丙"])]
    assert any("甲 → 丙" in s.value for s in at.success)
    at.sidebar.button(key="undo").click().run()
    assert journey(ok(at)) == before


def test_a_refused_grid_edit_names_the_touchpoint_and_the_field(new_app) -> None:  # type: ignore[no-untyped-def]
    at = create_from_template(new_app())
    rows = at.session_state["tp_table_order"]
    name = journey(at).touchpoint(rows[1]).name
    at.session_state[f"tp_table_{table_epoch(at)}"] = {"edited_rows": {1: {"perceived": 9}},
                                                      "added_rows": [], "deleted_rows": []}
    ok(at.run())
    errors = [e.value for e in at.error]
    assert any(f"接触点「{name}」的感知得分：不能大于 5" in e for e in errors), errors
    assert not any("touchpoints[" in e for e in errors)


def test_the_diagram_is_top_down_fitted_with_the_legend_on_request(new_app) -> None:  # type: ignore[no-untyped-def]
    at = create_from_template(new_app())
    count = len(journey(at).touchpoints)
    assert diagram(at).count('class="node"') == count
    frame = next(h.proto.body for h in at.get("html") if "journey-diagram" in h.proto.body)
    assert "max-height:588px" in frame or "width:clamp(" in frame  # whole when legible, else fitted to the width
    at.toggle(key="diagram_legend").set_value(True).run()
    assert diagram(ok(at)).count('class="node"') == count + 1
