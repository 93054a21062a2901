"""The API fuzzed from its own OpenAPI document with schemathesis, against the real app on a real
database: valid and invalid requests on every operation. No answer may be a 5xx, every answer must be
one the document declares (status, content type, body schema), invalid input must be refused, and an
operation that declares the bearer scheme must refuse a call without it.

Bounded: a fixed number of examples per operation and mode (BOUSSOLE_FUZZ_EXAMPLES, default 12), so the
run takes seconds, not minutes; raise it locally to look harder.
"""

from __future__ import annotations

import os
import re
from collections import Counter

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    ignored_auth,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from tests.api.test_isolation import people  # noqa: F401 - the fixture

EXAMPLES = int(os.environ.get("BOUSSOLE_FUZZ_EXAMPLES", "12"))
# ignored_auth: each operation that declares the bearer scheme is also called without the token, and must refuse.
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    ignored_auth,
]


@pytest.mark.timeout(600)
@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=lambda m: m.value)
def test_the_api_answers_as_its_document_says(emulator, people, mode):  # noqa: F811
    doc = emulator.http.get("/v1/openapi.json").json()
    schema = schemathesis.openapi.from_dict(doc)
    statuses: Counter[str] = Counter()
    failures: list[str] = []
    skipped: list[str] = []
    checks = CHECKS + ([negative_data_rejection] if mode is GenerationMode.NEGATIVE else [])
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 5
    # Signing out everywhere ends the token every other call uses: it goes last.
    operations.sort(key=lambda op: op.path.endswith("/sign-out-everywhere"))

    for operation in operations:
        label = f"{operation.method.upper()} {operation.path}"

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
        def fuzz(case):
            response = case.call(base_url=emulator.base_url, headers=people["a"], timeout=10)
            statuses[f"{response.status_code // 100}xx"] += 1
            try:
                case.validate_response(response, checks=checks)
            except Exception as exc:
                failures.append(f"{label}: {str(exc)[:400]}")  # noqa: B023 - used at once

        try:
            fuzz()
        except Unsatisfiable:  # nothing invalid to send (no parameters, no body): nothing to fuzz
            skipped.append(label)

    print(
        f"\nschemathesis ({mode.value}): {sum(statuses.values())} calls on {len(operations)} operations "
        f"({len(skipped)} with nothing to fuzz in this mode): {dict(statuses)}"
    )
    assert not failures, "\n".join(sorted(set(failures))[:20])
    assert statuses["5xx"] == 0


PUBLIC = {"/v1/health"}  # and every /v1/auth/* route: signing up and in is how a token is had


def test_no_operation_answers_without_a_token_but_the_public_ones(emulator, people):  # noqa: F811
    """Every operation of the document declares the bearer scheme, except health and /v1/auth/*; each such
    operation answers 401 (a problem, WWW-Authenticate) without a token, with a malformed one and with a
    token of another kind, whatever its path parameters and body."""
    doc = emulator.http.get("/v1/openapi.json").json()
    assert doc["components"]["securitySchemes"]["bearer"] == {
        **doc["components"]["securitySchemes"]["bearer"],
        "type": "http",
        "scheme": "bearer",
    }
    open_ones, guarded = set(), []
    for path, item in doc["paths"].items():
        for method, op in item.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            if {"bearer": []} in op.get("security", []):
                guarded.append((method.upper(), path))
            else:
                open_ones.add(path)
    assert open_ones == PUBLIC | {p for p in open_ones if p.startswith("/v1/auth/")}
    assert {p for p in open_ones if p.startswith("/v1/auth/")} >= {"/v1/auth/login", "/v1/auth/refresh"}
    assert len(guarded) >= 40
    for method, path in guarded:
        filled = re.sub(r"\{[^}]+\}", "00000000-0000-4000-8000-000000000000", path)
        for headers in (
            {},
            {"Authorization": "Bearer"},
            {"Authorization": "Basic YTpi"},
            {"Authorization": "Bearer x.y.z"},
        ):
            r = emulator.http.request(method, filled, headers=headers, json={})
            assert r.status_code == 401, (method, path, headers, r.status_code)
            assert r.headers["content-type"] == "application/problem+json" and r.headers["www-authenticate"] == "Bearer"
