"""Reminder burst: N reminders due in the same minute T, delivered to a fake Twilio (its own process, 100 ms
per answer, 429 beyond 200 messages in any sliding second, no status callbacks) by the reminder sweep as the
function runs it: `run_sweep(deps.sweep)` with real Deps (embedded Postgres and Redis, sms_gateway "twilio" pointed
at the fake, sms_send_rate 200, senders, concurrency and sweep budget from settings), invoked at T and, while
work is left, again at T+60 s, T+120 s as the scheduler would. The clock is a TravelClock reading T when the
first invocation starts; the rate limit, the provider's latency and every figure are real time.

Measured from the fake's acceptance times: how many were handed over within 60 s of T, when the last one
was, the rate while sending, the most in any one-second window (must be <= 200) and 429s (must be 0); in the
database: every outbox row sent, one accepted message per row. Per invocation: time to fire everything to
the outbox, first and last acceptance, what was sent and given back.

Baseline, same run, same seeding, same fake: the sequential sender as it was (Deps with sms_senders=1 and
sms_sender_concurrency=1, one message at a time), for a 60 s window (5 s with --quick).
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from functools import cached_property
from pathlib import Path
from typing import Any

from bench._common import PY, ROOT, TWILIO_SID, TWILIO_TOKEN, Result, child_env, connect, fmt, percentile, say
from tests.fakes.twilio_api import max_in_any_second

USERS = 500
RATE = 200.0  # the provider's limit, messages per second (fake --mps and sms_send_rate)
LATENCY = 0.1  # seconds the fake takes to answer each API call
TICK = 60.0  # the scheduler's period
WITHIN = 60.0  # the target: handed over within this many seconds of T
MAX_INVOCATIONS = 3  # T, T+60, T+120: give up after that

SEED_SQL = [
    "TRUNCATE outbox, reminders, users CASCADE",
    """INSERT INTO users (phone, language, timezone)
       SELECT '+336' || lpad(g::text, 8, '0'), CASE WHEN g % 4 = 0 THEN 'en' ELSE 'fr' END, 'Europe/Paris'
       FROM generate_series(1, :users) g""",
    """INSERT INTO reminders (user_id, text, due_at, timezone, status)
       SELECT u.id, 'appeler la banque #' || g, CAST(:due AS timestamptz), 'Europe/Paris', 'pending'
       FROM generate_series(1, :n) g
       JOIN (SELECT id, row_number() OVER (ORDER BY phone) - 1 AS k FROM users) u ON u.k = g % :users""",
    "ANALYZE users",
    "ANALYZE reminders",
    "ANALYZE outbox",
]


# --- the fake provider, in its own process -----------------------------------------------------------------
class FakeProcess:
    """tests.fakes.twilio_api served by a child process; a fresh one per run, so its counters start at 0."""

    def __init__(self) -> None:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.proc = subprocess.Popen(
            [
                PY,
                "-m",
                "tests.fakes.twilio_api",
                "--port",
                str(self.port),
                "--account-sid",
                TWILIO_SID,
                "--auth-token",
                TWILIO_TOKEN,
                "--latency",
                str(LATENCY),
                "--mps",
                str(RATE),
                "--no-callbacks",
            ],
            cwd=ROOT,
            env=child_env(),
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        if "listening" not in line:
            self.stop()
            raise RuntimeError(f"fake Twilio did not start: {line!r}")
        self.base_url = f"http://127.0.0.1:{self.port}"

    def stats(self) -> dict[str, Any]:
        with urllib.request.urlopen(f"{self.base_url}/_fake/stats", timeout=30) as response:
            return dict(json.loads(response.read()))

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


# --- our side ------------------------------------------------------------------------------------------------
def make_deps(url: str, redis_url: str, fake_url: str, **overrides: Any) -> Any:
    """Deps as the sweep function builds them, pointed at the bench's Postgres, Redis and fake Twilio. The
    subclass only watches: each delivery run (start, end, sent), each transaction a sender makes (claim,
    then record), each call to the provider as the client sees it. It changes nothing they do."""
    from shared.clock import TravelClock
    from shared.config import Settings
    from shared.wiring import Deps

    class TimedGateway:
        def __init__(self, inner: Any, calls: list[tuple[float, float]]) -> None:
            self._inner, self._calls = inner, calls
            self.sender = inner.sender

        def send(self, sms: Any) -> Any:
            start = time.perf_counter()
            try:
                return self._inner.send(sms)
            finally:
                self._calls.append((start, time.perf_counter()))

        def find_sent(self, sms: Any, **kwargs: Any) -> Any:
            return self._inner.find_sent(sms, **kwargs)

    class TimedDeps(Deps):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.deliveries: list[dict[str, Any]] = []
            self.transactions: list[tuple[str, float, float]] = []  # (thread, start, end) inside deliver()
            self.calls: list[tuple[float, float]] = []  # gateway.send as the client sees it
            self.connects: list[float] = []  # database connections opened (the pool's overflow closes some)
            self._delivering = False

        @cached_property
        def engine(self) -> Any:
            from sqlalchemy import event

            engine = Deps.engine.func(self)  # type: ignore[attr-defined]
            event.listen(engine, "connect", lambda *_: self.connects.append(time.time()))
            return engine

        @cached_property
        def sms(self) -> Any:
            return TimedGateway(Deps.sms.func(self), self.calls)  # type: ignore[attr-defined]

        @contextmanager
        def uow(self, system: str | None = None) -> Iterator[Any]:
            start = time.perf_counter()
            with super().uow(system) as tx:
                yield tx
            if self._delivering:
                self.transactions.append((threading.current_thread().name, start, time.perf_counter()))

        def deliver(self, **kwargs: Any) -> Any:
            start, self._delivering = time.time(), True
            try:
                report = super().deliver(**kwargs)
            finally:
                self._delivering = False
            self.deliveries.append(
                {"start": start, "end": time.time(), "sent": report.sent, "released": report.released}
            )
            return report

    settings = Settings.model_validate(
        {
            "env": "test",
            "database_url": url,
            "queue": "none",
            "cache": "redis",
            "redis_url": redis_url,
            "sms_gateway": "twilio",
            "twilio_api_base_url": fake_url,
            "sms_send_rate": RATE,
            **overrides,
        }
    )
    return TimedDeps(settings, TravelClock())


def sender_breakdown(transactions: list[tuple[str, float, float]], calls: list[tuple[float, float]]) -> dict[str, Any]:
    """Each sender batch is one claim transaction, then the sends (waiting for rate slots + HTTP), then one
    record transaction: split each sender thread's time between the three."""
    by_thread: dict[str, list[tuple[float, float]]] = {}
    for name, start, end in transactions:
        by_thread.setdefault(name, []).append((start, end))
    claim = send = record = 0.0
    batches = 0
    for spans in by_thread.values():
        for (c0, c1), (r0, r1) in zip(spans[0::2], spans[1::2], strict=False):
            claim, send, record, batches = claim + c1 - c0, send + r0 - c1, record + r1 - r0, batches + 1
    http = sorted(end - start for start, end in calls)
    return {
        "senders": len(by_thread),
        "batches": batches,
        "claim_ms": 1000 * claim / batches if batches else None,
        "send_ms": 1000 * send / batches if batches else None,
        "record_ms": 1000 * record / batches if batches else None,
        "http_calls": len(http),
        "http_p50_ms": 1000 * percentile(http, 50) if http else None,
        "http_p99_ms": 1000 * percentile(http, 99) if http else None,
    }


