from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("People and accounts")

    def ready(self) -> None:
        from django.urls import reverse

        from accounts import pickers
        from accounts.encryption import EncryptedField, encrypted_fields
        from accounts.rules import sees_everything
        from core.benchmarks import BenchmarkPage, benchmark_pages
        from core.navigation import Area, navigation_areas
        from core.pickers import picker_sources

        # The home page is the leads', auditors' and admins' dashboard: named in the navigation.
        navigation_areas.register(
            Area(
                "home",
                _("Dashboard"),
                _("The state of governance: risks, access, policies, reviews and drift."),
                0,
                may_enter=sees_everything,
            )
        )

        for source in pickers.SOURCES:
            picker_sources.register(source)

        encrypted_fields.register(
            EncryptedField("accounts.SignInProvider", "secret", "sign-in provider secret(s)")
        )

        benchmark_pages.register(
            BenchmarkPage(
                "API: history, 200", lambda org: reverse("api:history-list") + "?page_size=200"
            )
        )
        # The dashboard beside the admin's index, the one page the admin shows on arrival.
        benchmark_pages.register(
            BenchmarkPage(
                "home", lambda org: reverse("home"), admin=lambda org: reverse("admin:index")
            )
        )
        benchmark_pages.register(BenchmarkPage("profile", lambda org: reverse("profile")))
        # The home page is the leads' dashboard; team members get their tasks and channels.
        benchmark_pages.register(
            BenchmarkPage(
                "home (team member)", lambda org: reverse("home"), "member@demo.gouvernail.test"
            )
        )
