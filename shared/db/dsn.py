"""Turn a database URL into pg8000 connect arguments (no SQLAlchemy import: the webhook's cold start)."""

from __future__ import annotations

import ssl
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

_LOOPBACK = {"localhost", "127.0.0.1", "::1"}


def pg8000_kwargs(url: str) -> dict[str, Any]:
    """Connect kwargs for pg8000 from `postgresql+pg8000://user:pw@host:port/db?unix_sock=/path/.s.PGSQL.5432`.

    TLS: none over a Unix socket or loopback (a fresh SSL context costs ~15 ms per connect, LIBRARIES §11);
    elsewhere a verifying default context, never pg8000's silent plaintext fallback.
    """
    parts = urlsplit(url)
    if not parts.scheme.startswith("postgres"):
        raise ValueError(f"not a postgres URL: {parts.scheme}")
    query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
    kwargs: dict[str, Any] = {
        "user": unquote(parts.username or "postgres"),
        "database": unquote(parts.path.lstrip("/") or "postgres"),
    }
    if parts.password:
        kwargs["password"] = unquote(parts.password)
    if "unix_sock" in query:
        kwargs["unix_sock"] = query["unix_sock"]
        kwargs["ssl_context"] = False
    else:
        host = parts.hostname or "localhost"
        kwargs["host"] = host
        kwargs["port"] = parts.port or 5432
        local = host in _LOOPBACK or query.get("sslmode") == "disable"
        kwargs["ssl_context"] = False if local else ssl.create_default_context()
    kwargs["application_name"] = query.get("application_name", "boussole")
    kwargs["timeout"] = float(query.get("connect_timeout", "10"))
    return kwargs


def connect(url: str) -> Any:
    """A pg8000 DB-API connection."""
    import pg8000.dbapi

    return pg8000.dbapi.connect(**pg8000_kwargs(url))


def connect_native(url: str) -> Any:
    """A pg8000 native connection (autocommit per statement, named :params)."""
    import pg8000.native

    return pg8000.native.Connection(**pg8000_kwargs(url))
