"""Writing a journey as an outline: stage by stage in display order, quoting exactly where the reader
would otherwise read something else, so that reading it back gives what the outline carries."""

from __future__ import annotations

import re
from collections import defaultdict
from itertools import pairwise

from ..formatting import exact
from ..model import Edge, Expectation, Journey, Standard, Target, Touchpoint
from ..words import lang_of, t
from ._syntax import QUOTES, find_mark, phrase_target, quote, share_of, share_text, source_of

__all__ = ["target_line", "write_outline"]

_BREAKS = re.compile(r"[\r\n\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_QUOTE_MARKS = set(QUOTES) | set(QUOTES.values())
# A touchpoint name that starts with one of these would read as another line form.
_LEADING = "#~～-—>＞》|｜!！@＠[【(（" + "".join(QUOTES)


def _line(text: str) -> str:
    # An outline line holds no line break: one in a name or text becomes a space.
    return _BREAKS.sub(" ", text)


def _plain_ok(text: str, specials: str = "", leading: str = "", *, spaces: bool = True) -> bool:
    """Whether ``text`` reads back as itself without quotes in a place where ``specials`` are marks (and
    spaces too, unless ``spaces``)."""
    if not text or text != text.strip() or any(ch in _QUOTE_MARKS for ch in text):
        return False
    if not spaces and any(ch.isspace() for ch in text):
        return False
    if text[0] in leading or any(ch in specials for ch in text):
        return False
    return not any(text[i:i + 2] == "//" and (i == 0 or text[i - 1].isspace()) for i in range(len(text) - 1))


def _piece(text: str, specials: str = "", leading: str = "", *, spaces: bool = True) -> str:
    text = _line(text)
    return text if _plain_ok(text, specials, leading, spaces=spaces) else quote(text)


def write_outline(journey: Journey, lang: str | None = None) -> str:
    """The journey as an outline (DOMAIN.md, "The journey outline"), channel, moment, kind, dimension
    and source words in ``lang`` (default: the journey's language).

    Touchpoints are written stage by stage in display order; one that is not linked from the previous
    main-path touchpoint is a side step (``~``). Edges the main path implies are written only when they
    carry a condition or a share. A hard standard without a target is written with ``[]``.

    Examples
    --------
    >>> from journeys.outline import parse_outline
    >>> j = parse_outline("# Visit\\n## Arrive\\nGreet | 3/4 !mot @Guide\\n  - hard responsiveness Reply fast []\\n")
    >>> print(write_outline(j, "zh"))
    # Visit
    ## Arrive
    Greet | 3/4 !关键时刻 @Guide
      - 硬 响应性 Reply fast []
    <BLANKLINE>
    """
    from ..graph import display_order  # networkx loads only when an outline is written: `mot` starts fast

    code = lang_of(lang or journey.locale)
    by_stage: dict[str, list[Touchpoint]] = {stage.id: [] for stage in journey.stages}
    for node in display_order(journey):
        tp = journey.touchpoint(node)
        by_stage[tp.stage].append(tp)
    pairs = {(e.source, e.target) for e in journey.edges}
    mains: list[str] = []
    side: set[str] = set()
    for stage in journey.stages:
        for tp in by_stage[stage.id]:
            if not mains or (mains[-1], tp.id) in pairs:
                mains.append(tp.id)
            else:
                side.add(tp.id)
    implied = set(pairwise(mains))
    leaving: dict[str, list[Edge]] = defaultdict(list)
    for edge in journey.edges:
        leaving[edge.source].append(edge)
    names = {tp.id: tp.name for tp in journey.touchpoints}
    lines = [f"# {_piece(journey.title)}"]
    for stage in journey.stages:
        lines.append(f"## {_piece(stage.name)}")
        for tp in by_stage[stage.id]:
            head = ("~ " if tp.id in side else "") + _piece(tp.name, "|｜", _LEADING)
            fields = _fields(tp, code)
            lines.append(f"{head} | {fields}" if fields else head)
            lines += [_standard(s, code) for s in tp.standards]
            lines += [_expectation(e, code) for e in tp.expectations]
            lines += [f"  \" {_script(s)}" for s in tp.script]
            for edge in leaving[tp.id]:
                if (edge.source, edge.target) not in implied or edge.label is not None or edge.share is not None:
                    lines.append(_edge(edge, names[edge.target]))
    return "\n".join(lines) + "\n"


def _fields(tp: Touchpoint, lang: str) -> str:
    fields = []
    if tp.expected is not None or tp.perceived is not None:
        fields.append("/".join("" if v is None else exact(v) for v in (tp.expected, tp.perceived)))
    fields += ["!" + (m if lang == "en" else t(f"value.{m}", lang)) for m in tp.moments]
    owner, backup = (value if value.strip() else "" for value in (_line(tp.owner or ""), _line(tp.backup or "")))
    if owner or backup:
        fields.append("@" + (_piece(owner, "/", spaces=False) if owner else "")
                      + ("/" + _piece(backup, "/", spaces=False) if backup else ""))
    if tp.channel:
        fields.append("~" + (tp.channel if lang == "en" else t(f"value.{tp.channel}", lang)))
    return " ".join(fields)


def _script(text: str) -> str:
    text = _line(text)
    return text if _plain_ok(text) else quote(text)


def _standard(standard: Standard, lang: str) -> str:
    kind = t(f"outline.kind.{standard.kind}", lang)
    dimension = standard.dimension if lang == "en" else t(f"value.{standard.dimension}", lang)
    text = _piece(standard.text)
    if text == standard.text and text[-1] in "]】" and find_mark(text, "[【") >= 0:
        text = quote(text)  # else its end would read as a target
    target = standard.target
    line = f"  - {kind} {dimension} {text}"
    if target is None:
        return line + " []" if standard.kind == "hard" else line
    phrase = phrase_target(standard.text) if standard.kind == "hard" else None
    if phrase is not None and phrase == (target.metric, target.op, target.value, target.unit or None):
        return line
    return f"{line} [{_target(target)}]"


def target_line(target: Target) -> str:
    """A target on one line as :func:`journeys.outline._parse.target_of` reads it back."""
    return _target(target)


def _target(target: Target) -> str:
    metric = _piece(target.metric, "<>=≤≥[]【】")
    unit = _line(target.unit or "")
    if not unit.strip():
        return f"{metric} {target.op} {exact(target.value)}"
    glued = unit == "%"
    if not glued and (not _plain_ok(unit, "[]【】") or re.match(r"[0-9.]", unit)):
        unit = quote(unit)
    return f"{metric} {target.op} {exact(target.value)}{'' if glued else ' '}{unit}"


def _expectation(expectation: Expectation, lang: str) -> str:
    text = _piece(expectation.text)
    if text == expectation.text and text[-1] in ")）":
        opening = max(text.rfind("("), text.rfind("（"))
        if opening >= 0 and source_of(text[opening + 1:-1]) is not None:
            text = quote(text)
    line = f"  > {text}"
    if expectation.source is None:
        return line
    return f"{line} ({expectation.source if lang == 'en' else t(f'value.{expectation.source}', lang)})"


def _edge(edge: Edge, name: str) -> str:
    line = f"  -> {_piece(name, '(（')}"
    parts = []
    if edge.label is not None and _line(edge.label).strip():
        label = _line(edge.label)
        plain = _plain_ok(label, ",，()（）") and share_of(label) is None
        parts.append(label if plain else quote(label))
    if edge.share is not None:
        parts.append(share_text(edge.share))
    if not parts:
        return line
    if len(parts) == 1 and edge.share is not None:
        return f"{line} ({parts[0]})"
    return f"{line} ({', '.join(parts)})"
