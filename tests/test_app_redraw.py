"""The Build page's diagram and the Journeys page never hold the page up (AppTest): a diagram still being
laid out leaves the last one on screen, marked as updating, until the new one is drawn; the Journeys page
lists the journeys before their weak points are counted, counts each stored version once, and fills the
counts in when they are known."""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import components.diagram as live
import components.state as state
from journeys.store import SqliteStore
from journeys.synthetic import synthetic_journey
from journeys.words import t
from tests.lines import type_lines
from tests.test_app import create_from_template, diagram, journey, ok


def markers(at: Any) -> list[str]:  # type: ignore[no-untyped-def]
    return [e.proto.body for e in at.get("html") if live.STALE_CLASS in e.proto.body]


def settled(condition: Callable[[], bool], limit: float = 20) -> None:
    deadline = time.monotonic() + limit
    while not condition():
        assert time.monotonic() < deadline, "never happened"
        time.sleep(0.02)


def test_a_diagram_being_laid_out_shows_the_last_one_marked_updating_until_it_arrives(
        new_app, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    at = create_from_template(new_app("zh"))
    before = diagram(at)
    assert not markers(at)  # drawn fresh: nothing is marked

    gate = threading.Event()
    real = live._svg_or_none
    started: list[str] = []

    def slow(dot: str) -> bytes | None:
        started.append(dot)
        gate.wait(20)
        return real(dot)

    monkeypatch.setattr(live, "_svg_or_none", slow)
    monkeypatch.setattr(live, "WAIT_ALWAYS_BELOW", 0)  # this small journey waits like a big one
    monkeypatch.setattr(live, "MAX_WAIT_S", 0.05)
    try:
        type_lines(at, "quick_add", "贵宾茶歇")
        ok(at)
        assert "贵宾茶歇" in {tp.name for tp in journey(at).touchpoints}
        assert started, "the new diagram is being laid out"
        assert [m for m in markers(at) if t("build.diagram.updating", "zh") in m]
        assert diagram(at) == before  # the last diagram stays, dimmed, meanwhile
        assert "opacity:.55" in next(e.proto.body for e in at.get("html") if "data:image/svg+xml" in e.proto.body)
    finally:
        gate.set()
    editor = at.session_state["editor"]
    settled(lambda: all(job.done() for key, job in editor._cache.items() if key[0] == "svg"))
    ok(at.run())
    assert not markers(at)
    assert diagram(at) != before and "贵宾茶歇" in diagram(at)


def test_the_first_diagram_of_a_journey_still_being_laid_out_shows_only_the_marker(
        new_app, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    gate = threading.Event()
    real = live._svg_or_none
    monkeypatch.setattr(live, "_svg_or_none", lambda dot: (gate.wait(20), real(dot))[1])
    monkeypatch.setattr(live, "WAIT_ALWAYS_BELOW", 0)
    monkeypatch.setattr(live, "MAX_WAIT_S", 0.05)
    try:
        at = create_from_template(new_app("zh"))
        assert markers(at)
        assert not at.get("graphviz_chart")  # not laid out in the browser meanwhile
        with pytest.raises(AssertionError):
            diagram(at)
    finally:
        gate.set()


def test_the_journeys_page_lists_the_journeys_before_their_weak_points_are_counted(
        new_app, store_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    store = SqliteStore(str(store_path))
    for i in range(3):
        journey_ = synthetic_journey(12, seed=i)
        store.save(journey_.model_copy(update={"id": f"j{i}", "title": f"旅程{i}"}), based_on=None, note="t")
    gate = threading.Event()
    counted: list[tuple[str, int]] = []
    real = state._count

    def slow(store: Any, journey_id: str, version: int, today: dt.date) -> dict[str, int]:
        counted.append((journey_id, version))
        gate.wait(20)
        return real(store, journey_id, version, today)

    monkeypatch.setattr(state, "_count", slow)
    try:
        at = ok(new_app("zh"))  # would wait for the counts if the page needed them
        assert [h.value for h in at.title] == [t("journeys.title", "zh")]
        assert at.button(key="journey_open")
        table = next(m.value for m in at.markdown if "旅程0" in m.value)
        assert table.count(t("journeys.counting", "zh")) == 3
    finally:
        gate.set()
    settled(lambda: len(counted) == 3 and all(
        state.counts_later(f"j{i}", 1).done() for i in range(3)))
    ok(at.run())
    table = next(m.value for m in at.markdown if "旅程0" in m.value)
    assert t("journeys.counting", "zh") not in table
    ok(at.run())
    assert sorted(counted) == [("j0", 1), ("j1", 1), ("j2", 1)]  # each version counted once, for good


def test_the_server_counts_every_journeys_latest_version_as_it_starts(
        new_app, store_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """The launcher starts the counts before any browser connects; the first page then shows them at once,
    in one run, with nothing left to poll for."""
    from components import serve

    store = SqliteStore(str(store_path))
    for i in range(3):
        journey_ = synthetic_journey(12, seed=10 + i)
        store.save(journey_.model_copy(update={"id": f"w{i}", "title": f"预热{i}"}), based_on=None, note="t")
    store.save(synthetic_journey(13, seed=20).model_copy(update={"id": "w0", "title": "预热0"}), based_on=1,
               note="second")
    counted: list[tuple[str, int]] = []
    real = state._count

    def spy(store: Any, journey_id: str, version: int, today: dt.date) -> dict[str, int]:
        counted.append((journey_id, version))
        return real(store, journey_id, version, today)

    monkeypatch.setattr(state, "_count", spy)
    serve.preload()
    settled(lambda: all(state.counts_later(i, v).done() for i, v in (("w0", 2), ("w1", 1), ("w2", 1))))
    assert sorted(counted) == [("w0", 2), ("w1", 1), ("w2", 1)]  # the latest versions only
    at = ok(new_app("zh"))
    table = next(m.value for m in at.markdown if "预热0" in m.value)
    assert t("journeys.counting", "zh") not in table
    assert sorted(counted) == [("w0", 2), ("w1", 1), ("w2", 1)]  # the page counted nothing again
