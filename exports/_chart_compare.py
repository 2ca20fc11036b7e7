"""The comparison curve: the perceived scores of two versions of a journey overlaid, so a manager sees which
touchpoints got better, which got worse, and what was added or removed."""

from __future__ import annotations

from typing import Any

import altair as alt

from journeys.diff import JourneyDiff, union_order
from journeys.vocab import label
from journeys.words import t

from ._chart_style import (
    END,
    EXPECTED,
    INK,
    LABEL_STATUS_EXPR,
    PEAK,
    PEAK_EDGE,
    PERCEIVED,
    STAR,
    Datasets,
    axis_labels,
    chart_lang,
    chart_title,
    configure,
    fmt_score,
    score_rules,
    score_scale,
    series_lines,
    stage_bands,
    touchpoint_x,
)

__all__ = ["compare_curve", "compare_curve_data"]

_ADDED = "#1e7a46"  # comparison: a touchpoint only the after version has
_REMOVED = "#d93025"  # comparison: a touchpoint only the before version had
_SHIFT = "#a9c8ea"  # comparison: how far a score moved between the versions

_MARKER_GAP = 13  # px between a peak or end marker's centre and its label
_CLUSTER = 30  # px: a before score this close to the after score shares its marker's label room


def compare_curve_data(d: JourneyDiff, lang: str = "zh") -> list[dict]:
    """The rows behind the comparison curve: one per touchpoint of either version.

    Parameters
    ----------
    d : JourneyDiff
        Two versions of a journey compared (:func:`journeys.diff.diff`).
    lang : str
        ``zh`` or ``en`` (locales such as ``zh-CN`` match by prefix), for the ``status_label`` column.

    Returns
    -------
    list of dict
        In the display order of the after version, each removed touchpoint right after the touchpoint
        that preceded it in the before version's display order (first when none did). Keys ``pos``
        (0-based position), ``id``, ``name`` (as it is after; as it was, when removed), ``stage`` (id),
        ``stage_name``, ``stage_pos`` (position of the run of its stage among the runs shown), ``status``
        (``added``, ``removed``, ``changed`` or ``unchanged``) and ``status_label`` (the same in words),
        ``before`` and ``after`` (the perceived score in each version; ``None`` where the touchpoint is
        absent or not scored), ``delta`` (after − before; ``None`` unless both are known) and the flags
        ``peak_before``, ``peak_after``, ``end_before`` and ``end_after``.

    Examples
    --------
    >>> from journeys.catalog import load_template
    >>> from journeys.diff import diff
    >>> j = load_template("business-hall", "en")
    >>> shorter = j.model_copy(update={
    ...     "touchpoints": [tp for tp in j.touchpoints if tp.id != "take-number"],
    ...     "edges": [e for e in j.edges if "take-number" not in (e.source, e.target)]})
    >>> rows = compare_curve_data(diff(j, shorter), "en")
    >>> [(r["id"], r["status"], r["before"], r["after"]) for r in rows[1:4]]
    [('greet', 'unchanged', 3.9, 3.9), ('take-number', 'removed', 3.4, None), ('wait-seated', 'unchanged', 2.0, 2.0)]
    """
    lang = chart_lang(lang)
    status = d.touchpoints.status()
    old = {tp.id: tp for tp in d.before.touchpoints}
    new = {tp.id: tp for tp in d.after.touchpoints}
    order = union_order(d.before_analysis.order_of(d.before), d.after_analysis.order_of(d.after))
    rows: list[dict[str, Any]] = []
    stage_pos = -1
    for pos, tp_id in enumerate(order):
        was, now = old.get(tp_id), new.get(tp_id)
        tp = now or old[tp_id]  # a touchpoint the after version lacks is one the before version had
        if not rows or rows[-1]["stage"] != tp.stage:
            stage_pos += 1
        before = was.perceived if was else None
        after = now.perceived if now else None
        kind = status.get(tp_id) or ("added" if was is None else "removed" if now is None else "unchanged")
        rows.append({
            "pos": pos,
            "id": tp_id,
            "name": tp.name,
            "stage": tp.stage,
            "stage_name": d.stage_name(tp.stage),
            "stage_pos": stage_pos,
            "status": kind,
            "status_label": t("chart.status." + kind, lang),
            "before": before,
            "after": after,
            "delta": None if before is None or after is None else round(after - before, 4),
            "peak_before": bool(was and was.has("peak")),
            "peak_after": bool(now and now.has("peak")),
            "end_before": bool(was and was.has("end")),
            "end_after": bool(now and now.has("end")),
        })
    return rows


