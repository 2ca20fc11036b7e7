"""Sign-in in a real headless Chromium: the store has users, so the app served by ``mot app`` asks for
a name and password through streamlit-authenticator's form; a wrong password is refused, the right one
opens the Journeys page, and the signed cookie keeps the person signed in across a reload."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from journeys.accounts import Accounts
from journeys.words import t
from tests.test_browser import ARGS, ARTIFACTS, CHROMIUM, ROOT, free_port, settle

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is missing: `./dev test` installs it (apt-get install chromium)")
    store = tmp_path_factory.mktemp("store") / "store.db"
    Accounts(store).add_user("王芳", "facilitator", "晨会-pass-1")
    port = free_port()
    env = {**os.environ, "MOT_STORE": str(store)}
    env.pop("MOT_TEST_SIGNIN", None)  # the real form, the real cookie
    proc = subprocess.Popen([sys.executable, str(ROOT / "cli.py"), "app", "--port", str(port)],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
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


def test_sign_in_through_the_real_form(server: str) -> None:
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        context = browser.new_context(locale="zh-CN", viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        page.goto(server)
        name = page.get_by_label(t("auth.name", "zh"))
        name.wait_for(timeout=30_000)
        password = page.locator("input[type=password]")
        submit = page.get_by_role("button", name=t("auth.submit", "zh"))
        assert page.get_by_role("heading", name=t("journeys.title", "zh")).count() == 0

        name.fill("王芳")
        password.fill("wrong-password")
        submit.click()
        page.get_by_text(t("auth.refused", "zh")).wait_for(timeout=30_000)
        assert page.get_by_role("heading", name=t("journeys.title", "zh")).count() == 0

        name.fill("王芳")
        password.fill("晨会-pass-1")
        submit.click()
        page.get_by_role("heading", name=t("journeys.title", "zh")).wait_for(timeout=30_000)
        settle(page)
        page.get_by_text(t("auth.signed_in", "zh", name="王芳", role=t("auth.role.facilitator", "zh"))).wait_for()
        page.screenshot(path=str(ARTIFACTS / "signed_in.png"))
        # The cookie component writes the cookie from the browser after the page has drawn: wait for it.
        deadline = time.monotonic() + 20
        while "mot_signin" not in {c["name"] for c in context.cookies()} and time.monotonic() < deadline:
            page.wait_for_timeout(200)
        assert "mot_signin" in {c["name"] for c in context.cookies()}

        page.reload()  # the signed cookie, not the form, signs in again
        page.get_by_role("heading", name=t("journeys.title", "zh")).wait_for(timeout=30_000)
        assert page.get_by_label(t("auth.name", "zh")).count() == 0
        browser.close()
