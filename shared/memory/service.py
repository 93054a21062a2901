"""Long-term memory: the behaviour. Remember a fact (near-duplicates merge; a new fact about the same thing
archives the old one and links both), find it again by words and by meaning (hybrid search over memories and
note chunks), forget it for real, and what the person's most important memories are (keyword-only `session`,
`user`, `now`; one DomainError type).

Search: full-text in the memory's language configuration (plus 'simple') and an exact per-person cosine scan
over vectors of the current model, fused by reciprocal rank (k=10), then weighted mildly by dynamic importance
(x0.9-1.0) and recency (x0.95-1.0) so relevance stays first: heavier weights (x0.75 and x0.85 at k=60) lost
8 points of MRR on the retrieval set (0.842 against 0.919) and 0.8 of recall@5. Dynamic importance decays with
a 60-day half-life since the last use (never below half the importance the person gave) and rises a tenth of
the way to 10 at every read.
"""

from __future__ import annotations

import logging
import re
import unicodedata
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from shared.db.paging import Cursor, Page
from shared.errors import InvalidInput, NotFound
from shared.memory import repository as repo
from shared.memory.embeddings.port import Embedder, EmbeddingRefused
from shared.memory.models import LtmMemory, NoteChunk
from shared.notes.models import Note
from shared.users.models import User

log = logging.getLogger("boussole.memory")

MAX_CONTENT = 2000
MAX_TAGS = 20
MAX_TAG = 64
MAX_CATEGORY = 64
MAX_KIND = 32
CHUNK_CHARS = 500
RRF_K = 10  # tuned on tests/memory/retrieval: MRR 0.842 at k=60 with the old weights, 0.919 here
HALF_LIFE_DAYS = 60.0
RECENCY_HALF_LIFE_DAYS = 180.0
IMPORTANCE_WEIGHT = 0.1  # a score is multiplied by 1 - w + w * importance / 10
RECENCY_WEIGHT = 0.05  # and by 1 - w + w * 0.5 ** (age / 180 days)
LIST_WEIGHTS = {"words": 1.0, "meaning": 0.7}  # each ranked list's share of the fused score (LoCoMo tune split)
CANDIDATES = 50  # per ranked list; the vector list is an exact scan, so it is complete up to this many
NOTES_PER_SEARCH = 20  # stale notes (re)indexed at most per search
Mode = Literal["hybrid", "fts", "vector"]
Action = Literal["created", "merged", "replaced"]
KEEP: Literal["keep"] = "keep"
REPLACED_REASON = "replaced by a newer fact"


@dataclass
class Remembered:
    memory: LtmMemory
    action: Action
    replaced: LtmMemory | None = None


@dataclass
class Hit:
    """One search result: a memory or a chunk of a note, its fused score (higher is better) and why it came up
    ("words", "meaning", "words+meaning", or "no vector yet" when it was kept so that no result is lost)."""

    source: Literal["memory", "note"]
    score: float
    why: str
    memory: LtmMemory | None = None
    chunk: NoteChunk | None = None
    note_title: str | None = None

    @property
    def id(self) -> uuid.UUID:
        return self.memory.id if self.memory is not None else self.chunk.id  # type: ignore[union-attr]

    @property
    def content(self) -> str:
        return self.memory.content if self.memory is not None else self.chunk.content  # type: ignore[union-attr]

    @property
    def passage(self) -> str:
        """What to show of it: a note's passage without the note's title in front (the answer names the note)."""
        text = self.content
        title = (self.note_title or "").strip()
        if self.chunk is not None and title and fold(text).startswith(fold(title) + " : "):
            return text[len(title) + 3 :].strip()
        return text

    @property
    def note_id(self) -> uuid.UUID | None:
        if self.memory is not None:
            return self.memory.source_note_id
        return self.chunk.note_id if self.chunk is not None else None


@dataclass
class NewMemory:
    """One memory for `ingest` (bulk: no merging, no contradiction check)."""

    content: str
    created_at: datetime | None = None
    kind: str = "fact"
    category: str | None = None
    tags: Sequence[str] = field(default_factory=tuple)
    importance: int = 5
    language: str | None = None
    source_message_id: uuid.UUID | None = None


