"""Every 10 minutes: re-embed the memories and note chunks whose vector was made by another model than the
one configured (after a model or dimension change), a batch at a time, each batch its own transaction, until
none is left or the time budget is spent (the next tick goes on). Nothing to do is one cheap query."""

from __future__ import annotations

import time
from typing import Any

from shared.memory.service import reembed as reembed_rows
from shared.runtime.events import scheduled_function
from shared.wiring import Deps

BATCH = 100  # rows per transaction: one Gemini request (its batch limit), a fraction of a second offline
BUDGET_SECONDS = 90.0  # no new batch after this; the function's timeout is 120 s


def reembed(deps: Deps, payload: dict[str, Any]) -> dict[str, Any]:
    embedder = deps.embedder
    if embedder is None:  # no embeddings configured: vectors are neither made nor compared
        return {"reembedded": 0, "model": None, "done": True}
    started, total, done = time.monotonic(), 0, False
    while time.monotonic() - started < BUDGET_SECONDS:
        with deps.uow("re-embedding") as uow:
            count = reembed_rows(uow.session, embedder=embedder, limit=BATCH)
        total += count
        if count < BATCH:
            done = True
            break
    return {"reembedded": total, "model": embedder.name, "done": done}


lambda_handler, gcf_handler = scheduled_function(reembed, name="reembed")
