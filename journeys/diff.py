"""Compare two versions of a journey: what changed, which weak points were fixed or introduced, and how
every journey metric moved.

Touchpoints and stages match by id, edges by their ``from`` and ``to``. A touchpoint is *changed* when
any of the fields the field table (:mod:`journeys.fields`) marks for the diff differs in meaning: sets
of vocabulary values such as moments and recovery strategies are sets (their order in the file means
nothing), a field's default is the same as no value, empty values are equal (``None``, ``[]`` and
blank text all mean "not given"), and the expectations and standards of a touchpoint are matched item
by item (an expectation by equality, then id, then text; a standard by equality, then text, then the
metric of its target; and the one item left on each side with each other), so that editing one
standard reads as one changed standard rather than one removed and one added.

Findings match by rule, touchpoints (as a set) and dimension, as :attr:`journeys.findings.Finding.key`
names them: wording and severity may differ between the versions and still be the same weak point. Both
versions are analysed in one language, so fixed and new findings read alike.

Lists come in journey order: touchpoints in the later version's display order with each removed one
right after the touchpoint it followed (:func:`union_order`), stages likewise, edges by their ends.
The diff of A → B mirrors B → A: added and removed swap, before and after swap, fixed and new swap and
every delta changes sign (:meth:`JourneyDiff.mirrored`).
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from pydantic import BaseModel

from . import fields
from .analysis import Analysis, analyze
from .findings import SEVERITIES, Finding, lang_of
from .followup import FollowUp, follow_up
from .model import Edge, Journey, Stage, Touchpoint

__all__ = [
    "Change",
    "FindingsDiff",
    "JourneyDiff",
    "MetricDelta",
    "Section",
    "diff",
    "union_order",
]

K = TypeVar("K")

JOURNEY_FIELDS: tuple[str, ...] = ("title", "locale", "persona", "start")
"""The journey-level fields compared (stages, touchpoints and edges have sections of their own)."""


@dataclass(frozen=True)
class Change(Generic[K]):
    """One item present in both versions that differs: its key and, per field, what it was and is.

    Each field maps to ``{"before": old, "after": new}`` (JSON-ready values; ``None`` where not given).
    The expectations and standards of a touchpoint also list the items ``added`` and ``removed`` and the
    ``changed`` pairs ``{"before": ..., "after": ...}``.
    """

    key: K
    fields: dict[str, dict[str, Any]]

    def mirrored(self) -> Change[K]:
        return Change(self.key, {name: _mirror_field(change) for name, change in self.fields.items()})


@dataclass(frozen=True)
class Section(Generic[K]):
    """Added, removed, changed and unchanged items of one kind (touchpoints, stages or edges)."""

    added: tuple[K, ...] = ()
    removed: tuple[K, ...] = ()
    changed: tuple[Change[K], ...] = ()
    unchanged: tuple[K, ...] = ()

    @property
    def empty(self) -> bool:
        """Nothing added, removed or changed."""
        return not (self.added or self.removed or self.changed)

    def changed_keys(self) -> tuple[K, ...]:
        return tuple(c.key for c in self.changed)

    def status(self) -> dict[K, str]:
        """Each key's status: ``added``, ``removed``, ``changed`` or ``unchanged``."""
        result: dict[K, str] = dict.fromkeys(self.unchanged, "unchanged")
        result.update(dict.fromkeys(self.changed_keys(), "changed"))
        result.update(dict.fromkeys(self.removed, "removed"))
        result.update(dict.fromkeys(self.added, "added"))
        return result


@dataclass(frozen=True)
class MetricDelta:
    """One journey metric in both versions; ``delta`` is after − before when both are numbers."""

    before: float | int | None
    after: float | int | None

    @property
    def delta(self) -> float | int | None:
        if not _is_number(self.before) or not _is_number(self.after):
            return None
        delta = self.after - self.before  # type: ignore[operator]
        return delta if isinstance(delta, int) else round(delta, 4)

    def to_dict(self) -> dict[str, Any]:
        return {"before": self.before, "after": self.after, "delta": self.delta}


