"""Edits to a journey, as pure functions: each takes a journey and returns a new, validated one.

Nothing here mutates its input, so the caller can keep the old journey for undo. An edit that would
make the journey invalid raises :class:`EditError` with the field paths of what is wrong, and the
caller's journey is untouched.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

from pydantic import ValidationError

from .explain import explain
from .fileformat import Problem, problems_from_validation
from .model import Action, Journey

__all__ = [
    "EditError",
    "IdAllocator",
    "actions_losing",
    "add_stage",
    "add_touchpoint",
    "delete_reconnecting",
    "delete_touchpoints",
    "document",
    "drop_from_actions",
    "explain",
    "insert_after",
    "move_stage",
    "new_id",
    "rebuild",
    "replace_edges",
    "update_stage",
    "update_touchpoint",
]


class EditError(ValueError):
    """An edit was refused; ``problems`` name the field paths and what was expected."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("; ".join(f"{p.path}: {p.message}" if p.path else p.message for p in problems))


def document(journey: Journey) -> dict[str, Any]:
    """The journey as an editable plain dict (field names as in the file)."""
    return journey.model_dump(by_alias=True)


def rebuild(doc: Mapping[str, Any]) -> Journey:
    """Validate an edited document into a journey, or raise :class:`EditError`."""
    try:
        return Journey.model_validate(doc)
    except ValidationError as exc:
        raise EditError(problems_from_validation(exc, "")) from None


_ID_CATEGORIES = frozenset({"Lu", "Ll", "Lt", "Lm", "Lo", "Mn", "Mc", "Me", "Nd", "Nl", "Pc"})


def _slug(name: str) -> str:
    text = unicodedata.normalize("NFKC", name).strip().lower()
    # Keep what the model's id pattern accepts (regex \w as the validator reads it: letters, marks,
    # decimal digits, connector punctuation); Python's \w also takes other numerals, such as '𐩀'.
    kept = "".join(ch if unicodedata.category(ch) in _ID_CATEGORIES or ch == "-" else " " for ch in text)
    return re.sub(r"\s+", "-", kept.strip()).strip("-_")[:40].strip("-_")


class IdAllocator:
    """Hands out :func:`new_id`'s ids for many names in a row, in linear time.

    The ids are those :func:`new_id` gives when each one is added to ``taken`` before the next is
    made: ``name``, then ``name-2``, ``name-3``…  Asking :func:`new_id` that way rescans every number
    already used for each repeated name (20,000 same names: minutes); here each base remembers how
    far its numbers are used, which stays true because ``taken`` only grows.

    Examples
    --------
    >>> ids = IdAllocator(["greet"])
    >>> [ids.take("Greet") for _ in range(3)], ids.take("!!!", prefix="stage")
    (['greet-2', 'greet-3', 'greet-4'], 'stage-1')
    """

    def __init__(self, taken: Iterable[str] = ()):
        self._taken = set(taken)
        self._used: dict[tuple[str, int], int] = {}  # (base, first number) -> a number not proven free
        self._slugs: dict[str, str] = {}  # name -> its slug, for names given again and again

    def suggest(self, name: str, prefix: str = "tp") -> str:
        """The id :func:`new_id` would give ``name`` now, without taking it."""
        slug = self._slugs.get(name)
        if slug is None:
            slug = self._slugs[name] = _slug(name)
        if slug and slug not in self._taken:
            return slug
        base, first = (slug, 2) if slug else (prefix, 1)
        n = self._used.get((base, first), first)
        while f"{base}-{n}" in self._taken:
            n += 1
        self._used[base, first] = n  # every number from ``first`` below ``n`` is taken, and stays so
        return f"{base}-{n}"

    def add(self, identifier: str) -> None:
        """Mark ``identifier`` as taken."""
        self._taken.add(identifier)

    def take(self, name: str, prefix: str = "tp") -> str:
        """A new id for ``name``, taken at once."""
        identifier = self.suggest(name, prefix)
        self.add(identifier)
        return identifier


def new_id(name: str, taken: Iterable[str], prefix: str = "tp") -> str:
    """A short id from ``name`` (letters of any script kept, spaces to ``-``), unique among ``taken``.

    For many ids in a row use :class:`IdAllocator`, which gives the same ids in linear time.

    Examples
    --------
    >>> new_id("Check the goods", [])
    'check-the-goods'
    >>> new_id("迎宾 问候", ["迎宾-问候"])
    '迎宾-问候-2'
    >>> new_id("!!!", [], prefix="stage")
    'stage-1'
    """
    return IdAllocator(taken).suggest(name, prefix)


