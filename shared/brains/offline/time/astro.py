"""Just enough astronomy for lunar and lunisolar calendars: new and full moons, the longitudes of the sun
and the moon, to a few minutes over 1900-2100 (truncated series after J. Meeus, "Astronomical
Algorithms", ch. 25, 47 and 49). Times are Julian Days in UT (ΔT is approximated)."""

from __future__ import annotations

from datetime import datetime, timedelta
from math import cos, floor, radians, sin

J2000 = 2451545.0
_UNIX_JD = 2440587.5


def delta_t_days(year: float) -> float:
    """TT - UT, roughly (about a minute around 2000; seconds matter little at the scale of a day)."""
    t = (year - 2000) / 100
    seconds = 62.92 + 32.217 * t + 55.89 * t * t if year >= 1950 else 29.07 + 0.407 * (year - 1950)
    return seconds / 86400


def jd_to_datetime(jd: float) -> datetime:
    """UT as a naive datetime."""
    return datetime(1970, 1, 1) + timedelta(days=jd - _UNIX_JD)


def datetime_to_jd(d: datetime) -> float:
    return (d - datetime(1970, 1, 1)).total_seconds() / 86400 + _UNIX_JD


_NEW = (
    (-0.40720, 0, 0, 1, 0),
    (0.17241, 1, 1, 0, 0),
    (0.01608, 0, 0, 2, 0),
    (0.01039, 0, 0, 0, 2),
    (0.00739, 1, -1, 1, 0),
    (-0.00514, 1, 1, 1, 0),
    (0.00208, 2, 2, 0, 0),
    (-0.00111, 0, 0, 1, -2),
    (-0.00057, 0, 0, 1, 2),
    (0.00056, 1, 1, 2, 0),
    (-0.00042, 0, 0, 3, 0),
    (0.00042, 1, 1, 0, 2),
    (0.00038, 1, 1, 0, -2),
    (-0.00024, 1, -1, 2, 0),
    (-0.00007, 0, 2, 1, 0),
    (0.00004, 0, 0, 2, -2),
    (0.00004, 0, 3, 0, 0),
    (0.00003, 0, 1, 1, -2),
    (0.00003, 0, 0, 2, 2),
    (-0.00003, 0, 1, 1, 2),
    (0.00003, 0, -1, 1, 2),
    (-0.00002, 0, -1, 1, -2),
    (-0.00002, 0, 1, 3, 0),
    (0.00002, 0, 0, 4, 0),
)
# Full moon: the same arguments, slightly different coefficients.
_FULL_COEFFICIENTS = (
    -0.40614, 0.17302, 0.01614, 0.01043, 0.00734, -0.00515, 0.00209, -0.00111,
    -0.00057, 0.00056, -0.00042, 0.00042, 0.00038, -0.00024, -0.00007, 0.00004,
    0.00004, 0.00003, 0.00003, -0.00003, 0.00003, -0.00002, -0.00002, 0.00002,
)  # fmt: skip
_FULL = tuple((c, *row[1:]) for c, row in zip(_FULL_COEFFICIENTS, _NEW, strict=True))


def moon_phase(k: float) -> float:
    """Julian Day (UT) of the new moon (k an integer) or the full moon (k + 0.5) number k from 2000-01-06."""
    t = k / 1236.85
    jde = 2451550.09766 + 29.530588861 * k + 0.00015437 * t * t - 0.00000015 * t**3
    e = 1 - 0.002516 * t - 0.0000074 * t * t
    m = radians(2.5534 + 29.10535670 * k - 0.0000014 * t * t)
    mp = radians(201.5643 + 385.81693528 * k + 0.0107582 * t * t)
    f = radians(160.7108 + 390.67050284 * k - 0.0016118 * t * t)
    omega = radians(124.7746 - 1.56375588 * k + 0.0020672 * t * t)
    terms = _FULL if k % 1 else _NEW
    total = -0.00017 * sin(omega)
    for coef, e_pow, cm, cmp, cf in terms:
        total += coef * (e ** abs(e_pow)) * sin(cm * m + cmp * mp + cf * f)
    return jde + total - delta_t_days(2000 + k / 12.3685)


def new_moons_between(start: datetime, end: datetime) -> list[float]:
    """Julian Days (UT) of every new moon in [start, end)."""
    k0 = floor((start.year + (start.timetuple().tm_yday / 366) - 2000) * 12.3685) - 1
    found = []
    for k in range(k0, k0 + int((end - start).days / 29) + 4):
        jd = moon_phase(k)
        if datetime_to_jd(start) <= jd < datetime_to_jd(end):
            found.append(jd)
    return found


def full_moons_between(start: datetime, end: datetime) -> list[float]:
    k0 = floor((start.year + (start.timetuple().tm_yday / 366) - 2000) * 12.3685) - 1
    found = []
    for k in range(k0, k0 + int((end - start).days / 29) + 4):
        jd = moon_phase(k + 0.5)
        if datetime_to_jd(start) <= jd < datetime_to_jd(end):
            found.append(jd)
    return found


def sun_longitude(jd: float) -> float:
    """Apparent geocentric longitude of the sun, tropical, degrees (about 0.01°)."""
    t = (jd - J2000) / 36525
    l0 = 280.46646 + 36000.76983 * t + 0.0003032 * t * t
    m = radians(357.52911 + 35999.05029 * t - 0.0001537 * t * t)
    c = (1.914602 - 0.004817 * t - 0.000014 * t * t) * sin(m) + (0.019993 - 0.000101 * t) * sin(2 * m)
    c += 0.000289 * sin(3 * m)
    omega = radians(125.04 - 1934.136 * t)
    return (l0 + c - 0.00569 - 0.00478 * sin(omega)) % 360


