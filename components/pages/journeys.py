"""Journeys page: the store's journeys, and new ones from a template, blank, an uploaded file or an outline."""

from __future__ import annotations

from concurrent.futures import Future, wait

import streamlit as st

from components.auth import can_edit, require_role
from components.outline_panel import new_from_outline
from components.sheet_panel import new_from_sheet
from components.state import (
    author,
    counts_later,
    flash,
    get_store,
    lang,
    my_drafts,
    open_journey,
    show_flash,
    t,
    when,
)
from components.ui import file_error, md, md_t
from journeys import catalog
from journeys.fileformat import MAX_UPLOAD_MB, JourneyFileError, format_for, loads
from journeys.model import Journey
from journeys.vocab import FORMAT_TAG

UPLOAD_LIMIT_MB = MAX_UPLOAD_MB


REFRESH_S = 0.3
SHORT_LIST = 12  # journeys up to which the picker shows them all as choices
NEW_WAY = "new_from"  # the choice of how to make a new journey: from a template, blank, a file or an outline
# How long the page waits for counts still being made before it shows the list without them: a store of a
# few journeys is counted in that time, and the page is then drawn once, with no second run.
COUNT_WAIT_S = 0.3


def open_weak(counts: dict[str, int]) -> int:
    """Open weak points: the critical and warning findings of a stored version."""
    return counts["critical"] + counts["warning"]


def refresh_when_counted(jobs: list[Future[dict[str, int]]]) -> None:
    """The list is shown before every journey's weak points are counted; once they all are, it is
    drawn again with them."""
    @st.fragment(run_every=REFRESH_S)
    def poll() -> None:
        if all(job.done() for job in jobs):
            st.rerun()

    poll()


def create(journey: Journey, note: str) -> None:
    store = get_store()
    free = store.free_id(journey.id)
    if free != journey.id:
        journey = Journey.model_validate({**journey.model_dump(by_alias=True), "id": free})
    store.save(journey, based_on=None, author=author(), note=note)
    open_journey(journey.id)
    flash(md_t("journeys.created", title=journey.title))
    st.switch_page("components/pages/build.py")


st.title(t("journeys.title"))
show_flash()
store = get_store()
rows = store.list_journeys()

if rows:
    jobs = {r.id: counts_later(r.id, r.versions) for r in rows}
    wait(jobs.values(), timeout=COUNT_WAIT_S)
    counting = t("journeys.counting")
    # A Markdown table, every cell escaped: a data frame would import pandas before the page could be used.
    head = [t("journeys.col.title"), t("journeys.col.id"), t("journeys.col.versions"), t("journeys.col.saved"),
            t("journeys.col.author"), t("journeys.col.weak")]
    lines = ["| " + " | ".join(md(h) for h in head) + " |", "|" + " --- |" * 3 + " --- |" * 2 + " ---: |"]
    lines += ["| " + " | ".join([md(r.title), md(r.id), str(r.versions), md(when(r.last_saved)), md(r.last_author),
                                 str(open_weak(jobs[r.id].result())) if jobs[r.id].done() else counting]) + " |"
              for r in rows]
    with st.container(key="journey_table"):
        st.markdown("\n".join(lines))
    ids = [r.id for r in rows]
    titles = {r.id: f"{r.title} ({r.id})" for r in rows}
    pick, open_col, copy_col = st.columns([4, 1, 1], vertical_alignment="bottom")
    # A short list is a set of choices, one click each; a long one a list to search in. A choice's label is
    # Markdown, so a title is escaped there (a list item is plain text).
    if len(ids) <= SHORT_LIST:
        chosen = pick.radio(t("journeys.pick"), ids, format_func=lambda i: md(titles[i]), key="journey_pick")
    else:
        chosen = pick.selectbox(t("journeys.pick"), ids, format_func=titles.__getitem__, key="journey_pick")
    # Each of my drafts of the journey (one per tab I edited it in) is offered, the newest first.
    drafts = my_drafts(chosen)
    draft = None
    if drafts:
        # Numbered: Streamlit tells options apart by their label, and two drafts can share time and base.
        labels = [t("journeys.open_draft", i=i, time=when(d.saved_at), n=d.based_on or "-")
                  for i, d in enumerate(drafts, start=1)]
        labels.append(t("journeys.open_latest"))
        which = st.radio(t("journeys.open_which"), range(len(labels)), key=f"journey_open_which_{chosen}",
                         format_func=labels.__getitem__)
        draft = drafts[which] if which is not None and which < len(drafts) else None
    if open_col.button(t("journeys.open"), key="journey_open", type="primary", width="stretch"):
        open_journey(chosen, draft)
        st.switch_page("components/pages/build.py")
    if can_edit() and copy_col.button(t("journeys.duplicate"), key="journey_duplicate", width="stretch"):
        source = store.load(chosen).journey
        info = store.save_copy(source, store.free_id(f"{chosen}-copy"), author=author(),
                               note=t("journeys.duplicated", title=source.title, id=chosen))
        flash(md_t("journeys.duplicated", title=source.title, id=info.journey_id))
        st.rerun()
    if not all(job.done() for job in jobs.values()):
        refresh_when_counted(list(jobs.values()))
