"""The people who may sign in: names, roles and bcrypt password hashes, kept in the store file.

Users live in their own ``users`` table of the same SQLite file as the journeys, so app servers that
share a store share their users too. Passwords are hashed with bcrypt (a salted, deliberately slow
hash; the ``bcrypt`` package that the sign-in library uses too) and never stored or shown in clear.
The file is created readable by its owner only, and made so when the first user is added to a file
that existed before. A second small table keeps the secret that signs the app's sign-in cookies,
created once per store, so every server on the store accepts the same cookies.

Two roles: a ``facilitator`` edits, saves, restores and runs workshop sessions; a ``viewer`` reads,
compares and exports. Whether the app asks anyone to sign in is :func:`sign_in_required`.

Examples
--------
>>> import tempfile, pathlib
>>> accounts = Accounts(pathlib.Path(tempfile.mkdtemp()) / "store.db")
>>> accounts.add_user("王芳", "facilitator", "s3cret-pass").role
'facilitator'
>>> accounts.verify("王芳", "s3cret-pass"), accounts.verify("王芳", "wrong"), accounts.verify("nobody", "x")
(True, False, False)
>>> accounts.role_of("王芳"), accounts.role_of("nobody")
('facilitator', None)
"""

from __future__ import annotations

import contextlib
import ipaddress
import os
import secrets
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal, cast, get_args

import bcrypt

from .words import t as word

__all__ = [
    "ROLES",
    "AccountError",
    "Accounts",
    "BadName",
    "BadRole",
    "DuplicateUser",
    "EmptyPassword",
    "PasswordTooLong",
    "Role",
    "UnknownUser",
    "User",
    "is_loopback",
    "sign_in_required",
]

Role = Literal["facilitator", "viewer"]
ROLES: tuple[Role, ...] = get_args(Role)
"""The roles, the one with the most rights first."""

# bcrypt reads at most 72 bytes of a password; a longer one is refused rather than silently cut.
_MAX_PASSWORD_BYTES = 72

