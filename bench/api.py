"""REST API (issue 11, Speed): every list endpoint of the api function in-process for a person with 10,000
rows behind it, against the same endpoints for a person with no rows and a bare FastAPI route, in the same
run; and the api function's cold import against fastapi + mangum + sqlalchemy.orm + pg8000.

Lists. The collections are found in the app's own OpenAPI (functions.api.main.app.openapi()): every GET
without a path parameter whose 200 response has `items` and `next_cursor`. One database (a fresh copy of
the migrated template) holds the heavy person with 10,000 rows in each table behind them (reminders and
tasks as bench.agent seeds them, user_goals, grocery_items, expenses over 50 expense_categories, events,
notes, recipes with 5 ingredients and 3 steps each, locations), a second person with as many (so that the
scoping by user matters), an empty person (the baseline) and nothing else. A table that cannot be seeded
(its slice has not landed, or its columns changed) is skipped and said so; an endpoint that answers other
than 200 is skipped and said so. Requests go through httpx.ASGITransport into the real app with real Deps
(shared.wiring.install, as the emulator does) over the bench's Postgres and Redis, with a bearer token from
shared.auth.tokens.issue: the auth dependency, the person's row, the unit of work, the query, the response
model and JSON. Each round asks, per endpoint, the first page (default limit) and follows next_cursor a few
pages deep for the heavy person, then the first page for the empty person, then the bare route (a FastAPI
sync route with the same page model returning 50 fixed small items); p50/p95/p99 per endpoint. The target:
every list endpoint's p95 < 20 ms, first and deeper pages alike. For an endpoint that misses it, EXPLAIN
(ANALYZE, BUFFERS) of its main query (the slowest statement of one request) so that its owner can index it.

Cold import: fresh processes, median of 7 (3 with --quick): import functions.api.main (which builds the
app) vs a process importing fastapi, mangum, sqlalchemy.orm and pg8000; bytecode precompiled into a cache
of our own by an uncounted first run (as the Lambda package ships it); `python -X importtime` lists what
ours imports that the baseline does not.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import statistics
import tempfile
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from bench._common import Result, child_env, connect, say
from bench.agent import (
    BARE_IMPORT,
    EMPTY,
    HEAVY,
    OBJECTS,
    SEED_PERSON,
    TEXT,
    VERBS,
    Watch,
    add_people,
    child,
    import_extra,
    importtime,
    make_deps,
    round_trips,
    stats,
    used,
)

TARGET_P95_MS = 20.0
TARGET_IMPORT_RATIO = 1.2
OTHER = "+33644440000"
NOT_LISTS = {"/v1/health", "/v1/openapi.json", "/v1/docs", "/v1/docs/oauth2-redirect"}
CATEGORIES = 50

GROCERIES = ["lait", "pain", "oeufs", "beurre", "pommes", "riz", "pâtes", "café", "milk", "bread", "eggs", "rice"]
DISHES = ["quiche", "ratatouille", "gratin", "soupe", "curry", "lasagne", "salade", "tarte", "chili", "risotto"]
PLACES = ["pharmacie", "boulangerie", "bureau", "médecin", "dentiste", "garage", "piscine", "gym", "bank", "school"]

# table -> statements for one person (:uid), in order; expense_categories before expenses, recipes before
# their ingredients. The reminders and tasks are bench.agent's (mixed statuses, due dates around now).
SEEDS: dict[str, list[str]] = {
    "reminders": [s for s in SEED_PERSON if s.split()[2] == "reminders"],
    "tasks": [s for s in SEED_PERSON if s.split()[2] == "tasks"],
    "user_goals": [
        f"""INSERT INTO user_goals (user_id, title, description, status, target_date, progress, created_at,
                                   updated_at)
            SELECT :uid, {TEXT} || ' #' || g, CASE WHEN g % 4 = 0 THEN 'cette année' END,
                   (ARRAY['active', 'active', 'active', 'done', 'dropped'])[1 + g % 5],
                   CASE WHEN g % 2 = 0 THEN CAST(:now AS date) + g % 365 END, g % 101,
                   CAST(:now AS timestamptz) - make_interval(mins => g * 37),
                   CAST(:now AS timestamptz) - make_interval(mins => g * 17)
            FROM generate_series(1, :n) g"""
    ],
    "grocery_items": [
        """INSERT INTO grocery_items (user_id, name, name_key, quantity, unit, category, bought_at, created_at,
                                     updated_at)
           SELECT :uid, it || ' ' || g, lower(it) || ' ' || g, CASE WHEN g % 3 = 0 THEN 1 + g % 6 END,
                  CASE WHEN g % 3 = 0 THEN (ARRAY['kg', 'g', 'l', 'pc'])[1 + g % 4] END,
                  (ARRAY['produce', 'dairy', 'bakery', 'other'])[1 + g % 4],
                  CASE WHEN g % 10 < 7 THEN CAST(:now AS timestamptz) - make_interval(mins => g * 13) END,
                  CAST(:now AS timestamptz) - make_interval(mins => g * 29),
                  CAST(:now AS timestamptz) - make_interval(mins => g * 11)
           FROM (SELECT g, (CAST(:groceries AS text[]))[1 + g % :ng] AS it FROM generate_series(1, :n) g) x"""
    ],
    "expense_categories": [
        """INSERT INTO expense_categories (user_id, name, monthly_budget, currency, kind, created_at, updated_at)
           SELECT :uid, 'catégorie ' || g, CASE WHEN g % 3 = 0 THEN 100 + g * 10 END, 'EUR',
                  (ARRAY['restaurant', 'groceries', 'transport', 'health', 'leisure'])[1 + g % 5],
                  CAST(:now AS timestamptz) - make_interval(days => g), CAST(:now AS timestamptz) - make_interval(days => g)
           FROM generate_series(1, :ncat) g"""
    ],
    "expenses": [
        f"""INSERT INTO expenses (user_id, category_id, amount, currency, description, spent_on, payment_method,
                                 created_at, updated_at)
            SELECT :uid, c.ids[1 + g % cardinality(c.ids)], round((1 + (g * 7919) % 20000) / 100.0, 2), 'EUR',
                   {TEXT}, CAST(:now AS date) - (g * 7) % 730,
                   (ARRAY['card', 'cash', 'transfer', 'cheque', 'direct_debit', 'mobile', 'other'])[1 + g % 7],
                   CAST(:now AS timestamptz) - make_interval(mins => g * 101),
                   CAST(:now AS timestamptz) - make_interval(mins => g * 101)
            FROM generate_series(1, :n) g
            CROSS JOIN (SELECT array_agg(id) AS ids FROM expense_categories WHERE user_id = :uid) c"""
    ],
    "locations": [
        """INSERT INTO locations (user_id, name, address, kind, latitude, longitude, created_at, updated_at)
           SELECT :uid, (CAST(:places AS text[]))[1 + g % :np] || ' ' || g, g || ' rue de la Paix, Paris',
                  (ARRAY['home', 'work', 'shop', 'doctor', 'other'])[1 + g % 5],
                  48.8 + (g % 1000) / 10000.0, 2.3 + (g % 997) / 10000.0,
                  CAST(:now AS timestamptz) - make_interval(mins => g * 53),
                  CAST(:now AS timestamptz) - make_interval(mins => g * 19)
           FROM generate_series(1, :n) g"""
    ],
    "events": [
        f"""INSERT INTO events (user_id, title, starts_at, ends_at, all_day, location, source, created_at,
                               updated_at)
            SELECT :uid, {TEXT}, s, s + make_interval(mins => 30 + 30 * (g % 4)), g % 15 = 0,
                   CASE WHEN g % 5 = 0 THEN 'au bureau' END, 'local', s - interval '20 days', s - interval '20 days'
            FROM (SELECT g, CAST(:now AS timestamptz) + make_interval(hours => (g * 7919) % (2 * 365 * 24) - 365 * 24)
                         AS s
                  FROM generate_series(1, :n) g) x"""
    ],
    "notes": [
        f"""INSERT INTO notes (user_id, title, body, tags, created_at, updated_at)
            SELECT :uid, {TEXT}, 'note ' || g || ' ' || repeat('lorem ipsum dolor ', 1 + g % 20),
                   ARRAY[(ARRAY['maison', 'travail', 'idees', 'courses'])[1 + g % 4]],
                   CAST(:now AS timestamptz) - make_interval(mins => g * 43),
                   CAST(:now AS timestamptz) - make_interval(mins => g * 7)
            FROM generate_series(1, :n) g"""
    ],
    "recipes": [
        """INSERT INTO recipes (user_id, title, title_key, servings, prep_minutes, favourite, times_cooked,
                               last_cooked_at, created_at, updated_at)
           SELECT :uid, d || ' ' || g, lower(d) || ' ' || g, 1 + g % 8, 5 + g % 120, g % 10 = 0, g % 30,
                  CASE WHEN g % 30 > 0 THEN CAST(:now AS timestamptz) - make_interval(days => g % 400) END,
                  CAST(:now AS timestamptz) - make_interval(mins => g * 61),
                  CAST(:now AS timestamptz) - make_interval(mins => g * 23)
           FROM (SELECT g, (CAST(:dishes AS text[]))[1 + g % :nd] AS d FROM generate_series(1, :n) g) x""",
        """INSERT INTO recipe_ingredients (recipe_id, position, name, quantity, unit)
           SELECT r.id, p, (CAST(:groceries AS text[]))[1 + p % :ng], 100 * p, 'g'
           FROM recipes r CROSS JOIN generate_series(1, 5) p WHERE r.user_id = :uid""",
        """INSERT INTO recipe_instructions (recipe_id, position, text)
           SELECT r.id, p, 'étape ' || p || ' : mélanger et cuire' FROM recipes r CROSS JOIN generate_series(1, 3) p
           WHERE r.user_id = :uid""",
    ],
}
# The table behind a path, by its last known segment: /v1/expenses/categories -> expense_categories.
SEGMENT_TABLE = {
    "reminders": "reminders",
    "tasks": "tasks",
    "goals": "user_goals",
    "groceries": "grocery_items",
    "grocery": "grocery_items",
    "shopping": "grocery_items",
    "expenses": "expenses",
    "categories": "expense_categories",
    "expense_categories": "expense_categories",
    "events": "events",
    "calendar": "events",
    "notes": "notes",
    "recipes": "recipes",
    "places": "locations",
    "locations": "locations",
}


def table_for(path: str) -> str | None:
    for segment in reversed([s for s in path.split("/") if s and s != "v1"]):
        for name in (segment, segment.replace("-", "_"), segment.replace("_", "-").rsplit("-", 1)[-1]):
            if name in SEGMENT_TABLE:
                return SEGMENT_TABLE[name]
    return None


# --- seeding --------------------------------------------------------------------------------------------
def seed(url: str, *, n: int, now: datetime) -> dict[str, Any]:
    """The heavy and the other person with `n` rows in every table that takes them; the empty person."""
    params = {
        "now": now,
        "n": n,
        "ncat": CATEGORIES,
        "rung": 4,
        "verbs": VERBS,
        "objects": OBJECTS,
        "nv": len(VERBS),
        "no": len(OBJECTS),
        "groceries": GROCERIES,
        "ng": len(GROCERIES),
        "dishes": DISHES,
        "nd": len(DISHES),
        "places": PLACES,
        "np": len(PLACES),
    }
    conn = connect(url)
    try:
        ids: dict[str, uuid.UUID] = add_people(conn, (HEAVY, OTHER, EMPTY), now=now)
        skipped: dict[str, str] = {}
        for table, statements in SEEDS.items():
            for phone in (HEAVY, OTHER):
                for sql in statements:
                    if table in skipped:
                        break
                    try:
                        conn.run(sql, **used(sql, params | {"uid": ids[phone], "phone": phone}))
                    except Exception as exc:  # a slice not landed yet, or columns that changed
                        skipped[table] = str(getattr(exc, "args", [exc])[0])[:300]
        rows: dict[str, int] = {}
        for table in (*SEEDS, "users", "recipe_ingredients", "recipe_instructions"):
            with contextlib.suppress(Exception):  # a table not there yet
                conn.run(f"VACUUM ANALYZE {table}")
        for table in SEEDS:
            if table not in skipped:
                rows[table] = conn.run(f"SELECT count(*) FROM {table} WHERE user_id = :u", u=ids[HEAVY])[0][0]
    finally:
        conn.close()
    return {"ids": ids, "rows": rows, "skipped": skipped}


# --- the endpoints ----------------------------------------------------------------------------------------
@dataclass
class Endpoint:
    path: str
    table: str | None
    limit: int
    heavy_first: list[float] = field(default_factory=list)
    heavy_deep: list[float] = field(default_factory=list)
    empty_first: list[float] = field(default_factory=list)
    sql_ms: list[float] = field(default_factory=list)
    sql_n: list[int] = field(default_factory=list)
    empty_sql_ms: list[float] = field(default_factory=list)
    statuses: Counter[int] = field(default_factory=Counter)
    pages: int = 0  # pages the heavy person's chain reached
    heavy_ids: set[str] = field(default_factory=set)
    empty_ids: set[str] = field(default_factory=set)
    first_items: int = 0
    skipped: str = ""
    explain: dict[str, Any] = field(default_factory=dict)

    def worst_p95(self) -> float:
        return max(stats(self.heavy_first)["p95"], stats(self.heavy_deep)["p95"] if self.heavy_deep else 0.0)


def _resolve(schema: dict[str, Any], spec: dict[str, Any]) -> dict[str, Any]:
    ref = schema.get("$ref", "")
    if ref.startswith("#/components/schemas/"):
        found: dict[str, Any] = spec.get("components", {}).get("schemas", {}).get(ref.rsplit("/", 1)[1], {})
        return found
    return schema


def collections(app: Any) -> tuple[list[Endpoint], dict[str, str]]:
    """Every GET without a path parameter whose 200 answer is a page (items + next_cursor); what else is
    left out and why."""
    spec: dict[str, Any] = app.openapi()
    found: list[Endpoint] = []
    other: dict[str, str] = {}
    for path, ops in sorted(spec.get("paths", {}).items()):
        op = ops.get("get")
        if op is None or "{" in path or path in NOT_LISTS:
            continue
        content = op.get("responses", {}).get("200", {}).get("content", {}).get("application/json", {})
        schema = _resolve(content.get("schema", {}), spec)
        if not {"items", "next_cursor"} <= set(schema.get("properties", {})):
            other[path] = "not a page (no items + next_cursor)"
            continue
        params = [p for p in op.get("parameters", []) if p.get("in") == "query"]
        limit = next((p.get("schema", {}).get("default", 50) for p in params if p.get("name") == "limit"), 50)
        endpoint = Endpoint(path, table_for(path), int(limit))
        required = [p["name"] for p in params if p.get("required")]
        if required:
            endpoint.skipped = f"required query parameters {required}"
        found.append(endpoint)
    return found, other


def bare_app() -> Any:
    """A bare FastAPI app in the same style: a sync route, the same page model, 50 small fixed items."""
    from fastapi import FastAPI
    from pydantic import BaseModel

    from functions.api.kit import PageOut

    class Item(BaseModel):
        id: uuid.UUID
        text: str
        at: datetime
        status: str

    start = datetime(2026, 1, 1, tzinfo=timezone.utc)
    items = [
        Item(id=uuid.UUID(int=i + 1), text=f"item {i}", at=start + timedelta(hours=i), status="pending")
        for i in range(50)
    ]
    app = FastAPI()

    @app.get("/v1/bare", response_model=PageOut[Item])
    def bare() -> PageOut[Item]:
        return PageOut(items=items, next_cursor="eyJrIjoidCJ9")

    return app


# --- the run ---------------------------------------------------------------------------------------------
class Capture:
    """The raw statements (with parameters and time) of the requests made while it is on."""

    def __init__(self, engine: Any) -> None:
        from sqlalchemy import event

        self.on = False
        self.statements: list[tuple[float, str, Any]] = []

        def before(conn: Any, cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
            conn.info["bench_api_t0"] = time.perf_counter()

        def after(conn: Any, cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
            if self.on:
                ms = (time.perf_counter() - conn.info.pop("bench_api_t0", time.perf_counter())) * 1000
                self.statements.append((ms, statement, parameters))

        event.listen(engine, "before_cursor_execute", before)
        event.listen(engine, "after_cursor_execute", after)


async def rounds(
    app: Any, bare: Any, endpoints: list[Endpoint], tokens: dict[str, str], watch: Watch, *, reps: int, depth: int
) -> list[float]:
    import httpx

    bare_ms: list[float] = []
    live = [e for e in endpoints if not e.skipped]
    async with (
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://api.bench") as client,
        httpx.AsyncClient(transport=httpx.ASGITransport(app=bare), base_url="http://api.bench") as plain,
    ):

        async def get(e: Endpoint, who: str, cursor: str | None) -> tuple[float, dict[str, Any] | None]:
            watch.reset()
            start = time.perf_counter()
            r = await client.get(
                e.path,
                params={"cursor": cursor} if cursor else None,
                headers={"authorization": f"Bearer {tokens[who]}"},
            )
            ms = (time.perf_counter() - start) * 1000
            e.statuses[r.status_code] += 1
            if who == "heavy":
                e.sql_ms.append(watch.sql_ms)
                e.sql_n.append(watch.sql_n)
            else:
                e.empty_sql_ms.append(watch.sql_ms)
            return ms, (r.json() if r.status_code == 200 else None)

        for e in live:  # warm up; an endpoint that does not answer 200 is left out
            for _ in range(3):
                for who in ("heavy", "empty"):
                    _, body = await get(e, who, None)
                    if body is None and not e.skipped:
                        e.skipped = f"answered {', '.join(str(s) for s in e.statuses if s != 200)} ({who} person)"
            e.statuses.clear()
            e.sql_ms.clear()
            e.sql_n.clear()
            e.empty_sql_ms.clear()
        for _ in range(3):
            await plain.get("/v1/bare")
        live = [e for e in live if not e.skipped]
        for rep in range(reps):
            for e in live if rep % 2 == 0 else reversed(live):
                order = ("heavy", "empty") if rep % 2 == 0 else ("empty", "heavy")
                for who in order:
                    if who == "empty":
                        ms, body = await get(e, "empty", None)
                        e.empty_first.append(ms)
                        if rep == 0 and body:
                            e.empty_ids |= {str(i.get("id")) for i in body.get("items", [])}
                        continue
                    cursor: str | None = None
                    for page in range(depth):
                        ms, body = await get(e, "heavy", cursor)
                        (e.heavy_deep if page else e.heavy_first).append(ms)
                        if body is None:
                            break
                        if rep == 0:
                            e.heavy_ids |= {str(i.get("id")) for i in body.get("items", [])}
                            e.pages = page + 1
                            if page == 0:
                                e.first_items = len(body.get("items", []))
                        cursor = body.get("next_cursor")
                        if not cursor:
                            break
            start = time.perf_counter()
            r = await plain.get("/v1/bare")
            bare_ms.append((time.perf_counter() - start) * 1000)
            assert r.status_code == 200 and len(r.json()["items"]) == 50
    return bare_ms


def explain(app: Any, deps: Any, capture: Capture, e: Endpoint, token: str, *, deep: bool) -> dict[str, Any]:
    """EXPLAIN (ANALYZE, BUFFERS) of the slowest statement of one request (the first page, or the second)."""
    import httpx

    async def one() -> None:
        headers = {"authorization": f"Bearer {token}"}
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://b") as c:
            r = await c.get(e.path, headers=headers)
            cursor = r.json().get("next_cursor") if r.status_code == 200 else None
            capture.statements.clear()
            capture.on = True
            try:
                await c.get(e.path, params={"cursor": cursor} if deep and cursor else None, headers=headers)
            finally:
                capture.on = False

    asyncio.run(one())
    if not capture.statements:
        return {}
    mine = [s for s in capture.statements if e.table and f"FROM {e.table}" in s[1]] or capture.statements
    ms, sql, params = max(mine, key=lambda s: s[0])
    with deps.engine.connect() as conn:
        plan = [row[0] for row in conn.exec_driver_sql("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)]
        conn.rollback()
    return {"ms": ms, "sql": " ".join(sql.split()), "plan": plan, "statements": len(capture.statements)}


def lists_bench(stack: Any, *, quick: bool) -> dict[str, Any]:
    from local.stack import start_redis
    from shared.auth.tokens import issue
    from shared.wiring import install

    n = 10_000
    reps, depth = (30, 3) if quick else (200, 5)
    say(
        f"\n== api: every list endpoint in-process (httpx ASGITransport, real Deps), {reps} rounds, first page + "
        f"{depth - 1} deeper, for a person with {n:,} rows in each table (and another with as many) vs a person "
        "with none and a bare FastAPI route returning 50 items"
    )
    url = stack.database("bench_api")
    redis = start_redis(Path(stack.dir) / "redis" / "api.rdb")
    watch = Watch()
    deps = make_deps(url, redis.url, watch)
    try:
        t0 = time.perf_counter()
        seeded = seed(url, n=n, now=deps.clock.now())
        say(
            f"seeded in {time.perf_counter() - t0:.1f} s, rows of the heavy person: "
            + ", ".join(f"{t} {c:,}" for t, c in seeded["rows"].items())
        )
        for table, why in seeded["skipped"].items():
            say(f"  table {table} not seeded (skipped): {why}")
        from functions.api.main import app

        install(deps)
        capture = Capture(deps.engine)
        endpoints, other = collections(app)
        say(f"list endpoints in the OpenAPI: {', '.join(e.path for e in endpoints) or 'none'}")
        for path, why in other.items():
            say(f"  {path}: left out, {why}")
        floor = round_trips(deps)
        secret = deps.settings.token_secret.get_secret_value()
        now = deps.clock.now()
        tokens = {
            who: issue(seeded["ids"][phone], secret=secret, now=now, ttl=timedelta(hours=3))
            for who, phone in (("heavy", HEAVY), ("empty", EMPTY))
        }
        t0 = time.perf_counter()
        bare_ms = asyncio.run(rounds(app, bare_app(), endpoints, tokens, watch, reps=reps, depth=depth))
        run_s = time.perf_counter() - t0
        for e in endpoints:
            if e.skipped:
                say(f"  {e.path}: skipped, {e.skipped}")
        live = [e for e in endpoints if not e.skipped]
        checks = scoping(url, live, seeded)
        bare = stats(bare_ms)
        report(live, seeded, bare, floor, run_s)
        for e in live:
            if e.worst_p95() >= TARGET_P95_MS:
                deep = bool(e.heavy_deep) and stats(e.heavy_deep)["p95"] > stats(e.heavy_first)["p95"]
                e.explain = explain(app, deps, capture, e, tokens["heavy"], deep=deep)
                if e.explain:
                    say(
                        f"\n{e.path} misses p95 < {TARGET_P95_MS:.0f} ms; its slowest statement "
                        f"({'a deeper page' if deep else 'the first page'}, {e.explain['ms']:.1f} ms of "
                        f"{e.explain['statements']} statements):\n  {e.explain['sql'][:600]}\nEXPLAIN (ANALYZE, BUFFERS):"
                    )
                    for line in e.explain["plan"]:
                        say("  " + line)
    finally:
        install(None)
        deps.close()
        redis.stop()
    return {
        "n": n,
        "reps": reps,
        "depth": depth,
        "rows": seeded["rows"],
        "tables_skipped": seeded["skipped"],
        "not_lists": other,
        "bare": bare,
        "round_trips": floor,
        "run_seconds": run_s,
        "load_average": os.getloadavg(),
        "checks": checks,
        "endpoints": {
            e.path: {
                "table": e.table,
                "skipped": e.skipped,
                "limit": e.limit,
                "first_items": e.first_items,
                "pages": e.pages,
                "statuses": dict(e.statuses),
            }
            | (
                {
                    "heavy_first": stats(e.heavy_first),
                    "heavy_deep": stats(e.heavy_deep),
                    "empty_first": stats(e.empty_first),
                    "sql_ms_p50": statistics.median(e.sql_ms) if e.sql_ms else None,
                    "sql_n_p50": statistics.median(e.sql_n) if e.sql_n else None,
                    "empty_sql_ms_p50": statistics.median(e.empty_sql_ms) if e.empty_sql_ms else None,
                    "p95": e.worst_p95(),
                    "explain": e.explain,
                }
                if not e.skipped
                else {}
            )
            for e in endpoints
        },
    }


def scoping(url: str, live: list[Endpoint], seeded: dict[str, Any]) -> dict[str, Any]:
    """Every answer 200; the heavy person sees only their own rows (and some); the empty one none of theirs."""
    ids = seeded["ids"]
    out: dict[str, Any] = {}
    conn = connect(url)
    try:
        for e in live:
            bad = sum(c for s, c in e.statuses.items() if s != 200)
            note: dict[str, Any] = {"non_200": bad, "heavy_items": len(e.heavy_ids), "empty_items": len(e.empty_ids)}
            if e.table in seeded["rows"]:
                owners = dict(
                    conn.run(
                        f"SELECT user_id, count(*) FROM {e.table} WHERE CAST(id AS text) = ANY(CAST(:ids AS text[])) "
                        "GROUP BY user_id",
                        ids=sorted(e.heavy_ids | e.empty_ids),
                    )
                )
                note["others_rows_seen"] = sum(c for u, c in owners.items() if u != ids[HEAVY])
                note["ok"] = bad == 0 and note["others_rows_seen"] == 0 and len(e.heavy_ids) > 0
            else:
                note["ok"] = bad == 0
                note["unchecked"] = "no seeded table known for this path"
            out[e.path] = note
    finally:
        conn.close()
    out["ok"] = all(v["ok"] for v in out.values())
    failed = [p for p, v in out.items() if p != "ok" and not v["ok"]]
    say(
        "check: every answer 200, the heavy person's pages hold only their rows, the empty person's none of "
        f"anyone's -> {'OK' if out['ok'] else 'FAILED: ' + ', '.join(failed)}"
    )
    return out


def report(
    live: list[Endpoint], seeded: dict[str, Any], bare: dict[str, float], floor: dict[str, float], run_s: float
) -> None:
    def trio(s: dict[str, float]) -> str:
        return f"{s['p50']:5.1f} {s['p95']:5.1f} {s['p99']:5.1f}" if s["n"] else f"{'-':>5} {'-':>5} {'-':>5}"

    say(
        f"{len(live)} endpoints measured in {run_s:.1f} s; the floor here: SELECT 1 p50 {floor['select_1_ms']:.2f} ms, "
        f"one transaction through the engine p50 {floor['transaction_ms']:.2f} ms; load average "
        f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs (other work on the machine inflates every column alike)"
    )
    say(
        f"{'endpoint':26}{'table (rows)':28}{'first page p50/95/99':>22}{'deeper pages':>20}{'empty person':>20}"
        f"{'SQL ms/n (empty)':>18}  verdict"
    )
    for e in live:
        rows = seeded["rows"].get(e.table or "", 0)
        table = f"{e.table or '?'} ({rows:,})" if e.table in seeded["rows"] else f"{e.table or '?'} (not seeded)"
        sql = (
            f"{statistics.median(e.sql_ms):.1f}/{statistics.median(e.sql_n):.0f} "
            f"({statistics.median(e.empty_sql_ms):.1f})"
            if e.sql_ms and e.empty_sql_ms
            else "-"
        )
        verdict = "ok" if e.worst_p95() < TARGET_P95_MS else "MISS"
        say(
            f"{e.path:26}{table:28}{trio(stats(e.heavy_first)):>22}{trio(stats(e.heavy_deep)):>20}"
            f"{trio(stats(e.empty_first)):>20}{sql:>18}  {verdict} ({e.first_items} items, {e.pages} pages)"
        )
    say(f"{'bare FastAPI route, 50 items':54}{trio(bare):>22}")
    if live:
        worst = max(live, key=Endpoint.worst_p95)
        say(f"slowest: {worst.path}, p95 {worst.worst_p95():.1f} ms (target < {TARGET_P95_MS:.0f} ms)")


# --- cold import ----------------------------------------------------------------------------------------------
# SDKs an API cold start should not pay for (LIBRARIES §11): imported at module top, they would show here.
HEAVY_SDKS = ("google.genai", "google.generativeai", "msgraph", "twilio", "dateparser", "boto3", "numpy", "flask")
OURS_IMPORT = (
    f"HEAVY = {HEAVY_SDKS!r}\n"
    + """\
