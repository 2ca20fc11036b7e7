"""The experience script as a Word document (python-docx), for trainers who edit handouts in Word.

Real Heading 1/2/3 styles (so Word's navigation pane and table of contents work), one table per
touchpoint, the service standards (each once) in their own table, the experience curve as a picture,
and the journey diagram and journey map on landscape pages of their own at the full width of the page.
A large journey's diagram is cut into stage pages (:mod:`exports._pages`) so that its smallest text
prints at 7 pt or more; the map is printed in pages of whole stages too (:mod:`exports._map_poster`).
Chinese shows in any Word: the Normal, Title and heading styles name an East Asian font (Noto Sans CJK
SC) besides the Latin one, replacing the template's theme fonts.

Printed as a handout: a table's header row repeats on every page it runs over, no row splits across a
page, a heading stays with what follows it, and the footer shows the title and the page number.

The core properties say what the document is and where it came from: its title, the author and, as
created and modified time, the saved time of the exported version (:class:`exports._stamp.Stamp`);
the members of the package carry that time too, so two exports of one version are the same bytes.
"""

from __future__ import annotations

import io
import math
from concurrent.futures import ThreadPoolExecutor

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.section import Section
from docx.shared import Cm, Mm, Pt, RGBColor
from docx.table import Table
from docx.text.paragraph import Paragraph

from journeys.analysis import Analysis
from journeys.model import Journey
from journeys.words import t
from journeys.workshop import Results

from ._map_poster import PosterPage, page_svgs
from ._pages import MIN_PT, DiagramPage, stage_pages
from ._stamp import PRODUCT, Stamp
from ._zip import fixed_zip
from .charts import experience_curve, to_image
from .dot import DiagramOptions, render
from .script import Script, TouchpointSection, build_script

__all__ = [
    "AUTHOR", "CJK_FONT", "DIAGRAM_AREA_MM", "DIAGRAM_DPI", "LATIN_FONT", "MAP_AREA_MM", "diagram_pages", "map_pages",
    "script_docx",
]

AUTHOR = PRODUCT
CJK_FONT = "Noto Sans CJK SC"
LATIN_FONT = "Calibri"
DIAGRAM_AREA_MM = (257.0, 150.0)
"""What a diagram page fills on A4 landscape: the width between the 2 cm side margins, the height less
its heading."""
MAP_AREA_MM = (257.0, 162.0)
"""What a map page fills: the map is taller (its lanes of expectations, standards and curve), so the
landscape pages' 1.5 cm top and bottom margins leave it the height less a heading."""
_PT_PER_MM = 72 / 25.4
DIAGRAM_DPI = 200
"""The diagram pages' pixels per inch as printed."""

_NAVY = RGBColor(0x1F, 0x3A, 0x5F)
_MOMENT_COLOURS = {"mot": RGBColor(0x1F, 0x3A, 0x5F), "peak": RGBColor(0x2E, 0x7D, 0x32),
                   "end": RGBColor(0x15, 0x65, 0xC0), "pain": RGBColor(0xC6, 0x28, 0x28)}
_SEVERITY_COLOURS = {"critical": RGBColor(0xC6, 0x28, 0x28), "warning": RGBColor(0xB2, 0x6A, 0x00),
                     "info": RGBColor(0x15, 0x65, 0xC0)}
_TABLE_STYLE = "Light Grid Accent 1"
_THEME_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


def _fonts(doc: DocumentObject) -> None:
    for name in ("Normal", "Title", "Heading 1", "Heading 2", "Heading 3", "Table Grid", _TABLE_STYLE):
        style = doc.styles[name]
        style.font.name = LATIN_FONT  # creates rPr/rFonts with ascii and hAnsi
        fonts = style.element.rPr.rFonts
        for attr in _THEME_ATTRS:  # theme fonts would override the names below
            key = qn(attr)
            if key in fonts.attrib:
                del fonts.attrib[key]
        fonts.set(qn("w:ascii"), LATIN_FONT)
        fonts.set(qn("w:hAnsi"), LATIN_FONT)
        fonts.set(qn("w:eastAsia"), CJK_FONT)
    doc.styles["Normal"].font.size = Pt(10.5)
    for name in ("Title", "Heading 1", "Heading 2"):
        doc.styles[name].font.color.rgb = _NAVY
    for name in ("Title", "Heading 1", "Heading 2", "Heading 3"):  # never alone at the foot of a page
        doc.styles[name].paragraph_format.keep_with_next = True


