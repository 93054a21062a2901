"""Small helpers shared by tests: acting like Twilio on our webhook, people and their tokens."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import httpx

from local.twilio_webhook import inbound_params, new_message_sid, sign
from shared.config import LOCAL_TWILIO_SID, LOCAL_TWILIO_TOKEN

if TYPE_CHECKING:
    from shared.brains.offline.engine import Candidate
    from shared.users.models import User

BOUSSOLE_NUMBER = "+15005550006"
NOW = datetime(2026, 3, 10, 13, 0, tzinfo=UTC)  # Tuesday 10 March 2026, 14:00 in Paris: "now" for service tests


def post_sms(
    http: httpx.Client,
    base_url: str,
    *,
    from_: str,
    body: str,
    message_sid: str | None = None,
    token: str = LOCAL_TWILIO_TOKEN,
    tamper: dict[str, str] | None = None,
    to: str = BOUSSOLE_NUMBER,
) -> httpx.Response:
    """POST a correctly signed inbound SMS (then optionally tamper with fields after signing)."""
    params = inbound_params(
        from_=from_,
        to=to,
        body=body,
        message_sid=message_sid or new_message_sid(),
        account_sid=LOCAL_TWILIO_SID,
    )
    signature = sign(f"{base_url}/sms/inbound", params, token)
    if tamper:
        params.update(tamper)
    return http.post("/sms/inbound", data=params, headers={"X-Twilio-Signature": signature})


def chat(emu: Any, phone: str, body: str) -> str:
    """Send `body` by SMS from `phone` to the emulator and return the one reply it sends back."""
    before = len([m for m in emu.twilio.messages if m["to"] == phone])
    assert post_sms(emu.http, emu.base_url, from_=phone, body=body).status_code == 200
    emu.settle()
    mine = [m for m in emu.twilio.wait_for(len(emu.twilio.messages)) if m["to"] == phone]
    assert len(mine) == before + 1, f"no reply to {body!r}"
    return str(mine[-1]["body"])


def rows(engine: Any, sql: str, **params: Any) -> list[Any]:
    from sqlalchemy import text

    with engine.connect() as conn:
        return list(conn.execute(text(sql), params).all())


def onboard(emu: Any, phone: str, lang: str = "fr") -> list[str]:
    """Take a new number through the first-contact dialogue by SMS (consent, then settings confirmed), as a
    person would: the replies it got, in order."""
    hello, yes = ("bonjour", "oui") if lang == "fr" else ("hello", "yes")
    replies = [chat(emu, phone, hello), chat(emu, phone, yes), chat(emu, phone, yes)]
    state = rows(emu.deps.engine, "SELECT onboarding_state FROM users WHERE phone = :p", p=phone)
    assert state == [("done",)], replies
    return replies


def add_people(engine: Any, *people: tuple[str, str, str, str]) -> dict[str, Any]:
    """Insert people, each (key, phone, language, timezone), with plain SQL (test data, not the code under
    test), as people who went through the first-contact dialogue already; their ids by key."""
    from sqlalchemy import text

    ids = {}
    with engine.begin() as conn:
        for key, phone, lang, zone in people:
            ids[key] = conn.execute(
                text(
                    "INSERT INTO users (phone, language, timezone, onboarding_state)"
                    " VALUES (:p, :l, :z, 'done') RETURNING id"
                ),
                {"p": phone, "l": lang, "z": zone},
            ).scalar_one()
    return ids


def person(session: Any, phone: str | None, lang: str = "fr", zone: str = "Europe/Paris") -> User:
    """A person inserted with plain SQL in this session (test data, not the code under test), onboarded."""
    from sqlalchemy import text

    from shared.users.models import User

    user_id = session.execute(
        text(
            "INSERT INTO users (phone, language, timezone, onboarding_state) VALUES (:p, :l, :z, 'done') RETURNING id"
        ),
        {"p": phone, "l": lang, "z": zone},
    ).scalar_one()
    user = session.get(User, user_id)
    assert user is not None
    return user


def bearer(user_id: Any, emulator: Any, **kw: Any) -> dict[str, str]:
    """The Authorization header of this person's access token, issued at the emulator's time."""
    from shared.auth import tokens
    from shared.config import LOCAL_TOKEN_SECRET

    token = tokens.issue(user_id, secret=LOCAL_TOKEN_SECRET, now=emulator.clock.now(), **kw)
    return {"Authorization": f"Bearer {token}"}


def understood(
    text: str, lang: str, *, last: str | None = None, before: str = "", just_set: list[str] | None = None
) -> Candidate:
    """The offline brain's best candidate for `text`, said at the corpus's time (14:00 on Tuesday 10 March
    2026) by a person speaking `lang` in the corpus's zone for it. `last`: the tool of the previous turn;
    `before`: a message the person sent just before (answered with a list); `just_set`: reminders just set."""
    import uuid

    from shared.agent.brain import Situation
    from shared.agent.state import Last, State
    from shared.brains.offline.engine import understand
    from tests.corpus.runner import NOW as SAID
    from tests.corpus.runner import ZONES

    state = State()
    if last:
        state.last = Last(tool=last)
    if before:
        state.remember("user", before, SAID[lang])
        state.remember("assistant", "1. ...", SAID[lang])
    situation = Situation(
        text=text,
        lang=lang,  # type: ignore[arg-type]
        said=SAID[lang],
        state=state,
        just_set=[(uuid.UUID(int=i), t) for i, t in enumerate(just_set or [])],
        person_language=lang,  # type: ignore[arg-type]
        timezone=ZONES[lang],
    )
    return understand(situation)


def heard(text: str, lang: str, **context: Any) -> tuple[str, dict[str, Any]]:
    """The offline brain's first tool call for `text` and its arguments (its intent and {} when it calls none);
    `context` as `understood` takes it."""
    choice = understood(text, lang, **context)
    if not choice.calls:
        return choice.intent, {}
    return choice.calls[0].name, dict(choice.calls[0].args)


def every_page(emulator: Any, path: str, headers: dict[str, str], field: str, **params: Any) -> list[Any]:
    """`field` of every item of a REST list, following next_cursor two items at a time (paging exercised)."""
    seen: list[Any] = []
    cursor = None
    while True:
        page = emulator.http.get(
            path, params=params | {"limit": 2} | ({"cursor": cursor} if cursor else {}), headers=headers
        )
        assert page.status_code == 200, page.text
        seen += [item[field] for item in page.json()["items"]]
        cursor = page.json()["next_cursor"]
        if cursor is None:
            return seen


def opened(engine: Any, table: str, column: str, row_id: Any, user_id: Any, value: str | None) -> str | None:
    """A raw column value as the person wrote it: opened if it is sealed (shared.crypto), else as stored."""
    from sqlalchemy.orm import Session

    from shared.crypto.envelope import is_sealed
    from shared.crypto.service import open_value

    if value is None or not is_sealed(value):
        return value
    with Session(engine) as session:
        return open_value(session, user_id=user_id, table=table, column=column, row=row_id, sealed=value)
