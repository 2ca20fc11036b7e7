"""The versioned journey store.

Every journey has an append-only history of versions (number, saved-at, author, note, full document)
and, separately, one working draft so an edit in progress survives a closed browser. Saving names the
version it was based on; if someone saved a newer version meanwhile the save is refused with a
:class:`ConflictError` and nothing is lost (optimistic concurrency). :class:`JourneyStore` is the small
interface the app and the CLI use; :class:`SqliteStore` is the embedded default (one SQLite file,
WAL journal, full sync, append-only enforced by triggers), so a server database can be added later.
"""

from __future__ import annotations

import contextlib
import getpass
import os
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

from .model import Journey

__all__ = [
    "ConflictError",
    "Draft",
    "JourneyStore",
    "JourneySummary",
    "NotFoundError",
    "SqliteStore",
    "StoreError",
    "Version",
    "VersionInfo",
    "default_author",
    "default_store_path",
    "open_store",
]


class StoreError(Exception):
    """The store could not do what was asked."""


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
    """A working copy in progress: the version it started from and the edited journey."""

    journey_id: str
    based_on: int | None
    saved_at: str
    author: str
    journey: Journey


class JourneyStore(Protocol):
    """What the app and the CLI need from a store."""

    def list_journeys(self) -> list[JourneySummary]: ...
    def exists(self, journey_id: str) -> bool: ...
    def history(self, journey_id: str) -> list[VersionInfo]: ...
    def latest_number(self, journey_id: str) -> int | None: ...
    def load(self, journey_id: str, version: int | None = None) -> Version: ...
    def save(self, journey: Journey, *, based_on: int | None, author: str | None = ...,
             note: str = "") -> VersionInfo: ...
    def save_copy(self, journey: Journey, new_id: str, *, author: str | None = ...,
                  note: str = "") -> VersionInfo: ...
    def free_id(self, base: str) -> str: ...
    def save_draft(self, journey: Journey, *, based_on: int | None, author: str = ...) -> str: ...
    def load_draft(self, journey_id: str) -> Draft | None: ...
    def discard_draft(self, journey_id: str) -> None: ...


def default_store_path() -> Path:
    """``$MOT_STORE``, else ``$XDG_DATA_HOME/mot-journeys/journeys.db`` (``~/.local/share`` by default)."""
    env = os.environ.get("MOT_STORE")
    if env:
        return Path(env).expanduser()
    base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "mot-journeys" / "journeys.db"


def default_author() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _document(journey: Journey) -> str:
    """The stored form of a journey: compact JSON with the file's field names (pydantic's fast writer)."""
    return journey.model_dump_json(by_alias=True, exclude_none=True)


_SCHEMA = """
CREATE TABLE IF NOT EXISTS versions (
    journey_id TEXT NOT NULL,
    number     INTEGER NOT NULL CHECK (number >= 1),
    saved_at   TEXT NOT NULL,
    author     TEXT NOT NULL,
    note       TEXT NOT NULL,
    title      TEXT NOT NULL,
    based_on   INTEGER,
    document   TEXT NOT NULL,
    PRIMARY KEY (journey_id, number)
) WITHOUT ROWID;
CREATE TRIGGER IF NOT EXISTS versions_no_update BEFORE UPDATE ON versions
BEGIN SELECT RAISE(ABORT, 'versions are append-only'); END;
CREATE TRIGGER IF NOT EXISTS versions_no_delete BEFORE DELETE ON versions
BEGIN SELECT RAISE(ABORT, 'versions are append-only'); END;
CREATE TABLE IF NOT EXISTS drafts (
    journey_id TEXT PRIMARY KEY,
    based_on   INTEGER,
    saved_at   TEXT NOT NULL,
    author     TEXT NOT NULL,
    document   TEXT NOT NULL
);
"""


