"""Boussole's time grammar: every time said in a French or English SMS, resolved per docs/time.md.

    parse(text, *, now, lang) -> list[TimeMention]

`now` is an aware datetime in the person's time zone; `lang` is "fr" or "en". Mentions come left to
right and never overlap. A TimeMention has:

- start, end: its span in the original text (to remove it from a reminder's words);
- kind: "instant" (a moment), "interval" ([value, end_value)), "open_interval" (after or before value,
  see direction), "recurrence" (rrule and first), "duration" (duration);
- value: an aware datetime in the person's zone: the instant, the interval's start, the open bound, the
  first occurrence; None for a duration;
- end_value: an interval's exclusive end ("de 9h à 11h" ends at 11:00, "du 13 au 15 juillet" on the 16th);
- direction: "after" / "before" for open intervals ("après 18h", "before noon", "by Friday": before, the
  deadline being that day, docs/time.md), and for an offset tied to no time ("1h avant" alone);
- grain: the finest unit said (second, minute, hour, day, week, month, quarter, year);
- has_clock_time: False when Boussole chose the time of day (a day alone: 09:00; a part of the day: its
  docs/time.md hour, e.g. "ce soir" = 19:00);
- rrule, first: a recurrence as "DTSTART:<local wall clock>\\nRRULE:<RFC 5545 rule>", and its first
  occurrence strictly after now;
- duration: a timedelta, or a dateutil relativedelta when months or years were said;
- anchor: for "1h avant" / "30 minutes after the meeting": the mention it counts from, already applied
  ("rdv demain à 14h30, rappelle-moi 1h avant" → an instant at 13:30 whose anchor is "demain à 14h30");
- confident: False when the words leave the time open, so the caller asks rather than guesses: a number
  alone ("7"), an English numeric date both ways valid ("4/5"), a period as a time ("next week"), a part
  of the day alone said as a habit ("le matin"), "in 15" with no unit, "le lundi" (every Monday?);
- said: what was said (clock, part, day, weekday, date, rel, tz, every, duration, bare).

The package: lexicon_fr.py, lexicon_en.py, lexicon_names.py (word tables); tokens.py (words to tagged
tokens: folding, elisions, phrases, typos, numbers in words); base.py, rules_clock.py, rules_date.py,
rules_period.py, rules_amount.py, rules_span.py, rules_recur.py and grammar.py (the grammar: rules that
compose a day, a clock time, a part of the day and an offset into one time, and ranges, open ranges,
offsets from a time and recurrences on top); model.py (what it builds); resolve_date.py, resolve.py,
recur.py (values against now); holidays.py, calendars.py, indian.py, astro.py (holidays for any year);
api.py (this function). docs/time.md explains the same rules to the people who use Boussole; the bench
is bench/timeparse_duckling.py.
"""

from shared.brains.offline.time.api import parse
from shared.brains.offline.time.model import TimeMention

__all__ = ["TimeMention", "parse"]
