"""/v1/events: thin over shared.calendar.service."""

from __future__ import annotations

from fastapi import APIRouter

from functions.api.kit import PROBLEMS

router = APIRouter(prefix="/v1/events", tags=["events"], responses=PROBLEMS)
