"""GET /v1/health: is the function up, and can it reach its database and cache."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from functions.api.deps import DepsDep
from shared.db.health import database_ok

router = APIRouter()


@router.get("/v1/health", tags=["health"])
def health(deps: DepsDep) -> JSONResponse:
    checks = {"database": database_ok(deps.engine), "cache": _cache_ok(deps)}
    ok = all(checks.values())
    headers = None if ok else {"Retry-After": "5"}
    body = {"status": "ok" if ok else "degraded", "checks": checks}
    return JSONResponse(body, status_code=200 if ok else 503, headers=headers)


def _cache_ok(deps: DepsDep) -> bool:
    try:
        return deps.cache.ping()
    except Exception:
        return False
