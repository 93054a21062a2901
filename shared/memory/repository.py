"""Long-term memory and note chunks: every query about them. Every statement is scoped by the person's id, and
the person's id comes first in every index a search walks (the exact per-user vector scan)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import and_, any_, case, delete, func, insert, literal, or_, select, text, union_all, update
from sqlalchemy.orm import Session

from shared.db.paging import Cursor, Page, after, page
from shared.memory.models import LtmMemory, NoteChunk
from shared.notes.models import Note

# ts_rank's weights {D, C, B, A}: the memory's own configuration and its tags (A) above the plain copy (B).
RANK_WEIGHTS = "'{0.1, 0.2, 0.4, 1.0}'::float4[]"


def _tsquery(words: Sequence[str]) -> Any:
    """Any of these folded word prefixes ([a-z0-9] only: nothing to escape): stemmed in French and in English
    against the stemmed part of a row (weight A), and as they are against everything. Without the weight a
    stemmed word could meet a stop word of the plain copy ("lea" stems to "le" in French)."""
    stemmed = " | ".join(f"{w}:*A" for w in words)
    plain = " | ".join(f"{w}:*" for w in words)
    return (
        func.to_tsquery("french", stemmed)
        .op("||")(func.to_tsquery("english", stemmed))
        .op("||")(func.to_tsquery("simple", plain))
    )


def _every(words: Sequence[str]) -> Any:
    return func.to_tsquery("simple", " & ".join(f"{w}:*" for w in words))


# --- writing ------------------------------------------------------------------------------------------------
def add(session: Session, memory: LtmMemory) -> LtmMemory:
    session.add(memory)
    session.flush()
    return memory


def add_many(session: Session, rows: list[dict[str, Any]]) -> int:
    """Bulk insert (ingestion, benches): no merging, no contradiction check. Each row names its user_id."""
    if not rows:
        return 0
    session.execute(insert(LtmMemory), rows)
    return len(rows)


def touch(session: Session, user_id: uuid.UUID, bumps: dict[uuid.UUID, float], *, now: datetime) -> None:
    """Read memories: one more access, last access now, their dynamic importance set to the given values (one
    statement)."""
    if not bumps:
        return
    dynamic = case(bumps, value=LtmMemory.id, else_=LtmMemory.dynamic_importance)
    session.execute(
        update(LtmMemory)
        .where(LtmMemory.user_id == user_id, LtmMemory.id.in_(list(bumps)))
        .values(
            access_count=LtmMemory.access_count + 1,
            last_accessed_at=now,
            dynamic_importance=dynamic,
            updated_at=LtmMemory.updated_at,  # a read is not an edit (ETags stay)
        )
        .execution_options(synchronize_session=False)
    )


def remove(session: Session, user_id: uuid.UUID, ids: Sequence[uuid.UUID]) -> None:
    """Delete these memories for real, and every link to them from the person's other memories."""
    if not ids:
        return
    session.execute(
        delete(LtmMemory)
        .where(LtmMemory.user_id == user_id, LtmMemory.id.in_(ids))
        .execution_options(synchronize_session=False)
    )
    for memory_id in ids:
        session.execute(
            update(LtmMemory)
            .where(LtmMemory.user_id == user_id, any_(LtmMemory.related_ids) == memory_id)
            .values(related_ids=func.array_remove(LtmMemory.related_ids, memory_id), updated_at=LtmMemory.updated_at)
            .execution_options(synchronize_session=False)
        )


# --- reading ------------------------------------------------------------------------------------------------
def get_for_user(session: Session, user_id: uuid.UUID, memory_id: uuid.UUID, *, lock: bool = False) -> LtmMemory | None:
    query = select(LtmMemory).where(LtmMemory.id == memory_id, LtmMemory.user_id == user_id)
    if lock:
        query = query.with_for_update()
    return session.scalars(query).one_or_none()


def by_ids(session: Session, user_id: uuid.UUID, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, LtmMemory]:
    if not ids:
        return {}
    rows = session.scalars(select(LtmMemory).where(LtmMemory.user_id == user_id, LtmMemory.id.in_(ids)))
    return {m.id: m for m in rows}


def history_of(session: Session, user_id: uuid.UUID, memory_id: uuid.UUID) -> list[LtmMemory]:
    """The archived memories this one replaced (they link to it)."""
    return list(
        session.scalars(
            select(LtmMemory).where(
                LtmMemory.user_id == user_id,
                LtmMemory.archived_at.is_not(None),
                any_(LtmMemory.related_ids) == memory_id,
            )
        )
    )


