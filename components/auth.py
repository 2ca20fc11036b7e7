"""The sign-in gate: who is signed in, with which role, and the one list of pages open without it.

Sign-in is required when the server listens beyond this machine (Streamlit's ``server.address`` is not
a loopback address) or as soon as the store has users (:func:`journeys.accounts.sign_in_required`);
on 127.0.0.1 with no users the app stays single-user, as before. The form, the password check and the
signed re-authentication cookie are streamlit-authenticator's, fed with the store's users and bcrypt
hashes; the cookie's signing key is the store's own (:meth:`journeys.accounts.Accounts.cookie_key`).

Exactly one mechanism exempts a page: its URL path in :data:`OPEN_PAGES`, which holds the live
workshop's voting page and nothing else. An open page runs without the sidebar, for anyone (a phone
with no account, or a signed-in person alike); every other page shows only the sign-in form to whoever
is not signed in.

Test seam. The cookie component does not run under AppTest, so tests sign in by putting a user name
in ``st.session_state[KEY_TEST_USER]``. It counts only when the server's environment has
``MOT_TEST_SIGNIN=1`` *and* the server listens on a loopback address, and only for a user that exists
in the store (the role is the store's): on a public address, or in a normal deployment, it does nothing.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar, cast

import streamlit as st
from streamlit.navigation.page import StreamlitPage

from journeys.accounts import AccountError, Accounts, Role, is_loopback, sign_in_required
from journeys.store import StoreError

from .state import get_store, lang, t

if TYPE_CHECKING:  # the sign-in form's library is imported when a form is shown: a faster cold start
    from streamlit_authenticator import Authenticate

__all__ = [
    "COOKIE_NAME",
    "KEY_TEST_USER",
    "OPEN_PAGES",
    "TEST_SIGNIN",
    "account_panel",
    "can_edit",
    "current_user",
    "gate",
    "get_accounts",
    "nav_position",
    "require_role",
    "required",
]

OPEN_PAGES: frozenset[str] = frozenset({"vote"})
"""URL paths of the pages anyone may open without signing in: the workshop's voting page only."""

TEST_SIGNIN = "MOT_TEST_SIGNIN"
KEY_TEST_USER = "test_signed_in_as"
KEY_KNOWN = "auth_known"
COOKIE_NAME = "mot_signin"
COOKIE_DAYS = 7

T = TypeVar("T")


def get_accounts() -> Accounts:
    """The users of the store the app uses (``MOT_STORE``, else the per-user default)."""
    return Accounts(get_store())


def _address() -> str | None:
    return st.get_option("server.address")


def _remembered(key: Any, read: Callable[[], T]) -> T:
    """``read()`` from the store, remembered in the session: while the store cannot be reached (a server
    gone away) the session goes on with what it last knew, so a signed-in person keeps working and their
    edit stays in the tab; a session that never knew raises the store's error."""
    known = st.session_state.setdefault(KEY_KNOWN, {})
    try:
        known[key] = read()
    except StoreError:
        if key not in known:
            raise
    return cast(T, known[key])


def required() -> bool:
    """Whether this server asks people to sign in."""
    return sign_in_required(_address(), _remembered("has_users", lambda: get_accounts().has_users()))


def _seam_user() -> str | None:
    if os.environ.get(TEST_SIGNIN) != "1" or not is_loopback(_address()):
        return None
    return st.session_state.get(KEY_TEST_USER)


def current_user() -> tuple[str, Role] | None:
    """The signed-in person and their role (read from the store on every run: a removed user is out)."""
    name = _seam_user()
    if name is None and st.session_state.get("authentication_status"):
        name = st.session_state.get("username")
    user = _remembered(("user", name), lambda: get_accounts().get(name)) if name else None
    return None if user is None else (user.name, user.role)


def can_edit() -> bool:
    """Facilitators edit, save and restore; so does the one user of a single-user app."""
    user = current_user()
    return user[1] == "facilitator" if user else not required()


def require_role(role: Role) -> None:
    """Stop the page here unless the person may act as ``role`` (a viewer is told why)."""
    if role == "facilitator" and not can_edit():
        st.info(t("auth.read_only"))
        st.stop()


def _authenticator() -> Authenticate:
    from streamlit_authenticator import Authenticate

    accounts = get_accounts()
    credentials: dict[str, Any] = {"usernames": {
        user.name: {"name": user.name, "password": user.password_hash, "roles": [user.role], "email": None}
        for user in accounts.list_users()}}
    return Authenticate(credentials, COOKIE_NAME, accounts.cookie_key(), cookie_expiry_days=COOKIE_DAYS,
                        auto_hash=False)


def _sign_in_form() -> None:
    from streamlit_authenticator.utilities import LoginError

    st.title(t("app.title"))
    st.caption(t("auth.why"))
    if st.session_state.get("authentication_status") and current_user() is None:
        st.session_state["authentication_status"] = None  # signed in as someone since removed
    fields = {"Form name": t("auth.title"), "Username": t("auth.name"), "Password": t("auth.password"),
              "Login": t("auth.submit")}
    try:
        _authenticator().login(location="main", key="sign_in", fields=fields)
    except LoginError:
        st.session_state["logout"] = True  # a cookie for a removed user: ignore it from now on
        st.rerun()
    # No st.rerun() on success: it would drop the cookie component's write, and after a refused attempt
    # the cookie was then never set; the component reruns the page itself once the cookie is written.
    if st.session_state.get("authentication_status") is False:
        st.error(t("auth.refused"))


def nav_position() -> str:
    """The page list shows only to people who may use it."""
    return "sidebar" if current_user() is not None or not required() else "hidden"


def gate(page: StreamlitPage) -> bool:
    """Whether ``page`` may run now, with the sidebar; else the sign-in form is shown instead.

    An open page (:data:`OPEN_PAGES`) is run here, without the sidebar, whoever opens it."""
    if page.url_path in OPEN_PAGES:
        page.run()
        return False
    if not required() or current_user() is not None:
        return True
    _sign_in_form()
    return False


def _sign_out() -> None:
    st.session_state.pop(KEY_TEST_USER, None)
    if st.session_state.get("authentication_status"):
        _authenticator().logout(location="unrendered")


def account_panel() -> None:
    """In the sidebar, for the signed-in person: who and what role, change password, sign out."""
    user = current_user()
    if user is None:
        return
    name, role = user
    st.caption(t("auth.signed_in", name=name, role=t(f"auth.role.{role}")))
    with st.expander(t("auth.passwd")), st.form("passwd_form", clear_on_submit=True, border=False):
        current = st.text_input(t("auth.passwd.current"), type="password", key="passwd_current")
        new = st.text_input(t("auth.passwd.new"), type="password", key="passwd_new")
        again = st.text_input(t("auth.passwd.again"), type="password", key="passwd_again")
        if st.form_submit_button(t("auth.passwd.submit")):
            accounts = get_accounts()
            if not accounts.verify(name, current):
                st.error(t("auth.passwd.wrong"))
            elif new != again:
                st.error(t("auth.passwd.mismatch"))
            else:
                try:
                    accounts.set_password(name, new)
                except AccountError as exc:
                    st.error(exc.text(lang()))
                else:
                    st.success(t("auth.passwd.done"))
    if st.button(t("auth.sign_out"), key="sign_out", width="stretch"):
        _sign_out()
        st.rerun()
