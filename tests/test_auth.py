"""The sign-in gate through AppTest from the real entry point: who must sign in, what each role sees,
who is the author of a version, the one exempt route, and the test seam that opens no door."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit import config
from streamlit.testing.v1 import AppTest

from components import auth
from journeys import catalog
from journeys.accounts import Accounts
from journeys.store import SqliteStore
from journeys.words import t
from tests.lines import component, fire

ROOT = Path(__file__).resolve().parent.parent
BUILD = "components/pages/build.py"
VERSIONS = "components/pages/versions.py"
WEAK = "components/pages/weak_points.py"
JOURNEYS = "components/pages/journeys.py"


@pytest.fixture
def accounts(store_path: Path) -> Accounts:
    accounts = Accounts(store_path)
    accounts.add_user("li", "facilitator", "pw-li-2026")
    accounts.add_user("ann", "viewer", "pw-ann-2026")
    SqliteStore(store_path).save(catalog.load_template("business-hall", "zh-CN"), based_on=None, author="seed")
    return accounts


@pytest.fixture
def seam(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(auth.TEST_SIGNIN, "1")


def session(user: str | None = None, lang: str = "en") -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    at.session_state["lang"] = lang
    if user:
        at.session_state[auth.KEY_TEST_USER] = user
    return ok(at.run())


def ok(at: AppTest) -> AppTest:
    assert not at.exception, [e.value for e in at.exception]
    return at


def asks_to_sign_in(at: AppTest) -> bool:
    labels = [w.label for w in at.text_input]
    return labels[:2] == [t("auth.name", "en"), t("auth.password", "en")] and not at.sidebar.text_input


def open_journey(at: AppTest) -> AppTest:
    ok(at.switch_page(JOURNEYS).run())
    return ok(at.button(key="journey_open").click().run())


def test_single_user_on_loopback_without_users_as_before(store_path: Path) -> None:
    at = session()
    assert not asks_to_sign_in(at)
    assert at.title[0].value == t("journeys.title", "en")
    assert not at.sidebar.text_input(key="author").disabled


def test_once_users_exist_every_page_asks_to_sign_in(accounts: Accounts) -> None:
    at = session()
    for page in (JOURNEYS, BUILD, WEAK, VERSIONS):
        assert asks_to_sign_in(ok(at.switch_page(page).run())), page
        assert not at.dataframe
        assert t("journeys.title", "en") not in [x.value for x in at.title]


def test_a_public_address_asks_to_sign_in_even_without_users(store_path: Path) -> None:
    config.set_option("server.address", "0.0.0.0")
    assert asks_to_sign_in(session())


def test_sign_in_through_the_form(accounts: Accounts) -> None:
    at = session()
    at.text_input[0].input("li")
    at.text_input[1].input("wrong password")
    ok(at.button[0].click().run())
    assert asks_to_sign_in(at)
    assert [e.value for e in at.error] == [t("auth.refused", "en")]
    at.text_input[0].input("li")
    at.text_input[1].input("pw-li-2026")
    ok(at.button[0].click().run())
    # In a browser the cookie component reruns the page once it has written the cookie; AppTest runs
    # no components, so the test reruns it.
    ok(at.run())
    assert not asks_to_sign_in(at)
    assert at.title[0].value == t("journeys.title", "en")
    assert t("auth.signed_in", "en", name="li", role="facilitator") in [c.value for c in at.sidebar.caption]


def test_a_viewer_reads_but_cannot_edit_save_or_restore(accounts: Accounts, seam: None) -> None:
    at = open_journey(session("ann"))
    assert at.session_state["editor"].journey.id == "business-hall"
    assert t("auth.read_only", "en") in [i.value for i in at.info]
    assert not at.main.text_input and not at.main.button  # no title field, no quick add, no delete
    assert not [b for b in at.sidebar.button if b.key in ("undo", "redo")]
    ok(at.switch_page(VERSIONS).run())
    assert not [b for b in at.button if b.key in ("version_save", "restore")]
    assert at.dataframe  # the history is there to read
    ok(at.switch_page(JOURNEYS).run())
    assert not [b for b in at.button if b.key in ("journey_duplicate", "template_create", "blank_create")]


def test_a_facilitator_saves_and_the_author_is_the_signed_in_person(
        accounts: Accounts, seam: None, store_path: Path) -> None:
    at = open_journey(session("li"))
    assert at.main.text_input and t("auth.read_only", "en") not in [i.value for i in at.info]
    # The signed-in person is the author, shown, not typed: no name field in the sidebar.
    assert any(c.value == t("side.author.as", "en", name="li") for c in at.sidebar.caption)
    assert not [i for i in at.sidebar.text_input if i.key == "author"]
    ok(at.switch_page(VERSIONS).run())
    assert at.button(key="restore")
    ok(at.button(key="version_save").click().run())
    assert [v.author for v in SqliteStore(store_path).history("business-hall")] == ["seed", "li"]


def test_the_seam_needs_its_variable_and_a_loopback_address(
        accounts: Accounts, monkeypatch: pytest.MonkeyPatch) -> None:
    assert asks_to_sign_in(session("li"))  # no MOT_TEST_SIGNIN: the session key means nothing
    monkeypatch.setenv(auth.TEST_SIGNIN, "1")
    assert not asks_to_sign_in(session("li"))
    assert asks_to_sign_in(session("mallory"))  # only a user of the store, with the store's role
    for public in ("0.0.0.0", "", "192.168.1.20"):
        config.set_option("server.address", public)
        assert asks_to_sign_in(session("li")), public


def test_a_removed_user_is_signed_out(accounts: Accounts, seam: None) -> None:
    at = session("ann")
    assert not asks_to_sign_in(at)
    accounts.remove_user("ann")
    assert asks_to_sign_in(ok(at.run()))


def test_exactly_the_open_pages_run_without_sign_in(accounts: Accounts, monkeypatch: pytest.MonkeyPatch) -> None:
    assert frozenset({"vote"}) == auth.OPEN_PAGES  # the workshop's voting page, and nothing else
    monkeypatch.setattr(auth, "OPEN_PAGES", frozenset({"weak_points"}))
    at = ok(session().switch_page(WEAK).run())
    assert not asks_to_sign_in(at)
    assert at.title[0].value == t("weak.title", "en")
    assert not at.sidebar.text_input and not at.sidebar.button  # no sidebar tools for a visitor
    for page in (JOURNEYS, BUILD, VERSIONS):
        assert asks_to_sign_in(ok(at.switch_page(page).run())), page


def submit(at: AppTest, label: str) -> AppTest:
    return ok(next(b for b in at.sidebar.button if b.label == label).click().run())


def test_change_your_own_password(accounts: Accounts, seam: None) -> None:
    at = session("ann")
    fields = {"passwd_current": "not it", "passwd_new": "fresh-pass", "passwd_again": "fresh-pass"}
    for key, value in fields.items():
        at.sidebar.text_input(key=key).input(value)
    submit(at, t("auth.passwd.submit", "en"))
    assert [e.value for e in at.sidebar.error] == [t("auth.passwd.wrong", "en")]
    fields |= {"passwd_current": "pw-ann-2026", "passwd_again": "fresh-pas"}
    for key, value in fields.items():
        at.sidebar.text_input(key=key).input(value)
    submit(at, t("auth.passwd.submit", "en"))
    assert [e.value for e in at.sidebar.error] == [t("auth.passwd.mismatch", "en")]
    assert accounts.verify("ann", "pw-ann-2026")
    fields["passwd_again"] = "fresh-pass"
    for key, value in fields.items():
        at.sidebar.text_input(key=key).input(value)
    submit(at, t("auth.passwd.submit", "en"))
    assert [s.value for s in at.sidebar.success] == [t("auth.passwd.done", "en")]
    assert accounts.verify("ann", "fresh-pass") and not accounts.verify("ann", "pw-ann-2026")


def test_sign_out(accounts: Accounts, seam: None) -> None:
    at = session("li")
    ok(at.sidebar.button(key="sign_out").click().run())
    assert asks_to_sign_in(at)


@pytest.mark.parametrize("user", [None, "ann"])
def test_the_sign_in_form_and_the_role_views_speak_chinese(accounts: Accounts, seam: None, user: str | None) -> None:
    from tests.test_words import developer_text_on, english_on

    at = session(user, lang="zh")
    # A viewer's pages (the facilitator's are walked in test_words); not Build, whose natural-size diagram
    # makes the walk's patterns crawl through a long image text.
    pages = (JOURNEYS,) if user is None else (JOURNEYS, VERSIONS)
    if user:
        open_journey(at)
    for page in pages:
        ok(at.switch_page(page).run())
        assert english_on(at) == set(), page
        assert developer_text_on(at) == set(), page


def test_a_viewer_sees_the_map_and_cannot_open_a_card(accounts: Accounts, seam: None) -> None:
    at = ok(open_journey(session("ann")).switch_page(BUILD).run())
    assert component(at, "journey_map")  # the map, drawn to read
    tp = at.session_state["editor"].journey.touchpoints[0]
    ok(fire(at, "journey_map", "edit", tp.id))
    assert component(at, "journey_map")
    assert not at.main.button and not at.main.text_input
