"""TOTP (RFC 6238, pyotp): 6 digits, 30-second steps, SHA-1 as every authenticator app expects.

A code is accepted within one step of drift either way, and never twice: the step a code was accepted at
is kept, and only a later step is accepted afterwards (RFC 6238 §5.2). pyotp's own `verify` does not track
reuse, so the step is found here and the caller stores it with a conditional UPDATE.
Recovery codes: 10 single-use codes of 10 characters from an unambiguous alphabet (about 50 bits each);
only their SHA-256 is kept, which is enough for that much randomness behind a login limit.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime

import pyotp

DRIFT_STEPS = 1
RECOVERY_COUNT = 10
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i


def new_secret() -> str:
    return pyotp.random_base32(32)  # 160 bits, RFC 4226's recommendation


def uri(secret: str, *, account: str) -> str:
    """The otpauth:// link an authenticator app reads (shown as a QR code)."""
    return pyotp.TOTP(secret).provisioning_uri(name=account, issuer_name="Boussole")


def matching_step(secret: str, code: str, *, now: datetime, after: int | None) -> int | None:
    """The time step `code` belongs to (within the drift), if later than `after`; None otherwise."""
    code = code.strip().replace(" ", "")
    if len(code) != 6 or not code.isdigit():
        return None
    totp = pyotp.TOTP(secret)
    current = totp.timecode(now)
    for offset in range(-DRIFT_STEPS, DRIFT_STEPS + 1):
        step = current + offset
        if (after is None or step > after) and hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def new_recovery_codes() -> list[str]:
    return [
        "".join(secrets.choice(_ALPHABET) for _ in range(5))
        + "-"
        + "".join(secrets.choice(_ALPHABET) for _ in range(5))
        for _ in range(RECOVERY_COUNT)
    ]


def recovery_digest(code: str) -> str:
    canonical = code.strip().lower().replace("-", "").replace(" ", "")
    return hashlib.sha256(canonical.encode()).hexdigest()
