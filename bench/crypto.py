"""Encryption at rest (issue 13, Speed): the cost of opening a page of notes.

One fresh database holds two people with the same 200 notes (a title and a ~400-character body each). The
sealed person's notes were written through shared.notes.service (title and body sealed under their data key,
shared.crypto); the plain person's were inserted as rows written before encryption are (plaintext, which the
same code reads as it is). Each round lists the first page of 50 notes of each person through the service
(shared.notes.service.page: the query, the ORM load and, for the sealed person, 100 AES-256-GCM opens), each in
its own unit of work, alternately, so both see the same machine. Three figures, p50/p95 per page:

- plain: the baseline, nothing to open;
- sealed, warm: the data key already unwrapped in the process cache (every request after the first);
- sealed, cold: the cache emptied before each page, so each page also reads data_keys and unwraps the key
  once (with the local key file here; on AWS add one KMS Decrypt round trip, a few ms, once per person per
  cache lifetime).

Target: the warm page's p95 at most 1.5× the plain page's. The check: every sealed page returned the
plaintext, and the raw column holds none.
"""

from __future__ import annotations

import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench._common import Result, percentile, say

NOTES = 200
PAGE = 50
TARGET_RATIO = 1.5
WORDS = [
    "rendez-vous",
    "pharmacie",
    "ordonnance",
    "renouveler",
    "avant",
    "vendredi",
    "appeler",
    "docteur",
    "Martin",
    "rappel",
    "dossier",
]


def _body(i: int) -> str:
    words = [WORDS[(i + k) % len(WORDS)] for k in range(60)]
    return f"Note {i}: " + " ".join(words)


def run(s: Any, *, quick: bool = False) -> Result:
    from sqlalchemy import text

    from shared.crypto.keyring import LocalKeyFile
    from shared.crypto.service import forget_cached_keys, use_keyring
    from shared.db.session import make_engine, unit_of_work
    from shared.notes import service as notes
    from shared.notes.models import note_search_sql
    from shared.users.models import User

    say("\n== crypto: a page of 50 notes, sealed vs plain ==")
    url = s.database("bench_crypto")
    engine = make_engine(url, pool_size=2)
    keys = Path(tempfile.mkdtemp(prefix="boussole-bench-keys-")) / "kek.json"
    ring = LocalKeyFile(keys)
    use_keyring(lambda: ring)
    now = datetime(2026, 11, 29, 9, 0, tzinfo=UTC)
    with engine.begin() as conn:
        sealed_id, plain_id = (
            conn.execute(
                text("INSERT INTO users (phone, language, timezone) VALUES (:p, 'fr', 'Europe/Paris') RETURNING id"),
                {"p": phone},
            ).scalar_one()
            for phone in ("+33600000101", "+33600000102")
        )
        conn.execute(
            text(
                "INSERT INTO notes (user_id, title, body, created_at, updated_at, search)"
                " SELECT :u, 'Note ' || g, :b || g, now() - g * interval '1 minute', now() - g * interval '1 minute', "
                + note_search_sql("'Note ' || g", "CAST('{}' AS text[])", "(:b || g)")
                + " FROM generate_series(1, :n) g"
            ),
            {"u": plain_id, "b": _body(0), "n": NOTES},
        )
    with unit_of_work(engine) as uow:
        person = uow.session.get(User, sealed_id)
        for i in range(NOTES):
            notes.create(uow.session, user=person, now=now, content=_body(i), title=f"Note {i}")
    with engine.connect() as conn:
        leaked = conn.execute(
            text("SELECT count(*) FROM notes WHERE user_id = :u AND body LIKE '%pharmacie%'"), {"u": sealed_id}
        ).scalar_one()

    rounds = 60 if quick else 400
    timings: dict[str, list[float]] = {"plain": [], "warm": [], "cold": []}
    opened_ok = True

    def page(user_id: Any) -> float:
        nonlocal opened_ok
        t0 = time.perf_counter()
        with unit_of_work(engine) as uow:
            person = uow.session.get(User, user_id)
            items = notes.page(uow.session, user=person, limit=PAGE).items
        elapsed = (time.perf_counter() - t0) * 1000
        opened_ok = opened_ok and len(items) == PAGE and all("pharmacie" in n.body for n in items)
        return elapsed

    for _ in range(10):  # warm up: plans, the pool, the key cache
        page(plain_id)
        page(sealed_id)
    for _ in range(rounds):
        timings["plain"].append(page(plain_id))
        timings["warm"].append(page(sealed_id))
        forget_cached_keys()
        timings["cold"].append(page(sealed_id))
    use_keyring(None)
    engine.dispose()

    figures = {}
    for name, values in timings.items():
        ordered = sorted(values)
        figures[name] = {"p50_ms": round(percentile(ordered, 50), 3), "p95_ms": round(percentile(ordered, 95), 3)}
        say(f"  {name:>5}: p50 {figures[name]['p50_ms']:.2f} ms, p95 {figures[name]['p95_ms']:.2f} ms ({rounds} pages)")
    ratio = figures["warm"]["p95_ms"] / figures["plain"]["p95_ms"]
    cold_ratio = figures["cold"]["p95_ms"] / figures["plain"]["p95_ms"]
    say(f"  sealed/plain p95: warm {ratio:.2f}×, cold {cold_ratio:.2f}× (target warm ≤ {TARGET_RATIO}×)")
    return Result(
        bench="crypto",
        figure="page of 50 notes p95 ms (sealed, warm key)",
        ours=figures["warm"]["p95_ms"],
        baseline=figures["plain"]["p95_ms"],
        ratio=ratio,
        target=f"ratio <= {TARGET_RATIO}",
        passed=ratio <= TARGET_RATIO,
        checks_ok=opened_ok and leaked == 0,
        details={**figures, "cold_ratio": round(cold_ratio, 3), "rounds": rounds, "notes": NOTES, "page": PAGE},
    )
