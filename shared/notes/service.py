"""Notes: the behaviour. Write one ("note : le code du portail est 4521"), find one by its words, accents and
case aside ("retrouve ma note sur le portail"), list, change, append to, move in the tree and delete a
person's notes (keyword-only `session`, `user`, `now`; one DomainError type)."""

from __future__ import annotations

import re
import unicodedata
import uuid
from datetime import datetime
from typing import Literal

from sqlalchemy.orm import Session

from shared.db.paging import Cursor, Page
from shared.errors import InvalidInput, NotFound
from shared.notes import repository as repo
from shared.notes.models import Note
from shared.notes.repository import Sort
from shared.users.models import User

MAX_CONTENT = 10_000
MAX_TITLE = 200
MAX_TAGS = 20
MAX_TAG = 40
TITLE_WORDS = 8
KEEP: Literal["keep"] = "keep"  # "leave the parent as it is" (None means "at the root")


def fold(text: str) -> str:
    """Lowercase, no accents."""
    plain = unicodedata.normalize("NFKD", text.replace("œ", "oe").replace("æ", "ae").lower())
    return "".join(c for c in plain if not unicodedata.combining(c))


def tag_of(word: str) -> str:
    """A tag as stored: folded, letters, digits, '-' and '_' only ("#Idées cadeaux" -> "idees-cadeaux")."""
    tag = re.sub(r"[^a-z0-9_-]+", "-", fold(word.strip().lstrip("#"))).strip("-_")
    return tag[:MAX_TAG]


_HASHTAG = re.compile(r"(?<![\w&])#(\w[\w-]*)")
_TAGS_CLAUSE = re.compile(r"[\s,;.]*\b(?:tags?|étiquettes?|etiquettes?)\s*:\s*(?P<tags>[^\n]+)$", re.IGNORECASE)
_TRAILING_HASHTAGS = re.compile(r"(?:\s*#\w[\w-]*)+\s*$")


def split_tags(text: str) -> tuple[str, list[str]]:
    """The text without its tags clause or trailing hashtags, and the tags it names ("acheter du lait #courses",
    "idées de sorties, tags: week-end, enfants"). A hashtag inside a sentence keeps its word."""
    tags: list[str] = []
    clause = _TAGS_CLAUSE.search(text)
    if clause is not None:
        tags += [tag_of(t) for t in re.split(r"[,;]|\s+et\s+|\s+and\s+", clause.group("tags"))]
        text = text[: clause.start()]
    tags += [tag_of(m.group(1)) for m in _HASHTAG.finditer(text)]
    text = _TRAILING_HASHTAGS.sub("", text)
    text = _HASHTAG.sub(lambda m: m.group(1), text)
    return text.strip(), unique_tags(tags)


def unique_tags(tags: list[str]) -> list[str]:
    out: list[str] = []
    for tag in tags:
        tag = tag_of(tag)
        if tag and tag not in out:
            out.append(tag)
    return out


_TITLE_END = re.compile(r"\s*(?:->|=>|:|\n|[.!?](?:\s|$)|,\s|\s[-–—]\s)")


def title_from(content: str) -> str:
    """A title from the first words of the content (up to the first break, at most a few words)."""
    first = _TITLE_END.split(content.strip(), maxsplit=1)[0].strip() or content.strip()
    words = first.split()
    title = " ".join(words[:TITLE_WORDS])
    if len(title) > 60:
        title = title[:60].rsplit(" ", 1)[0] or title[:60]
    return title[:1].upper() + title[1:]


# Words too common to find a note by ("the", "les", "note"…): searching for them finds everything.
_COMMON = frozenset(
    [
        "le",
        "la",
        "les",
        "l",
        "un",
        "une",
        "des",
        "du",
        "de",
        "d",
        "au",
        "aux",
        "et",
        "ou",
        "a",
        "en",
        "sur",
        "pour",
        "par",
        "avec",
        "dans",
        "chez",
        "mon",
        "ma",
        "mes",
        "ton",
        "ta",
        "tes",
        "son",
        "sa",
        "ses",
        "notre",
        "nos",
        "votre",
        "vos",
        "leur",
        "leurs",
        "ce",
        "cet",
        "cette",
        "ces",
        "qui",
        "que",
        "quoi",
        "quel",
        "quelle",
        "c",
        "est",
        "etait",
        "sont",
        "j",
        "je",
        "tu",
        "il",
        "elle",
        "on",
        "y",
        "the",
        "an",
        "of",
        "for",
        "on",
        "about",
        "abt",
        "to",
        "in",
        "at",
        "is",
        "it",
        "its",
        "was",
        "what",
        "which",
        "my",
        "your",
        "his",
        "her",
        "our",
        "their",
        "this",
        "that",
        "these",
        "those",
        "and",
        "or",
        "with",
        "from",
        "i",
        "me",
        "you",
        "s",
        "t",
        "note",
        "notes",
        "noted",
        "noter",
        "notee",
        "memo",
        "idea",
    ]
)


def search_words(query: str) -> list[str]:
    """The words a search looks for: folded, without common words, plural marks off ("cadeaux" -> "cadeau")."""
    out: list[str] = []
    for word in re.findall(r"[a-z0-9]+", fold(query)):
        if word in _COMMON or (len(word) < 2 and not word.isdigit()):
            continue
        if len(word) > 3 and word[-1] in "sx" and not word.isdigit():
            word = word[:-1]
        if word not in out:
            out.append(word)
    return out[:12]


