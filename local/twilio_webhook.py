"""Act like Twilio calling our webhooks: the form it posts for an inbound SMS, and its signature. The SMS
console, the tests and the benchmarks all speak to the webhook through these.

Field set and order follow twilio.com/docs/messaging/guides/webhook-request. Outside the
US/Canada, Twilio sends the geographic fields (ToState, FromCity, FromZip, …) *blank*, not absent;
they still count in X-Twilio-Signature, so keep them when verifying.
"""

from __future__ import annotations

import secrets
from urllib.parse import urlencode

from twilio.request_validator import RequestValidator

from shared.messaging.segments import count_segments

API_VERSION = "2010-04-01"
__all__ = ["API_VERSION", "count_segments", "country_of", "encode_form", "inbound_params", "new_message_sid", "sign"]

# Enough of E.164's country codes for our tests; longest prefix wins.
_COUNTRY_BY_PREFIX = {
    "+1": "US",
    "+32": "BE",
    "+33": "FR",
    "+34": "ES",
    "+352": "LU",
    "+41": "CH",
    "+44": "GB",
    "+49": "DE",
    "+590": "GP",
    "+596": "MQ",
    "+262": "RE",
}


def country_of(number: str) -> str:
    """Return the ISO country Twilio would report for an E.164 number ("" if unknown here)."""
    for prefix in sorted(_COUNTRY_BY_PREFIX, key=len, reverse=True):
        if number.startswith(prefix):
            return _COUNTRY_BY_PREFIX[prefix]
    return ""


def new_message_sid() -> str:
    """Return a fresh SMS SID: "SM" + 32 hex digits."""
    return "SM" + secrets.token_hex(16)


def inbound_params(
    *,
    from_: str,
    to: str,
    body: str,
    account_sid: str,
    message_sid: str | None = None,
    messaging_service_sid: str | None = None,
) -> dict[str, str]:
    """Build the form Twilio POSTs to the incoming-message webhook for one plain SMS."""
    sid = message_sid or new_message_sid()
    params = {
        "ToCountry": country_of(to),
        "ToState": "",
        "SmsMessageSid": sid,
        "NumMedia": "0",
        "ToCity": "",
        "FromZip": "",
        "SmsSid": sid,
        "FromState": "",
        "SmsStatus": "received",
        "FromCity": "",
        "Body": body,
        "FromCountry": country_of(from_),
        "To": to,
    }
    if messaging_service_sid is not None:
        # Present only when the receiving number belongs to a Messaging Service.
        params["MessagingServiceSid"] = messaging_service_sid
    params |= {
        "ToZip": "",
        "NumSegments": str(count_segments(body)),
        "MessageSid": sid,
        "AccountSid": account_sid,
        "From": from_,
        "ApiVersion": API_VERSION,
    }
    return params


def sign(url: str, params: dict[str, str], auth_token: str) -> str:
    """Compute X-Twilio-Signature for a form POST to `url` (the exact public URL Twilio calls)."""
    signature: str = RequestValidator(auth_token).compute_signature(url, params)
    return signature


def encode_form(params: dict[str, str]) -> str:
    """Encode params as Twilio does (application/x-www-form-urlencoded, UTF-8)."""
    return urlencode(params)
