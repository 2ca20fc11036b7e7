"""Every module's ``__all__`` tells the truth: it exists, is sorted, names only what is there, and lists
every public function and class the module defines (the way httpx checks its exported members).

A module that defines a public function or class and leaves it out of ``__all__`` either forgot to
export it or holds a helper that should start with an underscore (or be gone, when nothing uses it).
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import sys
from types import ModuleType

import pytest

import exports
import journeys

MODULES = sorted(
    name for package in (journeys, exports)
    for _, name, _ in pkgutil.walk_packages(package.__path__, package.__name__ + ".")
)

# Modules whose ``__all__`` does not yet tell the truth, each with what is wrong. The test below
# asserts that this is exactly the set of failing modules: fix a module, then take it off the list.
KNOWN: set[str] = set()


def _sort_key(name: str) -> tuple[int, str]:
    # isort style, as ruff's RUF022 sorts __all__: CONSTANTS, then Classes, then functions
    return (0 if name.isupper() else 1 if name[:1].isupper() else 2, name)


def _defined_here(module: ModuleType) -> list[str]:
    """The public functions and classes ``module`` defines itself (not the ones it imports)."""
    return sorted(
        name for name, obj in vars(module).items()
        if not name.startswith("_")
        and (inspect.isfunction(obj) or inspect.isclass(obj))
        and obj.__module__ == module.__name__
    )


def problems(name: str) -> list[str]:
    """What is wrong with module ``name``'s ``__all__``; empty when nothing is."""
    module = importlib.import_module(name)
    public = getattr(module, "__all__", None)
    if public is None:
        return [f"{name} has no __all__"]
    found = []
    if list(public) != sorted(public, key=_sort_key):
        found.append(f"{name}.__all__ is not sorted")
    if len(set(public)) != len(public):
        found.append(f"{name}.__all__ names a member twice")
    found += [f"{name}.__all__ names {n}, which {name} does not define" for n in public if n not in vars(module)]
    found += [f"{name} defines {n}, missing from __all__" for n in _defined_here(module) if n not in public]
    return found


def test_modules_are_found() -> None:
    assert "journeys.model" in MODULES
    assert "journeys.rules.structure" in MODULES
    assert "exports.dot" in MODULES


@pytest.mark.parametrize("name", [m for m in MODULES if m not in KNOWN])
def test_all_lists_exactly_the_public_members(name: str) -> None:
    assert problems(name) == []


def test_known_list_is_exactly_the_failing_modules() -> None:
    failing = {name for name in MODULES if problems(name)}
    assert failing == KNOWN, (
        f"fixed, take off KNOWN: {sorted(KNOWN - failing)}; newly failing: {sorted(failing - KNOWN)}"
    )


def test_problems_catches_each_kind_of_lie(monkeypatch: pytest.MonkeyPatch) -> None:
    module = ModuleType("fake")

    def a() -> None: ...

    def b() -> None: ...

    class Extra: ...

    for obj in (a, b, Extra):
        obj.__module__ = "fake"
        module.__dict__[obj.__name__] = obj
    module.__dict__.update(__all__=["b", "a", "a", "gone"], _private=a, imported=inspect.isclass)
    monkeypatch.setitem(sys.modules, "fake", module)
    assert problems("fake") == [
        "fake.__all__ is not sorted",
        "fake.__all__ names a member twice",
        "fake.__all__ names gone, which fake does not define",
        "fake defines Extra, missing from __all__",
    ]
