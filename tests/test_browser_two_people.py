"""Two people editing one journey in two browsers lose nothing, in real headless Chromium against the app
as ``mot app`` serves it: 王芳 and 李雷 each sign in through the real form in a browser of their own, open
the same saved journey and change a different touchpoint without saving. Both browsers close; reopened,
each is offered their own edit as a draft, never the other's. 王芳 saves version 2; 李雷, still on
version 1, is refused as a conflict, carries his edit onto version 2 (the three-way merge) and saves
version 3, which holds both edits. Each version's author is the person signed in.

:func:`two_people` is the scenario; ``bench/bench_two_people.py`` runs it over and over."""

from __future__ import annotations

import contextlib
import os
import re
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from journeys import catalog
from journeys.accounts import Accounts
from journeys.store import SqliteStore
from journeys.words import t

from .test_browser import ARGS, ARTIFACTS, CHROMIUM, ROOT, free_port, serving, settle

pytestmark = pytest.mark.browser

X = "business-hall"
SEEDED_BY = "样板导入"  # who saved version 1: neither of the two people
ANY = "\x00"  # stands for a part of a catalogue sentence that varies (a time)


@dataclass(frozen=True)
class Person:
    name: str
    password: str
    touchpoint: str  # the id of the touchpoint this person edits
    owner: str  # the owner (A角) this person gives it


WANG = Person("王芳", "晨会-pass-1", "greet", "王芳改的A角")
LI = Person("李雷", "晚班-pass-2", "counter", "李雷改的A角")


@dataclass
class Outcome:
    """What the store says happened: the edits each person's draft held, and the final version."""

    edits: dict[str, bool] = field(default_factory=dict)  # "王芳 · greet · owner": found in the final version
    drafted: int = 0  # edits made: found in the drafts (the store) before anyone saved
    authors: list[str | None] = field(default_factory=list)  # of each version, oldest first
    drafts_left: int = 0
    seconds: float = 0.0

    @property
    def lost(self) -> int:
        return sum(not kept for kept in self.edits.values())


def quiet(page: Any) -> None:
    """:func:`settle`, and no element left over from the run before (two people keep the server busy, and
    a slow rerun shows the old elements, marked stale, beside the new ones until it ends)."""
    settle(page)
    page.wait_for_function("() => !document.querySelector('[data-stale=\"true\"]')", timeout=30_000)


def words(key: str, **params: Any) -> str:
    return t(key, "zh", **params)


def like(key: str, **params: Any) -> re.Pattern[str]:
    """The catalogue's sentence ``key``; a parameter given as :data:`ANY` matches any text."""
    return re.compile(".+".join(map(re.escape, words(key, **params).split(ANY))))


def seed(store_path: Path) -> dict[str, str]:
    """A store with the two facilitators and the business-hall journey saved once; its touchpoint names."""
    accounts = Accounts(store_path)
    for person in (WANG, LI):
        accounts.add_user(person.name, "facilitator", person.password)
    journey = catalog.load_template(X, "zh-CN")
    SqliteStore(store_path).save(journey, based_on=None, author=SEEDED_BY, note="v1")
    return {tp.id: tp.name for tp in journey.touchpoints}


def app_env(store_path: Path) -> dict[str, str]:
    env = {**os.environ, "MOT_STORE": str(store_path)}
    env.pop("MOT_TEST_SIGNIN", None)  # the real form, the real cookie
    return env


def mot_app(port: int) -> list[str]:
    return [sys.executable, str(ROOT / "cli.py"), "app", "--port", str(port)]


