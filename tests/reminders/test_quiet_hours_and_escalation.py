"""Reminders and quiet hours, escalation and the daily cap, on real Postgres through the services and the
sweep's own steps (fire_batch, follow_up): a time asked for explicitly rings in quiet hours, anything else waits
for their end; a reminder that insists nudges K times N minutes apart; Boussole's own follow-up respects the
person's quiet hours and daily cap."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import text

from shared.db.session import unit_of_work
from shared.errors import InvalidInput, NotFound
from shared.reminders import service
from shared.users import repository as users_repo
from shared.users import service as users
from tests.helpers import rows

PARIS = ZoneInfo("Europe/Paris")
NEW_YORK = ZoneInfo("America/New_York")


def local(zone: ZoneInfo, *args: int) -> datetime:
    return datetime(*args, tzinfo=zone).astimezone(UTC)


@pytest.fixture()
def person(clean_db):
    """A person in Paris with quiet hours 22:00-08:00; returns (engine, user id)."""

    def make(phone="+33611112222", zone="Europe/Paris", quiet=(time(22), time(8)), cap=None):
        with unit_of_work(clean_db) as uow:
            user, _ = users_repo.get_or_create_by_phone(uow.session, phone=phone, language="fr", timezone=zone)
            users.change_settings(
                uow.session,
                user=user,
                now=datetime(2026, 3, 1, tzinfo=UTC),
                quiet_hours=users.QuietHours(*quiet) if quiet else None,
                daily_cap=cap,
            )
            return user.id

    return make


def create(engine, user_id, **kw):
    with unit_of_work(engine) as uow:
        user = users_repo.get(uow.session, user_id)
        kw.setdefault("now", kw["due_at"] - timedelta(hours=3))
        r = service.create(uow.session, user=user, text=kw.pop("text", "appeler Léa"), **kw)
        return r.id, r.due_at


def sweep(engine, now):
    with unit_of_work(engine) as uow:
        fired = service.fire_batch(uow.session, now=now).fired
    return fired


def follow(engine, now):
    with unit_of_work(engine) as uow:
        return service.follow_up(uow.session, now=now)


def mark_sent(engine, at):
    """What the delivery worker does once Twilio took the SMS (test data)."""
    with engine.begin() as conn:
        conn.execute(
            text("UPDATE outbox SET status = 'sent', sent_at = :t WHERE status = 'pending' AND kind = 'reminder'"),
            {"t": at},
        )


class TestQuietHoursAtCreation:
    def test_a_time_counted_from_now_waits_for_the_end_of_quiet_hours(self, clean_db, person):
        me = person()
        _, due = create(clean_db, me, due_at=local(PARIS, 2026, 3, 10, 23, 0), explicit_time=False)
        assert due == local(PARIS, 2026, 3, 11, 8, 0)

    def test_an_explicit_time_rings_then_even_in_quiet_hours(self, clean_db, person):
        me = person()
        _, due = create(clean_db, me, due_at=local(PARIS, 2026, 3, 10, 23, 0), explicit_time=True)
        assert due == local(PARIS, 2026, 3, 10, 23, 0)
        assert sweep(clean_db, due) == 1

    def test_outside_quiet_hours_nothing_moves(self, clean_db, person):
        me = person()
        _, due = create(clean_db, me, due_at=local(PARIS, 2026, 3, 10, 21, 30), explicit_time=False)
        assert due == local(PARIS, 2026, 3, 10, 21, 30)

    def test_without_quiet_hours_nothing_moves(self, clean_db, person):
        me = person(quiet=None)
        _, due = create(clean_db, me, due_at=local(PARIS, 2026, 3, 10, 23, 0), explicit_time=False)
        assert due == local(PARIS, 2026, 3, 10, 23, 0)

    def test_a_snooze_into_quiet_hours_waits_but_keeps_escalation(self, clean_db, person):
        me = person()
        rid, due = create(
            clean_db, me, due_at=local(PARIS, 2026, 3, 10, 21, 0), nudge_every=10, nudge_times=2, explicit_time=True
        )
        sweep(clean_db, due)
        with unit_of_work(clean_db) as uow:
            user = users_repo.get(uow.session, me)
            copy = service.snooze(
                uow.session, user=user, now=due, reminder_id=rid, until=local(PARIS, 2026, 3, 10, 22, 30)
            )
            assert copy.due_at == local(PARIS, 2026, 3, 11, 8, 0)
            assert (copy.nudge_every, copy.nudge_times, copy.explicit_time) == (10, 2, False)

    def test_the_night_the_clocks_go_forward_it_waits_until_8_local(self, clean_db, person):
        me = person(phone="+12125550100", zone="America/New_York")
        _, due = create(clean_db, me, due_at=local(NEW_YORK, 2026, 3, 7, 23, 30), explicit_time=False)
        assert due.astimezone(NEW_YORK).replace(tzinfo=None) == datetime(2026, 3, 8, 8, 0)
        assert due.astimezone(NEW_YORK).utcoffset() == timedelta(hours=-4)


class TestQuietHoursInTheSweep:
    def test_a_series_at_a_default_hour_is_held_until_the_end(self, clean_db, person):
        me = person(quiet=(time(6), time(10)))
        rule = "DTSTART:20260311T090000\nRRULE:FREQ=DAILY"
        rid, due = create(clean_db, me, due_at=local(PARIS, 2026, 3, 11, 9, 0), rrule=rule, explicit_time=False)
        assert due == local(PARIS, 2026, 3, 11, 9, 0)  # a series keeps its schedule; the sweep holds each one
        assert sweep(clean_db, due + timedelta(seconds=5)) == 0
        [(hold,)] = rows(clean_db, "SELECT hold_until FROM reminders WHERE id = :i", i=rid)
        assert hold == local(PARIS, 2026, 3, 11, 10, 0)
        assert sweep(clean_db, local(PARIS, 2026, 3, 11, 9, 59)) == 0
        assert sweep(clean_db, local(PARIS, 2026, 3, 11, 10, 0)) == 1
        [(outbox_due,)] = rows(clean_db, "SELECT due_at FROM outbox WHERE kind = 'reminder'")
        assert outbox_due == local(PARIS, 2026, 3, 11, 10, 0)  # not "late" by an hour
        [(next_due, next_hold)] = rows(clean_db, "SELECT due_at, hold_until FROM reminders WHERE id = :i", i=rid)
        assert next_due == local(PARIS, 2026, 3, 12, 9, 0) and next_hold is None  # the next one is held anew

    def test_quiet_hours_set_after_the_reminder_still_hold_it(self, clean_db, person):
        me = person(quiet=None)
        _, due = create(clean_db, me, due_at=local(PARIS, 2026, 3, 10, 23, 0), explicit_time=False)
        with unit_of_work(clean_db) as uow:
            user = users_repo.get(uow.session, me)
            users.change_settings(uow.session, user=user, now=due, quiet_hours=users.QuietHours(time(22), time(7)))
        assert sweep(clean_db, due) == 0
        assert sweep(clean_db, local(PARIS, 2026, 3, 11, 7, 0)) == 1

    def test_an_explicit_series_is_never_held(self, clean_db, person):
        me = person()
        rule = "DTSTART:20260310T230000\nRRULE:FREQ=DAILY"
        _, due = create(clean_db, me, due_at=local(PARIS, 2026, 3, 10, 23, 0), rrule=rule, explicit_time=True)
        assert sweep(clean_db, due) == 1


class TestEscalation:
    def test_it_nudges_k_times_n_minutes_apart_then_stops(self, clean_db, person):
        me = person(quiet=None)
        _, due = create(clean_db, me, due_at=local(PARIS, 2026, 3, 10, 10, 0), nudge_every=10, nudge_times=2)
        sweep(clean_db, due)
        mark_sent(clean_db, due)
        assert follow(clean_db, due + timedelta(minutes=9)) == 0
        assert follow(clean_db, due + timedelta(minutes=10)) == 1
        assert follow(clean_db, due + timedelta(minutes=15)) == 0  # ten minutes after the last nudge, not before
        assert follow(clean_db, due + timedelta(minutes=20)) == 1
        assert follow(clean_db, due + timedelta(minutes=40)) == 0  # two at most; no default follow-up either
        nudges = rows(clean_db, "SELECT idempotency_key, body FROM outbox WHERE kind = 'nudge' ORDER BY created_at")
        assert [k for k, _ in nudges] == [f"escalate:{k}:{n}" for n in (1, 2) for (k,) in _reminder_outbox(clean_db)]
        assert all("appeler Léa" in body for _, body in nudges)

    def test_an_answer_stops_it(self, clean_db, person):
        me = person(phone="+33611113333", quiet=None)
        _, due = create(clean_db, me, due_at=local(PARIS, 2026, 3, 10, 10, 0), nudge_every=10, nudge_times=3)
        sweep(clean_db, due)
        mark_sent(clean_db, due)
        assert follow(clean_db, due + timedelta(minutes=10)) == 1
        with clean_db.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO messages (user_id, direction, from_phone, to_phone, body, received_at) "
                    "VALUES (:u, 'in', '+33611113333', '+15005550006', 'ok', :t)"
                ),
                {"u": me, "t": due + timedelta(minutes=12)},
            )
        assert follow(clean_db, due + timedelta(minutes=20)) == 0

    def test_inside_quiet_hours_a_nudge_waits_for_their_end(self, clean_db, person):
        me = person(quiet=(time(22), time(8)))
        _, due = create(clean_db, me, due_at=local(PARIS, 2026, 3, 10, 21, 50), nudge_every=15, nudge_times=1)
        sweep(clean_db, due)
        mark_sent(clean_db, due)
        assert follow(clean_db, due + timedelta(minutes=15)) == 0  # 22:05: quiet
        assert follow(clean_db, local(PARIS, 2026, 3, 11, 7, 59)) == 0
        assert follow(clean_db, local(PARIS, 2026, 3, 11, 8, 0)) == 1

    def test_escalation_is_not_capped(self, clean_db, person):
        me = person(quiet=None, cap=0)
        _, due = create(clean_db, me, due_at=local(PARIS, 2026, 3, 10, 10, 0), nudge_every=5, nudge_times=1)
        sweep(clean_db, due)
        mark_sent(clean_db, due)
        assert follow(clean_db, due + timedelta(minutes=5)) == 1
        assert rows(clean_db, "SELECT status FROM outbox WHERE kind = 'nudge'") == [("pending",)]

    @pytest.mark.parametrize(("every", "times"), [(1, 3), (10, 0), (10, 11), (None, 3), (10, None), (721, 1)])
    def test_bounds(self, clean_db, person, every, times):
        me = person()
        with pytest.raises(InvalidInput):
            create(clean_db, me, due_at=local(PARIS, 2026, 3, 10, 10, 0), nudge_every=every, nudge_times=times)
        assert rows(clean_db, "SELECT count(*) FROM reminders") == [(0,)]

    def test_set_and_stop_on_my_reminder_only(self, clean_db, person):
        me, other = person(), person(phone="+33611114444")
        rid, due = create(clean_db, me, due_at=local(PARIS, 2026, 3, 10, 10, 0))
        with unit_of_work(clean_db) as uow:
            them = users_repo.get(uow.session, other)
            with pytest.raises(NotFound):
                service.set_escalation(uow.session, user=them, now=due, reminder_id=rid, every=10, times=2)
        with unit_of_work(clean_db) as uow:
            user = users_repo.get(uow.session, me)
            service.set_escalation(uow.session, user=user, now=due, reminder_id=rid, every=10, times=2)
        assert rows(clean_db, "SELECT nudge_every, nudge_times FROM reminders") == [(10, 2)]
        with unit_of_work(clean_db) as uow:
            user = users_repo.get(uow.session, me)
            service.set_escalation(uow.session, user=user, now=due, reminder_id=rid, every=None, times=None)
        assert rows(clean_db, "SELECT nudge_every, nudge_times FROM reminders") == [(None, None)]


def _reminder_outbox(engine):
    return rows(engine, "SELECT id FROM outbox WHERE kind = 'reminder'")


class TestBoussolesOwnFollowUp:
    def test_the_daily_cap_suppresses_it(self, clean_db, person):
        me = person(quiet=None, cap=1)
        _, due1 = create(clean_db, me, due_at=local(PARIS, 2026, 3, 10, 10, 0), text="un")
        _, due2 = create(clean_db, me, due_at=local(PARIS, 2026, 3, 10, 11, 0), text="deux")
        sweep(clean_db, due1)
        mark_sent(clean_db, due1)
        assert follow(clean_db, due1 + timedelta(minutes=31)) == 1
        sweep(clean_db, due2)
        mark_sent(clean_db, due2)
        assert follow(clean_db, due2 + timedelta(minutes=31)) == 1
        statuses = rows(clean_db, "SELECT status, last_error FROM outbox WHERE kind = 'nudge' ORDER BY created_at")
        assert statuses == [("pending", None), ("suppressed", "daily cap")]

    def test_the_persons_quiet_hours_suppress_it(self, clean_db, person):
        me = person(quiet=(time(10, 15), time(12)))
        _, due = create(clean_db, me, due_at=local(PARIS, 2026, 3, 10, 10, 0))
        sweep(clean_db, due)
        mark_sent(clean_db, due)
        assert follow(clean_db, due + timedelta(minutes=31)) == 1
        assert rows(clean_db, "SELECT status, last_error FROM outbox WHERE kind = 'nudge'") == [
            ("suppressed", "quiet hours")
        ]

    def test_reminders_never_count_against_the_cap(self, clean_db, person):
        me = person(quiet=None, cap=0)
        _, due = create(clean_db, me, due_at=local(PARIS, 2026, 3, 10, 10, 0))
        assert sweep(clean_db, due) == 1
        assert rows(clean_db, "SELECT status FROM outbox") == [("pending",)]


class TestBetween:
    def test_pending_reminders_due_in_the_window_by_due_time_mine_only(self, clean_db, person):
        me, other = person(quiet=None), person(phone="+33611115555", quiet=None)
        day = local(PARIS, 2026, 3, 10, 0, 0)
        create(clean_db, me, due_at=day + timedelta(hours=15), text="b")
        create(clean_db, me, due_at=day + timedelta(hours=9), text="a")
        create(clean_db, me, due_at=day + timedelta(hours=24), text="demain")  # the end is excluded
        create(clean_db, other, due_at=day + timedelta(hours=10), text="pas à moi")
        cancelled, _ = create(clean_db, me, due_at=day + timedelta(hours=11), text="annulé")
        with unit_of_work(clean_db) as uow:
            user = users_repo.get(uow.session, me)
            service.cancel(uow.session, user=user, now=day, reminder_id=cancelled)
            found = service.between(uow.session, user=user, start=day, end=day + timedelta(days=1))
            assert [r.text for r in found] == ["a", "b"]


class TestExplicitWords:
    @pytest.mark.parametrize(
        ("words", "lang", "explicit"),
        [
            ("à 23h", "fr", True),
            ("demain 9h", "fr", True),
            ("at 11pm", "en", True),
            ("dans 2 h", "fr", False),
            ("in 20 min", "en", False),
            ("demain", "fr", False),
            ("ce soir", "fr", False),
            ("", "fr", False),
        ],
    )
    def test_which_words_name_a_clock_time(self, words, lang, explicit):
        said = datetime(2026, 3, 10, 14, 0, tzinfo=PARIS)
        assert service.explicit_words(words, said=said, lang=lang) is explicit
