"""The deploy descriptors agree with functions/manifest.py, and with each other.

template.yaml (SAM), serverless.yml (Serverless Framework v3), infra/deploy_gcp.sh (Cloud Functions),
infra/package_lambda.py and local/docker-compose.yml are written by hand; these tests catch drift.
No network, no cloud credentials, no Docker.
"""

from __future__ import annotations

import importlib.util
import json
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from cfnlint.decode import decode

from functions.manifest import COMMON_ENV, FUNCTIONS, Function, by_name
from shared.config import Settings
from shared.runtime import metrics

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "template.yaml"
SERVERLESS = ROOT / "serverless.yml"
PACKAGER = ROOT / "infra" / "package_lambda.py"
DEPLOY_GCP = ROOT / "infra" / "deploy_gcp.sh"
COMPOSE = ROOT / "local" / "docker-compose.yml"

# Delivered by the JSON app secret (AWS) / Secret Manager (GCP), never as plain configuration.
SECRET_ENV = {
    "BOUSSOLE_DATABASE_URL",
    "BOUSSOLE_TWILIO_AUTH_TOKEN",
    "BOUSSOLE_UPSTASH_REDIS_REST_TOKEN",
}
LAMBDA_OUT = "build/lambda"
BY_TRIGGER = {kind: [f for f in FUNCTIONS if f.trigger == kind] for kind in ("http", "schedule", "queue")}

# Logical queue (manifest) -> the SQS queue's logical id in template.yaml and serverless.yml.
QUEUE_IDS = {"agent-turns": "AgentTurnQueue", "inbound-spill": "InboundSpillQueue"}
# Who may send to which queue: agent turns are queued by whatever stores an inbound SMS or a job; only the
# webhook spills. sms_status queues nothing (the sweep resends what a receipt sends back for retry).
SENDERS = {
    "AgentTurnQueue": {"sms_inbound", "api", "reminder_sweep", "inbound_drain"},
    "InboundSpillQueue": {"sms_inbound"},
}
SQS_MAX_RETENTION = 14 * 24 * 3600
# A database outage of hours must not dead-letter spilled SMS: they reach the DLQ only after this long.
SPILL_MIN_HOURS_TO_DLQ = 12
# The EMF metrics (shared/runtime/metrics.py) that have an alarm.
ALARMED_METRICS = ("sms_failed", "inbound_unavailable")
# Deploy-time settings: a SAM parameter and a serverless.yml `${param:…}` each, like the others.
DEPLOY_PARAMETERS = {
    "BOUSSOLE_PUBLIC_BASE_URL",
    "BOUSSOLE_TWILIO_ACCOUNT_SID",
    "BOUSSOLE_TWILIO_FROM_NUMBER",
    "BOUSSOLE_UPSTASH_REDIS_REST_URL",
    "BOUSSOLE_OWN_NUMBERS",
    "BOUSSOLE_SMS_SEND_RATE",
}
# Stands in for the app secret when checking that stage/prod settings are accepted. token_secret is not in
# the manifest's COMMON_ENV; on AWS it can ride in the JSON secret.
FAKE_SECRETS = {
    "BOUSSOLE_DATABASE_URL": "postgresql+pg8000://app:pw@db.internal:5432/boussole",
    "BOUSSOLE_TWILIO_AUTH_TOKEN": "a-real-looking-token",
    "BOUSSOLE_UPSTASH_REDIS_REST_TOKEN": "upstash-token",
    "BOUSSOLE_TOKEN_SECRET": "a-real-token-secret-of-32-bytes-or-more",
}


def _camel(name: str) -> str:
    return "".join(part.capitalize() for part in name.split("_"))


def _routes(fn: Function) -> set[tuple[str, str]]:
    return {(r.method, r.path) for r in fn.routes}


def _ref(value: object) -> str | None:
    return value.get("Ref") if isinstance(value, dict) else None


def _getatt(value: object) -> list[str] | None:
    if not isinstance(value, dict) or "Fn::GetAtt" not in value:
        return None
    att = value["Fn::GetAtt"]
    return att.split(".", 1) if isinstance(att, str) else list(att)


def _settings_fields() -> set[str]:
    return {"BOUSSOLE_" + name.upper() for name in Settings.model_fields}


def _check_prod_settings(env: dict[str, str], fn: Function, where: str) -> Settings:
    """The function's whole environment, with the secret's values, is accepted for prod (shared/config.py
    refuses to start otherwise) and carries the manifest's extra variables for this function."""
    for var in fn.env:
        assert var in env, f"{where}: {fn.name} lacks {var}"
    unknown = {k for k in env if k.startswith("BOUSSOLE_")} - _settings_fields() - {"BOUSSOLE_SECRETS_ARN"}
    assert not unknown, f"{where}: {fn.name} sets variables shared/config.py does not read: {unknown}"
    environ = {k: v for k, v in env.items() if k != "BOUSSOLE_SECRETS_ARN"} | FAKE_SECRETS
    try:
        return Settings.from_env(environ)
    except ValueError as exc:
        pytest.fail(f"{where}: {fn.name} would refuse to start in prod: {exc}")


def _alarm_metric(props: dict) -> tuple[str, str]:
    """(namespace, metric name) an alarm watches, whether by name or by a Metrics Insights query."""
    if "MetricName" in props:
        return props["Namespace"], props["MetricName"]
    (query,) = [m for m in props["Metrics"] if m.get("ReturnData", True)]
    match = re.fullmatch(r'SELECT SUM\((\w+)\) FROM (?:"([^"]+)"|SCHEMA\("([^"]+)"[^)]*\))', query["Expression"])
    assert match, query["Expression"]
    assert query["Period"] <= 300
    return match.group(2) or match.group(3), match.group(1)


