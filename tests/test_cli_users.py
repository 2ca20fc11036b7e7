"""``mot users`` and the refusal of ``mot app`` on a public address without users, in process."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

import cli
from journeys.accounts import Accounts

Mot = Callable[..., Result]


def test_add_list_passwd_remove(mot: Mot, tmp_path: Path) -> None:
    store = tmp_path / "store.db"
    assert "no users yet" in mot("users", "list").stderr
    assert "added user li (facilitator)" in mot("users", "add", "li", "--role", "facilitator", input="pw-li-1\n").stdout
    mot("users", "add", "ann", "--role", "viewer", input="pw-ann-1\n")
    assert stat.S_IMODE(store.stat().st_mode) == 0o600
    listing = mot("users", "list").stdout.splitlines()
    assert [line.split("\t")[:2] for line in listing] == [["ann", "viewer"], ["li", "facilitator"]]
    assert "pw-" not in "".join(listing) and "$2b$" not in "".join(listing)
    assert Accounts(store).verify("ann", "pw-ann-1")
    mot("users", "passwd", "ann", input="new-pass\n")
    assert Accounts(store).verify("ann", "new-pass") and not Accounts(store).verify("ann", "pw-ann-1")
    assert "removed user ann" in mot("users", "remove", "ann").stdout
    assert Accounts(store).role_of("ann") is None


@pytest.mark.parametrize(("args", "stdin", "message"), [
    (["users", "add", "li", "--role", "facilitator"], "again\n", "user 'li' already exists"),
    (["users", "add", "zoe", "--role", "owner"], "pw\n", "invalid role 'owner'"),
    (["users", "add", "zoe", "--role", "viewer"], "\n", "the password must not be empty"),
    (["users", "add", "zoe", "--role", "viewer"], "", "the password must not be empty"),
    (["users", "passwd", "nobody"], "pw\n", "no user 'nobody'"),
    (["users", "remove", "nobody"], None, "no user 'nobody'"),
])
def test_bad_input_is_one_clear_line_and_exit_2(mot: Mot, args: list[str], stdin: str | None, message: str) -> None:
    mot("users", "add", "li", "--role", "facilitator", input="pw\n")
    result = mot(*args, input=stdin, code=2)
    assert result.stderr.strip() == f"mot: {message}" or result.stderr.startswith(f"mot: {message}")
    assert len(result.stderr.strip().splitlines()) == 1


def test_the_messages_follow_mot_lang(mot: Mot, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "LANG", "zh")
    assert "已添加用户 li" in mot("users", "add", "li", "--role", "facilitator", input="pw\n").stdout
    assert "用户“li”已存在" in mot("users", "add", "li", "--role", "viewer", input="pw\n", code=2).stderr


def test_app_refuses_a_public_address_without_users(mot: Mot, monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[list[str]] = []
    monkeypatch.setattr(os, "execve", lambda path, args, env: started.append(args))
    for address in ("0.0.0.0", "192.168.1.20", "::"):
        result = mot("app", "--address", address, code=2)
        assert "refusing to serve on" in result.stderr and "mot users add" in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
    assert started == []


def test_app_starts_on_loopback_without_users_and_on_a_public_address_with_them(
        mot: Mot, monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[list[str]] = []
    monkeypatch.setattr(os, "execve", lambda path, args, env: started.append(args))
    mot("app")
    assert started[-1][started[-1].index("--server.address") + 1] == "127.0.0.1"
    mot("users", "add", "li", "--role", "facilitator", input="pw\n")
    mot("app", "--address", "0.0.0.0", "--port", "8600")
    assert started[-1][started[-1].index("--server.address") + 1] == "0.0.0.0"
    assert started[-1][started[-1].index("--server.port") + 1] == "8600"


def test_an_unusable_store_is_one_line_not_a_traceback(mot: Mot, tmp_path: Path) -> None:
    folder = tmp_path / "a-folder.db"
    folder.mkdir()
    result = mot("--store", str(folder), "users", "list", code=1)
    assert result.stderr.startswith(f"mot: cannot open the store {folder}")
