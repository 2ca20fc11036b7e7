"""The comparison curve: two versions of a journey's experience curve overlaid, its rows, spec and images."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from typing import Any

import pytest

from exports.charts import compare_curve, compare_curve_data, to_image
from journeys.catalog import load_template
from journeys.diff import JourneyDiff, diff
from journeys.model import Edge, Emotion, Journey, Touchpoint

from .test_charts import walk

FONT = "Noto Sans CJK SC"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
HOSTILE = "Say \"hi\" <script>alert('x')</script> C:\\temp\\n ${signal} 😀"
CJK = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")
SVG_TEXT = "{http://www.w3.org/2000/svg}text"
GREEN, RED, INK = "#1e7a46", "#d93025", "#2b2f36"


@pytest.fixture(scope="module")
def hall_zh() -> Journey:
    return load_template("business-hall", "zh-CN")


@pytest.fixture(scope="module")
def hall_en() -> Journey:
    return load_template("business-hall", "en")


def without(journey: Journey, *tp_ids: str) -> list[Edge]:
    return [e for e in journey.edges if e.source not in tp_ids and e.target not in tp_ids]


def edit(journey: Journey, *, added_name: str = "等候区资料预审", removed: str = "missing-docs") -> Journey:
    """The next version of a journey: ``removed`` dropped with its edges, a pre-check added after taking a
    ticket, and the wait in the seating area made better (2.0 → 3.4)."""
    touchpoints = []
    for tp in journey.touchpoints:
        if tp.id == removed:
            continue
        if tp.id == "wait-seated":
            tp = tp.model_copy(update={"emotion": tp.emotion.model_copy(update={"perceived": 3.4})})
        touchpoints.append(tp)
        if tp.id == "take-number":
            touchpoints.append(Touchpoint(id="pre-check", stage="wait", name=added_name,
                                          emotion=Emotion(expected=3.2, perceived=4.0)))
    edges = [*without(journey, removed), Edge.model_validate({"from": "take-number", "to": "pre-check"}),
             Edge.model_validate({"from": "pre-check", "to": "wait-seated"})]
    return journey.model_copy(update={"touchpoints": touchpoints, "edges": edges})


@pytest.fixture(scope="module")
def d_zh(hall_zh: Journey) -> JourneyDiff:
    return diff(hall_zh, edit(hall_zh), "zh")


@pytest.fixture(scope="module")
def d_en(hall_en: Journey) -> JourneyDiff:
    return diff(hall_en, edit(hall_en, added_name="Pre-check documents while waiting"), "en")


def dataset(spec: dict[str, Any], layer: dict[str, Any]) -> list[dict[str, Any]]:
    return spec["datasets"][layer["data"]["name"]]


def param(spec: dict[str, Any], name: str) -> Any:
    return next(p["value"] for p in spec["params"] if p["name"] == name)


def line_layer(spec: dict[str, Any]) -> dict[str, Any]:
    return next(layer for layer in spec["layer"] if layer["mark"]["type"] == "line")


def svg_texts(svg: bytes) -> list[str]:
    """The text of every <text> element, its lines (tspans) joined with nothing between them."""
    return list(svg_fills(svg))


def svg_fills(svg: bytes) -> dict[str, str | None]:
    """Each <text> element's text (lines joined with nothing between them) and its fill colour."""
    return {"".join("".join(el.itertext()).split()): el.get("fill") for el in ET.fromstring(svg).iter(SVG_TEXT)}


# --- compare_curve_data ---------------------------------------------------------------------------------


def test_rows_are_the_union_with_each_removed_touchpoint_after_its_predecessor(d_zh: JourneyDiff) -> None:
    rows = compare_curve_data(d_zh, "zh")
    assert len(rows) == len(d_zh.after.touchpoints) + len(d_zh.touchpoints.removed) == 12
    assert [r["pos"] for r in rows] == list(range(12))
    ids = [r["id"] for r in rows]
    # after's display order untouched, the removed touchpoint right after its predecessor in before
    assert [i for i in ids if i != "missing-docs"] == list(d_zh.after_analysis.order)
    before_order = list(d_zh.before_analysis.order)
    predecessor = before_order[before_order.index("missing-docs") - 1]
    assert ids.index("missing-docs") == ids.index(predecessor) + 1
    assert ids == ["reach-hall", "greet", "take-number", "pre-check", "wait-seated", "self-service", "counter",
                   "missing-docs", "confirm-sign", "rate-service", "complaint", "farewell"]


