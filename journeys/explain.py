"""A journey's problem as a person reads it: the touchpoint, stage or edge by its name, the field by its
label and what was expected, in either language; no internal path.

It serves a refused edit (the journey is at hand) and a file that cannot be read (the document as read, a
plain mapping, when the reader got that far). The problem's own words are its catalogue word
(:meth:`journeys.fileformat.Problem.text`), or for an older message the catalogue word it matches.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from .model import Journey
from .words import has, t

if TYPE_CHECKING:
    from .fileformat import Problem

__all__ = ["explain", "explain_all"]

_TP_PATH = re.compile(r"^touchpoints\[(\d+)\]\.?(.*)$")
_EDGE_PATH = re.compile(r"^edges\[(\d+)\]\.?(.*)$")
_STAGE_PATH = re.compile(r"^stages\[(\d+)\]\.?(.*)$")
_ITEM = re.compile(r"\[(\d+)\]")
_MESSAGES = (  # messages without a catalogue word (made by hand, or by an older reader), as catalogue words
    (re.compile(r"^must not be empty"), "model.blank"),
    (re.compile(r"^String should have at least 1 character"), "model.blank"),
    (re.compile(r"^required field is missing"), "file.type.missing"),
    (re.compile(r"^Field required"), "file.type.missing"),
    (re.compile(r"^Input should be greater than or equal to (?P<limit>[-0-9.]+)"), "file.type.ge"),
    (re.compile(r"^Input should be less than or equal to (?P<limit>[-0-9.]+)"), "file.type.le"),
    (re.compile(r"^Input should be a valid number"), "file.type.number"),
    (re.compile(r"^Input should be (?P<choices>'.*')"), "file.type.choice"),
)


class _Names:
    """The names a problem's path can point at, from a journey or from a document as read. A journey's are
    read straight from it; a document's lists are read once, when a path first needs them."""

    def __init__(self, source: Journey | Mapping[str, Any] | None):
        self._journey = source if isinstance(source, Journey) else None
        self._doc = source if isinstance(source, Mapping) else None

    @functools.cached_property
    def _touchpoints(self) -> list[tuple[str, str]]:
        return [(str(i.get("id", "")), _text(i.get("name"))) for i in _items(self._doc, "touchpoints")]

    @functools.cached_property
    def _stages(self) -> list[tuple[str, str]]:
        return [(str(i.get("id", "")), _text(i.get("name"))) for i in _items(self._doc, "stages")]

    @functools.cached_property
    def _edges(self) -> list[tuple[str, str]]:
        return [(_text(i.get("from")), _text(i.get("to"))) for i in _items(self._doc, "edges")]

    @functools.cached_property
    def _by_id(self) -> dict[str, str]:
        pairs = [(tp.id, tp.name) for tp in self._journey.touchpoints] if self._journey else self._touchpoints
        return {found: name for found, name in reversed(pairs) if name}  # the first one wins

    def touchpoint(self, index: int) -> str:
        """The name of the ``index``-th touchpoint (its id when it has none); empty when there is none."""
        if self._journey is not None:
            tps = self._journey.touchpoints
            return tps[index].name if index < len(tps) else ""
        return self._touchpoints[index][1] or self._touchpoints[index][0] if index < len(self._touchpoints) else ""

    def stage(self, index: int) -> str | None:
        """The name of the ``index``-th stage (its id when it has none); ``None`` when there is none."""
        if self._journey is not None:
            stages = self._journey.stages
            return stages[index].name if index < len(stages) else None
        return self._stages[index][1] or self._stages[index][0] if index < len(self._stages) else None

    def edge(self, index: int) -> tuple[str, str] | None:
        """The names of the ``index``-th edge's ends; ``None`` when there is none."""
        if self._journey is not None:
            edges = self._journey.edges
            ends = (edges[index].source, edges[index].target) if index < len(edges) else None
        else:
            ends = self._edges[index] if index < len(self._edges) else None
        return (self._by_id.get(ends[0], ends[0]), self._by_id.get(ends[1], ends[1])) if ends else None


