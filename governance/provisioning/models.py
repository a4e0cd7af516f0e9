"""What SCIM provisioning keeps: the tokens identity providers call with, the SCIM identity of
each provisioned user and group, and a record of every call."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from accounts.models import SignInProvider
from accounts.models.tokens import HashedToken


class ScimToken(HashedToken):
    """A bearer token an identity provider calls /scim/v2/ with. Only its sha256 and a visible
    prefix are stored; the secret is shown once, when an admin creates it."""

    name = models.CharField(
        _("name"), max_length=100, help_text=_("Named in the history after “SCIM: ”.")
    )
    provider = models.ForeignKey(
        SignInProvider,
        verbose_name=_("sign-in provider"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="scim_tokens",
        help_text=_(
            "Its group mappings apply besides the global ones; a partner's provider provisions "
            "only its own e-mail domains. Empty: global mappings, any address."
        ),
    )

    class Meta:
        verbose_name = _("SCIM token")
        verbose_name_plural = _("SCIM tokens")
        ordering = ["-created_at"]

    @property
    def agent_label(self) -> str:
        return f"SCIM: {self.name}"


class ScimResource(models.Model):
    """What a provisioned user and group share: the SCIM id, the provider's own id, when."""

    scim_id = models.UUIDField(_("SCIM id"), default=uuid.uuid4, unique=True, editable=False)
    external_id = models.CharField(_("external id"), max_length=255, blank=True)
    token = models.ForeignKey(
        ScimToken,
        verbose_name=_("SCIM token"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The token that created it."),
    )
    created_at = models.DateTimeField(_("created"))
    updated_at = models.DateTimeField(_("updated"))
    deleted_at = models.DateTimeField(
        _("deleted by the provider"),
        null=True,
        blank=True,
        help_text=_("Kept for the history; SCIM no longer serves it."),
    )

    class Meta:
        abstract = True


class ScimUser(ScimResource):
    """A Gouvernail user as the identity provider provisions it: its userName and the attributes
    it sent (name, displayName, title, emails), as last written."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.PROTECT,
        related_name="scim",
    )
    user_name = models.CharField(_("userName"), max_length=255)
    attributes = models.JSONField(_("attributes"), default=dict, blank=True)

    class Meta:
        verbose_name = _("SCIM user")
        verbose_name_plural = _("SCIM users")
        ordering = ["pk"]
        constraints = [
            # Unique per token in the database, per provider in the services (rules.py): a
            # partner's names neither reveal nor take the organisation's.
            models.UniqueConstraint(
                "token",
                Lower("user_name"),
                condition=Q(deleted_at__isnull=True),
                name="scim_user_name_unique_live_per_token",
            )
        ]

    def __str__(self) -> str:
        return self.user_name


class ScimGroup(ScimResource):
    """A group of the identity provider: its displayName and externalId are what group mappings
    (accounts.GroupMapping) name."""

    display_name = models.CharField(_("displayName"), max_length=255)
    members = models.ManyToManyField(
        ScimUser, verbose_name=_("members"), related_name="scim_groups", blank=True
    )

    class Meta:
        verbose_name = _("SCIM group")
        verbose_name_plural = _("SCIM groups")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                "token",
                Lower("display_name"),
                condition=Q(deleted_at__isnull=True),
                name="scim_group_name_unique_live_per_token",
            )
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def names(self) -> set[str]:
        """What a group mapping may call it: its displayName, or the provider's id for it."""
        return {n for n in (self.display_name, self.external_id) if n}


class ScimCall(models.Model):
    """One request to /scim/v2/ made with a known token (revoked ones included): never the token
    nor the body, only what was asked and how it ended."""

    token = models.ForeignKey(
        ScimToken, verbose_name=_("SCIM token"), on_delete=models.PROTECT, related_name="calls"
    )
    at = models.DateTimeField(_("at"))
    method = models.CharField(_("method"), max_length=10)
    path = models.CharField(_("path"), max_length=300)
    resource_id = models.CharField(_("resource id"), max_length=64, blank=True)
    status = models.PositiveSmallIntegerField(_("status"))
    outcome = models.CharField(_("outcome"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("SCIM call")
        verbose_name_plural = _("SCIM calls")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["token", "-at"])]

    def __str__(self) -> str:
        return f"{self.method} {self.path} → {self.status}"
