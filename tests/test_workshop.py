"""The live workshop's rules and results, without a store: join codes, vote checks, means and spreads
(against :mod:`statistics`), the proposal shown before applying and the journey applying makes (scores
from the room, ticked comments and pain marks, nothing else changed), and the results as JSON, CSV,
XLSX and the experience script's "workshop votes" section, escaped in every format."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import re
import statistics
import zipfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from exports.docx import script_docx
from exports.formats import FORMATS, export
from exports.html import script_html
from exports.markdown import script_markdown
from exports.workshop import COLUMNS, FONT, results_csv, results_json, results_xlsx
from journeys.analysis import analyze
from journeys.catalog import load_template
from journeys.model import Journey
from journeys.store import open_store
from journeys.words import has, t
from journeys.workshop import (
    CODE_ALPHABET,
    CODE_LENGTH,
    MAX_TEXT,
    Participant,
    Results,
    Session,
    Vote,
    WorkshopError,
    apply,
    check_name,
    check_vote,
    new_code,
    normal_code,
    proposal,
    results,
    script_session,
)

from .conftest import MINIMAL, ROOT
from .strategies import journeys

SESSION = Session("s1", "visit", 1, "ABCD2345", "2026-12-01T09:00:00.000000+00:00", "王经理", None,
                  (("greet", "迎宾问候"), ("queue", "取号排队"), ("counter", "柜台办理")))


def make_vote(who: str, touchpoint: str, perceived: int | None = None, expected: int | None = None,
              pain: bool = False, text: str = "", at: str = "2026-12-01T09:10:00.000000+00:00",
              session: Session = SESSION) -> Vote:
    return Vote(session.id, who, touchpoint, perceived, expected, pain, text, at)


def people(n: int, session: Session = SESSION) -> list[Participant]:
    return [Participant(f"p{i}", session.id, f"人{i}", session.started_at) for i in range(n)]


# -- codes and checks


def test_codes_are_random_unambiguous_and_long_enough() -> None:
    codes = {new_code() for _ in range(500)}
    assert len(codes) == 500
    assert all(len(c) == CODE_LENGTH and set(c) <= set(CODE_ALPHABET) for c in codes)
    assert len(set(CODE_ALPHABET)) == 32 and not set("01OI") & set(CODE_ALPHABET)
    assert CODE_LENGTH * 5 >= 30  # bits


@given(st.text(CODE_ALPHABET, min_size=CODE_LENGTH, max_size=CODE_LENGTH),
       st.sampled_from([" ", "-", " - ", "\u3000"]))
def test_a_code_typed_on_a_phone_matches(code: str, sep: str) -> None:
    typed = f"{sep}{code[:4].lower()}{sep}{code[4:]}{sep}"
    assert normal_code(typed) == code
    full_width = "".join(chr(ord(c) + 0xFEE0) for c in code)  # a Chinese keyboard's full-width letters
    assert normal_code(full_width) == code


@pytest.mark.parametrize(("args", "key"), [
    (("nowhere", 3, None, False, ""), "workshop.unknown_touchpoint"),
    (("greet", 0, None, False, ""), "workshop.bad_vote"),
    (("greet", 3, 6, False, ""), "workshop.bad_vote"),
    (("greet", 2.5, None, False, ""), "workshop.bad_vote"),
    (("greet", True, None, False, ""), "workshop.bad_vote"),
    (("greet", 3, None, "yes", ""), "workshop.bad_vote"),
    (("greet", 3, None, False, "字" * (MAX_TEXT + 1)), "workshop.too_long"),
    (("greet", 3, None, False, "a\x00b"), "workshop.control"),
    (("greet", 3, None, False, "a\u2028b"), "workshop.control"),
])
def test_a_bad_vote_says_what_is_wrong_in_both_languages(args: tuple[Any, ...], key: str) -> None:
    with pytest.raises(WorkshopError) as caught:
        check_vote(SESSION, *args)
    assert caught.value.key == key
    assert caught.value.text("zh") != caught.value.text("en") and str(caught.value) == caught.value.text("en")


def test_a_good_vote_keeps_its_text_stripped_up_to_the_limit() -> None:
    assert check_vote(SESSION, "greet", 5, None, True, "  " + "字" * MAX_TEXT + " ") == "字" * MAX_TEXT
    assert check_vote(SESSION, "queue", None, None, False, "") == ""
    assert check_name(" 安 ") == "安"
    for bad, key in (("", "workshop.name_empty"), ("   ", "workshop.name_empty"), ("x" * 41, "workshop.name_too_long")):
        with pytest.raises(WorkshopError) as caught:
            check_name(bad)
        assert caught.value.key == key


def test_every_workshop_message_is_in_the_catalogue_in_both_languages() -> None:
    source = "".join((ROOT / name).read_text(encoding="utf-8")
                     for name in ("journeys/workshop.py", "journeys/store/_sql.py"))
    keys = set(re.findall(r'WorkshopError\(\s*"([a-z_.]+)"', source))
    keys |= set(re.findall(r'too_long="([a-z_.]+)"', source))
    assert {"workshop.closed", "workshop.full", "workshop.unknown_token", "workshop.bad_vote", "workshop.too_long",
            "workshop.name_empty"} <= keys
    for key in keys | {"workshop.unknown_code"}:
        assert has(key), key


# -- results


scores = st.lists(st.one_of(st.none(), st.integers(1, 5)), min_size=0, max_size=30)


@settings(max_examples=60, deadline=None)
@given(scores, scores)
def test_means_and_spreads_are_the_statistics_modules(perceived: list[int | None], expected: list[int | None]) -> None:
    n = max(len(perceived), len(expected))
    perceived += [None] * (n - len(perceived))
    expected += [None] * (n - len(expected))
    votes = [make_vote(f"p{i}", "greet", p, e, pain=i % 3 == 0)
             for i, (p, e) in enumerate(zip(perceived, expected, strict=True))]
    row = results(SESSION, people(n), votes).touchpoints[0]
    for got_n, mean, sd, low, high, values in (
        (row.n, row.perceived_mean, row.perceived_sd, row.perceived_min, row.perceived_max, perceived),
        (row.expected_n, row.expected_mean, row.expected_sd, row.expected_min, row.expected_max, expected),
    ):
        given_values = [v for v in values if v is not None]
        assert got_n == len(given_values)
        if not given_values:
            assert (mean, sd, low, high) == (None, None, None, None)
            continue
        assert mean == pytest.approx(statistics.mean(given_values))
        assert sd == (pytest.approx(statistics.stdev(given_values)) if len(given_values) > 1 else None)
        assert (low, high) == (min(given_values), max(given_values))
    assert row.pain == sum(1 for i in range(n) if i % 3 == 0)
    assert row.votes == n


def sample() -> Results:
    votes = [
        make_vote("p0", "greet", 4, 5, text="门口没人招呼", at="2026-12-01T09:01:00.000000+00:00"),
        make_vote("p1", "greet", 2, 4, pain=True, text="=HYPERLINK(\"http://x\")",
                  at="2026-12-01T09:03:00.000000+00:00"),
        make_vote("p2", "greet", 3, at="2026-12-01T09:02:00.000000+00:00"),
        make_vote("p0", "queue", None, None, pain=True, text="<b>排队</b> | 太久",
                  at="2026-12-01T09:05:00.000000+00:00"),
        make_vote("p9", "gone", 1),  # a touchpoint the session does not walk: left out
    ]
    return results(SESSION, people(3), votes)


def test_results_sum_up_per_touchpoint_in_session_order() -> None:
    r = sample()
    assert [row.touchpoint for row in r.touchpoints] == ["greet", "queue", "counter"]
    greet, queue, counter = r.touchpoints
    assert (greet.n, greet.perceived_mean, greet.expected_n, greet.expected_mean, greet.pain) == (3, 3.0, 2, 4.5, 1)
    assert (queue.n, queue.votes, queue.pain, counter.votes) == (0, 1, 1, 0)
    assert (r.participants, r.votes, r.last_vote_at) == (3, 4, "2026-12-01T09:05:00.000000+00:00")
    assert [c.text for c in r.latest_comments(2)] == ["<b>排队</b> | 太久", "=HYPERLINK(\"http://x\")"]
    assert [tp.touchpoint for tp in r.most_pain(5)] == ["greet", "queue"]


def test_the_script_shows_the_latest_closed_session_else_the_latest() -> None:
    def at(day: str, closed: bool) -> Session:
        return Session(day, "visit", 1, "X", f"2026-12-{day}T00:00:00+00:00", "a", "z" if closed else None, ())
    assert script_session([at("01", True), at("03", False), at("02", True)]).id == "02"  # type: ignore[union-attr]
    assert script_session([at("01", False), at("03", False)]).id == "03"  # type: ignore[union-attr]
    assert script_session([]) is None


# -- proposal and apply


def visit(**touchpoint_changes: dict[str, Any]) -> Journey:
    doc: dict[str, Any] = json.loads(json.dumps(MINIMAL))
    for tp in doc["touchpoints"]:
        tp.update(touchpoint_changes.get(tp["id"], {}))
    return Journey.model_validate(doc)


def test_the_proposal_lists_every_change_before_anything_is_applied() -> None:
    journey = visit(greet={"emotion": {"expected": 3, "perceived": 4}})
    shown = proposal(journey, sample())
    assert [(c.touchpoint, c.field, c.old, c.new, c.n) for c in shown.changes] == [
        ("greet", "perceived", 4, 3.0, 3), ("greet", "expected", 3, 4.5, 2)]
    assert [c.text for c in shown.candidates] == ["门口没人招呼", "=HYPERLINK(\"http://x\")", "<b>排队</b> | 太久"]
    assert [c.pain for c in shown.candidates] == [False, True, True]
    assert shown.pains == (("greet", 1), ("queue", 1))


def test_applying_sets_scores_ticked_comments_and_pain_marks_and_nothing_else() -> None:
    journey = visit(greet={"emotion": {"expected": 3, "perceived": 4, "period": "2026-Q3"},
                           "expectations": [{"text": "门口没人招呼"}]})
    r = sample()
    comments = {c.text: c.id for row in r.touchpoints for c in row.comments}
    after = apply(journey, r, expectations={comments["门口没人招呼"], comments["<b>排队</b> | 太久"]}, pains={"queue"})
    greet, queue, counter = after.touchpoints
    assert greet.emotion is not None
    assert (greet.emotion.perceived, greet.emotion.expected, greet.emotion.evidence, greet.emotion.n) == (
        3.0, 4.5, "workshop", 3)
    assert [e.text for e in greet.expectations] == ["门口没人招呼"]  # already expected: not repeated
    assert [e.text for e in queue.expectations] == ["<b>排队</b> | 太久"] and queue.moments == ["pain"]
    assert queue.emotion is None  # no score given there: no score made up
    assert counter == journey.touchpoints[2] and greet.moments == []
    assert after.model_dump(exclude={"touchpoints"}) == journey.model_dump(exclude={"touchpoints"})
    with pytest.raises(WorkshopError):
        apply(journey, r, expectations={"nope"}, pains=set())


@settings(max_examples=30, deadline=None)
@given(journeys, st.data())
def test_applying_changes_only_what_the_room_scored(journey: Journey, data: st.DataObject) -> None:
    walk = tuple((tp.id, tp.name) for tp in journey.touchpoints)
    session = Session("s", journey.id, 1, "ABCD2345", "2026-12-01T09:00:00+00:00", "a", None, walk)
    scored = data.draw(st.lists(st.sampled_from([tp for tp, _ in walk]), unique=True)) if walk else []
    votes = [make_vote(f"p{i}", tp, data.draw(st.integers(1, 5)), data.draw(st.none() | st.integers(1, 5)),
                       session=session) for i, tp in enumerate(scored)]
    after = apply(journey, results(session, people(len(votes), session), votes), expectations=set(), pains=set())
    Journey.model_validate(after.model_dump(by_alias=True))  # the journey validates
    for before, now in zip(journey.touchpoints, after.touchpoints, strict=True):
        if before.id in scored:
            assert now.emotion is not None and now.emotion.evidence == "workshop" and now.emotion.n == 1
            assert now.model_dump(exclude={"emotion"}) == before.model_dump(exclude={"emotion"})
        else:
            assert now == before
    assert after.model_dump(exclude={"touchpoints"}) == journey.model_dump(exclude={"touchpoints"})


# -- results out


def test_results_json_carries_counts_spreads_and_comments_but_no_names() -> None:
    data = results_json(sample())
    json.dumps(data)
    assert data["participants"] == 3 and data["votes"] == 4
    greet = data["touchpoints"][0]
    assert (greet["perceived_n"], greet["perceived_mean"], greet["perceived_sd"], greet["pain"]) == (3, 3.0, 1.0, 1)
    assert [c["text"] for c in greet["comments"]] == ["门口没人招呼", "=HYPERLINK(\"http://x\")"]
    assert "人0" not in json.dumps(data, ensure_ascii=False)


def test_results_csv_is_one_row_per_touchpoint_with_formulas_neutralised() -> None:
    rows = list(csv.reader(io.StringIO(results_csv(sample()))))
    assert tuple(rows[0]) == COLUMNS and len(rows) == 4
    greet = dict(zip(COLUMNS, rows[1], strict=True))
    assert (greet["touchpoint"], greet["perceived_mean"], greet["perceived_sd"], greet["expected_mean"]) == (
        "greet", "3.0", "1.0", "4.5")
    assert greet["comments"].splitlines() == ["门口没人招呼", "=HYPERLINK(\"http://x\")"]  # a text cell: not a formula
    assert dict(zip(COLUMNS, rows[3], strict=True))["perceived_mean"] == ""
    formula = results(SESSION, people(1), [make_vote("p0", "counter", 3, text="@SUM(A1:A9)")])
    assert list(csv.reader(io.StringIO(results_csv(formula))))[3][-1] == "'@SUM(A1:A9)"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_results_xlsx_has_a_header_row_a_comments_sheet_and_a_cjk_font(lang: str) -> None:
    data = results_xlsx(sample(), lang)
    assert data == results_xlsx(sample(), lang)  # deterministic
    book = load_workbook(io.BytesIO(data))
    results_sheet, comments = book.worksheets
    assert results_sheet.title == t("workshop.sheet.results", lang)
    assert results_sheet["A1"].value == t("workshop.column.touchpoint", lang) and results_sheet["A1"].font.b
    assert [results_sheet.cell(r, 1).value for r in range(2, 5)] == ["greet", "queue", "counter"]
    assert results_sheet["E2"].value == 3.0 and results_sheet.freeze_panes == "A2"
    texts = [comments.cell(r, 4).value for r in range(2, comments.max_row + 1)]
    assert texts == ["门口没人招呼", "'=HYPERLINK(\"http://x\")", "<b>排队</b> | 太久"]
    assert comments["C3"].value == t("workshop.pain.yes", lang)
    assert results_sheet["B2"].font.name == comments["D2"].font.name == FONT == "Microsoft YaHei"
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert "<f>" not in archive.read("xl/worksheets/sheet2.xml").decode()  # no formula anywhere


def scored_hall() -> tuple[Journey, Results]:
    journey = load_template("business-hall", "zh-CN")
    walk = tuple((tp.id, tp.name) for tp in journey.touchpoints)
    session = Session("s", journey.id, 2, "ABCD2345", "2026-12-01T09:00:00+00:00", "a", "2026-12-01T10:00:00+00:00",
                      walk)
    first = walk[0][0]
    votes = [make_vote("p0", first, 2, 4, True, "<script>alert(1)</script> **粗** [x](http://e)", session=session),
             make_vote("p1", first, 4, session=session)]
    return journey, results(session, people(2, session), votes)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_script_of_a_stored_journey_ends_with_the_workshop_votes_escaped(lang: str) -> None:
    journey, r = scored_hall()
    analysis = analyze(journey, lang)
    heading = t("script.workshop", lang)
    md = script_markdown(journey, analysis, lang, r)
    assert f"## {heading}" in md and "| 3 ± 1.4 (2–4) |" in md
    assert "<script>" not in md and r"\<script\>" in md and r"\*\*粗\*\*" in md
    page = script_html(journey, analysis, lang, r)
    assert heading in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert" not in page
    docx = script_docx(journey, analysis, lang, workshop=r)
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        body = archive.read("word/document.xml").decode()
    assert heading in body and "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert export(journey, analysis, "md", lang, workshop=r).decode() == md
    # A file journey (no results given) has no such section; formats other than the script ignore them.
    assert heading not in script_markdown(journey, analysis, lang)
    assert [name for name, spec in FORMATS.items() if spec.takes_workshop] == ["md", "html", "docx"]


def test_the_sidebars_script_of_a_stored_journey_carries_its_votes(store_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from components import sidebar

    store = open_store(store_path)
    journey = Journey.model_validate(MINIMAL)
    store.save(journey, based_on=None)
    session = store.start_workshop("visit", 1, SESSION.touchpoints, "王经理")
    _, token = store.join_workshop(session.id, "安")
    store.cast_vote(session.id, token, "greet", perceived=2, expected=None, pain=True, text="门口没人招呼")
    store.close_workshop(session.id)
    buttons: dict[str, Any] = {}
    monkeypatch.setattr(sidebar.st, "expander", lambda *_: contextlib.nullcontext())
    monkeypatch.setattr(sidebar.st, "download_button",
                        lambda *_, data, key, **__: buttons.__setitem__(key, data))
    sidebar.export_panel(journey, "zh", stored=True)
    stored_md = buttons["download_md"]().decode()  # built on click, from the store as it is then
    assert "## 研讨投票" in stored_md and "门口没人招呼" in stored_md
    sidebar.export_panel(journey, "zh")  # a journey file: no votes
    assert "研讨投票" not in buttons["download_md"]().decode()
    store.close()
