"""/v1/admin: for the admin role only (functions.api.deps.AdminUser, the one place roles are checked):
accounts (masked phone, never content), the queues' health, the audit log. Every read is audited."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, ConfigDict

from functions.api.deps import AdminUser, DepsDep, UowDep
from functions.api.kit import PROBLEMS
from functions.api.routes.auth import context as auth_context
from shared.admin import service as admin
from shared.auth import accounts

router = APIRouter(prefix="/v1/admin", tags=["admin"], responses=PROBLEMS)


class AuditEventOut(BaseModel):
    id: uuid.UUID
    at: datetime
    event: str
    actor: str
    subject: str | None
    address: str | None
    details: dict[str, Any]


@router.get("/accounts", response_model=list[admin.Account])
def list_accounts(
    who: AdminUser,
    uow: UowDep,
    deps: DepsDep,
    after: Annotated[uuid.UUID | None, Query(description="the last id of the previous page")] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> list[admin.Account]:
    return admin.accounts(uow.session, admin=who, now=deps.clock.now(), secret=_secret(deps), after=after, limit=limit)


class RoleIn(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"role": "user"}]})
    role: Literal["user", "admin"]


@router.put("/accounts/{user_id}/role", response_model=admin.Account)
def set_role(
    user_id: uuid.UUID, body: RoleIn, request: Request, who: AdminUser, uow: UowDep, deps: DepsDep
) -> admin.Account:
    """Give a person a role (audited). The last admin cannot step down."""
    person = accounts.set_role(
        uow.session, user_id=user_id, role=body.role, actor=who, now=deps.clock.now(), ctx=auth_context(request, deps)
    )
    return admin.account_of(person)


@router.get("/health")
def queues(who: AdminUser, uow: UowDep, deps: DepsDep) -> dict[str, Any]:
    return admin.health(uow.session, admin=who, now=deps.clock.now(), secret=_secret(deps))


@router.get("/audit", response_model=list[AuditEventOut])
def audit_log(
    who: AdminUser,
    uow: UowDep,
    deps: DepsDep,
    before: Annotated[datetime | None, Query(description="only events before this time")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> list[AuditEventOut]:
    events = admin.audit_log(
        uow.session, admin=who, now=deps.clock.now(), secret=_secret(deps), before=before, limit=limit
    )
    return [
        AuditEventOut(
            id=e.id, at=e.at, event=e.event, actor=e.actor, subject=e.subject, address=e.address, details=e.details
        )
        for e in events
    ]


def _secret(deps: DepsDep) -> str:
    return deps.settings.token_secret.get_secret_value()
