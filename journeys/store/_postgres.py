"""The shared-server store: a PostgreSQL database that several app servers use at once.

Selected by a ``postgresql://`` URL (``--store`` or ``MOT_STORE``). It behaves as the SQLite store does
(the same code, :class:`~journeys.store._sql.SqlStore`, over psycopg 3 and a connection pool):
append-only versions (triggers refuse an update or a delete), a save refused on a stale base (the
primary key lets exactly one of two writers with the same base add the next number), per-person drafts
and the users. The schema version is kept in the ``mot_schema`` table and migrated forward on open,
under a lock so that two servers starting at once migrate once.

A server that cannot be reached, or goes away mid-session, raises :class:`StoreError` with one line
naming the server (never its password) and the cause; the pool replaces broken connections, so the
store works again as soon as the server is back.
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import weakref
from collections.abc import Iterator, Sequence
from typing import Any

import psycopg
from psycopg import conninfo, errors
from psycopg_pool import ConnectionPool, PoolTimeout

from ._base import SCHEMA_VERSION, StoreError
from ._sql import WORKSHOP_TABLES, Cursor, Db, SqlStore

__all__ = [
    "CONNECT_TIMEOUT",
    "MIGRATIONS",
    "POOL_SIZE",
    "PostgresStore",
    "public_location",
]

CONNECT_TIMEOUT = 5
"""Seconds to wait for the server (connecting, or a free connection of the pool) before saying it is
unreachable."""

POOL_SIZE = 10
"""Connections one app server keeps at most: more than the sessions that save at the same instant."""

# The pool logs each failed connection attempt; the store says it once, in the reader's language.
logging.getLogger("psycopg.pool").addHandler(logging.NullHandler())
logging.getLogger("psycopg.pool").propagate = False

_MIGRATION_LOCK = 0x4D4F54  # any constant: an advisory lock that serialises migrations of one database

MIGRATIONS: dict[int, tuple[str, ...]] = {
    1: (
        """CREATE TABLE versions (
            journey_id TEXT NOT NULL,
            number     INTEGER NOT NULL CHECK (number >= 1),
            saved_at   TEXT NOT NULL,
            author     TEXT NOT NULL,
            note       TEXT NOT NULL,
            title      TEXT NOT NULL,
            based_on   INTEGER,
            document   TEXT NOT NULL,
            PRIMARY KEY (journey_id, number))""",
        """CREATE FUNCTION mot_versions_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
           BEGIN RAISE EXCEPTION 'versions are append-only'; END $$""",
        """CREATE TRIGGER versions_append_only BEFORE UPDATE OR DELETE ON versions
           FOR EACH ROW EXECUTE FUNCTION mot_versions_append_only()""",
        """CREATE TRIGGER versions_no_truncate BEFORE TRUNCATE ON versions
           FOR EACH STATEMENT EXECUTE FUNCTION mot_versions_append_only()""",
        """CREATE TABLE drafts (
            journey_id TEXT NOT NULL,
            person     TEXT NOT NULL,
            tab        TEXT NOT NULL,
            based_on   INTEGER,
            saved_at   TEXT NOT NULL,
            author     TEXT NOT NULL,
            document   TEXT NOT NULL,
            PRIMARY KEY (journey_id, person, tab))""",
    ),
    2: (
        """CREATE TABLE users (
            name          TEXT PRIMARY KEY,
            role          TEXT NOT NULL CHECK (role IN ('facilitator', 'viewer')),
            password_hash TEXT NOT NULL,
            created_at    TEXT NOT NULL)""",
        "CREATE UNIQUE INDEX users_name_nocase ON users (lower(name))",
        "CREATE TABLE auth_secrets (name TEXT PRIMARY KEY, value TEXT NOT NULL)",
    ),
    3: WORKSHOP_TABLES,
}
"""Forward migrations: version n's statements turn a version n − 1 database into version n (0: empty)."""


def public_location(url: str) -> str:
    """The server URL as people may read it: no password, no options.

    >>> public_location("postgresql://mot:secret@db.example:5433/journeys?sslmode=require")
    'postgresql://mot@db.example:5433/journeys'
    """
    try:
        parts = conninfo.conninfo_to_dict(url)
    except psycopg.ProgrammingError:
        return "postgresql://"
    user = f"{parts['user']}@" if parts.get("user") else ""
    port = f":{parts['port']}" if parts.get("port") else ""
    return f"postgresql://{user}{parts.get('host', '')}{port}/{parts.get('dbname', '')}"


class _Connection:
    """A psycopg connection that reads the shared code's ``?`` placeholders as its own ``%s``."""

    def __init__(self, connection: psycopg.Connection[Any]):
        self._connection = connection

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Cursor:
        return self._connection.execute(_placeholders(sql), params)


_converted: dict[str, str] = {}


def _placeholders(sql: str) -> str:
    """``?`` → ``%s``; our queries are constants (no literal holds either sign), so this is done once."""
    if sql not in _converted:
        _converted[sql] = sql.replace("%", "%%").replace("?", "%s")
    return _converted[sql]


