"""Load the demo organisation and print the demo accounts and their password."""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import translation

from accounts.demo import DEMO_ACCOUNTS, LANGUAGES, SIZES, build_organisation


class Command(BaseCommand):
    help = "Create the demo organisation (teams, people, one account per role). Safe to run twice."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--size", choices=sorted(SIZES), default="demo")
        parser.add_argument(
            "--language",
            choices=LANGUAGES,
            default="en",
            help="Language of the demo's content (teams, channels, policies, roadmap…).",
        )
        parser.add_argument(
            "--password", default="gouvernail-demo", help="Password for the demo accounts."
        )

    def handle(self, *args, size: str, password: str, language: str = "en", **options) -> None:
        with translation.override(language):
            org = build_organisation(size, password=password, language=language)
        self.stdout.write(self.style.SUCCESS(f"Demo organisation ready: {len(org.people)} people."))
        self.stdout.write("Log in at http://127.0.0.1:8000/ with one of these accounts:")
        for email, name, groups, staff in DEMO_ACCOUNTS:
            role = "admin" if staff else ", ".join(groups)
            self.stdout.write(f"  {email:<34} {password}   ({role}, {name})")
        if not settings.MFA_REQUIRED:
            self.stdout.write(
                self.style.WARNING("MFA enforcement is off for this demo (MFA_REQUIRED=false).")
            )
