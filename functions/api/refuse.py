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


async def refuse_nul(request: Request) -> None:
    """A 422 problem for a NUL in the path, the query or a JSON body, before any route sees it."""
    where = None
    if "\x00" in request.url.path:
        where = "path"
    elif any(_has_nul(k) or _has_nul(v) for k, v in request.query_params.multi_items()):
        where = "query"
    elif request.method in ("POST", "PUT", "PATCH"):
        body = await request.body()  # FastAPI keeps it for the route
        if b"\x00" in body:
            where = "body"
        elif b"u0000" in body.lower():  # maybe the JSON escape: look at the decoded strings
            try:
                where = "body" if _has_nul(json.loads(body)) else None
            except ValueError:
                where = None  # not JSON: the route's own validation answers
    if where is not None:
        raise Problem(
            422,
            "invalid-request",
            "Invalid request",
            "NUL characters are not accepted.",
            {"errors": [{"loc": [where], "msg": "contains a NUL character"}]},
        )
