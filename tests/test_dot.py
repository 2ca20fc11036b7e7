"""The journey diagram: DOT built with the graphviz package, checked through Graphviz's own parsers.

Every check renders with the real ``dot`` and reads the result back: the SVG with ``xml.etree`` (one
``<g class="node">`` per touchpoint, one ``<g class="edge">`` per journey edge, the visible text), and
the laid-out graph as ``dot -Tjson0`` (the attributes each node ended up with).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import time
import unicodedata
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

import graphviz
import pytest
from hypothesis import HealthCheck, given, settings

from exports.dot import LEGEND_NODE, DiagramOptions, GraphvizMissing, journey_dot, node_name, render, start_render
from journeys.analysis import analyze
from journeys.catalog import load_template
from journeys.graph import display_order
from journeys.model import Journey
from journeys.synthetic import synthetic_journey

from .strategies import journeys

SVG = "{http://www.w3.org/2000/svg}"
TEMPLATES = [("business-hall", "zh-CN"), ("business-hall", "en"), ("complaint-handling", "zh-CN")]


@dataclass
class Drawn:
    """What ``dot -Tsvg`` drew: node and edge titles with the text lines inside each, cluster titles."""

    nodes: dict[str, list[str]]
    edges: list[tuple[str, list[str]]]
    clusters: dict[str, list[str]]
    title: list[str]
    width: float
    height: float


def texts(group: ET.Element) -> list[str]:
    return [t.text or "" for t in group.iter(f"{SVG}text")]


def svg(dot: str) -> Drawn:
    root = ET.fromstring(render(dot, "svg"))
    graph = root.find(f"{SVG}g")
    assert graph is not None
    groups: dict[str, list[ET.Element]] = {"node": [], "edge": [], "cluster": []}
    for g in graph.iter(f"{SVG}g"):
        if g.get("class") in groups:
            groups[g.get("class", "")].append(g)
    nodes = {g.findtext(f"{SVG}title", ""): texts(g) for g in groups["node"]}
    assert len(nodes) == len(groups["node"]), "two nodes share a name"
    return Drawn(
        nodes=nodes,
        edges=[(g.findtext(f"{SVG}title", ""), texts(g)) for g in groups["edge"]],
        clusters={g.findtext(f"{SVG}title", ""): texts(g) for g in groups["cluster"]},
        title=[t.text or "" for t in graph.findall(f"{SVG}text")],
        width=float(root.get("width", "0").removesuffix("pt")),
        height=float(root.get("height", "0").removesuffix("pt")),
    )


def laid_out(dot: str) -> dict[str, dict[str, Any]]:
    """Each node's attributes after Graphviz parsed and laid out the DOT (``dot -Tjson0``)."""
    data = json.loads(graphviz.Source(dot).pipe(format="json0"))
    return {o["name"]: o for o in data["objects"][data["_subgraph_cnt"]:]}


def bare(text: str) -> str:
    """Visible text without any whitespace (wrapping turns spaces into line breaks)."""
    return "".join(text.split())


def visible(text: str) -> str:
    """What a label can show of ``text``: control characters dropped, whitespace ignored."""
    return bare("".join(ch for ch in text if unicodedata.category(ch) != "Cc" and ch not in "\ufffe\uffff"))


def touchpoint_nodes(drawn: Drawn) -> dict[str, list[str]]:
    return {name: lines for name, lines in drawn.nodes.items() if name != LEGEND_NODE}


def expected_edges(journey: Journey) -> Counter[frozenset[str]]:
    return Counter(frozenset((node_name(e.source), node_name(e.target))) for e in journey.edges)


def drawn_edges(drawn: Drawn) -> Counter[frozenset[str]]:
    return Counter(frozenset(title.split("->")) for title, _ in drawn.edges)


@pytest.mark.parametrize(("template", "locale"), TEMPLATES)
def test_one_node_per_touchpoint_one_edge_per_journey_edge_and_a_cluster_per_stage(template: str, locale: str) -> None:
    journey = load_template(template, locale)
    drawn = svg(journey_dot(journey, analyze(journey), DiagramOptions(lang=locale[:2])))

    assert sorted(touchpoint_nodes(drawn)) == sorted(node_name(tp.id) for tp in journey.touchpoints)
    assert LEGEND_NODE in drawn.nodes
    assert len(drawn.nodes) == len(journey.touchpoints) + 1
    assert len(drawn.edges) == len(journey.edges)
    assert drawn_edges(drawn) == expected_edges(journey)
    stages = [i for i, stage in enumerate(journey.stages) if any(tp.stage == stage.id for tp in journey.touchpoints)]
    assert sorted(drawn.clusters) == sorted(f"cluster_{i}" for i in stages)
    for i in stages:
        assert bare("".join(drawn.clusters[f"cluster_{i}"])) == bare(journey.stages[i].name)
    assert bare("".join(drawn.title)) == bare(journey.title)


