"""The Compare page through AppTest: stored versions, the unsaved draft, uploaded files, both languages."""

from __future__ import annotations

from pathlib import Path

import pytest

from journeys import catalog, edits, fileformat
from journeys.store import SqliteStore
from tests.lines import picker, type_lines

from .test_app import VERSIONS, create_from_template, diagram, ok

COMPARE = "components/pages/compare.py"
FIELD = {"zh": "修改内容", "en": "Field"}


def table(at, column: str):  # type: ignore[no-untyped-def]
    """The dataframe on the page that has ``column``."""
    for frame in at.dataframe:
        if column in frame.value.columns:
            return frame.value
    raise AssertionError(f"no table with a column {column!r}")


def two_versions(at, store_path: Path):  # type: ignore[no-untyped-def]
    """business-hall v1 from the template, v2 with one touchpoint added after greet."""
    at = create_from_template(at)
    picker(at, "tp_pick").set_value("greet").run()
    type_lines(at, "quick_add", "递上号票")
    ok(at.switch_page(VERSIONS).run())
    at.text_input(key="version_note").input("加入递号票").run()
    at.button(key="version_save").click().run()
    assert [v.number for v in SqliteStore(store_path).history("business-hall")] == [1, 2]
    return ok(at)


def test_compare_page_runs_empty_and_with_one_version(new_app) -> None:  # type: ignore[no-untyped-def]
    for lang, words in (("zh", "只有一个版本"), ("en", "one version so far")):
        at = ok(new_app(lang).switch_page(COMPARE).run())
        assert at.title[0].value == ("版本对比" if lang == "zh" else "Compare versions")
        at = create_from_template(new_app(lang))
        ok(at.switch_page(COMPARE).run())
        assert any(words in i.value for i in at.info)


def test_compare_two_stored_versions(new_app, store_path: Path) -> None:  # type: ignore[no-untyped-def]
    at = two_versions(new_app(), store_path)
    ok(at.switch_page(COMPARE).run())
    assert at.selectbox(key="compare_before_business-hall").value == 1
    assert at.selectbox(key="compare_after_business-hall").value == 2
    headline = [*at.success, *at.warning, *at.error, *at.info][0].value
    assert "修复 " in headline and "新增 " in headline
    assert {m.label for m in at.metric} >= {"已修复的薄弱点", "新增的薄弱点", "峰终体验得分", "全程平均感知得分"}
    svg = diagram(at)
    added = next(tp.id for tp in at.session_state["editor"].journey.touchpoints if tp.name == "递上号票")
    assert f"tp_{added}" in svg
    changes = table(at, FIELD[at.session_state["lang"]])
    assert "递上号票" in set(changes.iloc[:, 1]) and "新增" in set(changes.iloc[:, 0])
    metrics = table(at, "指标")
    assert "接触点数" in set(metrics.iloc[:, 0])
    assert len(at.get("download_button")) >= 2
    # Backwards: the added touchpoint is removed.
    at.selectbox(key="compare_before_business-hall").set_value(2).run()
    at.selectbox(key="compare_after_business-hall").set_value(1).run()
    ok(at)
    changes = table(at, FIELD[at.session_state["lang"]])
    assert "删除" in set(changes.iloc[:, 0])


def test_compare_the_unsaved_draft_with_the_latest_version(new_app, store_path: Path) -> None:  # type: ignore[no-untyped-def]
    at = create_from_template(new_app("en"), "business-hall", "en")
    picker(at, "tp_pick").set_value("greet").run()
    type_lines(at, "quick_add", "Hand over the ticket")
    ok(at.switch_page(COMPARE).run())
    assert at.selectbox(key="compare_after_business-hall").value == 0  # the draft
    assert at.selectbox(key="compare_before_business-hall").value == 1
    changes = table(at, FIELD[at.session_state["lang"]])
    assert "Hand over the ticket" in set(changes.iloc[:, 1]) and "Added" in set(changes.iloc[:, 0])


def test_compare_two_uploaded_files(new_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    at = ok(new_app("en").switch_page(COMPARE).run())
    at.segmented_control(key="compare_source").set_value("files").run()
    before = catalog.load_template("front-desk", "en")
    after = edits.update_touchpoint(before, "register", {"name": "Register in one minute"})
    bad = fileformat.dumps(before, "yaml").replace("perceived: 2", "perceived: 7").encode()
    uploaders = at.get("file_uploader")
    uploaders[0].upload("v1.yaml", bad, "application/yaml")
    uploaders[1].upload("v2.json", fileformat.dumps(after, "json").encode(), "application/json")
    ok(at.run())
    shown = "\n".join(e.value for e in at.error).replace("\\", "")  # Markdown-escaped on the page
    assert shown.startswith("This file cannot be read, so it cannot be compared.")
    assert "v1.yaml, line " in shown and "Perceived score: must be at most 5 (found 7." in shown, shown
    assert not at.get("metric")
    at.get("file_uploader")[0].upload("v1.yaml", fileformat.dumps(before, "yaml").encode(), "application/yaml")
    ok(at.run())
    changes = table(at, FIELD[at.session_state["lang"]])
    assert list(changes.iloc[0, [0, 1, 3, 4, 5]]) == ["Changed", "Register in one minute", "Name",
                                                     before.touchpoint("register").name, "Register in one minute"]
    assert "v1.yaml → v2.json" in at.caption[0].value.replace("\\", "")  # Markdown-escaped on the page


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_compare_page_speaks_the_language(new_app, store_path: Path, lang: str) -> None:  # type: ignore[no-untyped-def]
    at = two_versions(new_app(), store_path)
    at.session_state["lang"] = lang
    ok(at.switch_page(COMPARE).run())
    tabs = [t.label for t in at.tabs]
    assert tabs == (["薄弱点变化", "内容变化", "指标对比", "改进行动"] if lang == "zh"
                    else ["Weak points", "Changes", "Metrics", "Improvement actions"])
