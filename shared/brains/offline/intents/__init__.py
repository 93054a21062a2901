"""One rule file per intent, each proposing scored candidates; the engine keeps the best."""

from __future__ import annotations

from shared.brains.offline.engine import Rule
from shared.brains.offline.intents import pending, reminders, replies, smalltalk

RULES: tuple[Rule, ...] = (pending.rule, replies.rule, reminders.rule, smalltalk.rule)
