"""Building on the map: the open journey's map (:mod:`components.map_view`), a card's edit dialog (name,
moments, scores, one-line standards, expectations) and the dialog that adds a card in a stage or after
a card. Every change goes through the editor (undoable, autosaved as the draft)."""

from __future__ import annotations

from typing import Any

import streamlit as st

from journeys.edits import EditError, document, explain, rebuild
from journeys.graph import display_order
from journeys.model import Journey, Touchpoint
from journeys.outline import OutlineError, add_line, read_standard
from journeys.vocab import MOMENTS, label

from .map_view import map_view, smallest_text
from .state import Editor, lang, select, t
from .ui import md

__all__ = ["map_board", "stage_end", "update_card"]

_OPEN = "map_dialog"  # the dialog asked for, kept until it is saved, cancelled or dismissed


def _close() -> None:
    st.session_state.pop(_OPEN, None)


def _drawing(editor: Editor, lg: str) -> Any:
    from exports.journey_map import MapOptions, journey_map

    return editor.cached(("map", lg), lambda: journey_map(editor.journey, editor.analysis(lg),
                                                          MapOptions(lang=lg, live=True)))


def stage_end(journey: Journey, stage: str) -> str | None:
    """The card a new one in ``stage`` goes after: the stage's last in display order, else the last card
    of an earlier stage (so the new card is linked into the path), else none."""
    order = display_order(journey)
    stages = [s.id for s in journey.stages]
    by_id = {tp.id: tp for tp in journey.touchpoints}
    inside = [tp for tp in order if by_id[tp].stage == stage]
    if inside:
        return inside[-1]
    before = set(stages[:stages.index(stage)]) if stage in stages else set()
    earlier = [tp for tp in order if by_id[tp].stage in before]
    return earlier[-1] if earlier else None


def update_card(journey: Journey, tp_id: str, *, name: str, moments: list[str], expected: float | None,
                perceived: float | None, expectations: list[str], new_standards: list[dict[str, Any]]) -> Journey:
    """The journey with the card's fields as the dialog set them: expectations kept by text (their ids and
    sources stay; a removed one's answers are dropped from the standards), new standards appended."""
    doc = document(journey)
    tp = next(x for x in doc["touchpoints"] if x["id"] == tp_id)
    old = list(tp.get("expectations") or [])
    kept: list[dict[str, Any]] = []
    for text in expectations:
        match = next((e for e in old if e["text"] == text), None)
        if match is not None:
            old.remove(match)
        kept.append(match or {"text": text})
    gone = {e.get("id") for e in old} - {None}
    standards = [{**s, "answers": [a for a in s.get("answers") or [] if a not in gone]}
                 for s in tp.get("standards") or []]
    before = tp.get("emotion") or {}
    emotion = {**before, "expected": expected, "perceived": perceived}
    if (before.get("expected"), before.get("perceived")) != (expected, perceived):
        emotion.update(evidence=None, n=None, period=None)  # typed by the team: what it rests on is gone
    tp.update(name=name, moments=moments, expectations=kept,
              standards=standards + [{**s, "kano": None, "answers": []} for s in new_standards],
              emotion=emotion if expected is not None or perceived is not None else None)
    return rebuild(doc)


def _edit(editor: Editor, tp_id: str) -> None:
    lg = lang()
    tp: Touchpoint = editor.journey.touchpoint(tp_id)
    key = f"card_{tp_id}_{editor.revision}"
    name = st.text_input(t("board.card.name"), tp.name, key=f"{key}_name")
    which, left, right = st.columns([2, 1, 1], vertical_alignment="bottom")
    moments = which.pills(t("board.card.moments"), list(MOMENTS), selection_mode="multi", default=list(tp.moments),
                          format_func=lambda m: label(m, lg), key=f"{key}_moments")
    scores = tp.emotion
    expected = left.number_input(t("board.card.expected"), 1.0, 5.0, scores.expected if scores else None, 0.5,
                                 format="%.1f", key=f"{key}_expected", placeholder="1–5")
    perceived = right.number_input(t("board.card.perceived"), 1.0, 5.0, scores.perceived if scores else None, 0.5,
                                   format="%.1f", key=f"{key}_perceived", placeholder="1–5")
    expectations = st.text_area(t("board.card.expectations"), "\n".join(e.text for e in tp.expectations),
                                key=f"{key}_expectations", help=t("board.card.expectations.help"), height=100)
    if tp.standards:
        with st.expander(t("board.card.standards", n=len(tp.standards))):
            for standard in tp.standards:
                st.markdown(f"- {md(label(standard.kind, lg))} · {md(label(standard.dimension, lg))} · "
                            f"{md(standard.text)}")
    lines = st.text_area(t("board.card.new_standards"), "", key=f"{key}_standards", height=80,
                         placeholder=t("board.card.new_standards.placeholder"), help=t("detail.standard_line.help"))
    save, cancel = st.columns(2)
    if cancel.button(t("board.cancel"), key=f"{key}_cancel", width="stretch"):
        _close()
        st.rerun()
    if save.button(t("board.save"), key=f"{key}_save", type="primary", width="stretch"):
        problems: list[str] = []
        new_standards = []
        for number, line in enumerate(lines.splitlines(), 1):
            if line.strip():
                try:
                    new_standards.append(read_standard(line))
                except OutlineError as exc:
                    problems += [t("board.card.line", n=number, problem=m) for m in exc.messages(lg, numbered=False)]
        if not problems:
            try:
                editor.apply(update_card(
                    editor.journey, tp_id, name=name.strip(), moments=list(moments or []), expected=expected,
                    perceived=perceived, new_standards=new_standards,
                    expectations=[x.strip() for x in expectations.splitlines() if x.strip()]))
            except EditError as exc:
                problems = [explain(p, editor.journey, lg) for p in exc.problems]
        if problems:  # the dialog stays open, everything typed in it kept
            st.error("\n\n".join(md(p) for p in problems))
            return
        _close()
        st.rerun()


