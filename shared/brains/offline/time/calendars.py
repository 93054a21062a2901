"""Holidays of other calendars, computed for any year (no tables):

- Hebrew calendar, arithmetic (the molad and its postponements, after Reingold & Dershowitz,
  "Calendrical Calculations"); a Jewish holiday starts at sunset, so its date is the evening it begins;
- Islamic months start the day after the new moon when it comes before sunset at Mecca, else a day later
  (the Umm al-Qura principle; observed dates may differ by a day);
- Chinese New Year: the new moon (Beijing time) between January 21 and February 20;
- Indian lunisolar, solar and Parsi days: indian.py.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from shared.brains.offline.time import astro

Occurrence = tuple[datetime, datetime, str]
DAY = timedelta(days=1)


def _day(d: date, days: int = 1) -> Occurrence:
    start = datetime(d.year, d.month, d.day)
    return start, start + days * DAY, "day"


# --- Hebrew --------------------------------------------------------------------------------------------------
_HEBREW_EPOCH = -1373427  # R.D. (Python's date ordinal) of 1 Tishri, year 1


def _leap(y: int) -> bool:
    return (7 * y + 1) % 19 < 7


def _elapsed(y: int) -> int:
    months = (235 * y - 234) // 19
    parts = 12084 + 13753 * months
    days = 29 * months + parts // 25920
    return days + 1 if (3 * (days + 1)) % 7 < 3 else days


def _new_year(y: int) -> int:
    ny0, ny1, ny2 = _elapsed(y - 1), _elapsed(y), _elapsed(y + 1)
    correction = 2 if ny2 - ny1 == 356 else 1 if ny1 - ny0 == 382 else 0
    return _HEBREW_EPOCH + ny1 + correction


def _month_days(m: int, y: int) -> int:
    length = _new_year(y + 1) - _new_year(y)
    if m in (2, 4, 6, 10, 13) or (m == 12 and not _leap(y)):
        return 29
    if m == 8 and length not in (355, 385):
        return 29
    if m == 9 and length in (353, 383):
        return 29
    return 30


def hebrew(y: int, m: int, d: int) -> date:
    """Gregorian date of a Hebrew date (months: Nisan = 1 ... Tishri = 7 ... Adar = 12, Adar II = 13)."""
    total = _new_year(y) + d - 1
    last = 13 if _leap(y) else 12
    months = list(range(7, m)) if m >= 7 else list(range(7, last + 1)) + list(range(1, m))
    total += sum(_month_days(mm, y) for mm in months)
    return date.fromordinal(total)


# key: (Hebrew month, day, days from the evening before to the end)
_JEWISH = {
    "rosh_hashanah": (7, 1, 3),
    "yom_kippur": (7, 10, 1),
    "sukkot": (7, 15, 9),
    "shemini_atzeret": (7, 22, 1),
    "simchat_torah": (7, 23, 1),
    "hanukkah": (9, 25, 8),
    "tu_bishvat": (11, 15, 1),
    "purim": (12, 14, 1),
    "shushan_purim": (12, 15, 1),
    "passover": (1, 15, 9),
    "yom_hashoah": (1, 27, 1),
    "yom_haatzmaut": (2, 5, 1),
    "lag_baomer": (2, 18, 1),
    "shavuot": (3, 6, 3),
    "tisha_bav": (5, 9, 1),
}


def _jewish(key: str, year: int) -> Occurrence:
    month, day, length = _JEWISH[key]
    hy = year + 3761 if month in (7, 8, 9) else year + 3760  # Tishri to Kislev: autumn of the year before
    if key in ("purim", "shushan_purim") and _leap(hy):
        month = 13
    d = hebrew(hy, month, day)
    if key == "yom_haatzmaut":  # moved away from the Sabbath (and from a Monday, since 2004)
        d += timedelta(days={4: -1, 5: -2}.get(d.weekday(), 1 if d.weekday() == 0 and year >= 2004 else 0))
    elif key == "yom_hashoah":
        d += timedelta(days={4: -1, 6: 1}.get(d.weekday(), 0))
    elif key == "tisha_bav" and d.weekday() == 5:
        d += DAY
    return _day(d - DAY, length)  # from the evening before


# --- Islamic -------------------------------------------------------------------------------------------------
def _islamic_month_start(hijri_year: int, month: int) -> date:
    tabular = date.fromordinal(
        227014 + (hijri_year - 1) * 354 + (3 + 11 * hijri_year) // 30 + 29 * (month - 1) + month // 2 + 1
    )
    around = datetime(tabular.year, tabular.month, tabular.day)
    moons = astro.new_moons_between(around - 4 * DAY, around + 2 * DAY)
    conjunction = astro.jd_to_datetime(min(moons, key=lambda jd: abs(astro.jd_to_datetime(jd) - (around - DAY))))
    day = (conjunction + timedelta(hours=3)).date()  # Mecca
    sunset = _sunset_ut(day, 21.42, 39.83)
    return day + (DAY if conjunction < sunset else 2 * DAY)


def _sunset_ut(day: date, lat: float, lon: float) -> datetime:
    midnight = datetime(day.year, day.month, day.day)
    rise = astro.sunrise_ut_hours(astro.datetime_to_jd(midnight), lat, lon)
    noon = 12 - lon / 15
    return midnight + timedelta(hours=2 * noon - rise)


# key: (month, day, length)
_ISLAMIC = {
    "islamic_new_year": (1, 1, 1),
    "ashura": (1, 10, 1),
    "mawlid": (3, 12, 1),
    "isra_miraj": (7, 27, 1),
    "ramadan": (9, 1, 0),
    "laylat_al_qadr": (9, 27, 1),
    "jamat_ul_vida": (9, 0, 1),
    "eid_al_fitr": (10, 1, 1),
    "eid_al_adha": (12, 10, 1),
}


def _islamic(key: str, year: int) -> Occurrence | None:
    month, day, length = _ISLAMIC[key]
    first_hijri = int((year - 622) * 33 / 32)
    for hy in (first_hijri - 1, first_hijri, first_hijri + 1, first_hijri + 2):
        start = _islamic_month_start(hy, month)
        if key == "ramadan":
            end = _islamic_month_start(hy, month + 1)
            if start.year == year:
                return datetime(start.year, start.month, start.day), datetime(end.year, end.month, end.day), "day"
            continue
        if key == "jamat_ul_vida":  # the last Friday of Ramadan
            end = _islamic_month_start(hy, month + 1) - DAY
            d = end - timedelta(days=(end.weekday() - 4) % 7)
        else:
            d = start + timedelta(days=day - 1)
        if d.year == year:
            return _day(d, length)
    return None


# --- Chinese -------------------------------------------------------------------------------------------------
def chinese_new_year(year: int) -> date:
    moons = astro.new_moons_between(datetime(year, 1, 20), datetime(year, 2, 21))
    days = [(astro.jd_to_datetime(jd) + timedelta(hours=8)).date() for jd in moons]
    return next(d for d in days if date(year, 1, 21) <= d <= date(year, 2, 20))


def occurrence(key: str, year: int) -> Occurrence | None:
    """The holiday in that Gregorian year, or None (unknown, or not that year)."""
    try:
        if key in _JEWISH:
            return _jewish(key, year)
        if key in _ISLAMIC:
            return _islamic(key, year)
        if key == "chinese_new_year":
            return _day(chinese_new_year(year))
        from shared.brains.offline.time import indian

        return indian.occurrence(key, year)
    except (ValueError, StopIteration, OverflowError):
        return None
