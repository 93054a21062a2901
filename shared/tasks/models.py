"""Goals (a tree) and tasks (optionally under a goal, optionally split into steps)."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, SmallInteger, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from shared.db.base import Base, IdMixin, TimestampsMixin


class UserGoal(IdMixin, TimestampsMixin, Base):
    __tablename__ = "user_goals"
    __table_args__ = (CheckConstraint("status IN ('active', 'done', 'dropped')", name="status"),)

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    parent_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_goals.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="active", server_default="active")
    target_date: Mapped[date | None]
    progress: Mapped[int] = mapped_column(SmallInteger, default=0, server_default="0")  # percent


class Task(IdMixin, TimestampsMixin, Base):
    __tablename__ = "tasks"
    __table_args__ = (
        CheckConstraint("status IN ('todo', 'doing', 'done', 'dropped')", name="status"),
        CheckConstraint("priority BETWEEN 1 AND 5", name="priority"),
        Index("ix_tasks_user_id_status_due_date", "user_id", "status", "due_date"),
    )

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    goal_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_goals.id", ondelete="SET NULL"))
    parent_task_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(Text)
    notes: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="todo", server_default="todo")
    priority: Mapped[int] = mapped_column(SmallInteger, default=3, server_default="3")
    due_date: Mapped[date | None]
    completed_at: Mapped[datetime | None]
