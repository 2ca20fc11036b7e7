"""The versioned store: append-only history, optimistic concurrency, drafts per person and tab, crash
safety, the schema version and its migrations, and store errors in one line."""

from __future__ import annotations

import os
import sqlite3
import stat
import time
from pathlib import Path

import bcrypt
import pytest

from journeys.accounts import Accounts
from journeys.model import Journey
from journeys.store import (
    SCHEMA_VERSION,
    SqliteStore,
    StoreError,
    check_store,
    default_store_location,
)

from .conftest import MINIMAL


def journey(title: str = "v", **changes: object) -> Journey:
    return Journey.model_validate({**MINIMAL, "title": title, **changes})


FIRST_RELEASE_SCHEMA = """
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
CREATE TABLE IF NOT EXISTS drafts (
    journey_id TEXT PRIMARY KEY,
    based_on   INTEGER,
    saved_at   TEXT NOT NULL,
    author     TEXT NOT NULL,
    document   TEXT NOT NULL
);
"""
"""The store as the first release made it (``git show 359da81:journeys/store.py``): no user_version."""


MIGRATION_1 = """
CREATE TABLE drafts_by_person (journey_id TEXT NOT NULL, person TEXT NOT NULL, tab TEXT NOT NULL,
    based_on INTEGER, saved_at TEXT NOT NULL, author TEXT NOT NULL, document TEXT NOT NULL,
    PRIMARY KEY (journey_id, person, tab));
INSERT INTO drafts_by_person SELECT journey_id, author, '', based_on, saved_at, author, document FROM drafts;
DROP TABLE drafts;
ALTER TABLE drafts_by_person RENAME TO drafts;
"""
"""What the team-safe release did to a first-release store (``git show 7924457:journeys/store.py``)."""


def first_release_store(path: Path) -> None:
    db = sqlite3.connect(path)
    db.executescript(FIRST_RELEASE_SCHEMA)
    for n, title in ((1, "一"), (2, "二")):
        db.execute("INSERT INTO versions VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                   ("visit", n, f"2026-11-0{n}T08:00:00+00:00", "王芳", f"note {n}", title, n - 1 or None,
                    journey(title).model_dump_json(by_alias=True, exclude_none=True)))
    db.execute("INSERT INTO drafts VALUES (?, ?, ?, ?, ?)",
               ("visit", 2, "2026-11-03T09:00:00+00:00", "李雷", journey("李雷的草稿").model_dump_json(by_alias=True)))
    db.commit()
    db.close()


