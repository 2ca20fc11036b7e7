"""End to end in a real headless Chromium (Debian's, driven by Playwright): create a journey from a
template, add a touchpoint, mark it as the peak, see the weak-points page change, export, save a version
and compare it with the first. Screenshots are
kept in tests/artifacts/ for people to look at."""

from __future__ import annotations

import contextlib
import io
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]

pytestmark = pytest.mark.browser


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serving(args: list[str], env: dict[str, str], port: int) -> Iterator[str]:
    """Run the app server ``args`` until it answers its health check; its URL while the block runs."""
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is missing: `./dev test` installs it (apt-get install chromium)")
    proc = subprocess.Popen(args, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as response:
                    if response.status == 200:
                        break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    port = free_port()
    env = {**os.environ, "MOT_STORE": str(tmp_path_factory.mktemp("store") / "store.db")}
    with serving([sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.headless", "true",
                  "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats",
                  "false"], env, port) as url:
        yield url


def settle(page) -> None:  # type: ignore[no-untyped-def]
    """Wait until Streamlit has finished the rerun the last action started."""
    page.wait_for_timeout(400)
    page.wait_for_selector('[data-testid="stStatusWidget"]', state="detached", timeout=30_000)
    page.wait_for_timeout(200)


def counts(page) -> tuple[int, int, int]:  # type: ignore[no-untyped-def]
    caption = page.get_by_text(re.compile(r"严重 \d+ · 警告 \d+ · 提示 \d+")).first
    caption.wait_for(timeout=30_000)
    c, w, i = map(int, re.findall(r"\d+", caption.inner_text()))
    return c, w, i


def test_build_a_journey_and_watch_the_weak_points_change(server: str) -> None:
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        context = browser.new_context(locale="zh-CN", viewport={"width": 1500, "height": 1150})
        page = context.new_page()
        page.goto(server)
        # The browser asks for Chinese, so the app speaks Chinese.
        page.get_by_role("heading", name="客户旅程").wait_for(timeout=30_000)
        page.get_by_role("button", name="创建").first.click()
        page.locator(".journey-diagram img").first.wait_for(timeout=30_000)
        settle(page)

        page.get_by_role("link", name="薄弱点").click()
        settle(page)
        before = counts(page)

        page.get_by_role("link", name="搭建").click()
        page.locator(".journey-diagram img").first.wait_for(timeout=30_000)
        settle(page)
        quick = page.get_by_label(re.compile("快速添加"))
        quick.fill("贵宾茶歇")
        quick.press("Enter")
        settle(page)

        page.get_by_role("tab", name="接触点详情").click()
        moments = page.locator('[data-testid="stMultiSelect"]').filter(has_text="时刻").first
        moments.locator("input").click()
        page.get_by_role("option", name="峰值").click()
        page.keyboard.press("Escape")
        page.get_by_label("感知分").first.fill("2.5")
        page.get_by_role("button", name="保存详情").click()
        settle(page)
        page.get_by_text(re.compile("峰值时刻「贵宾茶歇」")).first.wait_for(timeout=30_000)
        page.screenshot(path=str(ARTIFACTS / "build.png"))

        page.get_by_role("link", name="薄弱点").click()
        settle(page)
        after = counts(page)
        page.locator('[data-testid="stVegaLiteChart"]').first.wait_for(timeout=30_000)
        settle(page)
        page.screenshot(path=str(ARTIFACTS / "weak_points.png"))

        # The export panel: every format downloads from the sidebar; two are read back here.
        page.get_by_text("导出", exact=True).click()
        with page.expect_download() as markdown:
            page.get_by_role("button", name="体验脚本 Markdown").click()
        script = Path(markdown.value.path()).read_text(encoding="utf-8")
        script_name = markdown.value.suggested_filename
        settle(page)  # the button that was clicked is busy until its file has been sent
        with page.expect_download() as workbook:
            page.get_by_role("button", name="岗位服务标准表 Excel").click()
        sheet = openpyxl.load_workbook(io.BytesIO(Path(workbook.value.path()).read_bytes())).active
        page.screenshot(path=str(ARTIFACTS / "export_panel.png"))

        # Save the workshop's result as version 2 and compare it with version 1.
        page.get_by_role("link", name="版本", exact=True).click()
        settle(page)
        page.get_by_label("版本说明").fill("工作坊 2.0")
        page.get_by_role("button", name="保存为新版本").click()
        settle(page)
        page.get_by_role("link", name="版本对比").click()
        settle(page)
        page.locator(".journey-diagram img").first.wait_for(timeout=30_000)
        headline = page.get_by_text(re.compile(r"修复 \d+ 个薄弱点，新增 \d+ 个")).first.inner_text()
        page.locator('[data-testid="stVegaLiteChart"]').first.wait_for(timeout=30_000)
        settle(page)
        diagram_width = page.locator(".journey-diagram img").first.bounding_box()["width"]
        page.screenshot(path=str(ARTIFACTS / "compare.png"), full_page=True)
        with page.expect_download() as report:
            page.get_by_role("button", name="下载对比报告 Markdown").click()
        comparison = Path(report.value.path()).read_text(encoding="utf-8")
        browser.close()

    # Only weak points were added: the comparison counts what the weak-points page counted.
    assert f"修复 0 个薄弱点，新增 {sum(after) - sum(before)} 个" in headline
    assert comparison.startswith("# 旅程版本对比：") and "v1 → v2" in comparison
    assert "贵宾茶歇" in comparison and "### 新增（1）" in comparison
    assert diagram_width > 600  # fitted to the page, not a thumbnail

    assert script_name == "business-hall.md"
    assert script.startswith("# 客户体验流程脚本") and "贵宾茶歇" in script
    assert [c.value for c in sheet[1]][:3] == ["环节", "接触点", "服务标准"]

    # A weak peak is critical (and no action addresses it yet), and the new touchpoint has no owner yet.
    assert after[0] == before[0] + 1
    assert after[1] == before[1] + 2
    assert (ARTIFACTS / "weak_points.png").stat().st_size > 10_000
