"""What every chart shares: the font, the palette, the house style, named datasets, and the touchpoint axis,
score scale, stage bands and score lines of the two curves."""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal
from itertools import pairwise
from typing import Any

import altair as alt

from journeys.words import Lang, lang_of, t

from ._measure import char_em, em, truncate_em, wrap_em

__all__ = [
    "END", "EXPECTED", "FONT", "INK", "LABEL_COLOR_EXPR", "LABEL_STATUS_EXPR", "MUTED", "PAIN", "PEAK", "PEAK_EDGE",
    "PERCEIVED", "STAR", "Datasets", "axis_labels", "chart_lang", "chart_title", "configure", "count_ticks",
    "fmt_score", "score_rules", "score_scale", "series_lines", "stage_bands", "touchpoint_x",
]

FONT = "Noto Sans CJK SC"
"""The font every text of a chart is set in: it covers Chinese, Latin and digits alike."""

# Colours: one strong hue for what customers felt, grey for what they expected, red for pain.
PERCEIVED = "#1f5fa6"
EXPECTED = "#8f969e"
PAIN = "#d93025"
PEAK = "#f2b200"
PEAK_EDGE = "#9a6b00"
END = "#1e7a46"
INK = "#2b2f36"
MUTED = "#5f6670"
_NEUTRAL = "#b3b8bf"
_GRID = "#dde2e8"
_BANDS = ("#eef2f7", "#f9fafc")

# A five-pointed star as a Vega symbol path (unit size, centred on the point).
STAR = ("M0,-1L0.2245,-0.309L0.9511,-0.309L0.3633,0.118L0.5878,0.809L0,0.382"
        "L-0.5878,0.809L-0.3633,0.118L-0.9511,-0.309L-0.2245,-0.309Z")

_LABEL_SIZE = 11  # axis label font size in px
_LABEL_LINES = 3  # at most this many lines per touchpoint label when labels stand upright
_ANGLED_CHARS = 14  # width budget (in CJK characters) of one angled label
_UPRIGHT_STEP = 34  # below this many px per touchpoint, labels are angled instead of wrapped

# The only expressions in the specs: fixed strings that look values up in parameters.
_LABEL_EXPR = "tpLabels[indexof(tpIds, datum.value)]"
LABEL_COLOR_EXPR = f"tpPain[indexof(tpIds, datum.value)] ? '{PAIN}' : '{INK}'"
LABEL_STATUS_EXPR = "tpColours[indexof(tpIds, datum.value)]"
_NEUTRAL_EXPR = "datum.value === 3 ? neutralLabel : datum.label"


def chart_lang(lang: str) -> Lang:
    """``zh`` or ``en`` from a language or locale tag (``zh-CN``, ``en-GB`` ...), as :func:`journeys.words.lang_of`
    reads it; a chart refuses any other language instead of falling back to English.

    >>> chart_lang("zh_CN"), chart_lang("en-GB")
    ('zh', 'en')
    """
    code = lang_of(lang)
    if lang.lower().replace("_", "-").split("-")[0] != code:
        raise ValueError(f"unsupported chart language {lang!r}: use 'zh' or 'en' (or a locale such as 'zh-CN')")
    return code


