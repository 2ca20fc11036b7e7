"""The field table: every model field is declared once, and the data generator and the example file use
every one of them (a field they forget fails here, not in a user's file)."""

from __future__ import annotations

import json
import typing
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from pydantic import BaseModel

from components import tables
from exports.markdown import script_markdown
from journeys import catalog, edits, fields, fileformat
from journeys.analysis import analyze
from journeys.diff import diff
from journeys.fields import FIELDS, PLACES, spec
from journeys.model import Journey, Touchpoint
from journeys.texts import field_label
from journeys.words import has, t
from tests.lines import picker

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
    at.pills(key="template_pick").set_value(index).run()
    at.button(key="template_create").click().run()
    picker(at, "tp_pick").set_value(touchpoint).run()
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


# --- one real field, end to end: the evidence behind the scores -----------------------------------

def hall_with(**emotion: Any) -> Journey:
    """The business-hall template with ``emotion`` fields set on its first touchpoint (reach-hall)."""
    journey = catalog.load_template("business-hall", "zh-CN")
    doc = edits.document(journey)
    doc["touchpoints"][0]["emotion"].update(emotion)
    return edits.rebuild(doc)


def test_the_grid_shows_and_edits_the_evidence(new_app: Any) -> None:
    at = open_build(new_app, "reach-hall")
    grid = at.get("dataframe")[0]
    assert json.loads(grid.proto.columns)["evidence"]["label"] == "得分依据"
    epoch = at.session_state["table_epoch"] if "table_epoch" in at.session_state else 0  # noqa: SIM401
    row = at.session_state["tp_table_order"].index("reach-hall")
    at.session_state[f"tp_table_{epoch}"] = {"edited_rows": {row: {"evidence": "workshop"}},
                                             "added_rows": [], "deleted_rows": []}
    at.run()
    emotion = at.session_state["editor"].journey.touchpoint("reach-hall").emotion
    assert (emotion.evidence, emotion.expected, emotion.perceived) == ("workshop", 3.5, 3.2)
    frame = tables.touchpoint_frame(at.session_state["editor"].journey, at.session_state["tp_table_order"])
    assert frame.loc[row, "evidence"] == "workshop"


def test_the_form_shows_and_sets_evidence_n_and_period(new_app: Any) -> None:
    at = open_build(new_app, "reach-hall")
    key = form_key(at, "reach-hall")
    assert at.selectbox(key=f"evidence_{key}").value == "assumed"  # nothing given: assumed
    at.selectbox(key=f"evidence_{key}").set_value("survey")
    at.number_input(key=f"n_{key}").set_value(120)
    at.text_input(key=f"period_{key}").set_value("2026-Q3")
    submit(at)
    emotion = at.session_state["editor"].journey.touchpoint("reach-hall").emotion
    assert (emotion.evidence, emotion.n, emotion.period, emotion.perceived) == ("survey", 120, "2026-Q3", 3.2)


def test_the_script_writes_the_evidence_the_team_gave() -> None:
    plain = catalog.load_template("business-hall", "zh-CN")
    for lang, line in (("zh", "- **体验得分**：期望 3.5 → 感知 3.2（−0.3） · 客户调研、n=120、2026\\-Q3"),
                       ("en", "- **Experience score**: expected 3.5 → perceived 3.2 (−0.3) · Survey, n=120, "
                              "2026\\-Q3")):
        journey = hall_with(evidence="survey", n=120, period="2026-Q3")
        assert line in script_markdown(journey, analyze(journey, lang), lang).splitlines()
        # Assumed is what no evidence means: the script says nothing new.
        assumed = hall_with(evidence="assumed")
        assert script_markdown(assumed, analyze(assumed, lang), lang) == script_markdown(
            plain, analyze(plain, lang), lang)


def test_the_diff_compares_the_evidence() -> None:
    before = catalog.load_template("business-hall", "zh-CN")
    after = hall_with(evidence="observed", n=12)
    [change] = diff(before, after).touchpoints.changed
    assert change.fields == {"emotion.evidence": {"before": None, "after": "observed"},
                             "emotion.n": {"before": None, "after": 12}}
    assert [field_label(name, "zh") for name in change.fields] == ["得分依据", "样本数"]
    assert diff(before, hall_with(evidence="assumed")).touchpoints.empty
