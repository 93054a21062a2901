"""Liveness of the database, for health checks."""

from __future__ import annotations

from sqlalchemy import Engine, select


def database_ok(engine: Engine) -> bool:
    try:
        with engine.connect() as conn:
            return conn.execute(select(1)).scalar_one() == 1
    except Exception:  # noqa: BLE001 - a health check reports, it does not raise
        return False
