"""Numbers, targets and times as people read them: one formatter each, and times in the reader's zone."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from journeys.formatting import exact, local_time, number, target_text, zone
from journeys.model import Target
from journeys.store import SqliteStore

from .conftest import MINIMAL


def test_scores_round_to_two_places_and_typed_values_stay_exact() -> None:
    assert [number(x) for x in (4.0, 3.25, 3.125, 0.1 + 0.2)] == ["4", "3.25", "3.12", "0.3"]
    assert [exact(x) for x in (10.0, 0.05, 1e-05, 123456.789)] == ["10", "0.05", "0.00001", "123456.789"]


@pytest.mark.parametrize(("target", "text"), [
    (Target(metric="接听时间", op="<=", value=10, unit="秒"), "接听时间 ≤ 10 秒"),
    (Target(metric="rate", op=">=", value=95, unit="%"), "rate ≥ 95%"),
    (Target(metric="wait", op="<", value=2.5, unit=None), "wait < 2.5"),
    (Target(metric="steps", op="=", value=10, unit=" 步 "), "steps = 10 步"),
])
def test_one_target_text(target: Target, text: str) -> None:
    assert target_text(target, metric=True) == text
    assert target_text(target) == text.split(" ", 1)[1]


def test_a_stored_utc_time_is_shown_in_the_readers_zone() -> None:
    stamp = "2026-03-31T23:30:00+00:00"
    assert local_time(stamp, zone("Asia/Shanghai")) == "2026-04-01 07:30"
    assert local_time(stamp, zone("America/New_York")) == "2026-03-31 19:30"
    assert zone("Not/AZone") is None and zone(None) is None and zone("") is None


def test_the_cli_shows_times_in_the_machines_zone(mot: Callable[..., Result], tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    store = SqliteStore(tmp_path / "store.db")
    from journeys.model import Journey
    info = store.save(Journey.model_validate(MINIMAL), based_on=None, author="王芳")
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    try:
        line = mot("history", "visit").stdout.splitlines()[0]
        listed = mot("list").stdout
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
    shown = local_time(info.saved_at, zone("Asia/Shanghai"))
    assert line.split("\t")[1] == shown and shown in listed
    assert "+00:00" not in line and "T" not in line.split("\t")[1]
