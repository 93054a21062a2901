"""Periods and counted days: "la semaine prochaine", "ce week-end", "cet été", "fin mars", "the end of the
month", "le 2e mardi", "last friday of the month", "first tuesday of october", "Noël", "next 3 days",
"3 fridays from now", "the week of october 6th", "the 4th quarter of 2018"."""

from __future__ import annotations

from shared.brains.offline.time.base import Base, R
from shared.brains.offline.time.model import (
    Closest,
    CountFrom,
    Cycle,
    DateNode,
    DayRel,
    Holiday,
    LastNext,
    Month,
    Nth,
    NthAfter,
    Quarter,
    Season,
    Sub,
    Weekday,
    Weekend,
    WeekOf,
)
from shared.brains.offline.time.rules_date import DateRule

_CYCLE_UNITS = frozenset({"week", "month", "quarter", "year"})
_RUN_UNITS = frozenset({"second", "minute", "hour", "day", "week", "month", "quarter", "year"})


class PeriodRules(Base):
    def period_rules(self) -> list[DateRule]:
        """Each rule with the tags it may start on, and whether it may start on a number (speed only)."""
        rel = frozenset({"the", "this", "next", "last"})
        return [
            (self._cycle, rel | {"unit"}, False),
            (self._weekend, rel | {"this_past", "weekend"}, False),
            (self._season, rel | {"this_past", "season"}, False),
            (self._holiday, rel | {"hol"}, False),
            (self._nth, frozenset({"the", "ord"}), False),
            (self._sub, frozenset({"period_abbr", "the", "begin", "mid", "end", "early", "late", "rest"}), False),
            (self._closest, frozenset({"the", "ord", "closest"}), False),
            (self._count_from, frozenset(), True),
            (self._run, rel | {"qty"}, True),
            (self._week_of, frozenset({"the", "week_word", "unit"}), False),
            (self._quarter, frozenset({"the", "ord"}), True),
        ]

    def _rel(self, j: int) -> int | None:
        if self.has(j, "next"):
            return 1
        if self.has(j, "last") and self.tag(j, "ord") in (None, -1):
            return -1
        if self.has(j, "this"):
            return 0
        return None

    # --- this week, next month, last year -------------------------------------------------------------------
    def _cycle(self, i: int) -> R[DateNode] | None:
        j = self.opt(i, "the")
        rel = self._rel(j)
        if rel is not None:
            j += 1
        unit = self.tag(j, "unit")
        if unit not in _CYCLE_UNITS or self.has(j, "h"):
            return None
        k = j + 1
        if rel is None:
            rel = self._rel(k) if not self.has(k, "this") else None
            if rel is not None:
                k += 1
            elif self.has(j - 1, "the") and self.has(j - 2, "in") and unit == "week":
                rel = 0  # "dans la semaine"
            else:
                return None
        return Cycle(unit, rel), k

    def _run(self, i: int) -> R[DateNode] | None:
        """ "next 3 days", "last 2 weeks", "3 prochaines semaines", "2 années passées", "upcoming two weeks"."""
        j, rel, upcoming = i, self._rel(i), self.word(i) == "upcoming"
        if rel is not None and rel != 0:
            j += 1
        count = self.num(j) if self.num(j) is not None else self.tag(j, "qty")
        if count is None or self.digits(j) > 3:
            return None
        k = j + 1
        if rel is None:
            rel = self._rel(k)
            upcoming = self.word(k) == "upcoming"
            if rel:
                k += 1
        unit = self.tag(k, "unit")
        if unit not in _RUN_UNITS:
            return None
        k += 1
        if rel is None or rel == 0:
            rel = self._rel(k)
            if not rel:
                return None
            k += 1
        if upcoming:
            return Cycle(unit, count), k
        return LastNext(unit, count * rel), k

    def _weekend(self, i: int) -> R[DateNode] | None:
        j, off = self.opt(i, "the"), 0
        if self.has(j, "this_past"):
            j, off = j + 1, -1
        elif self._rel(j) is not None:
            off = self._rel(j) or 0
            j += 1
        if not self.has(j, "weekend"):
            return None
        k = j + 1
        if off == 0 and self._rel(k):
            off = self._rel(k) or 0
            k += 1
        return Weekend(off), k

    def _season(self, i: int) -> R[DateNode] | None:
        j = self.opt(i, "the")
        if self.has(j, "this_past"):
            rel: int | None = -1
            j += 1
        else:
            rel = self._rel(j)
            j += 1 if rel is not None else 0
        name = self.tag(j, "season")
        if name is None:
            return None
        k = j + 1
        if rel is None and self._rel(k):
            rel = self._rel(k)
            k += 1
        year = self.p_year(k)
        if year is not None:
            return Season(name, 0, year[0]), year[1]
        if name == "any" and rel is None and not self.has(i, "the"):
            return None
        return Season(name, rel or 0), k

    # --- holidays ---------------------------------------------------------------------------------------------
    def _holiday(self, i: int) -> R[DateNode] | None:
        j, mode = self.opt(i, "the"), None
        rel = self._rel(j)
        if rel is not None and not self.has(j, "hol"):
            mode = {1: "next", -1: "last", 0: None}[rel]
            j += 1
        key = self.tag(j, "hol")
        if key is None:
            return None
        k = j + 1
        year = self.p_year(k + 1 if self.has(k, "in") and self.digits(k + 1) == 4 else k)
        if year is not None:
            return Holiday(key, year=year[0]), year[1]
        if self.has(k, "of") and not self.has(k, "in"):
            scope = self.p_month_scope(k + 1)
            if scope is not None and isinstance(scope[0], Cycle) and scope[0].unit == "year":
                return Holiday(key, year_offset=scope[0].offset), scope[1]
        if self.has(k, "in") or self.has(k + 2, "hence", "ago", "later"):
            amount = self.p_amount(k + 1 if self.has(k, "in") else k)
            if amount is not None and not amount[0].elapsed:
                end = amount[1]
                sign = 1
                if self.has(end, "hence", "later"):
                    end += 1
                elif self.has(end, "ago"):
                    sign, end = -1, end + 1
                elif not self.has(k, "in"):
                    return Holiday(key, mode=mode), k
                months = amount[0].months + amount[0].days // 30
                return Holiday(key, mode=mode, around=sign * months), end
        return Holiday(key, mode=mode), k

    # --- counted days -----------------------------------------------------------------------------------------
    def _nth(self, i: int) -> R[DateNode] | None:
        """ "first tuesday of october", "le 2e mardi", "le dernier jour d'octobre", "third last week of 2018"."""
        j = self.opt(i, "the")
        n = self.tag(j, "ord")
        if n is None:
            return None
        k = j + 1
        if n > 0 and self.tag(k, "ord") == -1:
            n, k = -n, k + 1
        wd = self.tag(k, "wd") if self.tag(k, "wd") is not None else self.tag(k, "wd_shy")
        if wd is not None:
            what = "weekday"
        elif self.has(k, "weekend"):
            what = "weekend"
        elif self.has(k, "quinz"):
            what = "quinzaine"
        elif self.has(k, "day_word"):
            what = "day"
        elif self.has(k, "week_word") or self.tag(k, "unit") == "week":
            what = "week"
        else:
            return None
        k += 1
        if what == "weekday" and self.has(k, "after"):
            anchor = self.p_date(k + 1)
            if anchor is not None and n > 0:
                return NthAfter(n, wd, anchor[0]), anchor[1]
        if self.has(k, "of"):
            scope = self.p_month_scope(k + 1)
            if scope is not None:
                if what == "quinzaine":
                    return Sub("half1" if n == 1 else "half2", scope[0]), scope[1]
                return Nth(n, what, scope[0], wd), scope[1]
        if what == "weekday" and n > 0 and (self.has(i, "the") or self.fr):
            return Nth(n, what, None, wd), k
        return None

    def _closest(self, i: int) -> R[DateNode] | None:
        """ "the closest Monday to Oct 5th", "the second closest xmas to today"."""
        j = self.opt(i, "the")
        n = self.tag(j, "ord") if self.tag(j, "ord") is not None else 1
        j += 1 if self.has(j, "ord") else 0
        if not self.has(j, "closest"):
            return None
        k = j + 1
        wd = self.tag(k, "wd") if self.tag(k, "wd") is not None else self.tag(k, "wd_shy")
        target: DateNode
        if wd is not None:
            target = Weekday(wd, "any")
        elif self.has(k, "hol"):
            target = Holiday(self.tag(k, "hol"))
        else:
            return None
        if not self.has(k + 1, "to"):
            return None
        anchor = self.p_date(k + 2)
        if anchor is None:
            return None
        today = isinstance(anchor[0], DayRel) and anchor[0].offset == 0
        return Closest(n, target, None if today else anchor[0]), anchor[1]

    def _count_from(self, i: int) -> R[DateNode] | None:
        """ "3 fridays from now", "two sundays from now", "2 thursdays back"."""
        count = self.num(i)
        wd = self.tag(i + 1, "wds") if self.tag(i + 1, "wds") is not None else self.tag(i + 1, "wd")
        if count is None or wd is None or not 0 < count < 60:
            return None
        if self.has(i + 2, "hence"):
            return CountFrom(wd, count), i + 3
        if self.has(i + 2, "ago"):
            return CountFrom(wd, -count), i + 3
        return None

    def _week_of(self, i: int) -> R[DateNode] | None:
        """ "the week of october 6th", "la semaine du 6 octobre"."""
        j = self.opt(i, "the")
        if not (self.has(j, "week_word") or self.tag(j, "unit") == "week") or not self.has(j + 1, "of"):
            return None
        anchor = self.p_date(j + 2)
        if anchor is None or isinstance(anchor[0], Month | Cycle):
            return None
        return WeekOf(anchor[0]), anchor[1]

    def _quarter(self, i: int) -> R[DateNode] | None:
        """ "third quarter", "the 4th qtr of 2018", "18q4", "2018Q4"."""
        if self.num(i) is not None and self.is_word(i + 1, "q") and self.glued(i + 1) and self.glued(i + 2):
            q, year = self.num(i + 2), self.num(i) or 0
            if q is not None and 1 <= q <= 4 and self.digits(i) in (2, 4):
                return Quarter(q, year + 2000 if year < 100 else year), i + 3
            return None
        j = self.opt(i, "the")
        q = self.tag(j, "ord")
        if q is None or not 1 <= q <= 4 or self.tag(j + 1, "unit") != "quarter":
            return None
        k = j + 2
        found = self.p_year(k + 1 if self.has(k, "of") else k)
        if found is not None:
            return Quarter(q, found[0]), found[1]
        return Quarter(q), k

    # --- parts of a period ------------------------------------------------------------------------------------
    def _sub(self, i: int) -> R[DateNode] | None:
        """ "fin mars", "début avril", "mi-décembre", "en fin de mois", "the end of the month", "early March",
        "beginning of next week", "EOM", "rest of the week"."""
        abbr = self.tag(i, "period_abbr")
        if abbr is not None:
            if abbr[0] == "begin" and not self.t[i].upper:
                return None  # "boy", "bom" are words; "BOY", "BOM" are periods
            scope: DateNode = DayRel(0) if abbr[1] == "day" else Cycle(abbr[1], 0)
            return Sub(abbr[0], scope), i + 1
        j = self.opt(i, "the")
        part = None
        for name, tag in (("begin", "begin"), ("mid", "mid"), ("end", "end"), ("begin", "early"), ("end", "late")):
            if self.has(j, tag):
                part = name
                break
        if part is None and self.has(j, "rest"):
            part = "rest"
        if part is None:
            return None
        k = j + 1
        if self.is_word(k, "-"):
            k += 1
        k = self.skip(k, frozenset({"of", "the", "at", "filler"}), commas=False)
        scope_found = self.p_month_scope(k)
        if scope_found is None:
            return None
        scope, end = scope_found
        short = self.fr and part == "begin" and isinstance(scope, Month)
        return Sub(part, scope, short), end
