"""Shared by the benchmarks: the embedded database, signed Twilio forms, results and the summary table."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from local.twilio_webhook import inbound_params, new_message_sid

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable  # the venv's python when run as `.venv/bin/python -m bench`
TWILIO_SID = "AC" + "0" * 32  # shared.config.LOCAL_TWILIO_SID (not imported: keeps this module light)
TWILIO_TOKEN = "local-twilio-auth-token"  # shared.config.LOCAL_TWILIO_TOKEN
BOUSSOLE_NUMBER = "+15005550006"
USER_PHONE = "+33612345678"
SMS_BODY = "Rappelle-moi demain à 9h d'appeler la banque"
EMPTY_TWIML = b'<?xml version="1.0" encoding="UTF-8"?><Response />'


# --- results ---------------------------------------------------------------------------------------------
@dataclass
class Result:
    bench: str
    figure: str  # what is measured, e.g. "req/s"
    ours: float
    baseline: float
    ratio: float  # ours / baseline
    target: str  # human-readable, e.g. "ratio >= 0.50"
    passed: bool
    checks_ok: bool = True
    details: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def fmt(x: float) -> str:
    if x >= 100:
        return f"{x:,.0f}"
    if x >= 10:
        return f"{x:.1f}"
    return f"{x:.2f}"


def summary_table(results: list[Result]) -> str:
    head = ("benchmark", "figure", "ours", "baseline", "ratio", "target", "verdict")
    rows = [head]
    for r in results:
        verdict = ("PASS" if r.passed else "MISS") + ("" if r.checks_ok else " (CHECK FAILED)")
        rows.append((r.bench, r.figure, fmt(r.ours), fmt(r.baseline), f"{r.ratio:.2f}x", r.target, verdict))
    widths = [max(len(row[i]) for row in rows) for i in range(len(head))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=False)) for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def percentile(sorted_values: list[float], p: float) -> float:
    if not sorted_values:
        return float("nan")
    k = min(len(sorted_values) - 1, max(0, round(p / 100 * (len(sorted_values) - 1))))
    return sorted_values[k]


def say(msg: str) -> None:
    print(msg, flush=True)


# --- child processes -------------------------------------------------------------------------------------
def child_env(**extra: str) -> dict[str, str]:
    """The environment for benchmark children: no stray BOUSSOLE_* settings, the repo importable."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("BOUSSOLE_")}
    env["PYTHONPATH"] = str(ROOT) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env.setdefault("XDG_RUNTIME_DIR", tempfile.gettempdir())
    env.update(extra)
    return env


# --- Twilio forms ----------------------------------------------------------------------------------------
def new_sid() -> str:
    return new_message_sid()


def inbound_form(sid: str, *, from_: str = USER_PHONE, body: str = SMS_BODY) -> dict[str, str]:
    """The form Twilio posts for one plain inbound SMS (same fields and order as Twilio's webhook)."""
    return inbound_params(from_=from_, to=BOUSSOLE_NUMBER, body=body, account_sid=TWILIO_SID, message_sid=sid)


def sign(url: str, params: dict[str, str], token: str = TWILIO_TOKEN) -> str:
    """X-Twilio-Signature: base64(HMAC-SHA1(token, url + each key+value in key order))."""
    data = url + "".join(k + params[k] for k in sorted(params))
    return base64.b64encode(hmac.new(token.encode(), data.encode("utf-8"), hashlib.sha1).digest()).decode()


def encode(params: dict[str, str]) -> str:
    return urlencode(params)


def check_signing_agrees_with_twilio() -> None:
    from twilio.request_validator import RequestValidator

    url, params = "https://example.org/sms/inbound", inbound_form(new_sid())
    assert sign(url, params) == RequestValidator(TWILIO_TOKEN).compute_signature(url, params), "sign() is wrong"


# --- the embedded database ---------------------------------------------------------------------------------
class Stack:
    """Embedded Postgres in a temp dir with one migrated template database; each bench gets a fresh copy."""

    TEMPLATE = "bench_template"

    def __init__(self) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="boussole-bench-"))
        os.chmod(self.dir, 0o755)  # postgres runs as the `pgserver` user when we run as root
        self.pg: Any = None

    def start(self) -> None:
        from local.stack import start_postgres
        from shared.db.migrate import upgrade

        t0 = time.perf_counter()
        self.pg = start_postgres(self.dir / "pg")
        upgrade(self.pg.create_database(self.TEMPLATE))
        say(f"embedded Postgres up and migrated in {time.perf_counter() - t0:.1f} s ({self.dir})")

    def database(self, name: str) -> str:
        return self.pg.create_database(name, template=self.TEMPLATE)

    def restart_with(self, **settings: str) -> None:
        """Change server settings (ALTER SYSTEM) and restart Postgres on the same data and socket."""
        from pgserver._commands import pg_ctl

        for name, value in settings.items():
            self.pg.server.psql(f"ALTER SYSTEM SET {name} = '{value}';")
        pg_ctl(
            ["-w", "-m", "fast", "restart"], pgdata=self.pg.server.pgdata, user=self.pg.server.system_user, timeout=120
        )

    def stop(self) -> None:
        try:
            if self.pg is not None:
                self.pg.stop()
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)


@contextmanager
def stack() -> Iterator[Stack]:
    s = Stack()
    try:
        s.start()
        yield s
    finally:
        s.stop()


def connect(url: str) -> Any:
    """A pg8000 native connection (autocommit per statement) for setup and checks."""
    from shared.db.dsn import connect_native

    return connect_native(url)


def scalar(url: str, sql: str, **params: Any) -> Any:
    conn = connect(url)
    try:
        return conn.run(sql, **params)[0][0]
    finally:
        conn.close()
