"""How the product writes numbers, targets and times for people: one formatter each, used by the app,
the CLI and every export, so a score, a target or a save time reads the same everywhere.

Times are stored in UTC (ISO 8601, :mod:`journeys.store`) and shown in the reader's local time: the
browser's time zone in the app, the machine's in the CLI.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, tzinfo
from decimal import Decimal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .model import Target

__all__ = ["COMPARATOR_SYMBOLS", "exact", "local_time", "number", "target_text", "terminal_safe", "zone"]

COMPARATOR_SYMBOLS: dict[str, str] = {"<": "<", "<=": "≤", "=": "=", ">=": "≥", ">": ">"}
"""How a target's comparator is printed."""

_GLUED_UNITS = {"%", "‰", "°"}


def number(value: float) -> str:
    """A score or a statistic as people write it: at most two decimals, no trailing zeros.

    >>> number(4.0), number(3.5), number(1.255), number(2 / 3)
    ('4', '3.5', '1.25', '0.67')
    """
    return f"{value:.2f}".rstrip("0").rstrip(".")


def exact(value: float) -> str:
    """A value someone typed (a target's value), exactly as typed: 10, 2.5, 0.00001 (never 10.0 or 1e-05).

    >>> exact(10.0), exact(2.5), exact(0.00001)
    ('10', '2.5', '0.00001')
    """
    if value.is_integer():
        return str(int(value))
    return format(Decimal(repr(value)), "f")


def target_text(target: Target, *, metric: bool = False) -> str:
    """The target's comparator, value and unit (``≤ 10 秒``, ``≥ 95%``), after its metric with ``metric``.

    Examples
    --------
    >>> target_text(Target(metric="接听时间", op="<=", value=10.0, unit="秒"))
    '≤ 10 秒'
    >>> target_text(Target(metric="rate", op=">=", value=99.5, unit="%"), metric=True)
    'rate ≥ 99.5%'
    """
    text = f"{COMPARATOR_SYMBOLS[target.op]} {exact(target.value)}"
    unit = (target.unit or "").strip()
    if unit:
        text = text + unit if unit in _GLUED_UNITS else f"{text} {unit}"
    return f"{target.metric} {text}" if metric else text


def zone(name: str | None) -> tzinfo | None:
    """The time zone called ``name`` (an IANA name such as ``Asia/Shanghai``), or ``None`` (the machine's)."""
    if not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def local_time(stamp: str | None, tz: tzinfo | None = None) -> str:
    """A stored UTC time as the reader's local time to the minute, ``2026-12-01 20:15``; ``tz`` ``None``
    is the machine's time zone. A text that is not a time is shown as it is.

    >>> local_time("2026-12-01T12:15:09+00:00", ZoneInfo("Asia/Shanghai"))
    '2026-12-01 20:15'
    >>> local_time("2026-12-01T12:15:09+00:00", ZoneInfo("Europe/London"))
    '2026-12-01 12:15'
    >>> local_time("yesterday"), local_time(None)
    ('yesterday', '')
    """
    if not stamp:
        return ""
    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError:
        return stamp
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(tz).strftime("%Y-%m-%d %H:%M")


# C0 and C1 controls with DEL (ESC starts every terminal control sequence, C1's CSI and OSC do too),
# the bidirectional marks, embeddings, overrides and isolates (they reorder what a line seems to say),
# the Unicode line and paragraph separators, and lone surrogates (which no terminal can be sent).
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]")
_SHORT = {"\n": r"\n", "\r": r"\r", "\t": r"\t"}


def terminal_safe(text: str, *, keep: str = "", json: bool = False) -> str:
    r"""``text`` made safe to print on a terminal: every control character becomes a visible escape.

    Titles, names, notes and authors come from files and other people; printed raw, an ``ESC [ ...``
    sequence could recolour, hide or rewrite what the terminal shows, a ``\r`` overwrite a line, a
    right-to-left override (U+202E) reverse it. Other text, Chinese included, passes unchanged.

    Parameters
    ----------
    text
        What is about to be printed.
    keep
        Layout characters the caller itself put there, kept as they are (``"\n\t"`` for lines of
        tab-separated columns); a user's value should keep none.
    json
        ``text`` is JSON from :func:`json.dumps` (which already escapes C0 controls inside strings):
        escape as ``\uXXXX``, so the output is still the same JSON value.

    Examples
    --------
    >>> print(terminal_safe("\x1b[31m红色\r\x07 \u202etxt.exe"))
    \x1b[31m红色\r\x07 \u202etxt.exe
    >>> terminal_safe("a\tb\nc", keep="\t\n") == "a\tb\nc"
    True
    >>> print(terminal_safe('{"t": "\u202e\x9b"}', json=True))
    {"t": "\u202e\u009b"}
    """
    def escape(match: re.Match[str]) -> str:
        char = match.group()
        if char in keep:
            return char
        code = ord(char)
        if json or code > 0xFF:
            return f"\\u{code:04x}"
        return _SHORT.get(char) or f"\\x{code:02x}"

    return _UNSAFE.sub(escape, text)
