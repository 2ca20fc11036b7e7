"""What every store is: its errors, its records and the interface the app and the CLI use."""

from __future__ import annotations

import getpass
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal, Protocol

from ..model import Journey
from ..words import t as word
from ..workshop import Participant, Results, Session, Vote

__all__ = [
    "SCHEMA_VERSION",
    "ConflictError",
    "Contents",
    "Draft",
    "JourneyStore",
    "JourneySummary",
    "NotFoundError",
    "Role",
    "StoreError",
    "StoredDraft",
    "StoredParticipant",
    "StoredVersion",
    "User",
    "Version",
    "VersionInfo",
    "default_author",
    "default_store_location",
    "document",
    "is_server_url",
    "now",
]

Role = Literal["facilitator", "viewer"]

SCHEMA_VERSION = 3
"""The store's schema version, the same number in every backend (SQLite ``PRAGMA user_version``, the
``mot_schema`` table in PostgreSQL). 0 is the first release's SQLite store: one draft per journey.
1 keeps a draft per journey, person and browser tab. 2 holds the people who may sign in and the
secret that signs their cookies. 3 holds live workshops: sessions, participants (a hash of each one's
token, never the token) and votes."""


class StoreError(Exception):
    """The store could not do what was asked.

    Raised with a catalogue ``key`` (``store.*``) and its ``params``, it reads in English and in any
    language through :meth:`text`; raised with a plain message it reads as that message.
    """

    def __init__(self, message: str = "", *, key: str | None = None, **params: Any):
        self.key, self.params = key, params
        super().__init__(word(key, "en", **params) if key else message)

    def text(self, lang: str) -> str:
        """The message in ``lang``."""
        return word(self.key, lang, **self.params) if self.key else str(self)


