"""One outline line at a time: quick add's touchpoint and stage lines, the detail form's standard line,
deleting a touchpoint that keeps the journey connected, and edit errors a person can read."""

from __future__ import annotations

import pytest

from journeys.edits import EditError, delete_reconnecting, explain, update_touchpoint
from journeys.graph import display_order
from journeys.outline import OutlineError, add_line, parse_outline, read_line, read_standard


def blank():  # type: ignore[no-untyped-def]
    return parse_outline("# 配送\n## 环节 1\n")


def test_a_touchpoint_line_carries_scores_moments_owner_and_backup() -> None:
    done = add_line(blank(), "与店主核对、签字确认 | 5/4 !关键时刻 @送货员/片区主管")
    tp = done.journey.touchpoint(done.touchpoint)
    assert (tp.name, tp.expected, tp.perceived, tp.moments, tp.owner, tp.backup) == (
        "与店主核对、签字确认", 5.0, 4.0, ["mot"], "送货员", "片区主管")


def test_lines_typed_one_after_another_build_the_main_path_across_stages() -> None:
    done = add_line(blank(), "## 到店")
    first = done.stage
    done = add_line(done.journey, "走向零售户 | 4/4", stage=first)
    a = done.touchpoint
    done = add_line(done.journey, "## 交接", after=a)
    second = done.stage
    assert second != first and [s.name for s in done.journey.stages] == ["到店", "交接"]
    done = add_line(done.journey, "签字确认 | 5/4 !mot", after=a, stage=second)
    b = done.touchpoint
    journey = done.journey
    assert journey.touchpoint(b).stage == second
    assert [(e.source, e.target) for e in journey.edges] == [(a, b)]
    assert display_order(journey) == [a, b]


def test_a_stage_line_picks_an_existing_stage_by_name() -> None:
    journey = add_line(add_line(blank(), "## 到店").journey, "甲", stage=None).journey
    journey = add_line(journey, "## 交接").journey
    again = add_line(journey, "## 到店")
    assert again.journey == journey and again.stage == journey.stages[0].id


def test_a_side_step_is_added_unlinked() -> None:
    done = add_line(blank(), "甲")
    done = add_line(done.journey, "~ 退换货处理 | 3/2 !贬损点", after=done.touchpoint)
    tp = done.journey.touchpoint(done.touchpoint)
    assert tp.moments == ["pain"] and done.journey.edges == []


@pytest.mark.parametrize("line", ["甲 | 9/4", "甲 | !nope", "| 4/4", "### 环节"])
def test_a_bad_line_is_refused_with_a_message_in_either_language(line: str) -> None:
    with pytest.raises(OutlineError) as caught:
        add_line(blank(), line)
    assert caught.value.messages("zh")[0] and caught.value.messages("en")[0]


def test_a_standard_line_reads_kind_dimension_and_target_as_the_outline_does() -> None:
    assert read_standard("硬 响应性 核对无误后签字确认不超过2分钟") == {
        "text": "核对无误后签字确认不超过2分钟", "kind": "hard", "dimension": "responsiveness",
        "target": {"metric": "核对无误后签字确认", "op": "<=", "value": 2.0, "unit": "分钟"}}
    bracketed = read_standard("- 硬 保证性 离店前确认店主无其他需求 [遗留问题 = 0 件]")
    assert bracketed["target"] == {"metric": "遗留问题", "op": "=", "value": 0.0, "unit": "件"}
    assert read_standard("软 移情性 主动询问店主的意见")["target"] is None
    outline = parse_outline("## A\n甲\n  - 硬 可靠性 核对订单小票与货物3分钟内完成\n")
    assert read_standard("硬 可靠性 核对订单小票与货物3分钟内完成") == outline.touchpoints[0].standards[0].model_dump(
        include={"text", "kind", "dimension", "target"})
    with pytest.raises(OutlineError):
        read_standard("硬 可靠")
    assert read_line("~ 甲").side


def test_deleting_a_touchpoint_links_its_predecessors_to_its_successors() -> None:
    journey = parse_outline("## A\n甲\n乙\n  -> 丁 (投诉, 20%)\n丙\n~ 丁\n  -> 丙\n")
    ids = {tp.name: tp.id for tp in journey.touchpoints}
    after, links = delete_reconnecting(journey, ids["乙"])
    assert links == [(ids["甲"], ids["丙"]), (ids["甲"], ids["丁"])]
    assert {(e.source, e.target) for e in after.edges} == {(ids["甲"], ids["丙"]), (ids["甲"], ids["丁"]),
                                                          (ids["丁"], ids["丙"])}
    # A link that already exists is not made twice, and nothing links to itself.
    after, links = delete_reconnecting(after, ids["丁"])
    assert links == [] and {(e.source, e.target) for e in after.edges} == {(ids["甲"], ids["丙"])}


def test_an_edit_error_names_the_touchpoint_and_the_field_in_the_ui_language() -> None:
    journey = parse_outline("## A\n取货\n签字\n")
    with pytest.raises(EditError) as caught:
        update_touchpoint(journey, journey.touchpoints[1].id, {"name": " "})
    [problem] = caught.value.problems
    assert explain(problem, journey, "zh") == "接触点「签字」的名称：不能为空"
    assert explain(problem, journey, "en") == "Touchpoint “签字”, Name: must not be empty or only spaces"
    assert "touchpoints[" not in explain(problem, journey, "zh")
