"""The journey diagram as Graphviz DOT text: swim lanes, touchpoint boxes, edges and the stage order.

The diagram is built with :class:`graphviz.Digraph`, never by concatenating DOT syntax; user text goes
into HTML-like labels through :func:`exports._dot_style.escape`. How it reads is told in :mod:`exports.dot`;
:func:`layout_dot` is the layout the comparison diagram (:mod:`exports._dot_compare`) shares.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, replace
from itertools import pairwise
from types import MappingProxyType
from typing import Any, Literal

import graphviz

from journeys.analysis import Analysis
from journeys.findings import Severity
from journeys.graph import display_order
from journeys.model import Edge, Journey, Stage, Touchpoint
from journeys.scoring import transition_shares
from journeys.vocab import MOMENTS
from journeys.words import lang_of, t

from ._dot_legend import add_legend, legend_edges, legend_moments, legend_severities
from ._dot_style import (
    BADGE_SYMBOL,
    EDGE,
    FONT,
    INK,
    LANE_FILL,
    LANE_LINE,
    LINE,
    LOOP,
    MOMENT_STYLE,
    MOT,
    MUTED,
    SEVERITY_STYLE,
    Look,
    escape,
    html_label,
    node_name,
    stack,
)
from ._map_layout import worst_severity
from ._measure import columns, wrap_columns

__all__ = ["DiagramOptions", "edge_shares", "journey_dot", "layout_dot"]

_Lane = tuple[int, Stage, list[str]]
"""A stage that has touchpoints: its position in the stage order, the stage, its touchpoint ids."""


@dataclass(frozen=True)
class DiagramOptions:
    """How :func:`journey_dot` draws a journey.

    Parameters
    ----------
    direction
        ``"LR"`` (stages as left-to-right columns) or ``"TB"`` (stages as top-to-bottom rows).
    swimlanes
        Draw each stage as a cluster (a swim lane) labelled with the stage name.
    highlight
        Outline the touchpoints named by the analysis's findings by their worst severity.
    lang
        ``"zh"`` or ``"en"``: the language of the legend and of the badges' fixed words
        (any ``zh-*`` locale counts as Chinese, anything else as English).
    wrap
        Wrap touchpoint names (and edge labels, stage names) at about this many CJK characters, twice
        as many Latin ones; at least 1.
    legend
        Draw the legend node that explains every style.
    """

    direction: Literal["LR", "TB"] = "LR"
    swimlanes: bool = True
    highlight: bool = True
    lang: str = "zh"
    wrap: int = 10
    legend: bool = True

    def __post_init__(self) -> None:
        if self.direction not in ("LR", "TB"):
            raise ValueError(f"direction must be 'LR' or 'TB', not {self.direction!r}")
        if self.wrap < 1:
            raise ValueError(f"wrap must be at least 1, not {self.wrap!r}")


def journey_dot(journey: Journey, analysis: Analysis | None = None,
                options: DiagramOptions = DiagramOptions()) -> str:
    """The diagram of ``journey`` as Graphviz DOT source.

    Parameters
    ----------
    journey
        The journey to draw.
    analysis
        Its weak points (:func:`journeys.analysis.analyze`); used to outline touchpoints when
        ``options.highlight`` is on. Findings naming touchpoints the journey does not have are ignored.
    options
        Direction, swim lanes, highlighting, language and name wrapping.

    Returns
    -------
    str
        DOT source; byte-identical for the same inputs.

    Examples
    --------
    >>> from journeys.catalog import load_template
    >>> dot = journey_dot(load_template("business-hall", "zh-CN"))
    >>> dot.startswith('digraph "business-hall" {'), 'tp_greet' in dot, 'cluster_0' in dot
    (True, True, True)
    """
    lang = lang_of(options.lang)
    # The analysis already knows the display order; only a bare journey needs its graph walked here.
    order = analysis.order_of(journey) if analysis is not None else display_order(journey)
    highlight = options.highlight and analysis is not None
    worst = (worst_severity(analysis, journey.touchpoints)
             if highlight and analysis is not None else {})
    legend = legend_moments(lang) + (legend_severities(lang) if highlight else []) + legend_edges(lang)
    title = wrap_columns(journey.title, 40) or wrap_columns(journey.id, 40)
    return layout_dot(journey, order, options, lang, title=title,
                      shares=edge_shares(journey.edges), worst=worst, legend=legend)


_NO_LOOKS: Mapping[Any, Look] = MappingProxyType({})


def layout_dot(journey: Journey, order: list[str], options: DiagramOptions, lang: str, *, title: list[str],
               shares: dict[tuple[str, str], float], legend: list[str], worst: dict[str, Severity] | None = None,
               nodes: Mapping[str, Look] = _NO_LOOKS, edges: Mapping[tuple[str, str], Look] = _NO_LOOKS,
               lanes: Mapping[str, Look] = _NO_LOOKS) -> str:
    """The DOT source of ``journey`` with its touchpoints in ``order``: the layout every diagram shares.

    ``title`` is the wrapped heading, ``shares`` each edge's share of customers (see :func:`edge_shares`),
    ``legend`` the rows of the legend's table, ``worst`` the severity outlining each touchpoint; ``nodes``,
    ``edges`` and ``lanes`` restyle touchpoints, edges and stage lanes by id."""
    position = {tp_id: i for i, tp_id in enumerate(order)}
    by_id = {tp.id: tp for tp in journey.touchpoints}
    stage_of = {tp.id: tp.stage for tp in journey.touchpoints}
    worst = worst or {}

    dot = graphviz.Digraph(
        name=journey.id,
        graph_attr={
            "rankdir": options.direction,
            "newrank": "true",
            "fontname": FONT,
            "fontsize": "12",
            "fontcolor": INK,
            "label": html_label(stack([f"<B>{escape(line)}</B>" for line in title], align="LEFT", size=18)),
            "labelloc": "t",
            "labeljust": "l",
            "nodesep": "0.3",
            "ranksep": "0.45",
            "pad": "0.3",
            "bgcolor": "white",
            "outputorder": "edgesfirst",
            "remincross": "true",
        },
        node_attr={
            "fontname": FONT,
            "fontsize": "12",
            "fontcolor": INK,
            "shape": "box",
            "style": "rounded,filled",
            "fillcolor": "white",
            "color": LINE,
            "penwidth": "1.2",
            "margin": "0.14,0.07",
        },
        edge_attr={
            "fontname": FONT,
            "fontsize": "9.5",
            "fontcolor": MUTED,
            "color": EDGE,
            "arrowsize": "0.6",
            "arrowhead": "normal",
        },
    )

    by_stage: dict[str, list[str]] = defaultdict(list)
    for tp_id in order:
        by_stage[stage_of[tp_id]].append(tp_id)
    stage_lanes: list[_Lane] = [
        (index, stage, by_stage[stage.id]) for index, stage in enumerate(journey.stages) if by_stage[stage.id]
    ]
    for index, stage, members in stage_lanes:
        touchpoints = [by_id[tp_id] for tp_id in members]
        if options.swimlanes:
            with dot.subgraph(name=f"cluster_{index}") as lane:
                lane.attr(**_lane_attrs(stage, options.wrap, lanes.get(stage.id)))
                _add_nodes(lane, touchpoints, worst, options.wrap, lang, nodes)
        else:
            _add_nodes(dot, touchpoints, worst, options.wrap, lang, nodes)

    _add_edges(dot, journey.edges, position, options.wrap, shares, edges)
    _add_stage_order(dot, journey, stage_lanes, position, columns=options.swimlanes)
    if legend and options.legend:
        add_legend(dot, legend, order[0] if order else None)
    return dot.source


def _lane_attrs(stage: Stage, wrap: int, look: Look | None) -> dict[str, str]:
    look = look or Look()
    lines = wrap_columns(stage.name, wrap) or wrap_columns(stage.id, wrap)
    # pango strikes no bold CJK text through: a struck-through name is not bold
    rows = [_styled(line, look) if look.strike else f"<B>{_styled(line, look)}</B>" for line in lines]
    rows += [f'<FONT POINT-SIZE="10" COLOR="{look.accent}">{escape(line)}</FONT>' for line in look.note]
    return {
        "label": html_label(stack(rows, align="LEFT")),
        "labeljust": "l",
        "labelloc": "t",
        "fontsize": "13",
        "fontcolor": look.text or MOT,
        "style": "rounded,filled,dashed" if look.dashed else "rounded,filled",
        "fillcolor": look.fill or LANE_FILL,
        "color": look.color or LANE_LINE,
        "penwidth": look.width or "1",
        "margin": "12",
    }


# --- nodes ------------------------------------------------------------------------------------------

def _add_nodes(graph: graphviz.Digraph, touchpoints: list[Touchpoint], worst: dict[str, Severity], wrap: int,
               lang: str, looks: Mapping[str, Look]) -> None:
    for tp in touchpoints:
        graph.node(node_name(tp.id), **_node_attrs(tp, worst.get(tp.id), wrap, lang, looks.get(tp.id)))


def _moments(tp: Touchpoint) -> list[str]:
    """The touchpoint's moments in the fixed order mot, peak, end, pain (not the file's order)."""
    return [m for m in MOMENTS if tp.has(m)]


def _badge(moment: str, lang: str) -> str:
    return f"{BADGE_SYMBOL[moment]} {t('diagram.badge.' + moment, lang)}"


def _styled(line: str, look: Look | None) -> str:
    """One line of a name, struck through when ``look`` says so."""
    return f"<S>{escape(line)}</S>" if look is not None and look.strike else escape(line)


def _node_attrs(tp: Touchpoint, severity: Severity | None, wrap: int, lang: str,
                look: Look | None = None) -> dict[str, str]:
    moments = _moments(tp)
    # a name of control characters shows nothing: the id
    lines = wrap_columns(tp.name, wrap) or wrap_columns(tp.id, wrap)
    bold = "mot" in moments and not (look is not None and look.strike)  # pango strikes no bold CJK text through
    rows = [f"<B>{_styled(line, look)}</B>" if bold else _styled(line, look) for line in lines]
    padded = None
    if moments:  # one cell per badge: spacing without text elements made of blanks
        badges = "".join(
            f'<TD><FONT COLOR="{MOMENT_STYLE[m][1]}">{escape(_badge(m, lang))}</FONT></TD>' for m in moments
        )
        rows.append(f'<FONT POINT-SIZE="9"><TABLE BORDER="0" CELLBORDER="0" CELLSPACING="4" CELLPADDING="0">'
                    f"<TR>{badges}</TR></TABLE></FONT>")
        padded = len(rows) - 1
    if look is not None:
        rows += [f'<FONT POINT-SIZE="9" COLOR="{look.accent}">{escape(line)}</FONT>' for line in look.note]
    attrs = {"label": html_label(stack(rows, padded=padded))}

    fills = [fill for m in moments if (fill := MOMENT_STYLE[m][0])]
    if look is not None and look.fill:  # the look's fill says more than the moments, which keep their badges
        attrs["fillcolor"] = look.fill
    elif len(fills) == 1:
        attrs["fillcolor"] = fills[0]
    elif fills:
        attrs["fillcolor"] = f"{fills[0]}:{fills[1]}"
        attrs["gradientangle"] = "90"
    if "mot" in moments:
        attrs["peripheries"] = "2"
        attrs["color"] = MOT
        attrs["penwidth"] = "1.4"
    if severity is not None:
        color, width, dashed = SEVERITY_STYLE[severity]
        attrs["color"] = color
        attrs["penwidth"] = f"{width:g}"
        if dashed:
            attrs["style"] = "rounded,filled,dashed"
    if look is not None:
        attrs.update(_look_attrs(look))
        if look.dashed:
            attrs["style"] = "rounded,filled,dashed"
    return attrs


def _look_attrs(look: Look) -> dict[str, str]:
    """The border colour, pen width and text colour ``look`` sets."""
    attrs = {"color": look.color, "penwidth": look.width, "fontcolor": look.text}
    return {name: value for name, value in attrs.items() if value is not None}


# --- edges ------------------------------------------------------------------------------------------

def _percent(share: float) -> str:
    return f"{share * 100:.1f}".rstrip("0").rstrip(".") + "%"


def edge_shares(edges: list[Edge]) -> dict[tuple[str, str], float]:
    """The share of customers taking each edge, for the touchpoints with a share on any edge leaving them:
    a touchpoint with shares on some edges splits what is left among the others (DOMAIN.md)."""
    outgoing: dict[str, list[tuple[str, float | None]]] = defaultdict(list)
    for edge in edges:
        outgoing[edge.source].append((edge.target, edge.share))
    return {
        (source, target): share
        for source, out in outgoing.items() if any(s is not None for _, s in out)
        for target, share in transition_shares(out)
    }


def _add_edges(dot: graphviz.Digraph, edges: list[Edge], position: dict[str, int], wrap: int,
               shares: dict[tuple[str, str], float], looks: Mapping[tuple[str, str], Look]) -> None:
    for edge in edges:
        share = shares.get((edge.source, edge.target))
        look = looks.get((edge.source, edge.target))
        lines = wrap_columns(edge.label, wrap) if edge.label else []
        if share is not None:
            pct = _percent(share)
            if lines and columns(lines[-1]) + 3 + len(pct) <= 2 * wrap:
                lines[-1] = f"{lines[-1]} · {pct}"
            else:
                lines.append(pct)
        attrs: dict[str, str] = {}
        if lines:
            attrs["label"] = html_label(stack([escape(line) for line in lines]))
        if share is not None:
            attrs["penwidth"] = f"{0.8 + 2.4 * share:.2f}"
        tail, head = node_name(edge.source), node_name(edge.target)
        loop = position[edge.source] >= position[edge.target]  # back to an earlier step
        if loop:
            attrs.update(style="dashed", color=LOOP, fontcolor=LOOP)
        if look is not None:
            attrs.update(_look_attrs(look if share is None else replace(look, width=None)))
            if look.dashed:
                attrs["style"] = "dashed"
        if loop and edge.source != edge.target:
            # Laid out in the flow's direction and drawn backwards: the layout keeps stages in order,
            # and an edge answering a forward one between the same touchpoints gets its own label slot.
            tail, head = head, tail
            attrs.update(dir="back", arrowtail="normal")
        dot.edge(tail, head, **attrs)


def _add_stage_order(dot: graphviz.Digraph, journey: Journey, lanes: list[_Lane], position: dict[str, int],
                     *, columns: bool) -> None:
    """Invisible edges that keep the stages in order.

    A touchpoint no earlier step leads to (not connected yet, or reached only by a loop) is placed after
    the previous stage rather than at the far left. With ``columns`` (swim lanes), every way into a stage
    comes after every way out of the previous one, so the lanes read as columns (rows with ``TB``)."""
    stage_of = {tp.id: tp.stage for tp in journey.touchpoints}
    forward = {(e.source, e.target) for e in journey.edges if position[e.source] < position[e.target]}
    forward_in = {target for _, target in forward}
    same_stage_in = {target for source, target in forward if stage_of[source] == stage_of[target]}
    same_stage_out = {source for source, target in forward if stage_of[source] == stage_of[target]}
    for (_, _, previous), (_, _, members) in pairwise(lanes):
        exits = [tp_id for tp_id in previous if tp_id not in same_stage_out]
        entries = [tp_id for tp_id in members if tp_id not in (same_stage_in if columns else forward_in)]
        for exit_id in exits if columns else previous[-1:]:
            for entry_id in entries:
                if (exit_id, entry_id) not in forward:
                    dot.edge(node_name(exit_id), node_name(entry_id), style="invis", weight="0")
