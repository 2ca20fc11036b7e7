"""The charts' words: titles, axes, legends and tooltips of the experience curve, the SERVQUAL chart and the
comparison curve."""

from __future__ import annotations

__all__ = ["WORDS"]

WORDS: dict[str, tuple[str, str]] = {
    "chart.curve_title": ("客户体验曲线", "Customer experience curve"),
    "chart.servqual_title": ("服务质量五维度覆盖", "SERVQUAL coverage"),
    "chart.expected": ("期望", "Expected"),
    "chart.perceived": ("感知", "Perceived"),
    "chart.score": ("体验得分（1–5）", "Experience score (1–5)"),
    "chart.touchpoints": ("接触点（按旅程顺序）", "Touchpoints (in journey order)"),
    "chart.touchpoint": ("接触点", "Touchpoint"),
    "chart.stage": ("服务环节", "Stage"),
    "chart.gap": ("差距（感知−期望）", "Gap (perceived − expected)"),
    "chart.moments": ("标记", "Marked as"),
    "chart.findings": ("薄弱点", "Weak points"),
    "chart.peak_end": ("峰终体验", "Peak-end"),
    "chart.mean": ("全程平均", "Mean"),
    "chart.neutral": ("中性", "Neutral"),
    "chart.dimension": ("服务质量维度", "SERVQUAL dimension"),
    "chart.count": ("服务标准数量", "Service standards"),
    "chart.kind": ("标准类型", "Kind"),
    "chart.total": ("合计", "Total"),
    "chart.blind_spots": ("盲区：", "Blind spots: "),
    "chart.covered": ("五个维度均有服务标准", "Every dimension has service standards"),
    "chart.compare_title": ("体验曲线对比", "Experience curve: before and after"),
    "chart.before": ("之前", "Before"),
    "chart.after": ("之后", "After"),
    "chart.delta": ("变化（之后−之前）", "Change (after − before)"),
    "chart.status": ("改动", "Status"),
    "chart.status.added": ("新增", "Added"),
    "chart.status.removed": ("删除", "Removed"),
    "chart.status.changed": ("修改", "Changed"),
    "chart.status.unchanged": ("未变", "Unchanged"),
    "chart.touchpoints_marked": ("接触点（按旅程顺序；{marks}）", "Touchpoints (in journey order; {marks})"),
    "chart.mark_added": ("+ 新增", "+ added"),
    "chart.mark_removed": ("− 删除", "− removed"),
}