def _items(doc: Mapping[str, Any] | None, field: str) -> list[Mapping[str, Any]]:
    value = doc.get(field) if isinstance(doc, Mapping) else None
    if not isinstance(value, Sequence) or isinstance(value, str):
        return []
    return [item if isinstance(item, Mapping) else {} for item in value]


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def explain(problem: Problem, journey: Journey | Mapping[str, Any] | None, lang: str) -> str:
    """``problem`` as a person reads it, in ``lang``: the touchpoint by name, the field by its label and
    what was expected. ``journey`` is the journey edited, or the document of a file as read (``None``
    when it could not be read: the touchpoint is then named by its place).

    Examples
    --------
    >>> from journeys.fileformat import Problem
    >>> doc = {"stages": [{"id": "a", "name": "到店"}], "touchpoints": [{"id": "x", "stage": "a", "name": "取货"}]}
    >>> explain(Problem("", "touchpoints[0].emotion.perceived", None, "Input should be less than or equal to 5"),
    ...         doc, "zh")
    '接触点「取货」的感知得分：不能大于 5'
    >>> explain(Problem("", "touchpoints[0].standards[1].text", None, "must not be empty or only spaces"), doc, "en")
    'Touchpoint “取货”, Standard (item 2): must not be empty or only spaces'
    >>> explain(Problem("", "stages[0].name", None, "", "model.blank"), doc, "zh")
    '环节「到店」的名称：不能为空'
    """
    return _explain(problem, _Names(journey), lang)


def explain_all(problems: Sequence[Problem], journey: Journey | Mapping[str, Any] | None, lang: str) -> list[str]:
    """:func:`explain` for each of ``problems``, the journey's names read once (a file of 10,000 touchpoints
    may have as many problems)."""
    names = _Names(journey)
    return [_explain(problem, names, lang) for problem in problems]


def _explain(problem: Problem, names: _Names, lang: str) -> str:
    message = _message(problem, lang)
    edge = _EDGE_PATH.match(problem.path)
    ends = names.edge(int(edge.group(1))) if edge is not None else None
    if edge is not None and ends is not None:
        column = edge.group(2)
        where: dict[str, Any] = {"source": ends[0], "target": ends[1], "message": message}
        if not column:
            return t("edit.where.edge_whole", lang, **where)
        return t("edit.where.edge", lang, field=t(f"col.{column}", lang) if has(f"col.{column}") else column, **where)
    stage = _STAGE_PATH.match(problem.path)
    stage_name = names.stage(int(stage.group(1))) if stage is not None else None
    if stage is not None and stage_name is not None:
        column = stage.group(2)
        if not column:
            return t("edit.where.stage_whole", lang, name=stage_name, message=message)
        field = t(f"col.{column}", lang) if has(f"col.{column}") else column
        return t("edit.where.stage", lang, name=stage_name, field=field, message=message)
    where_tp = _TP_PATH.match(problem.path)
    if where_tp is None:
        field = _field_label(problem.path, lang)
        return t("edit.where.field", lang, field=field, message=message) if field else message
    index, rest = int(where_tp.group(1)), where_tp.group(2)
    name = names.touchpoint(index) or t("edit.nth_touchpoint", lang, n=index + 1)
    if not rest:
        return t("edit.where.touchpoint", lang, name=name, message=message)
    return t("edit.where.touchpoint_field", lang, name=name, field=_field_label(rest, lang), message=message)


def _message(problem: Problem, lang: str) -> str:
    if problem.key:
        return problem.text(lang)
    for pattern, key in _MESSAGES:
        if found := pattern.match(problem.message):
            params: dict[str, Any] = found.groupdict()
            return t(key, lang, **params)
    return problem.message


def _field_label(path: str, lang: str) -> str:
    if not path:
        return ""
    plain = _ITEM.sub("", path)
    label = next((t(key, lang) for key in (f"field.{plain}", f"file.field.{plain}") if has(key)), plain)
    items = [int(n) + 1 for n in _ITEM.findall(path)]
    return t("edit.item", lang, field=label, n=items[0]) if items else label
