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
    "table.target": ("目标", "Target"),
    "table.owner": ("A角", "Owner"),
    "table.backup": ("B角", "Backup"),
    "table.sheet": ("岗位服务标准", "Service standards"),
    "mermaid.journey": ("旅程", "Journey"),
    "mermaid.stage": ("环节", "Stage"),
    "mermaid.task": ("接触点", "Touchpoint"),
    "words.points": ("{n} 分", "{n} point|{n} points"),
    "words.point_unit": ("分", "point|points"),
    "words.quote": ("「{text}」", "“{text}”"),
    "words.and": ("、", " and "),
    "words.list_sep": ("、", ", "),
    "words.paren": ("（{text}）", " ({text})"),
    "words.locale": ("zh-CN", "en"),
    "words.and_more": (" 等 {total} 个接触点", " and {rest} more"),
}
