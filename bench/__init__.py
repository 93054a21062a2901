"""Benchmarks of Boussole's hot paths, each side by side with a bare baseline measured in the same run.

    .venv/bin/python -m bench                  # webhook, sweep, coldstart
    .venv/bin/python -m bench webhook --quick  # one benchmark, short smoke run (CI)

Embedded Postgres (pgserver) in a temp dir, no Docker, no API keys. Results: printed, and written to
.local/bench/latest.json. See LIBRARIES.md §11 for the ceilings these are compared with.
"""
