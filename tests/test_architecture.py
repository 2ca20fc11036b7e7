"""House rules the code keeps: public names listed and sorted, no Streamlit in the core."""

from __future__ import annotations

import ast
import importlib
import pkgutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import exports
import journeys

ROOT = Path(__file__).resolve().parent.parent
MODULES = sorted(
    name for package in (journeys, exports)
    for _, name, _ in pkgutil.walk_packages(package.__path__, package.__name__ + ".")
)


@pytest.mark.parametrize("name", MODULES)
def test_all_is_sorted_and_real(name: str) -> None:
    module = importlib.import_module(name)
    public = getattr(module, "__all__", None)
    if public is None:
        return
    # isort style, as ruff sorts it: CONSTANTS, then Classes, then functions
    def key(n: str) -> tuple[int, str]:
        return (0 if n.isupper() else 1 if n[:1].isupper() else 2, n)

    assert list(public) == sorted(public, key=key), f"{name}.__all__ is not sorted"
    for attr in public:
        assert hasattr(module, attr), f"{name}.__all__ names {attr}, which does not exist"


@pytest.mark.parametrize("folder", ["journeys", "exports"])
def test_core_and_exporters_import_no_streamlit(folder: str) -> None:
    for path in (ROOT / folder).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else (
                [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            assert not any(n.split(".")[0] == "streamlit" for n in names), path


@settings(max_examples=300, deadline=None)
@given(name=st.text(st.characters(exclude_categories=("Cs",)), max_size=30))
def test_new_ids_are_ids_the_model_accepts(name: str) -> None:
    from journeys.edits import new_id
    from journeys.model import Stage

    stage_id = new_id(name, ["tp-1"])
    Stage(id=stage_id, name="x")  # raises if the id pattern refuses it
    assert stage_id != "tp-1"
