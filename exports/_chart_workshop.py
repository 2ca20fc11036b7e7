"""The room's experience curve for the projector: the mean perceived score of a live workshop per
touchpoint, with its spread, beside the journey's own perceived scores.

Built for a screen at the back of a room: type no smaller than 14 px, the votes behind each mean under
its touchpoint's name, and nothing that depends on colour alone (the room's line is solid, the journey's
dashed). Like every chart here it is a pure function: data inline, names only as data.
"""

from __future__ import annotations

from typing import Any

import altair as alt

from journeys.model import Journey
from journeys.words import t
from journeys.workshop import Results

from ._chart_style import (
    FONT,
    INK,
    LABEL_COLOR_EXPR,
    MUTED,
    PAIN,
    PERCEIVED,
    Datasets,
    axis_labels,
    chart_lang,
    score_scale,
    touchpoint_x,
)

__all__ = ["workshop_curve", "workshop_curve_data"]

_JOURNEY = "#8f969e"
_SPREAD = "#9cc0e8"
_TEXT = 15  # px: the smallest text on the projector's chart


def workshop_curve_data(journey: Journey, results: Results) -> list[dict[str, Any]]:
    """One row per touchpoint of the session, in session order: ``id``, ``name``, ``pos``, ``n`` (perceived
    scores), ``votes``, ``mean``, ``sd``, ``lo``/``hi`` (lowest and highest score given), ``pain`` (marks)
    and ``journey`` (the journey's own perceived score now; ``None`` when the touchpoint has none or is
    gone from the journey).

    >>> from journeys.catalog import load_template
    >>> from journeys.workshop import Session, results
    >>> j = load_template("front-desk", "en")
    >>> s = Session("s", j.id, 1, "ABCDEFGH", "2026-01-01T00:00:00", "me", None,
    ...             tuple((tp.id, tp.name) for tp in j.touchpoints[:2]))
    >>> [(r["pos"], r["n"], r["mean"]) for r in workshop_curve_data(j, results(s, [], []))]
    [(0, 0, None), (1, 0, None)]
    """
    here = {tp.id: tp for tp in journey.touchpoints}
    rows = []
    for pos, row in enumerate(results.touchpoints):
        tp = here.get(row.touchpoint)
        rows.append({
            "id": row.touchpoint, "name": row.name, "pos": pos, "n": row.n, "votes": row.votes,
            "mean": row.perceived_mean, "sd": row.perceived_sd, "lo": row.perceived_min, "hi": row.perceived_max,
            "pain": row.pain, "journey": None if tp is None else tp.perceived,
        })
    return rows


