"""The comparison report of two journey versions, as plain text, Markdown and a self-contained HTML page.

A manager pastes the text or the Markdown into an email: it opens with the verdict and one headline
sentence ("3 weak points fixed, 1 new, 9 still open; peak-end +0.5 (4.25 → 4.75)"), then the key
metrics before and after, the weak points fixed and introduced, and what changed in the touchpoints,
stages and edges. The HTML page adds the diff diagram and the two experience curves overlaid.

:func:`build_report` gathers everything once, with every fixed word in the report's language; the
writers only lay it out and escape what users typed (Markdown with :func:`exports.markdown.md_text`,
HTML with :func:`html.escape`; the text drops control characters, so nothing typed can move a terminal's
cursor or colour it).
"""

from __future__ import annotations

import html
import json
import unicodedata
from dataclasses import dataclass
from typing import Any

from journeys.diff import Change, JourneyDiff
from journeys.findings import Finding
from journeys.formatting import number, target_text
from journeys.model import Target
from journeys.texts import field_label, quote, rule_title
from journeys.vocab import label
from journeys.words import plural, section, t

from ._followup import follow_up_lines
from ._measure import columns
from .html import STYLE, svg_fragment
from .markdown import md_text

__all__ = ["Group", "Line", "MetricRow", "Report", "build_report", "report_html", "report_markdown", "report_text"]


# The metrics of the report, each with the direction that is better (+1 higher, −1 lower, 0 neither).
_METRICS: tuple[tuple[str, int], ...] = (
    ("peak_end_score", 1), ("mean_perceived", 1), ("mean_gap", 1),
    ("findings.critical", -1), ("findings.warning", -1), ("findings.info", 0),
    ("dimensions_covered", 1), ("hard_with_target_share", 1), ("expectations_answered_share", 1),
    ("owner_share", 1), ("backup_share", 1), ("mot_backup_share", 1),
    ("touchpoints", 0), ("standards", 0), ("moments.mot", 0), ("moments.pain", -1),
)
_ALWAYS = {"peak_end_score", "mean_perceived", "findings.critical", "findings.warning"}
_SHARES = {"hard_with_target_share", "expectations_answered_share", "owner_share", "backup_share",
           "mot_backup_share"}
_VOCAB_FIELDS = {"channel", "moments", "recovery.steps", "recovery.strategies"}
_MINUS = "−"


@dataclass(frozen=True)
class Line:
    """One entry of the report: its text, detail lines under it and a kind for styling (``added``,
    ``removed``, ``changed``, or a severity)."""

    text: str
    details: tuple[str, ...] = ()
    kind: str = ""


@dataclass(frozen=True)
class Group:
    title: str
    lines: tuple[Line, ...]
    kind: str = ""


@dataclass(frozen=True)
class MetricRow:
    key: str
    label: str
    before: str
    after: str
    change: str
    trend: str
    """``better``, ``worse`` or ``""`` (no change, or a count that is neither)."""


@dataclass(frozen=True)
class Report:
    """The comparison, every fixed word in ``lang``; user text as typed (the writers escape it)."""

    lang: str
    words: dict[str, str]
    title: str
    before_label: str
    after_label: str
    verdict: str
    headline: str
    metrics: tuple[MetricRow, ...]
    findings: tuple[Group, ...]
    changes: tuple[Group, ...]
    follow_up: tuple[Group, ...] = ()
    """The improvement actions done, new and overdue, and the measured scores and NPS before and after;
    only the groups that have something to say."""

    @property
    def heading(self) -> str:
        return f"{self.words['document']}{self.words['colon']}{self.title}"

    @property
    def versions(self) -> str:
        return f"{self.before_label} → {self.after_label}"

    @property
    def summary(self) -> str:
        """The verdict and the headline in one sentence pair."""
        w = self.words
        return f"{w['verdict']}{w['colon']}{w[self.verdict]}{w['period']}{w['sentence_gap']}{self.headline}"


def build_report(d: JourneyDiff, before_label: str | None = None, after_label: str | None = None) -> Report:
    """The report of ``d`` in the language of its analyses; ``before_label`` and ``after_label`` name the
    versions (``v1``, a file name...; default: "Before" and "After")."""
    lang = d.lang
    w = section("report.", lang)
    return Report(
        lang=lang, words=w, title=d.after.title,
        before_label=before_label or w["before"], after_label=after_label or w["after"],
        verdict=d.verdict(), headline=_headline(d, w), metrics=tuple(_metric_rows(d, w)),
        findings=tuple(_finding_groups(d, w)), changes=tuple(_change_groups(d, w)),
        follow_up=tuple(Group(title, tuple(Line(x, (), kind) for x in lines), kind)
                        for title, kind, lines in follow_up_lines(d)),
    )


