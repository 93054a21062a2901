"""Row-level security, the second wall: every transaction of the application runs as a non-owner role, with the
person it works for set for that transaction only (docs/security.md, "Row-level security").

- `boussole_app`: sees the rows of the person in `app.user_id` and nothing else (none when it is unset).
- `boussole_system`: the deliberate way through for named units of work that serve many people (the reminder
  sweep, outbox delivery, the agent turn until the phone is resolved, erasure, admin counts...).

A session opened by `unit_of_work(engine, scope=...)` is *enforced*: at the start of each of its transactions one
statement sets the role and the person with `set_config(..., true)` (transaction-local, so nothing outlives the
transaction on a pooled or reused connection). `as_person` and `as_system` change the scope of an enforced
session: before its first statement they cost nothing, later one statement. On a session opened without a scope
(the owner's: migrations, test fixtures arranging rows, the bench's baseline) they do nothing.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session

from shared.db.roles import APP_ROLE, SYSTEM_ROLE

__all__ = ["APP_ROLE", "NOBODY", "SYSTEM_ROLE", "Scope", "as_person", "as_system", "person", "system"]
USER_SETTING = "app.user_id"

_SCOPE = "boussole.rls.scope"  # session.info keys
_LIVE = "boussole.rls.live"

# One round trip: the role and the person together (pg8000's "format" paramstyle).
APPLY_SQL = "SELECT set_config('role', %s, true), set_config('app.user_id', %s, true)"


@dataclass(frozen=True)
class Scope:
    role: str
    user_id: uuid.UUID | None = None
    reason: str = ""

    @property
    def setting(self) -> str:
        return "" if self.user_id is None else str(self.user_id)


NOBODY = Scope(APP_ROLE)  # an enforced session before anyone is known: sees nothing


def person(user_id: uuid.UUID) -> Scope:
    return Scope(APP_ROLE, user_id)


def system(reason: str) -> Scope:
    """The cross-person scope, for a named unit of work (the reason is for readers and tracebacks)."""
    if not reason:
        raise ValueError("a system scope needs a reason")
    return Scope(SYSTEM_ROLE, None, reason)


def enforce(session: Session, scope: Scope) -> None:
    """Make `session` enforced, in `scope` from its next transaction (and from now if one is open)."""
    session.info[_SCOPE] = scope
    if session.info.get(_LIVE):
        _apply(session.connection(), scope)


def scope_of(session: Session) -> Scope | None:
    value = session.info.get(_SCOPE)
    return value if isinstance(value, Scope) else None


def as_person(session: Session, user_id: uuid.UUID) -> None:
    """From here on, this transaction sees only `user_id`'s rows (no-op on an owner's session)."""
    current = scope_of(session)
    if current is not None and current != person(user_id):
        if session.info.get(_LIVE):
            session.flush()  # what was changed under the previous scope is written under it
        enforce(session, person(user_id))


def as_system(session: Session, reason: str) -> None:
    """From here on, this transaction works across people, for `reason` (no-op on an owner's session)."""
    current = scope_of(session)
    if current is not None and current.role != SYSTEM_ROLE:
        if session.info.get(_LIVE):
            session.flush()
        enforce(session, system(reason))


def _apply(connection: Any, scope: Scope) -> None:
    connection.exec_driver_sql(APPLY_SQL, (scope.role, scope.setting))


@event.listens_for(Session, "after_begin")
def _on_begin(session: Session, transaction: Any, connection: Any) -> None:
    scope = scope_of(session)
    if scope is not None:
        _apply(connection, scope)
        session.info[_LIVE] = True


@event.listens_for(Session, "after_transaction_end")
def _on_end(session: Session, transaction: Any) -> None:
    if transaction.parent is None:
        session.info.pop(_LIVE, None)
