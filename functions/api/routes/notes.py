"""/v1/notes: thin over shared.notes.service."""

from __future__ import annotations

from fastapi import APIRouter

from functions.api.kit import PROBLEMS

router = APIRouter(prefix="/v1/notes", tags=["notes"], responses=PROBLEMS)
