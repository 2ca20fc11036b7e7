"""The journey diagram split into printed pages, stage by stage, so that no label prints below 7 pt.

A 100-touchpoint diagram is one strip some 12,000 pt wide: fitted to an A4 page its 9 pt labels print
at 0.6 pt. :func:`stage_pages` cuts the journey into pages instead. As many whole stages as fit go on a
page at a scale where the smallest text of the diagram prints at ``min_pt`` or more; a stage too wide
for one page alone is split over several, its lane named "(cont.)" on the pages after the first. A
journey that fits is one page.

Every page is a diagram of its own, drawn by Graphviz with the same looks as the whole one (an edge's
share is the share in the whole journey; weak points outline as there). Its heading carries the page
number ("2/5"); an edge that leaves the page ends at a mark "continues on <stage>, page n →" on its
right, and the edges arriving from an earlier page start at a mark "← continued from <stage>, page n"
on its left, so a reader can follow the flow from page to page (an edge back to an earlier page, a
loop, is not drawn). The legend is drawn on the first page.

Whether a page fits is measured, not guessed: its DOT is rendered to SVG and the SVG's smallest
``font-size``, times the scale the SVG is printed at to fill ``page_mm``, must reach ``min_pt``.
:func:`pages_pdf` prints the pages on A4 or A3 landscape paper, one diagram page per sheet.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Literal

from journeys.analysis import Analysis
from journeys.model import Edge, Journey
from journeys.words import lang_of, t

from ._dot_diagram import DiagramOptions, edge_shares, layout_dot
from ._dot_legend import legend_edges, legend_moments, legend_severities
from ._dot_render import render
from ._dot_style import MUTED, escape, html_label, node_name, stack
from ._map_layout import Segment, segments, worst_severity
from ._measure import printable, wrap_columns

__all__ = [
    "MIN_PT", "PAPER_MM", "DiagramPage", "Mark", "Paper", "page_area_mm", "pages_pdf", "printed_font_pt",
    "stage_pages", "svg_size_pt",
]

MIN_PT = 7.0
"""The smallest text of a printed diagram prints at least this size (pt)."""
Paper = Literal["A4", "A3"]
PAPER_MM: dict[str, tuple[float, float]] = {"A4": (297.0, 210.0), "A3": (420.0, 297.0)}
"""Landscape paper sizes, width × height in mm."""
MARGIN_MM = 12.0
"""The margin :func:`pages_pdf` leaves around a diagram page, and :func:`page_area_mm` takes off."""
MAX_SCALE = 2.0
"""A small journey is printed at most twice its natural size: larger, a page of three boxes shouts."""
_PT_PER_MM = 72 / 25.4
_SIZE = re.compile(r'viewBox="[-\d.]+ [-\d.]+ ([\d.]+) ([\d.]+)"')
_FONT_SIZE = re.compile(r'font-size="([\d.]+)"')
_FROM_NODE = "page_from"
_ON_NODE = "page_on"


@dataclass(frozen=True)
class Mark:
    """Where the flow goes on (or came from) beyond a page: a stage's name and the page it is on."""

    stage: str
    """The stage's name as the journey spells it."""
    page: int


@dataclass(frozen=True)
class DiagramPage:
    """One printed page of the diagram.

    ``svg`` is Graphviz's drawing at its natural size (pt); printed at ``scale`` it fills the page area
    the pages were cut for, and its smallest text then prints at ``printed_pt``. The SVG already shows
    the page number and the continuation marks; ``continued_from``/``continues_on`` say the same for
    text around it (e.g. a caption), :meth:`marks` in words."""

    number: int
    total: int
    stages: tuple[str, ...]
    """The ids of the stages on the page, in journey order (a split stage is on several pages)."""
    touchpoints: tuple[str, ...]
    """The ids of the touchpoints on the page, in display order."""
    continued_from: Mark | None
    continues_on: Mark | None
    dot: str
    svg: str
    width_pt: float
    height_pt: float
    scale: float
    font_pt: float
    """The smallest font size in the SVG (pt, unscaled)."""

    @property
    def printed_pt(self) -> float:
        """The size the smallest text prints at on the page."""
        return self.font_pt * self.scale

    def marks(self, lang: str) -> tuple[str | None, str | None]:
        """The continuation marks in ``lang``: "← continued from …" and "continues on … →" (``None``
        where the page begins or ends the journey)."""
        return (_mark("diagram.page.from", self.continued_from, lang),
                _mark("diagram.page.on", self.continues_on, lang))


