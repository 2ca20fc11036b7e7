"""The word catalogue: every key in both languages with the same placeholders, and a Chinese page that
shows none of our English words and no developer text (every page walked through AppTest)."""

from __future__ import annotations

import ast
import json
import re
import string
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from google.protobuf.message import Message
from streamlit.testing.v1 import AppTest

from journeys.words import WORDS, lang_of, plural, t

from .test_app import BUILD, JOURNEYS, VERSIONS, WEAK, create_from_template, ok

ROOT = Path(__file__).resolve().parent.parent
COMPARE = "components/pages/compare.py"
ACTIONS = "components/pages/actions.py"
PAGES = [JOURNEYS, BUILD, WEAK, ACTIONS, VERSIONS, COMPARE]

# Words that are the same in both languages: names of methods, formats and products.
SAME_IN_BOTH = {"App", "MOT", "SERVQUAL", "NPS", "PDF", "Kano", "CLEAR", "Markdown", "HTML", "Word", "Excel",
                "SVG", "PNG", "DOT", "Mermaid", "CSV", "YAML", "JSON", "XLSX", "A", "B", "Graphviz", "Id", "n"}


GRAMMAR = {"points", "dimension_label", "dimension_label_lower"}


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


@pytest.mark.parametrize("key", list(WORDS))
def test_every_word_has_both_languages_and_the_same_placeholders(key: str) -> None:
    zh, en = WORDS[key]
    # Both hold text, or both only spacing (a separator one language writes as nothing).
    assert bool(zh.strip()) == bool(en.strip()) and (zh or en), f"{key}: a language is missing"
    # Grammar only one language needs (an English plural, a lower-case label) may differ; data may not.
    differ = fields(zh) ^ fields(en)
    if key == "words.and_more":  # Chinese counts them all ("等 7 个接触点"), English the rest ("and 2 more")
        differ -= {"total", "rest"}
    assert differ <= GRAMMAR, f"{key}: placeholders differ: {fields(zh)} vs {fields(en)}"
    assert "|" not in zh or "|" in en, f"{key}: plural forms are English only"


def test_the_language_rule_and_the_plural_rule() -> None:
    assert [lang_of(x) for x in ("zh", "zh-CN", "ZH_tw", "en", "en-US", "fr", "", None)] == \
        ["zh", "zh", "zh", "en", "en", "en", "en", "en"]
    assert [plural("a|b", n, "en") for n in (0, 1, 1.0, 2, 0.5)] == ["b", "a", "a", "b", "b"]
    assert plural("a|b", 2, "zh") == "a"
    assert t("words.points", "en", count=3) == "3 points"
    with pytest.raises(KeyError):
        t("no.such.word", "zh")


def test_no_module_keeps_a_word_table_of_its_own() -> None:
    """Words live in the catalogue: no other module holds a dict keyed by the two languages."""
    offenders = []
    for path in [*ROOT.glob("journeys/**/*.py"), *ROOT.glob("exports/*.py"), *ROOT.glob("components/**/*.py"),
                 ROOT / "cli.py"]:
        if "words" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Dict):
                keys = {k.value for k in node.keys if isinstance(k, ast.Constant)}
                if {"zh", "en"} <= keys:
                    offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert offenders == []


# --- the Chinese pages -----------------------------------------------------------------------------------

def english_words() -> list[tuple[str, re.Pattern[str], tuple[str, ...]]]:
    """Our English texts that differ from their Chinese twin, as patterns (placeholders match anything)."""
    patterns = []
    for key, (zh, en) in WORDS.items():
        for form in en.split("|"):
            parsed = list(string.Formatter().parse(form))
            literal = "".join(text for text, _, _, _ in parsed)
            # Only what we wrote counts: a form that is all placeholders and marks says nothing English.
            if form == zh or form in SAME_IN_BOTH or not re.search(r"[A-Za-z]{2,}", literal):
                continue
            parts = [re.escape(text) + (".+?" if name is not None else "") for text, name, _, _ in parsed]
            patterns.append((key, re.compile("".join(parts)), tuple(text for text, _, _, _ in parsed if text)))
    return patterns


