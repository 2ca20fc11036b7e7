"""The journey map on the projector, as the facilitator meets it: after a card is saved in its dialog, how
long until the browser shows the map redrawn with the change (from the click on Save to the new name in
the map's SVG on screen). A journey of N touchpoints (default 60) in workshop mode at 1920×1080, median of
five edits per run.

    python bench/bench_map.py [N ...]
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the browser helpers live with the tests

from journeys.store import SqliteStore  # noqa: E402
from journeys.synthetic import synthetic_journey  # noqa: E402
from journeys.words import t  # noqa: E402
from tests.test_browser import ARGS, CHROMIUM, free_port, serving, settle  # noqa: E402

EDITS = 5
TARGET = 1.0  # seconds, at 60 touchpoints

# Resolves once the map's SVG carries the text ``name``: the time it was seen, by the page's clock.
SEEN = """name => new Promise(done => {
  const host = [...document.querySelectorAll('*')].find(e => e.shadowRoot && e.shadowRoot.querySelector('.view'));
  const view = host.shadowRoot.querySelector('.view');
  const has = () => [...view.querySelectorAll('g.card text.name')].some(x => x.textContent.includes(name));
  if (has()) return done(performance.now());
  new MutationObserver((_, o) => {
    if (has()) { o.disconnect(); requestAnimationFrame(() => done(performance.now())); }
  }).observe(view, {childList: true, subtree: true});
})"""


def redraws(touchpoints: int) -> list[float]:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as folder:
        store = Path(folder) / "store.db"
        SqliteStore(store).save(synthetic_journey(touchpoints), based_on=None, author="bench")
        port = free_port()
        env = {**os.environ, "MOT_STORE": str(store)}
        args = [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.headless", "true",
                "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"]
        with serving(args, env, port) as url, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
            page = browser.new_context(locale="zh-CN", viewport={"width": 1920, "height": 1080}).new_page()
            page.goto(url)
            page.get_by_role("button", name=t("journeys.open", "zh")).first.click()
            settle(page)
            page.get_by_text(t("side.workshop", "zh")).click()
            settle(page)
            page.locator(".view svg").wait_for(timeout=60_000)
            times = []
            for n in range(EDITS):
                page.locator(".view g.card").nth(n).click()
                dialog = page.get_by_role("dialog")
                dialog.wait_for(timeout=60_000)
                name = f"改{n}"
                dialog.get_by_label(t("board.card.name", "zh")).fill(name)
                page.evaluate(f"() => {{ window.__seen = ({SEEN})({name!r}); }}")  # watching, not waiting
                start = page.evaluate("performance.now()")
                dialog.get_by_role("button", name=t("board.save", "zh")).click()
                times.append((page.evaluate("window.__seen") - start) / 1000)
                settle(page)
            browser.close()
    return times


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [60]
    print(f"load average at start: {os.getloadavg()[0]:.2f}")
    for size in sizes:
        times = redraws(size)
        median = statistics.median(times)
        verdict = "" if size != 60 else (" (target 1.0 s: met)" if median <= TARGET else " (target 1.0 s: MISSED)")
        print(f"map redrawn after a card is saved, {size} touchpoints: median {median:.2f} s, "
              f"min {min(times):.2f} s, max {max(times):.2f} s over {len(times)} edits{verdict}")


if __name__ == "__main__":
    main()
