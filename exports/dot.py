r"""The journey diagram as Graphviz DOT text, and its rendering to SVG, PNG or PDF.

The diagram is built with :class:`graphviz.Digraph`, never by concatenating DOT syntax. Everything a
user typed (touchpoint, stage and edge texts, the title) goes into HTML-like labels through
:func:`html.escape`, with control characters dropped and backslashes doubled (Graphviz expands ``\N``,
``\G``... even there), so no text can add a node, an attribute or markup, and it shows as typed.
Node names are ``tp_<touchpoint id>`` (never a DOT keyword), quoted by the graphviz package.

How the diagram reads:

* stages are clusters (swim lanes) in stage order; with ``rankdir=LR`` they are left-to-right columns;
* a touchpoint is a rounded box: the wrapped name and a small line of moment badges;
* a moment of truth has a double border and a bold name; the peak is filled green (★), the end blue
  (●), a pain point red (▼); two of these together fill the box with a gradient of both colours;
* with an analysis, a touchpoint's border shows the worst severity of the findings naming it:
  critical thick red, warning orange, info grey dashed;
* an edge shows its condition and the share of customers who take it (line width grows with the
  share; where only some edges of a touchpoint have a share, the others show what is left); an edge
  back to an earlier step (a loop) is dashed, and laid out as its reverse drawn backwards
  (``dir=back``), so the SVG ``<title>`` of such an edge names the later touchpoint first;
* invisible edges keep the stages in order (SVG output omits them);
* a legend node (``legend``) explains every style in the chosen language.

:func:`diff_dot` draws two versions of a journey in one diagram with the same layout: every stage,
touchpoint and edge of either version, added ones green, removed ones red and dashed, changed ones
amber, unchanged ones grey; weak points are not outlined there (the status takes the border).

The output is deterministic: the same journey, analysis and options give byte-identical DOT.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from itertools import pairwise
from types import MappingProxyType
from typing import Any, Literal, TypeVar

import graphviz

from journeys.analysis import Analysis
from journeys.diff import JourneyDiff, union_order
from journeys.findings import SEVERITIES, Severity
from journeys.graph import display_order
from journeys.model import Edge, Journey, Stage, Touchpoint
from journeys.scoring import transition_shares
from journeys.texts import field_label
from journeys.vocab import MOMENTS

from ._measure import columns, printable, wrap_columns

__all__ = ["FONT", "LEGEND_NODE", "DiagramOptions", "diff_dot", "journey_dot", "node_name", "render"]

FONT = "Noto Sans CJK SC"
"""The font named on graph, nodes and edges, so Chinese renders in PNG and PDF (not as empty boxes)."""

LEGEND_NODE = "legend"
"""The name of the legend node; touchpoint nodes are named ``tp_<id>`` (see :func:`node_name`)."""

Format = Literal["svg", "png", "pdf"]
_FORMATS: tuple[str, ...] = ("svg", "png", "pdf")

# --- the palette: one place for every colour the diagram and its legend use ------------------------
_INK = "#1F2933"
_MUTED = "#52606D"
_LINE = "#9AA5B1"
_EDGE = "#7B8794"
_LOOP = "#A0764B"
_MOT = "#243B53"
_LANE_FILL = "#F3F5F8"
_LANE_LINE = "#D5DBE3"

# moment -> (fill colour of the box or None, colour of its badge)
_MOMENT_STYLE: dict[str, tuple[str | None, str]] = {
    "mot": (None, _MOT),
    "peak": ("#DDF3E4", "#1E7B3A"),
    "end": ("#DCE9FA", "#1D5FA8"),
    "pain": ("#FDE3DC", "#B42318"),
}
_BADGE_SYMBOL = {"mot": "◆", "peak": "★", "end": "●", "pain": "▼"}
_BADGE_WORD = {
    "zh": {"mot": "关键时刻", "peak": "峰值", "end": "终点", "pain": "贬损点"},
    "en": {"mot": "MOT", "peak": "Peak", "end": "End", "pain": "Pain point"},
}
_LEGEND_MOMENT = {
    "zh": {"mot": "关键时刻（双线框）", "peak": "峰值", "end": "终点", "pain": "贬损点"},
    "en": {"mot": "Moment of truth (double border)", "peak": "Peak", "end": "End", "pain": "Pain point"},
}

# severity -> (border colour, pen width, dashed)
_SEVERITY_STYLE: dict[str, tuple[str, float, bool]] = {
    "critical": ("#D32F2F", 3.2, False),
    "warning": ("#E8890C", 2.4, False),
    "info": ("#7B8794", 1.6, True),
}
_SEVERITY_WORD = {
    "zh": {"critical": "严重", "warning": "警告", "info": "提示"},
    "en": {"critical": "Critical", "warning": "Warning", "info": "Info"},
}
_WORDS = {
    "zh": {
        "legend": "图例",
        "outline": "薄弱点（边框）",
        "edges": "连线",
        "share": "线越粗，走这条路的客户越多",
        "loop": "虚线：回到前面的步骤（循环）",
    },
    "en": {
        "legend": "Legend",
        "outline": "Weak points (border)",
        "edges": "Edges",
        "share": "Thicker line: more customers take it",
        "loop": "Dashed: back to an earlier step (loop)",
    },
}

# A comparison's statuses. status -> (fill, border, text, note) of a touchpoint; its edges and lanes
# take the border colour, removed ones are dashed.
_STATUS_STYLE: dict[str, tuple[str, str, str, str]] = {
    "added": ("#E2F4E6", "#2E9D4E", _INK, "#1E7B3A"),
    "removed": ("#FDEDEC", "#D64545", "#8C2F2F", "#B42318"),
    "changed": ("#FFF1CC", "#D98E04", _INK, "#8A5A00"),
    "unchanged": ("white", "#BCC4CE", "#7B8794", _MUTED),
}
_STATUSES: tuple[str, ...] = tuple(_STATUS_STYLE)
_DIFF_WORDS = {
    "zh": {
        "title": "：版本对比",
        "changes": "版本变化（与旧版相比）",
        "added": "新增",
        "removed": "删除（虚线框，名称划掉）",
        "changed": "修改（框内列出改了什么）",
        "unchanged": "未变",
        "lanes": "泳道边框同色：环节的新增、删除、修改",
        "edge.added": "新增",
        "edge.removed": "删除",
        "edge.changed": "修改（条件或占比）",
        "edge.unchanged": "未变",
        "note.added": "新增",
        "note.removed": "已删除",
        "note.changed": "改动：",
        "sep": "、",
        "stage.added": "新增环节",
        "stage.removed": "已删除的环节",
        "stage.changed": "环节已修改",
    },
    "en": {
        "title": ": comparison",
        "changes": "Changes since the earlier version",
        "added": "Added",
        "removed": "Removed (dashed, name struck through)",
        "changed": "Changed (what changed listed inside)",
        "unchanged": "Unchanged",
        "lanes": "Lane borders, same colours: stages added, removed, changed",
        "edge.added": "Added",
        "edge.removed": "Removed",
        "edge.changed": "Changed (condition or share)",
        "edge.unchanged": "Unchanged",
        "note.added": "new",
        "note.removed": "removed",
        "note.changed": "Changed: ",
        "sep": ", ",
        "stage.added": "new stage",
        "stage.removed": "removed stage",
        "stage.changed": "stage changed",
    },
}
# The fields a changed touchpoint lists first (at most _NOTE_FIELDS of them), the others after, as the diff
# names them.
_FIELD_PRIORITY: tuple[str, ...] = (
    "name", "stage", "moments", "emotion.perceived", "emotion.expected", "standards", "expectations", "owner",
    "backup", "script", "wow", "recovery.plan", "satisfaction.score", "channel", "customer_action",
    "employee_action",
)
_NOTE_FIELDS = 3

_Lane = tuple[int, Stage, list[str]]
"""A stage that has touchpoints: its position in the stage order, the stage, its touchpoint ids."""

_SAFE_ID = re.compile(r"^[\w-]+$")


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
    """

    direction: Literal["LR", "TB"] = "LR"
    swimlanes: bool = True
    highlight: bool = True
    lang: str = "zh"
    wrap: int = 10

    def __post_init__(self) -> None:
        if self.direction not in ("LR", "TB"):
            raise ValueError(f"direction must be 'LR' or 'TB', not {self.direction!r}")
        if self.wrap < 1:
            raise ValueError(f"wrap must be at least 1, not {self.wrap!r}")


