"""Settings of the Celery workers and beat that outage tests start in their own processes.

The test settings, except that tasks go through the broker: config.settings.test runs every
task inline (CELERY_TASK_ALWAYS_EAGER), which in a worker would also run a task's retry and
the digests a sweep enqueues inline, at once, instead of sending them to the broker as a
deployment does.
"""

from config.settings.test import *  # noqa: F403

CELERY_TASK_ALWAYS_EAGER = False