def test_a_removed_touchpoint_follows_its_predecessor_wherever_that_moved(hall_zh: Journey) -> None:
    # take-number moves to the service stage (so later in the display order) and wait-seated, which came
    # right after it, is removed: it belongs next to take-number, not at its old position.
    moved = [tp.model_copy(update={"stage": "serve"}) if tp.id == "take-number" else tp
             for tp in hall_zh.touchpoints if tp.id != "wait-seated"]
    after = hall_zh.model_copy(update={"touchpoints": moved, "edges": without(hall_zh, "wait-seated")})
    d = diff(hall_zh, after)
    ids = [r["id"] for r in compare_curve_data(d)]
    assert list(d.after_analysis.order)[:4] == ["reach-hall", "greet", "self-service", "take-number"]
    assert ids[:5] == ["reach-hall", "greet", "self-service", "take-number", "wait-seated"]
    status = {r["id"]: r["status"] for r in compare_curve_data(d)}
    assert (status["take-number"], status["wait-seated"], status["greet"]) == ("changed", "removed", "unchanged")


def test_removed_touchpoints_in_a_row_and_at_the_start(hall_en: Journey) -> None:
    gone = ("reach-hall", "missing-docs", "confirm-sign")
    after = hall_en.model_copy(update={"touchpoints": [tp for tp in hall_en.touchpoints if tp.id not in gone],
                                       "edges": without(hall_en, *gone)})
    d = diff(hall_en, after)
    ids = [r["id"] for r in compare_curve_data(d, "en")]
    assert ids[0] == "reach-hall"  # nothing preceded it
    start = ids.index("counter")
    assert ids[start:start + 3] == ["counter", "missing-docs", "confirm-sign"]  # the second follows the first
    assert len(ids) == len(hall_en.touchpoints) and sorted(ids) == sorted(tp.id for tp in hall_en.touchpoints)


def test_rows_carry_status_scores_and_deltas(d_zh: JourneyDiff) -> None:
    rows = {r["id"]: r for r in compare_curve_data(d_zh, "zh-CN")}
    assert {i: r["status"] for i, r in rows.items() if r["status"] != "unchanged"} == {
        "pre-check": "added", "missing-docs": "removed", "wait-seated": "changed"}
    assert {r["status"]: r["status_label"] for r in rows.values()} == {
        "added": "新增", "removed": "删除", "changed": "修改", "unchanged": "未变"}
    removed, added, changed = rows["missing-docs"], rows["pre-check"], rows["wait-seated"]
    assert (removed["name"], removed["stage_name"]) == ("资料不全，补齐后再来", "业务办理")
    assert (removed["before"], removed["after"], removed["delta"]) == (2.2, None, None)
    assert (added["name"], added["stage_name"]) == ("等候区资料预审", "取号等候")
    assert (added["before"], added["after"], added["delta"]) == (None, 4.0, None)
    assert (changed["before"], changed["after"], changed["delta"]) == (2.0, 3.4, pytest.approx(1.4))
    assert rows["greet"]["before"] == rows["greet"]["after"] == 3.9 and rows["greet"]["delta"] == 0
    flags = {k: [i for i, r in rows.items() if r[k]] for k in ("peak_before", "peak_after", "end_before", "end_after")}
    assert flags == {"peak_before": ["confirm-sign"], "peak_after": ["confirm-sign"], "end_before": ["farewell"],
                     "end_after": ["farewell"]}


