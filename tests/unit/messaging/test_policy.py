"""The delivery policy: what each provider answer means, how long we keep trying, how lateness reads."""

from __future__ import annotations

import random
import uuid
from datetime import UTC, datetime, timedelta

import pytest

from shared.messaging.outbox import compose
from shared.messaging.policy import Failure, RetryPolicy, SendRate, classify_delivery, classify_refusal, lateness
from shared.messaging.repository import Claimed

POLICY = RetryPolicy()


class TestClassify:
    @pytest.mark.parametrize(
        ("code", "failure"),
        [
            (21610, Failure.OPTED_OUT),
            (21211, Failure.INVALID_NUMBER),
            (21614, Failure.INVALID_NUMBER),
            (21612, Failure.UNREACHABLE),
            (21617, Failure.BODY_REFUSED),
            (None, Failure.REJECTED),
            (99999, Failure.REJECTED),
        ],
    )
    def test_send_refusals(self, code: int | None, failure: Failure) -> None:
        assert classify_refusal(code) is failure

    @pytest.mark.parametrize("code", [30001, 30003, 30008, 30017])
    def test_transient_delivery_errors_are_worth_another_try(self, code: int) -> None:
        assert classify_delivery(code) is None

    @pytest.mark.parametrize(
        ("code", "failure"),
        [(30005, Failure.INVALID_NUMBER), (30006, Failure.INVALID_NUMBER), (30007, Failure.BODY_REFUSED)],
    )
    def test_permanent_delivery_errors(self, code: int, failure: Failure) -> None:
        assert classify_delivery(code) is failure


class TestBackoff:
    def test_doubles_then_stays_at_the_cap(self) -> None:
        rng = random.Random(1)
        waits = [POLICY.backoff(n, rng=rng).total_seconds() for n in range(1, 12)]
        assert 27 <= waits[0] <= 33 and 54 <= waits[1] <= 66
        assert all(540 <= w <= 660 for w in waits[6:])  # capped at 10 min ± 10 %

    def test_a_reminder_window_outlasts_the_old_fifteen_minutes_and_a_reply_is_shorter(self) -> None:
        assert POLICY.window("reminder") == timedelta(hours=24)
        assert POLICY.window("reply") < POLICY.window("reminder")
        attempts, waited = 1, timedelta(0)
        while waited + POLICY.backoff(attempts) <= POLICY.window("reminder"):
            waited += POLICY.backoff(attempts)
            attempts += 1
        assert attempts > 100  # it keeps trying all day, every ten minutes or so


class TestLateness:
    @pytest.mark.parametrize(
        ("late", "said"),
        [
            (timedelta(minutes=3), None),
            (timedelta(minutes=25), ("min", 25)),
            (timedelta(hours=2, minutes=10), ("h", 2)),
            (timedelta(days=3), ("d", 3)),
        ],
    )
    def test_says_it_in_the_largest_fitting_unit(self, late: timedelta, said: tuple[str, int] | None) -> None:
        assert lateness(late, POLICY) == said


def _row(kind: str, body: str, language: str, due_at: datetime) -> Claimed:
    now = due_at
    return Claimed(
        id=uuid.uuid4(),
        kind=kind,
        to_phone="+33612345678",
        body=body,
        idempotency_key="k",
        attempts=1,
        reminder_id=None,
        user_id=None,
        in_reply_to=None,
        language=language,
        created_at=now,
        due_at=due_at,
        expires_at=None,
        lease_until=now,
        attempted_at=now,
        prev_status="pending",
        prev_attempted_at=None,
        in_doubt=False,
    )


class TestCompose:
    due = datetime(2026, 11, 29, 8, tzinfo=UTC)

    def test_a_late_reminder_says_by_how_much_in_its_language(self) -> None:
        row = _row("reminder", "Rappel : médicaments", "fr", self.due)
        assert compose(row, attempted_at=self.due + timedelta(hours=2), policy=POLICY) == (
            "Rappel : médicaments (avec 2 h de retard)"
        )
        en = _row("reminder", "Reminder: meds", "en", self.due)
        assert (
            compose(en, attempted_at=self.due + timedelta(minutes=40), policy=POLICY) == "Reminder: meds (40 min late)"
        )

    def test_on_time_or_not_a_reminder_is_unchanged(self) -> None:
        row = _row("reminder", "Rappel : x", "fr", self.due)
        assert compose(row, attempted_at=self.due + timedelta(minutes=1), policy=POLICY) == "Rappel : x"
        reply = _row("reply", "OK", "fr", self.due)
        assert compose(reply, attempted_at=self.due + timedelta(hours=5), policy=POLICY) == "OK"

    def test_a_long_late_reminder_keeps_its_late_note_within_three_segments(self) -> None:
        row = _row("reminder", "Rappel : " + "x " * 400, "fr", self.due)
        out = compose(row, attempted_at=self.due + timedelta(hours=3), policy=POLICY)
        assert out.endswith("(avec 3 h de retard)") and len(out) < 480


class TestSendRate:
    def test_overrides_per_sender(self) -> None:
        rate = SendRate.parse(10, "+15005550006=1, MG" + "1" * 32 + "=30")
        assert rate.for_sender("+15005550006") == 1
        assert rate.for_sender("MG" + "1" * 32) == 30
        assert rate.for_sender("+33700000000") == 10

    @pytest.mark.parametrize("bad", ["+1500", "+1500=0", "x=-1"])
    def test_refuses_nonsense(self, bad: str) -> None:
        with pytest.raises(ValueError):
            SendRate.parse(10, bad)
