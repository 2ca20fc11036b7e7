"""Block-style YAML for journey data, fast, and byte for byte what PyYAML writes.

``yaml.dump`` walks every value through PyYAML's representer in Python and then through the
emitter: for a 20,000-touchpoint journey that is over a second. Journey data is a tree of dicts,
lists, strings, numbers, booleans and None, and nearly every string in it is a word or a sentence
that PyYAML writes plain, unquoted, on one line. :func:`dump` writes those lines itself and hands
everything else to PyYAML: any value it is not sure about (a string PyYAML would quote, escape or
wrap, a long key, a type other than the plain ones) sends the enclosing top-level entry, or the
enclosing item of a top-level list, to ``yaml.dump`` with the same options, which writes that
part exactly as it writes it inside the whole document. A container appearing twice (which PyYAML
writes as an anchor and an alias) sends the whole document to ``yaml.dump``.

Plain is decided conservatively, on a subset of what PyYAML writes plain: no character that is an
indicator or a line break anywhere, no leading or trailing space, no character outside the Basic
Multilingual Plane, a text that PyYAML's resolver would not read back as another type, and a line
that ends within the width (so PyYAML could not fold it). The property tests compare :func:`dump`
with :func:`reference_dump` on arbitrary journeys and on nasty strings.
"""

from __future__ import annotations

import math
import re
from typing import Any

import yaml

__all__ = ["WIDTH", "dump", "reference_dump"]

_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
WIDTH = 100
"""The line width journey files are written with."""

_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"

# Letters of the Basic Multilingual Plane both libyaml and PyYAML's own emitter print as they are
# with allow_unicode, less the line and paragraph separators and the byte order mark.
_WIDE = "\u00a0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd"
# A first character that is no indicator (nor '-' or '.', which may start "---", "..." or "- "); then
# no ':', '#', ',', '?', brackets, braces, backquote, tab or line break; no trailing space.
_INNER = rf"A-Za-z0-9_./()'\"+=&*!@$%;<>~^|\\{_WIDE}-"
_PLAIN = re.compile(rf"[A-Za-z0-9_/()+=$;<~^\\{_WIDE}](?:[ {_INNER}]*[{_INNER}])?")
_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,63}")
_RESOLVERS: dict[str | None, list[tuple[str, re.Pattern[str]]]] = _Dumper.yaml_implicit_resolvers


class _NotPlain(Exception):
    """A value :func:`dump` leaves to PyYAML."""


class _Shared(Exception):
    """A dict or list that appears twice: PyYAML writes an anchor and an alias."""


def reference_dump(data: Any) -> str:
    """What journey files are: ``yaml.dump`` with their options."""
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=WIDTH,
                     default_flow_style=False)


def _resolves_to(text: str) -> str:
    """The tag PyYAML's resolver gives ``text`` written plain (as ``Resolver.resolve`` does)."""
    for tag, regexp in _RESOLVERS.get(text[0], []) + _RESOLVERS.get(None, []):
        if regexp.match(text):
            return tag
    return _STR


def _float_text(value: float) -> str:
    """``SafeRepresenter.represent_float``'s text."""
    if math.isnan(value):
        return ".nan"
    if math.isinf(value):
        return ".inf" if value > 0 else "-.inf"
    text = repr(value).lower()
    if "." not in text and "e" in text:
        text = text.replace("e", ".0e", 1)
    return text