def test_a_journey_compared_with_itself_is_unchanged_everywhere(hall_zh: Journey) -> None:
    rows = compare_curve_data(diff(hall_zh, hall_zh), "zh")
    assert [r["id"] for r in rows] == [r for r in diff(hall_zh, hall_zh).after_analysis.order]
    assert {r["status"] for r in rows} == {"unchanged"}
    assert all(r["before"] == r["after"] == hall_zh.touchpoint(r["id"]).perceived for r in rows)
    assert all(r["delta"] == 0 for r in rows)
    assert all(r["peak_before"] == r["peak_after"] and r["end_before"] == r["end_after"] for r in rows)


def test_flags_follow_each_version(hall_en: Journey) -> None:
    moved = [tp.model_copy(update={"moments": ["mot", "peak"]}) if tp.id == "counter" else
             tp.model_copy(update={"moments": ["mot"]}) if tp.id == "confirm-sign" else tp
             for tp in hall_en.touchpoints]
    rows = {r["id"]: r for r in compare_curve_data(diff(hall_en, hall_en.model_copy(update={"touchpoints": moved})))}
    assert (rows["confirm-sign"]["peak_before"], rows["confirm-sign"]["peak_after"]) == (True, False)
    assert (rows["counter"]["peak_before"], rows["counter"]["peak_after"]) == (False, True)
    assert rows["counter"]["status"] == rows["confirm-sign"]["status"] == "changed"


# --- the spec ---------------------------------------------------------------------------------------------


def test_spec_validates_and_is_deterministic(d_zh: JourneyDiff) -> None:
    chart = compare_curve(d_zh, "zh")
    spec = chart.to_dict()  # validates against the Vega-Lite schema
    first = chart.to_json()
    assert first == compare_curve(d_zh, "zh").to_json()
    assert not any(key == "url" for key, _ in walk(json.loads(first)))
    assert (spec["width"], spec["height"]) == (720, 280)
    assert spec["config"]["font"] == spec["config"]["axis"]["labelFont"] == FONT
    ids = [r["id"] for r in compare_curve_data(d_zh)]
    assert param(spec, "tpIds") == ids
    xs = [layer["encoding"]["x"] for layer in spec["layer"] if "x" in layer.get("encoding", {})]
    assert any(x.get("scale", {}).get("domain") == ids for x in xs)
    assert all(x["sort"] == ids for x in xs if "sort" in x)
    ys = [layer["encoding"]["y"] for layer in spec["layer"] if "scale" in layer["encoding"].get("y", {})]
    assert ys and all(y["scale"]["domain"] == [1, 5] for y in ys)
    assert [d["score"] for layer in spec["layer"] if layer["mark"]["type"] == "rule"
            for d in dataset(spec, layer) if "score" in d] == [1, 2, 4, 5, 3]  # grid and the neutral rule
    assert compare_curve(d_zh, width=300, height=200).to_dict()["width"] == 300


def test_zh_words(d_zh: JourneyDiff) -> None:
    spec = compare_curve(d_zh, "zh-CN").to_dict()
    assert spec["title"]["text"] == "体验曲线对比"
    after = d_zh.after_analysis.metrics
    assert spec["title"]["subtitle"] == [f"峰终体验 4.3 → 4.3 · 全程平均 3.3 → {round(after['mean_perceived'], 1)}"]
    lines = line_layer(spec)["encoding"]
    assert lines["color"]["scale"]["domain"] == lines["strokeDash"]["scale"]["domain"] == ["之前", "之后"]
    assert lines["color"]["legend"]["orient"] == "top"
    tooltips = next(layer["encoding"]["tooltip"] for layer in spec["layer"] if layer["mark"].get("color") == "#1f5fa6")
    assert [t["title"] for t in tooltips] == ["接触点", "服务环节", "之前", "之后", "变化（之后−之前）", "改动"]
    assert next(t for t in tooltips if t["field"] == "delta")["format"].startswith("+")
    assert spec["layer"][0]["encoding"]["x"]["axis"]["title"] == "接触点（按旅程顺序；+ 新增、− 删除）"


