"""The registry of every tool, assembled from each domain's `tools.py` (a new domain adds one line here).

The agent imports a domain's tools, and with them its services and models, on the first call to one of them
rather than at cold start: a turn that sets a reminder never loads recipes or expenses. Whatever needs the
whole list (Gemini's function declarations, docs/tools.md) loads every domain. tests/agent/test_registry.py
checks this index against what each domain registers."""

from __future__ import annotations

import importlib
from functools import cache
from typing import Any

from shared.agent.registry import Lang, Outcome, Tool, ToolCall, ToolContext, ToolRegistry
from shared.runtime.once import OncePerName

DOMAIN_TOOLS: dict[str, tuple[str, ...]] = {
    "reminders": (
        "create_reminder",
        "list_reminders",
        "cancel_reminder",
        "acknowledge_reminder",
        "snooze_reminder",
        "move_reminder",
    ),
    "tasks": (
        "add_task",
        "complete_task",
        "postpone_task",
        "drop_task",
        "list_tasks",
        "add_goal",
        "list_goals",
        "review_goals",
    ),
    "groceries": ("add_groceries", "mark_bought", "list_groceries", "remove_grocery"),
    "recipes": (
        "add_recipe_to_groceries",
        "add_recipe",
        "show_recipe",
        "list_recipes",
        "recipe_cooked",
        "favourite_recipe",
    ),
    "expenses": ("add_expense", "expense_summary", "set_budget", "delete_last_expense", "recategorise_expense"),
    "calendar": ("add_event", "list_events", "cancel_event", "move_event"),
    "places": ("add_place", "find_place", "list_places"),
    "notes": ("add_note", "find_note", "list_notes", "append_note", "delete_note"),
    "users": (
        "set_language",
        "set_timezone",
        "set_quiet_hours",
        "set_morning_plan",
        "set_daily_cap",
        "set_currency",
        "show_settings",
        "escalate_reminder",
    ),
    "planner": ("plan_day", "break_down", "add_steps"),
    "memory": ("remember", "recall", "about_me", "forget"),
}
_DOMAIN_OF = {name: domain for domain, names in DOMAIN_TOOLS.items() for name in names}


class LazyRegistry(ToolRegistry):
    """A ToolRegistry that registers a domain's tools when one of them is first wanted."""

    def __init__(self) -> None:
        super().__init__()
        self.load = OncePerName(lambda domain: importlib.import_module(f"shared.{domain}.tools").register(self))

    def load_all(self) -> None:
        self.load(*DOMAIN_TOOLS)

    def run(self, call: ToolCall, ctx: ToolContext) -> Outcome:
        domain = _DOMAIN_OF.get(call.name)
        if domain is not None:
            self.load(domain)
        return super().run(call, ctx)

    def get(self, name: str) -> Tool[Any] | None:
        domain = _DOMAIN_OF.get(name)
        if domain is not None:
            self.load(domain)
        return super().get(name)

    def __contains__(self, name: str) -> bool:
        return name in _DOMAIN_OF

    def __iter__(self) -> Any:
        self.load_all()
        return super().__iter__()

    def declarations(self, lang: Lang = "en") -> list[dict[str, Any]]:
        self.load_all()
        return super().declarations(lang)

    def reference(self) -> str:
        self.load_all()
        return super().reference()


@cache
def registry() -> LazyRegistry:
    return LazyRegistry()
