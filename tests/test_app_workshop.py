"""The live workshop's pages through AppTest from the real entry point: the participant's voting screens
(join, vote, change, a closed session, a wrong code, a stranger's token), the gate (the voting page is
the one page open without signing in), the projector (counts of votes made through the store) and the
"Apply to the journey" dialog (the proposal shown, nothing saved until confirmed, a new version with
evidence ``workshop`` and ``n``)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit import config
from streamlit.testing.v1 import AppTest

from components import auth
from components.ui import md
from components.workshop_view import VOTE_PATH, join_url
from journeys.accounts import Accounts
from journeys.model import Journey
from journeys.store import SqliteStore
from journeys.words import t
from journeys.workshop import Session

from .conftest import MINIMAL

ROOT = Path(__file__).resolve().parent.parent
VOTE = "components/pages/vote.py"
WORKSHOP = "components/pages/workshop.py"
JOURNEYS = "components/pages/journeys.py"
BUILD = "components/pages/build.py"
WEAK = "components/pages/weak_points.py"
VERSIONS = "components/pages/versions.py"
COMPARE = "components/pages/compare.py"
NAMES = [tp["name"] for tp in MINIMAL["touchpoints"]]
IDS = [tp["id"] for tp in MINIMAL["touchpoints"]]


def ok(at: AppTest) -> AppTest:
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.fixture
def store(store_path: Path) -> SqliteStore:
    store = SqliteStore(store_path)
    store.save(Journey.model_validate(MINIMAL), based_on=None, author="王芳", note="初稿")
    return store


@pytest.fixture
def session(store: SqliteStore) -> Session:
    return store.start_workshop("visit", 1, list(zip(IDS, NAMES, strict=True)), "王芳")


def phone(lang: str = "en", **params: str) -> AppTest:
    """A participant's phone: the voting page with ``params`` in its URL."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    at.session_state["lang"] = lang
    for name, value in params.items():
        at.query_params[name] = value
    return ok(at.switch_page(VOTE).run())


def texts(at: AppTest) -> str:
    return "\n".join(str(x.value) for kind in ("title", "header", "subheader", "markdown", "caption", "error", "info",
                                               "warning", "success") for x in getattr(at, kind))


def join(at: AppTest, name: str) -> AppTest:
    at.text_input(key="vote_name").input(name)
    return ok(at.button(key="vote_join").click().run())


def vote(at: AppTest, perceived: int | None, *, expected: int | None = None, pain: bool = False,
         text: str = "", back: bool = False) -> AppTest:
    step = at.session_state[next(k for k in at.session_state if str(k).startswith("vote_step:"))]
    at.segmented_control(key=f"vote_perceived_{step}").set_value(perceived)
    at.segmented_control(key=f"vote_expected_{step}").set_value(expected)
    at.toggle(key=f"vote_pain_{step}").set_value(pain)
    at.text_input(key=f"vote_text_{step}").input(text)
    return ok(at.button(key="vote_previous" if back else "vote_next").click().run())


def test_join_vote_every_touchpoint_and_change_a_vote(store: SqliteStore, session: Session) -> None:
    at = phone(code=session.code.lower())  # typed on a phone: case does not matter
    assert at.text_input(key="vote_name").label == t("vote.name", "en")
    assert NAMES[0] not in texts(at)  # nothing of the journey before joining
    join(at, "阿明")
    token = at.query_params["p"]
    (me,) = store.workshop_participants(session.id)
    assert me.name == "阿明" and store.participant_by_token(session.id, token) == me
    assert at.header[0].value == NAMES[0] and t("vote.progress", "en", i=1, n=3) in at.progress[0].proto.text
    vote(at, 4, expected=5, text="想快一点")
    assert at.header[0].value == NAMES[1]
    vote(at, 2, pain=True)
    vote(at, 5)
    assert at.success[0].value == t("vote.thanks", "en")
    votes = {v.touchpoint: v for v in store.workshop_votes(session.id)}
    assert [(votes[i].perceived, votes[i].expected, votes[i].pain) for i in IDS] == [(4, 5, False), (2, None, True),
                                                                                    (5, None, False)]
    assert votes["greet"].text == "想快一点"

    # Back to the first touchpoint: the own vote is shown, and a change replaces it (the last counts).
    ok(at.button(key="vote_again").click().run())
    assert at.segmented_control(key="vote_perceived_0").value == 4
    assert at.text_input(key="vote_text_0").value == "想快一点"
    vote(at, 3, expected=5, text="想快一点")
    votes = {v.touchpoint: v for v in store.workshop_votes(session.id)}
    assert len(store.workshop_votes(session.id)) == 3 and votes["greet"].perceived == 3


