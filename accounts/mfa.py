"""Second factors: their secrets are encrypted at rest, never stored or shown in the clear."""

from __future__ import annotations

from allauth.mfa.adapter import DefaultMFAAdapter

from accounts import encryption

# Where allauth keeps an encrypted value in an authenticator's data, by type (a list holds
# one encrypted value per item).
ENCRYPTED_DATA = {
    "totp": ("secret",),
    "recovery_codes": ("seed", "migrated_codes"),
}


class MFAAdapter(DefaultMFAAdapter):
    def encrypt(self, text: str) -> str:
        return encryption.encrypt(text)

    def decrypt(self, encrypted_text: str) -> str:
        return encryption.decrypt(encrypted_text)
