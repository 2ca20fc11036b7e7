"""A journey's problem as a person reads it: the touchpoint, stage or edge by its name, the field by its
label and what was expected, in either language; no internal path.

It serves a refused edit (the journey is at hand) and a file that cannot be read (the document as read, a
plain mapping, when the reader got that far). The problem's own words are its catalogue word
(:meth:`journeys.fileformat.Problem.text`), or for an older message the catalogue word it matches.
"""

from __future__ import annotations

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
    """The names a problem's path can point at, from a journey or from a document as read."""

    def __init__(self, source: Journey | Mapping[str, Any] | None):
        if isinstance(source, Journey):
            self.touchpoints = [(tp.id, tp.name) for tp in source.touchpoints]
            self.stages = [(s.id, s.name) for s in source.stages]
            self.edges = [(e.source, e.target) for e in source.edges]
        else:
            doc = source if isinstance(source, Mapping) else {}
            self.touchpoints = [(str(i.get("id", "")), _text(i.get("name"))) for i in _items(doc, "touchpoints")]
            self.stages = [(str(i.get("id", "")), _text(i.get("name"))) for i in _items(doc, "stages")]
            self.edges = [(_text(i.get("from")), _text(i.get("to"))) for i in _items(doc, "edges")]
        self._by_id = {found: name for found, name in reversed(self.touchpoints) if name}  # the first one wins

    def touchpoint(self, index: int) -> str:
        return self.touchpoints[index][1] or self.touchpoints[index][0] if index < len(self.touchpoints) else ""

    def by_id(self, tp_id: str) -> str:
        return self._by_id.get(tp_id, tp_id)


def _items(doc: Mapping[str, Any], field: str) -> list[Mapping[str, Any]]:
    value = doc.get(field)
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
    if edge is not None and int(edge.group(1)) < len(names.edges):
        source, target = names.edges[int(edge.group(1))]
        column = edge.group(2)
        where: dict[str, Any] = {"source": names.by_id(source), "target": names.by_id(target), "message": message}
        if not column:
            return t("edit.where.edge_whole", lang, **where)
        return t("edit.where.edge", lang, field=t(f"col.{column}", lang) if has(f"col.{column}") else column, **where)
    stage = _STAGE_PATH.match(problem.path)
    if stage is not None and int(stage.group(1)) < len(names.stages):
        stage_id, name = names.stages[int(stage.group(1))]
        column = stage.group(2)
        field = t(f"col.{column}", lang) if has(f"col.{column}") else column
        if not column:
            return t("edit.where.stage_whole", lang, name=name or stage_id, message=message)
        return t("edit.where.stage", lang, name=name or stage_id, field=field, message=message)
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
