"""Session state in one place: the keys, the open journey's editor, the store and cached analysis.

The :class:`Editor` holds the journey being edited, the store version it is based on, undo and redo
stacks and a revision counter. Every change goes through :meth:`Editor.apply`, which keeps the old
journey for undo and autosaves the working draft, so a closed tab or a restarted server loses nothing.
A draft belongs to a person (:func:`person`) and a browser tab (:func:`tab`, kept in the URL as
``?tab=…`` so a reload is the same tab): two sessions never write over each other's unsaved edit.
Derived views (analysis, diagram) are cached per revision: a rerun that changes nothing recomputes
nothing.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import secrets
import threading
import weakref
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

import streamlit as st

from journeys.formatting import local_time, zone
from journeys.model import Journey
from journeys.store import Draft, JourneyStore, StoreError, default_author, default_store_location, open_store
from journeys.words import lang_of
from journeys.words import t as word

if TYPE_CHECKING:  # the analysis (networkx, numpy) is imported when first needed: a faster cold start
    from journeys.analysis import Analysis

__all__ = [
    "KEY_AUTHOR",
    "KEY_EDITOR",
    "KEY_FLASH",
    "KEY_LANG",
    "KEY_SELECTED",
    "KEY_TAB",
    "KEY_TODAY",
    "KEY_WORKSHOP",
    "SELECT_EPOCH",
    "UNDO_LIMIT",
    "Editor",
    "author",
    "counts_later",
    "current_day",
    "current_editor",
    "flash",
    "get_store",
    "lang",
    "my_drafts",
    "open_journey",
    "person",
    "select",
    "show_flash",
    "t",
    "tab",
    "unbroken",
    "version_counts",
    "when",
    "workshop",
]

KEY_LANG = "lang"
KEY_WORKSHOP = "workshop"
KEY_AUTHOR = "author"
KEY_EDITOR = "editor"
# The selected touchpoint belongs to the server, not to a widget: the pickers that show it are keyed by
# SELECT_EPOCH, which every change the app makes itself moves on. A picker value a browser sends from
# before such a change (lines typed faster than the page redraws) is then an old widget's, never a pick.
KEY_SELECTED = "selected_touchpoint"
SELECT_EPOCH = "select_epoch"
KEY_FLASH = "flash"
KEY_TAB = "tab"
UNDO_LIMIT = 100

T = TypeVar("T")

# Each edit validates a whole journey: thousands of short-lived objects. In a server process whose heap
# already holds Streamlit, pandas and every session, the default collector thresholds rescan that heap
# over and over (an edit at 300 touchpoints went from 5 ms to 35 ms). Objects alive at start-up are
# moved out of the collector's way and young collections happen less often; cycles are still collected.
gc.freeze()
gc.set_threshold(50_000, 20, 20)


@st.cache_resource
def _store(location: str) -> JourneyStore:
    return open_store(location)


def _count(store: JourneyStore, journey_id: str, version: int, today: dt.date) -> dict[str, int]:
    from journeys.analysis import analyze

    result = analyze(store.load(journey_id, version).journey, today=today)
    return {severity: result.count(severity) for severity in ("critical", "warning", "info")}


# Versions never change: their counts are kept for good, shared by every page and session, and counted
# in a thread of their own so that a page listing many journeys is shown before they are all counted.
_COUNTING = ThreadPoolExecutor(max_workers=1, thread_name_prefix="counts")
# Keyed by the day too: an action becomes overdue overnight, and so the version's count changes.
_COUNTS: dict[tuple[str, str, int, dt.date], Future[dict[str, int]]] = {}
_COUNTS_GUARD = threading.Lock()


def _counts_job(journey_id: str, version: int) -> Future[dict[str, int]]:
    today = dt.date.today()
    key = (default_store_location(), journey_id, version, today)
    with _COUNTS_GUARD:
        job = _COUNTS.get(key)
        if job is None or (job.done() and job.exception() is not None):  # a failure is tried again
            job = _COUNTS[key] = _COUNTING.submit(_count, get_store(), journey_id, version, today)
    return job


def version_counts(journey_id: str, version: int) -> dict[str, int]:
    """Findings per severity of one stored version (waiting for them); cached for good."""
    return _counts_job(journey_id, version).result()


def counts_later(journey_id: str, version: int) -> Future[dict[str, int]]:
    """The findings per severity of one stored version, as a future: done at once when counted before,
    else counted in the background from now (see :func:`version_counts`)."""
    return _counts_job(journey_id, version)


def count_latest_versions() -> int:
    """Start counting the latest version of every stored journey in the background (the Journeys page
    lists them with their weak points); returns how many journeys. The server calls this as it starts, so
    the counts are ready by the time the first browser has loaded the page."""
    rows = get_store().list_journeys()
    for row in rows:
        _counts_job(row.id, row.versions)
    return len(rows)


def get_store() -> JourneyStore:
    """The store named by ``MOT_STORE`` (a SQLite file or a PostgreSQL URL; else the per-user default),
    opened once per process."""
    return _store(default_store_location())


KEY_TODAY = "today"
"""A day the session is pinned to (a :class:`datetime.date`); not set, it is the date today."""


def current_day() -> dt.date:
    """The day the app checks against: an improvement action due before it and not done is overdue."""
    day = st.session_state.get(KEY_TODAY)
    return day if isinstance(day, dt.date) else dt.date.today()


def lang() -> str:
    """The UI language: the user's choice, else Chinese when the browser asks for it."""
    if KEY_LANG not in st.session_state:
        st.session_state[KEY_LANG] = lang_of(st.context.locale)
    return st.session_state[KEY_LANG]