def node_name(touchpoint_id: str) -> str:
    """The DOT node name of a touchpoint: ``tp_<id>``, never a DOT keyword, stable across builds.

    Ids that are not slugs (only possible for journeys built without validation) are spelled in hex
    behind ``tp.``, which no slug can produce.

    Examples
    --------
    >>> node_name("edge"), node_name("取号")
    ('tp_edge', 'tp_取号')
    >>> node_name("a b")
    'tp.612062'
    """
    if _SAFE_ID.match(touchpoint_id):
        return f"tp_{touchpoint_id}"
    return "tp." + touchpoint_id.encode("utf-8", "surrogatepass").hex()


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
    lang = _lang(options)
    # The analysis already knows the display order; only a bare journey needs its graph walked here.
    order = analysis.order_of(journey) if analysis is not None else display_order(journey)
    highlight = options.highlight and analysis is not None
    worst = _worst_severity(analysis, {tp.id: tp for tp in journey.touchpoints}) if highlight else {}
    legend = _legend_moments(lang) + (_legend_severities(lang) if highlight else []) + _legend_edges(lang)
    title = wrap_columns(journey.title, 40) or wrap_columns(journey.id, 40)
    return _diagram(journey, order, options, lang, title=title,
                    shares=_shares(journey.edges), worst=worst, legend=legend)


