"""The live journey diagram and the charts, drawn from the open journey and cached per revision."""

from __future__ import annotations

import base64
import re
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as RenderPending

import streamlit as st

from exports.charts import experience_curve, servqual_chart
from exports.dot import DiagramOptions, journey_dot, render

from .state import Editor

__all__ = ["diagram_svg", "draw_svg", "journey_diagram", "show_curve", "show_servqual", "start_diagram"]

_SIZE = re.compile(rb'<svg[^>]*?width="([\d.]+)pt"[^>]*?height="([\d.]+)pt"', re.S)
# Graphviz lays out in its own process: rendering in a thread lets it use the second core while the
# rest of the page is built.
_RENDERER = ThreadPoolExecutor(max_workers=2, thread_name_prefix="dot")
# Small journeys lay out in a few milliseconds: wait for them. A big one may take Graphviz longer than
# an edit's whole budget, so the page waits this long at most, shows the last diagram meanwhile, and
# swaps in the new one when it is ready.
WAIT_ALWAYS_BELOW = 150
MAX_WAIT_S = 0.005


def _svg_or_none(dot: str) -> bytes | None:
    try:
        return render(dot, "svg")
    except RuntimeError:  # GraphvizMissing here, or Graphviz failing: the browser draws the DOT instead
        return None


def diagram_svg(editor: Editor, lang: str, direction: str = "LR", *,
                legend: bool = True) -> tuple[str, Future[bytes | None]]:
    """The DOT source and the rendering of its SVG under way; both cached per revision."""
    options = DiagramOptions(lang=lang, direction=direction, legend=legend)  # type: ignore[arg-type]
    dot = editor.cached(("dot", lang, direction, legend),
                        lambda: journey_dot(editor.journey, editor.analysis(lang), options))
    return dot, editor.cached(("svg", lang, direction, legend), lambda: _RENDERER.submit(_svg_or_none, dot))


def start_diagram(editor: Editor, lang: str, *, height: int = 560, direction: str = "LR",
                  zoom: float | None = 1.0, min_zoom: float | None = None,
                  legend: bool = True) -> Callable[[], None]:
    """Start rendering the diagram now; the returned function draws it where it is called (``zoom=None``
    fits the width, never below ``min_zoom`` of the natural size; see :func:`draw_svg`)."""
    dot, svg = diagram_svg(editor, lang, direction, legend=legend)
    wait = None if len(editor.journey.touchpoints) < WAIT_ALWAYS_BELOW else MAX_WAIT_S
    last = editor.last_svg  # the newest diagram drawn of this journey, any revision

    def draw() -> None:
        try:
            ready = svg.result(timeout=wait)
        except RenderPending:
            draw_svg(dot, last.get((lang, direction, legend)), height, zoom, min_zoom=min_zoom)
            _swap_when_ready(svg)
            return
        last[(lang, direction, legend)] = ready
        draw_svg(dot, ready, height, zoom, min_zoom=min_zoom)

    return draw


def _swap_when_ready(svg: Future[bytes | None]) -> None:
    @st.fragment(run_every=0.2)
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


def draw_svg(dot: str, svg: bytes | None, height: int, zoom: float | None, *, min_zoom: float | None = None) -> None:
    """Show a rendered diagram as an image in a scrolling frame, or let the browser lay out the DOT when
    there is no rendering (no Graphviz on the server).

    ``zoom`` scales the natural size; ``zoom=None`` fits the width. With ``min_zoom`` as well, fitting
    never shrinks below that share of the natural size (the frame scrolls instead) nor grows beyond it, and
    a journey that fits the frame's height at that share is shown whole."""
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
    data = base64.b64encode(svg).decode("ascii")
    st.html(f'<div class="journey-diagram" style="overflow:auto;max-height:{height}px;border:1px solid '
            f'rgba(49,51,63,.2);border-radius:.5rem;padding:.25rem;background:#fff">'
            f'<img alt="journey diagram" src="data:image/svg+xml;base64,{data}" '
            f'style="{style}"></div>')


# The charts are built by exports.charts, whose tests validate them against the Vega-Lite schema; here
# the spec is serialised without validating it again (that alone took 0.3 s for 300 touchpoints).

def show_curve(editor: Editor, lang: str) -> None:
    spec = editor.cached(("curve", lang), lambda: experience_curve(
        editor.journey, editor.analysis(lang), lang).to_dict(validate=False))
    st.vega_lite_chart(spec, width="stretch", theme=None)


def show_servqual(editor: Editor, lang: str) -> None:
    spec = editor.cached(("servqual", lang), lambda: servqual_chart(editor.analysis(lang), lang).to_dict(
        validate=False))
    st.vega_lite_chart(spec, width="stretch", theme=None)