def _check_alarms(resources: dict, dlq_id: str, topic_ref: object) -> None:
    alarms = {k: r["Properties"] for k, r in resources.items() if r["Type"] == "AWS::CloudWatch::Alarm"}
    watched = {}
    for name, props in alarms.items():
        # Any occurrence in 5 minutes; no data (nothing happened) is not an alarm.
        assert props["EvaluationPeriods"] == 1, name
        assert props.get("Period", 300) <= 300, name
        assert (props["ComparisonOperator"], props["Threshold"]) in (
            ("GreaterThanThreshold", 0),
            ("GreaterThanOrEqualToThreshold", 1),
        ), name
        assert props["TreatMissingData"] == "notBreaching", name
        assert props["AlarmActions"] == [topic_ref], name
        watched[_alarm_metric(props)] = props
    dlq = watched[("AWS/SQS", "ApproximateNumberOfMessagesVisible")]
    assert [(d["Name"], _getatt(d["Value"])) for d in dlq["Dimensions"]] == [("QueueName", [dlq_id, "QueueName"])]
    for metric in ALARMED_METRICS:
        assert (metrics.NAMESPACE, metric) in watched, metric


# ---------------------------------------------------------------- template.yaml (SAM)
@pytest.fixture(scope="module")
def sam() -> dict:
    template, matches = decode(str(TEMPLATE))
    assert not matches, [str(m) for m in matches]
    return template


@pytest.fixture(scope="module")
def sam_functions(sam: dict) -> dict[str, dict]:
    """manifest name -> the template's AWS::Serverless::Function, matched on Handler."""
    by_handler = {
        res["Properties"]["Handler"]: (logical_id, res)
        for logical_id, res in sam["Resources"].items()
        if res["Type"] == "AWS::Serverless::Function"
    }
    assert set(by_handler) == {fn.lambda_handler for fn in FUNCTIONS}
    out = {}
    for fn in FUNCTIONS:
        logical_id, res = by_handler[fn.lambda_handler]
        assert logical_id == f"{_camel(fn.name)}Function"
        out[fn.name] = res
    return out


def _sam_events(res: dict, *types: str) -> list[dict]:
    return [ev["Properties"] for ev in res["Properties"].get("Events", {}).values() if ev["Type"] in types]


def test_cfn_lint_reports_no_error() -> None:
    exe = Path(sys.executable).with_name("cfn-lint")
    cmd = [str(exe)] if exe.exists() else [shutil.which("cfn-lint") or pytest.fail("cfn-lint not installed")]
    proc = subprocess.run([*cmd, "--format", "json", str(TEMPLATE)], capture_output=True, text=True, timeout=240)
    assert proc.returncode & 1 == 0, f"cfn-lint crashed: {proc.stderr}"
    matches = json.loads(proc.stdout or "[]")
    errors = [m for m in matches if m["Level"] == "Error"]
    assert not errors, json.dumps(errors, indent=1)
    # Warnings must be justified in a template comment; today there are none.
    assert not [m for m in matches if m["Level"] == "Warning"], json.dumps(matches, indent=1)


def test_sam_globals(sam: dict) -> None:
    assert sam["Transform"] == "AWS::Serverless-2016-10-31"
    glob = sam["Globals"]["Function"]
    assert glob["Runtime"] == "python3.11"
    assert glob["Architectures"] == ["arm64"]
    assert glob["CodeUri"] == LAMBDA_OUT
    assert glob.get("Tracing", "Disabled") in ("Disabled", "PassThrough"), "no X-Ray: we use OpenTelemetry"
    assert set(sam["Parameters"]["Stage"]["AllowedValues"]) == {"dev", "stage", "prod"}


@pytest.mark.parametrize("fn", FUNCTIONS, ids=lambda f: f.name)
def test_sam_function_matches_manifest(fn: Function, sam: dict, sam_functions: dict) -> None:
    props = sam_functions[fn.name]["Properties"]
    glob = sam["Globals"]["Function"]
    assert props["Description"] == fn.description
    assert props.get("Timeout", glob.get("Timeout")) == fn.timeout_seconds
    assert props.get("MemorySize", glob.get("MemorySize")) == fn.memory_mb
    assert not props.get("ReservedConcurrentExecutions"), "SKIP LOCKED makes concurrent runs safe"

    http = _sam_events(sam_functions[fn.name], "HttpApi")
    schedules = _sam_events(sam_functions[fn.name], "Schedule", "ScheduleV2")
    queues = _sam_events(sam_functions[fn.name], "SQS")
    assert {(e["Method"], e["Path"]) for e in http} == _routes(fn)
    assert all(_ref(e["ApiId"]) == "HttpApi" for e in http)
    assert [e["ScheduleExpression"] for e in schedules] == ([fn.rate] if fn.trigger == "schedule" else [])
    assert len(queues) == (1 if fn.trigger == "queue" else 0)

    # Its own log group, with a retention.
    log_group = _ref(props["LoggingConfig"]["LogGroup"])
    assert sam["Resources"][log_group]["Type"] == "AWS::Logs::LogGroup"
    assert "RetentionInDays" in sam["Resources"][log_group]["Properties"]


def _policies(props: dict) -> dict[str, dict]:
    return {name: args for p in props.get("Policies", []) if isinstance(p, dict) for name, args in p.items()}


def _sqs_send_targets(props: dict) -> set[str]:
    """Logical ids of the queues a SAM function may send to."""
    targets = set()
    for policy in props.get("Policies", []):
        if isinstance(policy, dict) and "SQSSendMessagePolicy" in policy:
            queue_id, att = _getatt(policy["SQSSendMessagePolicy"]["QueueName"])
            assert att == "QueueName"
            targets.add(queue_id)
    return targets


