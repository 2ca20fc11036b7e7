"""The command line's messages and column headings (``mot``)."""

from __future__ import annotations

WORDS: dict[str, tuple[str, str]] = {
}
