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

from .fileformat import Problem, problems_from_validation
from .model import Journey

__all__ = [
    "EditError",
    "IdAllocator",
    "add_stage",
    "delete_touchpoints",
    "document",
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
    raise EditError([Problem("", "touchpoints", None, f"no touchpoint with id '{touchpoint_id}'")])


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
    doc = document(journey)
    tp_id = new_id(name, (tp["id"] for tp in doc["touchpoints"]))
    if after is None:
        stage = doc["stages"][-1]["id"]
        previous = doc["touchpoints"][-1]["id"] if doc["touchpoints"] else None
        position = len(doc["touchpoints"])
    else:
        position = _touchpoint_index(doc, after) + 1
        stage = doc["touchpoints"][position - 1]["stage"]
        previous = after
    doc["touchpoints"].insert(position, {"id": tp_id, "stage": stage, "name": name, **fields})
    if previous is not None:
        if after is not None:
            for edge in doc["edges"]:
                if edge["from"] == after:
                    edge["from"] = tp_id
        doc["edges"].append({"from": previous, "to": tp_id, "label": None, "share": None})
    return rebuild(doc), tp_id


def delete_touchpoints(journey: Journey, ids: Iterable[str]) -> Journey:
    """Remove touchpoints with their edges and any mention in ``start``."""
    gone = set(ids)
    doc = document(journey)
    doc["touchpoints"] = [tp for tp in doc["touchpoints"] if tp["id"] not in gone]
    doc["edges"] = [e for e in doc["edges"] if e["from"] not in gone and e["to"] not in gone]
    if doc.get("start"):
        doc["start"] = [s for s in doc["start"] if s not in gone] or None
    return rebuild(doc)


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
    raise EditError([Problem("", "stages", None, f"no stage with id '{stage_id}'")])


def move_stage(journey: Journey, stage_id: str, delta: int) -> Journey:
    """Move a stage ``delta`` places earlier (negative) or later (positive) in the stage order."""
    doc = document(journey)
    ids = [s["id"] for s in doc["stages"]]
    if stage_id not in ids:
        raise EditError([Problem("", "stages", None, f"no stage with id '{stage_id}'")])
    old = ids.index(stage_id)
    new = max(0, min(len(ids) - 1, old + delta))
    stage = doc["stages"].pop(old)
    doc["stages"].insert(new, stage)
    return rebuild(doc)
