"""The words of the slide deck (``--format pptx``): slide titles, labels and speaker-note headings."""

from __future__ import annotations

__all__ = ["WORDS"]

WORDS: dict[str, tuple[str, str]] = {
    "export.pptx": ("培训幻灯片 PowerPoint", "Slide deck (PowerPoint)"),
    "slides.subtitle": ("关键时刻设计", "Moments of truth design"),
    "slides.stages": ("{n} 个环节", "{n} stage|{n} stages"),
    "slides.touchpoints": ("{n} 个接触点", "{n} touchpoint|{n} touchpoints"),
    "slides.moments_count": ("{n} 个关键时刻", "{n} moment of truth|{n} moments of truth"),
    "slides.dot": (" · ", " · "),
    "slides.persona": ("目标客户", "Target customer"),
    "slides.persona_name": ("客户画像", "Persona"),
    "slides.goal": ("客户目标", "Goal"),
    "slides.description": ("客户描述", "Description"),
    "slides.peak_end": ("峰终设计", "Peak-end design"),
    "slides.diagram": ("客户旅程图", "Journey diagram"),
    "slides.map": ("客户旅程地图", "Journey map"),
    "slides.curve": ("客户体验曲线", "Customer experience curve"),
    "slides.mot": ("关键时刻 {n}：{name}", "Moment of truth {n}: {name}"),
    "slides.cont": ("（续）", " (cont.)"),
    "slides.page": ("（{page}/{pages}）", " ({page}/{pages})"),
    "slides.stage": ("环节：{name}", "Stage: {name}"),
    "slides.owner_backup": ("A角 / B角", "Owner (A) / backup (B)"),
    "slides.standards": ("服务标准", "Service standards"),
    "slides.no_standards": ("尚无服务标准", "No service standard yet"),
    "slides.no_target": ("无可测量目标", "no measurable target"),
    "slides.script": ("话术", "Script lines"),
    "slides.wow": ("感动点", "Wow detail"),
    "slides.recovery": ("服务补救", "Service recovery"),
    "slides.steps": ("CLEAR 步骤", "CLEAR steps"),
    "slides.strategies": ("补救策略", "Recovery strategies"),
    "slides.weak_points": ("待改进的薄弱点", "Open weak points"),
    "slides.no_weak_points": ("未发现薄弱点。", "No weak points found."),
    "slides.none": ("未指定", "not set"),
    "slides.why": ("为什么重要", "Why it matters"),
    "slides.suggestion": ("建议", "Suggestion"),
    "slides.no_diagram": ("未安装 Graphviz，无法绘制旅程图。", "Graphviz is not installed: no diagram."),
}