def _mark(key: str, mark: Mark | None, lang: str) -> str | None:
    if mark is None:
        return None
    return t(key, lang).format(stage=" ".join(printable(mark.stage).split()), page=mark.page)


def page_area_mm(paper: Paper = "A4") -> tuple[float, float]:
    """The area a diagram page fills on landscape ``paper``: the sheet less :data:`MARGIN_MM` each side."""
    width, height = PAPER_MM[paper]
    return width - 2 * MARGIN_MM, height - 2 * MARGIN_MM


def svg_size_pt(svg: str) -> tuple[float, float]:
    """The width and height of a Graphviz SVG in pt (its ``viewBox``: Graphviz draws 1 unit = 1 pt)."""
    found = _SIZE.search(svg)
    if found is None:
        raise ValueError("the SVG has no viewBox: not a Graphviz drawing")
    return float(found[1]), float(found[2])


def printed_font_pt(svg: str) -> float:
    """The smallest ``font-size`` of the SVG's text (pt, at its natural size)."""
    sizes = [float(size) for size in _FONT_SIZE.findall(svg)]
    if not sizes:
        raise ValueError("the SVG has no text with a font-size")
    return min(sizes)


def _scale(width: float, height: float, area_pt: tuple[float, float]) -> float:
    return min(area_pt[0] / width, area_pt[1] / height, MAX_SCALE)


@dataclass(frozen=True)
class _Plan:
    """A page before it is numbered: its stage segments."""

    parts: tuple[Segment, ...]

    @property
    def touchpoints(self) -> tuple[str, ...]:
        return tuple(tp for part in self.parts for tp in part.touchpoints)


class _Drawer:
    """Draws one page of ``journey`` as DOT and SVG; everything that does not change from page to page is
    worked out once here."""

    def __init__(self, journey: Journey, analysis: Analysis, lang: str, options: DiagramOptions) -> None:
        self.journey, self.lang, self.options = journey, lang_of(lang), options
        self.order = analysis.order_of(journey)
        self.position = {tp_id: i for i, tp_id in enumerate(self.order)}
        self.shares = edge_shares(journey.edges)
        highlight = options.highlight
        self.worst = worst_severity(analysis, journey.touchpoints) if highlight else {}
        self.legend = (legend_moments(self.lang) + (legend_severities(self.lang) if highlight else [])
                       + legend_edges(self.lang))
        self.title = wrap_columns(journey.title, 40) or wrap_columns(journey.id, 40)
        self.stage_of = {tp.id: tp.stage for tp in journey.touchpoints}

    def forward(self, edge: Edge) -> bool:
        return self.position[edge.source] < self.position[edge.target]

    def dot(self, plan: _Plan, *, number: int, total: int, before: Mark | None, after: Mark | None) -> str:
        """The DOT of one page; ``before``/``after`` draw the marks (none where the journey begins or ends)."""
        ids = set(plan.touchpoints)
        by_id = {tp.id: tp for tp in self.journey.touchpoints}
        stages = [part.stage.model_copy(update={"name": t("map.cont", self.lang).format(name=part.stage.name)})
                  if part.continued else part.stage for part in plan.parts]
        page = self.journey.model_copy(update={
            "stages": stages,
            "touchpoints": [by_id[tp_id] for tp_id in plan.touchpoints],
            "edges": [e for e in self.journey.edges if e.source in ids and e.target in ids],
        })
        title = list(self.title)
        if total > 1:
            title[-1] = f"{title[-1]}  ({number}/{total})"
        source = layout_dot(page, [tp for tp in self.order if tp in ids], self.options, self.lang, title=title,
                            shares=self.shares, worst=self.worst,
                            legend=self.legend if number == 1 else [])
        at = self.position.__getitem__
        entries = sorted({e.target for e in self.journey.edges
                          if e.target in ids and e.source not in ids and self.forward(e)}, key=at)
        exits = sorted({e.source for e in self.journey.edges
                        if e.source in ids and e.target not in ids and self.forward(e)}, key=at)
        extra: list[str] = []
        if before is not None:
            extra.append(_mark_node(_FROM_NODE, _mark("diagram.page.from", before, self.lang), self.options.wrap))
            for tp_id in entries or plan.touchpoints[:1]:
                extra.append(f'\t{_FROM_NODE} -> "{node_name(tp_id)}" [color="{MUTED}" style=dotted]')
        if after is not None:
            extra.append(_mark_node(_ON_NODE, _mark("diagram.page.on", after, self.lang), self.options.wrap))
            for tp_id in exits or plan.touchpoints[-1:]:
                extra.append(f'\t"{node_name(tp_id)}" -> {_ON_NODE} [color="{MUTED}" style=dotted]')
        if not extra:
            return source
        body = source.rstrip()
        assert body.endswith("}"), "graphviz source ends with the graph's closing brace"
        return body[:-1] + "\n".join(extra) + "\n}\n"


