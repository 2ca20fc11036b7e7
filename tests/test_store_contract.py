"""The store contract: what every backend does the same, run against SQLite and PostgreSQL alike.

Numbered append-only versions with their authors and notes, a save refused on a stale base (exactly
one of many racing writers wins per base), drafts per person and tab, the users and the cookie secret,
the schema version, a process killed mid-save, copying between stores and checking one, and the live
workshops (codes, the 200-participant cap under concurrent joins on two servers, the last vote counting,
a token changing only its holder's votes, closed sessions, names anonymised, deleted and dropped). Every test
here runs once per backend (the ``location`` fixture); later features that add tables extend this
file so both backends keep one behaviour.
"""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import psycopg
import pytest

from journeys.accounts import Accounts, DuplicateUser
from journeys.model import Journey
from journeys.store import (
    SCHEMA_VERSION,
    ConflictError,
    JourneyStore,
    NotFoundError,
    StoreError,
    check_store,
    copy_store,
    is_server_url,
    open_store,
)
from journeys.workshop import (
    CODE_ALPHABET,
    CODE_LENGTH,
    MAX_PARTICIPANTS,
    MAX_TEXT,
    NAME_DAYS,
    Session,
    Vote,
    WorkshopError,
)

from . import pg
from .conftest import MINIMAL


def journey(title: str = "v", **changes: object) -> Journey:
    return Journey.model_validate({**MINIMAL, "title": title, **changes})


def raw(location: str, statement: str) -> None:
    """Run one statement on the store's database directly, as another program would."""
    if is_server_url(location):
        with psycopg.connect(location, autocommit=True) as db:
            db.execute(statement)  # type: ignore[call-overload]
    else:
        db = sqlite3.connect(location, isolation_level=None)
        try:
            db.execute(statement)
        finally:
            db.close()


@pytest.fixture
def store(location: str) -> Iterator[JourneyStore]:
    opened = open_store(location)
    yield opened
    opened.close()


def test_versions_are_numbered_with_author_note_and_document(store: JourneyStore) -> None:
    first = store.save(journey("一"), based_on=None, author="王经理", note="工作坊初稿")
    second = store.save(journey("二"), based_on=1, author="李主管", note="加入排队分流")
    assert (first.number, second.number) == (1, 2)
    history = store.history("visit")
    assert [(v.number, v.author, v.note, v.title, v.based_on) for v in history] == [
        (1, "王经理", "工作坊初稿", "一", None), (2, "李主管", "加入排队分流", "二", 1)]
    assert history[0].saved_at.endswith("+00:00")
    assert store.load("visit").journey.title == "二"
    assert store.load("visit", 1).journey == journey("一")
    (summary,) = store.list_journeys()
    assert (summary.id, summary.title, summary.versions, summary.last_author) == ("visit", "二", 2, "李主管")


def test_a_stale_save_is_refused_and_loses_nothing(store: JourneyStore) -> None:
    store.save(journey("base"), based_on=None)
    store.save(journey("alice"), based_on=1, author="alice")
    with pytest.raises(ConflictError) as caught:
        store.save(journey("bob"), based_on=1, author="bob")
    assert (caught.value.based_on, caught.value.latest) == (1, 2)
    assert "reload" in str(caught.value)
    assert [v.title for v in store.history("visit")] == ["base", "alice"]
    # Bob keeps his edit as a branch copy; Alice's version is untouched.
    copy = store.save_copy(journey("bob"), store.free_id("visit"), author="bob", note="copy of visit v1")
    assert (copy.journey_id, copy.number) == ("visit-2", 1)
    assert store.load("visit-2").journey.title == "bob"
    assert store.load("visit").journey.title == "alice"


def test_creating_a_journey_that_exists_is_a_conflict(store: JourneyStore) -> None:
    store.save(journey(), based_on=None)
    with pytest.raises(ConflictError, match="already exists"):
        store.save(journey(), based_on=None)


def test_basing_on_a_version_of_a_missing_journey_fails(store: JourneyStore) -> None:
    with pytest.raises(NotFoundError):
        store.save(journey(), based_on=3)


