"""Charts of a journey: the customer experience curve and SERVQUAL coverage, as Altair (Vega-Lite) specs.

The experience curve draws the expected and the perceived score of every touchpoint in the order
customers meet them, over bands for the service stages, and marks what the peak-end rule
(Kahneman, Fredrickson, Schreiber & Redelmeier, 1993) says customers remember: the designed peak and
the end. Pain points (贬损点) stand out in red. The SERVQUAL chart (Parasuraman, Zeithaml & Berry,
1988) counts hard and soft service standards per quality dimension, so a blind spot shows as an
empty row. The comparison curve overlays the perceived scores of two versions of a journey, so a
manager sees at a glance which touchpoints got better, which got worse, and what was added or removed.

Every chart is a pure function of the journey and its analysis: data embedded inline, no URLs, the
same JSON for the same input. Text the users typed (touchpoint and stage names) only ever travels
as data; the few Vega expressions are fixed strings that look values up in parameters.
:func:`to_image` renders a chart offline with vl-convert, in the Noto Sans CJK SC font so Chinese
never turns into boxes.
"""

from __future__ import annotations

import functools
from collections import Counter
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Literal

import altair as alt
import vl_convert

from journeys.analysis import Analysis
from journeys.diff import JourneyDiff, union_order
from journeys.model import Journey
from journeys.rules.experience import is_pain
from journeys.vocab import DIMENSIONS, MOMENTS, label

from ._measure import em, truncate_em, wrap_em

__all__ = ["compare_curve", "compare_curve_data", "curve_data", "experience_curve", "servqual_chart", "to_image"]

_FONT = "Noto Sans CJK SC"
"""The font every text of a chart is set in: it covers Chinese, Latin and digits alike."""

_TEXTS: dict[str, dict[str, str]] = {
    "zh": {
        "curve_title": "客户体验曲线",
        "servqual_title": "服务质量五维度覆盖",
        "expected": "期望",
        "perceived": "感知",
        "series": "得分",
        "score": "体验得分（1–5）",
        "touchpoints": "接触点（按旅程顺序）",
        "touchpoint": "接触点",
        "stage": "服务环节",
        "gap": "差距（感知−期望）",
        "moments": "标记",
        "findings": "薄弱点",
        "peak_end": "峰终体验",
        "mean": "全程平均",
        "neutral": "中性",
        "dimension": "服务质量维度",
        "count": "服务标准数量",
        "kind": "标准类型",
        "total": "合计",
        "blind_spots": "盲区：",
        "covered": "五个维度均有服务标准",
        "separator": "、",
        "compare_title": "体验曲线对比",
        "before": "之前",
        "after": "之后",
        "delta": "变化（之后−之前）",
        "status": "改动",
        "added": "新增",
        "removed": "删除",
        "changed": "修改",
        "unchanged": "未变",
        "touchpoints_marked": "接触点（按旅程顺序；{marks}）",
        "mark_added": "+ 新增",
        "mark_removed": "− 删除",
    },
    "en": {
        "curve_title": "Customer experience curve",
        "servqual_title": "SERVQUAL coverage",
        "expected": "Expected",
        "perceived": "Perceived",
        "series": "Score",
        "score": "Experience score (1–5)",
        "touchpoints": "Touchpoints (in journey order)",
        "touchpoint": "Touchpoint",
        "stage": "Stage",
        "gap": "Gap (perceived − expected)",
        "moments": "Marked as",
        "findings": "Weak points",
        "peak_end": "Peak-end",
        "mean": "Mean",
        "neutral": "Neutral",
        "dimension": "SERVQUAL dimension",
        "count": "Service standards",
        "kind": "Kind",
        "total": "Total",
        "blind_spots": "Blind spots: ",
        "covered": "Every dimension has service standards",
        "separator": ", ",
        "compare_title": "Experience curve: before and after",
        "before": "Before",
        "after": "After",
        "delta": "Change (after − before)",
        "status": "Status",
        "added": "Added",
        "removed": "Removed",
        "changed": "Changed",
        "unchanged": "Unchanged",
        "touchpoints_marked": "Touchpoints (in journey order; {marks})",
        "mark_added": "+ added",
        "mark_removed": "− removed",
    },
}