def test_a_reload_keeps_the_person_and_goes_on_where_they_were(store: SqliteStore, session: Session) -> None:
    at = join(phone(code=session.code), "Ann")
    vote(at, 4)
    again = phone(code=session.code, s=session.id, p=at.query_params["p"])  # the same URL, a new tab
    assert again.header[0].value == NAMES[1]
    assert len(store.workshop_participants(session.id)) == 1


def test_a_wrong_code_or_a_strangers_token_gets_nothing(store: SqliteStore, session: Session) -> None:
    wrong = "ZZZZ2222" if session.code != "ZZZZ2222" else "YYYY2222"
    at = phone(code=wrong)
    assert at.error[0].value == t("vote.unknown_code", "en", code=wrong)
    assert at.text_input(key="vote_code") and NAMES[0] not in texts(at)
    at = phone(code=session.code, p="a-guessed-token-of-someone-else")
    assert at.warning[0].value == t("vote.unknown_token", "en")
    assert not at.segmented_control and NAMES[0] not in texts(at)


def test_a_link_without_a_code_asks_for_it(store: SqliteStore, session: Session) -> None:
    at = phone()
    at.text_input(key="vote_code").input(f" {session.code[:4]}-{session.code[4:]} ")
    ok(at.button(key="vote_code_go").click().run())
    assert at.query_params["code"] == session.code
    assert at.text_input(key="vote_name")


def test_a_closed_session_refuses_with_a_clear_message(store: SqliteStore, session: Session) -> None:
    at = join(phone(code=session.code), "Ann")
    store.close_workshop(session.id)
    at.segmented_control(key="vote_perceived_0").set_value(4)
    ok(at.button(key="vote_next").click().run())
    assert at.info[0].value == t("vote.closed", "en")
    assert not at.segmented_control and store.workshop_votes(session.id) == []
    # Whoever opens the link later is told the same, in Chinese too.
    later = phone("zh", code=session.code, s=session.id, p=at.query_params["p"])
    assert later.info[0].value == t("vote.closed", "zh")


def test_text_longer_than_280_characters_is_refused_by_the_store_too(store: SqliteStore, session: Session) -> None:
    at = join(phone(code=session.code), "Ann")
    assert at.text_input(key="vote_text_0").proto.max_chars == 280
    names = [tp.name for tp in store.workshop_participants(session.id)]
    assert names == ["Ann"]


# --- the gate ----------------------------------------------------------------------------------------------

@pytest.fixture
def team(store: SqliteStore, store_path: Path) -> Accounts:
    accounts = Accounts(store_path)
    accounts.add_user("li", "facilitator", "pw-li-2026")
    accounts.add_user("ann", "viewer", "pw-ann-2026")
    return accounts


def asks_to_sign_in(at: AppTest) -> bool:
    return [w.label for w in at.text_input][:2] == [t("auth.name", "en"), t("auth.password", "en")]


@pytest.mark.parametrize("address", ["127.0.0.1", "0.0.0.0"])
def test_the_voting_page_is_the_one_page_open_without_signing_in(team: Accounts, store: SqliteStore,
                                                                  session: Session, address: str) -> None:
    config.set_option("server.address", address)
    assert frozenset({VOTE_PATH}) == auth.OPEN_PAGES
    at = phone(code=session.code)
    assert not asks_to_sign_in(at) and at.text_input(key="vote_name")
    assert not at.sidebar.text_input and not at.sidebar.button and not at.sidebar.markdown  # no sidebar
    join(at, "Ann")
    vote(at, 4)
    assert len(store.workshop_votes(session.id)) == 1
    for page in (JOURNEYS, BUILD, WEAK, VERSIONS, COMPARE, WORKSHOP):
        at.switch_page(page).run()
        assert asks_to_sign_in(ok(at)), page
        assert not at.dataframe and not at.get("vega_lite_chart") and not at.image, page


