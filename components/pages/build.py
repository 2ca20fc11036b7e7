"""Build page: stages, touchpoints, edges and details of the open journey, beside its live diagram.

Quick add takes a whole outline line (``签字确认 | 5/4 !mot @店长``; ``~ NAME`` a side step; ``## NAME`` a
stage) into the stage picked beside it, after the selected touchpoint, which the new one then becomes.
The rows of the touchpoint grid keep their order while they are edited; the detail form keeps what was
typed when another touchpoint is picked; deleting a touchpoint links its predecessors to its successors.
"""

from __future__ import annotations

import streamlit as st

from components import tables
from components.actions import create_action_panel, pruned_notice
from components.auth import can_edit
from components.detail import PENDING, touchpoint_form
from components.diagram import journey_diagram, start_diagram
from components.grid import touchpoint_columns
from components.line_input import line_input
from components.map_board import map_board
from components.outline_panel import outline_tab
from components.stale_draft import stale_draft
from components.state import (
    KEY_SELECTED,
    SELECT_EPOCH,
    current_editor,
    lang,
    select,
    show_flash,
    t,
    unbroken,
    workshop,
)
from components.ui import md, md_t
from journeys.edits import (
    EditError,
    add_stage,
    delete_reconnecting,
    document,
    explain,
    move_stage,
    rebuild,
    update_touchpoint,
)
from journeys.graph import display_order
from journeys.model import Journey
from journeys.outline import OutlineError, add_line

EPOCH = "table_epoch"
GRID_ORDER = "tp_grid_order"
QUICK = "quick_add"
QUICK_STAGE = "quick_stage"
DETAIL_PICK = "detail_pick"
TP_PICK = "tp_pick"
FORM_BASE = "detail_base"  # touchpoint id -> the touchpoint its form was last drawn from
FORM_EPOCH = "detail_epoch"  # touchpoint id -> a number in its widget keys: a new one draws it afresh
SAVED = "detail_saved"
WORKSHOP_CARDS = 8.7  # card columns across the projector (the persona card is one): legible from the back
BUILD_CARDS = 3  # across the Build page's right column
NOTICE = "tp_notice"


def problems_box(section: str) -> None:
    """Explain, next to the table, why the last edit there was not applied: the touchpoint by name, the
    field by its label, in the UI language."""
    problems = st.session_state.get(f"{section}_errors")
    if problems:
        st.error(t("build.not_applied") + "\n\n" + "\n".join(
            f"- {md(explain(p, editor.journey, lang()))}" for p in problems))


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
            before = editor.journey
            if apply(section, lambda h=handler, e=edits: h(e)) and (pruned := pruned_notice(before, editor.journey)):
                st.session_state[NOTICE] = pruned
            st.session_state.pop(key, None)
            # A new widget key shows the table afresh from the journey, applied or not.
            st.session_state[EPOCH] = epoch + 1


def stable_order(journey: Journey, order: list[str]) -> list[str]:
    """The grid's rows: in the order they were shown before (a row whose stage was just changed stays
    where it is), new touchpoints placed after the one they follow in the display order."""
    kept = st.session_state.get(GRID_ORDER)
    if not kept or kept[0] != journey.id:
        rows = list(order)
    else:
        ids = set(order)
        rows = [i for i in kept[1] if i in ids]
        for index, tp_id in enumerate(order):
            if tp_id not in rows:
                before = order[index - 1] if index else None
                rows.insert(rows.index(before) + 1 if before in rows else 0, tp_id)
    st.session_state[GRID_ORDER] = (journey.id, rows)
    return rows