# --- building the report ----------------------------------------------------------------------------

def _signed(value: float, suffix: str = "") -> str:
    if value == 0:
        return f"±0{suffix}"
    return f"{'+' if value > 0 else _MINUS}{number(abs(value))}{suffix}"


def _metric_value(key: str, value: Any) -> str:
    if value is None:
        return "–"
    if key in _SHARES:
        return f"{number(value * 100)}%"
    return number(value) if isinstance(value, float) else str(value)


def _headline(d: JourneyDiff, w: dict[str, str]) -> str:
    f = d.findings
    text = w["headline"].format(fixed=len(f.fixed), new=len(f.new), open=len(f.persisting),
                                points=plural(w["weak_points"], len(f.fixed), d.lang))
    peak_end = d.metrics["peak_end_score"]
    if peak_end.delta is not None and peak_end.before is not None and peak_end.after is not None:
        text += w["headline_peak_end"].format(delta=_signed(peak_end.delta), before=number(peak_end.before),
                                              after=number(peak_end.after))
    return text + w["period"]


def _metric_rows(d: JourneyDiff, w: dict[str, str]) -> list[MetricRow]:
    rows = []
    for key, better in _METRICS:
        m = d.metrics.get(key)
        if m is None or (key not in _ALWAYS and not m.delta):
            continue
        delta = m.delta
        if delta is None:
            change, trend = "–", ""
        else:
            change = _signed(delta * 100, w["pts"]) if key in _SHARES else _signed(delta)
            trend = "" if not delta or not better else "better" if delta * better > 0 else "worse"
        rows.append(MetricRow(key, w[f"m_{key}"], _metric_value(key, m.before), _metric_value(key, m.after),
                              change, trend))
    return rows


def _finding_line(d: JourneyDiff, f: Finding, w: dict[str, str], before: Finding | None = None) -> Line:
    where = w["sep"].join(quote(d.name(t), d.lang) for t in f.touchpoints)
    severity = w[f.severity] if before is None else f"{w[before.severity]} → {w[f.severity]}"
    title = rule_title(f.rule, d.lang)
    if f.dimension:
        title += t("words.paren", d.lang, text=label(f.dimension, d.lang))
    text = f"[{severity}] {title}" + (f" · {where}" if where else "")
    return Line(text, (f.message,), f.severity)


def _finding_groups(d: JourneyDiff, w: dict[str, str]) -> list[Group]:
    f = d.findings
    groups = []
    if f.fixed:
        groups.append(Group(w["fixed"].format(n=len(f.fixed)),
                            tuple(_finding_line(d, x, w) for x in f.fixed), "fixed"))
    if f.new:
        groups.append(Group(w["new"].format(n=len(f.new)), tuple(_finding_line(d, x, w) for x in f.new), "new"))
    moved = [(b, a) for b, a in f.persisting if b.severity != a.severity]
    if moved:
        groups.append(Group(w["severity_changed"].format(n=len(moved)),
                            tuple(_finding_line(d, a, w, before=b) for b, a in moved), "severity"))
    return groups