def _touchpoint_index(doc: Mapping[str, Any], touchpoint_id: str) -> int:
    for index, tp in enumerate(doc["touchpoints"]):
        if tp["id"] == touchpoint_id:
            return index
    raise EditError([Problem.said("model.no_touchpoint", path="touchpoints", id=touchpoint_id)])


def update_touchpoint(journey: Journey, touchpoint_id: str, fields: Mapping[str, Any]) -> Journey:
    """Set ``fields`` of one touchpoint (``None`` clears an optional field)."""
    doc = document(journey)
    index = _touchpoint_index(doc, touchpoint_id)
    doc["touchpoints"][index] = {**doc["touchpoints"][index], **fields}
    return rebuild(doc)


def insert_after(journey: Journey, after: str | None, name: str, **fields: Any) -> tuple[Journey, str]:
    """Add a touchpoint called ``name`` right after ``after`` and link it in.

    The new touchpoint joins ``after``'s stage and takes over its outgoing edges, and ``after`` leads
    to it, so typing names one after another builds the flow. With no ``after``, it is appended to the
    last stage and linked from the journey's last touchpoint, if any.
    """
    return add_touchpoint(journey, {"name": name, **fields}, after=after)


def add_touchpoint(journey: Journey, fields: Mapping[str, Any], *, after: str | None = None,
                   stage: str | None = None, linked: bool = True) -> tuple[Journey, str]:
    """Add a touchpoint with ``fields`` (``name`` at least) right after ``after``; its new id.

    Linked (the default), it takes over ``after``'s outgoing edges and ``after`` leads to it; with no
    ``after`` it is linked from the journey's last touchpoint, if any. ``stage`` is the stage it joins
    (by default ``after``'s, else the last stage). Unlinked, it is a side step: no edge in or out.

    Examples
    --------
    >>> j = rebuild({"format": "mot-journey/1", "id": "v", "title": "V", "stages": [{"id": "a", "name": "A"},
    ...     {"id": "b", "name": "B"}], "touchpoints": [{"id": "x", "stage": "a", "name": "X"}]})
    >>> j, new = add_touchpoint(j, {"name": "Y"}, after="x", stage="b")
    >>> new, j.touchpoint(new).stage, [(e.source, e.target) for e in j.edges]
    ('y', 'b', [('x', 'y')])
    """
    doc = document(journey)
    name = fields.get("name") or ""
    tp_id = new_id(name, (tp["id"] for tp in doc["touchpoints"]))
    if after is None:
        own_stage = doc["stages"][-1]["id"]
        previous = doc["touchpoints"][-1]["id"] if doc["touchpoints"] else None
        position = len(doc["touchpoints"])
    else:
        position = _touchpoint_index(doc, after) + 1
        own_stage = doc["touchpoints"][position - 1]["stage"]
        previous = after
    doc["touchpoints"].insert(position, {"id": tp_id, "stage": stage or own_stage, **fields})
    if previous is not None and linked:
        if after is not None:
            for edge in doc["edges"]:
                if edge["from"] == after:
                    edge["from"] = tp_id
        doc["edges"].append({"from": previous, "to": tp_id, "label": None, "share": None})
    return rebuild(doc), tp_id


def delete_touchpoints(journey: Journey, ids: Iterable[str]) -> Journey:
    """Remove touchpoints with their edges, any mention in ``start`` and in the improvement actions'
    addresses (:func:`drop_from_actions`; :func:`actions_losing` says which actions that changes)."""
    gone = set(ids)
    doc = document(journey)
    doc["touchpoints"] = [tp for tp in doc["touchpoints"] if tp["id"] not in gone]
    doc["edges"] = [e for e in doc["edges"] if e["from"] not in gone and e["to"] not in gone]
    if doc.get("start"):
        doc["start"] = [s for s in doc["start"] if s not in gone] or None
    drop_from_actions(doc, gone)
    return rebuild(doc)