def fmt_score(value: float) -> str:
    """One decimal, halves rounded up as people do (4.25 → 4.3)."""
    return str(Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def chart_title(text: str, subtitle: list[str], subtitle_colour: str = MUTED) -> alt.TitleParams:
    extra: dict[str, Any] = {"subtitle": subtitle} if subtitle else {}
    return alt.TitleParams(text=text, anchor="start", fontSize=16, fontWeight="bold", color=INK,
                           subtitleFontSize=12, subtitleColor=subtitle_colour, subtitlePadding=4, offset=14, **extra)


def configure(chart: alt.TopLevelMixin) -> Any:
    """Fonts and a quiet house style shared by every chart."""
    return (
        chart.configure(font=FONT, background="white", padding=12)
        .configure_title(font=FONT, subtitleFont=FONT)
        .configure_axis(labelFont=FONT, titleFont=FONT, labelColor=INK, titleColor=MUTED, titleFontSize=11,
                        titleFontWeight="normal", labelFontSize=_LABEL_SIZE, domainColor="#c5cad1",
                        tickColor="#c5cad1", gridColor="#e6e9ee")
        .configure_legend(labelFont=FONT, titleFont=FONT, labelFontSize=11, titleFontSize=11, labelColor=INK,
                          titleColor=MUTED, titleFontWeight="normal")
        .configure_text(font=FONT)
        .configure_view(stroke=None)
    )


class Datasets:
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


def count_ticks(most: int, at_most: int = 10) -> list[int]:
    """The ticks of an axis that counts things, largest count ``most``: whole numbers from 0, a step of 1, 2 or
    5 times a power of ten, at most ``at_most + 1`` of them, the last at or above ``most``.

    Vega-Lite's ``tickMinStep`` does not reach the compiled Vega (vl-convert drew 0, 0.5, 1 as "0, 1, 1"), so
    the axis gets its tick values and its domain from here.

    >>> count_ticks(1), count_ticks(0), count_ticks(7), count_ticks(23)
    ([0, 1], [0, 1], [0, 1, 2, 3, 4, 5, 6, 7], [0, 5, 10, 15, 20, 25])
    """
    most = max(1, most)
    power = 1
    while True:
        for factor in (1, 2, 5):
            step = factor * power
            if math.ceil(most / step) <= at_most:
                return list(range(0, math.ceil(most / step) * step + 1, step))
        power *= 10


def _words(text: str) -> list[str]:
    """The runs of narrow (Latin) characters of ``text`` that a line may not break inside: split at spaces, wide
    characters, and after a hyphen or slash (as :func:`exports._measure.wrap_em` breaks)."""
    words, word = [], ""
    for char in text:
        if char.isspace() or char_em(char) >= 1.0:
            words.append(word)
            word = ""
        else:
            word += char
            if char in "-/" and len(word) > 1:
                words.append(word)
                word = ""
    return [w for w in [*words, word] if w]


def _cut_at_word(line: str, whole: str) -> str:
    """A line truncated with an ellipsis (``line``), cut back to the end of its last whole word when the cut fell
    inside a Latin word of ``whole`` and an earlier space leaves something to show."""
    if not line.endswith("…"):
        return line
    kept = line[:-1].rstrip()
    at = whole.rfind(kept)
    rest = whole[at + len(kept):] if at >= 0 else ""
    if kept and rest and rest[0].isascii() and rest[0].isalnum() and kept[-1].isascii() and kept[-1].isalnum():
        head = kept.rsplit(" ", 1)[0] if " " in kept else ""
        if head:
            return head.rstrip() + "…"
    return line


def _wrap_words(text: str, room: float) -> list[str]:
    """``text`` in at most ``_LABEL_LINES`` lines of ``room`` em; what does not fit is cut after a whole word and
    marked with an ellipsis."""
    lines = wrap_em(text, room, _LABEL_LINES)
    if not lines[-1].endswith("…") or text.endswith("…"):
        return lines
    lines = wrap_em(text, room, 10 * _LABEL_LINES)[:_LABEL_LINES]
    last = lines[-1]
    if em(last + "…") > room + 0.6 and " " in last:
        last = last.rsplit(" ", 1)[0]
    lines[-1] = last + "…"
    return lines


def axis_labels(names: list[str], step: float, marks: list[str] | None = None) -> tuple[bool, list[list[str]]]:
    """Touchpoint names as axis labels: wrapped upright when there is room (``True``), else one angled line.

    Lines break between words, never inside a Latin word: a line is as wide as the label's longest word when
    that word is wider than the budget; when two neighbouring labels would meet so, they are all angled
    instead (one line, cut after a whole word). Chinese may break between any two characters (kinsoku aside).
    A mark (``"+ "``) opens its label and never stands on a line of its own.
    """
    marks = marks or [""] * len(names)
    texts = [mark + " ".join(name.split()) for name, mark in zip(names, marks, strict=True)]
    budget = max(2.0, (step - 10) / _LABEL_SIZE)
    rooms = [max([budget, *(em(word) for word in _words(text))]) for text in texts]
    # Labels stand centred under their bands: two neighbours must not meet.
    upright = step >= _UPRIGHT_STEP and all((a + b) / 2 * _LABEL_SIZE <= step - 4 for a, b in pairwise(rooms))
    labels = []
    for name, mark, text, room in zip(names, marks, texts, rooms, strict=True):
        if not upright:
            labels.append([_cut_at_word(truncate_em(text, _ANGLED_CHARS), text)])
            continue
        lines = _wrap_words(text, room)
        if mark and lines[0] == mark.strip() and len(lines) > 1:
            room = max([budget - em(mark), *(em(word) for word in _words(name))])
            lines = _wrap_words(" ".join(name.split()), room)
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


def score_scale() -> alt.Scale:
    return alt.Scale(domain=[1, 5], nice=False, zero=False)


def _y_axis(lang: str) -> alt.Axis:
    return alt.Axis(title=t("chart.score", lang), values=[1, 2, 3, 4, 5], format="d", labelExpr=_NEUTRAL_EXPR,
                    grid=True, domain=False, ticks=False, titlePadding=10)


def stage_bands(data: Datasets, rows: list[dict[str, Any]], step: float, x_scale: alt.Scale, axis: alt.Axis,
                 lang: str) -> tuple[alt.Chart, alt.Chart]:
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
        y=alt.datum(5, scale=score_scale(), axis=_y_axis(lang), title=t("chart.score", lang)), y2=alt.datum(1),
        fill=alt.Fill("fill:N", scale=None, legend=None),
        tooltip=[alt.Tooltip("stage_name:N", title=t("chart.stage", lang))],
    )
    stages = alt.Chart(stage_data).mark_text(
        align="left", baseline="bottom", dx=4, dy=-6, fontSize=12, fontWeight="bold", color=MUTED,
    ).encode(x=alt.X("id:N", sort=ids, bandPosition=0), y=alt.value(0), text="text:N")
    return bands, stages


