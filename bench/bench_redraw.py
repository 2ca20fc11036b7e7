"""How long the Build page's diagram takes to be redrawn after an edit, as the user meets it.

Target (issue: the Build page's graph diagram): within 2 s at 300 touchpoints. In a real browser
(Debian's Chromium through Playwright, 1920×1080, Chinese), on a stored journey of 60 and of 300
touchpoints opened on the Build page: a quick-add line and Enter, then the time until the diagram
image on screen has changed and its new content is decoded. Five edits each; median, best and worst.

    python bench/bench_redraw.py
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from journeys.store import SqliteStore  # noqa: E402
from journeys.synthetic import synthetic_journey  # noqa: E402
from journeys.words import t  # noqa: E402
from tests.test_browser import ARGS, CHROMIUM, free_port, serving, settle  # noqa: E402

SIZES = (60, 300)
EDITS = 5
TARGET_S = 2.0

# Resolves, in the page's clock, when the diagram image's source differs from ``old`` and is decoded.
WAIT_NEW = """(old) => new Promise((resolve) => {
  const check = () => {
    const img = document.querySelector('.journey-diagram img');
    if (img && img.getAttribute('src') !== old) {
      obs.disconnect();
      window.__srcAt = performance.now();
      img.decode().then(() => requestAnimationFrame(() => resolve(performance.now())),
                        () => resolve(performance.now()));
      return true;
    }
    return false;
  };
  const obs = new MutationObserver(check);
  obs.observe(document.body, {subtree: true, childList: true, attributes: true, attributeFilter: ['src']});
  check();
})"""


def src(page) -> str:  # type: ignore[no-untyped-def]
    return page.evaluate("() => document.querySelector('.journey-diagram img')?.getAttribute('src') || ''")


def redraw_times(n: int, edits: int = EDITS) -> list[float]:
    """Seconds from each of ``edits`` quick-add lines to the new diagram on screen, at ``n`` touchpoints."""
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="bench-redraw-") as folder:
        store = Path(folder) / "store.db"
        SqliteStore(str(store)).save(synthetic_journey(n), based_on=None, note="bench")
        port = free_port()
        env = {**os.environ, "MOT_STORE": str(store)}
        args = [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.headless", "true",
                "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"]
        with serving(args, env, port) as url, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
            try:
                page = browser.new_context(locale="zh-CN", viewport={"width": 1920, "height": 1080}).new_page()
                page.goto(url)
                page.get_by_role("button", name=t("journeys.open", "zh"), exact=True).click(timeout=30_000)
                page.locator(".journey-diagram img").first.wait_for(timeout=60_000)
                settle(page)
                quick = page.get_by_placeholder(t("build.quick_add.line", "zh"))
                times = []
                for i in range(edits + 1):
                    settle(page)
                    old = src(page)
                    quick.fill(f"新步骤{i}")
                    started = page.evaluate("performance.now()")
                    page.evaluate(f"(old) => {{ window.__redrawn = ({WAIT_NEW})(old); }}", old)
                    quick.press("Enter")
                    done = page.evaluate("() => window.__redrawn")
                    times.append((done - started) / 1000)
                return times[1:]  # the first edit warms the server's interpreter
            finally:
                browser.close()


def main() -> None:
    print(f"{'touchpoints':>11} {'redraw s (median)':>18} {'min':>6} {'max':>6}   target {TARGET_S:.1f} s at 300")
    for n in SIZES:
        times = redraw_times(n)
        print(f"{n:>11} {statistics.median(times):>18.2f} {min(times):>6.2f} {max(times):>6.2f}", flush=True)


if __name__ == "__main__":
    main()
