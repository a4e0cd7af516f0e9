from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class PlatformCategory(models.TextChoices):
    SOCIAL_NETWORK = "social_network", _("Social network")
    MESSAGING = "messaging", _("Messaging")
    VIDEO = "video", _("Video")
    PROFESSIONAL = "professional", _("Professional network")
    OWNED = "owned", _("Owned property (blog, website)")


class PlatformStance(models.TextChoices):
    ADOPTED = "adopted", _("Adopted")
    EVALUATING = "evaluating", _("Evaluating")
    NOT_NOW = "not_now", _("Not now")
    LISTEN_ONLY = "listen_only", _("Listen only")
    RETIRED = "retired", _("Retired")


class PrivilegeLevel(models.TextChoices):
    """From most to least powerful; the order of declaration is the ranking."""

    ADMIN = "admin", _("Admin")
    PUBLISH = "publish", _("Publish")
    MODERATE = "moderate", _("Moderate")
    ADVERTISE = "advertise", _("Advertise")
    ANALYSE = "analyse", _("Analyse")


class ChannelKind(models.TextChoices):
    PAGE = "page", _("Page")
    PROFILE = "profile", _("Profile")
    BUSINESS_ACCOUNT = "business_account", _("Business account")
    GROUP = "group", _("Group")
    CHANNEL = "channel", pgettext_lazy("kind of account", "Channel")
    AD_ACCOUNT = "ad_account", _("Ad account")
    SITE = "site", _("Blog or website")
    OTHER = "other", _("Other")


class ChannelStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    RESERVED = "reserved", _("Reserved (handle claimed)")
    ACTIVE = "active", _("Active")
    DORMANT = "dormant", _("Dormant")
    ARCHIVED = "archived", _("Archived")


# 0 for admin, then down to analyse: lower rank, more power.
PRIVILEGE_RANK = {level.value: rank for rank, level in enumerate(PrivilegeLevel)}

# Accounts that exist on the platform and so can be at risk.
LIVE_STATUSES = (ChannelStatus.RESERVED, ChannelStatus.ACTIVE, ChannelStatus.DORMANT)


class TwoFactorStatus(models.TextChoices):
    ON = "on", _("On")
    OFF = "off", _("Off")
    UNKNOWN = "unknown", _("Unknown")


class TwoFactorMethod(models.TextChoices):
    APP = "app", _("Authenticator app")
    SECURITY_KEY = "security_key", _("Security key")
    SMS = "sms", _("SMS")
    EMAIL = "email", _("E-mail")


class LoginModel(models.TextChoices):
    INDIVIDUAL = "individual", _("Individual logins through a business manager")
    SHARED = "shared", _("Shared credentials")