_SCHEMA = """
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


class AccountError(Exception):
    """A user could not be added, changed or removed. The message is a catalogue word (``cli.users.*``)."""

    key = "cli.users.error"

    def __init__(self, **params: Any):
        self.params = params
        super().__init__(self.text("en"))

    def text(self, lang: str) -> str:
        """The message in ``lang``."""
        return word(self.key, lang, **self.params)


class DuplicateUser(AccountError):
    key = "cli.users.duplicate"


class UnknownUser(AccountError):
    key = "cli.users.unknown"


class BadRole(AccountError):
    key = "cli.users.bad_role"


class BadName(AccountError):
    key = "cli.users.bad_name"


class EmptyPassword(AccountError):
    key = "cli.users.empty_password"


class PasswordTooLong(AccountError):
    key = "cli.users.long_password"


@dataclass(frozen=True)
class User:
    """One person who may sign in."""

    name: str
    role: Role
    created_at: str
    """UTC time, ISO 8601 with seconds."""
    password_hash: str = field(repr=False)
    """The bcrypt hash (``$2b$...``), never the password."""


def is_loopback(address: str | None) -> bool:
    """Whether a server bound to ``address`` is reachable from this machine only.

    An empty or missing address means every interface (Streamlit's default), so it is not loopback.

    >>> [is_loopback(a) for a in ("127.0.0.1", "::1", "localhost", "0.0.0.0", "", None, "10.0.0.5")]
    [True, True, True, False, False, False, False]
    """
    if not address:
        return False
    if address.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(address.strip().strip("[]")).is_loopback
    except ValueError:
        return False  # a host name: it may resolve to anything


def sign_in_required(address: str | None, has_users: bool) -> bool:
    """The gate's rule: sign in when served beyond this machine, or as soon as any user exists.

    On a loopback address with no users the app stays single-user, as it always was.

    >>> sign_in_required("127.0.0.1", False), sign_in_required("127.0.0.1", True), sign_in_required("0.0.0.0", False)
    (False, True, True)
    """
    return has_users or not is_loopback(address)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _hash(password: str) -> str:
    if not password:
        raise EmptyPassword()
    if len(password.encode()) > _MAX_PASSWORD_BYTES:
        raise PasswordTooLong(limit=_MAX_PASSWORD_BYTES)
    return bcrypt.hashpw(password.encode(), bcrypt.gensalt()).decode()


def _check_role(role: str) -> Role:
    if role not in ROLES:
        raise BadRole(role=role, roles=", ".join(ROLES))
    return role


def _check_name(name: str) -> str:
    name = name.strip()
    if not name or any(ch.isspace() or not ch.isprintable() for ch in name):
        raise BadName(name=name)
    return name


class Accounts:
    """The users of one store file. Each call opens its own short-lived connection, like the store."""

    def __init__(self, path: str | os.PathLike[str]):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(FileExistsError):
            # Created here: readable by its owner only (SQLite gives its journal files the same mode).
            os.close(os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
        with self._connect() as db:
            db.executescript(_SCHEMA)

    def __repr__(self) -> str:
        return f"Accounts({str(self.path)!r})"

    @contextlib.contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.path, timeout=10, isolation_level=None)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            yield db
        finally:
            db.close()

    def _private(self) -> None:
        """Owner-only access, once the file holds password hashes (a store made before users existed)."""
        with contextlib.suppress(OSError):
            if self.path.stat().st_mode & 0o077:
                self.path.chmod(0o600)

    def add_user(self, name: str, role: str, password: str) -> User:
        """Add a person; :class:`DuplicateUser` when the name is taken."""
        name, role = _check_name(name), _check_role(role)
        user = User(name, role, _now(), _hash(password))
        self._private()
        with self._connect() as db:
            try:
                db.execute("INSERT INTO users (name, role, password_hash, created_at) VALUES (?, ?, ?, ?)",
                           (user.name, user.role, user.password_hash, user.created_at))
            except sqlite3.IntegrityError:
                raise DuplicateUser(name=name) from None
        return user

    def list_users(self) -> list[User]:
        """Every user, by name."""
        with self._connect() as db:
            rows = db.execute("SELECT name, role, created_at, password_hash FROM users ORDER BY name").fetchall()
        return [User(name, cast(Role, role), created, hashed) for name, role, created, hashed in rows]

    def has_users(self) -> bool:
        with self._connect() as db:
            return db.execute("SELECT 1 FROM users LIMIT 1").fetchone() is not None

    def get(self, name: str) -> User | None:
        """The person of that name; names match without regard to (Latin) letter case, as at sign-in."""
        with self._connect() as db:
            row = db.execute("SELECT name, role, created_at, password_hash FROM users WHERE name = ?",
                             (name,)).fetchone()
        return None if row is None else User(row[0], cast(Role, row[1]), row[2], row[3])

    def role_of(self, name: str) -> Role | None:
        """The person's role, ``None`` for an unknown name."""
        user = self.get(name)
        return None if user is None else user.role

    def set_password(self, name: str, password: str) -> None:
        """Replace a person's password; :class:`UnknownUser` when there is no such person."""
        hashed = _hash(password)
        with self._connect() as db:
            if db.execute("UPDATE users SET password_hash = ? WHERE name = ?", (hashed, name)).rowcount == 0:
                raise UnknownUser(name=name)

    def remove_user(self, name: str) -> None:
        with self._connect() as db:
            if db.execute("DELETE FROM users WHERE name = ?", (name,)).rowcount == 0:
                raise UnknownUser(name=name)

    def verify(self, name: str, password: str) -> bool:
        """Whether ``password`` is the person's password (``False`` for an unknown name)."""
        user = self.get(name)
        if user is None or not password or len(password.encode()) > _MAX_PASSWORD_BYTES:
            return False
        return bcrypt.checkpw(password.encode(), user.password_hash.encode())

    def cookie_key(self) -> str:
        """The secret that signs sign-in cookies: made once per store, the same for every server on it."""
        with self._connect() as db:
            db.execute("INSERT OR IGNORE INTO auth_secrets (name, value) VALUES (?, ?)",
                       ("cookie_key", secrets.token_hex(32)))
            return str(db.execute("SELECT value FROM auth_secrets WHERE name = ?", ("cookie_key",)).fetchone()[0])
