"""Every export format in one table: what it is called, its file extension and media type, and the
function that builds it. The CLI (`mot export`) and the app's download buttons both go through here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from journeys.model import Journey
from journeys.words import t

from ._stamp import Stamp

if TYPE_CHECKING:  # the builders and the analysis load when a format is built: `mot validate` needs neither
    from journeys.analysis import Analysis
    from journeys.workshop import Results

    from . import dot as diagrams

__all__ = ["FORMATS", "ExportFormat", "Stamp", "export"]



@dataclass(frozen=True)
class ExportFormat:
    name: str
    extension: str
    mime: str
    build: Callable[..., bytes]
    """``build(journey, analysis, lang, options)``, with ``stamp=`` for the ``stamped`` formats and
    ``workshop=`` for those that ``takes_workshop``."""
    analyses_itself: bool = False
    """Builds the analysis itself when given none (the diagrams: Graphviz starts up meanwhile)."""
    stamped: bool = False
    """Writes the exported version's saved time and author (a :class:`Stamp`) into its properties."""
    takes_workshop: bool = False
    """The experience script: a stored journey's workshop votes become its last section."""

    def label(self, lang: str) -> str:
        """What the format is called in ``lang`` (the catalogue's ``export.<name>``)."""
        return t(f"export.{self.name}", lang)


def _diagram(fmt: str) -> Callable[[Journey, Analysis | None, str, diagrams.DiagramOptions], bytes]:
    def build(journey: Journey, analysis: Analysis | None, lang: str, options: diagrams.DiagramOptions) -> bytes:
        from journeys.analysis import analyze

        from . import dot as diagrams

        if fmt == "pdf":  # printed: A4 landscape pages of whole stages, text at 7 pt or more
            from ._pages import pages_pdf

            return pages_pdf(journey, analysis or analyze(journey, lang), lang, options=options)

        # Graphviz starts up while the journey is analysed and its DOT is built.
        finish = None if fmt == "dot" else diagrams.start_render(fmt)  # type: ignore[arg-type]
        source = diagrams.journey_dot(journey, analysis or analyze(journey, lang), options)
        return source.encode("utf-8") if finish is None else finish(source)

    return build


def _chart(which: str, fmt: str) -> Callable[[Journey, Analysis, str, diagrams.DiagramOptions], bytes]:
    def build(journey: Journey, analysis: Analysis, lang: str, _: diagrams.DiagramOptions) -> bytes:
        from .charts import experience_curve, servqual_chart, to_image

        chart = experience_curve(journey, analysis, lang) if which == "curve" else servqual_chart(analysis, lang)
        return to_image(chart, fmt)  # type: ignore[arg-type]

    return build


def _map(fmt: str) -> Callable[[Journey, Analysis, str, diagrams.DiagramOptions], bytes]:
    def build(journey: Journey, analysis: Analysis, lang: str, _: diagrams.DiagramOptions) -> bytes:
        from .journey_map import MapOptions, journey_map, map_png

        if fmt == "pdf":
            from ._map_poster import poster_pdf

            return poster_pdf(journey, analysis, lang)
        drawing = journey_map(journey, analysis, MapOptions(lang=lang))
        return drawing.svg.encode("utf-8") if fmt == "svg" else map_png(drawing)

    return build


def _markdown(journey: Journey, analysis: Analysis, lang: str, _: diagrams.DiagramOptions,
              workshop: Results | None = None) -> bytes:
    from .markdown import script_markdown

    return script_markdown(journey, analysis, lang, workshop).encode("utf-8")


def _html(journey: Journey, analysis: Analysis, lang: str, _: diagrams.DiagramOptions,
          workshop: Results | None = None) -> bytes:
    from .html import script_html

    return script_html(journey, analysis, lang, workshop).encode("utf-8")


def _docx(journey: Journey, analysis: Analysis, lang: str, _: diagrams.DiagramOptions, *,
          stamp: Stamp | None = None, workshop: Results | None = None) -> bytes:
    from .docx import script_docx

    return script_docx(journey, analysis, lang, stamp, workshop=workshop)


