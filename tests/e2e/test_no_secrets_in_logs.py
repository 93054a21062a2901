"""Canaries: after a whole conversation, no secret and no SMS content appears in any log line."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest

from shared.config import LOCAL_TOKEN_SECRET, LOCAL_TWILIO_TOKEN
from tests.helpers import post_sms

KNOWN_PHONES = ("+33612345670",)  # onboarded already


CANARY = "canari-7f3a-confidentiel"


@pytest.mark.usefixtures("known_phones")
def test_logs_hold_no_tokens_no_bodies(emulator, caplog):
    caplog.set_level(logging.DEBUG)
    post_sms(emulator.http, emulator.base_url, from_="+33612345670", body=f"rappelle-moi dans 2 minutes de {CANARY}")
    post_sms(emulator.http, emulator.base_url, from_="+33612345670", body="x", token="wrong")  # a refusal logs too
    emulator.settle()
    emulator.clock.advance(timedelta(minutes=3))
    emulator.sweep()
    assert len(emulator.twilio.messages) == 2
    text = "\n".join(f"{r.getMessage()} {r.__dict__}" for r in caplog.records)
    assert caplog.records, "the conversation should have logged something"
    for secret in (LOCAL_TWILIO_TOKEN, LOCAL_TOKEN_SECRET, CANARY):
        assert secret not in text
