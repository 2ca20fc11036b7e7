"""The customer experience script (客户体验流程脚本) as a small document model.

Seed 001 asks for "Deliverable 2: the customer experience process script 1.0": for every moment of
truth from deal to follow-up visit, the service standard, the innovative service details, the
designed wow point (感动点) and the end experience. :func:`build_script` gathers all of it once,
in the order a trainer reads it aloud, with every fixed word already in the export's language:

1. the title and the persona (目标客户);
2. the peak and end design (峰终定律, Kahneman et al., 1993) and the key metrics;
3. the journey in display order, stage by stage, one section per touchpoint;
4. the open weak points, grouped by severity;
5. the improvement actions (改进行动) when the journey has any: title, what each addresses, owner, due
   date and status;
6. for a stored journey the room has scored, the workshop votes (per touchpoint: votes, mean and spread
   of the perceived and expected scores, pain marks, and the comments).

The Markdown, HTML and Word writers (``exports.markdown``, ``exports.html``, ``exports.docx``) only
lay this model out; none of them reads the journey again, so the three documents always agree.
Journey content stays exactly as typed: escaping is each writer's job.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from journeys import fields
from journeys.analysis import Analysis
from journeys.findings import SEVERITIES
from journeys.formatting import number, target_text
from journeys.model import Journey, Standard, Touchpoint
from journeys.rules.experience import is_pain
from journeys.texts import rule_title
from journeys.vocab import DIMENSIONS, MOMENTS, label
from journeys.words import lang_of, section, t
from journeys.workshop import Results, TouchpointResult

from ._followup import ActionRow, action_rows

__all__ = [
    "Badge",
    "ExpectationLine",
    "Highlight",
    "Metric",
    "Note",
    "PersonaBlock",
    "RecoveryBlock",
    "Script",
    "StageSection",
    "StandardRow",
    "TouchpointSection",
    "WeakGroup",
    "WeakPoint",
    "WorkshopBlock",
    "WorkshopRow",
    "build_script",
    "script_lang",
]




def script_lang(lang: str) -> str:
    """``zh`` for any Chinese language tag (``zh``, ``zh-CN``), else ``en``.

    Examples
    --------
    >>> script_lang("zh-CN"), script_lang("en-GB")
    ('zh', 'en')
    """
    return lang_of(lang)


def _percent(share: float | None) -> str | None:
    return None if share is None else f"{number(share * 100)}%"


@dataclass(frozen=True)
class Badge:
    """A moment badge: ``kind`` is ``mot``, ``peak``, ``end`` or ``pain``; ``label`` is its word."""

    kind: str
    label: str


@dataclass(frozen=True)
class PersonaBlock:
    """Who walks the journey."""

    name: str | None
    goal: str | None
    description: str | None


@dataclass(frozen=True)
class Highlight:
    """A designed peak or end: which touchpoint, how it is perceived, its wow detail."""

    kind: str
    label: str
    touchpoint: str | None
    perceived: str | None
    wow: str | None


@dataclass(frozen=True)
class Metric:
    """One key figure with its label; ``value`` is already formatted (``—`` when unknown)."""

    key: str
    label: str
    value: str


@dataclass(frozen=True)
class ExpectationLine:
    """A customer expectation and the label of its source (``None`` when not given)."""

    text: str
    source: str | None


@dataclass(frozen=True)
class StandardRow:
    """A service standard, every value already labelled in the export's language."""

    text: str
    kind: str
    kind_label: str
    metric: str | None
    target: str | None
    dimension: str
    dimension_label: str
    kano_label: str | None

    @property
    def target_line(self) -> str | None:
        """Metric and target together (``问候距离 ≤ 10 步``), or ``None`` for a standard without target."""
        if self.target is None:
            return None
        return f"{self.metric} {self.target}" if self.metric else self.target


@dataclass(frozen=True)
class Note:
    """Fields the field table has the script write beside the line of their block (``line``: ``emotion``),
    already labelled and joined; typed text in them is kept as typed (writers escape it)."""

    line: str
    text: str


@dataclass(frozen=True)
class RecoveryBlock:
    """A service-recovery plan with the labels of its CLEAR steps and strategies."""

    plan: str
    steps: tuple[str, ...]
    strategies: tuple[str, ...]


