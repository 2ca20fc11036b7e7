"""Moving a store's contents to another store, and checking that a store is whole.

:func:`copy_store` copies every journey, version, draft and user between any two stores (SQLite →
PostgreSQL is the upgrade path), keeping numbers, times and authors, and checks the counts afterwards.
:func:`check_store` runs the backend's own integrity check and the checks every store shares: each
journey's versions numbered 1…n without a gap, every document a valid journey of that id, every draft
readable and based on a version that exists, every user with a known role and a password hash.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from ..model import Journey
from ._base import Contents, JourneyStore, StoreError

__all__ = [
    "CopyReport",
    "Problem",
    "check_store",
    "copy_store",
]


@dataclass(frozen=True)
class Problem:
    """One thing :func:`check_store` found wrong: a catalogue key (``store.check.*``) and its words."""

    key: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass
class CopyReport:
    """What :func:`copy_store` did."""

    copied: dict[str, int]
    """How many journeys, versions, drafts, users and workshop sessions, participants and votes were
    copied."""
    skipped_journeys: list[str] = field(default_factory=list)
    """Ids the destination already held (with ``merge``): left as they are there."""
    skipped_users: list[str] = field(default_factory=list)
    """Names the destination already held (with ``merge``): left as they are there."""
    before: dict[str, int] = field(default_factory=dict)
    after: dict[str, int] = field(default_factory=dict)


def copy_store(source: JourneyStore, destination: JourneyStore, *, merge: bool = False) -> CopyReport:
    """Copy everything ``source`` holds into ``destination``, in one transaction there.

    A destination that already holds journeys or users is refused (:class:`StoreError`) unless
    ``merge``; then a journey id or a user name held by both stays as the destination has it, and is
    reported. The destination's counts afterwards must equal its counts before plus what was copied,
    else :class:`StoreError` says so."""
    before = destination.counts()
    if not merge and (before["journeys"] or before["users"]):
        raise StoreError(key="store.copy.not_empty", path=destination.location, journeys=before["journeys"],
                         users=before["users"])
    contents = source.contents()
    there = destination.contents() if merge else Contents()
    held = {version.info.journey_id for version in there.versions}
    names = {user.name.lower() for user in there.users}
    both = sorted({version.info.journey_id for version in contents.versions} & held)
    both_users = sorted(user.name for user in contents.users if user.name.lower() in names)
    moving = Contents(
        versions=[v for v in contents.versions if v.info.journey_id not in held],
        drafts=[d for d in contents.drafts if d.journey_id not in held],
        users=[u for u in contents.users if u.name.lower() not in names],
        secrets=contents.secrets,
        sessions=[s for s in contents.sessions if s.journey_id not in held],
    )
    moved = {s.id for s in moving.sessions}
    moving.participants = [p for p in contents.participants if p.participant.session_id in moved]
    moving.votes = [v for v in contents.votes if v.session_id in moved]
    destination.insert_contents(moving)
    copied = {
        "journeys": len({v.info.journey_id for v in moving.versions}),
        "versions": len(moving.versions),
        "drafts": len(moving.drafts),
        "users": len(moving.users),
        "sessions": len(moving.sessions),
        "participants": len(moving.participants),
        "votes": len(moving.votes),
    }
    after = destination.counts()
    for what, n in copied.items():
        if after[what] != before[what] + n:
            raise StoreError(key="store.copy.miscount", path=destination.location, what=what,
                             expected=before[what] + n, found=after[what])
    return CopyReport(copied, both, both_users, before, after)


def check_store(store: JourneyStore) -> list[Problem]:
    """Everything wrong with ``store``; ``[]`` when it is whole."""
    try:
        problems = [Problem("store.check.physical", {"what": line}) for line in store.physical_check()]
        contents = store.contents()
    except StoreError as exc:
        return [Problem("store.check.unreadable", {"why": exc})]
    numbers: dict[str, list[int]] = defaultdict(list)
    for version in contents.versions:
        numbers[version.info.journey_id].append(version.info.number)
    for version in contents.versions:
        info = version.info
        where = {"id": info.journey_id, "n": info.number}
        if info.based_on is not None and (info.based_on >= info.number
                                          or info.based_on not in numbers[info.journey_id]):
            problems.append(Problem("store.check.bad_base", {**where, "base": info.based_on}))
        try:
            journey = Journey.model_validate_json(version.document)
        except ValidationError as exc:
            problems.append(Problem("store.check.bad_document", {**where, "why": _first_error(exc)}))
            continue
        if journey.id != info.journey_id:
            problems.append(Problem("store.check.wrong_id", {**where, "found": journey.id}))
    for journey_id, found in numbers.items():
        expected = list(range(1, len(found) + 1))
        if sorted(found) != expected:
            missing = sorted(set(range(1, max(found) + 1)) - set(found))
            problems.append(Problem("store.check.gap", {"id": journey_id,
                                                        "missing": ", ".join(map(str, missing)) or "-"}))
    for draft in contents.drafts:
        where = {"id": draft.journey_id, "person": draft.person}
        try:
            Journey.model_validate_json(draft.document)
        except ValidationError as exc:
            problems.append(Problem("store.check.bad_draft", {**where, "why": _first_error(exc)}))
        if draft.based_on is not None and draft.based_on not in numbers.get(draft.journey_id, []):
            problems.append(Problem("store.check.draft_base", {**where, "base": draft.based_on}))
    for user in contents.users:
        if user.role not in ("facilitator", "viewer"):
            problems.append(Problem("store.check.bad_role", {"name": user.name, "role": user.role}))
        if not user.password_hash.startswith("$2"):
            problems.append(Problem("store.check.bad_hash", {"name": user.name}))
    return problems + _workshop_problems(contents)


def _workshop_problems(contents: Contents) -> list[Problem]:
    """Participants and votes of no session, votes of no participant of theirs or on a touchpoint
    their session does not walk."""
    problems = []
    sessions = {s.id: s for s in contents.sessions}
    people = {p.participant.id: p.participant.session_id for p in contents.participants}
    for stored in contents.participants:
        if stored.participant.session_id not in sessions:
            problems.append(Problem("store.check.workshop_orphan",
                                    {"what": stored.participant.id, "session": stored.participant.session_id}))
    for vote in contents.votes:
        session = sessions.get(vote.session_id)
        if session is None or people.get(vote.participant_id) != vote.session_id:
            problems.append(Problem("store.check.workshop_orphan",
                                    {"what": f"{vote.participant_id}:{vote.touchpoint}", "session": vote.session_id}))
        elif not session.has(vote.touchpoint):
            problems.append(Problem("store.check.workshop_touchpoint",
                                    {"session": vote.session_id, "touchpoint": vote.touchpoint}))
    return problems


def _first_error(exc: ValidationError) -> str:
    error = exc.errors()[0]
    where = ".".join(str(part) for part in error["loc"])
    return f"{where}: {error['msg']}" if where else str(error["msg"])
