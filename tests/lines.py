"""Typing into the app's one-line entries (``components.line_input``) under AppTest, and the Build page's
pickers.

AppTest has no handle on a custom component, so this sends what the browser sends: the field's state value
holding every line not yet acknowledged, numbered, as the widget state of the next run."""

from __future__ import annotations

import json

from streamlit.proto.WidgetStates_pb2 import WidgetState
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import UnknownElement

NONCE = "apptest"


def line_field(at: AppTest, key: str) -> UnknownElement:
    """The one-line entry (or another custom component) with ``key`` on the page drawn last (AssertionError
    when there is none)."""
    for node in at._tree:
        if isinstance(node, UnknownElement) and node.type == "bidi_component" and node.key == key:
            return node
    raise AssertionError(f"no line field {key!r} on the page")


def picker(at: AppTest, name: str):  # type: ignore[no-untyped-def]
    """The Build page's picker ``name`` (``tp_pick``, ``detail_pick``, ``quick_stage``): keyed by the
    selection's epoch, as the app draws it afresh whenever it moves the selection itself."""
    epoch = at.session_state.get("select_epoch") or 0
    return at.selectbox(key=f"{name}_{epoch}")


def has_line_field(at: AppTest, key: str) -> bool:
    try:
        line_field(at, key)
    except AssertionError:
        return False
    return True


def component(at: AppTest, key: str) -> UnknownElement:
    """The custom component mounted with ``key`` on the page drawn last (AssertionError when there is none)."""
    return line_field(at, key)


def fire(at: AppTest, key: str, event: str, value: object) -> AppTest:
    """Send the component ``key``'s ``event`` with ``value``, as its JavaScript's ``setTriggerValue`` does,
    and run."""
    from streamlit.runtime.state.session_state import STREAMLIT_INTERNAL_KEY_PREFIX

    field = component(at, key)
    events = f"{STREAMLIT_INTERNAL_KEY_PREFIX}_{field.proto.id}__events"
    states = at._tree.get_widget_states()
    kept = [w for w in states.widgets if w.id != events]
    del states.widgets[:]
    states.widgets.extend(kept)
    states.widgets.append(WidgetState(id=events, json_trigger_value=json.dumps([{"event": event, "value": value}])))
    return at._run(states)


def type_lines(at: AppTest, key: str, *texts: str, pending: tuple[str, ...] = (),
               stale: tuple[WidgetState, ...] = ()) -> AppTest:
    """Type each of ``texts`` and Enter, all before the server has run once (as a fast typist does), and
    run. ``pending`` are lines sent before and not acknowledged, sent again as the browser does; ``stale``
    are widget states of widgets a run has since replaced, which a browser that has not redrawn yet still
    sends."""
    field = line_field(at, key)
    done = at.session_state.get(f"{key}__done") or {}
    seq = done.get("seq", 0) if done.get("nonce") == NONCE else 0
    start = seq - len(pending)
    lines = [{"seq": start + n + 1, "text": text} for n, text in enumerate((*pending, *texts))]
    states = at._tree.get_widget_states()
    kept = [w for w in states.widgets if w.id != field.proto.id]
    del states.widgets[:]
    states.widgets.extend(kept)
    states.widgets.extend(stale)
    states.widgets.append(WidgetState(id=field.proto.id,
                                      json_value=json.dumps({"lines": {"nonce": NONCE, "lines": lines}})))
    return at._run(states)