def _mark_node(name: str, text: str | None, wrap: int) -> str:
    """A continuation mark: muted italic lines, wrapped narrow so that it takes little of the page's width."""
    rows = [f"<I>{escape(line)}</I>" for line in wrap_columns(text or "", wrap)]
    label = html_label(f'<FONT POINT-SIZE="10" COLOR="{MUTED}">{stack(rows)}</FONT>')
    return f"\t{name} [label={label} shape=plain]"


def stage_pages(journey: Journey, analysis: Analysis, lang: str, *, page_mm: tuple[float, float] | None = None,
                min_pt: float = MIN_PT, options: DiagramOptions | None = None,
                svg: Callable[[str], bytes] | None = None) -> list[DiagramPage]:
    """``journey``'s diagram cut into pages whose smallest text prints at ``min_pt`` or more.

    Parameters
    ----------
    journey, analysis
        The journey and its analysis (weak points outline the touchpoints, as in the whole diagram).
    lang
        ``"zh"`` or ``"en"``: the words of the legend, badges and continuation marks.
    page_mm
        Width and height (mm) a page's diagram fills: the paper less its margins and anything printed
        with the diagram. By default A4 landscape less 12 mm margins (:func:`page_area_mm`).
    min_pt
        The smallest printed text size wanted. A single touchpoint too wide for it still gets its own page
        (its ``printed_pt`` then says how small it prints).
    options
        The diagram's options (direction, swim lanes, highlighting, wrapping); ``options.lang`` is
        replaced by ``lang`` and ``options.legend`` decides whether the first page has the legend.
    svg
        Renders DOT to SVG bytes (Graphviz by default).

    Returns
    -------
    list[DiagramPage]
        At least one page; the touchpoints of all pages are the journey's, each once, in display order.

    Raises
    ------
    ValueError
        When ``page_mm`` or ``min_pt`` is not positive.
    GraphvizMissing
        When Graphviz is not installed.
    """
    area = page_mm if page_mm is not None else page_area_mm("A4")
    if len(area) != 2 or min(area) <= 0:
        raise ValueError(f"page_mm must be a positive (width, height) in mm, not {page_mm!r}")
    if min_pt <= 0:
        raise ValueError(f"min_pt must be positive, not {min_pt!r}")
    area_pt = (area[0] * _PT_PER_MM, area[1] * _PT_PER_MM)
    base = options or DiagramOptions()
    opts = DiagramOptions(direction=base.direction, swimlanes=base.swimlanes, highlight=base.highlight,
                          lang=lang_of(lang), wrap=base.wrap, legend=base.legend)
    draw = _Drawer(journey, analysis, lang, opts)
    to_svg = svg or (lambda source: render(source, "svg"))
    probe_mark = Mark(max((s.name for s in journey.stages), key=len, default=""), 88)
    measured: dict[str, str] = {}

    def drawn(plan: _Plan, number: int, total: int, before: Mark | None, after: Mark | None) -> tuple[str, str]:
        source = draw.dot(plan, number=number, total=total, before=before, after=after)
        if source not in measured:
            measured[source] = to_svg(source).decode("utf-8")
        return source, measured[source]

    def shrink(plan: _Plan, first: bool, last: bool) -> float:
        """How much of its size ``plan`` may keep: at or above 1 it fits (probe marks for the numbers)."""
        _, image = drawn(plan, 1 if first else 88, 88, None if first else probe_mark, None if last else probe_mark)
        return printed_font_pt(image) * _scale(*svg_size_pt(image), area_pt) / min_pt

    def fits(plan: _Plan, first: bool, last: bool) -> bool:
        return shrink(plan, first, last) >= 1

    parts = [part for part in segments(journey, draw.order) if part.touchpoints]
    whole = _Plan(tuple(parts))
    plans = [whole] if not parts or fits(whole, True, True) else _pack(parts, fits, shrink)
    return _number(plans, draw, drawn, area_pt)


