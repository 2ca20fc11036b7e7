"""Improvement actions (改进行动) as edits and as a person reads them: a draft action from a weak point,
adding, changing and deleting an action (pure functions over the journey, like :mod:`journeys.edits`),
what an action addresses in words, and its target as one line.

The app's Actions page and "create action" button are thin over these; the rules on actions are in
:mod:`journeys.rules.actions`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from .edits import EditError, document, new_id, rebuild
from .fileformat import Problem
from .findings import Finding
from .model import Action, Address, Journey
from .outline import target_line, target_of
from .outline._syntax import phrase_target
from .rules.actions import Found
from .texts import RULE_IDS, quote, rule_title
from .vocab import ACTION_STATUSES, label
from .words import t

__all__ = [
    "add_action",
    "address_text",
    "delete_action",
    "draft_from",
    "due_text",
    "overdue_days",
    "read_target",
    "status_counts",
    "still_found",
    "target_one_line",
    "update_action",
]

_CLAUSE = re.compile(r"[：:。.；;，,]")


def draft_from(journey: Journey, finding: Finding, lang: str) -> dict[str, Any] | None:
    """The fields of a new action that takes on ``finding``: a title from its touchpoint and its
    suggestion's first clause, the finding's key as what it addresses, the touchpoint's owner, status
    open, and the finding's message as the note (why it matters). ``None`` for a finding about an action
    (:attr:`Finding.addressed`): that action is what to edit.

    >>> from journeys.catalog import load_template
    >>> from journeys.analysis import analyze
    >>> j = load_template("business-hall", "zh")
    >>> f = next(f for f in analyze(j).findings if f.rule == "negative-gap")
    >>> d = draft_from(j, f, "zh")
    >>> d["title"], d["addresses"], d["owner"], d["status"]
    ('「座位区排队等候」：找出差距来源', [{'rule': 'negative-gap', 'touchpoints': ['wait-seated']}], '值班经理', 'open')
    """
    key = finding.addressed
    if key is None:
        return None
    rule, touchpoints, dimension = key
    address: dict[str, Any] = {"rule": rule}
    if touchpoints:
        address["touchpoints"] = list(touchpoints)
    if dimension:
        address["dimension"] = dimension
    names = {tp.id: tp for tp in journey.touchpoints}
    first = names.get(touchpoints[0]) if touchpoints else None
    where = (quote(first.name, lang) if first is not None else
             label(dimension, lang) if dimension else rule_title(rule, lang))
    what = _CLAUSE.split(finding.suggestion, maxsplit=1)[0].strip() or rule_title(rule, lang)
    return {"title": t("actions.default_title", lang, where=where, what=what), "addresses": [address],
            "owner": first.owner if first is not None and first.owner else None, "status": "open",
            "note": finding.message}


def _index(doc: Mapping[str, Any], action_id: str) -> int:
    for index, action in enumerate(doc.get("actions") or []):
        if action["id"] == action_id:
            return index
    raise EditError([Problem.said("edit.no_action", path="actions", id=action_id)])


def add_action(journey: Journey, fields: Mapping[str, Any]) -> tuple[Journey, str]:
    """``journey`` with a new action of ``fields`` (``title`` at least) appended, and its new id
    (``act-1``, ``act-2`` … unless ``fields`` names one)."""
    doc = document(journey)
    actions = doc.setdefault("actions", [])
    action_id = fields.get("id") or new_id("", (a["id"] for a in actions), prefix="act")
    actions.append({**fields, "id": action_id})
    return rebuild(doc), action_id


def update_action(journey: Journey, action_id: str, fields: Mapping[str, Any]) -> Journey:
    """Set ``fields`` of one action (``None`` clears an optional field)."""
    doc = document(journey)
    index = _index(doc, action_id)
    doc["actions"][index] = {**doc["actions"][index], **fields}
    return rebuild(doc)


def delete_action(journey: Journey, action_id: str) -> Journey:
    doc = document(journey)
    del doc["actions"][_index(doc, action_id)]
    return rebuild(doc)


def read_target(text: str) -> dict[str, Any] | None:
    """A target typed on one line, as a standard's: ``metric op value unit`` (``等候时间 <= 10 分钟``), or
    a text with one phrase of the outline's (``等候10分钟内``); ``None`` for an empty line.

    Raises ``ValueError`` when the line holds neither.

    >>> read_target("等候时间 <= 10 分钟")["op"], read_target("Call back within 2 hours")["unit"], read_target(" ")
    ('<=', 'hours', None)
    """
    line = " ".join(text.split())
    if not line:
        return None
    found = target_of(line)
    if found is not None:
        return found
    phrase = phrase_target(line)
    if phrase is None:
        raise ValueError(line)
    return dict(zip(("metric", "op", "value", "unit"), phrase, strict=True))


def target_one_line(action: Action) -> str:
    """The action's target as :func:`read_target` reads it back; empty without one."""
    return target_line(action.target) if action.target is not None else ""


def address_text(journey: Journey, address: Address, lang: str) -> str:
    """What an address names, as a person reads it: the weak point's rule title and its touchpoints'
    names (or its dimension), or the touchpoint.

    >>> from journeys.catalog import load_template
    >>> j = load_template("business-hall", "en")
    >>> address_text(j, Address(rule="no-owner", touchpoints=["reach-hall"]), "en")
    'No owner (“Getting to the hall”)'
    >>> address_text(j, Address(touchpoint="reach-hall"), "zh")
    '接触点「Getting to the hall」'
    """
    names = {tp.id: tp.name for tp in journey.touchpoints}
    sep = t("words.list_sep", lang)
    if address.touchpoint is not None:
        return t("actions.address.touchpoint", lang, name=quote(names.get(address.touchpoint, address.touchpoint),
                                                                 lang))
    rule = address.rule or ""
    parts = [quote(names.get(x, x), lang) for x in address.touchpoints or ()]
    if address.dimension:
        parts.append(label(address.dimension, lang))
    where = sep.join(parts) or t("rule.action.journey", lang)
    return t("rule.action.weak", lang, rule=rule_title(rule, lang) if rule in RULE_IDS else rule, where=where)


def still_found(address: Address, findings: Sequence[Finding]) -> bool:
    """Whether the weak point ``address`` names is among ``findings`` (for a ``{touchpoint}`` address: a
    critical weak point there, what such an address covers, :mod:`journeys.rules.actions`)."""
    return bool(Found(findings).of(address))


def status_counts(actions: Sequence[Action], today: dt.date) -> dict[str, int]:
    """How many actions have each status, in the vocabulary's order, and how many are ``overdue``."""
    counts: Counter[str] = Counter(a.status for a in actions)
    return {**{s: counts.get(s, 0) for s in ACTION_STATUSES}, "overdue": sum(a.is_overdue(today) for a in actions)}


def overdue_days(action: Action, today: dt.date) -> int | None:
    """Days past due (at least 1) when the action is overdue as of ``today``; else ``None``."""
    return (today - action.due).days if action.due is not None and action.is_overdue(today) else None


def due_text(action: Action, today: dt.date, lang: str) -> str:
    """The due date as the Actions page and the script show it, with how long it is overdue."""
    if action.due is None:
        return t("actions.no_due", lang)
    late = overdue_days(action, today)
    text = action.due.isoformat()
    if late is not None:
        text += " · " + t("actions.overdue", lang, days=t("actions.days", lang, count=late))
    return text