def test_a_viewer_cannot_run_a_workshop(team: Accounts, session: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(auth.TEST_SIGNIN, "1")
    at = facilitator("ann")
    ok(at.switch_page(WORKSHOP).run())
    assert at.info[0].value == t("auth.read_only", "en")
    assert not at.image and not at.main.button  # no QR code, no start or close


# --- the facilitator and the projector -------------------------------------------------------------------------

def facilitator(user: str | None = None, lang: str = "en") -> AppTest:
    """A facilitator's session with the journey open (single-user on loopback, or ``user`` signed in)."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    at.session_state["lang"] = lang
    at.session_state["author"] = "王芳"
    if user:
        at.session_state[auth.KEY_TEST_USER] = user
    ok(at.run())
    ok(at.switch_page(JOURNEYS).run())
    return ok(at.button(key="journey_open").click().run())


def cast(store: SqliteStore, session: Session, name: str, scores: dict[str, tuple[int | None, bool, str]]) -> None:
    _, token = store.join_workshop(session.id, name)
    for tp, (perceived, pain, text) in scores.items():
        store.cast_vote(session.id, token, tp, perceived=perceived, expected=None, pain=pain, text=text)


def curve_rows(at: AppTest) -> dict[str, dict]:  # type: ignore[type-arg]
    """The projector curve's rows by touchpoint (Streamlit sends the chart's named datasets as Arrow)."""
    import pyarrow as pa

    (chart,) = at.get("vega_lite_chart")
    assert json.loads(chart.proto.spec)["title"]["text"] == t("projector.chart.title", "en")
    found: dict[str, dict] = {}  # type: ignore[type-arg]
    for named in chart.proto.datasets:
        found |= {r["id"]: r for r in pa.ipc.open_stream(named.data.data).read_all().to_pylist() if "mean" in r}
    return found


def curve_labels(at: AppTest) -> list[list[str]]:
    """The projector curve's touchpoint labels: the name's lines, then the votes behind it."""
    params = {p["name"]: p.get("value") for p in json.loads(at.get("vega_lite_chart")[0].proto.spec)["params"]}
    return params["tpLabels"]


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_start_a_session_and_the_projector_counts_the_votes(store: SqliteStore) -> None:
    at = facilitator()
    ok(at.switch_page(WORKSHOP).run())
    ok(at.button(key="workshop_start").click().run())
    (session,) = store.workshops("visit")
    assert session.open and [tp for tp, _ in session.touchpoints] == IDS
    assert at.image  # the QR code
    assert any(session.code in h.proto.body for h in at.get("html"))
    assert metrics(at) == {t("projector.joined", "en"): "0", t("projector.votes", "en"): "0"}

    cast(store, session, "甲", {"greet": (4, False, ""), "queue": (1, True, "排队太久")})
    cast(store, session, "乙", {"greet": (2, False, ""), "queue": (2, True, "")})
    ok(at.run())
    assert metrics(at) == {t("projector.joined", "en"): "2", t("projector.votes", "en"): "4"}
    by_id = curve_rows(at)
    assert by_id["greet"]["mean"] == 3 and by_id["greet"]["lo"] == 2 and by_id["greet"]["hi"] == 4
    assert by_id["queue"]["pain"] == 2 and "counter" not in by_id  # no score yet: no point
    assert [lines[-1] for lines in curve_labels(at)] == [t("projector.chart.votes", "en", count=n) for n in (2, 2, 0)]
    page = texts(at)
    assert t("projector.pain.row", "en", name=NAMES[1], n=2) in page
    assert "排队太久" in page

    ok(at.button(key="workshop_close").click().run())
    assert not store.workshops("visit")[0].open
    assert at.dataframe  # the results
    assert at.button(key="workshop_apply")


def test_the_projector_builds_its_curve_only_when_a_vote_came_in(store: SqliteStore, session: Session,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """A poll with nothing new costs no chart build (the build holds up the phones' reruns on a busy
    server), and the counts are drawn before the curve is built: a failing build leaves them on screen."""
    import exports.charts

    built: list[int] = []
    real = exports.charts.workshop_curve

    def counted(journey: Journey, res: object, *args: object, **kwargs: object) -> object:
        built.append(res.votes)  # type: ignore[attr-defined]
        return real(journey, res, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(exports.charts, "workshop_curve", counted)
    at = facilitator()
    ok(at.switch_page(WORKSHOP).run())
    cast(store, session, "甲", {"greet": (4, False, "")})
    ok(at.run())
    assert built == [0, 1] and metrics(at)[t("projector.votes", "en")] == "1"
    ok(at.run())
    ok(at.run())
    assert built == [0, 1] and curve_rows(at)["greet"]["mean"] == 4  # the kept spec, with its data
    cast(store, session, "乙", {"greet": (2, False, "")})
    ok(at.run())
    assert built == [0, 1, 2] and curve_rows(at)["greet"]["mean"] == 3

    def broken(*args: object, **kwargs: object) -> object:
        raise RuntimeError("the curve could not be built")

    monkeypatch.setattr(exports.charts, "workshop_curve", broken)
    cast(store, session, "丙", {"greet": (5, False, "")})
    at.run()
    assert at.exception  # the build failed …
    assert metrics(at) == {t("projector.joined", "en"): "3", t("projector.votes", "en"): "3"}  # … after the counts


def test_the_join_link(monkeypatch: pytest.MonkeyPatch) -> None:
    assert join_url("AB", public=None, address="127.0.0.1", port=8501) == "http://127.0.0.1:8501/vote?code=AB"
    assert join_url("AB", public=None, address="10.1.2.3", port=80) == "http://10.1.2.3:80/vote?code=AB"
    wide = join_url("AB", public=None, address="0.0.0.0", port=8501)
    assert not wide.startswith("http://0.0.0.0") and wide.endswith(":8501/vote?code=AB")
    assert join_url("AB", public="https://x.example", address="0.0.0.0", port=1) == "https://x.example/vote?code=AB"


def test_apply_shows_the_proposal_and_saves_only_when_confirmed(store: SqliteStore, session: Session) -> None:
    cast(store, session, "甲", {"greet": (4, False, "欢迎要热情"), "queue": (1, True, "排队太久")})
    cast(store, session, "乙", {"greet": (5, False, ""), "queue": (2, True, "")})
    store.close_workshop(session.id)
    at = facilitator()
    ok(at.switch_page(WORKSHOP).run())
    ok(at.button(key="workshop_apply").click().run())
    changes = next(d.value for d in at.dataframe if "n" in d.value.columns)
    assert list(changes[t("workshop_app.col.touchpoint", "en")]) == [NAMES[0], NAMES[1]]
    assert list(changes[t("workshop_app.apply.col.new", "en")]) == ["4.5", "1.5"]
    assert list(changes["n"]) == [2, 2]
    assert store.latest_number("visit") == 1  # shown, nothing saved
    ok(at.checkbox(key="apply_expectation_0").check().run())
    ok(at.checkbox(key="apply_pain_queue").check().run())
    assert store.latest_number("visit") == 1
    ok(at.button(key="apply_save").click().run())
    saved = store.load("visit")
    assert saved.info.number == 2 and saved.info.note == t("workshop_app.apply.note.default", "en", code=session.code)
    greet, queue, counter = (saved.journey.touchpoint(i) for i in IDS)
    assert greet.emotion is not None and greet.emotion.perceived == 4.5 and greet.emotion.evidence == "workshop"
    assert greet.emotion.n == 2
    assert [e.text for e in greet.expectations] == ["欢迎要热情"]
    assert queue.has("pain") and queue.perceived == 1.5
    assert counter.emotion is None or counter.emotion.evidence != "workshop"


def test_the_workshop_pages_in_chinese_show_no_english_word_and_no_developer_text(store: SqliteStore,
                                                                                 session: Session) -> None:
    from tests.test_words import developer_text_on, english_on

    cast(store, session, "甲", {"greet": (4, False, "欢迎要热情"), "queue": (1, True, "排队太久")})
    walked = []
    at = phone("zh", code=session.code)
    walked.append(at)
    walked.append(join(phone("zh", code=session.code), "乙"))
    projector = facilitator(lang="zh")
    walked.append(ok(projector.switch_page(WORKSHOP).run()))
    store.close_workshop(session.id)
    walked.append(ok(projector.run()))
    walked.append(ok(projector.button(key="workshop_apply").click().run()))
    walked.append(phone("zh", code="ZZZZZZZZ"))
    for state in walked:
        assert english_on(state) == set()
        assert developer_text_on(state) == set()


def test_typed_text_is_shown_as_typed_never_as_markup(store: SqliteStore, session: Session) -> None:
    """A name, a touchpoint name or a comment like ``[x](https://evil) :red[a] <b>`` stays literal text."""
    nasty = "[x](https://evil.example) :red[a] <b>b</b> $$x$$"
    cast(store, session, "甲", {"greet": (4, True, nasty)})
    at = facilitator()
    ok(at.switch_page(WORKSHOP).run())
    bodies = [m.value for m in at.markdown]
    assert not any(nasty in body for body in bodies)  # never raw into Markdown
    assert any(md(nasty) in body for body in bodies)  # escaped: read as typed
    phone_at = join(phone(code=session.code), nasty[:40])
    assert all("<b>" not in c.value for c in phone_at.caption)
