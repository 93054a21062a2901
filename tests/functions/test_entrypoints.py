"""Every function through each runtime's entry point: AWS Lambda (API Gateway v2, SQS, EventBridge),
Google Cloud Functions (functions-framework ASGI target and CloudEvents), and the AWS path end to end
with SQS served by moto."""

from __future__ import annotations

import base64
import json
import uuid
from pathlib import Path
from urllib.parse import urlencode

import httpx
import pytest

from local.twilio_webhook import inbound_params, sign
from shared.clock import TravelClock
from shared.config import LOCAL_TWILIO_SID, LOCAL_TWILIO_TOKEN
from shared.wiring import Deps, install
from tests.conftest import make_settings
from tests.helpers import BOUSSOLE_NUMBER, rows

KNOWN_PHONES = (
    "+33612340000",
    "+14155550100",
)  # onboarded already


ROOT = Path(__file__).resolve().parents[2]
EVENTS = ROOT / "tests" / "events"
HOST = "k3x9q2w7ab.execute-api.eu-west-3.amazonaws.com"


@pytest.fixture()
def deps(clean_db, database_url, redis_url, fake_twilio):
    clock = TravelClock()

    def build(**over):
        over = {"queue": "none", "public_base_url": f"https://{HOST}", "database_url": database_url, **over}
        d = Deps(make_settings(redis_url=redis_url, twilio_url=fake_twilio.base_url, port=0, **over), clock)
        install(d)
        built.append(d)
        return d

    built: list[Deps] = []
    yield build
    install(None)
    for d in built:
        d.close()


def apigw_event(*, path: str, form: dict[str, str], signature: str, stage_prefix: str = "") -> dict:
    event = json.loads((EVENTS / "apigw_v2_twilio_inbound.json").read_text())
    body = urlencode(form).encode()
    event["rawPath"] = event["requestContext"]["http"]["path"] = stage_prefix + path
    event["body"] = base64.b64encode(body).decode()
    event["headers"]["content-length"] = str(len(body))
    event["headers"]["x-twilio-signature"] = signature
    return event


def pubsub_push(app, data: dict, *, topic: str):
    """POST a Pub/Sub push as a CloudEvent in binary mode, as Eventarc delivers it to a gen2 function."""
    return app.test_client().post(
        "/",
        json=data,
        headers={
            "ce-id": data["message"]["messageId"],
            "ce-source": f"//pubsub.googleapis.com/projects/p/topics/{topic}",
            "ce-type": "google.cloud.pubsub.topic.v1.messagePublished",
            "ce-specversion": "1.0",
        },
    )


def signed_form(url: str, body: str = "rappelle-moi dans 5 min de respirer", from_: str = "+33612340000"):
    form = inbound_params(from_=from_, to=BOUSSOLE_NUMBER, body=body, account_sid=LOCAL_TWILIO_SID)
    return form, sign(url, form, LOCAL_TWILIO_TOKEN)


class TestSmsInboundOnLambda:
    def test_api_gateway_v2_event_is_verified_and_stored(self, deps):
        from functions.sms_inbound.main import lambda_handler

        deps()
        form, signature = signed_form(f"https://{HOST}/sms/inbound")
        response = lambda_handler(apigw_event(path="/sms/inbound", form=form, signature=signature), None)
        assert response["statusCode"] == 200
        assert "<Response />" in response["body"]
        assert rows(_engine(), "SELECT provider_sid FROM messages") == [(form["MessageSid"],)]

    def test_named_stage_prefix_is_stripped_and_signed_url_keeps_it(self, deps):
        from functions.sms_inbound.main import app
        from shared.runtime import http

        deps(public_base_url=f"https://{HOST}/dev", api_gateway_base_path="/dev")
        # A fresh handler, as in a fresh Lambda instance with this configuration.
        _, handler, _ = http.http_function(app, name="sms_inbound")
        form, signature = signed_form(f"https://{HOST}/dev/sms/inbound")
        response = handler(apigw_event(path="/sms/inbound", form=form, signature=signature, stage_prefix="/dev"), None)
        assert response["statusCode"] == 200
        assert rows(_engine(), "SELECT count(*) FROM messages") == [(1,)]

    def test_forged_event_is_refused(self, deps):
        from functions.sms_inbound.main import lambda_handler

        deps()
        form, signature = signed_form(f"https://{HOST}/sms/inbound")
        form["Body"] = "something else"
        response = lambda_handler(apigw_event(path="/sms/inbound", form=form, signature=signature), None)
        assert response["statusCode"] == 403
        assert rows(_engine(), "SELECT count(*) FROM messages") == [(0,)]


