"""The fast YAML writer writes exactly what ``yaml.dump`` writes with the journey file options."""

from __future__ import annotations

import math
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journeys import fileformat, yamlblock
from journeys.model import Journey
from journeys.synthetic import synthetic_journey

from .conftest import DATA
from .strategies import journeys

NASTY = [
    "", " ", "a", "a ", " a", "a  b", "yes", "No", "ON", "off", "y", "n", "null", "Null", "~", "true", "False",
    "0", "-0", "+1", "1_000", "0x1F", "0o17", "0b101", "1e3", "1.5", "3.", ".5", ".inf", "-.Inf", ".nan",
    "2026-12-01", "2026-12-01 20:15:09+08:00", "12:30", "1:20:30", "<<", "<", "<=", ">=", ">", "=", "==", "!=",
    "'q'", "it's", '"dq"', 'say "hi"', "a: b", "a:b", "a :b", "key:", ":x", "a #b", "a#b", "#x", "? x", "?x",
    "- x", "-x", "-", "--", "---", "--- x", "...", "... x", "..x", "a,b", "[x]", "{x}", "a[b]", "&a", "*a", "!a",
    "%x", "@x", "`x`", "|", "|x", ">x", "a\tb", "\ta", "a\n", "\na", "a\nb", "a\n\nb", "a \nb", "a\n b", "a\rb",
    "a\x85b", "a\u2028b", "a\u2029b", "\ufeffa", "a\ufeff", "\x00", "\x07", "\x1b[0m", "\x7f", "\x9f", "\xa0",
    "a\xa0", "é", "迎宾", "营业厅：办理", "“引号”", "😀", "a😀", "\U0001F600 x", "\u202eabc", "a\u200bb", "\ue000",
    "\ufffd", "\uffff", "\\", "a\\b", "\\n", "/path/to", "(x)", "x)", "+", "$5", "100%", "a;b", "^x", "~x", "x~",
    "a|b", "a>b", "a&b", "a*b", "a!b", "a@b", "a=b", "a+b", "a'", "a\"", "(",
]
"""Strings PyYAML quotes, escapes, folds or resolves as another type, and near misses it writes plain."""
WORDS = ["a", "bb", "Take", "number", "迎宾", "é", "x-1", "it's", ":", "#", " ", "  ", "\n", "'", '"', "-", "."]
KEYS = ["id", "name", "n", "yes", "null", "on", "1", "a b", "a:", "-", "", "k" * 64, "k" * 65, "迎", "_x", "A1"]


def _long(parts: list[str]) -> str:
    return "".join(parts)


strings = st.one_of(
    st.sampled_from(NASTY),
    st.text(st.characters(exclude_categories=("Cs",)), max_size=12),
    # words and spaces up to and past the width, so that folding at 100 columns is tried at every column
    st.lists(st.sampled_from(WORDS), max_size=60).map(_long),
    st.builds(lambda n, word: (word + " ") * n + word, st.integers(0, 40), st.sampled_from(["ab", "c", "迎宾"])),
)
numbers = st.one_of(st.integers(), st.integers(-10, 10), st.floats(), st.floats(-1e6, 1e6).map(lambda x: round(x, 2)),
                    st.sampled_from([1e17, 1e-05, -0.0, 0.0, 1.0, math.inf, -math.inf, math.nan, 10**30]))
scalars = strings | numbers | st.booleans() | st.none()
keys = st.sampled_from(KEYS) | strings
trees = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=4),
                     max_leaves=30)
documents = st.dictionaries(keys, trees | st.lists(trees, max_size=4), max_size=6)


def _same(data: Any) -> None:
    assert yamlblock.dump(data) == yamlblock.reference_dump(data)


def _contexts(value: Any, key: Any = "key") -> list[dict[Any, Any]]:
    """``value`` (and ``key``) wherever a journey file can hold them."""
    return [{key: value}, {"top": [value]}, {"top": [{key: value}]}, {"top": {key: value}},
            {"top": [{"id": "x", "more": [value], "deeper": {key: [{key: value}]}}]}, {"top": [[value, [value]]]}]


@pytest.mark.parametrize("value", NASTY, ids=repr)
def test_each_nasty_string_is_written_as_yaml_dump_writes_it(value: str) -> None:
    for data in _contexts(value) + _contexts("x", key=value):
        _same(data)


@pytest.mark.parametrize("value", [0, -1, 10**30, True, False, None, 0.0, -0.0, 1.0, 2.5, -3.25, 1e17, 1e-05, 1e300,
                                   math.inf, -math.inf, math.nan], ids=repr)
def test_numbers_booleans_and_none_are_written_as_yaml_dump_writes_them(value: Any) -> None:
    for data in _contexts(value):
        _same(data)


def test_long_lines_fold_where_yaml_dump_folds_them() -> None:
    # A space at every column around the width, after keys of several lengths, at several depths.
    for key in ["k", "name", "k" * 17]:
        for length in range(80, 110):
            for space in range(length - 12, length - 1):
                value = "a" * space + " " + "b" * (length - space - 1)
                for data in _contexts(value, key):
                    _same(data)


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=documents)
def test_any_tree_is_written_as_yaml_dump_writes_it(data: dict[Any, Any]) -> None:
    _same(data)


@settings(max_examples=2000, deadline=None)
@given(value=scalars, key=keys, depth=st.integers(0, 4), in_list=st.booleans())
def test_any_scalar_at_any_depth_is_written_as_yaml_dump_writes_it(value: Any, key: Any, depth: int,
                                                                    in_list: bool) -> None:
    node: Any = [value] if in_list else {key: value}
    for level in range(depth):
        node = {"touchpoints": [node]} if level % 2 else {key: node, "after": value}
    _same({"before": value, "top": node} if isinstance(node, list) else node)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(journey=journeys)
def test_any_journey_is_written_as_yaml_dump_writes_it(journey: Journey) -> None:
    _same(fileformat.to_data(journey))


@pytest.mark.parametrize("journey", [synthetic_journey(300), fileformat.load(DATA / "domain-example.yaml")],
                         ids=["synthetic", "domain-example"])
def test_journeys_are_written_as_yaml_dump_writes_them(journey: Journey) -> None:
    _same(fileformat.to_data(journey))


def test_a_shared_list_is_an_anchor_and_an_alias_as_before() -> None:
    shared = ["x"]
    for data in ({"a": shared, "b": shared}, {"a": [{"c": shared}], "b": [shared]},
                 {"a": [{"c": shared, "d": "needs: quotes"}], "b": [shared]}, {"a": [], "b": {"c": shared}}):
        _same(data)
    empty: list[Any] = []
    _same({"a": empty, "b": [empty]})
    assert "&id001" in yamlblock.dump({"a": shared, "b": shared})


@pytest.mark.parametrize("data", [{}, [], "x", None, 3, {1: "a"}, {"a": (1, 2)}, {"a": {1: 2}}],
                         ids=repr)
def test_anything_else_is_left_to_pyyaml(data: Any) -> None:
    try:
        expected = yamlblock.reference_dump(data)
    except Exception as exc:  # the same refusal, whatever it is
        with pytest.raises(type(exc)):
            yamlblock.dump(data)
    else:
        assert yamlblock.dump(data) == expected


def test_a_zero_and_a_negative_zero_are_each_written_as_they_are() -> None:
    # Equal as dict keys, so a cache of numbers' texts once wrote the second as the first.
    for data in ({"id": [0.0, -0.0]}, {"id": [-0.0, 0.0]}, {"a": -0.0, "b": 0.0, "c": 0}):
        _same(data)