def _value(d: JourneyDiff, key: str, value: Any, w: dict[str, str]) -> str:
    """A field's value as a person reads it."""
    if value is None:
        return w["none"]
    leaf = key.rsplit(".", 1)[-1]
    if key in _VOCAB_FIELDS:
        return w["sep"].join(label(v, d.lang) for v in (value if isinstance(value, list) else [value]))
    if key == "stage":
        return d.stage_name(value)
    if key == "start":
        return w["sep"].join(quote(d.name(v), d.lang) for v in value)
    if key == "share":
        return f"{number(value * 100)}%"
    if leaf in ("score", "benchmark"):
        return f"{number(value)}%"
    if isinstance(value, float | int) and not isinstance(value, bool):
        return number(value)
    if isinstance(value, list):
        return " / ".join(_value(d, "", v, w) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _item(value: dict[str, Any], lang: str) -> str:
    """A standard or an expectation in one line: its text, and a standard's target."""
    text = value.get("text", "")
    target = value.get("target")
    if target:
        text += t("words.paren", lang, text=target_text(Target(**target)))
    return text


def _target(value: dict[str, Any], w: dict[str, str]) -> str:
    target = value.get("target")
    return target_text(Target(**target)) if target else w["none"]


def _item_change(before: dict[str, Any], after: dict[str, Any], lang: str, w: dict[str, str]) -> str:
    """An edited standard or expectation: old → new, or only what changed when the text stayed."""
    if before.get("text") != after.get("text"):
        return f"{_item(before, lang)} → {_item(after, lang)}"
    parts = []
    if before.get("target") != after.get("target"):
        parts.append(f"{_target(before, w)} → {_target(after, w)}")
    for key in ("kind", "dimension", "kano", "source", "id"):
        if before.get(key) != after.get(key):
            old, new = (label(x, lang) if x else w["none"] for x in (before.get(key), after.get(key)))
            parts.append(f"{old} → {new}")
    if before.get("answers") != after.get("answers"):
        parts.append(f"{', '.join(before.get('answers') or []) or w['none']} → "
                     f"{', '.join(after.get('answers') or []) or w['none']}")
    return f"{before.get('text', '')}{w['colon']}{w['semicolon'].join(parts)}"


def _field_lines(d: JourneyDiff, change: Change[Any], w: dict[str, str]) -> tuple[str, ...]:
    lines = []
    for key, values in change.fields.items():
        name = field_label(key, d.lang)
        if "added" in values:  # expectations, standards: item by item
            counts = [w[f"n_{kind}"].format(n=len(values[kind])) for kind in ("added", "removed", "changed")
                      if values[kind]]
            lines.append(f"{name}{w['colon']}{w['sep'].join(counts)}")
            lines += [f"  + {_item(x, d.lang)}" for x in values["added"]]
            lines += [f"  {_MINUS} {_item(x, d.lang)}" for x in values["removed"]]
            lines += [f"  ~ {_item_change(x['before'], x['after'], d.lang, w)}" for x in values["changed"]]
            continue
        lines.append(f"{name}{w['colon']}{_value(d, key, values['before'], w)} → {_value(d, key, values['after'], w)}")
    return tuple(lines)


def _edge(d: JourneyDiff, key: tuple[str, str], journey_edges: dict[tuple[str, str], Any]) -> str:
    text = f"{quote(d.name(key[0]), d.lang)} → {quote(d.name(key[1]), d.lang)}"
    edge = journey_edges.get(key)
    if edge is not None and edge.label:
        text += t("words.paren", d.lang, text=edge.label)
    return text


def _change_groups(d: JourneyDiff, w: dict[str, str]) -> list[Group]:
    groups = []
    q = d.lang
    tp = d.touchpoints
    stage_of = {t.id: t.stage for t in [*d.before.touchpoints, *d.after.touchpoints]}

    def where(tp_id: str) -> str:
        name = quote(d.name(tp_id), q)
        stage = d.stage_name(stage_of[tp_id])
        return name + t("words.paren", q, text=stage)

    lines: list[Line] = []
    lines += [Line(where(x), (), "added") for x in tp.added]
    lines += [Line(where(x), (), "removed") for x in tp.removed]
    lines += [Line(quote(d.name(c.key), q), _field_lines(d, c, w), "changed") for c in tp.changed]
    if lines:
        groups.append(Group(w["touchpoints"], tuple(lines)))

    st = d.stages
    lines = [Line(d.stage_name(x), (), "added") for x in st.added]
    lines += [Line(d.stage_name(x), (), "removed") for x in st.removed]
    lines += [Line(d.stage_name(c.key), _field_lines(d, c, w), "changed") for c in st.changed]
    if d.stage_order is not None:
        old, new = (w["sep"].join(d.stage_name(s) for s in order) for order in d.stage_order)
        lines.append(Line(w["order"], (f"{old} → {new}",), "changed"))
    if lines:
        groups.append(Group(w["stages"], tuple(lines)))

    before_edges = {(e.source, e.target): e for e in d.before.edges}
    after_edges = {(e.source, e.target): e for e in d.after.edges}
    ed = d.edges
    lines = [Line(_edge(d, x, after_edges), (), "added") for x in ed.added]
    lines += [Line(_edge(d, x, before_edges), (), "removed") for x in ed.removed]
    lines += [Line(_edge(d, c.key, {}), _field_lines(d, c, w), "changed") for c in ed.changed]
    if lines:
        groups.append(Group(w["edges"], tuple(lines)))

    if d.journey:
        groups.append(Group(w["journey"], tuple(Line(line, (), "changed")
                                                for line in _field_lines(d, Change("", d.journey), w))))
    return groups


# --- plain text -------------------------------------------------------------------------------------

def _plain(text: str) -> str:
    """User text for a terminal or an email: control characters dropped, line breaks folded."""
    text = " ".join(text.splitlines())
    return "".join(ch for ch in text if unicodedata.category(ch) not in ("Cc", "Cs"))


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - columns(text))


