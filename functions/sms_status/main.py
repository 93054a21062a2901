"""Twilio delivery receipts (status callbacks): verify, apply, answer. A bare ASGI endpoint like the
inbound webhook; the database work runs in a thread. Our tag (the outbox row's id) rides in the callback
URL's query, which the signature covers."""

from __future__ import annotations

import asyncio
import logging

from shared.messaging.inbound import verified_form
from shared.messaging.receipts import parse_callback
from shared.runtime.asgi import HttpRequest, HttpResponse, endpoint
from shared.runtime.http import http_function
from shared.runtime.problems import Problem
from shared.wiring import get_deps

log = logging.getLogger("boussole.sms_status")
MAX_BODY = 16_000


async def sms_status(request: HttpRequest) -> HttpResponse:
    deps = get_deps()
    try:
        params = verified_form(request, public_base_url=deps.settings.public_base_url, checker=deps.signature)
        callback = parse_callback(params, query=request.query, account_sid=deps.settings.twilio_account_sid)
    except Problem as problem:
        return HttpResponse.problem(problem, request.path)
    try:
        outcome = await asyncio.to_thread(deps.apply_receipt, callback)  # core
    except Exception:  # the database is down (or a bug): Twilio retries a 5xx
        log.exception("delivery receipt not applied")
        unavailable = Problem(503, "unavailable", "Temporarily unavailable", "Not recorded; please retry.")
        return HttpResponse.problem(unavailable, request.path, **{"Retry-After": "5"})
    log.info("delivery receipt", extra={"event": "sms.receipt", "status": callback.status, "outcome": outcome})
    return HttpResponse(200, b"", "text/plain")  # render


app, lambda_handler, gcf_handler = http_function(
    endpoint({("POST", "/sms/status"): sms_status}, max_body=MAX_BODY), name="sms_status"
)
