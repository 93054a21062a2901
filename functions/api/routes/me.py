"""/v1/me: the signed-in person's own account (shared.privacy.service; described in docs/api.md).
`GET /v1/me/export` returns everything Boussole holds about them as one JSON document; `POST /v1/me/erasure`
gives a one-time code and `DELETE /v1/me` with that code erases them."""

from __future__ import annotations

import base64
import json
import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from functions.api.deps import CurrentUser, DepsDep, UowDep
from functions.api.kit import PROBLEMS
from shared.privacy import service as privacy
from shared.wiring import Deps

router = APIRouter(prefix="/v1/me", tags=["me"], responses=PROBLEMS)


def _audit(request: Request, deps: Deps) -> privacy.Audit:
    address = request.client.host if request.client else None
    return privacy.Audit(secret=deps.settings.token_secret.get_secret_value(), address=address)


def _plain(value: Any) -> Any:
    """JSON for what the database holds: money stays an exact decimal string, times ISO 8601 with their zone."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, uuid.UUID | Decimal):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return base64.b64encode(bytes(value)).decode()
    if isinstance(value, set | frozenset):
        return sorted(value)
    raise TypeError(f"cannot export a {type(value).__name__}")


@router.get(
    "/export",
    responses={200: {"content": {"application/json": {}}, "description": "every row about you, by table"}},
)
def export_me(request: Request, user: CurrentUser, uow: UowDep, deps: DepsDep) -> Response:
    document = privacy.export(uow.session, user=user, now=deps.clock.now(), audit=_audit(request, deps))
    stamp = deps.clock.now().strftime("%Y%m%d")
    return Response(
        json.dumps(document, default=_plain, ensure_ascii=False, indent=1),
        media_type="application/json",
        headers={
            "Content-Disposition": f'attachment; filename="boussole-{stamp}.json"',
            "Cache-Control": "no-store",
        },
    )


class ErasureOut(BaseModel):
    confirmation: str = Field(description="send it back to DELETE /v1/me within 10 minutes; it works once")
    expires_at: datetime


class ErasureIn(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"confirmation": "Zk3…"}]})
    confirmation: str = Field(min_length=1, max_length=100)


class ErasedOut(BaseModel):
    erased: dict[str, int] = Field(description="rows deleted, by table")
    backups_until: datetime = Field(description="backups made before now still hold your data until then")


@router.post("/erasure", response_model=ErasureOut, status_code=201)
def start_erasure(request: Request, user: CurrentUser, uow: UowDep, deps: DepsDep) -> ErasureOut:
    code, expires = privacy.start_erasure(
        uow.session, deps.cache, user=user, now=deps.clock.now(), audit=_audit(request, deps)
    )
    return ErasureOut(confirmation=code, expires_at=expires)


@router.delete("", response_model=ErasedOut)
def erase_me(request: Request, body: ErasureIn, user: CurrentUser, uow: UowDep, deps: DepsDep) -> ErasedOut:
    done = privacy.erase(
        uow.session,
        deps.cache,
        user=user,
        now=deps.clock.now(),
        confirmation=body.confirmation,
        backup_days=deps.settings.backup_retention_days,
        audit=_audit(request, deps),
    )
    return ErasedOut(erased=done.rows, backups_until=done.backups_until)
