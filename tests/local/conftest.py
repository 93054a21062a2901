"""Data folders for the emulator run as a process."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.local.emulator_process import kill_server_processes


@pytest.fixture()
def data_dir() -> Iterator[Path]:
    """An emulator data folder outside pytest's tmp_path: when the tests run as root Postgres runs as the
    `pgserver` user, which must traverse every parent, and each new pytest session makes /tmp/pytest-of-<user>
    private again (0700), pulling the floor from under a Postgres another session is starting."""
    root = Path(tempfile.mkdtemp(prefix="boussole-local-"))
    os.chmod(root, 0o755)
    folder = root / "state"
    folder.mkdir(mode=0o755)
    try:
        yield folder
    finally:
        kill_server_processes(folder)  # only when a test failed half-way: a passing test leaves nothing running
        shutil.rmtree(root, ignore_errors=True)
