"""The trainer's slide deck (``--format pptx``): the journey as 16:9 PowerPoint slides.

Seeds 000–003 are themselves slide decks; a trainer builds the course on this one. In order: the title,
the persona with the peak-end design, the journey diagram and the journey map (each stage by stage
over as many slides as keep them legible; the map alone when Graphviz is missing) and the experience
curve as full-slide pictures, one slide per moment of truth (its standards with
their targets, script lines, wow detail, recovery plan, owner and backup) and the open weak points.
The speaker notes carry what the trainer reads aloud: each finding's "why it matters" and its
suggestion, beside the slide that shows it.

Every run names an East Asian font (``a:ea``, Noto Sans CJK SC) besides its Latin one (the same
face, the one the charts use), so Chinese never falls back to a font without it. Text is measured
before it is written (:mod:`exports._pptx_text`): a block shrinks to a smaller type size, and past the
smallest it continues on the next slide, marked "（续）"/"(cont.)", so nothing runs off a slide. The
bytes are deterministic: fixed core properties and fixed timestamps inside the package.
"""

from __future__ import annotations

import datetime as dt
import io
import struct
from collections.abc import Iterable
from dataclasses import replace

from pptx import Presentation
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.oxml.xmlchemy import OxmlElement
from pptx.presentation import Presentation as PresentationObject
from pptx.shapes.autoshape import Shape
from pptx.slide import Slide
from pptx.text.text import TextFrame, _Run
from pptx.util import Emu, Pt

from journeys.analysis import Analysis
from journeys.findings import Finding
from journeys.model import Journey
from journeys.texts import rule_title
from journeys.words import lang_of, section, t

from ._measure import em, truncate_em
from ._pptx_text import LINE, Para, Run, fit, lines_of, one_line
from ._zip import fixed_zip
from .script import Script, TouchpointSection, build_script

__all__ = ["AUTHOR", "BODY_SIZES", "CJK_FONT", "LATIN_FONT", "SLIDE_HEIGHT", "SLIDE_WIDTH", "slides_pptx"]

AUTHOR = "MOT Journey Designer"
CJK_FONT = "Noto Sans CJK SC"
LATIN_FONT = CJK_FONT
"""Latin in the same face: the measure is Noto Sans CJK's, and a substitute for a missing Latin font
(DejaVu Sans for Calibri on Debian) sets wider and would overflow what was measured."""
SLIDE_WIDTH = Emu(12_192_000)  # 13.333 in: 16:9
SLIDE_HEIGHT = Emu(6_858_000)  # 7.5 in
BODY_SIZES = (22.0, 20.0, 18.0, 16.0)
"""Body type sizes, largest first; 16 pt is the smallest a back row reads on a projector."""
_TITLE_SIZES = (32.0, 28.0, 24.0, 20.0)
_FIXED_DATE = dt.datetime(2000, 1, 1)
_ZIP_TIME = (2000, 1, 1, 0, 0, 0)

_IN = 914_400  # EMU per inch
_PT = 12_700  # EMU per point
_MARGIN = int(0.6 * _IN)
_TITLE_TOP, _TITLE_HEIGHT = int(0.3 * _IN), int(1.05 * _IN)
_BODY_TOP = int(1.5 * _IN)
_BODY_HEIGHT = int(SLIDE_HEIGHT) - _BODY_TOP - int(0.45 * _IN)
_INSET = int(0.08 * _IN)  # the text boxes' inner margin, every side
_PICTURE_TOP, _PICTURE_MARGIN = int(1.05 * _IN), int(0.25 * _IN)
_MIN_DIAGRAM_PT = 7.0  # the smallest text of a diagram slide, as the printed pages have it

_NAVY, _GREY, _TEXT = "1F3A5F", "5F6B7A", "1D2733"
_SEVERITY = {"critical": "C62828", "warning": "B26A00", "info": "1565C0"}
_BADGE = {"mot": "1F3A5F", "peak": "2E7D32", "end": "1565C0", "pain": "C62828"}

_LAYOUT_TITLE, _LAYOUT_TITLE_ONLY = 0, 5


# --- runs and paragraphs ----------------------------------------------------------------------------

def _is_wide(text: str) -> bool:
    return any("\u2e80" <= ch <= "\u9fff" or "\uf900" <= ch <= "\uffef" for ch in text)