def _compare_subtitle(d: JourneyDiff, lang: str) -> list[str]:
    def value(v: float | None) -> str:
        return "—" if v is None else fmt_score(v)

    parts = []
    for metric, word in (("peak_end_score", "peak_end"), ("mean_perceived", "mean")):
        before, after = d.before_analysis.metrics.get(metric), d.after_analysis.metrics.get(metric)
        if before is not None or after is not None:
            parts.append(f"{t('chart.' + word, lang)} {value(before)} → {value(after)}")
    return [" · ".join(parts)] if parts else []


def compare_curve(d: JourneyDiff, lang: str = "zh", *, width: int = 720, height: int = 280) -> alt.LayerChart:
    """Two versions of the experience curve overlaid: the perceived score per touchpoint, before and after.

    Parameters
    ----------
    d : JourneyDiff
        Two versions of a journey compared (:func:`journeys.diff.diff`).
    lang : str
        Language of every text: ``zh`` or ``en`` (``zh-CN``, ``en-GB`` ... match by prefix).
    width, height : int
        Size of the plot area in pixels (axis labels, title and legend come on top).

    Returns
    -------
    alt.LayerChart
        The touchpoints of both versions along the x axis (:func:`compare_curve_data`), over bands for
        the stages; the before version as a dashed grey line and the after version as a solid blue one,
        each with points, on a fixed 1–5 scale with a neutral rule at 3. Each line runs through the
        touchpoints of its own version only (a removed touchpoint has no after point, an added one no
        before point) and breaks where a touchpoint of that version has no score. A light bar joins the
        two scores of a touchpoint that moved. Added touchpoints have a green ``+`` label, removed ones
        a red ``−`` label. The peak (gold star) and end (green ring) of the after version are marked
        and labelled with their score; those of the before version are drawn faintly in grey.

    Notes
    -----
    The subtitle compares the peak-end estimate (Kahneman, Fredrickson, Schreiber & Redelmeier, 1993:
    the mean of the peak's and the end's perceived score) and the plain mean over all touchpoints,
    before → after; a side that cannot be computed shows as "—".

    Examples
    --------
    >>> from journeys.catalog import load_template
    >>> from journeys.diff import diff
    >>> j = load_template("business-hall", "zh-CN")
    >>> compare_curve(diff(j, j), "zh").to_dict()["title"]["subtitle"]
    ['峰终体验 4.3 → 4.3 · 全程平均 3.3 → 3.3']
    """
    _data = Datasets()
    lang = chart_lang(lang)
    rows = compare_curve_data(d, lang)
    ids = [r["id"] for r in rows]
    count = max(1, len(rows))
    step = width / count
    dense = min(1.0, max(0.35, step / 40))

    # Labels: added touchpoints open with a green "+", removed ones with a red "−"; the axis title says so.
    marks = {"added": "+ ", "removed": "− "}
    colours = {"added": _ADDED, "removed": _REMOVED}
    upright, labels = axis_labels([r["name"] for r in rows], step, [marks.get(r["status"], "") for r in rows])
    shown = [t("chart.mark_" + kind, lang) for kind in ("added", "removed") if any(r["status"] == kind for r in rows)]
    x_title = (t("chart.touchpoints_marked", lang, marks=t("words.list_sep", lang).join(shown)) if shown
               else t("chart.touchpoints", lang))
    params = [
        alt.param(name="tpIds", value=ids),
        alt.param(name="tpLabels", value=labels),
        alt.param(name="tpColours", value=[colours.get(r["status"], INK) for r in rows]),
        alt.param(name="neutralLabel", value=f"{t('chart.neutral', lang)} 3"),
    ]
    axis, x_scale, x = touchpoint_x(ids, x_title, upright, LABEL_STATUS_EXPR)
    y_scale = score_scale()

    tooltip = [
        alt.Tooltip("name:N", title=t("chart.touchpoint", lang)),
        alt.Tooltip("stage_name:N", title=t("chart.stage", lang)),
        alt.Tooltip("before:Q", title=t("chart.before", lang), format=".2~f"),
        alt.Tooltip("after:Q", title=t("chart.after", lang), format=".2~f"),
        alt.Tooltip("delta:Q", title=t("chart.delta", lang), format="+.2~f"),
        alt.Tooltip("status_label:N", title=t("chart.status", lang)),
    ]

    bands, stages = stage_bands(_data, rows, step, x_scale, axis, lang)
    grid, neutral = score_rules(_data)

    # Before and after as one long table, each with the touchpoints of its own version only: a line runs
    # straight past a touchpoint its version does not have, and breaks where one it has is not scored.
    series = [t("chart.before", lang), t("chart.after", lang)]
    long_rows = [
        {"id": r["id"], "pos": r["pos"], "series": name, "score": r[key]}
        for key, name, absent in (("before", series[0], "added"), ("after", series[1], "removed"))
        for r in rows if r["status"] != absent
    ]
    lines = series_lines(_data(long_rows), series, x, y_scale, dense)
    moved = [r for r in rows if r["delta"]]
    shifts = alt.Chart(_data(moved)).mark_rule(
        color=_SHIFT, strokeWidth=max(2.0, 6 * dense), opacity=0.7, strokeCap="round",
    ).encode(x=x, y=alt.Y("before:Q", scale=y_scale), y2=alt.Y2("after:Q"), tooltip=tooltip)
    old = [r for r in rows if r["before"] is not None]
    new = [r for r in rows if r["after"] is not None]
    before_points = alt.Chart(_data(old)).mark_point(
        filled=True, size=36 * dense, color=EXPECTED, opacity=1,
    ).encode(x=x, y=alt.Y("before:Q", scale=y_scale), tooltip=tooltip)
    after_points = alt.Chart(_data(new)).mark_point(
        filled=True, size=60 * dense, color=PERCEIVED, opacity=1, stroke="white", strokeWidth=1,
    ).encode(x=x, y=alt.Y("after:Q", scale=y_scale), tooltip=tooltip)

    # Peak and end: the after version's marked and labelled, the before version's faint outlines.
    def marker(data: list[dict[str, Any]], key: str, peak: bool, **style: Any) -> alt.Chart:
        shape, size = (STAR, 420) if peak else ("circle", 360)
        return alt.Chart(_data(data)).mark_point(opacity=1, shape=shape, size=size, **style).encode(
            x=x, y=alt.Y(f"{key}:Q", scale=y_scale), tooltip=tooltip)

    faint = {"filled": False, "color": EXPECTED, "strokeWidth": 1.5, "strokeDash": [3, 2]}
    before_marks = [
        marker([r for r in old if r["peak_before"]], "before", True, **faint),
        marker([r for r in old if r["end_before"]], "before", False, **faint),
    ]
    ends = marker([r for r in new if r["end_after"]], "after", False, filled=False, color=END, strokeWidth=2.5)
    peaks = marker([r for r in new if r["peak_after"]], "after", True, filled=True, color=PEAK, stroke=PEAK_EDGE,
                   strokeWidth=1)
    # The label goes above the after marker, or below it near the top; a before score close by (within
    # _CLUSTER px) counts as part of the marker, so the label never lands on it.
    per_px = 4 / max(1, height)  # score units per pixel
    marker_rows = []
    for r in new:
        names = [label(m, lang) for m in ("peak", "end") if r[f"{m}_after"]]
        if names:
            near = [r["after"]]
            if r["before"] is not None and abs(r["before"] - r["after"]) <= _CLUSTER * per_px:
                near.append(r["before"])
            above = max(near) <= 5 - (_MARKER_GAP + 10) * per_px  # room for a 12 px line under the top
            marker_rows.append({
                "id": r["id"], "text": f"{' · '.join(names)} {fmt_score(r['after'])}",
                "y": max(near) if above else min(near), "colour": PEAK_EDGE if r["peak_after"] else END,
                "baseline": "bottom" if above else "top",
            })
    marker_text = [
        alt.Chart(_data([m for m in marker_rows if m["baseline"] == baseline])).mark_text(
            baseline=baseline, dy=_MARKER_GAP * (-1 if baseline == "bottom" else 1), fontSize=12, fontWeight="bold",
        ).encode(x=x, y=alt.Y("y:Q", scale=y_scale), text="text:N", color=alt.Color("colour:N", scale=None))
        for baseline in ("bottom", "top")
    ]

    chart = alt.layer(
        bands, stages, grid, neutral, shifts, lines, *before_marks, before_points, after_points, ends, peaks,
        *marker_text,
    ).properties(width=width, height=height,
                 title=chart_title(t("chart.compare_title", lang), _compare_subtitle(d, lang)))
    return _data.attach(configure(chart.add_params(*params)))