class Browser:
    """One person's browser: a context of its own (cookies, tabs), signed in through the real form."""

    def __init__(self, chromium: Any, url: str, person: Person, names: dict[str, str], shots: str | None,
                 storage: Any = None) -> None:
        self.url, self.person, self.names, self.shots = url, person, names, shots
        self.context = chromium.new_context(locale="zh-CN", viewport={"width": 1280, "height": 720},
                                            storage_state=storage)
        self.page = self.context.new_page()
        self.page.set_default_timeout(30_000)
        self.frames = 0  # messages from the server so far: a rerun sends some
        self.page.on("websocket", lambda ws: ws.on("framereceived", self._received))

    def _received(self, _frame: Any) -> None:
        self.frames += 1

    def rerun(self, act: Any) -> None:
        """Do ``act`` (a click that reruns the script), then wait until the server has answered and the
        rerun has ended: on a busy machine a rerun may start later than :func:`settle` looks for it."""
        before = self.frames
        act()
        deadline = time.monotonic() + 30
        while self.frames == before:
            assert time.monotonic() < deadline, "the server never answered"
            self.page.wait_for_timeout(50)
        while True:
            seen = self.frames
            quiet(self.page)
            if self.frames == seen:
                return

    def shot(self, name: str) -> None:
        if self.shots is not None:
            self.page.screenshot(path=str(ARTIFACTS / f"{self.shots}_{name}.png"))

    def sign_in(self) -> None:
        page = self.page
        page.goto(self.url)
        page.get_by_label(words("auth.name")).fill(self.person.name)
        page.get_by_label(words("auth.password"), exact=True).fill(self.person.password)
        self.rerun(page.get_by_role("button", name=words("auth.submit")).click)
        self.journeys_page()
        signed_in = words("auth.signed_in", name=self.person.name, role=words("auth.role.facilitator"))
        page.get_by_text(signed_in).wait_for()
        # The cookie component writes the cookie once the page has drawn: it is what a reopened browser keeps.
        deadline = time.monotonic() + 20
        while "mot_signin" not in {c["name"] for c in self.context.cookies()}:
            assert time.monotonic() < deadline, "the sign-in cookie was never written"
            page.wait_for_timeout(100)

    def journeys_page(self) -> None:
        self.page.get_by_role("heading", name=words("journeys.title")).wait_for()
        quiet(self.page)

    def drafts_offered(self, some: bool) -> list[str]:
        """The choices the Journeys page offers for the journey (each of my drafts, then the latest); with
        ``some``, once they are shown (the page may still be drawing)."""
        self.page.get_by_role("button", name=words("journeys.open"), exact=True).wait_for()
        choices = self.page.get_by_role("radiogroup", name=words("journeys.open_which"))
        if some:
            choices.wait_for()
        elif not choices.count():
            return []
        return [text.strip() for text in choices.locator("label").all_inner_texts()]  # each radio's label

    def open(self, draft: bool) -> None:
        page = self.page
        if draft:
            mine = page.get_by_role("radio", name=like("journeys.open_draft", i=1, time=ANY, n=1))
            if not mine.is_checked():  # it is the first choice, picked unless something else was
                self.rerun(lambda: mine.check(force=True))
        self.rerun(page.get_by_role("button", name=words("journeys.open"), exact=True).click)
        page.get_by_role("heading", name=words("build.title")).wait_for()
        quiet(page)

    def select(self, touchpoint: str) -> None:
        page = self.page
        page.get_by_role("tab", name=words("build.details")).click()  # its own picker
        page.get_by_role("combobox", name=re.compile(re.escape(words("build.selected")))).click()
        self.rerun(page.get_by_role("option", name=self.names[touchpoint], exact=True).click)
        # The details tab's picker holds the touchpoint (its input's value is the name shown).
        page.wait_for_function(
            "([label, name]) => [...document.querySelectorAll('[role=combobox]')].some("
            "e => e.getAttribute('aria-label') === label && e.value === name && e.offsetParent !== null)",
            arg=[words("build.selected"), self.names[touchpoint]])
        quiet(page)  # the form drawn for the touchpoint selected before goes only when the rerun ends

    def owner_of(self, touchpoint: str) -> str:
        self.select(touchpoint)
        return self.page.get_by_label(words("col.owner"), exact=True).input_value()

    def edit(self) -> None:
        """This person's edit: a new owner for their touchpoint, applied in the detail form, not saved."""
        self.select(self.person.touchpoint)
        self.page.get_by_label(words("col.owner"), exact=True).fill(self.person.owner)
        self.rerun(self.page.get_by_role("button", name=words("detail.apply")).click)

    def versions_page(self) -> None:
        self.rerun(self.page.get_by_role("link", name=words("nav.versions"), exact=True).click)
        self.page.get_by_role("heading", name=words("versions.title"), exact=True).wait_for()
        quiet(self.page)

    def save(self, note: str) -> None:
        self.page.get_by_label(words("versions.note")).fill(note)
        self.rerun(self.page.get_by_role("button", name=words("versions.save")).click)

    def close(self) -> Any:
        """Close the browser; what it keeps for next time (the sign-in cookie)."""
        storage = self.context.storage_state()
        self.context.close()
        return storage


def other(person: Person) -> Person:
    return LI if person is WANG else WANG


def my_draft(store: SqliteStore, person: Person) -> dict[str, str | None]:
    """The owners in ``person``'s one draft, based on version 1, once it holds their edit (the rerun that
    writes it may still be running) or after 10 s."""
    deadline = time.monotonic() + 10
    while True:
        drafts = store.drafts(X, person.name)
        assert len(drafts) <= 1 and all(d.based_on == 1 for d in drafts), drafts
        owners = {tp.id: tp.owner for tp in drafts[0].journey.touchpoints} if drafts else {}
        if owners.get(person.touchpoint) == person.owner or time.monotonic() > deadline:
            assert owners, f"{person.name} has no draft"
            return owners
        time.sleep(0.1)