def _pack(parts: list[Segment], fits: Callable[[_Plan, bool, bool], bool],
          shrink: Callable[[_Plan, bool, bool], float]) -> list[_Plan]:
    """Whole stages while they fit; a stage that does not fit alone is split into the longest runs that do."""
    plans: list[_Plan] = []
    queue = list(parts)
    while queue:
        first = not plans
        head = queue.pop(0)
        if not fits(_Plan((head,)), first, not queue):
            tps = head.touchpoints

            def run(size: int, stage: Segment = head, first: bool = first) -> bool:
                return fits(_Plan((Segment(stage.stage, stage.touchpoints[:size], stage.continued),)), first, False)

            # Start from the share of the stage that should fit, then step to the longest run that does.
            size = max(1, min(len(tps) - 1, int(len(tps) * shrink(_Plan((head,)), first, not queue))))
            while size > 1 and not run(size):
                size -= 1
            while size + 1 < len(tps) and run(size + 1):
                size += 1
            plans.append(_Plan((Segment(head.stage, tps[:size], head.continued),)))
            queue.insert(0, Segment(head.stage, tps[size:], continued=True))
            continue
        page = [head]
        while queue and fits(_Plan((*page, queue[0])), first, len(queue) == 1):
            page.append(queue.pop(0))
        plans.append(_Plan(tuple(page)))
    return plans


def _number(plans: list[_Plan], draw: _Drawer,
            drawn: Callable[[_Plan, int, int, Mark | None, Mark | None], tuple[str, str]],
            area_pt: tuple[float, float]) -> list[DiagramPage]:
    total = len(plans)
    out: list[DiagramPage] = []
    for index, plan in enumerate(plans):
        before = Mark(plans[index - 1].parts[-1].stage.name, index) if index else None
        after = Mark(plans[index + 1].parts[0].stage.name, index + 2) if index + 1 < total else None
        source, image = drawn(plan, index + 1, total, before, after)
        width, height = svg_size_pt(image)
        out.append(DiagramPage(
            number=index + 1, total=total, stages=tuple(part.stage.id for part in plan.parts),
            touchpoints=plan.touchpoints, continued_from=before, continues_on=after, dot=source, svg=image,
            width_pt=width, height_pt=height, scale=_scale(width, height, area_pt),
            font_pt=printed_font_pt(image)))
    return out


def pages_pdf(journey: Journey, analysis: Analysis, lang: str, *, paper: Paper = "A4",
              options: DiagramOptions | None = None, min_pt: float = MIN_PT) -> bytes:
    """The diagram as a PDF of landscape ``paper`` sheets, one :func:`stage_pages` page on each, centred
    within :data:`MARGIN_MM`; the same bytes for the same input."""
    from pypdf import PageObject, PdfReader, PdfWriter, Transformation

    width, height = (size * _PT_PER_MM for size in PAPER_MM[paper])
    margin = MARGIN_MM * _PT_PER_MM
    writer = PdfWriter()
    pages = stage_pages(journey, analysis, lang, page_mm=page_area_mm(paper), min_pt=min_pt, options=options)
    with ThreadPoolExecutor(max_workers=2) as pool:  # one `dot` per page, two at a time
        drawings = list(pool.map(lambda page: render(page.dot, "pdf"), pages))
    for drawn in drawings:
        drawing = PdfReader(io.BytesIO(drawn)).pages[0]
        box = drawing.mediabox
        scale = min((width - 2 * margin) / float(box.width), (height - 2 * margin) / float(box.height), MAX_SCALE)
        x = (width - float(box.width) * scale) / 2
        y = (height - float(box.height) * scale) / 2
        sheet = PageObject.create_blank_page(width=width, height=height)
        sheet.merge_transformed_page(drawing, Transformation().scale(scale).translate(x, y))
        writer.add_page(sheet)
    writer.add_metadata({"/Title": " ".join(printable(journey.title).split()), "/Producer": "MOT Journey Designer"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
