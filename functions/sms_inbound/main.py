"""Twilio inbound SMS: verify, store once, queue a turn, answer in milliseconds.

Starlette, not FastAPI: this is the hottest and most latency-sensitive path (cold start and rate, see
bench/), and it needs no validation framework beyond Twilio's own fields.
"""

from __future__ import annotations

import logging

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from shared.messaging.inbound import parse_form, to_inbound
from shared.runtime.http import http_function
from shared.runtime.problems import PROBLEM_CONTENT_TYPE, Problem
from shared.wiring import get_deps

log = logging.getLogger("boussole.sms_inbound")
EMPTY_TWIML = b'<?xml version="1.0" encoding="UTF-8"?><Response />'


async def sms_inbound(request: Request) -> Response:
    deps = get_deps()
    try:
        body = await request.body()
        if len(body) > deps.settings.webhook_max_body_bytes:
            raise Problem(413, "too-large", "Request too large", "The form body is too large.")
        params = parse_form(body)  # parse
        query = request.scope["query_string"].decode("latin-1")
        url = deps.settings.public_base_url + request.scope["path"] + (f"?{query}" if query else "")
        if not deps.signature.check(url, params, request.headers.get("x-twilio-signature")):
            raise Problem(403, "bad-signature", "Invalid signature", "X-Twilio-Signature does not match.")
        sms = to_inbound(params, account_sid=deps.settings.twilio_account_sid)
        stored = await deps.inbound_store.store(sms, now=deps.clock.now())  # core: committed before we answer
    except Problem as problem:
        return Response(problem.to_json(request.scope["path"]), problem.status, media_type=PROBLEM_CONTENT_TYPE)
    except Exception:  # the database is unreachable: not stored, so make Twilio retry
        log.exception("inbound SMS not stored")
        problem = Problem(503, "unavailable", "Temporarily unavailable", "Not stored; please retry.")
        return Response(problem.to_json(), 503, media_type=PROBLEM_CONTENT_TYPE, headers={"Retry-After": "5"})
    if stored.job_id is not None:
        try:
            deps.dispatcher.dispatch("agent_turn", stored.job_id)
        except Exception:  # stored and committed: the sweep re-dispatches jobs whose notice was lost
            log.exception("agent turn notice not sent; the sweep will pick the job up")
    return Response(EMPTY_TWIML, media_type="text/xml")  # render


app, lambda_handler, gcf_handler = http_function(
    Starlette(routes=[Route("/sms/inbound", sms_inbound, methods=["POST"])]), name="sms_inbound"
)
