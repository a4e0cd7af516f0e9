"""Gunicorn's settings for Gunicorn's web processes (`gunicorn -c config/gunicorn.py …`), as the
Dockerfile, the compose file and `make loadtest` start it.

A page is mostly Python work (rendering, the ORM) with short waits on PostgreSQL and Redis
between. Measured with `make loadtest` on 2 cores (README, Performance): processes of one
thread each, one more than the cores, answer with the shortest tail (p99 380 ms against
560-1,100 ms for 2 or 4 processes of 2 or 4 threads, whose threads wait for each other's
Python). gthread with one thread still keeps idle connections in its poller (keep-alive),
which the sync worker does not. WEB_CONCURRENCY (processes) and WEB_THREADS (threads in each)
change the counts.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")


def shape(environ=os.environ) -> tuple[int, int]:
    """(processes, threads in each) for this environment."""
    workers = int(environ.get("WEB_CONCURRENCY") or multiprocessing.cpu_count() + 1)
    return workers, int(environ.get("WEB_THREADS") or 1)


workers, threads = shape()
worker_class = "gthread"
# A request that runs longer is stopped and logged rather than holding its thread for ever.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 60))
# An idle connection is kept longer than a proxy or a browser keeps one open (nginx: 60 s):
# whoever closes an idle connection first must be the client, or a request sent just as the
# server closes it is lost (seen in `make loadtest` with 5 s: people pause 1-5 s). gthread keeps
# idle connections in its poller, not in a thread.
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", 75))
accesslog = "-"
