"""The embedded stack's own bookkeeping around pgserver, in-process: which listed users of a server are really
still there, and where Postgres puts its socket when the data folder's path is too long for one."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import time
from pathlib import Path

import pytest

from local.stack import HANDLES_FILE, forget_dead_handles, postgres_processes, start_postgres, write_atomically


def test_dead_and_reused_pids_are_forgotten_and_live_ones_kept(tmp_path):
    import psutil

    gone = subprocess.Popen(["true"])
    gone.wait()  # a pid nobody has any more
    listed_at = psutil.Process().create_time() + 0.1  # the list was last written just after this process started
    time.sleep(max(0.0, listed_at + 1.5 - time.time()))  # so that a process started now is clearly younger
    path = tmp_path / HANDLES_FILE
    with subprocess.Popen(["sleep", "30"]) as younger:  # a reused pid: born after the list was written
        try:
            path.write_text(json.dumps([os.getpid(), gone.pid, younger.pid]))
            os.utime(path, (listed_at, listed_at))
            forget_dead_handles(tmp_path)
        finally:
            younger.kill()
    assert json.loads(path.read_text()) == [os.getpid()]


@pytest.mark.parametrize("content", ["", "{", '{"pids": [1]}', '[1.5, "2", null, [3]]'])
def test_a_garbled_handle_list_is_reset(tmp_path, content):
    (tmp_path / HANDLES_FILE).write_text(content)
    forget_dead_handles(tmp_path)
    assert json.loads((tmp_path / HANDLES_FILE).read_text()) == []


def test_no_handle_list_is_left_alone(tmp_path):
    forget_dead_handles(tmp_path)
    assert not (tmp_path / HANDLES_FILE).exists()


def test_write_atomically_replaces_and_leaves_nothing_else(tmp_path):
    target = tmp_path / "f.json"
    target.write_text("old")
    write_atomically(target, "new")
    assert target.read_text() == "new" and [p.name for p in tmp_path.iterdir()] == ["f.json"]


@pytest.mark.timeout(60)
def test_a_data_folder_too_deep_for_a_unix_socket_still_gets_a_working_url(data_dir):
    from sqlalchemy import create_engine, text

    deep = data_dir / ("d" * 60) / ("e" * 60)  # beyond the ~107 bytes a socket path may have
    deep.mkdir(parents=True, mode=0o755)
    os.chmod(deep.parent, 0o755)  # Postgres runs as the `pgserver` user when the tests run as root
    pg = start_postgres(deep / "postgres")
    socket_dir = Path(pg.socket_path).parent
    try:
        assert not socket_dir.is_relative_to(deep)  # pgserver put it in its runtime folder
        engine = create_engine(pg.url("postgres"))
        with engine.connect() as conn:
            assert conn.execute(text("SELECT 1")).scalar() == 1
        engine.dispose()
    finally:
        pg.stop()
        with contextlib.suppress(OSError):
            socket_dir.rmdir()  # pgserver leaves the emptied folder behind
    assert postgres_processes((deep / "postgres").resolve()) == []
