"""STOP is honoured by every sender at once: the reminder sweep, follow-ups, the morning plan, budget notices,
replies to whatever the person writes next. Walked two ways: every kind of SMS the code can queue (found in the
source, so a new sender is walked too) meets the outbox's gate; and each sender, run for real through its
function, sends nothing to a person who said STOP (STOP in the middle of the first-contact dialogue is in
tests/onboarding/)."""

from __future__ import annotations

import ast
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import text

from functions.manifest import by_name
from local.emulator import run_scheduled
from shared.db import rls
from tests.helpers import add_people, chat, post_sms, rows

PHONE = "+33612700001"
SHARED = Path(__file__).resolve().parents[2] / "shared"


def queued_kinds() -> dict[str, set[str]]:
    """Every outbox kind the code queues: `kind=` on a call to enqueue/enqueue_leased, and `"kind"` in the rows
    of enqueue_many; by kind, the modules that queue it."""
    found: dict[str, set[str]] = {}
    for path in SHARED.rglob("*.py"):
        tree = ast.parse(path.read_text())
        module = str(path.relative_to(SHARED.parent))
        batches = "enqueue_many" in path.read_text()
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
                if name in ("enqueue", "enqueue_leased"):
                    for kw in node.keywords:
                        if kw.arg == "kind" and isinstance(kw.value, ast.Constant):
                            found.setdefault(str(kw.value.value), set()).add(module)
            if batches and isinstance(node, ast.Dict):
                for key, value in zip(node.keys, node.values, strict=True):
                    if isinstance(key, ast.Constant) and key.value == "kind" and isinstance(value, ast.Constant):
                        found.setdefault(str(value.value), set()).add(module)
    return found


def sent_to(emu, phone: str) -> list[str]:
    return [m["body"] for m in emu.twilio.messages if m["to"] == phone]


def test_every_kind_the_code_queues_is_held_back_after_stop(emulator) -> None:
    from shared.messaging import repository as outbox

    kinds = queued_kinds()
    assert {"reply", "reminder", "nudge", "notice"} <= set(kinds), kinds  # the scan sees the senders we know
    ids = add_people(emulator.deps.engine, ("me", PHONE, "fr", "Europe/Paris"))
    with emulator.deps.engine.begin() as conn:
        conn.execute(text("UPDATE users SET sms_status = 'opted_out' WHERE id = :u"), {"u": ids["me"]})
    with emulator.deps.uow() as tx:
        rls.as_person(tx.session, ids["me"])  # queued as the services queue them: for their person
        for kind in sorted(kinds):
            outbox.enqueue(
                tx.session,
                key=f"walk:{kind}",
                kind=kind,
                to_phone=PHONE,
                body=f"un {kind}",
                now=emulator.clock.now(),
                user_id=ids["me"],
            )
    result = emulator.sweep()
    assert result["suppressed"] == len(kinds) and result["sent"] == 0
    assert sent_to(emulator, PHONE) == []
    assert rows(emulator.deps.engine, "SELECT DISTINCT status FROM outbox") == [("suppressed",)]


def test_each_sender_run_for_real_sends_nothing_after_stop(emulator) -> None:
    from shared.expenses import service as expenses
    from shared.users.models import User

    ids = add_people(emulator.deps.engine, ("me", PHONE, "fr", "Europe/Paris"))
    chat(emulator, PHONE, "rappelle-moi dans 2 minutes de boire de l'eau")
    emulator.clock.advance(timedelta(minutes=3))
    assert emulator.sweep()["sent"] == 1  # it rang; unanswered, a follow-up is due in half an hour
    chat(emulator, PHONE, "rappelle-moi dans 10 minutes de manger")
    with emulator.deps.uow() as tx:
        rls.as_person(tx.session, ids["me"])
        me = tx.session.get(User, ids["me"])
        expenses.set_budget(tx.session, user=me, now=emulator.clock.now(), category="resto", amount=Decimal(100))
    local = emulator.clock.now().astimezone(ZoneInfo("Europe/Paris")) + timedelta(minutes=31)
    with emulator.deps.engine.begin() as conn:  # the morning plan is due when the others are
        conn.execute(
            text("INSERT INTO user_settings (user_id, morning_plan_at) VALUES (:u, :t)"),
            {"u": ids["me"], "t": local.time().replace(second=0, microsecond=0)},
        )
    before = len(sent_to(emulator, PHONE))
    assert before == 3

    post_sms(emulator.http, emulator.base_url, from_=PHONE, body="ARRET")
    emulator.settle()
    with emulator.deps.uow() as tx:  # spending over the budget queues a notice
        rls.as_person(tx.session, ids["me"])
        me = tx.session.get(User, ids["me"])
        expenses.add(tx.session, user=me, now=emulator.clock.now(), amount=Decimal(150), category="resto")
    chat_after = post_sms(emulator.http, emulator.base_url, from_=PHONE, body="rappelle-moi dans 1h de dormir")
    assert chat_after.status_code == 200
    emulator.settle()
    emulator.clock.advance(timedelta(minutes=31))
    sweep = emulator.sweep()
    plan = run_scheduled(by_name("morning_plan"))

    assert sent_to(emulator, PHONE)[before:] == []
    assert sweep["sent"] == 0 and plan["sent"] == 0
    live = rows(
        emulator.deps.engine,
        "SELECT kind, status FROM outbox WHERE to_phone = :p AND status <> 'sent' ORDER BY kind",
        p=PHONE,
    )
    assert ("notice", "suppressed") in live and ("reminder", "suppressed") in live, live
    assert all(status == "suppressed" for _, status in live), live
    assert rows(emulator.deps.engine, "SELECT count(*) FROM reminders WHERE text LIKE '%dormir%'") == [(0,)]
