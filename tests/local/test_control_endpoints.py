"""The emulator's control endpoints (/_emulator/*) answer malformed input with a 4xx and a JSON error that says
what is wrong, never a 500; tried on the emulator's real app (real Postgres and Redis) over HTTP.

Each test runs a table of cases against one emulator and reports every case that went wrong at once."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any
from urllib.parse import quote, quote_from_bytes

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

ADVANCE = "/_emulator/clock/advance"
PHONE = "+33612345678"


def refusal_problems(response: Any, status: int, words: list[str]) -> str | None:
    """None when `response` is the expected refusal: `status`, JSON, an error message naming each of `words`."""
    if response.status_code != status:
        return f"HTTP {response.status_code}: {response.text[:200]}"
    if response.headers.get("content-type") != "application/json":
        return f"content-type {response.headers.get('content-type')}"
    error = response.json().get("error")
    missing = [w for w in words if not isinstance(error, str) or w not in error]
    return f"error {error!r} does not mention {missing}" if missing or not error else None


def assert_all_refused(send: Any, cases: list[tuple[Any, int, list[str]]]) -> None:
    """`send(case)` for each (case, expected status, words the error must contain)."""
    wrong = {
        repr(case)[:80]: problem
        for case, status, words in cases
        if (problem := refusal_problems(send(case), status, words))
    }
    assert wrong == {}


def post_advance(emulator: Any) -> Any:
    return lambda body: emulator.http.post(ADVANCE, content=body)


class TestClockAdvance:
    def test_a_body_that_is_not_json_is_refused(self, emulator):
        cases = [
            (b"", 400, ["JSON"]),
            (b"not json", 400, ["JSON"]),
            (b'{"seconds": 1', 400, ["JSON"]),
            (b"{'seconds': 1}", 400, ["JSON"]),
            (b"\xff\xfe\x00", 400, ["JSON"]),
            (b'{"seconds": 1}\x00', 400, ["JSON"]),
            (b"[" * 2_000 + b"]" * 2_000, 400, ["JSON"]),  # nested past the parser's recursion limit
            (b"[" * 100_000 + b"]" * 100_000, 413, ["bytes"]),  # ... and over the size cap
            (b'{"seconds": 1, "pad": "' + b"x" * 10_000 + b'"}', 413, ["bytes"]),
        ]
        assert_all_refused(post_advance(emulator), cases)
        assert emulator.clock.offset == timedelta(0)

    def test_json_that_is_not_an_object_is_refused(self, emulator):
        cases = [(body, 400, ["object"]) for body in ["[]", "[120]", "120", '"120"', "null", "true"]]
        assert_all_refused(post_advance(emulator), cases)
        assert emulator.clock.offset == timedelta(0)

    def test_bad_seconds_are_refused_and_the_clock_stays(self, emulator):
        cases = [
            ("{}", 400, ["required"]),
            ('{"second": 60}', 400, ["unknown field", "second"]),
            ('{"seconds": 60, "dry_run": true}', 400, ["unknown field", "dry_run"]),
            ('{"seconds": "60"}', 400, ["number"]),
            ('{"seconds": true}', 400, ["number"]),
            ('{"seconds": null}', 400, ["number"]),
            ('{"seconds": [60]}', 400, ["number"]),
            ('{"seconds": {"n": 60}}', 400, ["number"]),
            ('{"seconds": NaN}', 400, ["finite"]),
            ('{"seconds": Infinity}', 400, ["finite"]),
            ('{"seconds": -Infinity}', 400, ["finite"]),
            ('{"seconds": 1e400}', 400, ["finite"]),
            ('{"seconds": ' + "9" * 400 + "}", 400, ["finite"]),  # an integer beyond float range
            ('{"seconds": -1}', 400, ["forward"]),
            ('{"seconds": -0.5}', 400, ["forward"]),
            ('{"seconds": 1e12}', 400, ["at most"]),
            ('{"seconds": 31622401}', 400, ["at most"]),
        ]
        assert_all_refused(post_advance(emulator), cases)
        assert emulator.clock.offset == timedelta(0)

    def test_query_parameters_are_refused(self, emulator):
        response = emulator.http.post(ADVANCE, params={"seconds": "60"}, json={"seconds": 60})
        assert refusal_problems(response, 400, ["unknown query parameter", "seconds"]) is None
        assert emulator.clock.offset == timedelta(0)

    def test_the_clock_stays_within_a_century_of_real_time(self, emulator):
        emulator.clock.advance(timedelta(days=100 * 365 - 1))
        response = emulator.http.post(ADVANCE, json={"seconds": 2 * 86400})
        assert refusal_problems(response, 400, ["100 years", "--real-time"]) is None

    def test_wrong_method_and_unknown_path_answer_json(self, emulator):
        assert refusal_problems(emulator.http.get(ADVANCE), 405, []) is None
        assert refusal_problems(emulator.http.get("/_emulator/nope"), 404, []) is None

    def test_good_bodies_still_move_the_clock(self, emulator):
        moved = timedelta(0)
        for body, seconds in [('{"seconds": 120}', 120), ('{"seconds": 0.5}', 0.5), ('{"seconds": 0}', 0)]:
            response = emulator.http.post(ADVANCE, content=body)
            assert response.status_code == 200, response.text
            assert response.json()["sweep"]["sent"] == 0
            moved += timedelta(seconds=seconds)
            assert emulator.clock.offset == moved

    def test_the_console_shows_why_a_wait_was_refused(self, emulator):
        from local.console import Console, parse_duration

        out = io.StringIO()
        Console(emulator.base_url, PHONE, out=out).wait(parse_duration("99999h"))
        assert "(the clock did not move: 'seconds' must be at most 31622400 (366 days) per step)" in out.getvalue()
        assert emulator.clock.offset == timedelta(0)


def e164_cases(name: str) -> list[tuple[Any, int, list[str]]]:
    """Query parameters where `name` should be an E.164 number, and how each must be refused."""
    return [
        ({}, 400, ["required", "E.164"]),
        ({name: ""}, 400, ["required"]),
        ({name: "33612345678"}, 400, ["E.164"]),
        ({name: " 33612345678"}, 400, ["%2B"]),  # a + left raw in a URL arrives as a space
        ({name: "+0612345678"}, 400, ["E.164"]),
        ({name: "+33 6 12 34 56 78"}, 400, ["E.164"]),
        ({name: "+336123456781234567"}, 400, ["E.164"]),
        ({name: "+33612345678\n"}, 400, ["E.164"]),  # re's `$` would let this through
        ({name: "+٣٣612345678"}, 400, ["E.164"]),  # Arabic-Indic digits: `\d` matches them, E.164 does not
        ({name: "+33612345678", "extra": "1"}, 400, ["unknown query parameter", "extra"]),
        ([(name, PHONE), (name, "+33611111111")], 400, ["once"]),
    ]


class TestSms:
    def test_a_missing_or_malformed_to_is_refused(self, emulator):
        assert_all_refused(lambda params: emulator.http.get("/_emulator/sms", params=params), e164_cases("to"))

    def test_an_after_that_is_not_a_stream_id_is_refused(self, emulator):
        afters = ["", "abc", "-1", "1-", "-", "1-2-3", "1.5", "0x10", "+1", " 1", "٣", "0\n"]
        afters += ["18446744073709551616", "1-18446744073709551616", "1" * 21]  # beyond Redis's 64-bit parts
        cases = [({"to": PHONE, "after": after}, 400, ["'after'"]) for after in afters]
        assert_all_refused(lambda params: emulator.http.get("/_emulator/sms", params=params), cases)

    def test_good_parameters_still_read_the_stream(self, emulator):
        last = "18446744073709551615-18446744073709551615"  # nothing can follow it: Redis would refuse to look
        for after in [None, "0", "1718000000000-0", "18446744073709551615", last]:
            params = {"to": PHONE} if after is None else {"to": PHONE, "after": after}
            response = emulator.http.get("/_emulator/sms", params=params)
            assert (response.status_code, response.json()) == (200, {"messages": []}), after


class TestToken:
    def test_a_missing_or_malformed_phone_is_refused(self, emulator):
        assert_all_refused(lambda params: emulator.http.get("/_emulator/token", params=params), e164_cases("phone"))

    def test_a_well_formed_unknown_phone_is_still_a_404(self, emulator):
        response = emulator.http.get("/_emulator/token", params={"phone": PHONE})
        assert refusal_problems(response, 404, ["text Boussole first"]) is None


class TestInfo:
    def test_unknown_query_parameters_are_refused(self, emulator):
        response = emulator.http.get("/_emulator/info", params={"verbose": "1"})
        assert refusal_problems(response, 400, ["unknown query parameter", "verbose"]) is None

    def test_without_parameters_it_answers(self, emulator):
        assert emulator.http.get("/_emulator/info").json()["boussole_number"] == "+15005550006"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    path=st.sampled_from(["/_emulator/info", "/_emulator/sms", "/_emulator/token", ADVANCE]),
    query=st.lists(
        st.tuples(st.sampled_from(["to", "after", "phone", "seconds", "é"]), st.binary(max_size=24)), max_size=3
    ),
    body=st.one_of(st.binary(max_size=200), st.text(max_size=80).map(str.encode)),
)
def test_no_input_makes_a_control_endpoint_fail_with_a_500(emulator, path, query, body):
    """Any parameter values (percent-encoded bytes, so any byte reaches the app) and any body: never a 5xx."""
    pairs = "&".join(f"{quote(key)}={quote_from_bytes(value, safe='')}" for key, value in query)
    method = "POST" if path == ADVANCE else "GET"
    response = emulator.http.request(method, f"{path}?{pairs}" if pairs else path, content=body)
    assert response.status_code < 500, response.text