def test_missing_journeys_and_versions(store: JourneyStore) -> None:
    with pytest.raises(NotFoundError, match="no journey 'nope'"):
        store.load("nope")
    with pytest.raises(NotFoundError, match="no journey"):
        store.history("nope")
    store.save(journey(), based_on=None)
    with pytest.raises(NotFoundError, match="no version 7"):
        store.load("visit", 7)


def test_history_cannot_be_rewritten(store: JourneyStore, location: str) -> None:
    store.save(journey(), based_on=None)
    for statement in ("UPDATE versions SET note = 'rewritten'", "DELETE FROM versions", "TRUNCATE versions"):
        if statement.startswith("TRUNCATE") and not is_server_url(location):
            continue  # SQLite has no TRUNCATE
        with pytest.raises(Exception, match="append-only"):
            raw(location, statement)
    assert store.history("visit")[0].note == ""


def test_drafts_survive_and_are_kept_apart_from_history(store: JourneyStore, location: str) -> None:
    store.save(journey("saved"), based_on=None)
    store.save_draft(journey("typing..."), based_on=1, person="facilitator", tab="t1")
    reopened = open_store(location)  # a restarted server
    draft = reopened.load_draft("visit", "facilitator", "t1")
    assert draft is not None and draft.journey.title == "typing..." and draft.based_on == 1
    assert draft.author == "facilitator" and draft.draft_key == ("facilitator", "t1")
    assert reopened.load("visit").journey.title == "saved"
    reopened.save(draft.journey, based_on=draft.based_on, draft=draft.draft_key)
    assert reopened.load_draft("visit", "facilitator", "t1") is None  # saved: the draft is now history


def test_a_draft_belongs_to_a_person_and_a_tab(store: JourneyStore) -> None:
    store.save(journey("base"), based_on=None)
    store.save_draft(journey("wang, tab 1"), based_on=1, person="王芳", tab="a")
    store.save_draft(journey("wang, tab 2"), based_on=1, person="王芳", tab="b")
    store.save_draft(journey("li"), based_on=1, person="李雷", tab="c")
    store.save_draft(journey("wang, tab 1 again"), based_on=1, person="王芳", tab="a")
    assert sorted(d.journey.title for d in store.drafts("visit", "王芳")) == ["wang, tab 1 again", "wang, tab 2"]
    assert len(store.drafts("visit")) == 3
    # Li saves and discards: only Li's draft goes.
    store.save(journey("li"), based_on=1, author="李雷", draft=("李雷", "c"))
    assert [d.person for d in store.drafts("visit")] == ["王芳", "王芳"]
    store.discard_draft("visit", "王芳", "b")
    assert [d.journey.title for d in store.drafts("visit")] == ["wang, tab 1 again"]


def test_someone_elses_save_keeps_my_draft(store: JourneyStore) -> None:
    store.save(journey("base"), based_on=None)
    store.save_draft(journey("mine, unsaved"), based_on=1, person="me")
    store.save_draft(journey("theirs"), based_on=1, person="them")
    store.save(journey("theirs"), based_on=1, draft=("them", ""))  # even when it is the very same text
    draft = store.load_draft("visit", "me")
    assert draft is not None and draft.journey.title == "mine, unsaved"
    store.discard_draft("visit", "me")
    assert store.load_draft("visit", "me") is None


