"""Data keys: every query about them. Each statement names the person, except the rotation's walk."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from shared.crypto.models import DataKey


def latest(session: Session, user_id: uuid.UUID) -> DataKey | None:
    """The person's newest data key (new values are sealed under it)."""
    return session.execute(
        select(DataKey).where(DataKey.user_id == user_id).order_by(DataKey.version.desc()).limit(1)
    ).scalar_one_or_none()


def get(session: Session, user_id: uuid.UUID, version: int) -> DataKey | None:
    return session.execute(
        select(DataKey).where(DataKey.user_id == user_id, DataKey.version == version)
    ).scalar_one_or_none()


def add(session: Session, *, user_id: uuid.UUID, version: int, wrapped: bytes, kek_id: str) -> bool:
    """Store a new data key; False if another transaction stored this version first."""
    inserted = session.execute(
        insert(DataKey)
        .values(user_id=user_id, version=version, wrapped=wrapped, kek_id=kek_id)
        .on_conflict_do_nothing(index_elements=[DataKey.user_id, DataKey.version])
        .returning(DataKey.id)
    ).scalar_one_or_none()
    return inserted is not None


def batch_after(session: Session, after: uuid.UUID | None, *, limit: int) -> list[DataKey]:
    """Rotation's walk: the next data keys by id, locked (SKIP LOCKED: a second rotator takes others)."""
    query = select(DataKey).order_by(DataKey.id).limit(limit).with_for_update(skip_locked=True)
    if after is not None:
        query = query.where(DataKey.id > after)
    return list(session.scalars(query))


def set_wrapped(session: Session, key_id: uuid.UUID, *, wrapped: bytes, kek_id: str, now: datetime) -> None:
    session.execute(
        update(DataKey)
        .where(DataKey.id == key_id)
        .values(wrapped=wrapped, kek_id=kek_id, rewrapped_at=now)
        .execution_options(synchronize_session=False)
    )


def people_with_keys(session: Session, after: uuid.UUID | None, *, limit: int) -> list[tuple[uuid.UUID, int]]:
    """(person, newest version) by person id, for rotating data keys."""
    from sqlalchemy import func

    query = select(DataKey.user_id, func.max(DataKey.version)).group_by(DataKey.user_id).order_by(DataKey.user_id)
    if after is not None:
        query = query.where(DataKey.user_id > after)
    return [(r[0], int(r[1])) for r in session.execute(query.limit(limit))]


# --- sealing rows written before encryption (backfill) --------------------------------------------------------
# Table and column names below come from the models' declarations (shared.crypto.orm.SEALED), never from input.
def unsealed_rows(
    session: Session, table: str, column: str, prefix: str, *, sealed: bool, limit: int
) -> list[tuple[uuid.UUID, uuid.UUID, str]]:
    """(id, user_id, value) of rows whose `column` is not sealed yet (or, with `sealed`, is), locked."""
    from sqlalchemy import text

    test = "=" if sealed else "<>"
    blank = "" if sealed else f" AND {column} ~ '\\S'"
    rows = session.execute(
        text(
            f"SELECT id, user_id, {column} FROM {table}"
            f" WHERE {column} IS NOT NULL AND left({column}, :n) {test} :prefix{blank}"
            " ORDER BY id LIMIT :limit FOR UPDATE SKIP LOCKED"
        ),
        {"n": len(prefix), "prefix": prefix, "limit": limit},
    ).all()
    return [(r[0], r[1], str(r[2])) for r in rows]


def set_value(session: Session, table: str, column: str, row_id: uuid.UUID, value: str) -> None:
    """Replace one value in place; updated_at is left as it was (the person changed nothing)."""
    from sqlalchemy import text

    session.execute(text(f"UPDATE {table} SET {column} = :value WHERE id = :id"), {"value": value, "id": row_id})