def _sections(report: Report) -> list[tuple[str, list[tuple[str, Line]]]]:
    """The report's findings and changes as (heading, [(sub-heading, line)]) for the text and Markdown."""
    w = report.words
    out: list[tuple[str, list[tuple[str, Line]]]] = []
    for group in (*report.findings, *report.follow_up):
        out.append((group.title, [("", line) for line in group.lines]))
    for group in report.changes:
        entries: list[tuple[str, Line]] = []
        for kind in ("added", "removed", "changed"):
            lines = [line for line in group.lines if line.kind == kind]
            if lines:
                entries += [(w[kind].format(n=len(lines)), line) for line in lines]
        out.append((f"{w['changes']} · {group.title}", entries))
    return out


def report_text(report: Report) -> str:
    """The report as plain text for an email or a terminal."""
    w = report.words
    out = [_plain(report.heading), _plain(report.versions), "", report.summary, "",
           w["metrics"]]
    width = max([columns(m.label) for m in report.metrics] + [0]) + 2
    for m in report.metrics:
        out.append(f"  {_pad(m.label, width)}{m.before} → {m.after}  ({m.change})")
    if not report.findings:
        out += ["", w["no_findings_change"]]
    if not report.changes:
        out += ["", w["no_changes"]]
    for heading, entries in _sections(report):
        out += ["", heading]
        current = None
        for sub, line in entries:
            if sub and sub != current:
                out.append(f"  {sub}")
                current = sub
            indent = "    " if sub else "  "
            out.append(f"{indent}- {_plain(line.text)}")
            out += [f"{indent}    {_plain(detail)}" for detail in line.details]
    return "\n".join(out) + "\n"


# --- Markdown ---------------------------------------------------------------------------------------

def report_markdown(report: Report) -> str:
    """The report as Markdown (CommonMark with a GFM table); user text escaped with ``md_text``."""
    w = report.words
    verdict = f"{w['verdict']}{w['colon']}{w[report.verdict]}{w['period']}"
    out = [f"# {w['document']}{w['colon']}{md_text(report.title)}", "", f"*{md_text(report.versions)}*", "",
           f"**{verdict}** {report.headline}", "", f"## {w['metrics']}", "",
           f"| {w['metric']} | {md_text(report.before_label)} "
           f"| {md_text(report.after_label)} | {w['change']} |", "| --- | ---: | ---: | ---: |"]
    for m in report.metrics:
        change = f"**{m.change}**" if m.trend else m.change
        out.append(f"| {m.label} | {m.before} | {m.after} | {change} |")
    out.append("")
    if not report.findings:
        out += [w["no_findings_change"], ""]
    if not report.changes:
        out += [w["no_changes"], ""]
    for heading, entries in _sections(report):
        out += [f"## {md_text(heading)}", ""]
        current = None
        for sub, line in entries:
            if sub and sub != current:
                out += ["", f"### {sub}", ""] if current is not None else [f"### {sub}", ""]
                current = sub
            out.append(f"- {md_text(line.text)}")
            out += [f"  - {md_text(detail)}" for detail in line.details]
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


# --- HTML -------------------------------------------------------------------------------------------

