"""Text people typed as inert Markdown inline text: the one Markdown escaper of the product.

Kept apart from the Markdown export (:mod:`exports.markdown`) so that the app can escape text without
importing what the export needs.
"""

from __future__ import annotations

import re

__all__ = ["md_text"]

# CommonMark lets any ASCII punctuation be backslash-escaped; these are the ones that can build structure.
_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~&])")
# Streamlit's Markdown adds colour and icon directives (``:red[x]``, ``:material/x:``) and LaTeX (``$x$``).
_STREAMLIT = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~&$:])")
_SPACE = re.compile(r"\s+")


def md_text(s: str, *, streamlit: bool = False) -> str:
    """``s`` as inert Markdown inline text: structure characters escaped, line breaks folded to spaces.

    The one Markdown escaper of the product: exports call it as it is; the app passes
    ``streamlit=True`` so that Streamlit's own additions (colour directives, LaTeX) stay text too.

    Examples
    --------
    >>> md_text("# Heading")
    '\\\\# Heading'
    >>> md_text("1. item\\n**bold**")
    '1\\\\. item \\\\*\\\\*bold\\\\*\\\\*'
    >>> md_text("a | b")
    'a \\\\| b'
    >>> md_text(":red[a] $x$", streamlit=True)
    '\\\\:red\\\\[a\\\\] \\\\$x\\\\$'
    """
    return (_STREAMLIT if streamlit else _SPECIAL).sub(r"\\\1", _SPACE.sub(" ", s).strip())
