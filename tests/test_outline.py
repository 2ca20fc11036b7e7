"""The journey outline (DOMAIN.md, "The journey outline"): reading, errors by line, writing, the round trip,
applying an outline to an existing journey, and `mot import-outline` / `mot export --format outline`."""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import Result

from journeys import catalog, fileformat
from journeys.model import Journey
from journeys.outline import OutlineError, OutlineProblem, apply_outline, parse_outline, write_outline
from journeys.outline._syntax import phrase_target
from journeys.store import SqliteStore

from .conftest import DATA
from .strategies import outline_journeys

SEED = (DATA / "seed-000-delivery.outline").read_text(encoding="utf-8")
EXAMPLE = (DATA / "domain-example.outline").read_text(encoding="utf-8")


def by_name(journey: Journey) -> dict[str, Any]:
    return {tp.name: tp for tp in journey.touchpoints}


def target_of(standard: Any) -> tuple[Any, ...] | None:
    t = standard.target
    return None if t is None else (t.metric, t.op, t.value, t.unit)


def carried(journey: Journey) -> dict[str, Any]:
    """Everything the outline carries, keyed by names (ids may differ where the outline cannot hold them)."""
    stage = {s.id: s.name for s in journey.stages}
    name = {tp.id: tp.name for tp in journey.touchpoints}

    def blank(value: str | None) -> str | None:
        return value if value is not None and value.strip() else None

    return {
        "title": journey.title,
        "stages": [s.name for s in journey.stages],
        "touchpoints": {tp.name: {
            "stage": stage[tp.stage], "channel": tp.channel, "owner": blank(tp.owner), "backup": blank(tp.backup),
            "moments": tp.moments, "expected": tp.expected, "perceived": tp.perceived,
            "expectations": [(e.text, e.source) for e in tp.expectations],
            "standards": [(s.text, s.kind, s.dimension, target_of(s)) for s in tp.standards],
            "script": tp.script,
        } for tp in journey.touchpoints},
        "edges": {(name[e.source], name[e.target], blank(e.label), e.share) for e in journey.edges},
    }


# --- reading ---------------------------------------------------------------------------------------------

def test_seed_000_reads_as_the_delivery_journey() -> None:
    j = parse_outline(SEED)
    assert (j.id, j.title, j.locale) == ("卷烟配送到店服务", "卷烟配送到店服务", "zh-CN")
    assert [(s.id, s.name) for s in j.stages] == [("到店", "到店"), ("交接", "交接")]
    assert [tp.name for tp in j.touchpoints] == ["走向零售户", "取出订单小票核对货物", "送货入店",
                                                "与店主核对品牌数量、签字确认", "询问意见与建议", "道别"]
    assert [tp.stage for tp in j.touchpoints] == ["到店"] * 3 + ["交接"] * 3
    assert j.touchpoints[3].id == "与店主核对品牌数量-签字确认"  # the slug rule: '、' becomes '-'
    tps = by_name(j)
    assert (tps["走向零售户"].owner, tps["走向零售户"].backup) == ("送货员", "片区主管")
    assert (tps["道别"].owner, tps["道别"].backup) == ("送货员", None)
    assert [(tp.expected, tp.perceived) for tp in j.touchpoints] == [(4, 4), (4, 3), (4, 5), (5, 4), (3, 3), (4, 4)]
    assert [tp.moments for tp in j.touchpoints] == [[], [], ["peak"], ["mot"], [], ["end"]]
    standards = [(s.text, s.kind, s.dimension, target_of(s)) for tp in j.touchpoints for s in tp.standards]
    assert standards == [
        ("按约定时段到店", "hard", "reliability", ("到店时间偏差", "<=", 15, "分钟")),
        ("核对订单小票与货物3分钟内完成", "hard", "reliability", ("核对订单小票与货物完成", "<=", 3, "分钟")),
        ("货物轻拿轻放、码放整齐", "soft", "tangibles", None),
        ("核对无误后签字确认不超过2分钟", "hard", "responsiveness", ("核对无误后签字确认", "<=", 2, "分钟")),
        ("主动询问店主的意见与建议并记录", "soft", "empathy", None),
        ("离店前确认店主无其他需求", "hard", "assurance", ("遗留问题", "=", 0, "件")),
    ]
    ids = [tp.id for tp in j.touchpoints]
    assert [(e.source, e.target) for e in j.edges] == list(pairwise(ids))