def diff_dot(d: JourneyDiff, options: DiagramOptions = DiagramOptions()) -> str:
    """DOT source of the comparison diagram.

    The journey of both versions at once: every stage, touchpoint and edge of the later version, and
    those only the earlier one had (each where it was), coloured by what happened to it. Added is green,
    removed red and dashed (a removed touchpoint's name struck through), changed amber (a changed
    touchpoint lists what changed, in field names of ``options.lang``), unchanged grey. Moment badges,
    swim lanes, loops and the layout are those of :func:`journey_dot`; a touchpoint shows itself as it
    is after (as it was, when removed), an edge its condition and share in that version.

    Parameters
    ----------
    d
        The comparison (:func:`journeys.diff.diff`).
    options
        Direction, swim lanes, language and name wrapping; ``highlight`` is not used (the status
        colours take the border).

    Returns
    -------
    str
        DOT source; byte-identical for the same comparison and options.

    Examples
    --------
    >>> from journeys.catalog import load_template
    >>> from journeys.diff import diff
    >>> j = load_template("business-hall", "zh-CN")
    >>> later = j.model_copy(update={"touchpoints": [tp for tp in j.touchpoints if tp.id != "complaint"],
    ...                              "edges": [e for e in j.edges if "complaint" not in (e.source, e.target)]})
    >>> dot = diff_dot(diff(j, later))
    >>> "tp_complaint" in dot, "版本对比" in dot, 'style="rounded,filled,dashed"' in dot
    (True, True, True)
    """
    lang = _lang(options)
    words = _DIFF_WORDS[lang]
    union = _union(d)
    tp_status = d.touchpoints.status()
    edge_status = d.edges.status()
    stage_status = d.stages.status()
    changed_fields = {c.key: c.fields for c in d.touchpoints.changed}
    note_wrap = options.wrap + options.wrap // 3  # the note's type is smaller than the name's

    nodes: dict[str, _Look] = {}
    for tp in union.touchpoints:
        status = tp_status.get(tp.id, "unchanged")
        note = ""
        if status in ("added", "removed"):
            note = words[f"note.{status}"]
        elif status == "changed":
            note = words["note.changed"] + _changed_fields(changed_fields[tp.id], lang)
        nodes[tp.id] = _status_look(status, note=tuple(wrap_columns(note, note_wrap)))
    edges = {(e.source, e.target): _edge_look(edge_status.get((e.source, e.target), "unchanged"))
             for e in union.edges}
    lanes = {stage.id: _lane_look(status, words[f"stage.{status}"])
             for stage in union.stages if (status := stage_status.get(stage.id, "unchanged")) != "unchanged"}
    # Each edge's share in the version it is drawn from: a removed edge's and an added one's may sum above 1.
    before_shares = _shares(d.before.edges)
    shares = {key: share for key, share in before_shares.items() if edge_status.get(key) == "removed"}
    shares.update(_shares(d.after.edges))

    title = (d.after.title if wrap_columns(d.after.title, 40) else d.after.id) + words["title"]
    legend = _legend_moments(lang, fills=False) + _legend_statuses(lang) + _legend_edges(
        lang, [_row(f'<TD><FONT COLOR="{_STATUS_STYLE[s][1]}">{"╌╌▶" if s == "removed" else "━━▶"}</FONT></TD>',
                    _text(words[f"edge.{s}"])) for s in _STATUSES], loop=_EDGE)
    return _diagram(union, display_order(union), options, lang, title=wrap_columns(title, 40),
                    shares=shares, legend=legend, nodes=nodes, edges=edges, lanes=lanes)


