"""Serve the app: ``python -m components.serve run app.py [streamlit options]``, what ``mot app`` runs.

Streamlit imports nothing of an app until the first browser connects, so the first person to open the
page waits for the app's modules, its validating models and the template catalogue on top of the page
itself. This launcher loads them first, in the server's own process, then starts Streamlit's server as
``streamlit run`` would, so the first page does not pay for them. It also starts counting the weak points of
every stored journey's latest version in the background, which the Journeys page lists."""

from __future__ import annotations

import contextlib
import sys


def preload() -> None:
    """Import what the first page (Journeys) draws with, and read the template catalogue."""
    # What Streamlit itself imports lazily on our first page: the page icon's image helpers (numpy,
    # PIL and the image plugins it identifies the icon with), the emoji table it checks a non-ASCII
    # label against (the language switcher's "中文") and the icon names it checks icons against.
    import PIL.Image
    import streamlit.elements.lib.image_utils
    import streamlit.emojis
    import streamlit.material_icon_names  # noqa: F401

    PIL.Image.preinit()

    import components.auth
    import components.outline_panel
    import components.sidebar
    import components.state
    import components.workshop_view
    import journeys.analysis  # noqa: F401  (the weak-point counts the Journeys page lists)
    from journeys import catalog

    catalog.list_templates()
    # Counted in the background while the server starts and the first browser loads the page's scripts.
    components.state.count_latest_versions()


def main() -> None:
    # A module that fails to load is reported where it matters: on the page that needs it.
    with contextlib.suppress(Exception):
        preload()
    from streamlit.web.cli import main as streamlit_main

    streamlit_main(args=sys.argv[1:], prog_name="streamlit")


if __name__ == "__main__":
    main()
