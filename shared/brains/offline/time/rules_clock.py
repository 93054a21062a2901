"""Clock times ("15h30", "3:30pm", "quinze heures et quart", "half past nine", "midi moins le quart")
and parts of the day ("ce soir", "en fin d'après-midi", "early in the morning")."""

from __future__ import annotations

from shared.brains.offline.time.base import Base, R
from shared.brains.offline.time.model import Clock, Part

# Parts of the day: the hours they cover, and the hour docs/time.md gives them when no time is said.
PARTS: dict[str, tuple[int, int, int | None]] = {
    "morning": (4, 12, 8),
    "afternoon": (12, 19, 15),
    "evening": (18, 24, 19),
    "night": (18, 24, 19),
    "lunch": (12, 14, None),
    "day": (6, 21, None),
}
_GREETING = frozenset({"bonne", "bon", "good", "nice", "lovely", "great"})


class ClockRules(Base):
    def p_clock(self, i: int, *, after_at: bool = False) -> R[Clock] | None:
        key = ("clock_at" if after_at else "clock", i)
        if key not in self.memo:
            found = self._clock(i, after_at)
            self.memo[key] = None if found is None else self._clock_suffix(*found, after_at=after_at)
        result: R[Clock] | None = self.memo[key]
        return result

    # --- the hour and its minutes -------------------------------------------------------------------------
    def _clock(self, i: int, after_at: bool) -> R[Clock] | None:
        if i >= self.n:
            return None
        if self.has(i, "noon", "midnight"):
            noon = self.has(i, "noon")
            tail = self._minutes_tail(i + 1) if self.fr else None
            if tail is None:
                return Clock(12 if noon else 0, grain="hour", midnight=not noon), i + 1
            total = (720 if noon else 0) + tail[0]
            return Clock((total // 60) % 24, total % 60, grain="minute", midnight=not noon and total >= 0), tail[1]
        if not self.fr:
            rel = self._english_relative(i)
            if rel is not None:
                return rel
        hour = self.num(i)
        if hour is None or self.digits(i) > 4:
            return None
        digits = self.digits(i)
        if digits >= 3:
            return self._compact(i, hour, after_at)
        if hour > 24 or self._in_number(i):
            return None
        j = i + 1
        if self.is_word(j, ":", ".") and self.glued(j) and self.digits(j + 1) == 2 and self.glued(j + 1):
            if self.word(j) == "." and not after_at and not self._ampm_at(j + 2):
                return None  # "2.50" is more often money or a number than a time
            minute = self.num(j + 1) or 0
            if minute > 59:
                return None
            if self.is_word(j + 2, ":") and self.glued(j + 2) and self.digits(j + 3) == 2:
                second = self.num(j + 3) or 0
                return Clock(hour, minute, second, grain="second", twelve=self._twelve(hour)), j + 4
            return Clock(hour, minute, grain="minute", twelve=self._twelve(hour)), j + 2
        if self.has(j, "h") and (self.glued(j) or self.fr or after_at):
            k = j + 1
            if self.digits(k) in (1, 2) and (self.num(k) or 0) < 60 and not self.has(k + 1, "unit", "mon"):
                return Clock(hour, self.num(k) or 0, grain="minute"), k + 1
            tail = self._minutes_tail(k) if self.fr else None
            if tail is not None:
                return self._with_minutes(hour, *tail)
            day_before = self.has(i - 1, "wd", "wd_shy", "dayrel", "mon")
            if not self.fr and hour <= 12 and not (after_at or day_before or self._ampm_at(k) or self.has(k, "tz")):
                return None  # English "2h" is two hours more often than 02:00
            return Clock(hour, grain="hour"), k
        if self.fr and self.tag(j, "unit") == "hour" and not self.is_word(j, "h", "hr", "hrs"):
            tail = self._minutes_tail(j + 1)
            if tail is not None:
                return self._with_minutes(hour, *tail)
            return Clock(hour, grain="hour"), j + 1
        if self.has(j, "oclock"):
            return Clock(hour, grain="hour", twelve=self._twelve(hour)), j + 1
        if not self.fr and (after_at or self._ampm_after_minutes(j)):
            said_minutes = self._minute_word(j)
            if said_minutes is not None:
                return Clock(hour, said_minutes[0], grain="minute", twelve=self._twelve(hour)), said_minutes[1]
        if hour > 24:
            return None
        return Clock(hour, grain="hour", twelve=self._twelve(hour), bare=True), j

    def _twelve(self, hour: int) -> bool:
        return not self.fr and 1 <= hour <= 12

    def _compact(self, i: int, value: int, after_at: bool) -> R[Clock] | None:
        """ "at 1030", "330 p.m.", "tomorrow at 150ish": hours and minutes without a sign (English)."""
        hour, minute = divmod(value, 100)
        if self.fr or self.digits(i) > 4 or minute > 59 or not 0 <= hour <= 23 or self._in_number(i):
            return None
        j = i + 1
        if self.is_word(j, "ish") and self.glued(j):
            j += 1
        if not (after_at or self._ampm_at(j)):
            return None
        return Clock(hour, minute, grain="minute", twelve=self._twelve(hour)), i + 1

    def _in_number(self, i: int) -> bool:
        """Part of a longer number: "650.650.6500", "06-12-34-56" (phone numbers, references)."""
        after = self.is_word(i + 1, ".", "-") and self.glued(i + 1) and self.digits(i + 2) >= 3 and self.glued(i + 2)
        before = self.is_word(i - 1, ".", "-") and self.glued(i) and self.digits(i - 2) >= 3
        return after or before

    def _minute_word(self, j: int) -> R[int] | None:
        """English minutes after an hour: "at 3 15", "ten thirty", "twelve oh three"."""
        if self.has(j, "oh") and self.num(j + 1) is not None and (self.num(j + 1) or 0) < 10:
            return self.num(j + 1) or 0, j + 2
        value = self.num(j)
        if value is None or value > 59:
            return None
        if self.digits(j) == 2 or (self.digits(j) == 0 and value >= 10):
            if self.has(j + 1, "unit") and self.tag(j + 1, "unit") != "minute":
                return None
            return value, j + 1
        return None

    def _minutes_tail(self, j: int) -> R[int] | None:
        """French minutes after "h", "heures", "midi": "et quart", "et demie", "moins le quart", "moins 5",
        "trois quarts", "quinze", "et quinze minutes", "passé de 15 minutes"."""
        if self.has(j, "half") and self.word(j).startswith("et"):
            return 30, j + 1
        if self.is_word(j, "et"):
            if self.has(j + 1, "quarter"):
                return 15, j + 2
            if self.has(j + 1, "half"):
                return 30, j + 2
            value = self.num(j + 1)
            hour_next = self.has(j + 2, "h") or self.tag(j + 2, "unit") == "hour" or self.is_word(j + 2, ":")
            if (
                value is not None
                and value < 60
                and not hour_next
                and (value >= 10 or self.tag(j + 2, "unit") == "minute")
            ):
                return value, self._minutes_word(j + 2)
            return None
        if self.has(j, "minus"):
            k = self.opt(j + 1, "the")
            if self.has(k, "quarter"):
                return -15, k + 1
            value = self.num(k)
            if value is not None and 0 < value < 60:
                return -value, self._minutes_word(k + 1)
            return None
        if self.has(j, "past_of") and self.has(j + 1, "of"):
            value = self.num(j + 2)
            if value is not None and value < 60:
                return value, self._minutes_word(j + 3)
            return None
        value = self.num(j)
        if value is not None and value == 3 and self.has(j + 1, "quarter"):
            return 45, j + 2
        if value is not None and value < 60 and self.digits(j) in (0, 2) and not self.has(j + 1, "unit", "mon"):
            return value, self._minutes_word(j + 1)
        if value is not None and value < 60 and self.tag(j + 1, "unit") == "minute":
            return value, j + 2
        return None

    def _minutes_word(self, j: int) -> int:
        return j + 1 if self.tag(j, "unit") == "minute" else j

    def _with_minutes(self, hour: int, minute: int, j: int) -> R[Clock]:
        if minute < 0:
            hour, minute = (hour - 1) % 24, minute + 60
        return Clock(hour, minute, grain="minute"), j

    def _english_relative(self, i: int) -> R[Clock] | None:
        """ "half past nine", "a quarter to noon", "20 minutes to 2pm", "twenty after 3pm", "half three"."""
        j = i + 1 if self.has(i, "one") and self.has(i + 1, "quarter") else i
        minutes_said = False
        if self.has(j, "quarter"):
            minute, j = 15, j + 1
        elif self.has(j, "half") and self.word(j) == "half":
            minute, j = 30, j + 1
        elif self.num(j) is not None and 0 < (self.num(j) or 0) < 60 and self.digits(j) <= 2:
            minute, j = self.num(j) or 0, j + 1
            if self.tag(j, "unit") == "minute":
                minutes_said, j = True, j + 1
        else:
            return None
        if minute == 30 and j == i + 1 and self.num(j) is not None and 1 <= (self.num(j) or 0) <= 12:
            target = self._clock(j, True)  # British "half three"
            if target and target[0].minute == 0 and not self.has(target[1], "unit"):
                return target[0]._replace(minute=30, grain="minute", bare=False), target[1]
        if self.has(j, "past_of"):
            sign = 1
        elif self.has(j, "to_of") and not self.is_word(j, "-"):
            sign = -1
        else:
            return None
        k = j + 1
        if self.has(k, "noon", "midnight"):
            hour, twelve, end, ampm = (12 if self.has(k, "noon") else 0), False, k + 1, None
        else:
            target = self._clock(k, True)
            if target is None or target[0].minute != 0:
                return None
            clock, end = self._clock_suffix(*target, after_at=True)
            if self.has(end, "unit") and self.tag(end, "unit") != "hour":
                return None
            hour, twelve, ampm = clock.hour, clock.twelve, clock.ampm
            if sign < 0 and not minutes_said and minute not in (15, 30) and self.digits(i) > 0:
                return None  # "2 to 3" is a range more often than 2:57
        if ampm == "pm" and hour < 12:
            hour += 12
        elif ampm == "am" and hour == 12:
            hour = 0
        total = hour * 60 + sign * minute
        return Clock((total // 60) % 24, total % 60, grain="minute", twelve=twelve), end

    # --- am/pm, zones, "ish" ------------------------------------------------------------------------------
    def _ampm_at(self, j: int) -> str | None:
        """ "pm", "p.m.", "p m", "in the pm", a glued "p" after minutes: "am"/"pm" at j, if any."""
        found = self._ampm(j, loose=True)
        return found[0] if found else None

    def _ampm_after_minutes(self, j: int) -> bool:
        minute = self._minute_word(j)
        return minute is not None and self._ampm(minute[1], loose=False) is not None

    def _ampm(self, j: int, *, loose: bool) -> tuple[str, int] | None:
        if self.has(j, "ampm"):
            return self.tag(j, "ampm"), j + 1
        if self.is_word(j, "a", "p"):
            letter = self.word(j)
            if self.is_word(j + 1, "m"):
                k = j + 2 + (1 if self.is_word(j + 2, ".") and self.glued(j + 2) else 0)
                return ("am" if letter == "a" else "pm"), k
            if loose and self.glued(j):
                k = j + 1 + (1 if self.is_word(j + 1, ".") and self.glued(j + 1) else 0)
                return ("am" if letter == "a" else "pm"), k
        if self.is_word(j, "in") and self.has(j + 1, "the") and self.has(j + 2, "ampm"):
            return self.tag(j + 2, "ampm"), j + 3
        return None

    def _clock_suffix(self, clock: Clock, j: int, *, after_at: bool) -> R[Clock]:
        if self.is_word(j, "ish") or (self.is_word(j, "-") and self.is_word(j + 1, "ish")):
            j += 1 if self.is_word(j, "ish") else 2
        if not self.fr and clock.ampm is None and not clock.midnight and clock.hour <= 12:
            single = self.is_word(j, "a", "p") and not self.is_word(j + 1, "m")
            # A glued "a"/"p" is am/pm after minutes or "at" ("3:18a", "at 3p"), never alone ("4a").
            loose = single and self.glued(j) and (clock.grain != "hour" or after_at)
            found = self._ampm(j, loose=loose)
            if found is not None and (found[0] == "pm" or clock.hour <= 12):
                ampm, j = found
                clock = clock._replace(ampm="am" if ampm == "am" else "pm", twelve=False, bare=False)
                if self.is_word(j, "ish"):
                    j += 1
        elif not self.fr and self.has(j, "ampm") and clock.hour > 12:
            j += 1  # "15h pm": the 24-hour reading already says it
        k = j + 1 if self.is_word(j, "(") else j
        if self.has(k, "tz") and not (self.fr and self.word(k) == "cet" and not self.t[k].upper):
            end = k + 1 + (1 if self.is_word(k + 1, ")") else 0)
            clock = clock._replace(tz=self.tag(k, "tz"), bare=False)
            j = end
        return clock, j

    # --- parts of the day ----------------------------------------------------------------------------------
    def p_part(self, i: int) -> R[Part] | None:
        key = ("part", i)
        if key not in self.memo:
            self.memo[key] = self._part(i)
        result: R[Part] | None = self.memo[key]
        return result

    def _part(self, i: int) -> R[Part] | None:
        if i >= self.n or self.word(i - 1) in _GREETING:
            return None
        span = self.tag(i, "part_span")
        if span is not None:
            lo, hi = self.x["named_spans"][span]
            return Part(span, lo, hi, None, today=self.has(i, "this")), i + 1
        this = self.has(i, "this") and not self.has(i, "part")
        j = i + 1 if this else i
        lead = self.skip(j, frozenset({"in", "at", "of", "the"}), commas=False)
        strong = this or any(self.has(k, "in", "at", "of") for k in range(j, lead))
        j = lead
        modifier = None
        if self.has(j, "later"):
            modifier, j = "later", self.skip(j + 1, frozenset({"in", "the", "of"}))
        elif self.has(j, "very") and self.has(j + 1, "early"):
            modifier, j = "early", self.skip(j + 2, frozenset({"the", "in", "of"}))
        else:
            for name in ("begin", "mid", "end", "early", "late"):
                if self.has(j, name) and not self.has(j, "part"):
                    modifier = name
                    j = self.skip(j + 1 + (1 if self.is_word(j + 1, "-") else 0), frozenset({"of", "the", "in"}))
                    break
        name = self.tag(j, "part")
        if name is None:
            return None
        today = this or self.has(j, "this")
        end = j + 1
        if self.has(end, "very") and self.has(end + 1, "early"):
            modifier, end = "early", end + 2
        elif self.fr and self.has(end, "early"):
            modifier, end = "early", end + 1
        lo, hi, default = PARTS[name]
        if name == "morning" and not self.fr:
            lo = 0
        if modifier is not None:
            found = self.x["part_spans"].get((modifier, name))
            if found is None:
                return None
            lo, hi = found
            return Part(name, lo, hi, None, today=today), end
        weak = not (strong or today or self.has(j, "this"))
        return Part(name, lo, hi, default, today=today, weak=weak), end
