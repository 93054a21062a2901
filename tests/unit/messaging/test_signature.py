"""Our signature shortcut is exactly twilio's RequestValidator, and refusals are twilio's verdict."""

from __future__ import annotations

import random
import string

import pytest
from twilio.request_validator import RequestValidator

from local.twilio_webhook import encode_form, inbound_params
from shared.messaging.inbound import SignatureChecker, parse_form

TOKEN = "12345678901234567890123456789012"
ALPHABET = string.ascii_letters + string.digits + " &=+%?/éèàçœ€☕😀\n\t'\""


def random_form(rng: random.Random) -> dict[str, str]:
    keys = {"".join(rng.choices(string.ascii_letters, k=rng.randint(1, 12))) for _ in range(rng.randint(0, 25))}
    return {k: "".join(rng.choices(ALPHABET, k=rng.randint(0, 40))) for k in keys}


class TestSignature:
    def test_matches_twilio_compute_signature_on_random_forms(self):
        rng = random.Random(20261125)
        checker, validator = SignatureChecker(TOKEN), RequestValidator(TOKEN)
        for _ in range(2000):
            form = random_form(rng)
            url = rng.choice(["https://sms.example.org/sms/inbound", "https://h:8443/dev/sms/inbound?x=1&y=é"])
            assert checker.signature(url, form) == validator.compute_signature(url, form)

    def test_round_trip_through_the_wire_form(self):
        params = inbound_params(
            from_="+33612345678", to="+15005550006", body="Ça marche & 100% ✓", account_sid="AC" + "1" * 32
        )
        parsed = parse_form(encode_form(params).encode())
        url = "https://sms.example.org/sms/inbound"
        assert SignatureChecker(TOKEN).check(url, parsed, RequestValidator(TOKEN).compute_signature(url, params))

    def test_port_variant_is_accepted_through_twilio_validate(self):
        params = {"Body": "hi", "From": "+33612345678"}
        signed_with_port = RequestValidator(TOKEN).compute_signature("https://sms.example.org:443/sms/inbound", params)
        assert SignatureChecker(TOKEN).check("https://sms.example.org/sms/inbound", params, signed_with_port)

    @pytest.mark.parametrize("signature", [None, "", "AAAA", "not base64 at all"])
    def test_wrong_or_missing_signature_is_refused(self, signature):
        assert not SignatureChecker(TOKEN).check("https://x/sms/inbound", {"Body": "hi"}, signature)

    def test_another_token_is_refused(self):
        params = {"Body": "hi"}
        other = RequestValidator("other-token").compute_signature("https://x/sms/inbound", params)
        assert not SignatureChecker(TOKEN).check("https://x/sms/inbound", params, other)


class TestParseForm:
    def test_same_as_parse_qsl_on_random_forms(self):
        from urllib.parse import parse_qsl

        rng = random.Random(7)
        for _ in range(2000):
            form = random_form(rng)
            body = encode_form(form).encode()
            assert parse_form(body) == dict(parse_qsl(body.decode(), keep_blank_values=True, strict_parsing=bool(body)))
            assert parse_form(body) == form

    @pytest.mark.parametrize(
        "body", [b"novalue", b"=x", b"a=1&&b=2", b"\\xff=1".decode("unicode_escape").encode("latin-1")]
    )
    def test_malformed_bodies_are_a_400_problem(self, body):
        from shared.runtime.problems import Problem

        with pytest.raises(Problem) as err:
            parse_form(body)
        assert err.value.status == 400

    def test_too_many_fields_is_refused(self):
        from shared.runtime.problems import Problem

        with pytest.raises(Problem):
            parse_form("&".join(f"k{i}=v" for i in range(201)).encode())


class TestConnectionOverrides:
    def test_a_signature_over_the_url_with_its_retry_fragment_is_accepted_when_configured(self):
        params = {"Body": "hi", "From": "+33612345678"}
        url = "https://sms.example.org/sms/inbound"
        with_fragment = RequestValidator(TOKEN).compute_signature(url + "#rc=3&rp=ct,rt,5xx", params)
        assert SignatureChecker(TOKEN, fragment="#rc=3&rp=ct,rt,5xx").check(url, params, with_fragment)
        assert not SignatureChecker(TOKEN).check(url, params, with_fragment)
        plain = RequestValidator(TOKEN).compute_signature(url, params)
        assert SignatureChecker(TOKEN, fragment="#rc=3&rp=ct,rt,5xx").check(url, params, plain)
