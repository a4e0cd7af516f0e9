"""config/gunicorn.py: the web processes' shape measured best by `make loadtest`, and its knobs."""

from __future__ import annotations

import multiprocessing

from config import gunicorn


def test_one_process_more_than_the_cores_of_one_thread_each_unless_told():
    assert gunicorn.shape({}) == (multiprocessing.cpu_count() + 1, 1)
    assert gunicorn.shape({"WEB_CONCURRENCY": "5", "WEB_THREADS": "2"}) == (5, 2)
    assert gunicorn.worker_class == "gthread"  # keep-alive connections wait in its poller
    assert gunicorn.keepalive > 60  # longer than a proxy keeps an idle connection
