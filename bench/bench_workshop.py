"""A live workshop under load: 50 participants each score every touchpoint of a 12-touchpoint journey
while one projector watches, on a real app server on loopback (``mot app``, a SQLite store in
/tmp/workshop-load-*).

The participants are clients of Streamlit's own WebSocket protocol (bench/st_client.py), all 50 at once:
to the server each is a phone's tab on the voting page, sending the messages the page's frontend sends
(the join form with a display name, then each touchpoint's form with a score, submitted with Next), and
reading the elements each run draws. A vote's latency is from sending Next to the run that draws the
next touchpoint's screen (or the thank-you once the last is in) having finished: the page casts the vote
in the store before it moves on, so that is what the participant meets. The projector (1280×720, the
facilitator's Workshop page) is a real browser (headless Chromium) and is never touched: a watcher in
its page reads its counts from the DOM every :data:`WATCH_MS` ms and notes when each changed.

The verdicts: **lost** votes are the votes sent minus the votes in the store at the end (and every
stored vote must carry the score sent); the projector's final counts (joined, votes) must equal the
store's; the **projector delay** is from the last vote stored to the projector first showing the final
total (target 2 s). Also printed: the vote latency (median, p95) and the server's memory (resident at
the start, at the end, and its peak).

The whole run is bounded (:data:`BUDGET_S`); the server and the browser are stopped whatever happens.

    python bench/bench_workshop.py [PARTICIPANTS] [--shots DIR]

``--shots DIR`` keeps a screenshot of the projector at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the browser tests' settings (Chromium, its flags, a free port)
sys.path.insert(0, str(ROOT / "bench"))

from st_client import StreamlitClient  # noqa: E402

from journeys.store import open_store  # noqa: E402
from journeys.synthetic import synthetic_journey  # noqa: E402
from journeys.words import t  # noqa: E402
from journeys.workshop import Session  # noqa: E402
from tests.test_browser import ARGS, CHROMIUM, free_port  # noqa: E402

PARTICIPANTS = 50
TOUCHPOINTS = 12
PROJECTOR = {"width": 1280, "height": 720}
WAIT_MS = 60_000
WATCH_MS = 50
BUDGET_S = 240.0
"""The whole bench (server start, 50 phones, the checks) stops with an error after this long."""
TARGET_LOST = 0
TARGET_PROJECTOR_S = 2.0
LANG = "zh"

# In the projector's page: every WATCH_MS ms, the metric values under the two labels; each change is noted
# with the browser's clock (the machine's wall clock, as the store's vote times are).
_WATCH_JS = """([joined, votes, every]) => {
  const read = (label) => {
    for (const box of document.querySelectorAll('[data-testid="stMetric"]')) {
      const name = box.querySelector('[data-testid="stMetricLabel"]');
      const value = box.querySelector('[data-testid="stMetricValue"]');
      if (name && value && name.innerText.trim() === label) return value.innerText.trim();
    }
    return null;
  };
  window.__seen = [];
  let last = null;
  window.__watch = setInterval(() => {
    const now = [read(joined), read(votes)];
    const key = now.join("|");
    if (key !== last) { last = key; window.__seen.push([Date.now() / 1000, now[0], now[1]]); }
  }, every);
}"""


# -- pure helpers (tests/test_bench_workshop.py runs them) ------------------------------------------------

def score(person: int, step: int) -> int:
    """The perceived score participant ``person`` gives the ``step``-th touchpoint: 1–5, spread so that
    neighbours differ (a vote stored against the wrong touchpoint or person shows as a wrong score)."""
    return 1 + (person * 7 + step * 3) % 5


def person_name(person: int) -> str:
    return f"参与者{person:02d}"


def percentile(values: Sequence[float], q: float) -> float:
    """The nearest-rank ``q`` percentile (0 < q ≤ 1): the smallest value with at least ``q`` of them at or
    below it."""
    if not values:
        raise ValueError("no values")
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * q // 1))  # ceil without floats drifting
    return ordered[int(rank) - 1]


def memory_mb(status: str) -> tuple[float, float]:
    """``(resident, peak resident)`` in MB from the text of ``/proc/PID/status`` (VmRSS, VmHWM)."""
    fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


def lost_votes(sent: int, wanted: dict[tuple[str, str], int], stored: dict[tuple[str, str], int | None]) -> tuple[
        int, int]:
    """``(lost, wrong)``: the votes sent minus the votes in the store, and the stored votes whose score is
    not the one sent (or that nobody sent). ``wanted`` and ``stored`` map (participant name,
    touchpoint id) to the perceived score."""
    wrong = sum(1 for key, value in stored.items() if wanted.get(key) != value)
    return sent - len(stored), wrong


def first_showing(seen: Sequence[Sequence[Any]], joined: int, votes: int) -> float | None:
    """When the projector's watcher first saw ``joined`` and ``votes`` (its notes are ``[time, joined,
    votes]`` in order), or ``None``."""
    return next((float(at) for at, j, v in seen if (j, v) == (str(joined), str(votes))), None)


def verdict(ok: bool) -> str:
    return "met" if ok else "NOT met"


def table(rows: Sequence[tuple[str, str]]) -> str:
    """Two columns, the first padded to its widest cell."""
    width = max(len(name) for name, _ in rows)
    return "\n".join(f"  {name.ljust(width)}  {value}" for name, value in rows)


# -- the run ---------------------------------------------------------------------------------------------

@dataclass
class Figures:
    participants: int
    touchpoints: int
    sent: int = 0
    stored: int = 0
    lost: int = 0
    wrong: int = 0
    joined_stored: int = 0
    shown: tuple[str | None, str | None] = (None, None)
    projector_delay: float | None = None
    latencies: list[float] = field(default_factory=list)
    missing: list[tuple[str, str]] = field(default_factory=list)
    over_budget: bool = False
    voting_s: float = 0.0
    memory_start: tuple[float, float] = (0.0, 0.0)
    memory_end: tuple[float, float] = (0.0, 0.0)

    def report(self) -> str:
        lat = self.latencies
        shown_ok = self.shown == (str(self.joined_stored), str(self.stored))
        delay = "never" if self.projector_delay is None else f"{self.projector_delay:.2f} s"
        delay_ok = self.projector_delay is not None and self.projector_delay <= TARGET_PROJECTOR_S
        rows = [
            ("participants", f"{self.participants} clients of Streamlit's WebSocket protocol, all at once"),
            ("touchpoints", str(self.touchpoints)),
            ("votes sent / stored", f"{self.sent} / {self.stored} in {self.voting_s:.0f} s"),
            ("votes lost", f"{self.lost} (target {TARGET_LOST}: {verdict(self.lost == TARGET_LOST)})"),
            ("votes stored wrong", f"{self.wrong} (target 0: {verdict(self.wrong == 0)})"),
            ("projector final counts", f"joined {self.shown[0]}, votes {self.shown[1]}; store {self.joined_stored}, "
                                       f"{self.stored} ({verdict(shown_ok)})"),
            ("projector delay", f"{delay} after the last vote stored (target {TARGET_PROJECTOR_S:g} s: "
                                f"{verdict(delay_ok)})"),
            ("vote latency", "–" if not lat else f"median {statistics.median(lat) * 1000:.0f} ms, p95 "
                                                 f"{percentile(lat, 0.95) * 1000:.0f} ms, max {max(lat) * 1000:.0f} ms "
                                                 f"(n {len(lat)})"),
            ("server memory", f"resident {self.memory_start[0]:.0f} MB at the start, {self.memory_end[0]:.0f} MB "
                              f"at the end; peak {self.memory_end[1]:.0f} MB"),
        ]
        if self.over_budget:
            rows.insert(0, ("NOT FINISHED", f"over the budget of {BUDGET_S:.0f} s: the figures below are of "
                                            "the votes made so far"))
        if self.missing:
            rows.append(("not in the store", ", ".join(f"{who} on {tp}" for who, tp in self.missing[:10])
                         + (" …" if len(self.missing) > 10 else "")))
        return table(rows)

    @property
    def met(self) -> bool:
        shown_ok = self.shown == (str(self.joined_stored), str(self.stored))
        delay_ok = self.projector_delay is not None and self.projector_delay <= TARGET_PROJECTOR_S
        return self.lost == TARGET_LOST and self.wrong == 0 and shown_ok and delay_ok


def server_memory(pid: int) -> tuple[float, float]:
    return memory_mb(Path(f"/proc/{pid}/status").read_text())


async def settle(page: Any) -> None:
    """The rerun the last action started has finished (tests/test_browser.py's ``settle``: Streamlit's
    status widget shows a moment after a rerun starts, and is gone once it ends)."""
    await page.wait_for_timeout(400)
    await page.wait_for_selector('[data-testid="stStatusWidget"]', state="detached", timeout=WAIT_MS)
    await page.wait_for_timeout(200)


async def phone(base: str, session: Session, person: int, latencies: list[float], sent: list[int]) -> None:
    """One participant: join with a name, then a score and Next on every touchpoint, in the session's
    order; each screen must be the touchpoint expected (a vote taken shows the next one)."""
    names = [name for _, name in session.touchpoints]
    async with StreamlitClient(base, page="vote", query=f"code={session.code}", locale="zh-CN",
                               timeout=WAIT_MS / 1000) as tab:
        await tab.submit({"vote_name": person_name(person)}, "vote_join")
        for i, name in enumerate(names):
            if tab.texts("heading") != [name]:
                raise RuntimeError(f"{person_name(person)}: expected the screen of {name}, found "
                                   f"{tab.texts('heading')} {tab.texts('alert')}")
            tap = time.perf_counter()
            await tab.submit({f"vote_perceived_{i}": [str(score(person, i))], f"vote_pain_{i}": False,
                              f"vote_text_{i}": ""}, "vote_next")
            sent.append(1)
            last = i == len(names) - 1
            taken = (t("vote.thanks", LANG) in tab.texts("alert")) if last else tab.texts("heading") == [names[i + 1]]
            if not taken:
                raise RuntimeError(f"{person_name(person)}: the vote on {name} was not taken: "
                                   f"{tab.texts('heading')} {tab.texts('alert')}")
            latencies.append(time.perf_counter() - tap)


async def open_projector(browser: Any, base: str) -> Any:
    """The facilitator's Workshop page on the journey, showing the open session, with the watcher in it."""
    page = await (await browser.new_context(locale="zh-CN", viewport=PROJECTOR)).new_page()
    await page.goto(base)
    await page.get_by_role("button", name=t("journeys.open", LANG), exact=True).click()
    await settle(page)
    await page.get_by_role("link", name=t("nav.workshop", LANG), exact=True).click()
    await page.locator(".mot-join-code").wait_for(timeout=WAIT_MS)
    await page.evaluate(_WATCH_JS, [t("projector.joined", LANG), t("projector.votes", LANG), WATCH_MS])
    return page


