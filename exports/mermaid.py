"""Mermaid ``journey`` diagrams: export a journey, and import one as a new journey.

The syntax (https://mermaid.js.org/syntax/userJourney.html)::

    journey
      title 营业厅办理套餐变更
      section 到达
        迎宾问候: 4: 值班经理

Stages are sections in stage order; touchpoints are tasks, in display order within their stage. A
task's score is the perceived score rounded half up to a whole number 1–5 (3 when unknown); its actor
is the touchpoint's owner (A角), else its backup (B角), else none (the actor list is optional).

Labels keep their characters. Mermaid turns an entity code ``#58;`` in a label into its character
when it draws (it encodes ``#…;`` before reading the diagram), so every character its journey grammar would
read as structure is written that way: ``:`` ``;`` ``#`` ``%`` everywhere, ``,`` in actor names; ``&``
``<`` ``>`` too, which its label sanitiser would otherwise read as HTML (a title ``A & B`` drawn as
``A &amp; B``, a task ``a<b c`` losing ``<b c`` as a tag); whitespace at either end (Mermaid trims it);
and the first character of a task name that Mermaid would read as a keyword (``title …``, ``section …``,
``journey …``, ``accDescr {``). Only a line break, a control character or a noncharacter must change: it
becomes a space (the diagram has one statement a line, XML has no control characters, and a browser draws
a noncharacter as U+FFFD). A ``%%`` comment says that
scores are rounded; when an actor name holds a code, an ``init`` directive keeps the legend from breaking
it inside the code. Export is deterministic.

:func:`from_mermaid` reads such a diagram (or one written by hand) into a journey: sections become
stages, tasks become touchpoints linked in file order, the score becomes the perceived score and the
first actor the owner; entity codes are read back as their characters, so an exported name comes back as it
was. Older exports wrote full-width stand-ins (``：`` for ``:``): they are read as they are, since ``：``
is also what Chinese text types. Bad input raises :class:`MermaidError` listing every bad line.
"""

from __future__ import annotations

import functools
import html.entities
import math
import re
import unicodedata
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from pydantic import ValidationError

from journeys.edits import IdAllocator
from journeys.explain import explain
from journeys.fileformat import MAX_BYTES, Problem, gc_paused, problems_from_validation
from journeys.model import Journey, Stage, Touchpoint
from journeys.vocab import FORMAT_TAG
from journeys.words import lang_of, t

__all__ = ["MermaidError", "MermaidProblem", "decode_label", "from_mermaid", "safe_label", "score_of", "shown_label",
           "to_mermaid"]

# Structure to the journey lexer (":" ";" "#" and the "%%" comment, which may start after any character), or
# markup to the label sanitiser ("&" "<" ">"): always written as entity codes.
_ESCAPED = frozenset(":;#%&<>")
_ENTITY = re.compile(r"#([0-9A-Za-z_]+);")
_UNBROKEN_LEGEND = '  %%{init: {"journey": {"maxLabelWidth": 100000}}}%%'
# Everything Python or Mermaid could treat as a line break, other control characters, the BOM (whitespace
# to Mermaid, not to Python) and Unicode's noncharacters (the browser draws them as U+FFFD).
_BREAKS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufdd0-\ufdef"
                     + "".join(chr(plane + 0xFFFE) + chr(plane + 0xFFFF) for plane in range(0, 0x110000, 0x10000))
                     + "]")
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
_SCORE = re.compile(r"^[0-9]+$")


@dataclass(frozen=True)
class MermaidProblem(Problem):
    """A bad line of a Mermaid journey text: ``message`` in English, and the catalogue word
    (``mermaid.error.<name>``) that says it in either language."""

    def text(self, lang: str) -> str:
        """What is wrong, in ``lang``, with its line number: ``第 3 行：任务「签字」缺少分数…``."""
        what = super().text(lang)
        return what if self.line is None else t("mermaid.error.line", lang, line=self.line, what=what)