def _lang(options: DiagramOptions) -> str:
    return "zh" if options.lang.lower().startswith("zh") else "en"


@dataclass(frozen=True)
class _Look:
    """How one touchpoint, edge or stage lane departs from the plain diagram (a comparison's status).

    ``text`` is the colour of its text, ``width`` its pen width (an edge's only when it has no share),
    ``strike`` strikes its name through, ``note`` adds small lines in ``accent`` under it."""

    fill: str | None = None
    color: str | None = None
    text: str | None = None
    width: str | None = None
    dashed: bool = False
    strike: bool = False
    note: tuple[str, ...] = ()
    accent: str = _MUTED


_NO_LOOKS: Mapping[Any, _Look] = MappingProxyType({})


def _diagram(journey: Journey, order: list[str], options: DiagramOptions, lang: str, *, title: list[str],
             shares: dict[tuple[str, str], float], legend: list[str], worst: dict[str, Severity] | None = None,
             nodes: Mapping[str, _Look] = _NO_LOOKS, edges: Mapping[tuple[str, str], _Look] = _NO_LOOKS,
             lanes: Mapping[str, _Look] = _NO_LOOKS) -> str:
    """The DOT source of ``journey`` with its touchpoints in ``order``: the layout every diagram shares.

    ``title`` is the wrapped heading, ``shares`` each edge's share of customers (see :func:`_shares`),
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
            "fontcolor": _INK,
            "label": _html_label(_stack([f"<B>{_text(line)}</B>" for line in title], align="LEFT", size=18)),
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
            "fontcolor": _INK,
            "shape": "box",
            "style": "rounded,filled",
            "fillcolor": "white",
            "color": _LINE,
            "penwidth": "1.2",
            "margin": "0.14,0.07",
        },
        edge_attr={
            "fontname": FONT,
            "fontsize": "9.5",
            "fontcolor": _MUTED,
            "color": _EDGE,
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
    _add_legend(dot, legend, order[0] if order else None)
    return dot.source


def _lane_attrs(stage: Stage, wrap: int, look: _Look | None) -> dict[str, str]:
    look = look or _Look()
    lines = wrap_columns(stage.name, wrap) or wrap_columns(stage.id, wrap)
    # pango strikes no bold CJK text through: a struck-through name is not bold
    rows = [_styled(line, look) if look.strike else f"<B>{_styled(line, look)}</B>" for line in lines]
    rows += [f'<FONT POINT-SIZE="10" COLOR="{look.accent}">{_text(line)}</FONT>' for line in look.note]
    return {
        "label": _html_label(_stack(rows, align="LEFT")),
        "labeljust": "l",
        "labelloc": "t",
        "fontsize": "13",
        "fontcolor": look.text or _MOT,
        "style": "rounded,filled,dashed" if look.dashed else "rounded,filled",
        "fillcolor": look.fill or _LANE_FILL,
        "color": look.color or _LANE_LINE,
        "penwidth": look.width or "1",
        "margin": "12",
    }


# --- the comparison -----------------------------------------------------------------------------------

_Item = TypeVar("_Item", Stage, Touchpoint)


def _union(d: JourneyDiff) -> Journey:
    """Both versions in one journey (not validated: it may break the file format's rules, e.g. shares
    above 1): the later version, plus each stage, touchpoint and edge only the earlier one has."""
    after = d.after
    removed = set(d.edges.removed)
    return Journey.model_construct(
        format=after.format, id=after.id, title=after.title, locale=after.locale, persona=after.persona,
        start=after.start, stages=_merged(after.stages, d.before.stages),
        touchpoints=_merged(after.touchpoints, d.before.touchpoints),
        edges=[*after.edges, *(e for e in d.before.edges if (e.source, e.target) in removed)],
    )


def _merged(after: list[_Item], before: list[_Item]) -> list[_Item]:
    """``after``, with each item only ``before`` has placed right behind the one it followed there."""
    items = {item.id: item for item in before} | {item.id: item for item in after}
    return [items[item_id] for item_id in union_order([x.id for x in before], [x.id for x in after])]


def _changed_fields(fields: dict[str, Any], lang: str) -> str:
    """The names of the fields that changed: the telling ones first, at most a few, then ``…``."""
    rank = {name: i for i, name in enumerate(_FIELD_PRIORITY)}
    names = sorted(fields, key=lambda name: rank.get(name, len(rank)))  # stable: unknown ones as the diff lists
    shown = _DIFF_WORDS[lang]["sep"].join(field_label(name, lang) for name in names[:_NOTE_FIELDS])
    return shown + ("…" if len(names) > _NOTE_FIELDS else "")


def _status_look(status: str, note: tuple[str, ...] = ()) -> _Look:
    fill, color, text, accent = _STATUS_STYLE[status]
    removed = status == "removed"
    return _Look(fill=fill, color=color, text=text, width="1.2" if status == "unchanged" else "2",
                 dashed=removed, strike=removed, note=note, accent=accent)


def _edge_look(status: str) -> _Look:
    _, color, _, accent = _STATUS_STYLE[status]
    if status == "unchanged":
        return _Look(color=color, text=accent)
    return _Look(color=color, text=accent, width="1.6", dashed=status == "removed")


def _lane_look(status: str, note: str) -> _Look:
    _, color, _, accent = _STATUS_STYLE[status]
    removed = status == "removed"
    return _Look(color=color, text=accent if removed else None, width="1.6", dashed=removed, strike=removed,
                 note=(note,), accent=accent)


def _legend_statuses(lang: str) -> list[str]:
    words = _DIFF_WORDS[lang]
    rows = [_heading(words["changes"])]
    for status in _STATUSES:
        fill, color, _, _ = _STATUS_STYLE[status]
        swatch = _swatch(fill=fill, color=color, width=2, style="rounded,dashed" if status == "removed" else "rounded")
        rows.append(_row(swatch, _text(words[status])))
    rows.append(_row(_swatch(fill=_LANE_FILL, color=_STATUS_STYLE["removed"][1], width=2, style="rounded,dashed"),
                     _text(words["lanes"])))
    return rows


def render(dot_source: str, fmt: Format) -> bytes:
    """Render DOT source to ``svg``, ``png`` or ``pdf`` bytes with Graphviz's ``dot`` program.

    Parameters
    ----------
    dot_source
        DOT text, e.g. from :func:`journey_dot`.
    fmt
        ``"svg"``, ``"png"`` or ``"pdf"``.

    Returns
    -------
    bytes
        The rendered document.

    Raises
    ------
    ValueError
        For any other format.
    RuntimeError
        When Graphviz's ``dot`` program is not installed, or when it fails.
    """
    return start_render(fmt)(dot_source)


def start_render(fmt: Format) -> Callable[[str], bytes]:
    """Start Graphviz's ``dot`` now and return the function that feeds it the DOT and reads the result.

    Starting ``dot`` (loading its plugins and configuration) is a fifth of the time it takes on a
    300-touchpoint journey; started before the DOT is built, that part overlaps with building it.

    Raises
    ------
    ValueError
        For a format other than ``svg``, ``png`` or ``pdf``.
    RuntimeError
        When Graphviz's ``dot`` program is not installed, or (from the returned function) when it fails.
    """
    if fmt not in _FORMATS:
        raise ValueError(f"cannot render {fmt!r}: choose one of {', '.join(_FORMATS)}")
    program = shutil.which("dot")
    if program is None:
        raise RuntimeError(
            "Graphviz's `dot` program was not found on PATH: install Graphviz (e.g. `apt-get install graphviz`, "
            "plus `fonts-noto-cjk` for Chinese) to export SVG, PNG or PDF diagrams"
        )
    process = subprocess.Popen([program, f"-T{fmt}"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE)

    def finish(dot_source: str) -> bytes:
        out, err = process.communicate(dot_source.encode("utf-8"))
        if process.returncode != 0:
            detail = err.decode("utf-8", "replace").strip()
            raise RuntimeError(f"Graphviz `dot` failed to render {fmt}: {detail or process.returncode}")
        return out

    return finish


# --- nodes ------------------------------------------------------------------------------------------

def _worst_severity(analysis: Analysis, by_id: dict[str, Touchpoint]) -> dict[str, Severity]:
    rank = {severity: i for i, severity in enumerate(SEVERITIES)}
    worst: dict[str, Severity] = {}
    for finding in analysis.findings:
        for tp_id in finding.touchpoints:
            if tp_id in by_id and (tp_id not in worst or rank[finding.severity] < rank[worst[tp_id]]):
                worst[tp_id] = finding.severity
    return worst


def _add_nodes(graph: graphviz.Digraph, touchpoints: list[Touchpoint], worst: dict[str, Severity], wrap: int,
               lang: str, looks: Mapping[str, _Look]) -> None:
    for tp in touchpoints:
        graph.node(node_name(tp.id), **_node_attrs(tp, worst.get(tp.id), wrap, lang, looks.get(tp.id)))


def _moments(tp: Touchpoint) -> list[str]:
    """The touchpoint's moments in the fixed order mot, peak, end, pain (not the file's order)."""
    return [m for m in MOMENTS if tp.has(m)]


def _badge(moment: str, lang: str) -> str:
    return f"{_BADGE_SYMBOL[moment]} {_BADGE_WORD[lang][moment]}"


def _styled(line: str, look: _Look | None) -> str:
    """One line of a name, struck through when ``look`` says so."""
    return f"<S>{_text(line)}</S>" if look is not None and look.strike else _text(line)


def _node_attrs(tp: Touchpoint, severity: Severity | None, wrap: int, lang: str,
                look: _Look | None = None) -> dict[str, str]:
    moments = _moments(tp)
    # a name of control characters shows nothing: the id
    lines = wrap_columns(tp.name, wrap) or wrap_columns(tp.id, wrap)
    bold = "mot" in moments and not (look is not None and look.strike)  # pango strikes no bold CJK text through
    rows = [f"<B>{_styled(line, look)}</B>" if bold else _styled(line, look) for line in lines]
    padded = None
    if moments:  # one cell per badge: spacing without text elements made of blanks
        badges = "".join(
            f'<TD><FONT COLOR="{_MOMENT_STYLE[m][1]}">{_text(_badge(m, lang))}</FONT></TD>' for m in moments
        )
        rows.append(f'<FONT POINT-SIZE="9"><TABLE BORDER="0" CELLBORDER="0" CELLSPACING="4" CELLPADDING="0">'
                    f"<TR>{badges}</TR></TABLE></FONT>")
        padded = len(rows) - 1
    if look is not None:
        rows += [f'<FONT POINT-SIZE="9" COLOR="{look.accent}">{_text(line)}</FONT>' for line in look.note]
    attrs = {"label": _html_label(_stack(rows, padded=padded))}

    fills = [fill for m in moments if (fill := _MOMENT_STYLE[m][0])]
    if look is not None and look.fill:  # the look's fill says more than the moments, which keep their badges
        attrs["fillcolor"] = look.fill
    elif len(fills) == 1:
        attrs["fillcolor"] = fills[0]
    elif fills:
        attrs["fillcolor"] = f"{fills[0]}:{fills[1]}"
        attrs["gradientangle"] = "90"
    if "mot" in moments:
        attrs["peripheries"] = "2"
        attrs["color"] = _MOT
        attrs["penwidth"] = "1.4"
    if severity is not None:
        color, width, dashed = _SEVERITY_STYLE[severity]
        attrs["color"] = color
        attrs["penwidth"] = f"{width:g}"
        if dashed:
            attrs["style"] = "rounded,filled,dashed"
    if look is not None:
        attrs.update(_look_attrs(look))
        if look.dashed:
            attrs["style"] = "rounded,filled,dashed"
    return attrs


def _look_attrs(look: _Look) -> dict[str, str]:
    """The border colour, pen width and text colour ``look`` sets."""
    attrs = {"color": look.color, "penwidth": look.width, "fontcolor": look.text}
    return {name: value for name, value in attrs.items() if value is not None}


# --- edges ------------------------------------------------------------------------------------------

def _percent(share: float) -> str:
    return f"{share * 100:.1f}".rstrip("0").rstrip(".") + "%"


def _shares(edges: list[Edge]) -> dict[tuple[str, str], float]:
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
               shares: dict[tuple[str, str], float], looks: Mapping[tuple[str, str], _Look]) -> None:
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
            attrs["label"] = _html_label(_stack([_text(line) for line in lines]))
        if share is not None:
            attrs["penwidth"] = f"{0.8 + 2.4 * share:.2f}"
        tail, head = node_name(edge.source), node_name(edge.target)
        loop = position[edge.source] >= position[edge.target]  # back to an earlier step
        if loop:
            attrs.update(style="dashed", color=_LOOP, fontcolor=_LOOP)
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


# --- legend -----------------------------------------------------------------------------------------

def _swatch(fill: str = "white", color: str = _LINE, width: int = 1, style: str = "rounded",
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
    return f'<TR><TD COLSPAN="2" ALIGN="LEFT"><B>{_text(text)}</B></TD></TR>'


def _legend_moments(lang: str, *, fills: bool = True) -> list[str]:
    """The legend's title and its rows for the moments; without ``fills`` (the boxes are filled by something
    else) only the badges and the double border."""
    rows = [_heading(_WORDS[lang]["legend"])]
    for moment in MOMENTS:
        fill, accent = _MOMENT_STYLE[moment]
        if moment == "mot":
            swatch = _swatch(color=_MOT, double=True)
        else:
            swatch = _swatch(fill=fill or "white") if fills else "<TD></TD>"
        text = f'<FONT COLOR="{accent}">{_text(_BADGE_SYMBOL[moment])}</FONT> {_text(_LEGEND_MOMENT[lang][moment])}'
        rows.append(_row(swatch, text))
    return rows


def _legend_severities(lang: str) -> list[str]:
    rows = [_heading(_WORDS[lang]["outline"])]
    for severity in SEVERITIES:
        color, width, dashed = _SEVERITY_STYLE[severity]
        swatch = _swatch(color=color, width=round(width), style="rounded,dashed" if dashed else "rounded")
        rows.append(_row(swatch, _text(_SEVERITY_WORD[lang][severity])))
    return rows


def _legend_edges(lang: str, first: list[str] | None = None, loop: str = _LOOP) -> list[str]:
    """The legend's rows for edges: ``first`` (more rows), then line width and loops (drawn in ``loop``)."""
    words = _WORDS[lang]
    return [
        _heading(words["edges"]),
        *(first or []),
        _row(f'<TD><FONT COLOR="{_EDGE}">━━▶</FONT></TD>', _text(words["share"])),
        _row(f'<TD><FONT COLOR="{loop}">╌╌▶</FONT></TD>', _text(words["loop"])),
    ]


