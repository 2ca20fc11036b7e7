"""The experience curve and SERVQUAL charts: the rows behind them, their Vega-Lite specs and their images."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from typing import Any

import pytest

from exports.charts import curve_data, experience_curve, servqual_chart, to_image
from journeys.analysis import analyze
from journeys.catalog import load_template
from journeys.graph import display_order
from journeys.model import Journey
from journeys.synthetic import synthetic_journey
from journeys.vocab import DIMENSIONS, label

FONT = "Noto Sans CJK SC"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
HOSTILE = 'Say "hi" <script>alert(1)</script> 😀 שלום'
CJK = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")


@pytest.fixture(scope="module")
def hall_zh() -> Journey:
    return load_template("business-hall", "zh-CN")


@pytest.fixture(scope="module")
def hall_en() -> Journey:
    return load_template("business-hall", "en")


def walk(node: Any) -> Iterator[tuple[str, Any]]:
    """Every (key, value) pair in a JSON tree."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield key, value
            yield from walk(value)
    elif isinstance(node, list):
        for item in node:
            yield from walk(item)


def layers_with_x(spec: dict[str, Any]) -> list[dict[str, Any]]:
    return [layer["encoding"]["x"] for layer in spec["layer"] if "x" in layer.get("encoding", {})]


def dataset(spec: dict[str, Any], layer: dict[str, Any]) -> list[dict[str, Any]]:
    return spec["datasets"][layer["data"]["name"]]


def param(spec: dict[str, Any], name: str) -> Any:
    return next(p["value"] for p in spec["params"] if p["name"] == name)


def svg_root(svg: bytes) -> ET.Element:
    return ET.fromstring(svg)


def svg_texts(root: ET.Element) -> list[str]:
    """The text of every <text> element (its tspans joined by a space, as the lines of one label)."""
    return [" ".join(t for t in el.itertext()) for el in root.iter("{http://www.w3.org/2000/svg}text")]


# --- curve_data ------------------------------------------------------------------------------------


def test_curve_rows_follow_display_order_with_flags_and_stage_names(hall_zh: Journey) -> None:
    rows = curve_data(hall_zh, analyze(hall_zh), "zh")
    assert [r["id"] for r in rows] == display_order(hall_zh)
    assert [r["pos"] for r in rows] == list(range(len(rows)))
    by_id = {r["id"]: r for r in rows}
    assert [r["id"] for r in rows if r["peak"]] == ["confirm-sign"]
    assert [r["id"] for r in rows if r["end"]] == ["farewell"]
    assert {r["id"] for r in rows if r["pain"]} == {"wait-seated", "missing-docs", "complaint"}
    greet = by_id["greet"]
    assert (greet["name"], greet["stage"], greet["stage_name"]) == ("迎宾问候与分流", "arrive", "到达")
    assert (greet["expected"], greet["perceived"], greet["gap"]) == (3.5, 3.9, pytest.approx(0.4))
    assert by_id["confirm-sign"]["moments_label"] == "关键时刻、峰值"
    assert [r["stage_pos"] for r in rows] == [0, 0, 1, 1, 2, 2, 2, 2, 2, 3, 3]
    assert all(r["findings"] >= 0 for r in rows) and any(r["findings"] for r in rows)


def test_curve_rows_keep_missing_scores_missing(hall_zh: Journey) -> None:
    journey = hall_zh.model_copy(deep=True)
    journey.touchpoint("take-number").emotion.perceived = None
    journey.touchpoint("self-service").emotion = None
    journey.touchpoint("rate-service").emotion.perceived = 1.5  # pain by score, not marked
    analysis = analyze(journey)
    rows = {r["id"]: r for r in curve_data(journey, analysis, "en")}
    assert (rows["take-number"]["expected"], rows["take-number"]["perceived"], rows["take-number"]["gap"]) == (
        3.2, None, None)
    assert rows["self-service"]["expected"] is rows["self-service"]["perceived"] is None
    assert rows["rate-service"]["pain"] and "pain" not in journey.touchpoint("rate-service").moments

    spec = experience_curve(journey, analysis, "en").to_dict()
    lines = next(layer for layer in spec["layer"] if layer["mark"]["type"] == "line")
    assert lines["mark"]["invalid"].startswith("break-paths")  # a gap, not a line across it
    scores = {(r["id"], r["series"]): r["score"] for r in dataset(spec, lines)}
    assert scores[("take-number", "Perceived")] is None and scores[("take-number", "Expected")] == 3.2
    assert scores[("self-service", "Perceived")] is None and scores[("self-service", "Expected")] is None
    assert 0 not in scores.values()
    pain_flags = dict(zip(param(spec, "tpIds"), param(spec, "tpPain"), strict=True))
    assert pain_flags["rate-service"] and not pain_flags["greet"]


# --- the experience curve spec --------------------------------------------------------------------------


