"""Deployment checks Django's own do not make (`manage.py check --deploy`, `manage.py deploy`)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage
from django.core.checks import Error, Warning, register

LOOPBACK = {"localhost", "127.0.0.1", "::1"}


@register(deploy=True)
def static_files_collected(app_configs, **kwargs) -> list[Error]:
    """With hashed file names (production), every page asks the manifest for its CSS and icons:
    without `collectstatic` each one answers 500."""
    if not isinstance(staticfiles_storage, ManifestFilesMixin):
        return []
    manifest = Path(settings.STATIC_ROOT) / staticfiles_storage.manifest_name
    if manifest.exists():
        return []
    return [
        Error(
            f"The static files are not collected: {manifest} is missing, so every page would "
            "answer 500.",
            hint="Run `manage.py deploy` (or `manage.py collectstatic --noinput`).",
            id="core.E001",
        )
    ]


@register(deploy=True)
def site_url_reachable(app_configs, **kwargs) -> list[Warning]:
    """The links in e-mails and chat messages start with SITE_URL."""
    parts = urlsplit(settings.SITE_URL)
    if parts.scheme == "https" and parts.hostname and parts.hostname not in LOOPBACK:
        return []
    return [
        Warning(
            f"SITE_URL is {settings.SITE_URL!r}: the links in e-mails and chat messages would "
            "lead nowhere, or over plain HTTP.",
            hint="Set SITE_URL to the address people open, e.g. https://gouvernail.example.org.",
            id="core.W001",
        )
    ]
