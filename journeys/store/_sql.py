"""The store's behaviour written once, in the SQL that SQLite and PostgreSQL share.

A backend gives :class:`SqlStore` a connection for reading (:meth:`SqlStore._read`), a transaction for
writing (:meth:`SqlStore._write`) and the error its driver raises when a key is already taken; every
query here is parameterised (``?`` placeholders, which the PostgreSQL backend passes to its driver as
its own), never text pasted into SQL.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import secrets
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol, cast

from ..model import Journey
from ..workshop import (
    CODE_LENGTH,
    MAX_PARTICIPANTS,
    NAME_DAYS,
    Participant,
    Results,
    Session,
    Vote,
    WorkshopError,
    check_name,
    check_vote,
    new_code,
    normal_code,
    results,
    stamp,
)
from ._base import (
    ConflictError,
    Contents,
    Draft,
    JourneySummary,
    NotFoundError,
    Role,
    StoredDraft,
    StoredParticipant,
    StoredVersion,
    StoreError,
    User,
    Version,
    VersionInfo,
    default_author,
    document,
    now,
)

__all__ = [
    "WORKSHOP_TABLES",
    "Cursor",
    "Db",
    "SqlStore",
    "token_hash",
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
_SESSION_COLUMNS = "id, journey_id, version, code, started_at, started_by, closed_at, touchpoints, names_dropped_at"
_PARTICIPANT_COLUMNS = "id, session_id, name, joined_at"
_VOTE_COLUMNS = "session_id, participant_id, touchpoint, perceived, expected, pain, text, at"
_CODE_TRIES = 20
_TOKEN_BYTES = 24
"""A participant's token: 192 random bits, so a plain sha256 of it is as safe as a slow hash."""

WORKSHOP_TABLES: tuple[str, ...] = (
    f"""CREATE TABLE workshop_sessions (
        id               TEXT PRIMARY KEY,
        journey_id       TEXT NOT NULL,
        version          INTEGER,
        code             TEXT NOT NULL,
        started_at       TEXT NOT NULL,
        started_by       TEXT NOT NULL,
        closed_at        TEXT,
        touchpoints      TEXT NOT NULL,
        names_dropped_at TEXT,
        CHECK (length(code) = {CODE_LENGTH}))""",
    # A join code opens one session: no two open sessions share one (closed ones may, in years).
    "CREATE UNIQUE INDEX workshop_open_code ON workshop_sessions (code) WHERE closed_at IS NULL",
    "CREATE INDEX workshop_sessions_journey ON workshop_sessions (journey_id, started_at)",
    """CREATE TABLE workshop_participants (
        id         TEXT PRIMARY KEY,
        session_id TEXT NOT NULL REFERENCES workshop_sessions (id),
        name       TEXT,
        joined_at  TEXT NOT NULL,
        token_hash TEXT NOT NULL UNIQUE)""",
    "CREATE INDEX workshop_participants_session ON workshop_participants (session_id, joined_at)",
    """CREATE TABLE workshop_votes (
        session_id     TEXT NOT NULL REFERENCES workshop_sessions (id),
        participant_id TEXT NOT NULL REFERENCES workshop_participants (id),
        touchpoint     TEXT NOT NULL,
        perceived      INTEGER CHECK (perceived BETWEEN 1 AND 5),
        expected       INTEGER CHECK (expected BETWEEN 1 AND 5),
        pain           INTEGER NOT NULL CHECK (pain IN (0, 1)),
        text           TEXT NOT NULL,
        at             TEXT NOT NULL,
        PRIMARY KEY (session_id, participant_id, touchpoint))""",
)
"""Schema 3's tables, the same SQL in both backends."""


def token_hash(token: str) -> str:
    """What the store keeps of a participant's token."""
    return hashlib.sha256(token.encode()).hexdigest()


def _session_row(s: Session) -> tuple[Any, ...]:
    return (s.id, s.journey_id, s.version, s.code, s.started_at, s.started_by, s.closed_at,
            json.dumps([list(tp) for tp in s.touchpoints], ensure_ascii=False), s.names_dropped_at)


def _session(row: Sequence[Any]) -> Session:
    walk = tuple((str(tp), str(name)) for tp, name in json.loads(row[7]))
    return Session(row[0], row[1], row[2], row[3], row[4], row[5], row[6], walk, row[8])


