"""The app as `mot app` serves it, in a real headless Chromium, with a nasty journey open: no page turns
typed text into a link, emphasis, colour, formula or tag, no request leaves the machine (the favicon
included), and there is no Deploy button."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest

import cli

from .test_browser import ARGS, CHROMIUM, free_port, serving, settle
from .test_escaping import NASTY, store_nasty

ROOT = Path(__file__).resolve().parent.parent
PAGES = ["旅程", "搭建", "薄弱点", "版本", "版本对比"]
LOCAL = {"127.0.0.1", "localhost"}

pytestmark = pytest.mark.browser

# Everything on the page that Markdown, HTML or KaTeX made out of the nasty string, described.
MADE_FROM_NASTY = """() => {
  const found = [];
  const describe = (e) => `${e.tagName.toLowerCase()} ${JSON.stringify(e.textContent.trim().slice(0, 40))}`;
  for (const root of document.querySelectorAll('[data-testid="stMain"], [data-testid="stSidebar"]')) {
    for (const a of root.querySelectorAll('a[href*="evil"]')) found.push('link: ' + describe(a));
    for (const k of root.querySelectorAll('.katex, .katex-display, math')) found.push('formula: ' + describe(k));
    for (const e of root.querySelectorAll('strong, em, b, i, h1, h2, h3, h4, h5, h6, span[style]')) {
      const text = e.textContent.trim();
      const styled = e.matches('span[style]');
      if (styled && text === 'a' && /color/.test(e.getAttribute('style'))) found.push('colour: ' + describe(e));
      if (!styled && ['b', 'h', 'x'].includes(text)) found.push('markup: ' + describe(e));
    }
  }
  return found;
}"""


@pytest.fixture(scope="module")
def nasty_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is missing: `./dev test` installs it (apt-get install chromium)")
    store = tmp_path_factory.mktemp("nasty") / "store.db"
    store_nasty(store)
    port = free_port()
    args = cli.app_command(ROOT / "app.py", port, "127.0.0.1")  # the settings mot app passes
    with serving(args, {**os.environ, "MOT_STORE": str(store)}, port) as url:
        yield url


def is_local(url: str) -> bool:
    parsed = urlparse(url)
    return parsed.scheme in {"data", "blob"} or parsed.hostname in LOCAL


def test_every_page_shows_a_nasty_journey_as_plain_text_and_stays_local(nasty_server: str) -> None:
    from playwright.sync_api import sync_playwright

    requests: list[str] = []
    made: dict[str, list[str]] = {}
    shown: dict[str, bool] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        context = browser.new_context(locale="zh-CN", viewport={"width": 1500, "height": 1400})
        page = context.new_page()
        page.on("request", lambda request: requests.append(request.url))
        page.goto(nasty_server)
        page.get_by_role("heading", name="客户旅程").wait_for(timeout=30_000)
        page.get_by_role("button", name="打开").click()
        page.locator(".journey-diagram img").first.wait_for(timeout=30_000)
        settle(page)
        for name in PAGES:
            page.get_by_role("link", name=name, exact=True).click()
            settle(page)
            made[name] = page.evaluate(MADE_FROM_NASTY)
            # The open journey's title, in the sidebar, reads exactly as it was typed.
            shown[name] = NASTY in page.locator('[data-testid="stSidebar"]').inner_text()
        favicon = page.evaluate("() => [...document.querySelectorAll('link[rel~=icon]')].map(l => l.href)")
        deploy = page.locator('[data-testid="stAppDeployButton"]').count()
        browser.close()

    assert made == {name: [] for name in PAGES}
    assert shown == {name: True for name in PAGES}
    assert favicon and all(is_local(href) for href in favicon), favicon
    assert [url for url in requests if not is_local(url)] == []
    assert deploy == 0