def test_curve_spec_titles_scales_and_order(hall_zh: Journey) -> None:
    analysis = analyze(hall_zh)
    spec = experience_curve(hall_zh, analysis, "zh").to_dict()
    order = display_order(hall_zh)
    assert spec["title"]["text"] == "客户体验曲线"
    assert spec["title"]["subtitle"] == ["峰终体验 4.3 · 全程平均 3.3"]  # 4.25 rounds half up
    assert (spec["width"], spec["height"]) == (720, 280)
    xs = layers_with_x(spec)
    assert xs and all(x["sort"] == order for x in xs if "sort" in x)
    assert any(x.get("scale", {}).get("domain") == order for x in xs)
    ys = [layer["encoding"]["y"] for layer in spec["layer"] if "scale" in layer["encoding"].get("y", {})]
    assert ys and all(y["scale"]["domain"] == [1, 5] for y in ys)
    assert param(spec, "tpIds") == order
    # Chinese labels are wrapped, never cut, on the business-hall template.
    names = [hall_zh.touchpoint(t).name for t in order]
    assert ["".join(lines) for lines in param(spec, "tpLabels")] == names
    texts = [d["text"] for layer in spec["layer"] if layer["mark"]["type"] == "text" for d in dataset(spec, layer)]
    assert "峰值 4.4" in texts and "终点 4.1" in texts
    assert [t for t in texts if t in {s.name for s in hall_zh.stages}] == ["到达", "取号等候", "业务办理", "离开"]
    legend = next(layer for layer in spec["layer"] if layer["mark"]["type"] == "line")["encoding"]["color"]
    assert legend["scale"]["domain"] == ["期望", "感知"]


def test_curve_spec_is_inline_deterministic_and_set_in_the_cjk_font(hall_zh: Journey) -> None:
    analysis = analyze(hall_zh)
    first = experience_curve(hall_zh, analysis, "zh").to_json()
    assert first == experience_curve(hall_zh, analysis, "zh").to_json()
    spec = json.loads(first)
    assert not any(key == "url" for key, _ in walk(spec))
    config = spec["config"]
    assert config["font"] == FONT
    assert config["axis"]["labelFont"] == config["axis"]["titleFont"] == FONT
    assert config["legend"]["labelFont"] == config["title"]["font"] == FONT


def test_language_switch(hall_en: Journey, hall_zh: Journey) -> None:
    en = experience_curve(hall_en, analyze(hall_en, "en"), "en-GB").to_dict()
    assert en["title"]["text"] == "Customer experience curve"
    assert en["title"]["subtitle"] == ["Peak-end 4.3 · Mean 3.3"]
    assert not CJK.search(json.dumps(en, ensure_ascii=False))  # every text of ours is English
    # the same Chinese journey drawn for an English-speaking trainer: our texts switch, the data stays
    zh_data_en_text = experience_curve(hall_zh, analyze(hall_zh), "en").to_dict()
    assert zh_data_en_text["title"]["text"] == "Customer experience curve"
    assert zh_data_en_text["layer"][0]["encoding"]["x"]["axis"]["title"] == "Touchpoints (in journey order)"
    assert experience_curve(hall_zh, analyze(hall_zh), "zh-CN").to_dict()["title"]["text"] == "客户体验曲线"
    with pytest.raises(ValueError, match="unsupported chart language"):
        experience_curve(hall_zh, analyze(hall_zh), "fr")


def test_subtitle_omits_what_cannot_be_computed(hall_en: Journey) -> None:
    journey = hall_en.model_copy(deep=True)
    journey.touchpoint("confirm-sign").moments = ["mot"]  # no peak: no peak-end estimate
    spec = experience_curve(journey, analyze(journey, "en"), "en").to_dict()
    assert spec["title"]["subtitle"] == ["Mean 3.3"]
    for tp in journey.touchpoints:
        tp.emotion = None
    spec = experience_curve(journey, analyze(journey, "en"), "en").to_dict()
    assert "subtitle" not in spec["title"]


def test_user_text_travels_as_data_never_as_expression(doc: dict[str, Any]) -> None:
    doc["stages"] = [{"id": "s", "name": HOSTILE}]
    doc["touchpoints"] = [
        {"id": "a", "stage": "s", "name": HOSTILE, "moments": ["peak"], "emotion": {"expected": 3, "perceived": 4}},
        {"id": "b", "stage": "s", "name": "مرحبا", "moments": ["end"], "emotion": {"expected": 3, "perceived": 2}},
    ]
    doc["edges"] = [{"from": "a", "to": "b"}]
    journey = Journey.model_validate(doc)
    analysis = analyze(journey, "en")
    assert curve_data(journey, analysis, "en")[0]["name"] == HOSTILE
    chart = experience_curve(journey, analysis, "en")
    spec = chart.to_dict()
    assert any(value == HOSTILE for _, value in walk(spec["datasets"]))
    expressions = [value for key, value in walk(spec) if key in ("expr", "labelExpr", "calculate", "filter")]
    assert expressions and not any(part in e for e in expressions for part in ('"hi"', "<script>", "😀", "שלום"))

    svg = to_image(chart, "svg")
    assert b"<script" not in svg and b"&lt;script&gt;" in svg
    root = svg_root(svg)
    assert not [el for el in root.iter() if el.tag.rsplit("}", 1)[-1].lower() == "script"]
    texts = svg_texts(root)
    assert HOSTILE in texts  # the stage name, whole
    assert any(HOSTILE in " ".join(t.split()) for t in texts if "alert" in t)  # the touchpoint label


