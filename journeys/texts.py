"""What each weak-point rule says, filled in for one finding: the message (why it matters, one sentence
a trainer can read aloud) and the suggestion (what to do). The words are in :mod:`journeys.words`
(``rule.<id>.title``, ``.message``, ``.suggestion``); this module fills their placeholders."""

from __future__ import annotations

from typing import Any

from .formatting import number
from .vocab import label
from .words import keys, lang_of, t

__all__ = ["RULE_IDS", "field_label", "quote", "render", "rule_title"]

RULE_IDS: tuple[str, ...] = tuple(k[len("rule."):-len(".title")] for k in keys("rule.") if k.endswith(".title"))
"""Every rule that has words, in the order the method teaches them (the catalogue's order)."""


def rule_title(rule_id: str, lang: str) -> str:
    """The short title of a weak-point rule in ``lang``.

    >>> rule_title("no-peak", "zh"), rule_title("no-peak", "en")
    ('无峰值时刻', 'No peak')
    """
    return t(f"rule.{rule_id}.title", lang)


def field_label(key: str, lang: str) -> str:
    """The name of a compared field in ``lang``; a field the catalogue does not know shows as its key.

    Examples
    --------
    >>> field_label("emotion.perceived", "zh"), field_label("owner", "en"), field_label("x.y", "en")
    ('感知得分', 'Owner (A)', 'x.y')
    """
    try:
        return t(f"field.{key}", lang)
    except KeyError:
        return key


def quote(text: str, lang: str) -> str:
    """A touchpoint name as it stands in a sentence: 「名称」 in Chinese, “name” in English."""
    return t("words.quote", lang, text=text)


def render(rule_id: str, lang: str, *, dimension: str | None = None, **params: Any) -> tuple[str, str]:
    """The message and suggestion of ``rule_id`` in ``lang`` with ``params`` filled in.

    Examples
    --------
    >>> render("no-owner", "en", name="Greeting")[0]
    '“Greeting” has no owner (A role): when something goes wrong here, nobody is accountable.'
    """
    message, suggestion = t(f"rule.{rule_id}.message", lang), t(f"rule.{rule_id}.suggestion", lang)
    values = params
    if "name" in values:
        values["name"] = quote(values["name"], lang)
    if dimension is not None:
        values["dimension_label"] = label(dimension, lang)
        values["dimension_label_lower"] = label(dimension, lang).lower()
        values["hint"] = t(f"rule.hint.{dimension}", lang)
    moments = values.pop("key_moments", None)
    if moments:
        words = [label(m, lang).lower() if lang_of(lang) == "en" else label(m, lang) for m in moments]
        values["moment_note"] = t("rule.moment_note", lang, moments=t("words.and", lang).join(words))
    for key in ("gap", "diff"):
        if key in values:
            values["points"] = t("words.point_unit", lang, count=values[key])
    for key, value in values.items():
        if type(value) is float:
            values[key] = number(value)
    filled = _Blank(values)
    # A text without placeholders is returned as it is: one string shared by every finding of a rule
    # (a 10,000-touchpoint journey has ~26,000 findings; copies of the same suggestion cost 4 MiB).
    return (message.format_map(filled) if "{" in message else message,
            suggestion.format_map(filled) if "{" in suggestion else suggestion)


class _Blank(dict[str, Any]):
    """Placeholders a rule did not fill (such as an absent moment note) render as nothing."""

    def __missing__(self, key: str) -> str:
        return ""
