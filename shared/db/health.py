"""Liveness of the database, for health checks."""

from __future__ import annotations

from sqlalchemy import Engine, select


def database_ok(engine: Engine) -> bool:
    try:
        with engine.connect() as conn:
            return bool(conn.execute(select(1)).scalar_one() == 1)
    except Exception:
        return False
