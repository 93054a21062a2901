"""The registry of every tool, assembled from each domain's `tools.py` (a new domain adds one line)."""

from __future__ import annotations

from functools import cache

from shared.agent.registry import ToolRegistry


@cache
def registry() -> ToolRegistry:
    from shared.reminders import tools as reminders

    tools = ToolRegistry()
    reminders.register(tools)
    return tools
