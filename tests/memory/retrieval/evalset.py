"""The retrieval set's loader and scorer, shared by tests/memory/test_retrieval_floor.py and bench/memory.py.

Each conversation is one person; each of their messages is stored as a memory through the real write path
(`shared.memory.service.remember`, which may merge a near-duplicate or replace a contradicted fact) or, for
comparison, the repository's bulk path (`add_many`: every message kept as it is). A question is asked at the
end of its conversation; a hit counts for every message that went into the memory it returns.
"""

from __future__ import annotations

import json
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
MODES = ("fts", "vector", "hybrid")


@dataclass(frozen=True)
class Message:
    conv: str
    id: str
    lang: str
    timezone: str
    at: datetime
    text: str


@dataclass(frozen=True)
class Question:
    conv: str
    id: str
    lang: str
    kind: str
    question: str
    evidence: tuple[str, ...]


def _rows(path: Path) -> Iterable[dict[str, Any]]:
    with path.open(encoding="utf-8") as f:
        for line in f:
            if line.strip():
                yield json.loads(line)


def load(folder: Path = HERE) -> tuple[list[Message], list[Question]]:
    messages = [
        Message(r["conv"], r["id"], r["lang"], r["timezone"], datetime.fromisoformat(r["at"]), r["text"])
        for r in _rows(folder / "messages.jsonl")
    ]
    questions = [
        Question(r["conv"], r["id"], r["lang"], r["kind"], r["question"], tuple(r["evidence"]))
        for r in _rows(folder / "questions.jsonl")
    ]
    return messages, questions


# --- ingestion -----------------------------------------------------------------------------------------------
@dataclass
class Ingested:
    users: dict[str, Any] = field(default_factory=dict)  # conversation -> User
    sources: dict[uuid.UUID, set[str]] = field(default_factory=dict)  # memory id -> message ids in it
    actions: Counter[str] = field(default_factory=Counter)  # created / merged / replaced / bulk
    last_at: dict[str, datetime] = field(default_factory=dict)  # conversation -> its last message's time
    seconds: float = 0.0  # time spent writing (embeddings included)


def make_users(session: Any, convs: dict[str, tuple[str, str]], *, phone_base: int = 0) -> dict[str, Any]:
    """One person per conversation (language and time zone from it)."""
    from shared.users.models import User

    users = {}
    for n, (conv, (lang, tz)) in enumerate(sorted(convs.items())):
        user = User(phone=f"+3369{phone_base + n:07d}", language=lang, timezone=tz, display_name=conv)
        session.add(user)
        users[conv] = user
    session.flush()
    return users


def ingest(
    session: Any,
    messages: Sequence[Message],
    *,
    embedder: Any,
    via: str = "remember",
    users: dict[str, Any] | None = None,
    batch: int = 64,
) -> Ingested:
    """Store every message as its person's memory, in time order. `via`: "remember" (the service, one message at
    a time, merges and replacements included) or "bulk" (the repository's add_many, embeddings in batches)."""
    import time

    from shared.memory import repository, service

    out = Ingested()
    out.users = users or make_users(session, {m.conv: (m.lang, m.timezone) for m in messages})
    ordered = sorted(messages, key=lambda m: (m.conv, m.at))
    for m in ordered:
        out.last_at[m.conv] = max(out.last_at.get(m.conv, m.at), m.at)
    t0 = time.perf_counter()
    if via == "remember":
        for m in ordered:
            done = service.remember(
                session, user=out.users[m.conv], now=m.at, content=m.text, embedder=embedder, language=m.lang
            )
            out.actions[done.action] += 1
            out.sources.setdefault(done.memory.id, set()).add(m.id)
    elif via == "bulk":
        for start in range(0, len(ordered), batch):
            chunk = ordered[start : start + batch]
            vectors = embedder.embed([m.text for m in chunk], kind="passage")
            rows = []
            for m, vector in zip(chunk, vectors, strict=True):
                memory_id = uuid.uuid4()
                rows.append(
                    {
                        "id": memory_id,
                        "user_id": out.users[m.conv].id,
                        "content": m.text,
                        "language": m.lang,
                        "embedding": vector,
                        "embedding_model": embedder.name,
                        "embedding_dim": embedder.dimension,
                        "created_at": m.at,
                        "updated_at": m.at,
                    }
                )
                out.sources[memory_id] = {m.id}
            repository.add_many(session, rows)
            out.actions["bulk"] += len(rows)
        session.flush()
    else:
        raise ValueError(f"unknown ingestion path {via!r}")
    out.seconds = time.perf_counter() - t0
    return out


