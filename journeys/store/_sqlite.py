"""The embedded store: one SQLite file readable by its owner only.

WAL journal, full sync for versions, append-only enforced by triggers, a schema version in
``PRAGMA user_version`` migrated forward on open. Each call opens its own short-lived connection, so
one store object can serve several threads (Streamlit sessions) and processes at once; SQLite's
locking serialises the writers (``BEGIN IMMEDIATE`` takes the write lock before the latest number is
read: no lost updates).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from ._base import SCHEMA_VERSION, StoreError
from ._sql import WORKSHOP_TABLES, Db, SqlStore

__all__ = [
    "BUSY_TIMEOUT",
    "MIGRATIONS",
    "SqliteStore",
]

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

# Stores of schema 1 may already hold these (the team-safe release made them when the first user was
# added): IF NOT EXISTS keeps what is there.
_USERS = """
CREATE TABLE IF NOT EXISTS users (
    name          TEXT PRIMARY KEY COLLATE NOCASE,
    role          TEXT NOT NULL CHECK (role IN ('facilitator', 'viewer')),
    password_hash TEXT NOT NULL,
    created_at    TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS auth_secrets (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
"""

MIGRATIONS: dict[int, tuple[str, ...]] = {
    # 0 -> 1: the journey's one draft becomes the draft of the person who wrote it (in no particular tab).
    1: (
        _DRAFTS.format(name="drafts_by_person"),
        "INSERT INTO drafts_by_person SELECT journey_id, author, '', based_on, saved_at, author, document "
        "FROM drafts",
        "DROP TABLE drafts",
        "ALTER TABLE drafts_by_person RENAME TO drafts",
    ),
    # 1 -> 2: the people who may sign in live in the store's own schema; a journey's history is listed
    # from an index that holds everything but the documents (they sit in the table's own rows).
    2: (_USERS, "CREATE INDEX IF NOT EXISTS versions_info ON versions "
                "(journey_id, number, saved_at, author, note, title, based_on)"),
    # 2 -> 3: live workshops' sessions, participants and votes.
    3: WORKSHOP_TABLES,
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
    if current.strip():  # a last statement without its ';'
        statements.append(current.strip())
    return statements


class SqliteStore(SqlStore):
    """A :class:`~journeys.store.JourneyStore` in one SQLite file."""

    _taken = (sqlite3.IntegrityError,)

    def __init__(self, path: str | os.PathLike[str], *, busy_timeout: float = BUSY_TIMEOUT):
        self.path = Path(path)
        self.location = str(self.path)
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

    def _migrate(self, db: Db) -> None:
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
            found = 1
        for version in range(found + 1, SCHEMA_VERSION + 1):
            for script in MIGRATIONS[version]:
                for statement in _statements(script):
                    db.execute(statement)
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def schema_version(self) -> int:
        with self._read() as db:
            return int(db.execute("PRAGMA user_version").fetchone()[0])

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
        except self._taken:
            raise  # the shared code reads a taken key as a conflict or a duplicate
        except sqlite3.Error as exc:
            raise self._error(exc) from None
        finally:
            db.close()

    def _read(self) -> contextlib.AbstractContextManager[Db]:
        return self._connect()

    @contextlib.contextmanager
    def _write(self, durable: bool = True) -> Iterator[Db]:
        # Drafts, written on every edit, commit with WAL's NORMAL sync; versions sync in full.
        with self._connect("FULL" if durable else "NORMAL") as db:
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
            except BaseException:
                with contextlib.suppress(sqlite3.Error):  # a damaged file may refuse even this
                    db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")

    def physical_check(self) -> list[str]:
        """SQLite's own integrity check: ``[]`` when the file is sound."""
        with self._connect() as db:
            result = [row[0] for row in db.execute("PRAGMA integrity_check")]
        return [] if result == ["ok"] else result