def score_rules(data: Datasets) -> tuple[alt.Chart, alt.Chart]:
    """Light grid lines at 1, 2, 4 and 5 and a dotted neutral rule at 3."""
    grid = alt.Chart(data([{"score": v} for v in (1, 2, 4, 5)])).mark_rule(color=_GRID, strokeWidth=1).encode(
        y=alt.Y("score:Q", scale=score_scale()))
    neutral = alt.Chart(data([{"score": 3}])).mark_rule(
        color=_NEUTRAL, strokeDash=[2, 3], strokeWidth=1.2,
    ).encode(y=alt.Y("score:Q", scale=score_scale()))
    return grid, neutral


def touchpoint_x(ids: list[str], title: str, upright: bool, colour_expr: str) -> tuple[alt.Axis, alt.Scale, alt.X]:
    """The x axis of a curve: one band per touchpoint, labelled with its name (looked up by id)."""
    axis = _x_axis(title, upright, colour_expr)
    scale = alt.Scale(type="band", domain=ids, paddingInner=0, paddingOuter=0)
    return axis, scale, alt.X("id:N", sort=ids, axis=axis, title=title, scale=scale)


def series_lines(data: alt.NamedData, series: list[str], x: alt.X, y_scale: alt.Scale, dense: float) -> alt.Chart:
    """Two score lines from one long table (``series``, ``score``, ``pos``): the first grey and dashed, the
    second blue and solid, under one legend on top."""
    legend = alt.Legend(title=None, orient="top", direction="horizontal", symbolType="stroke", symbolSize=300,
                        symbolStrokeWidth=2.5, labelFontSize=12, offset=30)
    colour = alt.Color("series:N", scale=alt.Scale(domain=series, range=[EXPECTED, PERCEIVED]), legend=legend)
    # One legend: Streamlit's Vega-Lite does not merge a dash legend into the colour one, and two identical
    # legends side by side read as four series.
    dash = alt.StrokeDash("series:N", scale=alt.Scale(domain=series, range=[[6, 4], [1, 0]]), legend=None)
    return alt.Chart(data).mark_line(
        strokeWidth=2.5 * max(0.6, dense), invalid="break-paths-show-domains",
    ).encode(
        x=x, y=alt.Y("score:Q", scale=y_scale), color=colour, strokeDash=dash,
        order=alt.Order("pos:Q"),  # paths follow the journey, whatever the row order
    )
