"""Notes: every query about them. Every statement is scoped by the person's id."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any, Literal

from sqlalchemy import delete, func, select, text, update
from sqlalchemy.orm import Session

from shared.db.paging import Cursor, Page, after, page
from shared.notes.models import Note, note_search_sql

Sort = Literal["updated", "-updated", "created", "-created", "title", "-title"]
# ts_rank's weights {D, C, B, A}: the title is A, the body B, and tags (array_to_tsvector: no positions, so
# ranked as D) weigh as much as the title.
RANK_WEIGHTS = "'{1.0, 0.2, 0.4, 1.0}'::float4[]"
_SORT_COLUMNS = {"updated": Note.updated_at, "created": Note.created_at}


def search_of(note: Note) -> dict[str, Any]:
    """The note's full-text vector from its plaintext (title and body are sealed at rest; shared.crypto.orm)."""
    sql = note_search_sql("CAST(:bx_title AS text)", "CAST(:bx_tags AS text[])", "CAST(:bx_text AS text)")
    values = {"bx_title": note.title or "", "bx_tags": list(note.tags or []), "bx_text": note.body or ""}
    return {"search": text(sql).bindparams(**values)}


def add(
    session: Session,
    *,
    user_id: uuid.UUID,
    title: str,
    body: str,
    tags: list[str],
    parent_id: uuid.UUID | None,
    now: datetime,
) -> Note:
    note = Note(user_id=user_id, title=title, body=body, tags=tags, parent_id=parent_id, created_at=now, updated_at=now)
    session.add(note)
    session.flush()
    return note


def get_for_user(session: Session, user_id: uuid.UUID, note_id: uuid.UUID, *, lock: bool = False) -> Note | None:
    """One of this person's notes (another person's id finds nothing)."""
    query = select(Note).where(Note.id == note_id, Note.user_id == user_id)
    if lock:
        query = query.with_for_update()
    return session.scalars(query).one_or_none()


def _tsquery(words: Sequence[str], *, every: bool) -> Any:
    """A prefix query over folded words ([a-z0-9] only: nothing to escape)."""
    joiner = " & " if every else " | "
    return func.to_tsquery("simple", joiner.join(f"{w}:*" for w in words))


def page_for_user(
    session: Session,
    user_id: uuid.UUID,
    *,
    tag: str | None,
    parent_id: uuid.UUID | None,
    roots_only: bool,
    words: Sequence[str],
    sort: Sort,
    cursor: Cursor | None,
    limit: int,
) -> Page[Note]:
    """A page of the person's notes, filtered and sorted (keyset on the sort column and the id)."""
    query = select(Note).where(Note.user_id == user_id)
    if tag:
        query = query.where(Note.tags.contains([tag]))
    if parent_id is not None:
        query = query.where(Note.parent_id == parent_id)
    elif roots_only:
        query = query.where(Note.parent_id.is_(None))
    if words:
        query = query.where(Note.search.op("@@")(_tsquery(words, every=True)))
    descending = sort.startswith("-")
    if sort.lstrip("-") == "title":
        return _page_by_title(session, query, descending=descending, cursor=cursor, limit=limit)
    column = _SORT_COLUMNS[sort.lstrip("-")]
    rows = list(session.scalars(after(query, column, Note.id, cursor, descending=descending).limit(limit + 1)))
    name = column.key
    return page(rows, limit, lambda n: getattr(n, name))


def _page_by_title(session: Session, query: Any, *, descending: bool, cursor: Cursor | None, limit: int) -> Page[Note]:
    """Titles are sealed at rest, so Postgres cannot order them: the person's matching notes are opened and
    ordered here (one person's notes are few), with the same keyset on (title, id) as the other sorts."""

    def key(n: Note) -> tuple[str, uuid.UUID]:
        return (n.title, n.id)

    rows = sorted(session.scalars(query), key=key, reverse=descending)
    if cursor is not None:
        mark = (str(cursor.value), cursor.id)
        rows = [n for n in rows if (key(n) < mark if descending else key(n) > mark)]
    return page(rows[: limit + 1], limit, lambda n: n.title)


def search(session: Session, user_id: uuid.UUID, words: Sequence[str], *, limit: int) -> list[tuple[Note, float]]:
    """The person's notes holding any of these (folded) word prefixes, the best ranked first: more words and
    words in the title or tags weigh more, then the most recently changed."""
    if not words:
        return []
    query = _tsquery(words, every=False)
    rank = func.ts_rank(text(RANK_WEIGHTS), Note.search, query)
    rows = session.execute(
        select(Note, rank)
        .where(Note.user_id == user_id, Note.search.op("@@")(query))
        .order_by(rank.desc(), Note.updated_at.desc())
        .limit(limit)
    ).all()
    return [(note, float(score)) for note, score in rows]


def latest(session: Session, user_id: uuid.UUID, *, tag: str | None, limit: int) -> list[Note]:
    """The person's most recently changed notes (with this tag)."""
    query = select(Note).where(Note.user_id == user_id)
    if tag:
        query = query.where(Note.tags.contains([tag]))
    return list(session.scalars(query.order_by(Note.updated_at.desc(), Note.id.desc()).limit(limit)))


def ancestor_ids(session: Session, user_id: uuid.UUID, note_id: uuid.UUID) -> list[uuid.UUID]:
    """The note's id and its ancestors' ids, up to the root (the tree is one person's)."""
    chain = select(Note.id, Note.parent_id).where(Note.id == note_id, Note.user_id == user_id).cte(recursive=True)
    chain = chain.union(select(Note.id, Note.parent_id).where(Note.id == chain.c.parent_id, Note.user_id == user_id))
    return list(session.scalars(select(chain.c.id)))


def reparent_children(
    session: Session, user_id: uuid.UUID, note_id: uuid.UUID, *, to: uuid.UUID | None, now: datetime
) -> None:
    """The notes under `note_id` move up to `to` (what is under a deleted note is kept)."""
    session.execute(
        update(Note)
        .where(Note.user_id == user_id, Note.parent_id == note_id)
        .values(parent_id=to, updated_at=now)
        .execution_options(synchronize_session=False)
    )


def remove(session: Session, user_id: uuid.UUID, note_id: uuid.UUID) -> None:
    session.execute(
        delete(Note).where(Note.id == note_id, Note.user_id == user_id).execution_options(synchronize_session=False)
    )
