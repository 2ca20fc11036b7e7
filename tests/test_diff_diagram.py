"""The comparison diagram: both versions of a journey in one graph, coloured by what changed.

Every check renders with the real ``dot`` and reads the SVG back with ``xml.etree``: each node's and
edge's ``<title>``, the fill, border and dashes of its shape, its text lines.
"""

from __future__ import annotations

import colorsys
import re
import subprocess
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass

import pytest

from exports.dot import LEGEND_NODE, DiagramOptions, diff_dot, node_name, render
from journeys.catalog import load_template
from journeys.diff import JourneyDiff, diff
from journeys.model import Edge, Emotion, Journey, Stage, Touchpoint

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = 'x"]; <b>&\\N }{\nnext line'


# --- two versions of the business-hall journey -----------------------------------------------------

def versions(locale: str, hostile: bool = False) -> tuple[Journey, Journey]:
    """Version 1.0 (the template) and a 2.0 that removes, adds, changes and moves.

    2.0 drops the stage ``leave`` (the complaint goes with it, the farewell moves to ``serve``), drops
    ``missing-docs``, adds ``online-book`` (with an edge in) and a stage ``after`` with ``follow-up``,
    renames ``wait-seated`` and scores it higher, and rewords the edge into it. With ``hostile``, the
    added and the removed touchpoint, both stages and both edges carry text made to break DOT and markup.
    """
    zh = locale.startswith("zh")
    before = load_template("business-hall", locale)
    if hostile:
        before = before.model_copy(update={
            "stages": [s.model_copy(update={"name": HOSTILE}) if s.id == "leave" else s for s in before.stages],
            "touchpoints": [tp.model_copy(update={"name": HOSTILE}) if tp.id == "complaint" else tp
                            for tp in before.touchpoints],
            "edges": [e.model_copy(update={"label": HOSTILE}) if (e.source, e.target) == ("rate-service", "complaint")
                      else e for e in before.edges],
        })
    gone = {"missing-docs", "complaint"}
    touchpoints: list[Touchpoint] = []
    for tp in before.touchpoints:
        if tp.id in gone:
            continue
        if tp.id == "wait-seated":
            tp = tp.model_copy(update={"name": "座位区排队（叫号提醒）" if zh else "Seated wait (with text alerts)",
                                       "emotion": Emotion(expected=3.0, perceived=4.1)})
        elif tp.id == "farewell":
            tp = tp.model_copy(update={"stage": "serve"})
        touchpoints.append(tp)
    touchpoints.insert(0, Touchpoint(id="online-book", stage="arrive", moments=["mot", "peak"],
                                     name=HOSTILE if hostile else "线上预约" if zh else "Book online"))
    touchpoints.append(Touchpoint(id="follow-up", stage="after", name="回访" if zh else "Follow-up call",
                                  moments=["end"]))
    edges = [
        e.model_copy(update={"label": "人多时，手机上排队" if zh else "When busy, queue on the phone"})
        if (e.source, e.target) == ("take-number", "wait-seated") else e
        for e in before.edges if not {e.source, e.target} & gone
    ]
    edges += [Edge(source="online-book", target="greet", label=HOSTILE if hostile else None),
              Edge(source="farewell", target="follow-up")]
    stages = [s for s in before.stages if s.id != "leave"]
    stages.append(Stage(id="after", name=HOSTILE if hostile else "回访" if zh else "Aftercare"))
    after = before.model_copy(update={"title": HOSTILE if hostile else before.title, "stages": stages,
                                      "touchpoints": touchpoints, "edges": edges})
    return before, Journey.model_validate(after.model_dump(by_alias=True))


TOUCHPOINT_STATUS = {
    "online-book": "added", "follow-up": "added", "missing-docs": "removed", "complaint": "removed",
    "wait-seated": "changed", "farewell": "changed",
}
EDGE_STATUS = {
    ("online-book", "greet"): "added", ("farewell", "follow-up"): "added",
    ("counter", "missing-docs"): "removed", ("missing-docs", "counter"): "removed",
    ("rate-service", "complaint"): "removed", ("complaint", "farewell"): "removed",
    ("take-number", "wait-seated"): "changed",
}


