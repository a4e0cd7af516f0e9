"""`manage.py restore FILE`: the database replaced by a backup (core/backups.py)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from core.backups import BackupError, restore


class Command(BaseCommand):
    help = (
        "Replace the database's tables by those of a backup made by `manage.py backup` of the "
        "same release, in one transaction (nothing changes if it fails). Stop the web "
        "processes, the worker and beat first."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="the backup to restore")
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="do not ask for confirmation",
        )

    def handle(self, *args, **options) -> None:
        source = Path(options["file"])
        name = connection.settings_dict["NAME"]
        if options["interactive"]:
            answer = input(f"Every row of the database {name} will be replaced. Type 'yes': ")
            if answer.strip().lower() != "yes":
                raise CommandError("Nothing restored.")
        try:
            restore(source)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(self.style.SUCCESS(f"Restored {source} into {name}."))
