"""Several app servers, one database, in real browsers: two ``mot app`` servers on two ports share one
PostgreSQL store. 王芳 signs in on the first, 李雷 on the second, each in a browser of their own; both
edit the same journey. Their drafts stay apart, 王芳's save is seen by 李雷's server at its next rerun,
and 李雷's save on the stale base is refused there; afterwards the store holds every edit (0 lost)."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack

import pytest

from journeys.accounts import Accounts
from journeys.model import Journey
from journeys.store import open_store
from journeys.words import t

from .conftest import MINIMAL
from .test_browser import ARGS, ARTIFACTS, CHROMIUM, ROOT, free_port, serving, settle

pytestmark = pytest.mark.browser

PEOPLE = {"王芳": "晨会-pass-1", "李雷": "夜班-pass-2"}


def zh(key: str, **params: object) -> str:
    return t(key, "zh", **params)


@pytest.fixture
def servers(pg_url: str) -> Iterator[tuple[str, str, str]]:
    """Two app servers on one PostgreSQL store holding a journey and two facilitators."""
    store = open_store(pg_url)
    store.save(Journey.model_validate(MINIMAL), based_on=None, author="王芳", note="初稿")
    for name, password in PEOPLE.items():
        Accounts(store).add_user(name, "facilitator", password)
    store.close()
    env = {**os.environ, "MOT_STORE": pg_url}
    env.pop("MOT_TEST_SIGNIN", None)  # the real form, the real cookie
    with ExitStack() as stack:
        urls = []
        for _ in range(2):
            port = free_port()
            urls.append(stack.enter_context(serving([sys.executable, str(ROOT / "cli.py"), "app", "--port", str(port)],
                                                    env, port)))
        yield urls[0], urls[1], pg_url


def sign_in(page, url: str, name: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(url)
    page.get_by_label(zh("auth.name")).wait_for(timeout=30_000)
    page.get_by_label(zh("auth.name")).fill(name)
    page.locator("input[type=password]").fill(PEOPLE[name])
    page.get_by_role("button", name=zh("auth.submit")).click()
    page.get_by_role("heading", name=zh("journeys.title")).wait_for(timeout=30_000)
    settle(page)


def open_and_add(page, step: str) -> None:  # type: ignore[no-untyped-def]
    """Open the journey from the Journeys page and add a touchpoint through quick add (no save)."""
    page.get_by_role("button", name=zh("journeys.open"), exact=True).click()
    quick = page.get_by_label(zh("build.quick_add.line"))
    quick.wait_for(timeout=30_000)
    settle(page)
    quick.fill(step)
    quick.press("Enter")
    settle(page)


def go(page, url: str, nav: str) -> None:  # type: ignore[no-untyped-def]
    page.get_by_role("link", name=zh(nav), exact=True).click()
    settle(page)


def names(journey: Journey) -> set[str]:
    return {tp.name for tp in journey.touchpoints}


def test_two_app_servers_share_one_database(servers: tuple[str, str, str]) -> None:
    from playwright.sync_api import sync_playwright

    first, second, url = servers
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        wang = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 720}).new_page()
        li = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 720}).new_page()
        sign_in(wang, first, "王芳")
        sign_in(li, second, "李雷")
        open_and_add(wang, "王芳在一号服务器加的")
        open_and_add(li, "李雷在二号服务器加的")

        # Two people's drafts stay apart, whichever server wrote them.
        store = open_store(url)
        deadline = time.monotonic() + 10
        while len(store.drafts("visit")) < 2 and time.monotonic() < deadline:
            time.sleep(0.2)
        drafts = {d.person: names(d.journey) for d in store.drafts("visit")}
        assert "王芳在一号服务器加的" in drafts["王芳"] and "李雷在二号服务器加的" not in drafts["王芳"]
        assert "李雷在二号服务器加的" in drafts["李雷"] and "王芳在一号服务器加的" not in drafts["李雷"]

        # 王芳 saves on the first server.
        go(wang, first, "nav.versions")
        wang.get_by_label(zh("versions.note")).fill("一号服务器保存")
        wang.get_by_role("button", name=zh("versions.save")).click()
        settle(wang)
        wang.get_by_text(zh("versions.saved", n=2)).wait_for(timeout=30_000)
        assert store.latest_number("visit") == 2 and store.history("visit")[-1].author == "王芳"

        # 李雷's server sees it at the next rerun: his draft is now based on an older version, and says so.
        go(li, second, "nav.versions")
        li.get_by_text(zh("drafts.stale", n=1, m=2, who="王芳")).wait_for(timeout=30_000)
        li.screenshot(path=str(ARTIFACTS / "two_servers_stale.png"))
        # A save on the stale base is refused on this server too, and loses nothing.
        li.get_by_role("button", name=zh("versions.save")).click()
        settle(li)
        li.get_by_text(zh("versions.conflict", who="王芳", n=2)).wait_for(timeout=30_000)
        li.screenshot(path=str(ARTIFACTS / "two_servers_conflict.png"))
        assert store.latest_number("visit") == 2
        (mine,) = store.drafts("visit", "李雷")
        assert "李雷在二号服务器加的" in names(mine.journey) and mine.based_on == 1

        # He carries his edit onto the latest (the merge) and saves: both edits are in version 3.
        li.get_by_role("button", name=zh("drafts.carry", m=2)).click()
        settle(li)
        li.get_by_role("button", name=zh("drafts.carry_apply", m=2), exact=True).click()
        li.get_by_text(zh("drafts.carried", m=2)).wait_for(timeout=30_000)
        settle(li)
        assert li.get_by_text(zh("versions.conflict", who="王芳", n=2)).count() == 0  # carried: no conflict now
        li.get_by_role("button", name=zh("versions.save")).click()
        li.get_by_text(zh("versions.saved", n=3)).wait_for(timeout=30_000)
        li.screenshot(path=str(ARTIFACTS / "two_servers_saved.png"))
        browser.close()
    latest = store.load("visit")
    assert latest.info.number == 3 and latest.info.author == "李雷"
    assert {"王芳在一号服务器加的", "李雷在二号服务器加的"} <= names(latest.journey)  # 0 lost
    store.close()
