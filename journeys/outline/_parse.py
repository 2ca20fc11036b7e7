"""Reading an outline: every line checked, every problem collected with its line number, and a journey
document built only when the whole text is valid (DOMAIN.md, "The journey outline")."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

from pydantic import ValidationError

from ..edits import new_id
from ..model import SHARE_TOLERANCE, Journey
from ..vocab import CHANNELS, DIMENSIONS, FORMAT_TAG, MOMENTS
from ..words import t
from ._syntax import (
    channel_of,
    dimension_of,
    find_mark,
    indentation,
    kind_of,
    moment_of,
    phrase_target,
    share_of,
    source_of,
    split_fields,
    strip_comment,
    unquote,
)

__all__ = ["OutlineError", "OutlineProblem", "Parsed", "parse_outline", "read", "target_of"]

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
_SCORE = re.compile(r"^([0-9]+(?:\.[0-9]+)?)?(/)?([0-9]+(?:\.[0-9]+)?)?$")
_OP = re.compile(r"(<=|>=|≤|≥|<|>|=)\s*(-?[0-9]+(?:\.[0-9]+)?)\s*(.*)$", re.S)
_OPS = {"≤": "<=", "≥": ">="}
# A line at column 0 that starts with one of these is no touchpoint (an indented line typed flush left).
_NOT_A_NAME = "-—>＞》|｜!！@＠[【(（"


@dataclass(frozen=True)
class OutlineProblem:
    """One thing wrong with an outline: its line number and the catalogue word that says what was expected."""

    line: int
    key: str
    params: dict[str, Any] = field(default_factory=dict)

    def message(self, lang: str, *, numbered: bool = True) -> str:
        """What is wrong, in ``lang``: ``line 7: expected …``; without the line number when ``numbered`` is
        false (a one-line field, where "line 1" would say nothing)."""
        text = t(f"outline.{self.key}", lang, line=self.line, **self.params)
        if numbered:
            return text
        rest = text.removeprefix(t("outline.line_prefix", lang, line=self.line))
        return rest[:1].upper() + rest[1:]


class OutlineError(ValueError):
    """An outline could not be read; ``problems`` names every bad line. ``str()`` is in English."""

    def __init__(self, problems: list[OutlineProblem]):
        self.problems = problems
        super().__init__("\n".join(p.message("en") for p in problems))

    def messages(self, lang: str, *, numbered: bool = True) -> list[str]:
        """Every problem's message in ``lang``, in line order (see :meth:`OutlineProblem.message`)."""
        return [p.message(lang, numbered=numbered) for p in self.problems]


@dataclass
class _Tp:
    name: str
    line: int
    side: bool
    stage: int
    doc: dict[str, Any]
    edges: list[tuple[str, str | None, float | None, int]] = field(default_factory=list)


@dataclass(frozen=True)
class Parsed:
    """A valid outline as a journey document (ids from names), and whether it gave a title."""

    doc: dict[str, Any]
    has_title: bool
    lines: dict[str, int]
    """Each touchpoint id → the line that defines it."""


def parse_outline(text: str, *, locale: str | None = None, journey_id: str | None = None) -> Journey:
    """Read an outline into a new journey.

    Parameters
    ----------
    text
        The outline (DOMAIN.md, "The journey outline").
    locale
        The journey's locale; by default ``zh-CN`` when the text holds Chinese characters, else ``en``.
    journey_id
        The journey's id; by default the title's slug.

    Returns
    -------
    Journey
        Stages and touchpoints with ids from their names, main-path touchpoints linked in order.

    Raises
    ------
    OutlineError
        Naming every bad line; nothing is built unless the whole outline is valid.

    Examples
    --------
    >>> j = parse_outline("# Visit\\n## Arrive\\nGreet | 3/4 !mot @Guide\\nQueue | /2\\n")
    >>> [(tp.id, tp.expected, tp.perceived, tp.moments, tp.owner) for tp in j.touchpoints]
    [('greet', 3.0, 4.0, ['mot'], 'Guide'), ('queue', None, 2.0, [], None)]
    >>> [(e.source, e.target) for e in j.edges]
    [('greet', 'queue')]
    """
    return Journey.model_validate(read(text, locale=locale, journey_id=journey_id).doc)


