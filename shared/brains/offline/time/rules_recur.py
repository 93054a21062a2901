"""Recurrences: "tous les jours à 21h", "le mardi et le jeudi", "mon wed fri", "sauf le week-end",
"every other day", "un mardi sur deux", "le 1er de chaque mois", "the first monday of every month"."""

from __future__ import annotations

from shared.brains.offline.time.base import INNER, Base, R
from shared.brains.offline.time.model import Point, Recur

_WEEKDAYS = (0, 1, 2, 3, 4)
_WEEKEND = (5, 6)
_FREQ = {
    "minute": "MINUTELY",
    "hour": "HOURLY",
    "day": "DAILY",
    "week": "WEEKLY",
    "month": "MONTHLY",
    "quarter": "MONTHLY",
    "year": "YEARLY",
}


class RecurRules(Base):
    def p_recur(self, i: int) -> R[Recur] | None:
        """A recurrence with the time of day said before or after it."""
        best: R[Recur] | None = None
        pre = self.p_point(i)
        starts: list[tuple[int, Point | None]] = [(i, None)]
        if pre is not None and self._time_of_day(pre[0]) and pre[0].confident:
            starts.append((self.skip(pre[1], INNER), pre[0]))
        for j, before in starts:
            lead = j
            if self.has(j, "on") and not self.fr:
                j += 1  # "on the 15th of every month", "on mondays"
            core = self._recur_core(j)
            if core is None:
                continue
            node, end = core
            node, end = self._except(node, end)
            node = node._replace(core=(lead, end), core_part=node.at.part)
            at = before
            post = self.p_point(self.skip(end, INNER))
            if post is not None and self._time_of_day(post[0]) and not (before and before.clock):
                # "tous les jours à 21h", "le soir tous les jours à 9h" (the part from before, the hour after)
                at = post[0] if before is None else post[0]._replace(part=post[0].part or before.part)
                end = post[1]
            if at is not None:
                merged = Point(
                    clock=at.clock,
                    part=at.part or node.at.part,
                    said=at.said | node.at.said,
                    confident=at.confident,
                )
                node = node._replace(at=merged)
            if best is None or end > best[1]:
                best = node, end
        return best

    def _time_of_day(self, p: Point) -> bool:
        return p.date is None and p.offset is None and (p.clock is not None or p.part is not None)

    def _recur_core(self, i: int) -> R[Recur] | None:
        best: R[Recur] | None = None
        for rule in (self._every, self._freq_word, self._days_list, self._one_in_two, self._monthday_every):
            found = rule(i)
            if found is not None and (best is None or found[1] > best[1]):
                best = found
        return best

    def _every(self, i: int) -> R[Recur] | None:
        """ "tous les jours", "chaque lundi", "every other day", "toutes les 2 semaines", "every weekday"."""
        if not self.has(i, "every"):
            return None
        j = self.opt(i + 1, "the")
        other = self.has(j, "other")
        j += 1 if other else 0
        count = self.num(j)
        if count is not None and self.has(j + 1, "unit") and 0 < count < 1000:
            unit = self.tag(j + 1, "unit")
            return self._by_unit(unit, count, j + 2)
        if self.has(j, "unit") and not self.has(j, "h"):
            return self._by_unit(self.tag(j, "unit"), 2 if other else 1, j + 1)
        if self.has(j, "weekdays"):
            return Recur("WEEKLY", byday=_WEEKDAYS), j + 1
        if self.has(j, "weekend"):
            return Recur("WEEKLY", interval=2 if other else 1, byday=_WEEKEND), j + 1
        part = self.p_part(j)
        if part is not None and self.tag(j, "part") is not None:
            return Recur("DAILY", interval=2 if other else 1, at=Point(part=part[0]._replace(weak=False))), part[1]
        ordinal = self.tag(j, "ord")
        if ordinal is not None:
            wd = self.tag(j + 1, "wd") if self.tag(j + 1, "wd") is not None else self.tag(j + 1, "wds")
            if wd is not None:
                k = j + 2
                if self.has(k, "of") and self.has(self.opt(k + 1, "the"), "month_word"):
                    k = self.opt(k + 1, "the") + 1
                return Recur("MONTHLY", byday=(wd,), bysetpos=ordinal), k
            if 1 <= ordinal <= 31 or self.num(j) is not None:
                k = j + 1
                if self.has(k, "of") and self.has(self.opt(k + 1, "the"), "month_word"):
                    k = self.opt(k + 1, "the") + 1
                return Recur("MONTHLY", bymonthday=ordinal), k
        days = self._weekday_run(j)
        if days is not None:
            byday, k = days
            return Recur("WEEKLY", interval=2 if other else 1, byday=byday), k
        date = self.p_date(j)
        if date is not None and type(date[0]).__name__ == "MonthDay":
            md = date[0]
            if getattr(md, "month", None) and getattr(md, "day", None):
                return Recur("YEARLY", bymonth=md.month, bymonthday=md.day), date[1]  # type: ignore[union-attr]
        return None

    def _by_unit(self, unit: str, count: int, k: int) -> R[Recur] | None:
        freq = _FREQ.get(unit)
        if freq is None:
            return None
        if self.fr and unit == "day" and count in (8, 15):
            return Recur("WEEKLY", interval=1 if count == 8 else 2), k  # "tous les 15 jours": every two weeks
        if unit == "quarter":
            count *= 3
        node = Recur(freq, interval=count)
        # "every month on the 15th", "every other week on tuesday", "toutes les semaines le lundi"
        j = k
        if self.has(j, "on", "the") or self.is_word(j, "le"):
            j += 1
            j = self.opt(j, "the")
            days = self._weekday_run(j)
            if days is not None and freq == "WEEKLY":
                return node._replace(byday=days[0]), days[1]
            day = self.day_number(j)
            if day is not None and freq == "MONTHLY" and (self.has(j, "ord") or self.digits(j)):
                return node._replace(bymonthday=day), j + 1
        return node, k

    def _freq_word(self, i: int) -> R[Recur] | None:
        """ "daily", "weekly", "quotidiennement", "nightly" (every evening)."""
        freq = self.tag(i, "freq")
        if freq is None:
            return None
        node = Recur(freq[0], interval=freq[1])
        if self.has(i, "part"):
            part = self.p_part(i)
            if part is not None:
                node = node._replace(at=Point(part=part[0]._replace(weak=False)))
        return node, i + 1

    def _weekday_run(self, j: int) -> R[tuple[int, ...]] | None:
        """Weekdays in a row: "lundis", "lundi et jeudi", "mon wed fri", "le mardi et le jeudi",
        "du lundi au vendredi", "monday to friday"."""
        days: list[int] = []
        k = j
        while k < self.n:
            wd = self._wd(k)
            if wd is None:
                break
            start = k
            k += 1 + (1 if self.is_word(k + 1, ".") and self.glued(k + 1) else 0)
            if self.has(k, "to", "until") and self._wd(k + 1) is not None and not days:
                last = self._wd(k + 1)
                assert last is not None
                run = [(wd + d) % 7 for d in range((last - wd) % 7 + 1)]
                return tuple(sorted(run)), k + 2
            if start > j and self.has(start - 1, "of"):
                break
            days.append(wd)
            nxt = k
            if self.is_word(nxt, ",", "/", "-", "&") or self.has(nxt, "and"):
                nxt += 1
            nxt = self.opt(nxt, "the")
            if self._wd(nxt) is None:
                break
            k = nxt
        if not days:
            return None
        return tuple(sorted(set(days))), k

    def _wd(self, k: int) -> int | None:
        for tag in ("wds", "wd", "wd_shy"):
            value = self.tag(k, tag)
            if value is not None:
                return int(value)
        return None

    def _days_list(self, i: int) -> R[Recur] | None:
        """Weekdays that come back: "les lundis", "le mardi et le jeudi", "mondays", "mon wed fri", "en
        semaine", "on weekdays", "du lundi au vendredi"."""
        if self.has(i, "weekdays") and (self.fr or self.word(i) != "weekday"):
            return Recur("WEEKLY", byday=_WEEKDAYS), i + 1
        lead = self.has(i, "the", "on") or (self.fr and self.is_word(i, "du"))
        j = i + 1 if lead else i
        if self.has(j, "weekdays"):
            return Recur("WEEKLY", byday=_WEEKDAYS), j + 1
        found = self._weekday_run(j)
        if found is None:
            return None
        byday, k = found
        plural = any(self.has(x, "wds") for x in range(j, k))
        ranged = (self.fr and self.is_word(i, "du")) or any(self.has(x, "to") for x in range(j, k))
        if len(byday) < 2 and not plural:
            if not (lead and self.fr and self.is_word(i, "le")) or self.day_number(k) is not None:
                return None
            if self.p_date(j) is not None and self.p_date(j)[1] > k:  # type: ignore[index]
                return None
            return Recur("WEEKLY", byday=byday, confident=False), k  # "le lundi": habit, probably
        if ranged and not (lead or plural):
            return Recur("WEEKLY", byday=byday, confident=False), k
        sure = plural or lead or len(byday) >= 3 or ranged
        return Recur("WEEKLY", byday=byday, confident=sure), k

    def _one_in_two(self, i: int) -> R[Recur] | None:
        """ "un mardi sur deux", "une semaine sur deux", "un jour sur deux"."""
        if not self.has(i, "one"):
            return None
        wd = self._wd(i + 1)
        if self.has(i + 2, "every_other"):
            if wd is not None:
                return Recur("WEEKLY", interval=2, byday=(wd,)), i + 3
            unit = self.tag(i + 1, "unit")
            if unit in ("day", "week", "month"):
                return Recur(_FREQ[unit], interval=2), i + 3
            if self.has(i + 1, "weekend"):
                return Recur("WEEKLY", interval=2, byday=_WEEKEND), i + 3
        return None

    def _monthday_every(self, i: int) -> R[Recur] | None:
        """ "le 1er de chaque mois", "the 15th of every month", "le premier lundi de chaque mois"."""
        j = self.opt(i, "the")
        day = self.day_number(j)
        wd = self._wd(j + 1) if self.has(j, "ord") else None
        if day is None and wd is None:
            return None
        k = j + (2 if wd is not None else 1)
        more: list[int] = []
        while (wd is None and self.has(k, "and")) or self.is_word(k, ","):  # "the 1st and 15th", "le 1er et le 15"
            nxt = self.day_number(self.opt(k + 1, "the"))
            if nxt is None:
                break
            more.append(nxt)
            k = self.opt(k + 1, "the") + 1
        if not self.has(k, "of"):
            return None
        k += 1
        if not self.has(k, "every") or not self.has(self.opt(k + 1, "the"), "month_word"):
            return None
        end = self.opt(k + 1, "the") + 1
        if wd is not None:
            return Recur("MONTHLY", byday=(wd,), bysetpos=self.tag(j, "ord")), end
        return Recur("MONTHLY", bymonthday=day, more_monthdays=tuple(more)), end

    def _except(self, node: Recur, end: int) -> R[Recur]:
        """ "sauf le week-end", "except wednesdays", "but not on sundays"."""
        k = end + 1 if self.is_word(end, ",") else end
        if not self.has(k, "except"):
            return node, end
        j = self.skip(k + 1, frozenset({"the", "on", "of"}), commas=False)
        drop: tuple[int, ...]
        if self.has(j, "weekend"):
            drop, stop = _WEEKEND, j + 1
        else:
            found = self._weekday_run(j)
            if found is None:
                return node, end
            drop, stop = found
        days = node.byday or (tuple(range(7)) if node.freq == "DAILY" else ())
        if not days:
            return node, end
        kept = tuple(d for d in days if d not in drop)
        if not kept:
            return node, end
        return node._replace(freq="WEEKLY", byday=kept), stop
