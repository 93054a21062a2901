"""The one error type of the domain, and its two renderings: an SMS sentence in the person's language and an
RFC 9457 problem for the API. Services raise it; the turn and the API render it; nothing else."""

from __future__ import annotations

from typing import Any

from shared.i18n.messages import t
from shared.runtime.problems import Problem


class DomainError(Exception):
    """An expected failure of a service: a stable `code` (API clients branch on it), an HTTP status, and the
    catalog key of the sentence that explains it to a person, with its values."""

    status = 400
    title = "Bad request"
    default_key = "error.invalid"

    def __init__(self, code: str, *, key: str | None = None, field: str | None = None, **values: Any) -> None:
        super().__init__(code)
        self.code = code
        self.key = key or self.default_key
        self.field = field
        self.values = values

    def sms(self, lang: str) -> str:
        """The sentence for a person, in their language."""
        return t(self.key, lang, **self.values)

    def problem(self) -> Problem:
        """The RFC 9457 problem for an API client (English detail, stable code)."""
        extra: dict[str, Any] = {"code": self.code}
        if self.field:
            extra["field"] = self.field
        return Problem(self.status, self.code.replace(".", "-").replace("_", "-"), self.title, self.sms("en"), extra)


class NotFound(DomainError):
    status = 404
    title = "Not found"
    default_key = "error.not_found"


class Conflict(DomainError):
    status = 409
    title = "Conflict"
    default_key = "error.conflict"


class InvalidInput(DomainError):
    status = 422
    title = "Invalid input"
    default_key = "error.invalid"
