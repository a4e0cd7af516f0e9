from django.urls import path
from django.utils.translation import gettext_lazy as _

from accounts.placeholders import placeholder

app_name = "governance"

urlpatterns = [
    path(
        "",
        placeholder(
            _("Access"), _("Who holds which role on each channel, access reviews and off-boarding.")
        ),
        name="index",
    ),
]
