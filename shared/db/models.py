"""Every table, imported once so Alembic and tests see the whole metadata."""

from shared.agent.models import AgentLog, AiTask, TaskResult
from shared.audit.models import AuditEvent
from shared.auth.models import ApiToken
from shared.calendar.models import Event
from shared.crypto.models import DataKey
from shared.db.base import Base
from shared.expenses.models import Expense, ExpenseCategory
from shared.groceries.models import GroceryItem
from shared.jobs.models import Job
from shared.memory.models import LtmMemory
from shared.messaging.models import Message, Outbox
from shared.notes.models import Note
from shared.places.models import Location
from shared.recipes.models import Recipe, RecipeIngredient, RecipeInstruction
from shared.reminders.models import Reminder
from shared.tasks.models import Task, UserGoal
from shared.users.models import User, UserSettings

metadata = Base.metadata

__all__ = [
    "AgentLog",
    "AiTask",
    "ApiToken",
    "AuditEvent",
    "Base",
    "DataKey",
    "Event",
    "Expense",
    "ExpenseCategory",
    "GroceryItem",
    "Job",
    "Location",
    "LtmMemory",
    "Message",
    "Note",
    "Outbox",
    "Recipe",
    "RecipeIngredient",
    "RecipeInstruction",
    "Reminder",
    "Task",
    "TaskResult",
    "User",
    "UserGoal",
    "UserSettings",
    "metadata",
]
