"""The versioned store: append-only history, optimistic concurrency, drafts per person and tab, crash
safety, the schema version and its migrations, and store errors in one line."""

from __future__ import annotations

import os
import signal
import sqlite3
import stat
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from journeys.model import Journey
from journeys.store import (
    SCHEMA_VERSION,
    ConflictError,
    NotFoundError,
    SqliteStore,
    StoreError,
    default_store_path,
)

from .conftest import MINIMAL


def journey(title: str = "v", **changes: object) -> Journey:
    return Journey.model_validate({**MINIMAL, "title": title, **changes})


def test_versions_are_numbered_with_author_note_and_document(store: SqliteStore) -> None:
    first = store.save(journey("一"), based_on=None, author="王经理", note="工作坊初稿")
    second = store.save(journey("二"), based_on=1, author="李主管", note="加入排队分流")
    assert (first.number, second.number) == (1, 2)
    history = store.history("visit")
    assert [(v.number, v.author, v.note, v.title, v.based_on) for v in history] == [
        (1, "王经理", "工作坊初稿", "一", None), (2, "李主管", "加入排队分流", "二", 1)]
    assert history[0].saved_at.endswith("+00:00")
    assert store.load("visit").journey.title == "二"
    assert store.load("visit", 1).journey == journey("一")
    (summary,) = store.list_journeys()
    assert (summary.id, summary.title, summary.versions, summary.last_author) == ("visit", "二", 2, "李主管")


def test_a_stale_save_is_refused_and_loses_nothing(store: SqliteStore) -> None:
    store.save(journey("base"), based_on=None)
    store.save(journey("alice"), based_on=1, author="alice")
    with pytest.raises(ConflictError) as caught:
        store.save(journey("bob"), based_on=1, author="bob")
    assert (caught.value.based_on, caught.value.latest) == (1, 2)
    assert "reload" in str(caught.value)
    assert [v.title for v in store.history("visit")] == ["base", "alice"]
    # Bob keeps his edit as a branch copy; Alice's version is untouched.
    copy = store.save_copy(journey("bob"), store.free_id("visit"), author="bob", note="copy of visit v1")
    assert (copy.journey_id, copy.number) == ("visit-2", 1)
    assert store.load("visit-2").journey.title == "bob"
    assert store.load("visit").journey.title == "alice"


def test_creating_a_journey_that_exists_is_a_conflict(store: SqliteStore) -> None:
    store.save(journey(), based_on=None)
    with pytest.raises(ConflictError, match="already exists"):
        store.save(journey(), based_on=None)


def test_basing_on_a_version_of_a_missing_journey_fails(store: SqliteStore) -> None:
    with pytest.raises(NotFoundError):
        store.save(journey(), based_on=3)


def test_missing_journeys_and_versions(store: SqliteStore) -> None:
    with pytest.raises(NotFoundError, match="no journey 'nope'"):
        store.load("nope")
    with pytest.raises(NotFoundError, match="no journey"):
        store.history("nope")
    store.save(journey(), based_on=None)
    with pytest.raises(NotFoundError, match="no version 7"):
        store.load("visit", 7)


def test_history_cannot_be_rewritten(store: SqliteStore) -> None:
    store.save(journey(), based_on=None)
    db = sqlite3.connect(store.path)
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        db.execute("UPDATE versions SET note = 'rewritten'")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        db.execute("DELETE FROM versions")
    db.close()


def test_drafts_survive_and_are_kept_apart_from_history(store: SqliteStore) -> None:
    store.save(journey("saved"), based_on=None)
    store.save_draft(journey("typing..."), based_on=1, person="facilitator", tab="t1")
    reopened = SqliteStore(store.path)  # a restarted server
    draft = reopened.load_draft("visit", "facilitator", "t1")
    assert draft is not None and draft.journey.title == "typing..." and draft.based_on == 1
    assert draft.author == "facilitator" and draft.draft_key == ("facilitator", "t1")
    assert reopened.load("visit").journey.title == "saved"
    reopened.save(draft.journey, based_on=draft.based_on, draft=draft.draft_key)
    assert reopened.load_draft("visit", "facilitator", "t1") is None  # saved: the draft is now history


