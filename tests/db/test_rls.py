"""Row-level security, the second wall (docs/security.md): the catalog says every table holding a person's data
forces it with a policy per application role (ports of supabase/splinter lints 0013, 0008, 0010, 0011); each
policy keeps person A to A's rows as `boussole_app` (B's rows unseen, untouched, not insertable, nothing at all
with no person set), and each of those checks is shown to catch the leak when the policy is replaced by a
permissive one; a pooled connection carries nothing of one transaction's person into the next."""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from shared.db import rls
from shared.db.roles import APP_ROLE, SYSTEM_ROLE
from shared.db.session import make_engine, unit_of_work
from tests.api.test_isolation import _create_everything_as_b, people  # noqa: F401 - the fixture
from tests.helpers import post_sms, rows

# Tables that hold no one's data, and why; every other table must force row-level security.
EXEMPT = {
    "alembic_version": "Alembic's bookkeeping; the application roles have no grant on it",
    "jobs": "the queue: kinds, times and ids of messages, never words; a person's jobs go with their erasure",
    "audit_events": "pseudonymous by design (keyed hashes, no content), append-only for the application",
}
ROLES = (APP_ROLE, SYSTEM_ROLE)
PHONES = {"a": "+33611110001", "b": "+33611110002"}

PERSON_DATA = """
WITH RECURSIVE person AS (
    SELECT c.oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
       AND (c.relname = 'users'
            OR EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
                          AND (a.attname = 'user_id' OR a.attname LIKE '%phone%' OR a.attname LIKE '%email%'))
            OR EXISTS (SELECT 1 FROM pg_constraint f WHERE f.conrelid = c.oid AND f.contype = 'f'
                          AND f.confrelid = 'users'::regclass))
    UNION
    SELECT f.conrelid FROM pg_constraint f JOIN person p ON f.confrelid = p.oid WHERE f.contype = 'f'
)
SELECT DISTINCT oid::regclass::text FROM person ORDER BY 1
"""


def _tables(conn: Any) -> dict[str, tuple[bool, bool]]:
    """Every ordinary table of the public schema: (RLS enabled, RLS forced)."""
    found = conn.execute(
        text(
            """SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity FROM pg_class c
                 JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')"""
        )
    ).all()
    return {str(r[0]): (bool(r[1]), bool(r[2])) for r in found}


# --- the catalog ------------------------------------------------------------------------------------------------
def test_every_table_but_the_listed_few_forces_row_level_security(engine: Any) -> None:
    """splinter 0013 (RLS disabled in public), stricter: enabled *and* forced, so the owner is held too."""
    with engine.connect() as conn:
        tables = _tables(conn)
        person_data = {str(r[0]) for r in conn.execute(text(PERSON_DATA))}
    assert {"users", "tasks", "messages", "outbox", "recipe_ingredients"} <= person_data  # the query finds them
    assert not person_data & set(EXEMPT), f"a person's data cannot be exempt: {sorted(person_data & set(EXEMPT))}"
    unprotected = sorted(t for t, (enabled, forced) in tables.items() if t not in EXEMPT and not (enabled and forced))
    assert unprotected == [], (
        f"tables without FORCE ROW LEVEL SECURITY: {unprotected}; in a migration: "
        "op.execute(\"SELECT rls_protect('<table>')\") (docs/security.md), or list it in EXEMPT with the reason"
    )


