"""The SERVQUAL chart: hard and soft service standards per quality dimension (Parasuraman, Zeithaml & Berry,
1988), so a blind spot shows as an empty row."""

from __future__ import annotations

from typing import Any

import altair as alt

from journeys.analysis import Analysis
from journeys.vocab import DIMENSIONS, label
from journeys.words import t

from ._chart_style import INK, MUTED, PAIN, chart_lang, chart_title, configure, count_ticks

__all__ = ["servqual_chart"]

_HARD = "#1f5fa6"
_SOFT = "#a9c8ea"
_BLIND_WEIGHT_EXPR = "indexof(blindSpots, datum.value) >= 0 ? 'bold' : 'normal'"
_BLIND_COLOR_EXPR = f"indexof(blindSpots, datum.value) >= 0 ? '{PAIN}' : '{INK}'"


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
    lang = chart_lang(lang)
    hard, soft = label("hard", lang), label("soft", lang)
    coverage = analysis.metrics.get("servqual") or {}
    rows: list[dict[str, Any]] = []
    for d in DIMENSIONS:
        counts = coverage.get(d) or {}
        h, s = int(counts.get("hard", 0)), int(counts.get("soft", 0))
        rows.append({"dimension": d, "label": label(d, lang), hard: h, soft: s, "total": h + s})
    order: list[str] = [r["label"] for r in rows]
    blind: list[str] = [r["label"] for r in rows if not r["total"]]
    subtitle = ([t("chart.blind_spots", lang) + t("words.list_sep", lang).join(blind)] if blind
                else [t("chart.covered", lang)])
    ticks = count_ticks(max([r["total"] for r in rows] + [1]))  # whole numbers only: it counts standards

    chart = (
        alt.Chart(alt.InlineData(values=rows))
        .transform_fold([hard, soft], as_=["kind", "count"])
        .mark_bar(height={"band": 0.62}, cornerRadiusEnd=2)
        .encode(
            y=alt.Y("label:N", sort=order, title=None, scale=alt.Scale(domain=order),
                    axis=alt.Axis(labelColor=alt.ExprRef(_BLIND_COLOR_EXPR),
                                  labelFontWeight=alt.ExprRef(_BLIND_WEIGHT_EXPR), labelFontSize=12, ticks=False,
                                  domain=False, labelPadding=8)),
            x=alt.X("count:Q", stack="zero", title=t("chart.count", lang),
                    scale=alt.Scale(domain=[0, ticks[-1]], nice=False, zero=True),
                    axis=alt.Axis(values=ticks, format="d", tickMinStep=1, grid=True, domain=False)),
            color=alt.Color("kind:N", scale=alt.Scale(domain=[hard, soft], range=[_HARD, _SOFT]),
                            legend=alt.Legend(title=None, orient="top", direction="horizontal", offset=6,
                                              symbolType="square")),
            order=alt.Order("kind_order:Q"),
            tooltip=[
                alt.Tooltip("label:N", title=t("chart.dimension", lang)),
                alt.Tooltip("kind:N", title=t("chart.kind", lang)),
                alt.Tooltip("count:Q", title=t("chart.count", lang)),
                alt.Tooltip("total:Q", title=t("chart.total", lang)),
            ],
        )
        # Hard before soft in each bar: the string alt.expr.indexof([hard, soft], alt.datum.kind) writes (the two
        # labels are the vocabulary's own words), spelled out because altair types that array as one value.
        .transform_calculate(kind_order=f"indexof({[hard, soft]!r},datum.kind)")
        .properties(width=width, height=height,
                    title=chart_title(t("chart.servqual_title", lang), subtitle, PAIN if blind else MUTED))
        .add_params(alt.param(name="blindSpots", value=blind))
    )
    return configure(chart)
