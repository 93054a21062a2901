"""Settings: environment variables, the AWS secret (moto), and refusal of local defaults in stage/prod."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from shared.config import Settings

PROD_OK = {
    "BOUSSOLE_ENV": "prod",
    "BOUSSOLE_PUBLIC_BASE_URL": "https://sms.example.org/",
    "BOUSSOLE_TWILIO_AUTH_TOKEN": "real-token",
    "BOUSSOLE_TOKEN_SECRET": "a-real-secret-of-at-least-32-bytes",
    "BOUSSOLE_SMS_GATEWAY": "twilio",
    "BOUSSOLE_QUEUE": "sqs",
    "BOUSSOLE_AGENT_QUEUE_URL": "https://sqs.eu-west-3.amazonaws.com/123456789012/agent-turns",
    "BOUSSOLE_KMS_KEY_ID": "alias/boussole-data",
}


class TestFromEnv:
    def test_reads_prefixed_variables_only(self):
        s = Settings.from_env(
            {"BOUSSOLE_ENV": "dev", "BOUSSOLE_DEFAULT_TIMEZONE_FR": "Europe/Brussels", "DATABASE_URL": "ignored"}
        )
        assert s.env == "dev" and s.default_timezone_fr == "Europe/Brussels"
        assert s.database_url.startswith("postgresql+pg8000://")

    def test_trailing_slash_of_the_public_url_is_dropped(self):
        assert Settings.from_env({"BOUSSOLE_PUBLIC_BASE_URL": "https://x.org/"}).public_base_url == "https://x.org"

    def test_secrets_never_print(self):
        s = Settings.from_env({"BOUSSOLE_TWILIO_AUTH_TOKEN": "hunter2"})
        assert "hunter2" not in repr(s) and "hunter2" not in str(s.model_dump())

    def test_production_with_real_values_is_accepted(self):
        assert Settings.from_env(PROD_OK).env == "prod"

    def test_the_key_file_is_local_and_test_only_kms_elsewhere(self):
        assert Settings.from_env({"BOUSSOLE_ENV": "test"}).keyring_kind == "local"
        assert Settings.from_env({"BOUSSOLE_ENV": "local"}).keyring_kind == "local"
        assert Settings.from_env({"BOUSSOLE_ENV": "dev"}).keyring_kind == "kms"
        assert Settings.from_env(PROD_OK).keyring_kind == "kms"

    @pytest.mark.parametrize(
        "override, complaint",
        [
            ({"BOUSSOLE_TWILIO_AUTH_TOKEN": None}, "twilio_auth_token"),
            ({"BOUSSOLE_TOKEN_SECRET": None}, "token_secret"),
            ({"BOUSSOLE_TOKEN_SECRET": "short-secret"}, "32 bytes"),
            ({"BOUSSOLE_PASSWORD_MEMORY_KIB": "8192"}, "argon2id floor"),
            ({"BOUSSOLE_PASSWORD_TIME_COST": "1", "BOUSSOLE_PASSWORD_MEMORY_KIB": "32768"}, "argon2id floor"),
            ({"BOUSSOLE_SMS_GATEWAY": "console"}, "console"),
            ({"BOUSSOLE_QUEUE": "inprocess"}, "inprocess"),
            ({"BOUSSOLE_QUEUE": "none"}, "none"),
            ({"BOUSSOLE_AGENT_QUEUE_URL": None}, "agent_queue_url"),
            ({"BOUSSOLE_TWILIO_API_BASE_URL": "http://127.0.0.1:9"}, "fake"),
            ({"BOUSSOLE_PUBLIC_BASE_URL": "http://sms.example.org"}, "https"),
            ({"BOUSSOLE_SPILL": "file", "BOUSSOLE_SPILL_TARGET": "/tmp/spill"}, "spill=file"),
            ({"BOUSSOLE_SPILL": "sqs"}, "spill_target"),
            ({"BOUSSOLE_TWILIO_MESSAGING_SERVICE_SID": "MG" + "1" * 32}, "own_numbers"),
            ({"BOUSSOLE_KMS_KEY_ID": None}, "kms_key_id"),
            ({"BOUSSOLE_ENCRYPTION": "local"}, "local key file"),
            ({"BOUSSOLE_ENCRYPTION_KEY_FILE": "/tmp/kek.json"}, "local key file"),
            ({"BOUSSOLE_KMS_ENDPOINT_URL": "http://127.0.0.1:9"}, "kms_endpoint_url"),
        ],
    )
    def test_stage_and_prod_refuse_local_defaults(self, override, complaint):
        env = {**PROD_OK, **override}
        env = {k: v for k, v in env.items() if v is not None}
        with pytest.raises(ValidationError, match=complaint):
            Settings.from_env(env)


class TestAwsSecret:
    def test_the_json_secret_fills_settings_and_env_wins(self, monkeypatch):
        import boto3
        from moto import mock_aws

        for k, v in {
            "AWS_ACCESS_KEY_ID": "test",
            "AWS_SECRET_ACCESS_KEY": "test",
            "AWS_DEFAULT_REGION": "eu-west-3",
        }.items():
            monkeypatch.setenv(k, v)
        with mock_aws():
            arn = boto3.client("secretsmanager").create_secret(
                Name="boussole/test",
                SecretString=json.dumps(
                    {
                        "twilio_auth_token": "from-secret",
                        "database_url": "postgresql+pg8000://app@db/boussole",
                        "default_timezone_fr": "Europe/Paris",
                    }
                ),
            )["ARN"]
            s = Settings.from_env({"BOUSSOLE_SECRETS_ARN": arn, "BOUSSOLE_DEFAULT_TIMEZONE_FR": "Europe/Brussels"})
        assert s.twilio_auth_token.get_secret_value() == "from-secret"
        assert s.database_url == "postgresql+pg8000://app@db/boussole"
        assert s.default_timezone_fr == "Europe/Brussels"
