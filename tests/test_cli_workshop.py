"""``mot workshop`` and ``mot app --public-url``, in process: the results of a stored journey's latest
session (or a named one) as JSON and CSV, the list of sessions, anonymising and deleting participants,
the experience script of a stored journey with its workshop votes, and a public URL checked and handed
to the server it starts."""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

import cli
from journeys.model import Journey
from journeys.store import open_store
from journeys.workshop import Session

from .conftest import MINIMAL

Mot = Callable[..., Result]
WALK = (("greet", "迎宾问候"), ("queue", "取号排队"), ("counter", "柜台办理"))


def workshop(path: Path, votes: dict[str, list[int]], *, close: bool = True) -> Session:
    """A session on the stored journey ``visit`` with a participant per entry of ``votes`` (perceived
    scores in walk order)."""
    store = open_store(path)
    if not store.exists("visit"):
        store.save(Journey.model_validate(MINIMAL), based_on=None)
    session = store.start_workshop("visit", 1, WALK, "王经理")
    for name, scores in votes.items():
        _, token = store.join_workshop(session.id, name)
        for (tp, _), score in zip(WALK, scores, strict=False):
            store.cast_vote(session.id, token, tp, perceived=score, expected=None, pain=score <= 2,
                            text=f"={name}说{tp}")
    if close:
        store.close_workshop(session.id)
    store.close()
    return session


def test_results_as_json_are_the_latest_sessions_unless_one_is_named(mot: Mot, tmp_path: Path) -> None:
    first = workshop(tmp_path / "store.db", {"安": [1, 2], "博": [3]})
    latest = workshop(tmp_path / "store.db", {"才": [5, 5, 5]}, close=False)
    data = json.loads(mot("workshop", "results", "visit", "--format", "json").stdout)
    assert data["session"]["id"] == latest.id and data["participants"] == 1 and data["votes"] == 3
    named = json.loads(mot("workshop", "results", "visit", "--session", first.id, "--format", "json").stdout)
    greet: dict[str, Any] = named["touchpoints"][0]
    assert (greet["touchpoint"], greet["perceived_n"], greet["perceived_mean"], greet["perceived_sd"]) == (
        "greet", 2, 2.0, 1.41)
    assert (greet["perceived_min"], greet["perceived_max"], greet["pain"]) == (1, 3, 1)
    assert {c["text"] for c in greet["comments"]} == {"=安说greet", "=博说greet"}
    assert "安" not in json.dumps([greet["name"], named["session"]], ensure_ascii=False)  # no names


def test_results_as_csv_have_a_row_per_touchpoint_formulas_neutralised(mot: Mot, tmp_path: Path) -> None:
    workshop(tmp_path / "store.db", {"安": [4, 2]})
    rows = list(csv.reader(io.StringIO(mot("workshop", "results", "visit", "--format", "csv").stdout)))
    assert rows[0][:5] == ["touchpoint", "name", "votes", "perceived_n", "perceived_mean"]
    assert [r[0] for r in rows[1:]] == ["greet", "queue", "counter"]
    assert rows[1][4] == "4.0" and rows[2][4] == "2.0" and rows[3][4] == ""
    assert rows[1][-1] == "'=安说greet"


def test_missing_journeys_and_sessions_say_so(mot: Mot, tmp_path: Path) -> None:
    assert "no journey 'nope'" in mot("workshop", "results", "nope", "--format", "json", code=2).stderr
    store = open_store(tmp_path / "store.db")
    store.save(Journey.model_validate(MINIMAL), based_on=None)
    store.close()
    assert "has no workshop session" in mot("workshop", "results", "visit", "--format", "csv", code=2).stderr
    workshop(tmp_path / "store.db", {"安": [4]})
    assert "no workshop session zzz" in mot("workshop", "results", "visit", "--session", "zzz", "--format", "csv",
                                            code=2).stderr
    assert "No such workshop session" in mot("workshop", "anonymise", "zzz", code=2).stderr


def test_list_anonymise_and_delete_participants(mot: Mot, tmp_path: Path) -> None:
    closed = workshop(tmp_path / "store.db", {"安": [4], "博": [2]})
    running = workshop(tmp_path / "store.db", {"才": [3]}, close=False)
    lines = mot("workshop", "list", "visit").stdout.splitlines()
    assert [line.split("\t")[0] for line in lines] == [running.id, closed.id]
    assert "open" in lines[0] and f"code {running.code}" in lines[0] and "2 participants\t2 votes" in lines[1]
    assert "code -" in lines[1]  # a closed session's code opens nothing and is not shown
    assert "2 names dropped" in mot("workshop", "anonymise", closed.id).stdout
    store = open_store(tmp_path / "store.db")
    assert [p.name for p in store.workshop_participants(closed.id)] == [None, None]
    assert len(store.workshop_votes(closed.id)) == 2
    assert "2 participants and their votes deleted" in mot("workshop", "delete-participants", closed.id).stdout
    assert store.workshop_votes(closed.id) == [] and store.workshop(closed.id) is not None
    store.close()


def test_the_script_of_a_stored_journey_has_the_workshop_votes(mot: Mot, tmp_path: Path) -> None:
    workshop(tmp_path / "store.db", {"安": [4, 2]})
    mot("export", "visit", "--format", "md", "-o", "visit.md", "--lang", "en")
    text = (tmp_path / "visit.md").read_text(encoding="utf-8")
    assert "## Workshop votes" in text and "| 迎宾问候 | 1 | 4 | — | — |" in text and "=安说greet" in text
    (tmp_path / "file.json").write_text(json.dumps(MINIMAL), encoding="utf-8")
    mot("export", "file.json", "--format", "md", "-o", "file.md", "--lang", "en")
    assert "Workshop votes" not in (tmp_path / "file.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("url", ["ftp://host/", "http://", "javascript:alert(1)", "http://a b/", "host:8501"])
def test_a_public_url_must_be_http_with_a_host(mot: Mot, url: str) -> None:
    assert "--public-url must be an http:// or https:// URL" in mot("app", "--public-url", url, code=2).stderr


def test_the_public_url_is_handed_to_the_server(mot: Mot, monkeypatch: pytest.MonkeyPatch) -> None:
    started: dict[str, Any] = {}

    def execve(program: str, args: list[str], env: dict[str, str]) -> None:
        started.update(program=program, args=args, env=env)

    monkeypatch.setattr(os, "execve", execve)
    monkeypatch.delenv("MOT_PUBLIC_URL", raising=False)
    mot("app", "--public-url", "http://192.168.1.20:8501/")
    assert started["env"]["MOT_PUBLIC_URL"] == "http://192.168.1.20:8501/"
    assert started["args"] == cli.app_command(Path(cli.__file__).with_name("app.py"), 8501, "127.0.0.1")
    started.clear()
    mot("app")
    assert "MOT_PUBLIC_URL" not in started["env"]
