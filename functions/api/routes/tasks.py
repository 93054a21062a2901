"""/v1/tasks: thin over shared.tasks.service."""

from __future__ import annotations

from fastapi import APIRouter

from functions.api.kit import PROBLEMS

router = APIRouter(prefix="/v1/tasks", tags=["tasks"], responses=PROBLEMS)
