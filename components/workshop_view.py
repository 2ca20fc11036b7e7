"""The live workshop on screen: the join link and its QR code, the projector (live) and the apply dialog.

Everything a page shows comes from the store on every run (two app servers share it: the phones may
vote on one and the projector watch on the other); nothing about a session lives in process memory.
The projector is a fragment that asks the store for the session's cheap stamp (participants, votes,
last vote time) every :data:`REFRESH_S` seconds and computes the results again only when it changed.
"""

from __future__ import annotations

import html
import io
import ipaddress
import os
import socket
from collections.abc import Callable
from typing import Any
from urllib.parse import quote, urlsplit

import streamlit as st

from journeys.accounts import is_loopback
from journeys.model import Journey
from journeys.store import ConflictError
from journeys.workshop import Results, Session, WorkshopError, apply, proposal, results

from .state import Editor, author, flash, get_store, lang, t
from .ui import md, md_t

__all__ = [
    "PUBLIC_URL",
    "REFRESH_S",
    "VOTE_PATH",
    "apply_dialog",
    "join_url",
    "loopback_only",
    "projector",
    "qr_png",
    "server_join_url",
    "session_results",
]

PUBLIC_URL = "MOT_PUBLIC_URL"
"""The environment variable ``mot app --public-url`` sets: the address phones reach the app at."""
VOTE_PATH = "vote"
"""The voting page's URL path: the one page open without signing in (:data:`components.auth.OPEN_PAGES`)."""
REFRESH_S = 1.0
"""How often the projector asks the store whether a vote came in: a vote shows within 2 s."""
_APPLY = "workshop_apply_open"
_PROJECTOR = "workshop_projector"


