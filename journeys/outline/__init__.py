"""The journey outline: one line per touchpoint, typed live in a workshop (DOMAIN.md, "The journey
outline"), read into a journey, written from one, and applied to an existing journey.

The outline carries what a room decides live (stages, touchpoints, the main path and its branches with
their conditions and shares, scores, moments, owners, channels, standards, expectations and script
lines); everything else stays in the journey file. :func:`parse_outline` reads one into a new journey,
:func:`write_outline` writes a journey as one and :func:`apply_outline` updates a journey from one,
keeping the ids and the fields the outline does not carry. Errors name every bad line
(:class:`OutlineError`), in either language.

Examples
--------
>>> j = parse_outline("# 到店\\n## 到店\\n走向零售户 | 4/4 @送货员/片区主管\\n  - 硬 可靠性 核对货物3分钟内完成\\n")
>>> s = j.touchpoints[0].standards[0]
>>> s.kind, s.dimension, s.target.metric, s.target.op, s.target.value, s.target.unit
('hard', 'reliability', '核对货物完成', '<=', 3.0, '分钟')
>>> parse_outline(write_outline(j, "en")) == j
True
"""

from __future__ import annotations

from ._apply import OutlineChange, apply_outline
from ._line import LineAdded, LineRead, add_line, read_line, read_standard
from ._parse import OutlineError, OutlineProblem, parse_outline, target_of
from ._write import target_line, write_outline

__all__ = [
    "LineAdded", "LineRead", "OutlineChange", "OutlineError", "OutlineProblem", "add_line", "apply_outline",
    "parse_outline", "read_line", "read_standard", "target_line", "target_of", "write_outline",
]
