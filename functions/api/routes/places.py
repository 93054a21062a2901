"""/v1/places: thin over shared.places.service."""

from __future__ import annotations

from fastapi import APIRouter

from functions.api.kit import PROBLEMS

router = APIRouter(prefix="/v1/places", tags=["places"], responses=PROBLEMS)
