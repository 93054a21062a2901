"""Your data (GDPR articles 15 and 20): everything Boussole holds about the person, as one JSON document. The
tables come from the catalog (shared.privacy.repository), so a table added later is exported without anyone
remembering to add it. Not included: vectors and full-text indexes (derived from the texts exported), and
the short-lived conversation context kept in the cache (it expires within a day)."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from shared.agent.state import StateStore
from shared.audit import service as audit_log
from shared.audit.service import Actor as AuditActor
from shared.cache.port import Cache
from shared.crypto.models import DataKey
from shared.crypto.orm import open_row
from shared.db import rls
from shared.errors import Conflict
from shared.privacy import purge
from shared.privacy import repository as repo
from shared.users.models import User

FORMAT = "boussole-export/1"


@dataclass(frozen=True)
class Audit:
    """Where the request came from, for the audit events these actions append."""

    secret: str  # the deployment's key for pseudonyms
    address: str | None = None
    actor: AuditActor = "person"

    def record(self, session: Session, event: str, person: Any, now: datetime, details: dict[str, Any]) -> None:
        audit_log.record(
            session,
            event=event,
            actor=self.actor,
            now=now,
            secret=self.secret,
            person=person,
            address=self.address,
            details=details,
        )


def export(session: Session, *, user: User, now: datetime, audit: Audit) -> dict[str, Any]:
    """{"format", "exported_at", "person": the account row, "data": {table: [rows]}} (tables without rows
    for the person are listed with an empty list). The export is an audit event."""
    person = repo.rows_where(session, "users", "id", user.id)
    data: dict[str, list[dict[str, Any]]] = {}
    for table, column in repo.person_tables(session):
        _add(data, table, [_readable(session, table, row) for row in repo.rows_where(session, table, column, user.id)])
    if user.phone:  # rows of no one yet, found by the phone: the only cross-person read of the export
        rls.as_system(session, "export: messages from before the account")
        _add(data, "messages", repo.messages_from_before(session, user.id, user.phone))
        rls.as_person(session, user.id)
    audit.record(session, "me.export", user.id, now, {"tables": sum(1 for rows in data.values() if rows)})
    return {"format": FORMAT, "exported_at": now, "person": person[0] if person else {}, "data": data}


def _readable(session: Session, table: str, row: dict[str, Any]) -> dict[str, Any]:
    """A row as the person knows it: sealed columns opened (EncryptionUnavailable if they cannot be: never
    ciphertext in their hands), data keys listed without the wrapped key (useless outside our KMS)."""
    if table == DataKey.__tablename__:
        return {k: v for k, v in row.items() if k != "wrapped"}
    return open_row(session, table, row)


def _add(data: dict[str, list[dict[str, Any]]], table: str, rows: list[dict[str, Any]]) -> None:
    """Rows found through two columns of the same table are listed once."""
    listed = data.setdefault(table, [])
    seen = {r.get("id") for r in listed if r.get("id") is not None}
    listed.extend(r for r in rows if r.get("id") is None or r["id"] not in seen)


# --- erasure (article 17) ----------------------------------------------------------------------------------
CONFIRM_SECONDS = 600
Channel = str  # "api" (a long code shown once) or "sms" (six digits, sent to the person's own phone)


@dataclass
class Erased:
    rows: dict[str, int]  # table -> rows deleted that referenced the person
    backups_until: datetime  # backups taken before now still hold the data until then
    purge_job: uuid.UUID | None = None  # the job deleting their messages at the SMS provider


def start_erasure(
    session: Session, cache: Cache, *, user: User, now: datetime, audit: Audit, channel: Channel = "api"
) -> tuple[str, datetime]:
    """A one-time confirmation code for erasing the person (valid CONFIRM_SECONDS): (code, expires at). By SMS
    the code is six digits (typed on a phone) and a wrong answer cancels it: one guess in a million."""
    code = f"{secrets.randbelow(10**6):06d}" if channel == "sms" else secrets.token_urlsafe(16)
    cache.set(_confirm_key(user, channel), _digest(code), ttl_seconds=CONFIRM_SECONDS)
    audit.record(session, "me.erasure_asked", user.id, now, {"channel": channel})
    return code, now + timedelta(seconds=CONFIRM_SECONDS)


def erasure_pending(cache: Cache, *, user: User, channel: Channel = "sms") -> bool:
    return cache.get(_confirm_key(user, channel)) is not None


def cancel_erasure(
    session: Session, cache: Cache, *, user: User, now: datetime, audit: Audit, channel: Channel = "sms"
) -> None:
    cache.delete(_confirm_key(user, channel))
    audit.record(session, "me.erasure_cancelled", user.id, now, {"channel": channel})


_SMS_CONFIRMATION = re.compile(r"^\s*(?:[^\W\d_]+\s*)?(?P<code>\d{6})\s*[.!]*\s*$")


def sms_confirmation(text: str) -> str | None:
    """The six digits in "EFFACER 123456", "erase 123456" or "123456" (one word at most before them)."""
    found = _SMS_CONFIRMATION.match(text)
    return found["code"] if found else None


def erase(
    session: Session,
    cache: Cache,
    *,
    user: User,
    now: datetime,
    confirmation: str,
    backup_days: int,
    audit: Audit,
    channel: Channel = "api",
) -> Erased:
    """Delete everything about the person, if `confirmation` is the code start_erasure gave (once): every row
    of every table that references them, their messages from before the account, their queued jobs, their
    conversation context in the cache, and (through a job run after the commit) their messages at the SMS
    provider. The caller's transaction commits it."""
    expected = cache.get(_confirm_key(user, channel))
    if expected is None or not hmac.compare_digest(expected, _digest(confirmation)):
        raise Conflict("me.bad_confirmation", key="me.bad_confirmation", field="confirmation")
    cache.delete(_confirm_key(user, channel))
    rls.as_system(session, "erasure")  # their queued jobs and messages from before the account name no user_id
    rows = {"users": 1, **repo.count_rows(session, user.id)}
    sids = repo.provider_sids(session, user.id, user.phone)
    repo.erase_person(session, user.id, user.phone)
    session.expunge(user)
    from shared.auth.accounts import phone_change_key  # only here: erasure is rare, accounts are not light

    cache.delete(StateStore.key(user.id), phone_change_key(user.id))
    job = purge.queue(session, sids=sids, now=now)
    audit.record(session, "me.erased", user.id, now, {"tables": sum(1 for n in rows.values() if n), "channel": channel})
    return Erased({t: n for t, n in rows.items() if n}, now + timedelta(days=backup_days), job)


def _confirm_key(user: User, channel: Channel = "api") -> str:
    return f"erase:{user.id}" if channel == "api" else f"erase:{channel}:{user.id}"


def _digest(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()
