"""The participant's page, on a phone: join a live workshop with its code and a display name, then score
the session's touchpoints one screen each. The one page open without signing in.

Who the participant is lives in the URL (``?code=…&p=TOKEN``, plus the session id once joined, so a
closed session can say so): a reload keeps the person, and only the token the store handed out at the
join changes that person's votes. Nothing but the session's touchpoint names is shown.
"""

from __future__ import annotations

import streamlit as st

from components.state import get_store, lang, t
from components.ui import md, md_t
from journeys.workshop import MAX_NAME, MAX_TEXT, Participant, Session, Vote, WorkshopError, normal_code

SCORES = [1, 2, 3, 4, 5]

# A phone's screen: no sidebar (nor its arrow), tap targets of at least 48 px, type that reads at arm's length.
_PHONE_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"],
[data-testid="stSidebarNav"] { display: none !important; }
[data-testid="stMainBlockContainer"] { padding: 40px 16px 24px; }
[data-testid="stMain"] button { min-height: 48px; font-size: 18px; }
[data-testid="stButtonGroup"] [role="radiogroup"] { display: flex; width: 100%; }
[data-testid="stButtonGroup"] button { flex: 1 1 0; min-width: 48px; min-height: 52px; }
[data-testid="stButtonGroup"] p { font-size: 20px; }
[data-testid="stCheckbox"] label { min-height: 48px; align-items: center; }
[data-testid="stTextInput"] input { min-height: 48px; font-size: 17px; }
"""


def ask_code(wrong: str | None = None) -> None:
    """The code field (a link without its code, or a wrong one), then stop."""
    if wrong:
        st.error(md_t("vote.unknown_code", code=wrong))
    with st.form("vote_code_form", border=False, enter_to_submit=False):
        typed = st.text_input(t("vote.code"), help=t("vote.code.help"), max_chars=20, key="vote_code")
        if st.form_submit_button(t("vote.code.go"), key="vote_code_go", type="primary", width="stretch"):
            st.query_params.clear()
            st.query_params["code"] = normal_code(typed)
            st.rerun()
    st.stop()


def ask_name(session: Session) -> None:
    """The display name, then the join; stops the page."""
    with st.form("vote_join_form", border=False, enter_to_submit=False):
        name = st.text_input(t("vote.name"), help=t("vote.name.help"), max_chars=MAX_NAME, key="vote_name")
        if st.form_submit_button(t("vote.join"), key="vote_join", type="primary", width="stretch"):
            try:
                _, token = get_store().join_workshop(session.id, name)
            except WorkshopError as exc:
                st.error(exc.text(lang()))
            else:
                st.query_params.update({"code": session.code, "s": session.id, "p": token})
                st.rerun()
    st.stop()


def own_votes(session: Session, me: Participant) -> dict[str, Vote]:
    return {v.touchpoint: v for v in get_store().workshop_votes(session.id) if v.participant_id == me.id}


def thanks(session: Session, mine: dict[str, Vote]) -> None:
    st.success(t("vote.thanks"))
    st.caption(t("vote.thanks.change"))
    st.markdown(f"**{t('vote.mine')}**")
    lines = []
    for tp_id, name in session.touchpoints:
        vote = mine.get(tp_id)
        said = t("vote.mine.none") if vote is None or vote.perceived is None else str(vote.perceived)
        if vote is not None and vote.pain:
            said += f" · {t('vote.mine.pain')}"
        lines.append(f"{md(name)}: {said}")
    st.markdown("  \n".join(lines))
    if st.button(t("vote.again"), key="vote_again", width="stretch"):
        st.session_state[STEP] = 0
        st.rerun()


def _move(session_id: str, token: str, tp_id: str, step: int, vote: Vote | None, by: int) -> None:
    """Previous or next (the submit button's callback, so the vote is cast and the next screen drawn in the
    same run: one run per tap, not two): cast the vote if the screen changed it, then move ``by`` screens."""
    before = (vote.perceived, vote.expected, vote.pain, vote.text) if vote else (None, None, False, "")
    state = st.session_state
    perceived, expected, pain, text = (state.get(f"vote_{field}_{step}", was) for field, was in
                                       zip(("perceived", "expected", "pain", "text"), before, strict=True))
    said = (perceived, expected, bool(pain), str(text or "").strip())
    if said != before:
        try:
            get_store().cast_vote(session_id, token, tp_id, perceived=said[0], expected=said[1], pain=said[2],
                                  text=said[3])
        except WorkshopError as exc:
            state[REFUSED] = exc.text(lang())
            return
    state[STEP] = step + by


def screen(session: Session, step: int, mine: dict[str, Vote]) -> None:
    """One touchpoint: the scores, the pain mark and a line of text; previous or next casts the vote."""
    tp_id, name = session.touchpoints[step]
    count = len(session.touchpoints)
    st.progress(step / count, text=t("vote.progress", i=step + 1, n=count))
    st.header(md(name), anchor=False)
    vote = mine.get(tp_id)
    refused = st.session_state.pop(REFUSED, None)
    if refused:
        st.error(refused)
    # Keyed by the step: coming back to a touchpoint shows the own vote the store holds.
    with st.form(f"vote_form_{step}", border=False, enter_to_submit=False):
        st.segmented_control(t("vote.perceived"), SCORES, default=vote.perceived if vote else None,
                             key=f"vote_perceived_{step}", width="stretch")
        st.segmented_control(t("vote.expected"), SCORES, default=vote.expected if vote else None,
                             key=f"vote_expected_{step}", width="stretch")
        st.toggle(t("vote.pain"), value=vote.pain if vote else False, key=f"vote_pain_{step}")
        st.text_input(t("vote.text"), value=vote.text if vote else "", max_chars=MAX_TEXT, key=f"vote_text_{step}")
        with st.container(horizontal=True):
            st.form_submit_button(t("vote.previous"), key="vote_previous", disabled=step == 0, width="stretch",
                                  on_click=_move, args=(session.id, token, tp_id, step, vote, -1))
            last = step == count - 1
            st.form_submit_button(t("vote.finish" if last else "vote.next"), key="vote_next", type="primary",
                                  width="stretch", on_click=_move, args=(session.id, token, tp_id, step, vote, 1))


st.set_page_config(layout="centered", initial_sidebar_state="collapsed")
st.markdown(_PHONE_CSS, unsafe_allow_html=True)
st.caption(t("vote.title"))
store = get_store()
params = st.query_params
code = normal_code(params.get("code", ""))
if not code:
    ask_code()
found = store.workshop_by_code(code)
if found is None:
    known = store.workshop(params["s"]) if params.get("s") else None
    if known is not None and known.code == code and not known.open:
        st.info(t("vote.closed"))
        st.stop()
    ask_code(code)
assert found is not None
session: Session = found
token = params.get("p", "")
me = store.participant_by_token(session.id, token) if token else None
if me is None:
    if token:
        st.warning(t("vote.unknown_token"))
    ask_name(session)
assert me is not None
if me.name:
    st.caption(md_t("vote.joined_as", name=me.name))
STEP = f"vote_step:{me.id}"
REFUSED = "vote_refused"  # why the store refused the last vote (a closed session), shown on the screen
mine = own_votes(session, me)
if STEP not in st.session_state:  # a reload: on from the first touchpoint not scored yet
    st.session_state[STEP] = next((i for i, (tp, _) in enumerate(session.touchpoints) if tp not in mine),
                                  len(session.touchpoints))
step = max(0, min(st.session_state[STEP], len(session.touchpoints)))
if step == len(session.touchpoints):
    thanks(session, mine)
else:
    screen(session, step, mine)