def read(text: str, *, locale: str | None = None, journey_id: str | None = None) -> Parsed:
    """Read an outline into a validated journey document (see :func:`parse_outline`)."""
    return _Reader(text).build(locale, journey_id)


class _Reader:
    def __init__(self, text: str):
        self.problems: list[OutlineProblem] = []
        self.title: str | None = None
        self.title_line = 1
        self.stages: list[tuple[str, int]] = []
        self.tps: list[_Tp] = []
        self.names: dict[str, int] = {}
        self.current: _Tp | None = None
        self.stage_index = 0
        self.text = text.removeprefix("\ufeff")
        seen = False
        for number, raw in enumerate(self.text.splitlines(), start=1):
            depth = indentation(raw)
            content = raw[depth:]
            if not content.strip() or content.startswith("//"):
                continue
            if depth:
                self._indented(number, content)
            else:
                self._flush(number, content, first=not seen)
            seen = True

    def bad(self, line: int, key: str, **params: Any) -> None:
        self.problems.append(OutlineProblem(line, key, params))

    # ------------------------------------------------------------------ column 0

    def _flush(self, number: int, content: str, first: bool) -> None:
        heading = re.match(r"(#+)(.*)$", content, re.S)
        if heading:
            level, rest = len(heading.group(1)), unquote(strip_comment(heading.group(2)))
            if level == 1:
                if not first:
                    self.bad(number, "title_not_first")
                elif not rest:
                    self.bad(number, "no_name")
                else:
                    self.title, self.title_line = rest, number
            elif level == 2:
                self._stage(number, rest)
            else:
                self.bad(number, "unknown_form", text=content[:40])
            return
        side = content[0] in "~～"
        if side:
            content = content[1:]
        elif content[0] in _NOT_A_NAME:
            self.bad(number, "unknown_form", text=content[:40])
            return
        self._touchpoint(number, strip_comment(content), side)

    def _stage(self, number: int, name: str) -> None:
        self.current = None
        if not name:
            self.bad(number, "no_name")
            return
        if all(name != existing for existing, _ in self.stages):
            self.stages.append((name, number))
        self.stage_index = next(i for i, (existing, _) in enumerate(self.stages) if existing == name)

    def _touchpoint(self, number: int, content: str, side: bool) -> None:
        bar = find_mark(content, "|｜")
        name = unquote(content if bar < 0 else content[:bar])
        fields = "" if bar < 0 else content[bar + 1:]
        tp = _Tp(name, number, side, self.stage_index, {"name": name, "moments": [], "expectations": [],
                                                        "standards": [], "script": []})
        # A refused touchpoint still holds its indented lines (checked, then dropped): one error, not many.
        self.current = tp
        if not name:
            self.bad(number, "no_name")
        elif not self.stages:
            self.bad(number, "before_stage", name=name)
        elif name in self.names:
            self.bad(number, "duplicate_name", name=name, first=self.tps[self.names[name]].line)
        else:
            self.names[name] = len(self.tps)
            self.tps.append(tp)
        self._fields(number, fields, tp.doc)

    def _fields(self, number: int, text: str, doc: dict[str, Any]) -> None:
        for token in split_fields(text):
            mark, rest = token[0], token[1:]
            if mark in "!！":
                moment = moment_of(unquote(rest))
                if moment is None:
                    self.bad(number, "unknown_moment", text=token, known=" ".join("!" + m for m in MOMENTS))
                elif moment not in doc["moments"]:
                    doc["moments"].append(moment)
            elif mark in "@＠":
                if "owner" in doc:
                    self.bad(number, "field_twice", text=token)
                    continue
                slash = find_mark(rest, "/")
                owner, backup = (rest, "") if slash < 0 else (rest[:slash], rest[slash + 1:])
                doc["owner"], doc["backup"] = unquote(owner) or None, unquote(backup) or None
            elif mark in "~～":
                channel = channel_of(unquote(rest))
                if channel is None:
                    self.bad(number, "unknown_channel", text=token, known=" ".join("~" + c for c in CHANNELS))
                elif "channel" in doc:
                    self.bad(number, "field_twice", text=token)
                else:
                    doc["channel"] = channel
            elif (score := _SCORE.match(token)) and (score.group(1) or score.group(3)):
                expected, perceived = (score.group(1), score.group(3)) if score.group(2) else (None, score.group(1))
                values = [None if v is None else float(v) for v in (expected, perceived)]
                if any(v is not None and not 1 <= v <= 5 for v in values):
                    self.bad(number, "bad_score", text=token)
                elif "emotion" in doc:
                    self.bad(number, "field_twice", text=token)
                else:
                    doc["emotion"] = {"expected": values[0], "perceived": values[1]}
            elif re.match(r"^[0-9./]+$", token):
                self.bad(number, "bad_score", text=token)
            else:
                self.bad(number, "unknown_field", text=token)

    # ------------------------------------------------------------------ indented

    def _indented(self, number: int, content: str) -> None:
        tp = self.current
        if tp is None:
            self.bad(number, "no_touchpoint_above")
            return
        if content[:2] in ("->", "-＞", "-》"):
            self._edge(number, tp, strip_comment(content[2:]))
        elif content[0] == "-":
            self._standard(number, tp.doc, strip_comment(content[1:]))
        elif content[0] in ">＞》":
            self._expectation(number, tp.doc, strip_comment(content[1:]))
        elif content[0] in '"“':
            script = unquote(strip_comment(content[1:]))
            tp.doc["script"].append(script)
        else:
            self.bad(number, "unknown_form", text=content[:40])

    def _standard(self, number: int, doc: dict[str, Any], rest: str) -> None:
        parts = rest.split(maxsplit=2)
        if len(parts) < 3:
            self.bad(number, "no_standard_text")
            return
        kind, dimension, body = kind_of(parts[0]), dimension_of(parts[1]), parts[2]
        if kind is None:
            self.bad(number, "unknown_kind", text=parts[0])
        if dimension is None:
            self.bad(number, "unknown_dimension", text=parts[1],
                     known=" ".join(f"{d}/{t(f'value.{d}', 'zh')}" for d in DIMENSIONS))
        target: dict[str, Any] | None = None
        bracketed = False
        stripped = body.rstrip()
        if stripped and stripped[-1] in "]】":
            opening = find_mark(stripped, "[【", last=True)
            if opening >= 0:
                bracketed = True
                inner = stripped[opening + 1:-1].strip()
                body = stripped[:opening]
                if inner:
                    target = self._target(number, inner)
        text = unquote(body)
        if not text:
            self.bad(number, "no_standard_text")
            return
        if not bracketed and kind == "hard":
            phrase = phrase_target(text)
            if phrase is not None:
                target = dict(zip(("metric", "op", "value", "unit"), phrase, strict=True))
        doc["standards"].append({"text": text, "kind": kind, "dimension": dimension, "target": target})

    def _target(self, number: int, inner: str) -> dict[str, Any] | None:
        target = target_of(inner)
        if target is None:
            self.bad(number, "bad_target", text=inner)
        return target

    def _expectation(self, number: int, doc: dict[str, Any], rest: str) -> None:
        source = None
        stripped = rest.rstrip()
        if stripped and stripped[-1] in ")）":
            opening = find_mark(stripped, "(（", last=True)
            if opening >= 0 and (found := source_of(stripped[opening + 1:-1])) is not None:
                source, rest = found, stripped[:opening]
        text = unquote(rest)
        if not text:
            self.bad(number, "no_text")
            return
        doc["expectations"].append({"text": text, "source": source})

    def _edge(self, number: int, tp: _Tp, rest: str) -> None:
        opening = find_mark(rest, "(（")
        label: str | None = None
        share: float | None = None
        name = unquote(rest if opening < 0 else rest[:opening])
        if opening >= 0:
            inner = rest[opening + 1:].rstrip()
            if not inner or inner[-1] not in ")）":
                self.bad(number, "bad_edge")
                return
            inner = inner[:-1]
            comma = find_mark(inner, ",，", last=True)
            tail = share_of(inner[comma + 1:]) if comma >= 0 else None
            whole = share_of(inner)
            if comma >= 0 and tail is not None:
                label, found = unquote(inner[:comma]) or None, tail
            elif whole is not None:
                found = whole
            else:
                label, found = unquote(inner) or None, None
            if found == "bad":
                self.bad(number, "bad_share", text=inner[comma + 1:].strip() if tail is not None else inner.strip())
                return
            share = found if isinstance(found, float) else None
        if not name:
            self.bad(number, "bad_edge")
            return
        tp.edges.append((name, label, share, number))

    # ------------------------------------------------------------------ the document

    def build(self, locale: str | None, journey_id: str | None) -> Parsed:
        if not self.stages and not self.problems:
            self.bad(1, "no_stage")
        locale = locale or ("zh-CN" if _CJK.search(self.text) else "en")
        stage_ids: list[str] = []
        for name, _ in self.stages:
            stage_ids.append(new_id(name, stage_ids, prefix="stage"))
        ids: list[str] = []
        for tp in self.tps:
            ids.append(new_id(tp.name, ids, prefix="tp"))
            tp.doc = {"id": ids[-1], "stage": stage_ids[tp.stage], **tp.doc}
        by_id = {tp_id: i for i, tp_id in enumerate(ids)}
        edges = self._edges(ids, by_id)
        if self.problems:
            raise OutlineError(sorted(self.problems, key=lambda p: p.line))
        title = self.title or t("journeys.blank_title", locale)
        doc = {
            "format": FORMAT_TAG, "id": journey_id or new_id(title, [], prefix="journey"), "title": title,
            "locale": locale,
            "stages": [{"id": s, "name": n} for s, (n, _) in zip(stage_ids, self.stages, strict=True)],
            "touchpoints": [tp.doc for tp in self.tps], "edges": edges,
        }
        lines = {tp_id: tp.line for tp_id, tp in zip(ids, self.tps, strict=True)}
        try:
            Journey.model_validate(doc)
        except ValidationError as exc:
            raise OutlineError([self._problem(error, lines) for error in exc.errors()]) from None
        return Parsed(doc, self.title is not None, lines)

    def _edges(self, ids: list[str], by_id: dict[str, int]) -> list[dict[str, Any]]:
        mains = [i for i, tp in enumerate(self.tps) if not tp.side]
        following = dict(pairwise(mains))
        out: list[dict[str, Any]] = []
        for i, tp in enumerate(self.tps):
            edges: dict[int, dict[str, Any]] = {}
            if i in following:
                edges[following[i]] = {"from": ids[i], "to": ids[following[i]], "label": None, "share": None}
            given: set[int] = set()
            for name, label, share, line in tp.edges:
                j = self.names.get(name, by_id.get(name))
                if j is None:
                    self.bad(line, "unknown_target", name=name)
                    continue
                if j in given:
                    self.bad(line, "edge_twice", name=name)
                    continue
                given.add(j)
                edges[j] = {"from": ids[i], "to": ids[j], "label": label, "share": share}
            total = sum(e["share"] for e in edges.values() if e["share"] is not None)
            if total > 1 + SHARE_TOLERANCE:
                self.bad(tp.line, "share_sum", name=tp.name, total=f"{total:.0%}")
            out.extend(edges.values())
        return out

    def _problem(self, error: Any, lines: dict[str, int]) -> OutlineProblem:
        loc = error.get("loc", ())
        line = self.title_line
        if len(loc) >= 2 and loc[0] == "touchpoints" and isinstance(loc[1], int) and loc[1] < len(self.tps):
            line = self.tps[loc[1]].line
        elif len(loc) >= 2 and loc[0] == "stages" and isinstance(loc[1], int) and loc[1] < len(self.stages):
            line = self.stages[loc[1]][1]
        path = ".".join(str(part) for part in loc)
        return OutlineProblem(line, "invalid", {"why": f"{path}: {error.get('msg', '')}" if path else error["msg"]})


def target_of(inner: str) -> dict[str, Any] | None:
    """A target written on one line, ``metric op value unit`` (what a standard's brackets hold), as the
    file's ``{metric, op, value, unit}``; ``None`` when it does not read as one.

    >>> target_of("等候时间 <= 10 分钟"), target_of("rate ≥ 95%"), target_of("quick")
    ({'metric': '等候时间', 'op': '<=', 'value': 10.0, 'unit': '分钟'}, {'metric': 'rate', 'op': '>=', 'value': 95.0, \
'unit': '%'}, None)
    """
    at = find_mark(inner, "<>=≤≥")
    metric, match = unquote(inner[:at]), _OP.match(inner, at)
    if at <= 0 or not metric or match is None:
        return None
    unit = unquote(match.group(3)).replace("％", "%") or None
    return {"metric": metric, "op": _OPS.get(match.group(1), match.group(1)), "value": float(match.group(2)),
            "unit": unit}