class TestSmsInboundOnCloudFunctions:
    async def _post(self, form, signature):
        from functions_framework.aio import create_asgi_app

        app = create_asgi_app(
            target="gcf_handler", source=str(ROOT / "functions/sms_inbound/main.py"), signature_type="http"
        )
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url=f"https://{HOST}") as client:
            return await client.post("/sms/inbound", data=form, headers={"X-Twilio-Signature": signature})

    def test_asgi_target_forwards_to_the_same_app(self, deps):
        import asyncio

        deps()
        form, signature = signed_form(f"https://{HOST}/sms/inbound")
        response = asyncio.run(self._post(form, signature))
        assert response.status_code == 200 and "<Response />" in response.text
        assert rows(_engine(), "SELECT count(*) FROM messages") == [(1,)]


class TestScheduledAndQueuedFunctions:
    def _due_reminder(self):
        with _engine().begin() as conn:
            from sqlalchemy import text

            conn.execute(
                text("INSERT INTO users (phone, language, timezone) VALUES ('+33600000001', 'fr', 'Europe/Paris')")
            )
            conn.execute(
                text(
                    "INSERT INTO reminders (user_id, text, due_at, timezone) "
                    "SELECT id, 'arroser les plantes', now() - interval '1 minute', 'Europe/Paris' FROM users"
                )
            )

    def test_reminder_sweep_on_eventbridge(self, deps, fake_twilio):
        from functions.reminder_sweep.main import lambda_handler

        deps()
        self._due_reminder()
        event = {
            "version": "0",
            "id": str(uuid.uuid4()),
            "detail-type": "Scheduled Event",
            "source": "aws.events",
            "account": "123456789012",
            "time": "2026-11-25T10:00:00Z",
            "region": "eu-west-3",
            "resources": ["arn:aws:events:eu-west-3:123456789012:rule/boussole-sweep"],
            "detail": {},
        }
        result = lambda_handler(event, None)
        assert result["fired"] == 1 and result["sent"] == 1
        assert [m["body"] for m in fake_twilio.messages] == ["Rappel : arroser les plantes"]

    def test_reminder_sweep_on_cloud_scheduler_pubsub(self, deps, fake_twilio):
        from functions_framework import create_app

        deps()
        self._due_reminder()
        app = create_app(
            target="gcf_handler", source=str(ROOT / "functions/reminder_sweep/main.py"), signature_type="cloudevent"
        )
        data = {
            "message": {"data": base64.b64encode(b"{}").decode(), "messageId": "1"},
            "subscription": "projects/p/subscriptions/s",
        }
        response = pubsub_push(app, data, topic="reminder-sweep-tick")
        assert response.status_code == 200
        assert [m["body"] for m in fake_twilio.messages] == ["Rappel : arroser les plantes"]

    @pytest.mark.usefixtures("known_phones")
    def test_agent_turn_from_sqs_batch_reports_partial_failures(self, deps, fake_twilio):
        from functions.agent_turn.main import lambda_handler
        from shared.db import dsn
        from shared.messaging.inbound import InboundStore, to_inbound

        d = deps()
        form, _ = signed_form("https://x/sms/inbound", body="remind me in 10 minutes to stretch", from_="+14155550100")
        store = InboundStore(lambda: dsn.connect_native(d.settings.database_url))
        [stored] = store.store_batch([(to_inbound(form, account_sid=LOCAL_TWILIO_SID), d.clock.now())])
        event = {
            "Records": [
                {
                    "messageId": "m1",
                    "body": json.dumps({"kind": "agent_turn", "job_id": str(stored.job_id)}),
                    "eventSource": "aws:sqs",
                },
                {"messageId": "m2", "body": "not json", "eventSource": "aws:sqs"},
            ]
        }
        result = lambda_handler(event, None)
        assert result == {"batchItemFailures": [{"itemIdentifier": "m2"}]}
        [reply] = fake_twilio.messages
        assert reply["to"] == "+14155550100" and reply["body"].endswith("stretch")

    def test_api_health_on_lambda(self, deps):
        from functions.api.main import lambda_handler

        deps()
        event = json.loads((EVENTS / "apigw_v2_twilio_inbound.json").read_text())
        event.update(rawPath="/v1/health", body="", isBase64Encoded=False, routeKey="GET /v1/health")
        event["requestContext"]["http"].update(method="GET", path="/v1/health")
        event["headers"] = {"host": HOST, "x-forwarded-proto": "https"}
        response = lambda_handler(event, None)
        assert response["statusCode"] == 200
        assert json.loads(response["body"]) == {"status": "ok", "checks": {"database": True, "cache": True}}


