"""The REST API under /v1 (FastAPI; one router per resource, built on its first request: functions/api/lazy.py)."""

from __future__ import annotations

from typing import Any

from fastapi import Depends

from functions.api.lazy import RESOURCES, Api
from functions.api.limits import BodyCap, limit_requests
from functions.api.refuse import refuse_nul
from functions.api.routes import health
from shared.runtime.api import document_problems, install_problem_handlers
from shared.runtime.http import http_function

__all__ = ["RESOURCES", "app", "create_app", "gcf_handler", "lambda_handler"]


def create_app() -> Api:
    api = Api(
        title="Boussole API",
        version="0.3.0",
        description="The signed-in person's data, as the SMS assistant keeps it. Errors are RFC 9457 problems.",
        docs_url="/v1/docs",
        openapi_url="/v1/openapi.json",
        dependencies=[Depends(limit_requests), Depends(refuse_nul)],
    )
    install_problem_handlers(api)
    api.add_middleware(BodyCap)
    api.include_router(health.router)
    build = api.openapi

    def openapi() -> dict[str, Any]:
        api.load_all()
        return build()

    api.openapi = openapi  # type: ignore[method-assign]
    document_problems(api)
    return api


app, lambda_handler, gcf_handler = http_function(create_app(), name="api")
