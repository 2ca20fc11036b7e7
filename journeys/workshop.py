"""A live workshop: the room scores a journey's touchpoints from their phones.

A facilitator starts a :class:`Session` on a stored journey; it fixes the touchpoints (in journey order)
the room walks, and gets a short random join code (:func:`new_code`, 40 bits) valid while the session is
open. A :class:`Participant` joins with a display name and no account; each holds a random token (kept
by the store only as a hash) that alone may change that participant's votes. A :class:`Vote` is one
participant's say on one touchpoint: perceived and expected score (1–5, both optional), a pain mark and
one line of text; the last vote counts.

:func:`results` turns a session's votes into per-touchpoint means and spreads (:class:`Results`), and
:func:`proposal` / :func:`apply` show and make the change to the journey the facilitator confirms:
the scores become the means (evidence ``workshop``, ``n`` the votes behind them), ticked comments
become expectations and ticked touchpoints get the ``pain`` moment. Nothing is applied silently.

The store keeps sessions, participants and votes (:mod:`journeys.store`); this module holds no state.
"""

from __future__ import annotations

import math
import re
import secrets
import statistics
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

from .model import Emotion, Expectation, Journey
from .words import t as word

__all__ = [
    "CODE_ALPHABET",
    "CODE_LENGTH",
    "MAX_NAME",
    "MAX_PARTICIPANTS",
    "MAX_TEXT",
    "NAME_DAYS",
    "Comment",
    "Participant",
    "Proposal",
    "Results",
    "ScoreChange",
    "Session",
    "TouchpointResult",
    "Vote",
    "WorkshopError",
    "apply",
    "check_name",
    "check_vote",
    "new_code",
    "normal_code",
    "proposal",
    "results",
    "script_session",
    "stamp",
]

CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
"""32 characters no one misreads on a projector or mistypes on a phone (no 0 beside O, no 1 beside I)."""
CODE_LENGTH = 8
"""8 characters of 32: 40 bits, beyond guessing while a session is open."""
MAX_PARTICIPANTS = 200
MAX_TEXT = 280
"""Characters of a vote's line of text, after stripping."""
MAX_NAME = 40
"""Characters of a display name, after stripping."""
NAME_DAYS = 30
"""Days after a session closes that its participants' names are dropped (the counts and votes stay)."""

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_CODE_NOISE = re.compile(r"[\s\-_.·]+")


class WorkshopError(Exception):
    """A workshop action refused: a catalogue ``key`` (``workshop.*``) and its ``params``; English by
    default, any language through :meth:`text` (as :class:`journeys.store.StoreError`)."""

    def __init__(self, key: str, **params: Any):
        self.key, self.params = key, params
        super().__init__(word(key, "en", **params))

    def text(self, lang: str) -> str:
        """The message in ``lang``."""
        return word(self.key, lang, **self.params)


def stamp() -> str:
    """Now, UTC, ISO 8601 with microseconds: two votes a moment apart get different times, so the
    projector's poll (:meth:`journeys.store.JourneyStore.workshop_stamp`) sees a changed vote."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


def new_code() -> str:
    """A fresh join code of :data:`CODE_LENGTH` characters of :data:`CODE_ALPHABET`."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normal_code(text: str) -> str:
    """A code as typed on a phone, made comparable: full-width forms folded, spaces and dashes
    dropped, upper case.

    >>> normal_code(" ab3d-ef 9h "), normal_code("ＡＢ３Ｄ")
    ('AB3DEF9H', 'AB3D')
    """
    return _CODE_NOISE.sub("", unicodedata.normalize("NFKC", text)).upper()


@dataclass(frozen=True)
class Session:
    """One workshop on one journey; ``touchpoints`` are ``(id, name)`` in journey order at the start."""

    id: str
    journey_id: str
    version: int | None
    code: str
    started_at: str
    started_by: str
    closed_at: str | None
    touchpoints: tuple[tuple[str, str], ...]
    names_dropped_at: str | None = None

    @property
    def open(self) -> bool:
        return self.closed_at is None

    def has(self, touchpoint: str) -> bool:
        return any(tp == touchpoint for tp, _ in self.touchpoints)


@dataclass(frozen=True)
class Participant:
    """One person in the room; ``name`` is ``None`` once anonymised or dropped."""

    id: str
    session_id: str
    name: str | None
    joined_at: str


@dataclass(frozen=True)
class Vote:
    """One participant's say on one touchpoint (the last one counts)."""

    session_id: str
    participant_id: str
    touchpoint: str
    perceived: int | None
    expected: int | None
    pain: bool
    text: str
    at: str


