"""What Gouvernail knows of the organisation's identity providers: how a sign-in provider's
people are admitted, and which of its groups give which role or team."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models.directory import Partner, Team
from accounts.roles import ROLE_GROUPS, ROLE_LABELS


class Protocol(models.TextChoices):
    OIDC = "openid_connect", _("OpenID Connect")
    SAML = "saml", _("SAML 2.0")


class SignInProvider(models.Model):
    """An identity provider people sign in through (an OpenID Connect or SAML application of
    Entra ID, Okta, Google Workspace, Keycloak…): how to reach it, whose people it signs in, which
    e-mail domains it speaks for, and whether they must use it. allauth reads it as a social
    application (accounts.sso.adapter); its secret is stored encrypted and never shown again."""

    name = models.CharField(_("name"), max_length=100, help_text=_("Shown on the login button."))
    slug = models.SlugField(
        _("identifier"),
        max_length=60,
        unique=True,
        help_text=_("Part of the provider's callback address; never change it once in use."),
    )
    protocol = models.CharField(_("protocol"), max_length=20, choices=Protocol.choices)
    client_id = models.CharField(_("client ID or IdP entity ID"), max_length=500, blank=True)
    secret = models.TextField(_("client secret (encrypted)"), blank=True, editable=False)
    settings = models.JSONField(
        _("protocol settings"),
        default=dict,
        blank=True,
        help_text=_(
            'OpenID Connect: {"server_url": "https://…"}, the issuer or its discovery URL. SAML: allauth\'s '
            '"idp", "attribute_mapping" and "advanced" settings.'
        ),
    )
    partner = models.ForeignKey(
        Partner,
        verbose_name=_("partner"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("A partner's provider: the people it creates are that partner's staff."),
    )
    email_domains = models.CharField(
        _("e-mail domains"),
        max_length=500,
        blank=True,
        help_text=_(
            "Separated by commas. An organisation's provider admits the organisation's domains "
            "(ORGANISATION_EMAIL_DOMAINS) and these; a partner's provider admits only these."
        ),
    )
    sso_only = models.BooleanField(
        _("sign-in through this provider only"),
        default=False,
        help_text=_(
            "Password login and password reset are refused for addresses of these domains."
        ),
    )
    groups_claim = models.CharField(
        _("groups claim"),
        max_length=100,
        default="groups",
        help_text=_("The claim or attribute that lists the person's groups or roles."),
    )
    enabled = models.BooleanField(_("enabled"), default=True)

    class Meta:
        verbose_name = _("sign-in provider")
        verbose_name_plural = _("sign-in providers")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def domains(self) -> list[str]:
        return [d.strip().lower() for d in self.email_domains.split(",") if d.strip()]


ROLE_CHOICES = [(name, ROLE_LABELS[name]) for name in ROLE_GROUPS]


class GroupMapping(models.Model):
    """A group of the identity provider gives a role, a team, or both. Applied at every sign-in
    and every SCIM change: a role some mapping gives is held exactly while a mapped group is."""

    provider = models.ForeignKey(
        SignInProvider,
        verbose_name=_("sign-in provider"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="mappings",
        help_text=_("Empty: every provider and SCIM provisioning."),
    )
    group = models.CharField(
        _("group"),
        max_length=200,
        help_text=_("The group's name or identifier as the provider sends it."),
    )
    role = models.CharField(_("role"), max_length=40, choices=ROLE_CHOICES, blank=True)
    active = models.BooleanField(_("active"), default=True)
    team = models.ForeignKey(
        Team,
        verbose_name=_("team"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("group mapping")
        verbose_name_plural = _("group mappings")
        ordering = ["group", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(role="") | Q(team__isnull=False), name="group_mapping_gives_something"
            ),
        ]

    def __str__(self) -> str:
        given = [str(ROLE_LABELS[self.role])] if self.role else []
        if self.team_id:
            given.append(str(self.team))
        return f"{self.group} → {', '.join(given)}"
