"""/v1/plan: thin over shared.planner.service."""

from __future__ import annotations

from fastapi import APIRouter

from functions.api.kit import PROBLEMS

router = APIRouter(prefix="/v1/plan", tags=["plan"], responses=PROBLEMS)
