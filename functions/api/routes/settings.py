"""/v1/settings: thin over shared.users.service."""

from __future__ import annotations

from fastapi import APIRouter

from functions.api.kit import PROBLEMS

router = APIRouter(prefix="/v1/settings", tags=["settings"], responses=PROBLEMS)