def test_nodes_follow_display_order_and_stages_read_left_to_right() -> None:
    journey = load_template("business-hall", "zh-CN")
    dot = journey_dot(journey)
    order = display_order(journey)
    nodes = laid_out(dot)  # in the order the DOT defines them
    assert [name for name in nodes if name != LEGEND_NODE] == [node_name(t) for t in order]
    x = {name: float(node["pos"].split(",")[0]) for name, node in nodes.items()}
    stage_x = [[x[node_name(tp.id)] for tp in journey.touchpoints if tp.stage == stage.id] for stage in journey.stages]
    for before, after in pairwise(stage_x):
        assert max(before) < min(after), "each stage is a column right of the previous one"


def test_swimlanes_off_draws_no_clusters() -> None:
    journey = load_template("business-hall", "en")
    dot = journey_dot(journey, options=DiagramOptions(swimlanes=False, lang="en"))
    drawn = svg(dot)
    assert drawn.clusters == {}
    assert "cluster_" not in dot
    assert sorted(touchpoint_nodes(drawn)) == sorted(node_name(tp.id) for tp in journey.touchpoints)
    assert len(drawn.edges) == len(journey.edges)


def test_direction_switches_rankdir() -> None:
    journey = load_template("business-hall", "zh-CN")
    across = journey_dot(journey, options=DiagramOptions(direction="LR"))
    down = journey_dot(journey, options=DiagramOptions(direction="TB"))
    assert "rankdir=LR" in across and "rankdir=TB" in down
    wide, tall = svg(across), svg(down)
    assert wide.width > wide.height and tall.height > tall.width
    with pytest.raises(ValueError, match="direction"):
        DiagramOptions(direction="RL")  # type: ignore[arg-type]


def test_highlight_outlines_touchpoints_by_their_worst_severity() -> None:
    journey = load_template("business-hall", "zh-CN")
    analysis = analyze(journey)
    worst: dict[str, str] = {}
    for finding in analysis.findings:  # sorted by severity, most severe first
        for tp_id in finding.touchpoints:
            worst.setdefault(tp_id, finding.severity)
    assert set(worst.values()) == {"critical", "warning", "info"}, "the template exercises every severity"

    on = laid_out(journey_dot(journey, analysis))
    off = laid_out(journey_dot(journey, analysis, DiagramOptions(highlight=False)))
    plain = laid_out(journey_dot(journey))  # no analysis: nothing to highlight
    assert off == plain

    def outline(nodes: dict[str, dict[str, Any]], tp_id: str) -> tuple[str, float, bool]:
        node = nodes[node_name(tp_id)]
        return node["color"], float(node["penwidth"]), "dashed" in node["style"]

    by_severity = {s: {outline(on, t) for t, w in worst.items() if w == s} for s in ("critical", "warning", "info")}
    assert all(len(styles) == 1 for styles in by_severity.values()), "one outline per severity"
    (critical,), (warning,), (info,) = by_severity.values()
    assert len({critical[0], warning[0], info[0]}) == 3
    assert critical[1] > warning[1] > info[1]
    assert info[2] and not critical[2] and not warning[2]
    for tp in journey.touchpoints:
        if tp.id not in worst:
            assert outline(on, tp.id) == outline(off, tp.id)
        else:
            assert outline(on, tp.id) != outline(off, tp.id)
    assert not any(outline(off, t)[2] for t in worst), "no dashed outline without highlighting"

    legend_on = "".join(svg(journey_dot(journey, analysis)).nodes[LEGEND_NODE])
    legend_off = "".join(svg(journey_dot(journey, analysis, DiagramOptions(highlight=False))).nodes[LEGEND_NODE])
    assert all(word in legend_on for word in ("严重", "警告", "提示"))
    assert not any(word in legend_off for word in ("严重", "警告", "提示"))


def test_findings_naming_unknown_touchpoints_are_ignored() -> None:
    journey = load_template("business-hall", "zh-CN")
    other = analyze(load_template("front-desk", "zh-CN"))
    assert set(laid_out(journey_dot(journey, other))) == set(laid_out(journey_dot(journey)))


