"""Compare two versions of a journey: what changed, which weak points were fixed or introduced, and how
every journey metric moved.

Touchpoints and stages match by id, edges by their ``from`` and ``to``. A touchpoint is *changed* when
any of its fields differs in meaning: moments are a set (their order in the file means nothing), empty
values are equal (``None``, ``[]`` and blank text all mean "not given"), and the expectations and
standards of a touchpoint are matched item by item (an expectation by equality, then id, then text; a
standard by equality, then text, then the metric of its target), so that editing one standard reads
as one changed standard rather than one removed and one added.

Findings match by :attr:`journeys.findings.Finding.key` (rule, touchpoints, dimension): wording and
severity may differ between the versions and still be the same weak point. Both versions are
analysed in one language, so fixed and new findings read alike.

The diff of A → B mirrors B → A: added and removed swap, before and after swap, fixed and new swap
and every delta changes sign.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from pydantic import BaseModel

from .analysis import Analysis, analyze
from .findings import SEVERITIES, Finding, lang_of
from .model import Edge, Journey, Stage, Touchpoint
from .vocab import MOMENTS

__all__ = [
    "Change",
    "FindingsDiff",
    "JourneyDiff",
    "MetricDelta",
    "Section",
    "diff",
    "edge_label",
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

    @property
    def lang(self) -> str:
        """``zh`` or ``en``: the language both analyses were made in."""
        return self.after_analysis.lang

    @property
    def empty(self) -> bool:
        """Whether the two versions mean the same journey (findings then agree too)."""
        return (not self.journey and self.touchpoints.empty and self.stages.empty and self.edges.empty
                and self.stage_order is None)

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
        }

    def mirrored(self) -> JourneyDiff:
        """The diff read the other way round (after → before), without computing it again."""

        def flip(section: Section[Any]) -> Section[Any]:
            return Section(section.removed, section.added, tuple(c.mirrored() for c in section.changed),
                           section.unchanged)

        return JourneyDiff(
            before=self.after, after=self.before, before_analysis=self.after_analysis,
            after_analysis=self.before_analysis,
            journey={name: _mirror_field(change) for name, change in self.journey.items()},
            touchpoints=flip(self.touchpoints), stages=flip(self.stages),
            stage_order=None if self.stage_order is None else (self.stage_order[1], self.stage_order[0]),
            edges=flip(self.edges),
            findings=FindingsDiff(self.findings.new, self.findings.fixed,
                                  tuple((after, before) for before, after in self.findings.persisting)),
            metrics={name: MetricDelta(m.after, m.before) for name, m in self.metrics.items()},
        )


def edge_label(key: tuple[str, str]) -> str:
    """``from → to``: how an edge is named in reports."""
    return f"{key[0]} → {key[1]}"


def diff(before: Journey, after: Journey, lang: str | None = None, *,
         analyses: tuple[Analysis, Analysis] | None = None) -> JourneyDiff:
    """Compare ``before`` with ``after``.

    Parameters
    ----------
    before, after
        Two versions of a journey (two versions from the store, or two files).
    lang
        ``zh`` or ``en`` for the findings' texts; default: the locale of ``after``.
    analyses
        The analyses of ``before`` and ``after`` in ``lang`` when the caller has them (the app keeps one
        per stored version); computed here otherwise.

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
    lang = lang or lang_of(after.locale)
    if analyses is None or analyses[0].lang != lang or analyses[1].lang != lang:
        analyses = (analyze(before, lang), analyze(after, lang))
    before_analysis, after_analysis = analyses
    order = _order(before_analysis, after_analysis)
    return JourneyDiff(
        before=before,
        after=after,
        before_analysis=before_analysis,
        after_analysis=after_analysis,
        journey=_journey_fields(before, after),
        touchpoints=_section({tp.id: tp for tp in before.touchpoints}, {tp.id: tp for tp in after.touchpoints},
                             _touchpoint_fields, order),
        stages=_section({s.id: s for s in before.stages}, {s.id: s for s in after.stages}, _stage_fields,
                        _stage_order(before, after)),
        stage_order=_moved_stages(before, after),
        edges=_section({(e.source, e.target): e for e in before.edges},
                       {(e.source, e.target): e for e in after.edges}, _edge_fields,
                       _edge_order(before, after, order)),
        findings=_findings(before_analysis.findings, after_analysis.findings),
        metrics=_metrics(before_analysis, after_analysis),
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
    return Section(
        added=tuple(sorted((k for k in after if k not in before), key=order)),
        removed=tuple(sorted((k for k in before if k not in after), key=order)),
        changed=tuple(sorted(changed, key=lambda c: order(c.key))),
        unchanged=tuple(sorted(unchanged, key=order)),
    )


def _section_dict(section: Section[K], name: Callable[[K], Any]) -> dict[str, Any]:
    def changed(change: Change[K]) -> dict[str, Any]:
        key = name(change.key)
        return {**(key if isinstance(key, dict) else {"id": key}), "fields": change.fields}

    return {"added": [name(k) for k in section.added], "removed": [name(k) for k in section.removed],
            "changed": [changed(c) for c in section.changed], "unchanged": [name(k) for k in section.unchanged]}


def _order(before: Analysis, after: Analysis) -> Callable[[str], tuple[int, int]]:
    """Touchpoints in the display order of ``after``, then the removed ones in the order of ``before``."""
    position = {tp_id: (0, i) for i, tp_id in enumerate(after.order)}
    for i, tp_id in enumerate(before.order):
        position.setdefault(tp_id, (1, i))
    return lambda tp_id: position.get(tp_id, (2, 0))


def _stage_order(before: Journey, after: Journey) -> Callable[[str], tuple[int, int]]:
    position = {s.id: (0, i) for i, s in enumerate(after.stages)}
    for i, s in enumerate(before.stages):
        position.setdefault(s.id, (1, i))
    return lambda stage_id: position[stage_id]


def _edge_order(before: Journey, after: Journey,
                order: Callable[[str], tuple[int, int]]) -> Callable[[tuple[str, str]], Any]:
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
    if value in ([], {}) or (isinstance(value, str) and not value.strip()):
        return None
    return value


def _field(before: Any, after: Any) -> dict[str, Any] | None:
    old, new = _dump(before), _dump(after)
    return None if old == new else {"before": old, "after": new}


def _compare(before: BaseModel | None, after: BaseModel | None, names: Iterable[str],
             special: dict[str, Callable[[Any, Any], dict[str, Any] | None]] | None = None,
             prefix: str = "") -> dict[str, dict[str, Any]]:
    """The fields among ``names`` that differ; a nested model is compared field by field (``emotion.perceived``)."""
    result: dict[str, dict[str, Any]] = {}
    for name in names:
        old = getattr(before, name, None)
        new = getattr(after, name, None)
        if old == new:
            continue
        compare = (special or {}).get(name)
        model = type(old if old is not None else new)
        if compare is None and isinstance(old if old is not None else new, BaseModel):
            result.update(_compare(old, new, model.model_fields, prefix=f"{prefix}{name}."))
            continue
        change = compare(old, new) if compare else _field(old, new)
        if change is not None:
            result[prefix + name] = change
    return result


def _moments(before: list[str], after: list[str]) -> dict[str, Any] | None:
    old = [m for m in MOMENTS if m in before]
    new = [m for m in MOMENTS if m in after]
    return None if old == new else {"before": old or None, "after": new or None}


def _canonical(item: dict[str, Any]) -> str:
    return json.dumps(item, sort_keys=True, ensure_ascii=False)


def _items(before: list[BaseModel], after: list[BaseModel],
           keys: tuple[Callable[[dict[str, Any]], Any], ...]) -> dict[str, Any] | None:
    """Match two lists of items: equal ones first, then by each of ``keys`` in turn (items with the same
    key are paired in order, so A → B pairs what B → A pairs). Unmatched items are added or removed."""
    old = [_dump(x) for x in before]
    new = [_dump(x) for x in after]
    left_old, left_new = list(range(len(old))), list(range(len(new)))
    pairs: list[tuple[int, int]] = []
    for key in (_canonical, *keys):
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
    changed = sorted((i, j) for i, j in pairs if old[i] != new[j])
    if not changed and not left_old and not left_new:
        return None
    return {
        "before": old or None, "after": new or None,
        "added": [new[j] for j in left_new], "removed": [old[i] for i in left_old],
        "changed": [{"before": old[i], "after": new[j]} for i, j in changed],
    }


def _expectations(before: list[BaseModel], after: list[BaseModel]) -> dict[str, Any] | None:
    return _items(before, after, (lambda x: x.get("id"), lambda x: x.get("text")))


def _standards(before: list[BaseModel], after: list[BaseModel]) -> dict[str, Any] | None:
    def metric(x: dict[str, Any]) -> Any:
        target = x.get("target")
        return (x.get("dimension"), target["metric"]) if target else None

    return _items(before, after, (lambda x: x.get("text"), metric))


_TOUCHPOINT_SPECIAL: dict[str, Callable[[Any, Any], dict[str, Any] | None]] = {
    "moments": _moments, "expectations": _expectations, "standards": _standards,
}


def _touchpoint_fields(before: Touchpoint, after: Touchpoint) -> dict[str, dict[str, Any]]:
    names = [n for n in Touchpoint.model_fields if n != "id"]
    return _compare(before, after, names, _TOUCHPOINT_SPECIAL)


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

def _findings(before: tuple[Finding, ...], after: tuple[Finding, ...]) -> FindingsDiff:
    """Match findings by key; a key repeated in one version matches as many times as it repeats in the other."""
    waiting: dict[Any, list[Finding]] = defaultdict(list)
    for f in before:
        waiting[f.key].append(f)
    new: list[Finding] = []
    persisting: list[tuple[Finding, Finding]] = []
    for f in after:
        queue = waiting.get(f.key)
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


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)