def workshop_curve(journey: Journey, results: Results, lang: str = "zh", *, width: int = 760,
                   height: int = 250) -> Any:
    """The projector's curve: per touchpoint (x, in session order, its name and its votes below) the
    room's lowest–highest range as a light bar, its mean perceived score as a solid line with points (red
    where someone marked it as hurting), and the journey's own perceived score as a dashed grey line, on
    the fixed 1–5 scale.

    >>> from journeys.catalog import load_template
    >>> from journeys.workshop import Session, results
    >>> j = load_template("front-desk", "zh-CN")
    >>> s = Session("s", j.id, 1, "ABCDEFGH", "2026-01-01T00:00:00", "me", None, ((j.touchpoints[0].id, "x"),))
    >>> workshop_curve(j, results(s, [], []), "zh").to_dict()["title"]["text"]
    '现场体验曲线'
    """
    data = Datasets()
    lang = chart_lang(lang)
    rows = workshop_curve_data(journey, results)
    ids = [r["id"] for r in rows]
    step = width / max(1, len(rows))
    upright, labels = axis_labels([r["name"] for r in rows], step)
    labels = [[*lines, t("projector.chart.votes", lang, count=r["votes"])] for lines, r in zip(labels, rows,
                                                                                                   strict=True)]
    params = [alt.param(name="tpIds", value=ids), alt.param(name="tpLabels", value=labels),
              alt.param(name="tpPain", value=[r["pain"] > 0 for r in rows])]
    axis, _, x = touchpoint_x(ids, "", upright, LABEL_COLOR_EXPR)
    axis.labelLineHeight = _TEXT + 3  # the shared axis is set for 11 px labels
    y_scale = score_scale()
    y_axis = alt.Axis(title=None, values=[1, 2, 3, 4, 5], format="d", grid=True, domain=False, ticks=False)
    room, own = t("projector.chart.room", lang), t("projector.chart.journey", lang)
    tooltip = [
        alt.Tooltip("name:N", title=t("chart.touchpoint", lang)),
        alt.Tooltip("mean:Q", title=room, format=".2~f"),
        alt.Tooltip("sd:Q", title=t("projector.chart.sd", lang), format=".2~f"),
        alt.Tooltip("lo:Q", title=t("projector.chart.min", lang)),
        alt.Tooltip("hi:Q", title=t("projector.chart.max", lang)),
        alt.Tooltip("n:Q", title="n"),
        alt.Tooltip("journey:Q", title=own, format=".2~f"),
    ]
    series = [room, own]
    legend = alt.Legend(title=None, orient="top", direction="horizontal", symbolType="stroke", symbolSize=300,
                        symbolStrokeWidth=3, labelFontSize=_TEXT)
    long_rows = [{"id": r["id"], "pos": r["pos"], "series": name, "score": r[key]}
                 for key, name in (("mean", room), ("journey", own)) for r in rows]
    lines = alt.Chart(data(long_rows)).mark_line(strokeWidth=3, invalid="break-paths-show-domains").encode(
        x=x, y=alt.Y("score:Q", scale=y_scale, axis=y_axis, title=None),
        color=alt.Color("series:N", scale=alt.Scale(domain=series, range=[PERCEIVED, _JOURNEY]), legend=legend),
        strokeDash=alt.StrokeDash("series:N", scale=alt.Scale(domain=series, range=[[1, 0], [7, 5]]), legend=None),
        order=alt.Order("pos:Q"))
    scored = [r for r in rows if r["mean"] is not None]
    bars = alt.Chart(data([r for r in scored if r["hi"] != r["lo"]])).mark_bar(
        color=_SPREAD, opacity=0.55, size=max(6.0, min(28.0, step * 0.3)), cornerRadius=3,
    ).encode(x=x, y=alt.Y("lo:Q", scale=y_scale), y2="hi:Q", tooltip=tooltip)
    points = alt.Chart(data(scored)).mark_point(
        filled=True, size=150, opacity=1, stroke="white", strokeWidth=1.5,
    ).encode(
        x=x, y=alt.Y("mean:Q", scale=y_scale), tooltip=tooltip,
        color=alt.condition("datum.pain > 0", alt.value(PAIN), alt.value(PERCEIVED)))
    journey_points = alt.Chart(data([r for r in rows if r["journey"] is not None])).mark_point(
        filled=True, size=60, color=_JOURNEY, opacity=1,
    ).encode(x=x, y=alt.Y("journey:Q", scale=y_scale), tooltip=tooltip)
    subtitle = [t("projector.chart.subtitle", lang, people=results.participants, votes=results.votes)]
    title = alt.TitleParams(text=t("projector.chart.title", lang), subtitle=subtitle, anchor="start", fontSize=22,
                            fontWeight="bold", color=INK, subtitleFontSize=_TEXT, subtitleColor=MUTED,
                            subtitlePadding=4, offset=10)
    chart = alt.layer(bars, lines, journey_points, points).properties(width=width, height=height, title=title)
    chart = chart.add_params(*params).configure(font=FONT, background="white", padding=8).configure_title(
        font=FONT, subtitleFont=FONT,
    ).configure_axis(
        labelFont=FONT, labelFontSize=_TEXT, labelColor=INK, gridColor="#e6e9ee", labelLineHeight=18,
        titleFontSize=_TEXT, titleColor=MUTED,
    ).configure_legend(labelFont=FONT, labelFontSize=_TEXT, labelColor=INK).configure_view(stroke=None)
    return data.attach(chart)
