"""``mot store copy`` and ``mot store check``, and ``--store`` with a PostgreSQL URL, in process: the
upgrade path from a SQLite file to a server keeps every version, draft and user; a destination that
holds journeys is refused unless ``--merge``; a check says what is wrong and how to recover."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

import cli
from journeys.accounts import Accounts
from journeys.model import Journey
from journeys.store import open_store

from .conftest import MINIMAL

Mot = Callable[..., Result]


def journey(title: str, **changes: object) -> Journey:
    return Journey.model_validate({**MINIMAL, "title": title, **changes})


def seeded(path: Path) -> None:
    store = open_store(path)
    store.save(journey("一"), based_on=None, author="王芳", note="初稿")
    store.save(journey("二"), based_on=1, author="李雷", note="改版")
    store.save_draft(journey("王芳的草稿"), based_on=2, person="王芳", tab="t1")
    Accounts(store).add_user("王芳", "facilitator", "pass-1")


def test_copy_a_file_to_a_server_and_check_it(mot: Mot, tmp_path: Path, pg_url: str) -> None:
    seeded(tmp_path / "store.db")
    out = mot("store", "copy", "store.db", pg_url).stdout
    assert "copied 1 journeys, 2 versions, 1 drafts, 1 users from store.db to postgresql://postgres@127.0.0.1:" in out
    assert "counts checked: postgresql://" in out and "now holds 1 journeys, 2 versions, 1 drafts, 1 users" in out
    server = open_store(pg_url)
    assert [(v.number, v.author, v.note) for v in server.history("visit")] == [(1, "王芳", "初稿"), (2, "李雷", "改版")]
    assert server.history("visit") == open_store(tmp_path / "store.db").history("visit")  # times kept
    assert [d.journey.title for d in server.drafts("visit", "王芳")] == ["王芳的草稿"]
    assert Accounts(server).verify("王芳", "pass-1")
    server.close()
    assert "ok (schema 3; 1 journeys, 2 versions, 1 drafts, 1 users)" in mot("store", "check", pg_url).stdout
    # Every other command reads the server through --store.
    assert "visit\tv2" in mot("--store", pg_url, "list").stdout
    assert [line.split("\t")[:2] for line in mot("--store", pg_url, "users", "list").stdout.splitlines()] == [
        ["王芳", "facilitator"]]


def test_copy_refuses_a_destination_with_journeys_unless_merge(mot: Mot, tmp_path: Path) -> None:
    seeded(tmp_path / "store.db")
    other = open_store(tmp_path / "other.db")
    other.save(journey("别人的"), based_on=None)
    other.save(journey("另一条", id="kept"), based_on=None)
    refused = mot("store", "copy", "store.db", "other.db", code=2)
    assert "already holds 2 journeys and 0 users; pass --merge" in refused.stderr
    assert other.counts()["versions"] == 2
    merged = mot("store", "copy", "store.db", "other.db", "--merge")
    assert "journey 'visit' is in both stores: kept the one in other.db, not copied" in merged.stderr
    assert "copied 0 journeys, 0 versions, 0 drafts, 1 users" in merged.stdout
    assert other.load("visit").journey.title == "别人的"
    assert "the same store" in mot("store", "copy", "store.db", "store.db", code=2).stderr


def test_check_says_what_is_wrong_and_how_to_recover(mot: Mot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seeded(tmp_path / "store.db")
    assert "store.db: ok (schema 3" in mot("store", "check", "store.db").stdout
    db = sqlite3.connect(tmp_path / "store.db")
    db.execute("INSERT INTO versions VALUES ('visit', 4, '2026-12-01T00:00:00+00:00', 'x', '', 't', 3, '{\"id\": 1}')")
    db.commit()
    db.close()
    result = mot("store", "check", "store.db", code=1)
    assert "journey 'visit' has a gap in its versions (missing 3)" in result.stderr
    assert "journey 'visit' version 4 is based on version 3, which is not there" in result.stderr
    assert "journey 'visit' version 4 is not a valid journey" in result.stderr
    assert "3 problems found. To recover: replace store.db with a backup copy" in result.stderr
    monkeypatch.setattr(cli, "LANG", "zh")
    zh = mot("store", "check", "store.db", code=1).stderr
    assert "旅程“visit”的版本号不连续（缺少 3）" in zh and "恢复方法：用备份副本替换 store.db" in zh
    monkeypatch.setattr(cli, "LANG", "en")
    # A file that is no store at all: one line, the cause and the way out.
    (tmp_path / "garbage.db").write_bytes(b"\x13" * 8192)
    garbage = mot("store", "check", "garbage.db", code=1)
    assert "damaged" in garbage.stderr and ".recover" in garbage.stderr and len(garbage.stderr.splitlines()) == 1


def test_a_server_url_never_shows_its_password(mot: Mot) -> None:
    result = mot("--store", "postgresql://mot:s3cret@127.0.0.1:1/journeys", "list", code=1)
    assert result.stderr.startswith("mot: cannot reach the store postgresql://mot@127.0.0.1:1/journeys: ")
    assert "s3cret" not in result.stderr and len(result.stderr.splitlines()) == 1
