from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("People and accounts")

    def ready(self) -> None:
        from django.urls import reverse

        from accounts.encryption import EncryptedField, encrypted_fields
        from core.benchmarks import BenchmarkPage, benchmark_pages

        encrypted_fields.register(
            EncryptedField("accounts.SignInProvider", "secret", "sign-in provider secret(s)")
        )

        benchmark_pages.register(
            BenchmarkPage(
                "API: history, 200", lambda org: reverse("api:history-list") + "?page_size=200"
            )
        )
        for name in ("home", "profile"):
            benchmark_pages.register(BenchmarkPage(name, lambda org, name=name: reverse(name)))
        # The home page is the leads' dashboard; team members get their tasks and channels.
        benchmark_pages.register(
            BenchmarkPage(
                "home (team member)", lambda org: reverse("home"), "member@demo.gouvernail.test"
            )
        )
