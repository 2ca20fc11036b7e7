"""The diagram's legend: a node (``legend``) whose table explains every style in the chosen language.

The moments' badges and fills, the weak points' borders (with an analysis), the edges' widths and loops,
and in a comparison the colours of what was added, removed and changed.
"""

from __future__ import annotations

import graphviz

from journeys.findings import SEVERITIES
from journeys.vocab import MOMENTS
from journeys.words import t

from ._dot_style import (
    BADGE_SYMBOL,
    EDGE,
    LANE_FILL,
    LANE_LINE,
    LINE,
    LOOP,
    MOMENT_STYLE,
    MOT,
    SEVERITY_STYLE,
    STATUS_STYLE,
    STATUSES,
    escape,
    html_label,
    node_name,
)

__all__ = ["LEGEND_NODE", "add_legend", "legend_edge_statuses", "legend_edges", "legend_moments",
           "legend_severities", "legend_statuses"]

LEGEND_NODE = "legend"
"""The name of the legend node; touchpoint nodes are named ``tp_<id>`` (see :func:`node_name`)."""


def _swatch(fill: str = "white", color: str = LINE, width: int = 1, style: str = "rounded",
            double: bool = False) -> str:
    """A legend cell drawn like a touchpoint box: its fill, border colour, width and style."""
    cell = (f'<TD WIDTH="26" HEIGHT="14" FIXEDSIZE="TRUE" BGCOLOR="{fill}" BORDER="{width}" COLOR="{color}" '
            f'STYLE="{style}"></TD>')
    if double:
        return (f'<TD><TABLE BORDER="1" CELLBORDER="0" CELLSPACING="1" CELLPADDING="0" COLOR="{color}" STYLE="rounded">'
                f'<TR><TD><TABLE BORDER="1" CELLBORDER="0" CELLSPACING="0" CELLPADDING="0" COLOR="{color}" '
                f'STYLE="rounded"><TR><TD WIDTH="22" HEIGHT="10" FIXEDSIZE="TRUE"></TD></TR></TABLE></TD></TR>'
                f"</TABLE></TD>")
    return cell


def _row(swatch: str, text: str) -> str:
    return f'<TR>{swatch}<TD ALIGN="LEFT">{text}</TD></TR>'


def _heading(text: str) -> str:
    return f'<TR><TD COLSPAN="2" ALIGN="LEFT"><B>{escape(text)}</B></TD></TR>'


def legend_moments(lang: str, *, fills: bool = True) -> list[str]:
    """The legend's title and its rows for the moments; without ``fills`` (the boxes are filled by something
    else) only the badges and the double border."""
    rows = [_heading(t("diagram.legend.title", lang))]
    for moment in MOMENTS:
        fill, accent = MOMENT_STYLE[moment]
        if moment == "mot":
            swatch = _swatch(color=MOT, double=True)
        else:
            swatch = _swatch(fill=fill or "white") if fills else "<TD></TD>"
        word = t(f"diagram.legend.moment.{moment}", lang)
        text = f'<FONT COLOR="{accent}">{escape(BADGE_SYMBOL[moment])}</FONT> {escape(word)}'
        rows.append(_row(swatch, text))
    return rows


def legend_severities(lang: str) -> list[str]:
    """The rows for the weak points' borders, by severity."""
    rows = [_heading(t("diagram.legend.outline", lang))]
    for severity in SEVERITIES:
        color, width, dashed = SEVERITY_STYLE[severity]
        swatch = _swatch(color=color, width=round(width), style="rounded,dashed" if dashed else "rounded")
        rows.append(_row(swatch, escape(t(f"diagram.severity.{severity}", lang))))
    return rows


def legend_edges(lang: str, first: list[str] | None = None, loop: str = LOOP) -> list[str]:
    """The legend's rows for edges: ``first`` (more rows), then line width and loops (drawn in ``loop``)."""
    return [
        _heading(t("diagram.legend.edges", lang)),
        *(first or []),
        _row(f'<TD><FONT COLOR="{EDGE}">━━▶</FONT></TD>', escape(t("diagram.legend.share", lang))),
        _row(f'<TD><FONT COLOR="{loop}">╌╌▶</FONT></TD>', escape(t("diagram.legend.loop", lang))),
    ]


def add_legend(dot: graphviz.Digraph, rows: list[str], first: str | None) -> None:
    """The legend node with ``rows``, placed ahead of the touchpoint ``first``."""
    table = ('<TABLE BORDER="1" COLOR="' + LANE_LINE + '" CELLBORDER="0" CELLSPACING="4" CELLPADDING="2" '
             'BGCOLOR="white" STYLE="rounded">' + "".join(rows) + "</TABLE>")
    dot.node(LEGEND_NODE, label=html_label(f'<FONT POINT-SIZE="10">{table}</FONT>'), shape="plain")
    if first is not None:  # a rank of its own ahead of the journey: left of it (LR) or above it (TB)
        dot.edge(LEGEND_NODE, node_name(first), style="invis", weight="0")


def legend_statuses(lang: str) -> list[str]:
    """A comparison's rows for the statuses of touchpoints and stage lanes."""
    rows = [_heading(t("diagram.compare.changes", lang))]
    for status in STATUSES:
        fill, color, _, _ = STATUS_STYLE[status]
        swatch = _swatch(fill=fill, color=color, width=2, style="rounded,dashed" if status == "removed" else "rounded")
        rows.append(_row(swatch, escape(t(f"diagram.compare.status.{status}", lang))))
    rows.append(_row(_swatch(fill=LANE_FILL, color=STATUS_STYLE["removed"][1], width=2, style="rounded,dashed"),
                     escape(t("diagram.compare.lanes", lang))))
    return rows


def legend_edge_statuses(lang: str) -> list[str]:
    """A comparison's rows for the statuses of edges (to go ``first`` in :func:`legend_edges`)."""
    return [_row(f'<TD><FONT COLOR="{STATUS_STYLE[s][1]}">{"╌╌▶" if s == "removed" else "━━▶"}</FONT></TD>',
                 escape(t(f"diagram.compare.edge.{s}", lang))) for s in STATUSES]
