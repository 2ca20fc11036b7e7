"""`mot survey` and `mot import-sheet` in process: the json shape, the written journey, exit codes, bad rows."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import cli
from exports.tables import standards_xlsx
from journeys import catalog, fileformat

SURVEY = (
    "接触点,满意度,推荐意愿,日期,客群\n"
    "greet,5,10,2026-07-01,上班族\n"
    "迎宾问候,4,9,2026/9/30,上班族\n"
    "\n"
    "取号排队,2,3,2026-08-01,老人\n"
    "不存在,4,8,2026-08-02,老人\n"
)


@pytest.fixture
def files(tmp_path: Path, doc: dict) -> Path:  # type: ignore[type-arg]
    (tmp_path / "visit.yaml").write_text(fileformat.dumps(fileformat.Journey.model_validate(doc), "yaml"),
                                         encoding="utf-8")
    (tmp_path / "s.csv").write_bytes(SURVEY.encode("gb18030"))
    return tmp_path


def test_survey_json_is_exactly_the_figures(mot, files: Path) -> None:  # type: ignore[no-untyped-def]
    result = mot("survey", "s.csv", "--journey", "visit.yaml", "--format", "json")
    assert json.loads(result.stdout) == {
        "touchpoints": {
            "greet": {"n": 2, "perceived": 4.5, "satisfaction": 100.0, "period": "2026-07-01 – 2026-09-30"},
            "queue": {"n": 1, "perceived": 2.0, "satisfaction": 0.0, "period": "2026-08-01"},
        },
        "nps": {"score": 33.3, "n": 3, "promoters": 2, "detractors": 1},
        "unmatched": [6],
    }
    assert "gb18030" in result.stderr and "rows whose touchpoint matches none" in result.stderr
    assert not (files / "out.yaml").exists()


def test_survey_writes_the_journey_and_prints_json_too(mot, files: Path) -> None:  # type: ignore[no-untyped-def]
    result = mot("survey", "s.csv", "--journey", "visit.yaml", "-o", "out.yaml", "--format", "json",
                 "--segment", "上班族")
    figures = json.loads(result.stdout)
    assert list(figures["touchpoints"]) == ["greet"] and figures["unmatched"] == []
    journey = fileformat.load(files / "out.yaml")
    greet = journey.touchpoint("greet")
    assert greet.emotion is not None and (greet.emotion.perceived, greet.emotion.evidence, greet.emotion.n) == (
        4.5, "survey", 2)
    assert greet.satisfaction is not None and greet.satisfaction.score == 100
    assert journey.nps is not None and (journey.nps.score, journey.nps.n, journey.nps.period) == (
        100, 2, "2026-07-01 – 2026-09-30")
    assert journey.touchpoint("queue").emotion is None
    mot("survey", "s.csv", "--journey", "visit.yaml", "-o", "out.yaml", code=2)  # never overwrites
    text = mot("survey", "s.csv", "--journey", "visit.yaml", "-o", "out.yaml", "--force").stdout
    assert "greet: n=2, perceived 4.5, satisfaction 100%, 2026-07-01 – 2026-09-30" in text
    assert "NPS 33.3 (n=3, 2 promoters, 1 detractors)" in text


def test_survey_against_a_stored_journey(mot, files: Path) -> None:  # type: ignore[no-untyped-def]
    mot("import", "visit.yaml")
    figures = json.loads(mot("survey", "s.csv", "--journey", "visit", "--format", "json").stdout)
    assert figures["nps"]["n"] == 3
    assert "visit-nope" in mot("survey", "s.csv", "--journey", "visit-nope", code=2).stderr


def test_bad_rows_stop_the_import_unless_skipped(mot, files: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    (files / "bad.csv").write_text(SURVEY + "greet,很好,,,\ngreet,4,12,昨天,\n", encoding="utf-8-sig")
    result = mot("survey", "bad.csv", "--journey", "visit.yaml", "-o", "out.yaml", "--format", "json", code=1)
    assert result.stdout == "" and not (files / "out.yaml").exists()
    assert "bad.csv: line 7, column “满意度”: expected a score 1–5 or a percentage, found “很好”" in result.stderr
    assert "line 8, column “推荐意愿”: expected a whole number 0–10, found “12”" in result.stderr
    assert "2 bad row(s): nothing imported" in result.stderr
    monkeypatch.setattr(cli, "LANG", "zh")
    zh = mot("survey", "bad.csv", "--journey", "visit.yaml", code=1).stderr
    assert "第 7 行，“满意度”列：应为 1–5 的分数或百分比，实为“很好”" in zh
    skipped = mot("survey", "bad.csv", "--journey", "visit.yaml", "-o", "out.yaml", "--format", "json",
                  "--skip-bad-rows")
    assert json.loads(skipped.stdout)["touchpoints"]["greet"]["n"] == 2
    assert "已跳过 2 行有问题的数据" in skipped.stderr
    assert fileformat.load(files / "out.yaml").touchpoint("greet").emotion is not None


def test_map_by_header_letter_or_number_and_bad_mappings(mot, files: Path) -> None:  # type: ignore[no-untyped-def]
    (files / "odd.csv").write_text("环节点,评价,时间\ngreet,80%,2026-07-01\ncounter,60%,\n", encoding="utf-8")
    result = mot("survey", "odd.csv", "--journey", "visit.yaml", code=2)
    assert "no column for “Touchpoint” (touchpoint)" in result.stderr
    for spec in ("环节点=touchpoint", "A=touchpoint", "1=touchpoint"):
        figures = json.loads(mot("survey", "odd.csv", "--journey", "visit.yaml", "--format", "json",
                                 "--map", spec).stdout)
        # 80% -> 1 + 4 * 0.8 = 4.2 on the 1–5 scale, in the top-2 box; 60% -> 3.4, not
        assert figures["touchpoints"]["greet"] == {"n": 1, "perceived": 4.2, "satisfaction": 100.0,
                                                   "period": "2026-07-01"}
        assert figures["touchpoints"]["counter"]["satisfaction"] == 0.0
    assert "no column “Q”" in mot("survey", "odd.csv", "--journey", "visit.yaml", "--map", "Q=touchpoint",
                                  code=2).stderr
    assert "unknown field “mood”" in mot("survey", "odd.csv", "--journey", "visit.yaml", "--map", "A=mood",
                                         code=2).stderr
    preview = mot("survey", "odd.csv", "--journey", "visit.yaml", "--map", "A=touchpoint", "--preview")
    assert "Line: 2 | Touchpoint: greet | Satisfaction: 80%" in preview.stdout


def test_import_sheet_reads_the_standards_export_back(mot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    source = catalog.load_template("business-hall", "zh-CN")
    (tmp_path / "standards.xlsx").write_bytes(standards_xlsx(source, "en"))
    result = mot("import-sheet", "standards.xlsx", "-o", "hall.yaml", "--id", "hall", "--title", "营业厅",
                 "--locale", "zh-CN")
    assert "read the sheet “Service standards”" in result.stderr
    journey = fileformat.load(tmp_path / "hall.yaml")
    assert (journey.id, journey.title, journey.locale) == ("hall", "营业厅", "zh-CN")
    assert sum(len(tp.standards) for tp in journey.touchpoints) == sum(len(tp.standards)
                                                                       for tp in source.touchpoints)
    assert f"wrote hall.yaml: {len(journey.stages)} stage(s), {len(journey.touchpoints)} touchpoint(s)" in result.stdout


def test_import_sheet_bad_rows_skip_and_map(mot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "list.csv").write_text("阶段,步骤,谁负责,感知得分\n到达,迎宾,张三,4\n到达,取号,,9\n", encoding="utf-8")
    result = mot("import-sheet", "list.csv", "-o", "j.yaml", code=1)
    assert "line 3, column “感知得分”: expected a score from 1 to 5, found “9”" in result.stderr
    assert not (tmp_path / "j.yaml").exists()
    mot("import-sheet", "list.csv", "-o", "j.yaml", "--skip-bad-rows", "--map", "谁负责=owner")
    journey = fileformat.load(tmp_path / "j.yaml")
    assert (journey.id, [(tp.name, tp.owner) for tp in journey.touchpoints]) == ("list", [("迎宾", "张三")])
    (tmp_path / "none.csv").write_text("备注\n你好\n", encoding="utf-8")
    assert "no column for “Touchpoint”" in mot("import-sheet", "none.csv", "-o", "n.yaml", code=2).stderr
    assert "cannot read" in mot("import-sheet", "missing.csv", "-o", "n.yaml", code=2).stderr.lower()
