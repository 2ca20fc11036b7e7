"""The issue's counting rule for the browser tests that count interactions: a click, a key press that
is not part of typed text (Enter to submit, Tab, Escape, an arrow, a shortcut) and a text entry (typing
or pasting into one field, however long) are one interaction each; the characters typed are not."""

from __future__ import annotations

from typing import Any


class Counted:
    """A person's actions on a page, each counted once and logged by kind."""

    def __init__(self, page: Any):
        self.page = page
        self.count = 0
        self.log: list[str] = []

    def one(self, what: str) -> None:
        self.count += 1
        self.log.append(what)

    def click(self, locator: Any) -> None:
        self.one("click")
        locator.click()

    def fill(self, locator: Any, text: str) -> None:
        self.one("text entry")
        locator.fill(text)

    def type(self, text: str) -> None:
        """Typed into the field that has the focus (no click first)."""
        self.one("text entry")
        self.page.keyboard.type(text)

    def press(self, locator: Any, key: str) -> None:
        self.one(f"key {key}")
        locator.press(key)
