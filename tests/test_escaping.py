"""User text never becomes Markdown, HTML or LaTeX in the app: every page is driven (through AppTest, from
the real entry point) with a journey whose title, stage and touchpoint names, standards, author and
notes are all a nasty string, and every text field Streamlit renders as Markdown must hold it escaped."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

from streamlit.testing.v1 import AppTest

from journeys.model import Journey
from journeys.store import SqliteStore
from tests.lines import component, type_lines

from .test_app import BUILD, JOURNEYS, VERSIONS, WEAK, new_from, ok, table_epoch
from .test_words import COMPARE, fields_of, protos

NASTY = "[x](https://evil) :red[a] $$x$$ **b** <b>h</b> # h"
"""A link, a colour directive, a formula, emphasis, a raw tag and a heading, if any of it is interpreted."""
UNESCAPED = ("[x](https://evil)", ":red[", "$$", "**b**", "<b>")
"""What the string shows only when it reached Markdown unescaped (escaped, each mark is preceded by ``\\``)."""

# The fields Streamlit renders as Markdown (checked in a browser for 1.67): bodies of Markdown, headings,
# alerts, toasts, metrics and st.html; every label and help text (widgets, buttons, metrics, expanders,
# tabs, popovers); a metric's delta; radio options and captions; segmented-control and pill options.
# Select boxes, multiselects, inputs' values and placeholders, tables and charts show plain text.
MARKDOWN_FIELDS = {"body", "label", "help", "delta", "title", "captions", "content", "selected_content"}
MARKDOWN_OPTIONS = {"Radio"}


def nasty_journey(version: int = 1) -> Journey:
    """A small valid journey whose every text a person typed is :data:`NASTY` (version 2 adds a touchpoint)."""
    standard = {"text": NASTY, "kind": "hard", "dimension": "reliability",
                "target": {"metric": NASTY, "op": "<=", "value": 5, "unit": "min"}}
    touchpoints = [
        {"id": "greet", "stage": "arrive", "name": f"{NASTY} 1", "owner": NASTY, "customer_action": NASTY,
         "moments": ["mot"], "standards": [standard], "expectations": [{"id": "e1", "text": NASTY}],
         "script": [NASTY], "wow": NASTY},
        {"id": "queue", "stage": "arrive", "name": f"{NASTY} 2", "moments": ["pain"],
         "emotion": {"expected": 4, "perceived": 2, "period": NASTY}},
        {"id": "counter", "stage": "serve", "name": f"{NASTY} 3", "moments": ["end"]},
    ]
    edges = [{"from": "greet", "to": "queue", "label": NASTY}, {"from": "queue", "to": "counter"}]
    if version > 1:
        touchpoints.append({"id": "farewell", "stage": "serve", "name": f"{NASTY} 4"})
        edges.append({"from": "counter", "to": "farewell"})
    return Journey.model_validate({
        "format": "mot-journey/1", "id": "nasty", "title": NASTY,
        "stages": [{"id": "arrive", "name": f"{NASTY} A"}, {"id": "serve", "name": f"{NASTY} B"}],
        "touchpoints": touchpoints, "edges": edges,
    })


def store_nasty(path: Path | str) -> SqliteStore:
    """The nasty journey in the store at ``path``: two versions, saved by a nasty author with a nasty note."""
    store = SqliteStore(path)
    store.save(nasty_journey(1), based_on=None, author=NASTY, note=NASTY)
    store.save(nasty_journey(2), based_on=1, author=NASTY, note=NASTY)
    return store


def markdown_texts(at: AppTest) -> Iterator[tuple[str, str, str]]:
    """(element, field, text) for every text of the page that Streamlit renders as Markdown."""
    for proto in protos(at):
        for owner, name, text in fields_of(proto):
            if name in MARKDOWN_FIELDS or (name == "options" and owner in MARKDOWN_OPTIONS):
                yield owner, name, text


def unescaped(at: AppTest) -> list[tuple[str, str, str]]:
    """The Markdown texts of the page that hold a part of :data:`NASTY` as Markdown would read it."""
    return [(owner, name, text[:120]) for owner, name, text in markdown_texts(at)
            if any(mark in text for mark in UNESCAPED)]


def reached(at: AppTest) -> bool:
    """Whether the nasty text is shown at all (escaped) in a Markdown place of the page."""
    return any(r"\[x\]\(https\://evil\)" in text for _, _, text in markdown_texts(at))


def open_nasty(new_app: Callable[..., AppTest], store_path: Path) -> AppTest:
    store_nasty(store_path)
    at = new_app("zh")
    at.session_state["author"] = NASTY
    ok(at.run())
    at.radio(key="journey_pick").set_value("nasty").run()
    at.button(key="journey_open").click().run()
    return ok(at)


def check(at: AppTest) -> None:
    ok(at)
    assert unescaped(at) == []


def test_every_page_shows_a_nasty_journey_only_escaped(new_app: Callable[..., AppTest], store_path: Path) -> None:
    at = open_nasty(new_app, store_path)
    for page in (JOURNEYS, BUILD, WEAK, VERSIONS, COMPARE):
        at.switch_page(page).run()
        check(at)
        assert reached(at), page  # the sidebar names the open journey: the walk sees the nasty text
    # Every tab of the build page, the detail tab included, is drawn on each run; then the projector view.
    at.switch_page(BUILD).run()
    at.session_state["workshop"] = True
    check(at.run())
    # The projector's map: the title goes to the page as text (textContent), the names into the SVG escaped.
    data = json.loads(component(at, "journey_map").proto.json)
    assert data["title"] == at.session_state["editor"].journey.title
    assert "<b>h</b>" not in data["svg"] and "&lt;b&gt;h&lt;/b&gt;" in data["svg"]


def test_the_created_and_duplicated_messages_escape_the_title(new_app: Callable[..., AppTest],
                                                              store_path: Path) -> None:
    at = open_nasty(new_app, store_path)
    at.switch_page(JOURNEYS).run()
    at.button(key="journey_duplicate").click().run()
    check(at)
    assert at.success and reached(at)
    new_from(at, "blank")
    at.text_input(key="blank_title").input(NASTY).run()
    at.button(key="blank_create").click().run()
    check(at)
    assert any(r"\*\*b\*\*" in s.value for s in at.success)


def test_the_save_conflict_escapes_the_other_author(new_app: Callable[..., AppTest], store_path: Path) -> None:
    at = open_nasty(new_app, store_path)
    type_lines(at, "quick_add", NASTY)
    # Someone else (with a nasty name) saves while this edit is open.
    SqliteStore(store_path).save(nasty_journey(1), based_on=2, author=NASTY, note=NASTY)
    at.switch_page(VERSIONS).run()
    at.button(key="version_save").click().run()
    check(at)
    assert any(r"\$\$x\$\$" in w.value for w in at.warning)
    at.button(key="conflict_copy").click().run()
    check(at)
    assert at.success


def test_a_refused_edit_explains_itself_escaped(new_app: Callable[..., AppTest], store_path: Path) -> None:
    at = open_nasty(new_app, store_path)
    # An id the model refuses: the problem quotes what was typed.
    at.session_state[f"tp_table_{table_epoch(at)}"] = {
        "edited_rows": {}, "added_rows": [{"id": NASTY, "name": NASTY}], "deleted_rows": []}
    check(at.run())
    assert any(r"\<b\>" in e.value for e in at.error)


def test_the_check_finds_markdown_made_of_user_text() -> None:
    """The check above can fail: unescaped user text in an alert, a label, a radio option or a tab is found."""
    def page(text: str) -> None:
        import streamlit as st

        st.warning(text)
        st.radio("r", [text], key="r")
        st.tabs([text])
        st.selectbox("s", [text], key="s")  # plain text: not a finding

    at = AppTest.from_function(page, args=(NASTY,), default_timeout=30).run()
    found = {(owner, name) for owner, name, _ in unescaped(at)}
    assert found == {("Alert", "body"), ("Radio", "options"), ("Tab", "label")}


def test_the_nasty_journey_is_valid_and_nasty() -> None:
    journey = nasty_journey(2)
    assert journey.title == NASTY and len(journey.touchpoints) == 4
    assert journey.touchpoints[0].standards[0].text == NASTY
