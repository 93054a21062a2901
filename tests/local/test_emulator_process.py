"""The newcomer's path: `python -m local.emulator` as its own process (embedded Postgres, Redis, the
Upstash REST endpoint, the console SMS sink), chatted with through `python -m local.console`; data
survives a restart."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import httpx
import pytest

from local.emulator import free_port
from tests.local.emulator_process import ROOT, console, start, stop


@pytest.mark.timeout(240)
def test_console_conversation_and_restart(data_dir):
    port = free_port()
    proc = start(data_dir, port)
    try:
        # The console waits a moment after each line so the reply can arrive before /wait and /quit.
        out = console(
            port,
            "+33612345678",
            "rappelle-moi dans 2 minutes de prendre mes médicaments\n/sleep\noui\n/sleep\noui\n/sleep\n/wait 2m\n"
            "/sleep\n/quit\n",
        )
    finally:
        log = stop(proc)
    assert f"data folder: {data_dir}" in log
    assert "Ton message est gardé" in out  # a new number: consent first, then the request is handled
    assert "OK, je te rappelle aujourd'hui à" in out and "prendre mes médicaments" in out
    assert "📱 Boussole: Rappel : prendre mes médicaments" in out

    proc = start(data_dir, port)  # same data folder: the person and their reminder are still there
    try:
        token = httpx.get(f"http://127.0.0.1:{port}/_emulator/token", params={"phone": "+33612345678"}).json()
        reminders = httpx.get(
            f"http://127.0.0.1:{port}/v1/reminders",
            params={"status": "sent"},
            headers={"Authorization": f"Bearer {token['access_token']}"},
        ).json()
    finally:
        stop(proc)
    assert [r["text"] for r in reminders["items"]] == ["prendre mes médicaments"]


@pytest.mark.timeout(120)
def test_no_embedded_mode_uses_the_services_it_is_given(database_url, redis_url, tmp_path):
    """The docker-compose topology: Postgres and Redis come from the environment, not from the emulator."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("BOUSSOLE_")}
    env.update(
        PYTHONUNBUFFERED="1",
        BOUSSOLE_DATABASE_URL=database_url,
        BOUSSOLE_CACHE="redis",
        BOUSSOLE_REDIS_URL=redis_url,
        BOUSSOLE_SMS_GATEWAY="console",
    )
    proc = subprocess.Popen(
        [sys.executable, "-m", "local.emulator", "--no-embedded", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            assert proc.poll() is None, proc.stdout.read()
            try:
                r = httpx.get(f"http://127.0.0.1:{port}/v1/health", timeout=1)
                break
            except httpx.HTTPError:
                assert time.monotonic() < deadline, "emulator did not come up"
                time.sleep(0.2)
        assert r.json() == {"status": "ok", "checks": {"database": True, "cache": True}}
    finally:
        out = stop(proc)
    assert "data folder" not in out  # nothing embedded was started


def test_a_busy_port_gets_a_clear_message_not_a_traceback(tmp_path, capsys):
    import socket

    from local.emulator import main

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["--port", str(port), "--data-dir", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert str(port) in err and "already in use" in err and "PORT=" in err
    assert not (tmp_path / "postgres").exists()  # nothing was started


def test_help_mentions_every_flag(capsys):
    from local.emulator import main

    with pytest.raises(SystemExit) as exit_:
        main(["--help"])
    assert exit_.value.code == 0
    out = " ".join(capsys.readouterr().out.split())
    for flag in ("--port", "--host", "--data-dir", "--console", "--no-embedded", "--real-time"):
        assert flag in out
    assert "start the clock at real time" in out
