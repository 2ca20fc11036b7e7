"""Weak points page: the findings, the key metrics, the experience curve and SERVQUAL coverage."""

from __future__ import annotations

import streamlit as st

from components.actions import create_action_panel, evidence_and_nps
from components.auth import can_edit
from components.diagram import show_curve, show_servqual
from components.sheet_panel import survey_panel
from components.state import current_editor, lang, select, show_flash, t, workshop
from journeys.findings import SEVERITIES
from journeys.formatting import number
from journeys.texts import RULE_IDS, rule_title


def percent(share: float | None) -> str:
    return "–" if share is None else f"{share * 100:.0f}%"


editor = current_editor()
st.title(t("weak.title"))
show_flash()
if editor is None:
    st.info(t("build.need_journey"))
    st.stop()

lg = lang()
analysis = editor.analysis(lg)
m = analysis.metrics
names = {tp.id: tp.name for tp in editor.journey.touchpoints}

cards = st.columns(4)
peak_end, mean = m["peak_end_score"], m["mean_perceived"]
cards[0].metric(t("metric.peak_end"), "–" if peak_end is None else number(peak_end),
                delta=None if peak_end is None or mean is None else number(round(peak_end - mean, 2)),
                help=t("metric.peak_end.help"), border=True)
if mean is not None:
    cards[0].caption(t("metric.mean", v=number(mean)))
cards[1].metric(t("metric.servqual"), f"{m['dimensions_covered']}/5", border=True)
cards[2].metric(t("metric.hard"), percent(m["hard_with_target_share"]), border=True)
cards[3].metric(t("metric.owner"), percent(m["owner_share"]), border=True)
st.caption(t("metric.findings", c=analysis.count("critical"), w=analysis.count("warning"), i=analysis.count("info")))
evidence_and_nps(editor.journey)

show_curve(editor, lg)

filters = st.columns(2)
# Labels worked out here, not in the format function: it also runs where the value is read back.
severity_names = {s: t(f"severity.{s}") for s in SEVERITIES}
severities = filters[0].multiselect(t("weak.severity"), list(SEVERITIES), default=["critical", "warning"],
                                    format_func=severity_names.__getitem__, key="weak_severity",
                                    placeholder=t("weak.all"))
present = sorted({f.rule for f in analysis.findings}, key=RULE_IDS.index)
rules = filters[1].multiselect(t("weak.rule"), present, format_func=lambda r: rule_title(r, lg), key="weak_rule",
                               placeholder=t("weak.all_rules"))
shown = [f for f in analysis.findings if f.severity in severities and (not rules or f.rule in rules)]

if not shown:
    st.success(t("weak.none"))
else:
    st.caption(t("weak.select_hint"))
    table = st.dataframe(
        [{t("weak.severity"): t(f"severity.{f.severity}"), t("weak.rule"): rule_title(f.rule, lg),
          t("weak.touchpoints"): t("words.list_sep").join(names[x] for x in f.touchpoints),
          t("weak.message"): f.message, t("weak.suggestion"): f.suggestion} for f in shown],
        hide_index=True, on_select="rerun", selection_mode="single-row", key="weak_table", width="stretch",
    )
    rows = table.selection.rows if table else []
    target = shown[rows[0]].touchpoints[0] if rows and shown[rows[0]].touchpoints else None
    if st.button(t("weak.goto"), key="weak_goto", disabled=target is None, type="primary"):
        select(target)
        st.switch_page("components/pages/build.py")
    if can_edit():
        create_action_panel(editor, shown, rows[0] if rows else None, key="weak_act")

show_servqual(editor, lg)
if can_edit() and not workshop():
    survey_panel(editor)
