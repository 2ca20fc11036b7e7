"""The versioned journey store.

Every journey has an append-only history of versions (number, saved-at, author, note, full document)
and, separately, working drafts so an edit in progress survives a closed browser. A draft belongs to a
person and a browser tab (``(journey, person, tab)``): nobody's unsaved edit is ever overwritten by
another session's. Saving names the version it was based on; if someone saved a newer version
meanwhile the save is refused with a :class:`ConflictError` and nothing is lost (optimistic
concurrency). :class:`JourneyStore` is the small interface the app and the CLI use;
:class:`SqliteStore` is the embedded default (one SQLite file readable by its owner only, WAL journal,
full sync, append-only enforced by triggers, a schema version in ``PRAGMA user_version`` migrated
forward on open), so a server database can be added later.

A store that cannot be used raises :class:`StoreError` with one line naming the path and the cause (a
locked, damaged or newer store included); its words come from the catalogue (:mod:`journeys.words`),
English by default, any language through :meth:`StoreError.text`.
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
from typing import Any, Protocol

from .model import Journey
from .words import t as word

__all__ = [
    "BUSY_TIMEOUT",
    "SCHEMA_VERSION",
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


class JourneyStore(Protocol):
    """What the app and the CLI need from a store."""

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


SCHEMA_VERSION = 1
"""The store's schema version (``PRAGMA user_version``). 0 is the first release's store: one draft per
journey. 1 keeps a draft per journey, person and browser tab."""

BUSY_TIMEOUT = 30.0
"""Seconds a call waits for another writer before the store counts as locked. A save holds the write
lock for milliseconds, so many concurrent writers queue well inside it; only a store held by another
program for long reaches it."""

_VERSIONS = """
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
"""

_DRAFTS = """
CREATE TABLE {name} (
    journey_id TEXT NOT NULL,
    person     TEXT NOT NULL,
    tab        TEXT NOT NULL,
    based_on   INTEGER,
    saved_at   TEXT NOT NULL,
    author     TEXT NOT NULL,
    document   TEXT NOT NULL,
    PRIMARY KEY (journey_id, person, tab)
)
"""

_MIGRATIONS: dict[int, tuple[str, ...]] = {
    # 0 -> 1: the journey's one draft becomes the draft of the person who wrote it (in no particular tab).
    1: (
        _DRAFTS.format(name="drafts_by_person"),
        "INSERT INTO drafts_by_person SELECT journey_id, author, '', based_on, saved_at, author, document "
        "FROM drafts",
        "DROP TABLE drafts",
        "ALTER TABLE drafts_by_person RENAME TO drafts",
    ),
}
"""Forward migrations: version n's statements turn a version n − 1 store into version n."""

# SQLite's primary result codes (sqlite3.h) that name a cause people can act on.
_BUSY, _LOCKED, _CORRUPT, _CANTOPEN, _NOTADB = 5, 6, 11, 14, 26


def _statements(script: str) -> list[str]:
    # Triggers hold ';' inside BEGIN ... END: split where SQLite itself sees a statement end.
    statements, current = [], ""
    for line in script.strip().splitlines(keepends=True):
        current += line
        if sqlite3.complete_statement(current):
            statements.append(current.strip())
            current = ""
    return statements


