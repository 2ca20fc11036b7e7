"""One outline line on its own, read by the outline's own reader: a touchpoint line typed into quick add
(``签字确认 | 5/4 !mot @店长``, ``~ 退换货处理``), a stage line (``## 交接``) and a standard line typed into
the detail form (``硬 可靠性 核对无误后签字 2分钟内``, with or without the outline's leading ``-``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..edits import add_stage, add_touchpoint, document, rebuild
from ..model import Journey
from ._parse import OutlineError, _Reader
from ._syntax import indentation, strip_comment, unquote

__all__ = ["LineAdded", "LineRead", "add_line", "read_line", "read_standard"]


@dataclass(frozen=True)
class LineRead:
    """What one line says: a stage (``stage`` set) or a touchpoint (``touchpoint`` set: the fields it
    carries as in the file, ``side`` when it is a side step off the main path)."""

    stage: str | None = None
    touchpoint: dict[str, Any] | None = None
    side: bool = False


def read_line(text: str) -> LineRead:
    """Read a stage or touchpoint line.

    Raises
    ------
    OutlineError
        When the line is neither (line number 1).

    Examples
    --------
    >>> tp = read_line("签字确认 | 5/4 !mot @店长/主管").touchpoint
    >>> tp["name"], tp["moments"], tp["owner"], tp["backup"], tp["emotion"]
    ('签字确认', ['mot'], '店长', '主管', {'expected': 5.0, 'perceived': 4.0})
    >>> read_line("~ 退换货").side, read_line("## 交接").stage
    (True, '交接')
    """
    content = text.strip()
    reader = _Reader("")
    if content.startswith("#"):
        name = unquote(strip_comment(content.lstrip("#")))
        if content.startswith("##") and not content.startswith("###") and name:
            return LineRead(stage=name)
        reader.bad(1, "no_name" if content.startswith("##") else "unknown_form", text=content[:40])
        raise OutlineError(reader.problems)
    reader.stages.append(("", 1))  # the stage is chosen beside the line, not in it
    reader._flush(1, content, first=False)
    if reader.problems or not reader.tps:
        raise OutlineError(reader.problems)
    tp = reader.tps[0]
    doc = {k: v for k, v in tp.doc.items() if v not in ([], None) or k == "moments"}
    return LineRead(touchpoint=doc, side=tp.side)


def read_standard(text: str) -> dict[str, Any]:
    """Read a standard line (``KIND DIMENSION TEXT``, an optional leading ``-``) into a standard as in
    the file: ``text``, ``kind``, ``dimension`` and ``target`` (read from the text or the brackets).

    Raises
    ------
    OutlineError
        Naming what is wrong (line number 1).

    Examples
    --------
    >>> s = read_standard("硬 响应性 核对无误后签字 2分钟内")
    >>> s["kind"], s["dimension"], s["target"]
    ('hard', 'responsiveness', {'metric': '核对无误后签字', 'op': '<=', 'value': 2.0, 'unit': '分钟'})
    """
    content = text.strip()
    content = content[indentation(content):]
    if content.startswith("-") and not content.startswith("->"):
        content = content[1:]
    reader = _Reader("")
    doc: dict[str, Any] = {"standards": []}
    reader._standard(1, doc, strip_comment(content))
    if reader.problems:
        raise OutlineError(reader.problems)
    return doc["standards"][0]


@dataclass(frozen=True)
class LineAdded:
    """A journey after :func:`add_line`, and the touchpoint or stage the line made or chose."""

    journey: Journey
    touchpoint: str | None = None
    stage: str | None = None


def add_line(journey: Journey, text: str, *, after: str | None = None, stage: str | None = None) -> LineAdded:
    """Apply one outline line to ``journey``: quick add.

    A touchpoint line adds the touchpoint with what the line carries (scores, moments, owner and
    backup, channel) right after ``after`` in ``stage`` (see :func:`journeys.edits.add_touchpoint`),
    linked into the main path; a side step (``~ NAME``) is added unlinked. A stage line (``## NAME``)
    chooses the stage of that name, else adds it; a journey with no touchpoints yet has its only stage
    renamed instead (a blank journey's placeholder).

    Raises
    ------
    OutlineError
        When the line cannot be read; :class:`journeys.edits.EditError` when the journey refuses it.

    Examples
    --------
    >>> from journeys.outline import parse_outline
    >>> j = parse_outline("## 环节 1\\n")
    >>> done = add_line(j, "## 到店")
    >>> [s.name for s in done.journey.stages], done.stage
    (['到店'], '环节-1')
    >>> done = add_line(done.journey, "走向零售户 | 4/4 @送货员", stage=done.stage)
    >>> tp = done.journey.touchpoint(done.touchpoint)
    >>> tp.name, tp.expected, tp.perceived, tp.owner
    ('走向零售户', 4.0, 4.0, '送货员')
    """
    line = read_line(text)
    if line.stage is not None:
        for existing in journey.stages:
            if existing.name == line.stage:
                return LineAdded(journey, stage=existing.id)
        if not journey.touchpoints and len(journey.stages) == 1:
            doc = document(journey)
            doc["stages"][0]["name"] = line.stage
            return LineAdded(rebuild(doc), stage=doc["stages"][0]["id"])
        changed, stage_id = add_stage(journey, line.stage)
        return LineAdded(changed, stage=stage_id)
    assert line.touchpoint is not None
    changed, tp_id = add_touchpoint(journey, line.touchpoint, after=after, stage=stage, linked=not line.side)
    return LineAdded(changed, touchpoint=tp_id, stage=changed.touchpoint(tp_id).stage)
