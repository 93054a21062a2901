"""Properties over many generated inputs: times across DST, the form parser never crashes."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from shared.brains.offline.reminders import ReminderIntent, understand_reminder
from shared.brains.offline.timeparse import parse_time
from shared.messaging.inbound import parse_form
from shared.runtime.problems import Problem

ZONES = st.sampled_from(
    ["Europe/Paris", "America/New_York", "America/Toronto", "Europe/London", "Indian/Reunion", "Australia/Sydney"]
)
# Any instant in 2026-2028, DST transitions included.
INSTANTS = st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2028, 12, 31)).map(
    lambda d: d.replace(tzinfo=timezone.utc)
)


def local(now_utc: datetime, zone: str) -> datetime:
    return now_utc.astimezone(ZoneInfo(zone))


@settings(max_examples=300, deadline=None)
@given(INSTANTS, ZONES, st.integers(1, 600))
def test_minutes_from_now_is_elapsed_time(now_utc, zone, n):
    now = local(now_utc, zone)
    for text, lang in ((f"dans {n} minutes", "fr"), (f"in {n} min", "en")):
        match = parse_time(text, now=now, lang=lang)
        # Elapsed time between instants: subtracting two datetimes of one zone would give wall-clock time.
        assert match is not None
        assert match.when.astimezone(timezone.utc) - now.astimezone(timezone.utc) == timedelta(minutes=n)
        assert match.when.utcoffset() == match.when.tzinfo.utcoffset(match.when)


@settings(max_examples=300, deadline=None)
@given(INSTANTS, ZONES, st.integers(0, 23), st.sampled_from([0, 15, 30, 45]))
def test_tomorrow_at_a_time_is_that_wall_clock_time_on_the_next_day(now_utc, zone, hour, minute):
    now = local(now_utc, zone)
    text = f"demain à {hour}h{minute:02d}" if minute else f"demain à {hour}h"
    match = parse_time(text, now=now, lang="fr")
    assert match is not None
    when = match.when
    assert when.date() == (now + timedelta(days=1)).date() or when.date() == now.date() + timedelta(days=1)
    assert when.astimezone(timezone.utc).astimezone(ZoneInfo(zone)) == when  # a real instant
    if (when.hour, when.minute) != (hour, minute):  # only in a spring-forward gap, moved forward
        assert when.hour == hour + 1


@settings(max_examples=200, deadline=None)
@given(INSTANTS, ZONES, st.integers(1, 8))
def test_weeks_from_now_keep_the_wall_clock(now_utc, zone, n):
    now = local(now_utc, zone)
    match = parse_time(f"dans {n} semaines", now=now, lang="fr")
    assert match is not None
    assert match.when.date() == now.date() + timedelta(weeks=n)
    if match.when.replace(tzinfo=None) == (now.replace(tzinfo=None) + timedelta(weeks=n)):
        assert (match.when.hour, match.when.minute) == (now.hour, now.minute)


WORDS = st.lists(
    st.sampled_from(
        [
            "acheter",
            "du",
            "pain",
            "appeler",
            "maman",
            "sortir",
            "le",
            "chien",
            "payer",
            "la",
            "facture",
            "arroser",
            "les",
            "plantes",
            "rendre",
            "livre",
            "Léa",
        ]
    ),
    min_size=1,
    max_size=6,
).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(INSTANTS, ZONES, WORDS, st.booleans())
def test_a_reminder_keeps_what_the_person_wrote(now_utc, zone, what, time_first):
    now = local(now_utc, zone)
    text = f"rappelle-moi dans 10 minutes de {what}" if time_first else f"rappelle-moi de {what} dans 10 minutes"
    intent = understand_reminder(text, now=now, lang="fr")
    assert isinstance(intent, ReminderIntent)
    assert intent.when - now == timedelta(minutes=10)
    assert intent.what == what


@settings(max_examples=1000, deadline=None)
@given(st.binary(max_size=300))
def test_the_webhook_form_parser_never_crashes(body):
    try:
        form = parse_form(body)
    except Problem as problem:
        assert problem.status == 400
    else:
        assert all(isinstance(k, str) and isinstance(v, str) for k, v in form.items())
