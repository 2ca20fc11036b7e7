"""The journey map drawn as SVG markup: stage bands, touchpoint cards, the expectations and standards
lanes, the experience curve, the persona card and the legend.

Every text a user typed goes through :func:`_x` (control characters dropped, XML-escaped) and is cut
to its box by the em measure of :mod:`exports._measure`, so nothing overflows its card and no text
can add markup. No text is set below 16 px units. The markup holds no ids at all: the same journey
always gives the same bytes.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from itertools import pairwise

from journeys.findings import Severity
from journeys.model import Journey, Touchpoint
from journeys.vocab import MOMENTS, label
from journeys.words import section, t

from ._dot_style import LANE_FILL, LANE_LINE, LINE, LOOP, MOMENT_STYLE, MOT, MUTED, SEVERITY_STYLE
from ._map_layout import (
    ADD_W,
    CARD_H,
    CARD_W,
    CURVE_H,
    HEADER_H,
    LANE_H,
    LEFT,
    MARGIN,
    PITCH,
    TITLE_H,
    Flow,
    Segment,
)
from ._measure import char_em, em, printable, truncate_em, wrap_em

__all__ = ["FONT_FAMILY", "Drawn", "draw"]

FONT_FAMILY = "Noto Sans CJK SC, Noto Sans SC, Source Han Sans SC, PingFang SC, Microsoft YaHei, sans-serif"
INK = "#1F2933"
EXPECTED = "#8F969E"
PERCEIVED = "#1F5FA6"
SELECTED = "#F2B200"
_BANDS = ("#F3F5F8", "#FAFBFC")
_NAME, _TEXT, _STAGE, _TITLE = 20, 16, 18, 24
_BOLD = 1.08  # bold type runs a little wider than the em measure
_SAFE = 0.94  # the em measure's Latin widths are approximate: keep a margin
_PAD = 8.0
_INNER = CARD_W - 2 * _PAD
_GAP = 12.0
_LINE = 22.0
_LEGEND_ROW = 32.0


def _x(text: str) -> str:
    """User text, safe as SVG character data and attribute values: one line, escaped."""
    return html.escape(" ".join(printable(text).split()), quote=True)


def _num(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _text(x: float, y: float, content: str, size: int = _TEXT, *, bold: bool = False, fill: str = INK,
          anchor: str | None = None, cls: str | None = None) -> str:
    attrs = [f'x="{_num(x)}"', f'y="{_num(y)}"', f'font-size="{size}"']
    if bold:
        attrs.append('font-weight="bold"')
    if fill != INK:
        attrs.append(f'fill="{fill}"')
    if anchor:
        attrs.append(f'text-anchor="{anchor}"')
    if cls:
        attrs.append(f'class="{cls}"')
    return f"<text {' '.join(attrs)}>{_x(content)}</text>"


def _budget(text: str, width: float, size: int, bold: bool = False) -> float:
    """The em budget of ``text`` in ``width`` px units at ``size``. Wide (CJK) characters are exactly
    1 em, bold or not; other text keeps room for the em measure's approximate Latin widths."""
    if all(char_em(c) == 1.0 for c in text):
        return width / size
    return _SAFE * width / size / (_BOLD if bold else 1.0)


def _fit(text: str, width: float, size: int, bold: bool = False) -> str:
    """``text`` on one line cut to ``width`` px units at ``size``."""
    line = " ".join(printable(text).split())
    return truncate_em(line, _budget(line, width, size, bold))


@dataclass
class Drawn:
    """A drawing's body (the markup inside ``<svg>``), its size and where its cards and stages are."""

    body: str
    width: float
    height: float
    cards: dict[str, tuple[float, float, float, float]] = field(default_factory=dict)
    stages: list[tuple[str, str, float, float]] = field(default_factory=list)


@dataclass(frozen=True)
class _Rows:
    """The y of each band of the map."""

    header: float
    card: float
    expectations: float
    standards: float
    curve: float
    legend: float
    curve_h: float = CURVE_H
    lane_lines: int = 3

    @classmethod
    def make(cls, top: float, live: bool = False) -> _Rows:
        """The bands from ``top``. The live view is shorter, to fit a 1280×720 projector whole: no title
        (the app shows it), two lines a lane, a lower curve, the legend in the curve's label column."""
        lines = 2 if live else 3
        lane_h = LANE_H - (3 - lines) * _LINE
        curve_h = CURVE_H - 50 if live else CURVE_H
        header = top + (0 if live else TITLE_H)
        card = header + HEADER_H + _GAP
        expectations = card + CARD_H + _GAP
        standards = expectations + lane_h + _GAP / 2
        curve = standards + lane_h + _GAP / 2
        return cls(header, card, expectations, standards, curve, curve + curve_h + _GAP, curve_h, lines)


