"""Server-side time of one app rerun after an edit, for journeys of 30, 300 and 1,000 touchpoints.

Target (issue: the Streamlit app): at most 100 ms at 300 touchpoints. Each edit is a quick-add on the
build page (the journey changes, so analysis, diagram and tables are recomputed). Streamlit's AppTest
drives the real app without a browser; "script" is the time the app script itself runs on the server
(app.py from its first line to its last, timed by a wrapper), "round trip" adds AppTest's own handling
of the messages. Also shown: a rerun that changes nothing (what every click that is not an edit costs).

    python bench/bench_app.py
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
import types
from pathlib import Path

from streamlit.testing.v1 import AppTest

from journeys.store import SqliteStore
from journeys.synthetic import synthetic_journey

ROOT = Path(__file__).resolve().parent.parent
SIZES = (30, 300, 1_000)
EDITS = 7
SCRIPT_TIMES: list[float] = []
# Shared with the wrapper, which Streamlit runs in this process (however this file itself was started).
sys.modules["_bench_app_times"] = types.SimpleNamespace(times=SCRIPT_TIMES)  # type: ignore[assignment]

# Runs app.py as Streamlit would, and records how long the script took, however it ended (a rerun or a
# page switch ends it with an exception).
WRAPPER = """
import sys
import time
SCRIPT_TIMES = sys.modules["_bench_app_times"].times
_start = time.perf_counter()
try:
    source = open({app!r}, encoding="utf-8").read()
    exec(compile(source, {app!r}, "exec"), {{"__file__": {app!r}, "__name__": "__main__"}})
finally:
    SCRIPT_TIMES.append(time.perf_counter() - _start)
"""


def main() -> None:
    print(f"{'touchpoints':>11} {'edit: script ms (median, best)':>31} {'round trip ms':>14} {'idle script ms':>15}")
    for n in SIZES:
        with tempfile.TemporaryDirectory() as folder:
            os.environ["MOT_STORE"] = str(Path(folder) / "store.db")
            journey = synthetic_journey(n)
            SqliteStore(os.environ["MOT_STORE"]).save(journey, based_on=None, note="bench")
            # Next to app.py: page paths are resolved from the entry point's folder.
            wrapper = ROOT / ".bench_timed_app.py"
            wrapper.write_text(WRAPPER.format(app=str(ROOT / "app.py")), encoding="utf-8")
            try:
                at = AppTest.from_file(str(wrapper), default_timeout=120)
                measure(at, journey.id, n)
            finally:
                wrapper.unlink()


def measure(at: AppTest, journey_id: str, n: int) -> None:
    at.session_state["lang"] = "zh"
    at.run()
    at.radio(key="journey_pick").set_value(journey_id).run()
    at.button(key="journey_open").click().run()
    assert not at.exception, at.exception
    trips, scripts = [], []
    for i in range(EDITS + 1):
        at.text_input(key="quick_add").input(f"新步骤{i}")
        SCRIPT_TIMES.clear()
        start = time.perf_counter()
        at.run()
        trips.append(time.perf_counter() - start)
        scripts.append(sum(SCRIPT_TIMES))  # a quick-add is one script run
    assert not at.exception, at.exception
    idle = []
    for _ in range(5):
        SCRIPT_TIMES.clear()
        at.run()
        idle.append(sum(SCRIPT_TIMES))
    trips, scripts = trips[1:], scripts[1:]  # the first edit warms the interpreter's caches
    print(f"{n:>11} {statistics.median(scripts) * 1000:>20.0f} {min(scripts) * 1000:>10.0f} "
          f"{statistics.median(trips) * 1000:>14.0f} {statistics.median(idle) * 1000:>15.0f}")


if __name__ == "__main__":
    main()