def _check_queue(resources: dict, queue_id: str, consumer: Function) -> str:
    """The queue and its DLQ, as the consumer needs them; returns the DLQ's logical id."""
    queue = resources[queue_id]
    assert queue["Type"] == "AWS::SQS::Queue"
    props = queue["Properties"]
    # AWS guidance for Lambda consumers: >= 6x the function's timeout.
    assert props["VisibilityTimeout"] >= 6 * consumer.timeout_seconds
    redrive = props["RedrivePolicy"]
    dlq_id, _ = _getatt(redrive["deadLetterTargetArn"])
    dlq = resources[dlq_id]
    assert dlq["Type"] == "AWS::SQS::Queue"
    assert dlq["Properties"]["MessageRetentionPeriod"] == SQS_MAX_RETENTION
    assert props["SqsManagedSseEnabled"] and dlq["Properties"]["SqsManagedSseEnabled"]
    if queue_id == "AgentTurnQueue":
        assert redrive["maxReceiveCount"] == 5
    else:
        # A failed message comes back once per visibility timeout: the DLQ only after many hours of outage,
        # and before the message expires (a standard queue keeps the first enqueue time, DLQ included).
        assert props["MessageRetentionPeriod"] == SQS_MAX_RETENTION
        assert redrive["maxReceiveCount"] <= 1000  # the SQS maximum
        to_dlq = redrive["maxReceiveCount"] * props["VisibilityTimeout"]
        assert SPILL_MIN_HOURS_TO_DLQ * 3600 <= to_dlq < SQS_MAX_RETENTION / 2
    return dlq_id


def test_sam_queue_wiring(sam: dict, sam_functions: dict) -> None:
    resources = sam["Resources"]
    assert {fn.queue for fn in BY_TRIGGER["queue"]} == set(QUEUE_IDS)
    for fn in BY_TRIGGER["queue"]:
        (event,) = _sam_events(sam_functions[fn.name], "SQS")
        queue_id, att = _getatt(event["Queue"])
        assert (queue_id, att) == (QUEUE_IDS[fn.queue], "Arn")
        assert event["BatchSize"] == 10
        assert event["FunctionResponseTypes"] == ["ReportBatchItemFailures"]
        assert event["ScalingConfig"]["MaximumConcurrency"]  # bounds Postgres connections
        _check_queue(resources, queue_id, fn)

    env = sam["Globals"]["Function"]["Environment"]["Variables"]
    assert _ref(env["BOUSSOLE_AGENT_QUEUE_URL"]) == "AgentTurnQueue"
    # Each function may send to exactly the queues it uses.
    for fn in FUNCTIONS:
        expected = {queue_id for queue_id, senders in SENDERS.items() if fn.name in senders}
        assert _sqs_send_targets(sam_functions[fn.name]["Properties"]) == expected, fn.name


def _sam_function_env(sam: dict, res: dict) -> dict:
    return {
        **sam["Globals"]["Function"]["Environment"]["Variables"],
        **res["Properties"].get("Environment", {}).get("Variables", {}),
    }


def test_sam_spill(sam: dict, sam_functions: dict) -> None:
    env = _sam_function_env(sam, sam_functions["sms_inbound"])
    assert env["BOUSSOLE_SPILL"] == "sqs"
    assert _ref(env["BOUSSOLE_SPILL_TARGET"]) == QUEUE_IDS[by_name("inbound_drain").queue]
    queue = sam["Resources"]["InboundSpillQueue"]
    # It may hold someone's message: a stack deletion or replacement keeps it.
    assert queue["DeletionPolicy"] == queue["UpdateReplacePolicy"] == "Retain"


def test_sam_alarms(sam: dict) -> None:
    resources = sam["Resources"]
    dlq_id, _ = _getatt(resources["InboundSpillQueue"]["Properties"]["RedrivePolicy"]["deadLetterTargetArn"])
    (topic,) = [k for k, r in resources.items() if r["Type"] == "AWS::SNS::Topic"]
    _check_alarms(resources, dlq_id, {"Ref": topic})
    assert _ref(sam["Outputs"]["AlarmTopicArn"]["Value"]) == topic


def test_sam_prod_settings_are_accepted(sam: dict, sam_functions: dict) -> None:
    samples = {
        "Stage": "prod",
        "AppSecretsArn": "arn:aws:secretsmanager:eu-west-3:123456789012:secret:boussole/prod-AbCdEf",
        "PublicBaseUrl": "https://sms.example.org",
        "TwilioAccountSid": "AC" + "1" * 32,
        "TwilioFromNumber": "+33612345678",
        "UpstashRedisRestUrl": "https://eu1.upstash.io",
        "OwnNumbers": "+33612345678,+33700000000",
        "SmsSendRate": "1",
    }
    params = sam["Parameters"]
    for name, value in samples.items():
        pattern = params[name].get("AllowedPattern")
        assert pattern is None or re.fullmatch(pattern, value), name
        if "AllowedValues" in params[name]:
            assert value in params[name]["AllowedValues"]
        if "Default" in params[name] and pattern:
            assert re.fullmatch(pattern, params[name]["Default"]), name
    assert not re.fullmatch(params["OwnNumbers"]["AllowedPattern"], "0612345678")
    assert not re.fullmatch(params["SmsSendRate"]["AllowedPattern"], "fast")

    def value(v: object) -> str:
        if isinstance(v, str):
            return v
        if _ref(v):
            name = _ref(v)
            if name in params:
                return samples[name]
            assert sam["Resources"][name]["Type"] == "AWS::SQS::Queue"
            return f"https://sqs.eu-west-3.amazonaws.com/123456789012/{name}"
        if _getatt(v):
            resource, att = _getatt(v)
            assert (sam["Resources"][resource]["Type"], att) == ("AWS::KMS::Key", "Arn")
            return f"arn:aws:kms:eu-west-3:123456789012:key/{resource}"
        return re.sub(r"\$\{(\w+)\}", lambda m: samples[m.group(1)], v["Fn::Sub"])

    for fn in FUNCTIONS:
        env = {k: value(v) for k, v in _sam_function_env(sam, sam_functions[fn.name]).items()}
        settings = _check_prod_settings(env, fn, "template.yaml")
        assert settings.spill == "sqs" and settings.spill_target.endswith("/InboundSpillQueue")
        assert settings.own_number_set == {"+33612345678", "+33700000000"}


