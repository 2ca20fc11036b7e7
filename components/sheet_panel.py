"""Spreadsheets in, in the app: the survey import panel for the open journey and the Journeys page's "from
a spreadsheet" way, each an upload, the column mapping (selectboxes, matched from the headers), a preview
of the first rows as mapped, every bad row listed, and one button that stays disabled while a row is bad
unless the listed rows are skipped. Nothing is applied before that button: the survey is then one undoable
edit of the open journey (autosaved like any edit), the spreadsheet a new journey saved as version 1.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import PurePath

import streamlit as st

from journeys.fileformat import MAX_UPLOAD_MB
from journeys.formatting import number
from journeys.model import Journey, Nps
from journeys.sheet import FIELDS as SHEET_FIELDS
from journeys.sheet import read_sheet
from journeys.survey import FIELDS as SURVEY_FIELDS
from journeys.survey import SurveyRead, apply_survey, read_survey
from journeys.tabular import (
    Field,
    RowProblem,
    SheetError,
    Table,
    cell_text,
    column_letter,
    how_read,
    match_columns,
    preview_rows,
    read_table,
    require,
    row_messages,
)

from .state import Editor, flash, lang, t
from .ui import md, md_t

__all__ = ["before_after", "new_from_sheet", "show_nps", "survey_panel"]

PREVIEW_ROWS = 5
FOLD_FIELDS = 8  # more fields than this: the mapping starts folded
SHOWN_PROBLEMS = 100  # bad rows listed on the page; the count says how many there are


def _read(data: bytes, name: str, file_id: str, sheet: str | None, key: str) -> Table:
    """The table of an upload, read once per file and sheet: every click on the page reruns it, and a
    50,000-row workbook takes about two seconds to read."""
    held = st.session_state.get(f"{key}__read")
    if held is not None and held[0] == (file_id, sheet):
        return held[1]
    table = read_table(data, name, sheet=sheet)
    st.session_state[f"{key}__read"] = ((file_id, sheet), table)
    return table


def _upload(key: str) -> tuple[Table, str, str] | None:
    """The uploaded table (the chosen sheet of a workbook), its file id and name; ``None`` after saying
    what is wrong with it."""
    uploaded = st.file_uploader(t("sheets_app.upload"), type=["csv", "tsv", "txt", "xlsx"], key=key,
                                help=t("sheets_app.upload_help", mb=MAX_UPLOAD_MB), max_upload_size=MAX_UPLOAD_MB)
    if uploaded is None:
        st.session_state.pop(f"{key}__read", None)
        return None
    data = uploaded.getvalue()
    try:
        table = _read(data, uploaded.name, uploaded.file_id, None, key)
        if len(table.sheets) > 1:
            chosen = st.selectbox(t("sheets_app.sheet"), table.sheets, key=f"{key}_sheet_{uploaded.file_id}")
            if chosen != table.sheet:
                table = _read(data, uploaded.name, uploaded.file_id, chosen, key)
    except SheetError as exc:
        st.error(md(exc.message(lang())))
        return None
    st.caption(md(how_read(table, lang())))
    return table, uploaded.file_id, uploaded.name


def _upload_and_map(upload_key: str, fields: Sequence[Field], prefix: str) -> tuple[
        Table, dict[str, int], str, str] | None:
    """An upload and its column mapping: the table, the mapping, the widgets' key for this file and the
    file's name; ``None`` until both are there."""
    got = _upload(upload_key)
    if got is None:
        return None
    table, file_id, name = got
    key = f"{prefix}_{file_id}"
    mapping = _mapping(table, fields, key)
    if mapping is None:
        return None
    return table, mapping, key, name


def _mapping(table: Table, fields: Sequence[Field], key: str) -> dict[str, int] | None:
    """A selectbox per field (its column, or none), preset from the headers; ``None`` while a required
    field has no column."""
    automatic = match_columns(table.headers, fields)
    options = [-1, *range(len(table.headers))]
    names = {i: f"{column_letter(i)} · {table.headers[i]}" if i >= 0 else t("sheets_app.unused") for i in options}
    # A long list of fields (a touchpoint list has two dozen) folds away once the required ones are found:
    # the preview below shows what was matched.
    folded = len(fields) > FOLD_FIELDS and all(f.id in automatic for f in fields if f.required)
    mapping: dict[str, int] = {}
    with st.expander(t("sheets_app.mapping"), expanded=not folded):
        st.caption(t("sheets_app.mapping_help"))
        columns = st.columns(4)
        for n, f in enumerate(fields):
            name = f.label(lang()) + (" *" if f.required else "")
            choice = columns[n % 4].selectbox(name, options, index=options.index(automatic.get(f.id, -1)),
                                              format_func=names.__getitem__, key=f"{key}_map_{f.id}")
            if choice is not None and choice >= 0:
                mapping[f.id] = choice
    try:
        require(mapping, fields)
    except SheetError as exc:
        st.warning(md(exc.message(lang())))
        return None
    return mapping


def _preview(table: Table, mapping: dict[str, int], fields: Sequence[Field]) -> None:
    st.markdown(f"**{t('sheets_app.preview', n=min(PREVIEW_ROWS, len(table.rows)))}**")
    st.dataframe(preview_rows(table, mapping, fields, lang(), PREVIEW_ROWS), hide_index=True, width="stretch")


