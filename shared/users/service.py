"""People: who is texting, and sensible defaults for a new number."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from shared.users.models import User

# Longest prefix wins. A new person's time zone is guessed from their number, then from their
# language; they can change it later.
_PREFIX_TZ: dict[str, str] = {
    "+33": "Europe/Paris",
    "+262": "Indian/Reunion",
    "+590": "America/Guadeloupe",
    "+594": "America/Cayenne",
    "+596": "America/Martinique",
    "+32": "Europe/Brussels",
    "+41": "Europe/Zurich",
    "+352": "Europe/Luxembourg",
    "+377": "Europe/Monaco",
    "+44": "Europe/London",
    "+353": "Europe/Dublin",
    "+61": "Australia/Sydney",
    "+64": "Pacific/Auckland",
    "+1": "America/New_York",
    # Quebec and the rest of Canada's francophone area codes
    "+1418": "America/Toronto",
    "+1438": "America/Toronto",
    "+1450": "America/Toronto",
    "+1514": "America/Toronto",
    "+1579": "America/Toronto",
    "+1581": "America/Toronto",
    "+1819": "America/Toronto",
    "+1873": "America/Toronto",
    "+1416": "America/Toronto",
    "+1647": "America/Toronto",
    "+1604": "America/Vancouver",
    "+1778": "America/Vancouver",
    "+1403": "America/Edmonton",
    "+1587": "America/Edmonton",
    "+1212": "America/New_York",
    "+1312": "America/Chicago",
    "+1415": "America/Los_Angeles",
    "+1213": "America/Los_Angeles",
    "+1310": "America/Los_Angeles",
    "+1206": "America/Los_Angeles",
    "+1303": "America/Denver",
    "+1602": "America/Phoenix",
    "+1713": "America/Chicago",
}


def guess_timezone(phone: str, *, language: str, default_fr: str, default_en: str) -> str:
    """Time zone for a new number: from its country/area code, else from the language."""
    for size in range(min(len(phone), 5), 1, -1):
        tz = _PREFIX_TZ.get(phone[:size])
        if tz:
            return tz
    return default_fr if language == "fr" else default_en


_FRENCH_PREFIXES = (
    "+33",
    "+32",
    "+41",
    "+352",
    "+377",
    "+262",
    "+590",
    "+594",
    "+596",
    "+687",
    "+689",
    "+1418",
    "+1438",
    "+1450",
    "+1514",
    "+1579",
    "+1581",
    "+1819",
    "+1873",
)


def guess_language(phone: str) -> str:
    """The likelier language for a number when its text alone does not tell (e.g. a bare "HELP")."""
    return "fr" if phone.startswith(_FRENCH_PREFIXES) else "en"


def get(session: Session, *, user_id: uuid.UUID) -> User:
    """The person behind a token; NotFound when the account no longer exists."""
    from shared.errors import NotFound
    from shared.users import repository

    user = repository.get(session, user_id)
    if user is None:
        raise NotFound("user.not_found", key="error.account_gone")
    return user
