"""The experience script as one self-contained HTML page, for the screen and for printing on A4.

The page carries everything inline: the stylesheet, the journey diagram (Graphviz SVG), the journey
map (:mod:`exports.journey_map`) and the customer experience curve (Vega-Lite SVG). It loads nothing
from the network and runs no script. Every piece of user text goes through :func:`html.escape` with
``quote=True``; the only attribute values are fixed class names. Moment badges use the diagram's
colours (MOT navy, peak green, end blue, pain red) so the handout and the diagram read the same way.
"""

from __future__ import annotations

import html
import re

from journeys.analysis import Analysis
from journeys.model import Journey
from journeys.words import t
from journeys.workshop import Results

from ._pages import stage_pages
from .charts import experience_curve, to_image
from .dot import render
from .journey_map import MapOptions
from .script import Script, TouchpointSection, build_script

__all__ = ["DIAGRAM_MM", "STYLE", "script_html", "svg_fragment"]

STYLE = """
:root { --navy: #1f3a5f; --green: #2e7d32; --blue: #1565c0; --red: #c62828; --amber: #b26a00;
  --grey: #5f6b7a; --line: #d5dbe3; --soft: #f5f7fa; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 60rem; padding: 2rem 1.5rem; color: #1d2733; line-height: 1.6;
  font-family: "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei",
  "Hiragino Sans GB", "Helvetica Neue", Arial, sans-serif; font-size: 15px; }
h1 { font-size: 1.7rem; color: var(--navy); border-bottom: 3px solid var(--navy); padding-bottom: .4rem; }
h2 { font-size: 1.3rem; color: var(--navy); margin-top: 2.2rem; border-left: 5px solid var(--navy);
  padding-left: .6rem; }
h3 { font-size: 1.1rem; margin: 0 0 .5rem; }
h4 { font-size: .95rem; margin: 1rem 0 .3rem; color: var(--grey); }
table { border-collapse: collapse; width: 100%; margin: .4rem 0 .8rem; font-size: .9rem; }
th, td { border: 1px solid var(--line); padding: .35rem .5rem; text-align: left; vertical-align: top; }
th { background: var(--soft); font-weight: 600; white-space: nowrap; }
.kv th { width: 9rem; }
.persona dt { font-weight: 600; color: var(--grey); }
.persona dd { margin: 0 0 .5rem 0; }
.figure { margin: 1rem 0; text-align: center; }
.figure svg { max-width: 100%; height: auto; }
@media screen {
  /* On screen a wide diagram keeps a legible size and scrolls sideways; print fits it to the page. */
  .figure.diagram, .figure.map { overflow-x: auto; text-align: left; }
  .figure.diagram svg { max-width: none; min-width: 100%; }
  .figure.map svg { max-width: none; }
}
.note { color: var(--grey); font-style: italic; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: 1rem 1.2rem; margin: 1rem 0;
  background: #fff; box-shadow: 0 1px 2px rgba(0,0,0,.05); }
.card.key { border-left: 5px solid var(--navy); }
.card.pain { border-left: 5px solid var(--red); }
.num { color: var(--grey); margin-right: .4rem; }
.badge { display: inline-block; font-size: .75rem; font-weight: 600; color: #fff; border-radius: 999px;
  padding: .05rem .6rem; margin-right: .3rem; vertical-align: middle; white-space: nowrap; }
td.tag { white-space: nowrap; }
.badge.mot { background: var(--navy); } .badge.peak { background: var(--green); }
.badge.end { background: var(--blue); } .badge.pain { background: var(--red); }
.script-lines { margin: .2rem 0; padding: .4rem .8rem; background: var(--soft); border-left: 3px solid var(--blue); }
.script-lines p { margin: .2rem 0; }
.wow { background: #eef7ee; border-left: 3px solid var(--green); padding: .4rem .8rem; margin: .6rem 0; }
.recovery { background: #fdf0f0; border-left: 3px solid var(--red); padding: .4rem .8rem; margin: .6rem 0; }
.recovery p { margin: .2rem 0; }
.weak { border-left: 5px solid var(--grey); padding: .3rem .8rem; margin: .5rem 0; background: var(--soft); }
.weak.critical { border-color: var(--red); } .weak.warning { border-color: var(--amber); }
.weak.info { border-color: var(--blue); }
.weak p { margin: .15rem 0; } .weak .where { color: var(--grey); }
.sev { font-weight: 600; } .sev.critical { color: var(--red); } .sev.warning { color: var(--amber); }
.sev.info { color: var(--blue); }
ul.expect { margin: .2rem 0; padding-left: 1.3rem; }
.src { color: var(--grey); font-size: .85rem; }
@page { size: A4; margin: 16mm; }
@page diagram { size: A4 landscape; margin: 12mm; }
@media print {
  /* A drawing gets a landscape sheet of its own and fills it (the SVG meets the sheet's box); the text
     flows: long cards and tables split between rows, headings stay with their first lines, and only
     small blocks are kept whole, so no page is left a third empty ahead of a block that did not fit. */
  .sheet { page: diagram; break-before: page; break-after: page; height: 184mm; display: flex;
    flex-direction: column; }
  .sheet h2 { flex: none; margin: 0 0 3mm; }
  .sheet .figure { flex: 1 1 auto; min-height: 0; margin: 0; }
  .sheet .figure svg { display: block; width: 100%; height: 100%; max-width: none; max-height: none; }
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  h2, h3, h4, .card .kv tr:first-child { break-after: avoid; page-break-after: avoid; }
  tr, li, .weak, .wow, .recovery p, .script-lines p, .figure.curve, .persona dd { break-inside: avoid;
    page-break-inside: avoid; }
  thead { display: table-header-group; }
  .card { box-shadow: none; }
  .figure svg { width: 100%; max-height: 240mm; }
  .badge, .card, .weak, th, .wow, .recovery, .script-lines { -webkit-print-color-adjust: exact;
    print-color-adjust: exact; }
}
"""