# --- scoring -------------------------------------------------------------------------------------------------
def memory_id(hit: Any) -> uuid.UUID | None:
    """The memory a search hit returns (None for a note chunk)."""
    if getattr(hit, "source", "memory") != "memory":
        return None
    memory = getattr(hit, "memory", None)
    return getattr(memory, "id", None)


def ranked_messages(hits: Sequence[Any], sources: dict[uuid.UUID, set[str]]) -> list[set[str]]:
    """For each hit in order, the messages behind it (empty for a note chunk or an unknown memory)."""
    out = []
    for hit in hits:
        mid = memory_id(hit)
        out.append(sources.get(mid, set()) if mid is not None else set())
    return out


def recall_at(ranked: Sequence[set[str]], evidence: Sequence[str], k: int) -> float:
    if not evidence:
        return 0.0
    found: set[str] = set()
    for ids in ranked[:k]:
        found |= ids
    return len(found & set(evidence)) / len(set(evidence))


def reciprocal_rank(ranked: Sequence[set[str]], evidence: Sequence[str]) -> float:
    wanted = set(evidence)
    for rank, ids in enumerate(ranked, start=1):
        if ids & wanted:
            return 1.0 / rank
    return 0.0


@dataclass
class Scores:
    n: int = 0
    r5: float = 0.0
    r10: float = 0.0
    rr: float = 0.0

    def add(self, ranked: Sequence[set[str]], evidence: Sequence[str]) -> None:
        self.n += 1
        self.r5 += recall_at(ranked, evidence, 5)
        self.r10 += recall_at(ranked, evidence, 10)
        self.rr += reciprocal_rank(ranked, evidence)

    @property
    def recall5(self) -> float:
        return self.r5 / self.n if self.n else 0.0

    @property
    def recall10(self) -> float:
        return self.r10 / self.n if self.n else 0.0

    @property
    def mrr(self) -> float:
        return self.rr / self.n if self.n else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "n": self.n,
            "recall@5": round(self.recall5, 4),
            "recall@10": round(self.recall10, 4),
            "mrr": round(self.mrr, 4),
        }


@dataclass
class Evaluation:
    overall: Scores = field(default_factory=Scores)
    by: dict[str, Scores] = field(default_factory=lambda: defaultdict(Scores))  # "lang:fr", "kind:update"...
    misses: list[tuple[str, str]] = field(default_factory=list)  # (question id, question) not found in 5
    latencies: list[float] = field(default_factory=list)  # seconds per search, embedding included


def evaluate(
    session: Any,
    questions: Sequence[Question],
    ingested: Ingested,
    *,
    embedder: Any,
    mode: str,
    limit: int = 10,
    groups: Callable[[Question], Sequence[str]] = lambda q: (f"lang:{q.lang}", f"kind:{q.kind}"),
) -> Evaluation:
    """Ask every question through `shared.memory.service.search` at the end of its conversation. Each search runs
    in a savepoint rolled back afterwards, so the access bumps of one question never steer the next."""
    import time

    from shared.memory import service

    result = Evaluation()
    for q in questions:
        user = ingested.users[q.conv]
        now = ingested.last_at[q.conv] + timedelta(days=1)
        nested = session.begin_nested()
        t0 = time.perf_counter()
        try:
            hits = service.search(
                session, user=user, now=now, query=q.question, embedder=embedder, limit=limit, mode=mode
            )
            result.latencies.append(time.perf_counter() - t0)
            ranked = ranked_messages(hits, ingested.sources)
        finally:
            nested.rollback()
        result.overall.add(ranked, q.evidence)
        for g in groups(q):
            result.by[g].add(ranked, q.evidence)
        if recall_at(ranked, q.evidence, 5) < 1.0:
            result.misses.append((q.id, q.question))
    return result