_COMPARE_STYLE = """
.headline { font-size: 1.15rem; margin: .8rem 0 1.2rem; }
.verdict { display: inline-block; font-weight: 700; color: #fff; border-radius: 999px; padding: .1rem .8rem;
  margin-right: .5rem; background: var(--grey); }
.verdict.better { background: var(--green); } .verdict.worse { background: var(--red); }
.verdict.mixed { background: var(--amber); }
td.better { color: var(--green); font-weight: 600; } td.worse { color: var(--red); font-weight: 600; }
td.num { text-align: right; white-space: nowrap; }
.change { border-left: 5px solid var(--grey); padding: .3rem .8rem; margin: .4rem 0; background: var(--soft); }
.change.added { border-color: var(--green); } .change.removed { border-color: var(--red); }
.change.changed { border-color: var(--amber); }
.change p { margin: .15rem 0; } .change .detail { color: var(--grey); white-space: pre-wrap; }
.tag { font-size: .75rem; font-weight: 600; border-radius: 4px; padding: 0 .4rem; margin-right: .4rem; color: #fff; }
.tag.added { background: var(--green); } .tag.removed { background: var(--red); }
.tag.changed { background: var(--amber); }
@media print { .verdict, .tag, .change { -webkit-print-color-adjust: exact; print-color-adjust: exact; } }
"""


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _figures(d: JourneyDiff, report: Report) -> list[str]:
    from .charts import compare_curve, to_image
    from .dot import DiagramOptions, diff_dot, render

    w = report.words
    try:
        svg = render(diff_dot(d, DiagramOptions(lang=report.lang)), "svg")
        # On its own landscape sheet, filling it (the script's print style).
        parts = [f'<section class="sheet"><h2>{_e(w["diagram"])}</h2>'
                 f'<div class="figure diagram">{svg_fragment(svg)}</div></section>']
    except RuntimeError:
        parts = [f'<h2>{_e(w["diagram"])}</h2>', f'<p class="note">{_e(w["no_diagram"])}</p>']
    curve = to_image(compare_curve(d, report.lang), "svg")
    parts += [f"<h2>{_e(w['curve'])}</h2>", f'<div class="figure curve">{svg_fragment(curve)}</div>']
    return parts


def report_html(report: Report, d: JourneyDiff | None = None) -> str:
    """The report as one self-contained HTML page (inline style; with ``d``, the diff diagram and the
    overlaid curves as inline SVG); no script, nothing loaded from anywhere."""
    w = report.words
    lang = t("words.locale", report.lang)
    out = ["<!doctype html>", f'<html lang="{lang}">', "<head>", '<meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>{_e(report.heading)}</title>", f"<style>{STYLE}{_COMPARE_STYLE}</style>", "</head>", "<body>",
           f"<h1>{_e(report.heading)}</h1>", f'<p class="note">{_e(report.versions)}</p>',
           f'<p class="headline"><span class="verdict {report.verdict}">{_e(w["verdict"])}{_e(w["colon"])}'
           f"{_e(w[report.verdict])}</span>{_e(report.headline)}</p>",
           f"<h2>{_e(w['metrics'])}</h2>", "<table><thead><tr>",
           "".join(f"<th>{_e(h)}</th>" for h in (w["metric"], report.before_label, report.after_label, w["change"])),
           "</tr></thead><tbody>"]
    for m in report.metrics:
        out.append(f"<tr><td>{_e(m.label)}</td><td class=\"num\">{_e(m.before)}</td><td class=\"num\">"
                   f"{_e(m.after)}</td><td class=\"num {m.trend}\">{_e(m.change)}</td></tr>")
    out.append("</tbody></table>")
    if d is not None:
        out += _figures(d, report)
    if not report.findings:
        out.append(f"<p>{_e(w['no_findings_change'])}</p>")
    for group in report.findings:
        out.append(f"<h2>{_e(group.title)}</h2>")
        for line in group.lines:
            out.append(f'<div class="weak {line.kind}"><p><strong>{_e(line.text)}</strong></p>'
                       + "".join(f"<p>{_e(x)}</p>" for x in line.details) + "</div>")
    for group in report.follow_up:
        out.append(f"<h2>{_e(group.title)}</h2><ul>")
        out += [f'<li class="{line.kind}">{_e(line.text)}</li>' for line in group.lines]
        out.append("</ul>")
    out.append(f"<h2>{_e(w['changes'])}</h2>")
    if not report.changes:
        out.append(f"<p>{_e(w['no_changes'])}</p>")
    for group in report.changes:
        out.append(f"<h3>{_e(group.title)}</h3>")
        for line in group.lines:
            tag = w[f"tag_{line.kind}"]
            details = "".join(f'<p class="detail">{_e(x)}</p>' for x in line.details)
            out.append(f'<div class="change {line.kind}"><p><span class="tag {line.kind}">{_e(tag)}</span>'
                       f"<strong>{_e(line.text)}</strong></p>{details}</div>")
    out += ["</body>", "</html>"]
    return "\n".join(out) + "\n"