class _Writer:
    def __init__(self) -> None:
        self.plain: dict[str, bool] = {}
        """Strings seen, and whether they may be written plain (wherever they fit)."""
        self.keys: dict[str, bool] = {}
        self.numbers: dict[tuple[type, Any], str | None] = {}
        self.seen: dict[int, int] = {}
        """The dicts and lists written, by id, each with the number of its part."""
        self.part = 0

    def scalar(self, value: Any, column: int) -> str:
        kind = type(value)
        if kind is str:
            ok = self.plain.get(value)
            if ok is None:
                ok = self.plain[value] = _PLAIN.fullmatch(value) is not None and _resolves_to(value) == _STR
            if not ok or column + len(value) > WIDTH:
                raise _NotPlain
            return value
        if kind is bool:
            return "true" if value else "false"
        if value is None:
            return "null"
        if kind is not int and kind is not float:
            raise _NotPlain
        # 0.0 and -0.0 are equal (one dict key) but written apart: a float zero is keyed by its text.
        number = (kind, value) if value or kind is int else (kind, str(value))
        try:
            text = self.numbers[number]
        except KeyError:
            text, tag = (str(value), _INT) if kind is int else (_float_text(value), _FLOAT)
            if _resolves_to(text) != tag:
                text = None
            self.numbers[number] = text
        if text is None:
            raise _NotPlain
        return text

    def key(self, key: Any) -> str:
        if type(key) is not str:
            raise _NotPlain
        ok = self.keys.get(key)
        if ok is None:
            ok = self.keys[key] = _KEY.fullmatch(key) is not None and _resolves_to(key) == _STR
        if not ok:
            raise _NotPlain
        return key

    def container(self, value: Any) -> None:
        if id(value) in self.seen:
            raise _Shared
        self.seen[id(value)] = self.part

    def register(self, value: Any, mine: set[int]) -> None:
        """Count the dicts and lists of a part PyYAML writes (some already counted as this part)."""
        kind = type(value)
        if kind is dict or kind is list:
            if id(value) in mine or self.seen.get(id(value), self.part) != self.part:
                raise _Shared
            mine.add(id(value))
            self.seen[id(value)] = self.part
            for item in value.values() if kind is dict else value:
                self.register(item, mine)

    def mapping(self, data: dict[Any, Any], indent: int, out: list[str]) -> None:
        """Lines of a non-empty mapping at ``indent``."""
        self.container(data)
        pad = " " * indent
        for key, value in data.items():
            key = self.key(key)
            self.node(pad + key + ":", value, indent, indent + len(key) + 2, out, in_mapping=True)

    def sequence(self, data: list[Any], indent: int, out: list[str]) -> None:
        """Lines of a non-empty sequence at ``indent``."""
        self.container(data)
        head = " " * indent + "-"
        for item in data:
            self.node(head, item, indent, indent + 2, out, in_mapping=False)

    def node(self, head: str, value: Any, indent: int, column: int, out: list[str], in_mapping: bool) -> None:
        """``value`` after ``head`` (``key:`` or ``-``), its scalar starting at ``column``."""
        kind = type(value)
        if kind is dict:
            if not value:
                self.container(value)
                out.append(head + " {}")
            elif in_mapping:
                out.append(head)
                self.mapping(value, indent + 2, out)
            else:  # a sequence item: the mapping's first line goes on the dash's
                start = len(out)
                self.mapping(value, indent + 2, out)
                out[start] = head + " " + out[start][indent + 2:]
        elif kind is list:
            if not value:
                self.container(value)
                out.append(head + " []")
            elif in_mapping:  # a mapping's sequence is not indented
                out.append(head)
                self.sequence(value, indent, out)
            else:
                start = len(out)
                self.sequence(value, indent + 2, out)
                out[start] = head + " " + out[start][indent + 2:]
        else:
            out.append(head + " " + self.scalar(value, column))

    def part_or_pyyaml(self, out: list[str], key: str, value: Any, item: bool) -> None:
        """One top-level entry (or one item of a top-level list) as lines, by PyYAML if need be."""
        self.part += 1
        start = len(out)
        try:
            if item:
                self.node("-", value, 0, 2, out, in_mapping=False)
            else:
                self.node(key + ":", value, 0, len(key) + 2, out, in_mapping=True)
        except _NotPlain:
            del out[start:]
            self.register(value, set())
            text = reference_dump({key: [value]} if item else {key: value})
            if item:  # PyYAML's lines less the first, "key:"
                first, text = text.split("\n", 1)
                if first != key + ":":
                    raise _Shared from None  # not as expected: the whole document goes to PyYAML
            out.append(text[:-1])


def dump(data: Any) -> str:
    """``data`` as :func:`reference_dump` writes it, faster."""
    if type(data) is not dict or not data:
        return reference_dump(data)
    writer = _Writer()
    out: list[str] = []
    try:
        writer.container(data)
        for key, value in data.items():
            key = writer.key(key)
            if type(value) is list and value:
                writer.container(value)
                out.append(key + ":")
                for item in value:  # each item its own part
                    writer.part_or_pyyaml(out, key, item, item=True)
            else:
                writer.part_or_pyyaml(out, key, value, item=False)
    except (_NotPlain, _Shared):
        return reference_dump(data)
    return "\n".join(out) + "\n"
