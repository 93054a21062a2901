"""Days and periods against today: each date node becomes a local range [start, end) at a grain.

Ranges are naive local wall-clock datetimes; resolve.py turns them into aware instants in the person's
zone. Without a year, a date is the next one to come (today included); "prochain"/"next" is in the next
calendar week (weeks start on Monday), as docs/time.md decides.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from shared.brains.offline.time.model import (
    Closest,
    CountFrom,
    Cycle,
    DateNode,
    DayRel,
    Delta,
    Holiday,
    LastNext,
    Month,
    MonthDay,
    Nth,
    NthAfter,
    Quarter,
    Season,
    Shift,
    Sub,
    Weekday,
    Weekend,
    WeekOf,
    Year,
)

Range = tuple[datetime, datetime, str]
DAY = timedelta(days=1)
_SEASONS = {"spring": ((3, 20), (6, 21)), "summer": ((6, 21), (9, 24)), "autumn": ((9, 23), (12, 21))}


def month_days(year: int, month: int) -> int:
    if month == 2:
        return 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28
    return 30 if month in (4, 6, 9, 11) else 31


def _at(d: date) -> datetime:
    return datetime(d.year, d.month, d.day)


def _day(d: date) -> Range:
    return _at(d), _at(d) + DAY, "day"


def add_months(d: datetime, months: int) -> datetime:
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    return d.replace(year=year, month=month, day=min(d.day, month_days(year, month)))


def shift(d: datetime, delta: Delta, sign: int = 1) -> datetime:
    moved = add_months(d, sign * delta.months) if delta.months else d
    return moved + sign * timedelta(days=delta.days, seconds=delta.seconds)


def _month(year: int, month: int) -> Range:
    start = datetime(year, month, 1)
    return start, add_months(start, 1), "month"


class Dates:
    """Resolves date nodes against `now` (a naive local datetime) and the language's period sizes."""

    def __init__(self, now: datetime, extra: dict[str, object]) -> None:
        self.now = now
        self.today = now.date()
        self.x = extra

    def range(self, node: DateNode) -> Range | None:
        method = getattr(self, "_" + type(node).__name__.lower())
        try:
            found: Range | None = method(node)
        except (ValueError, OverflowError):
            return None
        return found

    # --- days -----------------------------------------------------------------------------------------------
    def _dayrel(self, node: DayRel) -> Range:
        return _day(self.today + timedelta(days=node.offset))

    def _weekday(self, node: Weekday) -> Range:
        return _day(self.weekday_date(node.wd, node.mode))

    def weekday_date(self, wd: int, mode: str) -> date:
        today = self.today
        monday = today - timedelta(days=today.weekday())
        ahead = (wd - today.weekday()) % 7
        if mode == "nextweek":
            return monday + timedelta(days=7 + wd)
        if mode == "thisweek":
            return monday + timedelta(days=wd)
        if mode == "lastweek":
            return monday + timedelta(days=wd - 7)
        if mode == "last":
            return today - timedelta(days=(today.weekday() - wd) % 7 or 7)
        if mode in ("plus7", "plus14"):
            return today + timedelta(days=ahead + (7 if mode == "plus7" else 14))
        upcoming = today + timedelta(days=ahead or 7)
        return upcoming + timedelta(days=7) if mode == "after_next" else upcoming

    def _monthday(self, node: MonthDay) -> Range | None:
        day, today = node.day, self.today
        if day is None:
            return None
        if node.month_offset is not None:
            base = add_months(_at(today.replace(day=1)), node.month_offset)
            return _day(date(base.year, base.month, day))
        if node.month is not None and node.year is not None:
            return _day(date(node.year, node.month, day))
        if node.month is not None:
            if node.weekday is not None and day <= month_days(today.year, node.month):
                this_year = date(today.year, node.month, day)
                if this_year.weekday() == node.weekday:
                    return _day(this_year)  # said with its weekday: that one, even if just past
            for year in range(today.year, today.year + 12):
                if day > month_days(year, node.month):
                    continue
                found = date(year, node.month, day)
                if found >= today and node.weekday in (None, found.weekday()):
                    return _day(found)
            return None
        year, month = today.year, today.month
        for _ in range(12 * 30):
            if day <= month_days(year, month):
                found = date(year, month, day)
                if found >= today and node.weekday in (None, found.weekday()):
                    return _day(found)
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return None

    def _month(self, node: Month) -> Range:
        today = self.today
        if node.year is not None:
            return _month(node.year, node.month)
        if node.mode == "last":
            return _month(today.year if node.month < today.month else today.year - 1, node.month)
        year = today.year if node.month >= today.month else today.year + 1
        if node.mode == "next" and node.month == today.month:
            year += 1
        if node.mode == "after_next":
            year = (today.year if node.month > today.month else today.year + 1) + 1
        return _month(year, node.month)

    def _year(self, node: Year) -> Range:
        return datetime(node.year, 1, 1), datetime(node.year + 1, 1, 1), "year"

    def _quarter(self, node: Quarter) -> Range:
        start = datetime(node.year or self.today.year, 3 * node.q - 2, 1)
        return start, add_months(start, 3), "quarter"

    def cycle_start(self, unit: str) -> datetime:
        now = self.now
        if unit == "second":
            return now.replace(microsecond=0)
        if unit == "minute":
            return now.replace(second=0, microsecond=0)
        if unit == "hour":
            return now.replace(minute=0, second=0, microsecond=0)
        day = _at(self.today)
        if unit == "day":
            return day
        if unit == "week":
            return day - timedelta(days=self.today.weekday())
        if unit == "month":
            return day.replace(day=1)
        if unit == "quarter":
            return day.replace(month=3 * ((self.today.month - 1) // 3) + 1, day=1)
        return day.replace(month=1, day=1)

    def step(self, d: datetime, unit: str, n: int) -> datetime:
        sizes = {"second": 1, "minute": 60, "hour": 3600, "day": 86400, "week": 7 * 86400}
        if unit in sizes:
            return d + timedelta(seconds=sizes[unit] * n)
        return add_months(d, n * {"month": 1, "quarter": 3, "year": 12}[unit])

    def _cycle(self, node: Cycle) -> Range:
        start = self.step(self.cycle_start(node.unit), node.unit, node.offset)
        return start, self.step(start, node.unit, 1), node.unit

    def _lastnext(self, node: LastNext) -> Range:
        current = self.cycle_start(node.unit)
        if node.n > 0:
            start = self.step(current, node.unit, 1)
            return start, self.step(start, node.unit, node.n), node.unit
        return self.step(current, node.unit, node.n), current, node.unit

    def _weekend(self, node: Weekend) -> Range:
        monday = self.today - timedelta(days=self.today.weekday())
        friday = _at(monday) + timedelta(days=4 + 7 * node.offset, hours=18)
        return friday, friday + timedelta(hours=54), "hour"

    def _season(self, node: Season) -> Range:
        instances: list[tuple[datetime, datetime, str]] = []
        base = node.year or self.today.year
        for year in range(base - 2, base + 3):
            for name, ((m1, d1), (m2, d2)) in _SEASONS.items():
                instances.append((datetime(year, m1, d1), datetime(year, m2, d2), name))
            instances.append((datetime(year, 12, 21), datetime(year + 1, 3, 21), "winter"))
        instances.sort()
        wanted = [s for s in instances if node.name in ("any", s[2])]
        if node.year is not None:
            s = next(s for s in wanted if s[0].year == node.year)
            return s[0], s[1], "day"
        now = _at(self.today)
        current = next(n for n, s in enumerate(wanted) if s[1] > now)
        if node.name != "any" and wanted[current][0] > now and node.offset > 0:
            node = Season(node.name, node.offset - 1)
        s = wanted[current + node.offset]
        return s[0], s[1], "day"

    def _holiday(self, node: Holiday) -> Range | None:
        from shared.brains.offline.time import holidays  # only when a holiday is said (astronomy inside)

        year = node.year
        if node.year_offset is not None:
            year = self.today.year + node.year_offset
        if node.around is not None:
            year = add_months(_at(self.today), node.around).year
        if year is not None:
            return holidays.occurrence(node.key, year)
        start = _at(self.today)
        if node.mode == "last":
            for y in range(self.today.year, self.today.year - 3, -1):
                found = holidays.occurrence(node.key, y)
                if found is not None and found[0] < start:
                    return found
            return None
        for y in range(self.today.year - 1, self.today.year + 3):
            found = holidays.occurrence(node.key, y)
            if found is not None and found[1] > start:
                return found
        return None

    # --- counted days ---------------------------------------------------------------------------------------
    def _nth(self, node: Nth) -> Range | None:
        if node.within is None:
            found = self._nth_in(node, _month(self.today.year, self.today.month))
            if found is not None and found[1] <= _at(self.today):
                found = self._nth_in(node, self.range(Cycle("month", 1)))
            return found
        return self._nth_in(node, self.range(node.within))

    def _nth_in(self, node: Nth, scope: Range | None) -> Range | None:
        if scope is None:
            return None
        start, end = scope[0], scope[1]
        days = [start + timedelta(days=k) for k in range((end - start).days)]
        picks: list[Range]
        if node.what == "weekday":
            picks = [(d, d + DAY, "day") for d in days if d.weekday() == node.wd]
        elif node.what == "day":
            picks = [(d, d + DAY, "day") for d in days]
        elif node.what == "week":
            picks = [(d, d + 7 * DAY, "week") for d in days if d.weekday() == 0 and d + 7 * DAY <= end]
        else:
            picks = [(d - DAY + timedelta(hours=18), d + 2 * DAY, "hour") for d in days if d.weekday() == 5]
        index = node.n - 1 if node.n > 0 else node.n
        if not -len(picks) <= index < len(picks):
            return None
        return picks[index]

    def _nthafter(self, node: NthAfter) -> Range | None:
        anchor = self.range(node.anchor)
        if anchor is None:
            return None
        first = anchor[0].date() + timedelta(days=(node.wd - anchor[0].weekday()) % 7 or 7)
        return _day(first + timedelta(days=7 * (node.n - 1)))

    def _closest(self, node: Closest) -> Range | None:
        anchor = self.range(node.anchor) if node.anchor is not None else _day(self.today)
        if anchor is None:
            return None
        center = anchor[0]
        candidates: list[Range] = []
        if isinstance(node.target, Weekday):
            base = center - timedelta(days=(center.weekday() - node.target.wd) % 7)
            candidates = [_day((base + timedelta(days=7 * k)).date()) for k in range(-3, 4)]
        elif isinstance(node.target, Holiday):
            from shared.brains.offline.time import holidays

            for year in range(center.year - 4, center.year + 5):
                found = holidays.occurrence(node.target.key, year)
                if found is not None:
                    candidates.append(found)
        candidates.sort(key=lambda r: (abs((r[0] - center).days), r[0]))
        return candidates[node.n - 1] if 0 < node.n <= len(candidates) else None

    def _countfrom(self, node: CountFrom) -> Range:
        today = self.today
        if node.n > 0:
            first = today + timedelta(days=(node.wd - today.weekday()) % 7 or 7)
            return _day(first + timedelta(days=7 * (node.n - 1)))
        last = today - timedelta(days=(today.weekday() - node.wd) % 7 or 7)
        return _day(last - timedelta(days=7 * (-node.n - 1)))

    def _weekof(self, node: WeekOf) -> Range | None:
        anchor = self.range(node.anchor)
        if anchor is None:
            return None
        d = anchor[0]
        monday = d + DAY if d.weekday() == 6 else d - timedelta(days=d.weekday())
        return monday, monday + 7 * DAY, "week"

    def _shift(self, node: Shift) -> Range | None:
        base = self.range(node.base)
        if base is None:
            return None
        return shift(base[0], node.delta, node.sign), shift(base[1], node.delta, node.sign), base[2]

    # --- parts of a period ----------------------------------------------------------------------------------
    def _sub(self, node: Sub) -> Range | None:
        base = self.range(node.of)
        if base is None:
            return None
        found = self._sub_of(node, base)
        if found is not None and found[1] <= _at(self.today) and isinstance(node.of, Cycle) and node.of.offset == 0:
            later = self.range(Cycle(node.of.unit, 1))
            found = self._sub_of(node, later) if later else None
        return found

    def _sub_of(self, node: Sub, base: Range) -> Range | None:
        start, end, grain = base
        fr = not self.x.get("twelve_hour", True)
        if node.part == "rest":
            return max(start, _at(self.today)), end, "day"
        if grain == "month":
            short = int(str(self.x.get("month_begin_short", 10)))
            spans = {
                "begin": (0, short if node.short else 10),
                "mid": (9, 19) if fr else (10, 20),
                "end": (20, (end - start).days),
                "half1": (0, 14),
                "half2": (14, (end - start).days),
            }
            a, b = spans[node.part]
            return start + timedelta(days=a), start + timedelta(days=b), "day"
        if grain == "week":
            spans = {"begin": (0, 2 if fr else 3), "mid": (2, 4), "end": (3 if fr else 4, 7)}
            a, b = spans.get(node.part, (0, 7))
            return start + timedelta(days=a), start + timedelta(days=b), "day"
        if grain == "year":
            begin = int(str(self.x.get("year_begin_months", 3)))
            last = int(str(self.x.get("year_end_months", 4)))
            if node.part == "begin":
                return start, add_months(start, begin), "month"
            if node.part == "end":
                return add_months(end, -last), end, "month"
            return add_months(start, 4), add_months(start, 8), "month"
        if grain == "day" and (end - start) == DAY:
            hours = {"begin": (6, 10), "mid": (11, 16), "end": (17, 24)}[
                node.part if node.part in ("begin", "mid") else "end"
            ]
            return start + timedelta(hours=hours[0]), start + timedelta(hours=hours[1]), "hour"
        return None