# Colours: one strong hue for what customers felt, grey for what they expected, red for pain.
_PERCEIVED = "#1f5fa6"
_EXPECTED = "#8f969e"
_PAIN = "#d93025"
_PEAK = "#f2b200"
_PEAK_EDGE = "#9a6b00"
_END = "#1e7a46"
_INK = "#2b2f36"
_MUTED = "#5f6670"
_NEUTRAL = "#b3b8bf"
_GRID = "#dde2e8"
_BANDS = ("#eef2f7", "#f9fafc")
_HARD = "#1f5fa6"
_SOFT = "#a9c8ea"
_ADDED = "#1e7a46"  # comparison: a touchpoint only the after version has
_REMOVED = "#d93025"  # comparison: a touchpoint only the before version had
_SHIFT = "#a9c8ea"  # comparison: how far a score moved between the versions

# A five-pointed star as a Vega symbol path (unit size, centred on the point).
_STAR = ("M0,-1L0.2245,-0.309L0.9511,-0.309L0.3633,0.118L0.5878,0.809L0,0.382"
         "L-0.5878,0.809L-0.3633,0.118L-0.9511,-0.309L-0.2245,-0.309Z")

_MARKER_GAP = 13  # px between a peak or end marker's centre and its label
_CLUSTER = 30  # px: a before score this close to the after score shares its marker's label room

_LABEL_SIZE = 11  # axis label font size in px
_LABEL_LINES = 3  # at most this many lines per touchpoint label when labels stand upright
_ANGLED_CHARS = 14  # width budget (in CJK characters) of one angled label
_UPRIGHT_STEP = 34  # below this many px per touchpoint, labels are angled instead of wrapped

# The only expressions in the specs: fixed strings that look values up in parameters.
_LABEL_EXPR = "tpLabels[indexof(tpIds, datum.value)]"
_LABEL_COLOR_EXPR = f"tpPain[indexof(tpIds, datum.value)] ? '{_PAIN}' : '{_INK}'"
_LABEL_STATUS_EXPR = "tpColours[indexof(tpIds, datum.value)]"
_NEUTRAL_EXPR = "datum.value === 3 ? neutralLabel : datum.label"
_BLIND_WEIGHT_EXPR = "indexof(blindSpots, datum.value) >= 0 ? 'bold' : 'normal'"
_BLIND_COLOR_EXPR = f"indexof(blindSpots, datum.value) >= 0 ? '{_PAIN}' : '{_INK}'"


def _lang(lang: str) -> str:
    """``zh`` or ``en`` from a language or locale tag (``zh-CN``, ``en-GB`` ...)."""
    prefix = lang.lower().replace("_", "-").split("-")[0]
    if prefix not in _TEXTS:
        raise ValueError(f"unsupported chart language {lang!r}: use 'zh' or 'en' (or a locale such as 'zh-CN')")
    return prefix