@pytest.mark.parametrize(("lang", "words"), [
    ("zh", ["关键时刻", "峰值", "终点", "贬损点", "严重", "警告", "提示"]),
    ("en", ["Moment of truth", "Peak", "End", "Pain point", "Critical", "Warning", "Info"]),
])
def test_legend_explains_every_style_in_the_chosen_language(lang: str, words: list[str]) -> None:
    journey = load_template("business-hall", "zh-CN")
    legend = " ".join(svg(journey_dot(journey, analyze(journey), DiagramOptions(lang=lang))).nodes[LEGEND_NODE])
    for word in words:
        assert word in legend


def test_moments_are_styled_distinctly_and_combinations_stay_readable() -> None:
    doc = {
        "format": "mot-journey/1", "id": "moments", "title": "Moments", "stages": [{"id": "s", "name": "S"}],
        "touchpoints": [
            {"id": "plain", "stage": "s", "name": "Plain"},
            {"id": "mot", "stage": "s", "name": "Mot", "moments": ["mot"]},
            {"id": "peak", "stage": "s", "name": "Peak", "moments": ["peak"]},
            {"id": "end", "stage": "s", "name": "End", "moments": ["end"]},
            {"id": "pain", "stage": "s", "name": "Pain", "moments": ["pain"]},
            {"id": "mot-pain", "stage": "s", "name": "Both", "moments": ["pain", "mot"]},
            {"id": "peak-end", "stage": "s", "name": "Peak end", "moments": ["end", "peak"]},
        ],
    }
    journey = Journey.model_validate(doc)
    dot = journey_dot(journey, options=DiagramOptions(lang="en"))
    nodes = laid_out(dot)

    def fill(tp_id: str) -> str:
        return nodes[node_name(tp_id)]["fillcolor"]

    def double(tp_id: str) -> bool:
        return nodes[node_name(tp_id)].get("peripheries") == "2"

    assert len({fill("plain"), fill("peak"), fill("end"), fill("pain")}) == 4
    assert double("mot") and double("mot-pain") and not any(double(t) for t in ("plain", "peak", "end", "pain"))
    assert fill("mot") == fill("plain") and fill("mot-pain") == fill("pain")
    assert fill("peak-end") == f"{fill('peak')}:{fill('end')}"  # a gradient of both

    drawn = svg(dot)
    assert drawn.nodes[node_name("plain")] == ["Plain"]
    assert drawn.nodes[node_name("mot-pain")] == ["Both", "◆ MOT", "▼ Pain point"]  # fixed badge order
    assert drawn.nodes[node_name("peak-end")] == ["Peak end", "★ Peak", "● End"]


def test_edges_carry_label_and_share() -> None:
    journey = load_template("business-hall", "zh-CN")
    drawn = svg(journey_dot(journey))
    labels = {frozenset(title.split("->")): "".join(lines) for title, lines in drawn.edges}

    def label(source: str, target: str) -> str:
        return labels[frozenset((node_name(source), node_name(target)))]

    assert label("take-number", "wait-seated") == "人多时 · 60%"
    assert label("reach-hall", "greet") == ""  # no label, no share
    assert label("missing-docs", "counter") == "补齐资料后凭预约回执回来，免排队"  # label only: no shares here
    assert label("rate-service", "complaint").endswith("5%")


def test_edges_without_a_share_show_what_is_left() -> None:
    doc = {
        "format": "mot-journey/1", "id": "split", "title": "Split", "stages": [{"id": "s", "name": "S"}],
        "touchpoints": [{"id": i, "stage": "s", "name": i.upper()} for i in ("a", "b", "c", "d")],
        "edges": [{"from": "a", "to": "b", "label": "busy", "share": 0.5},
                  {"from": "a", "to": "c", "label": "quiet"}, {"from": "a", "to": "d"}],
    }
    drawn = svg(journey_dot(Journey.model_validate(doc), options=DiagramOptions(lang="en")))
    labels = {title: " ".join(lines) for title, lines in drawn.edges}
    assert labels == {"tp_a->tp_b": "busy · 50%", "tp_a->tp_c": "quiet · 25%", "tp_a->tp_d": "25%"}


NASTY = [
    'a"]; evil [label="x',
    "<script>alert('x')</script>",
    "{a|b} [c] <d> | e",
    r"\n typed \l \N \G",
    "two\nlines",
    "😀 emoji 🎉",
    "\u200fمرحبا RTL\u200f",
    "营业厅 & “引号” &amp; &lt;",
    "trailing backslash \\",
    'quote at end "',
]
KEYWORD_IDS = ["edge", "node", "graph", "subgraph", "strict", "digraph", "取号", "a-b_c"]


