"""The REST API under /v1 (FastAPI; one router per resource)."""

from __future__ import annotations

from fastapi import FastAPI

from functions.api.routes import (
    events,
    expenses,
    groceries,
    health,
    notes,
    places,
    plan,
    recipes,
    reminders,
    settings,
    tasks,
)
from shared.runtime.api import document_problems, install_problem_handlers
from shared.runtime.http import http_function


def create_app() -> FastAPI:
    api = FastAPI(
        title="Boussole API",
        version="0.2.0",
        description="The signed-in person's data, as the SMS assistant keeps it. Errors are RFC 9457 problems.",
        docs_url="/v1/docs",
        openapi_url="/v1/openapi.json",
    )
    install_problem_handlers(api)
    document_problems(api)
    api.include_router(health.router)
    for resource in (reminders, tasks, groceries, recipes, expenses, events, places, notes, settings, plan):
        api.include_router(resource.router)
    return api


app, lambda_handler, gcf_handler = http_function(create_app(), name="api")
