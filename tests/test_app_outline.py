"""The outline in the app, through AppTest: 'New from outline' on the Journeys page creates and saves a
journey, a bad outline names each line's problem in the UI language and keeps what was typed, the Build
page's Outline tab applies an edit as one undo step and removes touchpoints only once confirmed, and a
pasted Mermaid journey text is read too."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from streamlit.testing.v1 import AppTest

from components.outline_panel import is_mermaid
from journeys.outline import parse_outline, write_outline
from journeys.store import SqliteStore

from .test_app import BUILD, create_from_template, diagram, journey, new_from, ok

SEED = Path(__file__).resolve().parent / "data" / "seed-000-delivery.outline"
OUTLINE = """# 卷烟配送到店服务
## 到店
走向零售户 | 4/4 @送货员/片区主管
  - 硬 可靠性 按约定时段到店 [到店时间偏差 <= 15 分钟]
取出订单小票核对货物 | 4/3 @送货员
## 交接
与店主核对品牌数量、签字确认 | 5/4 !关键时刻 @送货员
道别 | 4/4 !终点
"""
MERMAID = """journey
  title 到店服务
  section 到店
    走向零售户: 4: 送货员
    核对货物: 3: 送货员
  section 交接
    签字确认: 5: 店主
"""


def texts(at: AppTest, kind: str) -> list[str]:
    return [e.value for e in at.get(kind)]


def type_new(at: AppTest, text: str) -> AppTest:
    new_from(at, "outline")
    at.text_area(key="outline_new").input(text).run()
    return ok(at)


def outline_key(at: AppTest) -> str:
    return f"outline_edit_{at.session_state['editor'].revision}"


def test_new_from_outline_creates_and_saves_the_journey_as_version_1(new_app: Callable[..., AppTest],
                                                                      store_path: Path) -> None:
    at = type_new(new_app(), OUTLINE)
    assert diagram(at)  # the preview
    assert any("卷烟配送到店服务" in m for m in texts(at, "markdown"))
    assert "环节 2 · 接触点 4 · 连线 3" in texts(at, "caption")
    at.button(key="outline_create").click().run()
    ok(at)
    stored = SqliteStore(store_path).load("卷烟配送到店服务", 1)
    assert stored.journey == parse_outline(OUTLINE)
    assert journey(at) == stored.journey  # and it is open on the Build page


def test_the_seed_outline_round_trips_through_the_app(new_app: Callable[..., AppTest], store_path: Path) -> None:
    text = SEED.read_text(encoding="utf-8")
    at = type_new(new_app(), text)
    at.button(key="outline_create").click().run()
    ok(at)
    expected = parse_outline(text)
    assert SqliteStore(store_path).load(expected.id, 1).journey == expected


def test_errors_name_each_line_in_chinese_and_keep_the_text(new_app: Callable[..., AppTest],
                                                            store_path: Path) -> None:
    bad = "# 旅程\n走向零售户 | 4/4\n## 到店\n道别 | 9/4\n  -> 不存在的步骤\n"
    at = type_new(new_app("zh"), bad)
    errors = " ".join(texts(at, "error"))
    assert "第 2 行" in errors and "第 5 行" in errors
    assert "line" not in errors
    assert at.text_area(key="outline_new").value == bad
    assert not [b for b in at.button if b.key == "outline_create"]
    assert SqliteStore(store_path).list_journeys() == []
    english = type_new(new_app("en"), bad)
    assert "line 2" in " ".join(texts(english, "error"))


def test_typed_text_is_escaped_where_markdown_shows_it(new_app: Callable[..., AppTest]) -> None:
    at = type_new(new_app(), "# [x](https://evil) :red[a]\n## 到店\n走向零售户\n")
    shown = " ".join(texts(at, "markdown"))
    assert "](https://evil)" not in shown and "\\[x\\]" in shown


def test_a_mermaid_journey_text_is_accepted_for_a_new_journey(new_app: Callable[..., AppTest],
                                                              store_path: Path) -> None:
    assert is_mermaid("\n  journey\n  title x\n") and not is_mermaid("# journey\n")
    at = type_new(new_app(), MERMAID)
    assert "已按 Mermaid 旅程文本读取。" in texts(at, "caption")
    at.button(key="outline_create").click().run()
    ok(at)
    stored = SqliteStore(store_path).load(journey(at).id, 1).journey
    assert [tp.name for tp in stored.touchpoints] == ["走向零售户", "核对货物", "签字确认"]
    assert stored.title == "到店服务"


def test_a_bad_mermaid_text_names_each_line_in_the_ui_language(new_app: Callable[..., AppTest],
                                                               store_path: Path) -> None:
    bad = "journey\n  title 到店服务\n  section 到店\n    走向零售户: 9: 送货员\n    核对货物\n    签字确认:\n"
    at = type_new(new_app("zh"), bad)
    errors = " ".join(texts(at, "error"))
    assert "Mermaid 旅程文本有 3 处问题" in errors
    assert "第 4 行：任务“走向零售户”的分数应为 1 到 5 的整数，而不是“9”" in errors
    assert "第 5 行：无法识别的语句“核对货物”" in errors
    assert "第 6 行：任务“签字确认”缺少分数" in errors
    assert "line" not in errors and "task" not in errors
    assert not [b for b in at.button if b.key == "outline_create"]
    assert SqliteStore(store_path).list_journeys() == []
    english = " ".join(texts(type_new(new_app("en"), bad), "error")).replace("\\", "")  # markdown's escapes
    assert "line 4: the score of '走向零售户' must be a whole number from 1 to 5, not '9'" in english
    assert "line 6: the task '签字确认' has no score" in english


def test_the_build_tab_applies_an_outline_in_one_undo_step(new_app: Callable[..., AppTest]) -> None:
    at = create_from_template(new_app())
    at.switch_page(BUILD).run()
    original = journey(ok(at))
    written = at.text_area(key=outline_key(at)).value
    assert written == write_outline(original)
    first = original.touchpoints[0]
    edited = written.replace(first.name, "新的开场", 1) + "新增步骤 | 3/3\n"
    at.text_area(key=outline_key(at)).input(edited).run()
    change = " ".join(texts(ok(at), "markdown"))
    assert "新增：新增步骤" in change and "修改：新的开场" in change
    assert journey(at) == original  # shown, not applied
    at.button(key=f"outline_apply_{at.session_state['editor'].revision}").click().run()
    applied = journey(ok(at))
    assert applied.touchpoint(first.id).name == "新的开场"  # the id is kept
    assert applied.touchpoints[-1].name == "新增步骤"
    # What the outline does not carry is kept.
    assert [s.kano for s in applied.touchpoint(first.id).standards] == [s.kano for s in first.standards]
    assert "已应用大纲：撤销一次即可还原。" in texts(at, "success")
    assert len(at.session_state["editor"].undo_stack) == 1
    at.sidebar.button(key="undo").click().run()
    assert journey(ok(at)) == original


def test_removing_touchpoints_needs_a_confirmation(new_app: Callable[..., AppTest]) -> None:
    at = create_from_template(new_app())
    at.switch_page(BUILD).run()
    original = journey(ok(at))
    last = original.touchpoints[-1]
    lines = at.text_area(key=outline_key(at)).value.splitlines()
    kept = [line for line in lines
            if not line.lstrip("~ ").startswith(last.name) and not line.strip().startswith(f"-> {last.name}")]
    assert len(kept) < len(lines)
    at.text_area(key=outline_key(at)).input("\n".join(kept) + "\n").run()
    revision = at.session_state["editor"].revision
    assert f"删除：{last.name}" in " ".join(texts(ok(at), "markdown"))
    assert at.button(key=f"outline_apply_{revision}").disabled  # not until the removal is confirmed
    assert journey(at) == original
    at.checkbox(key=f"outline_confirm_{revision}").check().run()
    at.button(key=f"outline_apply_{revision}").click().run()
    assert last.id not in {tp.id for tp in journey(ok(at)).touchpoints}


def test_a_broken_outline_on_build_applies_nothing_and_keeps_the_text(new_app: Callable[..., AppTest]) -> None:
    at = create_from_template(new_app())
    at.switch_page(BUILD).run()
    original = journey(ok(at))
    broken = at.text_area(key=outline_key(at)).value + "  -> 不存在的步骤\n"
    at.text_area(key=outline_key(at)).input(broken).run()
    assert any("第" in e and "行" in e for e in texts(ok(at), "error"))
    assert at.text_area(key=outline_key(at)).value == broken
    assert not [b for b in at.button if (b.key or "").startswith("outline_apply")]
    assert journey(at) == original


def test_a_mermaid_text_on_build_keeps_the_ids_of_matching_names(new_app: Callable[..., AppTest]) -> None:
    at = create_from_template(new_app())
    at.switch_page(BUILD).run()
    original = journey(ok(at))
    first = original.touchpoints[0]
    mermaid = f"journey\n  title {original.title}\n  section 一\n    {first.name}: 2: 店员\n    另一步: 4: 店员\n"
    at.text_area(key=outline_key(at)).input(mermaid).run()
    assert "已按 Mermaid 旅程文本读取。" in texts(ok(at), "caption")
    revision = at.session_state["editor"].revision
    at.checkbox(key=f"outline_confirm_{revision}").check().run()
    at.button(key=f"outline_apply_{revision}").click().run()
    applied = journey(ok(at))
    assert [tp.name for tp in applied.touchpoints] == [first.name, "另一步"]
    assert applied.touchpoints[0].id == first.id and applied.touchpoints[0].perceived == 2