@pytest.fixture(scope="module")
def zh_diff() -> JourneyDiff:
    return diff(*versions("zh-CN"))


# --- reading the SVG -------------------------------------------------------------------------------

@dataclass
class Shape:
    """One node, edge or cluster as drawn: its title, the fill, stroke and dashes of its first outline,
    its text lines with their colours, and the box around it."""

    title: str
    fill: str
    stroke: str
    dashed: bool
    lines: list[str]
    text_fills: list[str]
    box: tuple[float, float, float, float]


def shapes(svg: bytes, kind: str) -> list[Shape]:
    root = ET.fromstring(svg)
    found = []
    for g in root.iter(f"{SVG}g"):
        if g.get("class") != kind:
            continue
        outline = next(el for el in g if el.tag in (f"{SVG}path", f"{SVG}polygon", f"{SVG}ellipse"))
        numbers = [float(n) for el in g if el.tag in (f"{SVG}path", f"{SVG}polygon")
                   for n in re.findall(r"-?\d+(?:\.\d+)?", el.get("d") or el.get("points") or "")]
        xs, ys = numbers[0::2], numbers[1::2]
        texts = list(g.iter(f"{SVG}text"))
        found.append(Shape(
            title=g.findtext(f"{SVG}title", ""),
            fill=outline.get("fill", ""),
            stroke=outline.get("stroke", ""),
            dashed=outline.get("stroke-dasharray") is not None,
            lines=[t.text or "" for t in texts],
            text_fills=[t.get("fill", "black") for t in texts],
            box=(min(xs), min(ys), max(xs), max(ys)) if xs else (0, 0, 0, 0),
        ))
    return found


def nodes(svg: bytes) -> dict[str, Shape]:
    drawn = shapes(svg, "node")
    titles = Counter(s.title for s in drawn)
    assert all(n == 1 for n in titles.values()), f"a node drawn twice: {titles.most_common(3)}"
    return {s.title: s for s in drawn}


def edges(svg: bytes) -> dict[frozenset[str], list[Shape]]:
    """Edges by their two ends: a loop is drawn backwards, so its title names its ends the other way round
    and an edge and the loop answering it have the same title."""
    by_ends: dict[frozenset[str], list[Shape]] = {}
    for shape in shapes(svg, "edge"):
        by_ends.setdefault(frozenset(shape.title.split("->")), []).append(shape)
    return by_ends


def ends(source: str, target: str) -> frozenset[str]:
    return frozenset((node_name(source), node_name(target)))


def family(colour: str) -> str:
    """``green``, ``red``, ``amber``, ``grey`` or ``white``: what a reader calls the colour."""
    colour = colour.lower()
    if colour in ("white", "#ffffff"):
        return "white"
    if colour == "none" or not colour.startswith("#"):
        return colour
    r, g, b = (int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5))
    hue, saturation, _ = colorsys.rgb_to_hsv(r, g, b)
    degrees = hue * 360
    if saturation < 0.04 or (190 <= degrees <= 235 and saturation < 0.25):
        return "grey"  # neutral and slate greys
    if degrees < 15 or degrees >= 340:
        return "red"
    if 25 <= degrees <= 55:
        return "amber"
    if 90 <= degrees <= 170:
        return "green"
    return "other"


def bare(text: str) -> str:
    return "".join(text.split())


def union_ids(d: JourneyDiff) -> set[str]:
    return {tp.id for tp in d.before.touchpoints} | {tp.id for tp in d.after.touchpoints}


# --- tests -----------------------------------------------------------------------------------------

def test_the_scenario_exercises_every_status(zh_diff: JourneyDiff) -> None:
    status = zh_diff.touchpoints.status()
    assert {k: v for k, v in status.items() if v != "unchanged"} == TOUCHPOINT_STATUS
    assert {k: v for k, v in zh_diff.edges.status().items() if v != "unchanged"} == EDGE_STATUS
    assert zh_diff.stages.status() == {"arrive": "unchanged", "wait": "unchanged", "serve": "unchanged",
                                       "leave": "removed", "after": "added"}


