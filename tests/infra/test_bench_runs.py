"""The benchmarks keep running as the code changes: the delivery ones (sweep, send) run quickly here, and every
correctness check they make (each message sent once, nothing left pending) must hold. Their speed targets are
not judged here: they depend on the machine (BENCHMARKS.md)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_delivery_benchmarks_run_and_their_checks_hold() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bench", "sweep", "send", "--quick"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    out = done.stdout + done.stderr
    assert "Traceback" not in out, out[-3000:]
    checks = [line for line in out.splitlines() if line.lstrip().startswith("check")]
    assert len(checks) >= 2 and not any("FAILED" in line for line in checks), "\n".join(checks)
