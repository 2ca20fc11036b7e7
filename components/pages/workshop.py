"""Live workshop page (facilitators): start a session on the open journey, show the projector (QR code,
join code, link, the room's curve as it comes in), close it, see and download the results, apply them to
the journey as a new version, and anonymise or delete the participants."""

from __future__ import annotations

import streamlit as st

from components.auth import require_role
from components.state import author, current_editor, get_store, lang, show_flash, t, when, workshop
from components.ui import md_t
from components.workshop_view import apply_dialog, loopback_only, projector, session_results
from journeys.workshop import NAME_DAYS, Session

editor = current_editor()
if not workshop():
    st.title(t("workshop_app.title"))
show_flash()
if editor is None:
    st.info(t("build.need_journey"))
    st.stop()
require_role("facilitator")
store = get_store()
if not store.exists(editor.id):
    st.info(t("workshop_app.need_saved"))
    st.stop()
lg = lang()

sessions = store.workshops(editor.id)
current = next((s for s in sessions if s.open), None)
if current is None:
    st.caption(t("workshop_app.intro"))
    if loopback_only():
        st.warning(t("workshop_app.loopback"))
    if st.button(t("workshop_app.start"), key="workshop_start", type="primary"):
        order = editor.analysis(lg).order_of(editor.journey)
        names = {tp.id: tp.name for tp in editor.journey.touchpoints}
        store.start_workshop(editor.id, editor.based_on, [(tp, names[tp]) for tp in order], author())
        st.rerun()
else:
    projector(current, editor.journey)
    if st.button(t("workshop_app.close"), key="workshop_close", type="primary"):
        store.close_workshop(current.id)
        st.session_state["workshop_session"] = current.id
        st.rerun()

closed = [s for s in sessions if not s.open]
if not closed:
    st.stop()


def label(session: Session) -> str:
    return t("workshop_app.session", code=session.code, time=when(session.started_at), who=session.started_by)


st.divider()
st.subheader(t("workshop_app.results"))
ids = [s.id for s in closed]
if st.session_state.get("workshop_session") not in ids:
    st.session_state["workshop_session"] = ids[0]
by_id = {s.id: s for s in closed}
chosen = by_id[st.selectbox(t("workshop_app.sessions"), ids, format_func=lambda i: label(by_id[i]),
                            key="workshop_session")]
res = session_results(chosen)
st.dataframe([{
    t("workshop_app.col.touchpoint"): tp.name, t("workshop_app.col.n"): tp.n,
    t("workshop_app.col.perceived"): None if tp.perceived_mean is None else round(tp.perceived_mean, 2),
    t("workshop_app.col.spread"): "–" if tp.perceived_min is None else
    f"{tp.perceived_min}–{tp.perceived_max}" + ("" if tp.perceived_sd is None else f" ({tp.perceived_sd:.2f})"),
    t("workshop_app.col.expected_n"): tp.expected_n,
    t("workshop_app.col.expected"): None if tp.expected_mean is None else round(tp.expected_mean, 2),
    t("workshop_app.col.pain"): tp.pain, t("workshop_app.col.comments"): len(tp.comments),
} for tp in res.touchpoints], hide_index=True, width="stretch", key="workshop_results")

download, apply_col = st.columns(2)


def xlsx() -> bytes:
    from exports.workshop import results_xlsx

    return results_xlsx(res, lg)


download.download_button(t("workshop_app.download.xlsx"), data=xlsx, file_name=f"{editor.id}-{chosen.code}.xlsx",
                         mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                         key="workshop_xlsx", on_click="ignore", width="stretch", icon=":material/download:")
wanted = apply_col.button(t("workshop_app.apply"), key="workshop_apply", type="primary", width="stretch")
apply_dialog(editor, chosen, open_now=wanted)

with st.expander(t("workshop_app.privacy")):
    st.caption(t("workshop_app.privacy.help", days=NAME_DAYS))
    st.caption(t("workshop_app.participants", count=res.participants))
    if st.button(t("workshop_app.anonymise"), key="workshop_anonymise"):
        st.success(t("workshop_app.anonymised", count=store.anonymise_workshop(chosen.id)))
    sure = st.checkbox(t("workshop_app.delete.confirm"), key="workshop_delete_sure")
    if st.button(t("workshop_app.delete"), key="workshop_delete", disabled=not sure):
        st.success(md_t("workshop_app.deleted", count=store.delete_workshop_participants(chosen.id)))