@dataclass(frozen=True)
class TouchpointSection:
    """Everything the script says about one touchpoint (``None`` or empty where nothing was designed)."""

    id: str
    number: int
    name: str
    badges: tuple[Badge, ...]
    channel: str | None
    owner: str | None
    backup: str | None
    customer_action: str | None
    emotion: str | None
    expectations: tuple[ExpectationLine, ...]
    standards: tuple[StandardRow, ...]
    employee_action: str | None
    script: tuple[str, ...]
    wow: str | None
    recovery: RecoveryBlock | None
    satisfaction: str | None
    notes: tuple[Note, ...] = ()

    def line(self, name: str, escape: Callable[[str], str] = str) -> str | None:
        """The line ``name`` (``emotion``, ``satisfaction``) with its notes after it, the notes passed
        through ``escape`` (they hold typed text): ``期望 3 → 感知 4（+1） · 调研、n=120、2026-Q3``."""
        own: str | None = getattr(self, name)
        notes = [escape(n.text) for n in self.notes if n.line == name]
        if not notes:
            return own
        return " · ".join([own, *notes] if own else notes)


@dataclass(frozen=True)
class StageSection:
    """A service stage and its touchpoints in display order."""

    id: str
    number: int
    name: str
    touchpoints: tuple[TouchpointSection, ...]


@dataclass(frozen=True)
class WeakPoint:
    """One open finding as the script shows it."""

    rule: str
    title: str
    touchpoints: tuple[str, ...]
    message: str
    suggestion: str


@dataclass(frozen=True)
class WeakGroup:
    """The findings of one severity."""

    severity: str
    label: str
    items: tuple[WeakPoint, ...]


@dataclass(frozen=True)
class WorkshopRow:
    """One touchpoint's votes, every value already written out (``3.8 ± 0.9 (2–5)``)."""

    name: str
    votes: str
    perceived: str
    expected: str
    pain: str


@dataclass(frozen=True)
class WorkshopBlock:
    """A workshop session's votes: a summary line, a row per touchpoint and the comments."""

    summary: str
    rows: tuple[WorkshopRow, ...]
    comments: tuple[tuple[str, str], ...]
    """``(touchpoint name, text)`` in session order."""


@dataclass(frozen=True)
class Script:
    """The whole experience script, ready for a writer."""

    lang: str
    title: str
    persona: PersonaBlock | None
    highlights: tuple[Highlight, ...]
    metrics: tuple[Metric, ...]
    stages: tuple[StageSection, ...]
    weak_groups: tuple[WeakGroup, ...]
    workshop: WorkshopBlock | None = None
    """The workshop votes of a stored journey; ``None`` for a file journey or one never scored by a room."""
    actions: tuple[ActionRow, ...] = ()
    """The journey's improvement actions, in file order; none, and no section, when it has none."""

    def action_heads(self) -> list[str]:
        """The column heads of the actions table."""
        w = self.words
        return [w[k] for k in ("action_title", "action_addresses", "action_owner", "action_due", "action_status")]

    @property
    def words(self) -> dict[str, str]:
        """The fixed words in the script's language."""
        return section("script.", self.lang)

    @property
    def heading(self) -> str:
        """The document title: ``客户体验流程脚本：<journey title>``."""
        return f"{self.words['document']}{self.words['colon']}{self.title}"

    def count_label(self, group: WeakGroup) -> str:
        """A severity heading with its count: ``严重（1）`` or ``Critical (1)``."""
        n = len(group.items)
        return t("script.count", self.lang, label=group.label, n=n)

    def touchpoints(self) -> list[TouchpointSection]:
        """Every touchpoint section in display order."""
        return [tp for stage in self.stages for tp in stage.touchpoints]


def _badges(tp: Touchpoint, lang: str) -> tuple[Badge, ...]:
    marked = set(tp.moments)
    if is_pain(tp):
        marked.add("pain")
    return tuple(Badge(m, label(m, lang)) for m in MOMENTS if m in marked)


def _emotion(tp: Touchpoint, lang: str) -> str | None:
    w = section("script.", lang)
    e, p = tp.expected, tp.perceived
    if e is None and p is None:
        return None
    parts = []
    if e is not None:
        parts.append(f"{w['expected_short']} {number(e)}")
    if p is not None:
        parts.append(f"{w['perceived_short']} {number(p)}")
    text = " → ".join(parts)
    if e is not None and p is not None:
        gap = p - e
        sign = "+" if gap > 0 else ("−" if gap < 0 else "±")
        text += t("script.gap", lang, gap=f"{sign}{number(abs(gap))}")
    return text


