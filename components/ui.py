"""Small display helpers shared by the pages."""

from __future__ import annotations

from exports.markdown import md_text

__all__ = ["md"]


def md(value: str) -> str:
    """User text to show through ``st.markdown``: every Markdown and HTML character is taken literally
    and newlines stay inside the line, so typed text can never become a link, heading, table or tag.

    Examples
    --------
    >>> md("**not bold** <b>x</b>")
    '\\\\*\\\\*not bold\\\\*\\\\* \\\\<b\\\\>x\\\\</b\\\\>'
    """
    return md_text(value, streamlit=True)
