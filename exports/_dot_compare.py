"""The comparison diagram: two versions of a journey in one diagram with the same layout.

Every stage, touchpoint and edge of either version, added ones green, removed ones red and dashed,
changed ones amber, unchanged ones grey; weak points are not outlined there (the status takes the border).
"""

from __future__ import annotations

from typing import Any, TypeVar

from journeys.diff import JourneyDiff, union_order
from journeys.graph import display_order
from journeys.model import Journey, Stage, Touchpoint
from journeys.texts import field_label
from journeys.words import lang_of, t

from ._dot_diagram import DiagramOptions, edge_shares, layout_dot
from ._dot_legend import legend_edge_statuses, legend_edges, legend_moments, legend_statuses
from ._dot_style import EDGE, STATUS_STYLE, Look
from ._measure import wrap_columns

__all__ = ["diff_dot"]

# The fields a changed touchpoint lists first (at most _NOTE_FIELDS of them), the others after, as the diff
# names them.
_FIELD_PRIORITY: tuple[str, ...] = (
    "name", "stage", "moments", "emotion.perceived", "emotion.expected", "standards", "expectations", "owner",
    "backup", "script", "wow", "recovery.plan", "satisfaction.score", "channel", "customer_action",
    "employee_action",
)
_NOTE_FIELDS = 3


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
    lang = lang_of(options.lang)
    union = _union(d)
    tp_status = d.touchpoints.status()
    edge_status = d.edges.status()
    stage_status = d.stages.status()
    changed_fields = {c.key: c.fields for c in d.touchpoints.changed}
    note_wrap = options.wrap + options.wrap // 3  # the note's type is smaller than the name's

    nodes: dict[str, Look] = {}
    for tp in union.touchpoints:
        status = tp_status.get(tp.id, "unchanged")
        note = ""
        if status in ("added", "removed"):
            note = t(f"diagram.compare.note.{status}", lang)
        elif status == "changed":
            note = t("diagram.compare.note.changed", lang) + _changed_fields(changed_fields[tp.id], lang)
        nodes[tp.id] = _status_look(status, note=tuple(wrap_columns(note, note_wrap)))
    edges = {(e.source, e.target): _edge_look(edge_status.get((e.source, e.target), "unchanged"))
             for e in union.edges}
    lanes = {stage.id: _lane_look(status, t(f"diagram.compare.stage.{status}", lang))
             for stage in union.stages if (status := stage_status.get(stage.id, "unchanged")) != "unchanged"}
    # Each edge's share in the version it is drawn from: a removed edge's and an added one's may sum above 1.
    before_shares = edge_shares(d.before.edges)
    shares = {key: share for key, share in before_shares.items() if edge_status.get(key) == "removed"}
    shares.update(edge_shares(d.after.edges))

    title = (d.after.title if wrap_columns(d.after.title, 40) else d.after.id) + t("diagram.compare.title", lang)
    legend = (legend_moments(lang, fills=False) + legend_statuses(lang)
              + legend_edges(lang, legend_edge_statuses(lang), loop=EDGE))
    return layout_dot(union, display_order(union), options, lang, title=wrap_columns(title, 40),
                      shares=shares, legend=legend, nodes=nodes, edges=edges, lanes=lanes)


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
    shown = t("words.list_sep", lang).join(field_label(name, lang) for name in names[:_NOTE_FIELDS])
    return shown + ("…" if len(names) > _NOTE_FIELDS else "")


def _status_look(status: str, note: tuple[str, ...] = ()) -> Look:
    fill, color, text, accent = STATUS_STYLE[status]
    removed = status == "removed"
    return Look(fill=fill, color=color, text=text, width="1.2" if status == "unchanged" else "2",
                dashed=removed, strike=removed, note=note, accent=accent)


def _edge_look(status: str) -> Look:
    _, color, _, accent = STATUS_STYLE[status]
    if status == "unchanged":
        return Look(color=color, text=accent)
    return Look(color=color, text=accent, width="1.6", dashed=status == "removed")


def _lane_look(status: str, note: str) -> Look:
    _, color, _, accent = STATUS_STYLE[status]
    removed = status == "removed"
    return Look(color=color, text=accent if removed else None, width="1.6", dashed=removed, strike=removed,
                note=(note,), accent=accent)
