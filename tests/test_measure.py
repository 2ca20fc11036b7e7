"""Text measuring and wrapping shared by every export: columns (diagram, text report, spreadsheet) and em
(charts), CJK included."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exports._measure import char_columns, char_em, columns, em, printable, truncate_em, wrap_columns, wrap_em


@pytest.mark.parametrize(("text", "width"), [
    ("", 0), ("hall", 4), ("营业厅", 6), ("取号 A1", 7), ("ｆｕｌｌ", 8),  # fullwidth Latin counts 2
    ("e\u0301", 1), ("a\u200bb", 2),  # a combining accent and a zero-width space take no column
    ("１２:30", 7),
])
def test_columns_count_wide_characters_twice(text: str, width: int) -> None:
    assert columns(text) == width


def test_char_measures() -> None:
    assert [char_columns(c) for c in "a中\u0301"] == [1, 2, 0]
    assert (char_em("中"), char_em("\u0301"), char_em("i"), char_em("M"), char_em("é")) == (1.0, 0.0, 0.26, 0.82, 0.6)
    assert em("客户") == 2.0


def test_printable_drops_what_no_label_shows() -> None:
    assert printable("a\x00b\r\nc\rd\te\ufffe") == "ab\nc\nd e"


def test_wrap_columns_balances_lines_and_keeps_kinsoku() -> None:
    assert wrap_columns("简单业务，引导到自助终端", 10) == ["简单业务，", "引导到自助终端"]
    assert wrap_columns("Missing documents: come back with them", 10) == ["Missing documents:", "come back with them"]
    assert wrap_columns("第一行\n第二行", 10) == ["第一行", "第二行"]  # the user's own breaks stay
    for line in wrap_columns("客户到达营业厅，工作人员主动问候并引导取号。" * 2, 6)[1:]:
        assert line[0] not in "，。"  # no line starts with closing punctuation


def test_wrap_columns_returns_a_fresh_list() -> None:
    first = wrap_columns("等候叫号", 10)
    first.append("x")
    assert wrap_columns("等候叫号", 10) == ["等候叫号"]


def test_wrap_em_and_truncate_em() -> None:
    assert wrap_em("等候叫号并核对资料", 5, 3) == ["等候叫号并", "核对资料"]
    assert wrap_em("Check the documents", 6, 2) == ["Check the", "documents"]
    assert wrap_em("一二三四五六七八九十", 3, 2) == ["一二三", "四五…"]  # what does not fit ends in an ellipsis
    assert wrap_em("", 5, 3) == [""]
    assert truncate_em("客户体验曲线", 4) == "客户体…" and truncate_em("短", 4) == "短"


@settings(max_examples=200, deadline=None)
@given(text=st.text(st.sampled_from("营业厅取号 ab，。（）-\n"), max_size=60), wrap=st.integers(1, 12))
def test_wrapping_loses_and_adds_nothing(text: str, wrap: int) -> None:
    lines = wrap_columns(text, wrap)
    assert "".join("".join(lines).split()) == "".join(printable(text).split())
    assert all(line and line == line.strip() for line in lines)
