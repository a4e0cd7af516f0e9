from django.urls import path
from django.utils.translation import gettext_lazy as _

from accounts.placeholders import placeholder

app_name = "audits"

urlpatterns = [
    path(
        "",
        placeholder(_("Audits"), _("Channel audits, peer benchmarks and platform evaluations.")),
        name="index",
    ),
]
