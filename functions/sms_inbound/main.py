"""Twilio inbound SMS: verify, store once, queue a turn, answer in milliseconds.

A bare ASGI endpoint, not FastAPI: the hottest path (cold start and rate, see bench/). When the database
cannot take the message it goes to the spill (the function's queue) and Twilio still gets its 200; only
when both fail does Twilio get a 503, and retry.
"""

from __future__ import annotations

import logging

from shared.messaging.inbound import check_numbers, spill, to_inbound, verified_form
from shared.runtime.asgi import HttpRequest, HttpResponse, endpoint
from shared.runtime.http import http_function
from shared.runtime.problems import Problem
from shared.wiring import get_deps

log = logging.getLogger("boussole.sms_inbound")
EMPTY_TWIML = b'<?xml version="1.0" encoding="UTF-8"?><Response />'
MAX_BODY = 64_000  # Twilio's largest form (1,600 characters, percent-encoded) is far below
STORE_TIMEOUT = 5.0  # seconds; Twilio gives up at 15


async def sms_inbound(request: HttpRequest) -> HttpResponse:
    deps = get_deps()
    try:
        params = verified_form(request, public_base_url=deps.settings.public_base_url, checker=deps.signature)
        sms = to_inbound(params, account_sid=deps.settings.twilio_account_sid)
        check_numbers(sms, deps.own_numbers)
    except Problem as problem:
        return HttpResponse.problem(problem, request.path)
    now = deps.clock.now()
    try:  # core: committed before we answer
        stored = await deps.inbound_store.store(sms, now=now, timeout=STORE_TIMEOUT)
    except Exception as exc:
        if await spill(deps.spill, sms, now=now, cause=exc):
            return HttpResponse(200, EMPTY_TWIML, "text/xml")
        unavailable = Problem(503, "unavailable", "Temporarily unavailable", "Not stored; please retry.")
        return HttpResponse.problem(unavailable, request.path, **{"Retry-After": "5"})
    if stored.job_id is not None:
        try:
            deps.dispatcher.dispatch("agent_turn", stored.job_id)
        except Exception:  # stored and committed: the sweep re-dispatches jobs whose notice was lost
            log.exception("agent turn notice not sent; the sweep will pick the job up")
    return HttpResponse(200, EMPTY_TWIML, "text/xml")  # render


app, lambda_handler, gcf_handler = http_function(
    endpoint({("POST", "/sms/inbound"): sms_inbound}, max_body=MAX_BODY), name="sms_inbound"
)
