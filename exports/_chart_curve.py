"""The customer experience curve: expected and perceived score per touchpoint in journey order, with the
peak and the end customers remember (the peak-end rule) and the pain points."""

from __future__ import annotations

from collections import Counter
from typing import Any

import altair as alt

from journeys.analysis import Analysis
from journeys.model import Journey
from journeys.rules.experience import is_pain
from journeys.vocab import MOMENTS, label
from journeys.words import t

from ._chart_style import (
    END,
    EXPECTED,
    LABEL_COLOR_EXPR,
    PAIN,
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

__all__ = ["curve_data", "experience_curve"]

def _moment_labels(row: dict[str, Any], lang: str) -> str:
    sep = t("words.list_sep", lang)
    return sep.join(label(m, lang) for m in MOMENTS if row[m])


def curve_data(journey: Journey, analysis: Analysis, lang: str = "zh") -> list[dict]:
    """The rows behind the experience curve: one per touchpoint, in display order.

    Parameters
    ----------
    journey : Journey
        The journey to draw.
    analysis : Analysis
        Its analysis (:func:`journeys.analysis.analyze`); gives the weak-point count per touchpoint.
    lang : str
        ``zh`` or ``en`` (locales such as ``zh-CN`` match by prefix), for the ``moments_label`` column.

    Returns
    -------
    list of dict
        Keys ``pos`` (0-based position), ``id``, ``name``, ``stage`` (id), ``stage_name``, ``stage_pos``
        (position of the stage among the stages shown), ``expected``, ``perceived``, ``gap``
        (perceived − expected, SERVQUAL's gap 5; ``None`` unless both scores are known), the flags
        ``mot``, ``peak``, ``end`` and ``pain`` (marked ``pain`` or perceived ≤ 2, see
        :func:`journeys.rules.experience.is_pain`), ``moments_label`` and ``findings``. A missing score
        stays ``None``: the curve leaves a gap there rather than guessing.

    Notes
    -----
    The peak and the end are the touchpoints the team marked ``peak`` and ``end``: by the peak-end
    rule (Kahneman et al., 1993) they are what customers remember of the whole journey.

    Examples
    --------
    >>> from journeys.analysis import analyze
    >>> from journeys.catalog import load_template
    >>> j = load_template("business-hall", "en")
    >>> rows = curve_data(j, analyze(j), "en")
    >>> [r["id"] for r in rows if r["peak"] or r["end"]]
    ['confirm-sign', 'farewell']
    """
    lang = chart_lang(lang)
    stage_names = {stage.id: stage.name for stage in journey.stages}
    findings = Counter(tp_id for f in analysis.findings for tp_id in set(f.touchpoints))
    rows: list[dict[str, Any]] = []
    stage_pos = -1
    for pos, tp_id in enumerate(analysis.order_of(journey)):
        tp = journey.touchpoint(tp_id)
        if not rows or rows[-1]["stage"] != tp.stage:
            stage_pos += 1
        expected, perceived = tp.expected, tp.perceived
        row: dict[str, Any] = {
            "pos": pos,
            "id": tp.id,
            "name": tp.name,
            "stage": tp.stage,
            "stage_name": stage_names[tp.stage],
            "stage_pos": stage_pos,
            "expected": expected,
            "perceived": perceived,
            "gap": None if expected is None or perceived is None else round(perceived - expected, 4),
            "mot": tp.has("mot"),
            "peak": tp.has("peak"),
            "end": tp.has("end"),
            "pain": is_pain(tp),
            "findings": findings.get(tp.id, 0),
        }
        row["moments_label"] = _moment_labels(row, lang)
        rows.append(row)
    return rows


def _subtitle(analysis: Analysis, lang: str) -> list[str]:
    parts = []
    peak_end = analysis.metrics.get("peak_end_score")
    mean = analysis.metrics.get("mean_perceived")
    if peak_end is not None:
        parts.append(f"{t('chart.peak_end', lang)} {fmt_score(peak_end)}")
    if mean is not None:
        parts.append(f"{t('chart.mean', lang)} {fmt_score(mean)}")
    return [" · ".join(parts)] if parts else []


def experience_curve(journey: Journey, analysis: Analysis, lang: str = "zh", *, width: int = 720,
                     height: int = 280) -> alt.LayerChart:
    """The customer experience curve: expected and perceived score per touchpoint, in journey order.

    Parameters
    ----------
    journey : Journey
        The journey to draw.
    analysis : Analysis
        Its analysis; its metrics give the subtitle (peak-end estimate vs the plain mean).
    lang : str
        Language of every text: ``zh`` or ``en`` (``zh-CN``, ``en-GB`` ... match by prefix).
    width, height : int
        Size of the plot area in pixels (axis labels, title and legend come on top).

    Returns
    -------
    alt.LayerChart
        Stage bands with the stage names on top; the expected score as a dashed grey line and the
        perceived score as a solid blue line, both with points and with gaps where a score is
        missing; a neutral rule at 3 on a fixed 1–5 scale; the designed peak (gold star) and end
        (green ring) labelled, and pain points in red (the point and the axis label).

    Notes
    -----
    The peak-end rule (Kahneman, Fredrickson, Schreiber & Redelmeier, 1993): customers remember an
    experience mostly by its most intense moment and its end. The subtitle compares the peak-end
    estimate (mean of the peak's and the end's perceived score) with the plain mean over all
    touchpoints. The gap in the tooltip is SERVQUAL's gap 5 (Parasuraman, Zeithaml & Berry, 1988).

    Examples
    --------
    >>> from journeys.analysis import analyze
    >>> from journeys.catalog import load_template
    >>> j = load_template("business-hall", "zh-CN")
    >>> experience_curve(j, analyze(j), "zh").to_dict()["title"]["text"]
    '客户体验曲线'
    """
    _data = Datasets()
    lang = chart_lang(lang)
    rows = curve_data(journey, analysis, lang)
    ids = [r["id"] for r in rows]
    count = max(1, len(rows))
    step = width / count

    dense = min(1.0, max(0.35, step / 40))  # smaller points and thinner lines when touchpoints crowd
    upright, labels = axis_labels([r["name"] for r in rows], step)
    params = [
        alt.param(name="tpIds", value=ids),
        alt.param(name="tpLabels", value=labels),
        alt.param(name="tpPain", value=[r["pain"] for r in rows]),
        alt.param(name="neutralLabel", value=f"{t('chart.neutral', lang)} 3"),
    ]

    axis, x_scale, x = touchpoint_x(ids, t("chart.touchpoints", lang), upright, LABEL_COLOR_EXPR)
    y_scale = score_scale()

    tooltip = [
        alt.Tooltip("name:N", title=t("chart.touchpoint", lang)),
        alt.Tooltip("stage_name:N", title=t("chart.stage", lang)),
        alt.Tooltip("expected:Q", title=t("chart.expected", lang), format=".2~f"),
        alt.Tooltip("perceived:Q", title=t("chart.perceived", lang), format=".2~f"),
        alt.Tooltip("gap:Q", title=t("chart.gap", lang), format="+.2~f"),
        alt.Tooltip("moments_label:N", title=t("chart.moments", lang)),
        alt.Tooltip("findings:Q", title=t("chart.findings", lang)),
    ]

    bands, stages = stage_bands(_data, rows, step, x_scale, axis, lang)
    grid, neutral = score_rules(_data)

    # Expected and perceived as one long table: the legend, colour and dash come from one field.
    series = [t("chart.expected", lang), t("chart.perceived", lang)]
    long_rows = [
        {"id": r["id"], "pos": r["pos"], "series": s, "score": r[key]}
        for key, s in (("expected", series[0]), ("perceived", series[1]))
        for r in rows
    ]
    lines = series_lines(_data(long_rows), series, x, y_scale, dense)
    expected_points = alt.Chart(_data([r for r in rows if r["expected"] is not None])).mark_point(
        filled=True, size=30 * dense, color=EXPECTED, opacity=1,
    ).encode(x=x, y=alt.Y("expected:Q", scale=y_scale), tooltip=tooltip)
    scored = [r for r in rows if r["perceived"] is not None]
    perceived_points = alt.Chart(_data([r for r in scored if not r["pain"]])).mark_point(
        filled=True, size=60 * dense, color=PERCEIVED, opacity=1, stroke="white", strokeWidth=1,
    ).encode(x=x, y=alt.Y("perceived:Q", scale=y_scale), tooltip=tooltip)
    pain_points = alt.Chart(_data([r for r in scored if r["pain"]])).mark_point(
        filled=True, size=120 * dense, color=PAIN, opacity=1, stroke="white", strokeWidth=1.5,
    ).encode(x=x, y=alt.Y("perceived:Q", scale=y_scale), tooltip=tooltip)

    # The designed peak and end, marked on the perceived curve and labelled with their score.
    peaks = alt.Chart(_data([r for r in scored if r["peak"]])).mark_point(
        shape=STAR, filled=True, size=420, color=PEAK, stroke=PEAK_EDGE, strokeWidth=1, opacity=1,
    ).encode(x=x, y=alt.Y("perceived:Q", scale=y_scale), tooltip=tooltip)
    ends = alt.Chart(_data([r for r in scored if r["end"]])).mark_point(
        shape="circle", filled=False, size=360, color=END, strokeWidth=2.5, opacity=1,
    ).encode(x=x, y=alt.Y("perceived:Q", scale=y_scale), tooltip=tooltip)
    marker_rows = []
    for r in scored:
        names = [label(m, lang) for m in ("peak", "end") if r[m]]
        if names:
            above = r["perceived"] <= 4.45
            marker_rows.append({
                "id": r["id"], "text": f"{' · '.join(names)} {fmt_score(r['perceived'])}",
                "y": r["perceived"] + (0.3 if above else -0.3), "colour": PEAK_EDGE if r["peak"] else END,
                "baseline": "bottom" if above else "top",
            })
    marker_text = [
        alt.Chart(_data([m for m in marker_rows if m["baseline"] == baseline])).mark_text(
            baseline=baseline, fontSize=12, fontWeight="bold",
        ).encode(x=x, y=alt.Y("y:Q", scale=y_scale), text="text:N", color=alt.Color("colour:N", scale=None))
        for baseline in ("bottom", "top")
    ]

    chart = alt.layer(
        bands, stages, grid, neutral, lines, expected_points, perceived_points, pain_points, ends, peaks,
        *marker_text,
    ).properties(width=width, height=height, title=chart_title(t("chart.curve_title", lang), _subtitle(analysis, lang)))
    return _data.attach(configure(chart.add_params(*params)))