def nasty_journey() -> Journey:
    ids = KEYWORD_IDS + [f"t{i}" for i in range(len(NASTY) - len(KEYWORD_IDS))]
    return Journey.model_validate({
        "format": "mot-journey/1", "id": "nasty", "title": 'T"} <b>&</b> \\',
        "stages": [{"id": "s1", "name": 'stage "one" <i>|{}'}, {"id": "s2", "name": "阶段\\二"}],
        "touchpoints": [{"id": tp_id, "stage": "s1" if i < 5 else "s2", "name": name}
                        for i, (tp_id, name) in enumerate(zip(ids, NASTY, strict=True))],
        "edges": [{"from": ids[i], "to": ids[i + 1], "label": NASTY[-1 - i]} for i in range(len(ids) - 1)]
        + [{"from": ids[-1], "to": ids[0], "label": 'back "]; x [y=z'}],
    })


def test_user_text_cannot_inject_dot_and_comes_out_as_typed() -> None:
    journey = nasty_journey()
    dot = journey_dot(journey, options=DiagramOptions(lang="en"))
    drawn = svg(dot)

    assert sorted(touchpoint_nodes(drawn)) == sorted(node_name(tp.id) for tp in journey.touchpoints)
    assert len(drawn.nodes) == len(journey.touchpoints) + 1
    assert set(laid_out(dot)) == set(drawn.nodes)
    assert not any("evil" in n or n == "x" for n in drawn.nodes)
    for tp in journey.touchpoints:
        assert bare("".join(drawn.nodes[node_name(tp.id)])) == bare(tp.name), tp.name
    by_name = {tp.name: drawn.nodes[node_name(tp.id)] for tp in journey.touchpoints}
    assert by_name[r"\n typed \l \N \G"] == [r"\n typed \l \N \G"]  # a typed \n is no line break
    assert by_name["two\nlines"] == ["two", "lines"]  # a typed newline is one
    assert by_name["trailing backslash \\"] == ["trailing backslash \\"]

    assert drawn_edges(drawn) == expected_edges(journey)
    labels = {frozenset(title.split("->")): "".join(lines) for title, lines in drawn.edges}
    for edge in journey.edges:
        assert bare(labels[frozenset((node_name(edge.source), node_name(edge.target)))]) == bare(edge.label or "")
    assert bare("".join(drawn.clusters["cluster_0"])) == bare(journey.stages[0].name)
    assert bare("".join(drawn.clusters["cluster_1"])) == bare(journey.stages[1].name)
    assert bare("".join(drawn.title)) == bare(journey.title)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(journeys)
def test_any_valid_journey_draws_exactly_its_nodes_edges_and_text(journey: Journey) -> None:
    drawn = svg(journey_dot(journey, analyze(journey), DiagramOptions(lang=journey.locale)))
    assert sorted(touchpoint_nodes(drawn)) == sorted(node_name(tp.id) for tp in journey.touchpoints)
    assert drawn_edges(drawn) == expected_edges(journey)
    for tp in journey.touchpoints:
        badges = len(tp.moments)
        lines = drawn.nodes[node_name(tp.id)]
        assert visible("".join(lines[: len(lines) - badges])) == (visible(tp.name) or tp.id)
    for title, lines in drawn.edges:
        tail, _, head = title.partition("->")
        labels = {visible(e.label or "") for e in journey.edges
                  if {node_name(e.source), node_name(e.target)} == {tail, head}}
        assert any(visible("".join(lines)).startswith(label) for label in labels)


def test_control_characters_are_dropped_not_passed_to_graphviz() -> None:
    journey = Journey.model_validate({
        "format": "mot-journey/1", "id": "ctl", "title": "C", "stages": [{"id": "s", "name": "S"}],
        "touchpoints": [{"id": "a", "stage": "s", "name": "bell\x07 tab\there \x00end"}],
    })
    assert svg(journey_dot(journey)).nodes["tp_a"] == ["bell tab here end"]


