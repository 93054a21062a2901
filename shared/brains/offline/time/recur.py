"""Recurrences as RFC 5545 rules in local time, with their first occurrence (docs/time.md).

The rule's DTSTART is floating local time (the person's zone is kept beside it), so each occurrence keeps
its wall-clock time across daylight-saving changes. The first occurrence is the first one strictly after
now, today included ("tous les jours à 21h" said at 14:00 starts today at 21:00); an unsaid weekday or
day of the month is the first occurrence's.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta, timezone
from typing import NamedTuple

from shared.brains.offline.time.model import Recur
from shared.brains.offline.time.resolve import DEFAULT_HOUR, Resolver

CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


class Schedule(NamedTuple):
    rrule: str  # "DTSTART:<local>\nRRULE:<body>"
    first: datetime  # aware, the person's zone
    at: time  # local time of each occurrence
    has_clock: bool  # False: 09:00 was chosen


def body(node: Recur, first: datetime) -> str:
    """The RRULE body; what was not said (weekday, day of the month) is the first occurrence's."""
    parts = [f"FREQ={node.freq}"]
    if node.interval > 1:
        parts.append(f"INTERVAL={node.interval}")
    if node.bymonth is not None:
        parts.append(f"BYMONTH={node.bymonth}")
    if node.byday:
        parts.append("BYDAY=" + ",".join(CODES[d] for d in sorted(node.byday)))
    elif node.freq == "WEEKLY":
        parts.append(f"BYDAY={CODES[first.weekday()]}")
    if node.bysetpos is not None:
        parts.append(f"BYSETPOS={node.bysetpos}")
    if node.bymonthday is not None:
        parts.append("BYMONTHDAY=" + ",".join(str(d) for d in (node.bymonthday, *node.more_monthdays)))
    elif node.freq in ("MONTHLY", "YEARLY") and not node.byday:
        if node.freq == "YEARLY" and node.bymonth is None:
            parts.append(f"BYMONTH={first.month}")
        parts.append(f"BYMONTHDAY={first.day}")
    return ";".join(parts)


def time_of_day(node: Recur, resolver: Resolver) -> tuple[time, bool]:
    """Each occurrence's local time: an English bare hour is read as on a day of its own ("every monday at
    8" = 08:00); an evening word makes it pm ("tous les soirs à 9h" = 21:00); none said: 09:00."""
    at = node.at
    if at.clock is not None:
        hour = resolver.hours(at.clock, at.part, other_day=True)[0] % 24
        return time(hour, at.clock.minute), True
    if at.part is not None:
        hour = at.part.default if at.part.default is not None else at.part.lo
        return time(hour % 24), False
    return time(DEFAULT_HOUR), False


def schedule(node: Recur, resolver: Resolver) -> Schedule | None:
    from dateutil.rrule import rrulestr  # only here: keeps cold starts light

    now = resolver.now
    local_now = resolver.local.replace(microsecond=0)
    if node.freq in ("HOURLY", "MINUTELY"):
        step = timedelta(hours=node.interval) if node.freq == "HOURLY" else timedelta(minutes=node.interval)
        first_local = local_now.replace(second=0) + step
        rule = f"DTSTART:{first_local:%Y%m%dT%H%M%S}\nRRULE:{body(node, first_local)}"
        first = resolver.elapsed(now.replace(second=0, microsecond=0), step.total_seconds())
        return Schedule(rule, first, first_local.time(), True)
    at, has_clock = time_of_day(node, resolver)
    anchor = datetime.combine(resolver.today, at)
    probe_node = node._replace(interval=1)
    probe = rrulestr(f"DTSTART:{anchor:%Y%m%dT%H%M%S}\nRRULE:{body(probe_node, anchor)}")
    found = probe.after(local_now - timedelta(days=1), inc=True)
    while found is not None and resolver.aware(found).astimezone(timezone.utc) <= now.astimezone(timezone.utc):
        found = probe.after(found, inc=False)
    if found is None:
        return None
    first = resolver.aware(found)
    start = datetime.combine(found.date(), at)  # the wall-clock time said, even if a DST gap moved it
    return Schedule(f"DTSTART:{start:%Y%m%dT%H%M%S}\nRRULE:{body(node, start)}", first, at, has_clock)
