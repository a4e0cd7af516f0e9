"""Run the reminder sweep and send the digests now, without a broker (development, cron)."""

from celery import current_app as app  # the project's, loaded by config/__init__.py
from django.core.management.base import BaseCommand

from governance.reminders.engine import sweep


class Command(BaseCommand):
    help = "Sweep the reminder providers and send every owed digest synchronously."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--routine", action="store_true", help="Send routine digests too, whatever the hour."
        )

    def handle(self, *args, routine: bool, **options) -> None:
        app.conf.task_always_eager = True
        if routine:
            from django.test import override_settings
            from django.utils import timezone

            with override_settings(REMINDER_DIGEST_HOUR=timezone.localtime().hour):
                result = sweep()
        else:
            result = sweep()
        self.stdout.write(
            f"{result['candidates']} reminders considered, {result['digests']} digests sent, "
            f"{result['released']} stale claims released."
        )
