"""python -m bench [webhook|sweep|coldstart|send|agent|api|memory|auth|crypto|rls ...] [--quick] [--generator auto|wrk|python]"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from datetime import datetime, timezone

os.environ.setdefault("XDG_RUNTIME_DIR", tempfile.gettempdir())
import warnings

warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")  # pgserver's platformdirs, harmless

from bench._common import ROOT, Result, check_signing_agrees_with_twilio, say, stack, summary_table  # noqa: E402

BENCHES = ("webhook", "sweep", "coldstart", "send", "agent", "api", "memory", "auth", "crypto", "rls")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=(__doc__ or "").strip())
    parser.add_argument(
        "benches",
        nargs="*",
        metavar="BENCH",
        help="webhook, sweep, coldstart, send, agent, api, memory, auth, crypto, rls (default: all)",
    )
    parser.add_argument("--quick", action="store_true", help="short smoke run (< 60 s in all)")
    parser.add_argument(
        "--generator",
        choices=("auto", "wrk", "python"),
        default="auto",
        help="webhook load generator (auto: wrk when on PATH)",
    )
    args = parser.parse_args(argv)
    unknown = set(args.benches) - set(BENCHES)
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(sorted(unknown))}; choose from {', '.join(BENCHES)}")
    selected = [b for b in BENCHES if b in (args.benches or BENCHES)]
    import logging

    logging.basicConfig(level=logging.WARNING)
    check_signing_agrees_with_twilio()
    t0 = time.perf_counter()
    say(
        f"Boussole bench ({'quick' if args.quick else 'full'}): {', '.join(selected)} — "
        f"{os.cpu_count()} CPUs, Python {platform.python_version()}"
    )
    results: list[Result] = []
    with stack() as s:
        for name in selected:
            module = __import__(f"bench.{name}", fromlist=["run"])
            kwargs = {"generator": args.generator} if name == "webhook" else {}
            results.append(module.run(s, quick=args.quick, **kwargs))
    elapsed = time.perf_counter() - t0
    say("\n" + summary_table(results))
    say(f"\n({elapsed:.0f} s in all)")
    out = ROOT / ".local" / "bench" / "latest.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(
        json.dumps(
            {
                "at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                "quick": args.quick,
                "cpus": os.cpu_count(),
                "python": platform.python_version(),
                "seconds": round(elapsed, 1),
                "results": [r.as_dict() for r in results],
            },
            indent=2,
            default=str,
        )
    )
    say(f"results written to {out.relative_to(ROOT)}")
    return 0 if all(r.passed and r.checks_ok for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
