"""Gunicorn's settings for Gunicorn's web processes (`gunicorn -c config/gunicorn.py …`), as the
Dockerfile, the compose file and `make loadtest` start it.

A page is mostly Python work (rendering, the ORM) with short waits on PostgreSQL and Redis
between: one process per core keeps the cores busy, and a few threads in each use the waits.
WEB_CONCURRENCY (processes) and WEB_THREADS (threads in each) change the counts; `make
loadtest` measures what they give (README, Performance).
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count()))
worker_class = "gthread"
threads = int(os.environ.get("WEB_THREADS", 4))
# A request that runs longer is stopped and logged rather than holding its thread for ever.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 60))
keepalive = 5
accesslog = "-"