# --- a person's notes ---------------------------------------------------------------------------------------
def create(
    session: Session,
    *,
    user: User,
    now: datetime,
    content: str,
    title: str | None = None,
    tags: list[str] | None = None,
    parent_id: uuid.UUID | None = None,
) -> Note:
    """A new note. Hashtags and a "tags: …" clause in the content become tags; no title takes its first words."""
    body, found = split_tags(content)
    title = (title or "").strip()
    if not body and not title:
        raise InvalidInput("note.empty", key="note.ask_content", field="content")
    _check_sizes(title=title, body=body)
    all_tags = _checked_tags([*(tags or []), *found])
    if parent_id is not None:
        get(session, user=user, note_id=parent_id)
    return repo.add(
        session,
        user_id=user.id,
        title=title or title_from(body),
        body=body,
        tags=all_tags,
        parent_id=parent_id,
        now=now,
    )


def _check_sizes(*, title: str | None = None, body: str | None = None) -> None:
    """Lengths within bounds, and no NUL character (Postgres text cannot hold one)."""
    for field, value in (("title", title), ("content", body)):
        if value and "\x00" in value:
            raise InvalidInput("note.bad_text", key="note.bad_text", field=field)
    if title is not None and len(title) > MAX_TITLE:
        raise InvalidInput("note.title_too_long", key="note.too_long", field="title")
    if body is not None and len(body) > MAX_CONTENT:
        raise InvalidInput("note.content_too_long", key="note.too_long", field="content")


def _checked_tags(tags: list[str]) -> list[str]:
    if any(len(t.strip().lstrip("#")) > MAX_TAG for t in tags):
        raise InvalidInput("note.tag_too_long", key="note.bad_tags", field="tags")
    clean = unique_tags(tags)
    if len(clean) > MAX_TAGS:
        raise InvalidInput("note.too_many_tags", key="note.bad_tags", field="tags")
    return clean


def get(session: Session, *, user: User, note_id: uuid.UUID) -> Note:
    """One of the person's notes (NotFound for anyone else's)."""
    note = repo.get_for_user(session, user.id, note_id)
    if note is None:
        raise NotFound("note.not_found", key="note.not_found")
    return note


def page(
    session: Session,
    *,
    user: User,
    tag: str | None = None,
    parent_id: uuid.UUID | None = None,
    roots_only: bool = False,
    query: str | None = None,
    sort: Sort = "-updated",
    cursor: Cursor | None = None,
    limit: int = 50,
) -> Page[Note]:
    """A page of the person's notes: with a tag, under a parent (or at the root), holding all the words of
    `query`; sorted by updated, created or title (a leading '-' for descending)."""
    words = search_words(query) if query else []
    if query and not words:
        words = re.findall(r"[a-z0-9]+", fold(query))[:12]
    if cursor is not None and not isinstance(cursor.value, str if sort.lstrip("-") == "title" else datetime):
        raise InvalidInput("page.bad_cursor", key="error.bad_cursor", field="cursor")  # from another sort
    return repo.page_for_user(
        session,
        user.id,
        tag=tag_of(tag) if tag else None,
        parent_id=parent_id,
        roots_only=roots_only,
        words=words,
        sort=sort,
        cursor=cursor,
        limit=limit,
    )


def latest(session: Session, *, user: User, tag: str | None = None, limit: int = 5) -> list[Note]:
    """The person's most recently changed notes (with this tag)."""
    return repo.latest(session, user.id, tag=tag_of(tag) if tag else None, limit=limit)


def find(session: Session, *, user: User, query: str, limit: int = 5) -> list[Note]:
    """The person's notes about these words, accents and case aside, the best first (more of the words, words in
    the title or tags, then the most recent)."""
    return [note for note, _ in repo.search(session, user.id, search_words(query), limit=limit)]


def update(
    session: Session,
    *,
    user: User,
    now: datetime,
    note_id: uuid.UUID,
    title: str | None = None,
    content: str | None = None,
    tags: list[str] | None = None,
    parent_id: uuid.UUID | Literal["keep"] | None = KEEP,
) -> Note:
    """Change a note's title, content, tags or place in the tree (never under itself)."""
    note = get(session, user=user, note_id=note_id)
    if title is not None:
        title = title.strip()
        _check_sizes(title=title)
        if not title:
            raise InvalidInput("note.empty_title", key="note.ask_content", field="title")
        note.title = title
    if content is not None:
        _check_sizes(body=content.strip())
        note.body = content.strip()
    if tags is not None:
        note.tags = _checked_tags(tags)
    if parent_id != KEEP:
        if parent_id is not None:
            get(session, user=user, note_id=parent_id)
            if note.id in repo.ancestor_ids(session, user.id, parent_id):
                raise InvalidInput("note.cycle", key="note.cycle", field="parent_id")
        note.parent_id = parent_id
    note.updated_at = now
    session.flush()
    return note


def append(session: Session, *, user: User, now: datetime, note_id: uuid.UUID, text: str) -> Note:
    """Add a line at the end of a note."""
    note = get(session, user=user, note_id=note_id)
    extra, found = split_tags(text)
    if not extra and not found:
        raise InvalidInput("note.empty", key="note.ask_content", field="content")
    body = f"{note.body}\n{extra}".strip() if extra else note.body
    _check_sizes(body=body)
    note.body = body
    note.tags = _checked_tags([*note.tags, *found])
    note.updated_at = now
    session.flush()
    return note


def delete(session: Session, *, user: User, now: datetime, note_id: uuid.UUID) -> Note:
    """Delete a note; the notes under it move up to its parent (nothing else is lost)."""
    note = get(session, user=user, note_id=note_id)
    repo.reparent_children(session, user.id, note.id, to=note.parent_id, now=now)
    repo.remove(session, user.id, note.id)
    return note
