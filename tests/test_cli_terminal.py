"""No command prints a control character from a user's text: titles, names, notes, authors and file names
with terminal escape sequences, carriage returns, bells or right-to-left overrides come out as visible
escapes, and Chinese comes out as it is."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import Result

from journeys import fileformat
from journeys.formatting import terminal_safe

from .conftest import DATA

EVIL = "\x1b[31m\r\x07\u202e\x9b"
"""An ANSI colour sequence, a carriage return, a bell, a right-to-left override and C1's CSI."""
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
"""What must never reach the terminal (line breaks and tabs of the layout itself are fine)."""


def clean(result: Result) -> str:
    out = result.stdout + result.stderr
    assert not CONTROL.search(out), repr(CONTROL.findall(out))
    return out


@pytest.fixture
def evil(tmp_path: Path) -> Path:
    journey = fileformat.load(DATA / "domain-example.yaml")
    doc = journey.model_dump(by_alias=True)
    doc["title"] = f"红色标题{EVIL}"
    doc["stages"][0]["name"] += EVIL
    for tp in doc["touchpoints"]:
        tp["name"] += EVIL
        tp["owner"] = f"店长{EVIL}"
    path = tmp_path / f"evil{EVIL}.yaml"
    fileformat.save(journey.model_validate(doc), path)
    return path


def test_terminal_safe_escapes_controls_and_keeps_chinese() -> None:
    assert terminal_safe(f"迎宾{EVIL}") == r"迎宾\x1b[31m\r\x07\u202e\x9b"
    assert terminal_safe("迎宾问候 ok\t→") == r"迎宾问候 ok\t→"
    assert terminal_safe("\u2066\u2069\x7f\x00") == r"\u2066\u2069\x7f\x00"
    assert json.loads(terminal_safe(json.dumps({"t": EVIL}, ensure_ascii=False), json=True)) == {"t": EVIL}


def test_every_command_prints_user_text_safely(mot, evil: Path) -> None:  # type: ignore[no-untyped-def]
    name = str(evil)
    assert r"evil\x1b[31m\r\x07\u202e\x9b.yaml: ok" in clean(mot("validate", name))
    text = clean(mot("lint", name, "--fail-on", "none"))
    assert r"红色标题\x1b[31m\r\x07\u202e\x9b" in text and "迎宾问候" in text
    report = mot("lint", name, "--format", "json", "--fail-on", "none")
    clean(report)
    assert json.loads(report.stdout)["file"] == name  # JSON output escapes as JSON: the same value
    clean(mot("import", name, "--author", f"王{EVIL}", "--note", f"初稿{EVIL}"))
    clean(mot("import", name, "--new-version", "--author", f"李{EVIL}", "--note", f"二稿{EVIL}"))
    listed = clean(mot("list"))
    assert "红色标题" in listed and "王" not in listed.split("\t")[0]
    history = clean(mot("history", "business-hall-visit"))
    assert "初稿" in history and "二稿" in history and history.count("\n") == 2
    clean(mot("export-version", "business-hall-visit", "-o", f"out{EVIL}.yaml"))
    clean(mot("export", name, "--format", "md", "-o", f"script{EVIL}.md"))
    clean(mot("export", "business-hall-visit", "--format", "mermaid", "-o", "j.mmd"))
    clean(mot("import-mermaid", "j.mmd", "-o", f"back{EVIL}.yaml"))
    clean(mot("new", "-o", f"new{EVIL}.yaml", "--title", f"新{EVIL}"))
    for fmt in ("text", "json", "md", "html"):
        clean(mot("diff", "business-hall-visit@1", name, "--format", fmt))
    clean(mot("templates"))
    clean(mot("rules"))
    clean(mot("schema"))


def test_errors_print_user_text_safely(mot, evil: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    clean(mot("export", name := str(evil), "--format", "md", "-o", str(evil), code=2))  # exists
    clean(mot("history", f"nope{EVIL}", code=1))
    clean(mot("export", f"nope{EVIL}", "--format", "md", code=2))
    clean(mot("diff", f"nope{EVIL}@x", name, code=2))
    bad = tmp_path / f"bad{EVIL}.yaml"
    bad.write_text(evil.read_text(encoding="utf-8").replace("perceived: 4", r'perceived: "4\e[31m\r\a\u202e"'),
                   encoding="utf-8")
    assert "perceived" in clean(mot("validate", str(bad), code=2))
    assert "perceived" in clean(mot("lint", str(bad), code=2))
    mmd = tmp_path / f"bad{EVIL}.mmd"
    mmd.write_text(f"journey\n  section S\n    迎宾{EVIL}: 9\n", encoding="utf-8")
    assert "迎宾" in clean(mot("import-mermaid", str(mmd), "-o", "x.yaml", code=2))
