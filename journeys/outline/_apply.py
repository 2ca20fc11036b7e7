"""Applying an outline to an existing journey: what the outline carries is taken from it, everything else
(ids, Kano levels, expectation ids, ``answers`` links, recovery, satisfaction, wow, actions ...) is kept.

Stages and touchpoints match by name, then by id; a touchpoint renamed in place (same position in the
same stage, not matched otherwise) keeps its id. Inside a matched touchpoint, standards match by text,
then by the metric of their target (the diff's rule, :mod:`journeys.diff`), then the one left on each
side; expectations by text, then by position.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from ..edits import document, drop_from_actions, new_id
from ..model import Journey, Touchpoint
from ..words import t
from ._parse import OutlineError, OutlineProblem, read

__all__ = ["OutlineChange", "apply_outline"]

# What the outline carries of a touchpoint; the rest of a matched touchpoint is kept.
_CARRIED = ("name", "stage", "channel", "owner", "backup", "moments", "script")


@dataclass(frozen=True)
class OutlineChange:
    """What applying an outline changes: touchpoint ids added and changed (in the new journey), the
    touchpoints removed (as they were), and the ``answers`` links dropped with their expectation."""

    added: tuple[str, ...]
    changed: tuple[str, ...]
    removed: tuple[Touchpoint, ...]
    dropped_answers: tuple[tuple[str, str, str], ...]
    """``(touchpoint name, standard text, expectation id)`` of each link to a removed expectation."""
    pruned_actions: tuple[str, ...] = ()
    """The titles of the improvement actions that no longer address a removed touchpoint."""

    @property
    def empty(self) -> bool:
        """Whether the outline changes no touchpoint."""
        return not (self.added or self.changed or self.removed)

    def notes(self, lang: str) -> list[str]:
        """A sentence per dropped ``answers`` link, and one for the actions that lost a removed
        touchpoint, in ``lang``."""
        notes = [t("outline.dropped_answer", lang, touchpoint=tp, standard=std, expectation=exp)
                 for tp, std, exp in self.dropped_answers]
        if self.pruned_actions:
            notes.append(t("actions.pruned", lang, actions=t("words.list_sep", lang).join(
                t("actions.list_item", lang, title=title) for title in self.pruned_actions)))
        return notes


def _pairs(old: Sequence[dict[str, Any]], new: Sequence[dict[str, Any]],
           keys: Sequence[Callable[[int, dict[str, Any]], Any]], one_left: bool = False) -> dict[int, int]:
    """Match ``new`` items to ``old`` ones by each of ``keys`` in turn (equal keys paired in order):
    new position → old position."""
    left_old, left_new = list(range(len(old))), list(range(len(new)))
    found: dict[int, int] = {}
    for key in keys:
        waiting: dict[Any, list[int]] = {}
        for i in left_old:
            if (k := key(i, old[i])) is not None:
                waiting.setdefault(k, []).append(i)
        for j in left_new:
            k = key(j, new[j])
            if k is not None and waiting.get(k):
                found[j] = waiting[k].pop(0)
        used = set(found.values())
        left_old = [i for i in left_old if i not in used]
        left_new = [j for j in left_new if j not in found]
    if one_left and len(left_old) == 1 and len(left_new) == 1:
        found[left_new[0]] = left_old[0]
    return found


def _text(_: int, item: dict[str, Any]) -> Any:
    return item.get("text")


def _position(index: int, _: dict[str, Any]) -> Any:
    return index


def _metric(_: int, item: dict[str, Any]) -> Any:
    target = item.get("target")
    return (item.get("dimension"), target["metric"]) if target else None


def apply_outline(existing: Journey, text: str) -> tuple[Journey, OutlineChange]:
    """``existing`` updated to what the outline ``text`` says, and what that changes.

    Touchpoints the outline no longer lists are removed from the result and listed in
    :attr:`OutlineChange.removed`, so the caller can refuse to apply until removal is confirmed.

    Raises
    ------
    OutlineError
        When the outline is not valid; nothing is applied.

    Examples
    --------
    >>> from journeys.outline import parse_outline
    >>> old = parse_outline("# V\\n## A\\nGreet | 3/4\\nQueue\\n")
    >>> new, change = apply_outline(old, "# V\\n## A\\nWelcome | 3/5\\nQueue\\nPay\\n")
    >>> [tp.id for tp in new.touchpoints], change.added, change.changed
    (['greet', 'queue', 'pay'], ('pay',), ('greet',))
    """
    parsed = read(text, locale=existing.locale, journey_id=existing.id)
    new_doc, old_doc = parsed.doc, document(existing)
    stage_ids = _stage_ids(old_doc["stages"], new_doc["stages"])
    old_tps, new_tps = old_doc["touchpoints"], new_doc["touchpoints"]
    for tp in new_tps:
        tp["stage"] = stage_ids[tp["stage"]]
    match = _pairs(old_tps, new_tps, [lambda _, tp: tp["name"]])
    by_id = {tp["id"]: i for i, tp in enumerate(old_tps)}
    for j, tp in enumerate(new_tps):
        i = by_id.get(tp["name"], by_id.get(tp["id"]))
        if j not in match and i is not None and i not in match.values():
            match[j] = i
    _in_place(existing, old_tps, new_tps, match)
    kept = {old_tps[i]["id"] for i in match.values()}
    ids: dict[str, str] = {}
    for j, tp in enumerate(new_tps):
        if j in match:
            ids[tp["id"]] = old_tps[match[j]]["id"]
    taken = set(kept)
    for j, tp in enumerate(new_tps):
        if j not in match:
            ids[tp["id"]] = new_id(tp["name"], taken, prefix="tp")
            taken.add(ids[tp["id"]])
    touchpoints: list[dict[str, Any]] = []
    added: list[str] = []
    changed: list[str] = []
    dropped: list[tuple[str, str, str]] = []
    for j, tp in enumerate(new_tps):
        if j not in match:
            touchpoints.append({**tp, "id": ids[tp["id"]]})
            added.append(ids[tp["id"]])
            continue
        old = old_tps[match[j]]
        merged = _merge(old, tp, dropped)
        touchpoints.append(merged)
        if merged != old:
            changed.append(merged["id"])
    doc = copy.deepcopy(old_doc)
    if parsed.has_title:
        doc["title"] = new_doc["title"]
    doc["stages"] = [{"id": stage_ids[s["id"]], "name": s["name"]} for s in new_doc["stages"]]
    doc["touchpoints"] = touchpoints
    doc["edges"] = [{**e, "from": ids[e["from"]], "to": ids[e["to"]]} for e in new_doc["edges"]]
    if doc.get("start"):
        doc["start"] = [s for s in doc["start"] if s in kept] or None
    pruned = drop_from_actions(doc, {tp["id"] for tp in old_tps} - kept)
    titles = {a["id"]: a["title"] for a in doc.get("actions") or []}
    try:
        journey = Journey.model_validate(doc)
    except ValidationError as exc:
        raise OutlineError([OutlineProblem(1, "invalid", {"why": str(exc)})]) from None
    removed = tuple(existing.touchpoints[i] for i in range(len(old_tps)) if i not in match.values())
    return journey, OutlineChange(tuple(added), tuple(changed), removed, tuple(dropped),
                                  tuple(titles[a] for a in pruned))


def _stage_ids(old: list[dict[str, Any]], new: list[dict[str, Any]]) -> dict[str, str]:
    """Each outline stage id → the id it gets: a matched stage's own, else a fresh one."""
    match = _pairs(old, new, [lambda _, s: s["name"]])
    by_id = {s["id"]: i for i, s in enumerate(old)}
    for j, stage in enumerate(new):
        i = by_id.get(stage["name"], by_id.get(stage["id"]))
        if j not in match and i is not None and i not in match.values():
            match[j] = i
    ids = {new[j]["id"]: old[i]["id"] for j, i in match.items()}
    taken = set(ids.values())
    for j, stage in enumerate(new):
        if j not in match:
            ids[stage["id"]] = new_id(stage["name"], taken, prefix="stage")
            taken.add(ids[stage["id"]])
    return ids