class NotFoundError(StoreError, KeyError):
    """No such journey or version."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "not found"


class ConflictError(StoreError):
    """Someone saved a newer version since the one this save was based on. Nothing was written."""

    def __init__(self, journey_id: str, based_on: int | None, latest: int):
        self.journey_id, self.based_on, self.latest = journey_id, based_on, latest
        if based_on is None:
            message = f"journey '{journey_id}' already exists (latest version {latest})"
        else:
            message = (f"journey '{journey_id}' was saved as version {latest} after version {based_on}, "
                       "which this edit was based on; reload it or save your edit as a copy")
        super().__init__(message)


@dataclass(frozen=True)
class VersionInfo:
    """One saved version, without its document."""

    journey_id: str
    number: int
    saved_at: str
    """UTC time, ISO 8601 with seconds."""
    author: str
    note: str
    title: str
    based_on: int | None


@dataclass(frozen=True)
class Version:
    info: VersionInfo
    journey: Journey


@dataclass(frozen=True)
class JourneySummary:
    id: str
    title: str
    versions: int
    last_saved: str
    last_author: str


@dataclass(frozen=True)
class Draft:
    """A working copy in progress: whose (person, browser tab), the version it started from and the
    edited journey."""

    journey_id: str
    person: str
    tab: str
    based_on: int | None
    saved_at: str
    author: str
    journey: Journey

    @property
    def draft_key(self) -> tuple[str, str]:
        """Whose draft it is: ``(person, tab)``."""
        return self.person, self.tab


@dataclass(frozen=True)
class User:
    """One person who may sign in."""

    name: str
    role: Role
    created_at: str
    """UTC time, ISO 8601 with seconds."""
    password_hash: str = field(repr=False)
    """The bcrypt hash (``$2b$...``), never the password."""


@dataclass(frozen=True)
class StoredVersion:
    """A version as the store holds it: its record and its document, not yet read as a journey."""

    info: VersionInfo
    document: str


@dataclass(frozen=True)
class StoredDraft:
    """A draft as the store holds it."""

    journey_id: str
    person: str
    tab: str
    based_on: int | None
    saved_at: str
    author: str
    document: str


@dataclass(frozen=True)
class StoredParticipant:
    """A workshop participant as the store holds it: with the sha256 of the token, never the token."""

    participant: Participant
    token_hash: str = field(repr=False)


@dataclass
class Contents:
    """Everything a store holds, as it holds it: what :func:`journeys.store.copy_store` moves."""

    versions: list[StoredVersion] = field(default_factory=list)
    drafts: list[StoredDraft] = field(default_factory=list)
    users: list[User] = field(default_factory=list)
    secrets: dict[str, str] = field(default_factory=dict)
    sessions: list[Session] = field(default_factory=list)
    participants: list[StoredParticipant] = field(default_factory=list)
    votes: list[Vote] = field(default_factory=list)


class JourneyStore(Protocol):
    """What the app and the CLI need from a store; :class:`~journeys.store.SqliteStore` and
    :class:`~journeys.store.PostgresStore` both are one, and ``tests/test_store_contract.py`` holds
    them to the same behaviour."""

    location: str
    """Where the store is, as people may read it (a path, or a server URL without its password)."""

    def list_journeys(self) -> list[JourneySummary]: ...
    def exists(self, journey_id: str) -> bool: ...
    def history(self, journey_id: str) -> list[VersionInfo]: ...
    def latest_number(self, journey_id: str) -> int | None: ...
    def load(self, journey_id: str, version: int | None = None) -> Version: ...
    def save(self, journey: Journey, *, based_on: int | None, author: str | None = ...,
             note: str = "", draft: tuple[str, str] | None = ...) -> VersionInfo: ...
    def save_copy(self, journey: Journey, new_id: str, *, author: str | None = ...,
                  note: str = "") -> VersionInfo: ...
    def free_id(self, base: str) -> str: ...
    def save_draft(self, journey: Journey, *, based_on: int | None, person: str, tab: str = ...,
                   author: str | None = ...) -> str: ...
    def load_draft(self, journey_id: str, person: str, tab: str = ...) -> Draft | None: ...
    def drafts(self, journey_id: str, person: str | None = ...) -> list[Draft]: ...
    def discard_draft(self, journey_id: str, person: str, tab: str = ...) -> None: ...
    # The people who may sign in (:mod:`journeys.accounts` checks names, roles and passwords).
    def insert_user(self, user: User) -> bool: ...
    def users(self) -> list[User]: ...
    def user(self, name: str) -> User | None: ...
    def has_users(self) -> bool: ...
    def set_password_hash(self, name: str, password_hash: str) -> bool: ...
    def delete_user(self, name: str) -> bool: ...
    def secret(self, name: str, new_value: str) -> str: ...
    # Live workshops (:mod:`journeys.workshop` holds the rules; refusals are WorkshopError).
    def start_workshop(self, journey_id: str, version: int | None, touchpoints: Sequence[tuple[str, str]],
                       started_by: str) -> Session: ...
    def workshop(self, session_id: str) -> Session | None: ...
    def workshop_by_code(self, code: str) -> Session | None: ...
    def workshops(self, journey_id: str) -> list[Session]: ...
    def close_workshop(self, session_id: str) -> Session: ...
    def join_workshop(self, session_id: str, name: str) -> tuple[Participant, str]: ...
    def participant_by_token(self, session_id: str, token: str) -> Participant | None: ...
    def cast_vote(self, session_id: str, token: str, touchpoint: str, *, perceived: int | None,
                  expected: int | None, pain: bool, text: str) -> Vote: ...
    def workshop_participants(self, session_id: str) -> list[Participant]: ...
    def workshop_votes(self, session_id: str) -> list[Vote]: ...
    def workshop_results(self, session_id: str) -> Results: ...
    def workshop_stamp(self, session_id: str) -> tuple[int, int, str | None]: ...
    def anonymise_workshop(self, session_id: str) -> int: ...
    def delete_workshop_participants(self, session_id: str) -> int: ...
    def drop_old_names(self, now: datetime | None = None) -> int: ...
    # Moving and checking (:mod:`journeys.store._tools`).
    def schema_version(self) -> int: ...
    def contents(self) -> Contents: ...
    def counts(self) -> dict[str, int]: ...
    def insert_contents(self, contents: Contents) -> None: ...
    def physical_check(self) -> list[str]: ...
    def close(self) -> None: ...


def default_store_location() -> str:
    """``$MOT_STORE`` (a path or a ``postgresql://`` URL), else the per-user SQLite file
    ``$XDG_DATA_HOME/mot-journeys/journeys.db`` (``~/.local/share`` by default)."""
    env = os.environ.get("MOT_STORE")
    if env:
        return env if is_server_url(env) else str(Path(env).expanduser())
    base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return str(base / "mot-journeys" / "journeys.db")


def is_server_url(location: str | os.PathLike[str]) -> bool:
    """Whether ``location`` names a PostgreSQL server rather than a SQLite file."""
    return isinstance(location, str) and location.split("://", 1)[0].lower() in ("postgresql", "postgres")


def default_author() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def document(journey: Journey) -> str:
    """The stored form of a journey: compact JSON with the file's field names (pydantic's fast writer)."""
    return journey.model_dump_json(by_alias=True, exclude_none=True)