# --- words --------------------------------------------------------------------------------------------------
def fold(text: str) -> str:
    """Lowercase, no accents, typographic apostrophes plain."""
    plain = unicodedata.normalize("NFKD", text.replace("œ", "oe").replace("æ", "ae").replace("’", "'").lower())
    return "".join(c for c in plain if not unicodedata.combining(c))


_STOP_WORDS = """
    le la les l de du des d un une et ou a au aux en est c ce cet cette ces ca cela qui que quoi qu quel quelle
    quels quelles mon ma mes ton ta tes son sa ses notre nos votre vos leur leurs je j tu il elle on nous vous
    ils elles me m te t se s moi toi lui y ne n pas plus sur dans pour par avec sans sont suis es ai as avait
    etait comment combien quand dit dis sais savoir souviens rappelle rappeler retiens oublie oublier dire stp
    svp the an and or of to in on at is are was were be been my your his her their our its it what who where
    when which how do does did i you he she we they him them that this these those with for from about remember
    know tell forget please pls again
"""
_STOP = frozenset(_STOP_WORDS.split())


def words_of(text: str, *, limit: int = 16) -> list[str]:
    """The words a search looks for: folded, [a-z0-9] only, without the common words of French and English."""
    out: list[str] = []
    for word in re.findall(r"[a-z0-9]+", fold(text)):
        if word in _STOP or (len(word) < 2 and not word.isdigit()):
            continue
        if word not in out:
            out.append(word)
    return out[:limit]


_FR_WORDS = """
    le la les l' c' d' j' qu' s' n' est mon ma mes ton ta tes son sa ses de du des et je tu il elle que qui
    pour dans avec sont une un chez au aux deteste adore aime prefere habite travaille appelle ne pas plus mais
    ou sur anniv anniversaire oui non toujours jamais
"""
_FR = frozenset(_FR_WORDS.split())
_EN_WORDS = """
    the is my are of and i you that who for in with it' at his her has hates loves likes prefers lives works
    name doesn' don' can' never always birthday keys remember be was were an your our their what where when
    allergic
"""
_EN = frozenset(_EN_WORDS.split())


def detect_language(text: str, fallback: str | None) -> str | None:
    """'fr' or 'en' by common words; the person's language when it cannot tell."""
    tokens = re.findall(r"[a-z]+'|[a-z]+", fold(text))
    fr = sum(t in _FR for t in tokens)
    en = sum(t in _EN for t in tokens)
    if fr > en:
        return "fr"
    if en > fr:
        return "en"
    return fallback


_FILLER = re.compile(
    r"^(?:(?:finalement|en fait|en vrai|maintenant|desormais|dorenavant|au fait|du coup|bon|alors|ok|okay"
    r"|actually|now|in fact|so|well|update|correction)\b[\s,:!]*)+"
)
_COPULA = re.compile(r"\s(?:c'est|c est|ce sont|est|sont|s'appelle|is|are|was|=|:)\s")
_ARTICLE = re.compile(r"^(?:le|la|les|l'|the)\s*")
_PRONOUNS = frozenset(
    ["ce", "ca", "cela", "il", "elle", "ils", "elles", "it", "that", "this", "they", "he", "she", "on"]
)


def subject_of(content: str) -> tuple[str, str] | None:
    """(what the fact is about, what it says) for "X c'est Y", "X est Y", "X is Y" ("finalement mon dentiste c'est
    le Dr Roy" -> ("mon dentiste", "le dr roy")); None when the sentence has no such shape."""
    text = _FILLER.sub("", fold(content).strip())
    found = _COPULA.search(f" {text} ")
    if found is None:
        return None
    subject = _ARTICLE.sub("", text[: max(found.start() - 1, 0)].strip(" ,"))
    value = text[found.end() - 1 :].strip(" .!,")
    tokens = re.findall(r"[a-z0-9']+", subject)
    if not tokens or len(tokens) > 6 or subject in _PRONOUNS or not value:
        return None
    return " ".join(tokens), value


def _tokens(text: str) -> set[str]:
    return set(words_of(_FILLER.sub("", fold(text)), limit=64))


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a | b else 1.0


# --- importance and decay -----------------------------------------------------------------------------------
# The formulas are applied in SQL (shared.memory.repository: _EFFECTIVE, _AFTER_USE, _RECENCY), with these numbers.
WEIGHING = repo.Weighing(
    importance=IMPORTANCE_WEIGHT,
    recency=RECENCY_WEIGHT,
    recency_half_life=RECENCY_HALF_LIFE_DAYS,
    half_life=HALF_LIFE_DAYS,
)


