"""Text that fits its slide: how tall a block of paragraphs is, and how to spread it over slides.

PowerPoint shrinks text on overflow only once someone edits the box, and LibreOffice draws what does
not fit below the slide's edge. So the deck measures before it writes: each paragraph is wrapped to
the text box's width in em (:func:`exports._measure.char_em`, the proportional measure of Noto Sans
CJK, a little wider than Calibri's Latin, so the estimate errs on the roomy side), greedily as the
programs do and in one pass (a whole deck's paragraphs are measured at several sizes), with the exact line
spacing the deck writes. A block is set in the largest of a few type sizes at which it fits one slide;
past the smallest it is spread over continuation slides, paragraph by paragraph, a heading never left
alone at a slide's foot, and only a paragraph taller than a whole slide cut, line by line.
"""

from __future__ import annotations

import unicodedata
from collections import deque
from dataclasses import dataclass, replace

from ._measure import char_em, printable

__all__ = ["LINE", "Para", "Run", "fit", "height", "lines_of", "one_line", "wrap"]

LINE = 1.3
"""Line height in em: the deck writes this as exact line spacing, so the estimate is what is drawn."""
_GAP = 0.35  # space before a paragraph that starts a group (a heading), in em
_INDENT = 1.6  # a level's indent, in em
_SAFETY = 0.95  # wrap a little short of the box: kerning and font substitution vary between programs
_LATIN = 1.1  # Noto Sans CJK's Latin, measured with its glyphs, against char_em
_BOLD = 1.07  # its bold Latin against its regular


@dataclass(frozen=True)
class Run:
    """A piece of a paragraph in one style."""

    text: str
    bold: bool = False
    colour: str | None = None
    """A hex colour (``1f3a5f``) or ``None`` for the text colour."""


@dataclass(frozen=True)
class Para:
    """A paragraph: its runs, indent level, a relative size (1 the block's size), whether it heads
    what follows (kept with it at a slide's foot, a little space before it) and the speaker-note lines
    of a slide that shows it (both pieces of a paragraph cut over two slides keep them)."""

    runs: tuple[Run, ...]
    level: int = 0
    scale: float = 1.0
    heading: bool = False
    notes: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


def one_line(text: str) -> str:
    """``text`` as one line of a slide: what cannot be shown dropped, line breaks and runs of spaces folded.

    >>> one_line("a\\x00b\\n  c")
    'ab c'
    """
    return " ".join(printable(text).split())


_CLOSING = set("，。、；：！？）》」』】〕”’,.;:!?)]}…")  # no line starts with these (kinsoku)


def _advance(ch: str) -> float:
    """A character's width in em as the presentation programs set it: :func:`char_em` (Latin a tenth
    wider: Noto Sans CJK's Latin at text sizes measures so), and 1 em for the ambiguous-width marks
    (``≤ — “ …``) a Chinese font draws full width."""
    if not ch.isascii() and unicodedata.east_asian_width(ch) == "A":
        return 1.0
    width = char_em(ch)
    return width if width >= 1.0 else width * _LATIN


def _widths(text: str, bold: list[bool] | None = None) -> list[float]:
    """Each character's advance (bold a little wider), with the quarter em LibreOffice and Word put
    between Chinese and Latin text (autospace) added to the character after each switch."""
    out: list[float] = []
    previous: bool | None = None
    for index, ch in enumerate(text):
        width = _advance(ch)
        if bold is not None and bold[index] and width < 1.0:
            width *= _BOLD
        wide = width >= 1.0
        if ch.isspace():
            previous = None
        else:
            if previous is not None and previous != wide:
                width += 0.25
            previous = wide
        out.append(width)
    return out


def wrap(text: str, budget: float, bold: list[bool] | None = None) -> list[str]:
    """``text`` broken greedily into lines of at most ``budget`` em; a word longer than a line is cut.

    Lines break after a wide (CJK) character or a space, never before closing punctuation.

    >>> wrap("Greet every customer", 5)
    ['Greet', 'every', 'customer']
    >>> wrap("核对资料，签字确认", 5)
    ['核对资料，', '签字确认']
    """
    widths = _widths(text, bold)
    lines: list[str] = []
    start = 0  # where the current line starts in text
    width = 0.0  # its width up to the last break
    i = 0
    n = len(text)
    while i < n:
        # the next token: one wide character, or a run of narrow ones up to and with a space
        j = i + 1
        if widths[i] < 1.0 and not text[i].isspace():
            while j < n and widths[j] < 1.0 and not text[j - 1].isspace():
                j += 1
        ink = sum(widths[i:j]) - sum(widths[k] for k in range(i, j) if text[k].isspace())
        if i > start and width + ink > budget and text[i] not in _CLOSING:
            lines.append(text[start:i].rstrip())
            start, width = i, 0.0
        if i == start and text[i].isspace():
            start, i = i + 1, i + 1
            continue
        if i == start and ink > budget:  # a word wider than the line: cut it where it must
            used, k = 0.0, i
            while k < j and used + widths[k] <= budget:
                used += widths[k]
                k += 1
            k = max(k, i + 1)
            lines.append(text[i:k])
            start = i = k
            width = 0.0
            continue
        width += sum(widths[i:j])
        i = j
    if text[start:].strip():
        lines.append(text[start:].rstrip())
    return lines