def test_a_draft_belongs_to_a_person_and_a_tab(store: SqliteStore) -> None:
    store.save(journey("base"), based_on=None)
    store.save_draft(journey("wang, tab 1"), based_on=1, person="王芳", tab="a")
    store.save_draft(journey("wang, tab 2"), based_on=1, person="王芳", tab="b")
    store.save_draft(journey("li"), based_on=1, person="李雷", tab="c")
    store.save_draft(journey("wang, tab 1 again"), based_on=1, person="王芳", tab="a")
    assert sorted(d.journey.title for d in store.drafts("visit", "王芳")) == ["wang, tab 1 again", "wang, tab 2"]
    assert len(store.drafts("visit")) == 3
    # Li saves and discards: only Li's draft goes.
    store.save(journey("li"), based_on=1, author="李雷", draft=("李雷", "c"))
    assert [d.person for d in store.drafts("visit")] == ["王芳", "王芳"]
    store.discard_draft("visit", "王芳", "b")
    assert [d.journey.title for d in store.drafts("visit")] == ["wang, tab 1 again"]


def test_someone_elses_save_keeps_my_draft(store: SqliteStore) -> None:
    store.save(journey("base"), based_on=None)
    store.save_draft(journey("mine, unsaved"), based_on=1, person="me")
    store.save_draft(journey("theirs"), based_on=1, person="them")
    store.save(journey("theirs"), based_on=1, draft=("them", ""))  # even when it is the very same text
    draft = store.load_draft("visit", "me")
    assert draft is not None and draft.journey.title == "mine, unsaved"
    store.discard_draft("visit", "me")
    assert store.load_draft("visit", "me") is None


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
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 1
    db.close()
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
        assert store.check() == []
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


def test_eight_concurrent_writers_never_see_the_busy_timeout(store: SqliteStore) -> None:
    store.save(journey("base"), based_on=None)
    errors: list[BaseException] = []
    start = threading.Barrier(8)

    def writer(k: int) -> None:
        mine = SqliteStore(store.path)
        start.wait()
        try:
            for i in range(15):
                mine.save(journey(f"w{k}-{i}", id=f"j{k}"), based_on=i or None, author=f"w{k}")
                mine.save_draft(journey(f"d{k}-{i}", id=f"j{k}"), based_on=i + 1, person=f"w{k}", tab="t")
                mine.list_journeys()
        except BaseException as exc:  # collected and reported below
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(k,)) for k in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(s.versions for s in store.list_journeys()) == [1] + [15] * 8


def test_default_path_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("MOT_STORE", str(tmp_path / "x.db"))
    assert default_store_path() == tmp_path / "x.db"
    monkeypatch.delenv("MOT_STORE")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert default_store_path() == tmp_path / "mot-journeys" / "journeys.db"


WRITER = textwrap.dedent("""
    import sys
    from journeys.model import Journey
    from journeys.store import SqliteStore
    from tests.conftest import MINIMAL
    store = SqliteStore(sys.argv[1])
    # Big documents make each transaction long enough to be killed in the middle of one.
    touchpoints = [{"id": f"t{i}", "stage": "arrive", "name": "接触点" * 20} for i in range(2000)]
    n = store.latest_number("visit") or 0
    while True:
        doc = {**MINIMAL, "title": f"v{n + 1}", "touchpoints": MINIMAL["touchpoints"] + touchpoints}
        store.save(Journey.model_validate(doc), based_on=n or None, note=f"note {n + 1}")
        store.save_draft(Journey.model_validate({**doc, "title": "draft"}), based_on=n + 1, person="me")
        n += 1
        print(n, flush=True)
""")


@pytest.mark.parametrize("delay", [0.35, 0.6, 0.9])
def test_a_process_killed_mid_save_leaves_every_earlier_version_intact(tmp_path: Path, delay: float) -> None:
    path = tmp_path / "store.db"
    root = Path(__file__).resolve().parent.parent
    with subprocess.Popen([sys.executable, "-c", WRITER, str(path)], cwd=root,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as proc:
        assert proc.stdout is not None
        first = proc.stdout.readline()  # at least one version is on disk
        if first.strip() != "1":
            proc.kill()
            pytest.fail(proc.communicate()[1])
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        rest, _ = proc.communicate()
    assert proc.returncode == -signal.SIGKILL
    reported = [int(line) for line in [first, *rest.split()] if line.strip()]

    store = SqliteStore(path)
    assert store.check() == []
    history = store.history("visit")
    numbers = [v.number for v in history]
    assert numbers == list(range(1, len(numbers) + 1))  # no gaps, no half-written version
    assert len(numbers) >= max(reported)  # every save that returned is there
    for v in history:
        loaded = store.load("visit", v.number)
        assert loaded.journey.title == f"v{v.number}" and loaded.info.note == f"note {v.number}"
    # And the store goes on working.
    store.save(store.load("visit").journey, based_on=numbers[-1], note="after the crash")