def _style(run: _Run, size: float, bold: bool, colour: str | None) -> None:
    """Size, weight, colour, and the Latin and East Asian typefaces of one run, in schema order."""
    rpr = run._r.get_or_add_rPr()
    text = run.text
    rpr.set("lang", "zh-CN" if _is_wide(text) else "en-US")
    rpr.set("sz", str(round(size * 100)))
    rpr.set("b", "1" if bold else "0")
    for child in list(rpr):
        rpr.remove(child)
    fill, colour_element = OxmlElement("a:solidFill"), OxmlElement("a:srgbClr")
    colour_element.set("val", colour or _TEXT)
    fill.append(colour_element)
    rpr.append(fill)
    for tag, face in (("a:latin", LATIN_FONT), ("a:ea", CJK_FONT), ("a:cs", LATIN_FONT)):
        font = OxmlElement(tag)
        font.set("typeface", face)
        rpr.append(font)


def _frame(frame: TextFrame, *, anchor: MSO_ANCHOR = MSO_ANCHOR.TOP) -> None:
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    frame.vertical_anchor = anchor
    frame.margin_left = frame.margin_right = frame.margin_top = frame.margin_bottom = Emu(_INSET)


def _write(frame: TextFrame, paras: Iterable[Para], size: float, align: PP_ALIGN | None = None) -> None:
    """``paras`` into ``frame`` at ``size`` points, with the spacing :mod:`exports._pptx_text` measured."""
    first = True
    for para in paras:
        p = frame.paragraphs[0] if first else frame.add_paragraph()
        p.line_spacing = Pt(LINE * size * para.scale)
        p.space_before = Pt(0.35 * size if para.heading and not first else 0)
        p.space_after = Pt(0)
        if align is not None:
            p.alignment = align
        ppr = p._p.get_or_add_pPr()
        ppr.set("marL", str(round(para.level * 1.6 * size * _PT)))
        ppr.set("indent", "0")
        for piece in para.runs:
            run = p.add_run()
            run.text = piece.text
            _style(run, size * para.scale, piece.bold, piece.colour)
        first = False


def _text(text: str, *, bold: bool = False, colour: str | None = None, level: int = 0, scale: float = 1.0,
          heading: bool = False) -> Para:
    return Para((Run(one_line(text), bold, colour),), level, scale, heading)


def _labelled(label: str, value: str, colon: str, level: int = 0) -> Para:
    return Para((Run(one_line(label) + colon, True, _NAVY), Run(one_line(value))), level)


def _heading(text: str, colour: str = _NAVY) -> Para:
    return _text(text, bold=True, colour=colour, heading=True)


# --- slides -----------------------------------------------------------------------------------------

def _width(left: int = _MARGIN) -> int:
    return int(SLIDE_WIDTH) - 2 * left


def _inner_pt(emu: int) -> float:
    return (emu - 2 * _INSET) / _PT


def _title(slide: Slide, text: str, *, suffix: str = "", top: int = _TITLE_TOP, height: int = _TITLE_HEIGHT,
           sizes: tuple[float, ...] = _TITLE_SIZES, align: PP_ALIGN | None = None) -> None:
    """The slide's title placeholder, placed and set in the largest size that fits; a title too long for
    its box at the smallest size is cut with an ellipsis before ``suffix`` (a continuation mark), the
    full text being on the slide below or on the slide before."""
    shape = slide.shapes.title
    assert shape is not None  # both layouts the deck uses have a title
    shape.left, shape.top, shape.width, shape.height = Emu(_MARGIN), Emu(top), Emu(_width()), Emu(height)
    width, room = _inner_pt(_width()), _inner_pt(height)
    text = one_line(text)
    para = _text(text + suffix, bold=True, colour=_NAVY)
    size, pages = fit([para], width, room, sizes)
    budget = em(text)
    while len(pages) > 1 and budget > 1:
        budget -= 1
        para = _text(truncate_em(text, budget) + suffix, bold=True, colour=_NAVY)
        pages = [[para]] if len(lines_of(para, width, size)) * LINE * size <= room else pages
    frame = shape.text_frame
    _frame(frame, anchor=MSO_ANCHOR.MIDDLE)
    frame.clear()
    _write(frame, [para], size, align)


def _body(slide: Slide, paras: list[Para], size: float, *, top: int = _BODY_TOP, height: int = _BODY_HEIGHT,
          align: PP_ALIGN | None = None) -> Shape:
    box = slide.shapes.add_textbox(Emu(_MARGIN), Emu(top), Emu(_width()), Emu(height))
    box.name = "Body"
    _frame(box.text_frame)
    _write(box.text_frame, paras, size, align)
    return box