def count_live(session: Session, user_id: uuid.UUID) -> int:
    return int(
        session.scalar(select(func.count()).where(LtmMemory.user_id == user_id, LtmMemory.archived_at.is_(None))) or 0
    )


def page_for_user(
    session: Session,
    user_id: uuid.UUID,
    *,
    words: Sequence[str],
    category: str | None,
    tag: str | None,
    archived: bool | None,
    cursor: Cursor | None,
    limit: int,
) -> Page[LtmMemory]:
    """A page of the person's memories, newest first (keyset on created_at and id)."""
    query = select(LtmMemory).where(LtmMemory.user_id == user_id)
    if words:
        query = query.where(LtmMemory.search.op("@@")(_every(words)))
    if category:
        query = query.where(LtmMemory.category == category)
    if tag:
        query = query.where(any_(LtmMemory.tags) == tag)
    if archived is True:
        query = query.where(LtmMemory.archived_at.is_not(None))
    elif archived is False:
        query = query.where(LtmMemory.archived_at.is_(None))
    rows = list(
        session.scalars(after(query, LtmMemory.created_at, LtmMemory.id, cursor, descending=True).limit(limit + 1))
    )
    return page(rows, limit, lambda m: m.created_at)


def most_important(session: Session, user_id: uuid.UUID, *, limit: int) -> list[LtmMemory]:
    return list(
        session.scalars(
            select(LtmMemory)
            .where(LtmMemory.user_id == user_id, LtmMemory.archived_at.is_(None))
            .order_by(LtmMemory.importance.desc(), LtmMemory.dynamic_importance.desc(), LtmMemory.updated_at.desc())
            .limit(limit)
        )
    )


def live_without_vector(
    session: Session, user_id: uuid.UUID, *, model: str | None, exclude: Sequence[uuid.UUID], limit: int
) -> list[LtmMemory]:
    """Live memories a vector search cannot see (no vector of this model), the most important first."""
    query = select(LtmMemory).where(LtmMemory.user_id == user_id, LtmMemory.archived_at.is_(None))
    if model is not None:
        query = query.where(or_(LtmMemory.embedding_model.is_(None), LtmMemory.embedding_model != model))
    if exclude:
        query = query.where(LtmMemory.id.not_in(exclude))
    return list(session.scalars(query.order_by(LtmMemory.importance.desc(), LtmMemory.updated_at.desc()).limit(limit)))


def fts_memories(
    session: Session, user_id: uuid.UUID, words: Sequence[str], *, limit: int, live_only: bool = True
) -> list[tuple[uuid.UUID, float]]:
    """The person's memories holding any of these word prefixes, the best ranked first."""
    if not words:
        return []
    query = _tsquery(words)
    rank = func.ts_rank(text(RANK_WEIGHTS), LtmMemory.search, query)
    condition = and_(LtmMemory.user_id == user_id, LtmMemory.search.op("@@")(query))
    if live_only:
        condition = and_(condition, LtmMemory.archived_at.is_(None))
    rows = session.execute(
        select(LtmMemory.id, rank).where(condition).order_by(rank.desc(), LtmMemory.updated_at.desc()).limit(limit)
    ).all()
    return [(row[0], float(row[1])) for row in rows]


def vector_memories(
    session: Session, user_id: uuid.UUID, vector: list[float], *, model: str, limit: int
) -> list[tuple[uuid.UUID, float]]:
    """The person's live memories nearest to `vector` by cosine distance, among vectors of this model only: an
    exact scan of the person's rows (no approximate index, so nothing is lost)."""
    distance = LtmMemory.embedding.cosine_distance(vector)
    rows = session.execute(
        select(LtmMemory.id, distance)
        .where(
            LtmMemory.user_id == user_id,
            LtmMemory.embedding_model == model,
            LtmMemory.archived_at.is_(None),
            LtmMemory.embedding.is_not(None),
        )
        .order_by(distance)
        .limit(limit)
    ).all()
    return [(row[0], float(row[1])) for row in rows]


# --- note chunks --------------------------------------------------------------------------------------------
def replace_chunks(session: Session, user_id: uuid.UUID, note_id: uuid.UUID, chunks: list[NoteChunk]) -> None:
    session.execute(
        delete(NoteChunk)
        .where(NoteChunk.user_id == user_id, NoteChunk.note_id == note_id)
        .execution_options(synchronize_session=False)
    )
    session.add_all(chunks)
    session.flush()


def stale_notes(session: Session, user_id: uuid.UUID, *, limit: int) -> list[Note]:
    """The person's notes whose chunks are missing or cut from an older version."""
    fresh = select(NoteChunk.id).where(
        NoteChunk.note_id == Note.id, NoteChunk.user_id == user_id, NoteChunk.note_updated_at == Note.updated_at
    )
    return list(
        session.scalars(
            select(Note).where(Note.user_id == user_id, ~fresh.exists()).order_by(Note.updated_at.desc()).limit(limit)
        )
    )


