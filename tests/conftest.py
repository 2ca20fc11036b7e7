from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import bcrypt
import pytest
from streamlit import config
from streamlit.testing.v1 import AppTest
from typer.testing import CliRunner, Result

from cli import app
from journeys.store import SqliteStore

from . import pg

ROOT = Path(__file__).resolve().parent.parent
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


@pytest.fixture(autouse=True)
def loopback_server() -> Iterator[None]:
    """AppTest runs the app as `./dev app` serves it, on 127.0.0.1 (an unset address is every interface,
    which asks for sign-in). Tests of a public address set ``server.address`` themselves."""
    before = config.get_option("server.address")
    config.set_option("server.address", "127.0.0.1")
    yield
    config.set_option("server.address", before)


@pytest.fixture(autouse=True)
def fast_password_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    """bcrypt at its lowest cost in tests: the same algorithm and format, 4 ms a hash instead of 250."""
    salt = bcrypt.gensalt
    monkeypatch.setattr(bcrypt, "gensalt", lambda rounds=4, prefix=b"2b": salt(rounds, prefix))


@pytest.fixture
def doc() -> dict[str, Any]:
    """A small valid journey document, fresh for each test to edit."""
    return copy.deepcopy(MINIMAL)


@pytest.fixture
def store(tmp_path: Path) -> SqliteStore:
    return SqliteStore(tmp_path / "store.db")


@pytest.fixture(scope="session")
def pg_base() -> Iterator[str]:
    """A PostgreSQL database for this test process: ``MOT_TEST_PG``, else a throwaway server
    (:mod:`tests.pg`), started the first time a test needs it."""
    with pg.server() as url:
        yield url


@pytest.fixture
def pg_url(pg_base: str) -> str:
    """A PostgreSQL store location of the test's own (a fresh schema)."""
    return pg.fresh_url(pg_base)


@pytest.fixture(params=["sqlite", "postgresql"])
def location(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A store location of the test's own, once per backend: the store contract runs on both."""
    if request.param == "sqlite":
        return str(tmp_path / "store.db")
    return str(request.getfixturevalue("pg_url"))


@pytest.fixture
def store_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A store file of the test's own, named in ``MOT_STORE`` for the app and the CLI."""
    path = tmp_path / "store.db"
    monkeypatch.setenv("MOT_STORE", str(path))
    return path


@pytest.fixture
def new_app(store_path: Path) -> Callable[..., AppTest]:
    """A fresh app session (AppTest from the real entry point) in ``lang``, already run once."""

    def make(lang: str = "zh") -> AppTest:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
        at.session_state["lang"] = lang
        at.session_state["author"] = "测试员"
        return at.run()

    return make


@pytest.fixture
def mot(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., Result]:
    """Run ``mot`` in process in a fresh folder with its own store; check the exit code and that no
    traceback leaked. ``input=`` is what the command reads from stdin."""
    monkeypatch.setenv("MOT_STORE", str(tmp_path / "store.db"))
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()

    def run(*args: str, code: int = 0, input: str | None = None) -> Result:
        result = runner.invoke(app, list(args), input=input)
        assert result.exit_code == code, (result.stdout, result.stderr, result.exception)
        assert "Traceback" not in result.stdout + result.stderr
        return result

    return run
