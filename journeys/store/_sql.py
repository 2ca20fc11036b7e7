"""The store's behaviour written once, in the SQL that SQLite and PostgreSQL share.

A backend gives :class:`SqlStore` a connection for reading (:meth:`SqlStore._read`), a transaction for
writing (:meth:`SqlStore._write`) and the error its driver raises when a key is already taken; every
query here is parameterised (``?`` placeholders, which the PostgreSQL backend passes to its driver as
its own), never text pasted into SQL.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from typing import Any, Protocol, cast

from ..model import Journey
from ._base import (
    ConflictError,
    Contents,
    Draft,
    JourneySummary,
    NotFoundError,
    Role,
    StoredDraft,
    StoredVersion,
    User,
    Version,
    VersionInfo,
    default_author,
    document,
    now,
)

__all__ = [
    "Cursor",
    "Db",
    "SqlStore",
]


class Cursor(Protocol):
    @property
    def rowcount(self) -> int: ...

    def fetchone(self) -> Any: ...
    def fetchall(self) -> list[Any]: ...


class Db(Protocol):
    """One connection, as the shared code uses it."""

    def execute(self, sql: str, params: Any = ..., /) -> Cursor: ...


_VERSION_COLUMNS = "journey_id, number, saved_at, author, note, title, based_on"
_DRAFT_COLUMNS = "journey_id, person, tab, based_on, saved_at, author, document"
_USER_COLUMNS = "name, role, created_at, password_hash"


def _user(row: Sequence[Any]) -> User:
    return User(row[0], cast(Role, row[1]), row[2], row[3])


def _draft(row: Sequence[Any]) -> Draft:
    journey_id, person, tab, based_on, saved_at, author, text = row
    return Draft(journey_id, person, tab, based_on, saved_at, author, Journey.model_validate_json(text))


class SqlStore:
    """A :class:`~journeys.store.JourneyStore` over a SQL database; the backends subclass it."""

    location: str
    _taken: tuple[type[Exception], ...] = ()
    """The driver's error for a primary or unique key already taken."""

    def _read(self) -> contextlib.AbstractContextManager[Db]:
        raise NotImplementedError

    def _write(self, durable: bool = True) -> contextlib.AbstractContextManager[Db]:
        """A transaction; ``durable=False`` may trade the last moments before a power cut for speed."""
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.location!r})"

    def close(self) -> None:
        """Let go of the store's connections (a store object is usable until then)."""

    # -- reading

    def list_journeys(self) -> list[JourneySummary]:
        with self._read() as db:
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
        with self._read() as db:
            return self._latest(db, journey_id)

    @staticmethod
    def _latest(db: Db, journey_id: str) -> int | None:
        row = db.execute("SELECT MAX(number) FROM versions WHERE journey_id = ?", (journey_id,)).fetchone()
        return None if row[0] is None else int(row[0])

    def history(self, journey_id: str) -> list[VersionInfo]:
        with self._read() as db:
            rows = db.execute(f"SELECT {_VERSION_COLUMNS} FROM versions WHERE journey_id = ? ORDER BY number",
                              (journey_id,)).fetchall()
        if not rows:
            raise NotFoundError(f"no journey '{journey_id}' in the store")
        return [VersionInfo(*row) for row in rows]

    def load(self, journey_id: str, version: int | None = None) -> Version:
        with self._read() as db:
            number = self._latest(db, journey_id) if version is None else version
            row = db.execute(f"SELECT {_VERSION_COLUMNS}, document FROM versions WHERE journey_id = ? AND number = ?",
                             (journey_id, number)).fetchone()
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
        text = document(journey)
        try:
            with self._write() as db:
                latest = self._latest(db, journey.id)
                if latest != based_on:
                    if latest is None:
                        raise NotFoundError(f"no journey '{journey.id}' in the store to base version {based_on} on")
                    raise ConflictError(journey.id, based_on, latest)
                info = VersionInfo(journey.id, (latest or 0) + 1, now(), author or default_author(), note,
                                   journey.title, based_on)
                db.execute(f"INSERT INTO versions ({_VERSION_COLUMNS}, document) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                           (info.journey_id, info.number, info.saved_at, info.author, info.note, info.title,
                            info.based_on, text))
                if draft is not None:
                    db.execute("DELETE FROM drafts WHERE journey_id = ? AND person = ? AND tab = ?",
                               (journey.id, *draft))
        except self._taken:
            # A writer that read the same latest number committed its version first (a server database
            # lets both read; the key lets one write): this save was based on an older version now.
            raise ConflictError(journey.id, based_on, self.latest_number(journey.id) or 0) from None
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

    # -- drafts

    def save_draft(self, journey: Journey, *, based_on: int | None, person: str, tab: str = "",
                   author: str | None = None) -> str:
        """Keep ``journey`` as ``person``'s working draft in browser ``tab``; returns when it was saved.

        Drafts are written on every edit, so a backend may commit them with a lighter sync than versions
        (durable when the app or the server dies, at the cost of the last edit or two on a power cut)."""
        saved_at = now()
        with self._write(durable=False) as db:
            db.execute(
                f"INSERT INTO drafts ({_DRAFT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (journey_id, person, tab) DO UPDATE SET based_on = excluded.based_on, "
                "saved_at = excluded.saved_at, author = excluded.author, document = excluded.document",
                (journey.id, person, tab, based_on, saved_at, author or person, document(journey)),
            )
        return saved_at

    def load_draft(self, journey_id: str, person: str, tab: str = "") -> Draft | None:
        """``person``'s draft of the journey in ``tab``, if any."""
        with self._read() as db:
            row = db.execute(f"SELECT {_DRAFT_COLUMNS} FROM drafts WHERE journey_id = ? AND person = ? AND tab = ?",
                             (journey_id, person, tab)).fetchone()
        return None if row is None else _draft(row)

    def drafts(self, journey_id: str, person: str | None = None) -> list[Draft]:
        """The journey's drafts, newest first: ``person``'s (every tab), or everyone's."""
        query = f"SELECT {_DRAFT_COLUMNS} FROM drafts WHERE journey_id = ?"
        args: tuple[str, ...] = (journey_id,)
        if person is not None:
            query, args = query + " AND person = ?", (*args, person)
        with self._read() as db:
            rows = db.execute(query + " ORDER BY saved_at DESC, tab", args).fetchall()
        return [_draft(row) for row in rows]

    def discard_draft(self, journey_id: str, person: str, tab: str = "") -> None:
        """Drop ``person``'s draft of the journey in ``tab``; every other draft stays."""
        with self._write() as db:
            db.execute("DELETE FROM drafts WHERE journey_id = ? AND person = ? AND tab = ?",
                       (journey_id, person, tab))

    # -- the people who may sign in; names match without regard to (Latin) letter case

    def insert_user(self, user: User) -> bool:
        """Add a person; ``False`` when the name is taken."""
        try:
            with self._write() as db:
                db.execute(f"INSERT INTO users ({_USER_COLUMNS}) VALUES (?, ?, ?, ?)",
                           (user.name, user.role, user.created_at, user.password_hash))
        except self._taken:
            return False
        return True

    def users(self) -> list[User]:
        with self._read() as db:
            rows = db.execute(f"SELECT {_USER_COLUMNS} FROM users ORDER BY lower(name), name").fetchall()
        return [_user(row) for row in rows]

    def user(self, name: str) -> User | None:
        with self._read() as db:
            row = db.execute(f"SELECT {_USER_COLUMNS} FROM users WHERE lower(name) = lower(?)", (name,)).fetchone()
        return None if row is None else _user(row)

    def has_users(self) -> bool:
        with self._read() as db:
            return db.execute("SELECT 1 FROM users LIMIT 1").fetchone() is not None

    def set_password_hash(self, name: str, password_hash: str) -> bool:
        """``False`` when there is no such person."""
        with self._write() as db:
            return db.execute("UPDATE users SET password_hash = ? WHERE lower(name) = lower(?)",
                              (password_hash, name)).rowcount > 0

    def delete_user(self, name: str) -> bool:
        """``False`` when there is no such person."""
        with self._write() as db:
            return db.execute("DELETE FROM users WHERE lower(name) = lower(?)", (name,)).rowcount > 0

    def secret(self, name: str, new_value: str) -> str:
        """The store's secret ``name``, made ``new_value`` the first time it is asked for (by whichever
        server asks first: every server on the store then reads the same)."""
        with self._write() as db:
            db.execute("INSERT INTO auth_secrets (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING",
                       (name, new_value))
            return str(db.execute("SELECT value FROM auth_secrets WHERE name = ?", (name,)).fetchone()[0])

    # -- moving and checking

    def contents(self) -> Contents:
        """Everything the store holds, read in one transaction."""
        with self._read() as db:
            versions = [StoredVersion(VersionInfo(*row[:7]), row[7]) for row in db.execute(
                f"SELECT {_VERSION_COLUMNS}, document FROM versions ORDER BY journey_id, number").fetchall()]
            drafts = [StoredDraft(*row) for row in db.execute(
                f"SELECT {_DRAFT_COLUMNS} FROM drafts ORDER BY journey_id, person, tab").fetchall()]
            users = [_user(row) for row in db.execute(
                f"SELECT {_USER_COLUMNS} FROM users ORDER BY lower(name), name").fetchall()]
            secrets = dict(db.execute("SELECT name, value FROM auth_secrets ORDER BY name").fetchall())
        return Contents(versions, drafts, users, secrets)

    def counts(self) -> dict[str, int]:
        """How many journeys, versions, drafts and users the store holds."""
        with self._read() as db:
            return {
                "journeys": db.execute("SELECT COUNT(DISTINCT journey_id) FROM versions").fetchone()[0],
                "versions": db.execute("SELECT COUNT(*) FROM versions").fetchone()[0],
                "drafts": db.execute("SELECT COUNT(*) FROM drafts").fetchone()[0],
                "users": db.execute("SELECT COUNT(*) FROM users").fetchone()[0],
            }

    def insert_contents(self, contents: Contents) -> None:
        """Add records as they are (numbers, times and authors kept), in one transaction: all or none.
        Secrets the store already has are kept."""
        with self._write() as db:
            for version in contents.versions:
                info = version.info
                db.execute(f"INSERT INTO versions ({_VERSION_COLUMNS}, document) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                           (info.journey_id, info.number, info.saved_at, info.author, info.note, info.title,
                            info.based_on, version.document))
            for d in contents.drafts:
                db.execute(f"INSERT INTO drafts ({_DRAFT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)",
                           (d.journey_id, d.person, d.tab, d.based_on, d.saved_at, d.author, d.document))
            for user in contents.users:
                db.execute(f"INSERT INTO users ({_USER_COLUMNS}) VALUES (?, ?, ?, ?)",
                           (user.name, user.role, user.created_at, user.password_hash))
            for name, value in contents.secrets.items():
                db.execute("INSERT INTO auth_secrets (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING",
                           (name, value))

