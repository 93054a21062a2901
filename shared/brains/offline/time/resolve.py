"""From what was said to values against `now`, per docs/time.md.

- A clock time alone is its next occurrence after now; an English hour without am/pm is the next one
  today ("at 5" at 14:00 = 17:00), the morning reading on another day ("saturday at 10" = 10:00).
- A part of the day with no clock time is its docs/time.md hour (morning 08:00, afternoon 15:00,
  evening 19:00); with a clock time it only picks am or pm ("ce soir à 8h" = 20:00).
- A day with no time is 09:00 (has_clock_time False); a longer period is an interval, said unsure as a time.
- Minutes and hours are elapsed time; days, weeks, months keep the wall clock across DST; a time that
  does not exist (spring forward) moves forward by the gap.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone, tzinfo
from typing import NamedTuple
from zoneinfo import ZoneInfo

from shared.brains.offline.time.model import (
    GRAINS,
    Clock,
    Delta,
    Grain,
    Interval,
    MonthDay,
    Open,
    Part,
    Point,
    Relative,
    Weekday,
)
from shared.brains.offline.time.resolve_date import DAY, Dates, shift

DEFAULT_HOUR = 9
_FIXED_ZONES = {
    "CET": 1,
    "CEST": 2,
    "GMT": 0,
    "UTC": 0,
    "BST": 1,
    "IST": 5.5,
    "PST": -8,
    "PDT": -7,
    "MST": -7,
    "MDT": -6,
    "CST": -6,
    "CDT": -5,
    "EST": -5,
    "EDT": -4,
    "AEST": 10,
    "AEDT": 11,
    "JST": 9,
}
_PM_PARTS = frozenset({"afternoon", "evening"})


class Res(NamedTuple):
    kind: str  # instant | interval
    start: datetime  # aware
    end: datetime | None
    grain: Grain
    has_clock: bool = True
    confident: bool = True


def zone(name: str) -> tzinfo:
    if name in _FIXED_ZONES:
        return timezone(timedelta(hours=_FIXED_ZONES[name]))
    return ZoneInfo(name)


def finer(a: Grain, b: Grain) -> Grain:
    return a if GRAINS.index(a) <= GRAINS.index(b) else b


class Resolver:
    def __init__(self, now: datetime, fr: bool, extra: dict[str, object]) -> None:
        self.now = now
        self.tz = now.tzinfo
        self.local = now.replace(tzinfo=None)
        self.today = self.local.date()
        self.fr = fr
        self.dates = Dates(self.local, extra)

    def aware(self, naive: datetime, tz: tzinfo | None = None) -> datetime:
        """Wall-clock time in the person's zone (or `tz`); inside a DST gap it moves forward by the gap."""
        where = tz or self.tz
        return naive.replace(tzinfo=where).astimezone(timezone.utc).astimezone(self.tz)

    def elapsed(self, base: datetime, seconds: float) -> datetime:
        return (base.astimezone(timezone.utc) + timedelta(seconds=seconds)).astimezone(self.tz)

    # --- points ---------------------------------------------------------------------------------------------
    def point(self, p: Point, *, ref: datetime | None = None) -> Res | None:
        if p.now:
            return Res("instant", self.now, None, "second")
        rng = self.dates.range(p.date) if p.date is not None else None
        if p.date is not None and rng is None:
            return None
        if p.offset is not None:
            return self._offset(p, p.offset)
        day: date | None = None
        sure = p.confident
        if rng is not None:
            day = rng[0].date()
            if isinstance(p.date, MonthDay) and p.date.year is None and day < self.today:
                sure = False  # "mardi 3 mars" said on the 10th: that one is past
            if rng[1] - rng[0] > DAY and (p.clock or p.part):
                sure = False  # "next week at 5pm": which day?
        if p.clock is not None:
            found = self._clock(p.clock, p.part, day, ref or self.now)
            return None if found is None else Res("instant", found[0], None, p.clock.grain, True, sure and found[1])
        if p.part is not None:
            return self._part(p.part, day, sure)
        assert rng is not None
        start, end, grain = rng
        if end - start == DAY and grain == "day":
            return Res("instant", self.aware(start.replace(hour=DEFAULT_HOUR)), None, "day", False, sure)
        coarse = grain in ("week", "month", "quarter", "year") or end - start > 2 * DAY
        return Res("interval", self.aware(start), self.aware(end), grain, False, sure and not coarse)  # type: ignore[arg-type]

    def _offset(self, p: Point, delta: Delta) -> Res:
        if delta.elapsed and p.clock is None and p.part is None:
            return Res("instant", self.elapsed(self.now, delta.seconds), None, delta.unit, True, p.confident)
        base = shift(self.local, delta)
        if p.clock is not None:
            found = self._clock(p.clock, p.part, base.date(), self.now)
            if found is not None:
                return Res("instant", found[0], None, p.clock.grain, True, p.confident)
        if p.part is not None and p.part.default is not None:
            naive = datetime.combine(base.date(), time(p.part.default))
            return Res("instant", self.aware(naive), None, "hour", False, p.confident)
        return Res("instant", self.aware(base), None, delta.unit, True, p.confident)

    def hours(self, clock: Clock, part: Part | None, other_day: bool) -> list[int]:
        """The hours a clock time may mean: one, or two for an English hour without am/pm today."""
        h = clock.hour
        if clock.ampm is not None:
            return [h % 12 + (12 if clock.ampm == "pm" else 0)]
        if part is not None:
            late = part.name in _PM_PARTS or (part.name == "night" and h >= 6)
            if h < 12 and (late or (part.name not in ("morning", "night") and part.lo >= 12)):
                return [h + 12]
            if h == 12 and part.name in ("morning", "night", "evening"):
                return [24] if part.name != "morning" else [0]
            return [h % 24]
        if clock.twelve:
            return [h] if other_day else sorted({h % 12, h % 12 + 12})
        return [h % 24]

    def _clock(self, clock: Clock, part: Part | None, day: date | None, ref: datetime) -> tuple[datetime, bool] | None:
        where = zone(clock.tz) if clock.tz else None
        if day is None and part is not None and part.today:
            day = self.today
        if clock.midnight and clock.hour == 0:
            base = (day or self.today) + DAY
            return self._make(base, 0, clock.minute, clock.second, where), True
        if clock.hour == 24:
            return self._make((day or self.today) + DAY, 0, clock.minute, clock.second, where), True
        if part is not None and part.name == "night" and clock.ampm is None and clock.hour < 6:
            day = (day or self.today) + DAY  # "cette nuit à 2h": after midnight
        other_day = day is not None and day != self.today
        hours = self.hours(clock, part, other_day)
        if day is None:
            start = ref.astimezone(where).date() if where else ref.astimezone(self.tz).date()
            for d in (start, start + DAY):
                for h in hours:
                    candidate = self._make(d, h, clock.minute, clock.second, where)
                    if candidate > ref:
                        return candidate, True
            return None
        candidates = [self._make(day, h, clock.minute, clock.second, where) for h in hours]
        upcoming = [c for c in candidates if c > ref]
        if upcoming:
            return upcoming[0], True
        # "aujourd'hui à 9h", "this morning at 3" said later: today's is past, and the day was said
        return candidates[-1], len(candidates) == 1 and day != self.today

    def _make(self, d: date, h: int, m: int, s: int, where: tzinfo | None) -> datetime:
        naive = datetime(d.year, d.month, d.day) + timedelta(hours=h, minutes=m, seconds=s)
        return self.aware(naive, where)

    def _part(self, part: Part, day: date | None, sure: bool) -> Res:
        if part.default is not None:
            if day is None:
                day = self.today
                if not part.today and self.aware(datetime.combine(day, time(part.default))) <= self.now:
                    day += DAY
            start = self.aware(datetime.combine(day, time(part.default)))
            return Res("instant", start, None, "hour", False, sure)
        if day is None:
            day = self.today
            if not part.today and self.aware(datetime.combine(day, time(0)) + timedelta(hours=part.hi)) <= self.now:
                day += DAY
        base = datetime.combine(day, time(0))
        lo, hi = self.aware(base + timedelta(hours=part.lo)), self.aware(base + timedelta(hours=part.hi))
        return Res("interval", lo, hi, "hour", False, sure)

    # --- built on points ------------------------------------------------------------------------------------
    def extent(self, p: Point, *, ref: datetime | None = None) -> tuple[datetime, datetime, Grain] | None:
        """Where a point starts and ends: a clock time is a moment, a day or a part of the day a span."""
        if p.clock is None and p.part is None and p.offset is None and not p.now and p.date is not None:
            rng = self.dates.range(p.date)
            if rng is None:
                return None
            return self.aware(rng[0]), self.aware(rng[1]), rng[2]  # type: ignore[return-value]
        found = self.point(p, ref=ref)
        if found is None:
            return None
        return found.start, found.end or found.start, found.grain

    def interval(self, iv: Interval) -> Res | None:
        a = self.extent(iv.a)
        if a is None:
            return None
        start, _, grain = a
        if iv.length is not None:
            d = iv.length
            if d.elapsed:
                end = self.elapsed(start, d.seconds)
            else:
                local = shift(start.astimezone(self.tz).replace(tzinfo=None), d)
                end = self.aware(local.replace(hour=0, minute=0, second=0, microsecond=0) if iv.whole_days else local)
            return Res("interval", start, end, finer(grain, d.unit))
        assert iv.b is not None
        b = self.extent(iv.b, ref=start)
        if b is None:
            return None
        _, end, b_grain = b
        if iv.b.clock is not None:
            clock = iv.b.clock
            if iv.b.date is None and end - start > timedelta(hours=12) and clock.ampm is None and clock.hour < 12:
                end -= timedelta(hours=12)  # "de 11h30 à 1h30": 13:30
            while end <= start:  # "demain entre midi et 2": 14:00; "de 22h à 2h": the next day
                pm = clock.ampm is None and clock.hour < 12 and end + timedelta(hours=12) > start
                end += timedelta(hours=12) if pm else DAY
        if end <= start and iv.b.clock is None:
            step = self._next_after(iv.b, start)  # "de mardi à jeudi" said on a Tuesday: the Thursday after
            if step is None:
                return None
            end = step
        return Res("interval", start, end, finer(grain, b_grain), iv.a.confident and iv.b.confident)

    def _next_after(self, p: Point, start: datetime) -> datetime | None:
        """The end of a range's second day, moved past its first one: a weekday by weeks, a date by years."""
        found = self.extent(p)
        if found is None:
            return None
        end = found[1]
        step = DAY * 7 if isinstance(p.date, Weekday) else None
        for _ in range(8):
            if end > start:
                return end
            if step is not None:
                end += step
            elif isinstance(p.date, MonthDay) and p.date.year is None and p.date.month is not None:
                end = end.replace(year=end.year + 1)
            else:
                return None
        return None

    def open(self, o: Open) -> Res | None:
        p = o.point
        if o.direction == "after" or p.clock is not None or p.offset is not None or p.now:
            found = self.extent(p)
            if found is None:
                return None
            return Res("open_interval", found[0], None, found[2], p.clock is not None, p.confident)
        rng = self.dates.range(p.date) if p.date is not None else None
        if rng is None:
            part = self.point(p)
            if part is None:
                return None
            return Res("open_interval", part.start, None, part.grain, part.has_clock, part.confident)
        day = (rng[1] - DAY).date() if o.deadline else rng[0].date()
        start = self.aware(datetime.combine(day, time(DEFAULT_HOUR)))
        return Res("open_interval", start, None, "day", False, p.confident)

    def relative(self, r: Relative, anchor: Res | None) -> Res | None:
        """An amount before or after a time: its own anchor, the `anchor` given, or now."""
        if r.anchor is not None:
            anchor = self.point(r.anchor)
            if anchor is None:
                anchor = None
                found = self.extent(r.anchor)
                if found is None:
                    return None
                anchor = Res("instant", found[0], None, found[2], False)
        base = anchor or Res("instant", self.now, None, "second")
        sign = 1 if r.direction == "after" else -1
        d = r.delta
        if d.elapsed:
            return Res("instant", self.elapsed(base.start, sign * d.seconds), None, finer(base.grain, d.unit), True)
        local = base.start.astimezone(self.tz).replace(tzinfo=None)
        moved = self.aware(shift(local, d, sign))
        return Res("instant", moved, None, base.grain if not base.has_clock else d.unit, base.has_clock)
