"""The Celery app. Settings come from Django's, namespace CELERY.

The settings module is chosen by whoever runs first (config/__init__.py: production unless
DJANGO_SETTINGS_MODULE says otherwise); this module never chooses one of its own.
"""

from celery import Celery
from celery.signals import task_postrun, task_prerun
from django.db import close_old_connections

app = Celery("gouvernail")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@task_prerun.connect
@task_postrun.connect
def _database_connections_as_for_a_request(sender=None, **kwargs) -> None:
    """A worker keeps its database connection between tasks, as Django does between requests
    (CONN_MAX_AGE), and drops it when it is broken or too old. Celery's own handling, which
    CELERY_DB_REUSE_MAX turns off, would open a new connection for every task. A task run
    eagerly, inside its caller's request or transaction, leaves the connection alone."""
    if sender is None or not getattr(sender.request, "is_eager", False):
        close_old_connections()
