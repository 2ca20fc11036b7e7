"""The words of the journey outline (:mod:`journeys.outline`): its errors, the notes of applying it, the
standard kinds as the outline writes them, its export label and the messages of ``mot import-outline``."""

from __future__ import annotations

__all__ = ["WORDS"]

WORDS: dict[str, tuple[str, str]] = {
    # Every message of a line starts with this; a one-line field shows the message without it.
    "outline.line_prefix": ("第 {line} 行：", "line {line}: "),
    "outline.typed": ("“{text}”：{problem}", "“{text}”: {problem}"),
    "outline.kind.hard": ("硬", "hard"),
    "outline.kind.soft": ("软", "soft"),
    "outline.title_not_first": (
        "第 {line} 行：标题“# …”只能写在第一行（空行和注释之前不算）",
        "line {line}: the title '# …' must be the first line that is not blank or a comment"),
    "outline.before_stage": (
        "第 {line} 行：接触点“{name}”写在了第一个环节之前：请先写“## 环节名称”",
        "line {line}: the touchpoint '{name}' comes before the first stage: start a stage with '## NAME'"),
    "outline.no_touchpoint_above": (
        "第 {line} 行：缩进的行上方（同一环节内）应有一个接触点",
        "line {line}: an indented line needs a touchpoint above it in the same stage"),
    "outline.unknown_form": (
        "第 {line} 行：无法识别“{text}”：应为“# 标题”“## 环节”“接触点 | 字段”“~ 旁支接触点”，"
        "或缩进的“- 硬/软 维度 标准”“> 期望”“\" 话术”“-> 接触点”",
        "line {line}: unknown line '{text}': expected '# TITLE', '## STAGE', 'TOUCHPOINT | fields', "
        "'~ SIDE STEP', or an indented '- KIND DIMENSION TEXT', '> EXPECTATION', '\" SCRIPT' or '-> TOUCHPOINT'"),
    "outline.no_name": ("第 {line} 行：缺少名称", "line {line}: expected a name"),
    "outline.no_text": ("第 {line} 行：缺少内容", "line {line}: expected a text after the mark"),
    "outline.duplicate_name": (
        "第 {line} 行：名称“{name}”已在第 {first} 行使用过",
        "line {line}: the name '{name}' is already used on line {first}"),
    "outline.unknown_target": (
        "第 {line} 行：“->”指向的“{name}”不是任何接触点的名称或 id",
        "line {line}: '->' to '{name}', which is not the name or id of any touchpoint"),
    "outline.bad_score": (
        "第 {line} 行：得分“{text}”无效：应为 1–5 的数字，写作“期望/感知”“期望/”或“/感知”",
        "line {line}: bad score '{text}': expected numbers from 1 to 5 as 'E/P', 'E/' or '/P'"),
    "outline.unknown_field": (
        "第 {line} 行：无法识别字段“{text}”：应为 期望/感知、!时刻、@A角/B角 或 ~渠道",
        "line {line}: unknown field '{text}': expected E/P, !moment, @owner/backup or ~channel"),
    "outline.field_twice": (
        "第 {line} 行：字段“{text}”重复了", "line {line}: the field '{text}' is given twice"),
    "outline.unknown_moment": (
        "第 {line} 行：无法识别时刻“{text}”：应为 {known}",
        "line {line}: unknown moment '{text}': expected one of {known}"),
    "outline.unknown_channel": (
        "第 {line} 行：无法识别渠道“{text}”：应为 {known}",
        "line {line}: unknown channel '{text}': expected one of {known}"),
    "outline.unknown_kind": (
        "第 {line} 行：无法识别标准类型“{text}”：应为 硬、软、hard 或 soft",
        "line {line}: unknown standard kind '{text}': expected 硬, 软, hard or soft"),
    "outline.unknown_dimension": (
        "第 {line} 行：无法识别服务质量维度“{text}”：应为 {known}",
        "line {line}: unknown SERVQUAL dimension '{text}': expected one of {known}"),
    "outline.no_standard_text": (
        "第 {line} 行：标准应写作“- 硬/软 维度 标准内容”",
        "line {line}: expected a standard as '- KIND DIMENSION TEXT'"),
    "outline.bad_target": (
        "第 {line} 行：目标“[{text}]”无效：应为 [指标 比较符 数值 单位]，比较符为 < <= = >= >",
        "line {line}: bad target '[{text}]': expected [metric op value unit] with op one of < <= = >= >"),
    "outline.bad_edge": (
        "第 {line} 行：连线应写作“-> 接触点 (条件, 比例)”",
        "line {line}: expected an edge as '-> TOUCHPOINT (condition, share)'"),
    "outline.bad_share": (
        "第 {line} 行：比例“{text}”无效：应为 0–100% 的百分比或 0–1 的小数",
        "line {line}: bad share '{text}': expected a percentage from 0 to 100% or a fraction from 0 to 1"),
    "outline.edge_twice": (
        "第 {line} 行：到“{name}”的连线已经写过了",
        "line {line}: the edge to '{name}' is already given"),
    "outline.share_sum": (
        "第 {line} 行：从“{name}”出发的连线比例合计 {total}，超过了 100%",
        "line {line}: the shares of the edges leaving '{name}' add up to {total}, more than 100%"),
    "outline.no_stage": (
        "第 {line} 行：大纲中没有环节：至少写一行“## 环节名称”",
        "line {line}: the outline has no stage: write at least one '## STAGE' line"),
    "outline.invalid": ("第 {line} 行：{why}", "line {line}: {why}"),
    "outline.dropped_answer": (
        "“{touchpoint}”的标准“{standard}”原本回应的期望（{expectation}）已删除，这条关联也一并去掉",
        "the standard '{standard}' of '{touchpoint}' answered an expectation ({expectation}) that was removed; "
        "the link is dropped"),
    "export.outline": ("旅程大纲（文本）", "Journey outline (text)"),
    "cli.outline_where": (
        "请用 -o 文件 写出新旅程，或用 --into 文件或ID 应用到已有旅程（二选一）",
        "give either -o FILE to write a new journey or --into FILE_OR_ID to apply it to one"),
    "cli.outline_would_remove": (
        "应用该大纲会删除 {total} 个接触点；确认删除请加 --remove-missing：",
        "applying the outline would remove {total} touchpoint(s); pass --remove-missing to remove them:"),
    "cli.outline_applied": (
        "已更新 {target}：新增 {added} 个、修改 {changed} 个、删除 {removed} 个接触点",
        "updated {target}: {added} touchpoint(s) added, {changed} changed, {removed} removed"),
    "cli.outline_note": ("从大纲更新", "updated from an outline"),
}