def test_the_domain_example_reads_with_side_step_edges_sources_and_script() -> None:
    j = parse_outline(EXAMPLE)
    tps = by_name(j)
    assert j.title == "烟草配送到店服务" and [s.name for s in j.stages] == ["到店", "交付"]
    check = tps["取出订单小票核对货物"]
    assert check.moments == ["mot"] and check.script == ["您好，这是您本次的订货，请过目。"]
    assert [(e.text, e.source) for e in check.expectations] == [("数量准确无误", "past-experience")]
    assert target_of(check.standards[0]) == ("Goods checked against the slip", "<=", 2, "minutes")
    assert tps["与店主核对品牌数量、签字确认"].owner == "Store owner"
    assert tps["退换货处理"].moments == ["pain"] and tps["退换货处理"].standards[0].kind == "soft"
    assert tps["道别"].moments == ["end"] and tps["走向零售户"].owner == "配送员"
    name = {tp.id: tp.name for tp in j.touchpoints}
    edges = {(name[e.source], name[e.target]): (e.label, e.share) for e in j.edges}
    assert edges == {
        ("走向零售户", "取出订单小票核对货物"): (None, None),
        ("取出订单小票核对货物", "送货入店"): (None, None),  # the side step is not on the main path
        ("取出订单小票核对货物", "退换货处理"): ("货物有误", 0.1),
        ("退换货处理", "送货入店"): ("换货完成", None),
        ("送货入店", "与店主核对品牌数量、签字确认"): (None, None),
        ("与店主核对品牌数量、签字确认", "询问意见与建议"): (None, None),
        ("询问意见与建议", "道别"): (None, None),
    }


def test_full_width_marks_are_syntax_and_text_keeps_them() -> None:
    j = parse_outline("# 旅程\n## 到达\n迎宾，问候 ｜ 4/3 ！关键时刻 ＠“值班 经理”/营业员 ～电话\n"
                      "\u3000＞ 有人招呼，马上（口碑）\n\u3000“ 您好，欢迎！\n\t- 硬 响应性 问候【问候距离 ≤ 10 步】\n"
                      "  -＞ 取号（人多时，60％）\n取号\n")
    greet = j.touchpoints[0]
    assert (greet.name, greet.moments, greet.owner, greet.backup, greet.channel) == \
        ("迎宾，问候", ["mot"], "值班 经理", "营业员", "phone")
    assert [(e.text, e.source) for e in greet.expectations] == [("有人招呼，马上", "word-of-mouth")]
    assert greet.script == ["您好，欢迎！"]
    assert target_of(greet.standards[0]) == ("问候距离", "<=", 10, "步")
    assert [(e.label, e.share) for e in j.edges] == [("人多时", 0.6)]


def test_a_next_main_path_edge_gives_the_implied_edge_its_condition_and_share() -> None:
    j = parse_outline("# T\n## S\nA\n  -> B (quick, 0.3)\n  -> C (30%)\nB\nC\n")
    assert [(e.source, e.target, e.label, e.share) for e in j.edges] == [
        ("a", "b", "quick", 0.3), ("a", "c", None, 0.3), ("b", "c", None, None)]


def test_comments_quotes_and_ids() -> None:
    j = parse_outline('# "Visit // not a comment" // a comment\n// whole line\n## Arrive // stage note\n'
                      'Greet | 3/4 // ok\n  " see http://example.com\n  > "has (口碑) inside"\n'
                      '"Say \\"hi\\" | there" | @"Hall manager"/"Floor guide"\n  -> Greet (\"a, b\", 0.5)\n'
                      'Greet twice\n')
    assert j.title == "Visit // not a comment" and j.stages[0].name == "Arrive"
    greet, say, _ = j.touchpoints
    assert greet.script == ["see http://example.com"]
    assert [(e.text, e.source) for e in greet.expectations] == [("has (口碑) inside", None)]
    assert (say.name, say.owner, say.backup) == ('Say "hi" | there', "Hall manager", "Floor guide")
    assert [tp.id for tp in j.touchpoints] == ["greet", "say-hi-there", "greet-twice"]
    assert ("say-hi-there", "greet", "a, b", 0.5) in [(e.source, e.target, e.label, e.share) for e in j.edges]
    assert parse_outline("# T\n## S\nA\n", journey_id="mine", locale="en-GB").id == "mine"


