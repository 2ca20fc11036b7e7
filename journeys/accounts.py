"""The people who may sign in: names, roles and bcrypt password hashes, kept in the store.

Users live in the store's ``users`` table (:mod:`journeys.store`, either backend), beside the journeys,
so app servers that share a store share their users too. Passwords are hashed with bcrypt (a salted,
deliberately slow hash; the ``bcrypt`` package that the sign-in library uses too) and never stored or
shown in clear. A SQLite store file is created readable by its owner only, and made so when the first
user is added to a file that existed before. The store also keeps the secret that signs the app's
sign-in cookies, made once per store, so every server on the store accepts the same cookies.

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
from datetime import UTC, datetime
from typing import Any, get_args

import bcrypt

from .store import JourneyStore, User, open_store
from .store._base import Role
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

ROLES: tuple[Role, ...] = get_args(Role)
"""The roles, the one with the most rights first."""

# bcrypt reads at most 72 bytes of a password; a longer one is refused rather than silently cut.
_MAX_PASSWORD_BYTES = 72

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
    """The users of one store: names, roles and passwords checked here, kept by the store."""

    def __init__(self, store: JourneyStore | str | os.PathLike[str]):
        self.store = open_store(store) if isinstance(store, str | os.PathLike) else store

    def __repr__(self) -> str:
        return f"Accounts({self.store.location!r})"

    def _private(self) -> None:
        """Owner-only access to a store file, once it holds password hashes (a file made before users
        existed may be readable by others)."""
        path = getattr(self.store, "path", None)
        if path is not None:
            with contextlib.suppress(OSError):
                if path.stat().st_mode & 0o077:
                    path.chmod(0o600)

    def add_user(self, name: str, role: str, password: str) -> User:
        """Add a person; :class:`DuplicateUser` when the name is taken."""
        name, role = _check_name(name), _check_role(role)
        user = User(name, role, _now(), _hash(password))
        self._private()
        if not self.store.insert_user(user):
            raise DuplicateUser(name=name)
        return user

    def list_users(self) -> list[User]:
        """Every user, by name."""
        return self.store.users()

    def has_users(self) -> bool:
        return self.store.has_users()

    def get(self, name: str) -> User | None:
        """The person of that name; names match without regard to (Latin) letter case, as at sign-in."""
        return self.store.user(name)

    def role_of(self, name: str) -> Role | None:
        """The person's role, ``None`` for an unknown name."""
        user = self.get(name)
        return None if user is None else user.role

    def set_password(self, name: str, password: str) -> None:
        """Replace a person's password; :class:`UnknownUser` when there is no such person."""
        if not self.store.set_password_hash(name, _hash(password)):
            raise UnknownUser(name=name)

    def remove_user(self, name: str) -> None:
        if not self.store.delete_user(name):
            raise UnknownUser(name=name)

    def verify(self, name: str, password: str) -> bool:
        """Whether ``password`` is the person's password (``False`` for an unknown name)."""
        user = self.get(name)
        if user is None or not password or len(password.encode()) > _MAX_PASSWORD_BYTES:
            return False
        return bcrypt.checkpw(password.encode(), user.password_hash.encode())

    def cookie_key(self) -> str:
        """The secret that signs sign-in cookies: made once per store, the same for every server on it."""
        return self.store.secret("cookie_key", secrets.token_hex(32))