def _satisfaction(tp: Touchpoint, lang: str) -> str | None:
    s = tp.satisfaction
    if s is None:
        return None
    score = f"{number(s.score)}%"
    if s.benchmark is None:
        return score
    diff = round(s.score - s.benchmark, 2)
    bench = f"{number(s.benchmark)}%"
    if diff == 0:
        return t("script.bench_level", lang, score=score, bench=bench)
    points = t("words.point_unit", lang, count=abs(diff))
    return t("script.bench_below" if diff < 0 else "script.bench_above", lang, score=score, bench=bench,
             diff=number(abs(diff)), points=points)


def _notes(tp: Touchpoint, lang: str) -> tuple[Note, ...]:
    """The fields the field table writes as notes, block by block, in its order; a field left at its
    default (or not given) says nothing."""
    parts: dict[str, list[str]] = {}
    for field in fields.shown("script"):
        if field.note is None:
            continue
        value: Any = tp
        for name in field.path.split("."):
            value = getattr(value, name, None)
        if value is None or value == field.default:
            continue
        shown = label(value, lang) if field.kind == "choice" else number(value) if field.kind in _NUMBERS \
            else str(value)
        parts.setdefault(fields.parent(field.path), []).append(t(field.note, lang, value=shown))
    return tuple(Note(line, t("words.list_sep", lang).join(texts)) for line, texts in parts.items())


_NUMBERS = ("count", "number", "score", "percent")


def _standard(s: Standard, lang: str) -> StandardRow:
    return StandardRow(
        text=s.text,
        kind=s.kind,
        kind_label=label(s.kind, lang),
        metric=s.target.metric if s.target else None,
        target=target_text(s.target) if s.target else None,
        dimension=s.dimension,
        dimension_label=label(s.dimension, lang),
        kano_label=label(s.kano, lang) if s.kano else None,
    )


def _section(tp: Touchpoint, index: int, lang: str) -> TouchpointSection:
    recovery = None
    if tp.recovery is not None:
        recovery = RecoveryBlock(
            plan=tp.recovery.plan,
            steps=tuple(label(step, lang) for step in tp.recovery.steps),
            strategies=tuple(label(s, lang) for s in tp.recovery.strategies),
        )
    return TouchpointSection(
        id=tp.id,
        number=index,
        name=tp.name,
        badges=_badges(tp, lang),
        channel=label(tp.channel, lang) if tp.channel else None,
        owner=tp.owner or None,
        backup=tp.backup or None,
        customer_action=tp.customer_action or None,
        emotion=_emotion(tp, lang),
        expectations=tuple(ExpectationLine(x.text, label(x.source, lang) if x.source else None)
                           for x in tp.expectations),
        standards=tuple(_standard(s, lang) for s in tp.standards),
        employee_action=tp.employee_action or None,
        script=tuple(line for line in tp.script if line.strip()),
        wow=tp.wow or None,
        recovery=recovery,
        satisfaction=_satisfaction(tp, lang),
        notes=_notes(tp, lang),
    )


def _highlights(ordered: list[Touchpoint], lang: str) -> tuple[Highlight, ...]:
    w = section("script.", lang)
    rows: list[Highlight] = []
    for kind in ("peak", "end"):
        marked = [tp for tp in ordered if tp.has(kind)]
        if not marked:
            rows.append(Highlight(kind, label(kind, lang), None, None, w["not_designed"]))
        for tp in marked:
            perceived = number(tp.perceived) if tp.perceived is not None else None
            rows.append(Highlight(kind, label(kind, lang), tp.name, perceived, tp.wow or None))
    return tuple(rows)


def _metrics(analysis: Analysis, lang: str) -> tuple[Metric, ...]:
    w = section("script.", lang)
    m = analysis.metrics
    dash = w["none"]

    def score(value: float | None) -> str:
        return dash if value is None else number(value)

    gap = m.get("mean_gap")
    gap_text = dash if gap is None else ("+" if gap > 0 else ("−" if gap < 0 else "")) + number(abs(gap))
    hard = m.get("hard_standards", 0)
    with_target = _percent(m.get("hard_with_target_share"))
    hard_text = t("script.hard_count", lang, n=hard) + (t("script.with_target", lang, share=with_target)
                                                          if with_target else "")
    backup = _percent(m.get("backup_share")) or dash
    mot_backup = _percent(m.get("mot_backup_share"))
    backup_text = backup + (t("script.mot_backup", lang, share=mot_backup) if mot_backup else "")
    rows = [
        ("peak_end", w["m_peak_end"], score(m.get("peak_end_score"))),
        ("mean", w["m_mean"], score(m.get("mean_perceived"))),
        ("gap", w["m_gap"], gap_text),
        ("servqual", w["m_servqual"], f"{m.get('dimensions_covered', 0)}/{len(DIMENSIONS)}"),
        ("hard", w["m_hard"], hard_text),
        ("answered", w["m_answered"], _percent(m.get("expectations_answered_share")) or dash),
        ("owner", w["m_owner"], _percent(m.get("owner_share")) or dash),
        ("backup", w["m_backup"], backup_text),
    ]
    return tuple(Metric(key, text, value) for key, text, value in rows)


