"""Reminder sweep: 10,000 due reminders over 100 users moved to the outbox by
shared.reminders.service.fire_batch (batch 1000, one Deps.uow transaction per batch), vs one bare CTE
statement per batch of 1000 doing the same work (claim FOR UPDATE SKIP LOCKED -> mark fired -> insert
outbox ON CONFLICT DO NOTHING), same driver. Then 2 concurrent sweeper processes: combined rate, duplicates.

    python -m bench.sweep worker DATABASE_URL NOW_ISO   # one concurrent sweeper (used by the benchmark)
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from datetime import datetime, timezone
from typing import Any

from bench._common import PY, ROOT, Result, child_env, connect, fmt, say

USERS, BATCH = 100, 1000

SEED_SQL = [
    "TRUNCATE outbox, reminders, users CASCADE",
    """INSERT INTO users (phone, language, timezone)
       SELECT '+336' || lpad(g::text, 8, '0'), CASE WHEN g % 4 = 0 THEN 'en' ELSE 'fr' END, 'Europe/Paris'
       FROM generate_series(1, :users) g""",
    """INSERT INTO reminders (user_id, text, due_at, timezone, status)
       SELECT u.id, 'appeler la banque #' || g, CAST(:now AS timestamptz) - make_interval(secs => g), 'Europe/Paris', 'pending'
       FROM generate_series(1, :n) g
       JOIN (SELECT id, row_number() OVER (ORDER BY phone) - 1 AS k FROM users) u ON u.k = g % :users""",
    "ANALYZE users",
    "ANALYZE reminders",
    "ANALYZE outbox",
]

# The baseline: the same claim, mark and outbox insert as fire_batch, as one statement.
BARE_SQL = """
WITH due AS (
    SELECT id FROM reminders WHERE status = 'pending' AND due_at <= CAST(:now AS timestamptz)
    ORDER BY due_at LIMIT CAST(:batch AS int) FOR UPDATE SKIP LOCKED
), fired AS (
    UPDATE reminders r SET status = 'fired', fired_at = CAST(:now AS timestamptz) FROM due, users u
    WHERE r.id = due.id AND u.id = r.user_id
    RETURNING r.id, r.user_id, r.text, r.due_at, u.phone, u.language
), ins AS (
    INSERT INTO outbox (idempotency_key, kind, to_phone, body, user_id, reminder_id, next_attempt_at)
    SELECT 'reminder:' || id || ':' || floor(extract(epoch FROM due_at))::bigint, 'reminder', phone,
           CASE WHEN language = 'en' THEN 'Reminder: ' ELSE 'Rappel : ' END || text, user_id, id, CAST(:now AS timestamptz)
    FROM fired WHERE phone IS NOT NULL
    ON CONFLICT (idempotency_key) DO NOTHING
    RETURNING 1
)
SELECT (SELECT count(*) FROM fired), (SELECT count(*) FROM ins)
"""


def seed(url: str, n: int, now: datetime) -> None:
    conn = connect(url)
    try:
        for sql in SEED_SQL:
            conn.run(sql, **{k: v for k, v in {"users": USERS, "n": n, "now": now}.items() if ":" + k in sql})
    finally:
        conn.close()


def make_deps(url: str) -> Any:
    from shared.config import Settings
    from shared.wiring import Deps

    return Deps(Settings.model_validate({"env": "test", "database_url": url, "queue": "none"}))


def sweep_ours(deps: Any, now: datetime) -> tuple[int, int, int]:
    """fire_batch in a loop of committed transactions until a batch comes back short."""
    from shared.reminders.service import fire_batch

    fired = enqueued = batches = 0
    while True:
        with deps.uow("reminder sweep") as tx:  # as the sweep runs it: across people, named
            report = fire_batch(tx.session, now=now, batch=BATCH)
        fired, enqueued, batches = fired + report.fired, enqueued + report.enqueued, batches + 1
        if report.fired < BATCH:
            return fired, enqueued, batches


def sweep_bare(url: str, now: datetime) -> tuple[int, int, int]:
    conn = connect(url)  # pg8000 native: autocommit, so each statement is its own transaction
    fired = enqueued = batches = 0
    try:
        while True:
            f, e = conn.run(BARE_SQL, now=now, batch=BATCH)[0]
            fired, enqueued, batches = fired + f, enqueued + e, batches + 1
            if f < BATCH:
                return fired, enqueued, batches
    finally:
        conn.close()


def check(url: str, n: int) -> dict[str, Any]:
    conn = connect(url)
    try:
        rows, keys, reminders = conn.run(
            "SELECT count(*), count(DISTINCT idempotency_key), count(DISTINCT reminder_id) FROM outbox"
        )[0]
        pending = conn.run("SELECT count(*) FROM reminders WHERE status = 'pending'")[0][0]
    finally:
        conn.close()
    dups = (rows - keys) + (rows - reminders)
    return {
        "outbox_rows": rows,
        "duplicates": dups,
        "pending_left": pending,
        "ok": rows == n and dups == 0 and pending == 0,
    }


def warm(deps: Any, url: str, now: datetime) -> None:
    """Connections and statement compilation, with nothing due (a sweep far in the past)."""
    past = datetime(2000, 1, 1, tzinfo=timezone.utc)
    sweep_ours(deps, past)
    sweep_bare(url, past)


def concurrent(url: str, n: int, now: datetime, procs: int = 2) -> dict[str, Any]:
    children = [
        subprocess.Popen(
            [PY, "-m", "bench.sweep", "worker", url, now.isoformat()],
            cwd=ROOT,
            env=child_env(),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(procs)
    ]
    for c in children:  # each imports, connects and warms up, then says "ready"
        assert c.stdout is not None and c.stdout.readline().strip() == "ready"
    for c in children:
        assert c.stdin is not None
        c.stdin.write("go\n")
        c.stdin.flush()
    outs = [json.loads(c.communicate()[0]) for c in children]
    seconds = max(o["end"] for o in outs) - min(o["start"] for o in outs)
    fired = sum(o["fired"] for o in outs)
    result = check(url, n)
    result.update(seconds=seconds, rate=n / seconds, fired_total=fired, per_process=[o["fired"] for o in outs])
    result["duplicates"] += max(0, fired - n)
    result["ok"] = result["ok"] and fired == n
    return result


def worker(url: str, now_iso: str) -> None:
    now = datetime.fromisoformat(now_iso)
    deps = make_deps(url)
    warm(deps, url, now)
    print("ready", flush=True)
    sys.stdin.readline()
    start = time.time()
    fired, enqueued, batches = sweep_ours(deps, now)
    end = time.time()
    deps.close()
    print(json.dumps({"fired": fired, "enqueued": enqueued, "batches": batches, "start": start, "end": end}))


def run(stack: Any, *, quick: bool) -> Result:
    n = 10_000
    say(f"\n== sweep: {n:,} due reminders over {USERS} users -> outbox, batch {BATCH}, committed per batch")
    url = stack.database("bench_sweep")
    now = datetime.now(timezone.utc).replace(microsecond=0)
    deps = make_deps(url)
    try:
        warm(deps, url, now)
        rounds = 1 if quick else 3  # best of `rounds`, each on freshly seeded data
        ours_s, bare_s = [], []
        checks: dict[str, Any] = {}
        for _ in range(rounds):
            seed(url, n, now)
            t0 = time.perf_counter()
            fired, enqueued, batches = sweep_ours(deps, now)
            ours_s.append(time.perf_counter() - t0)
            checks = check(url, n)
            checks.update(fired=fired, enqueued=enqueued, batches=batches)
            checks["ok"] = checks["ok"] and fired == enqueued == n
            seed(url, n, now)
            t0 = time.perf_counter()
            fired_b, enqueued_b, _ = sweep_bare(url, now)
            bare_s.append(time.perf_counter() - t0)
            bare_check = check(url, n)
            checks["bare_ok"] = bare_check["ok"] and fired_b == enqueued_b == n
    finally:
        deps.close()
    ours, bare = n / min(ours_s), n / min(bare_s)
    say(
        f"ours (fire_batch): {fmt(ours)} reminders/s ({min(ours_s) * 1000:.0f} ms; runs "
        f"{', '.join(f'{s * 1000:.0f}' for s in ours_s)} ms)"
    )
    say(
        f"bare CTE        : {fmt(bare)} reminders/s ({min(bare_s) * 1000:.0f} ms; runs "
        f"{', '.join(f'{s * 1000:.0f}' for s in bare_s)} ms)"
    )
    say(
        f"check: outbox rows {checks['outbox_rows']:,}, duplicate keys {checks['duplicates']}, pending left "
        f"{checks['pending_left']}, batches {checks['batches']} -> {'OK' if checks['ok'] else 'FAILED'}"
        f" (bare: {'OK' if checks['bare_ok'] else 'FAILED'})"
    )
    details: dict[str, Any] = {"n": n, "batch": BATCH, "ours_runs_s": ours_s, "bare_runs_s": bare_s, **checks}
    checks_ok = checks["ok"] and checks["bare_ok"]
    if not quick:
        seed(url, n, now)
        c = concurrent(url, n, now)
        details["concurrent_2"] = c
        checks_ok = checks_ok and c["ok"]
        say(
            f"2 concurrent sweepers (processes): {fmt(c['rate'])} reminders/s combined, fired "
            f"{c['per_process']}, outbox rows {c['outbox_rows']:,}, duplicates {c['duplicates']} -> "
            f"{'OK' if c['ok'] else 'FAILED'}"
        )
    return Result(
        bench="sweep",
        figure="reminders/s",
        ours=ours,
        baseline=bare,
        ratio=ours / bare,
        target="ours >= 1,000/s",
        passed=ours >= 1000,
        checks_ok=checks_ok,
        details=details,
    )


if __name__ == "__main__":
    if sys.argv[1:2] == ["worker"]:
        worker(sys.argv[2], sys.argv[3])
    else:
        raise SystemExit(__doc__)
