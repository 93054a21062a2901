"""/v1/expenses: thin over shared.expenses.service."""

from __future__ import annotations

from fastapi import APIRouter

from functions.api.kit import PROBLEMS

router = APIRouter(prefix="/v1/expenses", tags=["expenses"], responses=PROBLEMS)
