"""The API fuzzed from its own OpenAPI document with schemathesis, against the real app on a real
database: valid and invalid requests on every operation. No answer may be a 5xx, every answer must be
one the document declares (status, content type, body schema), and invalid input must be refused.

Bounded: a fixed number of examples per operation and mode (BOUSSOLE_FUZZ_EXAMPLES, default 12), so the
run takes seconds, not minutes; raise it locally to look harder.
"""

from __future__ import annotations

import os
from collections import Counter

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from tests.api.test_isolation import people  # noqa: F401 - the fixture

EXAMPLES = int(os.environ.get("BOUSSOLE_FUZZ_EXAMPLES", "12"))
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


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