def _add_legend(dot: graphviz.Digraph, rows: list[str], first: str | None) -> None:
    table = ('<TABLE BORDER="1" COLOR="' + _LANE_LINE + '" CELLBORDER="0" CELLSPACING="4" CELLPADDING="2" '
             'BGCOLOR="white" STYLE="rounded">' + "".join(rows) + "</TABLE>")
    dot.node(LEGEND_NODE, label=_html_label(f'<FONT POINT-SIZE="10">{table}</FONT>'), shape="plain")
    if first is not None:  # a rank of its own ahead of the journey: left of it (LR) or above it (TB)
        dot.edge(LEGEND_NODE, node_name(first), style="invis", weight="0")


# --- text -------------------------------------------------------------------------------------------

def _stack(rows: list[str], *, align: str = "CENTER", size: int | None = None, padded: int | None = None) -> str:
    """Lines of label markup as the rows of a borderless table: graphviz measures a table's rows with
    room to spare, where lines joined by ``<BR/>`` come out too tight for CJK fonts and overlap. The row
    at index ``padded`` (a row of badges) gets a little room around it."""
    if not rows:
        return ""
    padding = ['CELLPADDING="3"' if i == padded else "" for i in range(len(rows))]
    cells = [f'<TR><TD ALIGN="{align}" {pad}>{row}</TD></TR>' for row, pad in zip(rows, padding, strict=True)]
    table = f'<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="1">{"".join(cells)}</TABLE>'
    return f'<FONT POINT-SIZE="{size}">{table}</FONT>' if size else table


def _html_label(markup: str) -> str:
    """An HTML-like DOT label: graphviz's quoting passes ``<...>`` through as it is."""
    return f"<{markup}>"


def _text(text: str) -> str:
    r"""User text, safe inside an HTML-like label and shown as typed.

    ``<``, ``>``, ``&`` and quotes become entities; backslashes are doubled because Graphviz expands
    ``\N``, ``\G``, ``\E``, ``\T``, ``\H`` (node, graph, edge names) even in HTML-like labels, and reads
    ``\\`` as one backslash. Brackets and braces become numeric entities too: Graphviz's label lexer
    rejects an element whose whole text is ``]`` (found by the property test).

    Examples
    --------
    >>> print(_text('a"]; <b> & \\N'))
    a&quot;&#93;; &lt;b&gt; &amp; \\N
    """
    return html.escape(printable(text).replace("\\", "\\\\"), quote=True).translate(_BRACKETS)


_BRACKETS = str.maketrans({"[": "&#91;", "]": "&#93;", "{": "&#123;", "}": "&#125;"})