def test_every_protected_table_has_the_person_policy_and_the_system_policy(engine: Any) -> None:
    """splinter 0008 (RLS enabled, no policy), stricter: the person's policy filters reads (USING) and writes
    (WITH CHECK) on the transaction's person (or through a protected parent); the system policy is for the
    system role only; no policy for anyone else."""
    with engine.connect() as conn:
        tables = _tables(conn)
        policies = conn.execute(
            text("SELECT tablename, policyname, roles::text[], cmd, qual, with_check FROM pg_policies")
        ).all()
        has_user = {
            str(r[0])
            for r in conn.execute(
                text("SELECT table_name FROM information_schema.columns WHERE column_name = 'user_id'")
            )
        }
    problems = []
    for table, (enabled, _forced) in sorted(tables.items()):
        if not enabled:
            continue
        mine = {p[1]: p for p in policies if p[0] == table}
        person, system = mine.get("person"), mine.get("system")
        if person is None or system is None or set(mine) != {"person", "system"}:
            problems.append(f"{table}: policies {sorted(mine)}, expected person and system")
            continue
        _, _, roles, cmd, qual, check = person
        if list(roles) != [APP_ROLE] or cmd != "ALL" or not qual or qual != check:
            problems.append(f"{table}: person policy {roles} {cmd} USING {qual} WITH CHECK {check}")
        elif qual == "false" and table not in has_user:
            pass  # a table only the system role works on (rls_protect('t', 'false'))
        elif "app.user_id" not in qual and not (table not in has_user and "EXISTS" in qual):
            problems.append(f"{table}: person policy does not name the transaction's person: {qual}")
        elif table in has_user and not qual.startswith("(user_id = "):
            problems.append(f"{table}: has user_id but its policy is {qual}")
        if list(system[2]) != [SYSTEM_ROLE] or system[3] != "ALL":
            problems.append(f"{table}: system policy for {system[2]} {system[3]}")
    assert problems == []


def test_no_view_runs_with_its_owners_rights(engine: Any) -> None:
    """splinter 0010 (security definer view): a view without security_invoker reads as its owner, whom
    row-level security would not hold if it could bypass it."""
    with engine.connect() as conn:
        definer = conn.execute(
            text(
                """SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE n.nspname = 'public' AND c.relkind IN ('v', 'm')
                      AND NOT coalesce('security_invoker=true' = ANY(c.reloptions), false)
                      AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e')"""
            )
        ).all()
    assert definer == []


def test_every_function_has_a_fixed_search_path(engine: Any) -> None:
    """splinter 0011 (function search_path mutable), for our functions (not the extensions')."""
    with engine.connect() as conn:
        ours = conn.execute(
            text(
                """SELECT p.proname, p.proconfig, p.prosecdef FROM pg_proc p
                     JOIN pg_namespace n ON n.oid = p.pronamespace
                    WHERE n.nspname = 'public'
                      AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')"""
            )
        ).all()
    names = {str(r[0]) for r in ours}
    assert {"memory_search", "rls_protect", "rls_unprotect"} <= names
    mutable = sorted(str(r[0]) for r in ours if not any(c.startswith("search_path=") for c in (r[1] or [])))
    assert mutable == []
    assert [str(r[0]) for r in ours if r[2]] == []  # no SECURITY DEFINER function: the system role is the way


def test_the_application_roles_cannot_bypass_and_own_nothing(engine: Any) -> None:
    with engine.connect() as conn:
        found = conn.execute(
            text("SELECT rolname, rolsuper, rolbypassrls, rolcanlogin FROM pg_roles WHERE rolname = ANY(:r)"),
            {"r": list(ROLES)},
        ).all()
        owned = conn.execute(
            text("SELECT relname FROM pg_class WHERE pg_get_userbyid(relowner) = ANY(:r)"), {"r": list(ROLES)}
        ).all()
        grants = conn.execute(
            text(
                """SELECT table_name, privilege_type FROM information_schema.role_table_grants
                    WHERE grantee = :app AND table_name IN ('alembic_version', 'audit_events')"""
            ),
            {"app": APP_ROLE},
        ).all()
    assert sorted(tuple(r) for r in found) == [(APP_ROLE, False, False, False), (SYSTEM_ROLE, False, False, False)]
    assert owned == []
    assert sorted(tuple(r) for r in grants) == [("audit_events", "INSERT"), ("audit_events", "SELECT")]


# --- each policy, attacked ---------------------------------------------------------------------------------------
def _scope(conn: Any, role: str, user: Any) -> None:
    conn.execute(
        text("SELECT set_config('role', :role, true), set_config('app.user_id', :user, true)"),
        {"role": role, "user": "" if user is None else str(user)},
    )


def _owner(conn: Any) -> None:
    conn.execute(text("RESET ROLE"))