def _page(doc: DocumentObject) -> None:
    for section in doc.sections:
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.left_margin = section.right_margin = Cm(2)
        section.top_margin = section.bottom_margin = Cm(2)


def _properties(doc: DocumentObject, script: Script, stamp: Stamp) -> None:
    props = doc.core_properties
    props.author = stamp.author
    props.last_modified_by = stamp.author
    props.title = script.heading
    props.subject = script.words["document"]
    props.comments = ""
    props.keywords = ""
    props.category = ""
    props.revision = 1
    when = stamp.utc.replace(tzinfo=None)  # python-docx writes a naive time as UTC ("Z")
    props.created = when
    props.modified = when
    props.last_printed = when


def _field(paragraph: Paragraph, instruction: str) -> None:
    """A Word field (``PAGE``, ``NUMPAGES``) that Word and LibreOffice fill in when they lay out the page."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _footer(section: Section, script: Script) -> None:
    """The title and "page / pages", centred; later sections link to this footer."""
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run(f"{script.heading}  ·  ").font.size = Pt(9)
    _field(paragraph, "PAGE")
    paragraph.add_run(" / ").font.size = Pt(9)
    _field(paragraph, "NUMPAGES")


def _rows_hold(table: Table, *, header: bool) -> Table:
    """No row of ``table`` splits across pages; with ``header`` its first row repeats on every page."""
    for index, row in enumerate(table.rows):
        properties = row._tr.get_or_add_trPr()
        properties.append(OxmlElement("w:cantSplit"))
        if header and index == 0:
            properties.append(OxmlElement("w:tblHeader"))
    return table


# python-docx's table.cell(r, c) rebuilds the whole table's cell list on every call (quadratic in the
# table's size); each row's cells are read once instead.

def _kv_table(doc: DocumentObject, rows: list[tuple[str, str]]) -> Table:
    table = doc.add_table(rows=len(rows), cols=2)
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for row, (name, value) in zip(table.rows, rows, strict=True):
        label, content = row.cells
        label.paragraphs[0].add_run(name).bold = True
        content.text = value
        label.width, content.width = Cm(3.6), Cm(13.4)
    return _rows_hold(table, header=False)


def _grid(doc: DocumentObject, header: list[str], rows: list[list[str]], widths: list[float]) -> Table:
    table = doc.add_table(rows=1 + len(rows), cols=len(header))
    table.style = doc.styles[_TABLE_STYLE]
    sized = [Cm(w) for w in widths]
    for row, texts in zip(table.rows, [header, *rows], strict=True):
        for cell, text, width in zip(row.cells, texts, sized, strict=True):
            cell.text = text
            cell.width = width
    return _rows_hold(table, header=True)


def _touchpoint(doc: DocumentObject, tp: TouchpointSection, script: Script) -> None:
    w = script.words
    dash = w["none"]
    doc.add_heading(f"{tp.number}. {tp.name}", level=3)
    if tp.badges:
        p = doc.add_paragraph()
        p.paragraph_format.keep_with_next = True
        for i, badge in enumerate(tp.badges):
            if i:
                p.add_run("  ")
            run = p.add_run(t("script.badge", script.lang, label=badge.label))
            run.bold = True
            run.font.color.rgb = _MOMENT_COLOURS[badge.kind]
    expectations = "\n".join(
        x.text + (t("words.paren", script.lang, text=x.source) if x.source else "")
        for x in tp.expectations)
    recovery = dash
    if tp.recovery:
        r = tp.recovery
        parts = [r.plan]
        if r.steps:
            parts.append(f"{w['steps']}{w['colon']}{' → '.join(r.steps)}")
        if r.strategies:
            parts.append(f"{w['strategies']}{w['colon']}{w['sep'].join(r.strategies)}")
        recovery = "\n".join(parts)
    owners = f"{tp.owner or dash} / {tp.backup or dash}"
    rows = [
        (w["moments"], w["sep"].join(b.label for b in tp.badges) or dash),
        (w["owner_backup"], owners),
        (w["channel"], tp.channel or dash),
        (w["customer_action"], tp.customer_action or dash),
        (w["expectations"], expectations or dash),
        # the standards have their table below: each is printed once
        *([] if tp.standards else [(w["standards"], dash)]),
        (w["employee_action"], tp.employee_action or dash),
        (w["script"], "\n".join(f"“{line}”" for line in tp.script) or dash),
        (w["wow"], tp.wow or dash),
        (w["recovery"], recovery),
        (w["emotion"], tp.line("emotion") or dash),
        (w["satisfaction"], tp.line("satisfaction") or dash),
    ]
    _kv_table(doc, rows)
    if tp.standards:
        caption = doc.add_paragraph()
        caption.add_run(w["standards"]).bold = True
        caption.paragraph_format.keep_with_next = True  # the caption stays with its table
        _grid(doc, [w["kind"], w["standard"], w["target"], w["dimension"], w["kano"]],
              [[s.kind_label, s.text, s.target_line or dash, s.dimension_label, s.kano_label or dash]
               for s in tp.standards], [2.0, 7.0, 4.0, 2.0, 2.0])
    doc.add_paragraph()


def _curve(doc: DocumentObject, journey: Journey, analysis: Analysis, script: Script) -> None:
    doc.add_heading(script.words["curve"], level=2)
    doc.add_picture(io.BytesIO(to_image(experience_curve(journey, analysis, script.lang), "png")), width=Cm(16))


def _landscape(doc: DocumentObject) -> None:
    wide = doc.add_section(WD_SECTION.NEW_PAGE)
    wide.orientation = WD_ORIENT.LANDSCAPE
    wide.page_width, wide.page_height = Cm(29.7), Cm(21)
    wide.top_margin = wide.bottom_margin = Cm(1.5)


def _portrait(doc: DocumentObject) -> None:
    tall = doc.add_section(WD_SECTION.NEW_PAGE)
    tall.orientation = WD_ORIENT.PORTRAIT
    tall.page_width, tall.page_height = Cm(21), Cm(29.7)
    tall.top_margin = tall.bottom_margin = Cm(2)


def diagram_pages(journey: Journey, analysis: Analysis, lang: str) -> list[tuple[DiagramPage, bytes]]:
    """The diagram's pages for a landscape page of the handout, each with its picture (PNG)."""
    pages = stage_pages(journey, analysis, lang, page_mm=DIAGRAM_AREA_MM, min_pt=MIN_PT,
                        options=DiagramOptions(lang=lang))
    with ThreadPoolExecutor(max_workers=2) as pool:  # one `dot` per page, two at a time
        pictures = list(pool.map(lambda page: render(page.dot, "png", dpi=math.ceil(DIAGRAM_DPI * page.scale)), pages))
    return list(zip(pages, pictures, strict=True))


