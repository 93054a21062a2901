"""What the grammar builds (a small tree of what was said) and what `parse` returns (TimeMention).

The tree keeps what was said, unresolved, so that parts of an expression can borrow from each other
before anything is resolved ("du 13 au 15 juillet": the 13th takes July from the 15th; "3-4pm": 3 takes
pm from 4pm). resolve.py turns it into values against `now`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Literal, NamedTuple

if TYPE_CHECKING:
    from dateutil.relativedelta import relativedelta

Lang = Literal["fr", "en"]
Grain = Literal["second", "minute", "hour", "day", "week", "month", "quarter", "year"]
GRAINS: tuple[Grain, ...] = ("second", "minute", "hour", "day", "week", "month", "quarter", "year")
Kind = Literal["instant", "interval", "open_interval", "recurrence", "duration"]
Direction = Literal["after", "before"]


@dataclass(frozen=True, slots=True)
class TimeMention:
    """One time expression found in a text, resolved against `now` (see the package docstring)."""

    start: int  # span [start, end) in the original text
    end: int
    kind: Kind
    value: datetime | None  # aware, the person's zone: the instant, the interval's start, the open bound
    grain: Grain
    confident: bool = True
    has_clock_time: bool = True  # False when Boussole chose the time of day (a date alone: 09:00)
    end_value: datetime | None = None  # exclusive end of an interval
    direction: Direction | None = None  # open intervals; also an offset not yet tied to a time
    rrule: str | None = None  # recurrences: "DTSTART:<local>\nRRULE:<rule>"
    first: datetime | None = None  # recurrences: first occurrence strictly after now
    duration: timedelta | relativedelta | None = None  # durations, and the offset of an anchored mention
    anchor: TimeMention | None = None  # "1h avant": the mention it counts from, already applied
    said: frozenset[str] = frozenset()  # what was said: clock, part, day, weekday, date, rel, tz, ...


# --- the tree -------------------------------------------------------------------------------------
class Delta(NamedTuple):
    """An amount of time: calendar months and days, plus elapsed seconds ("1 mois et demi", "2h30")."""

    months: int = 0
    days: int = 0
    seconds: float = 0
    unit: Grain = "minute"  # the finest unit said

    def plus(self, other: Delta) -> Delta:
        finest = min(GRAINS.index(self.unit), GRAINS.index(other.unit))
        return Delta(self.months + other.months, self.days + other.days, self.seconds + other.seconds, GRAINS[finest])

    def scaled(self, k: float) -> Delta:
        """k times this amount; half a month is 15 days, half a day 12 hours."""
        months, days, seconds = self.months * k, self.days * k, self.seconds * k
        whole_m = int(months)
        days += (months - whole_m) * 30
        whole_d = int(days)
        seconds += (days - whole_d) * 86400
        return Delta(whole_m, whole_d, seconds, self.unit)

    @property
    def elapsed(self) -> bool:
        """Minutes and hours are elapsed time; days and more are calendar offsets (docs/time.md)."""
        return self.months == 0 and self.days == 0


class Clock(NamedTuple):
    hour: int  # 0..24 as said
    minute: int = 0
    second: int = 0
    grain: Grain = "hour"
    ampm: Literal["am", "pm"] | None = None
    twelve: bool = False  # a bare English hour: am or pm is open
    midnight: bool = False  # minuit / midnight: 00:00 of the next day
    tz: str | None = None  # a zone said with it ("CET", "Europe/Paris")
    bare: bool = False  # a number alone ("à 9", "de 5 à 7"): a time only next to a day or in a range


class Part(NamedTuple):
    name: str  # morning, afternoon, evening, night, lunch, ...
    lo: int  # the part of the day as hours [lo, hi)
    hi: int
    default: int | None  # the hour docs/time.md gives it; None: said as a span ("en fin d'après-midi")
    today: bool = False  # "ce soir", "tonight", "this morning"
    weak: bool = False  # "le matin" alone: habit more often than a time


# Day-level and coarser things: each resolves to a local range [start, end) at a grain.
class DayRel(NamedTuple):
    offset: int  # 0 today, 1 tomorrow, -1 yesterday


class Weekday(NamedTuple):
    wd: int  # 0 = Monday
    mode: str = "next"  # next | nextweek | thisweek | lastweek | last | after_next | plus7 | plus14


class MonthDay(NamedTuple):
    day: int | None
    month: int | None = None
    year: int | None = None
    weekday: int | None = None
    month_offset: int | None = None  # "the 20th of next month"
    sure: bool = True  # False: "4/5" in English (April 5 or 4 May?), "17 2" without "le"


class Month(NamedTuple):
    month: int
    year: int | None = None
    mode: str | None = None  # next | last | after_next


class Year(NamedTuple):
    year: int


class Quarter(NamedTuple):
    q: int
    year: int | None = None


class Cycle(NamedTuple):
    unit: Grain  # week, month, quarter, year, day
    offset: int  # 0 this, 1 next, -1 last


class Weekend(NamedTuple):
    offset: int = 0


class Season(NamedTuple):
    name: str
    offset: int = 0
    year: int | None = None


class Holiday(NamedTuple):
    key: str
    year: int | None = None
    mode: str | None = None  # next | last
    year_offset: int | None = None  # "of next year"
    around: int | None = None  # "diwali in five years": the one in the year of now + this many months


class Nth(NamedTuple):
    n: int  # 1 first, -1 last, -3 third last
    what: str  # weekday | day | week | weekend
    within: DateNode | None  # None: this month (or the next one if it is past)
    wd: int | None = None


class NthAfter(NamedTuple):
    n: int
    wd: int
    anchor: DateNode


class Closest(NamedTuple):
    n: int
    target: DateNode  # a Weekday (any such day) or a Holiday (any year)
    anchor: DateNode | None  # None: today


class Sub(NamedTuple):
    """Part of a period: "fin mars", "début avril", "mid March", "the end of the week"."""

    part: str  # begin | mid | end | half1 | half2 | rest
    of: DateNode
    short: bool = False  # French "début avril" (the first days) vs "début du mois"


class WeekOf(NamedTuple):
    anchor: DateNode


class Shift(NamedTuple):
    base: DateNode
    delta: Delta
    sign: int = 1


class CountFrom(NamedTuple):
    wd: int
    n: int  # 3: the third such day from now; -2: two back


class Upcoming(NamedTuple):
    unit: Grain
    n: int  # "upcoming two weeks": the week two weeks from now


class LastNext(NamedTuple):
    unit: Grain
    n: int  # "next 3 days" (n > 0), "last 2 weeks" (n < 0): a run of whole units


DateNode = (
    DayRel
    | Weekday
    | MonthDay
    | Month
    | Year
    | Quarter
    | Cycle
    | Weekend
    | Season
    | Holiday
    | Nth
    | NthAfter
    | Closest
    | Sub
    | WeekOf
    | Shift
    | CountFrom
    | Upcoming
    | LastNext
)


class Point(NamedTuple):
    """A time said as one thing: any of a date, a clock time, a part of the day, an offset from now."""

    date: DateNode | None = None
    clock: Clock | None = None
    part: Part | None = None
    offset: Delta | None = None  # from now, signed
    now: bool = False
    said: frozenset[str] = frozenset()
    confident: bool = True


class Interval(NamedTuple):
    a: Point
    b: Point | None = None
    length: Delta | None = None  # "4pm for 30 mins"
    whole_days: bool = False  # "d'ici 2 semaines": until the start of that day


class Open(NamedTuple):
    point: Point
    direction: Direction
    deadline: bool = False  # "by the end of the month": the last day counts (docs/time.md)


class Relative(NamedTuple):
    """ "1h avant", "30 minutes after 5pm", "3 days after Easter": an amount before or after a time."""

    delta: Delta
    direction: Direction
    anchor: Point | None = None  # None: a time said elsewhere in the message, or now


class Span(NamedTuple):
    """An amount of time said on its own ("2 heures et demie", "a week and a half")."""

    delta: Delta


class Recur(NamedTuple):
    freq: str  # MINUTELY HOURLY DAILY WEEKLY MONTHLY YEARLY
    interval: int = 1
    byday: tuple[int, ...] = ()
    bymonthday: int | None = None
    more_monthdays: tuple[int, ...] = ()  # "le 1er et le 15 de chaque mois": 15
    bymonth: int | None = None
    bysetpos: int | None = None  # with one BYDAY: "the first monday of every month"
    at: Point = Point()  # the time of day said with it
    confident: bool = True
    core: tuple[int, int] = (0, 0)  # tokens of the recurrence itself, without the time said with it
    core_part: Part | None = None  # a part of the day in the recurrence itself ("tous les soirs")


Expr = Point | Interval | Open | Relative | Span | Recur
