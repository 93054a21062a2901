"""A `kill -9` of the emulator, or of its Postgres, needs no manual pg_ctl: the next start works, the next
clean stop (Ctrl-C) leaves no Postgres or Redis running for that data folder, and the data is still there.

pgserver keeps Postgres running when its owner dies without cleaning up (by design: other processes may share
it), counts its users in postmaster folder's .handle_pids.json, and stops the server only when the last one
listed leaves; and it believes postmaster.pid whenever a process with that pid exists."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from local.emulator import free_port
from local.stack import live_postmaster, postgres_processes
from tests.local.emulator_process import (
    kill_9,
    start,
    stop,
    text_boussole,
    token,
    wait_until_no_server_processes,
)

PHONE = "+33612345678"


def kill_postmaster(pgdata: Path) -> int:
    """kill -9 the postmaster and wait for its children, which notice and exit on their own."""
    postmaster = live_postmaster(pgdata)
    assert postmaster is not None
    os.kill(postmaster.pid, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while postgres_processes(pgdata):
        assert time.monotonic() < deadline, "Postgres children outlived their postmaster"
        time.sleep(0.05)
    return int(postmaster.pid)


@pytest.mark.timeout(120)
def test_kill_9_of_the_emulator_then_start_stop_start(data_dir):
    port = free_port()
    proc = start(data_dir, port)
    text_boussole(port, PHONE, "rappelle-moi dans 1h de boire de l'eau")
    kill_9(proc)
    assert postgres_processes(data_dir / "postgres"), "pgserver leaves Postgres running after a SIGKILL"

    proc = start(data_dir, port)  # reattaches to the Postgres still running
    assert token(port, PHONE) is not None
    stop(proc)
    assert wait_until_no_server_processes(data_dir) == []

    proc = start(data_dir, port)  # a fresh Postgres on the same data
    try:
        assert token(port, PHONE) is not None
    finally:
        stop(proc)
    assert wait_until_no_server_processes(data_dir) == []


def reuse_pid(pgdata: Path, sleeper: subprocess.Popen) -> None:
    """postmaster.pid now names a live process that is not Postgres, as after a reboot or a pid wrap-around."""
    lines = (pgdata / "postmaster.pid").read_text().split("\n")
    (pgdata / "postmaster.pid").write_text("\n".join([str(sleeper.pid), *lines[1:]]))


def tear(pgdata: Path, sleeper: subprocess.Popen) -> None:
    """postmaster.pid cut short, as when Postgres dies while it writes it at start-up."""
    (pgdata / "postmaster.pid").write_text((pgdata / "postmaster.pid").read_text().split("\n")[0] + "\n")


def leave(pgdata: Path, sleeper: subprocess.Popen) -> None:
    """The plain case: a stale postmaster.pid and socket lock naming a dead pid."""


@pytest.mark.timeout(120)
@pytest.mark.parametrize("after_the_kill", [leave, reuse_pid, tear], ids=["stale-pid", "pid-reused", "torn-pid-file"])
def test_kill_9_of_postgres_while_the_emulator_is_down(data_dir, after_the_kill):
    port = free_port()
    pgdata = data_dir / "postgres"
    proc = start(data_dir, port)
    text_boussole(port, PHONE, "remind me in 1h to drink water")
    kill_9(proc)
    kill_postmaster(pgdata)
    with subprocess.Popen(["sleep", "60"]) as sleeper:
        try:
            after_the_kill(pgdata, sleeper)
            proc = start(data_dir, port)
            try:
                assert token(port, PHONE) is not None  # recovered from the WAL, nothing lost
            finally:
                out = stop(proc)
            assert wait_until_no_server_processes(data_dir) == [], out
        finally:
            sleeper.kill()
