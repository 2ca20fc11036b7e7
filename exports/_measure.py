"""How wide a text is and where its lines break: the one place every export measures and wraps text.

Two measures, because the exports lay text out on two kinds of surface:

* **columns** (:func:`columns`), for monospaced layouts and Graphviz's boxes: a wide (CJK) character
  counts 2, a combining mark or format character 0, anything else 1. The diagram wraps names to a
  number of columns (:func:`wrap_columns`), the text report pads with them, the spreadsheet sizes its
  columns by them.
* **em** (:func:`em`), for the charts' proportional type (Noto Sans CJK): a wide character is 1 em,
  Latin letters and punctuation an approximate fraction of it. Axis labels are wrapped and cut to a
  width in em (:func:`wrap_em`, :func:`truncate_em`).

Both wrappers keep CJK line-breaking rules (kinsoku): no line starts with closing punctuation. They
lay out lines differently, on purpose: the diagram balances lines with a least-cost search (fewest
lines, then even widths), the charts fill greedily and then narrow the budget while the line count
holds; each keeps the output its exports have always had.

Examples
--------
>>> columns("取号 A1"), em("取号"), printable("a\\x00b\\r\\nc")
(7, 2.0, 'ab\\nc')
"""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass

__all__ = ["char_columns", "char_em", "columns", "em", "printable", "truncate_em", "wrap_columns", "wrap_em"]

_ZERO_WIDTH = ("Mn", "Me", "Cf")
_WIDE = ("W", "F")

# --- columns ----------------------------------------------------------------------------------------

# Characters that must not start a line (closing punctuation) when names are wrapped.
_NO_LINE_START = set("，。、；：？！）》」』】〉”’,.;:?!)]}%…·")
# ... nor end one (opening brackets); and the places a line breaks best: after these.
_NO_LINE_END = set("（《「『【〈“‘([{")
_BREAK_AFTER = set("，。、；：？！）》」』】〉,.;:?!)]}-/")


def char_columns(ch: str) -> int:
    """The columns one character takes: 2 for a wide (CJK) one, 0 for a combining mark or format
    character, else 1."""
    if unicodedata.combining(ch) or unicodedata.category(ch) in _ZERO_WIDTH:
        return 0
    return 2 if unicodedata.east_asian_width(ch) in _WIDE else 1


def columns(text: str) -> int:
    """The display width of ``text`` in columns (see :func:`char_columns`).

    >>> columns("营业厅"), columns("hall"), columns("e\\u0301")
    (6, 4, 1)
    """
    return sum(char_columns(ch) for ch in text)