_PROLOG = re.compile(r"^(?:\s*(?:<\?xml.*?\?>|<!DOCTYPE[^>]*>|<!--.*?-->))*\s*", re.S | re.I)


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def svg_fragment(svg: bytes | str) -> str:
    """An SVG document as an inline ``<svg>`` element: XML prolog, comments and doctype removed.

    Examples
    --------
    >>> svg_fragment('<?xml version="1.0"?>\\n<!DOCTYPE svg>\\n<!-- x -->\\n<svg></svg>')
    '<svg></svg>'
    """
    text = svg.decode("utf-8") if isinstance(svg, bytes) else svg
    return _PROLOG.sub("", text, count=1).strip()


DIAGRAM_MM = (273.0, 170.0)
"""The room a diagram page fills on its A4-landscape sheet: the sheet less 12 mm margins and the heading."""


def _sheet(title: str, svg: str, kind: str) -> str:
    return (f'<section class="sheet"><h2>{_e(title)}</h2>'
            f'<div class="figure {kind}">{svg_fragment(svg)}</div></section>')


def _map_svgs(journey: Journey, analysis: Analysis, lang: str) -> list[str]:
    """The journey map in the poster's stage pages, each drawn to its own size (one page for most
    journeys; a long one in pages whose names stay legible on the sheet)."""
    from ._map_layout import segments
    from ._map_poster import poster_pages
    from .journey_map import draw_segments, svg_document

    probe = draw_segments(journey, analysis, segments(journey, analysis.order_of(journey)), MapOptions(lang=lang))
    pages = poster_pages(journey, analysis, probe.height)
    drawn = [draw_segments(journey, analysis, list(p.segments), MapOptions(lang=lang, persona=i == 0))
             for i, p in enumerate(pages)]
    return [svg_document(d.body, d.width, d.height) for d in drawn]


def _numbered(title: str, number: int, total: int, lang: str) -> str:
    return title + (t("words.paren", lang, text=f"{number}/{total}") if total > 1 else "")


def _figures(journey: Journey, analysis: Analysis, script: Script) -> list[str]:
    w = script.words
    parts: list[str] = []
    try:
        pages = stage_pages(journey, analysis, script.lang, page_mm=DIAGRAM_MM, svg=lambda dot: render(dot, "svg"))
        parts += [_sheet(_numbered(w["diagram"], p.number, p.total, script.lang), p.svg, "diagram") for p in pages]
    except RuntimeError:
        parts.append(f'<h2>{_e(w["diagram"])}</h2><p class="note">{_e(w["no_diagram"])}</p>')
    maps = _map_svgs(journey, analysis, script.lang)
    parts += [_sheet(_numbered(w["map"], i, len(maps), script.lang), svg, "map") for i, svg in enumerate(maps, 1)]
    curve = to_image(experience_curve(journey, analysis, script.lang), "svg")
    parts += [f"<h2>{_e(w['curve'])}</h2>", f'<div class="figure curve">{svg_fragment(curve)}</div>']
    return parts


