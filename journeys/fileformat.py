"""Reading and writing journey files (YAML and JSON), safely, with errors people can act on.

Loading is safe by construction: YAML goes through the safe loader (no tags that build objects),
documents are bounded in size, nesting depth and alias expansion (no "billion laughs"), duplicate
keys are refused rather than silently dropped, JSON refuses ``NaN``/``Infinity``. Every problem is
reported as a :class:`Problem` naming the file, the field path, the line when the parser can tell
it, and what was expected. Saving is atomic (temporary file, fsync, rename) and follows the umask.
"""

from __future__ import annotations

import contextlib
import difflib
import functools
import gc
import json
import os
import re
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal, get_args

import yaml
from pydantic import BaseModel, ValidationError

from . import model as model_module
from . import yamlblock
from .explain import explain_all
from .model import ID_PATTERN, Journey
from .words import lang_of, t

__all__ = [
    "MAX_ALIASES",
    "MAX_BYTES",
    "MAX_DEPTH",
    "MAX_NODES",
    "MAX_UPLOAD_MB",
    "Format",
    "JourneyFileError",
    "Problem",
    "atomic_write",
    "dumps",
    "format_for",
    "gc_paused",
    "load",
    "loads",
    "problems_from_validation",
    "save",
    "to_data",
]

Format = Literal["yaml", "json"]