# --- validation ---------------------------------------------------------------------------------------------
def _checked_content(content: str) -> str:
    text = (content or "").strip()
    if not text:
        raise InvalidInput("memory.empty", field="content")
    if "\x00" in text:
        raise InvalidInput("memory.bad_text", field="content")
    if len(text) > MAX_CONTENT:
        raise InvalidInput("memory.content_too_long", field="content")
    return text


def _checked_tags(tags: Sequence[str]) -> list[str]:
    out: list[str] = []
    for tag in tags:
        clean = re.sub(r"[^a-z0-9_-]+", "-", fold(tag.strip().lstrip("#"))).strip("-_")
        if "\x00" in tag or len(clean) > MAX_TAG:
            raise InvalidInput("memory.bad_tags", field="tags")
        if clean and clean not in out:
            out.append(clean)
    if len(out) > MAX_TAGS:
        raise InvalidInput("memory.too_many_tags", field="tags")
    return out


def _checked_importance(importance: int) -> int:
    if isinstance(importance, bool) or not isinstance(importance, int) or not 1 <= importance <= 10:
        raise InvalidInput("memory.bad_importance", field="importance")
    return importance


def _checked_category(category: str | None) -> str | None:
    if category is None:
        return None
    clean = category.strip()
    if "\x00" in clean or len(clean) > MAX_CATEGORY:
        raise InvalidInput("memory.bad_category", field="category")
    return clean or None


def _checked_language(language: str | None) -> str | None:
    if language is not None and language not in ("fr", "en"):
        raise InvalidInput("memory.bad_language", field="language")
    return language


# --- embeddings ---------------------------------------------------------------------------------------------
def _embed(embedder: Embedder | None, texts: list[str], kind: Literal["query", "passage"]) -> list[list[float]] | None:
    """Vectors, or None when there is no embedder or it failed (the row is stored without one; the re-embed
    job fills it in later; a search falls back to words)."""
    if embedder is None or not texts:
        return None
    try:
        return embedder.embed(texts, kind=kind)
    except Exception:
        log.warning("embedding failed (%s); going on without vectors", embedder.name, exc_info=True)
        return None


def _set_vector(row: LtmMemory | NoteChunk, embedder: Embedder | None, vector: list[float] | None) -> None:
    if embedder is None or vector is None:
        row.embedding, row.embedding_model, row.embedding_dim = None, None, None
    else:
        row.embedding, row.embedding_model, row.embedding_dim = vector, embedder.name, len(vector)


