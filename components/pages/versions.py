"""Versions page: save a numbered version, see the history with its weak points, restore, and resolve
a save conflict without losing anyone's work."""

from __future__ import annotations

import streamlit as st

from components.auth import can_edit
from components.stale_draft import stale_draft
from components.state import author, current_editor, flash, get_store, open_journey, show_flash, t, version_counts, when
from components.ui import md_t
from journeys.store import ConflictError

# The version a refused save of journey {id} met: kept per journey, so a conflict left on one journey
# is never shown on another.
CONFLICT = "save_conflict:{id}"


def finding_counts(journey_id: str, version: int) -> str:
    counts = version_counts(journey_id, version)
    return f"{counts['critical']} / {counts['warning']} / {counts['info']}"


def save(note: str) -> None:
    try:
        info = store.save(editor.journey, based_on=editor.based_on, author=author(), note=note,
                          draft=editor.draft_key)
    except ConflictError as exc:
        st.session_state[CONFLICT.format(id=editor.id)] = exc.latest
        return
    editor.saved(info.number)
    st.session_state.pop(CONFLICT.format(id=editor.id), None)
    flash(t("versions.saved", n=info.number))


editor = current_editor()
st.title(t("versions.title"))
show_flash()
if editor is None:
    st.info(t("build.need_journey"))
    st.stop()
stale_draft(editor)

store = get_store()
editing = can_edit()  # viewers read the history; only facilitators save and restore
note = st.text_input(t("versions.note"), key="version_note") if editing else ""
if editing and st.button(t("versions.save"), key="version_save", type="primary"):
    save(note)
    st.rerun()

latest = st.session_state.get(CONFLICT.format(id=editor.id))
if latest is not None and editor.based_on is not None and editor.based_on >= latest:
    # The edit was carried onto the version that clashed (or saved since): no conflict is left to resolve.
    st.session_state.pop(CONFLICT.format(id=editor.id), None)
    latest = None
if latest is not None:
    who = store.history(editor.id)[-1].author
    st.warning(md_t("versions.conflict", who=who, n=latest))
    reload, copy = st.columns(2)
    if reload.button(t("versions.reload"), key="conflict_reload", width="stretch"):
        editor.discard_draft()
        open_journey(editor.id)
        st.session_state.pop(CONFLICT.format(id=editor.id), None)
        st.rerun()
    if copy.button(t("versions.save_copy"), key="conflict_copy", width="stretch"):
        info = store.save_copy(editor.journey, store.free_id(editor.id), author=author(),
                               note=note or t("versions.save_copy"))
        editor.discard_draft()  # the edit lives on in the copy; the journey keeps everyone else's drafts
        st.session_state.pop(CONFLICT.format(id=editor.id), None)
        open_journey(info.journey_id)
        flash(md_t("versions.copied", id=info.journey_id))
        st.rerun()

st.subheader(t("versions.history"))
if not store.exists(editor.id):
    st.info(t("versions.not_in_store"))
    st.stop()
history = store.history(editor.id)
st.dataframe(
    [{t("versions.col.n"): v.number, t("versions.col.time"): when(v.saved_at), t("versions.col.author"): v.author,
      t("versions.col.note"): v.note, t("versions.col.findings"): finding_counts(editor.id, v.number)}
     for v in reversed(history)],
    hide_index=True, key="history_table", width="stretch",
)
if not editing:
    st.stop()
pick, restore = st.columns([3, 2], vertical_alignment="bottom")
chosen = pick.selectbox(t("versions.pick"), [v.number for v in reversed(history)], key="restore_pick",
                        format_func=lambda n: f"v{n}")
if restore.button(t("versions.restore"), key="restore", help=t("versions.restore.help"), width="stretch"):
    if editor.dirty and editor.journey != store.load(editor.id).journey:
        save(t("versions.safety_note", n=chosen))
        if CONFLICT.format(id=editor.id) in st.session_state:
            st.rerun()
    old = store.load(editor.id, chosen).journey
    info = store.save(old, based_on=store.latest_number(editor.id), author=author(),
                      note=t("versions.restore_note", n=chosen))
    editor.apply(old)
    editor.saved(info.number)
    editor.discard_draft()
    flash(t("versions.restored", n=chosen, m=info.number))
    st.rerun()
