"""The README documents every command, option that matters and weak-point rule; its examples run."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from cli import app
from journeys.analysis import rule_ids

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
COMMANDS = sorted(get_command(app).commands)  # type: ignore[attr-defined]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_is_in_the_readme(command: str) -> None:
    assert f"`mot {command}" in README


@pytest.mark.parametrize("rule_id", rule_ids())
def test_every_rule_is_in_the_readme(rule_id: str) -> None:
    assert f"`{rule_id}`" in README


def test_the_two_setup_commands_open_the_readme() -> None:
    setup = README.split("## Set-up: two commands", 1)[1].split("##", 1)[0]
    assert "./dev app" in setup and "./dev test" in setup
    ci = (Path(__file__).resolve().parent.parent / ".ci" / "run").read_text()
    assert ci.strip().splitlines()[-1] == "exec ./dev test"


def test_readme_examples_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    block = README.split("Examples:", 1)[1].split("```bash", 1)[1].split("```", 1)[0]
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("MOT_STORE", str(tmp_path / "store.db"))
    runner = CliRunner()
    ran = 0
    for line in block.strip().splitlines():
        args = shlex.split(re.sub(r"\s+#.*$", "", line))
        assert args[0] == "mot"
        result = runner.invoke(app, args[1:])
        assert result.exit_code in (0, 1) if args[1] == "lint" else result.exit_code == 0, (line, result.stderr)
        ran += 1
    assert ran >= 5