@pytest.mark.parametrize(("text", "target"), [
    ("核对订单小票与货物3分钟内完成", ("核对订单小票与货物完成", "<=", 3, "分钟")),
    ("电话10秒内接听", ("电话接听", "<=", 10, "秒")),
    ("回电2小时以内", ("回电", "<=", 2, "小时")),
    ("答复不超过2天", ("答复", "<=", 2, "天")),
    ("出餐≤2分钟", ("出餐", "<=", 2, "分钟")),
    ("Food served within 2 minutes", ("Food served", "<=", 2, "minutes")),
    ("Phone answered under 10 seconds", ("Phone answered", "<=", 10, "seconds")),
    ("Letters answered at most 2 days", ("Letters answered", "<=", 2, "days")),
    ("一次解决率不少于95%", ("一次解决率", ">=", 95, "%")),
    ("满意度90%以上", ("满意度", ">=", 90, "%")),
    ("First-call resolution at least 80%", ("First-call resolution", ">=", 80, "%")),
    ("回访率≥99.5%", ("回访率", ">=", 99.5, "%")),
    ("10步内问候", ("问候", "<=", 10, "步")),
    ("2分钟内接听，10分钟内回电", None),  # two phrases: no target
    ("主动问候每位客户", None),
])
def test_a_hard_standard_reads_its_target_from_one_phrase(text: str, target: tuple[Any, ...] | None) -> None:
    assert phrase_target(text) == target
    j = parse_outline(f"# T\n## S\nA\n  - 硬 可靠性 {text}\n  - soft reliability {text}\n  - 硬 可靠性 {text} []\n")
    hard, soft, bracketed = j.touchpoints[0].standards
    assert (target_of(hard), target_of(soft), target_of(bracketed)) == (target, None, None)


ERRORS = [
    ("## S\n  - 硬 可靠性 x\n", 2, "no_touchpoint_above"),
    ("## S\nA\n## T\n  > x\n", 4, "no_touchpoint_above"),
    ("# T\nA | 3/3\n", 2, "before_stage"),
    ("## S\n- 硬 可靠性 x\n", 2, "unknown_form"),
    ("## S\nA\n  ? what\n", 3, "unknown_form"),
    ("## S\n### deep\n", 2, "unknown_form"),
    ("## S\nA\n// c\nA\n", 4, "duplicate_name"),
    ("## S\nA\n  -> Nowhere\n", 3, "unknown_target"),
    ("## S\nA | 6/3\n", 2, "bad_score"),
    ("## S\nA | 0\n", 2, "bad_score"),
    ("## S\nA | 3/x\n", 2, "unknown_field"),
    ("// c\n## S\n# Late title\n", 3, "title_not_first"),
    ("## S\nA | !wow\n", 2, "unknown_moment"),
    ("## S\nA | ~fax\n", 2, "unknown_channel"),
    ("## S\nA\n  - medium 可靠性 x\n", 3, "unknown_kind"),
    ("## S\nA\n  - 硬 speed x\n", 3, "unknown_dimension"),
    ("## S\nA\n  - 硬 可靠性\n", 3, "no_standard_text"),
    ("## S\nA\n  - 硬 可靠性 x [fast]\n", 3, "bad_target"),
    ("## S\nA\nB\n  -> A (back, 150%)\n", 4, "bad_share"),
    ("## S\nA\n  -> A (x\n", 3, "bad_edge"),
    ("## S\nA\n  -> A\n  -> A (y)\n", 4, "edge_twice"),
    ("## S\nA\n  -> B (60%)\n  -> C (50%)\nB\nC\n", 2, "share_sum"),
    ("// only a comment\n", 1, "no_stage"),
]


@pytest.mark.parametrize(("text", "line", "key"), ERRORS)
def test_each_error_names_its_line(text: str, line: int, key: str) -> None:
    with pytest.raises(OutlineError) as caught:
        parse_outline(text)
    assert [(p.line, p.key) for p in caught.value.problems] == [(line, key)]
    zh, en = caught.value.problems[0].message("zh"), caught.value.problems[0].message("en")
    assert zh.startswith(f"第 {line} 行：") and en.startswith(f"line {line}: ")


