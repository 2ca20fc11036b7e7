"""The words of the exports: the experience script, the diagram and its legend, the charts, the standards
table, the comparison report."""

from __future__ import annotations

__all__ = ["WORDS"]

WORDS: dict[str, tuple[str, str]] = {
    "export.md": ("体验脚本 Markdown", "Script (Markdown)"),
    "export.html": ("体验脚本 网页/打印", "Script (HTML, print)"),
    "export.docx": ("体验脚本 Word", "Script (Word)"),
    "export.svg": ("旅程图 SVG", "Diagram (SVG)"),
    "export.png": ("旅程图 PNG", "Diagram (PNG)"),
    "export.pdf": ("旅程图 PDF", "Diagram (PDF)"),
    "export.dot": ("旅程图 DOT 源", "Diagram (DOT source)"),
    "export.curve-svg": ("体验曲线 SVG", "Experience curve (SVG)"),
    "export.curve-png": ("体验曲线 PNG", "Experience curve (PNG)"),
    "export.servqual-svg": ("服务质量维度覆盖图 SVG", "SERVQUAL coverage (SVG)"),
    "export.servqual-png": ("服务质量维度覆盖图 PNG", "SERVQUAL coverage (PNG)"),
    "export.mermaid": ("Mermaid 旅程", "Mermaid journey"),
    "export.csv": ("岗位服务标准表 CSV", "Standards table (CSV)"),
    "export.xlsx": ("岗位服务标准表 Excel", "Standards table (Excel)"),
    "table.stage": ("环节", "Stage"),
    "table.touchpoint": ("接触点", "Touchpoint"),
    "table.standard": ("服务标准", "Standard"),
    "table.kind": ("类型", "Kind"),
    "table.dimension": ("服务质量维度", "SERVQUAL dimension"),
    "table.kano": ("Kano 层次", "Kano level"),
    "table.metric": ("目标指标", "Target metric"),
    "table.comparator": ("比较", "Comparator"),
    "table.value": ("目标值", "Target value"),
    "table.unit": ("单位", "Unit"),
    "table.owner": ("A角", "Owner"),
    "table.backup": ("B角", "Backup"),
    "table.sheet": ("岗位服务标准", "Service standards"),
    "table.page": ("第 {page} 页，共 {pages} 页", "Page {page} of {pages}"),
    "mermaid.journey": ("旅程", "Journey"),
    "mermaid.error.line": ("第 {line} 行：{what}", "line {line}: {what}"),
    "mermaid.error.too_large": (
        "图表超过 {mb} MB，即旅程文件的上限", "the diagram is larger than {mb} MB, the limit of journey files"),
    "mermaid.error.header": ("第一条语句应为标题行“journey”", "expected the header 'journey' as the first statement"),
    "mermaid.error.header_twice": (
        "“journey”只能出现一次，且是第一条语句", "'journey' may appear only once, as the first statement"),
    "mermaid.error.section_name": ("环节需要名称：“section 名称”", "a section needs a name: 'section <name>'"),
    "mermaid.error.unknown": (
        "无法识别的语句“{text}”：应为“title 标题”“section 环节”或任务“名称: 分数1–5: 角色”",
        "unknown statement '{text}': expected 'title <text>', 'section <name>' or a task "
        "'<name>: <score 1–5>: <actors>'"),
    "mermaid.error.task_name": (
        "任务在“:”前需要名称：“名称: 分数1–5: 角色”", "a task needs a name before ':': '<name>: <score 1–5>: <actors>'"),
    "mermaid.error.no_score": (
        "任务“{task}”缺少分数：写成“{task}: 分数1–5”", "the task '{task}' has no score: write '{task}: <score 1–5>'"),
    "mermaid.error.score": (
        "任务“{task}”的分数应为 1 到 5 的整数，而不是“{score}”",
        "the score of '{task}' must be a whole number from 1 to 5, not '{score}'"),
    "mermaid.error.empty": (
        "文本为空：应有“journey”、标题、环节和任务", "the document is empty: expected 'journey', a title, sections and tasks"),
    "mermaid.error.no_tasks": (
        "图中没有任务：至少添加一行“名称: 分数1–5: 角色”",
        "the diagram has no tasks: add at least one '<name>: <score 1–5>: <actors>' line"),
    "mermaid.stage": ("环节", "Stage"),
    "mermaid.task": ("接触点", "Touchpoint"),
    "mermaid.rounded": ("分数已四舍五入为整数（Mermaid 旅程只接受整数）",
                        "scores are rounded to whole numbers (the journey grammar takes integers)"),
    "words.points": ("{n} 分", "{n} point|{n} points"),
    "words.point_unit": ("分", "point|points"),
    "words.quote": ("「{text}」", "“{text}”"),
    "words.and": ("、", " and "),
    "words.list_sep": ("、", ", "),
    "words.paren": ("（{text}）", " ({text})"),
    "words.locale": ("zh-CN", "en"),
    "words.and_more": (" 等 {total} 个接触点", " and {rest} more"),
}
