"""Rules on the follow-through after a workshop: improvement actions (改进行动) and what scores rest on.

An action *addresses* a weak point when one of its addresses names the finding's key
(:attr:`journeys.findings.Finding.addressed`), or names one of the finding's touchpoints
(``{touchpoint: id}``): a team often files one action per touchpoint, and that action covers every
critical weak point there. Every critical weak point needs an open one (``action-missing``), also in a
journey that has no action yet.

The rules on actions run once, after every other rule (they read which weak points are found), and cost
one pass over the actions and one over the findings. Their findings name no touchpoint: they are about
an action, keyed by its id (:attr:`journeys.findings.Finding.subject`), so editing what it addresses
keeps it the same finding across versions.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from ..findings import Context, Facts, Finding, rule
from ..model import Action, Address
from ..texts import rule_title
from ..vocab import label
from ..words import t

__all__ = [
    "Found",
    "action_done_not_fixed",
    "action_incomplete",
    "action_missing",
    "action_overdue",
    "covers",
    "score_assumed",
]

WeakKey = tuple[str, tuple[str, ...], str | None]


@rule("score-assumed", group="evidence", per_touchpoint=True)
def score_assumed(ctx: Context, f: Facts, found: list[Finding]) -> None:
    """A moment of truth whose scores are only the team's assumption (evidence unset or ``assumed``).

    A touchpoint without any score stays silent: there is nothing resting on an assumption (the gap and
    peak-end rules already need scores).
    """
    if f.mot and f.assumed:
        found.append(ctx.about(f, "score-assumed", "info"))


def covers(actions: Sequence[Action]) -> tuple[set[WeakKey], set[str]]:
    """The weak-point keys and the touchpoints that ``actions``' addresses name."""
    keys: set[WeakKey] = set()
    touchpoints: set[str] = set()
    for action in actions:
        for address in action.addresses:
            if address.touchpoint is not None:
                touchpoints.add(address.touchpoint)
            elif (key := address.key) is not None:
                keys.add(key)
    return keys, touchpoints


class Found:
    """The weak points found, looked up by what an address names: by its key, or for a ``{touchpoint}``
    address the critical weak points on that touchpoint. Built in one pass over the findings (the rules'
    own findings on actions, which have a subject, are not weak points)."""

    def __init__(self, findings: Sequence[Finding]) -> None:
        self.by_key: dict[WeakKey, Finding] = {}
        self.critical_at: dict[str, list[Finding]] = {}
        for f in findings:
            if f.subject is not None:
                continue
            self.by_key.setdefault((f.rule, f.touchpoints, f.dimension), f)
            if f.severity == "critical":
                for tp in f.touchpoints:
                    self.critical_at.setdefault(tp, []).append(f)

    def of(self, address: Address) -> list[Finding]:
        """The weak points ``address`` names that are found."""
        if address.touchpoint is not None:
            return list(self.critical_at.get(address.touchpoint, ()))
        key = address.key
        return [self.by_key[key]] if key is not None and key in self.by_key else []


def _covered(f: Finding, keys: set[WeakKey], touchpoints: set[str]) -> bool:
    return f.addressed in keys or (f.severity == "critical" and not touchpoints.isdisjoint(f.touchpoints))


def _where(ctx: Context, f: Finding) -> str:
    """Where a weak point is, as a sentence names it: its touchpoints, its dimension or the journey."""
    if f.touchpoints:
        return ctx.names(f.touchpoints)
    return label(f.dimension, ctx.lang) if f.dimension else t("rule.action.journey", ctx.lang)


def _weak(ctx: Context, f: Finding) -> str:
    """A weak point as a sentence names it: its rule's title and where it is."""
    return t("rule.action.weak", ctx.lang, rule=rule_title(f.rule, ctx.lang), where=_where(ctx, f))


@rule("action-missing", group="actions", on_findings=True)
def action_missing(ctx: Context, found: Sequence[Finding]) -> Iterator[Finding]:
    """A critical weak point with no open (``open`` or ``doing``) action addressing it."""
    keys, touchpoints = covers([a for a in ctx.journey.actions if a.is_open])
    for f in found:
        if f.severity == "critical" and f.subject is None and not _covered(f, keys, touchpoints):
            yield ctx.finding("action-missing", "warning", f.touchpoints, f.dimension, subject=f.rule,
                              weak=rule_title(f.rule, ctx.lang), where=_where(ctx, f))


def _days(days: int, lang: str) -> str:
    return t("actions.days", lang, count=days)


@rule("action-overdue", group="actions", on_findings=True)
def action_overdue(ctx: Context, found: Sequence[Finding]) -> Iterator[Finding]:
    """An action due before today and still open or doing (a dropped one is not overdue)."""
    for action in ctx.journey.actions:
        if action.due is not None and action.is_overdue(ctx.today):
            owner = action.owner.strip() if action.owner else ""
            yield ctx.finding("action-overdue", "warning", subject=action.id, title=action.title, id=action.id,
                              due=action.due.isoformat(), days=_days((ctx.today - action.due).days, ctx.lang),
                              owner=t("rule.action-overdue.owner", ctx.lang, owner=owner) if owner else "")


@rule("action-incomplete", group="actions", on_findings=True)
def action_incomplete(ctx: Context, found: Sequence[Finding]) -> Iterator[Finding]:
    """An open or doing action without an owner or a due date (a done or dropped one needs neither)."""
    for action in ctx.journey.actions:
        if not action.is_open:
            continue
        missing = [t(f"rule.action-incomplete.{part}", ctx.lang) for part, given in
                   (("owner", bool(action.owner and action.owner.strip())), ("due", action.due is not None))
                   if not given]
        if missing:
            yield ctx.finding("action-incomplete", "info", subject=action.id, title=action.title, id=action.id,
                              missing=t("rule.action-incomplete.and", ctx.lang).join(missing))


@rule("action-done-not-fixed", group="actions", on_findings=True)
def action_done_not_fixed(ctx: Context, found: Sequence[Finding]) -> Iterator[Finding]:
    """An action marked done while a weak point it addresses is still found: by its key, or, for a
    ``{touchpoint}`` address, a critical weak point on that touchpoint (what such an address covers)."""
    done = [a for a in ctx.journey.actions if a.status == "done" and a.addresses]
    if not done:
        return
    weak = Found(found)
    sep = t("words.list_sep", ctx.lang)
    for action in done:
        still = [f for address in action.addresses for f in weak.of(address)]
        if still:
            unique = list(dict.fromkeys(still))
            yield ctx.finding("action-done-not-fixed", "warning", subject=action.id, title=action.title,
                              id=action.id, weak=sep.join(_weak(ctx, f) for f in unique))
