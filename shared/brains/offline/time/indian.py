"""Indian holidays from the sky, for any year: lunar days (tithis) of the amanta lunisolar calendar, solar
ingresses of the sidereal (Lahiri) zodiac, and the Shahenshahi (Parsi) year.

A lunar month runs from new moon to new moon and is named after the sign the sun enters during it (the
sun entering Mesha names Chaitra); a month without such an entry is an extra (adhika) month, skipped.
A festival is dated on the civil day whose sunset (New Delhi) falls within its lunar day, one rule for
all (almanacs choose morning, noon, evening or midnight festival by festival, so some years differ by a
day). A solar festival falls on the day of its ingress, or the next one when it comes after 18:00.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import lru_cache
from itertools import pairwise

from shared.brains.offline.time import astro

Occurrence = tuple[datetime, datetime, str]
DAY = timedelta(days=1)
_IST = timedelta(hours=5, minutes=30)
_DELHI = (28.61, 77.21)

# key: (month: 0 Chaitra ... 11 Phalguna, lunar day: 1..15 waxing, 16..30 waning, days after, length)
LUNAR: dict[str, tuple[int, int, int, int]] = {
    "ugadi": (0, 1, 0, 1),
    "rama_navami": (0, 9, 0, 1),
    "mahavir_jayanti": (0, 13, 0, 1),
    "vesak": (1, 15, 0, 1),
    "ratha_yatra": (3, 2, 0, 1),
    "raksha_bandhan": (4, 15, 0, 1),
    "janmashtami": (4, 23, 0, 1),
    "ganesh_chaturthi": (5, 4, 0, 1),
    "navaratri": (6, 1, 0, 10),
    "maha_saptami": (6, 7, 0, 1),
    "dussehra": (6, 10, 0, 1),
    "valmiki_jayanti": (6, 15, 0, 1),
    "karva_chauth": (6, 19, 0, 1),
    "dhanteras": (6, 28, 0, 1),
    "naraka_chaturdashi": (6, 29, 0, 1),
    "diwali": (6, 30, 0, 1),
    "bhai_dooj": (7, 2, 0, 1),
    "chhath": (7, 6, 0, 1),
    "guru_gobind_singh_jayanti": (9, 7, 0, 1),
    "vasant_panchami": (10, 5, 0, 1),
    "guru_ravidas_jayanti": (10, 15, 0, 1),
    "maha_shivaratri": (10, 29, 0, 1),
    "holika_dahan": (11, 15, 0, 1),
    "holi": (11, 15, 1, 1),
}
# key: (sidereal longitude the sun enters, near which Gregorian month/day, days after)
SOLAR: dict[str, tuple[float, int, int, int]] = {
    "makar_sankranti": (270, 1, 14, 0),
    "pongal": (270, 1, 14, 0),
    "bhogi": (270, 1, 14, -1),
    "mattu_pongal": (270, 1, 14, 1),
    "kaanum_pongal": (270, 1, 14, 2),
    "vaisakhi": (0, 4, 14, 0),
    "pohela_boishakh": (0, 4, 14, 1),
    "rabindra_jayanti": (0, 4, 14, 25),  # 25 Boishakh
}


def _day(d: date, days: int = 1) -> Occurrence:
    start = datetime(d.year, d.month, d.day)
    return start, start + days * DAY, "day"


@lru_cache(maxsize=64)
def lunations(year: int) -> tuple[tuple[int, bool, float, float], ...]:
    """(month, extra month?, new moon, next new moon) from November of the year before to February after."""
    moons = astro.new_moons_between(datetime(year - 1, 11, 1), datetime(year + 1, 2, 15))
    found = []
    for a, b in pairwise(moons):
        sign_a, sign_b = int(astro.sidereal_sun(a) // 30), int(astro.sidereal_sun(b) // 30)
        found.append(((sign_b + 1) % 12, True, a, b) if sign_a == sign_b else (sign_b, False, a, b))
    return tuple(found)


def _tithi_start(new_moon: float, tithi: int) -> float:
    if tithi == 1:
        return new_moon
    target = (tithi - 1) * 12.0
    jd = new_moon + (tithi - 1) * 0.984
    for _ in range(20):
        gap = ((target - astro.elongation(jd) + 180) % 360) - 180
        if abs(gap) < 1e-4:
            break
        jd += gap / 12.19
    return jd


def _sunset_local(d: date) -> datetime:
    midnight = datetime(d.year, d.month, d.day)
    rise = astro.sunrise_ut_hours(astro.datetime_to_jd(midnight), *_DELHI)
    noon = 12 - _DELHI[1] / 15
    return midnight + timedelta(hours=2 * noon - rise) + _IST


def _lunar(key: str, year: int) -> Occurrence | None:
    month, tithi, after, length = LUNAR[key]
    for m, extra, new_moon, next_new_moon in lunations(year):
        if m != month or extra:
            continue
        start = astro.jd_to_datetime(_tithi_start(new_moon, tithi)) + _IST
        end_jd = _tithi_start(new_moon, tithi + 1) if tithi < 30 else next_new_moon
        end = astro.jd_to_datetime(end_jd) + _IST
        day = next(
            (start.date() + k * DAY for k in range(3) if start <= _sunset_local(start.date() + k * DAY) < end),
            start.date(),
        )
        day += after * DAY
        if day.year == year:
            return _day(day, length)
    return None


def _solar(key: str, year: int) -> Occurrence:
    degrees, month, day, after = SOLAR[key]
    jd = astro.solar_ingress(degrees, astro.datetime_to_jd(datetime(year, month, day)))
    local = astro.jd_to_datetime(jd) + _IST
    when = local.date() + (DAY if local.hour >= 18 else timedelta(0))
    return _day(when + after * DAY)


def _parsi_new_year(year: int) -> Occurrence:
    """Shahenshahi Navroz: a year of exactly 365 days, so it comes a day earlier every four years."""
    d = date(2018, 8, 17) + timedelta(days=365 * (year - 2018))
    while d.year < year:
        d += timedelta(days=365)
    while d.year > year:
        d -= timedelta(days=365)
    return _day(d)


def occurrence(key: str, year: int) -> Occurrence | None:
    if key in LUNAR:
        return _lunar(key, year)
    if key in SOLAR:
        return _solar(key, year)
    if key == "parsi_new_year":
        return _parsi_new_year(year)
    return None
