"""SmsGateway over the twilio SDK: vendor errors become SmsRejected or SmsUnavailable."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

# Cheap (~10 ms); twilio.rest and requests (~200 ms of cold start) load only in connect().
from twilio.base.exceptions import TwilioRestException, TwilioServiceException

from shared.messaging.port import LogUnavailable, OutboundSms, SendReceipt, SmsRejected, SmsUnavailable

if TYPE_CHECKING:
    from twilio.rest import Client

# 429 is "slow down", not "never": retry later like a 5xx.
_TRANSIENT_STATUSES = frozenset({408, 429})
_ACCOUNT_STATUSES = frozenset({401, 403, 404})  # 20003 auth, suspended account, unknown SID


class TwilioGateway:
    """Send SMS through Twilio's Messages API from one number or one Messaging Service."""

    def __init__(
        self,
        client: Client,
        *,
        from_number: str | None = None,
        messaging_service_sid: str | None = None,
    ) -> None:
        if (from_number is None) == (messaging_service_sid is None):
            raise ValueError("TwilioGateway needs exactly one of from_number or messaging_service_sid")
        self._client = client
        self._from_number = from_number
        self._messaging_service_sid = messaging_service_sid

    @property
    def sender(self) -> str:
        return self._from_number or self._messaging_service_sid or ""

    @classmethod
    def connect(
        cls,
        account_sid: str,
        auth_token: str,
        *,
        from_number: str | None = None,
        messaging_service_sid: str | None = None,
        api_base_url: str | None = None,
        timeout_seconds: float = 10,
        pool_size: int = 32,
    ) -> TwilioGateway:
        """Build a gateway with its own client; api_base_url points it at a fake or emulator."""
        from requests.adapters import HTTPAdapter
        from twilio.http.http_client import TwilioHttpClient
        from twilio.rest import Client

        http = TwilioHttpClient(timeout=timeout_seconds, pool_connections=True)
        # Senders share this client from several threads: one pooled connection each, not a pool of 10
        # that drops (and re-opens) the rest.
        assert http.session is not None  # pool_connections=True
        http.session.mount("https://", HTTPAdapter(pool_maxsize=pool_size))
        http.session.mount("http://", HTTPAdapter(pool_maxsize=pool_size))
        client = Client(account_sid, auth_token, http_client=http)
        if api_base_url is not None:
            # The Api domain joins base_url + "/2010-04-01/Accounts/{sid}/Messages.json";
            # edge/region would rewrite the host again, so they stay unset here.
            client.api.base_url = api_base_url.rstrip("/")
        return cls(client, from_number=from_number, messaging_service_sid=messaging_service_sid)

    def send(self, sms: OutboundSms) -> SendReceipt:
        """Hand one SMS to Twilio; raise SmsRejected (permanent) or SmsUnavailable (retry)."""
        # Twilio's Messages API has no idempotency key, so sms.idempotency_key is not forwarded:
        # duplicate suppression is the outbox's job (mark sent with the returned SID).
        try:
            message = self._client.messages.create(
                to=sms.to,
                body=sms.body,
                from_=self._from_number,
                messaging_service_sid=self._messaging_service_sid,
                status_callback=sms.status_callback,
            )
        except (TwilioRestException, TwilioServiceException) as exc:
            raise _classify(exc.status, exc.code) from exc
        except OSError as exc:
            # requests' ConnectionError/Timeout subclass IOError (= OSError); catching the base
            # keeps `requests` out of this module's import cost. Only a refused connection proves the
            # request never reached Twilio; after anything else it may have been accepted.
            raise SmsUnavailable(f"twilio unreachable: {type(exc).__name__}", in_doubt=not _refused(exc)) from exc
        return SendReceipt(provider_id=str(message.sid), status=str(message.status))

    def find_sent(self, sms: OutboundSms, *, since: datetime, limit: int = 200) -> SendReceipt | None:
        """Look for this SMS among the recent messages to its recipient: same sender, created since
        `since`, same body (Twilio keeps no idempotency key, so the body is our tag)."""
        try:
            recent = self._client.messages.stream(to=sms.to, from_=self._from_number, limit=limit, page_size=50)
            for message in recent:
                created = message.date_created
                if created is not None and created < since:
                    continue
                if self._messaging_service_sid and message.messaging_service_sid != self._messaging_service_sid:
                    continue
                if (message.body or "") == sms.body:
                    return SendReceipt(provider_id=str(message.sid), status=str(message.status))
        except (TwilioRestException, TwilioServiceException) as exc:
            raise SmsUnavailable(f"twilio lookup failed: HTTP {exc.status}, error {exc.code}") from exc
        except OSError as exc:
            raise SmsUnavailable(f"twilio unreachable: {type(exc).__name__}") from exc
        return None

    def forget(self, provider_id: str) -> None:
        """DELETE the Message resource (its body and numbers) at Twilio; a 404 means it is already gone. A
        message still in flight is refused (error 20009): LogUnavailable, to try again later."""
        try:
            self._client.messages(provider_id).delete()
        except (TwilioRestException, TwilioServiceException) as exc:
            if exc.status == 404:
                return
            raise LogUnavailable(
                f"twilio delete failed: HTTP {exc.status}, error {exc.code}", provider_code=exc.code
            ) from exc
        except OSError as exc:
            raise LogUnavailable(f"twilio unreachable: {type(exc).__name__}") from exc


def _refused(exc: BaseException) -> bool:
    """The connection was refused or could not be made (nothing was sent), per requests' ConnectTimeout
    or a refused/unresolvable connection anywhere in the chain."""
    seen: BaseException | None = exc
    while seen is not None:
        name = type(seen).__name__
        if isinstance(seen, ConnectionRefusedError) or name in (
            "ConnectTimeout",
            "NewConnectionError",
            "NameResolutionError",
        ):
            return True
        seen = (
            seen.__cause__
            or seen.__context__
            or (seen.args[0] if seen.args and isinstance(seen.args[0], BaseException) else None)
        )
    return False


def _classify(status: int, code: int | None) -> SmsRejected | SmsUnavailable:
    """Map Twilio's HTTP status to our permanence; the message omits Twilio's text (it echoes numbers)."""
    summary = f"twilio HTTP {status}, error {code}"
    if status >= 500 or status in _TRANSIENT_STATUSES:
        return SmsUnavailable(summary, provider_code=code)
    if status in _ACCOUNT_STATUSES:
        # Our credentials or account (revoked token, suspended account, wrong SID), not this message:
        # retry, so that messages go out once the configuration is fixed, and let the errors alert.
        return SmsUnavailable(f"{summary} (account or credentials)", provider_code=code)
    return SmsRejected(summary, provider_code=code)
