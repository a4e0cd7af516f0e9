"""Choice labels read fast give what Django's get_<field>_display gives, in the active language."""

from __future__ import annotations

from django.db import models
from django.utils import translation

from governance.choices import GrantStatus
from governance.models import AccessGrant


def test_the_label_is_the_choice_s_in_the_active_language():
    grant = AccessGrant(status=GrantStatus.ACTIVE)
    with translation.override("en"):
        assert grant.get_status_display() == "Active"
    with translation.override("fr"):
        assert grant.get_status_display() == "Actif"
    # Exactly what Django's own method answers, for every choice and for an unknown value.
    for value in [*GrantStatus.values, "retired"]:
        grant.status = value
        with translation.override("fr"):
            assert grant.get_status_display() == models.Model._get_FIELD_display(
                grant, AccessGrant._meta.get_field("status")
            )
