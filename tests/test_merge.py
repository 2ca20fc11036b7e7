"""The three-way merge that carries a draft onto a newer version: one-sided edits, disjoint edits, clashes."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from journeys.merge import merge
from journeys.model import Journey

from .conftest import MINIMAL
from .strategies import journeys, text


def edit(journey: Journey, **touchpoints: dict[str, Any]) -> Journey:
    """``journey`` with fields of some touchpoints changed (``None`` removes a touchpoint)."""
    doc = journey.model_dump(by_alias=True, exclude_none=True)
    kept = []
    for tp in doc["touchpoints"]:
        change = touchpoints.get(tp["id"], {})
        if change is not None:
            kept.append({**tp, **change})
    doc["touchpoints"] = kept
    ids = {tp["id"] for tp in kept}
    doc["edges"] = [e for e in doc.get("edges", []) if e["from"] in ids and e["to"] in ids]
    return Journey.model_validate(doc)


BASE = Journey.model_validate(MINIMAL)


def test_disjoint_edits_of_one_touchpoint_and_of_two_both_survive() -> None:
    mine = edit(BASE, greet={"name": "微笑迎宾"}, queue={"owner": "大堂经理"})
    theirs = edit(BASE, greet={"owner": "保安"}, counter={"channel": "phone"})
    result = merge(BASE, mine, theirs)
    assert result.clashes == ()
    greet = result.journey.touchpoint("greet")
    assert (greet.name, greet.owner) == ("微笑迎宾", "保安")
    assert result.journey.touchpoint("queue").owner == "大堂经理"
    assert result.journey.touchpoint("counter").channel == "phone"


def test_a_field_both_changed_is_a_clash_settled_by_choice() -> None:
    mine = edit(BASE, greet={"name": "我的名字"}, queue={"owner": "甲"})
    theirs = edit(BASE, greet={"name": "他们的名字"}, queue={"owner": "甲"})
    result = merge(BASE, mine, theirs)
    (clash,) = result.clashes  # the same change on both sides is no clash
    assert (clash.where, clash.key, clash.field, clash.base, clash.mine, clash.theirs) == (
        "touchpoint", "greet", "name", "迎宾问候", "我的名字", "他们的名字")
    assert result.journey.touchpoint("greet").name == "我的名字"
    settled = merge(BASE, mine, theirs, {clash.id: "theirs"})
    assert settled.journey.touchpoint("greet").name == "他们的名字"
    assert settled.journey.touchpoint("queue").owner == "甲"


def test_removing_what_the_other_changed_is_a_clash_of_the_whole_touchpoint() -> None:
    mine = edit(BASE, counter=None)  # type: ignore[arg-type]
    theirs = edit(BASE, counter={"owner": "柜员"})
    result = merge(BASE, mine, theirs)
    (clash,) = result.clashes
    assert (clash.where, clash.key, clash.field, clash.mine) == ("touchpoint", "counter", None, None)
    assert "counter" not in {tp.id for tp in result.journey.touchpoints}
    kept = merge(BASE, mine, theirs, {clash.id: "theirs"}).journey
    assert kept.touchpoint("counter").owner == "柜员"
    # Only one side removed it, the other left it alone: it goes, with its edges.
    gone = merge(BASE, mine, BASE).journey
    assert "counter" not in {tp.id for tp in gone.touchpoints} and all("counter" not in (e.source, e.target)
                                                                       for e in gone.edges)


def test_new_touchpoints_of_both_sides_are_kept_in_place() -> None:
    doc = BASE.model_dump(by_alias=True, exclude_none=True)
    mine = Journey.model_validate({**doc, "touchpoints": [*doc["touchpoints"][:1],
                                   {"id": "water", "stage": "arrive", "name": "送水"}, *doc["touchpoints"][1:]]})
    theirs = Journey.model_validate({**doc, "touchpoints": [*doc["touchpoints"],
                                     {"id": "survey", "stage": "serve", "name": "回访"}],
                                     "edges": [*doc["edges"], {"from": "counter", "to": "survey"}]})
    result = merge(BASE, mine, theirs)
    assert result.clashes == ()
    assert [tp.id for tp in result.journey.touchpoints] == ["greet", "water", "queue", "counter", "survey"]
    assert ("counter", "survey") in {(e.source, e.target) for e in result.journey.edges}


@settings(max_examples=40, deadline=None)
@given(journeys)
def test_an_edit_merged_with_an_unchanged_side_is_that_edit(journey: Journey) -> None:
    base = Journey.model_validate(MINIMAL)
    assert merge(base, journey.model_copy(update={"id": "visit"}), base).journey == \
        journey.model_copy(update={"id": "visit"})
    assert merge(base, base, journey.model_copy(update={"id": "visit"})).journey == \
        journey.model_copy(update={"id": "visit"})
    assert merge(journey, journey, journey).journey == journey


@settings(max_examples=60, deadline=None)
@given(journeys, st.data())
def test_disjoint_edits_both_survive(journey: Journey, data: st.DataObject) -> None:
    ids = [tp.id for tp in journey.touchpoints]
    if len(ids) < 2:
        return
    mine_ids = data.draw(st.lists(st.sampled_from(ids), unique=True, min_size=1, max_size=len(ids) - 1))
    theirs_ids = [i for i in ids if i not in mine_ids]
    names = {i: data.draw(text) for i in ids}
    owners = {i: data.draw(text) for i in ids}
    mine = edit(journey, **{i: {"name": names[i]} for i in mine_ids})
    # Theirs edits other touchpoints, and another field of mine's.
    theirs = edit(journey, **{i: {"name": names[i]} for i in theirs_ids}, **{i: {"owner": owners[i]}
                                                                              for i in mine_ids})
    result = merge(journey, mine, theirs)
    assert result.clashes == ()
    for i in ids:
        tp = result.journey.touchpoint(i)
        assert tp.name == names[i]
        if i in mine_ids:
            assert tp.owner == owners[i]