def lines_of(para: Para, width_pt: float, size: float) -> list[str]:
    """The lines ``para`` wraps to in a box ``width_pt`` wide at ``size`` points."""
    room = (width_pt - para.level * _INDENT * size) / (size * para.scale) * _SAFETY
    bold = [r.bold for r in para.runs for _ in r.text]
    return wrap(para.text, max(room, 1.0), bold) or [""]


def _height(para: Para, width_pt: float, size: float, first: bool) -> float:
    gap = 0.0 if first or not para.heading else _GAP * size
    return gap + len(lines_of(para, width_pt, size)) * LINE * size * para.scale


def height(paras: list[Para], width_pt: float, size: float) -> float:
    """The height in points of ``paras`` set at ``size`` in a box ``width_pt`` wide."""
    return sum(_height(p, width_pt, size, i == 0) for i, p in enumerate(paras))


def _cut(para: Para, width_pt: float, size: float, room_pt: float) -> tuple[Para, Para] | None:
    """``para`` cut after as many of its lines as fit in ``room_pt``: the head and the rest, or ``None``
    when not even one line fits. Runs are cut by their text, so each piece keeps its styles."""
    lines = lines_of(para, width_pt, size)
    keep = int(room_pt // (LINE * size * para.scale))
    if keep < 1 or keep >= len(lines):
        return None
    # The wrapped lines drop the spaces they break at: find the cut by the characters they keep.
    wanted = sum(len("".join(line.split())) for line in lines[:keep])
    text = para.text
    cut_at = 0
    while wanted and cut_at < len(text):
        if not text[cut_at].isspace():
            wanted -= 1
        cut_at += 1
    head: list[Run] = []
    rest: list[Run] = []
    used = 0
    for run in para.runs:
        if used + len(run.text) <= cut_at:
            head.append(run)
        elif used >= cut_at:
            rest.append(run)
        else:
            head.append(replace(run, text=run.text[: cut_at - used]))
            rest.append(replace(run, text=run.text[cut_at - used:]))
        used += len(run.text)
    rest = [r for r in rest if r.text.strip()]
    if rest:
        rest[0] = replace(rest[0], text=rest[0].text.lstrip())
    return replace(para, runs=tuple(head)), replace(para, runs=tuple(rest), heading=False)


def _paginate(paras: list[Para], width_pt: float, height_pt: float, size: float) -> list[list[Para]]:
    pages: list[list[Para]] = []
    page: list[Para] = []
    used = 0.0
    queue = deque(paras)
    while queue:
        para = queue.popleft()
        need = _height(para, width_pt, size, not page)
        if used + need <= height_pt:
            page.append(para)
            used += need
            continue
        # A paragraph that would fit a slide of its own goes over whole; only a longer one is cut.
        whole = _height(para, width_pt, size, True) <= height_pt
        cut = None if para.heading or (whole and page) else _cut(para, width_pt, size, height_pt - used)
        if cut is not None:
            page.append(cut[0])
            queue.appendleft(cut[1])
        elif not page:
            page.append(para)  # one line taller than a slide: not at the deck's sizes, but never loop
        else:
            queue.appendleft(para)
            held: list[Para] = []
            while page and page[-1].heading:  # a heading goes over with what it heads
                held.insert(0, page.pop())
            if page:
                queue.extendleft(reversed(held))
            else:
                page = held
        pages.append(page)
        page, used = [], 0.0
    if page:
        pages.append(page)
    return pages


def fit(paras: list[Para], width_pt: float, height_pt: float,
        sizes: tuple[float, ...]) -> tuple[float, list[list[Para]]]:
    """The type size and the slides for ``paras`` in a box ``width_pt`` × ``height_pt`` points.

    The largest of ``sizes`` at which everything fits one slide; else the smallest, over as many slides
    as it takes.

    Examples
    --------
    >>> short = [Para((Run("Greet every customer within 10 steps"),))]
    >>> fit(short, 600, 300, (24, 18))[0]
    24
    >>> size, pages = fit(short * 40, 600, 300, (24, 18))
    >>> size, len(pages), sum(len(p) for p in pages)
    (18, 4, 40)
    """
    for size in sizes:
        if height(paras, width_pt, size) <= height_pt:
            return size, [list(paras)] if paras else []
    size = sizes[-1]
    return size, _paginate(paras, width_pt, height_pt, size)
