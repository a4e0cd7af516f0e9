"""The composition root. The Celery app is loaded with the package so that every process's
`shared_task`s bind to it."""

import os

# Production unless told otherwise, for whoever imports this package without having chosen:
# gunicorn (config.wsgi), an ASGI server (config.asgi), `celery -A config` worker and beat.
# manage.py (local settings) and pytest (test settings) choose before they import it. The choice
# is made here, before the Celery app is built, because Celery's Django fix-up reads it then.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

from config.celery import app as celery_app

__all__ = ("celery_app",)
