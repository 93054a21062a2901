"""/v1/settings: the signed-in person's settings (one resource each). Thin over shared.users.service: get, and a
partial update with If-Match (412 when stale); a bad zone, time, language, cap or currency is a 422 problem
and nothing is written."""

from __future__ import annotations

from datetime import time
from typing import Annotated, Literal

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, ConfigDict, Field, field_validator

from functions.api.deps import CurrentUser, DepsDep, UowDep
from functions.api.kit import PROBLEMS, check_if_match, with_etag
from shared.users import service as users
from shared.users.service import KEEP, QuietHours

router = APIRouter(prefix="/v1/settings", tags=["settings"], responses=PROBLEMS)


def _naive(value: time | None) -> time | None:
    if value is not None and value.tzinfo is not None:
        raise ValueError("a time of day in the person's own zone, without an offset")
    return value


class QuietHoursIO(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"start": "22:00", "end": "08:00"}]})
    start: time = Field(description="local time quiet hours begin (may be after `end`: they span midnight)")
    end: time = Field(description="local time they end")

    _check = field_validator("start", "end")(_naive)


class SettingsOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "language": "fr",
                    "timezone": "Europe/Paris",
                    "quiet_hours": {"start": "22:00:00", "end": "08:00:00"},
                    "morning_plan_at": "07:30:00",
                    "daily_cap": 5,
                    "currency": "EUR",
                }
            ]
        }
    )
    language: Literal["fr", "en"]
    timezone: str = Field(description="IANA time zone: times of day are read in it")
    quiet_hours: QuietHoursIO | None = Field(
        description="no message Boussole starts itself then; a reminder set for an exact time still rings"
    )
    morning_plan_at: time | None = Field(description="local time the plan for the day is sent; null: no plan")
    daily_cap: int | None = Field(description="at most this many messages a day Boussole starts itself; null: none")
    currency: str = Field(description="ISO 4217 default currency for expenses")

    @classmethod
    def of(cls, s: users.Settings) -> SettingsOut:
        quiet = QuietHoursIO(start=s.quiet_hours.start, end=s.quiet_hours.end) if s.quiet_hours else None
        return cls(
            language=s.language,  # type: ignore[arg-type]
            timezone=s.timezone,
            quiet_hours=quiet,
            morning_plan_at=s.morning_plan_at,
            daily_cap=s.daily_cap,
            currency=s.currency,
        )


class SettingsPatch(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"language": "en"},
                {"timezone": "America/Chicago", "quiet_hours": {"start": "22:00", "end": "07:00"}},
                {"morning_plan_at": None, "daily_cap": 5},
            ]
        },
    )
    language: Literal["fr", "en"] | None = None
    timezone: str | None = Field(None, min_length=1, max_length=64, description="an IANA zone or a known city")
    quiet_hours: QuietHoursIO | None = Field(None, description="null removes quiet hours")
    morning_plan_at: time | None = Field(None, description="null stops the morning plan")
    daily_cap: Annotated[int, Field(ge=0, le=users.MAX_DAILY_CAP)] | None = Field(None, description="null: no cap")
    currency: str | None = Field(None, min_length=3, max_length=3, pattern="^[A-Za-z]{3}$")

    _check = field_validator("morning_plan_at")(_naive)


@router.get("", response_model=SettingsOut)
def get_settings(user: CurrentUser, uow: UowDep, response: Response) -> SettingsOut:
    current = users.get_settings(uow.session, user=user)
    with_etag(response, current)
    return SettingsOut.of(current)


@router.patch("", response_model=SettingsOut)
def update_settings(
    body: SettingsPatch, request: Request, user: CurrentUser, uow: UowDep, deps: DepsDep, response: Response
) -> SettingsOut:
    check_if_match(request, users.get_settings(uow.session, user=user))
    given = body.model_fields_set
    if "language" in given and body.language is None:
        raise _required("language")
    if "timezone" in given and body.timezone is None:
        raise _required("timezone")
    quiet = body.quiet_hours
    changed = users.change_settings(
        uow.session,
        user=user,
        now=deps.clock.now(),
        language=body.language if body.language is not None else KEEP,
        timezone=body.timezone if body.timezone is not None else KEEP,
        quiet_hours=(QuietHours(quiet.start, quiet.end) if quiet else None) if "quiet_hours" in given else KEEP,
        morning_plan_at=body.morning_plan_at if "morning_plan_at" in given else KEEP,
        daily_cap=body.daily_cap if "daily_cap" in given else KEEP,
        currency=(body.currency or None) if "currency" in given else KEEP,
    )
    with_etag(response, changed)
    return SettingsOut.of(changed)


def _required(field: str) -> Exception:
    from shared.errors import InvalidInput

    return InvalidInput(f"settings.{field}_required", field=field)