def test_sam_secret_access(sam: dict, sam_functions: dict) -> None:
    env = sam["Globals"]["Function"]["Environment"]["Variables"]
    assert _ref(env["BOUSSOLE_SECRETS_ARN"]) == "AppSecretsArn"
    for name, res in sam_functions.items():
        policy = _policies(res["Properties"]).get("AWSSecretsManagerGetSecretValuePolicy")
        assert policy and _ref(policy["SecretArn"]) == "AppSecretsArn", name


def test_sam_schedule_retries_are_bounded(sam_functions: dict) -> None:
    for fn in BY_TRIGGER["schedule"]:
        props = sam_functions[fn.name]["Properties"]
        assert props["EventInvokeConfig"]["MaximumRetryAttempts"] == 0
        for event in _sam_events(sam_functions[fn.name], "ScheduleV2"):
            assert event["RetryPolicy"]["MaximumEventAgeInSeconds"] <= 120


def test_deploy_settings_are_stage_parameters(sam: dict, sls: dict) -> None:
    sam_env = sam["Globals"]["Function"]["Environment"]["Variables"]
    sls_env = sls["provider"]["environment"]
    for var in DEPLOY_PARAMETERS:
        assert _ref(sam_env[var]) in sam["Parameters"], var
        match = re.fullmatch(r"\$\{param:(\w+)\}", sls_env[var])
        assert match, var
        # Given on the command line (--param), or defaulted in `params`.
        if var in ("BOUSSOLE_OWN_NUMBERS", "BOUSSOLE_SMS_SEND_RATE"):
            default = sls["params"]["default"][match.group(1)]
            assert default == sam["Parameters"][_ref(sam_env[var])]["Default"], var


def test_sam_edge_and_outputs(sam: dict) -> None:
    resources = sam["Resources"]
    assert resources["HttpApi"]["Type"] == "AWS::Serverless::HttpApi"
    assert _ref(resources["HttpApi"]["Properties"]["StageName"]) == "Stage"
    assert "AccessLogSettings" in resources["HttpApi"]["Properties"]
    domains = [r for r in resources.values() if r["Type"] == "AWS::ApiGatewayV2::DomainName"]
    for domain in domains:
        for conf in domain["Properties"]["DomainNameConfigurations"]:
            assert conf["SecurityPolicy"] == "TLS_1_2"  # the only one HTTP APIs take
    # HTTP APIs cannot take WAF: an association here would fail at deploy time.
    assert not [r for r in resources.values() if r["Type"].startswith("AWS::WAFv2::WebACLAssociation")]
    outputs = sam["Outputs"]
    assert "ApiUrl" in outputs
    assert "/sms/inbound" in json.dumps(outputs["TwilioWebhookUrl"]["Value"])
    assert ("POST", "/sms/inbound") in {r for fn in BY_TRIGGER["http"] for r in _routes(fn)}
    # Delivery receipts arrive at {public base URL}/sms/status, on the same HTTP API.
    assert outputs["TwilioStatusCallbackBase"]["Value"] == {"Fn::Sub": "${PublicBaseUrl}/sms/status"}
    assert _routes(by_name("sms_status")) == {("POST", "/sms/status")}


def test_every_api_path_is_reached_through_the_api_functions_greedy_route() -> None:
    """The descriptors route /v1/{proxy+} to the api function; FastAPI does the rest, so every path it
    serves (resources, OpenAPI, docs) must sit under a prefix the api function owns, and no other
    function may claim a path there."""
    from functions.api.main import app

    prefixes = [r.prefix for r in by_name("api").routes]
    assert prefixes == ["/v1/"]
    paths = [*app.openapi()["paths"], app.docs_url, app.openapi_url]
    assert len(paths) >= 5
    assert all(any(p.startswith(prefix) for prefix in prefixes) for p in paths), paths
    others = [r.path for fn in FUNCTIONS if fn.name != "api" for r in fn.routes]
    assert not [p for p in others if p.startswith("/v1/")]


# ---------------------------------------------------------------- serverless.yml
@pytest.fixture(scope="module")
def sls() -> dict:
    return yaml.safe_load(SERVERLESS.read_text())


def _sls_events(fn_conf: dict, kind: str) -> list:
    return [ev[kind] for ev in fn_conf.get("events", []) if kind in ev]


def test_sls_provider(sls: dict) -> None:
    assert sls["frameworkVersion"] == "3"
    provider = sls["provider"]
    assert provider["name"] == "aws"
    assert provider["runtime"] == "python3.11"
    assert provider["architecture"] == "arm64"
    assert provider.get("logRetentionInDays")
    assert provider.get("tracing", {}).get("lambda") in (None, False)
    assert sls["package"]["artifact"] == f"{LAMBDA_OUT}.zip"


