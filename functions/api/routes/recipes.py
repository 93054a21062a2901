"""/v1/recipes: thin over shared.recipes.service."""

from __future__ import annotations

from fastapi import APIRouter

from functions.api.kit import PROBLEMS

router = APIRouter(prefix="/v1/recipes", tags=["recipes"], responses=PROBLEMS)
