"""The fakes are only worth their strictness: prove FakeTwilio refuses what Twilio refuses."""

from __future__ import annotations

import base64
import json
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import httpx
import pytest
import requests
from twilio.base.exceptions import TwilioRestException
from twilio.request_validator import RequestValidator
from twilio.rest import Client

from local.twilio_webhook import inbound_params, sign
from tests.fakes.twilio_api import FakeTwilio, count_segments

ACCOUNT_SID = "AC" + "7e" * 16
AUTH_TOKEN = "a1" * 16
SENDER = "+33757131234"
SERVICE_SID = "MG" + "42" * 16
USER = "+33612345678"
SENDER_2 = "+33757139999"
USER_2 = "+33698765432"
EVENTS = Path(__file__).resolve().parents[1] / "events"
REPO = Path(__file__).resolve().parents[2]
MESSAGES_PATH = f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json"


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

    @pytest.mark.parametrize("method", ["PUT", "DELETE"])
    def test_other_methods_on_the_messages_list_are_405(self, http: httpx.Client, method: str) -> None:
        response = http.request(method, f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json")

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


# -- listing, fetch, status, callbacks, faults, rate and latency -----------------------------------


@pytest.fixture
def manual() -> Iterator[FakeTwilio]:
    """A fake whose statuses move only when the test says so (no background progression)."""
    with FakeTwilio(ACCOUNT_SID, AUTH_TOKEN, auto_callbacks=False) as server:
        yield server


@pytest.fixture
def manual_http(manual: FakeTwilio) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=manual.base_url, auth=(ACCOUNT_SID, AUTH_TOKEN), timeout=5) as client:
        yield client


def sdk(fake: FakeTwilio) -> Client:
    """The real twilio SDK client, pointed at the fake."""
    client = Client(ACCOUNT_SID, AUTH_TOKEN)
    client.api.base_url = fake.base_url
    return client


def eventually(check: Callable[[], bool], timeout: float = 3.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        time.sleep(0.01)


class CallbackReceiver:
    """A tiny local HTTP endpoint standing in for our status-callback route; it records every POST."""

    def __init__(self) -> None:
        self.answer = 200
        self.posts: list[dict[str, Any]] = []
        self._changed = threading.Condition()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"])).decode()
                post = {
                    "path": self.path,
                    "content_type": self.headers["Content-Type"],
                    "signature": self.headers["X-Twilio-Signature"],
                    "form": dict(parse_qsl(body, keep_blank_values=True)),
                }
                with receiver._changed:
                    receiver.posts.append(post)
                    receiver._changed.notify_all()
                self.send_response(receiver.answer)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05})

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def wait(self, n: int, timeout: float = 5.0) -> list[dict[str, Any]]:
        with self._changed:
            if not self._changed.wait_for(lambda: len(self.posts) >= n, timeout=timeout):
                raise AssertionError(f"receiver got {len(self.posts)} posts, expected {n}")
            return list(self.posts)

    def statuses(self, sid: str | None = None) -> list[str]:
        with self._changed:
            return [p["form"]["MessageStatus"] for p in self.posts if sid in (None, p["form"]["MessageSid"])]


@pytest.fixture
def receiver() -> Iterator[CallbackReceiver]:
    server = CallbackReceiver()
    server._thread.start()
    yield server
    server._server.shutdown()
    server._server.server_close()


def signed_by_twilio(receiver: CallbackReceiver, post: dict[str, Any], token: str = AUTH_TOKEN) -> bool:
    return bool(RequestValidator(token).validate(receiver.url + post["path"], post["form"], post["signature"]))