def _diagram(doc: DocumentObject, journey: Journey, analysis: Analysis, script: Script) -> None:
    """The diagram, page by page, each as wide (or as tall) as the landscape page allows."""
    w = script.words
    doc.add_heading(w["diagram"], level=2)
    try:
        pages = diagram_pages(journey, analysis, script.lang)
    except RuntimeError:  # GraphvizMissing, or Graphviz failing
        doc.add_paragraph(w["no_diagram"]).runs[0].italic = True
        return
    for index, (page, png) in enumerate(pages):
        paragraph = doc.add_paragraph()
        paragraph.paragraph_format.page_break_before = index > 0
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run().add_picture(io.BytesIO(png), width=Pt(page.width_pt * page.scale))


def map_pages(journey: Journey, analysis: Analysis, lang: str) -> list[tuple[PosterPage, bytes]]:
    """The journey map's pages for a landscape page of the handout, each with its picture (PNG, 216 dpi):
    the poster's pages of whole stages, cut for the same area as the diagram's."""
    import vl_convert

    area = (MAP_AREA_MM[0] * _PT_PER_MM, MAP_AREA_MM[1] * _PT_PER_MM)
    return [(page, vl_convert.svg_to_png(svg, scale=3.0))
            for page, svg in page_svgs(journey, analysis, lang, area, edge=4.0)]


def _map(doc: DocumentObject, journey: Journey, analysis: Analysis, script: Script) -> None:
    """The journey map, page by page, each as wide as the landscape page."""
    for index, (_, png) in enumerate(map_pages(journey, analysis, script.lang)):
        if index == 0:
            heading = doc.add_heading(script.words["map"], level=2).paragraph_format
            heading.page_break_before, heading.space_before = True, Pt(0)  # the first page holds it and the map
            paragraph = doc.add_paragraph()
        else:
            paragraph = doc.add_paragraph()
            paragraph.paragraph_format.page_break_before = True
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run().add_picture(io.BytesIO(png), width=Mm(MAP_AREA_MM[0]))


