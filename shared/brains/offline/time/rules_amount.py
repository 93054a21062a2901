"""Amounts of time and what is built on them alone: durations ("2 heures et demie", "a week and a half",
"1h30", "15.5 minutes"), offsets from now ("dans 3 jours", "2 hours ago", "in 15") and offsets from a time
("1h avant", "30 minutes after 5pm", "3 days after Easter")."""

from __future__ import annotations

from shared.brains.offline.time.base import Base, R
from shared.brains.offline.time.model import Delta, Point, Relative, Span

_UNIT_DELTA: dict[str, Delta] = {
    "second": Delta(seconds=1, unit="second"),
    "minute": Delta(seconds=60, unit="minute"),
    "hour": Delta(seconds=3600, unit="hour"),
    "day": Delta(days=1, unit="day"),
    "week": Delta(days=7, unit="week"),
    "fortnight": Delta(days=14, unit="week"),
    "quinzaine": Delta(days=15, unit="day"),
    "month": Delta(months=1, unit="month"),
    "quarter": Delta(months=3, unit="quarter"),
    "year": Delta(months=12, unit="year"),
}
_ORDER = ("second", "minute", "hour", "day", "week", "fortnight", "quinzaine", "month", "quarter", "year")


class AmountRules(Base):
    # --- amounts --------------------------------------------------------------------------------------------
    def p_amount(self, i: int) -> R[Delta] | None:
        key = ("amount", i)
        if key not in self.memo:
            self.memo[key] = self._amount(i)
        result: R[Delta] | None = self.memo[key]
        return result

    def _amount(self, i: int) -> R[Delta] | None:
        first = self._chunk(i)
        if first is None:
            return None
        total, j, unit = first
        while True:
            k = j + 1 if self.is_word(j, ",") or self.has(j, "and") else j
            nxt = self._chunk(k)
            if nxt is not None and _ORDER.index(nxt[2]) < _ORDER.index(unit):
                total, j, unit = total.plus(nxt[0]), nxt[1], nxt[2]
                continue
            # "1 hour thirty", "2 hours ten", "1 hour and fifteen": minutes after hours
            value = self.num(k)
            minutes = unit == "hour" and value is not None and 0 < value < 60 and self.digits(k) in (0, 2)
            if minutes and not (self.has(k + 1, "unit", "mon") or self.is_word(k + 1, ":", "h")):
                return total.plus(Delta(seconds=60 * (value or 0), unit="minute")), k + 1
            return total, j

    def _quantity(self, i: int) -> tuple[float, int] | None:
        """How many: "2", "2.5", "1,5", "deux", "a", "une", "a couple of", "a few", "1/2", "3/4"."""
        j = i + 1 if self.has(i, "one") and self.has(i + 1, "qty") else i
        if self.has(j, "qty"):
            k = self.opt(j + 1, "of")
            return float(self.tag(j, "qty")), k
        if self.has(j, "half") and self.word(j) == "1 / 2":
            return 0.5, j + 1
        value = self.num(j)
        if value is None:
            if self.has(j, "one"):
                return 1.0, j + 1
            return None
        if self.digits(j) > 0 and self.is_word(j + 1, ".", ",") and self.glued(j + 1) and self.glued(j + 2):
            frac = self.t[j + 2].text if j + 2 < self.n else ""
            if frac.isascii() and frac.isdigit():
                return float(f"{value}.{frac}"), j + 3
        below = self.num(j + 2) or 0
        if self.is_word(j + 1, "/") and self.glued(j + 1) and below in (2, 4) and value < below:
            return value / below, j + 3
        quarters = self._and_fraction(j + 1)
        if quarters is not None:
            return value + quarters[0], quarters[1]
        return float(value), j + 1

    def _and_fraction(self, j: int) -> tuple[float, int] | None:
        """ "and a half", "and half", "et demi", "and a quarter", "and three quarters" after a number."""
        if self.has(j, "half") and self.word(j).startswith("et"):
            return 0.5, j + 1
        if not self.has(j, "and"):
            return None
        k = self.opt(j + 1, "one")
        if self.has(k, "half"):
            return 0.5, k + 1
        count = self.num(k) if self.num(k) is not None and self.has(k + 1, "quarter") else None
        if count is not None and count <= 3:
            return count / 4, self.opt(k + 2, "of")
        if self.has(k, "quarter"):
            return 0.25, self.opt(k + 1, "of")
        return None

    def _unit(self, j: int) -> tuple[str, int] | None:
        unit = self.tag(j, "unit")
        if unit is not None:
            return unit, j + 1
        if self.is_word(j, "'") and self.glued(j):
            return "minute", j + 1
        if self.is_word(j, '"') and self.glued(j):
            return "second", j + 1
        return None

    def _chunk(self, i: int) -> tuple[Delta, int, str] | None:
        special = self._fraction_of_unit(i)
        if special is not None:
            return special
        qty = self._quantity(i)
        if qty is None:
            return None
        amount, j = qty
        if self.has(j, "more") and self.word(j) != "other":
            j += 1
        if amount < 1 and self.has(j, "of") and self.has(j + 1, "unit"):
            j += 1  # "1/4 d'heure", "3/4 of an hour"
        found = self._unit(j)
        if found is None or (len(self.word(j)) == 1 and self.num(j - 1) is None and self.word(j) not in "'\""):
            return None  # "a m" is not a minute; "2m", "5 h" are
        unit, k = found
        if unit == "hour" and self.has(j, "h") and self.digits(k) == 2 and self.glued(k):
            minutes = Delta(seconds=60 * (self.num(k) or 0))
            return _UNIT_DELTA["hour"].scaled(amount).plus(minutes), k + 1, "minute"
        frac = self._and_fraction(k)
        if frac is not None:
            amount, k = amount + frac[0], frac[1]
        delta = _UNIT_DELTA[unit].scaled(amount)
        return delta._replace(unit=_UNIT_DELTA[unit].unit), k, unit

    def _fraction_of_unit(self, i: int) -> tuple[Delta, int, str] | None:
        """ "half an hour", "half a day", "une demi-heure", "a quarter of an hour", "trois quarts d'heure"."""
        j = self.opt(i, "one")
        if self.has(j, "half"):
            k = self.opt(j + 1, "one")
            if self.is_word(k, "-"):
                k += 1
            found = self._unit(k)
            if found is not None:
                return _UNIT_DELTA[found[0]].scaled(0.5), found[1], found[0]
            return None
        count = 1
        if self.num(j) is not None and self.has(j + 1, "quarter"):
            count, j = self.num(j) or 1, j + 1
        elif self.num(j) is not None and self.is_word(j + 1, "-") and self.has(j + 2, "quarter"):
            count, j = self.num(j) or 1, j + 2
        if not self.has(j, "quarter") or count > 3:
            return None
        k = self.skip(j + 1, frozenset({"of", "one"}), commas=False)
        found = self._unit(k)
        if found is None or found[0] != "hour":
            return None
        return _UNIT_DELTA["hour"].scaled(count / 4), found[1], "minute"

    def p_span(self, i: int) -> R[Span] | None:
        """An amount said on its own: "pendant 2 heures", "a week and a half", "1h30"."""
        j = i + 1 if self.has(i, "during") else i
        if self.num(j - 1) is not None and self.digits(j - 1) and j == i:
            return None
        if j == i and self.num(i - 1) is not None and self.num(i) is not None:
            return None  # "deux trois minutes": roughly, not a duration to act on
        found = self.p_amount(j)
        if found is None:
            return None
        return Span(found[0]), found[1]

    # --- offsets --------------------------------------------------------------------------------------------
    def p_offset(self, i: int) -> R[Point] | None:
        """ "dans 3 jours", "in 2 hours", "2 days from now", "il y a 2 heures", "3 weeks ago", "in 15"."""
        if self.is_word(i, "dans", "ds", "in"):
            j = self.skip(i + 1, frozenset({"at", "filler"}), commas=False)
            found = self.p_amount(j)
            if found is not None:
                return Point(offset=found[0], said=frozenset({"rel"})), found[1]
            value = self.num(j)
            if value is not None and 0 < value < 60 and self.digits(j) <= 2 and not self._more_number(j + 1):
                minutes = Delta(seconds=60 * value, unit="minute")
                return Point(offset=minutes, said=frozenset({"rel"}), confident=False), j + 1
            return None
        if self.has(i, "ago") and self.word(i) != "back":
            found = self.p_amount(i + 1)
            if found is not None:
                return Point(offset=found[0].scaled(-1), said=frozenset({"rel"})), found[1]
            return None
        found = self.p_amount(i)
        if found is None:
            return None
        delta, j = found
        if self.has(j, "hence"):
            return Point(offset=delta, said=frozenset({"rel"})), j + 1
        if self.has(j, "ago"):
            return Point(offset=delta.scaled(-1), said=frozenset({"rel"})), j + 1
        return None

    def _more_number(self, j: int) -> bool:
        """After "in 15": a unit, a sign or any word we do not know ("dans 30 days") means it is not
        fifteen minutes."""
        if j >= self.n:
            return False
        tok = self.t[j]
        return (
            self.has(j, "unit", "h", "mon") or tok.text in (":", "/", ".", ",") or (tok.text.isalnum() and not tok.tags)
        )

    def p_relative(self, i: int) -> R[Relative] | None:
        """ "1h avant", "30 minutes after 5pm", "three days after Easter", "a year from Christmas"."""
        found = self.p_amount(i)
        if found is None:
            return None
        delta, j = found
        if self.has(j, "before", "earlier") and not self.has(j, "deadline"):
            direction = "before"
        elif self.has(j, "after", "later") or (self.has(j, "from") and not self.fr):
            direction = "after"
        else:
            return None
        anchor = self.p_point(j + 1)
        if anchor is not None and (anchor[0].date or anchor[0].clock) and not anchor[0].offset:
            return Relative(delta, direction, anchor[0]), anchor[1]  # type: ignore[arg-type]
        if self.has(j, "from"):
            return None
        return Relative(delta, direction), j + 1  # type: ignore[arg-type]
