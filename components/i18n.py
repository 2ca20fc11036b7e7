"""The app's words, read from the one catalogue (:mod:`journeys.words`) in the session's language.

Journey content stays as typed; only the app's own words change with the language switch.
"""

from __future__ import annotations

from typing import Any

from journeys.words import LANGS, lang_of, t

__all__ = ["LANGS", "lang_from_locale", "text"]

def text(key: str, lang: str, **params: Any) -> str:
    """The string ``key`` in ``lang`` with ``params`` filled in."""
    return t(key, lang, **params)


def lang_from_locale(locale: str | None) -> str:
    """``zh`` when the browser asks for Chinese, else ``en``."""
    return lang_of(locale)
