"""`manage.py deploy`: what a server needs before it serves, after each install or upgrade."""

from __future__ import annotations

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Collect the static files, run the deployment checks (a warning stops it too), then "
        "migrate the database. Run it after each install or upgrade, before starting the web "
        "processes, the worker and beat."
    )

    def handle(self, *args, **options) -> None:
        verbosity = options["verbosity"]
        self.stdout.write("Collecting the static files…")
        call_command("collectstatic", interactive=False, verbosity=max(0, verbosity - 1))
        self.stdout.write("Running the deployment checks…")
        call_command("check", deploy=True, fail_level="WARNING", verbosity=verbosity)
        self.stdout.write("Migrating the database…")
        call_command("migrate", interactive=False, verbosity=verbosity)
        self.stdout.write(self.style.SUCCESS("Ready: start or restart the web, worker and beat."))
