"""Platforms and the roles each one names. Role vocabularies are data, seeded by a migration."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from channels_registry.choices import PlatformCategory, PlatformStance, PrivilegeLevel
from channels_registry.reference import ROLE
from core.choices import ChoiceLabels
from core.i18n import SeededNames, shown


def parse_domains(raw: str) -> list[str]:
    return [d.strip().lower().lstrip(".") for d in raw.replace("\n", ",").split(",") if d.strip()]


class Platform(models.Model):
    """A social platform or owned property, with the stance the organisation takes on it."""

    name = models.CharField(_("name"), max_length=80, unique=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    category = models.CharField(_("category"), max_length=20, choices=PlatformCategory.choices)
    domains = models.CharField(
        _("domains"),
        max_length=500,
        blank=True,
        help_text=_(
            "Comma-separated domains its URLs live on. Empty: any domain (blogs, Mastodon)."
        ),
    )
    stance = models.CharField(
        _("stance"), max_length=20, choices=PlatformStance.choices, default=PlatformStance.ADOPTED
    )
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("platform")
        verbose_name_plural = _("platforms")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """The name in the reader's language where it is a seeded one (channels_registry/reference.py)."""
        return shown(self.name)

    @property
    def domain_list(self) -> list[str]:
        return parse_domains(self.domains)

    def clean(self) -> None:
        super().clean()
        self.domains = ", ".join(self.domain_list)
        for domain in self.domain_list:
            if "." not in domain or "/" in domain or " " in domain:
                raise ValidationError(
                    {"domains": _("“%(domain)s” is not a domain name.") % {"domain": domain}}
                )

    def accepts_host(self, host: str) -> bool:
        host = host.lower().rstrip(".")
        if host.startswith("www."):
            host = host[4:]
        domains = self.domain_list
        return not domains or any(host == d or host.endswith("." + d) for d in domains)


class PlatformRole(SeededNames, ChoiceLabels, models.Model):
    """A role as the platform itself names it, ranked by privilege."""

    name_context = ROLE  # seeded names are marked in this context (channels_registry/reference.py)

    platform = models.ForeignKey(
        Platform, verbose_name=_("platform"), on_delete=models.PROTECT, related_name="roles"
    )
    name = models.CharField(_("name"), max_length=120)
    privilege_level = models.CharField(
        _("privilege level"), max_length=12, choices=PrivilegeLevel.choices
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    description = models.CharField(_("description"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("platform role")
        verbose_name_plural = _("platform roles")
        ordering = ["platform", "order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["platform", "name"], name="platform_role_unique_name")
        ]

    def __str__(self) -> str:
        return f"{self.platform.display_name}: {self.display_name}"