def test_errors_are_collected_for_the_whole_text() -> None:
    with pytest.raises(OutlineError) as caught:
        parse_outline("A\n  > x\n## S\nB | 9\nB\n  -> C\n")
    assert [(p.line, p.key) for p in caught.value.problems] == [(1, "before_stage"), (4, "bad_score"),
                                                                (5, "duplicate_name")]
    assert "line 4: bad score '9'" in str(caught.value)


# --- writing and the round trip -------------------------------------------------------------------------

def test_the_writer_quotes_exactly_when_needed_and_marks_hard_standards_without_target() -> None:
    j = parse_outline('# T\n## S\n"~ A | b" | @"Hall manager"/B角 ~phone\n  - 硬 可靠性 主动问候 []\n'
                      '  - 硬 可靠性 核对3分钟内完成\n  - soft empathy Smile [rate >= 95%]\n  > x (口碑)\n'
                      '  " 您好，欢迎\n  -> "C (VIP)" (货物有误, 10%)\nC (VIP)\n')
    text = write_outline(j, "zh")
    assert text.splitlines() == [
        "# T", "## S", '"~ A | b" | @"Hall manager"/B角 ~电话', "  - 硬 可靠性 主动问候 []",
        "  - 硬 可靠性 核对3分钟内完成", "  - 软 移情性 Smile [rate >= 95%]", "  > x (口碑)", "  \" 您好，欢迎",
        '  -> "C (VIP)" (货物有误, 10%)', "C (VIP)"]
    assert "~phone" in write_outline(j, "en") and "(word-of-mouth)" in write_outline(j, "en")
    assert parse_outline(text) == j


def test_a_touchpoint_not_linked_from_the_previous_one_is_a_side_step() -> None:
    j = Journey.model_validate({
        "format": "mot-journey/1", "id": "j", "title": "T", "stages": [{"id": "s", "name": "S"}],
        "touchpoints": [{"id": i, "stage": "s", "name": i.upper()} for i in ("a", "b", "c")],
        "edges": [{"from": "a", "to": "c", "label": "ok"}, {"from": "b", "to": "c"}]})
    assert write_outline(j, "en").splitlines()[2:] == ["A", "  -> C (ok)", "~ B", "  -> C", "C"]
    assert carried(parse_outline(write_outline(j, "en"))) == carried(j)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(journey=outline_journeys, lang=st.sampled_from(["zh", "en"]))
def test_journey_outline_journey_keeps_what_the_outline_carries(journey: Journey, lang: str) -> None:
    text = write_outline(journey, lang)
    back = parse_outline(text, locale=journey.locale)
    assert carried(back) == carried(journey), text


@pytest.mark.parametrize("template", [t.id for t in catalog.list_templates()])
@pytest.mark.parametrize("locale", ["zh-CN", "en"])
def test_every_template_reads_back_from_its_outline(template: str, locale: str) -> None:
    journey = catalog.load_template(template, locale)
    for lang in ("zh", "en"):
        assert carried(parse_outline(write_outline(journey, lang))) == carried(journey)


# --- applying to an existing journey --------------------------------------------------------------------

def hall() -> Journey:
    return Journey.model_validate({
        "format": "mot-journey/1", "id": "hall", "title": "营业厅", "locale": "zh-CN",
        "persona": {"name": "上班族"}, "start": ["greet"],
        "stages": [{"id": "arrive", "name": "到达"}, {"id": "serve", "name": "办理"}],
        "touchpoints": [
            {"id": "greet", "stage": "arrive", "name": "迎宾问候", "owner": "值班经理", "wow": "雨天备伞套",
             "emotion": {"expected": 3, "perceived": 4, "evidence": "workshop", "n": 12},
             "satisfaction": {"score": 76.5, "benchmark": 80.4},
             "expectations": [{"id": "greeted", "text": "进门有人招呼", "source": "past-experience"},
                              {"id": "fast", "text": "不用等"}],
             "standards": [{"text": "客户进门10步内主动问候", "kind": "hard", "dimension": "responsiveness",
                            "kano": "must-be", "answers": ["greeted", "fast"],
                            "target": {"metric": "问候距离", "op": "<=", "value": 10, "unit": "步"}}]},
            {"id": "queue", "stage": "arrive", "name": "取号排队", "moments": ["pain"],
             "recovery": {"plan": "提前告知等候时间", "steps": ["control", "apologize"],
                          "strategies": ["inform-early"]}},
            {"id": "counter", "stage": "serve", "name": "柜台办理", "customer_action": "递交证件"},
        ],
        "edges": [{"from": "greet", "to": "queue"}, {"from": "queue", "to": "counter"}],
    })