import time; t0 = time.perf_counter()
import json, sys
import functions.api.main
t1 = time.perf_counter()
print("BENCHJSON " + json.dumps({"ms": (t1 - t0) * 1000, "modules": len(sys.modules),
      "heavy": sorted(set(sys.modules) & set(HEAVY))}))
"""
)


def import_bench(url: str, *, quick: bool) -> dict[str, Any]:
    reps = 3 if quick else 7
    say(
        f"\n== api: cold import, fresh processes, median of {reps}: functions.api.main (builds the app) vs import "
        "fastapi, mangum, sqlalchemy.orm, pg8000"
    )
    pycache = tempfile.mkdtemp(prefix="bench-api-pycache-")
    env = child_env(PYTHONPYCACHEPREFIX=pycache, BOUSSOLE_ENV="test", BOUSSOLE_DATABASE_URL=url, BOUSSOLE_QUEUE="none")
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    runs: dict[str, list[dict[str, Any]]] = {"ours": [], "baseline": []}
    try:
        for i in range(reps + 1):  # the first of each writes the bytecode, not counted
            for name, text in (("ours", OURS_IMPORT), ("baseline", BARE_IMPORT)):
                out = child(text, env)
                if i:
                    runs[name].append(out)
        mine, theirs = importtime(OURS_IMPORT, env), importtime(BARE_IMPORT, env)
    finally:
        shutil.rmtree(pycache, ignore_errors=True)
    fig = {
        name: {
            "median_ms": statistics.median(r["ms"] for r in rs),
            "min_ms": min(r["ms"] for r in rs),
            "process_median_ms": statistics.median(r["wall_ms"] for r in rs),
            "modules": rs[-1]["modules"],
            "runs_ms": [round(r["ms"], 1) for r in rs],
        }
        for name, rs in runs.items()
    }
    for name, f in fig.items():
        say(
            f"{name:9}: in-child median {f['median_ms']:.0f} ms (min {f['min_ms']:.0f}), process median "
            f"{f['process_median_ms']:.0f} ms, {f['modules']} modules"
        )
    ratio = fig["ours"]["median_ms"] / fig["baseline"]["median_ms"]
    heavy = sorted({m for r in runs["ours"] for m in r["heavy"]})
    say(
        f"ratio {ratio:.2f}x; target <= {TARGET_IMPORT_RATIO:.1f}x -> {'MET' if ratio <= TARGET_IMPORT_RATIO else 'MISSED'}"
        f"; heavy SDKs imported: {', '.join(heavy) or 'none'}"
    )
    extra = import_extra(mine, theirs)
    say(
        f"python -X importtime (self times, a little inflated): ours {sum(mine.values()) / 1000:.0f} ms, baseline "
        f"{sum(theirs.values()) / 1000:.0f} ms; ours imports {sum(extra.values()):.0f} ms the baseline does not; "
        "the largest:"
    )
    for key, ms in list(extra.items())[:10]:
        say(f"  {ms:6.1f} ms  {key}")
    return {"reps": reps, **fig, "ratio": ratio, "heavy_sdks": heavy, "extra_ms": dict(list(extra.items())[:30])}


def run(stack: Any, *, quick: bool) -> Result:
    lists = lists_bench(stack, quick=quick)
    imports = import_bench(stack.database("bench_api_import"), quick=quick)
    measured = {p: e for p, e in lists["endpoints"].items() if not e["skipped"]}
    worst = max(measured.items(), key=lambda kv: kv[1]["p95"], default=None)
    ours = worst[1]["p95"] if worst else float("nan")
    base = lists["bare"]["p95"]
    missed = sorted(p for p, e in measured.items() if e["p95"] >= TARGET_P95_MS)
    met_lists = bool(measured) and not missed
    met_import = imports["ratio"] <= TARGET_IMPORT_RATIO
    say(
        f"api: {len(measured)} list endpoints, worst p95 {ours:.1f} ms ({worst[0] if worst else '-'}) with "
        f"{lists['n']:,} rows vs bare route p95 {base:.2f} ms; target every p95 < {TARGET_P95_MS:.0f} ms -> "
        f"{'MET' if met_lists else 'MISSED: ' + (', '.join(missed) or 'no endpoint measured')}; cold import "
        f"{imports['ratio']:.2f}x the baseline -> {'MET' if met_import else 'MISSED'}"
    )
    return Result(
        bench="api",
        figure=f"worst list p95 ms ({lists['n']:,} rows)",
        ours=ours,
        baseline=base,
        ratio=ours / base if base else float("nan"),
        target=f"every list p95 < {TARGET_P95_MS:.0f} ms; import <= {TARGET_IMPORT_RATIO:.1f}x",
        passed=met_lists and met_import,
        checks_ok=lists["checks"]["ok"],
        details={"lists": lists, "cold_import": imports},
    )
