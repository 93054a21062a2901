"""Ranges built on points: intervals ("du 13 au 15 juillet", "3-4pm", "jeudi de 9h à 11h", "from 4pm for
30 mins", "d'ici 2 semaines") and open intervals ("après 18h", "before noon", "à partir de lundi", "by the
end of the month")."""

from __future__ import annotations

from shared.brains.offline.time.base import INNER, Base, R
from shared.brains.offline.time.model import Clock, Delta, Interval, MonthDay, Open, Point, Sub

_GLUE = frozenset({"at", "the", "on", "filler", "in"})  # between a day and the range of times said after it


class SpanRules(Base):
    # --- intervals ------------------------------------------------------------------------------------------
    def p_interval(self, i: int) -> R[Interval] | None:
        best: R[Interval] | None = None
        for found in (self._interval_core(i), self._interval_with_date(i), self._within(i), self._for_amount(i)):
            if found is not None and (best is None or found[1] > best[1]):
                best = found
        return best

    def _interval_with_date(self, i: int) -> R[Interval] | None:
        """A day said before a range of times: "jeudi de 9h à 11h", "tomorrow in between 1-2:30",
        "demain jusqu'à 16h"."""
        pre = self._day_before(i)
        if pre is None:
            return None
        j = self.skip(pre[1], _GLUE)
        if self.has(j, "until") and not self.has(j, "from"):
            end = self.p_point(j + 1)
            if end is None or end[0].clock is None:
                return None
            return Interval(pre[0], end[0]._replace(date=pre[0].date)), end[1]
        core = self._interval_core(j)
        if core is None:
            return None
        node, end_i = core
        return Interval(self._with_day(node.a, pre[0]), self._with_day(node.b, pre[0]) if node.b else None), end_i

    def _day_before(self, i: int) -> R[Point] | None:
        """A day, perhaps with a part of the day, said before a range: "jeudi", "demain matin", "le 20"."""
        k = self.skip(i, INNER)
        day = self.p_date(k)
        if day is None:
            return None
        end = day[1]
        part = self.p_part(self.skip(end, INNER))
        said = {"date"}
        if part is not None:
            return Point(date=day[0], part=part[0]._replace(weak=False), said=frozenset(said | {"part"})), part[1]
        return Point(date=day[0], said=frozenset(said)), end

    def _with_day(self, p: Point, day: Point) -> Point:
        if p.date is not None:
            return p
        return p._replace(date=day.date, part=p.part or day.part, said=p.said | day.said)

    def _interval_core(self, i: int) -> R[Interval] | None:
        j, between = i, False
        if self.has(j, "between"):
            j, between = j + 1, True
        elif self.has(j, "from") and not self.has(j, "after"):
            j += 1
        elif self.has(j, "after") and self.word(j) in ("later than", "plus tard que"):
            j, between = j + 1, True
        a = self._endpoint(j)
        if a is None:
            return None
        a_node, k = a
        if self.has(k, "and") and between:
            k += 1
        elif self.has(k, "except") and self.has(k + 1, "before"):
            k += 2  # "later than 3:30 but before 6"
        elif (self.has(k, "to") and not (self.fr and self.word(k) == "a" and j == i)) or (
            self.is_word(k, "/") and isinstance(a_node, Point) and a_node.clock is not None
        ):
            k += 1
        else:
            return None
        k = self.opt(k, "the")
        b = self._endpoint(k)
        if b is None:
            return None
        b_node, end = b
        pair = self._join(a_node, b_node, day_hint=self._day_hint(i, j, k))
        if pair is None:
            return None
        a_point, b_point = pair
        post_i = self.skip(end, INNER)
        post = self.p_point(post_i) if post_i < self.n else None
        if post is not None and post[0].date is not None and post[0].clock is None and a_point.clock is not None:
            a_point, b_point = self._with_day(a_point, post[0]), self._with_day(b_point, post[0])
            end = post[1]
        return Interval(a_point, b_point), end

    def _day_hint(self, i: int, j: int, k: int) -> bool:
        """Numbers alone are days, not hours, after "du", "le", "the" or before "au"."""
        words = {self.word(x) for x in (i, j - 1, k - 1, k - 2)}
        return bool(words & {"du", "le", "au", "the"})

    def _endpoint(self, i: int) -> R[Point | int] | None:
        point = self.p_point(i)
        if point is not None and point[0].offset is None and not point[0].now:
            clock = point[0].clock
            if not (clock is not None and clock.bare and point[0].date is None and point[0].part is None):
                return point
        value = self.num(i) if self.num(i) is not None else self.tag(i, "ord")
        if value is None or self.digits(i) > 2 or not 0 <= value <= 31:
            return None
        clock_found = self.p_clock(i, after_at=True)
        if clock_found is not None and not clock_found[0].bare:
            return Point(clock=clock_found[0], said=frozenset({"clock"})), clock_found[1]
        return int(value), i + 1

    def _join(self, a: Point | int, b: Point | int, *, day_hint: bool) -> tuple[Point, Point] | None:
        """Complete each end from the other: "13 au 15 juillet" (July), "3-4pm" (pm), "8am until 6"."""
        if isinstance(a, int) and isinstance(b, int):
            if day_hint or a > 24 or b > 24:
                return Point(date=MonthDay(a), said=frozenset({"date"})), Point(
                    date=MonthDay(b), said=frozenset({"date"})
                )
            return self._bare_clock(a), self._bare_clock(b)
        if isinstance(a, int):
            assert isinstance(b, Point)
            if b.clock is not None:
                ca = Clock(a, grain="hour", twelve=b.clock.twelve or (b.clock.ampm is not None and a <= 12))
                if b.clock.ampm is not None and a <= 12 and ca.twelve:
                    ca = self._borrow_ampm(ca, b.clock)
                return Point(date=b.date, clock=ca._replace(tz=b.clock.tz), said=b.said), b
            if isinstance(b.date, MonthDay):
                return Point(date=b.date._replace(day=a, weekday=None), said=b.said), b
            return None
        if isinstance(b, int):
            if a.clock is not None:
                cb = Clock(b, grain="hour", twelve=a.clock.twelve or a.clock.ampm is not None)
                return a, Point(date=a.date, clock=cb._replace(tz=a.clock.tz), said=a.said)
            if isinstance(a.date, MonthDay):
                return a, Point(date=a.date._replace(day=b, weekday=None), said=a.said)
            return None
        if a.clock is not None and b.clock is not None:
            ca, cb = a.clock, b.clock
            if ca.ampm is None and cb.ampm is not None and ca.twelve:
                ca = self._borrow_ampm(ca, cb)
            if cb.tz and not ca.tz:
                ca = ca._replace(tz=cb.tz)
            a, b = a._replace(clock=ca), b._replace(clock=cb)
            if a.date is None and b.date is not None:
                a = a._replace(date=b.date, said=a.said | b.said)
            elif b.date is None and a.date is not None:
                b = b._replace(date=a.date, said=a.said | b.said)
            return a, b
        if isinstance(a.date, MonthDay) and isinstance(b.date, MonthDay) and a.clock is None and b.clock is None:
            month = a.date.month or b.date.month
            year = a.date.year or b.date.year
            da = a.date._replace(month=month, year=year, weekday=None if month else a.date.weekday)
            db = b.date._replace(weekday=None if b.date.month else b.date.weekday)
            return a._replace(date=da), b._replace(date=db)
        if (a.clock is None) != (b.clock is None) and a.date is None and b.date is None:
            return None
        return a, b

    def _bare_clock(self, hour: int) -> Point:
        return Point(clock=Clock(hour, grain="hour", twelve=not self.fr and 1 <= hour <= 12), said=frozenset({"clock"}))

    def _borrow_ampm(self, a: Clock, b: Clock) -> Clock:
        """ "3-4pm": 3 is pm too; "11-1pm": 11 stays am (it must come before 1pm)."""
        b_hour = b.hour % 12 + (12 if b.ampm == "pm" else 0)
        pm = a.hour % 12 + 12
        if b.ampm == "pm" and pm <= b_hour:
            return a._replace(ampm="pm", twelve=False)
        if b.ampm == "am":
            return a._replace(ampm="am", twelve=False)
        return a

    def _within(self, i: int) -> R[Interval] | None:
        """ "d'ici 2 semaines", "dans les 15 jours", "within 2 weeks": from now for that long."""
        if not self.has(i, "within", "deadline"):
            return None
        found = self.p_amount(i + 1)
        if found is None:
            return None
        return Interval(Point(now=True), length=found[0], whole_days=not found[0].elapsed), found[1]

    def _for_amount(self, i: int) -> R[Interval] | None:
        """ "4pm for 30 mins", "from 4pm for thirty minutes", "for 10 days from 18th Dec"."""
        if self.has(i, "for") or self.is_word(i, "pendant"):
            amount = self.p_amount(i + 1)
            if amount is None:
                return None
            k = amount[1]
            k += 1 if self.has(k, "after") and self.word(k) in ("starting", "starting from") else 0
            k += 1 if self.has(k, "from") else 0
            start = self.p_point(k)
            if start is None or start[0].offset is not None or k == amount[1]:
                return None
            return Interval(start[0], length=amount[0]), start[1]
        j = i + 1 if self.has(i, "from") else i
        start = self.p_point(j)
        if start is None or start[0].offset is not None or start[0].now:
            return None
        k = start[1]
        if not (self.has(k, "for") or self.is_word(k, "pendant")):
            return None
        amount = self.p_amount(k + 1)
        if amount is None:
            return None
        return Interval(start[0], length=amount[0]), amount[1]

    # --- open intervals -------------------------------------------------------------------------------------
    def p_open(self, i: int) -> R[Open] | None:
        best: R[Open] | None = None
        pre = self._day_before(i)
        starts: list[tuple[int, Point | None]] = [(i, None)]
        if pre is not None:
            starts.append((self.skip(pre[1], INNER), pre[0]))
        for j, day in starts:
            found = self._open_core(j)
            if found is None:
                continue
            node, end = found
            if day is not None:
                node = node._replace(point=self._with_day(node.point, day))
            if best is None or end > best[1]:
                best = node, end
        return best

    def _open_core(self, i: int) -> R[Open] | None:
        if self.has(i, "asap"):
            return Open(Point(now=True), "after"), i + 1
        if self.has(i, "later") and not self.p_point(i + 1):
            return Open(Point(offset=Delta(seconds=600), confident=False), "after"), i + 1
        if self.has(i, "after", "since") or (not self.fr and self.word(i) == "from"):
            direction = "after"
        elif self.has(i, "before", "until", "deadline"):
            direction = "before"
        else:
            return None
        deadline = self.has(i, "deadline")
        j = i + 1
        point = self.p_point(j)
        if point is None and direction == "after":
            amount = self.p_amount(j)
            if amount is not None:
                return Open(Point(offset=amount[0], said=frozenset({"rel"})), "after"), amount[1]
        if point is None or point[0].offset is not None:
            return None
        node, end = point
        post_i = self.skip(end, INNER)
        post = self.p_point(post_i) if post_i < self.n else None
        if post is not None and post[0].date is not None and post[0].clock is None and node.clock is not None:
            node, end = self._with_day(node, post[0]), post[1]
        deadline = deadline or (isinstance(node.date, Sub) and node.date.part == "end")
        return Open(node, direction, deadline=deadline and direction == "before"), end  # type: ignore[arg-type]
