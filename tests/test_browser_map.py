"""The journey map on the projector, in a real Chromium: in workshop mode the sidebar folds away and the
map fills the screen; touchpoint names render at least 24 px at 1920×1080 and 16 px at 1280×720 (the SVG
text's font size times the drawing's scale on screen), no text below 14 px, 8–10 cards across (the
persona's among them); a click
on a card opens its dialog, the arrows and Enter do too, N and "+" open the dialog that adds a card, and
what is saved there is on the map when it redraws."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from journeys import catalog
from journeys.store import SqliteStore
from journeys.words import t
from tests.test_browser import ARGS, ARTIFACTS, CHROMIUM, ROOT, free_port, serving, settle

pytestmark = pytest.mark.browser

# Every text of the map, with its font size in screen pixels, and the name texts' sizes apart.
MEASURE = """() => {
  const host = [...document.querySelectorAll('*')].find(e => e.shadowRoot && e.shadowRoot.querySelector('.view svg'));
  const root = host.shadowRoot, svg = root.querySelector('.view svg'), view = root.querySelector('.view');
  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  const size = (e) => parseFloat(e.getAttribute('font-size') || getComputedStyle(e).fontSize) * scale;
  const texts = [...svg.querySelectorAll('text')].filter(e => e.textContent.trim());
  const names = [...svg.querySelectorAll('g.card text.name')];
  const cards = [...svg.querySelectorAll('g.card, g.persona')].map(g => g.getBoundingClientRect());
  const inView = view.getBoundingClientRect();
  const across = new Set(cards.filter(r => r.left >= inView.left - 1 && r.right <= inView.right + 1)
                           .map(r => Math.round(r.left))).size;
  const sidebar = document.querySelector('[data-testid="stSidebar"]');
  return {names: names.map(size), smallest: Math.min(...texts.map(size)), across,
          width: inView.width, sidebar: sidebar ? sidebar.getBoundingClientRect().right : 0};
}"""


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    store = tmp_path_factory.mktemp("store") / "store.db"
    SqliteStore(store).save(catalog.load_template("business-hall", "zh-CN"), based_on=None, author="样板导入")
    port = free_port()
    env = {**os.environ, "MOT_STORE": str(store)}
    with serving([sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.headless", "true",
                  "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats",
                  "false"], env, port) as url:
        yield store, url


def open_workshop(browser: Any, url: str, size: tuple[int, int]) -> Any:
    page = browser.new_context(locale="zh-CN", viewport={"width": size[0], "height": size[1]}).new_page()
    page.goto(url)
    page.get_by_role("heading", name="客户旅程").wait_for(timeout=30_000)
    page.get_by_role("button", name="打开").first.click()
    settle(page)
    page.get_by_text(t("side.workshop", "zh")).click()
    settle(page)
    page.locator(".view svg").wait_for(timeout=30_000)
    page.wait_for_timeout(500)
    return page


@pytest.mark.parametrize(("size", "least"), [((1920, 1080), 24), ((1280, 720), 16)])
def test_names_on_the_projector_are_large_enough(server: tuple[Path, str], size: tuple[int, int],
                                                 least: float) -> None:
    from playwright.sync_api import sync_playwright

    _, url = server
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        page = open_workshop(browser, url, size)
        got = page.evaluate(MEASURE)
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"map-workshop-{size[0]}.png"))
        browser.close()
    assert got["sidebar"] <= 0, "the sidebar folded away"
    assert got["width"] >= size[0] * 0.85, got  # the map fills the screen
    assert min(got["names"]) >= least, got
    assert got["smallest"] >= 14, got
    assert 8 <= got["across"] <= 10, got


def test_cards_are_edited_and_added_from_the_map(server: tuple[Path, str]) -> None:
    from playwright.sync_api import sync_playwright

    store, url = server
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        page = open_workshop(browser, url, (1280, 720))
        first = page.locator(".view g.card").first
        first.click()
        dialog = page.get_by_role("dialog")
        dialog.wait_for(timeout=30_000)
        dialog.get_by_label(t("board.card.name", "zh")).fill("到厅")
        dialog.get_by_role("button", name=t("board.save", "zh")).click()
        dialog.wait_for(state="detached", timeout=30_000)
        page.locator(".view g.card text.name", has_text="到厅").first.wait_for(timeout=30_000)
        # The arrows walk the cards; Enter opens the one reached, Escape closes it.
        page.keyboard.press("ArrowRight")
        page.keyboard.press("Enter")
        page.get_by_role("dialog").wait_for(timeout=30_000)
        page.keyboard.press("Escape")
        page.get_by_role("dialog").wait_for(state="detached", timeout=30_000)
        settle(page)
        page.keyboard.press("n")
        dialog = page.get_by_role("dialog")
        dialog.wait_for(timeout=30_000)
        dialog.get_by_label(t("board.add.line", "zh")).fill("递水 | 4/5 !peak")
        dialog.get_by_role("button", name=t("board.add.save", "zh")).click()
        dialog.wait_for(state="detached", timeout=30_000)
        page.locator(".view g.card text.name", has_text="递水").first.wait_for(timeout=30_000)
        page.locator(".view g.add").first.click()
        page.get_by_role("dialog").wait_for(timeout=30_000)
        browser.close()
    (summary,) = SqliteStore(store).list_journeys()
    (draft,) = SqliteStore(store).drafts(summary.id)
    names = [tp.name for tp in draft.journey.touchpoints]
    assert "到厅" in names, names
    assert "递水" in names