def _add(editor: Editor, stage: str | None, after: str | None) -> None:
    lg = lang()
    journey = editor.journey
    where = journey.touchpoint(after).name if after else None
    stage_name = next((s.name for s in journey.stages if s.id == stage), None)
    st.caption(t("board.add.where", stage=stage_name) if stage_name else t("board.add.after", name=where) if where
               else t("board.add.end"))
    key = f"add_{stage or ''}_{after or ''}_{editor.revision}"
    line = st.text_input(t("board.add.line"), key=f"{key}_line", placeholder=t("board.add.placeholder"))
    st.caption(t("build.quick_add.hint"))
    save, cancel = st.columns(2)
    if cancel.button(t("board.cancel"), key=f"{key}_cancel", width="stretch"):
        _close()
        st.rerun()
    if save.button(t("board.add.save"), key=f"{key}_save", type="primary", width="stretch") and line.strip():
        try:
            done = add_line(journey, line.strip(), after=after, stage=stage)
        except OutlineError as exc:
            st.error("\n\n".join(md(m) for m in exc.messages(lg, numbered=False)))
        except EditError as exc:
            st.error("\n\n".join(md(explain(p, journey, lg)) for p in exc.problems))
        else:
            editor.apply(done.journey)
            if done.touchpoint:
                select(done.touchpoint)
            _close()
            st.rerun()


def map_board(editor: Editor, lg: str, *, per_screen: float, editable: bool, key: str = "journey_map") -> None:
    """The open journey's map, ``per_screen`` card columns across the width; with ``editable`` a click or
    Enter opens a card's dialog and "+" or N the dialog that adds one."""
    journey = editor.journey
    drawing = _drawing(editor, lg)
    smallest = editor.cached(("map_smallest", lg), lambda: smallest_text(drawing.svg))
    order = editor.cached("order", lambda: display_order(journey))
    selected = st.session_state.get("selected_touchpoint")
    event = map_view(drawing, key=key, order=order, selected=selected, editable=editable, per_screen=per_screen,
                     revision=editor.revision, title=journey.title, smallest=smallest,
                     words={"busy": t("board.busy"), "prev": t("board.prev"), "next": t("board.next")})
    if not editable:
        return
    ids = {tp.id for tp in journey.touchpoints}
    if event.edit in ids:
        select(event.edit)
        st.session_state[_OPEN] = {"edit": event.edit}
    elif event.add in {s.id for s in journey.stages}:
        st.session_state[_OPEN] = {"stage": event.add, "after": stage_end(journey, event.add)}
    elif event.add_after is not None:
        st.session_state[_OPEN] = {"stage": None, "after": event.add_after if event.add_after in ids else (
            order[-1] if order else None)}
    wanted = st.session_state.get(_OPEN)
    if not wanted:
        return
    if "edit" in wanted:
        if wanted["edit"] in ids:
            st.dialog(t("board.edit"), width="large", on_dismiss=_close)(_edit)(editor, wanted["edit"])
        else:
            _close()
    else:
        after = wanted["after"] if wanted["after"] in ids else None
        stage = wanted["stage"] if wanted["stage"] in {s.id for s in journey.stages} else None
        st.dialog(t("board.add"), on_dismiss=_close)(_add)(editor, stage, after)
