"""How the app is served: the settings `mot app` and `./dev app` pass on the command line (Streamlit reads a
`.streamlit/` folder only from the working directory), and a favicon served by the app itself."""

from __future__ import annotations

import os
import re
import sys
from itertools import pairwise
from pathlib import Path

import pytest
from PIL import Image

import cli
from journeys.fileformat import MAX_UPLOAD_MB

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = {"--server.headless": "true", "--browser.gatherUsageStats": "false", "--client.toolbarMode": "minimal",
            "--server.maxUploadSize": str(MAX_UPLOAD_MB), "--runner.magicEnabled": "false",
            "--runner.postScriptGC": "false", "--server.fileWatcherType": "none"}


def settings(args: list[str]) -> dict[str, str]:
    return {name: value for name, value in pairwise(args) if name.startswith("--")}


def test_mot_app_passes_the_server_settings() -> None:
    args = cli.app_command(ROOT / "app.py", 8600, "127.0.0.1")
    assert args[:5] == [sys.executable, "-m", "components.serve", "run", str(ROOT / "app.py")]
    assert settings(args) == {**SETTINGS, "--server.port": "8600", "--server.address": "127.0.0.1"}


def test_mot_app_execs_that_command(mot, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    ran: list[list[str]] = []
    monkeypatch.setattr(os, "execve", lambda path, args, env: ran.append(args))
    mot("app", "--port", "8601")
    assert len(ran) == 1 and settings(ran[0])["--server.maxUploadSize"] == str(MAX_UPLOAD_MB)
    assert settings(ran[0])["--client.toolbarMode"] == "minimal"


def test_dev_app_serves_through_mot_app() -> None:
    """``./dev app`` is ``mot app`` with the user's arguments, so it gets the settings tested above (and the
    loopback default with its refusal of a public address without users)."""
    lines = (ROOT / "dev").read_text(encoding="utf-8").splitlines()
    start = next(i for i, x in enumerate(lines) if x.strip().startswith("app)"))
    body = []
    for line in lines[start + 1:]:
        body.append(line.strip())
        if line.rstrip().endswith(";;"):
            break
    runs = [x for x in body if x.startswith("exec ")]
    assert runs == ['exec "$VENV/bin/mot" app "$@" ;;']


def test_the_favicon_is_the_apps_own_file() -> None:
    # Page icons in the navigation are drawn from the font Streamlit serves; the favicon would not be.
    source = (ROOT / "app.py").read_text(encoding="utf-8")
    assert re.findall(r"page_icon=([^,]+)", source) == ["str(FAVICON)"]
    with Image.open(ROOT / "components" / "static" / "favicon.png") as icon:
        assert icon.format == "PNG" and icon.size == (64, 64)
