"""Second factors: their secrets are encrypted at rest, never stored or shown in the clear."""

from __future__ import annotations

import base64
import hashlib

from allauth.mfa.adapter import DefaultMFAAdapter
from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings

PREFIX = "fernet:"


def _fernet() -> Fernet:
    # A key derived from SECRET_KEY: rotating SECRET_KEY means setting up second factors again.
    digest = hashlib.sha256(f"gouvernail-mfa:{settings.SECRET_KEY}".encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


class MFAAdapter(DefaultMFAAdapter):
    def encrypt(self, text: str) -> str:
        return PREFIX + _fernet().encrypt(text.encode()).decode()

    def decrypt(self, encrypted_text: str) -> str:
        if not encrypted_text.startswith(PREFIX):
            return encrypted_text  # set up before encryption: re-encrypted at the next change
        try:
            return _fernet().decrypt(encrypted_text[len(PREFIX) :].encode()).decode()
        except InvalidToken:
            raise ValueError("A second factor cannot be read: was SECRET_KEY changed?") from None
