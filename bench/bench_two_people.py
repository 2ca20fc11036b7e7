"""Two people editing one journey in two browsers, N times over (default 5): each run serves a fresh store
through ``mot app`` and plays the scenario of tests/test_browser_two_people.py in two headless Chromiums
(both sign in, open the same journey, edit a different touchpoint at the same time, close and reopen
their browser, save one after the other; the second save is refused, carried onto the latest, saved).
The figures are read back from the store: the edits found in the drafts, and those missing from the
final version.

    python bench/bench_two_people.py [N]
"""

from __future__ import annotations

import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the scenario lives with the browser tests

from tests.test_browser import free_port, serving  # noqa: E402
from tests.test_browser_two_people import Outcome, app_env, mot_app, seed, two_people  # noqa: E402

RUNS = 5


def one_run() -> Outcome:
    with tempfile.TemporaryDirectory() as folder:
        store_path = Path(folder) / "store.db"
        names = seed(store_path)
        port = free_port()
        with serving(mot_app(port), app_env(store_path), port) as url:
            return two_people(url, store_path, names)


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else RUNS
    outcomes = []
    for i in range(1, runs + 1):
        outcome = one_run()
        outcomes.append(outcome)
        authors = " → ".join(map(str, outcome.authors))
        print(f"  run {i}: edits made {outcome.drafted}, lost {outcome.lost}, version authors {authors}, "
              f"drafts left {outcome.drafts_left}, {outcome.seconds:.1f} s")
    made = sum(o.drafted for o in outcomes)
    lost = sum(o.lost for o in outcomes)
    print(f"two people editing one journey in two browsers: {runs} runs, edits made {made}, edits lost {lost}; "
          f"a run takes {statistics.median(o.seconds for o in outcomes):.1f} s (median)")


if __name__ == "__main__":
    main()
