"""Every word a person reads, in Chinese and English: one catalogue, one shape, one language rule.

The app's labels and messages, the weak-point texts, the words of every export, the CLI's messages and
the chart titles all come from here. Each entry is keyed once and holds its two languages as
``key: (zh, en)``; the entries live in the private data modules of this package, one per reader
(``_app``, ``_rules``, ``_vocab``, ...), merged at import, where a key defined twice is an error.

Placeholders are :meth:`str.format` fields. A text that depends on a count gives its forms separated
by ``|`` (``"{n} point|{n} points"``) and is read with ``count=``: :func:`plural` is the one rule that
picks the form (English: one for exactly 1, other otherwise; Chinese has one form). Journey content is
never translated: only the product's own words change with the language.

Examples
--------
>>> t("nav.build", "zh"), t("nav.build", "en-GB")
('搭建', 'Build')
>>> t("words.points", "en", count=1), t("words.points", "en", count=2.5), t("words.points", "zh", count=2)
('1 point', '2.5 points', '2 分')
>>> lang_of("zh-TW"), lang_of("en"), lang_of(None)
('zh', 'en', 'en')
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping
from types import MappingProxyType
from typing import Any, Literal

from . import (
    _actions,
    _app,
    _charts,
    _cli,
    _compare,
    _diagram,
    _exports,
    _files,
    _map,
    _outline,
    _outline_app,
    _rules,
    _script,
    _sheets,
    _slides,
    _vocab,
    _workshop,
    _workshop_app,
)

__all__ = ["LANGS", "WORDS", "Lang", "has", "keys", "lang_of", "plural", "section", "t"]

Lang = Literal["zh", "en"]

LANGS: Mapping[str, str] = MappingProxyType({"zh": "中文", "en": "English"})
"""The languages of the product, each named in itself (the language switch shows these)."""


def _merge(*parts: Mapping[str, tuple[str, str]]) -> Mapping[str, tuple[str, str]]:
    merged: dict[str, tuple[str, str]] = {}
    for part in parts:
        for key, entry in part.items():
            if key in merged:
                raise ValueError(f"the word {key!r} is defined twice")
            merged[key] = entry
    return MappingProxyType(merged)


WORDS: Mapping[str, tuple[str, str]] = _merge(
    _app.WORDS, _rules.WORDS, _actions.WORDS, _vocab.WORDS, _exports.WORDS, _script.WORDS, _compare.WORDS, _diagram.WORDS,
    _charts.WORDS, _cli.WORDS, _outline.WORDS, _outline_app.WORDS, _map.WORDS, _slides.WORDS, _workshop.WORDS,
    _workshop_app.WORDS, _sheets.WORDS, _files.WORDS,
)
"""key -> (zh, en), read-only."""


def lang_of(locale: str | None) -> Lang:
    """``zh`` for a Chinese language or locale (``zh``, ``zh-CN``, ``zh_TW``...), ``en`` for anything else."""
    return "zh" if (locale or "").lower().startswith("zh") else "en"


def plural(forms: str, count: float, lang: str) -> str:
    """The form of ``forms`` (``one|other``) for ``count``: the one plural rule of the catalogue.

    >>> plural("{n} step|{n} steps", 1, "en"), plural("{n} step|{n} steps", 0, "en"), plural("{n} 步", 3, "zh")
    ('{n} step', '{n} steps', '{n} 步')
    """
    one, _, other = forms.partition("|")
    if not other or lang_of(lang) == "zh":
        return one
    return one if count == 1 else other


def t(key: str, lang: str, /, *, count: float | None = None, **params: Any) -> str:
    """The word ``key`` in ``lang`` (a language or a locale), ``params`` filled in.

    With ``count`` the form is chosen by :func:`plural` and ``{n}`` is the count as people write it
    (``2``, ``2.5``). An unknown key raises :class:`KeyError`: a missing word is a bug, not a fallback.
    """
    zh, en = WORDS[key]
    value = zh if lang_of(lang) == "zh" else en
    if count is not None:
        value = plural(value, count, lang)
        params.setdefault("n", f"{count:.2f}".rstrip("0").rstrip(".") if isinstance(count, float) else count)
    return value.format(**params) if params else value


@functools.cache
def section(prefix: str, lang: str) -> dict[str, str]:
    """The words under ``prefix`` (``"compare."``) in ``lang``, keyed without the prefix: the vocabulary
    of one document, for writers that lay out many of its words. The dict is shared: read it, never
    change it.

    >>> section("report.", "en")["before"], section("report.", "zh")["before"]
    ('Before', '之前')
    """
    value = 0 if lang_of(lang) == "zh" else 1
    return {key[len(prefix):]: entry[value] for key, entry in WORDS.items() if key.startswith(prefix)}


def has(key: str) -> bool:
    """Whether the catalogue holds ``key``."""
    return key in WORDS


def keys(prefix: str = "") -> Iterator[str]:
    """The keys that start with ``prefix``, in catalogue order."""
    return (key for key in WORDS if key.startswith(prefix))
