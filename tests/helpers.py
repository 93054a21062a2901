"""Small helpers shared by tests: acting like Twilio on our webhook."""

from __future__ import annotations

from typing import Any

import httpx

from local.twilio_webhook import inbound_params, new_message_sid, sign
from shared.config import LOCAL_TWILIO_SID, LOCAL_TWILIO_TOKEN

BOUSSOLE_NUMBER = "+15005550006"


def post_sms(
    http: httpx.Client,
    base_url: str,
    *,
    from_: str,
    body: str,
    message_sid: str | None = None,
    token: str = LOCAL_TWILIO_TOKEN,
    tamper: dict[str, str] | None = None,
    to: str = BOUSSOLE_NUMBER,
) -> httpx.Response:
    """POST a correctly signed inbound SMS (then optionally tamper with fields after signing)."""
    params = inbound_params(
        from_=from_,
        to=to,
        body=body,
        message_sid=message_sid or new_message_sid(),
        account_sid=LOCAL_TWILIO_SID,
    )
    signature = sign(f"{base_url}/sms/inbound", params, token)
    if tamper:
        params.update(tamper)
    return http.post("/sms/inbound", data=params, headers={"X-Twilio-Signature": signature})


def rows(engine: Any, sql: str, **params: Any) -> list[Any]:
    from sqlalchemy import text

    with engine.connect() as conn:
        return list(conn.execute(text(sql), params).all())
