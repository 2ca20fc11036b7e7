"""The journey map's words: its lanes, card lines, legend and poster pages, and the map export formats."""

from __future__ import annotations

__all__ = ["WORDS"]

WORDS: dict[str, tuple[str, str]] = {
    "map.persona": ("客户画像", "Persona"),
    "map.persona.goal": ("目标：{goal}", "Goal: {goal}"),
    "map.lane.expectations": ("客户期望", "Expectations"),
    "map.lane.standards": ("服务标准", "Standards"),
    "map.lane.curve": ("体验曲线", "Experience"),
    "map.standards": ("硬 {hard} · 软 {soft}", "hard {hard} · soft {soft}"),
    "map.kind.hard": ("硬", "H"),
    "map.kind.soft": ("软", "S"),
    "map.more": ("另有 {n} 条", "+{n} more"),
    "map.none": ("—", "—"),
    "map.no_weak": ("无薄弱点", "No weak point"),
    "map.no_owner": ("未定负责人", "No owner"),
    "map.loop": ("回到前面的步骤", "Back to an earlier step"),
    "map.add": ("在此环节添加接触点", "Add a touchpoint to this stage"),
    "map.empty": ("尚无接触点", "No touchpoints yet"),
    "map.cont": ("{name}（续）", "{name} (cont.)"),
    "map.legend.expected": ("期望分", "Expected"),
    "map.legend.perceived": ("感知分", "Perceived"),
    "map.legend.filled": ("实心点：有依据的分数", "Filled: scores with evidence"),
    "map.legend.hollow": ("空心点：假设的分数", "Hollow: assumed scores"),
    "map.legend.filled.short": ("有依据", "Evidence"),
    "map.legend.hollow.short": ("假设", "Assumed"),
    "map.legend.loop": ("回到前面的步骤", "Back to an earlier step"),
    "script.map": ("旅程地图", "Journey map"),
    "export.map-svg": ("旅程地图 SVG", "Journey map (SVG)"),
    "export.map-png": ("旅程地图 PNG", "Journey map (PNG)"),
    "export.map-pdf": ("旅程地图海报 PDF（A3）", "Journey map poster (PDF, A3)"),
}