def _vote_row(v: Vote) -> tuple[Any, ...]:
    return (v.session_id, v.participant_id, v.touchpoint, v.perceived, v.expected, int(v.pain), v.text, v.at)


def _vote(row: Sequence[Any]) -> Vote:
    return Vote(row[0], row[1], row[2], row[3], row[4], bool(row[5]), row[6], row[7])


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
            sessions = [_session(row) for row in db.execute(
                f"SELECT {_SESSION_COLUMNS} FROM workshop_sessions ORDER BY started_at, id").fetchall()]
            participants = [StoredParticipant(Participant(*row[:4]), row[4]) for row in db.execute(
                f"SELECT {_PARTICIPANT_COLUMNS}, token_hash FROM workshop_participants "
                "ORDER BY session_id, joined_at, id").fetchall()]
            votes = [_vote(row) for row in db.execute(
                f"SELECT {_VOTE_COLUMNS} FROM workshop_votes ORDER BY session_id, at, participant_id, touchpoint"
            ).fetchall()]
        return Contents(versions, drafts, users, secrets, sessions, participants, votes)

    def counts(self) -> dict[str, int]:
        """How many journeys, versions, drafts, users and workshop sessions, participants and votes the
        store holds."""
        with self._read() as db:
            return {
                "journeys": db.execute("SELECT COUNT(DISTINCT journey_id) FROM versions").fetchone()[0],
                "versions": db.execute("SELECT COUNT(*) FROM versions").fetchone()[0],
                "drafts": db.execute("SELECT COUNT(*) FROM drafts").fetchone()[0],
                "users": db.execute("SELECT COUNT(*) FROM users").fetchone()[0],
                "sessions": db.execute("SELECT COUNT(*) FROM workshop_sessions").fetchone()[0],
                "participants": db.execute("SELECT COUNT(*) FROM workshop_participants").fetchone()[0],
                "votes": db.execute("SELECT COUNT(*) FROM workshop_votes").fetchone()[0],
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
            for session in contents.sessions:
                db.execute(f"INSERT INTO workshop_sessions ({_SESSION_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                           _session_row(session))
            for stored in contents.participants:
                p = stored.participant
                db.execute(f"INSERT INTO workshop_participants ({_PARTICIPANT_COLUMNS}, token_hash) "
                           "VALUES (?, ?, ?, ?, ?)", (p.id, p.session_id, p.name, p.joined_at, stored.token_hash))
            for vote in contents.votes:
                db.execute(f"INSERT INTO workshop_votes ({_VOTE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                           _vote_row(vote))


    # -- live workshops: everything in the store, nothing in a server's memory, so every app server on a
    # shared store sees the same session (participants on one, the projector on another)

    def start_workshop(self, journey_id: str, version: int | None, touchpoints: Sequence[tuple[str, str]],
                       started_by: str) -> Session:
        """A new open session on the stored journey (``version`` the one it walks) with a join code no
        other open session has (a collision, about one in a trillion, draws again)."""
        self.drop_old_names()
        walk = tuple((str(tp), str(name)) for tp, name in touchpoints)
        for _ in range(_CODE_TRIES):
            session = Session(secrets.token_hex(8), journey_id, version, new_code(), stamp(), started_by, None, walk)
            try:
                with self._write() as db:
                    if self._latest(db, journey_id) is None:
                        raise NotFoundError(f"no journey '{journey_id}' in the store")
                    db.execute(f"INSERT INTO workshop_sessions ({_SESSION_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                               _session_row(session))
            except self._taken:
                continue
            return session
        raise StoreError(key="store.failed", path=self.location, why="no free join code")

    def workshop(self, session_id: str) -> Session | None:
        with self._read() as db:
            return self._session(db, session_id)

    @staticmethod
    def _session(db: Db, session_id: str) -> Session | None:
        row = db.execute(f"SELECT {_SESSION_COLUMNS} FROM workshop_sessions WHERE id = ?", (session_id,)).fetchone()
        return None if row is None else _session(row)

    def workshop_by_code(self, code: str) -> Session | None:
        """The open session with this join code (as typed: :func:`~journeys.workshop.normal_code`)."""
        with self._read() as db:
            row = db.execute(f"SELECT {_SESSION_COLUMNS} FROM workshop_sessions WHERE code = ? AND closed_at IS NULL",
                             (normal_code(code),)).fetchone()
        return None if row is None else _session(row)

    def workshops(self, journey_id: str) -> list[Session]:
        """The journey's sessions, newest first (dropping names older than NAME_DAYS on the way)."""
        self.drop_old_names()
        with self._read() as db:
            rows = db.execute(f"SELECT {_SESSION_COLUMNS} FROM workshop_sessions WHERE journey_id = ? "
                              "ORDER BY started_at DESC, id", (journey_id,)).fetchall()
        return [_session(row) for row in rows]

    def close_workshop(self, session_id: str) -> Session:
        """Close the session (closing a closed one keeps its first closing time); its votes stay."""
        with self._write() as db:
            db.execute("UPDATE workshop_sessions SET closed_at = ? WHERE id = ? AND closed_at IS NULL",
                       (stamp(), session_id))
            session = self._session(db, session_id)
        if session is None:
            raise WorkshopError("workshop.unknown_session", session=session_id)
        self.drop_old_names()
        return session

    def _lock_open(self, db: Db, session_id: str) -> None:
        """Take the session's row for this transaction (a no-op write: PostgreSQL locks the row, SQLite
        already holds its write lock), so joins and votes queue behind each other and behind a close;
        refuses a closed or unknown session."""
        if db.execute("UPDATE workshop_sessions SET closed_at = closed_at WHERE id = ? AND closed_at IS NULL",
                      (session_id,)).rowcount == 0:
            if self._session(db, session_id) is None:
                raise WorkshopError("workshop.unknown_session", session=session_id)
            raise WorkshopError("workshop.closed")

    def join_workshop(self, session_id: str, name: str) -> tuple[Participant, str]:
        """A new participant and the token that alone may cast their votes (kept here only as a hash).

        Counting and adding happen under the session's row lock: two servers joining the 200th and
        201st participant at once cannot both pass :data:`~journeys.workshop.MAX_PARTICIPANTS`."""
        cleaned = check_name(name)
        token = secrets.token_urlsafe(_TOKEN_BYTES)
        with self._write() as db:
            self._lock_open(db, session_id)
            joined = db.execute("SELECT COUNT(*) FROM workshop_participants WHERE session_id = ?",
                                (session_id,)).fetchone()[0]
            if joined >= MAX_PARTICIPANTS:
                raise WorkshopError("workshop.full", max=MAX_PARTICIPANTS)
            participant = Participant(secrets.token_hex(8), session_id, cleaned, stamp())
            db.execute(f"INSERT INTO workshop_participants ({_PARTICIPANT_COLUMNS}, token_hash) VALUES (?, ?, ?, ?, ?)",
                       (participant.id, session_id, cleaned, participant.joined_at, token_hash(token)))
        return participant, token

    def participant_by_token(self, session_id: str, token: str) -> Participant | None:
        """The session's participant holding ``token``; a token of another session is nobody here."""
        with self._read() as db:
            return self._participant(db, session_id, token)

    @staticmethod
    def _participant(db: Db, session_id: str, token: str) -> Participant | None:
        row = db.execute(f"SELECT {_PARTICIPANT_COLUMNS} FROM workshop_participants "
                         "WHERE session_id = ? AND token_hash = ?", (session_id, token_hash(token))).fetchone()
        return None if row is None else Participant(*row)

    def cast_vote(self, session_id: str, token: str, touchpoint: str, *, perceived: int | None,
                  expected: int | None, pain: bool, text: str) -> Vote:
        """The token holder's vote on ``touchpoint``, replacing their earlier one there (the last counts)."""
        session = self.workshop(session_id)
        if session is None:
            raise WorkshopError("workshop.unknown_session", session=session_id)
        if not session.open:
            raise WorkshopError("workshop.closed")
        cleaned = check_vote(session, touchpoint, perceived, expected, pain, text)
        with self._write(durable=False) as db:
            self._lock_open(db, session_id)
            participant = self._participant(db, session_id, token)
            if participant is None:
                raise WorkshopError("workshop.unknown_token")
            vote = Vote(session_id, participant.id, touchpoint, perceived, expected, pain, cleaned, stamp())
            db.execute(f"INSERT INTO workshop_votes ({_VOTE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                       "ON CONFLICT (session_id, participant_id, touchpoint) DO UPDATE SET "
                       "perceived = excluded.perceived, expected = excluded.expected, pain = excluded.pain, "
                       "text = excluded.text, at = excluded.at", _vote_row(vote))
        return vote

    def workshop_participants(self, session_id: str) -> list[Participant]:
        """In the order they joined."""
        with self._read() as db:
            rows = db.execute(f"SELECT {_PARTICIPANT_COLUMNS} FROM workshop_participants WHERE session_id = ? "
                              "ORDER BY joined_at, id", (session_id,)).fetchall()
        return [Participant(*row) for row in rows]

    def workshop_votes(self, session_id: str) -> list[Vote]:
        """Oldest first."""
        with self._read() as db:
            rows = db.execute(f"SELECT {_VOTE_COLUMNS} FROM workshop_votes WHERE session_id = ? "
                              "ORDER BY at, participant_id, touchpoint", (session_id,)).fetchall()
        return [_vote(row) for row in rows]

    def workshop_results(self, session_id: str) -> Results:
        """The session's results (:func:`journeys.workshop.results`), read in one transaction."""
        with self._read() as db:
            session = self._session(db, session_id)
            if session is None:
                raise WorkshopError("workshop.unknown_session", session=session_id)
            people = [Participant(*row) for row in db.execute(
                f"SELECT {_PARTICIPANT_COLUMNS} FROM workshop_participants WHERE session_id = ?", (session_id,)
            ).fetchall()]
            votes = [_vote(row) for row in db.execute(
                f"SELECT {_VOTE_COLUMNS} FROM workshop_votes WHERE session_id = ?", (session_id,)).fetchall()]
        return results(session, people, votes)

    def workshop_stamp(self, session_id: str) -> tuple[int, int, str | None]:
        """``(participants, votes, last vote time)`` in one cheap read: what a projector polls to know
        whether to redraw (a changed vote moves the time)."""
        with self._read() as db:
            row = db.execute(
                "SELECT (SELECT COUNT(*) FROM workshop_participants WHERE session_id = ?), "
                "(SELECT COUNT(*) FROM workshop_votes WHERE session_id = ?), "
                "(SELECT MAX(at) FROM workshop_votes WHERE session_id = ?)", (session_id,) * 3).fetchone()
        return int(row[0]), int(row[1]), row[2]

    def anonymise_workshop(self, session_id: str) -> int:
        """Forget the names of the session's participants (their votes and the counts stay); returns
        how many names were dropped."""
        when = stamp()
        with self._write() as db:
            if self._session(db, session_id) is None:
                raise WorkshopError("workshop.unknown_session", session=session_id)
            dropped = db.execute("UPDATE workshop_participants SET name = NULL WHERE session_id = ? "
                                 "AND name IS NOT NULL", (session_id,)).rowcount
            db.execute("UPDATE workshop_sessions SET names_dropped_at = ? WHERE id = ? AND names_dropped_at IS NULL",
                       (when, session_id))
        return dropped

    def delete_workshop_participants(self, session_id: str) -> int:
        """Delete the session's participants and their votes (the session stays); returns how many went."""
        with self._write() as db:
            if self._session(db, session_id) is None:
                raise WorkshopError("workshop.unknown_session", session=session_id)
            db.execute("DELETE FROM workshop_votes WHERE session_id = ?", (session_id,))
            return db.execute("DELETE FROM workshop_participants WHERE session_id = ?", (session_id,)).rowcount

    def drop_old_names(self, now: datetime | None = None) -> int:
        """Drop the names of sessions closed more than :data:`~journeys.workshop.NAME_DAYS` days before
        ``now``; returns how many names went. Runs on every start, close and listing of sessions, so it
        needs no scheduler."""
        moment = now or datetime.now(UTC)
        cutoff = (moment - timedelta(days=NAME_DAYS)).isoformat(timespec="microseconds")
        with self._write() as db:
            ids = [row[0] for row in db.execute(
                "SELECT id FROM workshop_sessions WHERE closed_at IS NOT NULL AND closed_at < ? "
                "AND names_dropped_at IS NULL", (cutoff,)).fetchall()]
            dropped = 0
            for session_id in ids:
                dropped += db.execute("UPDATE workshop_participants SET name = NULL WHERE session_id = ? "
                                      "AND name IS NOT NULL", (session_id,)).rowcount
                db.execute("UPDATE workshop_sessions SET names_dropped_at = ? WHERE id = ?",
                           (moment.isoformat(timespec="microseconds"), session_id))
        return dropped
