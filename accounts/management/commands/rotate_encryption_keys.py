"""Encrypt every encrypted value again under FIELD_ENCRYPTION_KEY, after a key change."""

from django.core.management.base import BaseCommand, CommandError

from accounts.services import second_factors_reencrypt


class Command(BaseCommand):
    help = (
        "Encrypt every second-factor secret again under FIELD_ENCRYPTION_KEY. Run it after "
        "moving the old key to FIELD_ENCRYPTION_KEY_FALLBACKS; then the old key may be dropped."
    )

    def handle(self, *args, **options):
        try:
            count = second_factors_reencrypt(actor=None)
        except ValueError as exc:
            raise CommandError(f"{exc} Nothing was changed.") from None
        self.stdout.write(f"{count} second factor(s) encrypted again under FIELD_ENCRYPTION_KEY.")