def test_eight_concurrent_writers_see_no_error(store: JourneyStore, location: str) -> None:
    store.save(journey("base"), based_on=None)
    errors: list[BaseException] = []
    start = threading.Barrier(8)

    def writer(k: int) -> None:
        mine = open_store(location)
        start.wait()
        try:
            for i in range(15):
                mine.save(journey(f"w{k}-{i}", id=f"j{k}"), based_on=i or None, author=f"w{k}")
                mine.save_draft(journey(f"d{k}-{i}", id=f"j{k}"), based_on=i + 1, person=f"w{k}", tab="t")
                mine.list_journeys()
        except BaseException as exc:  # collected and reported below
            errors.append(exc)
        finally:
            mine.close()

    threads = [threading.Thread(target=writer, args=(k,)) for k in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(s.versions for s in store.list_journeys()) == [1] + [15] * 8



WRITER = textwrap.dedent("""
    import sys
    from journeys.model import Journey
    from journeys.store import open_store
    from tests.conftest import MINIMAL
    store = open_store(sys.argv[1])
    # Big documents make each transaction long enough to be killed in the middle of one.
    touchpoints = [{"id": f"t{i}", "stage": "arrive", "name": "接触点" * 20} for i in range(2000)]
    n = store.latest_number("visit") or 0
    while True:
        doc = {**MINIMAL, "title": f"v{n + 1}", "touchpoints": MINIMAL["touchpoints"] + touchpoints}
        store.save(Journey.model_validate(doc), based_on=n or None, note=f"note {n + 1}")
        store.save_draft(Journey.model_validate({**doc, "title": "draft"}), based_on=n + 1, person="me")
        n += 1
        print(n, flush=True)
""")


@pytest.mark.parametrize("delay", [0.35, 0.6, 0.9])
def test_a_process_killed_mid_save_leaves_every_earlier_version_intact(location: str, delay: float) -> None:
    root = Path(__file__).resolve().parent.parent
    with subprocess.Popen([sys.executable, "-c", WRITER, location], cwd=root,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as proc:
        assert proc.stdout is not None
        first = proc.stdout.readline()  # at least one version is on disk
        if first.strip() != "1":
            proc.kill()
            pytest.fail(proc.communicate()[1])
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        rest, _ = proc.communicate()
    assert proc.returncode == -signal.SIGKILL
    reported = [int(line) for line in [first, *rest.split()] if line.strip()]

    store = open_store(location)
    assert check_store(store) == []
    history = store.history("visit")
    numbers = [v.number for v in history]
    assert numbers == list(range(1, len(numbers) + 1))  # no gaps, no half-written version
    assert len(numbers) >= max(reported)  # every save that returned is there
    for v in history:
        loaded = store.load("visit", v.number)
        assert loaded.journey.title == f"v{v.number}" and loaded.info.note == f"note {v.number}"
    # And the store goes on working.
    store.save(store.load("visit").journey, based_on=numbers[-1], note="after the crash")


def test_racing_saves_on_one_base_have_exactly_one_winner(location: str) -> None:
    """Eight sessions save an edit of the same version at the same instant, round after round: one
    version per round, the others refused as conflicts, no other error."""
    first = open_store(location)
    first.save(journey("base"), based_on=None)
    stores = [open_store(location) for _ in range(8)]
    for base in range(1, 6):
        start, outcomes = threading.Barrier(8), []

        def writer(k: int, base: int = base, start: threading.Barrier = start, outcomes: list = outcomes) -> None:
            start.wait()
            try:
                stores[k].save(journey(f"r{base}-w{k}"), based_on=base, author=f"w{k}")
                outcomes.append("won")
            except ConflictError as exc:
                outcomes.append(f"conflict {exc.based_on}->{exc.latest}")
            except BaseException as exc:  # collected and reported below
                outcomes.append(repr(exc))

        threads = [threading.Thread(target=writer, args=(k,)) for k in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert sorted(outcomes) == [f"conflict {base}->{base + 1}"] * 7 + ["won"], outcomes
    assert [v.number for v in first.history("visit")] == list(range(1, 7))
    for opened in (first, *stores):
        opened.close()


def test_users_and_the_cookie_secret_live_in_the_store(store: JourneyStore, location: str) -> None:
    accounts = Accounts(store)
    accounts.add_user("王芳", "facilitator", "pass-1")
    accounts.add_user("Li", "viewer", "pass-2")
    with pytest.raises(DuplicateUser):
        accounts.add_user("LI", "facilitator", "other")  # names match without regard to letter case
    again = Accounts(location)  # another server on the same store
    assert [(u.name, u.role) for u in again.list_users()] == [("Li", "viewer"), ("王芳", "facilitator")]
    assert again.verify("li", "pass-2") and not again.verify("Li", "pass-1")
    again.set_password("王芳", "pass-3")
    assert accounts.verify("王芳", "pass-3")
    assert accounts.cookie_key() == again.cookie_key() and len(accounts.cookie_key()) == 64
    again.remove_user("li")
    assert [u.name for u in accounts.list_users()] == ["王芳"] and accounts.has_users()
    again.store.close()


def test_a_new_store_has_this_release_schema(store: JourneyStore) -> None:
    assert store.schema_version() == SCHEMA_VERSION == 3
    assert store.counts() == {"journeys": 0, "versions": 0, "drafts": 0, "users": 0, "sessions": 0,
                              "participants": 0, "votes": 0}
    assert check_store(store) == []


def filled(store: JourneyStore) -> None:
    """A store with two journeys, three versions, two people's drafts and two users."""
    store.save(journey("一"), based_on=None, author="王芳", note="初稿")
    store.save(journey("二"), based_on=1, author="李雷", note="加入分流")
    store.save(journey("other", id="other"), based_on=None, author="王芳")
    store.save_draft(journey("王芳的草稿"), based_on=2, person="王芳", tab="a")
    store.save_draft(journey("李雷的草稿", id="other"), based_on=1, person="李雷")
    Accounts(store).add_user("王芳", "facilitator", "pass-1")
    Accounts(store).add_user("李雷", "viewer", "pass-2")


@pytest.mark.parametrize("to", ["sqlite", "postgresql"])
def test_copying_a_store_keeps_everything(store: JourneyStore, to: str, tmp_path: Path,
                                          request: pytest.FixtureRequest) -> None:
    filled(store)
    key = Accounts(store).cookie_key()
    where = str(tmp_path / "copy.db") if to == "sqlite" else pg.fresh_url(request.getfixturevalue("pg_base"))
    destination = open_store(where)
    report = copy_store(store, destination)
    assert report.copied == {"journeys": 2, "versions": 3, "drafts": 2, "users": 2, "sessions": 0,
                             "participants": 0, "votes": 0}
    assert report.skipped_journeys == [] and report.after == report.copied
    assert destination.history("visit") == store.history("visit")  # numbers, times, authors and notes
    assert destination.load("visit", 1).journey == store.load("visit", 1).journey
    assert destination.drafts("visit") == store.drafts("visit")
    assert destination.drafts("other") == store.drafts("other")
    assert Accounts(destination).verify("王芳", "pass-1") and Accounts(destination).cookie_key() == key
    assert check_store(destination) == []
    # The destination goes on numbering where the source was.
    assert destination.save(journey("三"), based_on=2).number == 3
    destination.close()


def test_copying_into_a_store_that_holds_journeys_needs_merge(store: JourneyStore, tmp_path: Path) -> None:
    filled(store)
    destination = open_store(tmp_path / "busy.db")
    destination.save(journey("theirs"), based_on=None, author="someone")
    destination.save(journey("kept", id="kept"), based_on=None)
    with pytest.raises(StoreError, match="already holds 2 journeys"):
        copy_store(store, destination)
    assert destination.counts()["versions"] == 2  # nothing copied
    report = copy_store(store, destination, merge=True)
    assert report.skipped_journeys == ["visit"]  # held by both: the destination's stays
    assert report.copied == {"journeys": 1, "versions": 1, "drafts": 1, "users": 2, "sessions": 0,
                             "participants": 0, "votes": 0}
    assert destination.load("visit").journey.title == "theirs"
    assert destination.load("other").journey.title == "other"
    assert destination.drafts("visit") == []  # a draft of the journey left alone is not carried over


def test_checking_finds_what_is_wrong(store: JourneyStore, location: str) -> None:
    filled(store)
    assert check_store(store) == []
    # Another program writes around the store: a version with a gap and a document that is no journey.
    if is_server_url(location):
        raw(location, "ALTER TABLE versions DISABLE TRIGGER versions_append_only")
    raw(location, "INSERT INTO versions VALUES ('other', 3, '2026-12-01T00:00:00+00:00', 'x', '', 't', 2, '{}')")
    problems = {problem.key for problem in check_store(store)}
    assert problems >= {"store.check.gap", "store.check.bad_document", "store.check.bad_base"}, problems


# -- live workshops (schema 3): sessions, participants and votes, the same on both backends

WALK = (("greet", "迎宾问候"), ("queue", "取号排队"), ("counter", "柜台办理"))


def started(store: JourneyStore) -> Session:
    store.save(journey(), based_on=None)
    return store.start_workshop("visit", 1, WALK, "王经理")


def vote(store: JourneyStore, session: Session, token: str, touchpoint: str = "greet", perceived: int | None = 4,
         **rest: object) -> Vote:
    args: dict[str, Any] = {"expected": None, "pain": False, "text": "", **rest}
    return store.cast_vote(session.id, token, touchpoint, perceived=perceived, **args)


def test_a_session_has_a_code_its_walk_and_is_found_by_the_code_as_typed(store: JourneyStore) -> None:
    session = started(store)
    assert session.open and session.touchpoints == WALK and session.version == 1
    assert len(session.code) == CODE_LENGTH and set(session.code) <= set(CODE_ALPHABET)
    typed = f" {session.code[:4].lower()}-{session.code[4:]} "
    assert store.workshop_by_code(typed) == session == store.workshop(session.id)
    later = store.start_workshop("visit", 1, WALK[:1], "李主管")
    assert [s.id for s in store.workshops("visit")] == [later.id, session.id]  # newest first
    assert later.code != session.code
    closed = store.close_workshop(session.id)
    assert not closed.open and closed.closed_at is not None
    assert store.workshop_by_code(session.code) is None  # the code opens nothing once closed
    assert store.close_workshop(session.id).closed_at == closed.closed_at
    with pytest.raises(NotFoundError):
        store.start_workshop("nope", None, WALK, "x")


def test_the_last_vote_counts_and_the_stamp_moves(store: JourneyStore) -> None:
    session = started(store)
    ann, ann_token = store.join_workshop(session.id, "  安 ")
    assert ann.name == "安" and len(ann_token) >= 32
    assert store.participant_by_token(session.id, ann_token) == ann
    assert store.workshop_stamp(session.id) == (1, 0, None)
    first = vote(store, session, ann_token, perceived=2, text="排队太久")
    stamp = store.workshop_stamp(session.id)
    assert stamp == (1, 1, first.at)
    second = vote(store, session, ann_token, perceived=5, expected=3, pain=True, text="  好多了 ")
    (kept,) = store.workshop_votes(session.id)
    assert kept == second and (kept.perceived, kept.expected, kept.pain, kept.text) == (5, 3, True, "好多了")
    assert store.workshop_stamp(session.id)[:2] == (1, 1) and store.workshop_stamp(session.id) != stamp
    vote(store, session, ann_token, "queue", perceived=None, expected=4)
    assert store.workshop_stamp(session.id)[:2] == (1, 2)
    result = store.workshop_results(session.id)
    assert result.participants == 1 and result.votes == 2 and result.result("greet").perceived_mean == 5  # type: ignore[union-attr]


def test_a_token_changes_only_its_own_holders_votes(store: JourneyStore) -> None:
    session = started(store)
    ann, ann_token = store.join_workshop(session.id, "Ann")
    bob, bob_token = store.join_workshop(session.id, "Bob")
    vote(store, session, ann_token, perceived=1)
    vote(store, session, bob_token, perceived=5)  # Bob's vote is Bob's: Ann's stays
    assert {(v.participant_id, v.perceived) for v in store.workshop_votes(session.id)} == {(ann.id, 1), (bob.id, 5)}
    other = store.start_workshop("visit", 1, WALK, "x")
    with pytest.raises(WorkshopError) as caught:
        vote(store, other, ann_token)  # a token of another session is nobody there
    assert caught.value.key == "workshop.unknown_token"
    assert store.participant_by_token(other.id, ann_token) is None
    with pytest.raises(WorkshopError, match="no participant"):
        vote(store, session, ann_token[:-1] + ("A" if ann_token[-1] != "A" else "B"))
    assert [p.name for p in store.workshop_participants(session.id)] == ["Ann", "Bob"]


@pytest.mark.parametrize(("touchpoint", "perceived", "text", "key"), [
    ("nowhere", 3, "", "workshop.unknown_touchpoint"),
    ("greet", 6, "", "workshop.bad_vote"),
    ("greet", 3, "x" * (MAX_TEXT + 1), "workshop.too_long"),
    ("greet", 3, "two\nlines", "workshop.control"),
])
def test_a_bad_vote_is_refused_and_changes_nothing(store: JourneyStore, touchpoint: str, perceived: int,
                                                   text: str, key: str) -> None:
    session = started(store)
    _, token = store.join_workshop(session.id, "Ann")
    with pytest.raises(WorkshopError) as caught:
        vote(store, session, token, touchpoint, perceived=perceived, text=text)
    assert caught.value.key == key and caught.value.text("zh") != caught.value.text("en")
    assert store.workshop_votes(session.id) == []


def test_a_closed_session_refuses_votes_and_joins_and_keeps_its_results(store: JourneyStore) -> None:
    session = started(store)
    _, token = store.join_workshop(session.id, "Ann")
    vote(store, session, token, perceived=3)
    store.close_workshop(session.id)
    for refused in (lambda: vote(store, session, token, perceived=1), lambda: store.join_workshop(session.id, "Bob")):
        with pytest.raises(WorkshopError) as caught:
            refused()
        assert caught.value.key == "workshop.closed"
        assert caught.value.text("zh") == "本次研讨已结束，不再接受投票"
    assert [v.perceived for v in store.workshop_votes(session.id)] == [3]
    with pytest.raises(WorkshopError) as empty:
        store.join_workshop(store.start_workshop("visit", 1, WALK, "x").id, " \u3000")
    assert empty.value.key in ("workshop.name_empty", "workshop.control")


def test_two_hundred_participants_at_most_even_joining_at_once_on_two_servers(location: str) -> None:
    one, two = open_store(location), open_store(location)  # two app servers on one store
    try:
        session = started(one)
        for i in range(MAX_PARTICIPANTS - 10):
            one.join_workshop(session.id, f"p{i}")
        outcomes: list[str] = []
        lock = threading.Lock()
        gate = threading.Barrier(30)

        def join(i: int) -> None:
            gate.wait()
            try:
                (one if i % 2 else two).join_workshop(session.id, f"late{i}")
                result = "joined"
            except WorkshopError as exc:
                result = exc.key
            with lock:
                outcomes.append(result)

        threads = [threading.Thread(target=join, args=(i,)) for i in range(30)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert sorted(outcomes) == ["joined"] * 10 + ["workshop.full"] * 20
        assert len(two.workshop_participants(session.id)) == MAX_PARTICIPANTS
    finally:
        one.close()
        two.close()


def test_a_vote_on_one_server_is_seen_on_the_other(location: str) -> None:
    phones, projector = open_store(location), open_store(location)
    try:
        session = started(phones)
        _, token = phones.join_workshop(session.id, "Ann")
        assert projector.workshop_by_code(session.code) == session
        vote(phones, session, token, perceived=2)
        assert projector.workshop_stamp(session.id)[:2] == (1, 1)
        assert projector.workshop_results(session.id).result("greet").perceived_mean == 2  # type: ignore[union-attr]
    finally:
        phones.close()
        projector.close()


def test_names_can_be_anonymised_deleted_and_are_dropped_after_thirty_days(store: JourneyStore) -> None:
    session = started(store)
    for name in ("Ann", "Bob"):
        _, token = store.join_workshop(session.id, name)
        vote(store, session, token, perceived=4)
    assert store.anonymise_workshop(session.id) == 2
    assert [p.name for p in store.workshop_participants(session.id)] == [None, None]
    assert len(store.workshop_votes(session.id)) == 2 and store.workshop(session.id).names_dropped_at  # type: ignore[union-attr]
    assert store.delete_workshop_participants(session.id) == 2
    assert store.workshop_participants(session.id) == [] and store.workshop_votes(session.id) == []
    assert store.workshop(session.id) is not None  # the session stays
    # Names of a session closed more than NAME_DAYS ago go; a recent one's stay.
    old, recent = (store.start_workshop("visit", 1, WALK, "x") for _ in range(2))
    for s in (old, recent):
        _, token = store.join_workshop(s.id, "Cai")
        vote(store, s, token)
        store.close_workshop(s.id)
    closed_at = datetime.fromisoformat(store.workshop(old.id).closed_at)  # type: ignore[arg-type, union-attr]
    assert store.drop_old_names(closed_at + timedelta(days=NAME_DAYS - 1)) == 0
    assert store.drop_old_names(closed_at + timedelta(days=NAME_DAYS, seconds=1)) == 2  # both closed then
    assert [p.name for p in store.workshop_participants(old.id)] == [None]
    assert len(store.workshop_votes(old.id)) == 1 and store.workshop(old.id).names_dropped_at  # type: ignore[union-attr]
    assert store.drop_old_names(closed_at + timedelta(days=NAME_DAYS + 5)) == 0  # once only
    with pytest.raises(WorkshopError):
        store.anonymise_workshop("nope")


def test_listing_sessions_drops_names_older_than_thirty_days(store: JourneyStore, location: str) -> None:
    session = started(store)
    store.join_workshop(session.id, "Ann")
    store.close_workshop(session.id)
    raw(location, "UPDATE workshop_sessions SET closed_at = '2020-01-01T00:00:00.000000+00:00'")
    store.workshops("visit")  # the facilitator's list runs the clean-up: no scheduler needed
    assert [p.name for p in store.workshop_participants(session.id)] == [None]


def workshop_filled(store: JourneyStore) -> Session:
    filled(store)
    session = store.start_workshop("visit", 2, WALK, "王芳")
    for name in ("安", "博"):
        _, token = store.join_workshop(session.id, name)
        vote(store, session, token, perceived=3, text=f"{name}的留言")
    return session


def test_copying_and_checking_carry_the_workshops(store: JourneyStore, location: str, tmp_path: Path) -> None:
    session = workshop_filled(store)
    destination = open_store(tmp_path / "copy.db")
    report = copy_store(store, destination)
    assert (report.copied["sessions"], report.copied["participants"], report.copied["votes"]) == (1, 2, 2)
    assert destination.workshop(session.id) == session
    assert destination.workshop_votes(session.id) == store.workshop_votes(session.id)
    assert destination.workshop_participants(session.id) == store.workshop_participants(session.id)
    (token_holder,) = [c for c in store.contents().participants if c.participant.name == "安"]
    assert len(token_holder.token_hash) == 64  # a hash, the token itself is nowhere in the store
    assert check_store(destination) == [] and check_store(store) == []
    # Another program writes a vote on a touchpoint the session does not walk.
    someone = store.workshop_participants(session.id)[0].id
    raw(location, f"INSERT INTO workshop_votes VALUES ('{session.id}', '{someone}', 'nowhere', 3, NULL, 0, '', 'x')")
    assert {p.key for p in check_store(store)} == {"store.check.workshop_touchpoint"}
    destination.close()


def test_a_schema_2_store_migrates_to_3_keeping_what_it_held(location: str) -> None:
    old = open_store(location)
    filled(old)
    before = old.contents()
    old.close()
    # Schema 3 only adds the workshop tables: without them (and with its number) the store is a schema-2 one.
    for table in ("workshop_votes", "workshop_participants", "workshop_sessions"):
        raw(location, f"DROP TABLE {table}")
    raw(location, "UPDATE mot_schema SET version = 2" if is_server_url(location) else "PRAGMA user_version = 2")
    store = open_store(location)
    try:
        assert store.schema_version() == SCHEMA_VERSION == 3
        after = store.contents()
        assert (after.versions, after.drafts, after.users, after.secrets) == (
            before.versions, before.drafts, before.users, before.secrets)
        session = store.start_workshop("visit", 2, WALK, "王芳")
        _, token = store.join_workshop(session.id, "安")
        vote(store, session, token)
        assert check_store(store) == []
    finally:
        store.close()