def _in_place(existing: Journey, old_tps: list[dict[str, Any]], new_tps: list[dict[str, Any]],
              match: dict[int, int]) -> None:
    """Pair touchpoints renamed in place: the same position in the same stage, neither matched otherwise."""
    from ..graph import display_order  # networkx loads only when an outline is applied: `mot` starts fast

    index = {tp["id"]: i for i, tp in enumerate(old_tps)}
    old_by_stage: dict[str, list[int]] = {}
    for tp_id in display_order(existing):
        i = index[tp_id]
        old_by_stage.setdefault(old_tps[i]["stage"], []).append(i)
    new_by_stage: dict[str, list[int]] = {}
    for j, tp in enumerate(new_tps):
        new_by_stage.setdefault(tp["stage"], []).append(j)
    used = set(match.values())
    for stage, news in new_by_stage.items():
        olds = old_by_stage.get(stage, [])
        for position, j in enumerate(news):
            if j in match or position >= len(olds):
                continue
            i = olds[position]
            if i not in used:
                match[j] = i
                used.add(i)


def _merge(old: dict[str, Any], new: dict[str, Any], dropped: list[tuple[str, str, str]]) -> dict[str, Any]:
    merged = copy.deepcopy(old)
    for name in _CARRIED:
        merged[name] = new.get(name)
    merged["moments"] = new["moments"]
    merged["script"] = new["script"]
    scores = new.get("emotion") or {"expected": None, "perceived": None}
    emotion = {**(old.get("emotion") or {}), **scores}
    merged["emotion"] = emotion if any(v is not None for v in emotion.values()) else None
    old_exps, new_exps = old["expectations"], new["expectations"]
    exp_match = _pairs(old_exps, new_exps, [_text, _position])
    merged["expectations"] = [{**old_exps[exp_match[j]], **e} if j in exp_match else e
                              for j, e in enumerate(new_exps)]
    alive = {e.get("id") for e in merged["expectations"]} - {None}
    old_stds, new_stds = old["standards"], new["standards"]
    std_match = _pairs(old_stds, new_stds, [_text, _metric], one_left=True)
    standards = []
    for j, standard in enumerate(new_stds):
        if j not in std_match:
            standards.append(standard)
            continue
        item = {**old_stds[std_match[j]], **standard}
        for ref in item.get("answers") or []:
            if ref not in alive:
                dropped.append((new["name"], standard["text"], ref))
        item["answers"] = [ref for ref in item.get("answers") or [] if ref in alive]
        standards.append(item)
    merged["standards"] = standards
    return merged
