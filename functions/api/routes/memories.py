"""/v1/memories: thin over shared.memory.service."""

from __future__ import annotations

from fastapi import APIRouter

from functions.api.kit import PROBLEMS

router = APIRouter(prefix="/v1/memories", tags=["memories"], responses=PROBLEMS)