# --- writing ------------------------------------------------------------------------------------------------
def remember(
    session: Session,
    *,
    user: User,
    now: datetime,
    content: str,
    embedder: Embedder | None,
    kind: str = "fact",
    category: str | None = None,
    tags: Sequence[str] = (),
    importance: int = 5,
    language: str | None = None,
    source_message_id: uuid.UUID | None = None,
    source_note_id: uuid.UUID | None = None,
) -> Remembered:
    """Store a fact. The same fact again (or nearly) merges into the one there; a new fact about the same thing
    ("finalement mon dentiste c'est le Dr Roy") archives the old one with a reason and links both ways."""
    text = _checked_content(content)
    clean_tags = _checked_tags(tags)
    importance = _checked_importance(importance)
    category = _checked_category(category)
    language = _checked_language(language) or detect_language(text, user.language)
    if not kind or len(kind) > MAX_KIND:
        raise InvalidInput("memory.bad_kind", field="kind")
    vectors = _embed(embedder, [text], "passage")
    vector = vectors[0] if vectors else None

    # Candidates: the person's live memories sharing words, and the nearest by meaning.
    distances: dict[uuid.UUID, float] = {}
    ids = [memory_id for memory_id, _ in repo.fts_memories(session, user.id, words_of(text), limit=20)]
    if vector is not None and embedder is not None:
        for memory_id, distance in repo.vector_memories(session, user.id, vector, model=embedder.name, limit=5):
            distances[memory_id] = distance
            if memory_id not in ids:
                ids.append(memory_id)
    candidates = repo.by_ids(session, user.id, ids)
    mine = _tokens(text)
    subject = subject_of(text)

    for memory_id in ids:  # the same fact, said again
        old = candidates.get(memory_id)
        if old is None:
            continue
        overlap = _jaccard(mine, _tokens(old.content))
        similar = 1.0 - distances.get(memory_id, 1.0)
        if (
            fold(old.content).strip(" .!") == fold(text).strip(" .!")
            or overlap >= 0.8
            or (similar >= 0.97 and overlap >= 0.5)
        ):
            return Remembered(_merge(session, old, now=now, tags=clean_tags, importance=importance), "merged")

    replaced: list[LtmMemory] = []
    if subject is not None:  # the same thing, said differently: the new one wins, the old one is history
        for memory_id in ids:
            old = candidates.get(memory_id)
            theirs = subject_of(old.content) if old is not None else None
            if old is not None and theirs is not None and theirs[0] == subject[0]:
                if _tokens(theirs[1]) == _tokens(subject[1]):
                    return Remembered(_merge(session, old, now=now, tags=clean_tags, importance=importance), "merged")
                replaced.append(old)

    memory = LtmMemory(
        user_id=user.id,
        content=text,
        memory_type=kind,
        category=category or next((m.category for m in replaced if m.category), None),
        tags=clean_tags or next((list(m.tags) for m in replaced if m.tags), []),
        importance=max([importance, *(m.importance for m in replaced)]),
        dynamic_importance=float(max([importance, *(m.importance for m in replaced)])),
        confidence=1.0,
        access_count=0,
        language=language,
        source_message_id=source_message_id,
        source_note_id=source_note_id,
        related_ids=[m.id for m in replaced],
        created_at=now,
        updated_at=now,
    )
    _set_vector(memory, embedder, vector)
    repo.add(session, memory)
    for old in replaced:
        old.archived_at = now
        old.archive_reason = REPLACED_REASON
        old.related_ids = [*old.related_ids, memory.id]
        old.updated_at = now
    session.flush()
    if replaced:
        return Remembered(memory, "replaced", replaced[0])
    return Remembered(memory, "created")


def _merge(session: Session, old: LtmMemory, *, now: datetime, tags: list[str], importance: int) -> LtmMemory:
    old.tags = list(dict.fromkeys([*old.tags, *tags]))
    old.importance = max(old.importance, importance)
    old.dynamic_importance = repo.merged_importance(now=now, half_life=HALF_LIFE_DAYS, importance=old.importance)
    old.confidence = min(1.0, float(old.confidence) + 0.1)
    old.updated_at = now
    session.flush()  # the importance is computed by the database (read again on first access)
    return old


def ingest(
    session: Session,
    *,
    user: User,
    now: datetime,
    items: Sequence[NewMemory],
    embedder: Embedder | None,
    batch: int = 64,
) -> int:
    """Many memories at once (benches, imports): embedded in batches, inserted without merging. Returns how many."""
    total = 0
    for start in range(0, len(items), batch):
        chunk = items[start : start + batch]
        texts = [_checked_content(item.content) for item in chunk]
        vectors = _embed(embedder, texts, "passage")
        rows = []
        for i, item in enumerate(chunk):
            vector = vectors[i] if vectors else None
            when = item.created_at or now
            rows.append(
                {
                    "user_id": user.id,
                    "content": texts[i],
                    "memory_type": item.kind,
                    "category": item.category,
                    "tags": _checked_tags(item.tags),
                    "importance": item.importance,
                    "dynamic_importance": float(item.importance),
                    "language": item.language or detect_language(texts[i], user.language),
                    "source_message_id": item.source_message_id,
                    "embedding": vector,
                    "embedding_model": embedder.name if vector is not None and embedder is not None else None,
                    "embedding_dim": len(vector) if vector is not None else None,
                    "created_at": when,
                    "updated_at": when,
                }
            )
        total += repo.add_many(session, rows)
    return total


# --- reading ------------------------------------------------------------------------------------------------
def get(session: Session, *, user: User, memory_id: uuid.UUID) -> LtmMemory:
    """One of the person's memories (NotFound for anyone else's)."""
    memory = repo.get_for_user(session, user.id, memory_id)
    if memory is None:
        raise NotFound("memory.not_found", field="memory_id")
    return memory


