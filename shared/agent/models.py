"""What the agent did: slow AI work requests, their results, and a log of every turn."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from shared.db.base import Base, CreatedMixin, IdMixin


class AiTask(IdMixin, CreatedMixin, Base):
    __tablename__ = "ai_tasks"
    __table_args__ = (CheckConstraint("status IN ('pending', 'running', 'done', 'failed')", name="status"),)

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(32))  # breakdown | consolidate | summary | embed
    status: Mapped[str] = mapped_column(String(16), default="pending", server_default="pending")
    input: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict, server_default="{}")
    finished_at: Mapped[datetime | None]


class TaskResult(IdMixin, CreatedMixin, Base):
    __tablename__ = "task_results"

    ai_task_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("ai_tasks.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    output: Mapped[dict[str, Any]] = mapped_column(JSONB)


class AgentLog(IdMixin, CreatedMixin, Base):
    __tablename__ = "agent_logs"
    __table_args__ = (Index("ix_agent_logs_user_id_created_at", "user_id", "created_at"),)

    user_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    message_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("messages.id", ondelete="SET NULL"))
    brain: Mapped[str] = mapped_column(String(16))  # offline | gemini
    intent: Mapped[str | None] = mapped_column(String(64))
    tool_calls: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, default=list, server_default="[]")
    reply: Mapped[str | None] = mapped_column(Text)
    latency_ms: Mapped[int | None]
    tokens_in: Mapped[int | None]
    tokens_out: Mapped[int | None]
    error: Mapped[str | None] = mapped_column(Text)