# --- SERVQUAL -------------------------------------------------------------------------------------


def test_servqual_rows_keep_blind_spots_visible(doc: dict[str, Any]) -> None:
    doc["touchpoints"][0]["standards"] = [
        {"text": "10步内问候", "kind": "hard", "dimension": "responsiveness"},
        {"text": "微笑", "kind": "soft", "dimension": "responsiveness"},
        {"text": "环境整洁", "kind": "soft", "dimension": "tangibles"},
    ]
    analysis = analyze(Journey.model_validate(doc))
    spec = servqual_chart(analysis, "zh").to_dict()
    rows = spec["datasets"][spec["data"]["name"]]
    assert len(rows) == 5
    assert [r["dimension"] for r in rows] == list(DIMENSIONS)
    assert [r["label"] for r in rows] == [label(d, "zh") for d in DIMENSIONS]
    assert [r["total"] for r in rows] == [1, 0, 2, 0, 0]
    assert [(r["硬标准"], r["软标准"]) for r in rows] == [(0, 1), (0, 0), (1, 1), (0, 0), (0, 0)]
    y = spec["encoding"]["y"]
    assert y["sort"] == y["scale"]["domain"] == ["有形性", "可靠性", "响应性", "保证性", "移情性"]
    assert param(spec, "blindSpots") == ["可靠性", "保证性", "移情性"]
    assert spec["title"]["text"] == "服务质量五维度覆盖"
    assert spec["title"]["subtitle"] == ["盲区：可靠性、保证性、移情性"]
    assert spec["encoding"]["color"]["scale"]["domain"] == ["硬标准", "软标准"]
    assert spec["config"]["font"] == FONT


def test_servqual_in_english(hall_en: Journey) -> None:
    spec = servqual_chart(analyze(hall_en, "en"), "en-US").to_dict()
    assert spec["title"]["text"] == "SERVQUAL coverage"
    assert spec["encoding"]["y"]["sort"] == [label(d, "en") for d in DIMENSIONS]
    assert spec["encoding"]["x"]["title"] == "Service standards"
    assert not CJK.search(json.dumps(spec, ensure_ascii=False))


# --- images ---------------------------------------------------------------------------------------


def test_png_and_svg_export(hall_zh: Journey) -> None:
    analysis = analyze(hall_zh)
    curve = experience_curve(hall_zh, analysis, "zh")
    png = to_image(curve, "png", scale=1.0)
    assert png.startswith(PNG_SIGNATURE)
    width = int.from_bytes(png[16:20], "big")
    assert width > 720  # the plot plus axis, labels and padding
    svg = to_image(servqual_chart(analysis, "zh"), "svg")
    texts = svg_texts(svg_root(svg))
    assert "服务质量五维度覆盖" in texts and "移情性" in texts
    with pytest.raises(ValueError, match="unsupported image format"):
        to_image(curve, "gif")  # type: ignore[arg-type]


def test_a_hundred_touchpoints_build_and_export() -> None:
    journey = synthetic_journey(100)
    analysis = analyze(journey)
    assert len(curve_data(journey, analysis)) == 100
    chart = experience_curve(journey, analysis, "zh")
    spec = chart.to_dict()
    assert len(param(spec, "tpIds")) == 100
    assert spec["layer"][0]["encoding"]["x"]["axis"]["labelAngle"] != 0  # crowded labels turn and thin out
    svg = to_image(chart, "svg")  # SVG: the same drawing as a PNG, half the time
    assert "客户体验曲线" in svg_texts(svg_root(svg))


def test_control_characters_in_names_draw_as_replacement_characters(hall_zh: Journey) -> None:
    # vl-convert aborts the process on a C0 control in a label (XML cannot hold one).
    doc = hall_zh.model_dump(by_alias=True)
    doc["title"] = "红色\x1b[31m\x07标题"
    for tp in doc["touchpoints"]:
        tp["name"] += "\x00\x08\x0c\x1f"
    journey = Journey.model_validate(doc)
    analysis = analyze(journey)
    svg = to_image(experience_curve(journey, analysis, "zh"), "svg")
    texts = svg_texts(svg_root(svg))
    assert any("\ufffd" in text for text in texts)
    assert not re.search(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]", svg)
    assert to_image(experience_curve(journey, analysis, "zh"), "png", scale=1.0).startswith(PNG_SIGNATURE)