@pytest.mark.parametrize("fn", FUNCTIONS, ids=lambda f: f.name)
def test_sls_function_matches_manifest(fn: Function, sls: dict) -> None:
    conf = sls["functions"][fn.name]
    assert conf["handler"] == fn.lambda_handler
    assert conf["description"] == fn.description
    assert conf.get("timeout", sls["provider"].get("timeout")) == fn.timeout_seconds
    assert conf.get("memorySize", sls["provider"].get("memorySize")) == fn.memory_mb
    sls_any = {"*": "ANY"}  # the Serverless Framework writes "any method" as "*"
    assert {(sls_any.get(e["method"], e["method"]), e["path"]) for e in _sls_events(conf, "httpApi")} == _routes(fn)
    rates = [
        r for e in _sls_events(conf, "schedule") for r in (e["rate"] if isinstance(e["rate"], list) else [e["rate"]])
    ]
    assert rates == ([fn.rate] if fn.trigger == "schedule" else [])
    sqs = _sls_events(conf, "sqs")
    assert len(sqs) == (1 if fn.trigger == "queue" else 0)
    for event in sqs:
        assert _getatt(event["arn"]) == [QUEUE_IDS[fn.queue], "Arn"]
        assert event["batchSize"] == 10
        assert event["functionResponseType"] == "ReportBatchItemFailures"
        assert event["maximumConcurrency"]
        _check_queue(sls["resources"]["Resources"], QUEUE_IDS[fn.queue], fn)
    if fn.trigger == "schedule":
        assert conf["maximumRetryAttempts"] == 0


def test_sls_iam(sls: dict) -> None:
    statements = sls["provider"]["iam"]["role"]["statements"]
    by_action = {a: s for s in statements for a in ([s["Action"]] if isinstance(s["Action"], str) else s["Action"])}
    assert by_action["secretsmanager:GetSecretValue"]["Resource"] == "${param:appSecretsArn}"
    # One role for the whole service: it may send to every queue (SAM narrows it per function).
    resources = by_action["sqs:SendMessage"]["Resource"]
    assert sorted(_getatt(r)[0] for r in resources) == sorted(SENDERS)
    env = sls["provider"]["environment"]
    assert env["BOUSSOLE_AGENT_QUEUE_URL"] == {"Ref": "AgentTurnQueue"}
    assert env["BOUSSOLE_SPILL"] == "sqs"
    assert env["BOUSSOLE_SPILL_TARGET"] == {"Ref": QUEUE_IDS[by_name("inbound_drain").queue]}


def test_sls_spill_and_alarms(sls: dict) -> None:
    resources = sls["resources"]["Resources"]
    queue = resources["InboundSpillQueue"]
    assert queue["DeletionPolicy"] == queue["UpdateReplacePolicy"] == "Retain"
    dlq_id, _ = _getatt(queue["Properties"]["RedrivePolicy"]["deadLetterTargetArn"])
    (topic,) = [k for k, r in resources.items() if r["Type"] == "AWS::SNS::Topic"]
    _check_alarms(resources, dlq_id, {"Ref": topic})


def test_sls_prod_settings_are_accepted(sls: dict) -> None:
    cli = {
        "appSecretsArn": "arn:aws:secretsmanager:eu-west-3:123456789012:secret:boussole/prod-AbCdEf",
        "publicBaseUrl": "https://sms.example.org",
        "twilioAccountSid": "AC" + "1" * 32,
        "twilioFromNumber": "+33612345678",
        "upstashRedisRestUrl": "https://eu1.upstash.io",
    }
    params = {**sls["params"]["default"], **sls["params"].get("prod", {}), **cli}

    def value(v: object) -> str:
        if _getatt(v):
            resource, att = _getatt(v)
            assert (sls["resources"]["Resources"][resource]["Type"], att) == ("AWS::KMS::Key", "Arn")
            return f"arn:aws:kms:eu-west-3:123456789012:key/{resource}"
        if isinstance(v, dict):
            return f"https://sqs.eu-west-3.amazonaws.com/123456789012/{_ref(v)}"
        v = str(v).replace("${sls:stage}", "prod")
        return re.sub(r"\$\{param:(\w+)\}", lambda m: str(params[m.group(1)]), v)

    for fn in FUNCTIONS:
        env = {**sls["provider"]["environment"], **sls["functions"][fn.name].get("environment", {})}
        settings = _check_prod_settings({k: value(v) for k, v in env.items()}, fn, "serverless.yml")
        assert settings.spill == "sqs" and settings.spill_target.endswith("/InboundSpillQueue")


def test_sam_and_sls_declare_the_same_functions(sam_functions: dict, sls: dict) -> None:
    for name, res in sam_functions.items():
        conf = sls["functions"][name]
        assert conf["handler"] == res["Properties"]["Handler"]
        assert conf["timeout"] == res["Properties"]["Timeout"]
        assert conf["description"] == res["Properties"]["Description"]
    assert set(sls["functions"]) == set(sam_functions)


# ---------------------------------------------------------------- environment
def test_common_env_is_set_in_both(sam: dict, sls: dict) -> None:
    sam_env = sam["Globals"]["Function"]["Environment"]["Variables"]
    sls_env = sls["provider"]["environment"]
    sam_secret = {"BOUSSOLE_" + k.upper() for k in sam["Metadata"]["Boussole"]["SecretKeys"]}
    sls_secret = {"BOUSSOLE_" + k.upper() for k in sls["custom"]["boussole"]["secretKeys"]}
    assert sam_secret == sls_secret == SECRET_ENV
    for var in COMMON_ENV:
        if var in SECRET_ENV:
            # A BOUSSOLE_* variable overrides the secret (shared/config.py), even when empty.
            assert var not in sam_env and var not in sls_env, var
        else:
            assert var in sam_env, f"template.yaml lacks {var}"
            assert var in sls_env, f"serverless.yml lacks {var}"
    assert set(sam_env) == set(sls_env)
    # shared/config.py refuses stage/prod with the in-process queue or the console gateway.
    for env in (sam_env, sls_env):
        assert env["BOUSSOLE_QUEUE"] == "sqs"
        assert env["BOUSSOLE_SMS_GATEWAY"] == "twilio"