def quick_add(lines: list[str]) -> list[str]:
    """Quick add: each outline line typed, in order, after the selected touchpoint (which each new one then
    becomes), in the stage picked beside it. Returns the lines refused; their errors are shown."""
    errors: list[str] = []
    refused: list[str] = []
    added: list[str] = []
    for text in lines:
        journey = editor.journey
        after, stage = st.session_state.get(KEY_SELECTED), st.session_state.get(QUICK_STAGE)
        try:
            done = add_line(journey, text, after=after if after in {tp.id for tp in journey.touchpoints} else None,
                            stage=stage if stage in {s.id for s in journey.stages} else None)
        except OutlineError as exc:
            errors += [t("outline.typed", text=text, problem=m) for m in exc.messages(lang(), numbered=False)]
            refused.append(text)
            continue
        except EditError as exc:
            errors += [explain(p, journey, lang()) for p in exc.problems]
            refused.append(text)
            continue
        editor.apply(done.journey)
        if done.touchpoint is not None:
            select(done.touchpoint)
            added.append(done.journey.touchpoint(done.touchpoint).name)
        if done.stage is not None:
            pick_stage(done.stage)
    if len(added) == 1:
        st.session_state[NOTICE] = md_t("build.quick_add.added", name=added[0])
    elif added:
        st.session_state[NOTICE] = md_t("build.quick_add.added_many", count=len(added),
                                        names="、".join(added) if lang() == "zh" else ", ".join(added))
    if errors:
        st.session_state["quick_errors"] = errors
    else:
        st.session_state.pop("quick_errors", None)
    return refused


def new_stage() -> None:
    name = (st.session_state.get("new_stage_name") or "").strip()
    if not name:
        return
    try:
        journey, stage_id = add_stage(editor.journey, name)
    except EditError as exc:
        st.session_state["quick_errors"] = [explain(p, editor.journey, lang()) for p in exc.problems]
        return
    editor.apply(journey)
    pick_stage(stage_id)
    st.session_state["new_stage_name"] = ""
    st.session_state[NOTICE] = md_t("build.stage.added", name=name)


def persona_form(journey: Journey) -> None:
    """Who walks the journey: name, goal, description, applied as they are typed (undoable)."""
    persona = journey.persona
    key = f"persona_{editor.revision}"
    name_col, goal_col = st.columns(2)
    name = name_col.text_input(t("build.persona.name"), persona.name if persona else "", key=f"{key}_name")
    goal = goal_col.text_input(t("build.persona.goal"), persona.goal if persona else "", key=f"{key}_goal")
    about = st.text_area(t("build.persona.description"), persona.description if persona else "",
                         key=f"{key}_description", height=90)
    wanted = {"name": name.strip() or None, "goal": goal.strip() or None, "description": about.strip() or None}
    now = {"name": persona.name, "goal": persona.goal, "description": persona.description} if persona else {
        "name": None, "goal": None, "description": None}
    if wanted != now:
        apply("persona", lambda: rebuild({**document(journey),
                                          "persona": wanted if any(wanted.values()) else None}))
        st.rerun()
    problems_box("persona")


def settle_place() -> None:
    """A selection and a quick-add stage that exist in the journey, else the first touchpoint and its stage.

    Checked against the editor's journey as it is now, one run at a time (``unbroken``): a run that
    Streamlit has asked to stop still runs until its next session-state access, and its own copy of the
    journey may lack the touchpoint a newer run's quick add has just selected."""
    with unbroken():
        now = editor.journey
        ids = {tp.id: tp for tp in now.touchpoints}
        if st.session_state.get(KEY_SELECTED) not in ids:
            first = display_order(now)
            select(first[0] if first else None)
        if st.session_state.get(QUICK_STAGE) not in {s.id for s in now.stages}:
            selected = st.session_state.get(KEY_SELECTED)
            pick_stage(ids[selected].stage if selected in ids else now.stages[-1].id)


def pick_stage(stage_id: str | None) -> None:
    """The stage quick add adds to: the server's, like the selection (see ``components.state.select``)."""
    if QUICK_STAGE in st.session_state and st.session_state[QUICK_STAGE] == stage_id:
        return
    st.session_state[QUICK_STAGE] = stage_id
    st.session_state[SELECT_EPOCH] = st.session_state.get(SELECT_EPOCH, 0) + 1


def picker_key(name: str) -> str:
    return f"{name}_{st.session_state.get(SELECT_EPOCH, 0)}"


