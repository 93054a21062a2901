"""Your data (GDPR articles 15 and 20): everything Boussole holds about the person, as one JSON document. The
tables come from the catalog (shared.privacy.repository), so a table added later is exported without anyone
remembering to add it. Not included: vectors and full-text indexes (derived from the texts exported), and
the short-lived conversation context kept in the cache (it expires within a day)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from shared.privacy import repository as repo
from shared.users.models import User

FORMAT = "boussole-export/1"


def export(session: Session, *, user: User, now: datetime) -> dict[str, Any]:
    """{"format", "exported_at", "person": the account row, "data": {table: [rows]}} (tables without rows
    for the person are listed with an empty list)."""
    person = repo.rows_where(session, "users", "id", user.id)
    data: dict[str, list[dict[str, Any]]] = {}
    for table, column in repo.person_tables(session):
        _add(data, table, repo.rows_where(session, table, column, user.id))
    if user.phone:
        _add(data, "messages", repo.messages_from_before(session, user.id, user.phone))
    return {"format": FORMAT, "exported_at": now, "person": person[0] if person else {}, "data": data}


def _add(data: dict[str, list[dict[str, Any]]], table: str, rows: list[dict[str, Any]]) -> None:
    """Rows found through two columns of the same table are listed once."""
    listed = data.setdefault(table, [])
    seen = {r.get("id") for r in listed if r.get("id") is not None}
    listed.extend(r for r in rows if r.get("id") is None or r["id"] not in seen)