def printable(text: str) -> str:
    """``text`` without what no label can show (control characters but newlines and tabs, lone surrogates,
    the XML non-characters), line ends normalised to ``\\n`` and tabs made spaces."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return "".join(
        ch for ch in text
        if ch == "\n" or (unicodedata.category(ch) not in ("Cc", "Cs") and ch not in "\ufffe\uffff")
    )


@dataclass(frozen=True)
class _Token:
    text: str
    width: int
    space_before: bool  # a space separated it from the previous token
    cut: bool  # a piece of a word too long for a line, after its first piece


def _tokens(line: str, budget: int) -> list[_Token]:
    """Words of Latin-like text and single wide (CJK) characters; a word wider than ``budget`` is cut
    into pieces that fit."""
    tokens: list[_Token] = []
    word, space = "", False

    def flush() -> None:
        nonlocal word, space
        first = True
        while word:
            cut = 1
            while cut < len(word) and columns(word[: cut + 1]) <= budget:
                cut += 1
            tokens.append(_Token(word[:cut], columns(word[:cut]), space and first, not first))
            word, first, space = word[cut:], False, False

    for ch in line:
        if ch == " ":
            flush()
            space = True
        elif char_columns(ch) == 2:
            flush()
            tokens.append(_Token(ch, 2, space, False))
            space = False
        else:
            word += ch
    flush()
    return tokens


def _break_cost(before: _Token, after: _Token) -> float | None:
    """The cost of a line break between two tokens; ``None`` where no line may break."""
    if after.text[0] in _NO_LINE_START or before.text[-1] in _NO_LINE_END:
        return None
    if after.space_before or before.text[-1] in _BREAK_AFTER:
        return 0
    return 60 if after.cut else 16


def wrap_columns(text: str, wrap: int) -> list[str]:
    """A fresh list of the lines of ``text`` wrapped at about ``wrap`` CJK characters (``2 * wrap`` columns).

    Only printable text is kept (:func:`printable`); the user's own line breaks are kept. Fewest lines
    first, then lines of even width, breaking after punctuation or between words rather than inside a
    run of CJK characters, never before closing punctuation.

    Examples
    --------
    >>> wrap_columns("简单业务，引导到自助终端", 10)
    ['简单业务，', '引导到自助终端']
    >>> wrap_columns("Missing documents: come back with them", 10)
    ['Missing documents:', 'come back with them']
    """
    return list(_wrapped(text, wrap))


@functools.lru_cache(maxsize=8192)
def _wrapped(text: str, wrap: int) -> tuple[str, ...]:
    budget = 2 * wrap
    lines: list[str] = []
    for paragraph in printable(text).split("\n"):
        words = " ".join(paragraph.split())
        if len(words) <= wrap or (words.isascii() and len(words) <= budget):
            # Fits on one line whatever its characters' widths: no breaking to weigh.
            if words:
                lines.append(words)
            continue
        tokens = _tokens(words, budget)
        if tokens:
            lines.extend(_best_lines(tokens, budget))
    # Cached: the diagram is rebuilt on every edit, and names rarely change between two edits.
    return tuple(lines)


def _best_lines(tokens: list[_Token], budget: int) -> list[str]:
    # best[j]: (cost, start of the last line) of laying out tokens[:j]; a line costs a lot, running over
    # the budget far more, uneven widths the square of the room they leave.
    per_line, per_overflow = 10_000, 100_000
    best: list[tuple[float, int]] = [(0, 0)] + [(float("inf"), 0)] * len(tokens)
    for j in range(1, len(tokens) + 1):
        width = 0
        for i in range(j - 1, -1, -1):
            width += tokens[i].width + (1 if i < j - 1 and tokens[i + 1].space_before else 0)
            if width > budget and i < j - 1:
                break  # a longer line only runs further over
            penalty = 0 if i == 0 else _break_cost(tokens[i - 1], tokens[i])
            if penalty is None:
                continue
            cost = (best[i][0] + per_line + penalty + (budget - width) ** 2 if width <= budget
                    else best[i][0] + per_line + penalty + per_overflow * (width - budget))
            if cost < best[j][0]:
                best[j] = (cost, i)
        if best[j][0] == float("inf"):  # no allowed break: keep the whole run on one line
            best[j] = (best[0][0] + per_line + per_overflow * width, 0)
    lines: list[str] = []
    j = len(tokens)
    while j:
        i = best[j][1]
        lines.append("".join((" " if k > i and tokens[k].space_before else "") + tokens[k].text for k in range(i, j)))
        j = i
    return lines[::-1]


# --- em ---------------------------------------------------------------------------------------------

_NARROW_WIDTHS = ((" ", 0.22), ("iljI|.,:;!'`", 0.26), ("frt()[]-/", 0.34), ("mwMW@", 0.82))
_OVERFLOW = 0.6  # a single word may overflow a label's width by this much (em) rather than break
_CLOSING = set("，。、；：！？）》」』】〕,.;:!?)]}…")  # never start a line with these (kinsoku)


def char_em(char: str) -> float:
    """Approximate advance width of ``char`` in em, in the proportional Latin of Noto Sans CJK.

    Wide characters (CJK, most emoji) take 1 em; combining marks and format characters none.
    """
    if unicodedata.combining(char) or unicodedata.category(char) in _ZERO_WIDTH:
        return 0.0
    if unicodedata.east_asian_width(char) in _WIDE:
        return 1.0
    if not char.isascii():
        return 0.6
    for chars, width in _NARROW_WIDTHS:
        if char in chars:
            return width
    return 0.64 if char.isupper() else 0.53


def em(text: str) -> float:
    """The approximate width of ``text`` in em (see :func:`char_em`)."""
    return sum(char_em(c) for c in text)


def truncate_em(text: str, budget: float) -> str:
    """``text`` cut to ``budget`` em, with an ellipsis when cut.

    >>> truncate_em("客户体验曲线", 4), truncate_em("短", 4)
    ('客户体…', '短')
    """
    if em(text) <= budget:
        return text
    out, used = [], char_em("…")
    for char in text:
        used += char_em(char)
        if used > budget:
            break
        out.append(char)
    return "".join(out).rstrip() + "…"


def _em_tokens(text: str) -> list[str]:
    """Break opportunities: every wide character on its own, narrow runs as words with their trailing space."""
    tokens: list[str] = []
    word = ""
    for char in text:
        if char_em(char) >= 1.0 and unicodedata.category(char)[0] != "Z":
            if word:
                tokens.append(word)
                word = ""
            tokens.append(char)
        else:
            word += char
            if char.isspace() or (char in "-/" and len(word) > 1):
                tokens.append(word)
                word = ""
    if word:
        tokens.append(word)
    return tokens


def _greedy(tokens: list[str], budget: float) -> list[str]:
    lines: list[str] = []
    line = ""
    for token in tokens:
        if not line.strip() and token.isspace():
            continue
        if line and em(line + token.rstrip()) > budget and token[0] not in _CLOSING:
            lines.append(line.rstrip())
            line = ""
        while not line and em(token.rstrip()) > budget + _OVERFLOW:  # a word longer than a line
            head = truncate_em(token, budget)[:-1] or token[:1]
            lines.append(head)
            token = token[len(head):]
        line += token
    if line.strip():
        lines.append(line.rstrip())
    return lines


def wrap_em(text: str, budget: float, max_lines: int) -> list[str]:
    """``text`` in at most ``max_lines`` balanced lines of at most ``budget`` em, words kept whole where possible.

    Lines are balanced (the narrowest width that needs no more lines than a greedy fill), so a
    label never ends in a lone character; what does not fit ends in an ellipsis.

    >>> wrap_em("等候叫号并核对资料", 5, 3)
    ['等候叫号并', '核对资料']
    >>> wrap_em("Check the documents", 6, 2)
    ['Check the', 'documents']
    """
    tokens = _em_tokens(" ".join(text.split()))
    lines = _greedy(tokens, budget)
    if 1 < len(lines) <= max_lines:
        narrower = budget
        floor = min(budget, max(em(token.rstrip()) for token in tokens) - _OVERFLOW)
        while narrower - 0.25 >= floor:
            narrower -= 0.25
            attempt = _greedy(tokens, narrower)
            if len(attempt) > len(lines):
                break
            lines = attempt
    if len(lines) > max_lines:
        lines = [*lines[: max_lines - 1], truncate_em(" ".join(lines[max_lines - 1:]), budget)]
    return lines or [""]