def one_person(person: Person, url: str, store_path: Path, names: dict[str, str], shots: str | None,
               together: threading.Barrier) -> int:
    """``person``'s part, in a browser of their own; ``together`` keeps the two people in step. The
    number of this person's edits found in their draft before anyone saved."""
    from playwright.sync_api import sync_playwright

    store = SqliteStore(store_path)
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        try:
            browser = Browser(chromium, url, person, names, shots)
            browser.sign_in()
            assert browser.drafts_offered(some=False) == []
            browser.open(draft=False)
            browser.edit()  # both browsers are open at once, each edits, nobody saves
            browser.page.get_by_label(words("col.owner"), exact=True).scroll_into_view_if_needed()
            browser.shot(f"1_edit_{person.touchpoint}")
            together.wait()

            edited = my_draft(store, person)
            drafted = int(edited[person.touchpoint] == person.owner)
            assert edited[other(person).touchpoint] != other(person).owner  # each draft holds its own edit only

            # Both browsers close; reopened (with their sign-in cookie), each is offered their own edit.
            kept = browser.close()
            together.wait()
            browser = Browser(chromium, url, person, names, shots, storage=kept)
            browser.page.goto(url)
            browser.journeys_page()
            offered = browser.drafts_offered(some=True)
            assert len(offered) == 2 and offered[1] == words("journeys.open_latest"), offered
            browser.open(draft=True)
            assert browser.owner_of(other(person).touchpoint) != other(person).owner
            assert browser.owner_of(person.touchpoint) == person.owner
            browser.page.get_by_label(words("col.owner"), exact=True).scroll_into_view_if_needed()
            browser.shot(f"2_reopened_{person.touchpoint}")
            together.wait()

            if person is WANG:  # 王芳 saves first: version 2
                browser.versions_page()
                browser.save(f"{person.name}的修改")
                browser.page.get_by_text(words("versions.saved", n=2)).wait_for()
                browser.shot("3_saved_first")
                together.wait()
                return drafted

            # 李雷 saves from version 1: refused as a conflict; he carries his edit onto version 2 and saves.
            together.wait()
            page = browser.page
            browser.versions_page()
            browser.save(f"{person.name}的修改")
            page.get_by_text(words("versions.conflict", who=other(person).name, n=2)).wait_for()
            assert store.latest_number(X) == 2
            browser.shot("4_conflict_second")
            browser.rerun(page.get_by_role("button", name=words("drafts.carry", m=2)).click)
            browser.shot("5_carry_second")
            browser.rerun(page.get_by_role("button", name=words("drafts.carry_apply", m=2), exact=True).click)
            page.get_by_text(words("drafts.carried", m=2)).wait_for()
            assert page.get_by_text(words("versions.conflict", who=other(person).name, n=2)).count() == 0
            browser.shot("6_carried_second")
            browser.save(f"{person.name}的修改")
            page.get_by_text(words("versions.saved", n=3)).wait_for()
            browser.shot("7_saved_second")
            return drafted
        except BaseException:
            together.abort()  # the other person stops waiting
            with contextlib.suppress(Exception):
                browser.shot(f"failed_{person.touchpoint}")
            raise
        finally:
            chromium.close()


def two_people(url: str, store_path: Path, names: dict[str, str], shots: str | None = None) -> Outcome:
    """The scenario against the app at ``url`` serving ``store_path`` (seeded by :func:`seed`): each person
    in a thread and a browser of their own, both at work at the same time."""
    if shots is not None:
        ARTIFACTS.mkdir(exist_ok=True)
    start = time.monotonic()
    together = threading.Barrier(2, timeout=120)
    with ThreadPoolExecutor(2) as pool:
        runs = [pool.submit(one_person, person, url, store_path, names, shots, together) for person in (WANG, LI)]
        errors = [run.exception() for run in runs]
    # The person whose step failed, not the one left waiting for them.
    failed = [e for e in errors if e is not None and not isinstance(e, threading.BrokenBarrierError)]
    if failed or any(errors):
        raise (failed or [e for e in errors if e is not None])[0]
    drafted = [run.result() for run in runs]
    store = SqliteStore(store_path)
    final = {tp.id: tp.owner for tp in store.load(X).journey.touchpoints}
    return Outcome(
        edits={f"{p.name} · {p.touchpoint} · owner": final[p.touchpoint] == p.owner for p in (WANG, LI)},
        drafted=sum(drafted), authors=[v.author for v in store.history(X)], drafts_left=len(store.drafts(X)),
        seconds=time.monotonic() - start)


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Path, dict[str, str]]]:
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is missing: `./dev test` installs it (apt-get install chromium)")
    store_path = tmp_path / "store.db"
    names = seed(store_path)
    port = free_port()
    with serving(mot_app(port), app_env(store_path), port) as url:
        yield url, store_path, names


def test_two_people_editing_one_journey_in_two_browsers_lose_nothing(
        served: tuple[str, Path, dict[str, str]]) -> None:
    url, store_path, names = served
    outcome = two_people(url, store_path, names, shots="two_people")
    assert outcome.drafted == 2
    assert outcome.edits == {"王芳 · greet · owner": True, "李雷 · counter · owner": True}
    assert outcome.lost == 0
    assert outcome.authors == [SEEDED_BY, WANG.name, LI.name]
    assert outcome.drafts_left == 0

