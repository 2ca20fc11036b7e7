"""The words of the outline editor in the app (:mod:`components.outline_panel`): the Build page's Outline
tab and 'New from outline' on the Journeys page."""

from __future__ import annotations

__all__ = ["WORDS"]

WORDS: dict[str, tuple[str, str]] = {
    "outline_app.tab": ("大纲", "Outline"),
    "outline_app.new_tab": ("从大纲新建", "New from outline"),
    "outline_app.text": ("旅程大纲", "Journey outline"),
    "outline_app.help": (
        "每行一个接触点：“# 标题”“## 环节”“接触点 | 期望/感知 !关键时刻 @岗位”，缩进的“- 硬 可靠性 标准”"
        "“> 期望”“\" 话术”“-> 接触点 (条件, 30%)”。也可以粘贴 Mermaid 旅程文本（首行为 journey）。按 Ctrl+Enter 查看预览。",
        "One line per touchpoint: '# TITLE', '## STAGE', 'TOUCHPOINT | expected/perceived !mot @owner', and "
        "indented '- hard reliability STANDARD', '> EXPECTATION', '\" SCRIPT', '-> TOUCHPOINT (condition, 30%)'. "
        "A Mermaid journey text can be pasted too. Press Ctrl+Enter to see the preview."),
    "outline_app.placeholder": (
        "# 卷烟配送到店服务\n## 到店\n走向零售户 | 4/4 @送货员\n  - 硬 可靠性 按约定时段到店 [到店时间偏差 <= 15 分钟]\n"
        "## 交接\n签字确认 | 5/4 !关键时刻\n道别 | 4/4 !终点",
        "# Store delivery\n## Arrive\nWalk to the retailer | 4/4 @Driver\n"
        "  - hard reliability Arrive in the agreed slot [arrival delay <= 15 minutes]\n"
        "## Hand over\nSign for the goods | 5/4 !mot\nSay goodbye | 4/4 !end"),
    "outline_app.start": (
        "在左侧输入或粘贴大纲，按 Ctrl+Enter 查看预览。",
        "Type or paste an outline on the left and press Ctrl+Enter to see the preview."),
    "outline_app.errors": (
        "大纲有 {n} 处问题，尚未应用任何内容：",
        "The outline has {n} problem; nothing is applied:|The outline has {n} problems; nothing is applied:"),
    "outline_app.mermaid": ("已按 Mermaid 旅程文本读取。", "Read as a Mermaid journey text."),
    "outline_app.mermaid_errors": (
        "Mermaid 旅程文本有 {n} 处问题，尚未应用任何内容：",
        "The Mermaid journey text has {n} problem; nothing is applied:|"
        "The Mermaid journey text has {n} problems; nothing is applied:"),
    "outline_app.title_id": ("标题：{title}（编号 {id}）", "Title: {title} (id {id})"),
    "outline_app.id_taken": (
        "编号 {id} 已被占用，将保存为 {free}。", "The id {id} is taken: the journey is saved as {free}."),
    "outline_app.counts": (
        "环节 {stages} · 接触点 {touchpoints} · 连线 {edges}",
        "Stages {stages} · touchpoints {touchpoints} · edges {edges}"),
    "outline_app.create": ("创建并保存为版本 1", "Create and save as version 1"),
    "outline_app.preview": ("应用后的旅程图", "The diagram once applied"),
    "outline_app.same": ("大纲与当前旅程一致，没有改动。", "The outline matches the journey: nothing to apply."),
    "outline_app.change": ("应用后的改动：", "What applying changes:"),
    "outline_app.added": ("新增：{names}", "Added: {names}"),
    "outline_app.changed": ("修改：{names}", "Changed: {names}"),
    "outline_app.removed": ("删除：{names}", "Removed: {names}"),
    "outline_app.rest": (
        "接触点不变；环节、连线或标题有改动。", "No touchpoint changes; stages, edges or the title do."),
    "outline_app.confirm_remove": (
        "确认删除 {n} 个接触点", "Confirm removing {n} touchpoint|Confirm removing {n} touchpoints"),
    "outline_app.apply": ("应用大纲", "Apply the outline"),
    "outline_app.applied": ("已应用大纲：撤销一次即可还原。", "The outline was applied: one undo reverts it."),
}
