from django.urls import path
from django.utils.translation import gettext_lazy as _

from accounts.placeholders import placeholder

app_name = "channels_registry"

urlpatterns = [
    path(
        "",
        placeholder(
            _("Channels"),
            _("Every account the organisation has, who owns it and how safe it is."),
        ),
        name="index",
    ),
]
