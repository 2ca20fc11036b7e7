"""The panel shown while the open draft is based on an older version than the latest: it says so and
offers to compare, to carry the edit onto the latest (:func:`journeys.merge.merge`, a choice per clash)
or to discard the draft."""

from __future__ import annotations

import json
from typing import Any

import streamlit as st

from components.state import Editor, flash, get_store, open_journey, t
from components.ui import md_t
from journeys.merge import Clash, merge
from journeys.words import has

__all__ = ["stale_draft"]

CARRY = "stale_carry"
COMPARE_PAGE = "components/pages/compare.py"


def _value(value: Any) -> str:
    if value is None or value == [] or value == "":
        return t("drafts.removed")
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _clash_label(clash: Clash, names: dict[str, str]) -> str:
    item = names.get(clash.key, clash.key) if clash.key else t("drafts.the_journey")
    field = t("drafts.whole") if clash.field is None else (
        t(f"field.{clash.field}") if has(f"field.{clash.field}") else clash.field)
    return md_t("drafts.clash", item=item, field=field)


def stale_draft(editor: Editor) -> None:
    """Say when ``editor``'s draft is based on an older version, and offer what to do about it."""
    store = get_store()
    latest = store.latest_number(editor.id)
    if editor.draft_saved_at is None or editor.based_on is None or latest is None or latest == editor.based_on:
        return
    st.warning(md_t("drafts.stale", n=editor.based_on, m=latest, who=store.history(editor.id)[-1].author))
    compare, carry, discard = st.columns(3)
    if compare.button(t("drafts.compare"), key="stale_compare", width="stretch"):
        st.switch_page(COMPARE_PAGE)
    if carry.button(t("drafts.carry", m=latest), key="stale_carry_button", width="stretch"):
        st.session_state[CARRY] = True
    if discard.button(t("drafts.discard"), key="stale_discard", width="stretch"):
        editor.discard_draft()
        open_journey(editor.id)
        st.session_state.pop(CARRY, None)
        flash(t("drafts.discarded", m=latest), "info")
        st.rerun()
    if not st.session_state.get(CARRY):
        return
    base, theirs = store.load(editor.id, editor.based_on).journey, store.load(editor.id, latest).journey
    names = {tp.id: tp.name for j in (theirs, editor.journey) for tp in j.touchpoints}
    clashes = merge(base, editor.journey, theirs).clashes
    choices: dict[str, Any] = {}
    if clashes:
        st.caption(t("drafts.clashes", count=len(clashes), n=len(clashes)))
    for i, clash in enumerate(clashes):
        labels = [md_t("drafts.keep_mine", value=_value(clash.mine)),
                  md_t("drafts.take_theirs", value=_value(clash.theirs))]
        pick = st.radio(_clash_label(clash, names), range(2), key=f"stale_clash_{i}", format_func=labels.__getitem__)
        choices[clash.id] = "theirs" if pick == 1 else "mine"
    if st.button(t("drafts.carry_apply", m=latest), key="stale_carry_apply", type="primary"):
        editor.rebase(merge(base, editor.journey, theirs, choices).journey, latest)
        st.session_state.pop(CARRY, None)
        flash(t("drafts.carried", m=latest))
        st.rerun()
