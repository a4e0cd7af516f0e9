"""Real Celery workers in tests: point the app at a broker, and tell when workers have finished.

"Finished" is asked of the workers themselves through Celery's control API (every named worker
answers, has started the tasks it was given, and runs, holds and schedules none), so a test counts
what was sent only once nothing more can be sent.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import kombu.pools
from celery import Celery
from celery.worker import state as worker_state


def _forget_connections(app: Celery) -> None:
    # The app keeps the pools made for the broker URL it first used, and kombu keeps them by URL
    # (a later test's server may get the same port): close them all so new ones are made.
    kombu.pools.reset()
    app._pool = None
    amqp = app.__dict__.get("amqp")
    if amqp is not None:
        amqp._producer_pool = None
    app.control.mailbox.__dict__.pop("producer_pool", None)  # the control API's own reference


@contextmanager
def celery_broker(app: Celery, url: str) -> Iterator[str]:
    """Send the app's tasks to the broker at `url` (not eagerly) until the block ends."""
    previous = (app.conf.broker_url, app.conf.task_always_eager)
    _forget_connections(app)
    app.conf.broker_url = url
    app.conf.task_always_eager = False
    app.control.purge()
    try:
        yield url
    finally:
        _forget_connections(app)
        app.conf.broker_url, app.conf.task_always_eager = previous


class Workers:
    """Workers known by name (`name@host`), asked through the app's control API."""

    def __init__(self, app: Celery, *names: str):
        self.app = app
        self.names = list(names)
        self.baseline: dict[str, int] = {}

    def _ask(self, method: str) -> dict | None:
        """Every worker's answer, or None while one of them does not answer (busy or starting)."""
        inspect = self.app.control.inspect(destination=self.names, timeout=1.0)
        replies = getattr(inspect, method)() or {}
        return replies if set(replies) == set(self.names) else None

    def _started(self, task: str) -> int | None:
        stats = self._ask("stats")
        if stats is None:
            return None
        return sum(reply.get("total", {}).get(task, 0) for reply in stats.values())

    @classmethod
    def in_this_process(cls, app: Celery, name: str) -> Workers:
        """The worker this process is about to start: it reports every task this process has
        ever run, so counting starts from this process's own count, read before it starts."""
        workers = cls(app, name)
        workers.baseline = dict(worker_state.total_count)
        return workers

    def idle(self) -> bool:
        """Every worker answers, and none runs, holds or has scheduled a task."""
        for method in ("active", "reserved", "scheduled"):
            replies = self._ask(method)
            if replies is None or any(replies.values()):
                return False
        return True

    def finished(self, task: str, count: int) -> bool:
        """The workers have started at least `count` `task`s since counting began, and are idle."""
        started = self._started(task)
        return started is not None and started - self.baseline.get(task, 0) >= count and self.idle()