def picked(name: str, key: str) -> None:
    """A touchpoint was picked (in the picker ``name`` drawn as ``key``): quick add follows it into its stage.

    Only a picker of the current epoch picks. An older one's value can still arrive: once a run has drawn
    its successor, Streamlit drops the old picker's value but keeps its callback, so a browser that has not
    yet redrawn (lines typed faster than the page) sends the old value as if it were a change."""
    with unbroken():
        if key != picker_key(name):
            return
        chosen = st.session_state.get(key)
        if chosen in {tp.id for tp in editor.journey.touchpoints}:
            st.session_state[KEY_SELECTED] = chosen
            pick_stage(editor.journey.touchpoint(chosen).stage)


def stage_picked(key: str) -> None:
    """A stage was picked for quick add (only in the picker of the current epoch, see ``picked``)."""
    with unbroken():
        if key == picker_key(QUICK_STAGE):
            st.session_state[QUICK_STAGE] = st.session_state.get(key)


def step(order: list[str], delta: int) -> None:
    selected = st.session_state.get(KEY_SELECTED)
    if selected in order:
        select(order[max(0, min(len(order) - 1, order.index(selected) + delta))])
        pick_stage(editor.journey.touchpoint(st.session_state[KEY_SELECTED]).stage)


def delete_selected() -> None:
    selected = st.session_state.get(KEY_SELECTED)
    journey = editor.journey
    if selected not in {tp.id for tp in journey.touchpoints}:
        return
    name = journey.touchpoint(selected).name
    try:
        changed, links = delete_reconnecting(journey, selected)
    except EditError as exc:
        st.session_state["tp_table_errors"] = exc.problems
        return
    editor.apply(changed)
    names = {tp.id: tp.name for tp in journey.touchpoints}
    select(None)
    st.session_state[NOTICE] = md_t("build.deleted.links", name=name, links="、".join(
        f"{names[a]} → {names[b]}" for a, b in links)) if links else md_t("build.deleted", name=name)
    if (pruned := pruned_notice(journey, changed)) is not None:
        st.session_state[NOTICE] += " " + pruned


# Sticky on the bar's wrapper: a sticky box stays within its parent, and the bar's own parent is no taller.
# The bar (and the band above it, where the page's header is see-through) hides the form scrolling under
# it with the app's own background, light or dark: every box from the app down to the bar takes its
# parent's (each is see-through otherwise, so nothing else changes).
_STICKY_BAR = """<style>
div:has(> .st-key-detail_bar) { position: sticky; top: 3.75rem; z-index: 5; }
.stApp :has(.st-key-detail_bar), .st-key-detail_bar { background-color: inherit; }
.st-key-detail_bar { padding: 0.25rem 0 0.5rem; border-bottom: 1px solid rgba(128, 128, 128, 0.25); }
.st-key-detail_bar::before { content: ""; position: absolute; left: 0; right: 0; top: -3.75rem; height: 3.75rem;
  background-color: inherit; pointer-events: none; }
</style>"""


