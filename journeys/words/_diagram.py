"""The journey diagram's words: the moment badges, the legend, and the comparison diagram's statuses and notes."""

from __future__ import annotations

__all__ = ["WORDS"]

WORDS: dict[str, tuple[str, str]] = {
    "diagram.badge.mot": ("关键时刻", "MOT"),
    "diagram.badge.peak": ("峰值", "Peak"),
    "diagram.badge.end": ("终点", "End"),
    "diagram.badge.pain": ("贬损点", "Pain point"),
    "diagram.legend.title": ("图例", "Legend"),
    "diagram.legend.moment.mot": ("关键时刻（双线框）", "Moment of truth (double border)"),
    "diagram.legend.moment.peak": ("峰值", "Peak"),
    "diagram.legend.moment.end": ("终点", "End"),
    "diagram.legend.moment.pain": ("贬损点", "Pain point"),
    "diagram.legend.outline": ("薄弱点（边框）", "Weak points (border)"),
    "diagram.severity.critical": ("严重", "Critical"),
    "diagram.severity.warning": ("警告", "Warning"),
    "diagram.severity.info": ("提示", "Info"),
    "diagram.legend.edges": ("连线", "Edges"),
    "diagram.legend.share": ("线越粗，走这条路的客户越多", "Thicker line: more customers take it"),
    "diagram.legend.loop": ("虚线：回到前面的步骤（循环）", "Dashed: back to an earlier step (loop)"),
    "diagram.compare.title": ("：版本对比", ": comparison"),
    "diagram.compare.changes": ("版本变化（与旧版相比）", "Changes since the earlier version"),
    "diagram.compare.status.added": ("新增", "Added"),
    "diagram.compare.status.removed": ("删除（虚线框，名称划掉）", "Removed (dashed, name struck through)"),
    "diagram.compare.status.changed": ("修改（框内列出改了什么）", "Changed (what changed listed inside)"),
    "diagram.compare.status.unchanged": ("未变", "Unchanged"),
    "diagram.compare.lanes": ("泳道边框同色：环节的新增、删除、修改", "Lane borders, same colours: stages added, removed, changed"),
    "diagram.compare.edge.added": ("新增", "Added"),
    "diagram.compare.edge.removed": ("删除", "Removed"),
    "diagram.compare.edge.changed": ("修改（条件或占比）", "Changed (condition or share)"),
    "diagram.compare.edge.unchanged": ("未变", "Unchanged"),
    "diagram.compare.note.added": ("新增", "new"),
    "diagram.compare.note.removed": ("已删除", "removed"),
    "diagram.compare.note.changed": ("改动：", "Changed: "),
    "diagram.compare.stage.added": ("新增环节", "new stage"),
    "diagram.compare.stage.removed": ("已删除的环节", "removed stage"),
    "diagram.compare.stage.changed": ("环节已修改", "stage changed"),
    "diagram.page.from": ("← 接第{page}页：{stage}", "← continued from {stage}, page {page}"),
    "diagram.page.on": ("下接第{page}页：{stage} →", "continues on {stage}, page {page} →"),
}