def _fmt(value: float) -> str:
    """One decimal, halves rounded up as people do (4.25 → 4.3)."""
    return str(Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def _moment_labels(row: dict[str, Any], lang: str) -> str:
    sep = _TEXTS[lang]["separator"]
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
    lang = _lang(lang)
    stage_names = {stage.id: stage.name for stage in journey.stages}
    findings = Counter(t for f in analysis.findings for t in set(f.touchpoints))
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


def _subtitle(analysis: Analysis, t: dict[str, str]) -> list[str]:
    parts = []
    peak_end = analysis.metrics.get("peak_end_score")
    mean = analysis.metrics.get("mean_perceived")
    if peak_end is not None:
        parts.append(f"{t['peak_end']} {_fmt(peak_end)}")
    if mean is not None:
        parts.append(f"{t['mean']} {_fmt(mean)}")
    return [" · ".join(parts)] if parts else []


def _title(text: str, subtitle: list[str], subtitle_colour: str = _MUTED) -> alt.TitleParams:
    extra: dict[str, Any] = {"subtitle": subtitle} if subtitle else {}
    return alt.TitleParams(text=text, anchor="start", fontSize=16, fontWeight="bold", color=_INK,
                           subtitleFontSize=12, subtitleColor=subtitle_colour, subtitlePadding=4, offset=14, **extra)


def _configure(chart: alt.TopLevelMixin) -> Any:
    """Fonts and a quiet house style shared by every chart."""
    return (
        chart.configure(font=_FONT, background="white", padding=12)
        .configure_title(font=_FONT, subtitleFont=_FONT)
        .configure_axis(labelFont=_FONT, titleFont=_FONT, labelColor=_INK, titleColor=_MUTED, titleFontSize=11,
                        titleFontWeight="normal", labelFontSize=_LABEL_SIZE, domainColor="#c5cad1",
                        tickColor="#c5cad1", gridColor="#e6e9ee")
        .configure_legend(labelFont=_FONT, titleFont=_FONT, labelFontSize=11, titleFontSize=11, labelColor=_INK,
                          titleColor=_MUTED, titleFontWeight="normal")
        .configure_text(font=_FONT)
        .configure_view(stroke=None)
    )


class _Datasets:
    """Named datasets for one chart: layers refer to them by name and the rows are attached once, at the
    end. Altair copies every layer at each step of building a chart; with inline rows a 300-touchpoint
    curve spent most of its 0.6 s copying the same rows."""

    def __init__(self) -> None:
        self.values: dict[str, list[dict[str, Any]]] = {}

    def __call__(self, rows: list[dict[str, Any]]) -> alt.NamedData:
        name = f"mot_rows_{len(self.values)}"  # deterministic: the order layers are built in
        self.values[name] = rows
        return alt.NamedData(name=name)

    def attach(self, chart: Any) -> Any:
        chart.datasets = self.values
        return chart


def _axis_labels(names: list[str], step: float, marks: list[str] | None = None) -> tuple[bool, list[list[str]]]:
    """Touchpoint names as axis labels: wrapped upright when there is room (``True``), else one angled line.

    A mark (``"+ "``) opens its label and never stands on a line of its own.
    """
    marks = marks or [""] * len(names)
    upright = step >= _UPRIGHT_STEP
    budget = max(2.0, (step - 10) / _LABEL_SIZE)
    labels = []
    for name, mark in zip(names, marks, strict=True):
        text = mark + " ".join(name.split())
        if not upright:
            labels.append([truncate_em(text, _ANGLED_CHARS)])
            continue
        lines = wrap_em(text, budget, _LABEL_LINES)
        if mark and lines[0] == mark.strip() and len(lines) > 1:
            lines = wrap_em(name, budget - em(mark), _LABEL_LINES)
            lines[0] = mark + lines[0]
        labels.append(lines)
    return upright, labels


def _x_axis(title: str, upright: bool, colour_expr: str) -> alt.Axis:
    return alt.Axis(
        title=title, labelExpr=_LABEL_EXPR, labelColor=alt.ExprRef(colour_expr),
        labelAngle=0 if upright else -45, labelAlign="center" if upright else "right",
        labelBaseline="top", labelLineHeight=14, labelPadding=6, labelLimit=0 if upright else 160,
        labelOverlap=False if upright else "greedy", ticks=False, domain=False, grid=False, titlePadding=10,
    )


def _y_scale() -> alt.Scale:
    return alt.Scale(domain=[1, 5], nice=False, zero=False)


def _y_axis(t: dict[str, str]) -> alt.Axis:
    return alt.Axis(title=t["score"], values=[1, 2, 3, 4, 5], format="d", labelExpr=_NEUTRAL_EXPR, grid=True,
                    domain=False, ticks=False, titlePadding=10)


def _stage_bands(data: _Datasets, rows: list[dict[str, Any]], step: float, x_scale: alt.Scale, axis: alt.Axis,
                 t: dict[str, str]) -> tuple[alt.Chart, alt.Chart]:
    """Stage bands with the stage name on top: one rect per run of touchpoints of one stage, from its first
    band's start to its last band's end (display order keeps a stage's touchpoints together), in alternating
    light shades. ``rows`` need ``id``, ``stage``, ``stage_name`` and ``stage_pos``."""
    ids = [r["id"] for r in rows]
    stage_rows: list[dict[str, Any]] = []
    for r in rows:
        if not stage_rows or stage_rows[-1]["stage"] != r["stage"]:
            stage_rows.append({"id": r["id"], "last": r["id"], "stage": r["stage"], "stage_name": r["stage_name"],
                               "fill": _BANDS[r["stage_pos"] % 2], "span": 0})
        stage_rows[-1]["last"] = r["id"]
        stage_rows[-1]["span"] += 1
    for s in stage_rows:
        s["text"] = truncate_em(s["stage_name"], max(1.0, (s["span"] * step - 14) / 13))  # bold 12 px
    stage_data = data(stage_rows)
    bands = alt.Chart(stage_data).mark_rect(strokeWidth=0).encode(
        x=alt.X("id:N", sort=ids, bandPosition=0, scale=x_scale, axis=axis, title=axis.title),
        x2=alt.X2("last:N", bandPosition=1),
        y=alt.datum(5, scale=_y_scale(), axis=_y_axis(t), title=t["score"]), y2=alt.datum(1),
        fill=alt.Fill("fill:N", scale=None, legend=None),
        tooltip=[alt.Tooltip("stage_name:N", title=t["stage"])],
    )
    stages = alt.Chart(stage_data).mark_text(
        align="left", baseline="bottom", dx=4, dy=-6, fontSize=12, fontWeight="bold", color=_MUTED,
    ).encode(x=alt.X("id:N", sort=ids, bandPosition=0), y=alt.value(0), text="text:N")
    return bands, stages


def _score_rules(data: _Datasets) -> tuple[alt.Chart, alt.Chart]:
    """Light grid lines at 1, 2, 4 and 5 and a dotted neutral rule at 3."""
    grid = alt.Chart(data([{"score": v} for v in (1, 2, 4, 5)])).mark_rule(color=_GRID, strokeWidth=1).encode(
        y=alt.Y("score:Q", scale=_y_scale()))
    neutral = alt.Chart(data([{"score": 3}])).mark_rule(
        color=_NEUTRAL, strokeDash=[2, 3], strokeWidth=1.2,
    ).encode(y=alt.Y("score:Q", scale=_y_scale()))
    return grid, neutral


def _touchpoint_x(ids: list[str], title: str, upright: bool, colour_expr: str) -> tuple[alt.Axis, alt.Scale, alt.X]:
    """The x axis of a curve: one band per touchpoint, labelled with its name (looked up by id)."""
    axis = _x_axis(title, upright, colour_expr)
    scale = alt.Scale(type="band", domain=ids, paddingInner=0, paddingOuter=0)
    return axis, scale, alt.X("id:N", sort=ids, axis=axis, title=title, scale=scale)


def _series_lines(data: alt.NamedData, series: list[str], x: alt.X, y_scale: alt.Scale, dense: float) -> alt.Chart:
    """Two score lines from one long table (``series``, ``score``, ``pos``): the first grey and dashed, the
    second blue and solid, under one legend on top."""
    legend = alt.Legend(title=None, orient="top", direction="horizontal", symbolType="stroke", symbolSize=300,
                        symbolStrokeWidth=2.5, labelFontSize=12, offset=30)
    colour = alt.Color("series:N", scale=alt.Scale(domain=series, range=[_EXPECTED, _PERCEIVED]), legend=legend)
    # One legend: Streamlit's Vega-Lite does not merge a dash legend into the colour one, and two identical
    # legends side by side read as four series.
    dash = alt.StrokeDash("series:N", scale=alt.Scale(domain=series, range=[[6, 4], [1, 0]]), legend=None)
    return alt.Chart(data).mark_line(
        strokeWidth=2.5 * max(0.6, dense), invalid="break-paths-show-domains",
    ).encode(
        x=x, y=alt.Y("score:Q", scale=y_scale), color=colour, strokeDash=dash,
        order=alt.Order("pos:Q"),  # paths follow the journey, whatever the row order
    )


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
    _data = _Datasets()
    lang = _lang(lang)
    t = _TEXTS[lang]
    rows = curve_data(journey, analysis, lang)
    ids = [r["id"] for r in rows]
    count = max(1, len(rows))
    step = width / count

    dense = min(1.0, max(0.35, step / 40))  # smaller points and thinner lines when touchpoints crowd
    upright, labels = _axis_labels([r["name"] for r in rows], step)
    params = [
        alt.param(name="tpIds", value=ids),
        alt.param(name="tpLabels", value=labels),
        alt.param(name="tpPain", value=[r["pain"] for r in rows]),
        alt.param(name="neutralLabel", value=f"{t['neutral']} 3"),
    ]

    axis, x_scale, x = _touchpoint_x(ids, t["touchpoints"], upright, _LABEL_COLOR_EXPR)
    y_scale = _y_scale()

    tooltip = [
        alt.Tooltip("name:N", title=t["touchpoint"]),
        alt.Tooltip("stage_name:N", title=t["stage"]),
        alt.Tooltip("expected:Q", title=t["expected"], format=".2~f"),
        alt.Tooltip("perceived:Q", title=t["perceived"], format=".2~f"),
        alt.Tooltip("gap:Q", title=t["gap"], format="+.2~f"),
        alt.Tooltip("moments_label:N", title=t["moments"]),
        alt.Tooltip("findings:Q", title=t["findings"]),
    ]

    bands, stages = _stage_bands(_data, rows, step, x_scale, axis, t)
    grid, neutral = _score_rules(_data)

    # Expected and perceived as one long table: the legend, colour and dash come from one field.
    series = [t["expected"], t["perceived"]]
    long_rows = [
        {"id": r["id"], "pos": r["pos"], "series": s, "score": r[key]}
        for key, s in (("expected", series[0]), ("perceived", series[1]))
        for r in rows
    ]
    lines = _series_lines(_data(long_rows), series, x, y_scale, dense)
    expected_points = alt.Chart(_data([r for r in rows if r["expected"] is not None])).mark_point(
        filled=True, size=30 * dense, color=_EXPECTED, opacity=1,
    ).encode(x=x, y=alt.Y("expected:Q", scale=y_scale), tooltip=tooltip)
    scored = [r for r in rows if r["perceived"] is not None]
    perceived_points = alt.Chart(_data([r for r in scored if not r["pain"]])).mark_point(
        filled=True, size=60 * dense, color=_PERCEIVED, opacity=1, stroke="white", strokeWidth=1,
    ).encode(x=x, y=alt.Y("perceived:Q", scale=y_scale), tooltip=tooltip)
    pain_points = alt.Chart(_data([r for r in scored if r["pain"]])).mark_point(
        filled=True, size=120 * dense, color=_PAIN, opacity=1, stroke="white", strokeWidth=1.5,
    ).encode(x=x, y=alt.Y("perceived:Q", scale=y_scale), tooltip=tooltip)

    # The designed peak and end, marked on the perceived curve and labelled with their score.
    peaks = alt.Chart(_data([r for r in scored if r["peak"]])).mark_point(
        shape=_STAR, filled=True, size=420, color=_PEAK, stroke=_PEAK_EDGE, strokeWidth=1, opacity=1,
    ).encode(x=x, y=alt.Y("perceived:Q", scale=y_scale), tooltip=tooltip)
    ends = alt.Chart(_data([r for r in scored if r["end"]])).mark_point(
        shape="circle", filled=False, size=360, color=_END, strokeWidth=2.5, opacity=1,
    ).encode(x=x, y=alt.Y("perceived:Q", scale=y_scale), tooltip=tooltip)
    marker_rows = []
    for r in scored:
        names = [label(m, lang) for m in ("peak", "end") if r[m]]
        if names:
            above = r["perceived"] <= 4.45
            marker_rows.append({
                "id": r["id"], "text": f"{' · '.join(names)} {_fmt(r['perceived'])}",
                "y": r["perceived"] + (0.3 if above else -0.3), "colour": _PEAK_EDGE if r["peak"] else _END,
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
    ).properties(width=width, height=height, title=_title(t["curve_title"], _subtitle(analysis, t)))
    return _data.attach(_configure(chart.add_params(*params)))


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
    lang = _lang(lang)
    t = _TEXTS[lang]
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
            "status_label": t[kind],
            "before": before,
            "after": after,
            "delta": None if before is None or after is None else round(after - before, 4),
            "peak_before": bool(was and was.has("peak")),
            "peak_after": bool(now and now.has("peak")),
            "end_before": bool(was and was.has("end")),
            "end_after": bool(now and now.has("end")),
        })
    return rows


