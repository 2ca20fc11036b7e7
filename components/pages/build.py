"""Build page: stages, touchpoints, edges and details of the open journey, beside its live diagram."""

from __future__ import annotations

import streamlit as st

from components import tables
from components.auth import can_edit
from components.detail import touchpoint_form
from components.diagram import journey_diagram, show_curve, start_diagram
from components.grid import touchpoint_columns
from components.outline_panel import outline_tab
from components.stale_draft import stale_draft
from components.state import KEY_SELECTED, current_editor, lang, show_flash, t, workshop
from components.ui import md
from journeys.edits import EditError, delete_touchpoints, document, insert_after, move_stage, rebuild, update_touchpoint
from journeys.graph import display_order

EPOCH = "table_epoch"


def problems_box(section: str) -> None:
    """Explain, next to the table, why the last edit there was not applied."""
    problems = st.session_state.get(f"{section}_errors")
    if problems:
        # A path names fields and positions (never typed text); a message may quote what was typed.
        st.error(t("build.not_applied") + "\n\n" + "\n".join(
            f"- `{p.path}`: {md(p.message)}" if p.path else f"- {md(p.message)}" for p in problems))


def apply(section: str, change) -> bool:  # type: ignore[no-untyped-def]
    """Apply an edit to the open journey; on a refused edit keep the journey and explain why."""
    try:
        editor.apply(change())
    except EditError as exc:
        st.session_state[f"{section}_errors"] = exc.problems
        return False
    st.session_state.pop(f"{section}_errors", None)
    return True


def pending_table_edits() -> None:
    """Edits made in a table since the last run, applied before anything is drawn from the journey."""
    epoch = st.session_state.get(EPOCH, 0)
    handlers = {
        "tp_table": lambda e: tables.apply_touchpoint_edits(editor.journey, st.session_state["tp_table_order"], e),
        "edge_table": lambda e: tables.apply_edge_edits(editor.journey, e),
        "stage_table": lambda e: tables.apply_stage_edits(editor.journey, e),
    }
    for section, handler in handlers.items():
        key = f"{section}_{epoch}"
        edits = st.session_state.get(key)
        if tables.has_edits(edits):
            apply(section, lambda h=handler, e=edits: h(e))
            st.session_state.pop(key, None)
            # A new widget key shows the table afresh from the journey, applied or not.
            st.session_state[EPOCH] = epoch + 1


def quick_add() -> None:
    name = st.session_state.get("quick_add", "").strip()
    if not name:
        return
    after = st.session_state.get(KEY_SELECTED)
    if after not in {tp.id for tp in editor.journey.touchpoints}:
        after = None
    try:
        journey, new_id = insert_after(editor.journey, after, name, owner=None)
    except EditError as exc:
        st.session_state["tp_table_errors"] = exc.problems
        return
    editor.apply(journey)
    st.session_state[KEY_SELECTED] = new_id
    st.session_state["quick_add"] = ""


editor = current_editor()
if not workshop():
    st.title(t("build.title"))
show_flash()
if editor is None:
    st.info(t("build.need_journey"))
    st.stop()
if not workshop():
    stale_draft(editor)

pending_table_edits()
lg = lang()
journey = editor.journey
order = editor.cached("order", lambda: display_order(journey))
names = {tp.id: tp.name for tp in journey.touchpoints}
if st.session_state.get(KEY_SELECTED) not in names:
    st.session_state[KEY_SELECTED] = order[0] if order else None

if workshop() or not can_edit():  # the projector view; and all a viewer sees: nothing to edit
    if not can_edit():
        st.info(t("auth.read_only"))
    st.header(md(journey.title))
    journey_diagram(editor, lg, height=760 if workshop() else 560, zoom=None)
    show_curve(editor, lg)
    st.stop()

new_title = st.text_input(t("build.journey_title"), journey.title, key=f"title_{editor.revision}")
if new_title != journey.title:
    apply("title", lambda: rebuild({**document(journey), "title": new_title}))
    st.rerun()
problems_box("title")