@dataclass(frozen=True)
class FindingsDiff:
    """Weak points fixed (only before), new (only after) and persisting (in both, as (before, after))."""

    fixed: tuple[Finding, ...] = ()
    new: tuple[Finding, ...] = ()
    persisting: tuple[tuple[Finding, Finding], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        def persisting(pair: tuple[Finding, Finding]) -> dict[str, Any]:
            before, after = pair
            return {**after.to_dict(), "severity_before": before.severity}

        return {"fixed": [f.to_dict() for f in self.fixed], "new": [f.to_dict() for f in self.new],
                "persisting": [persisting(p) for p in self.persisting]}


@dataclass(frozen=True)
class JourneyDiff:
    """Everything that differs between two versions of a journey, and the analyses of both."""

    before: Journey
    after: Journey
    before_analysis: Analysis
    after_analysis: Analysis
    journey: dict[str, dict[str, Any]]
    """Journey-level fields that changed (title, locale, persona, start), as ``{"before", "after"}``."""
    touchpoints: Section[str]
    stages: Section[str]
    stage_order: tuple[tuple[str, ...], tuple[str, ...]] | None
    """The order of the stages both versions have, before and after, when it changed; else ``None``."""
    edges: Section[tuple[str, str]]
    findings: FindingsDiff
    metrics: dict[str, MetricDelta]
    follow_up: FollowUp
    """The improvement actions done, new and overdue (as of the diff's day), and the measured scores and
    NPS before and after (:mod:`journeys.followup`)."""

    @property
    def today(self) -> dt.date:
        """The day the comparison speaks of: what is overdue is overdue as of it."""
        return self.follow_up.today

    @property
    def lang(self) -> str:
        """``zh`` or ``en``: the language both analyses were made in."""
        return self.after_analysis.lang

    @property
    def empty(self) -> bool:
        """Whether the two versions mean the same journey. The order of touchpoints in the file is not
        compared; it only matters (to where the journey starts) in a journey without ``start``."""
        return (not self.journey and self.touchpoints.empty and self.stages.empty and self.edges.empty
                and self.stage_order is None)

    def verdict(self) -> str:
        """``better``, ``worse``, ``mixed`` or ``same``: whether the service got better, from four signals.

        Better: fewer critical findings, a higher peak-end score, a higher mean perceived score, more weak
        points fixed than introduced. Worse: the opposite of any of these. Only better signals → better;
        only worse ones → worse; both → mixed; none → same.
        """
        signs = [
            -_sign(self.metrics["findings.critical"].delta),
            _sign(self.metrics["peak_end_score"].delta),
            _sign(self.metrics["mean_perceived"].delta),
            _sign(len(self.findings.fixed) - len(self.findings.new)),
        ]
        up, down = any(s > 0 for s in signs), any(s < 0 for s in signs)
        return "mixed" if up and down else "better" if up else "worse" if down else "same"

    def touched(self) -> set[str]:
        """The ids of every touchpoint added, removed or changed."""
        s = self.touchpoints
        return {*s.added, *s.removed, *s.changed_keys()}

    def touchpoint(self, touchpoint_id: str) -> Touchpoint:
        """The touchpoint as it is after, or as it was before when it was removed."""
        try:
            return self.after.touchpoint(touchpoint_id)
        except KeyError:
            return self.before.touchpoint(touchpoint_id)

    def name(self, touchpoint_id: str) -> str:
        """The touchpoint's name (after the change; before it, when removed)."""
        return self.touchpoint(touchpoint_id).name

    def stage_name(self, stage_id: str) -> str:
        for journey in (self.after, self.before):
            for stage in journey.stages:
                if stage.id == stage_id:
                    return stage.name
        raise KeyError(stage_id)

    def to_dict(self) -> dict[str, Any]:
        """The JSON document of ``mot diff --format json``."""
        stages = _section_dict(self.stages, str)
        stages["order"] = None if self.stage_order is None else {
            "before": list(self.stage_order[0]), "after": list(self.stage_order[1])}
        return {
            "before": {"id": self.before.id, "title": self.before.title},
            "after": {"id": self.after.id, "title": self.after.title},
            "journey": self.journey,
            "touchpoints": _section_dict(self.touchpoints, str),
            "stages": stages,
            "edges": _section_dict(self.edges, lambda key: {"from": key[0], "to": key[1]}),
            "findings": self.findings.to_dict(),
            "metrics": {name: m.to_dict() for name, m in self.metrics.items()},
            "follow_up": self.follow_up.to_dict(),
        }

    def mirrored(self) -> JourneyDiff:
        """The diff read the other way round (after → before), derived from this one: sections swap added
        and removed and every field its before and after, findings swap fixed and new; lists are put in
        the other version's journey order."""
        before, after = self.after, self.before
        tp_order = _position(self.after_analysis.order_of(before), self.before_analysis.order_of(after))
        stage_order = _position([s.id for s in before.stages], [s.id for s in after.stages])

        def flip(section: Section[Any], order: Callable[[Any], Any]) -> Section[Any]:
            return _sorted(Section(section.removed, section.added, tuple(c.mirrored() for c in section.changed),
                                   section.unchanged), order)

        rank = {id(f): i for i, f in enumerate(self.before_analysis.findings)}
        persisting = sorted(((b, a) for a, b in self.findings.persisting), key=lambda pair: rank[id(pair[1])])
        return JourneyDiff(
            before=before, after=after, before_analysis=self.after_analysis, after_analysis=self.before_analysis,
            journey={name: _mirror_field(change) for name, change in self.journey.items()},
            touchpoints=flip(self.touchpoints, tp_order), stages=flip(self.stages, stage_order),
            stage_order=None if self.stage_order is None else (self.stage_order[1], self.stage_order[0]),
            edges=flip(self.edges, _edge_order(before, after, tp_order)),
            findings=FindingsDiff(self.findings.new, self.findings.fixed, tuple(persisting)),
            metrics={name: MetricDelta(m.after, m.before) for name, m in self.metrics.items()},
            follow_up=follow_up(before, after, self.today, _measured_order(before, after)),
        )


def union_order(before: Iterable[K], after: Iterable[K]) -> list[K]:
    """The items of both versions in one order: ``after``'s, with each item only ``before`` has placed right
    after the item that preceded it in ``before`` (first when none did).

    Examples
    --------
    >>> union_order(["a", "b", "c", "d"], ["a", "c", "x", "d"])
    ['a', 'b', 'c', 'x', 'd']
    >>> union_order(["z", "a"], ["a"])
    ['z', 'a']
    """
    after = list(after)
    present = set(after)
    following: dict[Any, list[K]] = defaultdict(list)
    previous: Any = _START
    for item in before:
        if item not in present:
            following[previous].append(item)
        previous = item
    out: list[K] = []
    stack = [*reversed(after), *reversed(following.get(_START, []))]
    while stack:
        item = stack.pop()
        out.append(item)
        stack.extend(reversed(following.get(item, [])))
    return out


_START = object()


def _measured_order(before: Journey, after: Journey) -> list[str]:
    return [*(tp.id for tp in after.touchpoints),
            *(tp.id for tp in before.touchpoints if tp.id not in {t.id for t in after.touchpoints})]


def diff(before: Journey, after: Journey, lang: str | None = None, *,
         analyses: tuple[Analysis, Analysis] | None = None, today: dt.date | None = None) -> JourneyDiff:
    """Compare ``before`` with ``after``.

    Parameters
    ----------
    before, after
        Two versions of a journey (two versions from the store, or two files).
    lang
        ``zh`` or ``en`` for the findings' texts; default: the locale of ``after``.
    analyses
        The analyses of ``before`` and ``after`` in ``lang`` when the caller has them (the app keeps one
        per stored version); computed here otherwise, and again when they were made for another day.
    today
        The day the comparison speaks of (default: the date today): the actions overdue are those due
        before it and not done, in both analyses and in :attr:`JourneyDiff.follow_up`.

    Examples
    --------
    >>> from journeys.catalog import load_template
    >>> j = load_template("business-hall", "en")
    >>> renamed = j.model_copy(update={"touchpoints": [j.touchpoints[0].model_copy(update={"name": "Hello"}),
    ...                                                *j.touchpoints[1:]]})
    >>> d = diff(j, renamed)
    >>> [(c.key, c.fields) for c in d.touchpoints.changed]
    [('reach-hall', {'name': {'before': 'Getting to the hall', 'after': 'Hello'}})]
    >>> diff(j, j).empty
    True
    """
    lang = lang_of(lang or after.locale)
    today = today or dt.date.today()
    if analyses is None or any(a.lang != lang or a.today != today for a in analyses):
        analyses = (analyze(before, lang, today), analyze(after, lang, today))
    before_analysis, after_analysis = analyses
    order = _position(before_analysis.order_of(before), after_analysis.order_of(after))
    return JourneyDiff(
        before=before,
        after=after,
        before_analysis=before_analysis,
        after_analysis=after_analysis,
        journey=_journey_fields(before, after),
        touchpoints=_section({tp.id: tp for tp in before.touchpoints}, {tp.id: tp for tp in after.touchpoints},
                             _touchpoint_fields, order),
        stages=_section({s.id: s for s in before.stages}, {s.id: s for s in after.stages}, _stage_fields,
                        _position([s.id for s in before.stages], [s.id for s in after.stages])),
        stage_order=_moved_stages(before, after),
        edges=_section({(e.source, e.target): e for e in before.edges},
                       {(e.source, e.target): e for e in after.edges}, _edge_fields,
                       _edge_order(before, after, order)),
        findings=_findings(before_analysis.findings, after_analysis.findings),
        metrics=_metrics(before_analysis, after_analysis),
        follow_up=follow_up(before, after, today, _measured_order(before, after)),
    )


# --- sections ---------------------------------------------------------------------------------------

def _section(before: dict[K, Any], after: dict[K, Any], fields: Callable[[Any, Any], dict[str, dict[str, Any]]],
             order: Callable[[K], Any]) -> Section[K]:
    """Match the items of both versions by key and sort every list by ``order``."""
    changed: list[Change[K]] = []
    unchanged: list[K] = []
    for key, old in before.items():
        new = after.get(key)
        if new is None:
            continue
        differences = {} if old == new else fields(old, new)
        if differences:
            changed.append(Change(key, differences))
        else:
            unchanged.append(key)
    added = tuple(k for k in after if k not in before)
    removed = tuple(k for k in before if k not in after)
    return _sorted(Section(added, removed, tuple(changed), tuple(unchanged)), order)


def _sorted(section: Section[K], order: Callable[[K], Any]) -> Section[K]:
    return Section(added=tuple(sorted(section.added, key=order)), removed=tuple(sorted(section.removed, key=order)),
                   changed=tuple(sorted(section.changed, key=lambda c: order(c.key))),
                   unchanged=tuple(sorted(section.unchanged, key=order)))


def _section_dict(section: Section[K], name: Callable[[K], Any]) -> dict[str, Any]:
    def changed(change: Change[K]) -> dict[str, Any]:
        key = name(change.key)
        return {**(key if isinstance(key, dict) else {"id": key}), "fields": change.fields}

    return {"added": [name(k) for k in section.added], "removed": [name(k) for k in section.removed],
            "changed": [changed(c) for c in section.changed], "unchanged": [name(k) for k in section.unchanged]}


def _position(before: Iterable[K], after: Iterable[K]) -> Callable[[K], int]:
    position = {item: i for i, item in enumerate(union_order(before, after))}
    return position.__getitem__


def _edge_order(before: Journey, after: Journey, order: Callable[[str], int]) -> Callable[[tuple[str, str]], Any]:
    file_order = {(e.source, e.target): (0, i) for i, e in enumerate(after.edges)}
    for i, e in enumerate(before.edges):
        file_order.setdefault((e.source, e.target), (1, i))
    return lambda key: (order(key[0]), order(key[1]), file_order[key])


def _moved_stages(before: Journey, after: Journey) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    common = {s.id for s in before.stages} & {s.id for s in after.stages}
    old = tuple(s.id for s in before.stages if s.id in common)
    new = tuple(s.id for s in after.stages if s.id in common)
    return None if old == new else (old, new)


# --- fields -----------------------------------------------------------------------------------------

def _dump(value: Any) -> Any:
    """A JSON-ready value with empties (``None``, ``[]``, ``{}``, blank text) as ``None``."""
    if isinstance(value, BaseModel):
        value = value.model_dump(mode="json", by_alias=True, exclude_none=True, exclude_defaults=True)
    if isinstance(value, list):
        value = [_dump(v) for v in value]
        if all(v is None for v in value):  # only blank lines
            value = None
    if value in ([], {}) or (isinstance(value, str) and not value.strip()):
        return None
    return value


def _field(before: Any, after: Any) -> dict[str, Any] | None:
    old, new = _dump(before), _dump(after)
    return None if old == new else {"before": old, "after": new}


def _compare(before: BaseModel | None, after: BaseModel | None, names: Iterable[str],
             prefix: str = "") -> dict[str, dict[str, Any]]:
    """The fields among ``names`` that differ; a nested model is compared field by field (``persona.name``)."""
    result: dict[str, dict[str, Any]] = {}
    for name in names:
        old = getattr(before, name, None)
        new = getattr(after, name, None)
        if old == new:
            continue
        present = old if old is not None else new
        if isinstance(present, BaseModel):
            result.update(_compare(old, new, type(present).model_fields, prefix=f"{prefix}{name}."))
            continue
        change = _field(old, new)
        if change is not None:
            result[prefix + name] = change
    return result


def _as_set(vocabulary: tuple[str, ...]) -> Callable[[Any, Any], dict[str, Any] | None]:
    """Compare lists of vocabulary values as sets (each value at most once; their order means nothing),
    shown in the vocabulary's order."""

    def compare(before: list[str] | None, after: list[str] | None) -> dict[str, Any] | None:
        old = [v for v in vocabulary if v in (before or ())]
        new = [v for v in vocabulary if v in (after or ())]
        return None if old == new else {"before": old or None, "after": new or None}

    return compare


def _canonical(item: dict[str, Any]) -> str:
    return json.dumps(item, sort_keys=True, ensure_ascii=False)


def _items(before: list[BaseModel], after: list[BaseModel],
           keys: tuple[Callable[[dict[str, Any]], Any], ...]) -> dict[str, Any] | None:
    """Match two lists of items: equal ones first, then by each of ``keys`` in turn (items with the same
    key are paired in order, so A → B pairs what B → A pairs), and a last single item left on each side
    with each other. Unmatched items are added or removed."""
    old = [_dump(x) for x in before]
    new = [_dump(x) for x in after]
    left_old, left_new = list(range(len(old))), list(range(len(new)))
    pairs: list[tuple[int, int]] = []
    for key in (_canonical, *keys, _ONE_LEFT):
        if key is _ONE_LEFT:  # one item edited beyond recognition is still that item
            if len(left_old) == 1 and len(left_new) == 1:
                pairs.append((left_old[0], left_new[0]))
                left_old, left_new = [], []
            continue
        groups_old: dict[Any, list[int]] = defaultdict(list)
        groups_new: dict[Any, list[int]] = defaultdict(list)
        for i in left_old:
            if (k := key(old[i])) is not None:
                groups_old[k].append(i)
        for i in left_new:
            if (k := key(new[i])) is not None:
                groups_new[k].append(i)
        matched = [(i, j) for k, olds in groups_old.items() for i, j in zip(olds, groups_new.get(k, ()),
                                                                            strict=False)]
        pairs.extend(matched)
        used_old, used_new = {i for i, _ in matched}, {j for _, j in matched}
        left_old = [i for i in left_old if i not in used_old]
        left_new = [j for j in left_new if j not in used_new]
    # In an order that does not depend on the direction of the comparison, so that B → A lists the pairs
    # as A → B does: by the pair's positions, then by its contents.
    changed = sorted(((i, j) for i, j in pairs if old[i] != new[j]),
                     key=lambda p: (min(p), max(p), sorted((_canonical(old[p[0]]), _canonical(new[p[1]])))))
    if not changed and not left_old and not left_new:
        return None
    return {
        "before": old or None, "after": new or None,
        "added": [new[j] for j in left_new], "removed": [old[i] for i in left_old],
        "changed": [{"before": old[i], "after": new[j]} for i, j in changed],
    }


_ONE_LEFT: Any = object()


def _expectations(before: list[BaseModel], after: list[BaseModel]) -> dict[str, Any] | None:
    return _items(before, after, (lambda x: x.get("id"), lambda x: x.get("text")))


def _standards(before: list[BaseModel], after: list[BaseModel]) -> dict[str, Any] | None:
    def metric(x: dict[str, Any]) -> Any:
        target = x.get("target")
        return (x.get("dimension"), target["metric"]) if target else None

    return _items(before, after, (lambda x: x.get("text"), metric))


_ITEMS: dict[str, Callable[[Any, Any], dict[str, Any] | None]] = {
    "expectations": _expectations, "standards": _standards,
}
"""How the items of each list field are matched (the field table marks the lists compared)."""


def _value_at(tp: Touchpoint, path: str) -> Any:
    value: Any = tp
    for name in path.split("."):
        value = getattr(value, name, None)
    return value


def _touchpoint_fields(before: Touchpoint, after: Touchpoint) -> dict[str, dict[str, Any]]:
    """The fields the field table marks for the diff that differ, in the table's order: lists of items
    matched item by item, sets of vocabulary values as sets, a field's default the same as no value."""
    result: dict[str, dict[str, Any]] = {}
    for field in fields.shown("diff"):
        old, new = _value_at(before, field.path), _value_at(after, field.path)
        if field.default is not None:
            old, new = (None if v == field.default else v for v in (old, new))
        if old == new:
            continue
        if field.kind == "items":
            change = _ITEMS[field.path](old, new)
        elif field.kind == "choices":
            change = _as_set(field.vocabulary)(old, new)
        else:
            change = _field(old, new)
        if change is not None:
            result[field.path] = change
    return result


def _stage_fields(before: Stage, after: Stage) -> dict[str, dict[str, Any]]:
    return _compare(before, after, [n for n in Stage.model_fields if n != "id"])


def _edge_fields(before: Edge, after: Edge) -> dict[str, dict[str, Any]]:
    return _compare(before, after, [n for n in Edge.model_fields if n not in ("source", "target")])


def _journey_fields(before: Journey, after: Journey) -> dict[str, dict[str, Any]]:
    return _compare(before, after, JOURNEY_FIELDS)


def _mirror_field(change: dict[str, Any]) -> dict[str, Any]:
    mirrored = {**change, "before": change["after"], "after": change["before"]}
    if "added" in change:
        mirrored["added"], mirrored["removed"] = change["removed"], change["added"]
        mirrored["changed"] = [{"before": c["after"], "after": c["before"]} for c in change["changed"]]
    return mirrored


# --- findings and metrics ---------------------------------------------------------------------------

def _finding_key(f: Finding) -> tuple[str, tuple[str, ...], str | None, str | None]:
    """:attr:`Finding.key` with the touchpoints as a set: a loop or a group of unreachable touchpoints may be
    listed from another member first when the file's order changes, and is still the same weak point."""
    return (f.rule, tuple(sorted(f.touchpoints)), f.dimension, f.subject)


def _findings(before: tuple[Finding, ...], after: tuple[Finding, ...]) -> FindingsDiff:
    """Match findings by key; a key repeated in one version matches as many times as it repeats in the other."""
    waiting: dict[Any, list[Finding]] = defaultdict(list)
    for f in before:
        waiting[_finding_key(f)].append(f)
    new: list[Finding] = []
    persisting: list[tuple[Finding, Finding]] = []
    for f in after:
        queue = waiting.get(_finding_key(f))
        if queue:
            persisting.append((queue.pop(0), f))
        else:
            new.append(f)
    matched = Counter(id(b) for b, _ in persisting)
    fixed = tuple(f for f in before if not matched[id(f)])
    return FindingsDiff(fixed, tuple(new), tuple(persisting))


def _flatten(values: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for name, value in values.items():
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{prefix}{name}."))
        else:
            flat[prefix + name] = value
    return flat


def _finding_counts(analysis: Analysis) -> dict[str, int]:
    counts = {f"findings.{s}": analysis.count(s) for s in SEVERITIES}
    counts["findings.total"] = len(analysis.findings)
    return counts


def _metrics(before: Analysis, after: Analysis) -> dict[str, MetricDelta]:
    """Every journey metric (nested ones as ``servqual.empathy.hard``) and the finding counts; the share
    of customers reaching each touchpoint is per touchpoint, not a journey metric, and is left out."""
    old = {**_flatten({k: v for k, v in before.metrics.items() if k != "reach"}), **_finding_counts(before)}
    new = {**_flatten({k: v for k, v in after.metrics.items() if k != "reach"}), **_finding_counts(after)}
    return {name: MetricDelta(old.get(name), new.get(name)) for name in {**old, **new}}


def _sign(value: float | int | None) -> int:
    return 0 if not value else 1 if value > 0 else -1


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)
