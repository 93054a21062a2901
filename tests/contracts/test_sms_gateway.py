"""SmsGateway contract: the real twilio SDK, through TwilioGateway, against a strict local Twilio."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from shared.messaging.adapters.twilio import TwilioGateway
from shared.messaging.port import OutboundSms, SmsRejected, SmsUnavailable
from tests.fakes.twilio_api import FakeTwilio

ACCOUNT_SID = "AC" + "5a" * 16
AUTH_TOKEN = "0f" * 16
SENDER = "+33757131234"
SERVICE_SID = "MG" + "3c" * 16
USER = "+33612345678"
REPO = Path(__file__).resolve().parents[2]


def outbound(body: str = "Rappel : appeler le médecin à 9h", *, to: str = USER, **kw: str) -> OutboundSms:
    return OutboundSms(to=to, body=body, idempotency_key="outbox-1", **kw)


@pytest.fixture
def fake() -> Iterator[FakeTwilio]:
    with FakeTwilio(ACCOUNT_SID, AUTH_TOKEN) as server:
        yield server


@pytest.fixture
def gateway(fake: FakeTwilio) -> TwilioGateway:
    return TwilioGateway.connect(
        ACCOUNT_SID, AUTH_TOKEN, from_number=SENDER, api_base_url=fake.base_url, timeout_seconds=2
    )


class TestSendFromNumber:
    def test_message_arrives_exactly_as_sent(self, fake: FakeTwilio, gateway: TwilioGateway) -> None:
        receipt = gateway.send(outbound("Bonjour 👋 — n'oublie pas ta pause à 15h"))

        [sent] = fake.wait_for(1)
        assert (sent["to"], sent["from_"], sent["body"]) == (
            USER,
            SENDER,
            "Bonjour 👋 — n'oublie pas ta pause à 15h",
        )
        assert sent["messaging_service_sid"] is None
        assert receipt.provider_id == sent["sid"]
        assert receipt.provider_id.startswith("SM") and len(receipt.provider_id) == 34
        assert receipt.status == "queued"

    def test_status_callback_is_forwarded(self, fake: FakeTwilio, gateway: TwilioGateway) -> None:
        callback = "https://sms.example.fr/sms/status?ct=5000"
        gateway.send(outbound(status_callback=callback))

        assert fake.wait_for(1)[0]["status_callback"] == callback

    def test_no_status_callback_sends_none(self, fake: FakeTwilio, gateway: TwilioGateway) -> None:
        gateway.send(outbound())

        assert fake.wait_for(1)[0]["status_callback"] is None

    def test_each_send_gets_its_own_sid(self, fake: FakeTwilio, gateway: TwilioGateway) -> None:
        receipts = [gateway.send(outbound(f"message {i}")) for i in range(3)]

        assert [r.provider_id for r in receipts] == [m["sid"] for m in fake.wait_for(3)]
        assert len({r.provider_id for r in receipts}) == 3


class TestSendFromMessagingService:
    def test_service_sid_replaces_from(self, fake: FakeTwilio) -> None:
        gateway = TwilioGateway.connect(
            ACCOUNT_SID, AUTH_TOKEN, messaging_service_sid=SERVICE_SID, api_base_url=fake.base_url
        )

        receipt = gateway.send(outbound("Via le service"))

        [sent] = fake.wait_for(1)
        assert (sent["messaging_service_sid"], sent["from_"], sent["to"]) == (SERVICE_SID, None, USER)
        assert receipt.provider_id == sent["sid"]
        assert receipt.status == "accepted"  # Twilio picks the sender later


class TestPermanentRejections:
    def test_opted_out_recipient_is_rejected_with_21610(self, fake: FakeTwilio, gateway: TwilioGateway) -> None:
        fake.opt_out(USER)

        with pytest.raises(SmsRejected) as caught:
            gateway.send(outbound())

        assert caught.value.provider_code == 21610
        assert fake.messages == []

    def test_invalid_number_is_rejected_with_21211(self, gateway: TwilioGateway) -> None:
        with pytest.raises(SmsRejected) as caught:
            gateway.send(outbound(to="0612345678"))

        assert caught.value.provider_code == 21211

    def test_wrong_auth_token_is_retryable_with_20003(self, fake: FakeTwilio) -> None:
        gateway = TwilioGateway.connect(ACCOUNT_SID, "wrong-token", from_number=SENDER, api_base_url=fake.base_url)

        with pytest.raises(SmsUnavailable) as caught:
            gateway.send(outbound())

        assert caught.value.provider_code == 20003
        assert fake.messages == []

    def test_error_text_does_not_echo_the_phone_number(self, gateway: TwilioGateway) -> None:
        with pytest.raises(SmsRejected) as caught:
            gateway.send(outbound(to="+0000"))

        assert "+0000" not in str(caught.value)  # Twilio's message does; ours goes to logs


class TestTransientFailures:
    @pytest.mark.parametrize(("status", "code"), [(503, 20503), (500, 20500), (429, 20429)])
    def test_server_errors_and_throttling_are_retryable(
        self, fake: FakeTwilio, gateway: TwilioGateway, status: int, code: int
    ) -> None:
        fake.fail_next(1, status=status)

        with pytest.raises(SmsUnavailable) as caught:
            gateway.send(outbound())

        assert not isinstance(caught.value, SmsRejected)
        assert caught.value.provider_code == code
        assert fake.messages == []

    def test_a_retry_after_a_503_goes_through(self, fake: FakeTwilio, gateway: TwilioGateway) -> None:
        fake.fail_next(1, status=503)
        with pytest.raises(SmsUnavailable):
            gateway.send(outbound())

        receipt = gateway.send(outbound())

        assert [m["sid"] for m in fake.wait_for(1)] == [receipt.provider_id]

    def test_server_down_is_unavailable_quickly(self) -> None:
        with socket.socket() as probe:  # a port nothing listens on
            probe.bind(("127.0.0.1", 0))
            closed_port = probe.getsockname()[1]
        gateway = TwilioGateway.connect(
            ACCOUNT_SID,
            AUTH_TOKEN,
            from_number=SENDER,
            api_base_url=f"http://127.0.0.1:{closed_port}",
            timeout_seconds=1,
        )

        started = time.monotonic()
        with pytest.raises(SmsUnavailable) as caught:
            gateway.send(outbound())

        assert time.monotonic() - started < 2
        assert caught.value.provider_code is None

    def test_a_hung_server_is_cut_off_at_the_timeout(self, fake: FakeTwilio) -> None:
        gateway = TwilioGateway.connect(
            ACCOUNT_SID, AUTH_TOKEN, from_number=SENDER, api_base_url=fake.base_url, timeout_seconds=0.5
        )
        fake.stall_next(1, seconds=10)

        started = time.monotonic()
        with pytest.raises(SmsUnavailable):
            gateway.send(outbound())

        assert time.monotonic() - started < 3


class TestConstruction:
    @pytest.mark.parametrize("senders", [{}, {"from_number": SENDER, "messaging_service_sid": SERVICE_SID}])
    def test_exactly_one_sender_is_required(self, senders: dict[str, str]) -> None:
        with pytest.raises(ValueError, match="exactly one"):
            TwilioGateway.connect(ACCOUNT_SID, AUTH_TOKEN, **senders)

    def test_importing_the_adapter_leaves_twilio_rest_unloaded(self) -> None:
        probe = (
            "import sys, shared.messaging.adapters.twilio; "
            "print(sorted(m for m in ('twilio.rest', 'requests') if m in sys.modules))"
        )
        out = subprocess.run([sys.executable, "-c", probe], cwd=REPO, capture_output=True, text=True, check=True)
        assert out.stdout.strip() == "[]"
