"""Journey <-> editable tables for the build page, as pure functions (no Streamlit: tested directly).

A table edit arrives the way ``st.data_editor`` reports it: ``{"edited_rows": {row: {column: value}},
"added_rows": [{column: value}], "deleted_rows": [row]}``, rows counted in the order the table showed.
Applying it returns a new validated journey or raises :class:`journeys.edits.EditError`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from journeys import fields
from journeys.edits import EditError, delete_touchpoints, document, new_id, rebuild
from journeys.fields import FieldSpec
from journeys.fileformat import Problem
from journeys.model import Journey, Touchpoint

__all__ = [
    "EDGE_COLUMNS",
    "STAGE_COLUMNS",
    "TOUCHPOINT_COLUMNS",
    "apply_edge_edits",
    "apply_stage_edits",
    "apply_touchpoint_edits",
    "edge_frame",
    "has_edits",
    "stage_frame",
    "touchpoint_frame",
]

TOUCHPOINT_COLUMNS: tuple[str, ...] = tuple(f.column for f in fields.shown("grid"))
"""The touchpoint table's columns: the field table's grid fields, in column order."""
_GRID: dict[str, FieldSpec] = {f.column: f for f in fields.shown("grid")}
# How each kind of field is held in a column (nullable strings show an empty cell, not "None").
_DTYPES = {"id": "string", "stage": "string", "text": "string", "long-text": "string", "choice": "string",
           "score": "float64", "percent": "float64", "number": "float64", "count": "Int64"}
EDGE_COLUMNS = ("from", "to", "label", "share")
STAGE_COLUMNS = ("id", "name")

Edits = Mapping[str, Any]


def has_edits(state: Edits | None) -> bool:
    return bool(state) and any(state.get(k) for k in ("edited_rows", "added_rows", "deleted_rows"))  # type: ignore[union-attr]


def _blank(value: Any) -> bool:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return True
    return isinstance(value, str) and not value.strip()


def _clean(value: Any) -> Any:
    """A cell as the model wants it: empty cells are missing values, text is kept as typed."""
    if _blank(value):
        return None
    if hasattr(value, "item"):  # numpy scalars from pandas
        return value.item()
    return value


def _value_at(tp: Touchpoint, path: str) -> Any:
    value: Any = tp
    for name in path.split("."):
        value = getattr(value, name, None)
    return value


def touchpoint_frame(journey: Journey, order: Sequence[str]) -> pd.DataFrame:
    """One row per touchpoint, in ``order`` (the display order); one column per grid field."""
    by_id = {tp.id: tp for tp in journey.touchpoints}
    rows = []
    for tp_id in order:
        tp = by_id[tp_id]
        row = {}
        for column, field in _GRID.items():
            value = _value_at(tp, field.path)
            row[column] = list(value or []) if field.kind == "choices" else value
        rows.append(row)
    frame = pd.DataFrame(rows, columns=list(TOUCHPOINT_COLUMNS))
    return frame.astype({c: _DTYPES[f.kind] for c, f in _GRID.items() if f.kind in _DTYPES})


def apply_touchpoint_edits(journey: Journey, order: Sequence[str], edits: Edits) -> Journey:
    """Apply a touchpoint-table edit; ``order`` is the row order the table was shown in."""
    doc = document(journey)
    by_id = {tp["id"]: tp for tp in doc["touchpoints"]}
    problems: list[Problem] = []
    for row, changes in sorted((edits.get("edited_rows") or {}).items(), key=lambda kv: int(kv[0])):
        tp = by_id[order[int(row)]]
        for column, value in changes.items():
            _set_cell(tp, column, value)
    taken = set(by_id)
    first_stage = doc["stages"][0]["id"]
    for index, added in enumerate(edits.get("added_rows") or []):
        name = _clean(added.get("name"))
        if name is None:
            problems.append(Problem("", f"touchpoints[new {index + 1}].name", None, "a new touchpoint needs a name"))
            continue
        tp_id = _clean(added.get("id")) or new_id(str(name), taken)
        taken.add(tp_id)
        tp: dict[str, Any] = {"id": tp_id, "stage": _clean(added.get("stage")) or first_stage, "name": name}
        for column, value in added.items():
            if column not in {"id", "name", "stage"}:
                _set_cell(tp, column, value)
        doc["touchpoints"].append(tp)
    if problems:
        raise EditError(problems)
    result = rebuild(doc)
    deleted = [order[int(row)] for row in edits.get("deleted_rows") or []]
    return delete_touchpoints(result, deleted) if deleted else result


def _set_cell(tp: dict[str, Any], column: str, value: Any) -> None:
    field = _GRID.get(column)
    if field is None or field.kind == "id":
        return  # ids are references: not renamed from the table
    value = _clean(value)
    if field.kind == "choices":
        value = list(value or [])
    elif value is None and field.kind == "text" and Touchpoint.model_fields[field.path].is_required():
        value = ""  # a cleared name is refused as blank, with that message
    group = fields.parent(field.path)
    if not group:
        tp[field.name] = value
        return
    nested = dict(tp.get(group) or {})
    nested[field.name] = value
    tp[group] = nested if any(v is not None for v in nested.values()) else None


def edge_frame(journey: Journey) -> pd.DataFrame:
    rows = [{"from": e.source, "to": e.target, "label": e.label, "share": e.share} for e in journey.edges]
    return pd.DataFrame(rows, columns=list(EDGE_COLUMNS)).astype(
        {"from": "string", "to": "string", "label": "string", "share": "float64"})


def apply_edge_edits(journey: Journey, edits: Edits) -> Journey:
    doc = document(journey)
    edges = [dict(e) for e in doc["edges"]]
    for row, changes in (edits.get("edited_rows") or {}).items():
        for column, value in changes.items():
            edges[int(row)][column] = _clean(value)
    for added in edits.get("added_rows") or []:
        edges.append({c: _clean(added.get(c)) for c in EDGE_COLUMNS})
    gone = {int(r) for r in edits.get("deleted_rows") or []}
    doc["edges"] = [e for i, e in enumerate(edges) if i not in gone]
    return rebuild(doc)


def stage_frame(journey: Journey) -> pd.DataFrame:
    return pd.DataFrame([{"id": s.id, "name": s.name} for s in journey.stages], columns=list(STAGE_COLUMNS))


def apply_stage_edits(journey: Journey, edits: Edits) -> Journey:
    """Rename, add and delete stages; a stage that still has touchpoints cannot be deleted."""
    doc = document(journey)
    stages = [dict(s) for s in doc["stages"]]
    for row, changes in (edits.get("edited_rows") or {}).items():
        if "name" in changes:
            stages[int(row)]["name"] = _clean(changes["name"]) or ""
    taken = {s["id"] for s in stages}
    for added in edits.get("added_rows") or []:
        name = _clean(added.get("name")) or ""
        stage_id = _clean(added.get("id")) or new_id(str(name), taken, prefix="stage")
        taken.add(stage_id)
        stages.append({"id": stage_id, "name": name})
    gone = {stages[int(r)]["id"] for r in edits.get("deleted_rows") or []}
    used = {tp["stage"] for tp in doc["touchpoints"]}
    blocked = sorted(gone & used)
    if blocked:
        raise EditError([Problem.said("edit.stage_not_empty", path="stages", id=s) for s in blocked])
    doc["stages"] = [s for s in stages if s["id"] not in gone]
    return rebuild(doc)