def _notes(slide: Slide, lines: Iterable[str]) -> None:
    """The slide's speaker notes, a paragraph a line."""
    text = [one_line(line) for line in lines if one_line(line)]
    if not text:
        return
    frame = slide.notes_slide.notes_text_frame
    assert frame is not None
    frame.clear()
    _write(frame, [Para((Run(line),)) for line in text], 12.0)


def _new(deck: PresentationObject, layout: int) -> Slide:
    slide = deck.slides.add_slide(deck.slide_layouts[layout])
    for shape in list(slide.placeholders):  # only the title is kept: an empty placeholder shows a prompt
        if shape.placeholder_format.idx != 0:
            shape._element.getparent().remove(shape._element)
    return slide


def _flowing(deck: PresentationObject, title: str, paras: list[Para], cont: str) -> None:
    """``paras`` under ``title`` on as many slides as they need, each with the notes of its paragraphs."""
    size, pages = fit(paras, _inner_pt(_width()), _inner_pt(_BODY_HEIGHT), BODY_SIZES)
    for number, page in enumerate(pages):
        slide = _new(deck, _LAYOUT_TITLE_ONLY)
        _title(slide, title, suffix=cont if number else "")
        _body(slide, page, size)
        _notes(slide, dict.fromkeys(line for para in page for line in para.notes))


def _png_size(png: bytes) -> tuple[int, int]:
    width, height = struct.unpack(">II", png[16:24])
    return width, height


def _picture_room() -> tuple[int, int]:
    """Width and height (EMU) a picture may take below its slide's title."""
    return int(SLIDE_WIDTH) - 2 * _PICTURE_MARGIN, int(SLIDE_HEIGHT) - _PICTURE_TOP - _PICTURE_MARGIN


