"""Long-term memory and note chunks: every query about them. Every statement is scoped by the person's id, and
the person's id comes first in every index a search walks (the exact per-user vector scan)."""

from __future__ import annotations

import functools
import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import (
    ARRAY,
    Boolean,
    Float,
    Integer,
    Uuid,
    and_,
    any_,
    bindparam,
    column,
    delete,
    func,
    insert,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.orm import Session

from shared.crypto.envelope import is_sealed
from shared.crypto.orm import seal_row
from shared.crypto.service import open_value
from shared.db.paging import Cursor, Page, after, page
from shared.memory.models import LtmMemory, NoteChunk, chunk_search_sql, memory_search_sql
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


def _uuids(ids: Sequence[uuid.UUID]) -> Any:
    """Ids as one array parameter (an IN list costs one parameter, and a conversion, per id)."""
    return bindparam("ids", list(ids), type_=ARRAY(Uuid))


def _every(words: Sequence[str]) -> Any:
    return func.to_tsquery("simple", " & ".join(f"{w}:*" for w in words))


# --- full-text vectors, from the plaintext (content is sealed at rest; shared.crypto.orm writes these) ----
def memory_search_of(memory: LtmMemory) -> dict[str, Any]:
    sql = memory_search_sql("CAST(:bx_text AS text)", "CAST(:bx_lang AS text)", "CAST(:bx_tags AS text[])")
    values = {"bx_text": memory.content, "bx_lang": memory.language, "bx_tags": list(memory.tags or [])}
    return {"search": text(sql).bindparams(**values)}


def chunk_search_of(chunk: NoteChunk) -> dict[str, Any]:
    return {"search": text(chunk_search_sql("CAST(:bx_text AS text)")).bindparams(bx_text=chunk.content)}


# --- writing ------------------------------------------------------------------------------------------------
def add(session: Session, memory: LtmMemory) -> LtmMemory:
    session.add(memory)
    session.flush()
    return memory


def add_many(session: Session, rows: list[dict[str, Any]]) -> int:
    """Bulk insert (ingestion, benches): no merging, no contradiction check. Each row names its user_id. The
    content is sealed here (a bulk insert bypasses the ORM events), and the full-text vectors are computed from
    the plaintext in one statement afterwards (a parameter, never stored)."""
    if not rows:
        return 0
    table = LtmMemory.__tablename__
    ready = [seal_row(session, table, {**row, "id": row.get("id") or uuid.uuid4()}) for row in rows]
    session.execute(insert(LtmMemory), ready)
    search = memory_search_sql("u.plain", "m.language", "m.tags")
    session.execute(
        text(
            f"UPDATE ltm_memories m SET search = {search}"
            " FROM unnest(CAST(:ids AS uuid[]), CAST(:plains AS text[])) AS u(id, plain) WHERE m.id = u.id"
        ),
        {"ids": [r["id"] for r in ready], "plains": [str(r.get("content") or "") for r in rows]},
    )
    return len(rows)


def touch(
    session: Session, user_id: uuid.UUID, ids: Sequence[uuid.UUID], *, now: datetime, half_life: float
) -> dict[uuid.UUID, tuple[int, float]]:
    """These memories were used: one more access, last access now, dynamic importance raised (see _AFTER_USE).
    Returns {id: (access count, dynamic importance)} as they now are. A read is not an edit: updated_at stays."""
    if not ids:
        return {}
    rows = session.execute(
        text(
            f"UPDATE ltm_memories m SET {_touched('m')} WHERE m.user_id = :user_id AND m.id = ANY(:ids)"
            " RETURNING m.id, m.access_count, m.dynamic_importance"
        ).bindparams(_uuids(ids)),
        {"user_id": user_id, "now": now, "half_life": half_life},
    ).all()
    return {row[0]: (int(row[1]), float(row[2])) for row in rows}


def merged_importance(*, now: datetime, half_life: float, importance: int) -> Any:
    """SQL for a memory said again: its effective importance (or `importance` if higher) plus half a point."""
    return text(f"least(10.0, greatest({effective_importance()}, CAST(:merged AS float8)) + 0.5)").bindparams(
        now=now, half_life=half_life, merged=float(importance)
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
    rows = session.scalars(select(LtmMemory).where(LtmMemory.user_id == user_id, LtmMemory.id == any_(_uuids(ids))))
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


def most_important(
    session: Session, user_id: uuid.UUID, *, now: datetime, half_life: float, limit: int
) -> list[LtmMemory]:
    """The person's live memories by importance given plus effective importance, then the latest changed."""
    return list(
        session.scalars(
            select(LtmMemory)
            .where(LtmMemory.user_id == user_id, LtmMemory.archived_at.is_(None))
            .order_by(
                text(f"ltm_memories.importance + {effective_importance()} DESC").bindparams(
                    now=now, half_life=half_life
                ),
                LtmMemory.updated_at.desc(),
            )
            .limit(limit)
        )
    )


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
    """The person's notes with something written in them whose chunks are missing or cut from an older version
    (the search's `stale` count is the same condition)."""
    fresh = select(NoteChunk.id).where(
        NoteChunk.note_id == Note.id, NoteChunk.user_id == user_id, NoteChunk.note_updated_at == Note.updated_at
    )
    written = Note.title.op("||")(Note.body).op("~")(r"\S")
    return list(
        session.scalars(
            select(Note)
            .where(Note.user_id == user_id, written, ~fresh.exists())
            .order_by(Note.updated_at.desc())
            .limit(limit)
        )
    )


def memories_of_another_model(session: Session, *, model: str, skip: str, limit: int) -> list[LtmMemory]:
    """Any person's memories without a vector of this model (the job converts them, oldest first), except
    those marked `skip` (the model refused them)."""
    return list(
        session.scalars(
            select(LtmMemory)
            .where(or_(LtmMemory.embedding_model.is_(None), LtmMemory.embedding_model.not_in([model, skip])))
            .order_by(LtmMemory.created_at)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
    )


def chunks_of_another_model(session: Session, *, model: str, skip: str, limit: int) -> list[NoteChunk]:
    return list(
        session.scalars(
            select(NoteChunk)
            .where(or_(NoteChunk.embedding_model.is_(None), NoteChunk.embedding_model.not_in([model, skip])))
            .order_by(NoteChunk.created_at)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
    )


def _vector_literal(vector: Sequence[float]) -> str:
    """The query vector as pgvector's text form; 9 significant digits keep every float4 exactly."""
    return "[" + ",".join(f"{float(x):.9g}" for x in vector) + "]"


class Weighing(NamedTuple):
    """How a memory's importance and age move its search score, and how importance decays (the service's
    numbers; the SQL below is the only place they are applied)."""

    importance: float  # a score is multiplied by 1 - w + w * effective importance / 10
    recency: float  # and by 1 - w + w * 0.5 ** (age in days / recency_half_life)
    recency_half_life: float  # days
    half_life: float  # days: dynamic importance halves without use, never below half the importance given


# A memory's dynamic importance decayed since its last use (never below half the importance the person gave),
# and the value it takes when the person uses it (a tenth of the way to 10); parameters :now and :half_life.
# The search applies the same formulas inside memory_search() (migration 0014); tests hold both to one result.
_DAYS_SINCE = "greatest(0.0, extract(epoch FROM CAST(:now AS timestamptz) - {at})::float8 / 86400.0)"
_EFFECTIVE = (
    "greatest({t}.importance * 0.5, least(10.0, {t}.dynamic_importance * power(0.5, "
    + _DAYS_SINCE.format(at="coalesce({t}.last_accessed_at, {t}.updated_at, {t}.created_at)")
    + " / CAST(:half_life AS float8))))"
)
_AFTER_USE = "round(CAST(least(10.0, {e} + (10.0 - {e}) * 0.1) AS numeric), 4)"


def effective_importance(table: str = "ltm_memories") -> str:
    """SQL: the effective importance of the memory row `table` (an alias), with parameters :now, :half_life."""
    return _EFFECTIVE.format(t=table)


def _touched(table: str) -> str:
    e = effective_importance(table)
    return (
        f"access_count = {table}.access_count + 1, last_accessed_at = CAST(:now AS timestamptz), "
        f"dynamic_importance = {_AFTER_USE.format(e=e)}"
    )


SEARCH_WORDS = 12  # query words memory_search() weighs (migration 0014)
# A query word matches longer words from this many letters ("clé" finds "clés"; "tim" must not find "time" nor
# "16" find "1600"); shorter words match as they are (their stems still meet plurals).
PREFIX_FROM = 4
# The columns a search loads (not the vectors nor the full-text vectors, which stay deferred).
_M_COLUMNS = [c for c in LtmMemory.__table__.columns if c.name not in ("embedding", "search")]
_C_COLUMNS = [c for c in NoteChunk.__table__.columns if c.name not in ("embedding", "search")]
_SEARCH = f"""
SELECT f.stale, f.score, f.words, f.meaning, f.access_count, f.dynamic_importance,
       {", ".join(f"(f.memory).{c.name}" for c in _M_COLUMNS)},
       {", ".join(f"(f.chunk).{c.name}" for c in _C_COLUMNS)},
       f.note_title
FROM memory_search(:user_id, CAST(:now AS timestamptz), CAST(:stems AS text[]), CAST(:plains AS text[]),
                   CAST(:vector AS vector), CAST(:model AS text), :by_meaning, :memories, :limit, :depth, :shortlist,
                   CAST(:k AS float8), CAST(:words_weight AS float8), CAST(:meaning_weight AS float8),
                   CAST(:importance_weight AS float8), CAST(:recency_weight AS float8),
                   CAST(:recency_half_life AS float8), CAST(:half_life AS float8), :touch) f
ORDER BY f.place
"""


@functools.cache
def _search_statement() -> Any:
    """The search as an ORM statement, built once (its SQL never changes; only the parameters do)."""
    statement = text(_SEARCH).columns(
        column("stale", Integer),
        column("score", Float),
        column("words", Boolean),
        column("meaning", Boolean),
        column("access_count", Integer),
        column("dynamic_importance", Float),
        *(getattr(LtmMemory, c.key) for c in _M_COLUMNS),
        *(getattr(NoteChunk, c.key) for c in _C_COLUMNS),
        Note.title,
    )
    return select(*statement.selected_columns[:6], LtmMemory, NoteChunk, Note.title).from_statement(statement)


def _open_title(session: Session, chunk: NoteChunk | None, title: str | None) -> str | None:
    """The note's title as memory_search() returns it (a plain column, not a loaded Note): opened here."""
    if chunk is None or title is None or not is_sealed(title):
        return title
    return open_value(session, user_id=chunk.user_id, table="notes", column="title", row=chunk.note_id, sealed=title)


class Found(NamedTuple):
    score: float  # relevance (1.0: first in every list) times importance and recency
    reasons: frozenset[str]  # "words", "meaning", or "blind" (no vector of the model: kept so nothing is lost)
    memory: LtmMemory | None  # as it was before this search counted it as used
    chunk: NoteChunk | None
    note_title: str | None
    used: tuple[int, float] | None  # (access count, dynamic importance) after this search, when it touched it


def search(
    session: Session,
    user_id: uuid.UUID,
    *,
    now: datetime,
    words: Sequence[str],
    vector: Sequence[float] | None,
    model: str | None,
    by_meaning: bool,
    memories: bool = True,
    limit: int,
    depth: int,
    shortlist: int,
    k: float,
    words_weight: float,
    meaning_weight: float,
    weighing: Weighing,
    touch: bool,
) -> tuple[int, list[Found]]:
    """(how many notes to re-cut, the best `limit` rows best first), in one call of memory_search() (migration
    0014: its plan is kept per connection), which also counts the memories returned as used when `touch`.

    Rows rank by the `words` ([a-z0-9]+ only) they hold and by cosine distance to `vector` among rows of
    `model`. With `by_meaning`, rows without such a vector still enter the meaning list after every row with one
    ("blind", no score of their own), so that a search never returns fewer results than the person has rows.
    Without `memories`, only note chunks. With `touch`, the memories returned count as used, unless notes are to
    be re-cut (the caller searches again)."""
    chosen = list(words)[:SEARCH_WORDS]
    params = {
        "user_id": user_id,
        "now": now,
        "stems": [f"{w}:*A" if len(w) >= PREFIX_FROM else f"{w}:A" for w in chosen],
        "plains": [f"{w}:*" if len(w) >= PREFIX_FROM else w for w in chosen],
        "vector": _vector_literal(vector) if vector is not None and model is not None else None,
        "model": model,
        "by_meaning": by_meaning,
        "memories": memories,
        "limit": limit,
        "depth": depth,
        "shortlist": max(shortlist, limit),
        "k": float(k),
        "words_weight": float(words_weight),
        "meaning_weight": float(meaning_weight),
        "importance_weight": weighing.importance,
        "recency_weight": weighing.recency,
        "recency_half_life": weighing.recency_half_life,
        "half_life": weighing.half_life,
        "touch": touch,
    }
    rows = session.execute(_search_statement(), params).all()
    stale = int(rows[0][0]) if rows else 0
    return stale, [
        Found(
            score=float(r[1]),
            reasons=frozenset(name for name, on in (("words", r[2]), ("meaning", r[3])) if on) or frozenset({"blind"}),
            used=(int(r[4]), float(r[5])) if r[4] is not None else None,
            memory=r[6],
            chunk=r[7],
            note_title=_open_title(session, r[7], r[8]),
        )
        for r in rows
        if r[6] is not None or r[7] is not None
    ]
