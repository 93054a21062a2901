"""Cold start: a fresh Python process imports functions.sms_inbound.main and serves one signed API Gateway
HTTP API v2 event through lambda_handler (settings from BOUSSOLE_* env vars, the message stored in
Postgres), vs a bare FastAPI + Mangum handler serving a similar event. Bytecode is warmed first.

"in-child" = time.perf_counter() at the top of the -c script (before any import) to the handler's answer;
"process" = the parent's wall time for the whole subprocess (interpreter start + site + exit included).
"""

from __future__ import annotations

import base64
import copy
import json
import statistics
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

from bench._common import PY, ROOT, Result, child_env, connect, encode, inbound_form, new_sid, say, sign

EVENT = ROOT / "tests" / "events" / "apigw_v2_twilio_inbound.json"

OURS = """\
import time; t0 = time.perf_counter()
import json, sys
from functions.sms_inbound.main import lambda_handler
event = json.load(open(sys.argv[1]))
resp = lambda_handler(event, None)
elapsed = time.perf_counter() - t0
print("BENCHJSON " + json.dumps({"ms": elapsed * 1000, "status": resp["statusCode"], "body": resp.get("body")}))
"""

BARE = """\
import time; t0 = time.perf_counter()
import json, sys
from fastapi import FastAPI
from fastapi.responses import Response
from mangum import Mangum
app = FastAPI()
@app.post("/sms/inbound")
async def inbound() -> Response:
    return Response(b'<?xml version="1.0" encoding="UTF-8"?><Response />', media_type="text/xml")
handler = Mangum(app, lifespan="off")
event = json.load(open(sys.argv[1]))
resp = handler(event, None)
elapsed = time.perf_counter() - t0
print("BENCHJSON " + json.dumps({"ms": elapsed * 1000, "status": resp["statusCode"], "body": resp.get("body")}))
"""


def signed_event(template: dict[str, Any], sid: str) -> dict[str, Any]:
    """The stored API Gateway event with a fresh MessageSid, our account, and a real signature."""
    event = copy.deepcopy(template)
    host = event["headers"]["host"]
    form = inbound_form(sid)
    body = encode(form).encode()
    event["body"] = base64.b64encode(body).decode()
    event["isBase64Encoded"] = True
    event["headers"]["content-length"] = str(len(body))
    event["headers"]["x-twilio-signature"] = sign(f"https://{host}{event['rawPath']}", form)
    event["requestContext"]["timeEpoch"] = int(time.time() * 1000)
    return event


def once(script: str, event: dict[str, Any], env: dict[str, str], workdir: Path) -> dict[str, Any]:
    path = workdir / "event.json"
    path.write_text(json.dumps(event))
    t0 = time.perf_counter()
    proc = subprocess.run([PY, "-c", script, str(path)], cwd=ROOT, env=env, capture_output=True, text=True)
    wall = (time.perf_counter() - t0) * 1000
    line = next((x for x in proc.stdout.splitlines() if x.startswith("BENCHJSON ")), None)
    if proc.returncode != 0 or line is None:
        raise RuntimeError(f"cold start child failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    out = json.loads(line[len("BENCHJSON ") :])
    out["wall_ms"] = wall
    return out


def run(stack: Any, *, quick: bool) -> Result:
    reps = 3 if quick else 7
    say(f"\n== coldstart: fresh process, import + one signed API Gateway v2 event, {reps} runs each")
    url = stack.database("bench_coldstart")
    template = json.loads(EVENT.read_text())
    host = template["headers"]["host"]
    ours_env = child_env(
        BOUSSOLE_DATABASE_URL=url,
        BOUSSOLE_PUBLIC_BASE_URL=f"https://{host}",
        BOUSSOLE_ENV="test",
        BOUSSOLE_QUEUE="none",
        BOUSSOLE_SMS_GATEWAY="console",
    )
    bare_env = child_env()
    workdir = Path(tempfile.mkdtemp(prefix="bench-coldstart-"))
    sids: list[str] = []
    runs: dict[str, list[dict[str, Any]]] = {"ours": [], "bare": []}
    for i in range(reps + 1):  # the first of each is the bytecode warm-up, not counted
        for kind, script, env in (("ours", OURS, ours_env), ("bare", BARE, bare_env)):
            sid = new_sid()
            out = once(script, signed_event(template, sid), env, workdir)
            if kind == "ours":
                sids.append(sid)
            if i > 0:
                runs[kind].append(out)
    conn = connect(url)
    try:
        stored = conn.run("SELECT count(*) FROM messages WHERE provider_sid = ANY(CAST(:s AS text[]))", s=sids)[0][0]
    finally:
        conn.close()
    statuses = {k: sorted({r["status"] for r in v}) for k, v in runs.items()}
    checks_ok = statuses == {"ours": [200], "bare": [200]} and stored == len(sids)
    fig: dict[str, dict[str, float]] = {}
    for kind, rs in runs.items():
        ms, wall = [r["ms"] for r in rs], [r["wall_ms"] for r in rs]
        fig[kind] = {
            "median_ms": statistics.median(ms),
            "min_ms": min(ms),
            "process_median_ms": statistics.median(wall),
            "process_min_ms": min(wall),
            "runs_ms": ms,
            "process_runs_ms": wall,
        }
        say(
            f"{kind:>4}: in-child median {fig[kind]['median_ms']:.0f} ms, min {fig[kind]['min_ms']:.0f} ms; "
            f"process median {fig[kind]['process_median_ms']:.0f} ms, min {fig[kind]['process_min_ms']:.0f} ms"
        )
    say(f"check: statuses {statuses}; ours' messages stored {stored}/{len(sids)} -> {'OK' if checks_ok else 'FAILED'}")
    ratio = fig["ours"]["median_ms"] / fig["bare"]["median_ms"]
    return Result(
        bench="coldstart",
        figure="ms (median, in-child)",
        ours=fig["ours"]["median_ms"],
        baseline=fig["bare"]["median_ms"],
        ratio=ratio,
        target="ratio <= 1.50",
        passed=ratio <= 1.5,
        checks_ok=checks_ok,
        details={"reps": reps, **fig, "stored": stored, "statuses": statuses},
    )
