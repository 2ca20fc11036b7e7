"""The trainer's poster: the journey map printed on A3 landscape pages, stage by stage.

As many whole stages as fit go on a page at a scale where touchpoint names print at 10 pt or more; a
stage too wide for one page is split over several, its name marked "(cont.)" on the pages after the
first. Among the scales that need no more pages than the smallest, the largest is used, so a short
journey prints large. Every page repeats the title and all stage names (its own in bold) and carries
its number ("1/3") in the top-right corner. Each page is drawn as an SVG, converted with vl-convert
and the pages joined with pypdf. The Word handout prints the same pages on the area of an A4 landscape
page (``page`` of :func:`page_svgs`): there names print at 10 pt too, and the smallest text at 8 pt.
"""

from __future__ import annotations

import html
import io
import math
from dataclasses import dataclass

from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.generic import DictionaryObject, NameObject

from journeys.analysis import Analysis
from journeys.model import Journey
from journeys.words import lang_of

from ._map_layout import LEFT, MARGIN, PITCH, Segment, segments
from ._map_svg import FONT_FAMILY, MOT, MUTED
from ._measure import em, printable, truncate_em
from .journey_map import MapOptions, draw_segments

__all__ = ["NAME_PT", "PAGE", "PosterPage", "page_svgs", "poster_pages", "poster_pdf"]

PAGE = (1190.55, 841.89)
"""A3 landscape in points."""
NAME_PT = 10.0
"""Touchpoint names print at least this size (they are set at 20 px units in the map)."""
_NAME_PX = 20.0
_EDGE = 28.0  # page margin, pt
_HEAD = 40.0  # the page header: title, stage names, page number
_MIN_SCALE = NAME_PT / _NAME_PX


@dataclass(frozen=True)
class PosterPage:
    """One page: its stage segments and the scale (pt per px unit) its map is printed at."""

    segments: tuple[Segment, ...]
    scale: float


