"""The experience script as a Word document (python-docx), for trainers who edit handouts in Word.

Real Heading 1/2/3 styles (so Word's navigation pane and table of contents work), one table per
touchpoint, the service standards in their own table, the journey diagram and experience curve as
pictures, and the journey map as a picture on a landscape page of its own. Chinese shows in any
Word: the Normal, Title and heading styles name an East Asian font (Noto Sans CJK SC) besides the
Latin one, replacing the template's theme fonts.

The bytes are deterministic: fixed core properties (author, dates, revision) and fixed timestamps
inside the zip, so exporting the same journey twice gives the same file.
"""

from __future__ import annotations

import datetime as dt
import io

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table

from journeys.analysis import Analysis
from journeys.model import Journey
from journeys.words import t
from journeys.workshop import Results

from ._zip import fixed_zip
from .charts import experience_curve, to_image
from .dot import DiagramOptions, journey_dot, render
from .journey_map import MapOptions, journey_map, map_png
from .script import Script, TouchpointSection, build_script

__all__ = ["AUTHOR", "CJK_FONT", "FIXED_DATE", "LATIN_FONT", "script_docx"]

AUTHOR = "MOT Journey Designer"
CJK_FONT = "Noto Sans CJK SC"
LATIN_FONT = "Calibri"
FIXED_DATE = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
"""Core-property date of every export: a real date would make two exports of one journey differ."""
_ZIP_TIME = (2000, 1, 1, 0, 0, 0)  # FIXED_DATE again, on every member of the package

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


def _page(doc: DocumentObject) -> None:
    for section in doc.sections:
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.left_margin = section.right_margin = Cm(2)
        section.top_margin = section.bottom_margin = Cm(2)


def _properties(doc: DocumentObject, script: Script) -> None:
    props = doc.core_properties
    props.author = AUTHOR
    props.last_modified_by = AUTHOR
    props.title = script.heading
    props.subject = script.words["document"]
    props.comments = ""
    props.keywords = ""
    props.category = ""
    props.revision = 1
    props.created = FIXED_DATE.replace(tzinfo=None)
    props.modified = FIXED_DATE.replace(tzinfo=None)
    props.last_printed = FIXED_DATE.replace(tzinfo=None)


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
    return table


def _grid(doc: DocumentObject, header: list[str], rows: list[list[str]], widths: list[float]) -> Table:
    table = doc.add_table(rows=1 + len(rows), cols=len(header))
    table.style = doc.styles[_TABLE_STYLE]
    sized = [Cm(w) for w in widths]
    for row, texts in zip(table.rows, [header, *rows], strict=True):
        for cell, text, width in zip(row.cells, texts, sized, strict=True):
            cell.text = text
            cell.width = width
    return table


def _touchpoint(doc: DocumentObject, tp: TouchpointSection, script: Script) -> None:
    w = script.words
    dash = w["none"]
    doc.add_heading(f"{tp.number}. {tp.name}", level=3)
    if tp.badges:
        p = doc.add_paragraph()
        for i, badge in enumerate(tp.badges):
            if i:
                p.add_run("  ")
            run = p.add_run(t("script.badge", script.lang, label=badge.label))
            run.bold = True
            run.font.color.rgb = _MOMENT_COLOURS[badge.kind]
    expectations = "\n".join(
        x.text + (t("words.paren", script.lang, text=x.source) if x.source else "")
        for x in tp.expectations)
    standards = "\n".join(
        f"{s.kind_label}{script.words['colon']}{s.text}"
        + (t("words.paren", script.lang, text=s.target_line) if s.target_line else "")
        for s in tp.standards)
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
        (w["standards"], standards or dash),
        (w["employee_action"], tp.employee_action or dash),
        (w["script"], "\n".join(f"“{line}”" for line in tp.script) or dash),
        (w["wow"], tp.wow or dash),
        (w["recovery"], recovery),
        (w["emotion"], tp.line("emotion") or dash),
        (w["satisfaction"], tp.line("satisfaction") or dash),
    ]
    _kv_table(doc, rows)
    if tp.standards:
        doc.add_paragraph()
        _grid(doc, [w["kind"], w["standard"], w["target"], w["dimension"], w["kano"]],
              [[s.kind_label, s.text, s.target_line or dash, s.dimension_label, s.kano_label or dash]
               for s in tp.standards], [2.0, 7.0, 4.0, 2.0, 2.0])
    doc.add_paragraph()


def _pictures(doc: DocumentObject, journey: Journey, analysis: Analysis, script: Script) -> None:
    w = script.words
    doc.add_heading(w["diagram"], level=2)
    try:
        png = render(journey_dot(journey, analysis, DiagramOptions(lang=script.lang)), "png")
        doc.add_picture(io.BytesIO(png), width=Cm(16))
    except RuntimeError:
        doc.add_paragraph(w["no_diagram"]).runs[0].italic = True
    doc.add_heading(w["curve"], level=2)
    doc.add_picture(io.BytesIO(to_image(experience_curve(journey, analysis, script.lang), "png")), width=Cm(16))


def _map(doc: DocumentObject, journey: Journey, analysis: Analysis, script: Script) -> None:
    """The journey map on a landscape page of its own, then back to portrait."""
    wide = doc.add_section(WD_SECTION.NEW_PAGE)
    wide.orientation = WD_ORIENT.LANDSCAPE
    wide.page_width, wide.page_height = Cm(29.7), Cm(21)
    doc.add_heading(script.words["map"], level=2)
    drawing = journey_map(journey, analysis, MapOptions(lang=script.lang))
    width = min(25.7, 15.0 * drawing.width / drawing.height)  # at most 15 cm tall
    doc.add_picture(io.BytesIO(map_png(drawing, max_width=6000)), width=Cm(width))
    tall = doc.add_section(WD_SECTION.NEW_PAGE)
    tall.orientation = WD_ORIENT.PORTRAIT
    tall.page_width, tall.page_height = Cm(21), Cm(29.7)


def _document(script: Script, journey: Journey, analysis: Analysis) -> DocumentObject:
    w = script.words
    dash = w["none"]
    doc = Document()
    _fonts(doc)
    _page(doc)
    _properties(doc, script)
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
    _pictures(doc, journey, analysis, script)
    _map(doc, journey, analysis, script)
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


def script_docx(journey: Journey, analysis: Analysis, lang: str, workshop: Results | None = None) -> bytes:
    """The experience script of ``journey`` as a Word (.docx) document.

    Parameters
    ----------
    journey
        The journey.
    analysis
        Its analysis, in the same language.
    lang
        ``zh`` or ``en`` (``zh-CN``, ``en-GB`` … are read by their prefix).
    workshop
        A stored journey's workshop results: the script ends with its votes.

    Returns
    -------
    bytes
        The .docx file: A4, Heading 1–3 styles, a table per touchpoint, the diagram (when Graphviz is
        installed) and the experience curve as pictures; the same bytes for the same input.
    """
    script = build_script(journey, analysis, lang, workshop)
    doc = _document(script, journey, analysis)
    buffer = io.BytesIO()
    doc.save(buffer)
    return fixed_zip(buffer.getvalue(), _ZIP_TIME)