def page(
    session: Session,
    *,
    user: User,
    query: str | None = None,
    category: str | None = None,
    tag: str | None = None,
    archived: bool | None = False,
    cursor: Cursor | None = None,
    limit: int = 50,
) -> Page[LtmMemory]:
    """A page of the person's memories, newest first: holding all the words of `query`, in a category, with a
    tag, live (archived=False, the default), archived (True) or both (None)."""
    if cursor is not None and not isinstance(cursor.value, datetime):
        raise InvalidInput("page.bad_cursor", key="error.bad_cursor", field="cursor")
    words = words_of(query) if query else []
    if query and not words:
        words = re.findall(r"[a-z0-9]+", fold(query))[:16]
    clean_tag = _checked_tags([tag])[0] if tag and _checked_tags([tag]) else None
    return repo.page_for_user(
        session,
        user.id,
        words=words,
        category=_checked_category(category),
        tag=clean_tag,
        archived=archived,
        cursor=cursor,
        limit=limit,
    )


def about_me(session: Session, *, user: User, now: datetime, limit: int = 10) -> list[LtmMemory]:
    """The person's most important live memories (importance as given, then as used lately); they count as used."""
    chosen = repo.most_important(session, user.id, now=now, half_life=HALF_LIFE_DAYS, limit=limit)
    used = repo.touch(session, user.id, [m.id for m in chosen], now=now, half_life=HALF_LIFE_DAYS)
    for m in chosen:
        _used(m, now, used.get(m.id))
    return chosen


def _used(memory: LtmMemory, now: datetime, used: tuple[int, float] | None) -> None:
    """The object says what its row now holds after a touch (without becoming dirty)."""
    if used is not None:
        set_committed_value(memory, "access_count", used[0])
        set_committed_value(memory, "dynamic_importance", used[1])
        set_committed_value(memory, "last_accessed_at", now)


def search(
    session: Session,
    *,
    user: User,
    now: datetime,
    query: str,
    embedder: Embedder | None,
    limit: int = 5,
    mode: Mode = "hybrid",
    touch: bool = True,
    memories: bool = True,
) -> list[Hit]:
    """The person's memories and note chunks best matching `query`, best first (see the module's docstring).
    In hybrid and vector modes, results are never fewer than min(limit, live memories + chunks): rows without a
    vector of the current model come after every row with one. `touch`: the memories returned count as used
    (access count, last access, dynamic importance); the agent's per-turn context passes False, since adding a
    memory to a model's context is not the person using it. Without `memories`: passages of notes only."""
    if limit < 1:
        return []
    if mode not in ("hybrid", "fts", "vector"):
        raise InvalidInput("memory.bad_mode", field="mode")
    words = words_of(query) if mode != "vector" else []
    if not words and mode == "fts":
        words = re.findall(r"[a-z0-9]+", fold(query))[:16]
    vector: list[float] | None = None
    if mode != "fts" and embedder is not None:
        vectors = _embed(embedder, [query], "query")
        vector = vectors[0] if vectors else None
    for _ in range(2):  # a second pass only after re-cutting notes that changed since they were indexed
        stale, found = repo.search(
            session,
            user.id,
            now=now,
            words=words,
            vector=vector,
            model=embedder.name if embedder is not None and vector is not None else None,
            by_meaning=mode != "fts",
            memories=memories,
            limit=limit,
            depth=max(CANDIDATES, limit * 2),
            shortlist=max(limit * 4, 20),
            k=RRF_K,
            words_weight=LIST_WEIGHTS["words"],
            meaning_weight=LIST_WEIGHTS["meaning"],
            weighing=WEIGHING,
            touch=touch,
        )
        if not stale or not sync_notes(session, user=user, now=now, embedder=embedder):
            break
    hits: list[Hit] = []
    for f in found:
        why = "no vector yet" if f.reasons == {"blind"} else "+".join(sorted(f.reasons, key=lambda r: r != "words"))
        if f.memory is not None:
            _used(f.memory, now, f.used)
            hits.append(Hit("memory", round(f.score, 6), why, memory=f.memory))
        elif f.chunk is not None:
            hits.append(Hit("note", round(f.score, 6), why, chunk=f.chunk, note_title=f.note_title))
    return hits


@dataclass
class NoteHit:
    """A note found by a search: its best passage, that passage's score and why it came up."""

    note_id: uuid.UUID
    title: str
    passage: str
    score: float
    why: str