def developer_texts() -> list[str]:
    """The first line of every docstring and bare string of the product's code: never meant for a page
    (Streamlit's magic writes a bare string of a page on the page)."""
    firsts = []
    for path in [ROOT / "app.py", *ROOT.glob("components/**/*.py"), *ROOT.glob("exports/*.py"),
                 *ROOT.glob("journeys/**/*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
                    and isinstance(node.value.value, str) and node.value.value.strip()):
                firsts.append(node.value.value.strip().splitlines()[0][:40])
    return firsts


def fields_of(message: Message) -> Iterator[tuple[str, str, str]]:
    """Every text field of a proto and the ones it holds: (the message's type, the field's name, the text)."""
    for descriptor, value in message.ListFields():
        values = value if descriptor.is_repeated else [value]
        for v in values:
            if isinstance(v, Message):
                yield from fields_of(v)
            elif isinstance(v, str):
                yield message.DESCRIPTOR.name, descriptor.name, v


# A custom component's code (its HTML, CSS, JavaScript) is not text on the page; what it shows comes in
# its data, read like a chart's texts (the keys below).
CODE = {("BidiComponent", "html_content"), ("BidiComponent", "css_content"), ("BidiComponent", "js_content")}
READABLE = ("title", "text", "subtitle", "description", "label", "placeholder", "send", "waiting")


def strings_of(message: Message) -> Iterator[str]:
    for kind, name, text in fields_of(message):
        if (kind, name) not in CODE:
            yield text


def protos(at: AppTest) -> Iterator[Message]:
    """The proto of every element and block on the page, main area and sidebar."""
    def walk(node) -> Iterator[Message]:  # type: ignore[no-untyped-def]
        proto = getattr(node, "proto", None)
        if proto is not None:
            yield proto
        for child in getattr(node, "children", {}).values():
            yield from walk(child)
    yield from walk(at._tree)


def shown(at: AppTest) -> Iterator[str]:
    """Every text an element of the page carries (labels, help, options, bodies, chart titles)."""
    for proto in protos(at):
        for text in strings_of(proto):
            if text.startswith("{") and text.rstrip().endswith("}"):
                yield from json_strings(text)
            else:
                yield text


def json_strings(text: str) -> Iterator[str]:
    try:
        data = json.loads(text)
    except ValueError:
        yield text
        return
    # A chart spec: what a person reads are its titles and texts (mark types and field names are code).
    stack = [(data, False)]
    while stack:
        item, readable = stack.pop()
        if isinstance(item, dict):
            stack.extend((v, readable or k in READABLE) for k, v in item.items())
        elif isinstance(item, list):
            stack.extend((v, readable) for v in item)
        elif isinstance(item, str) and readable:
            yield item


def english_on(at: AppTest) -> set[str]:
    patterns = english_words()
    found = set()
    for text in shown(at):
        plain = text.strip()
        for key, pattern, literals in patterns:
            # Every literal part must be in the text for the pattern to match: a cheap test first, since a
            # pattern's ".+?" searched through a diagram's SVG costs time quadratic in its length.
            if not all(part in plain for part in literals):
                continue
            if pattern.fullmatch(plain) or (len(pattern.pattern) > 14 and " " in pattern.pattern
                                            and pattern.search(plain)):
                found.add(f"{key}: {plain[:80]!r}")
    return found


def developer_text_on(at: AppTest) -> set[str]:
    firsts = developer_texts()
    return {first for text in shown(at) for first in firsts if first in text}


def save_a_second_version(at: AppTest) -> AppTest:
    editor = at.session_state["editor"]
    at.switch_page(VERSIONS).run()
    at.text_input(key="version_note").set_value("第二版").run()
    at.button(key="version_save").click().run()
    return ok(at) if editor else at


@pytest.mark.parametrize("page", PAGES)
def test_a_chinese_page_shows_no_english_word_and_no_developer_text(new_app: Callable[..., AppTest],
                                                                    page: str) -> None:
    empty = ok(new_app("zh").switch_page(page).run())
    at = create_from_template(new_app("zh"))
    at.switch_page(page).run()
    for state in (empty, ok(at)):
        assert english_on(state) == set()
        assert developer_text_on(state) == set()


def test_the_walk_finds_english_and_developer_text(new_app: Callable[..., AppTest]) -> None:
    """The check above can fail: on an English page it finds our English words."""
    at = create_from_template(new_app("en"), "business-hall", "en")
    ok(at.switch_page(WEAK).run())
    assert english_on(at)
