"""Counted, in a real headless Chromium: from the Journeys page of an empty store, creating the seed journey
through 'New from outline' takes at most 12 interactions, saving version 1 included.

A click, a key press that is not part of typed text (Enter, Tab, Escape, an arrow, a shortcut) and a text
entry into one field (typing or pasting, however long; newlines in a multi-line field are its text) count
one each; the characters typed do not. Every action goes through :class:`Counted`.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from journeys.outline import parse_outline
from journeys.store import SqliteStore

from .counting import Counted
from .test_browser import ARGS, ARTIFACTS, CHROMIUM, ROOT, free_port, serving, settle

pytestmark = pytest.mark.browser

SEED = ROOT / "tests" / "data" / "seed-000-delivery.outline"
BUDGET = 12


@pytest.fixture
def empty_store(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    port = free_port()
    path = tmp_path / "store.db"
    env = {**os.environ, "MOT_STORE": str(path)}
    with serving([sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.headless", "true",
                  "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats",
                  "false"], env, port) as url:
        yield url, path


def test_new_from_outline_takes_at_most_12_interactions(empty_store: tuple[str, Path]) -> None:
    from playwright.sync_api import expect, sync_playwright

    url, path = empty_store
    text = SEED.read_text(encoding="utf-8")
    expected = parse_outline(text)
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        page = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 720}).new_page()
        page.goto(url)
        page.get_by_role("heading", name="客户旅程").wait_for(timeout=30_000)
        settle(page)
        you = Counted(page)

        you.click(page.get_by_role("radio", name="从大纲新建", exact=True))
        box = page.get_by_role("textbox", name="旅程大纲")
        box.wait_for(timeout=30_000)
        you.fill(box, text)
        you.press(box, "Control+Enter")
        settle(page)
        create = page.get_by_role("button", name="创建并保存为版本 1")
        create.wait_for(timeout=30_000)
        page.locator(".journey-diagram img").first.wait_for(timeout=30_000)
        expect(page.get_by_text("环节 2 · 接触点 6 · 连线 5")).to_be_visible()
        create.scroll_into_view_if_needed()
        page.screenshot(path=str(ARTIFACTS / "outline_new_preview.png"))
        you.click(create)
        page.get_by_role("heading", name="搭建").wait_for(timeout=30_000)
        page.locator(".journey-diagram img").first.wait_for(timeout=30_000)
        settle(page)
        page.screenshot(path=str(ARTIFACTS / "outline_new_created.png"))
        # Not part of the count: a look at the journey as an outline on the Build page.
        page.get_by_role("tab", name="大纲").click()
        expect(page.get_by_role("textbox", name="旅程大纲")).to_have_value(re.compile("^# 卷烟配送到店服务"))
        page.screenshot(path=str(ARTIFACTS / "outline_build_tab.png"))
        browser.close()

    print(f"\nnew from outline: {you.count} interactions ({', '.join(you.log)})")
    assert you.count <= BUDGET
    stored = SqliteStore(path).load(expected.id, 1)
    assert stored.journey == expected
