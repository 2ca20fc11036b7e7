"""Where everything of the journey map goes: the card columns stage by stage, the main path and its side
steps, the conditions and loops a card shows, each touchpoint's worst weak point, and the fixed sizes.

Sizes are in px units of the map's ``viewBox``: the app shows eight card pitches across the screen
and scales the drawing, so a name set at 20 still reads at 16 px on a 1280-wide projector.
"""

from __future__ import annotations

from dataclasses import dataclass

from journeys.analysis import Analysis
from journeys.findings import SEVERITIES, Severity
from journeys.model import Journey, Stage, Touchpoint

__all__ = [
    "ADD_W", "CARD_H", "CARD_W", "CURVE_H", "HEADER_H", "LANE_H", "LEFT", "MARGIN", "PITCH", "TITLE_H",
    "Flow", "Segment", "flow", "segments", "worst_severity",
]

PITCH = 160.0
"""The horizontal distance between two card columns (the contract with the app)."""
CARD_W = 146.0
CARD_H = 252.0
LEFT = 176.0  # the column of the persona card and the lanes' labels
ADD_W = 40.0  # the live view's "+" column after a stage's last card
MARGIN = 16.0
TITLE_H = 48.0
HEADER_H = 44.0
LANE_H = 84.0  # the expectations and the standards lanes: three lines each
CURVE_H = 220.0


@dataclass(frozen=True)
class Segment:
    """One stage's run of card columns on one drawing: all of the stage, or the part a poster page holds."""

    stage: Stage
    touchpoints: tuple[str, ...]
    continued: bool = False
    """The stage began on an earlier page (its name carries a "(cont.)" mark)."""


@dataclass(frozen=True)
class Flow:
    """How the touchpoints connect, as the cards show it."""

    side: frozenset[str]
    """Touchpoints off the main path: reached from no earlier touchpoint on it."""
    condition: dict[str, str]
    """A touchpoint's condition: the label of the first labelled edge into it from an earlier column."""
    loops: dict[str, tuple[str, ...]]
    """A touchpoint's ways back: the targets of its edges to itself or an earlier column."""
    linked: frozenset[tuple[str, str]]
    """Every edge as (source, target)."""


def segments(journey: Journey, order: list[str], stages: tuple[str, ...] | None = None) -> list[Segment]:
    """The journey's stages in journey order, each with its touchpoints in display order; only the stages
    named in ``stages`` when given."""
    by_stage: dict[str, list[str]] = {stage.id: [] for stage in journey.stages}
    stage_of = {tp.id: tp.stage for tp in journey.touchpoints}
    for tp_id in order:
        by_stage[stage_of[tp_id]].append(tp_id)
    wanted = None if stages is None else set(stages)
    return [Segment(stage, tuple(by_stage[stage.id])) for stage in journey.stages
            if wanted is None or stage.id in wanted]


def flow(journey: Journey, order: list[str]) -> Flow:
    """The main path, conditions and loops of ``journey`` with its touchpoints in ``order``."""
    position = {tp_id: i for i, tp_id in enumerate(order)}
    pairs = {(e.source, e.target) for e in journey.edges}
    stage_index = journey.stage_index()
    stage_of = {tp.id: tp.stage for tp in journey.touchpoints}
    by_stage = sorted(order, key=lambda tp_id: (stage_index[stage_of[tp_id]], position[tp_id]))
    # On the main path: the first touchpoint and every one an earlier main-path touchpoint leads to.
    mains: set[str] = set()
    side: set[str] = set()
    sources: dict[str, set[str]] = {}
    for source, target in pairs:
        sources.setdefault(target, set()).add(source)
    for tp_id in by_stage:
        if not mains or sources.get(tp_id, set()) & mains:
            mains.add(tp_id)
        else:
            side.add(tp_id)
    column = {tp_id: i for i, tp_id in enumerate(by_stage)}
    condition: dict[str, str] = {}
    loops: dict[str, list[str]] = {}
    for edge in journey.edges:
        if column[edge.source] >= column[edge.target]:
            loops.setdefault(edge.source, []).append(edge.target)
        elif edge.label and edge.label.strip() and edge.target not in condition:
            condition[edge.target] = edge.label
    return Flow(frozenset(side), condition, {k: tuple(v) for k, v in loops.items()}, frozenset(pairs))


def worst_severity(analysis: Analysis, touchpoints: list[Touchpoint]) -> dict[str, Severity]:
    """Each touchpoint's most severe weak point (findings naming unknown touchpoints are ignored)."""
    known = {tp.id for tp in touchpoints}
    rank = {severity: i for i, severity in enumerate(SEVERITIES)}
    worst: dict[str, Severity] = {}
    for finding in analysis.findings:
        for tp_id in finding.touchpoints:
            if tp_id in known and (tp_id not in worst or rank[finding.severity] < rank[worst[tp_id]]):
                worst[tp_id] = finding.severity
    return worst
