"""The words of the exports: the experience script, the diagram and its legend, the charts, the standards
table, the comparison report."""

from __future__ import annotations

WORDS: dict[str, tuple[str, str]] = {
    "words.points": ("{n} 分", "{n} point|{n} points"),
    "words.point_unit": ("分", "point|points"),
    "words.quote": ("「{text}」", "“{text}”"),
    "words.and": ("、", " and "),
    "words.list_sep": ("、", ", "),
    "words.and_more": (" 等 {total} 个接触点", " and {rest} more"),
}