def _document(script: Script, journey: Journey, analysis: Analysis, stamp: Stamp) -> DocumentObject:
    w = script.words
    dash = w["none"]
    doc = Document()
    _fonts(doc)
    _page(doc)
    _footer(doc.sections[0], script)
    _properties(doc, script, stamp)
    doc.add_heading(script.heading, level=0)
    if script.persona:
        p = script.persona
        doc.add_heading(w["persona"], level=1)
        for key, value in (("persona_name", p.name), ("goal", p.goal), ("description", p.description)):
            if value:
                para = doc.add_paragraph()
                para.add_run(f"{w[key]}{w['colon']}").bold = True
                para.add_run(value)
    doc.add_heading(w["design"], level=1)
    doc.add_heading(w["peak_end"], level=2)
    _grid(doc, [w["moment"], w["touchpoint"], w["perceived"], w["wow"]],
          [[h.label, h.touchpoint or dash, h.perceived or dash, h.wow or dash] for h in script.highlights],
          [2.0, 4.0, 2.0, 9.0])
    doc.add_heading(w["metrics"], level=2)
    _grid(doc, [w["metric"], w["value"]], [[m.label, m.value] for m in script.metrics], [9.0, 8.0])
    _curve(doc, journey, analysis, script)
    _landscape(doc)
    _diagram(doc, journey, analysis, script)
    _map(doc, journey, analysis, script)
    _portrait(doc)
    doc.add_heading(w["journey"], level=1)
    for stage in script.stages:
        if not stage.touchpoints:
            continue
        doc.add_heading(f"{w['stage']} {stage.number}{w['colon']}{stage.name}", level=2)
        for tp in stage.touchpoints:
            _touchpoint(doc, tp, script)
    doc.add_heading(w["weak_points"], level=1)
    if not script.weak_groups:
        doc.add_paragraph(w["no_weak_points"])
    for group in script.weak_groups:
        heading = doc.add_heading(script.count_label(group), level=2)
        for run in heading.runs:
            run.font.color.rgb = _SEVERITY_COLOURS[group.severity]
        for item in group.items:
            para = doc.add_paragraph(style="List Bullet")
            para.add_run(item.title).bold = True
            if item.touchpoints:
                para.add_run(f" · {w['sep'].join(item.touchpoints)}")
            doc.add_paragraph(item.message)
            hint = doc.add_paragraph()
            hint.add_run(f"{w['suggestion']}{w['colon']}").italic = True
            hint.add_run(item.suggestion)
    if script.actions:
        doc.add_heading(w["actions"], level=1)
        _grid(doc, script.action_heads(), [[a.title, a.addresses, a.owner, a.due, a.status] for a in script.actions],
              [4.5, 5.0, 2.5, 3.0, 2.0])
    if script.workshop is not None:
        _workshop(doc, script)
    return doc


def _workshop(doc: DocumentObject, script: Script) -> None:
    w, block = script.words, script.workshop
    assert block is not None
    doc.add_heading(w["workshop"], level=1)
    doc.add_paragraph(block.summary)
    _grid(doc, [w[k] for k in ("touchpoint", "workshop_votes_n", "perceived", "expected", "workshop_pain")],
          [[r.name, r.votes, r.perceived, r.expected, r.pain] for r in block.rows], [5.0, 2.0, 4.0, 4.0, 2.0])
    if block.comments:
        doc.add_heading(w["workshop_comments"], level=2)
        for name, text in block.comments:
            para = doc.add_paragraph(style="List Bullet")
            para.add_run(f"{name}{w['colon']}").bold = True
            para.add_run(text)


def script_docx(journey: Journey, analysis: Analysis, lang: str, stamp: Stamp | None = None, *,
                workshop: Results | None = None) -> bytes:
    """The experience script of ``journey`` as a Word (.docx) document.

    Parameters
    ----------
    journey
        The journey.
    analysis
        Its analysis, in the same language.
    lang
        ``zh`` or ``en`` (``zh-CN``, ``en-GB`` … are read by their prefix).
    stamp
        The saved time and author of the exported version; for a file outside the store
        :meth:`Stamp.unsaved` (``SOURCE_DATE_EPOCH`` when set, else now).
    workshop
        A stored journey's workshop results: the script ends with its votes.

    Returns
    -------
    bytes
        The .docx file: A4, Heading 1–3 styles, a table per touchpoint, the experience curve, and the
        diagram (when Graphviz is installed) and journey map on landscape pages; the same bytes for the
        same input and stamp.
    """
    stamp = stamp or Stamp.unsaved()
    script = build_script(journey, analysis, lang, workshop)
    doc = _document(script, journey, analysis, stamp)
    buffer = io.BytesIO()
    doc.save(buffer)
    return fixed_zip(buffer.getvalue(), stamp.zip_time)
