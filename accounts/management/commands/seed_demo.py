"""Load the demo organisation and print the demo accounts and their password."""

from django.conf import settings
from django.core.management.base import BaseCommand

from accounts.demo import DEMO_ACCOUNTS, SIZES, build_organisation


class Command(BaseCommand):
    help = "Create the demo organisation (teams, people, one account per role). Safe to run twice."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--size", choices=sorted(SIZES), default="demo")
        parser.add_argument(
            "--password", default="gouvernail-demo", help="Password for the demo accounts."
        )

    def handle(self, *args, size: str, password: str, **options) -> None:
        org = build_organisation(size, password=password)
        self.stdout.write(self.style.SUCCESS(f"Demo organisation ready: {len(org.people)} people."))
        self.stdout.write("Log in at http://127.0.0.1:8000/ with one of these accounts:")
        for email, name, groups, staff in DEMO_ACCOUNTS:
            role = "admin" if staff else ", ".join(groups)
            self.stdout.write(f"  {email:<34} {password}   ({role}, {name})")
        if not settings.MFA_REQUIRED:
            self.stdout.write(
                self.style.WARNING("MFA enforcement is off for this demo (MFA_REQUIRED=false).")
            )