def _capacity(scale: float, page: tuple[float, float] = PAGE, edge: float = _EDGE) -> int:
    """How many card columns fit across a page at ``scale``."""
    room = (page[0] - 2 * edge) / scale - 2 * MARGIN - LEFT
    return max(1, int(room // PITCH))


def _pack(parts: list[Segment], capacity: int) -> list[list[Segment]]:
    pages: list[list[Segment]] = []
    page: list[Segment] = []
    used = 0
    for part in parts:
        width = max(1, len(part.touchpoints))
        if width > capacity:  # split the stage: its first page starts fresh
            if page:
                pages.append(page)
            tps = part.touchpoints
            chunks = [tps[i:i + capacity] for i in range(0, len(tps), capacity)]
            pages += [[Segment(part.stage, chunk, continued=i > 0)] for i, chunk in enumerate(chunks[:-1])]
            page, used = [Segment(part.stage, chunks[-1], continued=len(chunks) > 1)], len(chunks[-1])
        elif used + width > capacity:
            pages.append(page)
            page, used = [part], width
        else:
            page.append(part)
            used += width
    if page or not pages:
        pages.append(page)
    return pages


def poster_pages(journey: Journey, analysis: Analysis, height: float,
                 page: tuple[float, float] = PAGE, edge: float = _EDGE) -> list[PosterPage]:
    """The pages of ``journey``'s poster, for a map ``height`` px units tall, on pages ``page`` pt with
    a blank ``edge`` pt around the drawing."""
    parts = segments(journey, analysis.order_of(journey))
    fit_height = (page[1] - 2 * edge - _HEAD) / height
    fewest = len(_pack(parts, _capacity(_MIN_SCALE, page, edge)))
    scale = _MIN_SCALE
    steps = max(0, math.floor((fit_height - _MIN_SCALE) / 0.025))
    for step in range(steps, 0, -1):  # the largest scale that needs no more pages
        candidate = _MIN_SCALE + 0.025 * step
        if len(_pack(parts, _capacity(candidate, page, edge))) == fewest:
            scale = candidate
            break
    return [PosterPage(tuple(part), scale) for part in _pack(parts, _capacity(scale, page, edge))]


def _e(text: str) -> str:
    return html.escape(" ".join(printable(text).split()), quote=True)


def _header(journey: Journey, page: PosterPage, number: int, total: int, sheet: tuple[float, float],
            edge: float) -> str:
    width = sheet[0] - 2 * edge
    number_text = f"{number}/{total}"
    title = truncate_em(" ".join(printable(journey.title).split()), (width - 80) / 14 / 1.1)
    out = [f'<text x="{edge:g}" y="{edge + 12:g}" font-size="14" font-weight="bold" fill="{MOT}">{_e(title)}</text>',
           f'<text x="{sheet[0] - edge:g}" y="{edge + 12:g}" font-size="12" fill="{MUTED}" '
           f'text-anchor="end" class="page-number">{number_text}</text>']
    own = {part.stage.id for part in page.segments}
    spans: list[str] = []
    used = 0.0
    for index, stage in enumerate(journey.stages):
        name = " ".join(printable(stage.name).split())
        size = em(name) * 11 * 1.1 + (18 if index else 0)
        if used + size > width:
            spans.append(f'<tspan fill="{MUTED}">…</tspan>')
            break
        style = f'font-weight="bold" fill="{MOT}"' if stage.id in own else f'fill="{MUTED}"'
        if index:
            spans.append(f'<tspan fill="{MUTED}"> › </tspan>')
        spans.append(f"<tspan {style}>{_e(name)}</tspan>")
        used += size
    out.append(f'<text x="{edge:g}" y="{edge + 30:g}" font-size="11" xml:space="preserve" '
               f'class="stages">{"".join(spans)}</text>')
    return "\n".join(out)


def _canonical(page: PageObject) -> PageObject:
    """``page`` with its resources in name order: vl-convert lists a page's fonts in an order that varies
    from run to run, and the joined file numbers its objects in the order it meets them."""
    resources = page["/Resources"].get_object()
    assert isinstance(resources, DictionaryObject)
    for key, value in list(resources.items()):
        entry = value.get_object()
        if isinstance(entry, DictionaryObject):
            resources[NameObject(key)] = DictionaryObject(sorted(entry.items()))
    return page


def page_svgs(journey: Journey, analysis: Analysis, lang: str, page: tuple[float, float] = PAGE,
              edge: float = _EDGE) -> list[tuple[PosterPage, str]]:
    """Each page of the poster with its SVG document, one page of ``page`` pt (A3 landscape) in pt units
    with a blank ``edge`` pt around its drawing (a page placed in a document has margins of its own)."""
    code = lang_of(lang)
    size = page
    probe = draw_segments(journey, analysis, segments(journey, analysis.order_of(journey)), MapOptions(lang=code))
    pages = poster_pages(journey, analysis, probe.height, size, edge)
    out: list[tuple[PosterPage, str]] = []
    for number, sheet in enumerate(pages, start=1):
        drawn = draw_segments(journey, analysis, list(sheet.segments), MapOptions(lang=code, persona=number == 1))
        scale = min(sheet.scale, (size[1] - 2 * edge - _HEAD) / drawn.height)
        svg = (f'<svg xmlns="http://www.w3.org/2000/svg" width="{size[0]:g}" height="{size[1]:g}" '
               f'viewBox="0 0 {size[0]:g} {size[1]:g}" font-family="{FONT_FAMILY}">\n'
               f'<rect width="{size[0]:g}" height="{size[1]:g}" fill="white"/>\n'
               f"{_header(journey, sheet, number, len(pages), size, edge)}\n"
               f'<g transform="translate({edge:g},{edge + _HEAD:g}) scale({scale:g})">\n{drawn.body}\n</g>\n</svg>\n')
        out.append((PosterPage(sheet.segments, scale), svg))
    return out


def poster_pdf(journey: Journey, analysis: Analysis, lang: str) -> bytes:
    """The journey map as an A3-landscape PDF poster, words in ``lang``; the same bytes for the same input."""
    import vl_convert

    writer = PdfWriter()
    for _, svg in page_svgs(journey, analysis, lang):
        writer.add_page(_canonical(PdfReader(io.BytesIO(vl_convert.svg_to_pdf(svg))).pages[0]))
    writer.add_metadata({"/Title": " ".join(printable(journey.title).split()), "/Producer": "MOT Journey Designer"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
