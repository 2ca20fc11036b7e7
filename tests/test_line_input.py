"""The one-line entry's server half: which of the lines the browser sent are new."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from components.line_input import fresh_lines


def sent(nonce: str, *lines: tuple[int, str]) -> dict:  # type: ignore[type-arg]
    return {"nonce": nonce, "lines": [{"seq": seq, "text": text} for seq, text in lines]}


def test_lines_past_the_mark_are_new_in_order_and_move_the_mark() -> None:
    fresh, done = fresh_lines(sent("a", (1, "甲"), (2, " 乙 "), (3, "丙")), {"nonce": "a", "seq": 1})
    assert fresh == [(2, "乙"), (3, "丙")]
    assert done == {"nonce": "a", "seq": 3}


def test_a_mark_from_another_mount_of_the_field_counts_for_nothing() -> None:
    fresh, done = fresh_lines(sent("b", (1, "甲")), {"nonce": "a", "seq": 7})
    assert fresh == [(1, "甲")] and done == {"nonce": "b", "seq": 1}


def test_what_is_not_a_line_is_left_out() -> None:
    assert fresh_lines(None, None) == ([], {})
    assert fresh_lines({"nonce": "a", "lines": "x"}, {"nonce": "a", "seq": 2}) == ([], {"nonce": "a", "seq": 2})
    value = {"nonce": "a", "lines": [{"seq": "1", "text": "x"}, 5, {"seq": 2, "text": None}, {"seq": 3, "text": "丙"}]}
    assert fresh_lines(value, None) == ([(3, "丙")], {"nonce": "a", "seq": 3})


@given(st.lists(st.text(min_size=1, max_size=5), max_size=12), st.data())
def test_every_line_is_taken_exactly_once_however_the_sends_overlap(texts: list[str], data: st.DataObject) -> None:
    """The browser sends every line not yet acknowledged; acknowledgements arrive late or not at all.
    Whatever the interleaving, each line is taken once, in the order typed."""
    taken: list[str] = []
    done: dict = {}  # type: ignore[type-arg]
    acked = 0
    typed: list[tuple[int, str]] = []
    for seq, text in enumerate(texts, 1):
        typed.append((seq, text))
        if data.draw(st.booleans()):  # the server runs now, with every line past what the browser saw acked
            fresh, done = fresh_lines(sent("n", *[line for line in typed if line[0] > acked]), done)
            taken += [text for _, text in fresh]
            if data.draw(st.booleans()):
                acked = done["seq"]
    fresh, done = fresh_lines(sent("n", *[line for line in typed if line[0] > acked]), done)
    taken += [text for _, text in fresh]
    assert taken == [text.strip() for text in texts]