def drop_from_actions(doc: dict[str, Any], gone: set[str]) -> list[str]:
    """Take the touchpoints ``gone`` out of the addresses of ``doc``'s actions (in place): a weak point's
    key loses them, and an address left naming nothing (a ``{touchpoint}`` address, or a key whose only
    touchpoints went) is dropped; the action itself stays. The ids of the actions changed."""
    changed: list[str] = []
    for action in doc.get("actions") or []:
        kept = []
        for address in action.get("addresses") or []:
            if address.get("touchpoint") is not None:
                if address["touchpoint"] not in gone:
                    kept.append(address)
                continue
            touchpoints = address.get("touchpoints") or []
            left = [x for x in touchpoints if x not in gone]
            if len(left) == len(touchpoints):
                kept.append(address)
            elif left:
                kept.append({**address, "touchpoints": left})
        if kept != (action.get("addresses") or []):
            action["addresses"] = kept
            changed.append(action["id"])
    return changed


def actions_losing(journey: Journey, ids: Iterable[str]) -> list[Action]:
    """The actions whose addresses name any of the touchpoints ``ids`` (what deleting them changes)."""
    gone = set(ids)
    return [a for a in journey.actions if any(gone.intersection(x.touchpoint_ids()) for x in a.addresses)]


def delete_reconnecting(journey: Journey, touchpoint_id: str) -> tuple[Journey, list[tuple[str, str]]]:
    """Remove one touchpoint and link each of its predecessors to each of its successors, so what came
    after it stays reachable; the journey and the links made (``(from, to)``, none that existed already
    nor loops onto themselves).

    A link made keeps the condition and share of the edge into the removed touchpoint when it was the
    only way on; otherwise it carries neither.

    Examples
    --------
    >>> j = rebuild({"format": "mot-journey/1", "id": "v", "title": "V", "stages": [{"id": "a", "name": "A"}],
    ...     "touchpoints": [{"id": i, "stage": "a", "name": i} for i in "xyz"],
    ...     "edges": [{"from": "x", "to": "y"}, {"from": "y", "to": "z"}]})
    >>> j, links = delete_reconnecting(j, "y")
    >>> links, [(e.source, e.target) for e in j.edges]
    ([('x', 'z')], [('x', 'z')])
    """
    doc = document(journey)
    _touchpoint_index(doc, touchpoint_id)
    into = [e for e in doc["edges"] if e["to"] == touchpoint_id and e["from"] != touchpoint_id]
    out = [e for e in doc["edges"] if e["from"] == touchpoint_id and e["to"] != touchpoint_id]
    existing = {(e["from"], e["to"]) for e in doc["edges"]}
    links: list[tuple[str, str]] = []
    made: list[dict[str, Any]] = []
    for first in into:
        for then in out:
            pair = (first["from"], then["to"])
            if pair[0] == pair[1] or pair in existing or pair in links:
                continue
            links.append(pair)
            carried = first if len(out) == 1 else {}
            made.append({"from": pair[0], "to": pair[1], "label": carried.get("label"), "share": carried.get("share")})
    doc = document(delete_touchpoints(journey, [touchpoint_id]))
    doc["edges"].extend(made)
    return rebuild(doc), links


def replace_edges(journey: Journey, edges: list[Mapping[str, Any]]) -> Journey:
    """Replace all edges (``from``, ``to``, optional ``label`` and ``share``)."""
    doc = document(journey)
    doc["edges"] = [dict(e) for e in edges]
    return rebuild(doc)


def add_stage(journey: Journey, name: str) -> tuple[Journey, str]:
    """Append a stage called ``name``."""
    doc = document(journey)
    stage_id = new_id(name, (s["id"] for s in doc["stages"]), prefix="stage")
    doc["stages"].append({"id": stage_id, "name": name})
    return rebuild(doc), stage_id


def update_stage(journey: Journey, stage_id: str, name: str) -> Journey:
    """Rename a stage."""
    doc = document(journey)
    for stage in doc["stages"]:
        if stage["id"] == stage_id:
            stage["name"] = name
            return rebuild(doc)
    raise EditError([Problem.said("edit.no_stage", path="stages", id=stage_id)])


def move_stage(journey: Journey, stage_id: str, delta: int) -> Journey:
    """Move a stage ``delta`` places earlier (negative) or later (positive) in the stage order."""
    doc = document(journey)
    ids = [s["id"] for s in doc["stages"]]
    if stage_id not in ids:
        raise EditError([Problem.said("edit.no_stage", path="stages", id=stage_id)])
    old = ids.index(stage_id)
    new = max(0, min(len(ids) - 1, old + delta))
    stage = doc["stages"].pop(old)
    doc["stages"].insert(new, stage)
    return rebuild(doc)


