"""Cold load: from a freshly started server answering its health check to the first page usable.

Target (issue: cold load): at most 1.3 times a one-line Streamlit app's time, measured in the same run
the same way. Our app serves a store of 10 journeys of 30 to 120 touchpoints; "usable" is the Journeys
page with its heading and its open button present and Streamlit's status widget gone. The one-line app
is usable when its one line is shown and the status widget is gone. Each is served as `mot app` serves
ours (the same settings; ours through its launcher, which loads the first page's modules before the
server answers). A new server each time (so nothing is cached yet), the browser already running; five
runs each, alternating; medians.

The moment a page became usable is taken in the page itself: an observer of its DOM notes each time the
"usable" condition turns true (the last such moment counts, so a status widget that comes back undoes
it). Playwright's own waits only say when to look: they poll at growing intervals (up to half a second),
which would add their own delay to whichever app happens to need more polls.

    python bench/bench_cold_load.py
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cli import app_command  # noqa: E402
from journeys.store import SqliteStore  # noqa: E402
from journeys.synthetic import synthetic_journey  # noqa: E402
from journeys.words import t  # noqa: E402
from tests.test_browser import ARGS, CHROMIUM, free_port  # noqa: E402

RUNS = 5
TARGET = 1.3
JOURNEYS = 10
ONE_LINE = 'import streamlit as st\nst.write("hello")\n'


def store_of_journeys(folder: Path) -> Path:
    store = folder / "store.db"
    db = SqliteStore(str(store))
    for i in range(JOURNEYS):
        journey = synthetic_journey(30 + 10 * i, seed=i)
        db.save(journey.model_copy(update={"id": f"journey-{i}", "title": f"旅程 {i}"}), based_on=None,
                note="bench")
    return store


def command(app: Path, port: int) -> list[str]:
    """How ``mot app`` serves ``app`` (its settings, its launcher); the one-line app is served by plain
    ``streamlit run`` with the same settings."""
    args = app_command(app, port, "127.0.0.1")
    return args if app == ROOT / "app.py" else [sys.executable, "-m", "streamlit", *args[3:]]


def cold_load(browser, app: Path, env: dict[str, str], ready) -> float:  # type: ignore[no-untyped-def]
    """Seconds from the health check answering to ``ready(page)`` returning, on a new server."""
    port = free_port()
    proc = subprocess.Popen(command(app, port), cwd=app.parent, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as response:
                    if response.status == 200:
                        break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.02)
        started = time.time()  # the wall clock, which the page's performance.timeOrigin also counts from
        context = browser.new_context(locale="zh-CN", viewport={"width": 1920, "height": 1080})
        page = context.new_page()
        page.add_init_script(_WATCH_JS % json.dumps(ready.want))  # type: ignore[attr-defined]
        page.goto(url)
        ready(page)
        page.wait_for_timeout(300)  # a status widget coming back would move the moment on
        usable_at = page.evaluate("window.__usableAt")
        context.close()
        if usable_at is None:
            raise RuntimeError("the page never showed the usable state to its observer")
        return usable_at / 1000 - started
    finally:
        proc.terminate()
        proc.wait(timeout=10)


# In the page from its first script on: each DOM change, is the page usable (the wanted text in an element
# matching the selector, every heading wanted shown, no status widget)? Notes the moment it last became so.
_WATCH_JS = """(() => {
  const want = %s;
  const usable = () => {
    if (document.querySelector('[data-testid="stStatusWidget"]')) return false;
    const has = (sel, text) => [...document.querySelectorAll(sel)].some((e) => e.innerText.trim() === text);
    return want.every(([sel, text]) => has(sel, text));
  };
  let was = false;
  const look = () => {
    const now = usable();
    if (now && !was) window.__usableAt = performance.timeOrigin + performance.now();
    was = now;
  };
  new MutationObserver(look).observe(document, {subtree: true, childList: true, characterData: true,
                                                attributes: true});
})()"""


def settled(page) -> None:  # type: ignore[no-untyped-def]
    page.wait_for_timeout(50)
    page.wait_for_selector('[data-testid="stStatusWidget"]', state="detached", timeout=60_000)


def ours_ready(page) -> None:  # type: ignore[no-untyped-def]
    page.get_by_role("heading", name=t("journeys.title", "zh")).wait_for(timeout=60_000)
    page.get_by_role("button", name=t("journeys.open", "zh"), exact=True).wait_for(timeout=60_000)
    settled(page)


def one_line_ready(page) -> None:  # type: ignore[no-untyped-def]
    page.get_by_text("hello").wait_for(timeout=60_000)
    settled(page)


# What each page's observer waits for: (selector, exact text) pairs.
ours_ready.want = [["h1", t("journeys.title", "zh")], ["button", t("journeys.open", "zh")]]  # type: ignore[attr-defined]
one_line_ready.want = [["p", "hello"]]  # type: ignore[attr-defined]


def main() -> None:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="bench-cold-") as name:
        folder = Path(name)
        env = {**os.environ, "MOT_STORE": str(store_of_journeys(folder))}
        plain = folder / "one_line.py"
        plain.write_text(ONE_LINE, encoding="utf-8")
        ours, base = [], []
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
            try:
                for _ in range(RUNS):
                    base.append(cold_load(browser, plain, env, one_line_ready))
                    ours.append(cold_load(browser, ROOT / "app.py", env, ours_ready))
            finally:
                browser.close()
    ratio = statistics.median(ours) / statistics.median(base)
    print(f"{'app':>16} {'cold load s (median)':>21} {'min':>6} {'max':>6}")
    for label, times in (("one-line app", base), ("MOT app", ours)):
        print(f"{label:>16} {statistics.median(times):>21.2f} {min(times):>6.2f} {max(times):>6.2f}")
    print(f"ratio {ratio:.2f} (target at most {TARGET:.1f}: {'met' if ratio <= TARGET else 'not met'})")


if __name__ == "__main__":
    main()
