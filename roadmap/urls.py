from django.urls import path
from django.utils.translation import gettext_lazy as _

from accounts.placeholders import placeholder

app_name = "roadmap"

urlpatterns = [
    path(
        "",
        placeholder(_("Roadmap"), _("Objectives, the phased roadmap and its milestones.")),
        name="index",
    ),
]
