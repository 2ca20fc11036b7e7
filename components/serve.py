"""Serve the app: ``python -m components.serve run app.py [streamlit options]``, what ``mot app`` runs.

Streamlit imports nothing of an app until the first browser connects, so the first person to open the
page waits for the app's modules, its validating models and the template catalogue on top of the page
itself. This launcher loads them first, in the server's own process, then starts Streamlit's server as
``streamlit run`` would, so the first page does not pay for them."""

from __future__ import annotations

import contextlib
import sys


def preload() -> None:
    """Import what the first page (Journeys) draws with, and read the template catalogue."""
    # What Streamlit itself imports lazily on our first page: the page icon's image helpers (numpy,
    # PIL), and the emoji table it checks a non-ASCII label against (the language switcher's "中文").
    import streamlit.elements.lib.image_utils
    import streamlit.emojis  # noqa: F401

    import components.auth
    import components.outline_panel
    import components.sidebar
    import components.state  # noqa: F401
    from journeys import catalog

    catalog.list_templates()


def main() -> None:
    # A module that fails to load is reported where it matters: on the page that needs it.
    with contextlib.suppress(Exception):
        preload()
    from streamlit.web.cli import main as streamlit_main

    streamlit_main(args=sys.argv[1:], prog_name="streamlit")


if __name__ == "__main__":
    main()
