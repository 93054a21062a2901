"""Helpers for driving `python -m local.emulator` as its own process, as a newcomer does."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx

from local.twilio_webhook import inbound_params, sign

ROOT = Path(__file__).resolve().parents[2]


def start(data_dir: Path, port: int, *args: str) -> subprocess.Popen:
    """Start the emulator on `data_dir` and wait until its API answers."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("BOUSSOLE_")}
    env["PYTHONUNBUFFERED"] = "1"
    proc = subprocess.Popen(
        [sys.executable, "-m", "local.emulator", "--port", str(port), "--data-dir", str(data_dir), *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"emulator exited: {proc.stdout.read()}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/v1/health", timeout=1).status_code == 200:
                return proc
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    proc.kill()
    raise AssertionError(f"emulator did not come up in 60 s: {proc.communicate()[0]}")


def stop(proc: subprocess.Popen) -> str:
    """Ctrl-C, as in a terminal; return everything the emulator printed."""
    proc.send_signal(signal.SIGINT)
    try:
        out, _ = proc.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, _ = proc.communicate()
    return out


def kill_9(proc: subprocess.Popen) -> str:
    proc.kill()
    return proc.communicate()[0]


def console(port: int, phone: str, script: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "local.console", "--phone", phone, "--url", f"http://127.0.0.1:{port}"],
        cwd=ROOT,
        input=script,
        capture_output=True,
        text=True,
        timeout=90,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def text_boussole(port: int, phone: str, body: str) -> None:
    """Send an SMS through the webhook as Twilio would, and wait until the person exists in the database."""
    base = f"http://127.0.0.1:{port}"
    info = httpx.get(f"{base}/_emulator/info").json()
    form = inbound_params(from_=phone, to=info["boussole_number"], body=body, account_sid=info["twilio_account_sid"])
    signature = sign(info["public_base_url"] + "/sms/inbound", form, info["twilio_auth_token"])
    assert httpx.post(f"{base}/sms/inbound", data=form, headers={"X-Twilio-Signature": signature}).status_code == 200
    deadline = time.monotonic() + 15
    while token(port, phone) is None:
        assert time.monotonic() < deadline, "the agent turn never created the person"
        time.sleep(0.2)


def token(port: int, phone: str) -> str | None:
    """An API token for `phone`, None while Boussole does not know that person."""
    r = httpx.get(f"http://127.0.0.1:{port}/_emulator/token", params={"phone": phone})
    assert r.status_code in (200, 404), r.text
    return r.json()["access_token"] if r.status_code == 200 else None


def server_processes(data_dir: Path) -> list[Any]:
    """Live Postgres and Redis processes working in `data_dir` (their current folder is inside it)."""
    import psutil

    found = []
    for proc in psutil.process_iter(["name"]):
        if proc.info["name"] not in ("postgres", "redis-server"):
            continue
        with contextlib.suppress(psutil.Error):
            if proc.status() != psutil.STATUS_ZOMBIE and Path(proc.cwd()).is_relative_to(data_dir):
                found.append(proc)
    return found


def wait_until_no_server_processes(data_dir: Path, timeout: float = 10) -> list[Any]:
    """The server processes still there after `timeout` seconds (an empty list when they are all gone)."""
    deadline = time.monotonic() + timeout
    while (left := server_processes(data_dir)) and time.monotonic() < deadline:
        time.sleep(0.1)
    return left


def kill_server_processes(data_dir: Path) -> None:
    """After a failed test: end the Postgres and Redis this test started, found by their data folder."""
    import psutil

    for proc in server_processes(data_dir):
        with contextlib.suppress(psutil.Error):
            proc.kill()
