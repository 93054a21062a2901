"""Plain local wording of an instant, in French and English."""

from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import pytest

from shared.i18n.format import format_when

PARIS = ZoneInfo("Europe/Paris")
NOW = datetime(2026, 3, 10, 14, 0, tzinfo=PARIS)  # Tuesday


def at(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=PARIS)


@pytest.mark.parametrize(
    ("when", "french", "english"),
    [
        (at(2026, 3, 10, 15, 32), "aujourd'hui à 15h32", "today at 3:32 PM"),
        (at(2026, 3, 10, 18, 0), "aujourd'hui à 18h", "today at 6 PM"),
        (at(2026, 3, 11, 9, 0), "demain à 9h", "tomorrow at 9 AM"),
        (at(2026, 3, 11, 9, 5), "demain à 9h05", "tomorrow at 9:05 AM"),
        (at(2026, 3, 11, 0, 0), "demain à 0h", "tomorrow at 12 AM"),
        (at(2026, 3, 11, 12, 0), "demain à 12h", "tomorrow at 12 PM"),
        (at(2026, 3, 12, 15, 30), "jeudi 12 mars à 15h30", "Thursday, March 12 at 3:30 PM"),
        (at(2026, 4, 1, 9, 0), "mercredi 1er avril à 9h", "Wednesday, April 1 at 9 AM"),
        (at(2026, 12, 25, 18, 0), "vendredi 25 décembre à 18h", "Friday, December 25 at 6 PM"),
        (at(2027, 1, 4, 8, 15), "lundi 4 janvier à 8h15", "Monday, January 4 at 8:15 AM"),
        (at(2028, 3, 6, 9, 0), "lundi 6 mars 2028 à 9h", "Monday, March 6, 2028 at 9 AM"),
        (at(2027, 3, 3, 14, 0), "mercredi 3 mars 2027 à 14h", "Wednesday, March 3, 2027 at 2 PM"),
        (at(2025, 12, 31, 23, 0), "mercredi 31 décembre 2025 à 23h", "Wednesday, December 31, 2025 at 11 PM"),
    ],
)
def test_wording(when: datetime, french: str, english: str) -> None:
    assert format_when(when, now=NOW, lang="fr") == french
    assert format_when(when, now=NOW, lang="en") == english


def test_instant_in_utc_is_said_in_the_persons_time_zone() -> None:
    when = datetime(2026, 3, 10, 22, 30, tzinfo=timezone.utc)  # 23:30 in Paris
    assert format_when(when, now=NOW, lang="fr") == "aujourd'hui à 23h30"


def test_new_york_after_its_dst_change() -> None:
    new_york = ZoneInfo("America/New_York")
    now = datetime(2026, 3, 6, 14, 0, tzinfo=new_york)
    when = datetime(2026, 3, 9, 14, 0, tzinfo=new_york)
    assert format_when(when, now=now, lang="en") == "Monday, March 9 at 2 PM"


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValueError):
        format_when(datetime(2026, 3, 11, 9, 0), now=NOW, lang="fr")