def _insertable(conn: Any, table: str) -> list[str]:
    found = conn.execute(
        text(
            """SELECT attname FROM pg_attribute WHERE attrelid = CAST(:t AS regclass) AND attnum > 0
                AND NOT attisdropped AND attgenerated = '' AND attidentity = '' ORDER BY attnum"""
        ),
        {"t": table},
    ).all()
    return [f'"{r[0]}"' for r in found]


def _owner_column(conn: Any, table: str, a: str, b: str) -> tuple[str, list[Any], list[Any]]:
    """The column that says whose a row is, and A's and B's values of it (read as the owner)."""
    if table == "users":
        return "id", [a], [b]
    if _has_column(conn, table, "user_id"):
        return "user_id", [a], [b]
    parent, column = conn.execute(
        text(
            """SELECT f.confrelid::regclass::text, att.attname FROM pg_constraint f
                 JOIN pg_attribute att ON att.attrelid = f.conrelid AND att.attnum = f.conkey[1]
                WHERE f.conrelid = CAST(:t AS regclass) AND f.contype = 'f' LIMIT 1"""
        ),
        {"t": table},
    ).one()
    of = {
        w: [r[0] for r in conn.execute(text(f'SELECT id FROM "{parent}" WHERE user_id = :u'), {"u": w})] for w in (a, b)
    }
    return str(column), of[a], of[b]


def _has_column(conn: Any, table: str, column: str) -> bool:
    return bool(
        conn.execute(
            text("SELECT count(*) FROM information_schema.columns WHERE table_name = :t AND column_name = :c"),
            {"t": table, "c": column},
        ).scalar_one()
    )


def _refused(conn: Any, sql: str, params: dict[str, Any]) -> bool:
    """True when the statement is refused by a row-level security policy (42501), in a savepoint."""
    nested = conn.begin_nested()
    try:
        conn.execute(text(sql), params)
    except DBAPIError as exc:
        nested.rollback()
        return "42501" in str(exc.orig)
    nested.rollback()
    return False


def _touched(conn: Any, sql: str, params: dict[str, Any]) -> bool:
    """True when the statement reached any row (or failed on one), undone in a savepoint."""
    nested = conn.begin_nested()
    try:
        count = conn.execute(text(sql), params).rowcount
    except DBAPIError:
        count = 1
    nested.rollback()
    return count != 0


def _breaches(conn: Any, table: str, a: str, b: str) -> set[str]:
    """What `boussole_app`, working for A, can do to B's rows of `table` (empty: the policy holds). Runs in the
    caller's transaction and leaves it as the owner."""
    column, mine, theirs = _owner_column(conn, table, a, b)
    quoted = f'"{table}"'
    theirs_p = {"theirs": theirs, "mine": mine}
    b_row = conn.execute(
        text(f'SELECT row_to_json(t)::text FROM {quoted} t WHERE "{column}" = ANY(:theirs) LIMIT 1'), theirs_p
    ).scalar_one()
    a_rows = conn.execute(text(f'SELECT count(*) FROM {quoted} WHERE "{column}" = ANY(:mine)'), theirs_p).scalar_one()
    assert a_rows > 0, f"{table}: A has no row to compare with"
    copy = json.loads(b_row)
    if "id" in copy:
        copy["id"] = str(uuid.uuid4())
    cols = ", ".join(_insertable(conn, table))

    found = set()
    _scope(conn, APP_ROLE, a)
    seen = conn.execute(text(f'SELECT count(*) FROM {quoted} WHERE "{column}" = ANY(:theirs)'), theirs_p).scalar_one()
    if seen:
        found.add("reads B's rows")
    if conn.execute(text(f"SELECT count(*) FROM {quoted}")).scalar_one() != a_rows:
        found.add("sees other than exactly A's rows")
    if _touched(conn, f'UPDATE {quoted} SET "{column}" = "{column}" WHERE "{column}" = ANY(:theirs)', theirs_p):
        found.add("updates B's rows")
    if _touched(conn, f'DELETE FROM {quoted} WHERE "{column}" = ANY(:theirs)', theirs_p):
        found.add("deletes B's rows")
    insert = (
        f"INSERT INTO {quoted} ({cols}) SELECT {cols} FROM json_populate_record(NULL::{quoted}, CAST(:row AS json))"
    )
    if not _refused(conn, insert, {"row": json.dumps(copy)}):
        found.add("inserts a row naming B")
    move = f'UPDATE {quoted} SET "{column}" = :to WHERE "{column}" = ANY(:mine)'
    if not _refused(conn, move, {"to": theirs[0], "mine": mine}):
        found.add("gives A's rows to B")
    _scope(conn, APP_ROLE, None)
    if conn.execute(text(f"SELECT count(*) FROM {quoted}")).scalar_one():
        found.add("sees rows with no person set")
    _owner(conn)
    return found


