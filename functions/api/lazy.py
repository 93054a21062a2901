"""A FastAPI app that builds each resource's routes on the first request for it.

Building ~60 FastAPI routes (their pydantic models) costs more at a cold start than FastAPI, Mangum and
SQLAlchemy together, and one invocation only ever needs one resource. The OpenAPI document, the docs and
any path that names no known resource load them all, so what a client sees never depends on what was
loaded before.
"""

from __future__ import annotations

import importlib
from typing import Any

from fastapi import FastAPI

from shared.runtime.once import OncePerName

# The first path segment under /v1 -> the module in functions/api/routes/ whose router serves it.
RESOURCES: dict[str, str] = {
    "reminders": "reminders",
    "tasks": "tasks",
    "goals": "tasks",
    "groceries": "groceries",
    "recipes": "recipes",
    "expenses": "expenses",
    "expense-categories": "expenses",
    "events": "events",
    "places": "places",
    "notes": "notes",
    "settings": "settings",
    "plan": "plan",
    "memories": "memories",
    "me": "me",
    "admin": "admin",
    "auth": "auth",
}
EAGER = {"health"}  # tiny, and the load balancer's first call


class Api(FastAPI):
    """FastAPI that includes a resource's router on the first request for it."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.load = OncePerName(self._include)

    def _include(self, module: str) -> None:
        self.include_router(importlib.import_module(f"functions.api.routes.{module}").router)
        self.openapi_schema = None

    def load_all(self) -> None:
        self.load(*dict.fromkeys(RESOURCES.values()))

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            parts = scope["path"].split("/", 3)  # "", "v1", "<resource>", ...
            segment = parts[2] if len(parts) > 2 and parts[1] == "v1" else ""
            module = RESOURCES.get(segment)
            if module is not None:
                self.load(module)
            elif segment not in EAGER:
                self.load_all()  # the docs, the OpenAPI document, a 404 or 405 that must be right
        await super().__call__(scope, receive, send)
