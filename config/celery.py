"""The Celery app. Settings come from Django's, namespace CELERY.

The settings module is chosen by whoever runs first (config/__init__.py: production unless
DJANGO_SETTINGS_MODULE says otherwise); this module never chooses one of its own.
"""

from celery import Celery

app = Celery("gouvernail")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