MAX_BYTES = 20 * 1024 * 1024
"""Largest journey file accepted (a 10,000-touchpoint journey is about 6 MB of YAML)."""
MAX_DEPTH = 64
"""Deepest nesting accepted; the format itself needs 6 levels."""
MAX_ALIASES = 10_000
MAX_NODES = 2_000_000
"""Most values a document may expand to once aliases are followed (refuses alias bombs)."""
MAX_UPLOAD_MB = 5
"""Largest journey file the app takes as an upload, in MB: its pages say so and check it, and its server
refuses bigger uploads (``mot app`` and ``./dev app`` pass it as ``server.maxUploadSize``)."""

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a journey file.

    ``message`` is in English (``mot validate`` prints it); ``key`` and ``params``, when set, are the
    catalogue word that says the same in either language (:meth:`text`), ``found`` the value the file gave.
    """

    file: str
    path: str
    """Field path such as ``touchpoints[2].emotion.perceived``; empty for the whole document."""
    line: int | None
    message: str
    key: str = ""
    params: tuple[tuple[str, Any], ...] = ()
    found: str | None = None

    @classmethod
    def said(cls, key: str, /, *, path: str = "", file: str = "", line: int | None = None, **params: Any) -> Problem:
        """A problem said by the catalogue word ``key``, its English as :attr:`message`."""
        return cls(file, path, line, t(key, "en", **params), key, tuple(params.items()))

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"

    def text(self, lang: str) -> str:
        """What is wrong, in ``lang``, without the place: the catalogue word when there is one, else the
        English message (a check this reader does not know)."""
        if not self.key:
            return self.message
        said = t(self.key, lang, **dict(self.params))
        return said + t("file.found", lang, shown=self.found) if self.found is not None else said

    def located(self, lang: str) -> str:
        """As :meth:`__str__` (file, line and field path), the message in ``lang``: for the CLI."""
        # The words without the place (a subclass's text may add the line, which this already gives).
        return str(self) if lang_of(lang) == "en" else str(replace(self, message=Problem.text(self, lang)))


class JourneyFileError(ValueError):
    """A journey file could not be read; ``problems`` says every place and what was expected, ``doc`` is the
    document as read when it could be (to name touchpoints by their names)."""

    def __init__(self, problems: list[Problem], doc: Any = None):
        self.problems = problems
        self.doc = doc
        super().__init__("\n".join(str(p) for p in problems))

    def messages(self, lang: str) -> list[str]:
        """Every problem as a person reads it, in ``lang``: the file and line, the touchpoint by its name,
        the field by its label and what was expected (:func:`journeys.explain.explain_all`)."""
        out = []
        for problem, message in zip(self.problems, explain_all(self.problems, self.doc, lang), strict=True):
            if problem.line is None:
                out.append(t("file.where", lang, file=problem.file, message=message))
            else:
                out.append(t("file.where.line", lang, file=problem.file, line=problem.line, message=message))
        return out


def _said(file: str, line: int | None, key: str, /, **params: Any) -> Problem:
    """A problem with the whole document, said by the catalogue word ``key``."""
    return Problem.said(key, file=file, line=line, **params)


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    # Parsing and validating allocate an object per value; the cyclic collector rescans the growing
    # heap again and again and makes a 10,000-touchpoint load several times slower. Nothing cyclic
    # outlives the call, so collection can wait until it returns.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def format_for(name: str | os.PathLike[str], data: str | bytes | None = None) -> Format:
    """The format of a file from its extension, else from its first non-blank character."""
    suffix = Path(name).suffix.lower()
    if suffix == ".json":
        return "json"
    if suffix in {".yaml", ".yml"} or data is None:
        return "yaml"
    head = data[:200].lstrip()
    return "json" if head[:1] in ("{", b"{") else "yaml"


# --------------------------------------------------------------------------------------------- loading


def load(path: str | os.PathLike[str]) -> Journey:
    """Read and validate the journey file at ``path`` (YAML or JSON by its extension)."""
    name = str(path)
    try:
        size = os.path.getsize(path)
        if size > MAX_BYTES:
            raise JourneyFileError([_too_large(name, size)])
        data = Path(path).read_bytes()
    except OSError as exc:
        raise JourneyFileError([_said(name, None, "file.read.cannot", reason=exc.strerror or exc)]) from None
    return loads(data, format_for(name, data), name=name)


def loads(data: str | bytes, fmt: Format = "yaml", *, name: str = "<input>") -> Journey:
    """Parse and validate a journey document given as text or bytes."""
    with gc_paused():
        raw, lines = _parse(data, fmt, name)
        try:
            return Journey.model_validate(raw)
        except ValidationError as exc:
            raise JourneyFileError(problems_from_validation(exc, name, lines), raw) from None


def _too_large(name: str, size: int) -> Problem:
    return _said(name, None, "file.read.too_large", size=f"{size / 1e6:.1f}", limit=f"{MAX_BYTES / 1e6:.0f}")


def _decode(data: str | bytes, name: str) -> str:
    if isinstance(data, str):
        text = data
    else:
        if len(data) > MAX_BYTES:
            raise JourneyFileError([_too_large(name, len(data))])
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise JourneyFileError([_said(name, None, "file.read.not_utf8", byte=exc.start)]) from None
    if len(text) > MAX_BYTES:
        raise JourneyFileError([_too_large(name, len(text.encode()))])
    text = text.removeprefix("\ufeff")
    nul = text.find("\x00")
    if nul >= 0:
        line = text.count("\n", 0, nul) + 1
        raise JourneyFileError([_said(name, line, "file.read.nul")])
    if not text.strip():
        raise JourneyFileError([_said(name, None, "file.read.empty")])
    return text


def _parse(data: str | bytes, fmt: Format, name: str) -> tuple[Any, _Lines]:
    text = _decode(data, name)
    raw, lines = _parse_json(text, name) if fmt == "json" else _parse_yaml(text, name)
    if not isinstance(raw, dict):
        kind = "empty" if raw is None else type(raw).__name__
        raise JourneyFileError([_said(name, 1, "file.read.not_mapping", kind=kind)])
    return raw, lines


class _Lines:
    """Maps field paths to source lines, computed only when an error needs them."""

    def __init__(self, root: yaml.Node | None = None, text: str | None = None):
        self._root = root
        self._text = text

    def line(self, loc: Iterable[str | int]) -> int | None:
        node = self._root
        if node is None and self._text is not None:
            with contextlib.suppress(yaml.YAMLError, RecursionError):
                node = self._root = yaml.compose(self._text, Loader=_Loader)
            self._text = None
        if node is None:
            return None
        best = node.start_mark.line + 1
        for part in loc:
            child = None
            if isinstance(node, yaml.MappingNode):
                for key, value in node.value:
                    if key.value == part:
                        # An unexpected key is reported at the key itself.
                        child = value
                        best = key.start_mark.line + 1
                        break
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
                child = node.value[part]
            if child is None:
                break
            node = child
            best = node.start_mark.line + 1
        return best


def _yaml_problem(name: str, exc: yaml.YAMLError) -> Problem:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line = mark.line + 1 if mark is not None else None
    problem = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None)
    if isinstance(exc, yaml.constructor.ConstructorError):
        return _said(name, line, "file.read.yaml_tag", problem=problem)
    return _said(name, line, "file.read.yaml", problem=problem, context=f" ({context})" if context else "")


class _Unusual(Exception):
    """The document needs the careful path: an error to report, a tag, an alias, a merge key."""


_PLAIN = frozenset({"tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float",
                    "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null", "tag:yaml.org,2002:timestamp"})
_STR = "tag:yaml.org,2002:str"


def _plain_yaml(text: str) -> dict[str, Any]:
    """The document built straight from the parser's events in one pass, when it is a plain one.

    A journey file as ``mot`` writes it is one mapping of mappings, lists and untagged scalars. For
    such a document this gives what the careful path gives (the same resolver and scalar constructors),
    at a fraction of its time and memory: no node tree, no second parse. Anything else (a syntax
    error, nesting past :data:`MAX_DEPTH`, a duplicate key, an anchor, alias, tag or merge key, more
    than :data:`MAX_NODES` values, several documents) raises :class:`_Unusual`, and the careful path
    reads the file again and reports exactly what it always has.
    """
    loader = _Loader(text)
    next_event, resolve, constructors = loader.get_event, loader.resolve, loader.yaml_constructors
    scalar_event, mapping_start, sequence_start = yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent
    ends = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
    scalars: dict[tuple[str, bool], Any] = {}  # each distinct scalar resolved and constructed once
    stack: list[Any] = []  # the open collections, innermost last
    pending: list[Any] = []  # for each: the key waiting for its value (_NO_KEY when none, or a list)
    seen: list[set[str]] = []  # for each: the keys as written, to find a duplicate
    root: Any = _NO_KEY
    nodes = documents = 0
    event: Any  # its kind is known from its type; mypy sees yaml.Event only
    try:
        while True:
            event = next_event()
            kind = type(event)
            if kind is scalar_event:
                if event.anchor is not None or (event.tag is not None and event.tag != "!"):
                    raise _Unusual
                raw, plain = event.value, event.implicit[0]
                try:
                    value = scalars[raw, plain]
                except KeyError:
                    tag = resolve(yaml.ScalarNode, raw, event.implicit) if plain else _STR
                    if tag not in _PLAIN:
                        raise _Unusual from None
                    value = raw if tag == _STR else constructors[tag](loader, yaml.ScalarNode(tag, raw))
                    scalars[raw, plain] = value
            elif kind is mapping_start or kind is sequence_start:
                if event.anchor is not None or (event.tag is not None and event.tag != "!") or \
                        len(stack) >= MAX_DEPTH:
                    raise _Unusual
                stack.append({} if kind is mapping_start else [])
                pending.append(_NO_KEY)
                seen.append(set())
                continue
            elif kind in ends:
                value = stack.pop()
                pending.pop()
                seen.pop()
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise _Unusual
                continue
            elif kind is yaml.StreamEndEvent:
                break
            elif kind is yaml.AliasEvent:
                raise _Unusual
            else:  # the stream's start, a document's end
                continue
            nodes += 1
            if nodes > MAX_NODES:
                raise _Unusual
            if not stack:
                root = value
                continue
            top = stack[-1]
            if type(top) is list:
                top.append(value)
            elif pending[-1] is _NO_KEY:  # a key
                if kind is not scalar_event or raw in seen[-1] or (raw == "<<" and plain):
                    raise _Unusual  # a collection as key, a duplicate or a merge key
                seen[-1].add(raw)
                pending[-1] = value
            else:
                top[pending[-1]] = value
                pending[-1] = _NO_KEY
    except (yaml.YAMLError, ValueError, OverflowError, TypeError, RecursionError):
        raise _Unusual from None
    finally:
        loader.dispose()
    if type(root) is not dict:
        raise _Unusual
    return root


_NO_KEY: Any = object()


def _parse_yaml(text: str, name: str) -> tuple[Any, _Lines]:
    try:
        return _plain_yaml(text), _Lines(text=text)
    except _Unusual:
        pass
    try:
        _check_events(text, name)
        documents = list(yaml.compose_all(text, Loader=_Loader))
    except yaml.YAMLError as exc:
        raise JourneyFileError([_yaml_problem(name, exc)]) from None
    if len(documents) > 1:
        line = documents[1].start_mark.line + 1
        raise JourneyFileError([_said(name, line, "file.read.several")])
    if not documents:
        raise JourneyFileError([_said(name, None, "file.read.empty")])
    root = documents[0]
    _check_nodes(root, name)
    try:
        raw = _Loader("").construct_document(root)
    except yaml.YAMLError as exc:
        raise JourneyFileError([_yaml_problem(name, exc)]) from None
    except (ValueError, OverflowError) as exc:  # e.g. an impossible timestamp such as 2024-13-45
        raise JourneyFileError([_said(name, None, "file.read.value", reason=exc)]) from None
    return raw, _Lines(root)


def _event_line(event: yaml.Event) -> int | None:
    """The line ``event`` starts on; the parser marks every event it emits, a hand-built one may have none."""
    return event.start_mark.line + 1 if event.start_mark is not None else None


def _check_events(text: str, name: str) -> None:
    """Bound depth and alias use from the (iterative) event stream before anything recursive runs."""
    depth = aliases = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise JourneyFileError([_said(name, _event_line(event), "file.read.too_deep", limit=MAX_DEPTH)])
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
        elif isinstance(event, yaml.AliasEvent):
            aliases += 1
            if aliases > MAX_ALIASES:
                raise JourneyFileError([_said(name, _event_line(event), "file.read.aliases", limit=MAX_ALIASES)])


def _check_nodes(root: yaml.Node, name: str) -> None:
    """Refuse duplicate keys, recursive aliases and documents that expand past MAX_NODES values."""
    sizes: dict[int, int] = {}
    active: set[int] = set()

    def size(node: yaml.Node) -> int:
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in active:
            raise JourneyFileError([_said(name, node.start_mark.line + 1, "file.read.recursive")])
        active.add(key)
        total = 1
        if isinstance(node, yaml.MappingNode):
            seen: dict[Any, int] = {}
            for k, v in node.value:
                if isinstance(k, yaml.ScalarNode):
                    if k.value in seen and k.tag != "tag:yaml.org,2002:merge":
                        raise JourneyFileError([_said(name, k.start_mark.line + 1, "file.read.duplicate_key",
                                                      name=k.value, first=seen[k.value])])
                    seen[k.value] = k.start_mark.line + 1
                total += size(k) + size(v)
        elif isinstance(node, yaml.SequenceNode):
            for item in node.value:
                total += size(item)
        active.discard(key)
        if total > MAX_NODES:
            raise JourneyFileError([_said(name, node.start_mark.line + 1, "file.read.too_many",
                                          limit=f"{MAX_NODES:,}")])
        sizes[key] = total
        return total

    size(root)


class _Refused(ValueError):
    """A JSON value the reader refuses, said by the catalogue word ``key``."""

    def __init__(self, key: str, /, **params: Any):
        super().__init__(t(key, "en", **params))
        self.key, self.params = key, params


def _reject_constant(token: str) -> float:
    raise _Refused("file.read.constant", token=token)


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _Refused("file.read.duplicate_json_key", name=key)
        result[key] = value
    return result


def _parse_json(text: str, name: str) -> tuple[Any, _Lines]:
    try:
        raw = json.loads(text, parse_constant=_reject_constant, object_pairs_hook=_no_duplicate_keys)
    except json.JSONDecodeError as exc:
        raise JourneyFileError([_said(name, exc.lineno, "file.read.json", problem=exc.msg, column=exc.colno)]) from None
    except RecursionError:
        raise JourneyFileError([_said(name, None, "file.read.too_deep_json", limit=MAX_DEPTH)]) from None
    except _Refused as exc:
        raise JourneyFileError([_said(name, None, exc.key, **exc.params)]) from None
    except ValueError as exc:
        raise JourneyFileError([_said(name, None, "file.read.value", reason=exc)]) from None
    # JSON is (nearly) YAML flow syntax, so YAML's composer finds lines for error messages, lazily.
    return raw, _Lines(text=text)


def _path(loc: Iterable[str | int]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


# Pydantic's own words for these say less than ours: the English message is ours.
_EXPECTED = {"missing": "file.type.missing", "extra_forbidden": "file.type.extra"}
# Pydantic's error types as catalogue words (``file.type.*``) and the context entry that fills ``{limit}``.
_TYPES: dict[str, tuple[str, str | None]] = {
    "missing": ("missing", None), "extra_forbidden": ("extra", None),
    "greater_than_equal": ("ge", "ge"), "less_than_equal": ("le", "le"),
    "greater_than": ("gt", "gt"), "less_than": ("lt", "lt"),
    "float_parsing": ("number", None), "float_type": ("number", None), "finite_number": ("number", None),
    "int_parsing": ("integer", None), "int_type": ("integer", None), "int_from_float": ("integer", None),
    "string_type": ("text", None), "bool_parsing": ("bool", None), "bool_type": ("bool", None),
    "list_type": ("list", None), "dict_type": ("mapping", None), "model_type": ("mapping", None),
    "model_attributes_type": ("mapping", None),
    "literal_error": ("choice", None), "enum": ("choice", None),
    "string_too_short": ("short_text", "min_length"), "string_too_long": ("long_text", "max_length"),
    "too_short": ("few_items", "min_length"), "too_long": ("many_items", "max_length"),
    "string_pattern_mismatch": ("pattern", None),
    "date_parsing": ("date", None), "date_type": ("date", None), "date_from_datetime_parsing": ("date", None),
    "date_from_datetime_inexact": ("date", None),
}
_QUOTED = re.compile(r"'([^']*)'")


def _word(error: Any) -> tuple[str, dict[str, Any]]:
    """The catalogue word of one pydantic error and its parameters; ``("", {})`` for a type it has none for."""
    ctx = dict(error.get("ctx") or {})
    if "key" in ctx:  # a check of the model (:mod:`journeys.model`): its word rides in the context
        key = ctx.pop("key")
        return key, ctx
    kind, limit = _TYPES.get(error["type"], ("", None))
    if not kind:
        return "", {}
    if kind == "choice":
        return "file.type.choice", {"choices": ", ".join(f"'{c}'" for c in _QUOTED.findall(str(ctx.get("expected"))))}
    if kind == "pattern":
        pattern = str(ctx.get("pattern"))
        return ("file.type.id", {}) if pattern == ID_PATTERN else ("file.type.pattern", {"pattern": pattern})
    if not limit:
        return f"file.type.{kind}", {}
    value = ctx.get(limit)  # 5.0 as pydantic says it: 5
    return f"file.type.{kind}", {"limit": int(value) if isinstance(value, float) and value.is_integer() else value}


def _model_in(annotation: Any) -> type[BaseModel] | None:
    """The model a field's annotation holds (``list[Touchpoint]``, ``Nps | None``...), if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return next((found for arg in get_args(annotation) if (found := _model_in(arg)) is not None), None)