def _clean_line(text: str, *, limit: int, too_long: str) -> str:
    if not isinstance(text, str):
        raise WorkshopError("workshop.bad_text")
    cleaned = text.strip()
    if _CONTROL.search(cleaned):
        raise WorkshopError("workshop.control")
    if len(cleaned) > limit:
        raise WorkshopError(too_long, n=len(cleaned), max=limit)
    return cleaned


def check_name(name: str) -> str:
    """The display name as kept (stripped); raises :class:`WorkshopError` when empty, longer than
    :data:`MAX_NAME` or holding control characters."""
    cleaned = _clean_line(name, limit=MAX_NAME, too_long="workshop.name_too_long")
    if not cleaned:
        raise WorkshopError("workshop.name_empty")
    return cleaned


def _check_score(value: object, which: str) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
        raise WorkshopError("workshop.bad_vote", field=which, value=value)


def check_vote(session: Session, touchpoint: str, perceived: int | None, expected: int | None,
               pain: bool, text: str) -> str:
    """The vote's text as kept (stripped); raises :class:`WorkshopError` for a touchpoint the session
    does not walk, a score that is not an integer 1–5 (or ``None``), a pain mark that is not a bool, a
    text over :data:`MAX_TEXT` characters or with control characters."""
    if not session.has(touchpoint):
        raise WorkshopError("workshop.unknown_touchpoint", touchpoint=touchpoint)
    _check_score(perceived, "perceived")
    _check_score(expected, "expected")
    if not isinstance(pain, bool):
        raise WorkshopError("workshop.bad_vote", field="pain", value=pain)
    return _clean_line(text, limit=MAX_TEXT, too_long="workshop.too_long")


# -- results


@dataclass(frozen=True)
class Comment:
    """A vote's line of text; ``id`` (participant and touchpoint) is unique in its session."""

    id: str
    touchpoint: str
    text: str
    pain: bool
    at: str


@dataclass(frozen=True)
class TouchpointResult:
    """What the room said about one touchpoint. ``n`` counts perceived scores, ``expected_n`` expected
    ones; the spreads are sample standard deviations (``None`` below two scores)."""

    touchpoint: str
    name: str
    n: int
    perceived_mean: float | None
    perceived_sd: float | None
    perceived_min: int | None
    perceived_max: int | None
    expected_n: int
    expected_mean: float | None
    expected_sd: float | None
    expected_min: int | None
    expected_max: int | None
    pain: int
    """How many marked it as hurting."""
    comments: tuple[Comment, ...]
    """Oldest first."""
    votes: int = 0
    """Votes on the touchpoint, with or without scores."""
    scored: int = 0
    """Votes with at least one score: the ``n`` behind applied scores."""


@dataclass(frozen=True)
class Results:
    """A session's votes summed up, touchpoints in session order."""

    session: Session
    touchpoints: tuple[TouchpointResult, ...]
    participants: int
    votes: int
    last_vote_at: str | None

    def latest_comments(self, k: int) -> list[Comment]:
        """The ``k`` newest comments, newest first."""
        every = [c for tp in self.touchpoints for c in tp.comments]
        return sorted(every, key=lambda c: (c.at, c.id), reverse=True)[:max(k, 0)]

    def most_pain(self, k: int) -> list[TouchpointResult]:
        """The ``k`` touchpoints most marked as pain (at least once), most first, then in session order."""
        marked = [tp for tp in self.touchpoints if tp.pain]
        return sorted(marked, key=lambda tp: -tp.pain)[:max(k, 0)]

    def result(self, touchpoint: str) -> TouchpointResult | None:
        return next((tp for tp in self.touchpoints if tp.touchpoint == touchpoint), None)


def _spread(values: Sequence[int]) -> tuple[float | None, float | None, int | None, int | None]:
    if not values:
        return None, None, None, None
    sd = statistics.stdev(values) if len(values) > 1 else None
    return statistics.fmean(values), sd, min(values), max(values)


def results(session: Session, participants: Iterable[Participant], votes: Iterable[Vote]) -> Results:
    """The session's results; votes on touchpoints the session does not walk are left out."""
    by_tp: dict[str, list[Vote]] = {tp: [] for tp, _ in session.touchpoints}
    counted = 0
    last: str | None = None
    for vote in votes:
        if vote.session_id != session.id or vote.touchpoint not in by_tp:
            continue
        by_tp[vote.touchpoint].append(vote)
        counted += 1
        last = vote.at if last is None or vote.at > last else last
    rows = []
    for tp, name in session.touchpoints:
        mine = sorted(by_tp[tp], key=lambda v: (v.at, v.participant_id))
        perceived = [v.perceived for v in mine if v.perceived is not None]
        expected = [v.expected for v in mine if v.expected is not None]
        p_mean, p_sd, p_min, p_max = _spread(perceived)
        e_mean, e_sd, e_min, e_max = _spread(expected)
        comments = tuple(Comment(f"{v.participant_id}:{tp}", tp, v.text, v.pain, v.at) for v in mine if v.text)
        scored = sum(1 for v in mine if v.perceived is not None or v.expected is not None)
        rows.append(TouchpointResult(tp, name, len(perceived), p_mean, p_sd, p_min, p_max, len(expected), e_mean,
                                     e_sd, e_min, e_max, sum(1 for v in mine if v.pain), comments, len(mine),
                                     scored))
    people = sum(1 for p in participants if p.session_id == session.id)
    return Results(session, tuple(rows), people, counted, last)