def _person_id(engine: Any, phone: str) -> str:
    return str(rows(engine, "SELECT id FROM users WHERE phone = :p", p=phone)[0][0])


def _protected(engine: Any) -> list[str]:
    with engine.connect() as conn:
        return sorted(t for t, (enabled, forced) in _tables(conn).items() if enabled and forced)


SEED = (  # what neither the API nor a text creates directly (background work, defaults left unwritten)
    "INSERT INTO user_settings (user_id) VALUES (:u) ON CONFLICT DO NOTHING",
    "INSERT INTO ai_tasks (user_id, kind) VALUES (:u, 'breakdown')",
    "INSERT INTO task_results (ai_task_id, user_id, output) SELECT id, user_id, '{}' FROM ai_tasks WHERE user_id = :u",
    "INSERT INTO note_chunks (user_id, note_id, position, content, note_updated_at)"
    " SELECT user_id, id, 0, 'x', now() FROM notes WHERE user_id = :u LIMIT 1",
    "INSERT INTO budget_alerts (user_id, category_id, month, threshold, currency, budget, total)"
    " SELECT user_id, id, date '2026-11-01', 80, 'EUR', 100, 90 FROM expense_categories WHERE user_id = :u LIMIT 1",
    # accounts (tests/api/test_accounts.py walks them through the API)
    "INSERT INTO credentials (user_id, password_hash, password_changed_at) VALUES (:u, '$argon2id$x', now())",
    "INSERT INTO recovery_codes (user_id, code_hash) VALUES (:u, md5(:u || 'r'))",
    "INSERT INTO refresh_tokens (user_id, family_id, token_hash, expires_at, family_expires_at)"
    " VALUES (:u, gen_random_uuid(), md5(:u || 't'), now() + interval '1 day', now() + interval '2 days')",
)


def _seed_the_rest(engine: Any, *persons: str) -> None:
    with engine.begin() as conn:
        for user in persons:
            for sql in SEED:
                conn.execute(text(sql), {"u": user})


def _give_b_what_only_a_has(engine: Any, tables: list[str], a: str, b: str) -> None:
    """A row for B in any table the walk filled for A only: a copy of A's, as the owner."""
    with engine.begin() as conn:
        for table in tables:
            column, mine, theirs = _owner_column(conn, table, a, b)
            has = conn.execute(
                text(f'SELECT count(*) FROM "{table}" WHERE "{column}" = ANY(:t)'), {"t": theirs}
            ).scalar_one()
            if has or not theirs or table == "users":
                continue
            row = conn.execute(
                text(f'SELECT row_to_json(t)::text FROM "{table}" t WHERE "{column}" = ANY(:m) LIMIT 1'), {"m": mine}
            ).scalar_one_or_none()
            if row is None:
                continue
            copy = json.loads(row) | {column: str(theirs[0])}
            if "id" in copy:
                copy["id"] = str(uuid.uuid4())
            for key in ("idempotency_key", "provider_sid", "dedupe_key"):
                if copy.get(key):
                    copy[key] = f"{copy[key]}:b"
            cols = ", ".join(_insertable(conn, table))
            conn.execute(
                text(
                    f'INSERT INTO "{table}" ({cols}) SELECT {cols} '
                    f'FROM json_populate_record(NULL::"{table}", CAST(:row AS json))'
                ),
                {"row": json.dumps(copy)},
            )


