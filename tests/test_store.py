"""The versioned store: append-only history, optimistic concurrency, drafts, crash safety."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from journeys.model import Journey
from journeys.store import ConflictError, NotFoundError, SqliteStore, default_store_path

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
    store.save_draft(journey("typing..."), based_on=1, author="facilitator")
    reopened = SqliteStore(store.path)  # a restarted server
    draft = reopened.load_draft("visit")
    assert draft is not None and draft.journey.title == "typing..." and draft.based_on == 1
    assert reopened.load("visit").journey.title == "saved"
    reopened.save(draft.journey, based_on=draft.based_on)
    assert reopened.load_draft("visit") is None  # saved exactly as drafted: the draft is now history


def test_someone_elses_save_keeps_my_draft(store: SqliteStore) -> None:
    store.save(journey("base"), based_on=None)
    store.save_draft(journey("mine, unsaved"), based_on=1)
    store.save(journey("theirs"), based_on=1)
    draft = store.load_draft("visit")
    assert draft is not None and draft.journey.title == "mine, unsaved"
    store.discard_draft("visit")
    assert store.load_draft("visit") is None


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
        store.save_draft(Journey.model_validate({**doc, "title": "draft"}), based_on=n + 1)
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