class MermaidError(ValueError):
    """A Mermaid journey diagram could not be read; ``problems`` names every bad line."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))

    def messages(self, lang: str) -> list[str]:
        """Every problem in ``lang`` with its line number; a problem found by the journey model after the
        text was read (a field's limit) names its touchpoint and field (:func:`journeys.explain.explain`)."""
        return [p.text(lang) if isinstance(p, MermaidProblem) else explain(p, None, lang) for p in self.problems]


def _code(char: str) -> str:
    return f"#{ord(char)};"


def shown_label(text: str) -> str:
    """``text`` as Mermaid draws it and :func:`from_mermaid` reads it back: line breaks and control
    characters as spaces; everything else as typed.

    Examples
    --------
    >>> shown_label("line one\\nline two")
    'line one line two'
    >>> shown_label("http://x.org/#a; 50%% <b>")
    'http://x.org/#a; 50%% <b>'
    """
    return _BREAKS.sub(" ", text)


def safe_label(text: str, *, actor: bool = False, task: bool = False) -> str:
    """``text`` as it can be written into a Mermaid journey without changing the diagram's structure.

    Parameters
    ----------
    text
        A title, section, task or actor name as typed.
    actor
        Also escape ``,`` (actors are comma-separated).
    task
        Also escape the first character of a leading keyword Mermaid would read instead of a task name.

    Returns
    -------
    str
        The label with entity codes (``#58;``) for what Mermaid would read as structure or markup and for
        whitespace at either end, line breaks as spaces; empty when nothing printable is left.

    Examples
    --------
    >>> safe_label("到达: 门口 #1;\\n引导")
    '到达#58; 门口 #35;1#59; 引导'
    >>> safe_label("Lee, Wang", actor=True)
    'Lee#44; Wang'
    >>> safe_label("Title deed check", task=True)
    '#84;itle deed check'
    >>> safe_label(" A & B ")
    '#32;A #38; B#32;'
    """
    shown = shown_label(text)
    if not shown.strip():
        return ""
    escaped = _ESCAPED | {","} if actor else _ESCAPED
    body = shown.strip()
    lead = shown[:len(shown) - len(shown.lstrip())]
    trail = shown[len(shown.rstrip()):]
    out = "".join(_code(ch) if ch in escaped else ch for ch in body)
    if task and _is_keyword_start(out):
        out = _code(out[0]) + out[1:]
    return "".join(map(_code, lead)) + out + "".join(map(_code, trail))


def decode_label(text: str) -> str:
    """``text`` with Mermaid's entity codes (``#58;``, ``#amp;``) as their characters, as Mermaid draws them.

    Examples
    --------
    >>> decode_label("http#58;//x.org/#35;top #38; #amp; #x;")
    'http://x.org/#top & & #x;'
    """
    def one(match: re.Match[str]) -> str:
        code = match.group(1)
        if code.isdigit():
            number = int(code)
            if 0 < number <= 0x10FFFF and not 0xD800 <= number <= 0xDFFF:
                return chr(number)
            return match.group(0)
        return html.entities.html5.get(code + ";", match.group(0))

    return _ENTITY.sub(one, text) if "#" in text else text


def score_of(touchpoint: Touchpoint) -> int:
    """The Mermaid score of ``touchpoint``: perceived rounded half up to 1–5, 3 when unknown.

    Examples
    --------
    >>> from journeys.model import Touchpoint
    >>> score_of(Touchpoint(id="a", stage="s", name="A", emotion={"perceived": 3.5}))
    4
    >>> score_of(Touchpoint(id="a", stage="s", name="A"))
    3
    """
    perceived = touchpoint.perceived
    if perceived is None:
        return 3
    return min(5, max(1, math.floor(perceived + 0.5)))


def to_mermaid(journey: Journey, lang: str = "zh") -> str:
    """The journey as Mermaid ``journey`` diagram text (ends with a newline).

    Parameters
    ----------
    journey
        The journey to draw.
    lang
        Language of the stand-in names used when a label has nothing printable left.

    Examples
    --------
    >>> from journeys.catalog import load_template
    >>> print(to_mermaid(load_template("business-hall", "zh-CN")).splitlines()[0])
    journey
    """
    from journeys.graph import display_order  # networkx loads for drawing only, not for `mot import-mermaid`

    code = lang_of(lang)
    lines = [f"  title {safe_label(journey.title) or t('mermaid.journey', code)}"]
    by_stage: dict[str, list[Touchpoint]] = {stage.id: [] for stage in journey.stages}
    for node in display_order(journey):
        tp = journey.touchpoint(node)
        by_stage[tp.stage].append(tp)
    coded_actor = False
    for stage in journey.stages:
        lines.append(f"  section {safe_label(stage.name) or t('mermaid.stage', code)}")
        for tp in by_stage[stage.id]:
            name = safe_label(tp.name, task=True) or t("mermaid.task", code)
            actor = safe_label(tp.owner or "", actor=True) or safe_label(tp.backup or "", actor=True)
            coded_actor = coded_actor or "#" in actor
            task = f"    {name}: {score_of(tp)}"
            lines.append(f"{task}: {actor}" if actor else task)
    head = ["journey"]
    if coded_actor:
        # The legend breaks an actor name wider than maxLabelWidth between any two characters of its coded
        # text, which can cut "#58;" in two and leave the SVG unreadable: such a diagram draws names unbroken.
        head.append(_UNBROKEN_LEGEND)
    return "\n".join([*head, f"  %% {t('mermaid.rounded', code)}", *lines]) + "\n"


def _starts_with(line: str, word: str) -> bool:
    # Mermaid's keywords are ASCII and case-insensitive; "ſ" or "K" (Kelvin) must not pass for "s" or "k".
    head = line[: len(word)]
    return head.isascii() and head.lower() == word


def _keyword(line: str, word: str) -> str | None:
    """The rest of ``line`` after ``word`` and whitespace (case-insensitive), or ``None``."""
    if not _starts_with(line, word):
        return None
    match = re.match(r"(?:\s+(.*)|\s*)$", line[len(word):])
    if match is None:
        return None
    return (match.group(1) or "").strip()


def _is_keyword_start(name: str) -> bool:
    """Whether Mermaid's lexer would read a task named ``name`` (followed by ``:``) as something else.

    Its rules, tried before a task name: ``%…`` is a comment, ``journey\\b``, ``title\\s…``,
    ``section\\s…``, ``accTitle\\s*:``, ``accDescr\\s*:`` and ``accDescr\\s*{`` (case-insensitive).
    """
    if name.startswith("%"):
        return True
    if _starts_with(name, "journey"):
        return not re.match(r"[A-Za-z0-9_]", name[7:8])
    for word in ("title", "section"):
        if _starts_with(name, word) and re.match(r"\s", name[len(word):]):
            return True
    return any(_starts_with(name, word) and re.match(r"\s*(?:[:{]|$)", name[len(word):])
               for word in ("acctitle", "accdescr"))


@functools.lru_cache(maxsize=1024)
def _valid_shape(identifier: str) -> bool:
    try:
        Stage(id=identifier, name="-")
    except ValidationError:
        return False
    return True


def _valid_id(candidate: str) -> bool:
    base, dash, number = candidate.rpartition("-")
    if dash and number.isascii() and number.isdigit() and len(candidate) <= 200:
        # ASCII digits are word characters: the id pattern takes "name-2", "name-3"... alike, and
        # 20,000 tasks of one name are checked once, as "name-1".
        return _valid_shape(base + "-1")
    return _valid_shape(candidate)


@functools.lru_cache(maxsize=1024)
def _cleaned(name: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKC", name) if unicodedata.category(ch) != "No")


def _problem(name: str, line: int | None, key: str, **params: Any) -> MermaidProblem:
    return MermaidProblem(file=name, path="", line=line, message=t(f"mermaid.error.{key}", "en", **params),
                          key=f"mermaid.error.{key}", params=tuple(params.items()))


def _slug(name: str, ids: IdAllocator, prefix: str) -> str:
    """A new id for ``name`` from ``ids`` (:func:`~journeys.edits.new_id`'s rule), safe for the id pattern.

    Python's ``\\w`` also takes other numerals (category ``No``, e.g. Kharoshthi digits) that the
    validator's ``\\w`` refuses; they are left out, and a refused id falls back to ``<prefix>-<n>``.
    """
    candidate = ids.suggest(_cleaned(name), prefix=prefix)
    if not _valid_id(candidate):
        candidate = ids.suggest("", prefix=prefix)
    ids.add(candidate)
    return candidate


@gc_paused()  # an object per task and field, no cycles: see journeys.fileformat.gc_paused
def from_mermaid(text: str, *, name: str = "<input>", locale: str | None = None) -> Journey:
    """Read a Mermaid ``journey`` diagram into a new, validated journey.

    Parameters
    ----------
    text
        The diagram text. Blank lines, ``%`` / ``%%`` comments and a YAML front-matter block are skipped;
        ``accTitle``/``accDescr`` lines are accepted and ignored.
    name
        The file name reported in problems.
    locale
        The journey's locale; by default ``zh-CN`` when the text contains Chinese characters, else ``en``.

    Returns
    -------
    Journey
        Sections as stages (tasks before the first section go into a stage named after the title),
        tasks as touchpoints with ``emotion.perceived`` = score and ``owner`` = first actor, each task
        linked to the next in file order.

    Raises
    ------
    MermaidError
        Naming every bad line: a missing ``journey`` header, a task without a score, a score that is
        not a whole number 1–5, an unknown statement, an empty document, a diagram without tasks; or a
        diagram larger than the journey files' limit (:data:`~journeys.fileformat.MAX_BYTES`).

    Examples
    --------
    >>> j = from_mermaid("journey\\n  title Visit\\n  section Arrive\\n    Greet: 4: Guide\\n")
    >>> [(tp.stage, tp.name, tp.perceived, tp.owner) for tp in j.touchpoints]
    [('arrive', 'Greet', 4.0, 'Guide')]
    """
    if len(text) > MAX_BYTES // 4 and len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise MermaidError([_problem(name, None, "too_large", mb=f"{MAX_BYTES / 1e6:.0f}")])
    locale = locale or ("zh-CN" if _CJK.search(text) else "en")
    code = lang_of(locale)
    problems: list[Problem] = []

    def bad(line_no: int, key: str, **params: Any) -> None:
        problems.append(_problem(name, line_no, key, **params))

    lines = text.split("\n")
    title: str | None = None
    header_line: int | None = None
    headless = 0  # the first line, when it is not the header (reported once, not again as unknown)
    seen_content = False
    in_front_matter = False
    in_description = False
    sections: list[tuple[str, int]] = []  # (name, line)
    tasks: list[dict[str, Any]] = []  # name, score, owner, section index (-1 = before any section)
    task_lines = 0
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if in_front_matter:
            in_front_matter = line != "---"
            continue
        if in_description:
            in_description = "}" not in line
            continue
        if not line or line.startswith("%"):
            continue
        if not seen_content:
            seen_content = True
            if line == "---":
                in_front_matter = True
                seen_content = False
                continue
            if _keyword(line, "journey") == "":
                header_line = number
                continue
            bad(number, "header")
            headless = number
        # Every keyword is ASCII and starts with one of these letters; a task line mostly does not.
        if line[0] in "jtsaJTSA":
            if _keyword(line, "journey") == "":
                bad(number, "header_twice")
                continue
            rest = _keyword(line, "title")
            if rest is not None and rest:
                title = decode_label(rest)
                continue
            rest = _keyword(line, "section")
            if rest is not None:
                if rest:
                    sections.append((decode_label(rest), number))
                else:
                    bad(number, "section_name")
                continue
            if _is_keyword_start(line) and _starts_with(line, "acc"):
                in_description = _starts_with(line, "accdescr") and "{" in line and "}" not in line
                continue
        if ":" not in line:
            if number == headless:
                continue
            bad(number, "unknown", text=line[:40])
            continue
        task_lines += 1
        task_name, _, data = line.partition(":")
        task_name = task_name.strip()
        score_text, _, actors_text = data.partition(":")
        score_text = score_text.strip()
        if not task_name:
            bad(number, "task_name")
            continue
        if not score_text:
            bad(number, "no_score", task=task_name)
            continue
        if not _SCORE.match(score_text) or not 1 <= int(score_text) <= 5:
            bad(number, "score", task=task_name, score=score_text)
            continue
        actors = [decode_label(a.strip()) for a in actors_text.split(",") if a.strip()]
        tasks.append({"name": decode_label(task_name), "score": int(score_text), "owner": actors[0] if actors else None,
                      "section": len(sections) - 1, "line": number})
    if not seen_content:
        bad(1, "empty")
    elif task_lines == 0:
        bad(header_line or 1, "no_tasks")
    if problems:
        raise MermaidError(problems)

    title = title or t("mermaid.journey", code)
    stages: list[dict[str, str]] = []
    stage_ids = IdAllocator()
    if any(task["section"] == -1 for task in tasks):
        stages.append({"id": _slug(title, stage_ids, "stage"), "name": title})
    offset = len(stages)
    for section_name, _ in sections:
        stages.append({"id": _slug(section_name, stage_ids, "stage"), "name": section_name})
    touchpoints: list[dict[str, Any]] = []
    tp_ids: list[str] = []
    tp_allocator = IdAllocator()
    for task in tasks:
        tp_ids.append(_slug(task["name"], tp_allocator, "tp"))
        stage = stages[0]["id"] if task["section"] == -1 else stages[offset + task["section"]]["id"]
        tp: dict[str, Any] = {"id": tp_ids[-1], "stage": stage, "name": task["name"],
                              "emotion": {"perceived": task["score"]}}
        if task["owner"]:
            tp["owner"] = task["owner"]
        touchpoints.append(tp)
    doc = {
        "format": FORMAT_TAG,
        "id": _slug(title, IdAllocator(), "journey"),
        "title": title,
        "locale": locale,
        "stages": stages,
        "touchpoints": touchpoints,
        "edges": [{"from": a, "to": b} for a, b in pairwise(tp_ids)],
    }
    try:
        return Journey.model_validate(doc)
    except ValidationError as exc:
        raise MermaidError(problems_from_validation(exc, name)) from None
