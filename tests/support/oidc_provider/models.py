"""What the test OpenID provider says about a user beyond Django's own fields."""

from django.conf import settings
from django.db import models


class Claims(models.Model):
    """A test user's groups and how they signed in (amr, acr), as the tokens state them."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    email_verified = models.BooleanField(default=True)
    groups = models.JSONField(default=list)
    amr = models.JSONField(default=list)
    acr = models.CharField(max_length=200, blank=True)

    def __str__(self) -> str:
        return f"claims of {self.user}"
