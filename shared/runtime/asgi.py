"""A bare ASGI endpoint for the hottest paths (the Twilio webhook): exact routes, bytes in, bytes out.

Starlette's request, routing and middleware cost ~40 % of the webhook's CPU under load (bench/webhook.py
profile); this does the little the webhook needs. Errors are RFC 9457 problems like everywhere else.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from shared.runtime.problems import PROBLEM_CONTENT_TYPE, Problem


@dataclass(slots=True)
class HttpRequest:
    method: str
    path: str
    query: str
    headers: list[tuple[bytes, bytes]]
    body: bytes

    def header(self, name: str) -> str | None:
        key = name.lower().encode()
        for k, v in self.headers:
            if k == key:
                return v.decode("latin-1")
        return None


@dataclass(slots=True)
class HttpResponse:
    status: int
    body: bytes
    content_type: str
    headers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def problem(cls, problem: Problem, instance: str | None = None, **headers: str) -> HttpResponse:
        return cls(problem.status, problem.to_json(instance), PROBLEM_CONTENT_TYPE, headers)


Handler = Callable[[HttpRequest], Awaitable[HttpResponse]]


def endpoint(routes: dict[tuple[str, str], Handler], *, max_body: int) -> Callable[..., Awaitable[None]]:
    """An ASGI app serving `{(method, path): handler}`; 404/405/413 as problems, lifespan acknowledged."""
    paths = {path for _, path in routes}

    async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "lifespan":
            while True:
                message = await receive()
                done = message["type"] == "lifespan.shutdown"
                await send({"type": message["type"] + ".complete"})
                if done:
                    return
        if scope["type"] != "http":
            return
        path, method = scope["path"], scope["method"]
        handler = routes.get((method, path))
        if handler is None:
            status = 405 if path in paths else 404
            problem = Problem(
                status,
                "not-found" if status == 404 else "method-not-allowed",
                "Not found" if status == 404 else "Method not allowed",
            )
            return await _send(send, HttpResponse.problem(problem, path))
        body = b""
        more = True
        while more:
            message = await receive()
            body += message.get("body", b"")
            more = message.get("more_body", False)
            if len(body) > max_body:
                problem = Problem(413, "too-large", "Request too large", f"The body is over {max_body} bytes.")
                return await _send(send, HttpResponse.problem(problem, path))
        request = HttpRequest(method, path, scope.get("query_string", b"").decode("latin-1"), scope["headers"], body)
        await _send(send, await handler(request))

    return app


async def _send(send: Any, response: HttpResponse) -> None:
    headers = [(b"content-type", response.content_type.encode()), (b"content-length", str(len(response.body)).encode())]
    headers += [(k.lower().encode(), v.encode()) for k, v in response.headers.items()]
    await send({"type": "http.response.start", "status": response.status, "headers": headers})
    await send({"type": "http.response.body", "body": response.body})