def _like(title: str, loc: tuple[str | int, ...]) -> str | None:
    """For an unknown field at ``loc`` in the model named ``title``: the field, as a file spells it, that
    is closest to the one written (``ownr`` → ``owner``), if one is close."""
    return _like_at(title, tuple(None if isinstance(part, int) else part for part in loc))


@functools.lru_cache(maxsize=256)  # a file misspells the same field in many places
def _like_at(title: str, loc: tuple[str | None, ...]) -> str | None:
    model = _model_in(getattr(model_module, title, None))
    for part in loc[:-1]:
        if model is None:
            return None
        if part is not None:
            field = next((f for n, f in model.model_fields.items() if (f.alias or n) == part), None)
            model = _model_in(field.annotation) if field is not None else None
    if model is None or loc[-1] is None:
        return None
    close = difflib.get_close_matches(loc[-1], [f.alias or n for n, f in model.model_fields.items()], n=1, cutoff=0.6)
    return close[0] if close else None


def problems_from_validation(exc: ValidationError, name: str, lines: _Lines | None = None) -> list[Problem]:
    """Turn pydantic's errors into :class:`Problem` rows with field paths, lines and catalogue words; an
    unknown field says which known one it is close to."""
    problems: list[Problem] = []
    for error in exc.errors(include_url=False):
        loc = tuple(error["loc"])
        if error["type"] == "extra_forbidden" and (like := _like(exc.title, loc)):
            line = lines.line(loc) if lines is not None else None
            problems.append(Problem.said("file.type.extra_like", file=name, path=_path(loc), line=line, like=like))
            continue
        message = t(_EXPECTED[error["type"]], "en") if error["type"] in _EXPECTED else error["msg"]
        found = None
        if error["type"] not in _EXPECTED:
            given = error.get("input")
            # An unknown or repeated reference and a format names its value already; a blank one has nothing to show.
            if isinstance(given, str | int | float | bool) and error["type"] not in {"unknown_ref", "duplicate",
                                                                                      "blank", "format_version"}:
                found = repr(given) if len(repr(given)) <= 60 else repr(given)[:57] + "..."
                message = f"{message} (found {found})"
        line = lines.line(loc) if lines is not None else None
        key, params = _word(error)
        problems.append(Problem(name, _path(loc), line, message, key, tuple(params.items()), found))
    return problems


