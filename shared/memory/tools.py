"""The memory slice's tools for both brains, each a thin handler over `service`."""

from __future__ import annotations

from shared.agent.registry import ToolRegistry


def register(tools: ToolRegistry) -> None:
    """Declare this slice's tools."""