def _bad_rows(problems: Sequence[RowProblem], key: str) -> bool:
    """Every bad row (one message each) and the checkbox that skips them; whether to go on."""
    if not problems:
        return True
    messages = row_messages(problems, lang())
    shown = [f"- {md(m)}" for m in messages[:SHOWN_PROBLEMS]] + (["- …"] if len(messages) > SHOWN_PROBLEMS else [])
    st.error(t("sheets_app.bad_rows", count=len(messages)) + "\n\n" + "\n".join(shown))
    return st.checkbox(t("sheets_app.skip", count=len(messages)), key=key)


# ---------------------------------------------------------------------------------------------- survey

def _score(value: float | None) -> str:
    return "–" if value is None else number(value)


def before_after(journey: Journey, read: SurveyRead) -> list[dict[str, str]]:
    """Per touchpoint with responses, in journey order: n, perceived and satisfaction before → after, period."""
    figures = read.touchpoints()
    rows = []
    for tp in journey.touchpoints:
        found = figures.get(tp.id)
        if found is None:
            continue
        before_sat = None if tp.satisfaction is None else tp.satisfaction.score
        rows.append({
            t("sheets_app.col.touchpoint"): tp.name,
            t("sheets_app.col.n"): str(found.n),
            t("sheets_app.col.perceived"): f"{_score(tp.perceived)} → {number(found.perceived)}",
            t("sheets_app.col.satisfaction"):
                f"{'–' if before_sat is None else number(before_sat) + '%'} → {number(found.satisfaction)}%",
            t("sheets_app.col.period"): found.period or "–",
        })
    return rows


def _segment(table: Table, mapping: dict[str, int], key: str) -> str | None:
    if "segment" not in mapping:
        return None
    values = sorted({cell_text(r.get(mapping["segment"])) for r in table.rows} - {""})
    choice = st.selectbox(t("sheets_app.segment"), [None, *values], key=key,
                          format_func=lambda v: t("sheets_app.all_segments") if v is None else v)
    return choice


def survey_panel(editor: Editor) -> None:
    """Survey results into the open journey: upload, mapping, preview, the figures before and after, apply."""
    with st.expander(t("sheets_app.survey")):
        st.caption(t("sheets_app.survey_intro"))
        got = _upload_and_map("survey_upload", SURVEY_FIELDS, "survey")
        if got is None:
            return
        table, mapping, key, _ = got
        segment = _segment(table, mapping, f"{key}_segment")
        _preview(table, mapping, SURVEY_FIELDS)
        read = read_survey(table, mapping, editor.journey, segment=segment)
        if read.percent:
            st.caption(t("sheets_app.percent"))
        go_on = _bad_rows(read.problems, f"{key}_skip")
        if read.unmatched:
            st.warning(t("sheets_app.unmatched", count=len(read.unmatched),
                         lines=t("words.list_sep").join(map(str, read.unmatched))))
        if not read.responses:
            st.info(t("sheets_app.nothing"))
            return
        st.markdown(f"**{t('sheets_app.figures')}**")
        st.dataframe(before_after(editor.journey, read), hide_index=True, width="stretch")
        if (nps := read.nps()) is not None:
            before = editor.journey.nps
            st.caption(t("sheets_app.nps_change", before="–" if before is None else number(before.score),
                         after=number(nps.score), n=nps.n))
        if st.button(t("sheets_app.apply"), key="survey_apply", type="primary", disabled=not go_on):
            editor.apply(apply_survey(editor.journey, read))
            flash(t("sheets_app.applied", count=len(read.touchpoints())))
            st.rerun()


def show_nps(nps: Nps | None) -> None:
    """The journey's NPS (score, n, period) as a metric card."""
    st.metric(t("nps.title"), "–" if nps is None else number(nps.score), help=t("nps.help"), border=True)
    if nps is None:
        st.caption(t("nps.none"))
    elif nps.n is not None:
        st.caption(md_t("nps.caption", promoters=nps.promoters or 0, detractors=nps.detractors or 0, n=nps.n,
                        period=nps.period or "–"))


# ---------------------------------------------------------------------------------------------- a new journey

def new_from_sheet(create: Callable[[Journey, str], None]) -> None:
    """The Journeys page's 'from a spreadsheet' way: upload, mapping, preview, and the button that hands the
    journey to ``create`` (which saves it as version 1 and opens it)."""
    st.caption(t("sheets_app.new_intro"))
    got = _upload_and_map("sheet_upload", SHEET_FIELDS, "sheet")
    if got is None:
        return
    table, mapping, key, name = got
    stem = PurePath(name).stem or t("journeys.blank_title")
    title = st.text_input(t("sheets_app.title"), stem, key=f"{key}_title").strip() or stem
    _preview(table, mapping, SHEET_FIELDS)
    try:
        read = read_sheet(table, mapping, title=title)
    except SheetError as exc:
        st.error(md(exc.message(lang())))
        return
    go_on = _bad_rows(read.problems, f"{key}_skip")
    journey = read.journey
    if journey is None:
        return
    stages = {s.id: s.name for s in journey.stages}
    st.caption(t("sheets_app.counts", stages=len(journey.stages), touchpoints=len(journey.touchpoints),
                 standards=sum(len(tp.standards) for tp in journey.touchpoints)))
    st.dataframe([{t("sheets_app.col.stage"): stages[tp.stage], t("sheets_app.col.touchpoint"): tp.name,
                   t("sheets_app.col.owner"): tp.owner or "", t("sheets_app.col.standards"): len(tp.standards)}
                  for tp in journey.touchpoints], hide_index=True, width="stretch")
    if st.button(t("sheets_app.create"), key="sheet_create", type="primary", disabled=not go_on):
        create(journey, f"{t('sheets_app.new_tab')}: {name}")