def t(key: str, *, count: float | None = None, **params: Any) -> str:
    """The app's word ``key`` (:mod:`journeys.words`) in the session's language."""
    return word(key, lang(), count=count, **params)


def when(stamp: str | None) -> str:
    """A stored time in the browser's time zone (the server's when the browser gives none)."""
    return local_time(stamp, zone(st.context.timezone))


def workshop() -> bool:
    return bool(st.session_state.get(KEY_WORKSHOP, False))


def author() -> str:
    """Who saves: the signed-in person when someone is signed in, else the name typed in the sidebar."""
    from .auth import current_user  # the gate reads this module's words: imported late, no cycle

    user = current_user()
    return user[0] if user else st.session_state.get(KEY_AUTHOR) or default_author()


def person() -> str:
    """Whose drafts this session writes and is offered: the one place that says who is working. The
    signed-in person; in single-user mode (loopback, no users) the name typed as the author."""
    return author()


def tab() -> str:
    """This browser tab's id: kept in the session and in the URL (``?tab=…``) so a reload is the same
    tab; created when missing."""
    current = st.session_state.get(KEY_TAB) or st.query_params.get(KEY_TAB) or secrets.token_urlsafe(6)
    st.session_state[KEY_TAB] = current
    if st.query_params.get(KEY_TAB) != current:
        st.query_params[KEY_TAB] = current
    return current


def flash(message: str, kind: str = "success") -> None:
    """A message to show once, after the next rerun."""
    st.session_state[KEY_FLASH] = (kind, message)


def show_flash() -> None:
    kind, message = st.session_state.pop(KEY_FLASH, (None, None))
    if message:
        getattr(st, kind)(message)


@dataclass
class Editor:
    """The open journey and its in-session history."""

    journey: Journey
    based_on: int | None
    person: str = ""
    tab: str = ""
    undo_stack: list[Journey] = field(default_factory=list)
    redo_stack: list[Journey] = field(default_factory=list)
    revision: int = 0
    draft_saved_at: str | None = None
    store_error: StoreError | None = None
    """Why the last draft could not be written, while the store cannot be reached."""
    last_svg: dict[Any, bytes | None] = field(default_factory=dict)
    _cache: dict[Any, Any] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return self.journey.id

    @property
    def dirty(self) -> bool:
        """Whether there are changes not saved as a version."""
        return bool(self.undo_stack) or self.draft_saved_at is not None

    def apply(self, journey: Journey) -> None:
        """Make ``journey`` the current state: undoable, autosaved as the draft."""
        if journey == self.journey:
            return
        self.undo_stack.append(self.journey)
        del self.undo_stack[:-UNDO_LIMIT]
        self.redo_stack.clear()
        self._set(journey)

    def undo(self) -> None:
        if self.undo_stack:
            self.redo_stack.append(self.journey)
            self._set(self.undo_stack.pop())

    def redo(self) -> None:
        if self.redo_stack:
            self.undo_stack.append(self.journey)
            self._set(self.redo_stack.pop())

    def _set(self, journey: Journey) -> None:
        self.journey = journey
        self.revision += 1
        self._cache.clear()
        self._keep_draft(journey, self.based_on)

    def _keep_draft(self, journey: Journey, based_on: int | None) -> None:
        """Write the draft. A store that cannot be reached (a server gone away) leaves the edit here, in
        the session, and says so (:attr:`store_error`); the next edit or save once it is back writes it."""
        try:
            self.draft_saved_at = get_store().save_draft(journey, based_on=based_on, person=self.person,
                                                         tab=self.tab, author=author())
        except StoreError as exc:
            self.store_error = exc
        else:
            self.store_error = None

    @property
    def draft_key(self) -> tuple[str, str]:
        """Whose draft this editor writes: ``(person, tab)``."""
        return self.person, self.tab

    def saved(self, number: int) -> None:
        """The current journey was saved as version ``number`` (the store dropped this editor's draft)."""
        self.based_on = number
        self.draft_saved_at = None
        self.store_error = None

    def rebase(self, journey: Journey, based_on: int) -> None:
        """Carry the edit onto version ``based_on``: ``journey`` (the merge) is the new, undoable state,
        and the draft now names that version."""
        self.based_on = based_on
        if journey == self.journey:
            self._keep_draft(journey, based_on)
        else:
            self.apply(journey)

    def discard_draft(self) -> None:
        """Drop this editor's draft, and only it."""
        get_store().discard_draft(self.id, *self.draft_key)
        self.draft_saved_at = None

    def cached(self, key: Any, compute: Callable[[], T]) -> T:
        """``compute()`` once per revision and ``key``."""
        if key not in self._cache:
            self._cache[key] = compute()
        return self._cache[key]

    def analysis(self, lang: str, today: dt.date | None = None) -> Analysis:
        """The open journey's analysis in ``lang`` as of ``today`` (default: the date today), once per
        revision, language and day (a session left open past midnight sees its actions fall overdue)."""
        from journeys.analysis import analyze

        day = today or current_day()
        return self.cached(("analysis", lang, day), lambda: analyze(self.journey, lang, day))