def test_applying_its_own_outline_changes_nothing() -> None:
    journey = hall()
    again, change = apply_outline(journey, write_outline(journey, "zh"))
    assert again == journey and change.empty and change.notes("en") == []


def test_applying_keeps_ids_and_what_the_outline_does_not_carry() -> None:
    journey = hall()
    text = ("# 营业厅（新）\n## 到达\n迎宾问候 | 3/5 !关键时刻 @值班经理/营业员\n"
            "  - 硬 响应性 客户进门5步内主动问候\n  > 进门有人招呼 (口碑)\n  > 不用久等\n"
            "排队等候 | 2/2 !贬损点\n## 办理\n柜台办理\n新增回访\n")
    new, change = apply_outline(journey, text)
    assert [tp.id for tp in new.touchpoints] == ["greet", "queue", "counter", "新增回访"]
    assert new.title == "营业厅（新）" and new.persona == journey.persona and new.start == ["greet"]
    assert [s.id for s in new.stages] == ["arrive", "serve"]
    greet = new.touchpoint("greet")
    assert (greet.wow, greet.satisfaction, greet.backup, greet.moments) == \
        ("雨天备伞套", journey.touchpoints[0].satisfaction, "营业员", ["mot"])
    assert greet.emotion is not None
    assert (greet.emotion.evidence, greet.emotion.n, greet.perceived) == ("workshop", 12, 5)
    assert [(e.id, e.text, e.source) for e in greet.expectations] == [
        ("greeted", "进门有人招呼", "word-of-mouth"), ("fast", "不用久等", None)]  # by text, then by position
    standard = greet.standards[0]  # the one standard left on each side is that standard, edited
    assert (standard.kano, standard.answers, target_of(standard)) == \
        ("must-be", ["greeted", "fast"], ("客户进门主动问候", "<=", 5, "步"))
    queue = new.touchpoint("queue")  # renamed in place: same stage, same position
    assert queue.name == "排队等候" and queue.recovery == journey.touchpoints[1].recovery
    assert new.touchpoint("counter").customer_action == "递交证件"
    assert change.added == ("新增回访",) and set(change.changed) == {"greet", "queue"} and not change.removed
    assert [(e.source, e.target) for e in new.edges] == [("greet", "queue"), ("queue", "counter"),
                                                         ("counter", "新增回访")]


def test_applying_lists_removals_and_drops_answers_to_removed_expectations() -> None:
    journey = hall()
    new, change = apply_outline(journey, "## 到达\n迎宾问候\n  - 硬 响应性 客户进门10步内主动问候\n"
                                         "  > 进门有人招呼\n## 办理\n柜台办理\n")
    assert [tp.id for tp in change.removed] == ["queue"] and "queue" not in [tp.id for tp in new.touchpoints]
    assert new.title == "营业厅"  # no title line: the title stays
    assert new.touchpoint("greet").standards[0].answers == ["greeted"]
    assert change.dropped_answers == (("迎宾问候", "客户进门10步内主动问候", "fast"),)
    assert "fast" in change.notes("zh")[0] and "fast" in change.notes("en")[0]
    with pytest.raises(OutlineError):
        apply_outline(journey, "## 到达\nA | 7\n")


def test_a_touchpoint_matches_by_id_when_its_name_is_new() -> None:
    new, change = apply_outline(hall(), "## 到达\nqueue | /2\ngreet\n## 办理\n柜台办理\n")
    assert [(tp.id, tp.name) for tp in new.touchpoints] == [("queue", "queue"), ("greet", "greet"),
                                                            ("counter", "柜台办理")]
    assert new.touchpoint("greet").wow == "雨天备伞套" and not change.removed


# --- the command line -----------------------------------------------------------------------------------

