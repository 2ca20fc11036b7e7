"""The field table: every field of a touchpoint and of what it holds, declared once.

Each :class:`FieldSpec` names a field by its path in the file (``owner``, ``emotion.perceived``,
``standards.target.unit``), its catalogue label (``field.<path>`` in :mod:`journeys.words`), its kind
and the places it shows:

- ``grid``: a column of the touchpoint table on the build page;
- ``form``: the detail form of one touchpoint (a field inside a list or a block with an editor of its
  own, such as ``standards.kind``, is edited there);
- ``script``: the experience script (客户体验流程脚本) and its Markdown, HTML and Word layouts;
- ``diff``: the version comparison, field by field;
- ``map``: the journey diagram.

The readers iterate the table: the grid builds its columns from it, the form its simple widgets, the
script writes the fields it marks as notes beside their line, and the diff compares the fields it marks.
Adding a field is one row here (plus its words and its test). Rows come in the model's field order,
which is also the order the diff lists changes in.

Examples
--------
>>> spec("emotion.perceived").label_key, spec("emotion.perceived").kind
('field.emotion.perceived', 'score')
>>> [f.column for f in shown("grid")][:4]
['id', 'name', 'stage', 'channel']
>>> "diff" in spec("id").places
False
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal, get_args

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from .model import Touchpoint
from .vocab import (
    CHANNELS,
    CLEAR_STEPS,
    COMPARATORS,
    DIMENSIONS,
    EVIDENCE,
    KANO_LEVELS,
    MOMENTS,
    RECOVERY_STRATEGIES,
    SOURCES,
    STANDARD_KINDS,
)

__all__ = ["FIELDS", "PLACES", "FieldSpec", "Kind", "Place", "children", "parent", "shown", "spec"]

Place = Literal["grid", "form", "script", "diff", "map"]
PLACES: tuple[Place, ...] = ("grid", "form", "script", "diff", "map")

Kind = Literal[
    "id",  # a slug that other parts of the file point at; never renamed in place
    "stage",  # one of the journey's stage ids
    "text",  # one line as typed
    "long-text",  # a paragraph as typed
    "lines",  # a list of lines (script lines)
    "score",  # 1–5, decimals allowed
    "percent",  # 0–100
    "count",  # a whole number from 1
    "number",  # any number
    "choice",  # one value of ``vocabulary``
    "choices",  # a set of values of ``vocabulary``
    "refs",  # ids of other items of the touchpoint (a standard's ``answers``)
    "items",  # a list of nested items, edited and compared item by item
    "block",  # a nested block edited by an editor of its own
]


@dataclass(frozen=True)
class FieldSpec:
    """One field: where it is in the file, what it is, where it shows and how.

    ``heading`` is the catalogue key of the short name a grid column and a form widget show (the
    field's label when not given); ``grid`` its column position; ``form`` its ``(line, width)`` in the
    detail form (widgets of one line stand side by side, lines in ascending order) and ``section`` a
    heading shown above that line; ``widget`` the stem of its widget key (the last part of the path when
    not given). ``default`` is the value a missing field means: the script does not write it. ``note``
    is the catalogue key the script writes the field with, ``{value}`` filled in, beside the line of the
    block it belongs to; fields without a note are laid out by the script itself.
    """

    path: str
    kind: Kind
    places: frozenset[Place]
    vocabulary: tuple[str, ...] = ()
    heading: str | None = None
    grid: int | None = None
    form: tuple[int, int] | None = None
    section: str | None = None
    widget: str | None = None
    default: str | None = None
    note: str | None = None

    def __post_init__(self) -> None:
        if ("grid" in self.places) != (self.grid is not None):
            raise ValueError(f"{self.path}: a grid field needs a grid position, and only a grid field has one")
        if self.form is not None and "form" not in self.places:
            raise ValueError(f"{self.path}: a form position for a field not in the form")
        if self.kind in ("choice", "choices") and not self.vocabulary:
            raise ValueError(f"{self.path}: a choice needs its vocabulary")

    @property
    def label_key(self) -> str:
        """The catalogue key of the field's name (the diff and the reports show it)."""
        return f"field.{self.path}"

    @property
    def heading_key(self) -> str:
        """The catalogue key of the name shown in the grid and the form."""
        return self.heading or self.label_key

    @property
    def required(self) -> bool:
        """Whether the model requires the field in the object that holds it (a satisfaction's ``score``)."""
        return _model_field(self.path).is_required()

    @property
    def name(self) -> str:
        """The last part of the path: the field's name in its own object."""
        return self.path.rpartition(".")[2]

    @property
    def column(self) -> str:
        """The grid column's name (the name edits arrive with)."""
        return self.name

    @property
    def key(self) -> str:
        """The stem of the form widget's key."""
        return self.widget or self.name


def _f(path: str, kind: Kind, places: str, **options: object) -> FieldSpec:
    return FieldSpec(path, kind, frozenset(places.split()), **options)  # type: ignore[arg-type]


FIELDS: tuple[FieldSpec, ...] = (
    _f("id", "id", "grid", heading="col.id", grid=0),
    _f("stage", "stage", "grid script diff map", heading="col.stage", grid=2),
    _f("name", "text", "grid script diff map", heading="col.name", grid=1),
    _f("channel", "choice", "grid form script diff", vocabulary=CHANNELS, heading="col.channel", grid=3,
       form=(20, 1)),
    _f("owner", "text", "grid form script diff", heading="col.owner", grid=4, form=(20, 1)),
    _f("backup", "text", "grid form script diff", heading="col.backup", grid=5, form=(20, 1)),
    _f("customer_action", "long-text", "form script diff", heading="detail.customer_action", form=(30, 1),
       widget="customer"),
    _f("employee_action", "long-text", "form script diff", heading="detail.employee_action", form=(30, 1),
       widget="employee"),
    _f("moments", "choices", "grid form script diff map", vocabulary=MOMENTS, heading="col.moments", grid=6,
       form=(10, 3)),
    _f("emotion.expected", "score", "grid form script diff", heading="col.expected", grid=7, form=(10, 2)),
    # The diagram marks a touchpoint perceived at 2 or below as a pain point.
    _f("emotion.perceived", "score", "grid form script diff map", heading="col.perceived", grid=8, form=(10, 2)),
    _f("emotion.evidence", "choice", "grid form script diff", vocabulary=EVIDENCE, grid=9, form=(15, 2),
       default="assumed", note="note.emotion.evidence"),
    _f("emotion.n", "count", "form script diff", form=(15, 1), note="note.emotion.n"),
    _f("emotion.period", "text", "form script diff", form=(15, 1), note="note.emotion.period"),
    _f("satisfaction.score", "percent", "form script diff", heading="detail.satisfaction.score", form=(90, 1),
       section="detail.satisfaction"),
    _f("satisfaction.benchmark", "percent", "form script diff", heading="detail.satisfaction.benchmark",
       form=(90, 1)),
    _f("expectations", "items", "form script diff", form=(40, 1)),
    _f("expectations.text", "text", "form script"),
    _f("expectations.id", "id", "form"),
    _f("expectations.source", "choice", "form script", vocabulary=SOURCES),
    _f("standards", "items", "form script diff", form=(50, 1)),
    _f("standards.text", "text", "form script"),
    _f("standards.kind", "choice", "form script", vocabulary=STANDARD_KINDS),
    _f("standards.dimension", "choice", "form script", vocabulary=DIMENSIONS),
    _f("standards.kano", "choice", "form script", vocabulary=KANO_LEVELS),
    _f("standards.target.metric", "text", "form script"),
    _f("standards.target.op", "choice", "form script", vocabulary=COMPARATORS),
    _f("standards.target.value", "number", "form script"),
    _f("standards.target.unit", "text", "form script"),
    _f("standards.answers", "refs", "form"),
    _f("script", "lines", "form script diff", heading="detail.script", form=(60, 1)),
    _f("wow", "text", "form script diff", heading="detail.wow", form=(70, 1)),
    # The recovery block has an editor of its own (plan, CLEAR steps, strategies) under one heading.
    _f("recovery", "block", "form", form=(80, 1)),
    _f("recovery.plan", "long-text", "form script diff"),
    _f("recovery.steps", "choices", "form script diff", vocabulary=CLEAR_STEPS),
    _f("recovery.strategies", "choices", "form script diff", vocabulary=RECOVERY_STRATEGIES),
)
"""Every touchpoint field, in the model's order; nested fields as ``parent.name``."""

_BY_PATH = {f.path: f for f in FIELDS}


def _model_field(path: str) -> FieldInfo:
    model: type[BaseModel] = Touchpoint
    *groups, name = path.split(".")
    for group in groups:
        model = _inner_model(model.model_fields[group].annotation)
    return model.model_fields[name]


def _inner_model(annotation: Any) -> type[BaseModel]:
    """The model inside ``Emotion | None`` or ``list[Standard]``."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        try:
            return _inner_model(arg)
        except TypeError:
            continue
    raise TypeError(f"no model in {annotation!r}")


def spec(path: str) -> FieldSpec:
    """The row of ``path``; :class:`KeyError` for a field the table does not declare."""
    return _BY_PATH[path]


def parent(path: str) -> str:
    """The path of the object holding ``path`` (``""`` for a touchpoint's own field).

    >>> parent("emotion.n"), parent("standards.target.unit"), parent("owner")
    ('emotion', 'standards.target', '')
    """
    return path.rpartition(".")[0]


def children(path: str) -> tuple[FieldSpec, ...]:
    """The rows directly inside ``path`` (``""``: the touchpoint's own fields), in table order."""
    return tuple(f for f in FIELDS if parent(f.path) == path)


def shown(place: Place, under: str | None = None) -> tuple[FieldSpec, ...]:
    """The rows shown in ``place`` (in the grid: in column order), optionally only those directly
    inside ``under``.

    >>> [f.path for f in shown("script", "emotion")]
    ['emotion.expected', 'emotion.perceived', 'emotion.evidence', 'emotion.n', 'emotion.period']
    """
    rows = [f for f in FIELDS if place in f.places and (under is None or parent(f.path) == under)]
    if place == "grid":
        rows.sort(key=lambda f: f.grid or 0)
    return tuple(rows)
