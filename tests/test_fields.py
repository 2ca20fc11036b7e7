"""The field table: every model field is declared once, and the data generator and the example file use
every one of them (a field they forget fails here, not in a user's file)."""

from __future__ import annotations

import typing
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from pydantic import BaseModel

from journeys import catalog, fields, fileformat
from journeys.fields import FIELDS, PLACES, spec
from journeys.model import Touchpoint
from journeys.words import has, t

from .strategies import journey_docs

EXAMPLE = Path(__file__).parent / "data" / "domain-example.yaml"

# Fields of the model that the table does not declare, and why. (None yet: a touchpoint's id is a
# grid column, an expectation's id is edited in the form.)
NOT_DECLARED: frozenset[str] = frozenset()


def _model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        if (model := _model(arg)) is not None:
            return model
    return None


def model_paths(model: type[BaseModel] = Touchpoint, prefix: str = "") -> Iterator[str]:
    """Every field of a touchpoint and of the objects it holds, in the model's order: a nested object's
    fields as ``emotion.perceived``; a list of objects as its own path and then its items' fields."""
    for name, info in model.model_fields.items():
        path = prefix + name
        inner = _model(info.annotation)
        if inner is None:
            yield path
            continue
        if typing.get_origin(info.annotation) is list:
            yield path
        yield from model_paths(inner, f"{path}.")


def given_paths(value: Any, prefix: str = "") -> Iterator[str]:
    """The paths a touchpoint document gives a value (not ``None``, not empty)."""
    if isinstance(value, list):
        for item in value:
            yield from given_paths(item, prefix)
        return
    for name, item in value.items():
        if item is None or item in ([], {}):
            continue
        path = prefix + name
        if not isinstance(item, dict):
            yield path
        if isinstance(item, dict) or (isinstance(item, list) and isinstance(item[0], dict)):
            yield from given_paths(item, f"{path}.")


DECLARED = [p for p in model_paths() if p not in NOT_DECLARED]


def test_every_model_field_is_in_the_table_once_in_the_model_order() -> None:
    # A block row names a nested object that has an editor of its own (the recovery plan).
    assert [f.path for f in FIELDS if f.kind != "block"] == DECLARED
    for block in (f for f in FIELDS if f.kind == "block"):
        assert any(p.startswith(f"{block.path}.") for p in DECLARED), block.path


def test_every_field_has_its_words_and_known_places() -> None:
    for f in FIELDS:
        assert has(f.label_key) and has(f.heading_key), f.path
        assert f.note is None or has(f.note), f.path
        assert f.section is None or has(f.section), f.path
        assert f.places <= set(PLACES), f.path


def test_grid_columns_and_form_widgets_are_unique() -> None:
    columns = [f.column for f in fields.shown("grid")]
    assert len(columns) == len(set(columns))
    keys = [f.key for f in fields.shown("form") if f.form is not None]
    assert len(keys) == len(set(keys))


def _placed(path: str) -> bool:
    while path:
        try:
            if spec(path).form is not None:
                return True
        except KeyError:
            pass
        path = fields.parent(path)
    return False


def test_a_form_field_has_a_place_or_is_edited_by_its_parent() -> None:
    for f in fields.shown("form"):
        assert _placed(f.path), f.path




def test_the_data_generator_sets_every_field() -> None:
    seen: set[str] = set()

    @settings(max_examples=200, database=None, deadline=None, suppress_health_check=list(HealthCheck))
    @given(doc=journey_docs())
    def collect(doc: dict[str, Any]) -> None:
        seen.update(given_paths(doc["touchpoints"]))

    collect()
    assert [p for p in DECLARED if p not in seen] == []


def test_the_example_file_gives_every_field() -> None:
    data = fileformat.to_data(fileformat.load(EXAMPLE))
    seen = set(given_paths(data["touchpoints"]))
    assert [p for p in DECLARED if p not in seen] == []


# --- the readers: the form and the grid as the app shows them -------------------------------------

def open_build(new_app: Any, touchpoint: str) -> Any:  # an AppTest on the build page, ``touchpoint`` selected
    at = new_app("zh")
    templates = sorted(catalog.list_templates(), key=lambda x: (not x.locale.startswith("zh"), x.id))
    index = next(i for i, x in enumerate(templates) if x.id == "business-hall" and x.locale == "zh-CN")
    at.selectbox(key="template_pick").set_value(index).run()
    at.button(key="template_create").click().run()
    at.selectbox(key="selected_touchpoint").set_value(touchpoint).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def form_key(at: Any, touchpoint: str) -> str:
    return f"{touchpoint}_{at.session_state['editor'].revision}"


def submit(at: Any) -> None:
    next(b for b in at.get("button") if b.proto.label == t("detail.apply", "zh")).click().run()
    assert not at.exception, [e.value for e in at.exception]


@pytest.mark.parametrize("touchpoint", ["reach-hall", "wait-seated"])
def test_the_form_applied_unchanged_changes_nothing(new_app: Any, touchpoint: str) -> None:
    at = open_build(new_app, touchpoint)
    before = at.session_state["editor"].journey
    submit(at)
    assert at.session_state["editor"].journey == before
