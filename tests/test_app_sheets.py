"""The survey import panel (Weak points page) and the Journeys page's "from a spreadsheet" way, through AppTest."""

from __future__ import annotations

import re
from pathlib import Path

from streamlit.testing.v1 import AppTest

from exports.tables import standards_csv
from journeys import catalog
from journeys.store import SqliteStore
from tests.test_app import WEAK, create_from_template, journey, new_from, ok

SURVEY = (
    "接触点,满意度,推荐意愿,日期\n"
    "来到营业厅,5,10,2026-07-01\n"
    "reach-hall,4,9,2026-09-30\n"
    "取号,2,3,2026-08-01\n"
    "不存在的接触点,4,8,2026-08-02\n"
).encode("gb18030")


def plain(text: str) -> str:
    """Markdown text as a person reads it (user text is shown escaped)."""
    return re.sub(r"\\(.)", r"\1", text)


def weak_page(lang: str, new_app) -> AppTest:  # type: ignore[no-untyped-def]
    at = create_from_template(new_app(lang))
    return ok(at.switch_page(WEAK).run())


def upload(at: AppTest, name: str, data: bytes) -> AppTest:
    at.get("file_uploader")[0].upload(name, data, "text/csv")
    return ok(at.run())


def mapping_box(at: AppTest, field: str):  # type: ignore[no-untyped-def]
    return next(s for s in at.selectbox if s.key and s.key.endswith(f"_map_{field}"))


def test_survey_panel_previews_then_applies_one_undoable_edit(new_app) -> None:  # type: ignore[no-untyped-def]
    at = weak_page("zh", new_app)
    before = journey(at)
    assert any(m.label == "净推荐值（NPS）" and m.value == "–" for m in at.metric)
    upload(at, "survey.csv", SURVEY)
    assert "gb18030" in " ".join(c.value for c in at.caption)
    assert mapping_box(at, "satisfaction").value == 1 and mapping_box(at, "segment").value == -1
    assert any("1 行的接触点与旅程中的任何接触点都不对应" in w.value and "第 5 行" in plain(w.value)
               for w in at.warning)
    preview, figures = at.dataframe[-2].value, at.dataframe[-1].value  # the panel is the page's last part
    assert list(preview["接触点"]) == ["来到营业厅", "reach-hall", "取号", "不存在的接触点"]
    assert figures.to_dict("records") == [
        {"接触点": "来到营业厅", "答卷数": "2", "感知得分": "3.2 → 4.5", "满意度（前两项）": "76.5% → 100%",
         "时期": "2026-07-01 – 2026-09-30"},
        {"接触点": "取号", "答卷数": "1", "感知得分": "3.4 → 2", "满意度（前两项）": "– → 0%", "时期": "2026-08-01"}]
    assert journey(at) == before  # nothing applied before the button
    at.button(key="survey_apply").click().run()
    ok(at)
    after = journey(at)
    reach = after.touchpoint("reach-hall")
    assert reach.emotion is not None and (reach.emotion.perceived, reach.emotion.evidence, reach.emotion.n) == (
        4.5, "survey", 2)
    assert reach.satisfaction is not None and (reach.satisfaction.score, reach.satisfaction.benchmark) == (100, 80.4)
    assert after.nps is not None and after.nps.score == 33.3
    assert any(m.label == "净推荐值（NPS）" and m.value == "33.3" for m in at.metric)
    assert any("推荐者 2，贬损者 1，共 3 份；2026-07-01 – 2026-09-30" in plain(c.value) for c in at.caption)
    editor = at.session_state["editor"]
    assert editor.draft_saved_at is not None  # autosaved like any edit
    editor.undo()
    assert editor.journey == before


def test_bad_rows_keep_the_apply_button_disabled_until_skipped(new_app) -> None:  # type: ignore[no-untyped-def]
    at = weak_page("en", new_app)
    upload(at, "survey.csv", SURVEY + "取号,很好,,\n".encode("gb18030"))
    assert any("line 6, column “满意度”: expected a score 1–5 or a percentage, found “很好”" in plain(e.value)
               for e in at.error)
    assert at.button(key="survey_apply").disabled
    skip = next(c for c in at.checkbox if c.key and c.key.endswith("_skip"))
    assert skip.label == "Skip the row listed above and import the rest"
    skip.check().run()
    assert not at.button(key="survey_apply").disabled
    at.button(key="survey_apply").click().run()
    ok(at)
    assert journey(at).touchpoint("take-number").emotion.n == 1  # type: ignore[union-attr]


def test_a_column_mapped_by_hand(new_app) -> None:  # type: ignore[no-untyped-def]
    at = weak_page("en", new_app)
    upload(at, "survey.csv", "服务步骤,感受\n取号,80%\n".encode())
    assert any("no column for “Satisfaction” (satisfaction)" in plain(w.value) for w in at.warning)
    assert not any(b.key == "survey_apply" for b in at.button)
    mapping_box(at, "satisfaction").set_value(1).run()
    ok(at)
    assert any("read as percentages" in plain(c.value) for c in at.caption)
    at.button(key="survey_apply").click().run()
    tp = journey(ok(at)).touchpoint("take-number")
    assert tp.emotion is not None and tp.emotion.perceived == 4.2


def test_a_journey_from_a_spreadsheet(new_app, store_path: Path) -> None:  # type: ignore[no-untyped-def]
    source = catalog.load_template("front-desk", "en")
    at = new_from(new_app("en"), "sheet")
    upload(at, "desk standards.csv", standards_csv(source, "en"))
    assert mapping_box(at, "standard").value == 2 and mapping_box(at, "channel").value == -1
    assert at.text_input(key=next(k.key for k in at.text_input if k.key and k.key.endswith("_title"))).value == (
        "desk standards")
    assert not at.button(key="sheet_create").disabled
    at.button(key="sheet_create").click().run()
    ok(at)
    made = journey(at)
    assert made.id == "desk-standards" and made.title == "desk standards"
    assert sum(len(tp.standards) for tp in made.touchpoints) == sum(len(tp.standards) for tp in source.touchpoints)
    assert [r.id for r in SqliteStore(store_path).list_journeys()] == ["desk-standards"]


def test_a_spreadsheet_with_a_bad_row_in_chinese(new_app, store_path: Path) -> None:  # type: ignore[no-untyped-def]
    at = new_from(new_app("zh"), "sheet")
    upload(at, "清单.csv", "环节,接触点,渠道\n到达,迎宾,面对面\n到达,取号,传真\n".encode("gb18030"))
    assert any("第 3 行，“渠道”列：应为渠道（面对面、电话、网上、App、上门/配送、其他），实为“传真”" in plain(e.value)
               for e in at.error)
    assert at.button(key="sheet_create").disabled
    assert not SqliteStore(store_path).list_journeys()


def test_an_upload_is_read_once_however_often_the_page_reruns(new_app, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from components import sheet_panel

    reads: list[str] = []
    real = sheet_panel.read_table

    def counted(data: bytes, name: str = "", **kw):  # type: ignore[no-untyped-def]
        reads.append(name)
        return real(data, name, **kw)

    monkeypatch.setattr(sheet_panel, "read_table", counted)
    at = weak_page("zh", new_app)
    upload(at, "survey.csv", SURVEY)
    mapping_box(at, "segment").set_value(-1).run()
    ok(at.run())
    assert reads == ["survey.csv"]
    assert any("gb18030" in c.value for c in at.caption)  # still the table read the first time
