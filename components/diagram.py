"""The live journey diagram and the charts, drawn from the open journey and cached per revision."""

from __future__ import annotations

import base64
import re

import streamlit as st

from exports.charts import experience_curve, servqual_chart
from exports.dot import DiagramOptions, journey_dot, render

from .state import Editor

__all__ = ["diagram_svg", "journey_diagram", "show_curve", "show_servqual"]

_SIZE = re.compile(rb'<svg[^>]*?width="([\d.]+)pt"[^>]*?height="([\d.]+)pt"', re.S)


def diagram_svg(editor: Editor, lang: str, direction: str = "LR") -> tuple[str, bytes | None]:
    """The DOT source and, where Graphviz is installed, its SVG; both cached per revision."""
    options = DiagramOptions(lang=lang, direction=direction)  # type: ignore[arg-type]
    dot = editor.cached(("dot", lang, direction), lambda: journey_dot(editor.journey, editor.analysis(lang), options))

    def svg() -> bytes | None:
        try:
            return render(dot, "svg")
        except RuntimeError:  # no Graphviz on this machine: the browser draws the DOT instead
            return None

    return dot, editor.cached(("svg", lang, direction), svg)


def journey_diagram(editor: Editor, lang: str, *, height: int = 560, direction: str = "LR", zoom: float = 1.0) -> None:
    """The graph with stages as swimlanes, moments styled and weak touchpoints outlined by severity.

    Shown at its natural size (times ``zoom``) in a frame that scrolls, so a 60-touchpoint journey stays
    legible instead of shrinking to fit the column. The SVG is shown as an image: nothing in it can run.
    """
    dot, svg = diagram_svg(editor, lang, direction)
    if svg is None:
        st.graphviz_chart(dot, width="stretch")
        return
    size = _SIZE.search(svg[:2000])
    width = f"{float(size.group(1)) * 4 / 3 * zoom:.0f}px" if size else "100%"
    data = base64.b64encode(svg).decode("ascii")
    st.html(f'<div class="journey-diagram" style="overflow:auto;max-height:{height}px;border:1px solid '
            f'rgba(49,51,63,.2);border-radius:.5rem;padding:.25rem;background:#fff">'
            f'<img alt="journey diagram" src="data:image/svg+xml;base64,{data}" '
            f'style="width:{width};max-width:none;height:auto"></div>')


def show_curve(editor: Editor, lang: str) -> None:
    chart = editor.cached(("curve", lang), lambda: experience_curve(editor.journey, editor.analysis(lang), lang))
    st.altair_chart(chart, width="stretch", theme=None)


def show_servqual(editor: Editor, lang: str) -> None:
    chart = editor.cached(("servqual", lang), lambda: servqual_chart(editor.analysis(lang), lang))
    st.altair_chart(chart, width="stretch", theme=None)
