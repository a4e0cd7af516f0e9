from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """What every app shares and that knows no domain: registries, charts, widgets, web and CSV
    helpers, the dashboard and navigation slots, the demo and benchmark frameworks."""

    name = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from core import checks  # noqa: F401  (registers the deployment checks)