class TestAwsPathWithSqs:
    @pytest.mark.usefixtures("known_phones")
    def test_inbound_sms_goes_through_sqs_to_the_agent_turn_and_back(self, deps, fake_twilio, monkeypatch):
        """sms_inbound → SQS (moto server) → agent_turn Lambda handler → Twilio send."""
        import boto3
        from moto.server import ThreadedMotoServer

        from functions.agent_turn.main import lambda_handler as agent_turn
        from functions.sms_inbound.main import lambda_handler as sms_inbound

        server = ThreadedMotoServer(ip_address="127.0.0.1", port=0)
        server.start()
        try:
            host, port = server.get_host_and_port()
            endpoint = f"http://{host}:{port}"
            for k, v in {
                "AWS_ACCESS_KEY_ID": "test",
                "AWS_SECRET_ACCESS_KEY": "test",
                "AWS_DEFAULT_REGION": "eu-west-3",
                "AWS_ENDPOINT_URL_SQS": endpoint,
            }.items():
                monkeypatch.setenv(k, v)
            sqs = boto3.client("sqs")
            queue_url = sqs.create_queue(QueueName="agent-turns")["QueueUrl"]
            deps(queue="sqs", agent_queue_url=queue_url)

            form, signature = signed_form(f"https://{HOST}/sms/inbound", body="rappelle-moi dans 3h de dormir")
            assert (
                sms_inbound(apigw_event(path="/sms/inbound", form=form, signature=signature), None)["statusCode"] == 200
            )
            received = sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10, WaitTimeSeconds=1)
            records = [
                {"messageId": m["MessageId"], "body": m["Body"], "eventSource": "aws:sqs"} for m in received["Messages"]
            ]
            assert len(records) == 1
            assert agent_turn({"Records": records}, None) == {"batchItemFailures": []}
            [reply] = fake_twilio.messages
            assert reply["to"] == "+33612340000" and reply["body"].endswith(": dormir")
            # SQS delivers at least once: a redelivery of the same notice does nothing more.
            assert agent_turn({"Records": records}, None) == {"batchItemFailures": []}
            assert len(fake_twilio.messages) == 1
        finally:
            server.stop()


def _engine():
    from shared.wiring import get_deps

    return get_deps().engine


class TestRemainingCloudFunctionsTargets:
    def test_api_asgi_target(self, deps):
        import asyncio

        from functions_framework.aio import create_asgi_app

        deps()
        app = create_asgi_app(target="gcf_handler", source=str(ROOT / "functions/api/main.py"), signature_type="http")

        async def get():
            async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=f"https://{HOST}") as c:
                return await c.get("/v1/health")

        response = asyncio.run(get())
        assert response.status_code == 200 and response.json()["status"] == "ok"

    @pytest.mark.usefixtures("known_phones")
    def test_agent_turn_from_a_pubsub_push(self, deps, fake_twilio):
        from functions_framework import create_app

        from shared.db import dsn
        from shared.messaging.inbound import InboundStore, to_inbound

        d = deps()
        form, _ = signed_form("https://x/sms/inbound", body="rappelle-moi jeudi à 15h30 d'aller chez le dentiste")
        store = InboundStore(lambda: dsn.connect_native(d.settings.database_url))
        [stored] = store.store_batch([(to_inbound(form, account_sid=LOCAL_TWILIO_SID), d.clock.now())])
        notice = json.dumps({"kind": "agent_turn", "job_id": str(stored.job_id)}).encode()
        app = create_app(
            target="gcf_handler", source=str(ROOT / "functions/agent_turn/main.py"), signature_type="cloudevent"
        )
        data = {"message": {"data": base64.b64encode(notice).decode(), "messageId": "42"}}
        response = pubsub_push(app, data, topic="agent-turns")
        assert response.status_code == 200
        [reply] = fake_twilio.messages
        assert "à 15h30 : aller chez le dentiste" in reply["body"]


