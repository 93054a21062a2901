"""Deps.embedder follows the settings (offline, Gemini, none) and the offline model is what its name says."""

from __future__ import annotations

import math

import pytest
from pydantic import SecretStr

from shared.config import Settings
from shared.memory.embeddings.offline import OfflineEmbedder
from shared.wiring import Deps


def test_offline_is_the_default_on_a_local_run():
    embedder = Deps(Settings()).embedder
    assert isinstance(embedder, OfflineEmbedder) and (embedder.name, embedder.dimension) == (
        "multilingual-e5-small-q4",
        384,
    )


@pytest.mark.parametrize(
    ("env", "key", "expected"),
    [("local", None, "offline"), ("test", None, "offline"), ("dev", None, "none"), ("dev", "k", "gemini")],
)
def test_auto_takes_gemini_with_a_key_and_never_the_local_model_in_the_cloud(env, key, expected):
    settings = Settings(env=env, gemini_api_key=SecretStr(key) if key else None)
    assert (settings.embeddings, settings.embedder_kind) == ("auto", expected)


@pytest.mark.parametrize(
    ("embeddings", "key", "refusal"),
    [("offline", "k", "embeddings=offline"), ("gemini", None, "embeddings=gemini needs gemini_api_key")],
)
def test_prod_refuses_embeddings_it_cannot_have(embeddings, key, refusal):
    prod = {
        "env": "prod",
        "twilio_auth_token": SecretStr("real"),
        "token_secret": SecretStr("a-real-secret-of-at-least-32-bytes"),
        "sms_gateway": "twilio",
        "queue": "sqs",
        "agent_queue_url": "https://sqs.example/q",
        "public_base_url": "https://sms.example.org",
        "kms_key_id": "alias/boussole-data",
    }
    assert Settings(**prod).embedder_kind == "none"  # auto, no key: words only
    with pytest.raises(ValueError, match=refusal):
        Settings(**prod, embeddings=embeddings, gemini_api_key=SecretStr(key) if key else None)


def test_none_means_words_only():
    assert Deps(Settings(embeddings="none")).embedder is None


def test_gemini_takes_its_model_and_dimension():
    deps = Deps(
        Settings(embeddings="gemini", gemini_api_key=SecretStr("k"), embedding_model="m-1", embedding_dimension=256)
    )
    assert deps.embedder is not None and deps.embedder.dimension == 256 and "m-1" in deps.embedder.name


def test_gemini_without_a_key_is_refused():
    with pytest.raises(ValueError, match="gemini_api_key"):
        _ = Deps(Settings(embeddings="gemini")).embedder


def test_offline_vectors_are_unit_length_and_query_differs_from_passage():
    e5 = OfflineEmbedder()
    (query,) = e5.embed(["le digicode de Léa"], kind="query")
    (passage,) = e5.embed(["le digicode de Léa"], kind="passage")
    assert len(query) == 384 and math.isclose(sum(x * x for x in query), 1.0, rel_tol=1e-4)
    assert query != passage
    assert e5.embed([], kind="query") == []


def test_meaning_crosses_languages():
    e5 = OfflineEmbedder()
    q, fr, other = e5.embed(
        ["who is my dentist", "mon dentiste c'est le Dr Roy", "les clés sont dans le tiroir"], kind="passage"
    )
    dot = lambda a, b: sum(x * y for x, y in zip(a, b, strict=True))  # noqa: E731
    assert dot(q, fr) > dot(q, other)
