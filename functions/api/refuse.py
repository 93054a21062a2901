"""Input no resource may take: a NUL character (Postgres text cannot hold one), anywhere in a request."""

from __future__ import annotations

import json
from typing import Any

from fastapi import Request

from shared.runtime.problems import Problem


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(v) for v in value)
    return False


def _nul_field(body: bytes) -> str | None:
    """The top-level field of a JSON body that holds a NUL ("" when the body itself does); None if none."""
    if b"\x00" not in body and b"u0000" not in body.lower():
        return None
    try:
        data = json.loads(body)
    except ValueError:
        return "" if b"\x00" in body else None  # not JSON: the route's own validation answers the rest
    if isinstance(data, dict):
        return next((str(k) for k, v in data.items() if _has_nul(k) or _has_nul(v)), None)
    return "" if _has_nul(data) else None


async def refuse_nul(request: Request) -> None:
    """A 422 problem naming the field, for a NUL in the path, the query or a JSON body, before any route."""
    loc: list[str] | None = None
    if "\x00" in request.url.path:
        loc = ["path"]
    else:
        bad = [k for k, v in request.query_params.multi_items() if _has_nul(k) or _has_nul(v)]
        if bad:
            loc = ["query", bad[0]]
        elif request.method in ("POST", "PUT", "PATCH"):
            field = _nul_field(await request.body())  # FastAPI keeps the body for the route
            if field is not None:
                loc = ["body", field] if field else ["body"]
    if loc is not None:
        raise Problem(
            422,
            "invalid-request",
            "Invalid request",
            "NUL characters are not accepted.",
            {"field": loc[-1], "errors": [{"loc": loc, "msg": "contains a NUL character"}]},
        )
