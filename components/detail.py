"""The detail form of one touchpoint: expectations, standards, script, wow, recovery, satisfaction.

:func:`touchpoint_form` renders the form and returns the fields to change when the user applies it
(``None`` otherwise); the caller validates them through the journey, so a bad value never lands.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd
import streamlit as st

from journeys.model import Touchpoint
from journeys.vocab import (
    CHANNELS,
    CLEAR_STEPS,
    COMPARATORS,
    DIMENSIONS,
    KANO_LEVELS,
    MOMENTS,
    RECOVERY_STRATEGIES,
    SOURCES,
    STANDARD_KINDS,
    label,
)

from .state import lang, t

__all__ = ["expectation_rows", "standard_rows", "standards_from_rows", "touchpoint_form"]


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


def touchpoint_form(tp: Touchpoint, key: str) -> dict[str, Any] | None:
    """Render the form for ``tp``; the changed fields when applied, else ``None``."""
    lg = lang()
    opt = {"format_func": lambda v: label(v, lg)}
    with st.form(f"detail_{key}", border=False):
        top = st.columns([3, 2, 2])
        moments = top[0].multiselect(t("col.moments"), list(MOMENTS), default=list(tp.moments), key=f"moments_{key}",
                                     placeholder=t("ui.choose"),
                                     **opt)
        expected = top[1].number_input(t("col.expected"), 1.0, 5.0, tp.expected, 0.1, key=f"expected_{key}")
        perceived = top[2].number_input(t("col.perceived"), 1.0, 5.0, tp.perceived, 0.1, key=f"perceived_{key}")
        roles = st.columns(3)
        channel = roles[0].selectbox(t("col.channel"), [None, *CHANNELS], index=([None, *CHANNELS]).index(tp.channel),
                                     format_func=lambda v: "–" if v is None else label(v, lg), key=f"channel_{key}")
        owner = roles[1].text_input(t("col.owner"), tp.owner or "", key=f"owner_{key}")
        backup = roles[2].text_input(t("col.backup"), tp.backup or "", key=f"backup_{key}")
        actions = st.columns(2)
        customer_action = actions[0].text_area(t("detail.customer_action"), tp.customer_action or "", height=80,
                                                     key=f"customer_{key}")
        employee_action = actions[1].text_area(t("detail.employee_action"), tp.employee_action or "", height=80,
                                                     key=f"employee_{key}")
        st.markdown(f"**{t('detail.expectations')}**")
        expectations = st.data_editor(
            expectation_rows(tp), num_rows="dynamic", hide_index=True, key=f"exp_{key}", width="stretch",
            placeholder="",
            column_config={
                "id": st.column_config.TextColumn(t("col.id"), width="small"),
                "text": st.column_config.TextColumn(t("col.text"), width="large", required=True),
                "source": st.column_config.SelectboxColumn(t("col.source"), options=list(SOURCES), **opt),
            })
        st.markdown(f"**{t('detail.standards')}**")
        st.caption(t("detail.standards.help"))
        answer_ids = [e.id for e in tp.expectations if e.id]
        standards = st.data_editor(
            standard_rows(tp), num_rows="dynamic", hide_index=True, key=f"std_{key}", width="stretch", placeholder="",
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
        script = st.text_area(t("detail.script"), "\n".join(tp.script), height=90, key=f"script_{key}")
        wow = st.text_input(t("detail.wow"), tp.wow or "", key=f"wow_{key}")
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
        st.markdown(f"**{t('detail.satisfaction')}**")
        cols = st.columns(2)
        sat = tp.satisfaction
        score = cols[0].number_input(t("detail.satisfaction.score"), 0.0, 100.0, sat.score if sat else None, 0.1,
                                     key=f"score_{key}")
        benchmark = cols[1].number_input(t("detail.satisfaction.benchmark"), 0.0, 100.0,
                                         sat.benchmark if sat else None, 0.1, key=f"benchmark_{key}")
        if not st.form_submit_button(t("detail.apply"), type="primary"):
            return None
    return {
        "moments": moments,
        "emotion": {"expected": expected, "perceived": perceived}
        if expected is not None or perceived is not None else None,
        "channel": channel,
        "owner": owner.strip() or None,
        "backup": backup.strip() or None,
        "customer_action": customer_action.strip() or None,
        "employee_action": employee_action.strip() or None,
        "expectations": [{"text": _none(r["text"]), "id": _none(r["id"]), "source": _none(r["source"])}
                         for r in expectations.to_dict("records") if _none(r["text"]) or _none(r["id"])],
        "standards": standards_from_rows(standards),
        "script": [line for line in script.splitlines() if line.strip()],
        "wow": wow.strip() or None,
        # Order the CLEAR steps as the method does, whatever order they were picked in.
        "recovery": {"plan": plan, "steps": sorted(steps, key=CLEAR_STEPS.index), "strategies": strategies}
        if plan.strip() or steps or strategies else None,
        "satisfaction": {"score": score, "benchmark": benchmark} if score is not None else None,
    }
