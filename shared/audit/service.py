"""Record security events (exports, erasures, tokens minted; logins, MFA changes and admin actions as they
arrive). A person or an address is never stored as such: `pseudonym` is an HMAC keyed by the deployment's
token secret, stable (one person's events can be found together while the account exists) and unlinkable
once the account is erased. Details are short facts; a key that could carry a secret or a message is refused."""

from __future__ import annotations

import hashlib
import hmac
import uuid
from datetime import datetime
from typing import Any, Literal

from sqlalchemy.orm import Session

from shared.audit import repository as repo
from shared.audit.models import AuditEvent

Actor = Literal["person", "operator", "admin", "system"]
FORBIDDEN = frozenset({"password", "token", "secret", "code", "body", "content", "text", "otp", "key", "phone"})


def pseudonym(value: uuid.UUID | str, *, secret: str) -> str:
    return hmac.new(secret.encode(), f"audit:{value}".encode(), hashlib.sha256).hexdigest()[:32]


def record(
    session: Session,
    *,
    event: str,
    actor: Actor,
    now: datetime,
    secret: str,
    person: uuid.UUID | None = None,
    address: str | None = None,
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event in the caller's transaction (it is kept only if what it records is)."""
    facts = dict(details or {})
    leaking = sorted(k for k in facts if any(word in k.lower() for word in FORBIDDEN))
    if leaking:
        raise ValueError(f"audit details may not carry {leaking}")
    return repo.add(
        session,
        AuditEvent(
            at=now,
            event=event,
            actor=actor,
            subject=pseudonym(person, secret=secret) if person is not None else None,
            address=pseudonym(address, secret=secret) if address else None,
            details=facts,
        ),
    )
