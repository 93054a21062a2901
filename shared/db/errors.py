"""What a database error was, by its SQLSTATE (pg8000 raises one DatabaseError class for all of them)."""

from __future__ import annotations

from sqlalchemy.exc import DBAPIError

UNIQUE_VIOLATION = "23505"


def sqlstate(exc: DBAPIError) -> str | None:
    orig = exc.orig
    if orig is None:
        return None
    fields = orig.args[0] if orig.args else None
    if isinstance(fields, dict):  # pg8000: the server's error fields, SQLSTATE under "C"
        code = fields.get("C")
        return str(code) if code is not None else None
    code = getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)  # psycopg, psycopg2
    return str(code) if code is not None else None


def unique_violation(exc: DBAPIError) -> bool:
    return sqlstate(exc) == UNIQUE_VIOLATION
