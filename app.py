"""The MOT Journey Designer app: navigation over the pages in components/pages, nothing else."""

from __future__ import annotations

from pathlib import Path

import streamlit as st
import streamlit.delta_generator

from components.auth import gate, nav_position
from components.sidebar import sidebar
from components.state import lang, t, workshop
from components.ui import md_t
from components.workshop_view import VOTE_PATH
from journeys.store import StoreError

# Before a process's first element Streamlit walks the whole call stack, reading every frame's source and
# resolving every loaded module's path, to warn when it runs in a REPL; under `streamlit run` it never
# does, and the walk costs the first page a third of a second and more the more modules are loaded.
if hasattr(streamlit.delta_generator, "_use_warning_has_been_displayed"):
    streamlit.delta_generator._use_warning_has_been_displayed = True

PAGES = Path(__file__).resolve().parent / "components" / "pages"
# Served by the app itself: a Material icon would make the browser fetch it from Google's font servers.
FAVICON = Path(__file__).resolve().parent / "components" / "static" / "favicon.png"

# In workshop mode the map fills the projector: the sidebar folds away (its arrow brings it back).
st.set_page_config(page_title=t("app.title"), page_icon=str(FAVICON), layout="wide",
                   initial_sidebar_state="collapsed" if workshop() else "auto")
page = st.navigation([
    st.Page(PAGES / "journeys.py", title=t("nav.journeys"), icon=":material/library_books:", default=True),
    st.Page(PAGES / "build.py", title=t("nav.build"), icon=":material/construction:"),
    st.Page(PAGES / "weak_points.py", title=t("nav.weak"), icon=":material/crisis_alert:"),
    st.Page(PAGES / "actions.py", title=t("nav.actions"), icon=":material/task_alt:"),
    st.Page(PAGES / "versions.py", title=t("nav.versions"), icon=":material/history:"),
    st.Page(PAGES / "compare.py", title=t("nav.compare"), icon=":material/compare_arrows:"),
    st.Page(PAGES / "workshop.py", title=t("nav.workshop"), icon=":material/groups:"),
    # The participants' page, reached by the join link (a phone, no account): never in the page list.
    st.Page(PAGES / "vote.py", title=t("nav.vote"), url_path=VOTE_PATH, visibility="hidden"),
], position=nav_position())
notice = st.empty()  # at the top of the page, where a store that cannot be used is said
try:
    if gate(page):
        sidebar()
        page.run()
except StoreError as exc:
    # The store cannot be reached or used (a server gone away, a locked or damaged file): say so in one
    # line. The session, and the edit in it, stays: saving again once the store is back keeps it.
    notice.error(md_t("app.store_error", why=exc.text(lang())), icon=":material/cloud_off:")