def chunks_by_ids(session: Session, user_id: uuid.UUID, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, NoteChunk]:
    if not ids:
        return {}
    rows = session.scalars(select(NoteChunk).where(NoteChunk.user_id == user_id, NoteChunk.id.in_(ids)))
    return {c.id: c for c in rows}


def memories_of_another_model(session: Session, *, model: str, limit: int) -> list[LtmMemory]:
    """Any person's memories without a vector of this model (the job converts them, oldest first)."""
    return list(
        session.scalars(
            select(LtmMemory)
            .where(or_(LtmMemory.embedding_model.is_(None), LtmMemory.embedding_model != model))
            .order_by(LtmMemory.created_at)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
    )


def chunks_of_another_model(session: Session, *, model: str, limit: int) -> list[NoteChunk]:
    return list(
        session.scalars(
            select(NoteChunk)
            .where(or_(NoteChunk.embedding_model.is_(None), NoteChunk.embedding_model != model))
            .order_by(NoteChunk.created_at)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
    )


def note_titles(session: Session, user_id: uuid.UUID, note_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, str]:
    if not note_ids:
        return {}
    rows = session.execute(select(Note.id, Note.title).where(Note.user_id == user_id, Note.id.in_(note_ids))).all()
    return {row[0]: row[1] for row in rows}


def fts_ranked(
    session: Session, user_id: uuid.UUID, words: Sequence[str], *, limit: int
) -> list[tuple[str, uuid.UUID, float]]:
    """The person's live memories and note chunks holding any of these word prefixes, best ranked first (one
    statement: ("memory" | "note", id, rank))."""
    if not words:
        return []
    query = _tsquery(words)
    m_rank = func.ts_rank(text(RANK_WEIGHTS), LtmMemory.search, query)
    c_rank = func.ts_rank(text(RANK_WEIGHTS), NoteChunk.search, query)
    memories = (
        select(
            literal("memory").label("source"),
            LtmMemory.id.label("id"),
            m_rank.label("score"),
            LtmMemory.updated_at.label("at"),
        )
        .where(LtmMemory.user_id == user_id, LtmMemory.archived_at.is_(None), LtmMemory.search.op("@@")(query))
        .order_by(m_rank.desc(), LtmMemory.updated_at.desc())
        .limit(limit)
    )
    chunks = (
        select(
            literal("note").label("source"),
            NoteChunk.id.label("id"),
            c_rank.label("score"),
            NoteChunk.note_updated_at.label("at"),
        )
        .where(NoteChunk.user_id == user_id, NoteChunk.search.op("@@")(query))
        .order_by(c_rank.desc(), NoteChunk.note_updated_at.desc())
        .limit(limit)
    )
    both = union_all(memories, chunks).subquery()
    rows = session.execute(
        select(both.c.source, both.c.id, both.c.score).order_by(both.c.score.desc(), both.c.at.desc())
    ).all()
    return [(str(row[0]), row[1], float(row[2])) for row in rows]


def vector_ranked(
    session: Session, user_id: uuid.UUID, vector: list[float], *, model: str, limit: int
) -> list[tuple[str, uuid.UUID, float]]:
    """The person's live memories and note chunks nearest to `vector` (cosine distance, vectors of this model
    only, an exact scan of the person's rows), nearest first (one statement: ("memory" | "note", id, distance))."""
    m_distance = LtmMemory.embedding.cosine_distance(vector)
    c_distance = NoteChunk.embedding.cosine_distance(vector)
    memories = (
        select(literal("memory").label("source"), LtmMemory.id.label("id"), m_distance.label("distance"))
        .where(
            LtmMemory.user_id == user_id,
            LtmMemory.embedding_model == model,
            LtmMemory.archived_at.is_(None),
            LtmMemory.embedding.is_not(None),
        )
        .order_by(m_distance)
        .limit(limit)
    )
    chunks = (
        select(literal("note").label("source"), NoteChunk.id.label("id"), c_distance.label("distance"))
        .where(NoteChunk.user_id == user_id, NoteChunk.embedding_model == model, NoteChunk.embedding.is_not(None))
        .order_by(c_distance)
        .limit(limit)
    )
    both = union_all(memories, chunks).subquery()
    rows = session.execute(select(both.c.source, both.c.id, both.c.distance).order_by(both.c.distance)).all()
    return [(str(row[0]), row[1], float(row[2])) for row in rows]
