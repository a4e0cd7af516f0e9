"""A TOTP code a test can type: allauth accepts only the current period's code."""

from __future__ import annotations

import time

import pyotp


def fresh_code(secret: str) -> str:
    """The current code, with time to reach the server before its period ends."""
    totp = pyotp.TOTP(secret)
    left = totp.interval - time.time() % totp.interval
    if left < 3:
        time.sleep(left)
    return totp.now()