# ---------------------------------------------------------------- infra/package_lambda.py
def test_package_lambda_dry_run(tmp_path: Path) -> None:
    import tomllib

    out = tmp_path / "lambda"
    proc = subprocess.run(
        [sys.executable, str(PACKAGER), "--dry-run", "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stderr
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    for dep in deps:
        assert dep in proc.stdout, dep
    for piece in (
        "--platform manylinux2014_aarch64",
        "--only-binary=:all:",
        "--python-version 3.11",
        f"--target {out}",
        "--invalidation-mode unchecked-hash",
    ):
        assert piece in proc.stdout, piece
    for src in ("shared", "functions"):
        assert f"-> {out / src}" in proc.stdout
    assert not out.exists(), "a dry run installs nothing"


def test_package_lambda_zip_is_deterministic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    spec = importlib.util.spec_from_file_location("package_lambda", PACKAGER)
    mod = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, mod)  # dataclasses look their module up
    spec.loader.exec_module(mod)
    src = tmp_path / "lambda"
    (src / "pkg").mkdir(parents=True)
    (src / "pkg" / "a.py").write_text("x = 1\n")
    (src / "b.txt").write_text("b\n")
    mod._zip(src, tmp_path / "one.zip")
    (src / "b.txt").touch()
    mod._zip(src, tmp_path / "two.zip")
    assert (tmp_path / "one.zip").read_bytes() == (tmp_path / "two.zip").read_bytes()
    assert mod.make_plan(tmp_path / "x").zip_path == tmp_path / "x.zip"
    assert mod.DEFAULT_OUT == ROOT / LAMBDA_OUT


# ---------------------------------------------------------------- local/docker-compose.yml
COMPOSE_SERVICES = {"postgres", "redis", "srh", "app", "otel-collector", "jaeger", "prometheus", "grafana", "loki"}


def test_docker_compose_topology() -> None:
    compose = yaml.safe_load(COMPOSE.read_text())
    services = compose["services"]
    assert set(services) >= COMPOSE_SERVICES
    assert services["postgres"]["image"] == "pgvector/pgvector:pg16"
    assert services["srh"]["image"].startswith("hiett/serverless-redis-http")
    assert "redis" in services["srh"]["environment"]["SRH_CONNECTION_STRING"]
    command = services["app"]["command"]
    command = command if isinstance(command, list) else shlex.split(command)
    assert command[-3:] == ["-m", "local.emulator", "--no-embedded"]
    env = services["app"]["environment"]
    assert "@postgres:" in env["BOUSSOLE_DATABASE_URL"]
    assert env["BOUSSOLE_UPSTASH_REDIS_REST_URL"].startswith("http://srh")
    assert env["BOUSSOLE_UPSTASH_REDIS_REST_TOKEN"] == services["srh"]["environment"]["SRH_TOKEN"]
    assert "otel-collector" in env["OTEL_EXPORTER_OTLP_ENDPOINT"]
    # Settings the emulator reads (HOST and PORT are its own command-line defaults).
    unknown = {k for k in env if k.startswith("BOUSSOLE_")} - _settings_fields() - {"BOUSSOLE_HOST", "BOUSSOLE_PORT"}
    assert not unknown, unknown
    # The emulator runs every function in process: no cloud queue or spill.
    assert env.get("BOUSSOLE_SPILL", "none") in ("none", "file")
    assert env.get("BOUSSOLE_QUEUE", "inprocess") == "inprocess"

    for name, service in services.items():
        for port in service.get("ports", []):
            assert str(port).startswith("127.0.0.1:"), f"{name} publishes {port} beyond loopback"
        for volume in service.get("volumes", []):
            host = volume.split(":", 1)[0]
            if host.startswith("."):
                assert (COMPOSE.parent / host).exists(), f"{name}: {host} missing"
    build = services["app"]["build"]
    assert (COMPOSE.parent / build["context"] / build["dockerfile"]).is_file()


def test_otel_collector_feeds_jaeger_prometheus_loki() -> None:
    conf = yaml.safe_load((COMPOSE.parent / "compose" / "otel-collector.yaml").read_text())
    pipelines = conf["service"]["pipelines"]
    exporters = conf["exporters"]
    assert "jaeger" in exporters[pipelines["traces"]["exporters"][0]]["endpoint"]
    assert pipelines["metrics"]["exporters"] == ["prometheus"]
    assert "loki" in exporters[pipelines["logs"]["exporters"][0]]["endpoint"]
    prometheus = yaml.safe_load((COMPOSE.parent / "compose" / "prometheus.yml").read_text())
    targets = {t for job in prometheus["scrape_configs"] for sc in job["static_configs"] for t in sc["targets"]}
    assert "otel-collector:8889" in targets


# ---------------------------------------------------------------- infra/deploy_gcp.sh
GCP_PROJECT = "proj-x"
GCP_RUNTIME_SA = f"boussole-runtime@{GCP_PROJECT}.iam.gserviceaccount.com"
PUBSUB_MAX_RETENTION = "31d"


def _gcp_dry_run() -> str:
    assert subprocess.run(["bash", "-n", str(DEPLOY_GCP)]).returncode == 0
    proc = subprocess.run(
        ["bash", str(DEPLOY_GCP), "--dry-run"],
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": "/usr/bin:/bin", "GCP_PROJECT": GCP_PROJECT, "BOUSSOLE_STAGE": "prod"},
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


@pytest.fixture(scope="module")
def gcp_output() -> str:
    return _gcp_dry_run()


@pytest.fixture(scope="module")
def gcp_commands(gcp_output: str) -> list[list[str]]:
    return [shlex.split(line[2:]) for line in gcp_output.splitlines() if line.startswith("+ gcloud ")]


@pytest.fixture(scope="module")
def gcp_env(gcp_output: str) -> dict[str, str]:
    """The env file the dry run prints (indented under its `+ write` line)."""
    lines = gcp_output.splitlines()
    (start,) = [i for i, line in enumerate(lines) if line.startswith("+ write ")]
    block = []
    for line in lines[start + 1 :]:
        if not line.startswith("    "):
            break
        block.append(line[4:])
    env = yaml.safe_load("\n".join(block))
    assert all(isinstance(v, str) for v in env.values()), env
    return env


def _flags(cmd: list[str]) -> dict[str, str]:
    return {k: v for k, _, v in (a.partition("=") for a in cmd if a.startswith("--"))}


def _gcloud(commands: list[list[str]], *words: str) -> list[list[str]]:
    return [c for c in commands if c[1 : 1 + len(words)] == list(words)]


@pytest.mark.parametrize("fn", FUNCTIONS, ids=lambda f: f.name)
def test_gcp_deploys_every_function(fn: Function, gcp_commands: list[list[str]]) -> None:
    assert fn.name in DEPLOY_GCP.read_text()
    deploys = _gcloud(gcp_commands, "functions", "deploy")
    (cmd,) = [c for c in deploys if c[3] == "boussole-" + fn.name.replace("_", "-")]
    flags = _flags(cmd)
    assert "--gen2" in flags and flags["--runtime"] == "python311"
    assert flags["--entry-point"] == "gcf_handler"
    assert flags["--timeout"] == f"{fn.timeout_seconds}s"
    assert flags["--memory"] == f"{fn.memory_mb}Mi"
    assert flags["--source"].endswith(f"/{fn.name}")
    if fn.trigger == "http":
        assert "--trigger-http" in flags and "--trigger-topic" not in flags
        assert flags["--env-vars-file"].endswith("-http.yaml")  # carries FUNCTION_USE_ASGI=true
    elif fn.trigger == "queue":
        assert flags["--trigger-topic"] == fn.queue
        assert "--retry" in flags
        assert fn.queue in {c[4] for c in _gcloud(gcp_commands, "pubsub", "topics", "create")}
        # Eventarc's push subscription: dead-lettered to "<queue>-dlq", which a subscription holds.
        dlq = f"{fn.queue}-dlq"
        sub = f"<{fn.name} eventarc subscription>"
        (update,) = [c for c in _gcloud(gcp_commands, "pubsub", "subscriptions", "update") if c[4] == sub]
        assert _flags(update)["--dead-letter-topic"] == dlq
        (hold,) = [c for c in _gcloud(gcp_commands, "pubsub", "subscriptions", "create") if c[4] == f"{dlq}-hold"]
        assert _flags(hold)["--topic"] == dlq
        assert _flags(hold)["--expiration-period"] == "never"
        # The Pub/Sub service agent may publish to the DLQ and ack the source subscription.
        bindings = {
            (c[2], c[4], _flags(c)["--role"])
            for c in _gcloud(gcp_commands, "pubsub")
            if c[3] == "add-iam-policy-binding" and "gcp-sa-pubsub" in _flags(c)["--member"]
        }
        assert {
            ("topics", dlq, "roles/pubsub.publisher"),
            ("subscriptions", sub, "roles/pubsub.subscriber"),
        } <= bindings
    else:
        topic = flags["--trigger-topic"]
        (job,) = [j for j in _gcloud(gcp_commands, "scheduler", "jobs", "create") if _flags(j)["--topic"] == topic]
        job_flags = _flags(job)
        assert job[4] == "pubsub" and fn.name in job_flags["--message-body"]
        assert job_flags["--schedule"] == fn.cron
        assert "--retry" not in flags


def _retry_delays(first: int, cap: int, attempts: int) -> int:
    """Lower bound of the time Pub/Sub takes for `attempts` deliveries with exponential backoff (doubling)."""
    total, delay = 0, first
    for _ in range(attempts - 1):
        total += delay
        delay = min(cap, delay * 2)
    return total


def _seconds(duration: str) -> int:
    number, unit = int(duration[:-1]), duration[-1]
    return number * {"s": 1, "m": 60, "h": 3600, "d": 86400}[unit]


def test_gcp_delivery_attempts(gcp_commands: list[list[str]]) -> None:
    updates = {c[4]: _flags(c) for c in _gcloud(gcp_commands, "pubsub", "subscriptions", "update")}
    assert updates["<agent_turn eventarc subscription>"]["--max-delivery-attempts"] == "5"
    spill = updates["<inbound_drain eventarc subscription>"]
    attempts = int(spill["--max-delivery-attempts"])
    assert 5 <= attempts <= 100  # Pub/Sub's bounds
    first, cap = _seconds(spill["--min-retry-delay"]), _seconds(spill["--max-retry-delay"])
    assert cap <= 600  # Pub/Sub's maximum backoff
    assert _retry_delays(first, cap, attempts) >= SPILL_MIN_HOURS_TO_DLQ * 3600
    assert spill["--message-retention-duration"] == PUBSUB_MAX_RETENTION


def test_gcp_spill(gcp_commands: list[list[str]], gcp_env: dict[str, str]) -> None:
    topic = by_name("inbound_drain").queue
    topics = {c[4]: _flags(c) for c in _gcloud(gcp_commands, "pubsub", "topics", "create")}
    assert topics[topic]["--message-retention-duration"] == PUBSUB_MAX_RETENTION
    assert topics[f"{topic}-dlq"]["--message-retention-duration"] == PUBSUB_MAX_RETENTION
    subs = {c[4]: _flags(c) for c in _gcloud(gcp_commands, "pubsub", "subscriptions", "create")}
    assert subs[f"{topic}-dlq-hold"]["--message-retention-duration"] == PUBSUB_MAX_RETENTION
    # sms_inbound's service account may publish to the spill topic.
    publishers = [
        c
        for c in _gcloud(gcp_commands, "pubsub", "topics", "add-iam-policy-binding")
        if c[4] == topic and _flags(c)["--role"] == "roles/pubsub.publisher"
    ]
    (deploy,) = [c for c in _gcloud(gcp_commands, "functions", "deploy") if c[3] == "boussole-sms-inbound"]
    assert [_flags(c)["--member"] for c in publishers] == [f"serviceAccount:{_flags(deploy)['--service-account']}"]
    assert _flags(deploy)["--service-account"] == GCP_RUNTIME_SA
    assert gcp_env["BOUSSOLE_SPILL"] == "pubsub"
    assert gcp_env["BOUSSOLE_SPILL_TARGET"] == f"projects/{GCP_PROJECT}/topics/{topic}"


def test_gcp_environment_and_secrets(gcp_commands: list[list[str]], gcp_env: dict[str, str]) -> None:
    text = DEPLOY_GCP.read_text()
    assert 'FUNCTION_USE_ASGI: "true"' in text
    for var in COMMON_ENV:
        assert var in text, var
        if var not in SECRET_ENV:
            assert var in gcp_env, var
    assert not SECRET_ENV & set(gcp_env)
    assert gcp_env["BOUSSOLE_SMS_SEND_RATE"] == "1"  # the default
    for cmd in _gcloud(gcp_commands, "functions", "deploy"):
        secrets = dict(pair.split("=", 1) for pair in _flags(cmd)["--set-secrets"].split(","))
        assert set(secrets) == SECRET_ENV
    for fn in FUNCTIONS:
        env = gcp_env | dict.fromkeys(SECRET_ENV, "from-secret-manager")
        settings = _check_prod_settings(env, fn, "infra/deploy_gcp.sh")
        assert settings.queue == settings.spill == "pubsub"


def test_gcp_rejects_malformed_settings() -> None:
    for var, bad in (("OWN_NUMBERS", "0612345678"), ("SMS_SEND_RATE", "fast")):
        proc = subprocess.run(
            ["bash", str(DEPLOY_GCP), "--dry-run"],
            capture_output=True,
            text=True,
            timeout=60,
            env={"PATH": "/usr/bin:/bin", "GCP_PROJECT": GCP_PROJECT, var: bad},
        )
        assert proc.returncode == 2 and var in proc.stderr, var


def test_the_api_builds_a_resource_only_when_it_is_asked_for() -> None:
    """A cold start imports no resource router; a request loads its own; the OpenAPI document loads all, and
    every documented path's first segment is a known resource (any other segment loads everything)."""
    script = (
        "import sys, json\n"
        "from functions.api.main import app, RESOURCES\n"
        "before = sorted(m for m in sys.modules if m.startswith('functions.api.routes.') and m != 'functions.api.routes.health')\n"
        "app.load('tasks')\n"
        "after_one = sorted(m for m in sys.modules if m.startswith('functions.api.routes.') and m != 'functions.api.routes.health')\n"
        "paths = list(app.openapi()['paths'])\n"
        "print(json.dumps({'before': before, 'after_one': after_one, 'paths': paths, 'resources': sorted(RESOURCES)}))\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, check=True)
    seen = json.loads(out.stdout.strip().splitlines()[-1])
    assert seen["before"] == []
    assert seen["after_one"] == ["functions.api.routes.tasks"]
    segments = {p.split("/")[2] for p in seen["paths"]}
    assert segments - {"health"} <= set(seen["resources"]), segments - set(seen["resources"])
    assert len(seen["paths"]) >= 20


# Functions that open or seal personal data (memories, notes, expenses): they may use the data key KMS key.
SEALED_DATA_USERS = {"api", "agent_turn", "reminder_sweep", "morning_plan", "reembed"}


def test_encryption_at_rest_has_a_retained_rotating_kms_key_used_only_with_our_context(
    sam: dict, sam_functions: dict, sls: dict
) -> None:
    for resources in (sam["Resources"], sls["resources"]["Resources"]):
        key = resources["DataKeyEncryptionKey"]
        assert key["Type"] == "AWS::KMS::Key" and key["DeletionPolicy"] == "Retain"
        assert key["Properties"]["EnableKeyRotation"] is True and key["Properties"]["KeySpec"] == "SYMMETRIC_DEFAULT"
        assert resources["DataKeyEncryptionKeyAlias"]["Type"] == "AWS::KMS::Alias"
    env = sam["Globals"]["Function"]["Environment"]["Variables"]
    assert env["BOUSSOLE_ENCRYPTION"] == "kms" and _getatt(env["BOUSSOLE_KMS_KEY_ID"]) == [
        "DataKeyEncryptionKey",
        "Arn",
    ]
    assert _getatt(sls["provider"]["environment"]["BOUSSOLE_KMS_KEY_ID"]) == ["DataKeyEncryptionKey", "Arn"]

    def kms_statements(statements: list[dict]) -> list[dict]:
        return [s for s in statements if any(str(a).startswith("kms:") for a in s["Action"])]

    for fn in FUNCTIONS:
        props = sam_functions[fn.name]["Properties"]
        inline = [st for p in props.get("Policies", []) if isinstance(p, dict) for st in p.get("Statement", [])]
        granted = kms_statements(inline)
        if fn.name not in SEALED_DATA_USERS:
            assert not granted, fn.name  # the webhooks never see sealed data
            continue
        assert len(granted) == 1, fn.name
        [grant] = granted
        assert sorted(grant["Action"]) == ["kms:Decrypt", "kms:GenerateDataKey"], fn.name
        assert _getatt(grant["Resource"]) == ["DataKeyEncryptionKey", "Arn"], fn.name
        assert grant["Condition"]["StringEquals"]["kms:EncryptionContext:purpose"] == "boussole-data-key"
    [grant] = kms_statements(sls["provider"]["iam"]["role"]["statements"])
    assert sorted(grant["Action"]) == ["kms:Decrypt", "kms:GenerateDataKey"]
    assert grant["Condition"]["StringEquals"]["kms:EncryptionContext:purpose"] == "boussole-data-key"
