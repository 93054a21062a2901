"""sms_status: Twilio's signed delivery receipts through the real endpoint, posted by the fake Twilio API
exactly as Twilio posts them (to the StatusCallback URL we gave with each send, our tag in its query)."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest

from local.twilio_webhook import sign
from shared.clock import TravelClock
from shared.config import LOCAL_TWILIO_SID, LOCAL_TWILIO_TOKEN
from tests.conftest import serve_emulator
from tests.fakes.twilio_api import FakeTwilio
from tests.helpers import post_sms, rows

KNOWN_PHONES = ("+33612341111",)  # onboarded already


@pytest.fixture()
def quiet_twilio():
    """A fake Twilio that posts receipts only when the test says, in the order it says."""
    with FakeTwilio(LOCAL_TWILIO_SID, LOCAL_TWILIO_TOKEN, auto_callbacks=False) as fake:
        yield fake


@pytest.fixture()
def emu(settings_for, quiet_twilio):
    with serve_emulator(settings_for(quiet_twilio), TravelClock(), quiet_twilio) as running:
        yield running


def reply_sid(emu, phone="+33612340000", body="aide") -> str:
    post_sms(emu.http, emu.base_url, from_=phone, body=body)
    emu.settle()
    return emu.twilio.wait_for(1)[-1]["sid"]


def outbox(emu, sql="SELECT status, provider_status, failure, provider_error FROM outbox WHERE kind = 'reply'"):
    return rows(emu.deps.engine, sql)


class TestAutomatic:
    def test_a_reply_is_marked_delivered_when_twilio_says_so(self, emulator) -> None:
        post_sms(emulator.http, emulator.base_url, from_="+33612349999", body="aide")
        emulator.settle()
        emulator.twilio.wait_callbacks(2)  # sent, delivered
        assert [c["http_status"] for c in emulator.twilio.callbacks] == [200, 200]
        [(status, provider_status, delivered_at)] = rows(
            emulator.deps.engine, "SELECT status, provider_status, delivered_at FROM outbox"
        )
        assert (status, provider_status) == ("sent", "delivered") and delivered_at is not None


class TestOrderAndRepeats:
    def test_status_only_moves_forward_and_repeats_change_nothing(self, emu) -> None:
        sid = reply_sid(emu)
        assert emu.twilio.post_callback(sid, "delivered") == 200
        assert emu.twilio.post_callback(sid, "sent") == 200  # late, out of order
        assert emu.twilio.post_callback(sid, "delivered") == 200  # repeated
        assert outbox(emu) == [("sent", "delivered", None, None)]

    def test_a_receipt_for_a_message_we_do_not_know_is_acknowledged_and_ignored(self, emu) -> None:
        params = {
            "MessageSid": "SM" + "0" * 32,
            "MessageStatus": "delivered",
            "AccountSid": LOCAL_TWILIO_SID,
            "From": "+15005550006",
            "To": "+33600000000",
        }
        url = f"{emu.base_url}/sms/status"
        response = emu.http.post(
            "/sms/status", data=params, headers={"X-Twilio-Signature": sign(url, params, LOCAL_TWILIO_TOKEN)}
        )
        assert response.status_code == 200
        assert rows(emu.deps.engine, "SELECT count(*) FROM outbox") == [(0,)]


class TestUndelivered:
    def test_a_transient_carrier_failure_goes_back_to_retry_and_is_sent_again(self, emu) -> None:
        sid = reply_sid(emu)
        emu.twilio.post_callback(sid, "sent")
        assert emu.twilio.post_callback(sid, "undelivered", error_code=30003) == 200  # handset off
        assert outbox(emu) == [("pending", "undelivered", None, 30003)]
        emu.twilio.post_callback(sid, "undelivered", error_code=30003)  # a repeat does not reopen it twice
        emu.clock.advance(timedelta(minutes=2))
        emu.sweep()
        messages = emu.twilio.wait_for(2)
        assert messages[1]["body"] == messages[0]["body"] and messages[1]["sid"] != sid
        assert outbox(emu)[0][:2] == ("sent", "queued")
        emu.twilio.post_callback(sid, "undelivered", error_code=30003)  # the old attempt again: stale
        assert outbox(emu)[0][0] == "sent"

    @pytest.mark.usefixtures("known_phones")
    def test_a_permanent_refusal_fails_the_reminder_visibly_and_the_person_is_told(self, emu) -> None:
        phone = "+33612341111"
        post_sms(emu.http, emu.base_url, from_=phone, body="rappelle-moi dans 10 minutes de sortir le chien")
        emu.settle()
        emu.clock.advance(timedelta(minutes=11))
        emu.sweep()
        reminder_sid = emu.twilio.wait_for(2)[1]["sid"]
        assert emu.twilio.post_callback(reminder_sid, "undelivered", error_code=30007) == 200  # carrier filtered
        engine = emu.deps.engine
        assert rows(engine, "SELECT status, failure FROM outbox WHERE kind = 'reminder'") == [
            ("failed", "body_refused")
        ]
        assert rows(engine, "SELECT status FROM reminders") == [("failed",)]
        emu.sweep()
        notice = emu.twilio.wait_for(3)[2]["body"]
        assert notice.startswith("Désolé, ton rappel prévu aujourd'hui à") and "refusé par l'opérateur" in notice


class TestClosesTheDuplicateWindow:
    def test_a_receipt_for_a_send_we_never_recorded_records_it_and_nothing_is_sent_again(self, emu) -> None:
        emu.twilio.drop_after_accept(1)  # Twilio accepts the reply; our side never hears back
        post_sms(emu.http, emu.base_url, from_="+33612342222", body="aide")
        emu.settle()
        [accepted] = emu.twilio.wait_for(1)
        assert outbox(emu, "SELECT status, in_doubt FROM outbox") == [("pending", True)]
        assert emu.twilio.post_callback(accepted["sid"], "sent") == 200  # the receipt carries our tag
        assert outbox(emu, "SELECT status, provider_sid, in_doubt FROM outbox") == [("sent", accepted["sid"], False)]
        emu.clock.advance(timedelta(minutes=5))
        emu.sweep()
        assert len(emu.twilio.messages) == 1


class TestRefusals:
    def _post(self, emu, params, *, sign_with=LOCAL_TWILIO_TOKEN, query="") -> httpx.Response:
        url = f"{emu.base_url}/sms/status{query}"
        headers = {"X-Twilio-Signature": sign(url, params, sign_with)}
        return emu.http.post(f"/sms/status{query}", data=params, headers=headers)

    def good(self, **over: str) -> dict[str, str]:
        return {"MessageSid": "SM" + "1" * 32, "MessageStatus": "sent", "AccountSid": LOCAL_TWILIO_SID} | over

    def test_a_forged_signature_is_403(self, emu) -> None:
        assert self._post(emu, self.good(), sign_with="not-the-token").status_code == 403

    @pytest.mark.parametrize(
        "over", [{"MessageStatus": "exploded"}, {"MessageSid": "nope"}, {"ErrorCode": "abc"}], ids=str
    )
    def test_malformed_fields_are_400_problems(self, emu, over) -> None:
        response = self._post(emu, self.good(**over))
        assert response.status_code == 400 and response.headers["content-type"] == "application/problem+json"

    def test_a_malformed_tag_is_400(self, emu) -> None:
        assert self._post(emu, self.good(), query="?o=not-a-uuid").status_code == 400

    def test_another_account_is_403(self, emu) -> None:
        assert self._post(emu, self.good(AccountSid="AC" + "9" * 32)).status_code == 403
