"""The journey map: the whole journey on one sheet, stage by stage, for the room and for the wall.

Stages are columns in journey order under a header band with their names; every touchpoint is a card
in its stage (one card column per touchpoint, in display order) showing its name, channel, owner and
backup, its moments as coloured badges (the diagram's colours: MOT navy, peak green, end blue, pain
red), how many hard and soft standards it has and its worst weak point. Side steps are dashed and show
the condition of the edge into them; a step that leads back shows a back arrow. Beneath the cards, in
the same columns, run the customer's expectations, the service standards, and the experience curve:
expected and perceived scores (1–5) as two lines, the peak, the end and the pain points marked, and
scores the team only assumed drawn hollow. A touchpoint without scores leaves a gap in the curve.

The map is one SVG document whose ``viewBox`` is in px units: a card column is :data:`PITCH` (160)
wide, names are set at 20 and nothing below 16, so eight columns across a 1280-wide projector keep
names at 16 px. In the app's live view every card is a ``<g class="card" data-tp="…">`` and each
stage ends in a ``<g class="add" data-add="…">`` "+" button. :mod:`exports._map_poster` prints it on A3.

Examples
--------
>>> from journeys.analysis import analyze
>>> from journeys.catalog import load_template
>>> journey = load_template("business-hall", "zh-CN")
>>> drawing = journey_map(journey, analyze(journey, "zh"))
>>> drawing.pitch, len(drawing.cards) == len(journey.touchpoints), drawing.svg.startswith("<svg")
(160.0, True, True)
"""

from __future__ import annotations

from dataclasses import dataclass

from journeys.analysis import Analysis
from journeys.model import Journey
from journeys.words import lang_of

from ._map_layout import PITCH, Segment, flow, segments, worst_severity
from ._map_svg import FONT_FAMILY, Drawn, draw

__all__ = ["PITCH", "MapDrawing", "MapOptions", "draw_segments", "journey_map", "map_png", "svg_document"]


@dataclass(frozen=True)
class MapOptions:
    """How :func:`journey_map` draws a journey.

    Parameters
    ----------
    lang
        ``"zh"`` or ``"en"`` (any ``zh-*`` locale counts as Chinese): the language of the map's own words.
    stages
        Draw only these stages (ids), in journey order: a page of the poster. ``None`` draws them all.
    selected
        The touchpoint whose card is drawn as selected.
    live
        The app's live view: a "+" button after each stage's last card.
    persona
        Draw the persona card at the left (when the journey has a persona).
    """

    lang: str = "zh"
    stages: tuple[str, ...] | None = None
    selected: str | None = None
    live: bool = False
    persona: bool = True


@dataclass(frozen=True)
class MapDrawing:
    """A drawn map: the SVG document, its size in px units, and where its cards and stages are."""

    svg: str
    width: float
    height: float
    pitch: float
    cards: dict[str, tuple[float, float, float, float]]
    """Touchpoint id -> card box (x, y, w, h)."""
    stages: tuple[tuple[str, str, float, float], ...]
    """(stage id, stage name, x0, x1), in journey order."""


def svg_document(body: str, width: float, height: float, *, view: tuple[float, float] | None = None) -> str:
    """``body`` as a standalone SVG document ``width`` × ``height`` px units; ``view`` is the size of
    the ``viewBox`` when it differs from the document's (a poster page drawn at a scale)."""
    vw, vh = view or (width, height)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:g}" height="{height:g}" '
            f'viewBox="0 0 {vw:g} {vh:g}" font-family="{FONT_FAMILY}">\n{body}\n</svg>\n')


def draw_segments(journey: Journey, analysis: Analysis, parts: list[Segment], options: MapOptions) -> Drawn:
    """The map's markup for the given stage segments (a poster page draws part of a stage's columns)."""
    order = analysis.order_of(journey)
    return draw(journey, parts, flow(journey, order), worst_severity(analysis, journey.touchpoints),
                lang=lang_of(options.lang), selected=options.selected, live=options.live, persona=options.persona)


def _drawing(drawn: Drawn) -> MapDrawing:
    return MapDrawing(svg_document(drawn.body, drawn.width, drawn.height), drawn.width, drawn.height, PITCH,
                      drawn.cards, tuple(drawn.stages))


def journey_map(journey: Journey, analysis: Analysis, options: MapOptions = MapOptions()) -> MapDrawing:
    """The journey map of ``journey``.

    Parameters
    ----------
    journey
        The journey to draw.
    analysis
        Its analysis (:func:`journeys.analysis.analyze`): each card shows its touchpoint's worst weak point.
    options
        Language, stages to draw, the selected card, the live view's "+" buttons, the persona card.

    Returns
    -------
    MapDrawing
        The SVG document (the same bytes for the same input) with its size, pitch, card boxes and stage spans.
    """
    parts = segments(journey, analysis.order_of(journey), options.stages)
    return _drawing(draw_segments(journey, analysis, parts, options))


_MAX_PIXELS = 60_000_000  # a 300-touchpoint map at scale 2 would be a 1.6-gigabyte raster


def map_png(drawing: MapDrawing, scale: float = 2.0, max_width: float | None = None) -> bytes:
    """The map as a PNG at ``scale`` (2 for print), scaled down only where the image would exceed
    ``max_width`` pixels or 60 megapixels (a map of hundreds of touchpoints)."""
    import vl_convert

    fit = (_MAX_PIXELS / max(drawing.width * drawing.height, 1.0)) ** 0.5
    if max_width is not None:
        fit = min(fit, max_width / drawing.width)
    return vl_convert.svg_to_png(drawing.svg, scale=min(scale, fit))