class TestListAndFetch:
    def test_fetch_returns_the_message_as_created(self, manual: FakeTwilio) -> None:
        client = sdk(manual)
        created = client.messages.create(to=USER, from_=SENDER, body="Salut")

        fetched = client.messages(created.sid).fetch()

        assert (fetched.sid, fetched.status, fetched.to, fetched.from_, fetched.body) == (
            created.sid,
            "queued",
            USER,
            SENDER,
            "Salut",
        )
        assert fetched.date_sent is None and fetched.date_created == created.date_created

    def test_fetching_an_unknown_sid_is_404_20404(self, manual: FakeTwilio) -> None:
        with pytest.raises(TwilioRestException) as caught:
            sdk(manual).messages("SM" + "0" * 32).fetch()

        assert (caught.value.status, caught.value.code) == (404, 20404)

    def test_the_list_is_newest_first_and_filters_by_to_and_from(self, manual: FakeTwilio) -> None:
        client = sdk(manual)
        for to, from_, body in [(USER, SENDER, "a"), (USER_2, SENDER, "b"), (USER, SENDER_2, "c"), (USER, SENDER, "d")]:
            client.messages.create(to=to, from_=from_, body=body)

        def bodies(**filters: str) -> list[str]:
            return [m.body for m in client.messages.list(**filters)]

        assert bodies() == ["d", "c", "b", "a"]
        assert bodies(to=USER) == ["d", "c", "a"]
        assert bodies(from_=SENDER_2) == ["c"]
        assert bodies(to=USER, from_=SENDER) == ["d", "a"]
        assert bodies(to="+33600000000") == []

    def test_the_sdk_pages_through_every_page(self, manual: FakeTwilio) -> None:
        client = sdk(manual)
        sids = [client.messages.create(to=USER, from_=SENDER, body=f"m{i}").sid for i in range(7)]
        requests_before = manual.request_count

        listed = client.messages.list(page_size=3)

        assert [m.sid for m in listed] == sids[::-1]
        assert manual.request_count - requests_before == 3  # pages of 3, 3 and 1
        assert [m.sid for m in client.messages.stream(limit=5, page_size=2)] == sids[::-1][:5]
        assert [m.sid for m in client.messages.list(limit=4)] == sids[::-1][:4]

    def test_a_page_has_twilios_shape_and_links(self, manual: FakeTwilio, manual_http: httpx.Client) -> None:
        client = sdk(manual)
        sids = [client.messages.create(to=USER, from_=SENDER, body=f"m{i}").sid for i in range(3)]
        client.messages.create(to=USER_2, from_=SENDER, body="other")

        first = manual_http.get(MESSAGES_PATH, params={"To": USER, "PageSize": 2}).json()

        assert set(first) == {
            "messages", "end", "first_page_uri", "next_page_uri", "page", "page_size",
            "previous_page_uri", "start", "uri",
        }  # fmt: skip
        assert (first["page"], first["page_size"], first["start"], first["end"]) == (0, 2, 0, 1)
        assert first["previous_page_uri"] is None
        assert first["uri"] == first["first_page_uri"] == f"{MESSAGES_PATH}?To=%2B33612345678&PageSize=2&Page=0"
        assert [m["sid"] for m in first["messages"]] == [sids[2], sids[1]]
        assert re.fullmatch(
            re.escape(f"{MESSAGES_PATH}?To=%2B33612345678&PageSize=2&Page=1&PageToken=PA") + r"\S+",
            first["next_page_uri"],
        )

        second = manual_http.get(first["next_page_uri"]).json()

        assert [m["sid"] for m in second["messages"]] == [sids[0]]
        assert (second["page"], second["start"], second["end"], second["next_page_uri"]) == (1, 2, 2, None)
        back = manual_http.get(second["previous_page_uri"]).json()
        assert [m["sid"] for m in back["messages"]] == [sids[2], sids[1]]

    def test_following_next_page_uri_skips_nothing_and_repeats_nothing_when_new_messages_arrive(
        self, manual: FakeTwilio, manual_http: httpx.Client
    ) -> None:
        client = sdk(manual)
        older = [client.messages.create(to=USER, from_=SENDER, body=f"old{i}").sid for i in range(4)]
        first = manual_http.get(MESSAGES_PATH, params={"PageSize": 2}).json()
        for i in range(3):
            client.messages.create(to=USER, from_=SENDER, body=f"new{i}")

        second = manual_http.get(first["next_page_uri"]).json()

        seen = [m["sid"] for m in first["messages"] + second["messages"]]
        assert seen == older[::-1]

    def test_page_size_defaults_to_50_and_is_capped_at_1000(
        self, manual: FakeTwilio, manual_http: httpx.Client
    ) -> None:
        assert manual_http.get(MESSAGES_PATH).json()["page_size"] == 50
        assert manual_http.get(MESSAGES_PATH, params={"PageSize": 5000}).json()["page_size"] == 1000
        assert manual_http.get(MESSAGES_PATH, params={"PageSize": 0}).status_code == 400

    def test_date_sent_filters_as_the_sdk_sends_them_and_as_bare_dates(
        self, manual: FakeTwilio, manual_http: httpx.Client
    ) -> None:
        client = sdk(manual)
        sent_at = {
            "c": datetime(2024, 3, 2, 18, 0, tzinfo=UTC),
            "a": datetime(2024, 3, 1, 10, 0, tzinfo=UTC),
            "d": datetime(2024, 3, 3, 8, 0, tzinfo=UTC),
            "b": datetime(2024, 3, 2, 9, 0, tzinfo=UTC),
            "e": None,  # still queued: date_sent is null
        }
        for body, when in sent_at.items():
            sid = client.messages.create(to=USER, from_=SENDER, body=body).sid
            if when is not None:
                manual.set_status(sid, "sent", when=when)

        def bodies(**filters: datetime) -> list[str]:
            return [m.body for m in client.messages.list(**filters)]

        def raw(**params: str) -> list[str]:
            response = manual_http.get(MESSAGES_PATH, params=params)
            assert response.status_code == 200, response.text
            return [m["body"] for m in response.json()["messages"]]

        assert bodies() == ["e", "d", "c", "b", "a"]  # unsent first, then by date_sent, not creation order
        assert bodies(date_sent=datetime(2024, 3, 2)) == ["c", "b"]  # SDK: DateSent=2024-03-02T00:00:00Z
        assert bodies(date_sent_after=datetime(2024, 3, 2, 12, 0)) == ["d", "c"]  # "DateSent>", on or after
        assert bodies(date_sent_before=datetime(2024, 3, 2, 9, 0)) == ["b", "a"]  # "DateSent<", on or before
        assert raw(**{"DateSent>": "2024-03-02"}) == ["d", "c", "b"]  # a bare date: from the start of that day
        assert raw(**{"DateSent<": "2024-03-02"}) == ["c", "b", "a"]  # ...to its end
        assert raw(DateSent="2024-03-03") == ["d"]
        assert raw(**{"DateSent>": "Sat, 02 Mar 2024 12:00:00 +0000"}) == ["d", "c"]
        assert raw(**{"DateSent>": "2024-03-02T13:00:00+01:00"}) == ["d", "c"]
        assert manual_http.get(MESSAGES_PATH, params={"DateSent>": "yesterday"}).status_code == 400