def search_notes(
    session: Session,
    *,
    user: User,
    now: datetime,
    query: str,
    embedder: Embedder | None,
    limit: int = 5,
    mode: Mode = "hybrid",
) -> list[NoteHit]:
    """The person's notes best matching `query` by words and by meaning (their chunks, searched like memories),
    one result per note with its best passage, best first."""
    if limit < 1:
        return []
    hits = search(
        session, user=user, now=now, query=query, embedder=embedder, limit=limit * 4, mode=mode, memories=False
    )
    notes: dict[uuid.UUID, NoteHit] = {}
    for h in hits:
        if h.chunk is not None and h.chunk.note_id not in notes:
            notes[h.chunk.note_id] = NoteHit(h.chunk.note_id, h.note_title or "", h.chunk.content, h.score, h.why)
    return list(notes.values())[:limit]


# --- editing and forgetting ---------------------------------------------------------------------------------
def update(
    session: Session,
    *,
    user: User,
    now: datetime,
    memory_id: uuid.UUID,
    embedder: Embedder | None,
    content: str | None = None,
    tags: Sequence[str] | None = None,
    importance: int | None = None,
    category: str | Literal["keep"] | None = KEEP,
) -> LtmMemory:
    """Change a memory; new content is embedded again and its language read again."""
    memory = repo.get_for_user(session, user.id, memory_id, lock=True)
    if memory is None:
        raise NotFound("memory.not_found", field="memory_id")
    if content is not None:
        text = _checked_content(content)
        if text != memory.content:
            memory.content = text
            memory.language = detect_language(text, memory.language or user.language)
            vectors = _embed(embedder, [text], "passage")
            _set_vector(memory, embedder, vectors[0] if vectors else None)
    if tags is not None:
        memory.tags = _checked_tags(tags)
    if importance is not None:
        memory.importance = _checked_importance(importance)
        memory.dynamic_importance = float(importance)
    if category != KEEP:
        memory.category = _checked_category(category)
    memory.updated_at = now
    session.flush()
    return memory


def forget(session: Session, *, user: User, now: datetime, memory_id: uuid.UUID) -> LtmMemory:
    """Delete a memory for real: its row and vector, the older versions it replaced, and every link to them.
    Nothing is cached outside these rows. Returns what was deleted (detached)."""
    memory = repo.get_for_user(session, user.id, memory_id, lock=True)
    if memory is None:
        raise NotFound("memory.not_found", field="memory_id")
    history = repo.history_of(session, user.id, memory.id)
    repo.remove(session, user.id, [memory.id, *(h.id for h in history)])
    for row in (memory, *history):
        session.expunge(row)
    return memory


def find_to_forget(
    session: Session, *, user: User, now: datetime, words: str, embedder: Embedder | None
) -> list[LtmMemory]:
    """The live memories "oublie le digicode" is about: those holding all the words; else the best holding
    some of them; else the one clearly nearest by meaning. Several: the caller asks which."""
    wanted = words_of(words)
    if wanted:
        every = repo.page_for_user(
            session, user.id, words=wanted, category=None, tag=None, archived=False, cursor=None, limit=10
        ).items
        if every:
            return every
        some = repo.fts_memories(session, user.id, wanted, limit=10)
        if some:
            top = some[0][1]
            ids = [i for i, score in some if score >= top * 0.5][:5]
            found = repo.by_ids(session, user.id, ids)
            return [found[i] for i in ids if i in found]
    vectors = _embed(embedder, [words], "query")
    if vectors and embedder is not None:
        nearest = repo.vector_memories(session, user.id, vectors[0], model=embedder.name, limit=2)
        if nearest and nearest[0][1] <= 0.12 and (len(nearest) == 1 or nearest[1][1] - nearest[0][1] >= 0.03):
            return list(repo.by_ids(session, user.id, [nearest[0][0]]).values())
    return []


