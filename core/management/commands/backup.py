"""`manage.py backup [FILE]`: the whole database in one file (core/backups.py)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from core.backups import BackupError, backup


class Command(BaseCommand):
    help = (
        "Write the whole database to a file (PostgreSQL: pg_dump's custom format; SQLite: a copy). "
        "Without a file name: gouvernail-<date and time>.dump in the current folder. The file is "
        "new (never an earlier one overwritten) and readable by its owner only."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", nargs="?", help="where to write the backup")

    def handle(self, *args, **options) -> None:
        stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
        target = Path(options["file"] or f"gouvernail-{stamp}.dump")
        try:
            backup(target)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        size = target.stat().st_size
        self.stdout.write(self.style.SUCCESS(f"Backed up to {target} ({size:,} bytes)."))
