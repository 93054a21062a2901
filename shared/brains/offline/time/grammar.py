"""The grammar: rules joined into one parser, times built from parts, the text scanned left to right.

A time said as one thing (a Point) is a chain of parts that compose: a day or a date, a clock time, a part
of the day, an offset from now, each at most once, with small words between them ("jeudi à 15h30",
"tomorrow at 5pm", "le 2 mars vers 5h du matin", "at 5 tomorrow afternoon"). Ranges, open ranges,
recurrences and offsets from a time are built on points (rules_span.py, rules_recur.py). At each word
that may start a time, every rule is tried and the longest reading wins.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from shared.brains.offline.time.base import INNER, R
from shared.brains.offline.time.model import (
    Clock,
    DateNode,
    DayRel,
    Delta,
    Expr,
    MonthDay,
    Part,
    Point,
    Weekday,
)
from shared.brains.offline.time.rules_amount import AmountRules
from shared.brains.offline.time.rules_clock import ClockRules
from shared.brains.offline.time.rules_date import DateRule, DateRules
from shared.brains.offline.time.rules_period import PeriodRules
from shared.brains.offline.time.rules_recur import RecurRules
from shared.brains.offline.time.rules_span import SpanRules

# Words that only link ("à", "le", "de", "at", "the"): a time may start on one only if it says more soon after.
_LINKS = frozenset({"at", "the", "of", "on", "filler", "for", "in", "from", "to", "and", "apostrophe"})
_TRAILING = frozenset({"approximately", "approx", "ish", "sharp", "pile", "environ", "exactly", "precises", "or so"})
_LEADS = INNER | {"in"}


def _today(node: DateNode) -> bool:
    return isinstance(node, DayRel) and node.offset == 0


class Parser(RecurRules, SpanRules, AmountRules, PeriodRules, DateRules, ClockRules):
    def date_rules(self) -> list[DateRule]:
        return super().date_rules() + self.period_rules()

    # --- one time said as one thing ---------------------------------------------------------------------------
    def p_point(self, i: int) -> R[Point] | None:
        key = ("point", i)
        if key not in self.memo:
            self.memo[key] = self._point(i)
        result: R[Point] | None = self.memo[key]
        return result

    def _point(self, i: int) -> R[Point] | None:
        parts: dict[str, Any] = {}
        chain: list[tuple[str, Any, int, int]] = []  # kind, node, first token, token after
        k = i
        while k < self.n:
            start = k
            found = self._component(k, parts)
            skipped = self.skip(k, _LEADS)
            if skipped > k:
                other = self._component(skipped, parts)
                if other is not None and (found is None or other[2] > found[2]):
                    start, found = skipped, other
            if found is None:
                break
            kind, node, stop = found
            parts[kind] = node
            chain.append((kind, node, start, stop))
            if kind == "date" and self.has(stop - 1, "noon") and "clock" not in parts:
                parts["clock"] = Clock(12)  # "ce midi"
            if kind == "date" and self.has(stop - 1, "part", "part_span") and "part" not in parts:
                part = self.p_part(stop - 1)
                if part is not None:
                    parts["part"] = part[0]._replace(weak=False)
            k = stop
        chain = self._check_bare(chain, parts)
        if not chain or chain[0][2] > i + 3:
            return None
        return self._build(parts, i, chain[-1][3])

    def _check_bare(
        self, chain: list[tuple[str, Any, int, int]], parts: dict[str, Any]
    ) -> list[tuple[str, Any, int, int]]:
        """A number alone is an hour only after "à"/"at" or right before a day ("9 tomorrow", "8 tonight");
        in French, "à 9" also needs a day or a part of the day ("demain à 9")."""
        for n, (kind, node, start, stop) in enumerate(chain):
            if kind != "clock" or not node.bare:
                continue
            at = self.has(start - 1, "at") and not (self.fr and self.word(start - 1) == "au")
            nxt = chain[n + 1] if n + 1 < len(chain) else None
            day_next = nxt is not None and nxt[0] in ("date", "part") and nxt[2] == stop
            if self.has(stop, "counted"):
                ok = False
            elif self.fr:
                ok = at and ("date" in parts or "part" in parts)
            else:
                ok = at or day_next
            if ok:
                parts["clock"] = node._replace(bare=False)
                chain[n] = (kind, parts["clock"], start, stop)
                continue
            del parts["clock"]
            for later_kind, *_ in chain[n + 1 :]:
                parts.pop(later_kind, None)
            return chain[:n]
        return chain

    def _component(self, k: int, parts: dict[str, Any]) -> tuple[str, Any, int] | None:
        """The longest part of a time at k that the chain does not have yet."""
        if self.blank(k):
            return None
        best: tuple[str, Any, int] | None = None

        def consider(kind: str, found: R[Any] | None) -> None:
            nonlocal best
            if found is not None and kind not in parts and (best is None or found[1] > best[2]):
                best = (kind, found[0], found[1])

        if "date" not in parts and "offset" not in parts:
            consider("date", self.p_date(k))
        if "clock" not in parts:
            consider("clock", self.p_clock(k, after_at=self.has(k - 1, "at")))
        if "part" not in parts:
            consider("part", self.p_part(k))
        if "offset" not in parts and ("date" not in parts or _today(parts["date"])):
            consider("offset", self.p_offset(k))
        if self.has(k, "now") and not parts:
            consider("now", (True, k + 1))
        if best is not None and best[0] == "date" and "offset" in parts:
            return None
        if best is not None and best[0] == "offset" and "date" in parts and _today(parts["date"]):
            del parts["date"]  # "today in one hour"
        if best is not None and parts.get("now"):
            return None
        return best

    def _build(self, parts: dict[str, Any], i: int, end: int) -> R[Point] | None:
        clock: Clock | None = parts.get("clock")
        date: DateNode | None = parts.get("date")
        part: Part | None = parts.get("part")
        offset_point: Point | None = parts.get("offset")
        confident = True
        if self.fr and clock is not None and date is None and part is None and clock.hour < 6 and not clock.midnight:
            at = (self.has(i, "at") and self.word(i) != "au") or self.has(i - 1, "at")
            confident = confident and at  # "1h30" alone: a duration as often as 01:30
        if part is not None and part.weak:
            if date is None and clock is None:
                confident = False
            part = part._replace(weak=False)
        if self.is_word(end, *_TRAILING) or (self.is_word(end, "-") and self.is_word(end + 1, "ish")):
            end += 1 if self.is_word(end, *_TRAILING) else 2
        said: set[str] = set()
        if clock is not None:
            said.add("clock")
            if clock.tz:
                said.add("tz")
        if part is not None:
            said.add("part")
        if date is not None:
            said.add("day" if isinstance(date, DayRel) else "weekday" if isinstance(date, Weekday) else "date")
            if isinstance(date, MonthDay) and not date.sure:
                confident = False
        offset: Delta | None = None
        if offset_point is not None:
            said.add("rel")
            offset = offset_point.offset
            confident = confident and offset_point.confident
        if not (clock or date or part or offset or parts.get("now")):
            return None
        point = Point(date, clock, part, offset, bool(parts.get("now")), frozenset(said), confident)
        return point, end

    # --- the whole text ---------------------------------------------------------------------------------------
    def scan(self) -> list[tuple[int, int, Expr]]:
        """Every time expression, left to right, without overlaps: (first token, token after, tree)."""
        found: list[tuple[int, int, Expr]] = []
        i = 0
        while i < self.n:
            tok = self.t[i]
            if tok.num is None and (not tok.tags or (tok.tags.keys() <= _LINKS and not self._soon(i + 1))):
                i += 1
                continue
            best = self._best_at(i)
            if best is None:
                i += 1
                continue
            node, end = best
            found.append((i, end, node))
            i = end
        return found

    def _soon(self, i: int) -> bool:
        """A word that says something about time within the next three tokens."""
        for k in range(i, min(i + 3, self.n)):
            tok = self.t[k]
            if tok.num is not None or (tok.tags and not tok.tags.keys() <= _LINKS):
                return True
        return False

    def _best_at(self, i: int) -> R[Expr] | None:
        rules: tuple[Callable[[int], R[Any] | None], ...] = (
            self.p_span,
            self.p_point,
            self.p_relative,
            self.p_open,
            self.p_interval,
            self.p_recur,
        )
        best: R[Expr] | None = None
        best_key = (0, -1)
        for rank, rule in enumerate(rules):
            found = rule(i)
            if found is not None and (found[1], rank) > best_key:
                best, best_key = found, (found[1], rank)
        return best

    def bare_hour(self) -> Point | None:
        """A number alone as the whole message ("7"): perhaps an hour, said unsure."""
        nums = [t for t in self.t if any(c.isalnum() for c in t.text)]
        if len(nums) != 1 or nums[0].num is None or nums[0].digits > 2 or not 0 <= nums[0].num <= 24:
            return None
        hour = nums[0].num
        clock = Clock(hour, grain="hour", twelve=not self.fr and 1 <= hour <= 12)
        return Point(clock=clock, said=frozenset({"clock"}), confident=False)