def detail_tab(journey: Journey, order: list[str], names: dict[str, str]) -> None:
    """The detail form of the selected touchpoint, with its own picker, previous/next and a save button at
    the top that confirms in place."""
    selected = st.session_state.get(KEY_SELECTED)
    if not selected:
        return
    # The bar stays on the screen while the form scrolls under it: saving is always one click away,
    # and its confirmation shows where the click was.
    bar = st.container(key="detail_bar")
    bar.html(_STICKY_BAR)
    # The buttons as wide as their words in either language; the picker takes the rest of the row.
    row = bar.container(horizontal=True, vertical_alignment="bottom", wrap=False)
    key = picker_key(DETAIL_PICK)
    row.selectbox(t("build.selected"), order, index=order.index(selected) if selected in order else None, key=key,
                  format_func=names.get, on_change=picked, args=(DETAIL_PICK, key))
    at = order.index(selected) if selected in order else 0
    row.button(t("build.prev"), key="detail_prev", on_click=step, args=(order, -1), disabled=at == 0)
    row.button(t("build.next"), key="detail_next", on_click=step, args=(order, 1), disabled=at >= len(order) - 1)
    save = row.button(t("detail.apply"), key="detail_save", type="primary")
    status = bar.empty()
    tp = journey.touchpoint(selected)
    found_here = editor.analysis(lang()).for_touchpoint(selected)
    for finding in found_here:
        st.caption(f"{t('severity.' + finding.severity)} · {md(finding.message)}")
    create_action_panel(editor, found_here, None, key=f"build_act_{selected}")
    bases, epochs = st.session_state.setdefault(FORM_BASE, {}), st.session_state.setdefault(FORM_EPOCH, {})
    pending = st.session_state.setdefault(PENDING, {})
    if selected in bases and bases[selected] != tp:  # changed elsewhere (the grid, undo): drawn afresh
        epochs[selected] = epochs.get(selected, 0) + 1
        pending.pop(selected, None)
    bases[selected] = tp
    shown = tp
    if selected in pending:
        try:
            shown = update_touchpoint(journey, selected, pending[selected]).touchpoint(selected)
        except EditError:
            shown = tp
    problems_box("detail")
    fields = touchpoint_form(shown, f"{selected}_{epochs.get(selected, 0)}")
    try:
        changed = update_touchpoint(journey, selected, fields)
        dirty = changed != journey
    except EditError:
        dirty = True
    if save:
        if apply("detail", lambda: update_touchpoint(journey, selected, fields)):
            bases[selected] = editor.journey.touchpoint(selected)
            st.session_state[SAVED] = (selected, editor.revision)
            st.rerun()
        return
    saved = st.session_state.get(SAVED)
    if dirty:
        status.warning(t("detail.unsaved"))
    elif saved and saved[0] == selected and saved[1] == editor.revision:
        status.success(md_t("detail.saved", name=tp.name))
    for other in [i for i in pending if i != selected]:
        if other in names and _unsaved(journey, other, pending[other]):
            st.caption(md_t("detail.unsaved.here", name=names[other]))
        else:  # nothing kept there: forget it
            pending.pop(other)


def _unsaved(journey: Journey, tp_id: str, held: dict) -> bool:  # type: ignore[type-arg]
    try:
        return update_touchpoint(journey, tp_id, held) != journey
    except EditError:
        return True


editor = current_editor()
if not workshop():
    st.title(t("build.title"))
# Messages come and go in containers of their own: the widgets below keep their place in the page (a
# widget that moved would be drawn afresh, and the field being typed in would lose the focus).
with st.container():
    show_flash()
if editor is None:
    st.info(t("build.need_journey"))
    st.stop()
if not workshop():
    with st.container():
        stale_draft(editor)

pending_table_edits()
lg = lang()
journey = editor.journey
order = editor.cached("order", lambda: display_order(journey))
names = {tp.id: tp.name for tp in journey.touchpoints}
settle_place()

if workshop():  # the projector: the map (which carries the title) fills the screen; a card's dialog edits it
    map_board(editor, lg, per_screen=WORKSHOP_CARDS, editable=can_edit())
    st.stop()
if not can_edit():  # all a viewer sees: nothing to edit
    st.info(t("auth.read_only"))
    st.header(md(journey.title))
    map_board(editor, lg, per_screen=WORKSHOP_CARDS, editable=False)
    journey_diagram(editor, lg, height=560, zoom=None)
    st.stop()

title_col, persona_col = st.columns([4, 1], vertical_alignment="bottom")
new_title = title_col.text_input(t("build.journey_title"), journey.title, key=f"title_{editor.revision}")
if new_title != journey.title:
    apply("title", lambda: rebuild({**document(journey), "title": new_title}))
    st.rerun()
with persona_col.popover(t("build.persona"), icon=":material/person:", width="stretch"):
    persona_form(journey)
with st.container():
    problems_box("title")

left, right = st.columns([11, 9], gap="small")
with right:
    view = st.segmented_control(t("build.view"), ["graph", "map"], default="graph", key="build_view",
                                format_func=lambda v: t(f"build.view.{v}"), label_visibility="collapsed")
