"""One ASGI app, three runtimes: AWS Lambda (Mangum), Google Cloud Functions (functions-framework with
`--asgi`), and the emulator (mounted as is). Nothing heavy is imported here."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

ASGIApp = Any  # FastAPI, Starlette or a bare ASGI callable: each types the protocol its own way


class _Forward:
    """What a functions-framework ASGI target returns: Starlette awaits it with the live scope, receive
    and send, so our app sees the request untouched (body unread)."""

    __slots__ = ("app",)

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        await self.app(scope, receive, send)


def http_function(app: ASGIApp, *, name: str) -> tuple[ASGIApp, Callable[..., Any], Callable[..., Any]]:
    """Return (app, lambda_handler, gcf_handler) for an HTTP function."""
    mangum: list[Any] = []

    def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
        if not mangum:
            from mangum import Mangum

            from shared.runtime import logs

            logs.configure(name)
            from shared.wiring import get_deps

            # lifespan="auto" would run startup/shutdown on every invocation (LIBRARIES §4). A named
            # HTTP API stage ("/dev") stays in the path of v2 events: strip it.
            base_path = get_deps().settings.api_gateway_base_path
            mangum.append(Mangum(app, lifespan="off", api_gateway_base_path=base_path))
        try:  # Mangum runs on asyncio.get_event_loop(), which raises once an asyncio.run() has closed it
            asyncio.get_event_loop()
        except RuntimeError:
            asyncio.set_event_loop(asyncio.new_event_loop())
        response: dict[str, Any] = mangum[0](event, context)
        return response

    async def gcf_handler(request: Any) -> _Forward:
        from shared.runtime import logs

        logs.configure(name)
        return _Forward(app)

    lambda_handler.__name__ = gcf_handler.__name__ = f"{name}_handler"
    return app, lambda_handler, gcf_handler