def _row(name: str, value: str | None) -> str:
    return f"<tr><th>{_e(name)}</th><td>{_e(value)}</td></tr>" if value else ""


def _card(tp: TouchpointSection, script: Script) -> str:
    w = script.words
    kinds = {b.kind for b in tp.badges}
    cls = "card pain" if "pain" in kinds else ("card key" if kinds else "card")
    badges = "".join(f'<span class="badge {b.kind}">{_e(b.label)}</span>' for b in tp.badges)
    out = [f'<section class="{cls}">',
           f'<h3><span class="num">{tp.number}.</span>{_e(tp.name)} {badges}</h3>',
           '<table class="kv">']
    owners = None
    if tp.owner or tp.backup:
        owners = f"{tp.owner or w['none']} / {tp.backup or w['none']}"
    for name, value in ((w["channel"], tp.channel), (w["owner_backup"], owners),
                        (w["customer_action"], tp.customer_action), (w["employee_action"], tp.employee_action),
                        (w["emotion"], tp.line("emotion")), (w["satisfaction"], tp.line("satisfaction"))):
        out.append(_row(name, value))
    out.append("</table>")
    if tp.expectations:
        out += [f"<h4>{_e(w['expectations'])}</h4>", '<ul class="expect">']
        for x in tp.expectations:
            src = f' <span class="src">{_e(x.source)}</span>' if x.source else ""
            out.append(f"<li>{_e(x.text)}{src}</li>")
        out.append("</ul>")
    if tp.standards:
        out += [f"<h4>{_e(w['standards'])}</h4>", '<table class="standards"><thead><tr>',
                "".join(f"<th>{_e(w[k])}</th>" for k in ("kind", "standard", "target", "dimension", "kano")),
                "</tr></thead><tbody>"]
        for s in tp.standards:
            out.append(f'<tr><td class="tag">{_e(s.kind_label)}</td><td>{_e(s.text)}</td>'
                       f"<td>{_e(s.target_line or w['none'])}</td><td class=\"tag\">{_e(s.dimension_label)}</td>"
                       f'<td class="tag">{_e(s.kano_label or w["none"])}</td></tr>')
        out.append("</tbody></table>")
    if tp.script:
        out += [f"<h4>{_e(w['script'])}</h4>", '<div class="script-lines">']
        out += [f"<p>“{_e(line)}”</p>" for line in tp.script]
        out.append("</div>")
    if tp.wow:
        out.append(f'<div class="wow"><strong>{_e(w["wow"])}</strong>{_e(w["colon"])}{_e(tp.wow)}</div>')
    if tp.recovery:
        r = tp.recovery
        out += ['<div class="recovery">', f"<p><strong>{_e(w['recovery'])}</strong>{_e(w['colon'])}{_e(r.plan)}</p>"]
        if r.steps:
            out.append(f"<p><strong>{_e(w['steps'])}</strong>{_e(w['colon'])}{_e(' → '.join(r.steps))}</p>")
        if r.strategies:
            out.append(f"<p><strong>{_e(w['strategies'])}</strong>{_e(w['colon'])}"
                       f"{_e(w['sep'].join(r.strategies))}</p>")
        out.append("</div>")
    out.append("</section>")
    return "\n".join(part for part in out if part)


