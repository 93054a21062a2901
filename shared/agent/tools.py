"""The registry of every tool, assembled from each domain's `tools.py` (a new domain adds one line)."""

from __future__ import annotations

from functools import cache

from shared.agent.registry import ToolRegistry


@cache
def registry() -> ToolRegistry:
    from shared.calendar import tools as calendar
    from shared.expenses import tools as expenses
    from shared.groceries import tools as groceries
    from shared.memory import tools as memory
    from shared.notes import tools as notes
    from shared.places import tools as places
    from shared.planner import tools as planner
    from shared.recipes import tools as recipes
    from shared.reminders import tools as reminders
    from shared.tasks import tools as tasks
    from shared.users import tools as users

    tools = ToolRegistry()
    for domain in (reminders, tasks, groceries, recipes, expenses, calendar, places, notes, users, planner, memory):
        domain.register(tools)
    return tools