class TestStatusProgression:
    def test_a_message_goes_queued_sent_delivered_on_its_own(self, fake: FakeTwilio) -> None:
        client = sdk(fake)
        created = client.messages.create(to=USER, from_=SENDER, body="x")

        eventually(lambda: client.messages(created.sid).fetch().status == "delivered")

        fetched = client.messages(created.sid).fetch()
        assert created.status == "queued" and created.date_sent is None
        assert fetched.date_sent is not None and fetched.date_sent >= fetched.date_created
        assert (fetched.error_code, fetched.error_message) == (None, None)
        assert [status for status, _ in fake.messages[0]["history"]] == ["queued", "sent", "delivered"]
        assert [m.status for m in client.messages.list()] == ["delivered"]
        assert fake.callbacks == []  # no StatusCallback, no posts

    def test_manual_mode_moves_nothing_by_itself(self, manual: FakeTwilio) -> None:
        client = sdk(manual)
        created = client.messages.create(to=USER, from_=SENDER, body="x")

        time.sleep(4 * manual.callback_delay)

        assert client.messages(created.sid).fetch().status == "queued"

    def test_a_service_message_gets_its_sender_when_queued(self, fake: FakeTwilio, receiver: CallbackReceiver) -> None:
        client = sdk(fake)
        created = client.messages.create(
            to=USER, messaging_service_sid=SERVICE_SID, body="Via le service", status_callback=receiver.url + "/s"
        )

        posts = receiver.wait(3)

        assert (created.status, created.from_, created.num_segments) == ("accepted", None, "0")
        assert [p["form"]["MessageStatus"] for p in posts] == ["queued", "sent", "delivered"]
        assert {(p["form"]["MessagingServiceSid"], p["form"]["From"]) for p in posts} == {
            (SERVICE_SID, fake.service_sender)
        }
        fetched = client.messages(created.sid).fetch()
        assert (fetched.status, fetched.from_, fetched.num_segments) == ("delivered", fake.service_sender, "1")
        assert fake.messages[0]["from_"] is None  # what we sent stays as sent