draw_diagram = None
if view != "map":
    with right:
        # As wide as their words in either language: one row where they fit, two where they do not.
        tools = st.container(horizontal=True, vertical_alignment="center", gap="xsmall")
        direction = tools.segmented_control(t("build.direction"), ["TB", "LR"], default="TB",
                                           key="diagram_direction", format_func=lambda d: t(f"build.direction.{d}"),
                                           label_visibility="collapsed")
        # 0 fits the journey to the frame; the other sizes scale its natural size.
        fit = t("build.fit")  # read now: the label is formatted outside this run too
        zoom = tools.selectbox(t("build.zoom"), [0.0, 0.5, 0.7, 0.85, 1.0, 1.3], index=0, key="diagram_zoom",
                               format_func=lambda z: f"{z:.0%}" if z else fit,
                               label_visibility="collapsed", width=84)
        show_legend = tools.toggle(t("build.legend"), False, key="diagram_legend")
        # Graphviz works on the diagram while the tables below are built; it is drawn at the end.
        draw_diagram = start_diagram(editor, lg, height=600, direction=direction or "TB",
                                     zoom=zoom or None, min_zoom=0.55, legend=show_legend)

with left:
    stage_names = {s.id: s.name for s in journey.stages}
    where, line = st.columns([1, 3], vertical_alignment="bottom")
    key, stages = picker_key(QUICK_STAGE), list(stage_names)
    where.selectbox(t("build.quick_add.stage"), stages, index=stages.index(st.session_state[QUICK_STAGE]) if (
        st.session_state[QUICK_STAGE] in stages) else 0, key=key, format_func=stage_names.get, on_change=stage_picked,
        args=(key,))
    with where.popover(t("build.stage.add"), width="stretch"):
        st.text_input(t("build.stage.add.name"), key="new_stage_name", on_change=new_stage)
    with line:
        line_input(t("build.quick_add.line"), key=QUICK, on_lines=quick_add, send=t("line_input.send"),
                   waiting=t("line_input.waiting"))
    st.caption(t("build.quick_add.hint"))
    with st.container():  # its own place: the tabs below stay where they are (and on the tab chosen)
        if st.session_state.get("quick_errors"):
            st.error("\n\n".join(md(m) for m in st.session_state["quick_errors"]))
        notice = st.session_state.pop(NOTICE, None)
        if notice:
            st.success(notice)

    tab_tp, tab_detail, tab_edges, tab_stages, tab_outline = st.tabs(
        [t("build.touchpoints"), t("build.details"), t("build.edges"), t("build.stages"), t("outline_app.tab")])
    epoch = st.session_state.get(EPOCH, 0)
    rows = stable_order(journey, order)

    with tab_tp:
        row = st.container(horizontal=True, vertical_alignment="bottom", wrap=False)
        key, selected = picker_key(TP_PICK), st.session_state.get(KEY_SELECTED)
        row.selectbox(t("build.selected"), order, index=order.index(selected) if selected in order else None, key=key,
                      format_func=names.get, on_change=picked, args=(TP_PICK, key),
                      placeholder=t("build.selected.none"))
        row.button(t("build.delete"), key="delete_tp", on_click=delete_selected,
                   disabled=not st.session_state.get(KEY_SELECTED))
        problems_box("tp_table")
        st.session_state["tp_table_order"] = rows
        st.data_editor(
            editor.cached(("tp_frame", tuple(rows)), lambda: tables.touchpoint_frame(journey, rows)),
            key=f"tp_table_{epoch}", num_rows="dynamic", hide_index=True, width="stretch", placeholder="",
            height=min(38 + 35 * (len(rows) + 1), 560),
            column_config=touchpoint_columns(stage_names, lg))

    with tab_detail:
        detail_tab(journey, order, names)

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
    if draw_diagram is None:
        map_board(editor, lg, per_screen=BUILD_CARDS, editable=True, key="build_map")
    else:
        draw_diagram()
