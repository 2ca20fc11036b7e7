from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from journeys.store import SqliteStore

DATA = Path(__file__).parent / "data"

MINIMAL: dict[str, Any] = {
    "format": "mot-journey/1",
    "id": "visit",
    "title": "营业厅办理",
    "stages": [{"id": "arrive", "name": "到达"}, {"id": "serve", "name": "办理"}],
    "touchpoints": [
        {"id": "greet", "stage": "arrive", "name": "迎宾问候"},
        {"id": "queue", "stage": "arrive", "name": "取号排队"},
        {"id": "counter", "stage": "serve", "name": "柜台办理"},
    ],
    "edges": [{"from": "greet", "to": "queue"}, {"from": "queue", "to": "counter"}],
}


@pytest.fixture
def doc() -> dict[str, Any]:
    """A small valid journey document, fresh for each test to edit."""
    return copy.deepcopy(MINIMAL)


@pytest.fixture
def store(tmp_path: Path) -> SqliteStore:
    return SqliteStore(tmp_path / "store.db")