async def run(figures: Figures, base: str, location: str, session: Session, pid: int, shots: Path) -> Figures:
    from playwright.async_api import async_playwright

    participants = figures.participants
    figures.memory_start = server_memory(pid)
    sent: list[int] = []
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        try:
            projector = await open_projector(browser, base)
            started = time.perf_counter()
            await asyncio.gather(*(phone(base, session, person, figures.latencies, sent)
                                   for person in range(participants)))
            figures.voting_s = time.perf_counter() - started
            figures.sent = len(sent)
            # The projector has had the last word once it shows the store's final counts; wait for that at
            # most the target and a margin (a later showing still counts, as a missed target).
            store = open_store(location)
            try:
                joined, votes, _ = store.workshop_stamp(session.id)
            finally:
                store.close()
            deadline = time.monotonic() + TARGET_PROJECTOR_S + 8
            seen: list[list[Any]] = []
            while time.monotonic() < deadline:
                seen = await projector.evaluate("window.__seen")
                if first_showing(seen, joined, votes) is not None:
                    break
                await asyncio.sleep(0.1)
            figures.shown = (seen[-1][1], seen[-1][2]) if seen else (None, None)
            figures.memory_end = server_memory(pid)
            await projector.screenshot(path=str(shots / "workshop_load_projector.png"))
        finally:
            await browser.close()
    store = open_store(location)
    try:
        stored_votes = store.workshop_votes(session.id)
        people = {p.id: p.name for p in store.workshop_participants(session.id)}
    finally:
        store.close()
    figures.stored = len(stored_votes)
    figures.joined_stored = len(people)
    stored = {(people[v.participant_id] or "", v.touchpoint): v.perceived for v in stored_votes}
    wanted = {(person_name(person), tp): score(person, i) for person in range(participants)
              for i, (tp, _) in enumerate(session.touchpoints)}
    figures.lost, figures.wrong = lost_votes(figures.sent, wanted, stored)
    figures.missing = sorted(set(wanted) - set(stored))
    if stored_votes:
        last_stored = max(datetime.fromisoformat(v.at).astimezone(UTC).timestamp() for v in stored_votes)
        at = first_showing(seen, figures.joined_stored, figures.stored)
        figures.projector_delay = None if at is None else at - last_stored
    return figures


