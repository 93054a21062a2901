"""The reembed function: after the embedding model changes (here Gemini at 128 dimensions, then at 256), every
memory and note chunk made by the old model gets the new model's vector, name and dimension, a batch at a time;
a second run has nothing to do; a failure leaves the rows as they were and the next tick goes on."""

from __future__ import annotations

import math
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import text

from functions.manifest import by_name
from local.emulator import run_scheduled
from shared.clock import TravelClock
from shared.memory import service as memories
from shared.memory.embeddings.gemini import EmbeddingError, GeminiEmbedder
from shared.notes import service as notes
from shared.users.models import User
from shared.wiring import Deps, install
from tests.conftest import make_settings
from tests.fakes.gemini_api import FakeGemini, fake_embedding
from tests.helpers import opened, rows

KEY = "reembed-key"
MODEL = "gemini-embedding-001"
NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
FACTS = [
    "Le digicode de Léa est 12B45",
    "Mon dentiste c'est le Dr Roy",
    "Sam hates cilantro",
    "Les clés de la cave sont dans le tiroir de l'entrée",
]


@pytest.fixture
def fake() -> Iterator[FakeGemini]:
    with FakeGemini(KEY) as server:
        yield server


@pytest.fixture
def deps(clean_db: Any, database_url: str, redis_url: str, fake_twilio: Any, fake: FakeGemini) -> Iterator[Any]:
    """Deps as a deployed function builds them from its settings, installed for the entry points."""
    built: list[Deps] = []

    def build(**over: Any) -> Deps:
        values: dict[str, Any] = {
            "queue": "none",
            "embeddings": "gemini",
            "embedding_model": MODEL,
            "embedding_dimension": 256,
            "gemini_api_key": KEY,
            "gemini_base_url": fake.base_url,
        }
        settings = make_settings(
            database_url=database_url, redis_url=redis_url, twilio_url=fake_twilio.base_url, **(values | over)
        )
        d = Deps(settings, TravelClock(NOW))
        install(d)
        built.append(d)
        return d

    yield build
    install(None)
    for d in built:
        d.close()


def old_embedder(fake: FakeGemini) -> GeminiEmbedder:
    return GeminiEmbedder(api_key=KEY, dimension=128, base_url=fake.base_url, initial_delay=0.01)


def seed(d: Deps, fake: FakeGemini) -> tuple[int, int]:
    """Four memories and one two-paragraph note, embedded by the old model; (memories, chunks)."""
    embedder = old_embedder(fake)
    with d.uow("test: arrange") as uow:
        user = User(phone="+33611112222", language="fr", timezone="Europe/Paris")
        uow.session.add(user)
        uow.session.flush()
        for fact in FACTS:
            memories.remember(uow.session, user=user, now=NOW, content=fact, embedder=embedder, language="fr")
        note = notes.create(
            uow.session,
            user=user,
            now=NOW,
            title="Vacances",
            content="Réserver le train pour Lyon avant vendredi.\n\nDemander à Paul de nourrir le chat.",
        )
        memories.index_note(uow.session, user=user, now=NOW, note=note, embedder=embedder)
    memory_rows = rows(d.engine, "SELECT embedding_model FROM ltm_memories")
    chunk_rows = rows(d.engine, "SELECT embedding_model FROM note_chunks")
    assert {r[0] for r in memory_rows + chunk_rows} == {f"{MODEL}@128"}
    fake.clear()
    return len(memory_rows), len(chunk_rows)


def vectors(d: Deps, table: str) -> list[tuple[str, str, int, list[float]]]:
    found = rows(d.engine, f"SELECT id, user_id, content, embedding_model, embedding_dim, embedding::text FROM {table}")
    return [
        (opened(d.engine, table, "content", i, u, c), m, n, [float(x) for x in v.strip("[]").split(",")])
        for i, u, c, m, n, v in found
    ]


def unit(values: list[float]) -> list[float]:
    norm = math.sqrt(math.fsum(v * v for v in values))
    return [v / norm for v in values]


def test_a_model_change_reembeds_every_memory_and_chunk_once(deps: Any, fake: FakeGemini) -> None:
    d = deps()
    n_memories, n_chunks = seed(d, fake)

    first = run_scheduled(by_name("reembed"))
    requests_after_first = len(fake.requests)
    second = run_scheduled(by_name("reembed"))

    assert first == {"reembedded": n_memories + n_chunks, "model": f"{MODEL}@256", "done": True}
    assert second == {"reembedded": 0, "model": f"{MODEL}@256", "done": True}
    assert len(fake.requests) == requests_after_first  # nothing left: no call to Gemini
    assert n_memories == len(FACTS) and n_chunks >= 1
    for table in ("ltm_memories", "note_chunks"):
        for content, model, dim, vector in vectors(d, table):
            assert (model, dim, len(vector)) == (f"{MODEL}@256", 256, 256)
            assert vector == pytest.approx(unit(fake_embedding(content, 256)), abs=1e-5)
    sent = [r for request in fake.requests_for("batchEmbedContents") for r in request.json["requests"]]
    assert {(r["taskType"], r["outputDimensionality"]) for r in sent} == {("RETRIEVAL_DOCUMENT", 256)}


