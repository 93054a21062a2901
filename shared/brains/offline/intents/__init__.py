"""One rule file per intent, each proposing scored candidates; the engine keeps the best."""

from __future__ import annotations

from shared.brains.offline.engine import Rule
from shared.brains.offline.intents import (
    calendar,
    expenses,
    groceries,
    memory,
    notes,
    pending,
    places,
    planner,
    recipes,
    reminders,
    replies,
    smalltalk,
    tasks,
    users,
)

RULES: tuple[Rule, ...] = (
    pending.rule,
    replies.rule,
    reminders.rule,
    tasks.rule,
    groceries.rule,
    recipes.rule,
    expenses.rule,
    calendar.rule,
    places.rule,
    notes.rule,
    memory.rule,
    users.rule,
    planner.rule,
    smalltalk.rule,
)
