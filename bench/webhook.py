"""Inbound-SMS webhook throughput: our sms_inbound app (verify + store in Postgres before answering) vs a
bare FastAPI route returning the same TwiML, each on uvicorn (httptools + uvloop, 1 worker, no access log)
in its own process. Every request to ours has a unique MessageSid, so every 200 is a committed row.

Load: wrk with a Lua script cycling through pre-signed requests (wrk cannot compute HMAC-SHA1), else a
Python keep-alive load generator in separate processes.

    python -m bench.webhook serve ours|bare PORT DATABASE_URL      # a server (used by the benchmark)
    python -m bench.webhook load CONFIG_JSON                       # a Python load generator process
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench._common import (
    EMPTY_TWIML,
    PY,
    ROOT,
    Result,
    child_env,
    connect,
    encode,
    fmt,
    inbound_form,
    say,
    sign,
)

PATH = "/sms/inbound"
CONNECTIONS = 64
SID_PREFIX_LEN = 10  # "SM" + 8 random hex; then 24 hex digits of a counter: 34 chars in all


# --- the servers -------------------------------------------------------------------------------------------
def bare_app() -> Any:
    from fastapi import FastAPI
    from fastapi.responses import Response

    app = FastAPI()

    @app.post(PATH)
    async def inbound() -> Response:
        return Response(EMPTY_TWIML, media_type="text/xml")

    return app


def serve(kind: str, port: int, database_url: str) -> None:
    import uvicorn

    if kind == "ours":
        from shared.config import Settings
        from shared.wiring import Deps, install

        install(
            Deps(
                Settings.model_validate(
                    {
                        "env": "test",
                        "database_url": database_url,
                        "public_base_url": f"http://127.0.0.1:{port}",
                        "queue": "none",
                        "sms_gateway": "console",
                        "cache": "redis",
                    }
                )
            )
        )
        from functions.sms_inbound.main import app
    else:
        app = bare_app()
    config = uvicorn.Config(
        app,
        host="127.0.0.1",
        port=port,
        loop="uvloop",
        http="httptools",
        workers=1,
        access_log=False,
        log_level="warning",
        lifespan="on",
    )
    uvicorn.Server(config).run()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(kind: str, port: int, database_url: str) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen(
        [PY, "-m", "bench.webhook", "serve", kind, str(port), database_url], cwd=ROOT, env=child_env()
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{kind} server exited with {proc.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return proc
        except OSError:
            time.sleep(0.05)
    proc.kill()
    raise RuntimeError(f"{kind} server did not start")


def cpu_seconds(pid: int) -> float:
    """utime + stime of a process (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


# --- pre-signed requests -----------------------------------------------------------------------------------
class Requests:
    """N signed requests for one URL: the form is fixed but for the MessageSid, so we keep a body template
    split at the sid, and a file of "sid signature" lines (fixed widths) that the generators read."""

    MARK = "SM" + "f" * 32

    def __init__(self, workdir: Path, url: str, n: int) -> None:
        import base64
        import hashlib
        import hmac
        import secrets

        form = inbound_form(self.MARK)
        self.parts = encode(form).split(self.MARK)
        sign_parts = (url + "".join(k + form[k] for k in sorted(form))).split(self.MARK)
        key = b"local-twilio-auth-token"
        prefix = "SM" + secrets.token_hex(4)
        self.file = workdir / f"requests-{secrets.token_hex(3)}.txt"
        t0 = time.perf_counter()
        with self.file.open("w") as f:
            for i in range(n):
                sid = f"{prefix}{i:024x}"
                mac = hmac.digest(key, sid.join(sign_parts).encode(), hashlib.sha1)
                f.write(f"{sid} {base64.b64encode(mac).decode()}\n")
        self.n = n
        # one spot check against the plain implementation
        sid0 = f"{prefix}{0:024x}"
        first = self.file.open().readline().split()
        assert first == [sid0, sign(url, inbound_form(sid0))], "pre-signed request does not verify"
        self.seconds = time.perf_counter() - t0

    def body(self, sid: str) -> str:
        return sid.join(self.parts)


WRK_LUA = r"""
local parts = {%(parts)s}
local lines, n = {}, 0
issued, idx = 0, 0
local lo, hi, stride
local hdr = {["Content-Type"] = "application/x-www-form-urlencoded", ["X-Twilio-Signature"] = ""}
local threads, counter = {}, 0

function setup(thread)
  thread:set("tid", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  lo, hi, stride = tonumber(args[2]), tonumber(args[3]), tonumber(args[4])
  local i = 0
  for line in io.lines(args[1]) do
    if i >= lo and i < hi then n = n + 1; lines[n] = line end
    i = i + 1
  end
  idx = tid
end

function request()
  local line = lines[(idx %% n) + 1]
  idx = idx + stride
  issued = issued + 1
  local sid = line:sub(1, 34)
  hdr["X-Twilio-Signature"] = line:sub(36)
  return wrk.format("POST", "%(path)s", hdr, parts[1] .. sid .. parts[2] .. sid .. parts[3] .. sid .. parts[4])
end

function done(summary, latency, requests)
  local iss = 0
  for _, t in ipairs(threads) do iss = iss + t:get("issued") end
  local e = summary.errors
  io.write(string.format(
    'BENCHJSON {"completed":%%d,"seconds":%%f,"non2xx":%%d,"errors":%%d,"issued":%%d,"p50_ms":%%f,"p99_ms":%%f,"mean_ms":%%f}\n',
    summary.requests, summary.duration / 1e6, e.status, e.connect + e.read + e.write + e.timeout, iss,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.mean / 1000))
end
"""


def run_wrk(reqs: Requests, port: int, lo: int, hi: int, seconds: float, workdir: Path) -> dict[str, Any]:
    if len(reqs.parts) != 4:
        raise AssertionError("the form should hold the MessageSid three times")
    script = workdir / "inbound.lua"
    lua_parts = ", ".join("[==[" + p + "]==]" for p in reqs.parts)
    script.write_text(WRK_LUA % {"parts": lua_parts, "path": PATH})
    threads = 1  # 2 cores: one for the server (+ Postgres), wrk's one thread drives 64 connections easily
    cmd = [
        "wrk",
        "-t",
        str(threads),
        "-c",
        str(CONNECTIONS),
        "-d",
        f"{seconds:g}s",
        "--timeout",
        "5s",
        "-s",
        str(script),
        f"http://127.0.0.1:{port}{PATH}",
        "--",
        str(reqs.file),
        str(lo),
        str(hi),
        str(threads),
    ]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    line = next(x for x in out.splitlines() if x.startswith("BENCHJSON "))
    r = json.loads(line[len("BENCHJSON ") :])
    r["ok"] = r["completed"] - r["non2xx"]  # wrk counts statuses > 399; our app answers 200 or 4xx/5xx
    r["rps"] = r["completed"] / r["seconds"]
    r["wrapped"] = r["issued"] > hi - lo
    return r


# --- the Python load generator (fallback) ----------------------------------------------------------------
def load(config: dict[str, Any]) -> None:
    """One generator process: `conns` keep-alive connections, each one request in flight, until the
    deadline; then it drains (every request sent gets its answer). Prints one JSON line."""
    import asyncio

    try:
        import uvloop

        uvloop.install()
    except ImportError:
        pass
    lines = []
    with open(config["file"]) as f:
        for i, line in enumerate(f):
            if i >= config["hi"]:
                break
            if i >= config["lo"]:
                lines.append(line.split())
    parts, port, seconds = config["parts"], config["port"], config["seconds"]
    head = (
        f"POST {PATH} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
        "Content-Type: application/x-www-form-urlencoded\r\nX-Twilio-Signature: "
    )
    lat: list[float] = []
    statuses: dict[str, int] = {}
    state = {"next": 0, "issued": 0, "in_window": 0, "errors": 0}

    async def client(deadline: float) -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        perf = time.perf_counter
        while perf() < deadline:
            sid, sig = lines[state["next"] % len(lines)]
            state["next"] += 1
            body = sid.join(parts).encode()
            req = f"{head}{sig}\r\nContent-Length: {len(body)}\r\n\r\n".encode() + body
            t = perf()
            state["issued"] += 1
            writer.write(req)
            try:
                raw = await reader.readuntil(b"\r\n\r\n")
            except (asyncio.IncompleteReadError, ConnectionError):
                state["errors"] += 1
                return
            status = raw[9:12].decode()
            length = 0
            for h in raw.split(b"\r\n"):
                if h[:15].lower() == b"content-length:":
                    length = int(h[15:])
            await reader.readexactly(length)
            done = perf()
            lat.append(done - t)
            statuses[status] = statuses.get(status, 0) + 1
            if done <= deadline:
                state["in_window"] += 1
        writer.close()

    async def main() -> float:
        t0 = time.perf_counter()
        await asyncio.gather(*(client(t0 + seconds) for _ in range(config["conns"])))
        return time.perf_counter() - t0

    elapsed = asyncio.run(main())
    lat.sort()
    print(
        json.dumps(
            {
                "issued": state["issued"],
                "in_window": state["in_window"],
                "errors": state["errors"],
                "statuses": statuses,
                "seconds": seconds,
                "elapsed": elapsed,
                "lat_ms": [round(x * 1000, 3) for x in lat],
                "wrapped": state["issued"] > len(lines),
            }
        )
    )


def run_python(reqs: Requests, port: int, lo: int, hi: int, seconds: float, procs: int = 2) -> dict[str, Any]:
    from bench._common import percentile

    per, children = (hi - lo) // procs, []
    for k in range(procs):
        cfg = {
            "file": str(reqs.file),
            "lo": lo + k * per,
            "hi": lo + (k + 1) * per,
            "parts": reqs.parts,
            "port": port,
            "seconds": seconds,
            "conns": CONNECTIONS // procs,
        }
        children.append(
            subprocess.Popen(
                [PY, "-m", "bench.webhook", "load", json.dumps(cfg)], cwd=ROOT, env=child_env(), stdout=subprocess.PIPE
            )
        )
    outs = [json.loads(c.communicate()[0]) for c in children]
    lat = sorted(x for o in outs for x in o["lat_ms"])
    completed = sum(sum(o["statuses"].values()) for o in outs)
    ok = sum(o["statuses"].get("200", 0) for o in outs)
    return {
        "completed": completed,
        "ok": ok,
        "non2xx": completed - ok,
        "errors": sum(o["errors"] for o in outs),
        "issued": sum(o["issued"] for o in outs),
        "seconds": seconds,
        "rps": sum(o["in_window"] for o in outs) / seconds,
        "p50_ms": percentile(lat, 50),
        "p99_ms": percentile(lat, 99),
        "mean_ms": sum(lat) / max(1, len(lat)),
        "wrapped": any(o["wrapped"] for o in outs),
    }


# --- the benchmark -----------------------------------------------------------------------------------------
def run(stack: Any, *, quick: bool, generator: str = "auto") -> Result:
    warm, seconds = (1.0, 3.0) if quick else (2.0, 10.0)
    use_wrk = generator == "wrk" or (generator == "auto" and shutil.which("wrk") is not None)
    if generator == "wrk" and not shutil.which("wrk"):
        raise SystemExit("wrk is not on PATH")
    gen_name = "wrk (1 thread, 64 connections)" if use_wrk else "python (2 processes x 32 keep-alive connections)"
    say(f"\n== webhook: signed inbound SMS, ours vs bare FastAPI; load generator: {gen_name}; 2 cores shared")
    db = stack.database("bench_webhook")
    workdir = Path(tempfile.mkdtemp(prefix="bench-webhook-"))
    ports = {"ours": free_port(), "bare": free_port()}
    servers = {kind: start_server(kind, port, db) for kind, port in ports.items()}
    try:
        # Enough unique MessageSids for warm-up + measurement at up to ~28k req/s.
        n_warm, n_measure = int(28_000 * warm), int(28_000 * seconds)
        reqs = Requests(workdir, f"http://127.0.0.1:{ports['ours']}{PATH}", n_warm + n_measure)
        say(f"pre-signed {reqs.n:,} unique requests in {reqs.seconds:.1f} s")
        drive = (
            (lambda port, lo, hi, s: run_wrk(reqs, port, lo, hi, s, workdir))
            if use_wrk
            else (lambda port, lo, hi, s: run_python(reqs, port, lo, hi, s))
        )
        figures: dict[str, dict[str, Any]] = {}
        for kind in ("bare", "ours"):
            port, pid = ports[kind], servers[kind].pid
            w = drive(port, 0, n_warm, warm)
            cpu0 = cpu_seconds(pid)
            m = drive(port, n_warm, n_warm + n_measure, seconds)
            cpu = cpu_seconds(pid) - cpu0
            m["server_cpu_us_per_req"] = cpu / max(1, m["completed"]) * 1e6
            m["warmup"] = {k: w[k] for k in ("completed", "ok", "issued")}
            figures[kind] = m
            say(
                f"{kind:>4}: {fmt(m['rps'])} req/s  p50 {m['p50_ms']:.2f} ms  p99 {m['p99_ms']:.2f} ms  "
                f"(ok {m['ok']:,}, other {m['non2xx']:,}, socket errors {m['errors']}, "
                f"server CPU {m['server_cpu_us_per_req']:.0f} µs/request)"
            )
        time.sleep(0.5)  # requests cut off in flight when the generator stopped are still being stored
        conn = connect(db)
        try:
            rows, distinct = conn.run("SELECT count(*), count(DISTINCT provider_sid) FROM messages")[0]
            jobs = conn.run("SELECT count(*) FROM jobs WHERE kind = 'agent_turn'")[0][0]
        finally:
            conn.close()
    finally:
        for proc in servers.values():
            proc.terminate()
        for proc in servers.values():
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
        shutil.rmtree(workdir, ignore_errors=True)

    ours, bare = figures["ours"], figures["bare"]
    ok_200 = ours["ok"] + ours["warmup"]["ok"]
    issued = ours["issued"] + ours["warmup"]["issued"]
    if use_wrk:  # wrk stops without waiting for the requests in flight; the server still stores them
        rows_ok = ok_200 <= rows <= issued and rows - ok_200 <= 2 * CONNECTIONS
        how = (
            f"{rows - ok_200} more rows than 200s = requests cut off in flight when wrk stopped (<= {2 * CONNECTIONS})"
        )
    else:
        rows_ok = rows == ok_200
        how = "every request was answered (the generator drains)"
    checks_ok = rows_ok and distinct == rows and jobs == rows and ours["non2xx"] == 0 and not ours["wrapped"]
    say(
        f"check: messages rows {rows:,}, 200 responses to ours {ok_200:,} (warm-up + measure), issued {issued:,}; "
        f"{how}; agent_turn jobs {jobs:,}; distinct MessageSids {distinct:,} -> {'OK' if checks_ok else 'FAILED'}"
    )
    ratio = ours["rps"] / bare["rps"]
    return Result(
        bench="webhook",
        figure="req/s",
        ours=ours["rps"],
        baseline=bare["rps"],
        ratio=ratio,
        target="ratio >= 0.50",
        passed=ratio >= 0.5,
        checks_ok=checks_ok,
        details={
            "generator": gen_name,
            "connections": CONNECTIONS,
            "warmup_s": warm,
            "measure_s": seconds,
            "ours": ours,
            "bare": bare,
            "messages_rows": rows,
            "ok_200_total": ok_200,
            "issued_total": issued,
            "jobs_rows": jobs,
            "rows_match": rows_ok,
        },
    )


if __name__ == "__main__":
    if sys.argv[1] == "serve":
        serve(sys.argv[2], int(sys.argv[3]), sys.argv[4])
    elif sys.argv[1] == "load":
        load(json.loads(sys.argv[2]))
    else:
        raise SystemExit(__doc__)
