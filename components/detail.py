"""The detail form of one touchpoint: the fields the field table places in the form, line by line.

:func:`touchpoint_form` renders the form and returns the fields to change when the user applies it
(``None`` otherwise); the caller validates them through the journey, so a bad value never lands. A
simple field gets the widget of its kind (a vocabulary as a select box, a score from 1 to 5, a text
box); the lists of expectations and standards and the recovery block have editors of their own.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from itertools import groupby
from typing import Any

import pandas as pd
import streamlit as st

from journeys import fields
from journeys.fields import FieldSpec
from journeys.model import Standard, Touchpoint
from journeys.outline import OutlineError, read_standard
from journeys.vocab import (
    CLEAR_STEPS,
    COMPARATORS,
    DIMENSIONS,
    KANO_LEVELS,
    RECOVERY_STRATEGIES,
    SOURCES,
    STANDARD_KINDS,
    label,
)

from .line_input import line_input
from .state import lang, t
from .ui import md, md_t

__all__ = ["PENDING", "expectation_rows", "standard_rows", "standards_from_rows", "touchpoint_form"]

PENDING = "detail_pending"
"""Session key: touchpoint id -> the fields as its form holds them, saved or not (kept across switching)."""
_LINE_ADDED = "detail_std_added"
_LINE_ERROR = "detail_std_error"


def _none(value: Any) -> Any:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, str) and not value.strip():
        return None
    return value.item() if hasattr(value, "item") else value


def expectation_rows(tp: Touchpoint) -> pd.DataFrame:
    return pd.DataFrame([{"id": e.id, "text": e.text, "source": e.source} for e in tp.expectations],
                        columns=["id", "text", "source"])


def standard_rows(tp: Touchpoint) -> pd.DataFrame:
    rows = []
    for s in tp.standards:
        target = s.target
        rows.append({"text": s.text, "kind": s.kind, "dimension": s.dimension, "kano": s.kano,
                     "metric": target.metric if target else None, "op": target.op if target else None,
                     "value": target.value if target else None, "unit": target.unit if target else None,
                     "answers": list(s.answers)})
    frame = pd.DataFrame(rows, columns=["text", "kind", "dimension", "kano", "metric", "op", "value", "unit",
                                        "answers"])
    return frame.astype({"value": "float64"})


def standards_from_rows(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Standards from the edited table; a target only where a metric, comparator or value was given."""
    standards = []
    for row in frame.to_dict("records"):
        if all(_none(row.get(c)) is None for c in ("text", "metric")):
            continue
        metric, op, value = _none(row.get("metric")), _none(row.get("op")), _none(row.get("value"))
        target = None
        if metric is not None or op is not None or value is not None:
            target = {"metric": metric, "op": op, "value": value, "unit": _none(row.get("unit"))}
        standards.append({"text": _none(row.get("text")), "kind": _none(row.get("kind")),
                          "dimension": _none(row.get("dimension")), "kano": _none(row.get("kano")),
                          "target": target, "answers": list(row.get("answers") or [])})
    return standards


def _expectations_editor(tp: Touchpoint, key: str, opt: dict[str, Any]) -> list[dict[str, Any]]:
    st.markdown(f"**{t('detail.expectations')}**")
    expectations = st.data_editor(
        expectation_rows(tp), num_rows="dynamic", hide_index=True, key=f"exp_{key}", width="stretch",
        placeholder="",
        column_config={
            "id": st.column_config.TextColumn(t("col.id"), width="small"),
            "text": st.column_config.TextColumn(t("col.text"), width="large", required=True),
            "source": st.column_config.SelectboxColumn(t("col.source"), options=list(SOURCES), **opt),
        })
    return [{"text": _none(r["text"]), "id": _none(r["id"]), "source": _none(r["source"])}
            for r in expectations.to_dict("records") if _none(r["text"]) or _none(r["id"])]


def standard_text(standard: Standard | dict[str, Any], lg: str) -> str:
    """A standard read back as a person checks it: kind, dimension, text and target (Markdown-safe)."""
    item = standard if isinstance(standard, dict) else standard.model_dump()
    target = item.get("target")
    if target:
        value = target["value"]
        shown = f"{value:g}" if isinstance(value, float) else str(value)
        tail = md_t("detail.standard_line.target", metric=target["metric"], op=_OPS.get(target["op"], target["op"]),
                    value=shown + (target.get("unit") or ""))
    else:
        tail = t("detail.standard_line.no_target") if item.get("kind") == "hard" else ""
    return t("detail.standard_line.read", kind=md(label(item.get("kind") or "", lg)),
             dimension=md(label(item.get("dimension") or "", lg)), text=md(item.get("text") or ""), target=tail)


