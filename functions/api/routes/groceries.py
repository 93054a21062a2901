"""/v1/groceries: thin over shared.groceries.service."""

from __future__ import annotations

from fastapi import APIRouter

from functions.api.kit import PROBLEMS

router = APIRouter(prefix="/v1/groceries", tags=["groceries"], responses=PROBLEMS)
