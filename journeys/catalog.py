"""The journey templates shipped with the product (package data in ``journeys/templates``).

Each template is one file ``<id>.<locale>.yaml``; the Chinese and English files of a template are the
same journey (same ids, scores and structure) in two languages.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

from .fileformat import loads
from .model import Journey
from .words import lang_of

__all__ = ["TemplateInfo", "find_template", "list_templates", "load_template"]


@dataclass(frozen=True)
class TemplateInfo:
    id: str
    locale: str
    title: str
    stages: int
    touchpoints: int
    filename: str


def _folder():  # type: ignore[no-untyped-def]
    return resources.files("journeys") / "templates"


@cache
def _load(filename: str) -> Journey:
    return loads((_folder() / filename).read_bytes(), "yaml", name=f"templates/{filename}")


@cache
def list_templates() -> tuple[TemplateInfo, ...]:
    """Every shipped template, sorted by id then locale (Chinese first)."""
    infos = []
    for entry in _folder().iterdir():
        if entry.name.endswith(".yaml"):
            journey = _load(entry.name)
            infos.append(TemplateInfo(journey.id, journey.locale, journey.title, len(journey.stages),
                                      len(journey.touchpoints), entry.name))
    return tuple(sorted(infos, key=lambda t: (t.id, lang_of(t.locale) != "zh", t.locale)))


def find_template(template_id: str, locale: str | None = None) -> TemplateInfo:
    """The template ``template_id`` in ``locale`` (``zh``/``en`` prefixes match; default: Chinese first)."""
    matches = [t for t in list_templates() if t.id == template_id]
    if not matches:
        known = ", ".join(sorted({t.id for t in list_templates()}))
        raise KeyError(f"no template '{template_id}' (templates: {known})")
    if locale is None:
        return matches[0]
    wanted = locale.lower()
    for t in matches:
        if t.locale.lower() == wanted or t.locale.lower().split("-")[0] == wanted.split("-")[0]:
            return t
    have = ", ".join(t.locale for t in matches)
    raise KeyError(f"template '{template_id}' has no '{locale}' version (it has: {have})")


def load_template(template_id: str, locale: str | None = None) -> Journey:
    """A fresh copy of the template's journey, ready to edit."""
    return _load(find_template(template_id, locale).filename).model_copy(deep=True)