class SqliteStore:
    """A :class:`JourneyStore` in one SQLite file.

    Each call opens its own short-lived connection, so one store object can serve several threads
    (Streamlit sessions) and processes at once; SQLite's locking serialises the writers.
    """

    def __init__(self, path: str | os.PathLike[str]):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as db:
            db.executescript(_SCHEMA)

    def __repr__(self) -> str:
        return f"SqliteStore({str(self.path)!r})"

    @contextlib.contextmanager
    def _connect(self, sync: str = "FULL") -> Iterator[sqlite3.Connection]:
        try:
            db = sqlite3.connect(self.path, timeout=10, isolation_level=None)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open the store {self.path}: {exc}") from None
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute(f"PRAGMA synchronous={sync}")
            yield db
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"store {self.path}: {exc}") from None
        finally:
            db.close()

    @contextlib.contextmanager
    def _write(self, sync: str = "FULL") -> Iterator[sqlite3.Connection]:
        # BEGIN IMMEDIATE takes the write lock before reading the latest number: no lost updates.
        with self._connect(sync) as db:
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")

    # -- reading

    def list_journeys(self) -> list[JourneySummary]:
        with self._connect() as db:
            rows = db.execute(
                """SELECT v.journey_id, v.title, v.number, v.saved_at, v.author
                   FROM versions v JOIN (SELECT journey_id, MAX(number) AS n FROM versions GROUP BY journey_id) m
                   ON v.journey_id = m.journey_id AND v.number = m.n
                   ORDER BY v.saved_at DESC, v.journey_id"""
            ).fetchall()
        return [JourneySummary(*row) for row in rows]

    def exists(self, journey_id: str) -> bool:
        return self.latest_number(journey_id) is not None

    def latest_number(self, journey_id: str) -> int | None:
        with self._connect() as db:
            return self._latest(db, journey_id)

    @staticmethod
    def _latest(db: sqlite3.Connection, journey_id: str) -> int | None:
        row = db.execute("SELECT MAX(number) FROM versions WHERE journey_id = ?", (journey_id,)).fetchone()
        return row[0]

    def history(self, journey_id: str) -> list[VersionInfo]:
        with self._connect() as db:
            rows = db.execute(
                "SELECT journey_id, number, saved_at, author, note, title, based_on FROM versions "
                "WHERE journey_id = ? ORDER BY number", (journey_id,)
            ).fetchall()
        if not rows:
            raise NotFoundError(f"no journey '{journey_id}' in the store")
        return [VersionInfo(*row) for row in rows]

    def load(self, journey_id: str, version: int | None = None) -> Version:
        with self._connect() as db:
            number = self._latest(db, journey_id) if version is None else version
            row = db.execute(
                "SELECT journey_id, number, saved_at, author, note, title, based_on, document FROM versions "
                "WHERE journey_id = ? AND number = ?", (journey_id, number)
            ).fetchone()
        if row is None:
            if version is None or not self.exists(journey_id):
                raise NotFoundError(f"no journey '{journey_id}' in the store")
            raise NotFoundError(f"journey '{journey_id}' has no version {version}")
        return Version(VersionInfo(*row[:7]), Journey.model_validate_json(row[7]))

    # -- writing

    def save(self, journey: Journey, *, based_on: int | None, author: str | None = None,
             note: str = "") -> VersionInfo:
        """Append a new version of ``journey``; ``based_on`` is the version the edit started from
        (``None`` for a journey new to the store). Raises :class:`ConflictError` if that is not the latest."""
        document = _document(journey)
        with self._write() as db:
            latest = self._latest(db, journey.id)
            if latest != based_on:
                if latest is None:
                    raise NotFoundError(f"no journey '{journey.id}' in the store to base version {based_on} on")
                raise ConflictError(journey.id, based_on, latest)
            info = VersionInfo(journey.id, (latest or 0) + 1, _now(), author or default_author(), note,
                               journey.title, based_on)
            db.execute("INSERT INTO versions VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                       (info.journey_id, info.number, info.saved_at, info.author, info.note, info.title,
                        info.based_on, document))
            # A draft that is exactly what was saved is now part of history. A different draft (another
            # session's edit in progress) is kept: nothing anyone typed is dropped by someone else's save.
            db.execute("DELETE FROM drafts WHERE journey_id = ? AND document = ?", (journey.id, document))
        return info

    def save_copy(self, journey: Journey, new_id: str, *, author: str | None = None, note: str = "") -> VersionInfo:
        """Save ``journey`` as version 1 of a new journey ``new_id`` (a branch copy)."""
        copy = Journey.model_validate({**journey.model_dump(by_alias=True), "id": new_id})
        return self.save(copy, based_on=None, author=author, note=note)

    def free_id(self, base: str) -> str:
        """``base`` if no journey has it yet, else ``base-2``, ``base-3``…"""
        candidate, n = base, 1
        while self.exists(candidate):
            n += 1
            candidate = f"{base}-{n}"
        return candidate

    def save_draft(self, journey: Journey, *, based_on: int | None, author: str | None = None) -> str:
        """Keep ``journey`` as the working draft; returns when it was saved.

        Drafts are written on every edit, so they commit with WAL's NORMAL sync: durable when the app or
        the server dies, at the cost of the last edit or two on a power cut. Versions sync in full.
        """
        saved_at = _now()
        with self._write("NORMAL") as db:
            db.execute(
                "INSERT INTO drafts VALUES (?, ?, ?, ?, ?) ON CONFLICT(journey_id) DO UPDATE SET "
                "based_on = excluded.based_on, saved_at = excluded.saved_at, author = excluded.author, "
                "document = excluded.document",
                (journey.id, based_on, saved_at, author or default_author(), _document(journey)),
            )
        return saved_at

    def load_draft(self, journey_id: str) -> Draft | None:
        with self._connect() as db:
            row = db.execute("SELECT journey_id, based_on, saved_at, author, document FROM drafts "
                             "WHERE journey_id = ?", (journey_id,)).fetchone()
        if row is None:
            return None
        return Draft(row[0], row[1], row[2], row[3], Journey.model_validate_json(row[4]))

    def discard_draft(self, journey_id: str) -> None:
        with self._write() as db:
            db.execute("DELETE FROM drafts WHERE journey_id = ?", (journey_id,))

    def check(self) -> list[str]:
        """SQLite's own integrity check: ``[]`` when the file is sound."""
        with self._connect() as db:
            result = [row[0] for row in db.execute("PRAGMA integrity_check")]
        return [] if result == ["ok"] else result


def open_store(path: str | os.PathLike[str] | None = None) -> SqliteStore:
    """The store at ``path``, else at :func:`default_store_path`."""
    return SqliteStore(path if path is not None else default_store_path())