def _compare_subtitle(d: JourneyDiff, t: dict[str, str]) -> list[str]:
    def value(v: float | None) -> str:
        return "—" if v is None else _fmt(v)

    parts = []
    for metric, word in (("peak_end_score", "peak_end"), ("mean_perceived", "mean")):
        before, after = d.before_analysis.metrics.get(metric), d.after_analysis.metrics.get(metric)
        if before is not None or after is not None:
            parts.append(f"{t[word]} {value(before)} → {value(after)}")
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
    _data = _Datasets()
    lang = _lang(lang)
    t = _TEXTS[lang]
    rows = compare_curve_data(d, lang)
    ids = [r["id"] for r in rows]
    count = max(1, len(rows))
    step = width / count
    dense = min(1.0, max(0.35, step / 40))

    # Labels: added touchpoints open with a green "+", removed ones with a red "−"; the axis title says so.
    marks = {"added": "+ ", "removed": "− "}
    colours = {"added": _ADDED, "removed": _REMOVED}
    upright, labels = _axis_labels([r["name"] for r in rows], step, [marks.get(r["status"], "") for r in rows])
    shown = [t[f"mark_{kind}"] for kind in ("added", "removed") if any(r["status"] == kind for r in rows)]
    x_title = t["touchpoints_marked"].format(marks=t["separator"].join(shown)) if shown else t["touchpoints"]
    params = [
        alt.param(name="tpIds", value=ids),
        alt.param(name="tpLabels", value=labels),
        alt.param(name="tpColours", value=[colours.get(r["status"], _INK) for r in rows]),
        alt.param(name="neutralLabel", value=f"{t['neutral']} 3"),
    ]
    axis, x_scale, x = _touchpoint_x(ids, x_title, upright, _LABEL_STATUS_EXPR)
    y_scale = _y_scale()

    tooltip = [
        alt.Tooltip("name:N", title=t["touchpoint"]),
        alt.Tooltip("stage_name:N", title=t["stage"]),
        alt.Tooltip("before:Q", title=t["before"], format=".2~f"),
        alt.Tooltip("after:Q", title=t["after"], format=".2~f"),
        alt.Tooltip("delta:Q", title=t["delta"], format="+.2~f"),
        alt.Tooltip("status_label:N", title=t["status"]),
    ]

    bands, stages = _stage_bands(_data, rows, step, x_scale, axis, t)
    grid, neutral = _score_rules(_data)

    # Before and after as one long table, each with the touchpoints of its own version only: a line runs
    # straight past a touchpoint its version does not have, and breaks where one it has is not scored.
    series = [t["before"], t["after"]]
    long_rows = [
        {"id": r["id"], "pos": r["pos"], "series": name, "score": r[key]}
        for key, name, absent in (("before", series[0], "added"), ("after", series[1], "removed"))
        for r in rows if r["status"] != absent
    ]
    lines = _series_lines(_data(long_rows), series, x, y_scale, dense)
    moved = [r for r in rows if r["delta"]]
    shifts = alt.Chart(_data(moved)).mark_rule(
        color=_SHIFT, strokeWidth=max(2.0, 6 * dense), opacity=0.7, strokeCap="round",
    ).encode(x=x, y=alt.Y("before:Q", scale=y_scale), y2=alt.Y2("after:Q"), tooltip=tooltip)
    old = [r for r in rows if r["before"] is not None]
    new = [r for r in rows if r["after"] is not None]
    before_points = alt.Chart(_data(old)).mark_point(
        filled=True, size=36 * dense, color=_EXPECTED, opacity=1,
    ).encode(x=x, y=alt.Y("before:Q", scale=y_scale), tooltip=tooltip)
    after_points = alt.Chart(_data(new)).mark_point(
        filled=True, size=60 * dense, color=_PERCEIVED, opacity=1, stroke="white", strokeWidth=1,
    ).encode(x=x, y=alt.Y("after:Q", scale=y_scale), tooltip=tooltip)

    # Peak and end: the after version's marked and labelled, the before version's faint outlines.
    def marker(data: list[dict[str, Any]], key: str, peak: bool, **style: Any) -> alt.Chart:
        shape = {"shape": _STAR, "size": 420} if peak else {"shape": "circle", "size": 360}
        return alt.Chart(_data(data)).mark_point(opacity=1, **shape, **style).encode(
            x=x, y=alt.Y(f"{key}:Q", scale=y_scale), tooltip=tooltip)

    faint = {"filled": False, "color": _EXPECTED, "strokeWidth": 1.5, "strokeDash": [3, 2]}
    before_marks = [
        marker([r for r in old if r["peak_before"]], "before", True, **faint),
        marker([r for r in old if r["end_before"]], "before", False, **faint),
    ]
    ends = marker([r for r in new if r["end_after"]], "after", False, filled=False, color=_END, strokeWidth=2.5)
    peaks = marker([r for r in new if r["peak_after"]], "after", True, filled=True, color=_PEAK, stroke=_PEAK_EDGE,
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
                "id": r["id"], "text": f"{' · '.join(names)} {_fmt(r['after'])}",
                "y": max(near) if above else min(near), "colour": _PEAK_EDGE if r["peak_after"] else _END,
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
    ).properties(width=width, height=height, title=_title(t["compare_title"], _compare_subtitle(d, t)))
    return _data.attach(_configure(chart.add_params(*params)))


