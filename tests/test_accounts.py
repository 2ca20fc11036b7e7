"""Accounts: bcrypt hashes in the store file, verify, roles, errors in both languages, owner-only file."""

from __future__ import annotations

import sqlite3
import stat
from pathlib import Path

import pytest

from journeys.accounts import (
    AccountError,
    Accounts,
    BadName,
    BadRole,
    DuplicateUser,
    EmptyPassword,
    PasswordTooLong,
    UnknownUser,
    sign_in_required,
)
from journeys.store import SqliteStore


@pytest.fixture
def accounts(tmp_path: Path) -> Accounts:
    return Accounts(tmp_path / "store.db")


def test_the_password_is_stored_as_a_bcrypt_hash_never_in_clear(accounts: Accounts) -> None:
    accounts.add_user("王芳", "facilitator", "晨会-2026")
    with sqlite3.connect(accounts.store.path) as db:  # type: ignore[attr-defined]
        stored = db.execute("SELECT password_hash FROM users WHERE name = ?", ("王芳",)).fetchone()[0]
        dump = "\n".join(db.iterdump())
    assert stored.startswith("$2b$")
    assert "晨会-2026" not in dump
    assert "晨会-2026" not in repr(accounts.list_users())


def test_verify_accepts_the_password_and_nothing_else(accounts: Accounts) -> None:
    accounts.add_user("ann", "viewer", "correct horse")
    assert accounts.verify("ann", "correct horse")
    assert not accounts.verify("ann", "correct horse ")
    assert not accounts.verify("ann", "")
    assert not accounts.verify("bob", "correct horse")
    assert not accounts.verify("ann", "x" * 100)


def test_roles_listing_password_change_and_removal(accounts: Accounts) -> None:
    assert not accounts.has_users()
    accounts.add_user("li", "facilitator", "pw-one")
    accounts.add_user("ann", "viewer", "pw-two")
    assert accounts.has_users()
    assert [(u.name, u.role) for u in accounts.list_users()] == [("ann", "viewer"), ("li", "facilitator")]
    assert accounts.role_of("li") == "facilitator" and accounts.role_of("ann") == "viewer"
    assert accounts.get("LI") == accounts.get("li")  # as the sign-in form reads names
    accounts.set_password("ann", "pw-three")
    assert accounts.verify("ann", "pw-three") and not accounts.verify("ann", "pw-two")
    accounts.remove_user("ann")
    assert accounts.role_of("ann") is None and not accounts.verify("ann", "pw-three")
    assert [u.name for u in accounts.list_users()] == ["li"]


@pytest.mark.parametrize(("call", "error"), [
    (lambda a: a.add_user("li", "facilitator", "again"), DuplicateUser),
    (lambda a: a.add_user("LI", "viewer", "again"), DuplicateUser),
    (lambda a: a.add_user("zoe", "admin", "pw"), BadRole),
    (lambda a: a.add_user("zoe", "viewer", ""), EmptyPassword),
    (lambda a: a.add_user("zoe", "viewer", "密" * 30), PasswordTooLong),
    (lambda a: a.add_user("two words", "viewer", "pw"), BadName),
    (lambda a: a.add_user("  ", "viewer", "pw"), BadName),
    (lambda a: a.set_password("nobody", "pw"), UnknownUser),
    (lambda a: a.set_password("li", ""), EmptyPassword),
    (lambda a: a.remove_user("nobody"), UnknownUser),
])
def test_clear_errors_in_both_languages(accounts: Accounts, call, error) -> None:  # type: ignore[no-untyped-def]
    accounts.add_user("li", "facilitator", "pw")
    with pytest.raises(error) as caught:
        call(accounts)
    assert isinstance(caught.value, AccountError)
    zh, en = caught.value.text("zh"), caught.value.text("en")
    assert zh and en and zh != en and str(caught.value) == en
    assert [(u.name, u.role) for u in accounts.list_users()] == [("li", "facilitator")]  # nothing changed


def test_users_share_the_store_file_and_the_store_still_works(tmp_path: Path) -> None:
    path = tmp_path / "shared.db"
    Accounts(path).add_user("li", "facilitator", "pw")
    store = SqliteStore(path)  # a second server on the same file
    assert store.list_journeys() == []
    assert Accounts(path).verify("li", "pw")


def test_the_store_file_is_created_readable_by_its_owner_only(tmp_path: Path) -> None:
    path = tmp_path / "new" / "store.db"
    Accounts(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_an_older_open_store_file_is_made_owner_only_when_users_are_added(tmp_path: Path) -> None:
    path = tmp_path / "store.db"
    SqliteStore(path)
    path.chmod(0o644)
    accounts = Accounts(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o644  # nothing secret in it yet
    accounts.add_user("li", "facilitator", "pw")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_the_cookie_key_is_made_once_per_store(tmp_path: Path) -> None:
    path = tmp_path / "store.db"
    key = Accounts(path).cookie_key()
    assert len(key) == 64 and Accounts(path).cookie_key() == key
    assert Accounts(tmp_path / "other.db").cookie_key() != key


@pytest.mark.parametrize(("address", "users", "required"), [
    ("127.0.0.1", False, False), ("localhost", False, False), ("::1", False, False),
    ("127.0.0.1", True, True), ("0.0.0.0", False, True), ("", False, True), (None, False, True),
    ("192.168.1.20", True, True), ("my-host.local", False, True),
])
def test_when_sign_in_is_required(address: str | None, users: bool, required: bool) -> None:
    assert sign_in_required(address, users) is required