_OPS = {"<=": "≤", ">=": "≥", "<": "＜", ">": "＞", "=": "="}


def _add_standard_lines(lines: list[str], tp_id: str) -> list[str]:
    """Quick entry of standards in the outline's form: read each line, add it to the form's standards.
    Returns the lines that could not be read (their errors are shown under the field)."""
    errors: list[str] = []
    refused: list[str] = []
    held = st.session_state.setdefault(PENDING, {}).get(tp_id)
    for text in lines:
        try:
            standard = read_standard(text)
        except OutlineError as exc:
            errors += [t("outline.typed", text=text, problem=m) for m in exc.messages(lang(), numbered=False)]
            refused.append(text)
            continue
        if held is None:
            continue
        held["standards"] = [*held.get("standards", []), {**standard, "kano": None, "answers": []}]
        added = st.session_state.setdefault(_LINE_ADDED, {})
        added[tp_id] = added.get(tp_id, 0) + 1
    if errors:
        st.session_state[_LINE_ERROR] = (tp_id, errors)
    else:
        st.session_state.pop(_LINE_ERROR, None)
    return refused


def _standards_editor(tp: Touchpoint, key: str, opt: dict[str, Any]) -> list[dict[str, Any]]:
    lg = lang()
    st.markdown(f"**{t('detail.standards')}**")
    line_input(t("detail.standard_line"), key=f"stdline_{key}", on_lines=_add_standard_lines, args=(tp.id,),
               send=t("line_input.send"), waiting=t("line_input.waiting"))
    st.caption(t("detail.standard_line.help"))
    error = st.session_state.get(_LINE_ERROR)
    if error and error[0] == tp.id:
        st.error("\n\n".join(md(m) for m in error[1]))
    for standard in tp.standards:
        st.markdown(f"- {standard_text(standard, lg)}")
    answer_ids = [e.id for e in tp.expectations if e.id]
    added = st.session_state.get(_LINE_ADDED, {}).get(tp.id, 0)
    with st.expander(t("detail.standards.grid")):
        st.caption(t("detail.standards.help"))
        standards = st.data_editor(
            standard_rows(tp), num_rows="dynamic", hide_index=True, key=f"std_{key}_{added}", width="stretch",
            placeholder="",
            column_config={
                "text": st.column_config.TextColumn(t("col.text"), width="large", required=True),
                "kind": st.column_config.SelectboxColumn(t("col.kind"), options=list(STANDARD_KINDS), required=True,
                                                         default="hard", **opt),
                "dimension": st.column_config.SelectboxColumn(t("col.dimension"), options=list(DIMENSIONS),
                                                              required=True, **opt),
                "kano": st.column_config.SelectboxColumn(t("col.kano"), options=list(KANO_LEVELS), **opt),
                "metric": st.column_config.TextColumn(t("col.metric")),
                "op": st.column_config.SelectboxColumn(t("col.op"), options=list(COMPARATORS), width="small"),
                "value": st.column_config.NumberColumn(t("col.value"), width="small"),
                "unit": st.column_config.TextColumn(t("col.unit"), width="small"),
                "answers": st.column_config.MultiselectColumn(t("col.answers"), options=answer_ids),
            })
    return standards_from_rows(standards)


def _recovery_editor(tp: Touchpoint, key: str, opt: dict[str, Any]) -> dict[str, Any] | None:
    st.markdown(f"**{t('detail.recovery')}**")
    recovery = tp.recovery
    plan = st.text_area(t("detail.recovery.plan"), recovery.plan if recovery else "", height=70, key=f"plan_{key}")
    cols = st.columns(2)
    steps = cols[0].multiselect(t("detail.recovery.steps"), list(CLEAR_STEPS),
                                default=list(recovery.steps) if recovery else [], key=f"steps_{key}",
                                placeholder=t("ui.choose"), **opt)
    strategies = cols[1].multiselect(t("detail.recovery.strategies"), list(RECOVERY_STRATEGIES),
                                     default=list(recovery.strategies) if recovery else [],
                                     key=f"strategies_{key}", placeholder=t("ui.choose"), **opt)
    # Order the CLEAR steps as the method does, whatever order they were picked in.
    return {"plan": plan, "steps": sorted(steps, key=CLEAR_STEPS.index), "strategies": strategies} \
        if plan.strip() or steps or strategies else None