def _page(script: Script, figures: list[str]) -> str:
    w = script.words
    lang = t("words.locale", script.lang)
    out = ["<!doctype html>", f'<html lang="{lang}">', "<head>", '<meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>{_e(script.heading)}</title>", f"<style>{STYLE}</style>", "</head>", "<body>",
           f"<h1>{_e(script.heading)}</h1>"]
    if script.persona:
        p = script.persona
        out += [f"<h2>{_e(w['persona'])}</h2>", '<dl class="persona">']
        for key, value in (("persona_name", p.name), ("goal", p.goal), ("description", p.description)):
            if value:
                out.append(f"<dt>{_e(w[key])}</dt><dd>{_e(value)}</dd>")
        out.append("</dl>")
    out += [f"<h2>{_e(w['design'])}</h2>", f"<h3>{_e(w['peak_end'])}</h3>", "<table><thead><tr>",
            "".join(f"<th>{_e(w[k])}</th>" for k in ("moment", "touchpoint", "perceived", "wow")),
            "</tr></thead><tbody>"]
    for h in script.highlights:
        out.append(f'<tr><td><span class="badge {h.kind}">{_e(h.label)}</span></td>'
                   f"<td>{_e(h.touchpoint or w['none'])}</td><td>{_e(h.perceived or w['none'])}</td>"
                   f"<td>{_e(h.wow or w['none'])}</td></tr>")
    out += ["</tbody></table>", f"<h3>{_e(w['metrics'])}</h3>", '<table class="kv metrics"><tbody>']
    out += [_row(m.label, m.value) for m in script.metrics]
    out.append("</tbody></table>")
    out += figures
    for stage in script.stages:
        if stage.touchpoints:
            out.append(f"<h2>{_e(w['stage'])} {stage.number}{_e(w['colon'])}{_e(stage.name)}</h2>")
            out += [_card(tp, script) for tp in stage.touchpoints]
    out.append(f"<h2>{_e(w['weak_points'])}</h2>")
    if not script.weak_groups:
        out.append(f"<p>{_e(w['no_weak_points'])}</p>")
    for group in script.weak_groups:
        out.append(f'<h3 class="sev {group.severity}">{_e(script.count_label(group))}</h3>')
        for item in group.items:
            where = w["sep"].join(item.touchpoints)
            where_html = f' <span class="where">· {_e(where)}</span>' if where else ""
            out.append(f'<div class="weak {group.severity}"><p><strong>{_e(item.title)}</strong>{where_html}</p>'
                       f"<p>{_e(item.message)}</p>"
                       f"<p><em>{_e(w['suggestion'])}</em>{_e(w['colon'])}{_e(item.suggestion)}</p></div>")
    if script.actions:
        out += [f'<h2 id="actions">{_e(w["actions"])}</h2>', "<table><thead><tr>",
                "".join(f"<th>{_e(h)}</th>" for h in script.action_heads()), "</tr></thead><tbody>"]
        out += ["<tr>" + "".join(f"<td>{_e(v)}</td>" for v in (a.title, a.addresses, a.owner, a.due, a.status))
                + "</tr>" for a in script.actions]
        out.append("</tbody></table>")
    if script.workshop is not None:
        out += _workshop(script)
    out += ["</body>", "</html>"]
    return "\n".join(out) + "\n"


def _workshop(script: Script) -> list[str]:
    w, block = script.words, script.workshop
    assert block is not None
    heads = [w[k] for k in ("touchpoint", "workshop_votes_n", "perceived", "expected", "workshop_pain")]
    out = [f'<h2 id="workshop">{_e(w["workshop"])}</h2>', f"<p>{_e(block.summary)}</p>", "<table><thead><tr>",
           "".join(f"<th>{_e(h)}</th>" for h in heads), "</tr></thead><tbody>"]
    out += ["<tr>" + "".join(f"<td>{_e(v)}</td>" for v in (r.name, r.votes, r.perceived, r.expected, r.pain))
            + "</tr>" for r in block.rows]
    out.append("</tbody></table>")
    if block.comments:
        out += [f"<h3>{_e(w['workshop_comments'])}</h3>", "<ul>"]
        out += [f"<li><strong>{_e(name)}</strong>{_e(w['colon'])}{_e(text)}</li>" for name, text in block.comments]
        out.append("</ul>")
    return out


def script_html(journey: Journey, analysis: Analysis, lang: str, workshop: Results | None = None) -> str:
    """The experience script of ``journey`` as one self-contained, printable HTML page.

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
    str
        ``<!doctype html>`` page with inline style and inline SVG figures; no scripts, no external URLs.
        When Graphviz is missing the diagram is left out with a note.
    """
    script = build_script(journey, analysis, lang, workshop)
    return _page(script, _figures(journey, analysis, script))
