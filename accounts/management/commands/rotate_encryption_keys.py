"""Encrypt every encrypted value again under FIELD_ENCRYPTION_KEY, after a key change."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.services import encrypted_fields_reencrypt, second_factors_reencrypt


class Command(BaseCommand):
    help = (
        "Encrypt every second-factor secret and every other encrypted secret (sign-in "
        "providers, webhook endpoints) again under FIELD_ENCRYPTION_KEY. Run it after "
        "moving the old key to FIELD_ENCRYPTION_KEY_FALLBACKS; then the old key may be dropped."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--with-public-key",
            action="store_true",
            help="Accept the development key of config/settings/local.py (a demo database only).",
        )

    def handle(self, *args, **options):
        # manage.py runs the local settings unless told otherwise: on a server whose environment
        # lacks the key, everything would be encrypted again under a key anyone can read.
        if settings.FIELD_ENCRYPTION_KEY_IS_PUBLIC and not options["with_public_key"]:
            raise CommandError(
                "FIELD_ENCRYPTION_KEY is the development key written in config/settings/local.py. "
                "Set the real key in the environment (and DJANGO_SETTINGS_MODULE="
                "config.settings.production on a server). Nothing was changed."
            )
        try:
            with transaction.atomic():  # all of them or, when one is unreadable, none
                count = second_factors_reencrypt(actor=None)
                fields = encrypted_fields_reencrypt(actor=None)
        except ValueError as exc:
            raise CommandError(f"{exc} Nothing was changed.") from None
        self.stdout.write(f"{count} second factor(s) encrypted again under FIELD_ENCRYPTION_KEY.")
        for label, changed in fields.items():
            self.stdout.write(f"{changed} {label} encrypted again under FIELD_ENCRYPTION_KEY.")