def test_every_touchpoint_of_both_versions_is_drawn_once_coloured_by_its_status(zh_diff: JourneyDiff) -> None:
    drawn = nodes(render(diff_dot(zh_diff), "svg"))
    assert set(drawn) == {node_name(t) for t in union_ids(zh_diff)} | {LEGEND_NODE}

    expected = {"added": ("green", "green"), "removed": ("red", "red"), "changed": ("amber", "amber"),
                "unchanged": ("white", "grey")}
    for tp_id in union_ids(zh_diff):
        status = TOUCHPOINT_STATUS.get(tp_id, "unchanged")
        node = drawn[node_name(tp_id)]
        assert (family(node.fill), family(node.stroke)) == expected[status], (tp_id, node.fill, node.stroke)
        assert node.dashed == (status == "removed"), tp_id
        if status == "unchanged":
            assert family(node.text_fills[0]) == "grey", "an unchanged name reads grey"
        else:
            assert family(node.text_fills[0]) != "grey"


def test_removed_touchpoints_are_struck_through_tagged_and_keep_their_badges(zh_diff: JourneyDiff) -> None:
    svg = render(diff_dot(zh_diff), "svg")
    root = ET.fromstring(svg)
    complaint = next(g for g in root.iter(f"{SVG}g") if g.findtext(f"{SVG}title") == "tp_complaint")
    name = next(complaint.iter(f"{SVG}text"))
    assert name.text == "现场投诉处理" and name.get("text-decoration") == "line-through"
    assert nodes(svg)["tp_complaint"].lines == ["现场投诉处理", "◆ 关键时刻", "▼ 贬损点", "已删除"]
    assert nodes(svg)["tp_online-book"].lines == ["线上预约", "◆ 关键时刻", "★ 峰值", "新增"]


def test_a_changed_touchpoint_lists_what_changed_in_the_chosen_language() -> None:
    zh = nodes(render(diff_dot(diff(*versions("zh-CN"))), "svg"))
    assert zh["tp_wait-seated"].lines[-1] == "改动：名称、感知得分"
    assert zh["tp_farewell"].lines[-1] == "改动：服务环节"
    en = nodes(render(diff_dot(diff(*versions("en")), DiagramOptions(lang="en")), "svg"))
    assert bare(" ".join(en["tp_wait-seated"].lines[-2:])) == bare("Changed: Name, Perceived score")


def test_many_changed_fields_are_cut_short_telling_ones_first() -> None:
    before = load_template("business-hall", "zh-CN")
    counter = before.touchpoint("counter")
    changed = counter.model_copy(update={"channel": "phone", "owner": "王经理", "wow": "递上一杯温水",
                                         "script": ["您好，请坐"], "name": "柜台办理"})
    after = before.model_copy(update={"touchpoints": [changed if tp.id == "counter" else tp
                                                      for tp in before.touchpoints]})
    d = diff(before, after)
    assert len(d.touchpoints.changed[0].fields) == 5
    lines = nodes(render(diff_dot(d), "svg"))["tp_counter"].lines
    assert "".join(lines[lines.index("◆ 关键时刻") + 1:]) == "改动：名称、A角、话术…"