class CpuMeter:
    """CPU seconds used by the bench process, the fake's process, the stack's Postgres, and everything else
    on the machine (other engineers' work shares these cores)."""

    def __init__(self, pg_dir: Path, fake_pid: int) -> None:
        import psutil

        self._psutil = psutil
        self._me = psutil.Process()
        self._fake = psutil.Process(fake_pid)
        pid_file = pg_dir / "postmaster.pid"
        self._pg = psutil.Process(int(pid_file.read_text().split()[0])) if pid_file.exists() else None

    def _proc(self, p: Any, reaped: bool = False) -> float:
        """CPU seconds of a process; with `reaped`, also of its children that exited (Postgres backends whose
        connection closed are reaped by the postmaster)."""
        try:
            t = p.cpu_times()
            return float(t.user + t.system + (t.children_user + t.children_system if reaped else 0.0))
        except self._psutil.Error:
            return 0.0

    def sample(self) -> dict[str, Any]:
        pg: dict[int, float] = {}
        if self._pg is not None:
            pg[self._pg.pid] = self._proc(self._pg, reaped=True)
            for p in self._pg.children(recursive=True):
                pg[p.pid] = self._proc(p)
        m = self._psutil.cpu_times()
        idle = m.idle + getattr(m, "iowait", 0.0)
        return {"bench": self._proc(self._me), "fake": self._proc(self._fake), "pg": pg, "busy": sum(m) - idle}

    @staticmethod
    def used(a: dict[str, Any], b: dict[str, Any], seconds: float) -> dict[str, float]:
        """Cores used on average between two samples, by whom."""
        pg = sum(v - a["pg"].get(pid, 0.0) for pid, v in b["pg"].items())
        bench, fake, busy = b["bench"] - a["bench"], b["fake"] - a["fake"], b["busy"] - a["busy"]
        return {
            k: v / seconds
            for k, v in {
                "bench": bench,
                "fake": fake,
                "postgres": pg,
                "others": max(0.0, busy - bench - fake - pg),
                "machine": busy,
            }.items()
        }


