"""GeminiEmbedder against FakeGemini (real google-genai client, real HTTP): what goes on the wire, unit vectors
in order, batches of 100, retries on 429/5xx/timeouts and none on the caller's mistakes."""

from __future__ import annotations

import math
from collections.abc import Iterator

import pytest

from shared.memory.embeddings.gemini import MAX_CHARS, EmbeddingError, GeminiEmbedder, clip
from shared.memory.embeddings.port import Embedder
from tests.fakes.gemini_api import FakeGemini, fake_embedding

KEY = "embed-key"
MODEL = "gemini-embedding-001"


@pytest.fixture
def fake() -> Iterator[FakeGemini]:
    with FakeGemini(KEY) as server:
        yield server


class Sleeps(list[float]):
    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def embedder(fake: FakeGemini, **over: object) -> GeminiEmbedder:
    options: dict[str, object] = {"api_key": KEY, "base_url": fake.base_url, "timeout": 5.0, "initial_delay": 0.01}
    return GeminiEmbedder(**(options | over))  # type: ignore[arg-type]


def cosine(a: list[float], b: list[float]) -> float:
    return math.fsum(x * y for x, y in zip(a, b, strict=True))


def unit(values: list[float]) -> list[float]:
    norm = math.sqrt(math.fsum(v * v for v in values))
    return [v / norm for v in values]


def test_passages_and_queries_go_with_their_task_type_and_come_back_as_unit_vectors(fake: FakeGemini) -> None:
    gemini: Embedder = embedder(fake)
    texts = ["Le digicode de Léa est 12B45", "Sam déteste la coriandre"]

    passages = gemini.embed(texts, kind="passage")
    [query] = gemini.embed(["c'est quoi le digicode de Léa ?"], kind="query")

    assert (gemini.name, gemini.dimension) == ("gemini-embedding-001@384", 384)
    assert [len(v) for v in passages] == [384, 384]
    for text, vector in zip(texts, passages, strict=True):
        assert math.isclose(math.fsum(v * v for v in vector), 1.0, abs_tol=1e-9)
        assert vector == pytest.approx(unit(fake_embedding(text, 384)), abs=1e-9)  # in order, renormalised
    assert cosine(query, passages[0]) > cosine(query, passages[1])
    document, question = (r.json["requests"] for r in fake.requests_for("batchEmbedContents"))
    assert [(r["taskType"], r["outputDimensionality"], r["model"]) for r in document] == [
        ("RETRIEVAL_DOCUMENT", 384, f"models/{MODEL}")
    ] * 2
    assert question[0]["taskType"] == "RETRIEVAL_QUERY"
    assert [r["content"]["parts"][0]["text"] for r in document] == texts


def test_another_dimension_is_another_name(fake: FakeGemini) -> None:
    wide = embedder(fake, dimension=768)

    [vector] = wide.embed(["appeler maman"], kind="passage")

    assert wide.name == "gemini-embedding-001@768" and len(vector) == 768
    with pytest.raises(ValueError):
        GeminiEmbedder(api_key=KEY, dimension=64)


def test_more_than_a_hundred_texts_go_in_batches_of_a_hundred_in_order(fake: FakeGemini) -> None:
    texts = [f"souvenir numéro {i} du carnet" for i in range(250)]

    vectors = embedder(fake, dimension=128).embed(texts, kind="passage")

    sizes = [len(r.json["requests"]) for r in fake.requests_for("batchEmbedContents")]
    assert sizes == [100, 100, 50]
    assert len(vectors) == 250
    assert vectors[137] == pytest.approx(unit(fake_embedding(texts[137], 128)), abs=1e-9)


def test_nothing_to_embed_sends_nothing_and_a_blank_text_is_refused(fake: FakeGemini) -> None:
    gemini = embedder(fake)

    assert gemini.embed([], kind="query") == []
    with pytest.raises(ValueError, match="blank"):
        gemini.embed(["le code", "  \n"], kind="passage")
    assert fake.requests == []


def test_a_text_longer_than_the_model_reads_is_cut_at_a_word(fake: FakeGemini) -> None:
    long = "Liste des choses à ne pas oublier pour le déménagement " * 400  # ~22,000 characters

    [vector] = embedder(fake).embed([long], kind="passage")

    sent = fake.requests[0].json["requests"][0]["content"]["parts"][0]["text"]
    assert len(vector) == 384
    assert len(sent) <= MAX_CHARS and long.startswith(sent) and long[len(sent)] == " "
    assert clip("court") == "court"


def test_503_and_429_are_retried_with_the_delay_google_asks(fake: FakeGemini) -> None:
    sleeps = Sleeps()
    fake.fail(503)
    fake.fail(429, retry_delay="0.25s")

    [vector] = embedder(fake, sleep=sleeps).embed(["payer le loyer"], kind="passage")

    assert len(vector) == 384
    assert [r.status for r in fake.requests] == [503, 429, 200]
    assert sleeps == [0.01, 0.25]  # backoff, then RetryInfo's delay
    assert fake.pending == 0


def test_a_long_retry_delay_is_capped(fake: FakeGemini) -> None:
    sleeps = Sleeps()
    fake.fail(429, retry_delay="45s")

    embedder(fake, sleep=sleeps, max_delay=2.0).embed(["x y"], kind="query")

    assert sleeps == [2.0]


def test_it_gives_up_after_its_attempts(fake: FakeGemini) -> None:
    sleeps = Sleeps()
    fake.fail(500, times=3)

    with pytest.raises(EmbeddingError, match="after 3 attempts"):
        embedder(fake, attempts=3, sleep=sleeps).embed(["x"], kind="query")

    assert [r.status for r in fake.requests] == [500, 500, 500]
    assert sleeps == [0.01, 0.02]


def test_a_timeout_is_retried(fake: FakeGemini) -> None:
    fake.stall(3.0)

    [vector] = embedder(fake, timeout=0.3).embed(["rendez-vous dentiste"], kind="query")

    assert len(vector) == 384
    assert len(fake.requests) == 2


@pytest.mark.parametrize(("over", "status"), [({"api_key": "wrong"}, 400), ({"model": "text-embedding-004"}, 404)])
def test_the_callers_mistakes_are_not_retried(fake: FakeGemini, over: dict[str, str], status: int) -> None:
    with pytest.raises(EmbeddingError, match=str(status)):
        embedder(fake, **over).embed(["x"], kind="query")

    assert [r.status for r in fake.requests] == [status]