def _pptx(journey: Journey, analysis: Analysis, lang: str, _: diagrams.DiagramOptions) -> bytes:
    from .pptx import slides_pptx

    return slides_pptx(journey, analysis, lang)


def _mermaid(journey: Journey, analysis: Analysis, lang: str, _: diagrams.DiagramOptions) -> bytes:
    from .mermaid import to_mermaid

    return to_mermaid(journey, lang).encode("utf-8")


def _outline(journey: Journey, analysis: Analysis, lang: str, _: diagrams.DiagramOptions) -> bytes:
    from journeys.outline import write_outline

    return write_outline(journey, lang).encode("utf-8")


def _csv(journey: Journey, analysis: Analysis, lang: str, _: diagrams.DiagramOptions) -> bytes:
    from .tables import standards_csv

    return standards_csv(journey, lang)


def _xlsx(journey: Journey, analysis: Analysis, lang: str, _: diagrams.DiagramOptions) -> bytes:
    from .tables import standards_xlsx

    return standards_xlsx(journey, lang)


FORMATS: dict[str, ExportFormat] = {f.name: f for f in (
    ExportFormat("md", "md", "text/markdown", _markdown, takes_workshop=True),
    ExportFormat("html", "html", "text/html", _html, takes_workshop=True),
    ExportFormat("docx", "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", _docx,
                 stamped=True, takes_workshop=True),
    ExportFormat("pptx", "pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation",
                 _pptx),
    ExportFormat("svg", "svg", "image/svg+xml", _diagram("svg"),
                 analyses_itself=True),
    ExportFormat("png", "png", "image/png", _diagram("png"),
                 analyses_itself=True),
    ExportFormat("pdf", "pdf", "application/pdf", _diagram("pdf"),
                 analyses_itself=True),
    ExportFormat("dot", "dot", "text/vnd.graphviz", _diagram("dot"), analyses_itself=True),
    ExportFormat("map-svg", "map.svg", "image/svg+xml", _map("svg")),
    ExportFormat("map-png", "map.png", "image/png", _map("png")),
    ExportFormat("map-pdf", "map.pdf", "application/pdf", _map("pdf")),
    ExportFormat("curve-svg", "curve.svg", "image/svg+xml", _chart("curve", "svg")),
    ExportFormat("curve-png", "curve.png", "image/png", _chart("curve", "png")),
    ExportFormat("servqual-svg", "servqual.svg", "image/svg+xml", _chart("servqual", "svg")),
    ExportFormat("servqual-png", "servqual.png", "image/png", _chart("servqual", "png")),
    ExportFormat("mermaid", "mmd", "text/plain", _mermaid),
    ExportFormat("outline", "outline", "text/plain", _outline),
    ExportFormat("csv", "csv", "text/csv", _csv),
    ExportFormat("xlsx", "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", _xlsx),
)}


def export(journey: Journey, analysis: Analysis | None, fmt: str, lang: str,
           options: diagrams.DiagramOptions | None = None, stamp: Stamp | None = None, *,
           workshop: Results | None = None) -> bytes:
    """The journey as ``fmt`` (a key of :data:`FORMATS`), fixed words in ``lang``; the experience script
    of a stored journey is given its ``workshop`` results (other formats leave them out).

    ``analysis`` is the journey's analysis in ``lang`` when the caller has it (the app keeps one per
    revision); with ``None`` it is computed here, overlapping Graphviz's start-up for the diagrams.
    ``stamp`` is the saved time and author of the exported version, for the formats that carry them
    (``stamped``); a file outside the store is stamped :meth:`Stamp.unsaved`."""
    from journeys.analysis import analyze

    from . import dot as diagrams

    spec = FORMATS[fmt]
    if analysis is None and not spec.analyses_itself:
        analysis = analyze(journey, lang)
    options = options or diagrams.DiagramOptions(lang=lang)
    extra: dict[str, Any] = {}
    if spec.stamped:
        extra["stamp"] = stamp or Stamp.unsaved()
    if spec.takes_workshop and workshop is not None:
        extra["workshop"] = workshop
    return spec.build(journey, analysis, lang, options, **extra)
