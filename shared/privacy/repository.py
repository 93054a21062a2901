"""The person's data wherever it is: every table is found from the database's own catalog (each foreign key
to users.id), never from a list that a new table could be missing from. Identifiers come from the catalog
and are quoted; values are always parameters."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

# Columns derived from others (vectors and full-text indexes): rebuilt from the text, not the person's data.
DERIVED_TYPES = ("vector", "tsvector")


def person_tables(session: Session) -> list[tuple[str, str]]:
    """(table, column) for every column that references users.id, by table name."""
    rows = session.execute(
        text(
            """SELECT cl.relname, a.attname
                 FROM pg_constraint c
                 JOIN pg_class cl ON cl.oid = c.conrelid
                 JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
                WHERE c.contype = 'f' AND c.confrelid = 'users'::regclass AND cardinality(c.conkey) = 1
                ORDER BY cl.relname, a.attname"""
        )
    ).all()
    return [(str(r[0]), str(r[1])) for r in rows]


def _columns(session: Session, table: str) -> list[str]:
    rows = session.execute(
        text(
            """SELECT a.attname FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
                WHERE a.attrelid = CAST(:table AS regclass) AND a.attnum > 0 AND NOT a.attisdropped
                  AND t.typname <> ALL(CAST(:derived AS text[]))
                ORDER BY a.attnum"""
        ),
        {"table": table, "derived": list(DERIVED_TYPES)},
    ).all()
    return [str(r[0]) for r in rows]


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def rows_where(session: Session, table: str, column: str, value: Any) -> list[dict[str, Any]]:
    """Every row of `table` whose `column` equals `value`, without derived columns, oldest first when the
    table has created_at."""
    columns = _columns(session, table)
    order = " ORDER BY created_at, id" if {"created_at", "id"} <= set(columns) else ""
    sql = f"SELECT {', '.join(map(_quoted, columns))} FROM {_quoted(table)} WHERE {_quoted(column)} = :value{order}"
    return [dict(r._mapping) for r in session.execute(text(sql), {"value": value})]


def messages_from_before(session: Session, user_id: uuid.UUID, phone: str) -> list[dict[str, Any]]:
    """Messages with the person's phone that no account was attached to (before they were known)."""
    columns = _columns(session, "messages")
    sql = (
        f"SELECT {', '.join(map(_quoted, columns))} FROM messages"
        " WHERE user_id IS NULL AND (from_phone = :phone OR to_phone = :phone) ORDER BY created_at, id"
    )
    return [dict(r._mapping) for r in session.execute(text(sql), {"phone": phone})]


def count_rows(session: Session, user_id: uuid.UUID) -> dict[str, int]:
    """How many rows of each table reference the person (the catalog's tables)."""
    counts: dict[str, int] = {}
    for table, column in person_tables(session):
        sql = f"SELECT count(*) FROM {_quoted(table)} WHERE {_quoted(column)} = :value"
        counts[table] = counts.get(table, 0) + int(session.execute(text(sql), {"value": user_id}).scalar_one())
    return counts


def erase_person(session: Session, user_id: uuid.UUID, phone: str | None) -> None:
    """Delete the person: what no foreign key ties to them first (queued jobs naming their messages or their
    id, messages and replies from before their account), then their account, which every table referencing
    users follows (ON DELETE CASCADE, checked by the tests against the catalog)."""
    params = {"user_id": user_id, "phone": phone or "", "id_text": str(user_id)}
    session.execute(
        text(
            """DELETE FROM jobs WHERE payload->>'message_id' IN (
                   SELECT id::text FROM messages
                    WHERE user_id = :user_id OR (:phone <> '' AND (from_phone = :phone OR to_phone = :phone)))
                OR payload->>'user_id' = :id_text
                OR (:phone <> '' AND payload::text LIKE '%' || :phone || '%')"""
        ),
        params,
    )
    if phone:
        session.execute(text("DELETE FROM outbox WHERE user_id IS NULL AND to_phone = :phone"), params)
        session.execute(
            text("DELETE FROM messages WHERE user_id IS NULL AND (from_phone = :phone OR to_phone = :phone)"), params
        )
    session.execute(text("DELETE FROM users WHERE id = :user_id"), params)


def provider_sids(session: Session, user_id: uuid.UUID, phone: str | None) -> list[str]:
    """The provider's ids of every message to or from the person (inbound log and outbox), before they go."""
    from sqlalchemy import or_, select

    from shared.messaging.models import Message, Outbox

    inbound = [Message.user_id == user_id]
    outbound = [Outbox.user_id == user_id]
    if phone:
        inbound += [Message.from_phone == phone, Message.to_phone == phone]
        outbound.append(Outbox.to_phone == phone)
    sids = session.scalars(select(Message.provider_sid).where(or_(*inbound), Message.provider_sid.is_not(None))).all()
    sent = session.scalars(select(Outbox.provider_sid).where(or_(*outbound), Outbox.provider_sid.is_not(None))).all()
    return sorted({str(s) for s in [*sids, *sent]})


def queue_purge(session: Session, *, kind: str, payload: dict[str, Any], run_after: Any) -> uuid.UUID:
    """A durable job; its payload names no person (provider ids and outbox row ids only)."""
    from shared.jobs.models import Job

    job = Job(kind=kind, payload=payload, run_after=run_after)
    session.add(job)
    session.flush()
    return job.id


def due_purges(session: Session, *, kind: str, now: Any, limit: int) -> list[uuid.UUID]:
    from sqlalchemy import select

    from shared.jobs.models import Job

    return list(
        session.scalars(
            select(Job.id)
            .where(Job.kind == kind, Job.status == "pending", Job.run_after <= now)
            .order_by(Job.run_after)
            .limit(limit)
        ).all()
    )


def farewells(session: Session, outbox_ids: list[uuid.UUID]) -> list[tuple[uuid.UUID, str, str | None]]:
    """(id, status, provider id) of these outbox rows (the last SMS to someone erased)."""
    from sqlalchemy import select

    from shared.messaging.models import Outbox

    if not outbox_ids:
        return []
    rows = session.execute(select(Outbox.id, Outbox.status, Outbox.provider_sid).where(Outbox.id.in_(outbox_ids)))
    return [(r[0], str(r[1]), r[2]) for r in rows]


def drop_outbox(session: Session, outbox_ids: list[uuid.UUID]) -> None:
    from sqlalchemy import delete

    from shared.messaging.models import Outbox

    if outbox_ids:
        session.execute(delete(Outbox).where(Outbox.id.in_(outbox_ids)))