def draw(journey: Journey, segments: list[Segment], flow: Flow, worst: dict[str, Severity], *, lang: str,
         selected: str | None, live: bool, persona: bool) -> Drawn:
    """The map of ``segments`` (stages and their card columns, left to right)."""
    by_id = {tp.id: tp for tp in journey.touchpoints}
    rows = _Rows.make(MARGIN, live)
    columns: list[tuple[str, float]] = []  # touchpoint id, left edge of its column
    spans: list[tuple[Segment, float, float]] = []
    adds: list[tuple[str, float]] = []
    x = MARGIN + LEFT
    for segment in segments:
        x0 = x
        for tp_id in segment.touchpoints:
            columns.append((tp_id, x))
            x += PITCH
        if not segment.touchpoints and not live:
            x += PITCH  # an empty stage keeps room for its name
        if live:
            adds.append((segment.stage.id, x))
            x += ADD_W if segment.touchpoints else PITCH
        spans.append((segment, x0, x))
    right = x
    if live:
        legend, legend_h = _side_legend(lang, rows), -_GAP
    else:
        legend, legend_h = _legend(lang, MARGIN, rows.legend, max(right - MARGIN, 2 * PITCH))
    width = max(right, MARGIN + LEFT + 2 * PITCH) + MARGIN
    height = rows.legend + legend_h + MARGIN

    out: list[str] = [f'<rect width="{_num(width)}" height="{_num(height)}" fill="white"/>']
    if not live:
        out.append(_text(MARGIN, MARGIN + 30, _fit(journey.title, width - 2 * MARGIN, _TITLE, True), _TITLE,
                         bold=True, fill=MOT, cls="title"))
    drawn = Drawn("", width, height)
    out += _bands(spans, rows, lang, drawn)
    out += _lane_labels(rows, lang)
    if persona and journey.persona is not None:
        out += _persona(journey, rows, lang)
    out += _connectors(columns, flow, rows)
    for tp_id, cx in columns:
        tp = by_id[tp_id]
        box = (cx + (PITCH - CARD_W) / 2, rows.card, CARD_W, CARD_H)
        drawn.cards[tp_id] = box
        out += _card(tp, box, flow, worst.get(tp_id), lang, selected == tp_id)
        out += _lanes(tp, cx, rows, lang)
    for stage_id, ax in adds:
        out += _add(stage_id, ax, rows, lang)
    out += _curve(journey, columns, rows, by_id)
    out += legend
    drawn.body = "\n".join(out)
    return drawn


# --- stage bands and lane labels --------------------------------------------------------------------

def _bands(spans: list[tuple[Segment, float, float]], rows: _Rows, lang: str, drawn: Drawn) -> list[str]:
    out: list[str] = []
    bottom = rows.curve + rows.curve_h
    for index, (segment, x0, x1) in enumerate(spans):
        stage = segment.stage
        name = t("map.cont", lang, name=stage.name) if segment.continued else stage.name
        drawn.stages.append((stage.id, name, x0, x1))
        out.append(f'<g class="stage" data-stage="{_x(stage.id)}">')
        out.append(f'<rect x="{_num(x0)}" y="{_num(rows.header)}" width="{_num(x1 - x0)}" '
                   f'height="{_num(bottom - rows.header)}" fill="{_BANDS[index % 2]}"/>')
        out.append(f'<rect x="{_num(x0)}" y="{_num(rows.header)}" width="{_num(x1 - x0)}" height="{_num(HEADER_H)}" '
                   f'fill="{LANE_FILL}" stroke="{LANE_LINE}"/>')
        out.append(f"<title>{_x(name)}</title>")
        out.append(_text(x0 + 10, rows.header + 29, _fit(name, x1 - x0 - 20, _STAGE, True), _STAGE, bold=True,
                         fill=MOT, cls="stage-name"))
        if not segment.touchpoints:
            out.append(_text(x0 + 10, rows.card + 40, _fit(t("map.empty", lang), x1 - x0 - 20, _TEXT), fill=MUTED))
        out.append("</g>")
    return out