class PostgresStore(SqlStore):
    """A :class:`~journeys.store.JourneyStore` in a PostgreSQL database."""

    _taken = (errors.UniqueViolation,)

    def __init__(self, url: str, *, pool_size: int = POOL_SIZE, connect_timeout: float = CONNECT_TIMEOUT):
        self.url = url
        self.location = public_location(url)
        self._timeout = connect_timeout
        self._down = False
        """Whether the server was found gone: the next call probes it before asking the pool."""
        try:
            conninfo.conninfo_to_dict(url)
        except psycopg.ProgrammingError as exc:
            raise StoreError(key="store.bad_url", path=self.location, why=_first_line(exc)) from None
        self._pool = ConnectionPool(
            url, min_size=1, max_size=pool_size, timeout=connect_timeout, open=False,
            check=ConnectionPool.check_connection, reconnect_timeout=0,
            kwargs={"connect_timeout": max(1, round(connect_timeout)), "application_name": "mot"},
        )
        # Closed when the store is dropped or the process ends, so no pool thread outlives its use.
        self._finalizer = weakref.finalize(self, self._pool.close)
        atexit.register(self._finalizer)
        try:
            self._pool.open(wait=True, timeout=connect_timeout)
        except PoolTimeout:
            self.close()
            raise self._unreachable(self._last_error()) from None
        try:
            with self._write() as db:
                self._migrate(db)
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        self._finalizer()

    def _last_error(self) -> str:
        """Why the server could not be reached: one connection attempt, for its message."""
        try:
            psycopg.connect(self.url, connect_timeout=max(1, round(self._timeout))).close()
        except psycopg.Error as exc:
            return _first_line(exc)
        return "timed out"

    def _unreachable(self, why: object) -> StoreError:
        return StoreError(key="store.unreachable", path=self.location, why=why)

    def _migrate(self, db: Db, upto: int = SCHEMA_VERSION) -> None:
        db.execute("SELECT pg_advisory_xact_lock(?)", (_MIGRATION_LOCK,))
        db.execute("CREATE TABLE IF NOT EXISTS mot_schema (version INTEGER NOT NULL)")
        row = db.execute("SELECT version FROM mot_schema").fetchone()
        found = 0 if row is None else int(row[0])
        if found > SCHEMA_VERSION:
            raise StoreError(key="store.newer", path=self.location, found=found, known=SCHEMA_VERSION)
        for version in range(found + 1, upto + 1):
            for statement in MIGRATIONS[version]:
                db.execute(statement)
        if row is None:
            db.execute("INSERT INTO mot_schema (version) VALUES (?)", (max(found, upto),))
        elif upto > found:
            db.execute("UPDATE mot_schema SET version = ?", (upto,))

    def schema_version(self) -> int:
        with self._read() as db:
            return int(db.execute("SELECT version FROM mot_schema").fetchone()[0])

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[Db]:
        if self._down:
            self._probe()
        try:
            with self._pool.connection() as connection:  # commits on success, rolls back on an error
                yield _Connection(connection)
        except self._taken:
            raise  # the shared code reads a taken key as a conflict or a duplicate
        except PoolTimeout:
            self._down = True
            raise self._unreachable(self._last_error()) from None
        except psycopg.OperationalError as exc:
            self._down = True
            raise self._unreachable(_first_line(exc)) from None
        except psycopg.Error as exc:
            raise StoreError(key="store.failed", path=self.location, why=_first_line(exc)) from None

    def _probe(self) -> None:
        """After the server went away: one direct connection says at once whether it is back (a refused
        connection takes milliseconds, where the pool would wait its whole timeout on every call)."""
        try:
            psycopg.connect(self.url, connect_timeout=max(1, round(self._timeout))).close()
        except psycopg.Error as exc:
            raise self._unreachable(_first_line(exc)) from None
        self._down = False
        self._pool.check()  # drop the connections that broke while it was away

    def _read(self) -> contextlib.AbstractContextManager[Db]:
        return self._transaction()

    def _write(self, durable: bool = True) -> contextlib.AbstractContextManager[Db]:
        # PostgreSQL commits durably (its WAL is flushed at commit) whatever is written.
        return self._transaction()

    def physical_check(self) -> list[str]:
        """What the server itself says is wrong: the append-only triggers gone, a table missing."""
        problems = []
        with self._read() as db:
            tables = {row[0] for row in db.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
            ).fetchall()}
            triggers = {row[0] for row in db.execute(
                "SELECT tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                "WHERE c.relname = 'versions' AND c.relnamespace = current_schema()::regnamespace"
            ).fetchall()}
        problems += [f"table {name} is missing" for name in ("versions", "drafts", "users", "auth_secrets",
                                                             "workshop_sessions", "workshop_participants",
                                                             "workshop_votes", "mot_schema") if name not in tables]
        problems += [f"trigger {name} on versions is missing" for name in
                     ("versions_append_only", "versions_no_truncate") if name not in triggers]
        return problems


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
