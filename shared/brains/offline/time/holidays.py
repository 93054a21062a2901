"""Holidays as rules, computed for any year: fixed dates, the n-th weekday of a month, Easter and the
feasts that move with it (Gregorian and Orthodox), and a few with their own rule (French Mother's Day,
Boss's Day, King's Day, Earth Hour). Holidays of other calendars are in calendars.py."""

from __future__ import annotations

from datetime import date, datetime, timedelta

Occurrence = tuple[datetime, datetime, str]  # local [start, end) and grain

_FIXED = {
    "christmas": (12, 25),
    "christmas_eve": (12, 24),
    "boxing_day": (12, 26),
    "new_year_eve": (12, 31),
    "new_year": (1, 1),
    "valentine": (2, 14),
    "halloween": (10, 31),
    "independence_day": (7, 4),
    "all_saints": (11, 1),
    "labour_day": (5, 1),
    "victory_day": (5, 8),
    "bastille_day": (7, 14),
    "assumption": (8, 15),
    "armistice": (11, 11),
    "veterans_day": (11, 11),
    "candlemas": (2, 2),
    "epiphany": (1, 6),
    "music_day": (6, 21),
    "saint_john": (6, 24),
    "st_patrick": (3, 17),
    "april_fools": (4, 1),
    "world_vegan_day": (11, 1),
    "ides_of_march": (3, 15),
    "st_george": (4, 23),
    "guy_fawkes": (11, 5),
    "groundhog_day": (2, 2),
    "earth_day": (4, 22),
    "canada_day": (7, 1),
    "juneteenth": (6, 19),
}
# (month, weekday, n): n-th such weekday of the month, -1 the last.
_NTH = {
    "thanksgiving": (11, 3, 4),
    "mlk_day": (1, 0, 3),
    "presidents_day": (2, 0, 3),
    "memorial_day": (5, 0, -1),
    "labor_day": (9, 0, 1),
    "columbus_day": (10, 0, 2),
    "mothers_day": (5, 6, 2),
    "fathers_day": (6, 6, 3),
}
_EASTER = {
    "easter": 0,
    "easter_monday": 1,
    "good_friday": -2,
    "maundy_thursday": -3,
    "palm_sunday": -7,
    "ascension": 39,
    "pentecost": 49,
    "whit_monday": 50,
    "trinity_sunday": 56,
    "shrove_tuesday": -47,
    "ash_wednesday": -46,
    "mothering_sunday": -21,
}
_ORTHODOX = {"orthodox_easter": 0, "orthodox_good_friday": -2, "clean_monday": -48, "lazarus_saturday": -8}


def easter(year: int) -> date:
    """Gregorian Easter Sunday (the anonymous Gregorian algorithm, "Meeus/Jones/Butcher")."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month, day = divmod(h + ell - 7 * m + 114, 31)
    return date(year, month, day + 1)


def orthodox_easter(year: int) -> date:
    """Orthodox Easter: the Julian computus, shown on the Gregorian calendar."""
    a, b, c = year % 4, year % 7, year % 19
    d = (19 * c + 15) % 30
    e = (2 * a + 4 * b - d + 34) % 7
    month, day = divmod(d + e + 114, 31)
    julian = date(year, month, day + 1)
    return julian + timedelta(days=year // 100 - year // 400 - 2)


def nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    if n > 0:
        first = date(year, month, 1)
        return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    last = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
    return last - timedelta(days=(last.weekday() - weekday) % 7 + 7 * (-n - 1))


def _day(d: date) -> Occurrence:
    start = datetime(d.year, d.month, d.day)
    return start, start + timedelta(days=1), "day"


def _days(a: date, b: date) -> Occurrence:
    return datetime(a.year, a.month, a.day), datetime(b.year, b.month, b.day), "day"


def occurrence(key: str, year: int) -> Occurrence | None:
    """The holiday in that year, or None when it has no date that year (or is unknown)."""
    if key in _FIXED:
        month, day = _FIXED[key]
        return _day(date(year, month, day))
    if key in _NTH:
        return _day(nth_weekday(year, *_NTH[key]))
    if key in _EASTER:
        return _day(easter(year) + timedelta(days=_EASTER[key]))
    if key in _ORTHODOX:
        return _day(orthodox_easter(year) + timedelta(days=_ORTHODOX[key]))
    return _special(key, year)


def _special(key: str, year: int) -> Occurrence | None:
    if key == "black_friday":
        return _day(nth_weekday(year, 11, 3, 4) + timedelta(days=1))
    if key == "lent":
        return _days(easter(year) - timedelta(days=46), easter(year))
    if key == "great_lent":
        base = orthodox_easter(year)
        return _days(base - timedelta(days=48), base - timedelta(days=8))
    if key == "mothers_day_fr":  # last Sunday of May, or the first of June when it is Pentecost
        day = nth_weekday(year, 5, 6, -1)
        if day == easter(year) + timedelta(days=49):
            day += timedelta(days=7)
        return _day(day)
    if key == "boss_day":  # October 16, or the nearest weekday
        day = date(year, 10, 16)
        return _day(day + timedelta(days={5: -1, 6: 1}.get(day.weekday(), 0)))
    if key == "kings_day":  # April 27, the 26th when the 27th is a Sunday
        day = date(year, 4, 27)
        return _day(day - timedelta(days=1) if day.weekday() == 6 else day)
    if key == "earth_hour":  # last Saturday of March (the one before when it is Holy Saturday), 20:30 to 21:30
        day = nth_weekday(year, 3, 5, -1)
        if day == easter(year) - timedelta(days=1):
            day -= timedelta(days=7)
        start = datetime(day.year, day.month, day.day, 20, 30)
        return start, start + timedelta(hours=1), "minute"
    from shared.brains.offline.time.calendars import occurrence as other_calendar

    return other_calendar(key, year)
