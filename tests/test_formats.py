"""Every export format through the one dispatch table, and `mot export` / `mot import-mermaid`."""

from __future__ import annotations

import csv
import io
import shutil
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli import app
from exports.formats import FORMATS, export
from journeys import catalog, fileformat
from journeys.analysis import analyze
from journeys.store import SqliteStore

SIGNATURES = {
    "md": b"# ", "html": b"<!doctype html>", "svg": b"<", "png": b"\x89PNG\r\n\x1a\n", "pdf": b"%PDF",
    "dot": b"digraph", "mermaid": b"journey", "outline": b"# ", "csv": "\ufeff".encode(), "docx": b"PK", "xlsx": b"PK",
    "curve-svg": b"<svg", "curve-png": b"\x89PNG", "servqual-svg": b"<svg", "servqual-png": b"\x89PNG",
    "map-svg": b"<svg", "map-png": b"\x89PNG", "map-pdf": b"%PDF", "pptx": b"PK",
}


@pytest.mark.parametrize("fmt", list(FORMATS))
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_format_builds(fmt: str, lang: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764000000")  # a file outside the store: its time, not now
    journey = catalog.load_template("business-hall", "zh-CN" if lang == "zh" else "en")
    data = export(journey, analyze(journey, lang), fmt, lang)
    assert data.lower().startswith(SIGNATURES[fmt].lower()), data[:40]
    if fmt in ("docx", "xlsx", "pptx"):
        assert zipfile.ZipFile(io.BytesIO(data)).testzip() is None
    assert export(journey, analyze(journey, lang), fmt, lang) == data  # deterministic, the PDF too


def run(*args: str, code: int = 0):  # type: ignore[no-untyped-def]
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == code, (result.stdout, result.stderr)
    return result


def test_export_without_graphviz_says_what_to_install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MOT_STORE", str(tmp_path / "store.db"))
    source = tmp_path / "desk.yaml"
    fileformat.save(catalog.load_template("front-desk", "en"), source)
    monkeypatch.setattr(shutil, "which", lambda name: None)
    result = run("export", str(source), "--format", "pdf", "-o", str(tmp_path / "desk.pdf"), code=1)
    assert "apt-get install graphviz" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "desk.pdf").exists()
    run("export", str(source), "--format", "dot", "-o", str(tmp_path / "desk.dot"))  # the DOT needs no Graphviz


def test_export_a_file_and_a_stored_version(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MOT_STORE", str(tmp_path / "store.db"))
    source = tmp_path / "desk.yaml"
    fileformat.save(catalog.load_template("front-desk", "en"), source)
    run("export", str(source), "--format", "csv")
    rows = list(csv.reader(io.StringIO((tmp_path / "desk.csv").read_bytes().decode("utf-8-sig"))))
    assert rows[0][0] == "Stage" and len(rows) > 10
    assert "exists" in run("export", str(source), "--format", "csv", code=2).stderr
    run("export", str(source), "--format", "csv", "--lang", "zh", "--force")
    assert (tmp_path / "desk.csv").read_bytes().decode("utf-8-sig").startswith("环节")

    SqliteStore(tmp_path / "store.db").save(catalog.load_template("front-desk", "zh-CN"), based_on=None)
    out = tmp_path / "v1.dot"
    run("export", "front-desk", "--version", "1", "--format", "dot", "-o", str(out), "--direction", "TB",
        "--no-swimlanes")
    text = out.read_text(encoding="utf-8")
    assert "rankdir=TB" in text and "cluster_" not in text
    assert "neither a file nor a stored journey" in run("export", "ghost", "--format", "md", code=2).stderr
    run("export", str(source), "--format", "word", code=2)


def test_mermaid_import_round_trip(tmp_path: Path) -> None:
    journey = catalog.load_template("restaurant-dining", "zh-CN")
    source = tmp_path / "dining.yaml"
    fileformat.save(journey, source)
    run("export", str(source), "--format", "mermaid", "-o", str(tmp_path / "dining.mmd"))
    run("import-mermaid", str(tmp_path / "dining.mmd"), "-o", str(tmp_path / "back.yaml"))
    back = fileformat.load(tmp_path / "back.yaml")
    assert [s.name for s in back.stages] == [s.name for s in journey.stages]
    assert len(back.touchpoints) == len(journey.touchpoints)


def test_mermaid_import_reports_the_bad_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.mmd"
    bad.write_text("journey\n  title 午餐\n  section 到店\n    点餐: 9: 服务员\n", encoding="utf-8")
    result = run("import-mermaid", str(bad), "-o", str(tmp_path / "x.yaml"), code=2)
    assert f"{bad}:4" in result.stderr
    assert not (tmp_path / "x.yaml").exists()
