from django.urls import path
from django.utils.translation import gettext_lazy as _

from accounts.placeholders import placeholder

app_name = "policies"

urlpatterns = [
    path(
        "",
        placeholder(
            _("Policies"), _("Policies and guidelines, their versions, and who acknowledged them.")
        ),
        name="index",
    ),
]
