"""Gemini embeddings (google-genai): `gemini-embedding-001` shortened to the dimension we store.

- A question is embedded as RETRIEVAL_QUERY, a stored text as RETRIEVAL_DOCUMENT (the model is trained for
  that asymmetry, like e5's "query:"/"passage:").
- `output_dimensionality` asks for a shorter vector (Matryoshka); only the full 3072-value vector comes back
  normalised, so every vector is L2-normalised here.
- At most 100 texts a request (the API's batch limit); each text is cut to the model's input (2,048 tokens)
  at a word boundary rather than refused.
- 429 and 5xx answers, timeouts and dropped connections are retried with backoff (a 429's RetryInfo delay is
  honoured, up to `max_delay`); any other error (bad key, unknown model, bad request) is raised at once.
  The SDK's own retries are off: this adapter decides.

Imported only when settings.embeddings == "gemini" (google-genai costs ~250 ms of imports).
"""

from __future__ import annotations

import logging
import math
import re
import time
from collections.abc import Callable, Sequence
from typing import Any

from google import genai
from google.genai import errors, types

from shared.memory.embeddings.port import EmbeddingRefused, Kind

log = logging.getLogger("boussole.memory.embeddings.gemini")

MAX_BATCH = 100  # "BatchEmbedContentsRequest.requests: at most 100 requests can be in one batch"
# gemini-embedding-001 reads 2,048 tokens; French runs at about 3.5-4 characters a token, so 6,000 characters
# stay under it with room. Memories and note chunks (~500 characters) are far below.
MAX_CHARS = 6000
TASK_TYPES: dict[Kind, str] = {"query": "RETRIEVAL_QUERY", "passage": "RETRIEVAL_DOCUMENT"}
_DELAY = re.compile(r"^(\d+(?:\.\d+)?)s$")


class EmbeddingError(RuntimeError):
    """Gemini did not give the vectors (after retries when the failure was transient)."""


class Refused(EmbeddingError, EmbeddingRefused):
    """Gemini answered 400 INVALID_ARGUMENT: this request will never succeed as it is."""


class GeminiEmbedder:
    """The Embedder port over Gemini. `name` ("gemini-embedding-001@384") is stored with each vector."""

    def __init__(
        self,
        *,
        api_key: str,
        model: str = "gemini-embedding-001",
        dimension: int = 384,
        base_url: str | None = None,
        timeout: float = 10.0,
        attempts: int = 4,
        initial_delay: float = 0.5,
        max_delay: float = 8.0,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if not 128 <= dimension <= 3072:
            raise ValueError("dimension must be within 128..3072 for gemini-embedding-001")
        if attempts < 1:
            raise ValueError("attempts must be at least 1")
        self.model = model
        self.dimension = dimension
        self.name = f"{model}@{dimension}"
        self._attempts = attempts
        self._initial_delay = initial_delay
        self._max_delay = max_delay
        self._sleep = sleep
        options = types.HttpOptions(
            base_url=base_url,
            timeout=int(timeout * 1000),
            retry_options=types.HttpRetryOptions(attempts=1),  # ours, below
        )
        self._client = genai.Client(api_key=api_key, http_options=options)  # kept: a dropped Client closes

    def embed(self, texts: list[str], *, kind: Kind) -> list[list[float]]:
        """One unit vector per text, in order. Blank texts are refused (ValueError): there is nothing to
        embed and the API would answer 400 for the whole batch."""
        if kind not in TASK_TYPES:
            raise ValueError(f"kind must be one of {sorted(TASK_TYPES)}")
        blank = [i for i, text in enumerate(texts) if not text.strip()]
        if blank:
            raise Refused(f"cannot embed blank texts (positions {blank})")
        vectors: list[list[float]] = []
        for start in range(0, len(texts), MAX_BATCH):
            batch = [clip(text) for text in texts[start : start + MAX_BATCH]]
            vectors.extend(self._batch(batch, kind))
        return vectors

    def _batch(self, texts: Sequence[str], kind: Kind) -> list[list[float]]:
        config = types.EmbedContentConfig(task_type=TASK_TYPES[kind], output_dimensionality=self.dimension)
        contents: Any = list(texts)
        models = self._client.models
        response = self._call(lambda: models.embed_content(model=self.model, contents=contents, config=config))
        embeddings = response.embeddings or []
        if len(embeddings) != len(texts):
            raise EmbeddingError(f"asked {len(texts)} embeddings, got {len(embeddings)}")
        return [self._unit(embedding.values or []) for embedding in embeddings]

    def _unit(self, values: Sequence[float]) -> list[float]:
        if len(values) != self.dimension:
            raise EmbeddingError(f"asked {self.dimension} dimensions, got {len(values)}")
        norm = math.sqrt(math.fsum(v * v for v in values))
        if norm == 0.0 or not math.isfinite(norm):
            raise EmbeddingError("the model answered a zero or non-finite vector")
        return [v / norm for v in values]

    def _call(self, call: Callable[[], types.EmbedContentResponse]) -> types.EmbedContentResponse:
        delay = self._initial_delay
        for attempt in range(1, self._attempts + 1):
            try:
                return call()
            except errors.APIError as exc:
                if exc.code == 400:
                    raise Refused(f"Gemini refused the embeddings: {exc.code} {exc.status}") from exc
                if exc.code != 429 and exc.code < 500:
                    raise EmbeddingError(f"Gemini refused the embeddings: {exc.code} {exc.status}") from exc
                reason, wait = f"HTTP {exc.code}", _retry_delay(exc) or delay
            except Exception as exc:
                if not _transient(exc):
                    raise
                reason, wait = type(exc).__name__, delay
            if attempt == self._attempts:
                raise EmbeddingError(f"no embeddings after {attempt} attempts (last: {reason})")
            wait = min(wait, self._max_delay)
            log.info("gemini embeddings retried", extra={"reason": reason, "pause": round(wait, 2)})
            self._sleep(wait)
            delay *= 2
        raise AssertionError("unreachable")


def clip(text: str, limit: int = MAX_CHARS) -> str:
    """The text, cut at the last space before `limit` characters when it is longer."""
    if len(text) <= limit:
        return text
    cut = text[:limit]
    space = cut.rfind(" ")
    return cut[:space] if space > limit // 2 else cut


def _retry_delay(exc: errors.APIError) -> float | None:
    """The RetryInfo delay of a 429 ("2s", "31.5s"), when Google gave one."""
    error = exc.details.get("error", {}) if isinstance(exc.details, dict) else {}
    for detail in error.get("details") or []:
        if isinstance(detail, dict) and str(detail.get("@type", "")).endswith("google.rpc.RetryInfo"):
            match = _DELAY.match(str(detail.get("retryDelay", "")))
            if match:
                return float(match.group(1))
    return None


def _transient(exc: BaseException) -> bool:
    """A timeout or a lost connection, from whichever HTTP client the SDK uses (httpx, httpx2, aiohttp)."""
    if isinstance(exc, TimeoutError | ConnectionError):
        return True
    names = {cls.__name__ for cls in type(exc).__mro__}
    return bool(names & {"TimeoutException", "TransportError", "NetworkError", "ClientConnectionError"})
