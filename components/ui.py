"""Small display helpers shared by the pages: the one way user text reaches Streamlit's Markdown.

Streamlit reads Markdown (with its colour directives and LaTeX) in messages, titles, captions, widget
labels and help, radio and segmented-control options, tabs, expanders and metrics; a journey title like
``[x](https://evil) :red[a] $$x$$`` would become a live link, colour and a formula there. Every text a
person typed (titles, names, authors, notes, file names, messages that quote them) passes :func:`md`
before it reaches one of those places; a catalogue word whose placeholders hold such text is read with
:func:`md_t`, which escapes the values and keeps our own template. Select boxes, multiselects, text
inputs and tables show their values as plain text: those take the text as it is.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from exports.md_inline import md_text
from journeys.fileformat import JourneyFileError

from .state import lang, t

__all__ = ["SHOWN_PROBLEMS", "file_error", "md", "md_t"]

SHOWN_PROBLEMS = 50
"""The most problems of one file a page lists; the rest are counted."""


def md(value: object) -> str:
    """User text to show through Streamlit's Markdown: every Markdown and HTML character is taken
    literally and newlines stay inside the line, so typed text can never become a link, heading, colour,
    formula, table or tag.

    Examples
    --------
    >>> md("**not bold** <b>x</b>")
    '\\\\*\\\\*not bold\\\\*\\\\* \\\\<b\\\\>x\\\\</b\\\\>'
    """
    return md_text(str(value), streamlit=True)


def md_t(key: str, *, count: float | None = None, **params: Any) -> str:
    """The word ``key`` in the session's language for a Markdown place, each text value in ``params``
    escaped by :func:`md` (numbers are left to the template's own formatting)."""
    return t(key, count=count, **{name: md(v) if isinstance(v, str) else v for name, v in params.items()})


def file_error(exc: JourneyFileError, heading: str = "journeys.import.invalid") -> None:
    """A journey file that was not read: every problem in the session's language, each with its line, the
    touchpoint by name and the field by its label (:meth:`journeys.fileformat.JourneyFileError.messages`),
    under the catalogue word ``heading`` (what was not done)."""
    shown = exc.messages(lang())
    lines = [t(heading), ""] + [f"- {md(m)}" for m in shown[:SHOWN_PROBLEMS]]
    if len(shown) > SHOWN_PROBLEMS:  # a file wrong in every touchpoint: the first ones say what to fix
        lines.append(f"- {t('journeys.import.more', count=len(shown) - SHOWN_PROBLEMS)}")
    st.error("\n".join(lines))