def servqual_chart(analysis: Analysis, lang: str = "zh", *, width: int = 420, height: int = 220) -> alt.Chart:
    """SERVQUAL coverage: hard and soft service standards per quality dimension, as stacked bars.

    Parameters
    ----------
    analysis : Analysis
        The journey's analysis; ``analysis.metrics["servqual"]`` holds the counts.
    lang : str
        Language of every text: ``zh`` or ``en`` (``zh-CN``, ``en-GB`` ... match by prefix).
    width, height : int
        Size of the plot area in pixels.

    Returns
    -------
    alt.Chart
        One row per dimension in the order of :data:`journeys.vocab.DIMENSIONS` (tangibles,
        reliability, responsiveness, assurance, empathy), hard standards dark and soft ones light.
        A dimension with no standard keeps its (empty) row and a red label: a blind spot.

    Notes
    -----
    SERVQUAL (Parasuraman, Zeithaml & Berry, 1988) measures service quality on five dimensions. The
    training material asks for hard (measurable) standards on reliability, responsiveness and
    tangibles, while assurance and empathy are usually served by soft ones.

    Examples
    --------
    >>> from journeys.analysis import analyze
    >>> from journeys.catalog import load_template
    >>> spec = servqual_chart(analyze(load_template("business-hall", "en")), "en").to_dict()
    >>> spec["title"]["text"], len(spec["datasets"][spec["data"]["name"]])
    ('SERVQUAL coverage', 5)
    """
    lang = _lang(lang)
    t = _TEXTS[lang]
    hard, soft = label("hard", lang), label("soft", lang)
    coverage = analysis.metrics.get("servqual") or {}
    rows = []
    for d in DIMENSIONS:
        counts = coverage.get(d) or {}
        h, s = int(counts.get("hard", 0)), int(counts.get("soft", 0))
        rows.append({"dimension": d, "label": label(d, lang), hard: h, soft: s, "total": h + s})
    order = [r["label"] for r in rows]
    blind = [r["label"] for r in rows if not r["total"]]
    subtitle = [t["blind_spots"] + t["separator"].join(blind)] if blind else [t["covered"]]
    most = max([r["total"] for r in rows] + [1])

    chart = (
        alt.Chart(alt.InlineData(values=rows))
        .transform_fold([hard, soft], as_=["kind", "count"])
        .mark_bar(height={"band": 0.62}, cornerRadiusEnd=2)
        .encode(
            y=alt.Y("label:N", sort=order, title=None, scale=alt.Scale(domain=order),
                    axis=alt.Axis(labelColor=alt.ExprRef(_BLIND_COLOR_EXPR),
                                  labelFontWeight=alt.ExprRef(_BLIND_WEIGHT_EXPR), labelFontSize=12, ticks=False,
                                  domain=False, labelPadding=8)),
            x=alt.X("count:Q", stack="zero", title=t["count"],
                    scale=alt.Scale(domain=[0, most], nice=True, zero=True),
                    axis=alt.Axis(format="d", tickMinStep=1, grid=True, domain=False)),
            color=alt.Color("kind:N", scale=alt.Scale(domain=[hard, soft], range=[_HARD, _SOFT]),
                            legend=alt.Legend(title=None, orient="top", direction="horizontal", offset=6,
                                              symbolType="square")),
            order=alt.Order("kind_order:Q"),
            tooltip=[
                alt.Tooltip("label:N", title=t["dimension"]),
                alt.Tooltip("kind:N", title=t["kind"]),
                alt.Tooltip("count:Q", title=t["count"]),
                alt.Tooltip("total:Q", title=t["total"]),
            ],
        )
        .transform_calculate(kind_order=alt.expr.indexof([hard, soft], alt.datum.kind))
        .properties(width=width, height=height, title=_title(t["servqual_title"], subtitle, _PAIN if blind else _MUTED))
        .add_params(alt.param(name="blindSpots", value=blind))
    )
    return _configure(chart)