# --------------------------------------------------------------------------------------------- saving


def to_data(journey: Journey) -> dict[str, Any]:
    """The journey as plain data in file order, leaving out what is empty or unset."""
    return _prune(journey.model_dump(mode="json", by_alias=True, exclude_none=True))


def _prune(value: Any, keep: frozenset[str] = frozenset({"touchpoints", "stages"})) -> Any:
    # Only dicts and lists are walked into: a call per string or number is most of the time.
    if isinstance(value, dict):
        return {k: _prune(v) if isinstance(v, dict | list) else v for k, v in value.items() if v != [] or k in keep}
    if isinstance(value, list):
        return [_prune(v) if isinstance(v, dict | list) else v for v in value]
    return value


def dumps(journey: Journey, fmt: Format = "yaml") -> str:
    """The journey as YAML or JSON text; Chinese stays readable (no ``\\u`` escapes)."""
    with gc_paused():
        data = to_data(journey)
        if fmt == "json":
            return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
        return yamlblock.dump(data)  # what yaml.dump writes (block style, width 100), faster


def save(journey: Journey, path: str | os.PathLike[str], fmt: Format | None = None) -> Path:
    """Write ``journey`` to ``path`` atomically: a crash leaves either the old file or the new one."""
    target = Path(path)
    text = dumps(journey, fmt or format_for(target))
    atomic_write(target, text.encode("utf-8"))
    return target


def _umask() -> int:
    """The process's umask: from /proc on Linux, else by setting it and straight back (the app's other
    threads would meanwhile create files more private, never less)."""
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    mask = os.umask(0o077)
    os.umask(mask)
    return mask


def atomic_write(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` through a temporary file in the same folder, fsync and rename.

    The file gets the permissions of any file the user creates (``0o666`` less the umask), not the
    temporary file's private ``0o600``: an exported script or diagram is shared as the folder's
    other files are.
    """
    folder = target.parent if str(target.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        os.fchmod(fd, 0o666 & ~_umask())
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    with contextlib.suppress(OSError):
        dir_fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