def seed(location: str) -> Session:
    """A store with a 12-touchpoint journey and an open session on it, walked in the journey's order."""
    journey = synthetic_journey(TOUCHPOINTS, seed=3).model_copy(update={"id": "room", "title": "工作坊压测"})
    store = open_store(location)
    try:
        store.save(journey, based_on=None, author="bench", note="bench")
        return store.start_workshop(journey.id, 1, [(tp.id, tp.name) for tp in journey.touchpoints], "bench")
    finally:
        store.close()


@contextmanager
def app_server(location: str, log: Path) -> Iterator[tuple[str, int]]:
    """``mot app`` on the store, on loopback and a free port, until the block ends (however it ends);
    its URL and PID (``mot app`` replaces itself with the server, so its process is the server's)."""
    env = {k: v for k, v in os.environ.items() if k not in ("MOT_TEST_SIGNIN", "MOT_STORE", "MOT_PUBLIC_URL")}
    port = free_port()
    args = [sys.executable, str(ROOT / "cli.py"), "--store", location, "app", "--port", str(port)]
    with log.open("w") as out:
        proc = subprocess.Popen(args, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{base}/_stcore/health", timeout=1) as response:
                    if response.status == 200:
                        break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise RuntimeError(f"the app server did not come up (see {log})") from None
                time.sleep(0.1)
        yield base, proc.pid
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("participants", nargs="?", type=int, default=PARTICIPANTS)
    parser.add_argument("--shots", type=Path, help="a folder for the projector's screenshot at the end")
    options = parser.parse_args()
    participants = options.participants
    if not Path(CHROMIUM).exists():
        print(f"bench_workshop: {CHROMIUM} is missing (apt-get install chromium)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="workshop-load-", dir="/tmp") as tmp:
        folder = Path(tmp)
        location = str(folder / "store.db")
        session = seed(location)
        began = time.perf_counter()
        shots = options.shots or folder
        shots.mkdir(parents=True, exist_ok=True)
        figures = Figures(participants, len(session.touchpoints))
        with app_server(location, folder / "server.log") as (base, pid):
            try:
                asyncio.run(asyncio.wait_for(run(figures, base, location, session, pid, shots), BUDGET_S))
            except TimeoutError:
                figures.over_budget = True
                figures.sent = len(figures.latencies)  # the votes shown taken
                figures.memory_end = server_memory(pid)
                store = open_store(location)
                try:
                    figures.joined_stored, figures.stored, _ = store.workshop_stamp(session.id)
                finally:
                    store.close()
        print(f"live workshop under load ({time.perf_counter() - began:.0f} s in all):")
        print(figures.report())
        return 0 if figures.met and not figures.over_budget else 1


if __name__ == "__main__":
    sys.exit(main())
