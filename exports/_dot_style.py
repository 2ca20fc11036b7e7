r"""The diagram's building blocks: its font, its palette, the looks a comparison gives, node names and the
markup of Graphviz's HTML-like labels.

Everything a user typed goes into labels through :func:`escape`, with control characters dropped and
backslashes doubled (Graphviz expands ``\N``, ``\G``... even there), so no text can add a node, an
attribute or markup, and it shows as typed. Node names are ``tp_<touchpoint id>`` (never a DOT keyword).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from ._measure import printable

__all__ = [
    "BADGE_SYMBOL", "EDGE", "FONT", "INK", "LANE_FILL", "LANE_LINE", "LINE", "LOOP", "MOMENT_STYLE", "MOT", "MUTED",
    "SEVERITY_STYLE", "STATUSES", "STATUS_STYLE", "Look", "escape", "html_label", "node_name", "stack",
]

FONT = "Noto Sans CJK SC"
"""The font named on graph, nodes and edges, so Chinese renders in PNG and PDF (not as empty boxes)."""

# --- the palette: one place for every colour the diagram and its legend use ------------------------
INK = "#1F2933"
MUTED = "#52606D"
LINE = "#9AA5B1"
EDGE = "#7B8794"
LOOP = "#A0764B"
MOT = "#243B53"
LANE_FILL = "#F3F5F8"
LANE_LINE = "#D5DBE3"

# moment -> (fill colour of the box or None, colour of its badge)
MOMENT_STYLE: dict[str, tuple[str | None, str]] = {
    "mot": (None, MOT),
    "peak": ("#DDF3E4", "#1E7B3A"),
    "end": ("#DCE9FA", "#1D5FA8"),
    "pain": ("#FDE3DC", "#B42318"),
}
BADGE_SYMBOL = {"mot": "◆", "peak": "★", "end": "●", "pain": "▼"}

# severity -> (border colour, pen width, dashed)
SEVERITY_STYLE: dict[str, tuple[str, float, bool]] = {
    "critical": ("#D32F2F", 3.2, False),
    "warning": ("#E8890C", 2.4, False),
    "info": ("#7B8794", 1.6, True),
}

# A comparison's statuses. status -> (fill, border, text, note) of a touchpoint; its edges and lanes
# take the border colour, removed ones are dashed.
STATUS_STYLE: dict[str, tuple[str, str, str, str]] = {
    "added": ("#E2F4E6", "#2E9D4E", INK, "#1E7B3A"),
    "removed": ("#FDEDEC", "#D64545", "#8C2F2F", "#B42318"),
    "changed": ("#FFF1CC", "#D98E04", INK, "#8A5A00"),
    "unchanged": ("white", "#BCC4CE", "#7B8794", MUTED),
}
STATUSES: tuple[str, ...] = tuple(STATUS_STYLE)

_SAFE_ID = re.compile(r"^[\w-]+$")


def node_name(touchpoint_id: str) -> str:
    """The DOT node name of a touchpoint: ``tp_<id>``, never a DOT keyword, stable across builds.

    Ids that are not slugs (only possible for journeys built without validation) are spelled in hex
    behind ``tp.``, which no slug can produce.

    Examples
    --------
    >>> node_name("edge"), node_name("取号")
    ('tp_edge', 'tp_取号')
    >>> node_name("a b")
    'tp.612062'
    """
    if _SAFE_ID.match(touchpoint_id):
        return f"tp_{touchpoint_id}"
    return "tp." + touchpoint_id.encode("utf-8", "surrogatepass").hex()


@dataclass(frozen=True)
class Look:
    """How one touchpoint, edge or stage lane departs from the plain diagram (a comparison's status).

    ``text`` is the colour of its text, ``width`` its pen width (an edge's only when it has no share),
    ``strike`` strikes its name through, ``note`` adds small lines in ``accent`` under it."""

    fill: str | None = None
    color: str | None = None
    text: str | None = None
    width: str | None = None
    dashed: bool = False
    strike: bool = False
    note: tuple[str, ...] = ()
    accent: str = MUTED


def stack(rows: list[str], *, align: str = "CENTER", size: int | None = None, padded: int | None = None) -> str:
    """Lines of label markup as the rows of a borderless table: graphviz measures a table's rows with
    room to spare, where lines joined by ``<BR/>`` come out too tight for CJK fonts and overlap. The row
    at index ``padded`` (a row of badges) gets a little room around it."""
    if not rows:
        return ""
    padding = ['CELLPADDING="3"' if i == padded else "" for i in range(len(rows))]
    cells = [f'<TR><TD ALIGN="{align}" {pad}>{row}</TD></TR>' for row, pad in zip(rows, padding, strict=True)]
    table = f'<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="1">{"".join(cells)}</TABLE>'
    return f'<FONT POINT-SIZE="{size}">{table}</FONT>' if size else table


def html_label(markup: str) -> str:
    """An HTML-like DOT label: graphviz's quoting passes ``<...>`` through as it is."""
    return f"<{markup}>"


def escape(text: str) -> str:
    r"""User text, safe inside an HTML-like label and shown as typed.

    ``<``, ``>``, ``&`` and quotes become entities; backslashes are doubled because Graphviz expands
    ``\N``, ``\G``, ``\E``, ``\T``, ``\H`` (node, graph, edge names) even in HTML-like labels, and reads
    ``\\`` as one backslash. Brackets and braces become numeric entities too: Graphviz's label lexer
    rejects an element whose whole text is ``]`` (found by the property test).

    Examples
    --------
    >>> print(escape('a"]; <b> & \\N'))
    a&quot;&#93;; &lt;b&gt; &amp; \\N
    """
    return html.escape(printable(text).replace("\\", "\\\\"), quote=True).translate(_BRACKETS)


_BRACKETS = str.maketrans({"[": "&#91;", "]": "&#93;", "{": "&#123;", "}": "&#125;"})