def script_session(sessions: Iterable[Session]) -> Session | None:
    """The session whose votes the experience script shows: the latest closed one, else the latest."""
    every = sorted(sessions, key=lambda s: (s.started_at, s.id), reverse=True)
    return next((s for s in every if not s.open), every[0] if every else None)


# -- applying to the journey


@dataclass(frozen=True)
class ScoreChange:
    """One score the workshop would set: ``old`` → ``new`` (the mean, rounded to 1 decimal) from ``n`` votes."""

    touchpoint: str
    name: str
    field: Literal["perceived", "expected"]
    old: float | None
    new: float
    n: int


@dataclass(frozen=True)
class Proposal:
    """What applying the results would change, for the facilitator to see and tick before saving."""

    changes: tuple[ScoreChange, ...]
    candidates: tuple[Comment, ...]
    """Comments that may become expectations (or point to a pain mark)."""
    pains: tuple[tuple[str, int], ...]
    """``(touchpoint, marks)`` of the touchpoints marked as pain and not yet a pain point."""


def _round(value: float) -> float:
    return math.floor(value * 10 + 0.5) / 10


def proposal(journey: Journey, results: Results) -> Proposal:
    """The score changes, candidate comments and pain marks of ``results`` for the journey's current
    touchpoints (one removed since the session started is left out)."""
    here = {tp.id: tp for tp in journey.touchpoints}
    changes: list[ScoreChange] = []
    candidates: list[Comment] = []
    pains: list[tuple[str, int]] = []
    for row in results.touchpoints:
        tp = here.get(row.touchpoint)
        if tp is None:
            continue
        emotion = tp.emotion or Emotion()
        if row.perceived_mean is not None:
            changes.append(ScoreChange(tp.id, tp.name, "perceived", emotion.perceived, _round(row.perceived_mean),
                                       row.n))
        if row.expected_mean is not None:
            changes.append(ScoreChange(tp.id, tp.name, "expected", emotion.expected, _round(row.expected_mean),
                                       row.expected_n))
        candidates += row.comments
        if row.pain and not tp.has("pain"):
            pains.append((tp.id, row.pain))
    return Proposal(tuple(changes), tuple(candidates), tuple(pains))


def apply(journey: Journey, results: Results, *, expectations: set[str], pains: set[str]) -> Journey:
    """``journey`` with the workshop's scores (the means, evidence ``workshop``, ``n`` the votes with a
    score, ``period`` the session's day), the comments whose ids are in ``expectations`` as expectations
    of their touchpoints (a text the touchpoint already expects is not repeated) and the ``pain``
    moment on the touchpoints in ``pains``. Nothing else changes."""
    by_tp = {row.touchpoint: row for row in results.touchpoints}
    comments = {c.id: c for row in results.touchpoints for c in row.comments}
    unknown = sorted((expectations - comments.keys()) | (pains - by_tp.keys()))
    if unknown:
        raise WorkshopError("workshop.unknown_pick", what=", ".join(unknown))
    data = journey.model_dump(by_alias=True, exclude_none=True)
    for tp in data["touchpoints"]:
        row = by_tp.get(tp["id"])
        if row is None:
            continue
        if row.perceived_mean is not None or row.expected_mean is not None:
            emotion = dict(tp.get("emotion") or {})
            if row.perceived_mean is not None:
                emotion["perceived"] = _round(row.perceived_mean)
            if row.expected_mean is not None:
                emotion["expected"] = _round(row.expected_mean)
            emotion.update(evidence="workshop", n=row.scored, period=results.session.started_at[:10])
            tp["emotion"] = emotion
        have = {e["text"] for e in tp.get("expectations", [])}
        for comment in row.comments:
            if comment.id in expectations and comment.text not in have:
                tp.setdefault("expectations", []).append(Expectation(text=comment.text).model_dump(exclude_none=True))
                have.add(comment.text)
        if tp["id"] in pains and "pain" not in tp.get("moments", []):
            tp["moments"] = [*tp.get("moments", []), "pain"]
    return Journey.model_validate(data)