def test_wrap_breaks_long_names() -> None:
    journey = Journey.model_validate({
        "format": "mot-journey/1", "id": "w", "title": "W", "stages": [{"id": "s", "name": "S"}],
        "touchpoints": [{"id": "zh", "stage": "s", "name": "补齐资料后凭预约回执回来，免排队"},
                        {"id": "en", "stage": "s", "name": "Missing documents: come back with them"}],
    })
    wide = svg(journey_dot(journey, options=DiagramOptions(wrap=20))).nodes
    narrow = svg(journey_dot(journey, options=DiagramOptions(wrap=5))).nodes
    assert wide["tp_zh"] == ["补齐资料后凭预约回执回来，免排队"]
    assert "".join(narrow["tp_zh"]) == "补齐资料后凭预约回执回来，免排队"
    assert len(narrow["tp_zh"]) == 4 and all(len(line) <= 5 for line in narrow["tp_zh"])
    assert not any(line.startswith("，") for line in narrow["tp_zh"])
    assert len(svg(journey_dot(journey)).nodes["tp_en"]) == 2  # 10 CJK characters = 20 Latin ones a line
    assert all(len(line) <= 10 for line in narrow["tp_en"])
    with pytest.raises(ValueError, match="wrap"):
        DiagramOptions(wrap=0)


def test_same_journey_gives_byte_identical_dot() -> None:
    journey = load_template("business-hall", "zh-CN")
    copy = Journey.model_validate(journey.model_dump(by_alias=True))
    first = journey_dot(journey, analyze(journey))
    assert first == journey_dot(copy, analyze(copy))
    assert first == journey_dot(journey, analyze(journey))
    assert journey_dot(nasty_journey()) == journey_dot(nasty_journey())


def test_node_names_are_prefixed_and_stable() -> None:
    assert [node_name(i) for i in ("edge", "strict", "取号")] == ["tp_edge", "tp_strict", "tp_取号"]
    assert node_name("a:b") == node_name("a:b") != node_name("a;b")
    assert ":" not in node_name("a:b")


def test_sixty_touchpoints_render_to_svg() -> None:
    journey = synthetic_journey(60)
    started = time.perf_counter()
    dot = journey_dot(journey, analyze(journey))
    drawn = svg(dot)
    assert time.perf_counter() - started < 3
    assert len(touchpoint_nodes(drawn)) == 60
    assert len(drawn.edges) == len(journey.edges)
    assert len(drawn.clusters) == len(journey.stages)
    for tp in journey.touchpoints:
        assert drawn.nodes[node_name(tp.id)][0] == tp.name


def test_render_png_and_pdf() -> None:
    dot = journey_dot(load_template("business-hall", "zh-CN"))
    assert render(dot, "png").startswith(b"\x89PNG\r\n\x1a\n")
    assert render(dot, "pdf").startswith(b"%PDF")
    with pytest.raises(ValueError, match="svg"):
        render(dot, "gif")  # type: ignore[arg-type]


def test_render_names_the_missing_dot_program(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "")
    with pytest.raises(GraphvizMissing, match=r"`dot`.*apt-get install graphviz"):
        render("digraph { a }", "svg")
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(GraphvizMissing, match="install Graphviz") as missing:
        start_render("pdf")
    assert isinstance(missing.value, RuntimeError)  # callers that catch RuntimeError keep working


def test_pdf_bytes_are_the_same_on_every_run() -> None:
    dot = journey_dot(load_template("business-hall", "zh-CN"))
    first = render(dot, "pdf")
    assert render(dot, "pdf") == first
    assert b"/CreationDate (D:20000101000000" in first  # the fixed date, not the clock


def test_fonts_are_named_for_chinese() -> None:
    dot = journey_dot(load_template("business-hall", "zh-CN"))
    data = json.loads(graphviz.Source(dot).pipe(format="json0"))
    assert data["fontname"] == "Noto Sans CJK SC" and data["newrank"] == "true"
    assert all(o["fontname"] == "Noto Sans CJK SC" for o in data["objects"])
    assert all(e["fontname"] == "Noto Sans CJK SC" for e in data["edges"])


@pytest.mark.parametrize("name", ["]", "[", "}", "{", "]]>", "|"])
def test_a_lone_bracket_is_a_name_graphviz_accepts(name: str) -> None:
    # Graphviz's label lexer rejected a stage or touchpoint named "]" until brackets became entities.
    journey = Journey.model_validate({
        "format": "mot-journey/1", "id": "b", "title": name, "stages": [{"id": "s", "name": name}],
        "touchpoints": [{"id": "a", "stage": "s", "name": name}],
    })
    completed = subprocess.run(["dot", "-Tsvg"], input=journey_dot(journey).encode(), capture_output=True, check=True)
    assert completed.stderr == b""
    assert svg(journey_dot(journey)).nodes["tp_a"] == [name]
