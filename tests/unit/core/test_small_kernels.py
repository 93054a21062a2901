"""Pure kernels: DSN parsing, the clock, the emulator's cron, timezone and language guesses."""

from __future__ import annotations

import ssl
from datetime import datetime, timedelta, timezone

import pytest

from local.emulator import cron_matches
from shared.clock import FrozenClock, TravelClock
from shared.db.dsn import pg8000_kwargs
from shared.users.service import guess_language, guess_timezone


class TestDsn:
    def test_unix_socket_without_tls(self):
        kw = pg8000_kwargs("postgresql+pg8000://postgres@/boussole?unix_sock=/d/.s.PGSQL.5432")
        assert kw["unix_sock"] == "/d/.s.PGSQL.5432" and kw["database"] == "boussole"
        assert kw["ssl_context"] is False and "host" not in kw

    def test_loopback_without_tls(self):
        kw = pg8000_kwargs("postgresql+pg8000://u:p%40ss@127.0.0.1:6543/db")
        assert (kw["host"], kw["port"], kw["user"], kw["password"]) == ("127.0.0.1", 6543, "u", "p@ss")
        assert kw["ssl_context"] is False

    def test_network_host_gets_a_verifying_tls_context(self):
        ctx = pg8000_kwargs("postgresql+pg8000://u@db.internal/db")["ssl_context"]
        assert isinstance(ctx, ssl.SSLContext)
        assert ctx.verify_mode == ssl.CERT_REQUIRED and ctx.check_hostname

    def test_not_postgres_is_refused(self):
        with pytest.raises(ValueError):
            pg8000_kwargs("mysql://x@y/z")


class TestClocks:
    def test_travel_clock_moves_forward_only(self):
        clock = TravelClock()
        before = clock.now()
        after = clock.advance(timedelta(hours=2))
        assert after - before >= timedelta(hours=2) and after.tzinfo is not None
        with pytest.raises(ValueError):
            clock.advance(timedelta(seconds=-1))

    def test_frozen_clock_needs_an_aware_time(self):
        with pytest.raises(ValueError):
            FrozenClock(datetime(2026, 1, 1))
        clock = FrozenClock(datetime(2026, 1, 1, tzinfo=timezone.utc))
        assert clock.advance(timedelta(minutes=1)) == datetime(2026, 1, 1, 0, 1, tzinfo=timezone.utc)


class TestCron:
    @pytest.mark.parametrize(
        "expr, at, expected",
        [
            ("* * * * *", datetime(2026, 3, 10, 14, 7), True),
            ("*/15 * * * *", datetime(2026, 3, 10, 14, 30), True),
            ("*/15 * * * *", datetime(2026, 3, 10, 14, 31), False),
            ("0 8 * * 1-5", datetime(2026, 3, 10, 8, 0), True),  # a Tuesday
            ("0 8 * * 1-5", datetime(2026, 3, 14, 8, 0), False),  # a Saturday
            ("0 3 * * 0", datetime(2026, 3, 15, 3, 0), True),  # Sunday is 0
            ("5,35 9-10 1 * *", datetime(2026, 4, 1, 10, 35), True),
        ],
    )
    def test_five_field_crontab(self, expr, at, expected):
        assert cron_matches(expr, at) is expected

    def test_bad_expression_is_refused(self):
        with pytest.raises(ValueError):
            cron_matches("* * *", datetime(2026, 1, 1))


class TestGuesses:
    @pytest.mark.parametrize(
        "phone, tz",
        [
            ("+33612345678", "Europe/Paris"),
            ("+15145551234", "America/Toronto"),
            ("+14155550123", "America/Los_Angeles"),
            ("+12025550123", "America/New_York"),
            ("+447700900123", "Europe/London"),
            ("+262692000000", "Indian/Reunion"),
        ],
    )
    def test_timezone_from_the_number(self, phone, tz):
        assert guess_timezone(phone, language="fr", default_fr="Europe/Paris", default_en="America/New_York") == tz

    def test_unknown_country_falls_back_on_the_language(self):
        assert (
            guess_timezone("+4915112345678", language="en", default_fr="Europe/Paris", default_en="America/New_York")
            == "America/New_York"
        )

    @pytest.mark.parametrize(
        "phone, lang", [("+33612345678", "fr"), ("+15145551234", "fr"), ("+14155550123", "en"), ("+447700900123", "en")]
    )
    def test_language_prior_from_the_number(self, phone, lang):
        assert guess_language(phone) == lang
