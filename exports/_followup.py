"""The follow-through in the exports: the actions table of the experience script and, in the comparison
report, the actions done, new and overdue and the measured scores and NPS before and after. Every fixed
word in the document's language; user text as typed (each writer escapes it)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from journeys.actions import address_text, due_text
from journeys.diff import JourneyDiff
from journeys.formatting import number
from journeys.model import Action, Emotion, Journey, Nps
from journeys.texts import quote
from journeys.vocab import label
from journeys.words import t

__all__ = ["ActionRow", "action_rows", "follow_up_lines", "nps_text", "score_text"]


@dataclass(frozen=True)
class ActionRow:
    """One improvement action as the script's table shows it, every cell written out."""

    title: str
    addresses: str
    owner: str
    due: str
    status: str


def action_rows(journey: Journey, lang: str, today: dt.date | None = None) -> tuple[ActionRow, ...]:
    """The journey's actions, in file order, as table rows (due dates marked overdue as of ``today``,
    default the date today)."""
    day = today or dt.date.today()
    dash = t("compare.measured.missing", lang)
    return tuple(ActionRow(a.title,
                           t("words.list_sep", lang).join(address_text(journey, x, lang) for x in a.addresses) or dash,
                           a.owner or dash, due_text(a, day, lang) if a.due else dash, label(a.status, lang))
                 for a in journey.actions)


def nps_text(nps: Nps | None, lang: str) -> str:
    """``-12.5（n=40）`` / ``-12.5 (n=40)``; a dash when not set."""
    if nps is None:
        return t("compare.measured.missing", lang)
    value = number(nps.score)
    return t("compare.measured.nps_value", lang, value=value, n=nps.n) if nps.n is not None else value


def score_text(emotion: Emotion | None, lang: str) -> str:
    """A measured perceived score with its evidence and n: ``3.6（客户调研，n=120）``; a dash when none."""
    if emotion is None:
        return t("compare.measured.missing", lang)
    value = number(emotion.perceived) if emotion.perceived is not None else t("compare.measured.missing", lang)
    evidence = label(emotion.evidence or "assumed", lang)
    if emotion.n is not None:
        return t("compare.measured.value", lang, value=value, evidence=evidence, n=emotion.n)
    return t("compare.measured.value_no_n", lang, value=value, evidence=evidence)


def _action_line(a: Action, today: dt.date, lang: str) -> str:
    parts = [a.title, label(a.status, lang)]
    if a.owner:
        parts.append(a.owner)
    if a.due is not None:
        parts.append(due_text(a, today, lang))
    return t("words.list_sep", lang).join(parts)


def follow_up_lines(d: JourneyDiff) -> list[tuple[str, str, list[str]]]:
    """The report's follow-through as ``(group, kind, lines)``: the actions done, new and overdue, then
    the measured scores and NPS (``kind`` ``measured``), each group only when it has lines."""
    f, lang = d.follow_up, d.lang
    groups: list[tuple[str, str, list[str]]] = []
    title = t("compare.actions.title", lang)
    for kind, items in (("done", f.done), ("new", f.new), ("overdue", f.overdue)):
        if items:
            name = t("compare.actions.overdue", lang, today=f.today.isoformat()) if kind == "overdue" \
                else t(f"compare.actions.{kind}", lang)
            groups.append((t("compare.actions.group", lang, title=title, name=name, n=len(items)), kind,
                           [_action_line(a, f.today, lang) for a in items]))
    if f.measures:
        arrow = " → "
        lines = [t("actions.label_value", lang, label=t("compare.measured.nps", lang),
                   value=nps_text(f.nps[0], lang) + arrow + nps_text(f.nps[1], lang))]
        lines += [t("actions.label_value", lang, label=quote(m.name, lang),
                    value=score_text(m.before, lang) + arrow + score_text(m.after, lang)) for m in f.measured]
        groups.append((t("compare.measured.title", lang), "measured", lines))
    return groups