def seed(url: str, n: int, due: datetime) -> None:
    conn = connect(url)
    try:
        for sql in SEED_SQL:
            params = {"users": USERS, "n": n, "due": due}
            conn.run(sql, **{k: v for k, v in params.items() if ":" + k in sql})
    finally:
        conn.close()


def warm(deps: Any) -> None:
    """A warm container: database connection, twilio client built (its import is ~0.3 s), Redis reachable.
    Nothing is sent. The rate limiter's schedule starts empty."""
    from sqlalchemy import text

    with deps.uow() as tx:
        tx.session.execute(text("SELECT 1"))
    delivery = deps.delivery
    assert deps.cache.ping(), "Redis unreachable"
    deps.cache.delete(f"sms:rate:{delivery.gateway.sender}")


def left_to_do(url: str) -> int:
    conn = connect(url)
    try:
        return int(
            conn.run(
                "SELECT (SELECT count(*) FROM reminders WHERE status = 'pending')"
                " + (SELECT count(*) FROM outbox WHERE status IN ('pending', 'sending'))"
            )[0][0]
        )
    finally:
        conn.close()


def db_check(url: str, t_due: datetime) -> dict[str, Any]:
    conn = connect(url)
    try:
        row = conn.run(
            """SELECT count(*), count(*) FILTER (WHERE status = 'sent'), count(DISTINCT idempotency_key),
                      count(DISTINCT provider_sid), count(DISTINCT reminder_id), coalesce(sum(attempts), 0),
                      max(created_at), min(created_at)
               FROM outbox"""
        )[0]
        statuses = dict(conn.run("SELECT status, count(*) FROM outbox GROUP BY status"))
    finally:
        conn.close()
    rows, sent, keys, sids, reminders, attempts, last_created, first_created = row
    return {
        "outbox_rows": rows,
        "sent_rows": sent,
        "distinct_keys": keys,
        "distinct_provider_sids": sids,
        "distinct_reminders": reminders,
        "attempts": int(attempts),
        "statuses": {str(k): int(v) for k, v in statuses.items()},
        # created_at is the app's clock (T at the first invocation's start): when firing wrote each row
        "fired_first_s": (first_created - t_due).total_seconds() if first_created else None,
        "fired_last_s": (last_created - t_due).total_seconds() if last_created else None,
    }


@dataclass
class Run:
    label: str
    n: int
    accepted: list[float] = field(default_factory=list)  # seconds after T, sorted
    refused_429: int = 0
    invocations: list[dict[str, Any]] = field(default_factory=list)
    db: dict[str, Any] = field(default_factory=dict)

    def within(self, seconds: float) -> int:
        return sum(1 for a in self.accepted if a <= seconds)

    @property
    def max_window(self) -> int:
        return max_in_any_second(self.accepted)

    @property
    def sending_rate(self) -> float:
        """Accepted per second from the first acceptance to the last (gaps between invocations excluded)."""
        total_s = sum(max(0.0, inv["last_s"] - inv["first_s"]) for inv in self.invocations if inv["accepted"] > 1)
        return len(self.accepted) / total_s if total_s else float("nan")

    @property
    def duplicates(self) -> int:
        """Messages the provider accepted beyond one per outbox row recorded sent."""
        return max(0, len(self.accepted) - self.db.get("sent_rows", 0))

    def as_dict(self) -> dict[str, Any]:
        return {
            "n": self.n,
            "accepted": len(self.accepted),
            "within_60s": self.within(WITHIN),
            "first_s": self.accepted[0] if self.accepted else None,
            "last_s": self.accepted[-1] if self.accepted else None,
            "sending_rate": self.sending_rate,
            "max_in_any_second": self.max_window,
            "refused_429": self.refused_429,
            "duplicates": self.duplicates,
            "invocations": self.invocations,
            "db": self.db,
        }