def test_a_first_release_store_migrates_forward_with_everything_in_it(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    first_release_store(path)
    store = SqliteStore(path)
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 3
    db.close()
    assert store.users() == [] and check_store(store) == []
    assert [(v.number, v.author, v.note, v.title, v.based_on) for v in store.history("visit")] == [
        (1, "王芳", "note 1", "一", None), (2, "王芳", "note 2", "二", 1)]
    assert store.load("visit", 1).journey == journey("一")
    # The one draft of the journey is now its author's.
    (draft,) = store.drafts("visit")
    assert (draft.person, draft.tab, draft.based_on, draft.saved_at, draft.journey.title) == (
        "李雷", "", 2, "2026-11-03T09:00:00+00:00", "李雷的草稿")
    assert store.drafts("visit", "王芳") == []
    # History is still append-only, and the store goes on working (and opens again without migrating).
    db = sqlite3.connect(path)
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        db.execute("DELETE FROM versions")
    db.close()
    store.save_draft(journey("王芳的"), based_on=2, person="王芳", tab="x")
    assert len(SqliteStore(path).drafts("visit")) == 2


TEAM_SAFE_USERS = """
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
"""The tables the team-safe release's accounts made beside a schema-1 store when the first user was added."""


@pytest.mark.parametrize("with_users", [True, False])
def test_a_team_safe_store_migrates_forward(tmp_path: Path, with_users: bool) -> None:
    path = tmp_path / "team.db"
    first_release_store(path)
    db = sqlite3.connect(path)
    db.executescript(MIGRATION_1)
    db.execute("PRAGMA user_version = 1")
    if with_users:
        db.executescript(TEAM_SAFE_USERS)
        db.execute("INSERT INTO users VALUES ('王芳', 'facilitator', ?, '2026-11-20T08:00:00+00:00')",
                   (bcrypt.hashpw(b"pass-1", bcrypt.gensalt()).decode(),))
        db.execute("INSERT INTO auth_secrets VALUES ('cookie_key', 'k' )")
    db.commit()
    db.close()
    store = SqliteStore(path)
    assert store.schema_version() == SCHEMA_VERSION
    assert [v.number for v in store.history("visit")] == [1, 2] and len(store.drafts("visit")) == 1
    accounts = Accounts(store)
    assert accounts.verify("王芳", "pass-1") == with_users
    assert (accounts.cookie_key() == "k") == with_users
    accounts.add_user("李雷", "viewer", "pass-2")
    assert check_store(store) == []


def test_a_store_from_a_newer_release_is_refused_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    SqliteStore(path)
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()
    with pytest.raises(StoreError) as caught:
        SqliteStore(path)
    assert str(path) in str(caught.value) and "newer release" in str(caught.value)
    assert "\n" not in str(caught.value) and "更新的版本" in caught.value.text("zh")


def test_the_store_file_is_readable_by_its_owner_only(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "deep" / "store.db")
    store.save(journey(), based_on=None)
    for name in ("store.db", "store.db-wal", "store.db-shm"):
        file = tmp_path / "deep" / name
        if file.exists():
            assert stat.S_IMODE(os.stat(file).st_mode) == 0o600, name


def test_a_store_under_a_regular_file_names_the_path(tmp_path: Path) -> None:
    (tmp_path / "somefile").write_text("not a folder")
    with pytest.raises(StoreError) as caught:
        SqliteStore(tmp_path / "somefile" / "x.db")
    parent = tmp_path / "somefile"
    assert str(caught.value) == f"cannot open the store {parent / 'x.db'}: {parent} is a file, not a folder"


def test_a_damaged_store_says_so_and_how_to_recover(tmp_path: Path, store: SqliteStore) -> None:
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"\x13" * 8192)
    with pytest.raises(StoreError) as caught:
        SqliteStore(garbage)
    assert "damaged" in str(caught.value) and ".recover" in str(caught.value) and "backup" in str(caught.value)
    # A good store whose pages are overwritten in the middle: damaged, never a traceback from sqlite3.
    for i in range(30):
        store.save(journey(f"v{i}", touchpoints=[{"id": f"t{k}", "stage": "arrive", "name": "接触点" * 30}
                                                  for k in range(40)], edges=[]), based_on=i or None)
    db = sqlite3.connect(store.path)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    data = bytearray(store.path.read_bytes())
    data[4096 * 2:4096 * 6] = b"\xff" * (4096 * 4)
    store.path.write_bytes(bytes(data))
    with pytest.raises(StoreError) as caught:
        for i in range(1, 31):
            store.load("visit", i)
        store.list_journeys()
        assert store.physical_check() == []
    assert str(store.path) in str(caught.value) and "damaged" in str(caught.value), caught.value


def test_a_store_locked_by_another_program_says_so_after_the_busy_timeout(store: SqliteStore) -> None:
    store.save(journey(), based_on=None)
    impatient = SqliteStore(store.path, busy_timeout=0.2)
    other = sqlite3.connect(store.path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        started = time.monotonic()
        with pytest.raises(StoreError) as caught:
            impatient.save(journey("blocked"), based_on=1)
        waited = time.monotonic() - started
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert str(caught.value) == (f"the store {store.path} is locked by another program (waited 0.2 s); "
                                 "try again when it is done")
    assert 0.15 < waited < 5
    assert impatient.save(journey("now"), based_on=1).number == 2


def test_the_default_location_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("MOT_STORE", str(tmp_path / "x.db"))
    assert default_store_location() == str(tmp_path / "x.db")
    monkeypatch.setenv("MOT_STORE", "postgresql://mot@db.example:5432/journeys")
    assert default_store_location() == "postgresql://mot@db.example:5432/journeys"  # a URL is not a path
    monkeypatch.delenv("MOT_STORE")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert default_store_location() == str(tmp_path / "mot-journeys" / "journeys.db")


