"""Goals (a tree) and tasks (optionally under a goal, optionally split into steps).

Priority runs from 1 (most urgent) to 5 (whenever); 3 is the default. A task's estimate is in minutes, so
"what should I do today" can put the quick wins first. A goal's progress is the share of done tasks in its
subtree (dropped ones aside), kept current by the service whenever a task changes."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import CheckConstraint, Computed, ForeignKey, Index, SmallInteger, String, Text, func, text
from sqlalchemy.orm import Mapped, mapped_column

from shared.db.base import Base, IdMixin, TimestampsMixin

# Accents folded like shared.reminders.models (and shared.brains.offline._lexicon.fold), both cases.
ACCENTED = "ÀÂÄÁÃÉÈÊËÍÌÎÏÓÒÔÖÕÚÙÛÜÇÑàâäáãéèêëíìîïóòôöõúùûüçñÿ"
PLAIN = "aaaaaeeeeiiiiooooouuuucnaaaaaeeeeiiiiooooouuuucny"
FOLDED_TITLE = f"translate(lower(title), '{ACCENTED}', '{PLAIN}')"


def _search() -> object:
    return func.to_tsvector(text("'simple'"), text("title_folded"))


class UserGoal(IdMixin, TimestampsMixin, Base):
    __tablename__ = "user_goals"
    __table_args__ = (
        CheckConstraint("status IN ('active', 'done', 'dropped')", name="status"),
        Index("ix_user_goals_parent_id", "parent_id"),
        Index("ix_user_goals_user_id_created_at", "user_id", "created_at", "id"),
        Index(
            "ix_user_goals_title_search",
            func.to_tsvector(text("'simple'"), text("title_folded")),
            postgresql_using="gin",
        ),
    )

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    parent_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_goals.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(Text)
    title_folded: Mapped[str] = mapped_column(Text, Computed(FOLDED_TITLE, persisted=True))
    description: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="active", server_default="active")
    target_date: Mapped[date | None]
    progress: Mapped[int] = mapped_column(SmallInteger, default=0, server_default="0")  # percent
    last_reviewed_at: Mapped[datetime | None]


class Task(IdMixin, TimestampsMixin, Base):
    __tablename__ = "tasks"
    __table_args__ = (
        CheckConstraint("status IN ('todo', 'doing', 'done', 'dropped')", name="status"),
        CheckConstraint("priority BETWEEN 1 AND 5", name="priority"),
        CheckConstraint("estimate_minutes IS NULL OR estimate_minutes BETWEEN 1 AND 1440", name="estimate"),
        Index("ix_tasks_user_id_status_due_date", "user_id", "status", "due_date"),
        Index("ix_tasks_user_id_created_at", "user_id", "created_at", "id"),
        Index("ix_tasks_user_id_due_date", "user_id", "due_date", "id"),
        Index("ix_tasks_user_id_priority", "user_id", "priority", "id"),
        # The default list: open tasks by deadline, those without one last (the repository's sort key).
        Index(
            "ix_tasks_user_open_due",
            "user_id",
            text("COALESCE(due_date, '9999-12-31'::date)"),
            "id",
            postgresql_where=text("status IN ('todo', 'doing')"),
        ),
        Index("ix_tasks_goal_id", "goal_id"),
        # "j'ai fini le garage": words searched in SQL, accents and case aside.
        Index(
            "ix_tasks_title_search", func.to_tsvector(text("'simple'"), text("title_folded")), postgresql_using="gin"
        ),
        # A replayed turn adds nothing twice: one message, one title, one task.
        Index("uq_tasks_source_message_title", "source_message_id", func.md5(text("title")), unique=True),
    )

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    goal_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_goals.id", ondelete="SET NULL"))
    parent_task_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(Text)
    title_folded: Mapped[str] = mapped_column(Text, Computed(FOLDED_TITLE, persisted=True))
    notes: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="todo", server_default="todo")
    priority: Mapped[int] = mapped_column(SmallInteger, default=3, server_default="3")
    due_date: Mapped[date | None]
    estimate_minutes: Mapped[int | None] = mapped_column(SmallInteger)
    completed_at: Mapped[datetime | None]
    source_message_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("messages.id", ondelete="SET NULL"))