class TestStatusCallbacks:
    def test_sent_and_delivered_are_posted_signed_over_the_exact_url(
        self, fake: FakeTwilio, receiver: CallbackReceiver
    ) -> None:
        url = receiver.url + "/sms/status?ct=5000&tag=a%20b"
        message = sdk(fake).messages.create(to=USER, from_=SENDER, body="x", status_callback=url)

        sent, delivered = receiver.wait(2)

        assert [sent["form"]["MessageStatus"], delivered["form"]["MessageStatus"]] == ["sent", "delivered"]
        assert sent["form"] == {
            "SmsSid": message.sid,
            "SmsStatus": "sent",
            "MessageStatus": "sent",
            "To": USER,
            "MessageSid": message.sid,
            "AccountSid": ACCOUNT_SID,
            "From": SENDER,
            "ApiVersion": "2010-04-01",
        }
        assert set(delivered["form"]) == set(sent["form"]) | {"RawDlrDoneDate"}
        assert re.fullmatch(r"\d{10}", delivered["form"]["RawDlrDoneDate"])  # YYMMDDhhmm
        for post in (sent, delivered):
            assert post["path"] == "/sms/status?ct=5000&tag=a%20b"
            assert post["content_type"] == "application/x-www-form-urlencoded"
            assert signed_by_twilio(receiver, post)
            assert not signed_by_twilio(receiver, post, token="ff" * 16)
            assert not RequestValidator(AUTH_TOKEN).validate(
                receiver.url + "/sms/status", post["form"], post["signature"]
            )  # the query string is part of what is signed
        eventually(lambda: fake.messages[0]["status"] == "delivered")
        time.sleep(2 * fake.callback_delay)
        assert receiver.statuses() == ["sent", "delivered"]  # nothing for the initial "queued"
        assert [(c["status"], c["http_status"]) for c in fake.callbacks] == [("sent", 200), ("delivered", 200)]

    def test_our_endpoints_answer_is_recorded(self, fake: FakeTwilio, receiver: CallbackReceiver) -> None:
        receiver.answer = 503
        sdk(fake).messages.create(to=USER, from_=SENDER, body="x", status_callback=receiver.url + "/s")

        callbacks = fake.wait_callbacks(2)

        assert [c["http_status"] for c in callbacks] == [503, 503]

    def test_manual_callbacks_go_out_when_told_in_any_order_and_repeated(
        self, manual: FakeTwilio, receiver: CallbackReceiver
    ) -> None:
        client = sdk(manual)
        message = client.messages.create(to=USER, from_=SENDER, body="x", status_callback=receiver.url + "/s?n=1")
        time.sleep(4 * manual.callback_delay)
        assert receiver.posts == []

        assert manual.post_callback(message.sid, "delivered") == 200
        assert manual.post_callback(message.sid, "sent") == 200
        fetched = client.messages(message.sid).fetch()
        assert fetched.status == "delivered" and fetched.date_sent is not None  # a late "sent" does not undo it
        receiver.answer = 500
        assert manual.post_callback(message.sid, "delivered") == 500

        assert receiver.statuses() == ["delivered", "sent", "delivered"]
        assert all(signed_by_twilio(receiver, post) for post in receiver.posts)
        assert [c["http_status"] for c in manual.callbacks] == [200, 200, 500]

    def test_post_callback_refuses_what_twilio_could_not_send(self, manual: FakeTwilio) -> None:
        client = sdk(manual)
        quiet = client.messages.create(to=USER, from_=SENDER, body="x")

        with pytest.raises(KeyError):
            manual.post_callback("SM" + "0" * 32, "sent")
        with pytest.raises(ValueError, match="without StatusCallback"):
            manual.post_callback(quiet.sid, "sent")
        with pytest.raises(ValueError, match="status must be"):
            manual.set_status(quiet.sid, "read")

    def test_undelivered_outcome_carries_its_error_code_then_wears_off(
        self, fake: FakeTwilio, receiver: CallbackReceiver
    ) -> None:
        client = sdk(fake)
        fake.set_outcome(USER, "undelivered", error_code=30003)
        first = client.messages.create(to=USER, from_=SENDER, body="1", status_callback=receiver.url + "/s")
        second = client.messages.create(to=USER, from_=SENDER, body="2", status_callback=receiver.url + "/s")

        posts = receiver.wait(4)

        assert receiver.statuses(first.sid) == ["sent", "undelivered"]
        assert receiver.statuses(second.sid) == ["sent", "delivered"]
        errors = {
            p["form"]["MessageStatus"]: p["form"].get("ErrorCode")
            for p in posts
            if p["form"]["MessageSid"] == first.sid
        }
        assert errors == {"sent": None, "undelivered": "30003"}
        fetched = client.messages(first.sid).fetch()
        assert (fetched.status, fetched.error_code, fetched.error_message) == (
            "undelivered",
            30003,
            "Unreachable destination handset",
        )
        assert fetched.date_sent is not None
        assert {m.sid: m.status for m in client.messages.list(to=USER)} == {
            first.sid: "undelivered",
            second.sid: "delivered",
        }

    def test_failed_outcome_never_reaches_sent(self, fake: FakeTwilio, receiver: CallbackReceiver) -> None:
        client = sdk(fake)
        fake.set_outcome(USER, "failed", error_code=30008, times=2)
        failing = [
            client.messages.create(to=USER, from_=SENDER, body=str(i), status_callback=receiver.url + "/s").sid
            for i in range(2)
        ]
        other = client.messages.create(to=USER_2, from_=SENDER, body="ok", status_callback=receiver.url + "/s")

        posts = receiver.wait(4)

        for sid in failing:
            assert receiver.statuses(sid) == ["failed"]
            fetched = client.messages(sid).fetch()
            assert (fetched.status, fetched.error_code, fetched.date_sent) == ("failed", 30008, None)
        assert {p["form"]["ErrorCode"] for p in posts if p["form"]["MessageStatus"] == "failed"} == {"30008"}
        assert receiver.statuses(other.sid) == ["sent", "delivered"]

    def test_a_public_callback_host_is_recorded_but_not_posted(self, fake: FakeTwilio) -> None:
        sdk(fake).messages.create(to=USER, from_=SENDER, body="x", status_callback="https://sms.example.fr/status")

        callbacks = fake.wait_callbacks(2)

        assert [(c["status"], c["http_status"]) for c in callbacks] == [("sent", None), ("delivered", None)]
        assert all("loopback" in c["error"] for c in callbacks)
        assert callbacks[0]["signature"] == sign("https://sms.example.fr/status", callbacks[0]["params"], AUTH_TOKEN)

    def test_wait_callbacks_fails_loudly_when_nothing_arrives(self, fake: FakeTwilio) -> None:
        with pytest.raises(AssertionError, match="posted 0 callbacks, expected 1"):
            fake.wait_callbacks(1, timeout=0.05)


