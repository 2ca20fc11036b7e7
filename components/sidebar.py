"""The sidebar: language, workshop mode, who is editing (and their account), the open journey, undo and redo."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from journeys.model import Journey
from journeys.store import StoreError
from journeys.words import LANGS
from journeys.workshop import script_session

from .auth import account_panel, can_edit, current_user
from .state import KEY_AUTHOR, KEY_LANG, KEY_WORKSHOP, author, current_editor, get_store, lang, t, when, workshop
from .ui import md, md_t

__all__ = ["export_panel", "sidebar"]

# The projector view: larger type everywhere, and no room lost to padding.
_WORKSHOP_CSS = """
<style>
html, body, [data-testid="stAppViewContainer"] { font-size: 20px; }
[data-testid="stMainBlockContainer"] { padding: 62px 16px 8px; max-width: 100%; }
</style>
"""


def export_panel(journey: Journey, lg: str, *, stored: bool = False) -> None:
    """A download button per export format. Nothing is built until a button is clicked (then in a
    worker thread, from the journey as it was when the page was drawn). The experience script of a
    ``stored`` journey carries its workshop votes, read from the store when the button is clicked."""
    from exports.formats import FORMATS, export  # the exports are imported once a journey is open

    store = get_store() if stored else None

    def build(fmt: str) -> bytes:
        results = None
        if store is not None and FORMATS[fmt].takes_workshop:
            try:
                chosen = script_session(store.workshops(journey.id))
                results = store.workshop_results(chosen.id) if chosen is not None else None
            except StoreError:  # a store gone away: the script without its votes rather than no script
                results = None
        return export(journey, None, fmt, lg, workshop=results)

    def builder(fmt: str) -> Callable[[], bytes]:
        return lambda: build(fmt)

    with st.expander(t("side.export")):
        for name, spec in FORMATS.items():
            st.download_button(spec.label(lg), data=builder(name), file_name=f"{journey.id}.{spec.extension}",
                               mime=spec.mime, key=f"download_{name}", on_click="ignore", width="stretch",
                               icon=":material/download:")


_LANG_SHOWN = "lang_shown"


def _language_kept() -> None:
    """A second click on the chosen language clears the control: the language shown stays."""
    if st.session_state.get(KEY_LANG) is None:
        st.session_state[KEY_LANG] = st.session_state.get(_LANG_SHOWN) or "zh"


def sidebar() -> None:
    lang()  # settles the default language from the browser before any widget reads it
    with st.sidebar:
        st.segmented_control(t("side.language"), options=list(LANGS), format_func=LANGS.__getitem__,
                             key=KEY_LANG, selection_mode="single", on_change=_language_kept)
        st.session_state[_LANG_SHOWN] = st.session_state.get(KEY_LANG)
        editor = current_editor()
        # Workshop mode shows the open journey on the projector, so it is offered once one is open; running
        # a workshop session is the facilitator's.
        if editor is not None and can_edit():
            st.toggle(t("side.workshop"), key=KEY_WORKSHOP, help=t("side.workshop.help"))
        user = current_user()
        if user is None:
            # The name versions are saved under, changed in a popover: the field is drawn only when opened.
            st.session_state.setdefault(KEY_AUTHOR, author())
            with st.popover(md_t("side.author.as", name=st.session_state[KEY_AUTHOR] or "–"),
                            icon=":material/edit:", width="stretch"):
                st.text_input(t("side.author"), key=KEY_AUTHOR)
        else:  # the author of a version is the signed-in person, not a typed name
            st.caption(md_t("side.author.as", name=user[0]))
            account_panel()
        st.divider()
        if editor is None:
            st.caption(t("side.none"))
            return
        st.caption(t("side.open"))
        st.markdown(f"**{md(editor.journey.title)}**")
        st.caption(t("side.based_on", n=editor.based_on) if editor.based_on else t("side.unsaved"))
        if editor.store_error is not None:
            st.warning(md_t("app.store_error", why=editor.store_error.text(lang())), icon=":material/cloud_off:")
        elif editor.draft_saved_at:
            st.caption(t("side.draft", time=when(editor.draft_saved_at)))
        if can_edit():
            undo, redo = st.columns(2)
            if undo.button(t("side.undo"), key="undo", disabled=not editor.undo_stack, width="stretch"):
                editor.undo()
                st.rerun()
            if redo.button(t("side.redo"), key="redo", disabled=not editor.redo_stack, width="stretch"):
                editor.redo()
                st.rerun()
        export_panel(editor.journey, lang(), stored=editor.based_on is not None and editor.store_error is None)
    if workshop():
        st.markdown(_WORKSHOP_CSS, unsafe_allow_html=True)