def test_en_words(d_en: JourneyDiff, hall_zh: Journey) -> None:
    spec = compare_curve(d_en, "en-GB").to_dict()
    assert spec["title"]["text"] == "Experience curve: before and after"
    assert spec["title"]["subtitle"][0].startswith("Peak-end 4.3 → 4.3 · Mean 3.3 → ")
    assert line_layer(spec)["encoding"]["color"]["scale"]["domain"] == ["Before", "After"]
    assert spec["layer"][0]["encoding"]["x"]["axis"]["title"] == "Touchpoints (in journey order; + added, − removed)"
    statuses = {r["status_label"] for layer in spec["layer"] for r in dataset(spec, layer) if "status_label" in r}
    assert statuses == {"Added", "Removed", "Changed", "Unchanged"}
    assert not CJK.search(json.dumps(spec, ensure_ascii=False))  # every text of ours is English
    # a Chinese journey for an English-speaking trainer: our words switch, the touchpoint names stay
    mixed = compare_curve(diff(hall_zh, hall_zh), "en").to_dict()
    assert mixed["title"]["text"] == "Experience curve: before and after"
    assert "来到营业厅" in json.dumps(mixed, ensure_ascii=False)
    with pytest.raises(ValueError, match="unsupported chart language"):
        compare_curve(d_en, "fr")


def test_each_line_has_only_its_own_versions_touchpoints(d_zh: JourneyDiff) -> None:
    after = d_zh.after.model_copy(deep=True)
    after.touchpoint("greet").emotion.perceived = None  # scored before, not after: a gap in the after line
    d = diff(d_zh.before, after, "zh")
    spec = compare_curve(d, "zh").to_dict()
    lines = line_layer(spec)
    assert lines["mark"]["invalid"].startswith("break-paths")
    scores = {(r["id"], r["series"]): r["score"] for r in dataset(spec, lines)}
    assert ("missing-docs", "之后") not in scores and scores[("missing-docs", "之前")] == 2.2
    assert ("pre-check", "之前") not in scores and scores[("pre-check", "之后")] == 4.0
    assert scores[("greet", "之后")] is None and scores[("greet", "之前")] == 3.9
    assert len(scores) == 2 * len(compare_curve_data(d)) - 2
    points = {layer["encoding"]["y"]["field"]: {r["id"] for r in dataset(spec, layer)}
              for layer in spec["layer"] if layer["mark"]["type"] == "point" and layer["mark"].get("filled")
              and layer["mark"].get("shape") is None}
    assert "missing-docs" in points["before"] and "missing-docs" not in points["after"]
    assert "pre-check" in points["after"] and "pre-check" not in points["before"]
    assert "greet" not in points["after"]


def test_axis_labels_mark_added_and_removed(d_zh: JourneyDiff) -> None:
    spec = compare_curve(d_zh, "zh").to_dict()
    ids, labels, colours = param(spec, "tpIds"), param(spec, "tpLabels"), param(spec, "tpColours")
    by_id = dict(zip(ids, zip(labels, colours, strict=True), strict=True))
    assert by_id["pre-check"][1] == GREEN and by_id["pre-check"][0][0].startswith("+ ")
    assert by_id["missing-docs"][1] == RED and by_id["missing-docs"][0][0].startswith("− ")
    assert by_id["wait-seated"][1] == by_id["greet"][1] == INK
    assert "".join(by_id["greet"][0]) == "迎宾问候与分流"
    assert "".join(by_id["pre-check"][0]) == "+ 等候区资料预审"
    fills = svg_fills(to_image(compare_curve(d_zh, "zh"), "svg"))  # the colours reach the drawn labels
    assert (fills["+等候区资料预审"], fills["−资料不全，补齐后再来"], fills["迎宾问候与分流"]) == (GREEN, RED, INK)


def test_peak_and_end_of_the_after_version_are_labelled(d_zh: JourneyDiff) -> None:
    better_end = d_zh.after.model_copy(deep=True)
    better_end.touchpoint("farewell").emotion.perceived = 4.6
    spec = compare_curve(diff(d_zh.before, better_end, "zh"), "zh").to_dict()
    texts = [r["text"] for layer in spec["layer"] if layer["mark"]["type"] == "text" for r in dataset(spec, layer)]
    assert "峰值 4.4" in texts and "终点 4.6" in texts and "终点 4.1" not in texts
    stars = [layer for layer in spec["layer"] if layer["mark"].get("shape", "").startswith("M0,-1")]
    assert {(layer["mark"]["filled"], layer["encoding"]["y"]["field"]) for layer in stars} == {
        (True, "after"), (False, "before")}