ALL_BREACHES = {
    "reads B's rows",
    "sees other than exactly A's rows",
    "updates B's rows",
    "deletes B's rows",
    "inserts a row naming B",
    "gives A's rows to B",
    "sees rows with no person set",
}


def test_each_policy_holds_and_each_check_catches_a_permissive_policy(emulator: Any, people: Any) -> None:  # noqa: F811
    """A and B each create one of everything through the API and text Boussole (so the application, under
    row-level security, filled the tables); then, table by table, as `boussole_app` for A: nothing of B's is
    seen, changed, deleted or inserted, and nothing is seen with no person. Then the same checks, in a
    transaction rolled back, with the table's policy replaced by `USING (true) WITH CHECK (true)`: every one of
    them must report the leak, or it proves nothing."""
    engine = emulator.deps.engine
    doc = emulator.http.get("/v1/openapi.json").json()
    for who in ("a", "b"):
        _create_everything_as_b(emulator, doc, people[who])
        post_sms(emulator.http, emulator.base_url, from_=PHONES[who], body="rappelle-moi demain à 9h d'appeler Léa")
        emulator.settle()
    a, b = _person_id(engine, PHONES["a"]), _person_id(engine, PHONES["b"])
    tables = _protected(engine)
    assert len(tables) >= 20, tables
    _seed_the_rest(engine, a, b)
    _give_b_what_only_a_has(engine, tables, a, b)

    holding, caught, empty = {}, {}, []
    for table in tables:
        with engine.connect() as conn, conn.begin():
            column, mine, theirs = _owner_column(conn, table, a, b)
            counts = [
                conn.execute(text(f'SELECT count(*) FROM "{table}" WHERE "{column}" = ANY(:v)'), {"v": v}).scalar_one()
                for v in (mine, theirs)
            ]
            if 0 in counts:
                empty.append(table)
                continue
            holding[table] = _breaches(conn, table, a, b)
            conn.execute(text(f'DROP POLICY person ON "{table}"'))
            conn.execute(
                text(f'CREATE POLICY person ON "{table}" FOR ALL TO {APP_ROLE} USING (true) WITH CHECK (true)')
            )
            caught[table] = _breaches(conn, table, a, b)
            conn.rollback()  # the real policy is back
    assert empty == [], f"no rows of A and B to test in {empty}"
    assert {t: found for t, found in holding.items() if found} == {}
    assert {t: sorted(ALL_BREACHES - found) for t, found in caught.items() if found != ALL_BREACHES} == {}
    assert len(holding) == len(tables)


def test_a_policy_dropped_altogether_denies_instead_of_leaking(engine: Any, clean_db: Any) -> None:
    """Without any policy for its role, a forced table shows nothing (the safe failure): dropping a policy can
    break a feature, never leak."""
    with engine.connect() as conn, conn.begin():
        conn.execute(text("INSERT INTO users (phone, language, timezone) VALUES ('+33600000001', 'fr', 'UTC')"))
        conn.execute(text("DROP POLICY system ON users"))
        _scope(conn, SYSTEM_ROLE, None)
        assert conn.execute(text("SELECT count(*) FROM users")).scalar_one() == 0
        conn.rollback()


# --- the application's transactions --------------------------------------------------------------------------------
def _seed_two(engine: Any) -> tuple[uuid.UUID, uuid.UUID]:
    with engine.begin() as conn:
        ids = [
            conn.execute(
                text("INSERT INTO users (phone, language, timezone) VALUES (:p, 'fr', 'UTC') RETURNING id"), {"p": p}
            ).scalar_one()
            for p in ("+33600000001", "+33600000002")
        ]
        for user_id in ids:
            conn.execute(text("INSERT INTO tasks (user_id, title) VALUES (:u, 'x')"), {"u": user_id})
    return ids[0], ids[1]


