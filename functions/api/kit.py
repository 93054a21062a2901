"""What every REST resource shares: page parameters and envelopes, ETags and If-Match (412 on a stale
write), and the problem responses documented in the OpenAPI."""

from __future__ import annotations

import hashlib
from typing import Annotated, Any, Generic, Literal, TypeVar

from fastapi import Query, Request, Response
from pydantic import BaseModel, Field

from shared.db.paging import Cursor
from shared.runtime.problems import Problem

T = TypeVar("T")


class PageOut(BaseModel, Generic[T]):
    items: list[T]
    next_cursor: str | None = Field(None, description="pass it as `cursor` to get the next page; null at the end")


class PageParams(BaseModel):
    cursor: str | None = None
    limit: int = 50

    def decoded(self) -> Cursor | None:
        return Cursor.decode(self.cursor) if self.cursor else None


def page_params(
    cursor: Annotated[str | None, Query(max_length=500, description="from the previous page's next_cursor")] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> PageParams:
    return PageParams(cursor=cursor, limit=limit)


class SearchParams(BaseModel):
    q: str
    limit: int = 5
    mode: Literal["hybrid", "fts", "vector"] = "hybrid"

    def asked(self) -> dict[str, Any]:
        """The service's keyword arguments for this query."""
        return {"query": self.q, "limit": self.limit, "mode": self.mode}


def search_params(
    q: Annotated[str, Query(min_length=1, max_length=300, description="words or a question")],
    limit: Annotated[int, Query(ge=1, le=50)] = 5,
    mode: Annotated[Literal["hybrid", "fts", "vector"], Query(description="words and meaning, or one")] = "hybrid",
) -> SearchParams:
    """The query of the searches by words and by meaning (memories, notes)."""
    return SearchParams(q=q, limit=limit, mode=mode)


def etag(entity: Any) -> str:
    """A weak validator that changes with every write of the row."""
    stamp = f"{entity.id}:{getattr(entity, 'updated_at', None) or getattr(entity, 'created_at', '')}"
    return 'W/"' + hashlib.sha256(stamp.encode()).hexdigest()[:20] + '"'


def check_if_match(request: Request, entity: Any) -> None:
    """A write with If-Match must be about the version the client read (RFC 9110 §13.1.1)."""
    wanted = request.headers.get("if-match")
    if wanted is None or wanted.strip() == "*":
        return
    current = etag(entity)
    if current not in [tag.strip() for tag in wanted.split(",")]:
        raise Problem(412, "stale-write", "Precondition failed", "It changed since you read it: get it again.")


def with_etag(response: Response, entity: Any) -> None:
    response.headers["ETag"] = etag(entity)


PROBLEMS: dict[int | str, dict[str, Any]] = {
    status: {
        "description": title,
        "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}},
    }
    for status, title in (
        (400, "Malformed request: the body is not JSON"),
        (401, "Not signed in"),
        (403, "Not allowed for your role"),
        (404, "Not found (or not yours)"),
        (409, "Conflict with what is there (e.g. a name already used)"),
        (412, "Stale write: If-Match does not match"),
        (413, "Request too large"),
        (422, "Invalid input"),
        (429, "Too many requests: wait as long as Retry-After says"),
        (503, "Temporarily unavailable; retry"),
    )
}