def _weak_groups(journey: Journey, analysis: Analysis, lang: str) -> tuple[WeakGroup, ...]:
    names = {tp.id: tp.name for tp in journey.touchpoints}
    groups = []
    for severity in SEVERITIES:
        items = tuple(
            WeakPoint(
                rule=f.rule,
                title=rule_title(f.rule, lang),
                touchpoints=tuple(names.get(t, t) for t in f.touchpoints),
                message=f.message,
                suggestion=f.suggestion,
            )
            for f in analysis.findings
            if f.severity == severity
        )
        if items:
            groups.append(WeakGroup(severity, section("script.", lang)[severity], items))
    return tuple(groups)


def _scores(mean: float | None, sd: float | None, low: int | None, high: int | None, dash: str) -> str:
    if mean is None:
        return dash
    text = number(round(mean, 1))
    if sd is not None:
        text += f" ± {number(round(sd, 1))}"
    return text + (f" ({low}–{high})" if low != high else "")


def _workshop_row(tp: TouchpointResult, dash: str) -> WorkshopRow:
    return WorkshopRow(tp.name, str(tp.votes),
                       _scores(tp.perceived_mean, tp.perceived_sd, tp.perceived_min, tp.perceived_max, dash),
                       _scores(tp.expected_mean, tp.expected_sd, tp.expected_min, tp.expected_max, dash),
                       str(tp.pain) if tp.pain else dash)


def _workshop(results: Results, lang: str) -> WorkshopBlock:
    session, dash = results.session, t("script.none", lang)
    state = "script.workshop_closed" if session.closed_at else "script.workshop_open"
    summary = t(state, lang, day=session.started_at[:10], people=results.participants, votes=results.votes,
                version=session.version if session.version is not None else dash)
    return WorkshopBlock(summary, tuple(_workshop_row(tp, dash) for tp in results.touchpoints),
                         tuple((tp.name, c.text) for tp in results.touchpoints for c in tp.comments))


def build_script(journey: Journey, analysis: Analysis, lang: str, workshop: Results | None = None) -> Script:
    """Gather the experience script of ``journey`` once, for every writer.

    Parameters
    ----------
    journey
        The journey to write up.
    analysis
        Its analysis (``journeys.analysis.analyze``); findings are shown as written there, so analyse
        in the same language.
    lang
        ``zh`` or ``en``; language tags such as ``zh-CN`` or ``en-GB`` are read by their prefix.
    workshop
        A workshop session's results (a stored journey's, :func:`journeys.workshop.script_session`):
        the script then ends with the workshop votes.

    Returns
    -------
    Script
        The document model: fixed words in ``lang``, journey content as typed.

    Examples
    --------
    >>> from journeys.catalog import load_template
    >>> from journeys.analysis import analyze
    >>> j = load_template("business-hall", "zh-CN")
    >>> s = build_script(j, analyze(j, "zh"), "zh-CN")
    >>> s.heading
    '客户体验流程脚本：营业厅办理套餐变更'
    >>> s.touchpoints()[1].standards[0].target
    '≤ 10 步'
    """
    lang = script_lang(lang)
    order = analysis.order_of(journey)
    by_id = {tp.id: tp for tp in journey.touchpoints}
    ordered = [by_id[i] for i in order]
    stages: list[StageSection] = []
    counter = 0
    for s_index, stage in enumerate(journey.stages, start=1):
        sections = []
        for tp in ordered:
            if tp.stage == stage.id:
                counter += 1
                sections.append(_section(tp, counter, lang))
        stages.append(StageSection(stage.id, s_index, stage.name, tuple(sections)))
    persona = None
    if journey.persona and (journey.persona.name or journey.persona.goal or journey.persona.description):
        p = journey.persona
        persona = PersonaBlock(p.name or None, p.goal or None, p.description or None)
    return Script(
        lang=lang,
        title=journey.title,
        persona=persona,
        highlights=_highlights(ordered, lang),
        metrics=_metrics(analysis, lang),
        stages=tuple(stages),
        weak_groups=_weak_groups(journey, analysis, lang),
        workshop=_workshop(workshop, lang) if workshop is not None else None,
        actions=action_rows(journey, lang, analysis.today),
    )