class TestDatabaseDown:
    def test_webhook_answers_503_so_twilio_retries(self, deps, tmp_path):
        from functions.sms_inbound.main import lambda_handler

        deps(database_url=f"postgresql+pg8000://postgres@/boussole?unix_sock={tmp_path}/.s.PGSQL.5432")
        form, signature = signed_form(f"https://{HOST}/sms/inbound")
        response = lambda_handler(apigw_event(path="/sms/inbound", form=form, signature=signature), None)
        assert response["statusCode"] == 503
        assert response["headers"]["retry-after"] == "5"
        body = base64.b64decode(response["body"]) if response["isBase64Encoded"] else response["body"]
        assert json.loads(body)["type"].endswith("/unavailable")


class TestGcpPathWithPubSub:
    @pytest.mark.usefixtures("known_phones")
    def test_inbound_sms_goes_through_pubsub_to_the_agent_turn_and_back(self, deps, fake_twilio):
        """sms_inbound → Pub/Sub REST (fake, with a metadata-server token) → agent_turn push → Twilio send."""
        from functions_framework import create_app

        from functions.sms_inbound.main import lambda_handler as sms_inbound
        from tests.fakes.gcp import TOKEN_PATH, FakeGcp

        with FakeGcp() as gcp:
            deps(
                queue="pubsub",
                agent_queue_url="projects/boussole-dev/topics/agent-turns",
                pubsub_api_url=f"{gcp.base_url}/v1",
                gcp_metadata_token_url=f"{gcp.base_url}{TOKEN_PATH}",
            )
            for body in ("rappelle-moi dans 3h de dormir", "rappelle-moi dans 4h de manger"):
                form, signature = signed_form(f"https://{HOST}/sms/inbound", body=body)
                event = apigw_event(path="/sms/inbound", form=form, signature=signature)
                assert sms_inbound(event, None)["statusCode"] == 200
            assert [p["topic"] for p in gcp.published] == ["projects/boussole-dev/topics/agent-turns"] * 2
            assert gcp.token_requests == 1  # the token is cached until it expires
            app = create_app(
                target="gcf_handler", source=str(ROOT / "functions/agent_turn/main.py"), signature_type="cloudevent"
            )
            for i, published in enumerate(gcp.published):
                data = base64.b64encode(json.dumps(published["data"]).encode()).decode()
                assert (
                    pubsub_push(app, {"message": {"data": data, "messageId": str(i)}}, topic="agent-turns").status_code
                    == 200
                )
        bodies = sorted(m["body"] for m in fake_twilio.messages)
        assert len(bodies) == 2 and bodies[0].endswith(": dormir") and bodies[1].endswith(": manger")