_EDITORS: dict[str, Callable[[Touchpoint, str, dict[str, Any]], Any]] = {
    "expectations": _expectations_editor, "standards": _standards_editor, "recovery": _recovery_editor,
}
"""The fields with an editor of their own (lists of items, the recovery block); the field table places them."""


def _value_at(tp: Touchpoint, path: str) -> Any:
    value: Any = tp
    for name in path.split("."):
        value = getattr(value, name, None)
    return value


def _widget(where: Any, field: FieldSpec, tp: Touchpoint, key: str) -> Any:
    """One simple field's widget in ``where`` (the form or one of its columns); the value it holds."""
    lg = lang()
    heading, widget_key, value = t(field.heading_key), f"{field.key}_{key}", _value_at(tp, field.path)
    if field.kind == "choices":
        return where.multiselect(heading, list(field.vocabulary), default=list(value or []), key=widget_key,
                                 placeholder=t("ui.choose"), format_func=lambda v: label(v, lg))
    if field.kind == "choice":
        if field.default is not None:  # no value means the default: offered as one of the choices
            options = list(field.vocabulary)
            chosen = where.selectbox(heading, options, index=options.index(value or field.default),
                                     format_func=lambda v: label(v, lg), key=widget_key)
            return None if chosen == field.default and value is None else chosen
        options = [None, *field.vocabulary]
        return where.selectbox(heading, options, index=options.index(value),
                               format_func=lambda v: "–" if v is None else label(v, lg), key=widget_key)
    if field.kind == "score":
        return where.number_input(heading, 1.0, 5.0, value, 0.1, key=widget_key)
    if field.kind == "percent":
        return where.number_input(heading, 0.0, 100.0, value, 0.1, key=widget_key)
    if field.kind == "count":
        return where.number_input(heading, min_value=1, value=value, step=1, key=widget_key)
    if field.kind == "lines":
        lines = where.text_area(heading, "\n".join(value or []), height=90, key=widget_key)
        return [line for line in lines.splitlines() if line.strip()]
    if field.kind == "long-text":
        return where.text_area(heading, value or "", height=80, key=widget_key).strip() or None
    return where.text_input(heading, value or "", key=widget_key).strip() or None


def _lines() -> list[list[FieldSpec]]:
    """The form's lines, top to bottom, each with its fields side by side (the field table's places)."""
    placed = sorted((f for f in fields.shown("form") if f.form is not None), key=lambda f: f.form[0])  # type: ignore[index]
    return [list(line) for _, line in groupby(placed, key=lambda f: f.form[0])]  # type: ignore[index]


def touchpoint_form(tp: Touchpoint, key: str) -> dict[str, Any]:
    """Render the form for ``tp`` (widgets keyed by ``key``); the touchpoint's fields as the form holds
    them, kept in :data:`PENDING` so they survive switching to another touchpoint and back. The caller
    saves them (they are only validated there)."""
    lg = lang()
    opt = {"format_func": lambda v: label(v, lg)}
    values: dict[str, Any] = {}
    for line in _lines():
        if line[0].section:
            st.markdown(f"**{t(line[0].section)}**")
        places = [st] if len(line) == 1 else st.columns([f.form[1] for f in line])  # type: ignore[index]
        for where, field in zip(places, line, strict=True):
            editor = _EDITORS.get(field.path)
            values[field.path] = editor(tp, key, opt) if editor else _widget(where, field, tp, key)
    changes = _changes(values)
    st.session_state.setdefault(PENDING, {})[tp.id] = changes
    return changes


def _changes(values: dict[str, Any]) -> dict[str, Any]:
    """The touchpoint's fields from the form's values by path: a nested object (``emotion``) is given
    when any of its values is and all it requires are (a satisfaction needs its score)."""
    changes: dict[str, Any] = {}
    for path, value in values.items():
        group = fields.parent(path)
        if not group:
            changes[path] = value
            continue
        members = fields.children(group)
        given = {f.name: values.get(f.path) for f in members if f.path in values}
        present = any(v is not None for v in given.values()) and all(
            given.get(f.name) is not None for f in members if f.required)
        changes[group] = given if present else None
    return changes
