"""What a turn tells the Gemini brain beyond the message: the few memories most relevant to it. Kept apart
from brain.py so that the turn can build it without importing google-genai (cold start)."""

from __future__ import annotations

from dataclasses import dataclass

from shared.agent.brain import Situation

MAX_MEMORIES = 3
MAX_CHARS = 200  # of one memory in the system instruction


@dataclass(frozen=True)
class WithMemories(Situation):
    """A turn's situation with what the person told us before that bears on this message (best first)."""

    memories: tuple[str, ...] = ()


def memory_lines(situation: Situation) -> list[str]:
    """The system instruction's lines about memories (none when the turn found none)."""
    memories = getattr(situation, "memories", ())
    if not memories:
        return []
    shown = [" ".join(m.split())[:MAX_CHARS] for m in memories[:MAX_MEMORIES]]
    return [
        "- What they told you before that may bear on this message (from their memory store; use only if "
        "relevant, never add to it): " + " | ".join(shown)
    ]