# Moon's longitude: the largest periodic terms of ELP-2000/82 as Meeus tabulates them (units: 1e-6 degree),
# as (coefficient, D, M, M', F).
_MOON = (
    (6288774, 0, 0, 1, 0),
    (1274027, 2, 0, -1, 0),
    (658314, 2, 0, 0, 0),
    (213618, 0, 0, 2, 0),
    (-185116, 0, 1, 0, 0),
    (-114332, 0, 0, 0, 2),
    (58793, 2, 0, -2, 0),
    (57066, 2, -1, -1, 0),
    (53322, 2, 0, 1, 0),
    (45758, 2, -1, 0, 0),
    (-40923, 0, 1, -1, 0),
    (-34720, 1, 0, 0, 0),
    (-30383, 0, 1, 1, 0),
    (15327, 2, 0, 0, -2),
    (-12528, 0, 0, 1, 2),
    (10980, 0, 0, 1, -2),
    (10675, 4, 0, -1, 0),
    (10034, 0, 0, 3, 0),
    (8548, 4, 0, -2, 0),
    (-7888, 2, 1, -1, 0),
    (-6766, 2, 1, 0, 0),
    (-5163, 1, 0, -1, 0),
    (4987, 1, 1, 0, 0),
    (4036, 2, -1, 1, 0),
    (3994, 2, 0, 2, 0),
    (3861, 4, 0, 0, 0),
    (3665, 2, 0, -3, 0),
    (-2689, 0, 1, -2, 0),
    (-2602, 2, 0, -1, 2),
    (2390, 2, -1, -2, 0),
    (-2348, 1, 0, 1, 0),
    (2236, 2, -2, 0, 0),
    (-2120, 0, 1, 2, 0),
    (-2069, 0, 2, 0, 0),
    (2048, 2, -2, -1, 0),
    (-1773, 2, 0, 1, -2),
    (-1595, 2, 0, 0, 2),
    (1215, 4, -1, -1, 0),
    (-1110, 0, 0, 2, 2),
    (-892, 3, 0, -1, 0),
    (-810, 2, 1, 1, 0),
    (759, 4, -1, -2, 0),
    (-713, 0, 2, -1, 0),
    (-700, 2, 2, -1, 0),
    (691, 2, 1, -2, 0),
    (596, 2, -1, 0, -2),
    (549, 4, 0, 1, 0),
    (537, 0, 0, 4, 0),
    (520, 4, -1, 0, 0),
    (-487, 1, 0, -2, 0),
)


def moon_longitude(jd: float) -> float:
    """Geocentric longitude of the moon, tropical, degrees (a few hundredths of a degree)."""
    t = (jd - J2000) / 36525
    lp = 218.3164477 + 481267.88123421 * t - 0.0015786 * t * t
    d = radians(297.8501921 + 445267.1114034 * t - 0.0018819 * t * t)
    m = radians(357.5291092 + 35999.0502909 * t - 0.0001536 * t * t)
    mp = radians(134.9633964 + 477198.8675055 * t + 0.0087414 * t * t)
    f = radians(93.2720950 + 483202.0175233 * t - 0.0036539 * t * t)
    e = 1 - 0.002516 * t - 0.0000074 * t * t
    a1 = radians(119.75 + 131.849 * t)
    a2 = radians(53.09 + 479264.290 * t)
    total = 3958 * sin(a1) + 1962 * sin(radians(lp) - f) + 318 * sin(a2)
    for coef, cd, cm, cmp, cf in _MOON:
        total += coef * (e ** abs(cm)) * sin(cd * d + cm * m + cmp * mp + cf * f)
    return (lp + total / 1e6) % 360


def elongation(jd: float) -> float:
    """Moon minus sun, degrees in [0, 360): 0 at new moon, 180 at full moon; a tithi is 12 degrees."""
    ut_to_tt = delta_t_days(2000 + (jd - J2000) / 365.25)
    return (moon_longitude(jd + ut_to_tt) - sun_longitude(jd + ut_to_tt)) % 360


def ayanamsa(jd: float) -> float:
    """Lahiri ayanamsa (tropical minus sidereal longitude), degrees."""
    return 23.853 + 0.0139697 * (jd - J2000) / 365.25


def sidereal_sun(jd: float) -> float:
    return (sun_longitude(jd) - ayanamsa(jd)) % 360


def sidereal_moon(jd: float) -> float:
    return (moon_longitude(jd) - ayanamsa(jd)) % 360


def solar_ingress(target: float, near: float) -> float:
    """The Julian Day when the sidereal sun reaches `target` degrees, near Julian Day `near`."""
    jd = near
    for _ in range(30):
        gap = ((target - sidereal_sun(jd) + 180) % 360) - 180
        if abs(gap) < 1e-5:
            break
        jd += gap / 0.9856
    return jd


def sunrise_ut_hours(jd_midnight: float, latitude: float, longitude: float) -> float:
    """Sunrise that day in UT hours (simple declination formula; minutes of accuracy)."""
    n = jd_midnight - J2000
    lon_sun = radians(sun_longitude(jd_midnight + 0.5))
    decl = 23.44 * sin(lon_sun)
    lat = radians(latitude)
    cos_h = (sin(radians(-0.833)) - sin(lat) * sin(radians(decl))) / (cos(lat) * cos(radians(decl)))
    hour_angle = 90.0 if abs(cos_h) > 1 else _acos_deg(cos_h)
    b = radians((n % 365.25 - 79) * 360 / 365)
    eq_time = 9.87 * sin(2 * b) - 7.53 * cos(b) - 1.5 * sin(b)  # minutes
    noon = 12 - longitude / 15 - eq_time / 60
    return noon - hour_angle / 15


def _acos_deg(x: float) -> float:
    from math import acos, degrees

    return degrees(acos(x))