def test_added_removed_and_changed_edges_are_coloured_removed_ones_dashed(zh_diff: JourneyDiff) -> None:
    drawn = edges(render(diff_dot(zh_diff), "svg"))
    union = {(e.source, e.target) for e in (*zh_diff.before.edges, *zh_diff.after.edges)}
    assert Counter({ends_: len(group) for ends_, group in drawn.items()}) == Counter(ends(*key) for key in union)
    colour = {"added": "green", "removed": "red", "changed": "amber", "unchanged": "grey"}
    for key in union:
        status = EDGE_STATUS.get(key, "unchanged")
        group = drawn[ends(*key)]
        # counter ⇄ missing-docs, both removed, is the only pair drawn twice: any of the two will do
        assert len({EDGE_STATUS.get(k, "unchanged") for k in union if ends(*k) == ends(*key)}) == 1
        for edge in group:
            assert family(edge.stroke) == colour[status], (key, edge.stroke)
            if status == "removed":
                assert edge.dashed, key
            elif status in ("added", "changed"):
                assert not edge.dashed, key
    (changed,) = drawn[ends("take-number", "wait-seated")]
    assert changed.lines == ["人多时，手机上排队", "60%"]  # the label as it is after, its share unchanged
    # a removed edge shows its condition and share as they were
    assert sorted(bare("".join(e.lines)) for e in drawn[ends("counter", "missing-docs")]) == sorted(
        [bare("资料不全 · 10%"), bare("补齐资料后凭预约回执回来，免排队")])


def test_stage_lanes_show_removed_and_added_stages(zh_diff: JourneyDiff) -> None:
    svg = render(diff_dot(zh_diff), "svg")
    lanes = {s.lines[0]: s for s in shapes(svg, "cluster")}
    assert set(lanes) == {"到达", "取号等候", "业务办理", "离开", "回访"}
    assert family(lanes["离开"].stroke) == "red" and lanes["离开"].dashed
    assert lanes["离开"].lines == ["离开", "已删除的环节"]
    assert family(lanes["回访"].stroke) == "green" and not lanes["回访"].dashed
    assert family(lanes["到达"].stroke) == "grey" and not lanes["到达"].dashed

    # a removed touchpoint is drawn in the stage it had; a moved one in its new stage
    drawn = nodes(svg)

    def inside(node: str, lane: str) -> bool:
        (x0, y0, x1, y1), (lx0, ly0, lx1, ly1) = drawn[node].box, lanes[lane].box
        return lx0 <= x0 and x1 <= lx1 and ly0 <= y0 and y1 <= ly1

    assert inside("tp_complaint", "离开") and inside("tp_missing-docs", "业务办理")
    assert inside("tp_farewell", "业务办理") and inside("tp_follow-up", "回访")


@pytest.mark.parametrize(("locale", "lang", "words", "title"), [
    ("zh-CN", "zh", ["新增", "删除", "修改", "未变", "版本变化", "泳道", "关键时刻", "连线"],
     "营业厅办理套餐变更：版本对比"),
    ("en", "en", ["Added", "Removed", "Changed", "Unchanged", "Lane borders", "Moment of truth", "Edges"],
     "Changing a mobile plan at the business hall: comparison"),
])
def test_legend_and_title_speak_the_chosen_language(locale: str, lang: str, words: list[str], title: str) -> None:
    svg = render(diff_dot(diff(*versions(locale)), DiagramOptions(lang=lang)), "svg")
    legend = " ".join(nodes(svg)[LEGEND_NODE].lines)
    for word in words:
        assert word in legend
    for word in ("严重", "Critical", "Weak points", "薄弱点"):
        assert word not in legend, "no weak-point outlines in a comparison"
    root = ET.fromstring(svg)
    heading = [t.text or "" for t in root.find(f"{SVG}g").findall(f"{SVG}text")]  # type: ignore[union-attr]
    assert bare("".join(heading)) == bare(title)


def test_a_journey_compared_with_itself_is_all_unchanged() -> None:
    journey = load_template("business-hall", "zh-CN")
    d = diff(journey, journey)
    svg = render(diff_dot(d), "svg")
    drawn = nodes(svg)
    assert set(drawn) == {node_name(tp.id) for tp in journey.touchpoints} | {LEGEND_NODE}
    for tp in journey.touchpoints:
        node = drawn[node_name(tp.id)]
        assert (family(node.fill), family(node.stroke), node.dashed) == ("white", "grey", False), tp.id
        assert family(node.text_fills[0]) == "grey"
        assert node.lines[0] != "改动" and "新增" not in node.lines and "已删除" not in node.lines
    assert all(family(e.stroke) == "grey" for group in edges(svg).values() for e in group)
    assert all(family(s.stroke) == "grey" and not s.dashed for s in shapes(svg, "cluster"))