class TestDropAfterAccept:
    def test_the_client_sees_a_connection_error_but_the_message_was_sent(
        self, fake: FakeTwilio, receiver: CallbackReceiver
    ) -> None:
        client = sdk(fake)
        fake.drop_after_accept(1)

        with pytest.raises(requests.exceptions.ConnectionError):
            client.messages.create(to=USER, from_=SENDER, body="lost answer", status_callback=receiver.url + "/s")

        [accepted] = fake.messages
        assert [m.sid for m in client.messages.list(to=USER)] == [accepted["sid"]]
        assert receiver.wait(2) and receiver.statuses(accepted["sid"]) == ["sent", "delivered"]
        again = client.messages.create(to=USER, from_=SENDER, body="next one")
        assert again.status == "queued" and len(fake.messages) == 2
        assert fake.stats()["accepted"] == 2


class TestRateAndLatency:
    def test_sends_beyond_mps_limit_per_sender_get_429_20429(self) -> None:
        with (
            FakeTwilio(ACCOUNT_SID, AUTH_TOKEN, mps_limit=5, auto_callbacks=False) as fake,
            httpx.Client(base_url=fake.base_url, auth=(ACCOUNT_SID, AUTH_TOKEN), timeout=5) as http,
        ):
            answers = [post_message(http, {"To": USER, "From": SENDER, "Body": str(i)}) for i in range(8)]

            assert [a.status_code for a in answers] == [201] * 5 + [429] * 3
            assert_twilio_error(answers[-1], status=429, code=20429)
            assert answers[-1].json()["message"] == "Too Many Requests"
            assert post_message(http, {"To": USER, "From": SENDER_2, "Body": "other sender"}).status_code == 201
            service = {"To": USER, "MessagingServiceSid": SERVICE_SID, "Body": "service"}
            assert post_message(http, service).status_code == 201
            assert fake.max_rate_in_any_second(SENDER) == 5
            assert fake.max_rate_in_any_second() == 7
            stats = http.get("/_fake/stats").json()
            assert (stats["accepted"], stats["refused_429"], len(stats["accepted_at"])) == (7, 3, 7)

    def test_the_one_second_window_slides(self) -> None:
        with (
            FakeTwilio(ACCOUNT_SID, AUTH_TOKEN, mps_limit=2, auto_callbacks=False) as fake,
            httpx.Client(base_url=fake.base_url, auth=(ACCOUNT_SID, AUTH_TOKEN), timeout=5) as http,
        ):

            def send() -> int:
                return post_message(http, {"To": USER, "From": SENDER, "Body": "x"}).status_code

            assert send() == 201
            first_at = fake.accepted_times[0][0]
            time.sleep(0.6)
            assert [send(), send()] == [201, 429]
            time.sleep(max(0.0, first_at + 1.05 - time.monotonic()))

            # The first send has left the window, the second has not: one more, not two (a fixed
            # per-second bucket starting now would allow two).
            assert [send(), send()] == [201, 429]
            assert fake.max_rate_in_any_second(SENDER) == 2

    def test_latency_delays_every_answer_and_answers_overlap(self) -> None:
        latency = 0.2
        with (
            FakeTwilio(ACCOUNT_SID, AUTH_TOKEN, latency=latency, auto_callbacks=False) as fake,
            httpx.Client(base_url=fake.base_url, auth=(ACCOUNT_SID, AUTH_TOKEN), timeout=5) as http,
        ):
            calls: list[Callable[[], httpx.Response]] = [
                lambda: http.get(MESSAGES_PATH),
                lambda: httpx.get(fake.messages_url),  # a 401 waits too
                lambda: post_message(http, {"To": USER, "From": SENDER, "Body": "x"}),
            ]
            for call in calls:
                started = time.monotonic()
                call()
                assert time.monotonic() - started >= latency

            started = time.monotonic()
            with ThreadPoolExecutor(max_workers=20) as pool:
                answers = list(
                    pool.map(lambda i: post_message(http, {"To": USER, "From": SENDER, "Body": str(i)}), range(20))
                )
            elapsed = time.monotonic() - started

            assert [a.status_code for a in answers] == [201] * 20
            assert elapsed < 5 * latency  # one after the other would take 20 x latency
            assert fake.max_rate_in_any_second() >= 20

    def test_stop_closes_kept_alive_connections(self) -> None:
        fake = FakeTwilio(ACCOUNT_SID, AUTH_TOKEN, auto_callbacks=False).start()
        with httpx.Client(base_url=fake.base_url, auth=(ACCOUNT_SID, AUTH_TOKEN), timeout=2) as http:
            assert http.get(MESSAGES_PATH).status_code == 200
            fake.stop()

            with pytest.raises(httpx.TransportError):
                http.get(MESSAGES_PATH)


class TestStandaloneRunner:
    def test_serves_until_sigterm_and_reports_stats(self) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        command = [sys.executable, "-m", "tests.fakes.twilio_api", "--port", str(port)]
        command += ["--account-sid", ACCOUNT_SID, "--auth-token", AUTH_TOKEN, "--latency", "0.01", "--mps", "50"]
        process = subprocess.Popen([*command, "--no-callbacks"], cwd=REPO, stdout=subprocess.PIPE, text=True)
        try:
            assert process.stdout is not None
            assert process.stdout.readline().strip() == f"FakeTwilio listening on http://127.0.0.1:{port}"
            base = f"http://127.0.0.1:{port}"
            sent = httpx.post(
                base + MESSAGES_PATH, data={"To": USER, "From": SENDER, "Body": "x"}, auth=(ACCOUNT_SID, AUTH_TOKEN)
            )
            assert sent.status_code == 201

            stats = httpx.get(base + "/_fake/stats").json()

            assert (stats["accepted"], stats["refused_429"]) == (1, 0)
            assert abs(stats["accepted_at"][0] - time.time()) < 5
            process.send_signal(signal.SIGTERM)
            assert process.wait(timeout=5) == 0
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