def test_many_rows_go_in_batches_until_none_is_left(deps: Any, fake: FakeGemini) -> None:
    d = deps()
    seed(d, fake)
    with d.engine.begin() as conn:  # 230 more, as an old model would have left them
        user_id = conn.execute(text("SELECT id FROM users")).scalar_one()
        conn.execute(
            text(
                "INSERT INTO ltm_memories (user_id, content, language, embedding, embedding_model, embedding_dim) "
                "SELECT :u, 'souvenir numéro ' || i, 'fr', array_fill(0.5, ARRAY[128])::vector, :m, 128 "
                "FROM generate_series(1, 230) AS i"
            ),
            {"u": user_id, "m": f"{MODEL}@128"},
        )

    result = run_scheduled(by_name("reembed"))

    assert result["done"] is True and result["reembedded"] >= 230
    assert rows(d.engine, "SELECT DISTINCT embedding_model FROM ltm_memories") == [(f"{MODEL}@256",)]
    batches = [len(r.json["requests"]) for r in fake.requests_for("batchEmbedContents")]
    assert max(batches) <= 100 and sum(batches) == result["reembedded"]


def test_a_failure_changes_nothing_and_the_next_tick_goes_on(deps: Any, fake: FakeGemini) -> None:
    d = deps()
    seed(d, fake)
    before = vectors(d, "ltm_memories")
    fake.fail(503, times=10)  # more than the embedder's attempts

    with pytest.raises(EmbeddingError):
        run_scheduled(by_name("reembed"))

    assert sorted(vectors(d, "ltm_memories")) == sorted(before)
    fake.clear()
    assert run_scheduled(by_name("reembed"))["done"] is True
    assert rows(d.engine, "SELECT DISTINCT embedding_model FROM ltm_memories") == [(f"{MODEL}@256",)]


def test_a_row_the_model_refuses_is_marked_and_never_blocks_the_others(deps: Any, fake: FakeGemini) -> None:
    d = deps()
    n_memories, n_chunks = seed(d, fake)
    fake.fail(400, times=2)  # the batch, then the first row tried alone (the oldest memory)

    first = run_scheduled(by_name("reembed"))
    second = run_scheduled(by_name("reembed"))

    assert first == {"reembedded": n_memories + n_chunks, "model": f"{MODEL}@256", "done": True}
    assert second == {"reembedded": 0, "model": f"{MODEL}@256", "done": True}  # the refused row is not retried
    models = rows(d.engine, "SELECT embedding_model, embedding IS NULL FROM ltm_memories ORDER BY created_at, id")
    assert sorted(models) == sorted([(f"{MODEL}@256!refused", True)] + [(f"{MODEL}@256", False)] * (n_memories - 1))
    with d.uow("test: inspect") as uow:  # still found by its words
        refused = uow.session.execute(
            text("SELECT id, user_id, content FROM ltm_memories WHERE embedding_model LIKE '%!refused'")
        ).one()
        content = opened(d.engine, "ltm_memories", "content", refused.id, refused.user_id, refused.content)
        user = uow.session.get(User, refused.user_id)
        hits = memories.search(
            uow.session, user=user, now=NOW, query=content, embedder=old_embedder(fake), limit=3, mode="fts"
        )
        assert hits[0].content == content


def test_nothing_happens_without_embeddings(deps: Any, fake: FakeGemini) -> None:
    seed(deps(), fake)
    d = deps(embeddings="none")

    assert run_scheduled(by_name("reembed")) == {"reembedded": 0, "model": None, "done": True}
    assert rows(d.engine, "SELECT DISTINCT embedding_model FROM ltm_memories") == [(f"{MODEL}@128",)]
    assert fake.requests == []


def test_the_gcp_entry_point_runs_it_too(deps: Any, fake: FakeGemini) -> None:
    import base64
    import json

    from functions.reembed.main import gcf_handler

    d = deps()
    n_memories, n_chunks = seed(d, fake)
    body = base64.b64encode(json.dumps({"source": "boussole.schedule", "function": "reembed"}).encode()).decode()

    result = gcf_handler({"message": {"data": body, "messageId": "1"}})

    assert result == {"reembedded": n_memories + n_chunks, "model": f"{MODEL}@256", "done": True}
