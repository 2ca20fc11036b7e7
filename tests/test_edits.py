"""New ids: the allocator gives new_id's ids, in linear time."""

from __future__ import annotations

import time

from hypothesis import given, settings
from hypothesis import strategies as st

from exports.mermaid import MermaidError, from_mermaid
from journeys.edits import IdAllocator, new_id
from journeys.fileformat import MAX_BYTES


def one_by_one(names: list[str], prefix: str = "tp") -> list[str]:
    """The ids new_id gives when each is taken before the next is made (the rule the allocator keeps)."""
    taken: list[str] = []
    for name in names:
        taken.append(new_id(name, taken, prefix))
    return taken


def test_repeated_names_are_numbered_from_2() -> None:
    ids = IdAllocator()
    assert [ids.take("Greet") for _ in range(4)] == ["greet", "greet-2", "greet-3", "greet-4"]
    assert [ids.take("!!!", prefix="stage") for _ in range(3)] == ["stage-1", "stage-2", "stage-3"]


def test_numbers_skip_ids_already_taken() -> None:
    ids = IdAllocator(["greet", "greet-3"])
    assert [ids.take("Greet") for _ in range(3)] == ["greet-2", "greet-4", "greet-5"]
    ids.add("greet-6")
    assert ids.take("greet") == "greet-7"
    assert ids.suggest("greet") == ids.suggest("greet") == "greet-8"  # suggesting takes nothing


def test_a_name_that_is_the_prefix_does_not_share_its_numbers() -> None:
    ids = IdAllocator()
    assert [ids.take("tp"), ids.take("tp"), ids.take(""), ids.take(""), ids.take("tp")] == \
        ["tp", "tp-2", "tp-1", "tp-3", "tp-4"]


@settings(max_examples=200, deadline=None)
@given(names=st.lists(st.sampled_from(["a", "A", "a-2", "a 2", "", "!!!", "tp", "tp-1", "迎宾", "迎宾-2", "a-3"]),
                      max_size=25))
def test_the_allocator_gives_new_ids_ids(names: list[str]) -> None:
    ids = IdAllocator()
    assert [ids.take(name) for name in names] == one_by_one(names)


def test_20000_same_names_take_linear_time() -> None:
    start = time.perf_counter()
    ids = IdAllocator()
    got = [ids.take("Check in") for _ in range(20_000)]
    assert got[:3] == ["check-in", "check-in-2", "check-in-3"]
    assert got[-1] == "check-in-20000"
    assert len(set(got)) == 20_000
    assert time.perf_counter() - start < 10  # about 0.05 s; one by one through new_id takes minutes


def test_mermaid_import_of_20000_same_tasks() -> None:
    text = "journey\n  title Queue\n  section Wait\n" + "    Take a number: 3: Guard\n" * 20_000
    start = time.perf_counter()
    journey = from_mermaid(text)
    assert time.perf_counter() - start < 10  # about 1 s; it was 107 s
    assert [tp.id for tp in journey.touchpoints[:3]] == ["take-a-number", "take-a-number-2", "take-a-number-3"]
    assert journey.touchpoints[-1].id == "take-a-number-20000"


def test_mermaid_ids_as_before_for_repeated_sections_and_odd_names() -> None:
    text = "journey\n  title T\n  section A\n    x: 3\n    x: 4\n    !!: 2\n  section A\n    𐩀: 5\n    !!: 1\n"
    journey = from_mermaid(text)
    assert [s.id for s in journey.stages] == ["a", "a-2"]
    assert [tp.id for tp in journey.touchpoints] == ["x", "x-2", "tp-1", "tp-2", "tp-3"]


def test_mermaid_refuses_a_diagram_over_the_journey_file_limit() -> None:
    text = "journey\n  title Big\n  section S\n" + "    " + "x" * MAX_BYTES + ": 3\n"
    try:
        from_mermaid(text, name="big.mmd")
    except MermaidError as exc:
        assert [str(p) for p in exc.problems] == [
            "big.mmd: the diagram is larger than 21 MB, the limit of journey files"]
    else:
        raise AssertionError("a diagram over the limit was read")
