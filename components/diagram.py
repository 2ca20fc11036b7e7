"""The live journey diagram and the charts, drawn from the open journey and cached per revision."""

from __future__ import annotations

import base64
import contextlib
import html
import re
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as RenderPending

import streamlit as st

from journeys.words import t as word

from .state import Editor

__all__ = ["STALE_CLASS", "diagram_svg", "draw_svg", "journey_diagram", "show_curve", "show_servqual",
           "start_diagram"]

_SIZE = re.compile(rb'<svg[^>]*?width="([\d.]+)pt"[^>]*?height="([\d.]+)pt"', re.S)
# Graphviz lays out in its own process: rendering in a thread lets it use the second core while the
# rest of the page is built.
_RENDERER = ThreadPoolExecutor(max_workers=2, thread_name_prefix="dot")
# The diagram is drawn last, when the rest of the page has already been sent: waiting there for Graphviz
# (started before the tables were built) costs the page nothing, and the fresh diagram comes with the
# edit's own run instead of a second run of the whole page. Small journeys always wait; a big one waits
# this long at most, in short slices that let a newer edit interrupt the wait. Past it, the last diagram
# stays on screen marked as updating, and the new one is swapped in as soon as it is ready.
WAIT_ALWAYS_BELOW = 150
MAX_WAIT_S = 1.2
_SLICE_S = 0.05
POLL_S = 0.2
STALE_CLASS = "journey-diagram-stale"


def _svg_or_none(dot: str) -> bytes | None:
    from exports.dot import render

    try:
        return render(dot, "svg")
    except RuntimeError:  # GraphvizMissing here, or Graphviz failing: the browser draws the DOT instead
        return None


def diagram_svg(editor: Editor, lang: str, direction: str = "LR", *,
                legend: bool = True) -> tuple[str, Future[bytes | None]]:
    """The DOT source and the rendering of its SVG under way; both cached per revision."""
    from exports.dot import DiagramOptions, journey_dot  # imported when first drawn: a faster cold start

    options = DiagramOptions(lang=lang, direction=direction, legend=legend)  # type: ignore[arg-type]
    dot = editor.cached(("dot", lang, direction, legend),
                        lambda: journey_dot(editor.journey, editor.analysis(lang), options))
    return dot, editor.cached(("svg", lang, direction, legend), lambda: _RENDERER.submit(_svg_or_none, dot))


def _wait(svg: Future[bytes | None], limit: float | None) -> bool:
    """Whether ``svg`` is ready within ``limit`` seconds (``None``: however long it takes). Waits in short
    slices, reading the session state between them: a newer edit stops this run there, not after."""
    if limit is None:
        svg.result()
        return True
    deadline = time.monotonic() + limit
    while not svg.done():
        left = deadline - time.monotonic()
        if left <= 0:
            return False
        with contextlib.suppress(RenderPending):
            svg.result(timeout=min(_SLICE_S, left))
        st.session_state.get(_KEY_POLL)  # a rerun requested meanwhile stops this run here
    return True


_KEY_POLL = "_diagram_poll"


def start_diagram(editor: Editor, lang: str, *, height: int = 560, direction: str = "LR",
                  zoom: float | None = 1.0, min_zoom: float | None = None,
                  legend: bool = True) -> Callable[[], None]:
    """Start rendering the diagram now; the returned function draws it where it is called (``zoom=None``
    fits the width, never below ``min_zoom`` of the natural size; see :func:`draw_svg`).

    What is drawn is the current revision's diagram; while that one is still being laid out, the last one
    drawn of the journey is shown instead, marked as updating (:data:`STALE_CLASS`), until it arrives."""
    dot, svg = diagram_svg(editor, lang, direction, legend=legend)
    wait = None if len(editor.journey.touchpoints) < WAIT_ALWAYS_BELOW else MAX_WAIT_S
    last = editor.last_svg  # the newest diagram drawn of this journey, any revision
    view = (lang, direction, legend)

    def draw() -> None:
        if not _wait(svg, wait):
            _draw_stale(last.get(view), height, zoom, min_zoom, lang)
            _swap_when_ready(svg)
            return
        ready = svg.result()
        last[view] = ready
        draw_svg(dot, ready, height, zoom, min_zoom=min_zoom)

    return draw