def _state(session: Any) -> tuple[str, str, int]:
    role, user = session.execute(text("SELECT current_user, current_setting('app.user_id', true)")).one()
    return str(role), str(user or ""), int(session.execute(text("SELECT count(*) FROM tasks")).scalar_one())


def test_a_pooled_connection_carries_no_person_into_the_next_transaction(database_url: str, clean_db: Any) -> None:
    a, _b = _seed_two(clean_db)
    engine = make_engine(database_url, pool_size=1, max_overflow=0)
    try:
        with unit_of_work(engine, scope=rls.person(a)) as uow:
            assert _state(uow.session) == (APP_ROLE, str(a), 1)
            first = uow.session.connection().connection.dbapi_connection
        with pytest.raises(RuntimeError), unit_of_work(engine, scope=rls.person(a)) as uow:
            assert _state(uow.session)[2] == 1
            raise RuntimeError("rolled back")
        with unit_of_work(engine, scope=rls.NOBODY) as uow:
            assert uow.session.connection().connection.dbapi_connection is first  # the same connection, reused
            assert _state(uow.session) == (APP_ROLE, "", 0)
        with engine.connect() as conn:  # and outside any scope: the connection's own user, no person
            role, user = conn.execute(text("SELECT current_user, current_setting('app.user_id', true)")).one()
            assert role != APP_ROLE and not user
    finally:
        engine.dispose()


def test_the_scope_changes_inside_a_transaction_and_an_owner_session_is_left_alone(
    database_url: str, clean_db: Any
) -> None:
    a, b = _seed_two(clean_db)
    engine = make_engine(database_url, pool_size=1, max_overflow=0)
    try:
        with unit_of_work(engine, scope=rls.system("test: find the person")) as uow:
            assert _state(uow.session) == (SYSTEM_ROLE, "", 2)
            rls.as_person(uow.session, b)
            assert _state(uow.session) == (APP_ROLE, str(b), 1)
            rls.as_system(uow.session, "test: back")
            assert _state(uow.session)[::2] == (SYSTEM_ROLE, 2)
        with unit_of_work(engine) as uow:  # the owner's session (migrations, fixtures): untouched
            rls.as_person(uow.session, a)
            role, _user, count = _state(uow.session)
            assert role not in ROLES and count == 2
    finally:
        engine.dispose()


def test_the_emulators_transactions_run_as_the_application_role(emulator: Any, people: Any) -> None:  # noqa: F811
    with emulator.deps.uow() as tx:
        assert _state(tx.session)[:2] == (APP_ROLE, "")
        assert tx.session.execute(text("SELECT count(*) FROM users")).scalar_one() == 0
    with emulator.deps.uow("test: count") as tx:
        assert tx.session.execute(text("SELECT count(*) FROM users")).scalar_one() == 2
    r = emulator.http.get("/v1/tasks", headers=people["a"])
    assert r.status_code == 200, r.text


def test_the_inbound_store_writes_each_batch_as_the_system_role_and_keeps_no_role(
    database_url: str, clean_db: Any
) -> None:
    from datetime import UTC, datetime

    from shared.db import dsn
    from shared.messaging.inbound import InboundSms, InboundStore

    def sms(sid: str) -> InboundSms:
        return InboundSms(sid, "AC0", "+33600000009", "+15005550006", "bonjour", {})

    connections: list[Any] = []

    def connect() -> Any:
        connections.append(dsn.connect_native(database_url))
        return connections[-1]

    now = datetime(2026, 11, 29, 12, tzinfo=UTC)
    store = InboundStore(connect, role=SYSTEM_ROLE)
    [stored] = store.store_batch([(sms("SM1"), now)])
    assert stored.message_id is not None
    [(role, person)] = connections[0].run("SELECT current_user, current_setting('app.user_id', true)")
    assert role not in ROLES and not person  # the role ended with the batch's transaction
    with pytest.raises(Exception, match="row-level security"):  # the role really is the batch's: as the
        InboundStore(connect, role=APP_ROLE).store_batch([(sms("SM2"), now)])  # app, no one's row is refused
    assert rows(clean_db, "SELECT provider_sid FROM messages") == [("SM1",)]
