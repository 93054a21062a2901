"""The fakes are only worth their strictness: prove FakeTwilio refuses what Twilio refuses."""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Iterator
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import parse_qsl

import httpx
import pytest
from twilio.request_validator import RequestValidator

from local.twilio_webhook import inbound_params, sign
from tests.fakes.twilio_api import FakeTwilio, count_segments

ACCOUNT_SID = "AC" + "7e" * 16
AUTH_TOKEN = "a1" * 16
SENDER = "+33757131234"
SERVICE_SID = "MG" + "42" * 16
USER = "+33612345678"
EVENTS = Path(__file__).resolve().parents[1] / "events"


@pytest.fixture
def fake() -> Iterator[FakeTwilio]:
    with FakeTwilio(ACCOUNT_SID, AUTH_TOKEN) as server:
        yield server


@pytest.fixture
def http(fake: FakeTwilio) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=fake.base_url, auth=(ACCOUNT_SID, AUTH_TOKEN), timeout=5) as client:
        yield client


def post_message(http: httpx.Client, form: dict[str, str], **kw: object) -> httpx.Response:
    return http.post(f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json", data=form, **kw)  # type: ignore[arg-type]


def assert_twilio_error(response: httpx.Response, *, status: int, code: int) -> None:
    assert response.status_code == status
    assert response.json() == {
        "code": code,
        "message": response.json()["message"],
        "more_info": f"https://www.twilio.com/docs/errors/{code}",
        "status": status,
    }


class TestAccepts:
    def test_a_valid_send_returns_201_and_a_message_resource(self, fake: FakeTwilio, http: httpx.Client) -> None:
        response = post_message(http, {"To": USER, "From": SENDER, "Body": "Salut"})

        assert response.status_code == 201
        message = response.json()
        assert re.fullmatch(r"SM[0-9a-f]{32}", message["sid"])
        assert message | {"sid": None, "date_created": None, "date_updated": None} == {
            "account_sid": ACCOUNT_SID,
            "api_version": "2010-04-01",
            "body": "Salut",
            "date_created": None,
            "date_sent": None,
            "date_updated": None,
            "direction": "outbound-api",
            "error_code": None,
            "error_message": None,
            "from": SENDER,
            "messaging_service_sid": None,
            "num_media": "0",
            "num_segments": "1",
            "price": None,
            "price_unit": "USD",
            "sid": None,
            "status": "queued",
            "subresource_uris": {
                "media": f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages/{message['sid']}/Media.json",
                "feedback": f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages/{message['sid']}/Feedback.json",
            },
            "to": USER,
            "uri": f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages/{message['sid']}.json",
        }
        assert parsedate_to_datetime(message["date_created"]).utcoffset().total_seconds() == 0
        assert fake.messages[0]["sid"] == message["sid"]

    def test_a_body_of_exactly_1600_characters_is_fine(self, http: httpx.Client) -> None:
        response = post_message(http, {"To": USER, "From": SENDER, "Body": "a" * 1600})

        assert response.status_code == 201
        assert response.json()["num_segments"] == "11"


class TestRejectsLikeTwilio:
    def test_another_accounts_path_is_404(self, http: httpx.Client) -> None:
        other = "AC" + "00" * 16
        response = http.post(
            f"/2010-04-01/Accounts/{other}/Messages.json", data={"To": USER, "From": SENDER, "Body": "x"}
        )

        assert_twilio_error(response, status=404, code=20404)

    def test_an_unknown_path_is_404(self, http: httpx.Client) -> None:
        response = http.post(f"/2010-04-01/Accounts/{ACCOUNT_SID}/SMS/Messages.json", data={"To": USER})

        assert_twilio_error(response, status=404, code=20404)

    def test_missing_auth_is_401_with_a_basic_challenge(self, fake: FakeTwilio) -> None:
        response = httpx.post(fake.messages_url, data={"To": USER, "From": SENDER, "Body": "x"})

        assert_twilio_error(response, status=401, code=20003)
        assert response.headers["WWW-Authenticate"].startswith("Basic")

    def test_a_wrong_token_is_401(self, fake: FakeTwilio) -> None:
        response = httpx.post(
            fake.messages_url, data={"To": USER, "From": SENDER, "Body": "x"}, auth=(ACCOUNT_SID, "nope")
        )

        assert_twilio_error(response, status=401, code=20003)

    def test_a_bearer_token_is_401(self, fake: FakeTwilio) -> None:
        response = httpx.post(fake.messages_url, data={"To": USER}, headers={"Authorization": f"Bearer {AUTH_TOKEN}"})

        assert_twilio_error(response, status=401, code=20003)

    @pytest.mark.parametrize(
        ("form", "code"),
        [
            ({"From": SENDER, "Body": "x"}, 21604),  # no To
            ({"To": USER, "Body": "x"}, 21603),  # no sender
            ({"To": USER, "From": SENDER, "MessagingServiceSid": SERVICE_SID, "Body": "x"}, 21603),
            ({"To": USER, "From": SENDER}, 21602),  # no Body
            ({"To": USER, "From": SENDER, "Body": ""}, 21602),
            ({"To": USER, "From": SENDER, "Body": "a" * 1601}, 21617),
            ({"To": "0612345678", "From": SENDER, "Body": "x"}, 21211),  # not E.164
            ({"To": USER, "From": "not a number!", "Body": "x"}, 21212),
            ({"To": USER, "MessagingServiceSid": "MG123", "Body": "x"}, 21705),
            ({"To": USER, "From": SENDER, "Body": "x", "StatusCallback": "ftp://x.fr/s"}, 21609),
            ({"To": USER, "From": SENDER, "Body": "x", "StatusCallback": "https://my_host.fr/s"}, 21609),
        ],
    )
    def test_bad_parameters_are_400(
        self, fake: FakeTwilio, http: httpx.Client, form: dict[str, str], code: int
    ) -> None:
        assert_twilio_error(post_message(http, form), status=400, code=code)
        assert fake.messages == []

    def test_a_json_body_reads_as_no_parameters(self, http: httpx.Client) -> None:
        response = http.post(
            f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json",
            json={"To": USER, "From": SENDER, "Body": "x"},
        )

        assert_twilio_error(response, status=400, code=21604)

    def test_get_on_the_create_endpoint_is_405(self, http: httpx.Client) -> None:
        response = http.get(f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json")

        assert_twilio_error(response, status=405, code=20004)


class TestFaultInjection:
    def test_opt_out_then_opt_in(self, fake: FakeTwilio, http: httpx.Client) -> None:
        fake.opt_out(USER)
        form = {"To": USER, "From": SENDER, "Body": "x"}

        assert_twilio_error(post_message(http, form), status=400, code=21610)
        fake.opt_in(USER)
        assert post_message(http, form).status_code == 201

    def test_fail_next_counts_down(self, fake: FakeTwilio, http: httpx.Client) -> None:
        fake.fail_next(2, status=503)
        form = {"To": USER, "From": SENDER, "Body": "x"}

        statuses = [post_message(http, form).status_code for _ in range(3)]

        assert statuses == [503, 503, 201]
        assert len(fake.messages) == 1

    def test_429_carries_retry_after(self, fake: FakeTwilio, http: httpx.Client) -> None:
        fake.fail_next(status=429)

        response = post_message(http, {"To": USER, "From": SENDER, "Body": "x"})

        assert_twilio_error(response, status=429, code=20429)
        assert response.headers["Retry-After"] == "1"

    def test_wait_for_fails_loudly_when_nothing_arrives(self, fake: FakeTwilio) -> None:
        with pytest.raises(AssertionError, match="got 0 messages, expected 1"):
            fake.wait_for(1, timeout=0.05)


class TestSegments:
    @pytest.mark.parametrize(
        ("body", "segments"),
        [
            ("a" * 160, 1),
            ("a" * 161, 2),
            ("a" * 306, 2),
            ("a" * 307, 3),
            ("€" * 80, 1),  # extension chars cost two septets
            ("€" * 81, 2),
            ("à demain, café à 9h" + "a" * 141, 1),  # à and é are GSM-7
            ("ê" * 70, 1),  # ê is not: UCS-2
            ("ê" * 71, 2),
            ("👋" * 35, 1),  # surrogate pairs: two UCS-2 units each
            ("👋" * 36, 2),
        ],
        ids=lambda v: f"{len(v)}x{v[0]!r}" if isinstance(v, str) else str(v),
    )
    def test_count_segments(self, body: str, segments: int) -> None:
        assert count_segments(body) == segments


class TestWebhookHelpers:
    def test_inbound_params_carry_twilios_full_field_set(self) -> None:
        params = inbound_params(from_=USER, to=SENDER, body="Salut", account_sid=ACCOUNT_SID)

        assert set(params) == {
            "ToCountry", "ToState", "SmsMessageSid", "NumMedia", "ToCity", "FromZip", "SmsSid",
            "FromState", "SmsStatus", "FromCity", "Body", "FromCountry", "To", "ToZip",
            "NumSegments", "MessageSid", "AccountSid", "From", "ApiVersion",
        }  # fmt: skip
        assert params["MessageSid"] == params["SmsSid"] == params["SmsMessageSid"]
        assert re.fullmatch(r"SM[0-9a-f]{32}", params["MessageSid"])
        assert (params["FromCountry"], params["ToCountry"], params["FromCity"]) == ("FR", "FR", "")
        assert (params["SmsStatus"], params["NumMedia"], params["NumSegments"]) == ("received", "0", "1")

    def test_signature_verifies_with_twilios_validator_and_breaks_on_tampering(self) -> None:
        url = "https://sms.example.fr/sms/inbound"
        params = inbound_params(
            from_=USER, to=SENDER, body="STOP", account_sid=ACCOUNT_SID, messaging_service_sid=SERVICE_SID
        )

        signature = sign(url, params, AUTH_TOKEN)

        validator = RequestValidator(AUTH_TOKEN)
        assert validator.validate(url, params, signature)
        assert not validator.validate(url, params | {"Body": "START"}, signature)
        assert not validator.validate(url, {k: v for k, v in params.items() if v}, signature)
        assert not validator.validate(url.replace("https", "http"), params, signature)

    def test_stored_events_agree(self) -> None:
        form = json.loads((EVENTS / "twilio_inbound_sms.json").read_text())
        event = json.loads((EVENTS / "apigw_v2_twilio_inbound.json").read_text())

        body = base64.b64decode(event["body"]).decode()
        assert dict(parse_qsl(body, keep_blank_values=True)) == form
        assert event["isBase64Encoded"] is True
        assert event["headers"]["content-type"] == "application/x-www-form-urlencoded"
        assert event["requestContext"]["http"]["method"] == "POST"
        assert event["rawPath"] == event["requestContext"]["http"]["path"] == "/sms/inbound"
        assert form == inbound_params(
            from_=form["From"],
            to=form["To"],
            body=form["Body"],
            account_sid=form["AccountSid"],
            message_sid=form["MessageSid"],
            messaging_service_sid=form["MessagingServiceSid"],
        )
