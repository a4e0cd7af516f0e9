"""People browsing Gouvernail, for Locust (`make loadtest` starts it; see loadtest/run.py).

Each simulated person is one of the demo personas, already signed in: loadtest/run.py writes
their session cookies and the pages each may open to the file LOADTEST_PLAN names. They wait
LOADTEST_WAIT_MIN to LOADTEST_WAIT_MAX seconds between pages, as a person reads (0 and 0: as
fast as the server answers, to find its saturation throughput). LOADTEST_PAGE keeps one kind of
page only. Every request is named by its kind of page, so the statistics are per kind.
"""

from __future__ import annotations

import itertools
import json
import os
import random

from locust import HttpUser, between, constant, task

PLAN = json.loads(open(os.environ["LOADTEST_PLAN"], encoding="utf-8").read())  # noqa: SIM115
ONLY = os.environ.get("LOADTEST_PAGE", "")
WAIT = (
    float(os.environ.get("LOADTEST_WAIT_MIN", 1)),
    float(os.environ.get("LOADTEST_WAIT_MAX", 5)),
)
# Only the personas who open that kind of page, when one kind is asked for: a person with
# nothing to open would spin without a pause, taking the server's CPU for nothing.
_sessions = itertools.cycle([s for s in PLAN["sessions"] if not ONLY or ONLY in s["pages"]])


class Person(HttpUser):
    wait_time = between(*WAIT) if WAIT[1] > 0 else constant(0)

    def on_start(self) -> None:
        session = next(_sessions)
        self.client.cookies.set(PLAN["cookie"], session["cookie"])
        self.pages = {
            kind: urls for kind, urls in session["pages"].items() if not ONLY or kind == ONLY
        }

    @task
    def browse(self) -> None:
        kind = random.choice(list(self.pages))
        with self.client.get(
            random.choice(self.pages[kind]), name=kind, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 200:
                # 0: no answer at all; the connection's error says why.
                response.failure(f"answered {response.status_code} {response.error or ''}".strip())