def _vl_version() -> str | None:
    """The Vega-Lite version Altair writes, when vl-convert bundles it (else vl-convert's newest)."""
    wanted = ".".join(alt.SCHEMA_VERSION.lstrip("v").split(".")[:2])
    return wanted if wanted in vl_convert.get_vegalite_versions() else None


def to_image(chart: alt.TopLevelMixin, fmt: Literal["png", "svg"], scale: float = 2.0) -> bytes:
    """Render ``chart`` to PNG or SVG bytes with vl-convert, offline (no data is fetched from anywhere).

    Parameters
    ----------
    chart : alt.TopLevelMixin
        Any top-level Altair chart, e.g. from :func:`experience_curve` or :func:`servqual_chart`.
    fmt : {"png", "svg"}
        Output format.
    scale : float
        Pixel density of a PNG (2.0 suits slides and print); ignored for SVG.

    Returns
    -------
    bytes
        The PNG image, or the SVG document encoded as UTF-8.
    """
    if fmt not in ("png", "svg"):
        raise ValueError(f"unsupported image format {fmt!r}: use 'png' or 'svg'")
    svg = _svg(chart.to_json())
    if fmt == "svg":
        return svg.encode("utf-8")
    return vl_convert.svg_to_png(svg, scale=scale)


@functools.lru_cache(maxsize=16)
def _svg(spec: str) -> str:
    """The chart drawn as SVG, once per spec: the HTML page and the Word file of one export share it, and a
    PNG is rasterised from it (drawing a 100-touchpoint curve is most of an export's time)."""
    return vl_convert.vegalite_to_svg(spec, vl_version=_vl_version(), allowed_base_urls=[])
