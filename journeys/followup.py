"""The follow-through between two versions of a journey: improvement actions done, new and overdue, and
the measured scores and NPS before and after (issue: a manager shows next quarter that the service got
better, by NPS and by survey scores, seeds 001 and 002).

*Measured* scores are a touchpoint's scores whose evidence is a workshop vote, an observation or a
survey (``emotion.evidence``); assumed ones (typed by the team) are left out here, as they measure
nothing. Actions match by id.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from .model import Action, Emotion, Journey, Nps

__all__ = ["MEASURED", "FollowUp", "Measured", "evidence_counts", "follow_up"]

MEASURED: tuple[str, ...] = ("workshop", "observed", "survey")
"""The evidence that makes a score measured rather than assumed."""


def evidence_counts(journey: Journey) -> dict[str, int]:
    """How many touchpoints' scores rest on each kind of evidence (``assumed`` when not given); only
    touchpoints with at least one score count.

    >>> from journeys.catalog import load_template
    >>> evidence_counts(load_template("business-hall", "en"))
    {'assumed': 11, 'workshop': 0, 'observed': 0, 'survey': 0}
    """
    counts = {"assumed": 0, **dict.fromkeys(MEASURED, 0)}
    for tp in journey.touchpoints:
        e = tp.emotion
        if e is not None and (e.expected is not None or e.perceived is not None):
            counts[e.evidence or "assumed"] += 1
    return counts


def _measured(e: Emotion | None) -> Emotion | None:
    if e is None or e.evidence not in MEASURED or (e.expected is None and e.perceived is None):
        return None
    return e


def _emotion_dict(e: Emotion | None) -> dict[str, Any] | None:
    return None if e is None else e.model_dump(mode="json", exclude_none=True)


@dataclass(frozen=True)
class Measured:
    """One touchpoint's measured scores in both versions (``None`` where that version has none)."""

    touchpoint: str
    name: str
    before: Emotion | None
    after: Emotion | None

    def to_dict(self) -> dict[str, Any]:
        return {"touchpoint": self.touchpoint, "before": _emotion_dict(self.before),
                "after": _emotion_dict(self.after)}


@dataclass(frozen=True)
class FollowUp:
    """Actions done, new, removed and overdue between two versions, and the measured scores and NPS."""

    today: dt.date
    done: tuple[Action, ...]
    """Done in the later version and not (or not there) in the earlier one."""
    new: tuple[Action, ...]
    """In the later version only."""
    removed: tuple[Action, ...]
    """In the earlier version only."""
    overdue: tuple[Action, ...]
    """Overdue in the later version as of :attr:`today`."""
    nps: tuple[Nps | None, Nps | None]
    measured: tuple[Measured, ...]

    @property
    def actions_changed(self) -> bool:
        return bool(self.done or self.new or self.removed or self.overdue)

    @property
    def measures(self) -> bool:
        """Whether either version has an NPS or a measured score."""
        return bool(self.measured) or self.nps != (None, None)

    @property
    def empty(self) -> bool:
        return not self.actions_changed and not self.measures

    def to_dict(self) -> dict[str, Any]:
        def ids(actions: tuple[Action, ...]) -> list[dict[str, Any]]:
            return [a.model_dump(mode="json", exclude_none=True, exclude_defaults=True) | {"status": a.status}
                    for a in actions]

        return {
            "today": self.today.isoformat(),
            "actions": {"done": ids(self.done), "new": ids(self.new), "removed": ids(self.removed),
                        "overdue": ids(self.overdue)},
            "nps": {"before": None if self.nps[0] is None else self.nps[0].model_dump(mode="json", exclude_none=True),
                    "after": None if self.nps[1] is None else self.nps[1].model_dump(mode="json", exclude_none=True)},
            "measured": [m.to_dict() for m in self.measured],
        }


def follow_up(before: Journey, after: Journey, today: dt.date, order: list[str] | None = None) -> FollowUp:
    """What happened to the actions from ``before`` to ``after``, and the measured scores of both.

    ``order`` lists touchpoint ids in the order the measured scores are given (default: ``after``'s file
    order, then the touchpoints only ``before`` has).

    >>> from journeys.catalog import load_template
    >>> j = load_template("business-hall", "en")
    >>> later = j.model_copy(update={"actions": [Action(id="a", title="Shorter queue", status="done")]})
    >>> f = follow_up(j, later, dt.date(2026, 1, 1))
    >>> [a.id for a in f.done], [a.id for a in f.new], f.overdue
    (['a'], ['a'], ())
    """
    old = {a.id: a for a in before.actions}
    new_ids = {a.id for a in after.actions}
    done = tuple(a for a in after.actions if a.status == "done" and (a.id not in old or old[a.id].status != "done"))
    new = tuple(a for a in after.actions if a.id not in old)
    removed = tuple(a for a in before.actions if a.id not in new_ids)
    overdue = tuple(a for a in after.actions if a.is_overdue(today))
    olds = {tp.id: tp for tp in before.touchpoints}
    news = {tp.id: tp for tp in after.touchpoints}
    ids = order if order is not None else [*news, *(i for i in olds if i not in news)]
    measured = []
    for tp_id in ids:
        was = _measured(olds[tp_id].emotion) if tp_id in olds else None
        now = _measured(news[tp_id].emotion) if tp_id in news else None
        if was is not None or now is not None:
            name = (news.get(tp_id) or olds[tp_id]).name
            measured.append(Measured(tp_id, name, was, now))
    return FollowUp(today, done, new, removed, overdue, (before.nps, after.nps), tuple(measured))