class SqliteStore:
    """A :class:`JourneyStore` in one SQLite file.

    Each call opens its own short-lived connection, so one store object can serve several threads
    (Streamlit sessions) and processes at once; SQLite's locking serialises the writers.
    """

    def __init__(self, path: str | os.PathLike[str], *, busy_timeout: float = BUSY_TIMEOUT):
        self.path = Path(path)
        self.busy_timeout = busy_timeout
        self._create_file()
        with self._write() as db:
            self._migrate(db)

    def _create_file(self) -> None:
        """Make the folder and an empty store file readable by its owner only (SQLite gives its journal
        files the same mode)."""
        for parent in reversed(self.path.parents):
            if parent.exists() and not parent.is_dir():
                raise StoreError(key="store.not_a_folder", path=self.path, parent=parent)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            return
        except OSError as exc:
            raise StoreError(key="store.cannot_open", path=self.path, why=exc.strerror or exc) from None
        os.close(fd)

    def _migrate(self, db: sqlite3.Connection) -> None:
        found = db.execute("PRAGMA user_version").fetchone()[0]
        if found > SCHEMA_VERSION:
            raise StoreError(key="store.newer", path=self.path, found=found, known=SCHEMA_VERSION)
        if found == SCHEMA_VERSION:
            return
        fresh = db.execute("SELECT COUNT(*) FROM sqlite_master WHERE name = 'drafts'").fetchone()[0] == 0
        for statement in _statements(_VERSIONS):
            db.execute(statement)
        if fresh:
            db.execute(_DRAFTS.format(name="drafts"))
        else:
            for version in range(found + 1, SCHEMA_VERSION + 1):
                for statement in _MIGRATIONS[version]:
                    db.execute(statement)
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def _error(self, exc: sqlite3.Error) -> StoreError:
        """One line naming the path and the cause."""
        code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
        if code in (_BUSY, _LOCKED):
            return StoreError(key="store.locked", path=self.path, seconds=f"{self.busy_timeout:g}")
        if code in (_CORRUPT, _NOTADB):
            return StoreError(key="store.damaged", path=self.path, why=exc)
        if code == _CANTOPEN:
            return StoreError(key="store.cannot_open", path=self.path, why=exc)
        return StoreError(key="store.failed", path=self.path, why=exc)

    def __repr__(self) -> str:
        return f"SqliteStore({str(self.path)!r})"

    @contextlib.contextmanager
    def _connect(self, sync: str = "FULL") -> Iterator[sqlite3.Connection]:
        try:
            db = sqlite3.connect(self.path, timeout=self.busy_timeout, isolation_level=None)
        except sqlite3.Error as exc:
            raise self._error(exc) from None
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute(f"PRAGMA synchronous={sync}")
            yield db
        except sqlite3.Error as exc:
            raise self._error(exc) from None
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
                with contextlib.suppress(sqlite3.Error):  # a damaged file may refuse even this
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
             note: str = "", draft: tuple[str, str] | None = None) -> VersionInfo:
        """Append a new version of ``journey``; ``based_on`` is the version the edit started from
        (``None`` for a journey new to the store). Raises :class:`ConflictError` if that is not the latest.

        ``draft`` names the saving session's draft, ``(person, tab)``: it is now history and goes, in the
        same transaction. Nobody else's draft is touched: their edit in progress stays theirs."""
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
            if draft is not None:
                db.execute("DELETE FROM drafts WHERE journey_id = ? AND person = ? AND tab = ?",
                           (journey.id, *draft))
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

    def save_draft(self, journey: Journey, *, based_on: int | None, person: str, tab: str = "",
                   author: str | None = None) -> str:
        """Keep ``journey`` as ``person``'s working draft in browser ``tab``; returns when it was saved.

        Drafts are written on every edit, so they commit with WAL's NORMAL sync: durable when the app or
        the server dies, at the cost of the last edit or two on a power cut. Versions sync in full.
        """
        saved_at = _now()
        with self._write("NORMAL") as db:
            db.execute(
                "INSERT INTO drafts VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(journey_id, person, tab) DO UPDATE "
                "SET based_on = excluded.based_on, saved_at = excluded.saved_at, author = excluded.author, "
                "document = excluded.document",
                (journey.id, person, tab, based_on, saved_at, author or person, _document(journey)),
            )
        return saved_at

    _DRAFT_COLUMNS = "journey_id, person, tab, based_on, saved_at, author, document"

    @staticmethod
    def _draft(row: tuple[Any, ...]) -> Draft:
        journey_id, person, tab, based_on, saved_at, author, document = row
        return Draft(journey_id, person, tab, based_on, saved_at, author, Journey.model_validate_json(document))

    def load_draft(self, journey_id: str, person: str, tab: str = "") -> Draft | None:
        """``person``'s draft of the journey in ``tab``, if any."""
        with self._connect() as db:
            row = db.execute(f"SELECT {self._DRAFT_COLUMNS} FROM drafts WHERE journey_id = ? AND person = ? "
                             "AND tab = ?", (journey_id, person, tab)).fetchone()
        return None if row is None else self._draft(row)

    def drafts(self, journey_id: str, person: str | None = None) -> list[Draft]:
        """The journey's drafts, newest first: ``person``'s (every tab), or everyone's."""
        query = f"SELECT {self._DRAFT_COLUMNS} FROM drafts WHERE journey_id = ?"
        args: tuple[str, ...] = (journey_id,)
        if person is not None:
            query, args = query + " AND person = ?", (*args, person)
        with self._connect() as db:
            rows = db.execute(query + " ORDER BY saved_at DESC, tab", args).fetchall()
        return [self._draft(row) for row in rows]

    def discard_draft(self, journey_id: str, person: str, tab: str = "") -> None:
        """Drop ``person``'s draft of the journey in ``tab``; every other draft stays."""
        with self._write() as db:
            db.execute("DELETE FROM drafts WHERE journey_id = ? AND person = ? AND tab = ?",
                       (journey_id, person, tab))

    def check(self) -> list[str]:
        """SQLite's own integrity check: ``[]`` when the file is sound."""
        with self._connect() as db:
            result = [row[0] for row in db.execute("PRAGMA integrity_check")]
        return [] if result == ["ok"] else result


def open_store(path: str | os.PathLike[str] | None = None) -> SqliteStore:
    """The store at ``path``, else at :func:`default_store_path`."""
    return SqliteStore(path if path is not None else default_store_path())