class _SessionLock:
    def __init__(self) -> None:
        self.lock = threading.RLock()


_SESSION_LOCKS: weakref.WeakValueDictionary[str, _SessionLock] = weakref.WeakValueDictionary()
_SESSION_LOCKS_GUARD = threading.Lock()
_KEY_LOCK = "_session_lock"  # holds the session's lock for as long as the session lives


@contextlib.contextmanager
def unbroken() -> Iterator[None]:
    """Run a callback's block whose session-state reads and writes must all land, or none, and never
    beside another run's.

    A new interaction does not wait for the run it interrupts: Streamlit asks the old run to stop, starts a
    new one at once on the same session state, and the old one stops at its next ``st.session_state``
    access, which inside a callback abandons the callback right there. A fast typist's line could so be
    applied to the journey while its touchpoint was never selected, or two runs' callbacks could place two
    lines after the same touchpoint. Inside this block the session's runs take turns (a lock per session),
    and the stop checks are off, so a block started always finishes."""
    from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx
    from streamlit.runtime.state.session_state_proxy import get_session_state

    ctx = get_script_run_ctx()
    state = get_session_state()
    look = state._yield_callback
    object.__setattr__(state, "_yield_callback", lambda: None)
    try:
        with _SESSION_LOCKS_GUARD:
            held = _SESSION_LOCKS.get(ctx.session_id) if ctx else None
            if held is None:
                held = _SessionLock()
                if ctx:
                    _SESSION_LOCKS[ctx.session_id] = held
                    st.session_state[_KEY_LOCK] = held
        with held.lock:
            yield
    finally:
        object.__setattr__(state, "_yield_callback", look)


def select(tp_id: str | None) -> None:
    """Make ``tp_id`` the selected touchpoint; the pickers showing the selection are drawn afresh (only when
    it changes: a picker someone is opening stays open)."""
    if KEY_SELECTED in st.session_state and st.session_state[KEY_SELECTED] == tp_id:
        return
    st.session_state[KEY_SELECTED] = tp_id
    st.session_state[SELECT_EPOCH] = st.session_state.get(SELECT_EPOCH, 0) + 1


def current_editor() -> Editor | None:
    tab()
    return st.session_state.get(KEY_EDITOR)


def my_drafts(journey_id: str) -> list[Draft]:
    """This person's drafts of a journey (one per tab they edited it in), newest first."""
    return get_store().drafts(journey_id, person())


def open_journey(journey_id: str, draft: Draft | None = None) -> Editor:
    """Open a stored journey in this tab: ``draft`` (one of :func:`my_drafts`) when given, else the
    latest version. A draft written in another tab moves to this one: that tab, if still open, writes
    its own again on its next edit, so nothing is lost and no draft is kept twice."""
    store = get_store()
    me, here = person(), tab()
    if draft is not None:
        editor = Editor(draft.journey, draft.based_on, me, here, draft_saved_at=draft.saved_at)
        if draft.draft_key != (me, here):
            editor.draft_saved_at = store.save_draft(draft.journey, based_on=draft.based_on, person=me, tab=here,
                                                     author=draft.author)
            store.discard_draft(journey_id, draft.person, draft.tab)
        flash(t("versions.draft_restored", time=when(draft.saved_at)), "info")
    else:
        version = store.load(journey_id)
        editor = Editor(version.journey, version.info.number, me, here)
    previous = current_editor()
    if previous is not None:
        # Widgets are keyed by revision: a fresh count would hand the new journey the old one's inputs.
        editor.revision = previous.revision + 1
    st.session_state[KEY_EDITOR] = editor
    select(None)
    return editor