def _picture(deck: PresentationObject, title: str, png: bytes, notes: list[str]) -> None:
    """``png`` as large as the slide holds below its title, centred, its proportions kept."""
    slide = _new(deck, _LAYOUT_TITLE_ONLY)
    _title(slide, title, top=int(0.2 * _IN), height=int(0.8 * _IN), sizes=(28.0, 24.0))
    top, margin = _PICTURE_TOP, _PICTURE_MARGIN
    room_w, room_h = _picture_room()
    width, height = _png_size(png)
    scale = min(room_w / width, room_h / height)
    w, h = int(width * scale), int(height * scale)
    slide.shapes.add_picture(io.BytesIO(png), Emu(margin + (room_w - w) // 2), Emu(top + (room_h - h) // 2),
                             Emu(w), Emu(h))
    _notes(slide, notes)


# --- the deck ---------------------------------------------------------------------------------------

def _title_slide(deck: PresentationObject, script: Script, journey: Journey, w: dict[str, str]) -> None:
    slide = _new(deck, _LAYOUT_TITLE)
    _title(slide, script.title, top=int(1.9 * _IN), height=int(1.9 * _IN), sizes=(44.0, 40.0, 36.0, 32.0, 28.0),
           align=PP_ALIGN.CENTER)
    moments = sum(1 for tp in script.touchpoints() if any(b.kind == "mot" for b in tp.badges))
    facts = w["dot"].join([w["subtitle"], t("slides.stages", script.lang, count=len(journey.stages)),
                           t("slides.touchpoints", script.lang, count=len(journey.touchpoints)),
                           t("slides.moments_count", script.lang, count=moments)])
    _body(slide, [_text(facts, colour=_GREY)], 22.0, top=int(4.1 * _IN), height=int(1.0 * _IN),
          align=PP_ALIGN.CENTER)
    _notes(slide, [f"{m.label}{_colon(script)}{m.value}" for m in script.metrics])


def _colon(script: Script) -> str:
    return script.words["colon"]


def _persona_slide(deck: PresentationObject, script: Script, w: dict[str, str]) -> None:
    colon = _colon(script)
    paras: list[Para] = []
    if script.persona:
        p = script.persona
        for key, value in (("persona_name", p.name), ("goal", p.goal), ("description", p.description)):
            if value:
                paras.append(_labelled(w[key], value, colon))
    paras.append(_heading(w["peak_end"]))
    for h in script.highlights:
        value = h.touchpoint or w["none"]
        if h.perceived:
            value += f"{w['dot']}{script.words['perceived']} {h.perceived}"
        if h.wow:
            value += f"{w['dot']}{script.words['wow']}{colon}{h.wow}"
        paras.append(Para((Run(f"{h.label}{colon}", True, _BADGE.get(h.kind, _NAVY)), Run(one_line(value))),
                          level=1))
    _flowing(deck, w["persona"] if script.persona else w["peak_end"], paras, w["cont"])


def _finding_notes(f: Finding, names: dict[str, str], script: Script, w: dict[str, str]) -> tuple[str, ...]:
    """What the trainer reads aloud about ``f``: which weak point, why it matters, what to do."""
    sw, colon = script.words, _colon(script)
    where = sw["sep"].join(names.get(x, x) for x in f.touchpoints)
    head = f"[{sw[f.severity]}] {rule_title(f.rule, script.lang)}" + (f"{w['dot']}{where}" if where else "")
    return head, f"{w['why']}{colon}{f.message}", f"{w['suggestion']}{colon}{f.suggestion}"


def _moment_slides(deck: PresentationObject, script: Script, journey: Journey, analysis: Analysis,
                   w: dict[str, str]) -> None:
    stage_of = {tp.id: stage.name for stage in script.stages for tp in stage.touchpoints}
    names = {tp.id: tp.name for tp in journey.touchpoints}
    moments = [tp for tp in script.touchpoints() if any(b.kind == "mot" for b in tp.badges)]
    for number, tp in enumerate(moments, start=1):
        notes = tuple(line for f in analysis.for_touchpoint(tp.id) for line in _finding_notes(f, names, script, w))
        paras = [replace(p, notes=notes) for p in _moment_paras(tp, stage_of[tp.id], script, w)]
        _flowing(deck, t("slides.mot", script.lang, n=number, name=one_line(tp.name)), paras, w["cont"])


def _moment_paras(tp: TouchpointSection, stage: str, script: Script, w: dict[str, str]) -> list[Para]:
    sw, colon, lang = script.words, _colon(script), script.lang
    badges = [Run(b.label + " ", True, _BADGE.get(b.kind, _NAVY)) for b in tp.badges if b.kind != "mot"]
    owners = f"{tp.owner or w['none']} / {tp.backup or w['none']}"
    meta = one_line(f"{t('slides.stage', lang, name=stage)}{w['dot']}{w['owner_backup']}{colon}{owners}")
    paras = [Para((*badges, Run(meta, colour=_GREY))), _heading(w["standards"])]
    if not tp.standards:
        paras.append(_text(w["no_standards"], colour=_GREY, level=1))
    for s in tp.standards:
        target = s.target_line or w["no_target"]
        paras.append(Para((Run(f"[{s.kind_label}] ", True, _NAVY), Run(one_line(s.text)),
                           Run(one_line(f" — {target}{w['dot']}{s.dimension_label}"), colour=_GREY)), level=1))
    if tp.script:
        paras.append(_heading(w["script"]))
        paras += [_text(t("words.quote", lang, text=line), level=1) for line in tp.script]
    if tp.wow:
        paras += [_heading(w["wow"]), _text(tp.wow, level=1)]
    if tp.recovery:
        r = tp.recovery
        paras += [_heading(w["recovery"]), _text(r.plan, level=1)]
        if r.steps:
            paras.append(_labelled(w["steps"], " → ".join(r.steps), colon, level=1))
        if r.strategies:
            paras.append(_labelled(w["strategies"], sw["sep"].join(r.strategies), colon, level=1))
    return paras


def _weak_slides(deck: PresentationObject, script: Script, analysis: Analysis, journey: Journey,
                 w: dict[str, str]) -> None:
    names = {tp.id: tp.name for tp in journey.touchpoints}
    paras: list[Para] = []
    if not script.weak_groups:
        paras.append(_text(w["no_weak_points"]))
    for group in script.weak_groups:
        colour = _SEVERITY[group.severity]
        paras.append(_heading(script.count_label(group), colour))
        findings = [f for f in analysis.findings if f.severity == group.severity]
        for item, finding in zip(group.items, findings, strict=True):
            notes = _finding_notes(finding, names, script, w)
            where = script.words["sep"].join(item.touchpoints)
            runs = [Run(one_line(item.title), True, colour)]
            if where:
                runs.append(Run(one_line(f"{w['dot']}{where}"), colour=_GREY))
            paras.append(Para(tuple(runs), level=1, notes=notes))
            paras.append(replace(_labelled(w["suggestion"], item.suggestion, _colon(script), level=2), notes=notes))
    _flowing(deck, w["weak_points"], paras, w["cont"])


def _figures(deck: PresentationObject, script: Script, journey: Journey, analysis: Analysis,
             w: dict[str, str]) -> None:
    """The diagram and the journey map, each in as many slides as keep them legible, and the experience
    curve."""
    from .charts import experience_curve, to_image

    colon = _colon(script)
    diagrams = _diagram_pngs(journey, analysis, script.lang)
    for name, pngs in (("diagram", diagrams), ("map", _map_pngs(journey, analysis, script.lang))):
        for number, png in enumerate(pngs, start=1):
            page = t("slides.page", script.lang, page=number, pages=len(pngs)) if len(pngs) > 1 else ""
            _picture(deck, w[name] + page, png, [w["no_diagram"]] if not diagrams and number == 1 else [])
    curve = to_image(experience_curve(journey, analysis, script.lang, width=1000, height=420), "png")
    metrics = [m for m in script.metrics if m.key in ("peak_end", "mean", "gap")]
    _picture(deck, w["curve"], curve, [f"{m.label}{colon}{m.value}" for m in metrics])


def _map_pngs(journey: Journey, analysis: Analysis, lang: str) -> list[bytes]:
    """The journey map in the poster's pages (as many whole stages a page as print legibly on A3, a
    stage too wide split), each drawn to its own size: a slide is wider than A3 and needs no margin."""
    import vl_convert

    from ._map_layout import segments
    from ._map_poster import poster_pages
    from .journey_map import MapOptions, draw_segments, svg_document

    code = lang_of(lang)
    probe = draw_segments(journey, analysis, segments(journey, analysis.order_of(journey)), MapOptions(lang=code))
    out = []
    for number, page in enumerate(poster_pages(journey, analysis, probe.height)):
        drawn = draw_segments(journey, analysis, list(page.segments), MapOptions(lang=code, persona=number == 0))
        scale = min(1.5, 1800 / max(drawn.width, 1.0))  # 135 dpi across the slide
        out.append(vl_convert.svg_to_png(svg_document(drawn.body, drawn.width, drawn.height), scale=scale))
    return out


def _diagram_pngs(journey: Journey, analysis: Analysis, lang: str) -> list[bytes]:
    """The journey diagram in stage pages sized to a slide's picture area, its smallest text at 7 pt or
    more there (a large journey takes several slides); none when Graphviz is missing."""
    import vl_convert

    from ._pages import stage_pages
    from .dot import GraphvizMissing

    room_w, room_h = _picture_room()
    try:
        pages = stage_pages(journey, analysis, lang, page_mm=(room_w / _IN * 25.4, room_h / _IN * 25.4),
                            min_pt=_MIN_DIAGRAM_PT)
    except GraphvizMissing:
        return []
    return [vl_convert.svg_to_png(page.svg, scale=min(2.0, 1800 / max(page.width_pt, 1.0))) for page in pages]


def _properties(deck: PresentationObject, script: Script) -> None:
    props = deck.core_properties
    props.title = script.title
    props.subject = script.words["document"]
    props.author = props.last_modified_by = AUTHOR
    props.keywords = props.comments = props.category = ""
    props.revision = 1
    props.created = props.modified = props.last_printed = _FIXED_DATE


def slides_pptx(journey: Journey, analysis: Analysis, lang: str) -> bytes:
    """The slide deck of ``journey`` as a 16:9 ``.pptx`` file.

    Parameters
    ----------
    journey
        The journey.
    analysis
        Its analysis in the same language (the weak points and their speaker notes come from it).
    lang
        ``zh`` or ``en`` (``zh-CN``, ``en-GB`` … are read by their prefix): the deck's fixed words.

    Returns
    -------
    bytes
        The PowerPoint file; the same bytes for the same journey, analysis and language.
    """
    script = build_script(journey, analysis, lang)
    w = section("slides.", script.lang)
    deck = Presentation()
    deck.slide_width, deck.slide_height = SLIDE_WIDTH, SLIDE_HEIGHT
    _properties(deck, script)
    _title_slide(deck, script, journey, w)
    _persona_slide(deck, script, w)
    _figures(deck, script, journey, analysis, w)
    _moment_slides(deck, script, journey, analysis, w)
    _weak_slides(deck, script, analysis, journey, w)
    out = io.BytesIO()
    deck.save(out)
    return fixed_zip(out.getvalue(), _ZIP_TIME)
