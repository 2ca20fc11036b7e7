"""Compare page: two versions of a journey side by side, in a minute: the verdict, the weak points fixed
and introduced, the diff diagram, the two experience curves overlaid, the changes and the report."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, NamedTuple

import streamlit as st

from components.actions import follow_up_tab
from components.diagram import draw_svg
from components.state import current_day, current_editor, get_store, lang, show_flash, t
from components.ui import file_error, md
from exports.charts import compare_curve
from exports.compare import Report, build_report, report_html, report_markdown
from exports.dot import DiagramOptions, diff_dot, render
from journeys.analysis import Analysis, analyze
from journeys.diff import JourneyDiff, diff
from journeys.fileformat import MAX_UPLOAD_MB, JourneyFileError, format_for, loads
from journeys.findings import Finding
from journeys.formatting import number
from journeys.model import Journey
from journeys.texts import field_label, rule_title

UPLOAD_LIMIT_MB = MAX_UPLOAD_MB
KEY_COMPARISON = "compare_kept"
DRAFT = 0  # the version number standing for the journey as it is being edited (not saved yet)


class Comparison(NamedTuple):
    diff: JourneyDiff
    before: str
    after: str
    report: Report
    dot: str
    curve: dict[str, Any]


@st.cache_resource(max_entries=64, show_spinner=False)
def stored_analysis(journey_id: str, version: int, lg: str, location: str, today: dt.date) -> Analysis:
    """The analysis of a stored version: versions never change, so each is analysed once per language and
    day (an action falls overdue overnight)."""
    return analyze(get_store().load(journey_id, version).journey, lg, today)


@st.cache_resource(max_entries=16, show_spinner=False)
def rendered(dot: str) -> bytes | None:
    try:
        return render(dot, "svg")
    except RuntimeError:  # GraphvizMissing, or Graphviz failing: the browser draws the DOT instead
        return None


def version_label(n: int) -> str:
    return t("compare.draft") if n == DRAFT else f"v{n}"


# What to compare: a key naming the comparison, and how to make it (the diff, the two versions' names).
# (A comment, not a string: Streamlit's magic would write a bare string on the page.)
Picked = tuple[tuple[Any, ...], Callable[[], tuple[JourneyDiff, str, str]]]


def pick_stored() -> Picked | None:
    store = get_store()
    rows = store.list_journeys()
    if not rows:
        st.info(t("journeys.empty"))
        return None
    editor = current_editor()
    ids = [r.id for r in rows]
    titles = {r.id: f"{r.title} ({r.id})" for r in rows}
    default = ids.index(editor.id) if editor is not None and editor.id in ids else 0
    journey_col, before_col, after_col = st.columns([3, 1, 1])
    journey_id = journey_col.selectbox(t("compare.journey"), ids, index=default, format_func=titles.__getitem__,
                                       key="compare_journey")
    numbers = [v.number for v in store.history(journey_id)]
    # The journey being edited is offered while it has changes not saved as a version.
    editing = (editor is not None and editor.id == journey_id and editor.draft_saved_at is not None
               and editor.journey != store.load(journey_id, editor.based_on).journey)
    choices = [*numbers, DRAFT] if editing else numbers
    if len(choices) < 2:
        st.info(t("compare.need_two"))
        return None
    before = before_col.selectbox(t("compare.before"), choices, index=len(choices) - 2, format_func=version_label,
                                  key=f"compare_before_{journey_id}")
    after = after_col.selectbox(t("compare.after"), choices, index=len(choices) - 1, format_func=version_label,
                                key=f"compare_after_{journey_id}")
    lg = lang()
    path = store.location
    today = current_day()

    def version(n: int) -> tuple[Journey, Analysis]:
        if n == DRAFT and editor is not None:
            return editor.journey, editor.analysis(lg, today)
        return store.load(journey_id, n).journey, stored_analysis(journey_id, n, lg, path, today)

    def compare() -> tuple[JourneyDiff, str, str]:
        (old, old_analysis), (new, new_analysis) = version(before), version(after)
        return (diff(old, new, lg, analyses=(old_analysis, new_analysis), today=today), version_label(before),
                version_label(after))

    revision = editor.revision if editor is not None and DRAFT in (before, after) else None
    return ("stored", path, journey_id, before, after, revision, lg, today), compare


def read_upload(label: str, key: str) -> tuple[Journey | None, str, str]:
    """The journey in an uploaded file (``None`` after showing what is wrong with it), its name and id."""
    uploaded = st.file_uploader(label, type=["yaml", "yml", "json"], key=key, max_upload_size=UPLOAD_LIMIT_MB,
                                help=t("journeys.import.help", mb=UPLOAD_LIMIT_MB))
    if uploaded is None:
        return None, "", ""
    data = uploaded.getvalue()
    if len(data) > UPLOAD_LIMIT_MB * 2**20:
        st.error(t("journeys.import.too_big", size=round(len(data) / 2**20, 1), mb=UPLOAD_LIMIT_MB))
        return None, uploaded.name, uploaded.file_id
    try:
        return loads(data, format_for(uploaded.name, data), name=uploaded.name), uploaded.name, uploaded.file_id
    except JourneyFileError as exc:
        file_error(exc, "compare.file_invalid")
        return None, uploaded.name, uploaded.file_id


def pick_files() -> Picked | None:
    left, right = st.columns(2)
    with left:
        before, before_name, before_id = read_upload(t("compare.file_before"), "compare_file_before")
    with right:
        after, after_name, after_id = read_upload(t("compare.file_after"), "compare_file_after")
    if before is None or after is None:
        st.caption(t("compare.upload_hint"))
        return None
    lg, today = lang(), current_day()
    return ("files", before_id, after_id, lg, today), lambda: (diff(before, after, lg, today=today), before_name,
                                                               after_name)


def comparison(picked: Picked) -> Comparison:
    """The comparison and everything drawn from it, made once and kept until something else is compared:
    the page reruns on every click, and the curve alone takes 0.15–0.35 s to build."""
    key, compare = picked
    kept = st.session_state.get(KEY_COMPARISON)
    if kept is None or kept[0] != key:
        d, before, after = compare()
        lg = lang()
        kept = (key, Comparison(d, before, after, build_report(d, before, after),
                                diff_dot(d, DiagramOptions(lang=lg)), compare_curve(d, lg).to_dict(validate=False)))
        st.session_state[KEY_COMPARISON] = kept
    return kept[1]


def headline(d: JourneyDiff, report: Report) -> None:
    show = {"better": st.success, "worse": st.error, "mixed": st.warning, "same": st.info}[report.verdict]
    show(f"**{t('compare.verdict.' + report.verdict)}** · {report.headline}", icon=":material/insights:")
    cards = st.columns(4)
    cards[0].metric(t("compare.fixed"), len(d.findings.fixed), border=True)
    cards[1].metric(t("compare.new"), len(d.findings.new), border=True)
    for card, key in ((cards[2], "peak_end_score"), (cards[3], "mean_perceived")):
        m = d.metrics[key]
        card.metric(t(f"compare.{key}"), "–" if m.after is None else number(m.after),
                    delta=None if m.delta is None else "±0" if not m.delta else f"{m.delta:+.2f}".rstrip("0"),
                    delta_color="off" if not m.delta else "normal", delta_arrow="off" if not m.delta else "auto",
                    help=t("compare.before_value", v="–" if m.before is None else number(m.before)), border=True)


def diagram(dot: str) -> None:
    """The diff diagram fitted to the width for the overview, though never smaller than legible (the frame
    scrolls then); at its natural size on request."""
    natural = st.toggle(t("compare.natural_size"), key="compare_natural_size")
    draw_svg(dot, rendered(dot), height=640, zoom=1.0 if natural else None, min_zoom=0.7)


def findings_tab(d: JourneyDiff, lg: str) -> None:
    listed: list[tuple[str, Finding]] = [("fixed", f) for f in d.findings.fixed]
    listed += [("new", f) for f in d.findings.new]
    listed += [("persisting", after) for _, after in d.findings.persisting]
    if not listed:
        st.success(t("weak.none"))
        return
    st.dataframe(
        [{t("compare.col.status"): t(f"compare.status.{status}"), t("weak.severity"): t(f"severity.{f.severity}"),
          t("weak.rule"): rule_title(f.rule, lg),
          t("weak.touchpoints"): t("compare.sep").join(d.name(x) for x in f.touchpoints),
          t("weak.message"): f.message} for status, f in listed],
        hide_index=True, width="stretch", key="compare_findings",
    )


def _value(value: object) -> str:
    if value is None:
        return "—"
    if isinstance(value, list):
        return " / ".join(_value(v) for v in value)
    if isinstance(value, dict):
        return str(value.get("text") or value)
    return number(value) if isinstance(value, float) else str(value)


def changes_tab(d: JourneyDiff, lg: str) -> None:
    stage_of = {tp.id: tp.stage for tp in [*d.before.touchpoints, *d.after.touchpoints]}
    rows: list[dict[str, str]] = []

    def add(status: str, tp_id: str, field: str = "", before: str = "", after: str = "") -> None:
        rows.append({t("compare.col.status"): t(f"compare.status.{status}"), t("weak.touchpoints"): d.name(tp_id),
                     t("compare.col.stage"): d.stage_name(stage_of[tp_id]), t("compare.col.field"): field,
                     t("compare.col.before"): before, t("compare.col.after"): after})

    for tp_id in d.touchpoints.added:
        add("added", tp_id)
    for tp_id in d.touchpoints.removed:
        add("removed", tp_id)
    for change in d.touchpoints.changed:
        for key, values in change.fields.items():
            if "added" in values:
                counts = [t(f"compare.items.{k}", n=len(values[k])) for k in ("added", "removed", "changed")
                          if values[k]]
                add("changed", change.key, field_label(key, lg), t("compare.sep").join(counts),
                    _value([*values["added"], *[c["after"] for c in values["changed"]]]))
            else:
                add("changed", change.key, field_label(key, lg), _value(values["before"]), _value(values["after"]))
    if rows:
        st.dataframe(rows, hide_index=True, width="stretch", key="compare_changes")
    else:
        st.caption(t("compare.no_touchpoint_changes"))
    structure = []
    for status in ("added", "removed"):
        for stage_id in getattr(d.stages, status):
            structure.append({t("compare.col.status"): t(f"compare.status.{status}"),
                              t("compare.col.item"): f"{t('compare.col.stage')}: {d.stage_name(stage_id)}"})
        for source, target in getattr(d.edges, status):
            structure.append({t("compare.col.status"): t(f"compare.status.{status}"),
                              t("compare.col.item"): f"{d.name(source)} → {d.name(target)}"})
    for change in d.stages.changed:
        structure.append({t("compare.col.status"): t("compare.status.changed"),
                          t("compare.col.item"): f"{t('compare.col.stage')}: {d.stage_name(change.key)}"})
    for change in d.edges.changed:
        structure.append({t("compare.col.status"): t("compare.status.changed"),
                          t("compare.col.item"): f"{d.name(change.key[0])} → {d.name(change.key[1])}"})
    if d.stage_order is not None:
        structure.append({t("compare.col.status"): t("compare.status.changed"),
                          t("compare.col.item"): t("compare.stage_order")})
    if structure:
        st.dataframe(structure, hide_index=True, width="stretch", key="compare_structure")


def metrics_tab(report: Report) -> None:
    st.dataframe([{t("compare.col.metric"): m.label, t("compare.col.before"): m.before,
                   t("compare.col.after"): m.after, t("compare.col.delta"): m.change} for m in report.metrics],
                 hide_index=True, width="stretch", key="compare_metrics")


def downloads(d: JourneyDiff, report: Report) -> None:
    name = f"{d.after.id}-{report.before_label}-{report.after_label}".replace(" ", "_").replace("/", "_")
    left, right = st.columns(2)
    left.download_button(t("compare.download_md"), data=lambda: report_markdown(report).encode("utf-8"),
                         file_name=f"{name}.md", mime="text/markdown", key="compare_download_md", on_click="ignore",
                         icon=":material/download:", width="stretch")
    right.download_button(t("compare.download_html"), data=lambda: report_html(report, d).encode("utf-8"),
                          file_name=f"{name}.html", mime="text/html", key="compare_download_html",
                          on_click="ignore", icon=":material/download:", width="stretch")


st.title(t("compare.title"))
show_flash()
source = st.segmented_control(t("compare.source"), ["stored", "files"], default="stored", key="compare_source",
                              format_func=lambda s: t(f"compare.source.{s}"))
picked = pick_files() if source == "files" else pick_stored()
if picked is not None:
    c = comparison(picked)
    lg = lang()
    st.caption(md(f"{c.diff.after.title} · {c.before} → {c.after}"))
    headline(c.diff, c.report)
    downloads(c.diff, c.report)
    st.subheader(t("compare.diagram"))
    diagram(c.dot)
    st.vega_lite_chart(c.curve, width="stretch", theme=None)
    findings, changes, metrics, follow = st.tabs([t("compare.tab.findings"), t("compare.tab.changes"),
                                                  t("compare.tab.metrics"), t("compare.actions.title")])
    with findings:
        findings_tab(c.diff, lg)
    with changes:
        changes_tab(c.diff, lg)
    with metrics:
        metrics_tab(c.report)
    with follow:
        follow_up_tab(c.diff)