def burst(
    url: str,
    redis_url: str,
    pg_dir: Path,
    label: str,
    n: int,
    *,
    budget: float | None,
    invocations: int,
    **overrides: Any,
) -> Run:
    """Seed n reminders due at T; run the sweep at T (and T+60 s, ... while work is left); measure."""
    fake = FakeProcess()
    deps = make_deps(url, redis_url, fake.base_url, **overrides)
    run = Run(label, n)
    try:
        from shared.reminders.sweep import run_sweep

        s = deps.settings
        say(
            f"{label}: senders {s.sms_senders} x concurrency {s.sms_sender_concurrency}, rate {s.sms_send_rate:g}/s, "
            f"sweep budget {s.sweep_budget_seconds if budget is None else budget:g} s, fake Twilio pid "
            f"{fake.proc.pid} (latency {LATENCY * 1000:.0f} ms, {RATE:g} mps)"
        )
        meter = CpuMeter(pg_dir, fake.proc.pid)
        real = datetime.now(timezone.utc)
        t_due = real.replace(second=0, microsecond=0) + timedelta(minutes=2)  # a whole minute ahead
        seed(url, n, t_due)
        warm(deps)
        real = datetime.now(timezone.utc)
        deps.clock.advance(t_due - real)  # from here the clock reads T + (real time since `real`)
        t0 = real.timestamp()  # the wall-clock instant that is T
        for k in range(invocations):
            start_at = t0 + k * TICK
            if k and time.time() < start_at:
                time.sleep(start_at - time.time())
            before = len(deps.deliveries)
            deps.transactions.clear()
            deps.calls.clear()
            connects = len(deps.connects)
            cpu0, start = meter.sample(), time.time()
            result = run_sweep(deps.sweep, budget_seconds=budget)
            end, cpu1 = time.time(), meter.sample()
            d = deps.deliveries[before] if len(deps.deliveries) > before else None
            fire_done = (d["start"] if d else end) - t0  # stale jobs, firing, follow-ups: all before sending
            run.invocations.append(
                {
                    "k": k,
                    "start_s": start - t0,
                    "fire_done_s": fire_done,
                    "deliver_end_s": end - t0,
                    "fired": result.fired,
                    "sent": result.sent,
                    "released": result.delivery.released,
                    "retried": result.retried,
                    "failed": result.failed,
                    "errors": result.delivery.errors[:5],
                    "cores": CpuMeter.used(cpu0, cpu1, end - start),
                    "senders": sender_breakdown(deps.transactions, deps.calls),
                    "db_connections_opened": len(deps.connects) - connects,
                }
            )
            if k + 1 < invocations and left_to_do(url) == 0:
                break
        stats = fake.stats()
    finally:
        deps.close()
        fake.stop()
    run.accepted = sorted(a - t0 for a in stats["accepted_at"])
    run.refused_429 = int(stats["refused_429"])
    run.db = db_check(url, t_due)
    for inv in run.invocations:  # which acceptances happened during which invocation
        upper = inv["deliver_end_s"] + 1.0
        mine = [a for a in run.accepted if inv["start_s"] <= a <= upper]
        inv.update(accepted=len(mine), first_s=mine[0] if mine else None, last_s=mine[-1] if mine else None)
    return run


def _s(x: float | None) -> str:
    return "-" if x is None else f"{x:.2f} s"


def _ms(x: float | None) -> str:
    return "-" if x is None else f"{x:.0f} ms"


def report_invocations(run: Run) -> None:
    for inv in run.invocations:
        span = (inv["last_s"] - inv["first_s"]) if inv["accepted"] > 1 else 0.0
        rate = inv["accepted"] / span if span else float("nan")
        say(
            f"  invocation {inv['k'] + 1} (T+{inv['start_s']:.0f} s): fired {inv['fired']:,} to the outbox by "
            f"T+{inv['fire_done_s']:.2f} s; sends {_s(inv['first_s'])} .. {_s(inv['last_s'])} after T "
            f"({inv['accepted']:,} accepted, {fmt(rate)}/s); ended T+{inv['deliver_end_s']:.2f} s; sent "
            f"{inv['sent']:,}, given back {inv['released']}, retried {inv['retried']}, failed {inv['failed']}"
        )
        b, c = inv["senders"], inv["cores"]
        if b["batches"]:
            say(
                f"    per sender batch ({b['senders']} senders, {b['batches']:,} batches): claim {_ms(b['claim_ms'])}, "
                f"sends {_ms(b['send_ms'])} (rate slots + HTTP; one HTTP call p50 {_ms(b['http_p50_ms'])}, "
                f"p99 {_ms(b['http_p99_ms'])}), record {_ms(b['record_ms'])}; database connections opened "
                f"{inv['db_connections_opened']}"
            )
        seconds = inv["deliver_end_s"] - inv["start_s"]
        per_msg = c["bench"] * seconds / inv["accepted"] * 1000 if inv["accepted"] else float("nan")
        say(
            f"    cores busy (of {os.cpu_count()}): bench process {c['bench']:.2f} ({per_msg:.1f} ms CPU per message "
            f"sent, firing included), fake Twilio {c['fake']:.2f}, Postgres {c['postgres']:.2f}, other work on the machine "
            f"{c['others']:.2f} (machine {c['machine']:.2f})"
        )
        if inv["errors"]:
            say(f"    errors: {inv['errors']}")