def _lan_address() -> str:
    """This machine's address on its network (the one a default route leaves by); no packet is sent."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("10.255.255.255", 1))
            return str(probe.getsockname()[0])
        except OSError:
            return "127.0.0.1"


def join_url(code: str, *, public: str | None, address: str | None, port: int, base_path: str = "",
             lan: str | None = None) -> str:
    """The link a phone opens to join: ``public`` (``mot app --public-url``) when set, else the address the
    server is bound to (this machine's network address when bound to every interface), then the voting
    page with the code.

    >>> join_url("AB3DEF9H", public="https://room.example/mot/", address="0.0.0.0", port=8501)
    'https://room.example/mot/vote?code=AB3DEF9H'
    >>> join_url("AB3DEF9H", public=None, address="0.0.0.0", port=8501, lan="192.168.1.20")
    'http://192.168.1.20:8501/vote?code=AB3DEF9H'
    >>> join_url("AB3DEF9H", public=None, address="fe80::1", port=80, base_path="/mot")
    'http://[fe80::1]:80/mot/vote?code=AB3DEF9H'
    """
    if public:
        base = public.rstrip("/")
    else:
        host = address or ""
        if host in ("", "0.0.0.0", "::"):
            host = lan or _lan_address()
        try:
            if ipaddress.ip_address(host).version == 6:
                host = f"[{host}]"
        except ValueError:
            pass  # a host name
        path = "/" + base_path.strip("/") if base_path.strip("/") else ""
        base = f"http://{host}:{port}{path}"
    return f"{base}/{VOTE_PATH}?code={quote(code)}"


def server_join_url(code: str) -> str:
    """:func:`join_url` for this server (its options and ``MOT_PUBLIC_URL``)."""
    return join_url(code, public=os.environ.get(PUBLIC_URL) or None, address=st.get_option("server.address"),
                    port=int(st.get_option("server.port")), base_path=st.get_option("server.baseUrlPath") or "")


@st.cache_data(max_entries=32, show_spinner=False)
def qr_png(url: str) -> bytes:
    """The QR code of ``url`` as a PNG (segno), big enough to scan from the back of a room."""
    import segno

    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="png", scale=10, border=2)
    return out.getvalue()


def session_results(session: Session) -> Results:
    store = get_store()
    return results(session, store.workshop_participants(session.id), store.workshop_votes(session.id))


def _readable(url: str) -> str:
    """The link as shown under the QR code: without the scheme, so it reads at a glance."""
    parts = urlsplit(url)
    return url[len(parts.scheme) + 3:] if parts.scheme else url


def _curve_spec(journey: Journey, res: Results, lg: str) -> dict[str, Any]:
    from exports.charts import workshop_curve

    return dict(workshop_curve(journey, res, lg, width=820, height=270).to_dict(validate=False))


def _projector_body(session: Session, res: Results, curve: Callable[[], dict[str, Any]]) -> None:
    """The projector's elements; ``curve`` gives the chart's spec, asked for only once the counts are
    drawn (Streamlit sends each element as it is made: the counts are on screen while the chart builds)."""
    url = server_join_url(session.code)
    left, right = st.columns([1, 3], gap="medium")
    with left:
        st.image(qr_png(url), width=230)
        st.html(f'<div class="mot-join-code" style="font:700 44px/1.1 monospace;letter-spacing:.06em">'
                f'{html.escape(session.code)}</div><div style="font-size:15px;word-break:break-all">'
                f'{html.escape(_readable(url))}</div>')
        joined, votes = st.columns(2)
        joined.metric(t("projector.joined"), res.participants)
        votes.metric(t("projector.votes"), res.votes)
    with right:
        st.vega_lite_chart(curve(), width="stretch", height=400, theme=None, key=f"projector_curve_{session.id}")
        pains, comments = st.columns(2)
        with pains:
            st.markdown(f"**{t('projector.pain')}**")
            marked = res.most_pain(3)
            lines = [md_t("projector.pain.row", name=tp.name, n=tp.pain) for tp in marked]
            st.markdown("  \n".join(lines) if lines else t("projector.pain.none"))
        with comments:
            st.markdown(f"**{t('projector.comments')}**")
            names = dict(session.touchpoints)
            latest = res.latest_comments(3)
            lines = [f"{md(names.get(c.touchpoint, c.touchpoint))}: {md(c.text)}" for c in latest]
            st.markdown("  \n".join(lines) if lines else t("projector.comments.none"))


def projector(session: Session, journey: Journey) -> None:
    """The projector view of an open session, redrawn by itself when a vote comes in.

    Between votes a poll costs one cheap read: the results are kept with the session's stamp, and the
    curve's spec with them, for the language and the journey's own scores it was made for. Building the
    Altair chart takes a few hundred milliseconds of the server's time (more on a busy machine), which
    the phones' reruns wait behind; it is built again only when one of those moved, and after the counts
    are on screen."""

    @st.fragment(run_every=REFRESH_S)
    def live() -> None:
        store = get_store()
        seen = (session.id, store.workshop_stamp(session.id))
        kept = st.session_state.get(_PROJECTOR)
        if kept is None or kept[0] != seen:
            current = store.workshop(session.id) or session
            kept = (seen, current, session_results(current), {})
            st.session_state[_PROJECTOR] = kept
        _, current, res, specs = kept
        if not current.open:
            st.rerun()  # closed on another server: the whole page shows the results
        lg = lang()
        own = tuple((tp.id, tp.perceived) for tp in journey.touchpoints)  # all the curve reads of the journey

        def curve() -> dict[str, Any]:
            if (lg, own) not in specs:
                specs.clear()
                specs[(lg, own)] = _curve_spec(journey, res, lg)
            return specs[(lg, own)]

        _projector_body(current, res, curve)

    live()


def _score(value: float | None) -> str:
    return "–" if value is None else f"{value:g}"


def _apply(editor: Editor, session: Session) -> None:
    res = session_results(session)
    plan = proposal(editor.journey, res)
    names = {tp.id: tp.name for tp in editor.journey.touchpoints}
    if plan.changes:
        st.markdown(t("workshop_app.apply.scores"))
        st.dataframe([{t("workshop_app.col.touchpoint"): change.name,
                       t("workshop_app.apply.col.field"): t(f"chart.{change.field}"),
                       t("workshop_app.apply.col.old"): _score(change.old),
                       t("workshop_app.apply.col.new"): _score(change.new), "n": change.n}
                      for change in plan.changes], hide_index=True, width="stretch", key="apply_changes")
    else:
        st.info(t("workshop_app.apply.no_scores"))
    picked: set[str] = set()
    if plan.candidates:
        st.markdown(t("workshop_app.apply.comments"))
        for i, comment in enumerate(plan.candidates):
            key = "workshop_app.apply.comment_pain" if comment.pain else "workshop_app.apply.comment"
            if st.checkbox(md_t(key, name=names.get(comment.touchpoint, comment.touchpoint), text=comment.text),
                           key=f"apply_expectation_{i}"):
                picked.add(comment.id)
    pains: set[str] = set()
    if plan.pains:
        st.markdown(t("workshop_app.apply.pains"))
        for tp_id, marks in plan.pains:
            if st.checkbox(md_t("workshop_app.apply.pain", name=names.get(tp_id, tp_id), n=marks),
                           key=f"apply_pain_{tp_id}"):
                pains.add(tp_id)
    if editor.dirty:
        st.warning(t("workshop_app.apply.unsaved"))
    note = st.text_input(t("workshop_app.apply.note"), value=t("workshop_app.apply.note.default", code=session.code),
                         key="apply_note")
    save, cancel = st.columns(2)
    if cancel.button(t("workshop_app.apply.cancel"), key="apply_cancel", width="stretch"):
        _close()
        st.rerun()
    if save.button(t("workshop_app.apply.save"), key="apply_save", type="primary", width="stretch"):
        try:
            changed = apply(editor.journey, res, expectations=picked, pains=pains)
        except WorkshopError as exc:
            st.error(exc.text(lang()))
            return
        editor.apply(changed)  # undoable, and the draft keeps it whatever the save below meets
        _close()
        try:
            info = get_store().save(editor.journey, based_on=editor.based_on, author=author(), note=note,
                                    draft=editor.draft_key)
        except ConflictError as exc:
            st.session_state[f"save_conflict:{editor.id}"] = exc.latest  # the Versions page offers the way out
            flash(t("workshop_app.apply.conflict"), "warning")
        else:
            editor.saved(info.number)
            flash(t("workshop_app.apply.saved", n=info.number))
        st.rerun()


def _close() -> None:
    st.session_state.pop(_APPLY, None)


def apply_dialog(editor: Editor, session: Session, *, open_now: bool) -> None:
    """The "Apply to the journey" dialog: every change shown, comments and pain marks to tick, a note;
    saved as a new version only on its button."""
    if open_now:
        st.session_state[_APPLY] = session.id
    if st.session_state.get(_APPLY) == session.id:
        st.dialog(t("workshop_app.apply.title"), width="large", on_dismiss=_close)(_apply)(editor, session)


def loopback_only() -> bool:
    """Whether phones cannot reach this server (it listens on this machine only)."""
    return is_loopback(st.get_option("server.address")) and not os.environ.get(PUBLIC_URL)