left, right = st.columns([1, 1], gap="medium")
with right:
    head, turn, size = st.columns([3, 3, 2], vertical_alignment="center")
    head.markdown(f"**{t('build.diagram')}**")
    direction = turn.segmented_control(t("build.direction"), ["LR", "TB"], default="LR", key="diagram_direction",
                                       format_func=lambda d: t(f"build.direction.{d}"), label_visibility="collapsed")
    zoom = size.selectbox(t("build.zoom"), [0.5, 0.7, 0.85, 1.0, 1.3], index=1, key="diagram_zoom",
                          format_func=lambda z: f"{z:.0%}", label_visibility="collapsed")
    # Graphviz works on the diagram while the tables below are built; it is drawn at the end.
    draw_diagram = start_diagram(editor, lg, direction=direction or "LR", zoom=zoom)

with left:
    tab_tp, tab_detail, tab_edges, tab_stages, tab_outline = st.tabs(
        [t("build.touchpoints"), t("build.details"), t("build.edges"), t("build.stages"), t("outline_app.tab")])
    epoch = st.session_state.get(EPOCH, 0)
    stage_names = {s.id: s.name for s in journey.stages}

    with tab_tp:
        pick, add = st.columns(2)
        pick.selectbox(t("build.selected"), order, key=KEY_SELECTED, format_func=names.get)
        add.text_input(t("build.quick_add"), key="quick_add", on_change=quick_add)
        problems_box("tp_table")
        st.session_state["tp_table_order"] = order
        st.data_editor(
            editor.cached("tp_frame", lambda: tables.touchpoint_frame(journey, order)),
            key=f"tp_table_{epoch}", num_rows="dynamic", hide_index=True, width="stretch", placeholder="",
            height=min(38 + 35 * (len(order) + 1), 560),
            column_config=touchpoint_columns(stage_names, lg))
        selected = st.session_state.get(KEY_SELECTED)
        if selected and st.button(t("build.delete"), key="delete_tp"):
            apply("tp_table", lambda: delete_touchpoints(journey, [selected]))
            st.rerun()

    with tab_detail:
        selected = st.session_state.get(KEY_SELECTED)
        if selected:
            tp = journey.touchpoint(selected)
            st.markdown(f"**{t('build.selected')}**: {md(tp.name)}")
            for finding in editor.analysis(lg).for_touchpoint(selected):
                st.caption(f"{t('severity.' + finding.severity)} · {md(finding.message)}")
            problems_box("detail")
            fields = touchpoint_form(tp, f"{selected}_{editor.revision}")
            if fields is not None and apply("detail", lambda: update_touchpoint(journey, selected, fields)):
                st.rerun()
            problems_box("detail")

    with tab_edges:
        problems_box("edge_table")
        st.data_editor(
            editor.cached("edge_frame", lambda: tables.edge_frame(journey)),
            key=f"edge_table_{epoch}", num_rows="dynamic", hide_index=True, width="stretch", placeholder="",
            column_config={
                "from": st.column_config.SelectboxColumn(t("col.from"), options=order, format_func=names.get,
                                                         required=True),
                "to": st.column_config.SelectboxColumn(t("col.to"), options=order, format_func=names.get,
                                                       required=True),
                "label": st.column_config.TextColumn(t("col.label")),
                "share": st.column_config.NumberColumn(t("col.share"), min_value=0.0, max_value=1.0, step=0.05),
            })

    with tab_stages:
        problems_box("stage_table")
        st.data_editor(
            tables.stage_frame(journey), key=f"stage_table_{epoch}", num_rows="dynamic", hide_index=True,
            placeholder="", width="stretch",
            column_config={"id": st.column_config.TextColumn(t("col.id"), disabled=True, width="small"),
                           "name": st.column_config.TextColumn(t("build.stage.name"), required=True)})
        stage, up, down = st.columns([3, 1, 1], vertical_alignment="bottom")
        moving = stage.selectbox(t("col.stage"), list(stage_names), format_func=stage_names.get, key="stage_pick")
        if up.button(t("build.stage.up"), key="stage_up", width="stretch"):
            apply("stage_table", lambda: move_stage(journey, moving, -1))
            st.rerun()
        if down.button(t("build.stage.down"), key="stage_down", width="stretch"):
            apply("stage_table", lambda: move_stage(journey, moving, 1))
            st.rerun()

    with tab_outline:
        outline_tab(editor)

with right:
    draw_diagram()