class TestSpillInTheCloud:
    """The webhook spills to the function's own queue when Postgres is away; inbound_drain stores it later."""

    def _down(self, tmp_path: Path) -> str:
        return f"postgresql+pg8000://postgres@/boussole?unix_sock={tmp_path}/.s.PGSQL.5432"

    def test_aws_sqs_spill_then_drain_on_lambda_stores_it_once(self, deps, tmp_path, monkeypatch):
        import boto3
        from moto.server import ThreadedMotoServer

        from functions.inbound_drain.main import lambda_handler as inbound_drain
        from functions.sms_inbound.main import lambda_handler as sms_inbound

        server = ThreadedMotoServer(ip_address="127.0.0.1", port=0)
        server.start()
        try:
            host, port = server.get_host_and_port()
            for k, v in {
                "AWS_ACCESS_KEY_ID": "test",
                "AWS_SECRET_ACCESS_KEY": "test",
                "AWS_DEFAULT_REGION": "eu-west-3",
                "AWS_ENDPOINT_URL_SQS": f"http://{host}:{port}",
            }.items():
                monkeypatch.setenv(k, v)
            sqs = boto3.client("sqs")
            spill_url = sqs.create_queue(QueueName="inbound-spill")["QueueUrl"]
            deps(database_url=self._down(tmp_path), spill="sqs", spill_target=spill_url)
            form, signature = signed_form(f"https://{HOST}/sms/inbound", body="rappelle-moi dans 3h de dormir")
            event = apigw_event(path="/sms/inbound", form=form, signature=signature)
            assert sms_inbound(event, None)["statusCode"] == 200  # Postgres is away: spilled, still 200

            received = sqs.receive_message(QueueUrl=spill_url, MaxNumberOfMessages=10, WaitTimeSeconds=1)
            records = [
                {"messageId": m["MessageId"], "body": m["Body"], "eventSource": "aws:sqs"} for m in received["Messages"]
            ]
            assert len(records) == 1
            # Still down when the queue delivers: the record fails, SQS delivers it again later.
            assert inbound_drain({"Records": records}, None) == {
                "batchItemFailures": [{"itemIdentifier": records[0]["messageId"]}]
            }
            deps()  # Postgres is back
            assert inbound_drain({"Records": records}, None) == {"batchItemFailures": []}
            assert inbound_drain({"Records": records}, None) == {"batchItemFailures": []}  # redelivered: once
            [(sid, body)] = rows(_engine(), "SELECT provider_sid, body FROM messages")
            assert sid == form["MessageSid"] and body == form["Body"]
            assert rows(_engine(), "SELECT count(*) FROM jobs WHERE kind = 'agent_turn'") == [(1,)]
        finally:
            server.stop()

    def test_gcp_pubsub_spill_then_drain_push_stores_it(self, deps, tmp_path):
        from functions_framework import create_app

        from functions.sms_inbound.main import lambda_handler as sms_inbound
        from tests.fakes.gcp import TOKEN_PATH, FakeGcp

        with FakeGcp() as gcp:
            gcp_settings = {
                "pubsub_api_url": f"{gcp.base_url}/v1",
                "gcp_metadata_token_url": f"{gcp.base_url}{TOKEN_PATH}",
                "spill": "pubsub",
                "spill_target": "projects/boussole-dev/topics/inbound-spill",
            }
            deps(database_url=self._down(tmp_path), **gcp_settings)
            form, signature = signed_form(f"https://{HOST}/sms/inbound", body="remind me in 2 hours to eat")
            assert (
                sms_inbound(apigw_event(path="/sms/inbound", form=form, signature=signature), None)["statusCode"] == 200
            )
            [published] = gcp.published
            assert published["topic"] == "projects/boussole-dev/topics/inbound-spill"
            deps(**gcp_settings)  # Postgres is back
            app = create_app(
                target="gcf_handler", source=str(ROOT / "functions/inbound_drain/main.py"), signature_type="cloudevent"
            )
            data = base64.b64encode(json.dumps(published["data"]).encode()).decode()
            assert (
                pubsub_push(app, {"message": {"data": data, "messageId": "1"}}, topic="inbound-spill").status_code
                == 200
            )
        assert rows(_engine(), "SELECT provider_sid FROM messages") == [(form["MessageSid"],)]


class TestSmsStatusOnLambda:
    def test_a_signed_receipt_through_api_gateway(self, deps, fake_twilio):
        from functions.sms_status.main import lambda_handler

        deps()
        form = {"MessageSid": "SM" + "2" * 32, "MessageStatus": "delivered", "AccountSid": LOCAL_TWILIO_SID}
        signature = sign(f"https://{HOST}/sms/status", form, LOCAL_TWILIO_TOKEN)
        response = lambda_handler(apigw_event(path="/sms/status", form=form, signature=signature), None)
        assert response["statusCode"] == 200  # unknown message: acknowledged, nothing to do
        forged = lambda_handler(apigw_event(path="/sms/status", form=form, signature="x" + signature[1:]), None)
        assert forged["statusCode"] == 403
