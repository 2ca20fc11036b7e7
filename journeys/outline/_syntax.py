"""The outline's lexical rules, shared by its reader and its writer: indentation, comments, quoting,
full-width marks, the words of the vocabularies, shares and the target phrases read from a standard's text.

Full-width twins count only where a mark is expected (``｜`` for ``|``, ``（）`` for ``()`` ...): the
functions here take a mark position and accept both; text is never rewritten.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from ..formatting import exact
from ..vocab import CHANNELS, DIMENSIONS, MOMENTS, SOURCES, STANDARD_KINDS
from ..words import t

__all__ = [
    "INDENT",
    "QUOTES",
    "Phrase",
    "channel_of",
    "dimension_of",
    "find_mark",
    "indentation",
    "kind_of",
    "moment_of",
    "phrase_target",
    "quote",
    "quoted_mask",
    "share_of",
    "share_text",
    "source_of",
    "split_fields",
    "strip_comment",
    "unquote",
]

INDENT = " \t\u3000"
"""Characters that indent a line: spaces, tabs and the ideographic space U+3000."""
QUOTES = {'"': '"', "“": "”"}
"""Opening quote mark → its closing mark."""
_AFTER = set(INDENT) | set("|｜@＠/(（,，[【~～>＞》!！-") | {" "}
"""A quote opens a quoted piece at the start, after a space or after a mark; elsewhere it is text."""


def indentation(line: str) -> int:
    """How many indentation characters ``line`` starts with.

    >>> indentation("\\u3000 - 软"), indentation("名称")
    (2, 0)
    """
    return len(line) - len(line.lstrip(INDENT))


def quoted_mask(text: str) -> list[bool]:
    """For each character of ``text``, whether it belongs to a quoted piece (quote marks included).

    >>> "".join("q" if q else "." for q in quoted_mask('a "b|c" d'))
    '..qqqqq..'
    """
    mask = [False] * len(text)
    i = 0
    while i < len(text):
        ch = text[i]
        if ch in QUOTES and (i == 0 or text[i - 1] in _AFTER or text[i - 1].isspace()):
            close, j = QUOTES[ch], i + 1
            while j < len(text) and text[j] != close:
                j += 2 if text[j] == "\\" and j + 1 < len(text) else 1
            end = min(j, len(text) - 1)
            for k in range(i, end + 1):
                mask[k] = True
            i = end + 1
        else:
            i += 1
    return mask


def find_mark(text: str, marks: str, *, last: bool = False, start: int = 0) -> int:
    """The position of the first (or ``last``) of ``marks`` outside quotes from ``start``, or ``-1``.

    >>> find_mark('"a|b" | 4/4', "|｜"), find_mark("a（b）（c）", "(（", last=True)
    (6, 4)
    """
    mask = quoted_mask(text)
    hits = [i for i in range(start, len(text)) if text[i] in marks and not mask[i]]
    if not hits:
        return -1
    return hits[-1] if last else hits[0]


def strip_comment(text: str) -> str:
    """``text`` without a ``//`` comment (at the start or after a space, outside quotes), right-trimmed.

    >>> strip_comment("到店 // 早班"), strip_comment("见 http://x.cn"), strip_comment('"a // b"')
    ('到店', '见 http://x.cn', '"a // b"')
    """
    mask = quoted_mask(text)
    for i in range(len(text) - 1):
        if text[i:i + 2] == "//" and not mask[i] and (i == 0 or text[i - 1].isspace()):
            return text[:i].rstrip()
    return text.rstrip()


def unquote(piece: str) -> str:
    """A piece as the text it stands for: trimmed; a piece wholly in quotes loses them and its escapes
    (``\\"`` a quote, ``\\\\`` a backslash). A piece only partly quoted is text as typed.

    >>> unquote(' "Store owner" '), unquote('“店长”'), unquote('"say \\\\"hi\\\\""'), unquote('"a" b')
    ('Store owner', '店长', 'say "hi"', '"a" b')
    """
    piece = piece.strip()
    if len(piece) < 2 or piece[0] not in QUOTES:
        return piece
    close, out, i = QUOTES[piece[0]], [], 1
    while i < len(piece):
        ch = piece[i]
        if ch == "\\" and i + 1 < len(piece) and piece[i + 1] in '\\"“”':
            out.append(piece[i + 1])
            i += 2
            continue
        if ch == close:
            return "".join(out) if i == len(piece) - 1 else piece
        out.append(ch)
        i += 1
    return piece


def quote(text: str) -> str:
    """``text`` in double quotes, its backslashes and quotes escaped.

    >>> quote('say "hi"')
    '"say \\\\"hi\\\\""'
    """
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def split_fields(text: str) -> list[str]:
    """The space-separated fields of a touchpoint line, quotes holding spaces.

    >>> split_fields('4/3 @"Hall manager"/"Floor guide"  !mot')
    ['4/3', '@"Hall manager"/"Floor guide"', '!mot']
    """
    mask = quoted_mask(text)
    fields, current = [], ""
    for ch, quoted in zip(text, mask, strict=True):
        if ch.isspace() and not quoted:
            if current:
                fields.append(current)
            current = ""
        else:
            current += ch
    if current:
        fields.append(current)
    return fields


def _words(values: tuple[str, ...], *extra: tuple[str, str]) -> dict[str, str]:
    table = {}
    for value in values:
        table[value] = value
        for lang in ("zh", "en"):
            key = f"value.{value}"
            table[t(key, lang).casefold()] = value
    for word, value in extra:
        table[word] = value
    return table


_MOMENTS = _words(MOMENTS)
_CHANNELS = _words(CHANNELS)
_DIMENSIONS = _words(DIMENSIONS, ("同理度", "empathy"))
_SOURCES = _words(SOURCES)
_KINDS = _words(STANDARD_KINDS, *((t(f"outline.kind.{k}", lang), k) for k in STANDARD_KINDS for lang in ("zh", "en")))


def moment_of(word: str) -> str | None:
    """The moment id of ``mot``, ``关键时刻``, ``Peak`` ...; ``None`` for an unknown word."""
    return _MOMENTS.get(word.casefold())


def channel_of(word: str) -> str | None:
    """The channel id of ``phone``, ``电话``, ``In person`` ...; ``None`` for an unknown word.

    >>> channel_of("电话"), channel_of("In person"), channel_of("fax")
    ('phone', 'in-person', None)
    """
    return _CHANNELS.get(word.casefold())


def dimension_of(word: str) -> str | None:
    """The SERVQUAL dimension of ``可靠性``, ``reliability``, ``同理度`` ...; ``None`` for an unknown word."""
    return _DIMENSIONS.get(word.casefold())


def kind_of(word: str) -> str | None:
    """``hard`` or ``soft`` for ``硬``, ``软``, ``hard``, ``soft`` (and the labels 硬标准 / 软标准)."""
    return _KINDS.get(word.casefold())


def source_of(word: str) -> str | None:
    """The expectation source of ``过往经历``, ``word-of-mouth`` ...; ``None`` for other text."""
    return _SOURCES.get(word.strip().casefold())


_SHARE = re.compile(r"^(-?[0-9]+(?:\.[0-9]+)?)\s*([%％]?)$")


def share_of(text: str) -> float | str | None:
    """A share written as ``30%`` (``30％``) or ``0.3``: the fraction, ``None`` when ``text`` is no
    number, ``"bad"`` when it is one outside 0–100% (or 0–1).

    >>> share_of("30%"), share_of("0.3"), share_of("12.5％"), share_of("货物有误"), share_of("150%")
    (0.3, 0.3, 0.125, None, 'bad')
    """
    match = _SHARE.match(text.strip())
    if match is None:
        return None
    try:
        value = Decimal(match.group(1))
    except InvalidOperation:  # pragma: no cover - the pattern only lets numbers through
        return None
    if match.group(2):
        value /= 100
    return float(value) if 0 <= value <= 1 else "bad"


def share_text(share: float) -> str:
    """A share as the outline writes it: a percentage, exact.

    >>> share_text(0.3), share_text(0.07), share_text(1.0), share_text(0.125)
    ('30%', '7%', '100%', '12.5%')
    """
    value = (Decimal(repr(share)) * 100).normalize()
    return exact(float(value)) + "%" if value == value.to_integral_value() else format(value, "f") + "%"


_N = r"([0-9]+(?:\.[0-9]+)?)"
_ZH_UNIT = r"(秒|分钟|小时|天|步|次|%|％)"
_EN_UNIT = r"(seconds|minutes|hours|days|steps|times|%|％)(?![A-Za-z])"
_ANY_UNIT = r"(秒|分钟|小时|天|步|次|seconds|minutes|hours|days|steps|times|%|％)(?![A-Za-z])"
_PHRASES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"不超过\s*" + _N + r"\s*" + _ZH_UNIT), "<="),
    (re.compile(r"不少于\s*" + _N + r"\s*" + _ZH_UNIT), ">="),
    (re.compile(r"≤\s*" + _N + r"\s*" + _ANY_UNIT), "<="),
    (re.compile(r"≥\s*" + _N + r"\s*" + _ANY_UNIT), ">="),
    (re.compile(r"(?<![A-Za-z])(?i:within|under|at most)\s+" + _N + r"\s*" + _EN_UNIT), "<="),
    (re.compile(r"(?<![A-Za-z])(?i:at least)\s+" + _N + r"\s*" + _EN_UNIT), ">="),
    (re.compile(_N + r"\s*" + _ZH_UNIT + r"(?:以内|内)"), "<="),
    (re.compile(_N + r"\s*" + _ZH_UNIT + r"以上"), ">="),
)
_PHRASE = re.compile("|".join(f"(?:{p.pattern})" for p, _ in _PHRASES))

Phrase = tuple[str, str, float, str]
"""A target read from a text: ``(metric, op, value, unit)``."""


def phrase_target(text: str) -> Phrase | None:
    """The target a standard's text states in exactly one phrase (``3分钟内``, ``within 2 minutes``,
    ``不少于95%`` ...); ``None`` with no such phrase or with two. The metric is the text without it.

    Examples
    --------
    >>> phrase_target("核对订单小票与货物3分钟内完成")
    ('核对订单小票与货物完成', '<=', 3.0, '分钟')
    >>> phrase_target("Phone answered within 10 seconds")
    ('Phone answered', '<=', 10.0, 'seconds')
    >>> phrase_target("一次解决率不少于95％")
    ('一次解决率', '>=', 95.0, '%')
    >>> phrase_target("2分钟内接听，10分钟内回电") is None, phrase_target("主动问候") is None
    (True, True)
    """
    found = list(_PHRASE.finditer(text))
    if len(found) != 1:
        return None
    match = found[0]
    op, own = next((op, own) for pattern, op in _PHRASES if (own := pattern.fullmatch(match.group(0))))
    value, unit = own.group(1), own.group(2)
    metric = re.sub(r"\s{2,}", " ", text[:match.start()] + text[match.end():]).strip() or text.strip()
    return metric, op, float(value), "%" if unit == "％" else unit
