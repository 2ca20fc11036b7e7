"""Actions page: the journey's improvement actions by status, overdue ones marked against today, filtered
by owner; edit or delete one; counts per status at the top."""

from __future__ import annotations

import streamlit as st

from components.actions import action_form, actions_overview, status_metrics
from components.auth import can_edit
from components.state import current_day, current_editor, lang, show_flash, t
from journeys.vocab import ACTION_STATUSES, label

editor = current_editor()
st.title(t("actions.title"))
show_flash()
if editor is None:
    st.info(t("build.need_journey"))
    st.stop()

lg, today = lang(), current_day()
journey = editor.journey
actions = journey.actions
st.caption(t("actions.intro") + " · " + t("actions.today", date=today.isoformat()))
if not actions:
    st.info(t("actions.none"))
    st.stop()

status_metrics(actions, today)

# Filters: statuses (open and doing by default: what still needs doing) and one owner, or everyone.
filters = st.columns([3, 2])
statuses = filters[0].multiselect(t("actions.filter.status"), list(ACTION_STATUSES), default=["open", "doing"],
                                  format_func=lambda s: label(s, lg), key="actions_status",
                                  placeholder=t("actions.filter.all"))
owners = sorted({a.owner for a in actions if a.owner})
NOBODY = ""
owner_names = {None: t("actions.filter.all"), **{o: o for o in owners}, NOBODY: t("actions.no_owner")}
owner = filters[1].selectbox(t("actions.filter.owner"), list(owner_names), key="actions_owner",
                             format_func=owner_names.__getitem__)
shown = [a for a in actions if (not statuses or a.status in statuses)
         and (owner is None or (a.owner or NOBODY) == owner)]
# Overdue first, then by due date (none last), then as in the file.
shown.sort(key=lambda a: (not a.is_overdue(today), a.due is None, a.due or today))

if not shown:
    st.info(t("actions.none_shown"))
    st.stop()
st.dataframe(actions_overview(journey, shown, today), hide_index=True, width="stretch", key="actions_table")

if can_edit():
    ids = [a.id for a in shown]
    titles = {a.id: a.title for a in shown}
    chosen = st.selectbox(t("actions.edit"), ids, format_func=titles.__getitem__, key="actions_pick")
    action = next(a for a in actions if a.id == chosen)
    if action_form(editor, action, key="actions_form"):
        st.rerun()
