"""Building on the journey map (AppTest): workshop mode shows the map alone; a click on a card opens its
dialog and saving changes the journey; "+" after a stage's last card and N add a card there; the persona is
edited on Build; the Build page shows the map in place of the diagram on request."""

from __future__ import annotations

import json

from streamlit.testing.v1 import AppTest

from journeys.graph import display_order
from tests.lines import component, fire, has_line_field
from tests.test_app import create_from_template, journey, ok


def drawn(at: AppTest, key: str) -> str:
    """The SVG the map component ``key`` was given."""
    return json.loads(component(at, key).proto.json)["svg"]


def diagrams(at: AppTest) -> list[str]:
    """The graph diagrams on the page (the detail form's bar brings its own style block)."""
    return [h.proto.body for h in at.get("html") if "journey-diagram" in h.proto.body]


def workshop(new_app, lang: str = "zh") -> AppTest:  # type: ignore[no-untyped-def]
    at = create_from_template(new_app(lang))
    at.sidebar.toggle(key="workshop").set_value(True).run()
    return ok(at)


def test_workshop_mode_is_the_map_alone(new_app) -> None:  # type: ignore[no-untyped-def]
    at = workshop(new_app)
    assert component(at, "journey_map")
    assert not has_line_field(at, "quick_add")
    assert not at.get("html")  # no graph diagram beside it
    svg = drawn(at, "journey_map")
    assert all(f'data-tp="{tp.id}"' in svg for tp in journey(at).touchpoints)


def test_a_click_on_a_card_opens_its_dialog_and_saving_changes_the_journey(new_app) -> None:  # type: ignore[no-untyped-def]
    at = workshop(new_app)
    tp = journey(at).touchpoints[1]
    ok(fire(at, "journey_map", "edit", tp.id))
    assert at.session_state["selected_touchpoint"] == tp.id
    key = f"card_{tp.id}_{at.session_state['editor'].revision}"
    assert at.text_input(key=f"{key}_name").value == tp.name
    at.text_input(key=f"{key}_name").input("新的名字")
    at.number_input(key=f"{key}_perceived").set_value(2.0)
    at.text_area(key=f"{key}_standards").input("硬 响应性 三分钟内回电")
    at.button(key=f"{key}_save").click().run()
    ok(at)
    changed = journey(at).touchpoint(tp.id)
    assert changed.name == "新的名字"
    assert changed.emotion is not None and changed.emotion.perceived == 2.0
    assert changed.emotion.evidence is None  # typed by the team
    assert [s.text for s in changed.standards][-1] == "三分钟内回电"
    assert len(changed.standards) == len(tp.standards) + 1
    assert not any(b.key == f"{key}_save" for b in at.button)  # the dialog closed


def test_a_bad_standard_line_keeps_the_dialog_open_and_changes_nothing(new_app) -> None:  # type: ignore[no-untyped-def]
    at = workshop(new_app)
    tp = journey(at).touchpoints[0]
    before = journey(at)
    ok(fire(at, "journey_map", "edit", tp.id))
    key = f"card_{tp.id}_{at.session_state['editor'].revision}"
    at.text_area(key=f"{key}_standards").input("硬")
    at.button(key=f"{key}_save").click().run()
    ok(at)
    assert journey(at) == before
    errors = [e.value for e in at.error]
    assert any("第 1 行" in e and e.count("行") == 1 for e in errors), errors  # numbered once, by the dialog


def test_plus_after_a_stage_adds_a_card_at_its_end(new_app) -> None:  # type: ignore[no-untyped-def]
    at = workshop(new_app)
    j = journey(at)
    stage = j.stages[0].id
    last = [tp for tp in display_order(j) if j.touchpoint(tp).stage == stage][-1]
    ok(fire(at, "journey_map", "add", stage))
    key = f"add_{stage}_{last}_{at.session_state['editor'].revision}"
    at.text_input(key=f"{key}_line").input("递上一杯水 | 4/4 !peak")
    at.button(key=f"{key}_save").click().run()
    ok(at)
    j2 = journey(at)
    new = next(tp for tp in j2.touchpoints if tp.name == "递上一杯水")
    assert new.stage == stage and new.moments == ["peak"]
    assert (last, new.id) in [(e.source, e.target) for e in j2.edges]
    assert at.session_state["selected_touchpoint"] == new.id


def test_n_adds_after_the_card_the_arrows_reached(new_app) -> None:  # type: ignore[no-untyped-def]
    at = workshop(new_app)
    tp = journey(at).touchpoints[2]
    ok(fire(at, "journey_map", "add_after", tp.id))
    key = f"add__{tp.id}_{at.session_state['editor'].revision}"
    at.text_input(key=f"{key}_line").input("确认需求")
    at.button(key=f"{key}_save").click().run()
    ok(at)
    new = next(x for x in journey(at).touchpoints if x.name == "确认需求")
    assert (tp.id, new.id) in [(e.source, e.target) for e in journey(at).edges]
    assert new.stage == tp.stage


def test_the_persona_is_edited_on_build_and_drawn_on_the_map(new_app) -> None:  # type: ignore[no-untyped-def]
    at = create_from_template(new_app())
    revision = at.session_state["editor"].revision
    at.text_input(key=f"persona_{revision}_name").input("小王").run()
    ok(at)
    assert journey(at).persona is not None and journey(at).persona.name == "小王"
    revision = at.session_state["editor"].revision
    at.text_input(key=f"persona_{revision}_goal").input("十分钟内办完").run()
    ok(at)
    assert (journey(at).persona.name, journey(at).persona.goal) == ("小王", "十分钟内办完")
    at.sidebar.toggle(key="workshop").set_value(True).run()
    assert "小王" in drawn(ok(at), "journey_map")


def test_the_build_page_shows_the_map_in_place_of_the_diagram(new_app) -> None:  # type: ignore[no-untyped-def]
    at = create_from_template(new_app("en"), "business-hall", "en")
    assert diagrams(at)
    at.segmented_control(key="build_view").set_value("map").run()
    ok(at)
    assert component(at, "build_map")
    assert not diagrams(at)
    tp = journey(at).touchpoints[0]
    ok(fire(at, "build_map", "edit", tp.id))
    assert any(b.key and b.key.endswith("_save") and tp.id in b.key for b in at.button)