def _draw_stale(svg: bytes | None, height: int, zoom: float | None, min_zoom: float | None, lang: str) -> None:
    """The diagram of an earlier revision (or none yet), under a note that a newer one is on its way."""
    note = word("build.diagram.updating", lang)
    st.html(f'<div class="{STALE_CLASS}" role="status" aria-live="polite" style="display:inline-block;'
            f'padding:.1rem .6rem;margin-bottom:.25rem;border-radius:1rem;font-size:.85rem;'
            f'background:#fff4d6;color:#7a5300">{html.escape(note)}</div>')
    if svg is not None:
        draw_svg("", svg, height, zoom, min_zoom=min_zoom, stale=True)


def _swap_when_ready(svg: Future[bytes | None]) -> None:
    @st.fragment(run_every=POLL_S)
    def poll() -> None:
        if svg.done():
            st.rerun()  # the whole page, once: the new diagram is drawn without waiting

    poll()


def journey_diagram(editor: Editor, lang: str, *, height: int = 560, direction: str = "LR",
                    zoom: float | None = 1.0) -> None:
    """The graph with stages as swimlanes, moments styled and weak touchpoints outlined by severity.

    Shown at its natural size (times ``zoom``) in a frame that scrolls, so a 60-touchpoint journey stays
    legible instead of shrinking to fit the column; ``zoom=None`` fits the whole journey to the width
    (the projector view). The SVG is shown as an image: nothing in it can run.
    """
    start_diagram(editor, lang, height=height, direction=direction, zoom=zoom)()


def draw_svg(dot: str, svg: bytes | None, height: int, zoom: float | None, *, min_zoom: float | None = None,
             stale: bool = False) -> None:
    """Show a rendered diagram as an image in a scrolling frame, or let the browser lay out the DOT when
    there is no rendering (no Graphviz on the server).

    ``zoom`` scales the natural size; ``zoom=None`` fits the width. With ``min_zoom`` as well, fitting
    never shrinks below that share of the natural size (the frame scrolls instead) nor grows beyond it, and
    a journey that fits the frame's height at that share is shown whole. A ``stale`` diagram (an earlier
    revision's, shown while the current one is laid out) is dimmed."""
    if svg is None:
        st.graphviz_chart(dot, width="stretch")
        return
    size = _SIZE.search(svg[:2000])
    natural = float(size.group(1)) * 4 / 3 if size else None
    tall = float(size.group(2)) * 4 / 3 if size else None
    style = "width:100%;max-width:none;height:auto"
    if natural and zoom:
        style = f"width:{natural * zoom:.0f}px;max-width:none;height:auto"
    elif natural and tall and min_zoom and tall * min_zoom <= height - 12:
        # The whole journey fits the frame at a size that stays legible: shown whole, at a glance.
        style = f"width:auto;height:auto;max-width:100%;max-height:{height - 12}px"
    elif natural and min_zoom:
        style = f"width:clamp({natural * min_zoom:.0f}px, 100%, {natural:.0f}px);max-width:none;height:auto"
    if stale:
        style += ";opacity:.55"
    data = base64.b64encode(svg).decode("ascii")
    st.html(f'<div class="journey-diagram" style="overflow:auto;max-height:{height}px;border:1px solid '
            f'rgba(49,51,63,.2);border-radius:.5rem;padding:.25rem;background:#fff">'
            f'<img alt="journey diagram" src="data:image/svg+xml;base64,{data}" '
            f'style="{style}"></div>')


# The charts are built by exports.charts, whose tests validate them against the Vega-Lite schema; here
# the spec is serialised without validating it again (that alone took 0.3 s for 300 touchpoints).

def show_curve(editor: Editor, lang: str) -> None:
    from exports.charts import experience_curve  # Altair: imported when first drawn

    spec = editor.cached(("curve", lang), lambda: experience_curve(
        editor.journey, editor.analysis(lang), lang).to_dict(validate=False))
    st.vega_lite_chart(spec, width="stretch", theme=None)


def show_servqual(editor: Editor, lang: str) -> None:
    from exports.charts import servqual_chart

    spec = editor.cached(("servqual", lang), lambda: servqual_chart(editor.analysis(lang), lang).to_dict(
        validate=False))
    st.vega_lite_chart(spec, width="stretch", theme=None)
