"""Days and dates: "demain", "jeudi prochain", "le 2 mars 2015", "2/4", "Monday, Feb 18", "March 3rd",
"2015-03-03", "en mars", "in 2014", "le lendemain du 13 février"."""

from __future__ import annotations

from collections.abc import Callable

from shared.brains.offline.time.base import Base, R
from shared.brains.offline.time.model import (
    Cycle,
    DateNode,
    DayRel,
    Delta,
    Month,
    MonthDay,
    Shift,
    Weekday,
    Year,
)
from shared.brains.offline.time.resolve_date import month_days

DateRule = tuple[Callable[[int], "R[DateNode] | None"], frozenset[str], bool]
_WEEK_MODES = {"next": "nextweek", "this": "thisweek", "last": "lastweek"}


class DateRules(Base):
    def p_date(self, i: int) -> R[DateNode] | None:
        key = ("date", i)
        if key not in self.memo:
            if self.blank(i):
                self.memo[key] = None
                return None
            best: R[DateNode] | None = None
            tok = self.t[i]
            keys, number = tok.tags.keys(), tok.num is not None
            if self._rules is None:
                self._rules = self.date_rules()
            for rule, starts, with_number in self._rules:
                if (with_number and number) or not starts.isdisjoint(keys):
                    found = rule(i)
                    if found is not None and (best is None or found[1] > best[1]):
                        best = found
            self.memo[key] = best
        result: R[DateNode] | None = self.memo[key]
        return result

    _rules: list[DateRule] | None = None

    def date_rules(self) -> list[DateRule]:
        """Each rule with the tags it may start on, and whether it may start on a number (speed only)."""
        rel = frozenset({"this", "next", "last"})
        return [
            (self._dayrel, frozenset({"dayrel"}), False),
            (self._weekday, rel | {"this_coming", "this_past", "wd", "wd_shy"}, False),
            (self._monthday, frozenset({"ord", "mon", "mon_shy"}), True),
            (self._month, rel | {"month_word", "mon", "mon_shy"}, False),
            (self._year_node, frozenset({"year_word"}), True),
        ]

    # --- today, tomorrow, the day after ---------------------------------------------------------------------
    def _dayrel(self, i: int) -> R[DateNode] | None:
        offset = self.tag(i, "dayrel")
        if offset is None:
            return None
        if self.has(i, "relday") and self.has(i + 1, "of"):
            found = self.p_date(i + 2) or self.p_date(self.opt(i + 2, "the"))
            if found is not None and not isinstance(found[0], DayRel):
                return Shift(found[0], Delta(days=abs(offset), unit="day"), 1 if offset > 0 else -1), found[1]
        return DayRel(int(offset)), i + 1

    # --- weekdays -------------------------------------------------------------------------------------------
    def _weekday(self, i: int) -> R[DateNode] | None:
        j, mode, said_mode = i, "next", False
        if self.has(j, "this_coming"):
            j, said_mode = j + 1, True
        elif self.has(j, "this_past"):
            j, mode, said_mode = j + 1, "last", True
        elif self.has(j, "this"):
            j, said_mode = j + 1, True
        elif self.has(j, "next") and self.has(j + 1, "week_word") and self.word(j + 1).endswith("'s"):
            j, mode, said_mode = j + 2, "nextweek", True
        elif self.has(j, "last") and self.has(j + 1, "week_word") and self.word(j + 1).endswith("'s"):
            j, mode, said_mode = j + 2, "lastweek", True
        elif (self.has(j, "next") and not self.fr) or (self.has(j, "next") and self.fr and self.has(j + 1, "wd")):
            j, mode, said_mode = j + 1, "nextweek", True
        elif self.has(j, "last") and self.tag(j, "ord") in (None, -1) and self.has(j + 1, "wd", "wd_shy"):
            j, mode, said_mode = j + 1, "last", True
        wd = self.tag(j, "wd")
        shy = wd is None
        if shy:
            wd = self.tag(j, "wd_shy")
        if wd is None:
            return None
        k = j + 1
        dotted = self.is_word(k, ".") and self.glued(k)
        k += 1 if dotted else 0
        if not said_mode:
            mode, k2 = self._weekday_after(k)
            said_mode = k2 > k
            k = k2
        date = self._weekday_date(k, wd)
        ends = k >= self.n or not self.t[k].text.isalpha() or bool(self.t[k].tags)  # "push it to mon"
        after_on = self.has(i - 1, "on", "every") or (self.has(i - 1, "to", "deadline", "from") and ends)
        after_on = after_on or (self.fr and self.is_word(i - 1, "le", "ce"))
        context = dotted or said_mode or date or after_on or self.alone(i, k) or self._wd_list(j)
        if shy and not (context or self._time_next(k)):
            return None
        if date is not None:
            return date
        return Weekday(wd, mode), k

    def _weekday_after(self, k: int) -> tuple[str, int]:
        """What follows a weekday: "prochain", "dernier", "en huit", "after next", "de la semaine prochaine"."""
        plus = self.tag(k, "plus")
        if plus is not None:
            return ("plus7" if plus == 7 else "plus14"), k + 1
        if self.has(k, "after_next"):
            return "after_next", k + 1
        if self.has(k, "next") and not self.has(k + 1, "week_word", "unit"):
            return "nextweek", k + 1
        if self.has(k, "last") and self.tag(k, "ord") in (None, -1) and not self.has(k + 1, "week_word", "unit"):
            return "last", k + 1
        j = self.skip(k, frozenset({"of", "the", "from"}), commas=False)
        if self.has(j, "this") and self.tag(j + 1, "unit") == "week":
            return "thisweek", j + 2
        if self.has(j, "next", "last") and self.tag(j + 1, "unit") == "week":
            return _WEEK_MODES["next" if self.has(j, "next") else "last"], j + 2
        if self.tag(j, "unit") == "week" and self.has(j + 1, "next", "last"):
            if self.has(j + 1, "next"):
                return "nextweek", j + 2
            if self.tag(j + 1, "ord") in (None, -1):
                return "lastweek", j + 2
        return "next", k

    def _weekday_date(self, k: int, wd: int) -> R[DateNode] | None:
        """ "lundi 18 février", "Tuesday the 19th", "Thu 15th", "Monday, Feb 18", "jeudi 15"."""
        j = self.skip(k, frozenset({"the"}))
        found = self._monthday(j, after_weekday=True)
        if found is None and j > k:
            found = self._monthday(k, after_weekday=True)
        if found is None or not isinstance(found[0], MonthDay) or found[0].weekday is not None:
            return None
        md = found[0]
        return MonthDay(md.day, md.month, md.year, wd, md.month_offset, md.sure), found[1]

    def _time_next(self, k: int) -> bool:
        """A time of day right after a short weekday: "sat morning", "sun at noon", "mon 9am"."""
        if self.has(k, "part", "noon", "midnight"):
            return True
        if self.has(k, "at") and (self.num(k + 1) is not None or self.has(k + 1, "noon", "midnight")):
            return True
        return self.num(k) is not None and (self.has(k + 1, "ampm", "h") or self.is_word(k + 1, ":"))

    def _wd_list(self, j: int) -> bool:
        near = (j - 2, j - 1, j + 1, j + 2)
        return any(self.has(k, "wd") or self.has(k, "wd_shy") for k in near if k != j)

    # --- dates ----------------------------------------------------------------------------------------------
    def _monthday(self, i: int, *, after_weekday: bool = False) -> R[DateNode] | None:
        best: R[DateNode] | None = None
        for found in (self._numeric_date(i), self._day_month(i, after_weekday), self._month_day(i)):
            if found is not None and (best is None or found[1] > best[1]):
                best = found
        return best

    def _numeric_date(self, i: int) -> R[DateNode] | None:
        """ "2015-03-03", "1/3/2013", "le 2/3", "3/3/15", "2/2013", "2014-10", "31/Oct/1974", "17 02 2014"."""
        a = self.num(i)
        if a is None or self.digits(i) == 0:
            return None
        sep = self.word(i + 1)
        if (sep in ("-", "/", ".") and self.glued(i + 1)) or (sep in ("/",) and self.digits(i + 2)):
            b_i = i + 2
            b = self.num(b_i)
            month_word = self.tag(b_i, "mon") or self.tag(b_i, "mon_shy")
            if b is None and month_word is not None and self.word(b_i + 1) == sep:
                year = self._year_at(b_i + 2)
                if year is not None and 1 <= a <= 31:
                    return MonthDay(a, month_word, year[0]), year[1]
                return None
            if b is None or self.digits(b_i) == 0 or self.digits(b_i) > 4:
                return None
            if self.digits(i) == 4:  # year first
                if self.word(b_i + 1) == sep and self.digits(b_i + 2) in (1, 2):
                    return self._valid(self.num(b_i + 2), b, a, i, b_i + 3)
                if 1 <= b <= 12 and sep in ("-", "/"):
                    return Month(b, a), b_i + 1
                return None
            if self.word(b_i + 1) == sep and self.glued(b_i + 1) and self.digits(b_i + 2) in (2, 4):
                full = self._two_digit_year(self.num(b_i + 2) or 0, self.digits(b_i + 2))
                day, month = (a, b) if self.x["day_first"] else (b, a)
                return self._valid(day, month, full, i, b_i + 3)
            if sep in ("-", "."):
                return None  # "13-15": a range; "12.50": a number
            if self.digits(b_i) == 4 and 1 <= a <= 12:
                return Month(a, b), b_i + 1  # "2/2013"
            if self.digits(b_i) > 2:
                return None
            day, month = (a, b) if self.x["day_first"] else (b, a)
            found = self._valid(day, month, None, i, b_i + 1)
            if found is not None and not self.fr and a <= 12 and b <= 12 and a != b:
                node = found[0]
                assert isinstance(node, MonthDay)
                return MonthDay(node.day, node.month, node.year, sure=False), found[1]  # 4/5: April or May?
            return found
        if self.fr and self.digits(i) <= 2 and self.digits(i + 1) in (1, 2) and not self.glued(i + 1):
            b = self.num(i + 1) or 0
            if self.has(i + 2, "h", "unit") or self.is_word(i + 2, ":"):
                return None
            spaced_year: int | None = None
            end = i + 2
            if self.digits(i + 2) in (2, 4) and not self.has(i + 3, "h", "unit") and not self.is_word(i + 3, ":"):
                spaced_year, end = self._two_digit_year(self.num(i + 2) or 0, self.digits(i + 2)), i + 3
            if self.num(end) is not None or self.num(i - 1) is not None:
                return None  # "06 12 34 56 78": a phone number
            found = self._valid(a, b, spaced_year, i, end)
            if found is not None and spaced_year is None and not self.has(i - 1, "the"):
                node = found[0]
                assert isinstance(node, MonthDay)
                return MonthDay(node.day, node.month, sure=False), found[1]
            return found
        return None

    def _two_digit_year(self, value: int, digits: int) -> int:
        if digits == 4:
            return value
        return value + (2000 if value < 50 else 1900)

    def _valid(self, day: int | None, month: int, year: int | None, i: int, j: int) -> R[DateNode] | None:
        if day is None or not 1 <= month <= 12 or not 1 <= day <= 31:
            return None
        if day > month_days(year or 2024, month):
            return None
        return MonthDay(day, month, year), j

    def _day_month(self, i: int, after_weekday: bool) -> R[DateNode] | None:
        """ "le 2 mars", "2 mars 2015", "the 15th of february", "14april 2015", "le 16", "on the 15th"."""
        day = self.day_number(i)
        if day is None or self.has(i + 1, "h", "unit", "ampm") or self.is_word(i + 1, ":"):
            return None
        j = i + 1
        k = self.skip(j, frozenset({"of"}), commas=False)
        if self.fr and self.has(k, "the") and self.has(k + 1, "month_word"):
            k += 1
        month = self.tag(k, "mon") or self.tag(k, "mon_shy")
        if month is not None and (self.tag(k, "mon") is not None or k > j or self.digits(i) or self.has(i, "ord")):
            end = k + 1 + (1 if self.is_word(k + 1, ".") and self.glued(k + 1) else 0)
            year = self._year_at(end, short=True)
            if year is not None:
                return MonthDay(day, month, year[0]), year[1]
            return MonthDay(day, month), end
        offset = self._month_offset(j)
        if offset is not None:
            return MonthDay(day, month_offset=offset[0]), offset[1]
        # a day of the month alone: "le 16", "on the 15th", "the 1st", "jeudi 15"
        ordinal = self.has(i, "ord") or self.word(i)[-2:] in ("st", "nd", "rd", "th")
        the = self.has(i - 1, "the") and not self.is_word(i - 1, "les", "la")  # "tous les deux": both
        if (self.digits(j) and not self.glued(j)) or self.has(j, "street"):
            return None  # "le 06 12 34 56 78": a phone number; "au 12 rue de la Paix": an address
        if self.fr and (the or after_weekday) and not self.has(i + 1, "unit", "mon", "wd", "quarter"):
            return MonthDay(day), j
        english = not self.fr and ordinal and (the or after_weekday or self.has(i - 1, "on"))
        if english and not self.has(
            j, "unit", "wd", "wds", "quarter", "closest", "last", "day_word", "week_word", "weekend"
        ):
            return MonthDay(day), j
        return None

    def _month_offset(self, j: int) -> R[int] | None:
        """ "of next month", "de ce mois", "of the previous month", "day of next month"."""
        j = self.opt(j, "day_word")
        if not self.has(j, "of"):
            return None
        k = self.opt(j + 1, "the")
        if self.has(k, "month_word"):
            post = 1 if self.has(k + 1, "next") else -1 if self.has(k + 1, "last") else None
            if post is not None:
                return post, k + 2
            return (0, k + 1) if self.has(k - 1, "the", "this") else None
        rel = 1 if self.has(k, "next") else -1 if self.has(k, "last") else 0 if self.has(k, "this") else None
        if rel is not None and self.has(k + 1, "month_word"):
            return rel, k + 2
        return None

    def _month_day(self, i: int) -> R[DateNode] | None:
        """English "March 3", "february the 15th", "Aug 8", "march third 2015", "Jul 18, Fri", "Feb13"."""
        if self.fr:
            return None
        month = self.tag(i, "mon") or self.tag(i, "mon_shy")
        if month is None:
            return None
        j = i + 1 + (1 if self.is_word(i + 1, ".") and self.glued(i + 1) else 0)
        j = self.opt(j, "the")
        day = self.day_number(j)
        if day is None or self.has(j + 1, "h", "unit", "ampm") or self.is_word(j + 1, ":"):
            return None
        if self.digits(j) == 0 and self.tag(j, "ord") is None and self.num(j) is not None and self.num(j + 1):
            return None  # "may three twenty": not a date
        end = j + 1
        year = self._year_at(end)
        if year is not None:
            return MonthDay(day, month, year[0]), year[1]
        k = end + 1 if self.is_word(end, ",") else end
        wd = self.tag(k, "wd") if self.tag(k, "wd") is not None else self.tag(k, "wd_shy")
        if wd is not None and k > end:
            return MonthDay(day, month, weekday=wd), k + 1
        return MonthDay(day, month), end

    def _year_at(self, j: int, *, short: bool = False) -> R[int] | None:
        """A year right after a date: "2015", ", 2015", "74" (after a month name), "two thousand ten"."""
        k = j + 1 if self.is_word(j, ",") else j
        value = self.num(k)
        if value is None or self.has(k + 1, "h", "unit", "ampm", "mon") or self.is_word(k + 1, ":"):
            return None
        if self.digits(k) == 4 or (self.digits(k) == 0 and value >= 1000):
            return value, k + 1
        if short and self.digits(k) == 2 and not self.has(k + 1, "h") and k == j:
            return self._two_digit_year(value, 2), k + 1
        return None

    # --- months and years -------------------------------------------------------------------------------------
    def _month(self, i: int) -> R[DateNode] | None:
        j, mode = i, None
        if self.has(j, "month_word") and self.has(j + 1, "of"):
            j += 2  # "le mois de mars", "au mois d'avril"
        elif self.has(j, "next"):
            j, mode = j + 1, "next"
        elif self.has(j, "last") and self.tag(j, "ord") in (None, -1):
            j, mode = j + 1, "last"
        elif self.has(j, "this"):
            j += 1
        month = self.tag(j, "mon")
        shy = month is None
        if shy:
            month = self.tag(j, "mon_shy")
            if month is None:
                return None
        end = j + 1 + (1 if self.is_word(j + 1, ".") and self.glued(j + 1) else 0)
        found: R[DateNode] = Month(month, mode=mode), end
        year = self._year_at(end)
        if year is not None:
            found = Month(month, year[0]), year[1]
        elif self.has(end, "after_next"):
            found = Month(month, mode="after_next"), end + 1
        elif self.has(end, "next") and self.fr and mode is None:
            found = Month(month, mode="next"), end + 1
        elif self.has(end, "in") and self.has(end + 2, "unit", "year_word"):
            amount = self.p_amount(end + 1)
            if amount is not None and amount[0].months:
                found = Shift(Month(month, mode=mode), amount[0]), amount[1]
        if shy:
            context = j > i or self.has(i - 1, "in", "of", "at", "filler", "begin", "mid", "end", "early", "late")
            if not (context or found[1] > end or self.alone(i, end)):
                return None
        return found

    def p_year(self, i: int, *, loose: bool = False) -> R[int] | None:
        value = self.num(i)
        if value is None:
            return None
        if self.has(i + 1, "ad") or (self.is_word(i + 1, "a") and self.is_word(i + 3, "d")):
            end = i + 2 if self.has(i + 1, "ad") else i + 4 + (1 if self.is_word(i + 4, ".") else 0)
            return value, end + (1 if self.is_word(end, ".") and self.glued(end) else 0)
        if not (self.digits(i) == 4 or (self.digits(i) == 0 and value >= 1000)):
            return None
        if not 1000 <= value <= 2999 or self.has(i + 1, "h", "unit", "ampm") or self.is_word(i + 1, ":", "/", "-"):
            return None
        return value, i + 1

    def _year_node(self, i: int) -> R[DateNode] | None:
        j = i
        if self.has(j, "year_word") and self.the_before(j):
            j += 1  # "l'année 2014"
        elif not self.has(i - 1, "in", "of", "after", "since", "before", "from", "to", "until"):
            return None
        found = self.p_year(j)
        if found is None:
            return None
        return Year(found[0]), found[1]

    def the_before(self, j: int) -> bool:
        return self.has(j - 1, "the")

    def p_month_scope(self, i: int) -> R[DateNode] | None:
        """What "of" points to after an ordinal or a period: a month, a year, "the month", "next month"."""
        j = self.skip(self.opt(i, "the"), frozenset({"at", "the"}), commas=False)
        best: R[DateNode] | None = self._month(j)
        year = self.p_year(j)
        if year is not None and (best is None or year[1] > best[1]):
            best = Year(year[0]), year[1]
        rel = 1 if self.has(j, "next") else -1 if self.has(j, "last") else 0 if self.has(j, "this") else None
        k = j + 1 if rel is not None else j
        if rel is not None and self.has(k, "the"):
            k += 1
        for unit, tag in (("month", "month_word"), ("year", "year_word"), ("week", "week_word")):
            if self.has(k, tag) or (tag == "week_word" and self.tag(k, "unit") == "week"):
                post = 1 if self.has(k + 1, "next") else -1 if self.has(k + 1, "last") else None
                if post is not None and rel is None and self.tag(k + 1, "ord") in (None, -1):
                    found: R[DateNode] = Cycle(unit, post), k + 2  # type: ignore[arg-type]
                else:
                    found = Cycle(unit, rel or 0), k + 1  # type: ignore[arg-type]
                if best is None or found[1] > best[1]:
                    best = found
                break
        return best