def run(stack: Any, *, quick: bool) -> Result:
    from local.stack import start_redis

    n = 1_000 if quick else 10_000
    window = 5.0 if quick else 60.0  # the baseline's window, and the window both are compared on
    say(
        f"\n== send: {n:,} reminders over {USERS} users due at minute T, fake Twilio {LATENCY * 1000:.0f} ms, "
        f"{RATE:g} mps; ours (run_sweep at T, T+60 s, ...) vs the sequential sender for {window:g} s"
    )
    redis = start_redis(Path(stack.dir) / "redis" / "send.rdb")
    try:
        pg_dir = Path(stack.dir) / "pg"
        ours = burst(
            stack.database("bench_send"), redis.url, pg_dir, "ours", n, budget=None, invocations=MAX_INVOCATIONS
        )
        report_invocations(ours)
        base = burst(
            stack.database("bench_send_base"),
            redis.url,
            pg_dir,
            "baseline",
            n,
            budget=window,
            invocations=1,
            sms_senders=1,
            sms_sender_concurrency=1,
        )
        report_invocations(base)
    finally:
        redis.stop()

    db = ours.db
    all_sent = db["sent_rows"] == n and len(ours.accepted) == n
    in_60 = ours.within(WITHIN)
    ours_w, base_w = ours.within(window), base.within(window)
    say(
        f"ours    : {in_60:,}/{n:,} handed over within {WITHIN:.0f} s of T ({in_60 / n:.1%}); all {len(ours.accepted):,} "
        f"by T+{_s(ours.accepted[-1] if ours.accepted else None)}; first at T+{_s(ours.accepted[0] if ours.accepted else None)}; "
        f"{fmt(ours.sending_rate)}/s while sending; max {ours.max_window} in any second (limit {RATE:g}); "
        f"429s {ours.refused_429}"
    )
    say(
        f"baseline: {base_w:,} handed over in {window:g} s ({base_w / window:.1f}/s, one at a time); "
        f"max {base.max_window} in any second; 429s {base.refused_429}"
    )
    say(
        f"in {window:g} s: ours {ours_w:,} vs baseline {base_w:,} -> {ours_w / max(1, base_w):.1f}x; "
        f"target: all {n:,} within {WITHIN:.0f} s (at most {RATE:g}/s) -> "
        f"{'MET' if in_60 == n and ours.max_window <= RATE else 'MISSED'}"
    )
    say(
        f"check: outbox rows {db['outbox_rows']:,}, sent {db['sent_rows']:,}, distinct keys {db['distinct_keys']:,}, "
        f"distinct provider SIDs {db['distinct_provider_sids']:,}, attempts {db['attempts']:,}; fake accepted "
        f"{len(ours.accepted):,} -> duplicates {ours.duplicates}; baseline: fake accepted {len(base.accepted):,}, "
        f"rows sent {base.db['sent_rows']:,}, duplicates {base.duplicates}"
    )
    checks_ok = (
        all_sent
        and db["distinct_keys"] == db["outbox_rows"] == n
        and db["distinct_provider_sids"] == n
        and ours.duplicates == 0
        and base.duplicates == 0
        and ours.refused_429 == 0
        and base.refused_429 == 0
        and ours.max_window <= RATE
        and base.max_window <= RATE
    )
    say(f"checks -> {'OK' if checks_ok else 'FAILED'}")
    return Result(
        bench="send",
        figure=f"handed over in {window:g} s",
        ours=ours_w,
        baseline=base_w,
        ratio=ours_w / max(1, base_w),
        target=f"all {n:,} within {WITHIN:.0f} s (at most {RATE:g}/s)",
        passed=in_60 == n and ours.max_window <= RATE,
        checks_ok=checks_ok,
        details={
            "n": n,
            "users": USERS,
            "rate": RATE,
            "latency_s": LATENCY,
            "window_s": window,
            "ours": ours.as_dict(),
            "baseline": base.as_dict(),
        },
    )
