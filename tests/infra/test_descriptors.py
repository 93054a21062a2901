"""The deploy descriptors agree with functions/manifest.py, and with each other.

template.yaml (SAM), serverless.yml (Serverless Framework v3), infra/deploy_gcp.sh (Cloud Functions),
infra/package_lambda.py and local/docker-compose.yml are written by hand; these tests catch drift.
No network, no cloud credentials, no Docker.
"""

from __future__ import annotations

import importlib.util
import json
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from cfnlint.decode import decode

from functions.manifest import COMMON_ENV, FUNCTIONS, Function

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


def test_sam_queue_wiring(sam: dict, sam_functions: dict) -> None:
    resources = sam["Resources"]
    for fn in BY_TRIGGER["queue"]:
        (event,) = _sam_events(sam_functions[fn.name], "SQS")
        queue_id, att = _getatt(event["Queue"])
        assert att == "Arn"
        assert event["BatchSize"] == 10
        assert event["FunctionResponseTypes"] == ["ReportBatchItemFailures"]
        queue = resources[queue_id]
        assert queue["Type"] == "AWS::SQS::Queue"
        assert queue["Properties"]["VisibilityTimeout"] > fn.timeout_seconds
        redrive = queue["Properties"]["RedrivePolicy"]
        assert redrive["maxReceiveCount"] == 5
        dlq_id, _ = _getatt(redrive["deadLetterTargetArn"])
        assert resources[dlq_id]["Type"] == "AWS::SQS::Queue"
        assert _ref(sam["Globals"]["Function"]["Environment"]["Variables"]["BOUSSOLE_AGENT_QUEUE_URL"]) == queue_id

        # The HTTP functions and the sweep may enqueue turns.
        for sender in BY_TRIGGER["http"] + BY_TRIGGER["schedule"]:
            policy = _policies(sam_functions[sender.name]["Properties"]).get("SQSSendMessagePolicy")
            assert policy and _getatt(policy["QueueName"]) == [queue_id, "QueueName"], sender.name


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
    assert conf.get("timeout", sls["provider"].get("timeout")) == fn.timeout_seconds
    assert conf.get("memorySize", sls["provider"].get("memorySize")) == fn.memory_mb
    assert {(e["method"], e["path"]) for e in _sls_events(conf, "httpApi")} == _routes(fn)
    rates = [
        r for e in _sls_events(conf, "schedule") for r in (e["rate"] if isinstance(e["rate"], list) else [e["rate"]])
    ]
    assert rates == ([fn.rate] if fn.trigger == "schedule" else [])
    sqs = _sls_events(conf, "sqs")
    assert len(sqs) == (1 if fn.trigger == "queue" else 0)
    for event in sqs:
        assert _getatt(event["arn"]) == ["AgentTurnQueue", "Arn"]
        assert event["batchSize"] == 10
        assert event["functionResponseType"] == "ReportBatchItemFailures"
        queue = sls["resources"]["Resources"]["AgentTurnQueue"]["Properties"]
        assert queue["VisibilityTimeout"] > fn.timeout_seconds
        assert queue["RedrivePolicy"]["maxReceiveCount"] == 5
        assert _getatt(queue["RedrivePolicy"]["deadLetterTargetArn"])[0] in sls["resources"]["Resources"]
    if fn.trigger == "schedule":
        assert conf["maximumRetryAttempts"] == 0


def test_sls_iam(sls: dict) -> None:
    statements = sls["provider"]["iam"]["role"]["statements"]
    by_action = {a: s for s in statements for a in ([s["Action"]] if isinstance(s["Action"], str) else s["Action"])}
    assert by_action["secretsmanager:GetSecretValue"]["Resource"] == "${param:appSecretsArn}"
    assert _getatt(by_action["sqs:SendMessage"]["Resource"]) == ["AgentTurnQueue", "Arn"]
    assert sls["provider"]["environment"]["BOUSSOLE_AGENT_QUEUE_URL"] == {"Ref": "AgentTurnQueue"}


def test_sam_and_sls_declare_the_same_functions(sam_functions: dict, sls: dict) -> None:
    for name, res in sam_functions.items():
        conf = sls["functions"][name]
        assert conf["handler"] == res["Properties"]["Handler"]
        assert conf["timeout"] == res["Properties"]["Timeout"]
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
@pytest.fixture(scope="module")
def gcp_commands() -> list[list[str]]:
    assert subprocess.run(["bash", "-n", str(DEPLOY_GCP)]).returncode == 0
    proc = subprocess.run(
        ["bash", str(DEPLOY_GCP), "--dry-run"],
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": "/usr/bin:/bin", "GCP_PROJECT": "proj-x", "BOUSSOLE_STAGE": "prod"},
    )
    assert proc.returncode == 0, proc.stderr
    return [shlex.split(line[2:]) for line in proc.stdout.splitlines() if line.startswith("+ gcloud ")]


def _flags(cmd: list[str]) -> dict[str, str]:
    return {k: v for k, _, v in (a.partition("=") for a in cmd if a.startswith("--"))}


@pytest.mark.parametrize("fn", FUNCTIONS, ids=lambda f: f.name)
def test_gcp_deploys_every_function(fn: Function, gcp_commands: list[list[str]]) -> None:
    assert fn.name in DEPLOY_GCP.read_text()
    deploys = [c for c in gcp_commands if c[:3] == ["gcloud", "functions", "deploy"]]
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
    else:
        topic = flags["--trigger-topic"]
        (job,) = [c for c in gcp_commands if c[:4] == ["gcloud", "scheduler", "jobs", "create"]]
        job_flags = _flags(job)
        assert job[4] == "pubsub" and job_flags["--topic"] == topic
        assert job_flags["--schedule"] == fn.cron
        assert "--retry" not in flags


def test_gcp_environment_and_secrets(gcp_commands: list[list[str]]) -> None:
    text = DEPLOY_GCP.read_text()
    assert 'FUNCTION_USE_ASGI: "true"' in text
    for var in COMMON_ENV:
        assert var in text, var
    for cmd in (c for c in gcp_commands if c[:3] == ["gcloud", "functions", "deploy"]):
        secrets = dict(pair.split("=", 1) for pair in _flags(cmd)["--set-secrets"].split(","))
        assert set(secrets) == SECRET_ENV
    dlq = [c for c in gcp_commands if c[:4] == ["gcloud", "pubsub", "subscriptions", "update"]]
    assert dlq and _flags(dlq[0])["--max-delivery-attempts"] == "5"