# --- notes --------------------------------------------------------------------------------------------------
def chunk_text(title: str, body: str, *, size: int = CHUNK_CHARS) -> list[str]:
    """A note cut into pieces of about `size` characters at paragraphs, then sentences, then words; each piece
    carries the note's title so it reads on its own."""
    pieces: list[str] = []
    for paragraph in re.split(r"\n\s*\n", body.strip()):
        paragraph = paragraph.strip()
        if not paragraph:
            continue
        if len(paragraph) <= size:
            pieces.append(paragraph)
            continue
        current = ""
        for sentence in re.split(r"(?<=[.!?;])\s+|\n", paragraph):
            while len(sentence) > size:  # one endless sentence: cut at a space
                cut = sentence.rfind(" ", 0, size)
                cut = cut if cut > size // 2 else size
                if current:
                    pieces.append(current)
                    current = ""
                pieces.append(sentence[:cut].strip())
                sentence = sentence[cut:].strip()
            if current and len(current) + 1 + len(sentence) > size:
                pieces.append(current)
                current = sentence
            else:
                current = f"{current} {sentence}".strip()
        if current:
            pieces.append(current)
    title = title.strip()
    if not pieces:
        return [title] if title else []
    return [p if not title or fold(p).startswith(fold(title)) else f"{title} : {p}" for p in pieces]


def index_note(session: Session, *, user: User, now: datetime, note: Note, embedder: Embedder | None) -> int:
    """(Re)cut one of the person's notes into searchable chunks with their vectors. Returns how many."""
    if note.user_id != user.id:
        raise NotFound("note.not_found", key="note.not_found", field="note_id")
    pieces = chunk_text(note.title or "", note.body or "")
    vectors = _embed(embedder, pieces, "passage")
    chunks = []
    for position, piece in enumerate(pieces):
        chunk = NoteChunk(
            user_id=user.id,
            note_id=note.id,
            position=position,
            content=piece,
            note_updated_at=note.updated_at,
            created_at=now,
        )
        _set_vector(chunk, embedder, vectors[position] if vectors else None)
        chunks.append(chunk)
    repo.replace_chunks(session, user.id, note.id, chunks)
    return len(chunks)


def sync_notes(
    session: Session, *, user: User, now: datetime, embedder: Embedder | None, limit: int = NOTES_PER_SEARCH
) -> int:
    """Index the person's notes that changed since they were cut (a search calls it first, so notes written by
    any path are found without the notes slice knowing about chunks). Returns how many notes were indexed."""
    stale = repo.stale_notes(session, user.id, limit=limit)
    for note in stale:
        index_note(session, user=user, now=now, note=note, embedder=embedder)
    return len(stale)


# --- the re-embed job ---------------------------------------------------------------------------------------
REFUSED = "!refused"  # added to the model's name on a row that model refuses to embed (the job skips it)


def reembed(session: Session, *, embedder: Embedder, limit: int = 500) -> int:
    """Embed again up to `limit` memories and note chunks (any person's) whose vector is missing or from another
    model, memories first. Returns how many were handled; 0 means done. A batch the model refuses is tried row
    by row, and a row it refuses is marked (`<model>!refused`: no vector, still found by its words, tried again
    only when the model changes) so that one text never blocks the others. Any other failure raises: the job
    retries later and nothing is half-written in the transaction."""
    skip = embedder.name + REFUSED
    memories = repo.memories_of_another_model(session, model=embedder.name, skip=skip, limit=limit)
    _reembed_rows(embedder, memories)
    chunks: list[NoteChunk] = []
    if len(memories) < limit:
        chunks = repo.chunks_of_another_model(session, model=embedder.name, skip=skip, limit=limit - len(memories))
        _reembed_rows(embedder, chunks)
    session.flush()
    return len(memories) + len(chunks)


def _reembed_rows(embedder: Embedder, rows: Sequence[LtmMemory | NoteChunk]) -> None:
    for start in range(0, len(rows), 64):
        batch = rows[start : start + 64]
        try:
            vectors: list[list[float] | None] = list(embedder.embed([r.content for r in batch], kind="passage"))
        except EmbeddingRefused:
            vectors = [_embed_one(embedder, r.content) for r in batch]
        for row, vector in zip(batch, vectors, strict=True):
            if vector is None:
                log.warning("the model refuses to embed a row", extra={"model": embedder.name, "row": str(row.id)})
                row.embedding, row.embedding_model, row.embedding_dim = None, embedder.name + REFUSED, None
            else:
                _set_vector(row, embedder, vector)


def _embed_one(embedder: Embedder, text: str) -> list[float] | None:
    try:
        return embedder.embed([text], kind="passage")[0]
    except EmbeddingRefused:
        return None
