"""The outline editor in the app (DOMAIN.md, "The journey outline"): type or paste a journey as an outline,
one line per touchpoint, and see its diagram, its counts and each bad line's problem as you go.

Two entry points: :func:`new_from_outline` (the Journeys page's 'New from outline' tab) creates a journey
from the text and saves it as version 1; :func:`outline_tab` (a tab of the Build page) shows the open
journey as an outline, and applies an edited outline as one undoable step after showing what changes,
removing touchpoints only once that is confirmed. A pasted Mermaid ``journey`` text is read by the
Mermaid importer instead. A text that cannot be read applies nothing and stays as typed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import streamlit as st

from exports.mermaid import MermaidError, from_mermaid
from journeys.model import Journey
from journeys.outline import OutlineChange, OutlineError, apply_outline, parse_outline, write_outline

from .diagram import start_diagram
from .state import Editor, flash, get_store, lang, t
from .ui import md, md_t

__all__ = ["is_mermaid", "new_from_outline", "outline_tab", "read_new", "read_onto"]

NEW_KEY = "outline_new"


def is_mermaid(text: str) -> bool:
    """Whether ``text`` is a Mermaid journey diagram: its first line that is not blank is ``journey``.

    >>> is_mermaid("\\n  journey\\n  title Visit\\n"), is_mermaid("# Visit\\n## Arrive\\n")
    (True, False)
    """
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    return first == "journey"


def read_new(text: str) -> Journey:
    """A new journey from an outline, or from a Mermaid journey text.

    Raises
    ------
    OutlineError, MermaidError
        Naming every bad line.
    """
    return from_mermaid(text) if is_mermaid(text) else parse_outline(text)


def read_onto(journey: Journey, text: str) -> tuple[Journey, OutlineChange]:
    """``journey`` updated from an outline (or a Mermaid journey text, read as the outline it makes),
    keeping the ids and the fields the outline does not carry; and what that changes."""
    if is_mermaid(text):
        text = write_outline(from_mermaid(text, locale=journey.locale), journey.locale)
    return apply_outline(journey, text)


def _problems(exc: OutlineError | MermaidError) -> None:
    """Every bad line of a text that could not be read, with its line number, in the UI language."""
    if isinstance(exc, OutlineError):
        messages = exc.messages(lang())
        st.error(t("outline_app.errors", count=len(messages)) + "\n\n"
                 + "\n".join(f"- {md(m)}" for m in messages))
        return
    messages = exc.messages(lang())
    st.error(t("outline_app.mermaid_errors", count=len(messages)) + "\n\n"
             + "\n".join(f"- {md(m)}" for m in messages))


def _preview(key: str, journey: Journey, height: int) -> None:
    """The diagram of a journey not yet applied, drawn as the Build page draws the open one."""
    held = st.session_state.get(key)
    if not isinstance(held, Editor) or held.journey != journey:
        held = Editor(journey, None)  # never applied: it writes no draft
        st.session_state[key] = held
    start_diagram(held, lang(), height=height, direction="TB", zoom=None, min_zoom=0.55, legend=False)()


def _join(names: Iterable[str]) -> str:
    return ("、" if lang() == "zh" else ", ").join(names)


def _counts(journey: Journey) -> str:
    return t("outline_app.counts", stages=len(journey.stages), touchpoints=len(journey.touchpoints),
             edges=len(journey.edges))


def new_from_outline(create: Callable[[Journey, str], None]) -> None:
    """The 'New from outline' tab: the outline, its preview and problems, and one button that hands the
    journey to ``create`` (which saves it as version 1 and opens it)."""
    text_col, preview_col = st.columns([1, 1], gap="medium")
    with text_col:
        text = st.text_area(t("outline_app.text"), key=NEW_KEY, height=420, help=t("outline_app.help"),
                            placeholder=t("outline_app.placeholder"))
    with preview_col:
        if not text.strip():
            st.info(t("outline_app.start"))
            return
        try:
            journey = read_new(text)
        except (OutlineError, MermaidError) as exc:
            _problems(exc)
            return
        if is_mermaid(text):
            st.caption(t("outline_app.mermaid"))
        st.markdown(f"**{md_t('outline_app.title_id', title=journey.title, id=journey.id)}**")
        st.caption(_counts(journey))
        free = get_store().free_id(journey.id)
        if free != journey.id:
            st.caption(md_t("outline_app.id_taken", id=journey.id, free=free))
        if st.button(t("outline_app.create"), key="outline_create", type="primary"):
            create(journey, t("outline_app.new_tab"))
        _preview(f"{NEW_KEY}_preview", journey, 420)


def outline_tab(editor: Editor) -> None:
    """The Build page's Outline tab: the open journey as an outline, editable; an edit is shown as what it
    changes and applied, when asked, as one undoable step."""
    journey = editor.journey
    written = editor.cached("outline", lambda: write_outline(journey))
    text = st.text_area(t("outline_app.text"), written, key=f"outline_edit_{editor.revision}", height=420,
                        help=t("outline_app.help"))
    if text.strip() == written.strip():
        return
    try:
        proposed, change = read_onto(journey, text)
    except (OutlineError, MermaidError) as exc:
        _problems(exc)
        return
    if proposed == journey:
        st.info(t("outline_app.same"))
        return
    if is_mermaid(text):
        st.caption(t("outline_app.mermaid"))
    names = {tp.id: tp.name for tp in proposed.touchpoints}
    lines = [f"- {md_t('outline_app.added', names=_join(names[i] for i in change.added))}"] if change.added else []
    if change.changed:
        lines.append(f"- {md_t('outline_app.changed', names=_join(names[i] for i in change.changed))}")
    if change.removed:
        lines.append(f"- {md_t('outline_app.removed', names=_join(tp.name for tp in change.removed))}")
    if not lines:
        lines.append(f"- {t('outline_app.rest')}")
    lines += [f"- {md(note)}" for note in change.notes(lang())]
    st.markdown(f"**{t('outline_app.change')}**\n\n" + "\n".join(lines))
    st.caption(_counts(proposed))
    confirmed = True
    if change.removed:
        confirmed = st.checkbox(t("outline_app.confirm_remove", count=len(change.removed)),
                                key=f"outline_confirm_{editor.revision}")
    if st.button(t("outline_app.apply"), key=f"outline_apply_{editor.revision}", type="primary",
                 disabled=not confirmed):
        editor.apply(proposed)
        flash(t("outline_app.applied"))
        st.rerun()
    with st.expander(t("outline_app.preview")):
        _preview("outline_edit_preview", proposed, 420)
