"""Conversation state between turns, in Redis with a TTL (the emulator's Redis locally, Upstash in the
cloud): the last few turns, a pending question with its partly filled tool call, and what the last turn
did (so that "laisse tomber", "oui" or "annule ça" refer to it). Losing it (expiry, a cache outage) only
costs context: nothing durable lives here."""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from shared.cache.port import Cache

log = logging.getLogger("boussole.agent.state")

TTL_SECONDS = 30 * 60  # a question unanswered for half an hour is forgotten
MAX_TURNS = 6


@dataclass
class Pending:
    """A question we asked: the call it belongs to, the argument the answer fills, the options offered."""

    tool: str
    args: dict[str, Any]
    missing: str | None = None
    options: list[str] = field(default_factory=list)  # ids offered in "which one?", in order
    asked_at: str = ""


@dataclass
class Last:
    """What the last turn did: its tool and the ids it touched."""

    tool: str
    refs: list[str] = field(default_factory=list)


@dataclass
class State:
    turns: list[dict[str, str]] = field(default_factory=list)  # {"role": "user"|"assistant", "text", "at"}
    pending: Pending | None = None
    last: Last | None = None
    other_language: int = 0  # messages in a row in the language that is not the person's

    def remember(self, role: str, text: str, at: datetime) -> None:
        self.turns = [*self.turns, {"role": role, "text": text[:500], "at": at.isoformat()}][-MAX_TURNS:]

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False)

    @classmethod
    def from_json(cls, raw: str) -> State:
        data = json.loads(raw)
        pending = data.get("pending")
        last = data.get("last")
        return cls(
            turns=list(data.get("turns", [])),
            pending=Pending(**pending) if isinstance(pending, dict) else None,
            last=Last(**last) if isinstance(last, dict) else None,
            other_language=int(data.get("other_language", 0)),
        )


class StateStore:
    def __init__(self, cache: Cache | Callable[[], Cache]) -> None:
        self._source = cache

    @property
    def _cache(self) -> Cache:
        """The cache, built on first use (its client is not needed to import or wire a function)."""
        if callable(self._source) and not hasattr(self._source, "get"):
            self._source = self._source()
        return self._source  # type: ignore[return-value]

    @staticmethod
    def key(user_id: uuid.UUID) -> str:
        return f"conv:{user_id}"

    def load(self, user_id: uuid.UUID) -> State:
        try:
            raw = self._cache.get(self.key(user_id))
            return State.from_json(raw) if raw else State()
        except Exception as exc:  # the cache is context, not truth: carry on without it
            log.warning("conversation state unavailable", extra={"error": type(exc).__name__})
            return State()

    def save(self, user_id: uuid.UUID, state: State) -> None:
        try:
            self._cache.set(self.key(user_id), state.to_json(), ttl_seconds=TTL_SECONDS)
        except Exception as exc:
            log.warning("conversation state not saved", extra={"error": type(exc).__name__})

    def forget(self, user_id: uuid.UUID) -> None:
        try:
            self._cache.delete(self.key(user_id))
        except Exception as exc:
            log.warning("conversation state not forgotten", extra={"error": type(exc).__name__})