def test_marker_labels_keep_clear_of_both_scores(hall_zh: Journey) -> None:
    def label_at(before: float, after: float) -> tuple[float, str]:
        old, new = hall_zh.model_copy(deep=True), hall_zh.model_copy(deep=True)
        old.touchpoint("farewell").emotion.perceived = before
        new.touchpoint("farewell").emotion.perceived = after
        spec = compare_curve(diff(old, new, "zh"), "zh").to_dict()
        return next((r["y"], layer["mark"]["baseline"]) for layer in spec["layer"] if layer["mark"]["type"] == "text"
                    for r in dataset(spec, layer) if r["text"].startswith("终点"))

    assert label_at(4.1, 3.9) == (4.1, "bottom")  # above the before ring just over the after one
    assert label_at(4.1, 4.5) == (4.5, "bottom")  # still room above
    assert label_at(4.1, 4.9) == (4.9, "top")  # no room above: below, where the before ring is far enough
    assert label_at(4.6, 4.9) == (4.6, "top")  # below both when the before ring is close under
    assert label_at(4.1, 2.0) == (2.0, "bottom")  # the before score is far away and no obstacle


def test_subtitle_shows_a_dash_for_what_one_version_cannot_compute(hall_en: Journey) -> None:
    no_peak = hall_en.model_copy(deep=True)
    no_peak.touchpoint("confirm-sign").moments = ["mot"]
    spec = compare_curve(diff(hall_en, no_peak), "en").to_dict()
    assert spec["title"]["subtitle"] == ["Peak-end 4.3 → — · Mean 3.3 → 3.3"]
    unscored = no_peak.model_copy(deep=True)
    for tp in unscored.touchpoints:
        tp.emotion = None
    assert "subtitle" not in compare_curve(diff(unscored, unscored), "en").to_dict()["title"]


# --- images and user text ---------------------------------------------------------------------------------


def test_svg_and_png_render_offline_with_the_names(d_zh: JourneyDiff) -> None:
    chart = compare_curve(d_zh, "zh")
    svg = to_image(chart, "svg")
    texts = svg_texts(svg)
    assert "体验曲线对比" in texts
    assert "之前" in texts and "之后" in texts
    assert "送别" in texts and "迎宾问候与分流" in texts
    assert "−资料不全，补齐后再来" in texts and "+等候区资料预审" in texts
    png = to_image(chart, "png", scale=1.0)
    assert png.startswith(PNG_SIGNATURE) and int.from_bytes(png[16:20], "big") > 720


def test_user_text_travels_as_data_never_as_expression(hall_en: Journey) -> None:
    before = hall_en.model_copy(update={"touchpoints": [
        tp.model_copy(update={"name": HOSTILE + " (old)"}) if tp.id == "missing-docs" else tp
        for tp in hall_en.touchpoints]})
    d = diff(before, edit(hall_en, added_name=HOSTILE), "en")
    rows = {r["id"]: r for r in compare_curve_data(d, "en")}
    assert rows["pre-check"]["name"] == HOSTILE and rows["missing-docs"]["name"] == HOSTILE + " (old)"
    chart = compare_curve(d, "en")
    spec = chart.to_dict()
    assert any(value == HOSTILE for _, value in walk(spec["datasets"]))
    expressions = [value for key, value in walk(spec) if key in ("expr", "labelExpr", "calculate", "filter")]
    assert expressions
    for part in ("<script>", '"hi"', "'x'", "\\", "${signal}", "😀", "Say"):
        assert not any(part in e for e in expressions), part

    svg = to_image(chart, "svg")
    assert b"<script" not in svg and b"&lt;script&gt;" in svg
    root = ET.fromstring(svg)
    assert not [el for el in root.iter() if el.tag.rsplit("}", 1)[-1].lower() == "script"]
    assert any(t.startswith("+Say\"hi\"<script>alert('x')") for t in svg_texts(svg))
