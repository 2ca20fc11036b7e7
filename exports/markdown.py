"""The experience script as Markdown (CommonMark with GFM tables), for handouts, wikis and git.

Text people typed never becomes Markdown structure: :func:`md_text` backslash-escapes every character
that could start a heading, list, link, emphasis, code span, table cell or raw HTML, and folds line
breaks into spaces, so a touchpoint named ``# Heading`` or ``[link](http://x)`` stays plain text.
"""

from __future__ import annotations

from journeys.analysis import Analysis
from journeys.model import Journey
from journeys.words import t
from journeys.workshop import Results

from .md_inline import md_text
from .script import Script, TouchpointSection, build_script

__all__ = ["md_text", "script_markdown"]

def _cell(s: str | None, dash: str) -> str:
    return md_text(s) if s else dash


def _touchpoint(tp: TouchpointSection, script: Script) -> list[str]:
    w = script.words
    colon = w["colon"]
    lines = [f"### {tp.number}. {md_text(tp.name)}", ""]

    def field(name: str, value: str | None) -> None:
        if value:
            lines.append(f"- **{name}**{colon}{value}")

    field(w["moments"], " · ".join(f"**{b.label}**" for b in tp.badges))
    field(w["channel"], tp.channel)  # vocabulary labels are ours
    if tp.owner or tp.backup:
        field(w["owner_backup"], f"{_cell(tp.owner, w['none'])} / {_cell(tp.backup, w['none'])}")
    field(w["customer_action"], md_text(tp.customer_action) if tp.customer_action else None)
    # Scores and percentages are the script's own formatting, never user text; their notes may be.
    field(w["emotion"], tp.line("emotion", md_text))
    field(w["satisfaction"], tp.line("satisfaction", md_text))
    lines.append("")
    if tp.expectations:
        lines += [f"**{w['expectations']}**", ""]
        for x in tp.expectations:
            source = t("words.paren", script.lang, text=x.source) \
                if x.source else ""
            lines.append(f"- {md_text(x.text)}{source}")
        lines.append("")
    if tp.standards:
        lines += [f"**{w['standards']}**", "",
                  f"| {w['kind']} | {w['standard']} | {w['target']} | {w['dimension']} | {w['kano']} |",
                  "| --- | --- | --- | --- | --- |"]
        for s in tp.standards:
            lines.append(f"| {s.kind_label} | {md_text(s.text)} | {_cell(s.target_line, w['none'])} "
                         f"| {s.dimension_label} | {s.kano_label or w['none']} |")
        lines.append("")
    if tp.employee_action:
        lines += [f"**{w['employee_action']}**{colon}{md_text(tp.employee_action)}", ""]
    if tp.script:
        lines += [f"**{w['script']}**", ""]
        for line in tp.script:
            lines += [f"> {md_text(line)}", ">"]
        lines[-1] = ""
    if tp.wow:
        lines += [f"**{w['wow']}**{colon}{md_text(tp.wow)}", ""]
    if tp.recovery:
        r = tp.recovery
        lines += [f"**{w['recovery']}**", "", f"- **{w['plan']}**{colon}{md_text(r.plan)}"]
        if r.steps:
            lines.append(f"- **{w['steps']}**{colon}" + " → ".join(r.steps))
        if r.strategies:
            lines.append(f"- **{w['strategies']}**{colon}" + w["sep"].join(r.strategies))
        lines.append("")
    return lines


def _render(script: Script) -> str:
    w = script.words
    colon = w["colon"]
    lines = [f"# {w['document']}{colon}{md_text(script.title)}", ""]
    if script.persona:
        p = script.persona
        lines += [f"## {w['persona']}", ""]
        for key, value in (("persona_name", p.name), ("goal", p.goal), ("description", p.description)):
            if value:
                lines.append(f"- **{w[key]}**{colon}{md_text(value)}")
        lines.append("")

    lines += [f"## {w['design']}", "", f"### {w['peak_end']}", "",
              f"| {w['moment']} | {w['touchpoint']} | {w['perceived']} | {w['wow']} |",
              "| --- | --- | --- | --- |"]
    for h in script.highlights:
        lines.append(f"| **{h.label}** | {_cell(h.touchpoint, w['none'])} | {h.perceived or w['none']} "
                     f"| {_cell(h.wow, w['none'])} |")
    lines += ["", f"### {w['metrics']}", "", f"| {w['metric']} | {w['value']} |", "| --- | --- |"]
    for m in script.metrics:
        lines.append(f"| {m.label} | {m.value} |")
    lines.append("")

    for stage in script.stages:
        if not stage.touchpoints:
            continue
        lines += [f"## {w['stage']} {stage.number}{colon}{md_text(stage.name)}", ""]
        for tp in stage.touchpoints:
            lines += _touchpoint(tp, script)

    lines += [f"## {w['weak_points']}", ""]
    if not script.weak_groups:
        lines += [w["no_weak_points"], ""]
    for group in script.weak_groups:
        lines += [f"### {script.count_label(group)}", ""]
        for item in group.items:
            where = w["sep"].join(md_text(n) for n in item.touchpoints)
            head = f"- **{item.title}**" + (f" · {where}" if where else "")
            lines += [head, f"  - {md_text(item.message)}",
                      f"  - *{w['suggestion']}*{colon}{md_text(item.suggestion)}"]
        lines.append("")
    if script.actions:
        heads = script.action_heads()
        lines += [f"## {w['actions']}", "", "| " + " | ".join(heads) + " |", "|" + "---|" * len(heads)]
        lines += ["| " + " | ".join(md_text(v) for v in (a.title, a.addresses, a.owner, a.due, a.status)) + " |"
                  for a in script.actions]
        lines.append("")
    if script.workshop is not None:
        lines += _workshop(script)
    return "\n".join(lines).rstrip("\n") + "\n"


def _workshop(script: Script) -> list[str]:
    w, block = script.words, script.workshop
    assert block is not None
    heads = [w[k] for k in ("touchpoint", "workshop_votes_n", "perceived", "expected", "workshop_pain")]
    lines = [f"## {w['workshop']}", "", md_text(block.summary), "", "| " + " | ".join(heads) + " |",
             "|" + "---|" * len(heads)]
    lines += [f"| {md_text(r.name)} | {r.votes} | {r.perceived} | {r.expected} | {r.pain} |" for r in block.rows]
    lines.append("")
    if block.comments:
        lines += [f"### {w['workshop_comments']}", ""]
        lines += [f"- **{md_text(name)}**{w['colon']}{md_text(text)}" for name, text in block.comments]
        lines.append("")
    return lines


def script_markdown(journey: Journey, analysis: Analysis, lang: str, workshop: Results | None = None) -> str:
    """The experience script of ``journey`` as a Markdown document.

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
        CommonMark with GFM tables, ending in one newline; user text escaped with :func:`md_text`.
    """
    return _render(build_script(journey, analysis, lang, workshop))
