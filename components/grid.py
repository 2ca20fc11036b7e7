"""The touchpoint grid's columns, built from the field table (:mod:`journeys.fields`).

:func:`touchpoint_columns` gives ``st.data_editor`` one column per grid field, in column order, each
configured by the field's kind: a vocabulary as a select box showing its labels, scores from 1 to 5, ids
read-only. The frame and the edits it reports are :mod:`components.tables`' pure functions.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import streamlit as st

from journeys import fields
from journeys.fields import FieldSpec
from journeys.model import Touchpoint
from journeys.vocab import label

from .state import t

__all__ = ["touchpoint_columns"]

_BOUNDS: dict[str, dict[str, float]] = {
    "score": {"min_value": 1, "max_value": 5, "step": 0.1},
    "percent": {"min_value": 0, "max_value": 100, "step": 0.1},
    "count": {"min_value": 1, "step": 1},
    "number": {},
}


def _column(field: FieldSpec, stage_names: Mapping[str, str], lang: str) -> Any:
    heading = t(field.heading_key)
    cc = st.column_config
    if field.kind == "id":
        return cc.TextColumn(heading, disabled=True, width="small")
    if field.kind == "stage":
        return cc.SelectboxColumn(heading, options=list(stage_names), format_func=stage_names.get, required=True)
    if field.kind in ("choice", "choices"):
        column = cc.SelectboxColumn if field.kind == "choice" else cc.MultiselectColumn
        return column(heading, options=list(field.vocabulary), format_func=lambda v: label(v, lang))
    if field.kind in _BOUNDS:
        return cc.NumberColumn(heading, **_BOUNDS[field.kind])  # type: ignore[arg-type]
    if fields.parent(field.path) == "" and Touchpoint.model_fields[field.path].is_required():
        return cc.TextColumn(heading, required=True, width="medium")
    return cc.TextColumn(heading)


def touchpoint_columns(stage_names: Mapping[str, str], lang: str) -> dict[str, Any]:
    """The ``column_config`` of the touchpoint grid: column name -> its configuration.

    ``stage_names`` maps the journey's stage ids to their names (the stage column's choices).
    """
    return {f.column: _column(f, stage_names, lang) for f in fields.shown("grid")}