else:
    st.info(t("journeys.empty"))

require_role("facilitator")  # new journeys: facilitators only
st.subheader(t("journeys.new"))
# Only the chosen way is drawn: the file uploader and the outline editor (and their scripts in the browser)
# load when someone asks for them, not with the page everyone opens first.
ways = {"template": t("journeys.template"), "blank": t("journeys.blank"), "import": t("journeys.import"),
        "outline": t("outline_app.new_tab"), "sheet": t("sheets_app.new_tab")}
way = st.segmented_control(t("journeys.new"), list(ways), default="template", required=True, key=NEW_WAY,
                           format_func=ways.__getitem__, label_visibility="collapsed")

if way == "template":
    templates = catalog.list_templates()
    # Chinese-speaking users see Chinese templates first; every language stays available.
    templates = sorted(templates, key=lambda x: (not x.locale.startswith(lang()), x.id))
    # Every template at a glance, one click to pick (the projector's room sees them all).
    choice = st.pills(t("journeys.template"), range(len(templates)), default=0, required=True, key="template_pick",
                      format_func=lambda i: md(f"{templates[i].title} · {templates[i].locale} "
                                               f"({templates[i].touchpoints})"))
    if st.button(t("journeys.create"), key="template_create", type="primary"):
        info = templates[choice]
        create(catalog.load_template(info.id, info.locale), f"{t('journeys.template')}: {info.id} ({info.locale})")

elif way == "blank":
    title = st.text_input(t("journeys.new_title"), key="blank_title", placeholder=t("journeys.blank_title"))
    if st.button(t("journeys.create"), key="blank_create", type="primary"):
        name = title.strip() or t("journeys.blank_title")
        create(Journey.model_validate({
            "format": FORMAT_TAG, "id": "journey", "title": name, "locale": t("words.locale"),
            "stages": [{"id": "stage-1", "name": t("journeys.blank_stage")}], "touchpoints": [],
        }), t("journeys.blank"))

elif way == "import":
    uploaded = st.file_uploader(t("journeys.import"), type=["yaml", "yml", "json"], key="upload",
                                help=t("journeys.import.help", mb=UPLOAD_LIMIT_MB), max_upload_size=UPLOAD_LIMIT_MB)
    if uploaded is not None and st.button(t("journeys.import.button"), key="upload_import", type="primary"):
        data = uploaded.getvalue()
        if len(data) > UPLOAD_LIMIT_MB * 2**20:
            st.error(t("journeys.import.too_big", size=round(len(data) / 2**20, 1), mb=UPLOAD_LIMIT_MB))
        else:
            try:
                journey = loads(data, format_for(uploaded.name, data), name=uploaded.name)
            except JourneyFileError as exc:
                file_error(exc)
            else:
                create(journey, f"{t('journeys.import.button')}: {uploaded.name}")

elif way == "sheet":
    new_from_sheet(create)

else:
    new_from_outline(create)