def test_import_outline_writes_a_journey_file(mot: Callable[..., Result], tmp_path: Path) -> None:
    (tmp_path / "seed.outline").write_text(SEED, encoding="utf-8")
    result = mot("import-outline", "seed.outline", "-o", "seed.yaml", "--id", "delivery", "--locale", "zh-CN")
    assert "seed.yaml" in result.stdout
    journey = fileformat.load(tmp_path / "seed.yaml")
    assert journey.id == "delivery" and len(journey.touchpoints) == 6
    assert "exists" in mot("import-outline", "seed.outline", "-o", "seed.yaml", code=2).stderr
    mot("import-outline", "seed.outline", code=2)  # neither -o nor --into
    (tmp_path / "bad.outline").write_text("## S\nA | 9\n  ? x\n", encoding="utf-8")
    stderr = mot("import-outline", "bad.outline", "-o", "bad.yaml", code=2).stderr
    assert "bad.outline: line 2: bad score '9'" in stderr and "bad.outline: line 3: unknown line" in stderr
    assert not (tmp_path / "bad.yaml").exists()


def test_import_outline_into_a_file_refuses_removal_unless_asked(mot: Callable[..., Result], tmp_path: Path) -> None:
    fileformat.save(hall(), tmp_path / "hall.yaml")
    (tmp_path / "edit.outline").write_text("## 到达\n迎宾问候 | 3/5\n## 办理\n柜台办理\n", encoding="utf-8")
    stderr = mot("import-outline", "edit.outline", "--into", "hall.yaml", code=1).stderr
    assert "--remove-missing" in stderr and "取号排队 (queue)" in stderr
    assert fileformat.load(tmp_path / "hall.yaml") == hall()  # nothing applied
    mot("import-outline", "edit.outline", "--into", "hall.yaml", "--remove-missing")
    after = fileformat.load(tmp_path / "hall.yaml")
    assert [tp.id for tp in after.touchpoints] == ["greet", "counter"] and after.touchpoint("greet").perceived == 5
    assert after.touchpoint("greet").wow == "雨天备伞套"


def test_import_outline_into_a_stored_journey_saves_a_new_version(mot: Callable[..., Result], tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "store.db")
    store.save(hall(), based_on=None)
    (tmp_path / "more.outline").write_text(write_outline(hall(), "zh") + "回访 | !终点\n", encoding="utf-8")
    result = mot("import-outline", "more.outline", "--into", "hall", "--author", "李老师", "--note", "工作坊")
    assert "hall version 2" in result.stdout
    latest = store.load("hall")
    assert latest.info.number == 2 and latest.info.author == "李老师" and latest.info.note == "工作坊"
    assert latest.journey.touchpoints[-1].moments == ["end"] and latest.journey.touchpoints[0].wow == "雨天备伞套"
    (tmp_path / "less.outline").write_text("## 到达\n迎宾问候\n", encoding="utf-8")
    mot("import-outline", "less.outline", "--into", "hall", code=1)
    assert store.latest_number("hall") == 2
    mot("import-outline", "less.outline", "--into", "ghost", code=2)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_export_as_outline_and_read_it_back(mot: Callable[..., Result], tmp_path: Path, lang: str) -> None:
    journey = catalog.load_template("business-hall", "zh-CN")
    fileformat.save(journey, tmp_path / "hall.yaml")
    mot("export", "hall.yaml", "--format", "outline", "--lang", lang)
    text = (tmp_path / "hall.outline").read_text(encoding="utf-8")
    assert ("!关键时刻" in text) == (lang == "zh") and ("!mot" in text) == (lang == "en")
    mot("import-outline", "hall.outline", "-o", "back.yaml")
    assert carried(fileformat.load(tmp_path / "back.yaml")) == carried(journey)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_line_message_can_be_shown_without_its_line_number(lang: str) -> None:
    """A one-line field (quick add, a standard's line) shows what is wrong without "line 1": every message
    of the outline starts with the line prefix, so it can be taken off."""
    from journeys.words import t
    from journeys.words._outline import WORDS

    for key in (k for k, (zh, en) in WORDS.items() if "{line}" in zh + en):
        fields = ("text", "name", "why", "known", "first", "total", "target", "touchpoint")
        problem = OutlineProblem(7, key.removeprefix("outline."), {f: f"<{f}>" for f in fields})
        numbered = problem.message(lang)
        assert numbered.startswith(t("outline.line_prefix", lang, line=7)), key
        plain = problem.message(lang, numbered=False)
        assert "7" not in plain and plain.lower() == numbered.removeprefix(
            t("outline.line_prefix", lang, line=7)).lower(), key
