"""What only the PostgreSQL store has: a URL that selects it, a schema version in a table with forward
migrations, a password that never shows, and a server that goes away and comes back mid-session (the
store says so in one line, the app keeps the unsaved edit in the session and saves it once the server
is back). The behaviour both backends share is in ``test_store_contract.py``."""

from __future__ import annotations

import time
from collections.abc import Iterator

import psycopg
import pytest

from journeys.model import Journey
from journeys.store import SCHEMA_VERSION, PostgresStore, SqliteStore, StoreError, open_store
from journeys.store._postgres import MIGRATIONS
from tests.lines import type_lines

from . import pg
from .conftest import MINIMAL
from .test_app import ok
from .test_app_drafts import add_step, session


def journey(title: str = "v", **changes: object) -> Journey:
    return Journey.model_validate({**MINIMAL, "title": title, **changes})


def test_a_postgresql_url_selects_the_server_store(pg_url: str, tmp_path: object) -> None:
    store = open_store(pg_url)
    assert isinstance(store, PostgresStore)
    assert store.location.startswith("postgresql://postgres@127.0.0.1:") and "options" not in store.location
    store.close()
    assert isinstance(open_store(f"{tmp_path}/postgresql.db"), SqliteStore)  # a file whose name says postgresql


def test_a_schema_1_database_migrates_forward(pg_url: str) -> None:
    """A database as this release's first PostgreSQL schema made it opens, migrated, with all it held."""
    with psycopg.connect(pg_url, autocommit=True) as db:
        db.execute("CREATE TABLE mot_schema (version INTEGER NOT NULL)")
        for statement in MIGRATIONS[1]:
            db.execute(statement)  # type: ignore[call-overload]
        db.execute("INSERT INTO mot_schema VALUES (1)")
        db.execute("INSERT INTO versions VALUES ('visit', 1, '2026-11-01T08:00:00+00:00', '王芳', 'n', 't', NULL, %s)",
                   (journey("一").model_dump_json(by_alias=True, exclude_none=True),))
    store = PostgresStore(pg_url)
    assert store.schema_version() == SCHEMA_VERSION
    assert store.load("visit").journey.title == "一" and store.users() == []
    store.close()
    with psycopg.connect(pg_url) as db:
        assert db.execute("SELECT version FROM mot_schema").fetchall() == [(SCHEMA_VERSION,)]


def test_a_database_from_a_newer_release_is_refused_in_one_line(pg_url: str) -> None:
    PostgresStore(pg_url).close()
    with psycopg.connect(pg_url, autocommit=True) as db:
        db.execute("UPDATE mot_schema SET version = %s", (SCHEMA_VERSION + 1,))
    with pytest.raises(StoreError) as caught:
        PostgresStore(pg_url)
    assert "newer release" in str(caught.value) and "\n" not in str(caught.value)


def test_two_servers_starting_at_once_migrate_once(pg_url: str) -> None:
    import threading

    stores: list[PostgresStore] = []
    errors: list[BaseException] = []

    def start() -> None:
        try:
            stores.append(PostgresStore(pg_url))
        except BaseException as exc:  # collected and reported below
            errors.append(exc)

    threads = [threading.Thread(target=start) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == [] and len(stores) == 4
    with psycopg.connect(pg_url) as db:
        assert db.execute("SELECT version FROM mot_schema").fetchall() == [(SCHEMA_VERSION,)]
    for store in stores:
        store.close()


def test_an_unreachable_server_says_so_in_one_line_without_the_password() -> None:
    started = time.monotonic()
    with pytest.raises(StoreError) as caught:
        PostgresStore("postgresql://mot:s3cret@127.0.0.1:1/journeys")
    assert time.monotonic() - started < 15
    message = str(caught.value)
    assert message.startswith("cannot reach the store postgresql://mot@127.0.0.1:1/journeys: ")
    assert "s3cret" not in message and "\n" not in message
    assert "无法连接旅程库" in caught.value.text("zh")


@pytest.fixture(scope="module")
def cluster() -> Iterator[pg.Cluster]:
    """A server of this module's own, to stop and start."""
    server = pg.Cluster()
    yield server
    server.remove()


def test_the_server_going_away_and_coming_back(cluster: pg.Cluster) -> None:
    url = pg.fresh_url(cluster.url)
    store = PostgresStore(url, connect_timeout=2)
    store.save(journey("一"), based_on=None)
    cluster.stop()
    try:
        started = time.monotonic()
        with pytest.raises(StoreError) as caught:
            store.save(journey("二"), based_on=1)
        assert time.monotonic() - started < 10
        assert str(caught.value).startswith("cannot reach the store postgresql://postgres@127.0.0.1:")
    finally:
        cluster.start()
    # The same store object works again: the pool replaced its broken connections.
    assert store.save(journey("二"), based_on=1).number == 2
    store.close()


def test_the_app_keeps_the_unsaved_edit_while_the_server_is_away(
        cluster: pg.Cluster, monkeypatch: pytest.MonkeyPatch) -> None:
    url = pg.fresh_url(cluster.url)
    seeded = PostgresStore(url)
    seeded.save(journey("营业厅"), based_on=None, author="王芳")
    seeded.close()
    monkeypatch.setenv("MOT_STORE", url)
    at = session("王芳")
    at.radio(key="journey_pick").set_value("visit").run()
    at.button(key="journey_open").click().run()
    add_step(ok(at), "服务器在时加的步骤")
    cluster.stop()
    try:
        type_lines(at, "quick_add", "服务器停了也要保留")
        assert not at.exception, at.exception[0].stack_trace
        warnings = [w.value for w in at.sidebar.warning]
        assert any("无法连接旅程库" in w and "未保存的修改仍保留在本页" in w for w in warnings), warnings
        (error,) = [e.value for e in at.main.error]  # the page that needed the store says why, once
        assert "无法连接旅程库 postgresql" in error and "\n" not in error
    finally:
        cluster.start()
    at.run()  # the next rerun, once the server is back
    editor = at.session_state["editor"]
    assert {"服务器在时加的步骤", "服务器停了也要保留"} <= {tp.name for tp in editor.journey.touchpoints}
    # Back: the next edit writes the draft again, and the save keeps both steps.
    add_step(at, "服务器回来后加的步骤")
    assert not [w for w in at.sidebar.warning if "无法连接旅程库" in w.value]
    store = PostgresStore(url)
    (draft,) = store.drafts("visit", "王芳")
    assert {"服务器停了也要保留", "服务器回来后加的步骤"} <= {tp.name for tp in draft.journey.touchpoints}
    store.close()