def test_the_mirrored_comparison_swaps_added_and_removed(zh_diff: JourneyDiff) -> None:
    drawn = nodes(render(diff_dot(zh_diff.mirrored()), "svg"))
    assert family(drawn["tp_online-book"].stroke) == "red" and drawn["tp_online-book"].dashed
    assert family(drawn["tp_complaint"].stroke) == "green" and not drawn["tp_complaint"].dashed


def test_hostile_text_renders_and_shows_as_typed() -> None:
    before, after = versions("zh-CN", hostile=True)
    d = diff(before, after)
    dot = diff_dot(d)
    completed = subprocess.run(["dot", "-Tsvg"], input=dot.encode(), capture_output=True, check=True)
    assert completed.stderr == b""
    svg = completed.stdout
    typed = ['x"]; <b>&\\N }{', "next line"]

    drawn = nodes(svg)
    assert set(drawn) == {node_name(t) for t in union_ids(d)} | {LEGEND_NODE}, "no node injected"
    added, removed = drawn["tp_online-book"], drawn["tp_complaint"]
    assert added.lines == [*typed, "◆ 关键时刻", "★ 峰值", "新增"]
    assert removed.lines == [*typed, "◆ 关键时刻", "▼ 贬损点", "已删除"]
    assert family(added.stroke) == "green" and family(removed.stroke) == "red"

    drawn_edges = edges(svg)
    assert [e.lines for e in drawn_edges[ends("online-book", "greet")]] == [typed]
    assert [e.lines for e in drawn_edges[ends("rate-service", "complaint")]] == [[typed[0], f"{typed[1]} · 5%"]]
    assert sum(map(len, drawn_edges.values())) == len({(e.source, e.target) for e in (*before.edges, *after.edges)})

    lanes = [s.lines for s in shapes(svg, "cluster")]
    assert [*typed, "新增环节"] in lanes and [*typed, "已删除的环节"] in lanes
    root = ET.fromstring(svg)
    heading = [t.text or "" for t in root.find(f"{SVG}g").findall(f"{SVG}text")]  # type: ignore[union-attr]
    assert heading == ['x"]; <b>&\\N }{', "next line：版本对比"]


def test_same_comparison_gives_byte_identical_dot(zh_diff: JourneyDiff) -> None:
    first = diff_dot(zh_diff)
    assert first == diff_dot(diff(*versions("zh-CN")))
    assert first == diff_dot(zh_diff)
    options = DiagramOptions(lang="en", direction="TB", swimlanes=False)
    assert diff_dot(zh_diff, options) == diff_dot(diff(*versions("zh-CN")), options)
    assert diff_dot(zh_diff, options) != first


def test_options_apply_as_in_the_journey_diagram(zh_diff: JourneyDiff) -> None:
    flat = render(diff_dot(zh_diff, DiagramOptions(swimlanes=False, direction="TB")), "svg")
    assert shapes(flat, "cluster") == []
    assert set(nodes(flat)) == {node_name(t) for t in union_ids(zh_diff)} | {LEGEND_NODE}
    root = ET.fromstring(flat)
    width, height = (float(root.get(a, "0").removesuffix("pt")) for a in ("width", "height"))
    assert height > width


def test_a_renamed_stage_has_an_amber_lane() -> None:
    before = load_template("business-hall", "en")
    after = before.model_copy(update={"stages": [s.model_copy(update={"name": "Queue"}) if s.id == "wait" else s
                                                 for s in before.stages]})
    svg = render(diff_dot(diff(before, after), DiagramOptions(lang="en")), "svg")
    lanes = {s.lines[0]: s for s in shapes(svg, "cluster")}
    assert lanes["Queue"].lines == ["Queue", "stage changed"]
    assert family(lanes["Queue"].stroke) == "amber" and not lanes["Queue"].dashed
    assert all(family(s.stroke) == "grey" for name, s in lanes.items() if name != "Queue")
    assert all(family(n.stroke) == "grey" for name, n in nodes(svg).items() if name != LEGEND_NODE)