def _lane_labels(rows: _Rows, lang: str) -> list[str]:
    x = MARGIN
    width = LEFT - 60
    out = [
        _text(x, rows.expectations + 26, _fit(t("map.lane.expectations", lang), width, _TEXT, True), bold=True,
              fill=MOT, cls="lane-label"),
        _text(x, rows.standards + 26, _fit(t("map.lane.standards", lang), width, _TEXT, True), bold=True,
              fill=MOT, cls="lane-label"),
        _text(x, rows.curve + 26, _fit(t("map.lane.curve", lang), width, _TEXT, True), bold=True, fill=MOT,
              cls="lane-label"),
    ]
    for score in range(1, 6):
        y = _score_y(score, rows)
        out.append(_text(MARGIN + LEFT - 12, y + 6, str(score), fill=MUTED, anchor="end", cls="axis"))
    return out


def _score_y(score: float, rows: _Rows) -> float:
    top, span = rows.curve + 20, rows.curve_h - 40
    return top + (5 - score) / 4 * span


# --- the persona card -------------------------------------------------------------------------------

def _persona(journey: Journey, rows: _Rows, lang: str) -> list[str]:
    persona = journey.persona
    assert persona is not None
    x, y, w, h = MARGIN, rows.header, LEFT - 16, rows.card + CARD_H - rows.header
    out = ['<g class="persona">',
           f'<rect x="{_num(x)}" y="{_num(y)}" width="{_num(w)}" height="{_num(h)}" rx="10" fill="white" '
           f'stroke="{MOT}" stroke-width="1.5"/>',
           _text(x + 12, y + 28, _fit(t("map.persona", lang), w - 24, _TEXT, True), bold=True, fill=MUTED)]
    cy = y + 28
    budget = _SAFE * (w - 24) / _TEXT
    if persona.name and persona.name.strip():
        cy += 30
        out.append(_text(x + 12, cy, _fit(persona.name, w - 24, _NAME, True), _NAME, bold=True, cls="persona-name"))
    room = int((y + h - 12 - cy) // _LINE)
    lines: list[str] = []
    if persona.goal and persona.goal.strip() and room > 0:
        lines += wrap_em(t("map.persona.goal", lang, goal=" ".join(printable(persona.goal).split())), budget,
                         max(1, min(3, room - 2)))
    if persona.description and persona.description.strip() and room - len(lines) > 0:
        lines += wrap_em(" ".join(printable(persona.description).split()), budget, room - len(lines))
    for line in lines[:room]:
        cy += _LINE
        out.append(_text(x + 12, cy, line, fill=INK))
    out.append("</g>")
    return out


# --- cards ------------------------------------------------------------------------------------------

def _moments(tp: Touchpoint) -> list[str]:
    return [m for m in MOMENTS if tp.has(m)]


def _badges(moments: list[str], x: float, y: float, lang: str) -> list[str]:
    """The moments as coloured badges in at most two rows; a badge that would need a third row is a
    dot of its colour at the end of the second (its word in the tooltip)."""
    out: list[str] = []
    bx, by = x, y
    for moment in moments:
        word = t(f"diagram.badge.{moment}", lang)
        width = em(word) * _TEXT * _BOLD + 10
        colour = MOMENT_STYLE[moment][1]
        if bx > x and bx + width > x + _INNER:
            if by > y:  # no third row
                out.append(f'<g class="badge {moment}"><title>{_x(word)}</title><circle cx="{_num(x + _INNER - 8)}" '
                           f'cy="{_num(by + 12)}" r="8" fill="{colour}"/></g>')
                continue
            bx, by = x, by + 28
        out.append(f'<g class="badge {moment}"><rect x="{_num(bx)}" y="{_num(by)}" width="{_num(width)}" '
                   f'height="24" rx="12" fill="{colour}"/>'
                   + _text(bx + width / 2, by + 18, word, bold=True, fill="white", anchor="middle") + "</g>")
        bx += width + 4
    return out


def _loop_mark(x: float, y: float, targets: list[str], lang: str) -> str:
    """A back arrow in the card's top-right corner: this step leads back to an earlier one."""
    title = f'<title>{_x(t("map.loop", lang))}: {_x(", ".join(targets))}</title>' if targets else ""
    return (f'<g class="loop">{title}'
            f'<path d="M{_num(x + 14)},{_num(y + 4)} a7,7 0 1 1 -10,1" fill="none" stroke="{LOOP}" '
            f'stroke-width="2.2" stroke-linecap="round"/>'
            f'<path d="M{_num(x)},{_num(y + 1)} l5,-1 l-1,6 z" fill="{LOOP}"/></g>')


def _card(tp: Touchpoint, box: tuple[float, float, float, float], flow: Flow, severity: Severity | None,
          lang: str, selected: bool) -> list[str]:
    x, y, w, h = box
    moments = _moments(tp)
    fill = next((f for m in ("peak", "end", "pain") if m in moments and (f := MOMENT_STYLE[m][0])), "white")
    stroke, width = (MOT, 2.4) if "mot" in moments else (LINE, 1.2)
    dash = ' stroke-dasharray="6 4"' if tp.id in flow.side else ""
    cls = "card selected" if selected else "card"
    out = [f'<g class="{cls}" data-tp="{_x(tp.id)}">', f"<title>{_x(tp.name)}</title>"]
    if selected:
        out.append(f'<rect x="{_num(x - 5)}" y="{_num(y - 5)}" width="{_num(w + 10)}" height="{_num(h + 10)}" '
                   f'rx="13" fill="none" stroke="{SELECTED}" stroke-width="5" class="selection"/>')
    out.append(f'<rect x="{_num(x)}" y="{_num(y)}" width="{_num(w)}" height="{_num(h)}" rx="9" fill="{fill}" '
               f'stroke="{stroke}" stroke-width="{_num(width)}"{dash}/>')
    ix = x + _PAD
    loops = flow.loops.get(tp.id)
    if tp.id in flow.condition:
        room = _INNER - (28 if loops else 0) - 14
        out.append(f'<path d="M{_num(ix + 2)},{_num(y + 10)} v8 h8" fill="none" stroke="{MUTED}" stroke-width="1.6"/>')
        out.append(_text(ix + 14, y + 24, _fit(flow.condition[tp.id], room, _TEXT), fill=MUTED, cls="condition"))
    if loops:
        out.append(_loop_mark(x + w - 26, y + 10, list(loops), lang))
    name = " ".join(printable(tp.name).split()) or tp.id
    for i, line in enumerate(wrap_em(name, _budget(name, _INNER, _NAME, True), 2)):
        out.append(_text(ix, y + 54 + 26 * i, line, _NAME, bold=True, cls="name"))
    channel = label(tp.channel, lang) if tp.channel else t("map.none", lang)
    out.append(_text(ix, y + 106, _fit(channel, _INNER, _TEXT), fill=MUTED, cls="channel"))
    none = t("map.none", lang)
    owners = (f"{tp.owner or none} / {tp.backup or none}" if (tp.owner or tp.backup) else t("map.no_owner", lang))
    out.append(_text(ix, y + 128, _fit(owners, _INNER, _TEXT), fill=INK if tp.owner else SEVERITY_STYLE["warning"][0],
                     cls="owner"))
    out += _badges(moments, ix, y + 138, lang)
    hard = sum(s.kind == "hard" for s in tp.standards)
    out.append(_text(ix, y + 214, _fit(t("map.standards", lang, hard=hard, soft=len(tp.standards) - hard), _INNER,
                                       _TEXT), cls="standards"))
    if severity is None:
        out.append(_text(ix, y + 240, _fit(t("map.no_weak", lang), _INNER, _TEXT), fill=MUTED, cls="severity"))
    else:
        colour = SEVERITY_STYLE[severity][0]
        out.append(f'<circle cx="{_num(ix + 6)}" cy="{_num(y + 234)}" r="6" fill="{colour}"/>')
        out.append(_text(ix + 18, y + 240, _fit(t(f"diagram.severity.{severity}", lang), _INNER - 18, _TEXT, True),
                         bold=True, fill=colour, cls=f"severity {severity}"))
    out.append("</g>")
    return out


def _connectors(columns: list[tuple[str, float]], flow: Flow, rows: _Rows) -> list[str]:
    """A small arrow between two neighbouring cards the journey links."""
    out: list[str] = []
    mid = rows.card + CARD_H / 2
    for (a, ax), (b, _) in pairwise(columns):
        if (a, b) in flow.linked:
            gx = ax + PITCH - (PITCH - CARD_W) / 2
            out.append(f'<path d="M{_num(gx + 2)},{_num(mid - 5)} l6,5 l-6,5" fill="none" stroke="{MUTED}" '
                       f'stroke-width="2" class="link"/>')
    return out


def _add(stage_id: str, x: float, rows: _Rows, lang: str) -> list[str]:
    cx, cy = x + ADD_W / 2 - 6, rows.card + 60  # in the gap after the stage's last card and the column
    return [f'<g class="add" data-add="{_x(stage_id)}" cursor="pointer"><title>{_x(t("map.add", lang))}</title>',
            f'<rect x="{_num(cx - 18)}" y="{_num(cy - 18)}" width="36" height="36" rx="18" fill="white" '
            f'stroke="{MOT}" stroke-width="1.6" stroke-dasharray="4 3"/>',
            f'<path d="M{_num(cx - 9)},{_num(cy)} h18 M{_num(cx)},{_num(cy - 9)} v18" stroke="{MOT}" '
            f'stroke-width="2.6" stroke-linecap="round"/>', "</g>"]


# --- lanes ------------------------------------------------------------------------------------------

def _lane_lines(items: list[tuple[str, str]], lang: str, most: int = 3) -> list[tuple[str, str]]:
    """At most ``most`` (prefix, text) lines; further items are counted on the last line."""
    if len(items) > most:
        return [*items[:most - 1], ("", t("map.more", lang, n=len(items) - most + 1))]
    return items


def _lanes(tp: Touchpoint, cx: float, rows: _Rows, lang: str) -> list[str]:
    x = cx + (PITCH - CARD_W) / 2
    out = [f'<g class="lanes" data-tp="{_x(tp.id)}">']
    expectations = _lane_lines([("", e.text) for e in tp.expectations], lang, rows.lane_lines)
    for i, (_, text) in enumerate(expectations):
        out.append(_text(x + 2, rows.expectations + 24 + _LINE * i, _fit(text, CARD_W - 8, _TEXT),
                         cls="expectation"))
    kinds = section("map.kind.", lang)
    standards = _lane_lines([(kinds[s.kind], s.text) for s in tp.standards], lang, rows.lane_lines)
    for i, (kind, text) in enumerate(standards):
        y = rows.standards + 24 + _LINE * i
        if kind:
            colour = MOT if kind == kinds["hard"] else MUTED
            out.append(_text(x + 2, y, kind, bold=True, fill=colour, cls="kind"))
            shift = em(kind) * _TEXT * _BOLD + 6
            out.append(_text(x + 2 + shift, y, _fit(text, CARD_W - 8 - shift, _TEXT), cls="standard"))
        else:
            out.append(_text(x + 2, y, _fit(text, CARD_W - 8, _TEXT), fill=MUTED, cls="standard"))
    out.append("</g>")
    return out


# --- the experience curve ---------------------------------------------------------------------------

def _evidenced(tp: Touchpoint) -> bool:
    return tp.emotion is not None and tp.emotion.evidence not in (None, "assumed")


def _curve(journey: Journey, columns: list[tuple[str, float]], rows: _Rows, by_id: dict[str, Touchpoint]) -> list[str]:
    out = ['<g class="curve">']
    left = MARGIN + LEFT
    right = columns[-1][1] + PITCH if columns else left + 2 * PITCH
    for score in range(1, 6):
        y = _score_y(score, rows)
        colour, dash = (LINE, ' stroke-dasharray="4 4"') if score == 3 else (LANE_LINE, "")
        out.append(f'<path d="M{_num(left)},{_num(y)} H{_num(right)}" stroke="{colour}" stroke-width="1"{dash}/>')
    for series, colour, width in (("expected", EXPECTED, 2.5), ("perceived", PERCEIVED, 3.5)):
        points = [(cx + PITCH / 2, getattr(by_id[tp_id], series)) for tp_id, cx in columns]
        runs: list[list[tuple[float, float]]] = [[]]
        for px, value in points:
            if value is None:
                runs.append([])
            else:
                runs[-1].append((px, _score_y(value, rows)))
        dash = ' stroke-dasharray="7 5"' if series == "expected" else ""
        for run in runs:
            if len(run) > 1:
                d = " ".join(f"{'M' if i == 0 else 'L'}{_num(px)},{_num(py)}" for i, (px, py) in enumerate(run))
                out.append(f'<path class="line {series}" d="{d}" fill="none" stroke="{colour}" '
                           f'stroke-width="{width}"{dash} stroke-linejoin="round"/>')
    for tp_id, cx in columns:
        tp = by_id[tp_id]
        px = cx + PITCH / 2
        filled = _evidenced(tp)
        for series, colour, radius in (("expected", EXPECTED, 6), ("perceived", PERCEIVED, 7)):
            value = getattr(tp, series)
            if value is None:
                continue
            fill = colour if filled else "white"
            state = "filled" if filled else "hollow"
            out.append(f'<circle class="pt {series} {state}" data-tp="{_x(tp_id)}" cx="{_num(px)}" '
                       f'cy="{_num(_score_y(value, rows))}" r="{radius}" fill="{fill}" stroke="{colour}" '
                       f'stroke-width="2.5"/>')
        anchor = tp.perceived if tp.perceived is not None else tp.expected
        if anchor is not None:
            ay = _score_y(anchor, rows)
            marks = [m for m in ("peak", "end", "pain") if tp.has(m)]
            for i, moment in enumerate(marks):
                out.append(_mark(moment, px + (i - (len(marks) - 1) / 2) * 20, ay - 22 if anchor < 4.5 else ay + 22))
    out.append("</g>")
    return out


def _mark(moment: str, x: float, y: float) -> str:
    colour = MOMENT_STYLE[moment][1]
    if moment == "peak":
        star = "M0,-9 L2.6,-3.1 L8.6,-2.8 L4,1.2 L5.3,7.3 L0,4.1 L-5.3,7.3 L-4,1.2 L-8.6,-2.8 L-2.6,-3.1 Z"
        return f'<path class="mark peak" transform="translate({_num(x)},{_num(y)})" d="{star}" fill="{colour}"/>'
    if moment == "end":
        return (f'<rect class="mark end" x="{_num(x - 7)}" y="{_num(y - 7)}" width="14" height="14" rx="2" '
                f'fill="{colour}"/>')
    return f'<path class="mark pain" d="M{_num(x - 8)},{_num(y - 6)} h16 l-8,13 z" fill="{colour}"/>'


# --- the legend -------------------------------------------------------------------------------------

def _side_legend(lang: str, rows: _Rows) -> list[str]:
    """The live view's legend: the curve's lines and points, in its label column."""
    items = [
        (f'<path d="M0,0 h22" stroke="{EXPECTED}" stroke-width="2.5" stroke-dasharray="6 4"/>',
         t("map.legend.expected", lang)),
        (f'<path d="M0,0 h22" stroke="{PERCEIVED}" stroke-width="3.5"/>', t("map.legend.perceived", lang)),
        (f'<circle cx="11" cy="0" r="6" fill="{PERCEIVED}" stroke="{PERCEIVED}" stroke-width="2.5"/>',
         t("map.legend.filled.short", lang)),
        (f'<circle cx="11" cy="0" r="6" fill="white" stroke="{PERCEIVED}" stroke-width="2.5"/>',
         t("map.legend.hollow.short", lang)),
    ]
    out = ['<g class="legend">']
    for i, (swatch, word) in enumerate(items):
        y = rows.curve + 52 + i * _LINE
        out.append(f'<g transform="translate({_num(MARGIN)},{_num(y - 5)})">{swatch}</g>')
        out.append(_text(MARGIN + 30, y, _fit(word, LEFT - 74, _TEXT), fill=MUTED))
    out.append("</g>")
    return out


def _legend(lang: str, x0: float, y0: float, width: float) -> tuple[list[str], float]:
    items: list[tuple[str, str]] = [
        (f'<path d="M0,0 h28" stroke="{EXPECTED}" stroke-width="2.5" stroke-dasharray="7 5"/>',
         t("map.legend.expected", lang)),
        (f'<path d="M0,0 h28" stroke="{PERCEIVED}" stroke-width="3.5"/>', t("map.legend.perceived", lang)),
        (f'<circle cx="14" cy="0" r="7" fill="{PERCEIVED}" stroke="{PERCEIVED}" stroke-width="2.5"/>',
         t("map.legend.filled", lang)),
        (f'<circle cx="14" cy="0" r="7" fill="white" stroke="{PERCEIVED}" stroke-width="2.5"/>',
         t("map.legend.hollow", lang)),
    ]
    for moment in ("peak", "end", "pain"):
        items.append((_mark(moment, 14, 0), t(f"diagram.badge.{moment}", lang)))
    items.append((_loop_mark(6, -8, [], lang), t("map.legend.loop", lang)))
    out = ['<g class="legend">']
    x, y = x0, y0 + 16
    for swatch, word in items:
        item_w = 36 + em(word) * _TEXT + 24
        if x > x0 and x + item_w > x0 + width:
            x, y = x0, y + _LEGEND_ROW
        out.append(f'<g transform="translate({_num(x)},{_num(y)})">{swatch}</g>')
        out.append(_text(x + 36, y + 6, word, fill=MUTED))
        x += item_w
    out.append("</g>")
    return out, y - y0 + 16
