"""/v1/me: the signed-in person's own account. `GET /v1/me/export` returns everything Boussole holds about
them as one JSON document (shared.privacy.service; the format is described in docs/api.md)."""

from __future__ import annotations

import base64
import json
import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from fastapi import APIRouter, Response

from functions.api.deps import CurrentUser, DepsDep, UowDep
from functions.api.kit import PROBLEMS
from shared.privacy import service as privacy

router = APIRouter(prefix="/v1/me", tags=["me"], responses=PROBLEMS)


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
def export_me(user: CurrentUser, uow: UowDep, deps: DepsDep) -> Response:
    document = privacy.export(uow.session, user=user, now=deps.clock.now())
    stamp = deps.clock.now().strftime("%Y%m%d")
    return Response(
        json.dumps(document, default=_plain, ensure_ascii=False, indent=1),
        media_type="application/json",
        headers={
            "Content-Disposition": f'attachment; filename="boussole-{stamp}.json"',
            "Cache-Control": "no-store",
        },
    )
