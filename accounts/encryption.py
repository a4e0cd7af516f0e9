"""Encrypted values: written under FIELD_ENCRYPTION_KEY, read under it or any previous key.

A value is "fernet:" followed by a Fernet token. It is read under FIELD_ENCRYPTION_KEY, then each
of FIELD_ENCRYPTION_KEY_FALLBACKS, then (last) the keys Gouvernail derived from SECRET_KEY and
SECRET_KEY_FALLBACKS before encrypted fields had a key of their own, so nothing written then is
lost. `manage.py rotate_encryption_keys` writes every value again under the current key.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from core.registry import Registry

PREFIX = "fernet:"


def _derived_from_secret_key(secret_key: str) -> Fernet:
    # How second-factor secrets were encrypted until FIELD_ENCRYPTION_KEY: read, never written.
    digest = hashlib.sha256(f"gouvernail-mfa:{secret_key}".encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def _current() -> Fernet:
    if not settings.FIELD_ENCRYPTION_KEY:
        raise ImproperlyConfigured("Set the FIELD_ENCRYPTION_KEY environment variable.")
    return Fernet(settings.FIELD_ENCRYPTION_KEY)


def _keys() -> MultiFernet:
    fallbacks = [Fernet(key) for key in settings.FIELD_ENCRYPTION_KEY_FALLBACKS]
    secret_keys = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    legacy = [_derived_from_secret_key(key) for key in secret_keys if key]
    return MultiFernet([_current(), *fallbacks, *legacy])


def encrypt(text: str) -> str:
    """`text` encrypted under the current key."""
    return PREFIX + _current().encrypt(text.encode()).decode()


def decrypt(value: str) -> str:
    """The text of `value`, whichever known key it was written under.

    A value without the prefix was stored before encryption and is returned as it is.
    """
    if not value.startswith(PREFIX):
        return value
    try:
        return _keys().decrypt(value[len(PREFIX) :].encode()).decode()
    except InvalidToken:
        raise ValueError(
            "An encrypted value cannot be read with FIELD_ENCRYPTION_KEY, "
            "FIELD_ENCRYPTION_KEY_FALLBACKS or the SECRET_KEY it was once derived from: "
            "was a key removed before `manage.py rotate_encryption_keys` ran?"
        ) from None


def is_current(value: str) -> bool:
    """Whether `value` is encrypted under the current key (nothing to rotate)."""
    if not value.startswith(PREFIX):
        return False
    try:
        _current().decrypt(value[len(PREFIX) :].encode())
    except InvalidToken:
        return False
    return True


def rotate(value: str) -> str:
    """`value` encrypted under the current key (unchanged when it already is)."""
    return value if is_current(value) else encrypt(decrypt(value))


@dataclass(frozen=True)
class EncryptedField:
    """A model field that holds one value of this module's: `manage.py rotate_encryption_keys`
    writes it again under the current key. The app that owns the model registers it."""

    model: str  # "app_label.ModelName"
    field: str
    label: str  # what the history says was encrypted again

    @property
    def key(self) -> str:
        return f"{self.model}.{self.field}"


encrypted_fields: Registry[EncryptedField] = Registry("encrypted fields")
