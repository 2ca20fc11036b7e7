"""Carry an edit onto a newer version: the three-way merge of two edits of one journey.

``base`` is the version a draft started from, ``mine`` the draft, ``theirs`` the version saved since.
The merge works item by item (stages and touchpoints by id, edges by their ``from`` and ``to``) and,
inside a touchpoint and at the journey's own level, field by field: a part that only one side changed
takes that side's change, a part both changed alike takes it once, and a part both changed differently
is a :class:`Clash`, settled by a choice of ``"mine"`` or ``"theirs"`` (mine when not chosen: the
person carrying the edit sees every clash before saving). A removed item that the other side changed is
a clash of the whole item. Items keep the order of the side that reordered them (mine when both did),
with the other side's new items placed after the item that preceded them there
(:func:`journeys.diff.union_order`).

The merged journey is made valid: a touchpoint keeps its stage even if the other side removed it, and
an edge or a start point whose touchpoint is gone goes with it.

Examples
--------
>>> from journeys.catalog import load_template
>>> base = load_template("front-desk", "en")
>>> mine = base.model_copy(update={"title": "Front desk, mine"})
>>> theirs = base.model_copy(update={"persona": None})
>>> result = merge(base, mine, theirs)
>>> result.journey.title, result.journey.persona, result.clashes
('Front desk, mine', None, ())
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from .diff import union_order
from .model import Journey

__all__ = ["Clash", "Merge", "Side", "merge"]

Side = Literal["mine", "theirs"]

_ITEMS = ("stages", "touchpoints", "edges")
_KIND = {"stages": "stage", "touchpoints": "touchpoint", "edges": "edge"}


@dataclass(frozen=True)
class Clash:
    """A part both edits changed, each its own way. Values are the file's JSON (``None``: absent or removed)."""

    where: Literal["journey", "stage", "touchpoint", "edge"]
    key: str
    """The item: a stage's or touchpoint's id, an edge as ``from→to``; ``""`` for the journey itself."""
    field: str | None
    """The field that clashes, or ``None`` when the whole item does (one side removed it)."""
    base: Any
    mine: Any
    theirs: Any

    @property
    def id(self) -> str:
        """A stable name for the clash, to key a choice by."""
        return f"{self.where}:{self.key}:{self.field or ''}"


@dataclass(frozen=True)
class Merge:
    journey: Journey
    """The merged journey, every clash settled by the choices given (mine when none)."""
    clashes: tuple[Clash, ...]
    """Every clash, whatever was chosen for it, in journey order."""


_MISSING: Any = None


def _three(base: Any, mine: Any, theirs: Any) -> tuple[Any, bool]:
    """The merged value and whether the two sides clash."""
    if mine == theirs or theirs == base:
        return mine, False
    if mine == base:
        return theirs, False
    return mine, True


def merge(base: Journey, mine: Journey, theirs: Journey, choices: Mapping[str, Side] | None = None) -> Merge:
    """Merge the edits ``base → mine`` and ``base → theirs``; ``choices`` settle clashes by :attr:`Clash.id`."""
    chosen = dict(choices or {})
    docs = [j.model_dump(by_alias=True, exclude_none=True, mode="json") for j in (base, mine, theirs)]
    clashes: list[Clash] = []

    def settle(clash: Clash) -> Any:
        clashes.append(clash)
        return clash.theirs if chosen.get(clash.id) == "theirs" else clash.mine

    def fields(where: Any, key: str, b: dict[str, Any], m: dict[str, Any], t: dict[str, Any],
               skip: tuple[str, ...] = ()) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name in union_order(t, m):
            if name in skip:
                continue
            value, clash = _three(b.get(name), m.get(name), t.get(name))
            if clash:
                value = settle(Clash(where, key, name, b.get(name), m.get(name), t.get(name)))
            if value is not None:
                out[name] = value
        return out

    b_doc, m_doc, t_doc = docs
    merged = fields("journey", "", b_doc, m_doc, t_doc, skip=_ITEMS)
    for section in _ITEMS:
        key_of: Callable[[dict[str, Any]], Hashable] = (
            (lambda e: (e["from"], e["to"])) if section == "edges" else (lambda x: x["id"]))
        b, m, t = ({key_of(item): item for item in doc.get(section, [])} for doc in docs)
        # The side that reordered the items leads; mine when both did or neither.
        lead, other = (t, m) if _kept_order(b, m) and not _kept_order(b, t) else (m, t)
        items: list[dict[str, Any]] = []
        for key in union_order([*other, *(k for k in b if k not in other)], lead):
            bi, mi, ti = b.get(key, _MISSING), m.get(key, _MISSING), t.get(key, _MISSING)
            label = "→".join(key) if isinstance(key, tuple) else str(key)
            value, clash = _three(bi, mi, ti)
            if clash and section == "touchpoints" and mi is not None and ti is not None:
                value = fields("touchpoint", label, bi or {}, mi, ti)
            elif clash:
                value = settle(Clash(_KIND[section], label, None, bi, mi, ti))  # type: ignore[arg-type]
            if value is not None:
                items.append(value)
        merged[section] = items
    return Merge(_valid(merged, docs), tuple(clashes))


def _kept_order(base: Mapping[Hashable, Any], side: Mapping[Hashable, Any]) -> bool:
    """Whether ``side`` keeps the items it shares with ``base`` in ``base``'s order."""
    return [k for k in side if k in base] == [k for k in base if k in side]


def _valid(doc: dict[str, Any], sources: list[dict[str, Any]]) -> Journey:
    """Keep the stages the touchpoints stand in; drop the edges and start points whose touchpoints are gone."""
    stage_ids = {s["id"] for s in doc["stages"]}
    for tp in doc["touchpoints"]:
        if tp["stage"] not in stage_ids:
            stage = next(s for source in sources for s in source["stages"] if s["id"] == tp["stage"])
            doc["stages"].append(stage)
            stage_ids.add(stage["id"])
    tp_ids = {tp["id"] for tp in doc["touchpoints"]}
    doc["edges"] = [e for e in doc["edges"] if e["from"] in tp_ids and e["to"] in tp_ids]
    if doc.get("start") is not None:
        doc["start"] = [s for s in doc["start"] if s in tp_ids]
    return Journey.model_validate(doc)
