"""Agent turn (issue 10, Speed): offline agent turns end to end for a person with 10,000 reminders, 10,000
tasks and 10,000 memories, against the same turns for a person with no data, in the same run; and the
agent_turn function's cold import against fastapi + mangum + sqlalchemy.orm + pg8000.

Turns. One database (a fresh copy of the migrated template) holds the heavy person (10,000 reminders of
mixed statuses, some weekly series, due over the next six months, a few that rang minutes ago; 10,000
tasks; 10,000 ltm_memories with a dummy 768-dimension embedding; 10,000 past inbound messages), 100 other
people with 100 of each, an empty person (the baseline) and a warm-up person. Each turn is real: the SMS
is stored with InboundStore.store_batch as the webhook does (not timed), then `deps.run_agent_turn(job_id)`
is timed: per-person lock, person, carrier keywords and limits, the offline brain (no Gemini key), tools
through the registry and the reminders service, the reply into the outbox, the agent log, commit, the
conversation state saved in Redis, and the reply delivered through sms_gateway "console" (an XADD on the
bench's Redis: no network, no provider latency). Real Deps over the bench's embedded Postgres and a Redis
from local.stack.start_redis; sms_send_rate 1000 so the provider's rate never waits.

The script: blocks of 12 messages, alternately French and English (new reminders with and without
"rappelle-moi"/"remind me", a weekly one, "c'est quoi mes rappels ?", "quand est mon rappel pour X ?",
"plus besoin du rappel pour X", "fait", "+10", thanks, greetings, nonsense), X being what the block itself
set. The heavy and the empty person take turns message by message (same messages, same order, same
machine noise). Before "fait" and "+10" one reminder rings for that person (written as the sweep leaves it:
sent a minute ago; earlier rung ones closed) so both have exactly one to act on. The app's clock (a
TravelClock) moves 45 s after each turn, so a person writes every 90 s: under the 10/min and 60/h limits.

Reported: p50/p95/p99 per turn and per kind of message for both people; where a turn's time goes (SQL per
statement through SQLAlchemy's cursor events, Redis calls, delivery, commits and pool checkouts, the floor
of one round trip on this machine); what "when is X" / "cancel X" did with X (from agent_logs.tool_calls);
and, when the p95 target is missed, where the time goes on more turns of each person: py-spy (sampling from
outside, wall clock, main thread) when it is installed in the venv, else cProfile (which slows Python down).

Cold import: fresh processes, median of 7 (3 with --quick): import functions.agent_turn.main, then
Deps(get_settings()).agent without a Gemini key (google.genai must not be in sys.modules); cache "upstash" as
deployed (its client is built, nothing is sent) and "redis" for comparison; vs a process importing fastapi,
mangum, sqlalchemy.orm and pg8000. Bytecode as the Lambda package ships it (compiled at build): a first,
uncounted run of each writes it to a cache of our own (PYTHONPYCACHEPREFIX; PYTHONDONTWRITEBYTECODE dropped
for the children), not to __pycache__ in the tree. When the ratio is missed, `python -X importtime` lists
what ours imports that the baseline does not.
"""

from __future__ import annotations

import cProfile
import json
import os
import pstats
import re
import shutil
import signal
import statistics
import subprocess
import tempfile
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from bench._common import PY, ROOT, TWILIO_SID, Result, child_env, connect, inbound_form, new_sid, percentile, say

TARGET_P95_MS = 50.0
TARGET_IMPORT_RATIO = 1.0
STEP = timedelta(seconds=45)  # app clock per turn; two people alternate, so each writes every 90 s
HEAVY, EMPTY, WARM = "+33611110000", "+33622220000", "+33633330000"
DIM = 768

# --- the script -----------------------------------------------------------------------------------------
# (what the later "when"/"cancel" message names, the message that sets it)
FR_WITH = [
    ("le plombier", "rappelle-moi demain à 9h d'appeler le plombier"),
    ("l'ostéo", "Rappelle moi jeudi 15h30 d'aller chez l'ostéo"),
    ("le contrôle technique", "rappelle-moi dans 3 mois de faire le contrôle technique"),
    ("le train", "rappelle-moi le 15 décembre de réserver le train pour Noël"),
    ("les fleurs", "rappelle-moi samedi matin d'acheter des fleurs pour Léa"),
    ("l'assurance", "rappelle-moi dans 2 semaines de rappeler l'assurance"),
    ("les impôts", "rappelle moi lundi à 10h de payer les impôts"),
    ("le passeport", "rappelle-moi dans 6 semaines de renouveler mon passeport"),
    ("les pneus", "rappelle-moi le 3 janvier de changer les pneus"),
    ("le vaccin", "stp rappelle-moi mercredi 17h le vaccin du chat"),
]
FR_PLAIN = [
    ("le garage", "rdv garage lundi à 8h"),
    ("le dentiste", "dentiste mardi 14h"),
    ("la pharmacie", "pharmacie dem 10h"),
    ("le coiffeur", "rdv coiffeur sam 11h"),
    ("le loyer", "faut que je paie le loyer le 5"),
    ("le linge", "sortir le linge ce soir 20h"),
    ("maman", "appeler maman dimanche 18h"),
    ("le pain", "n'oublie pas le pain demain matin"),
    ("les clés", "rendre les clés à Mme Durand vendredi 18h"),
    ("la banque", "rdv banque jeudi 11h"),
]
FR_MORE = [
    "rappelle-moi dans 1h de sortir le chien",
    "rappelle-moi ce soir à 22h de charger le tel",
    "rappelle moi dans 45 min de sortir le gâteau du four",
    "Rappelle-moi vendredi à 15h d'appeler l'école",
    "rappelle-moi dans 3 semaines de prendre rdv chez l'ophtalmo",
]
FR_EVERY = [
    "tous les lundis à 8h sortir les poubelles",
    "tous les jours à 21h médicaments",
    "tous les vendredis à 17h appeler mamie",
    "chaque mercredi à 19h chorale",
    "tous les mois le 1er payer le loyer",
]
FR_LIST = ["c'est quoi mes rappels ?", "j'ai quoi comme rappels", "mes rappels stp", "liste mes rappels"]
FR_WHEN = ["quand est mon rappel pour {x} ?", "c'est quand mon rappel pour {x}"]
FR_CANCEL = ["plus besoin du rappel pour {x}", "annule le rappel pour {x}"]
FR_DONE = ["fait", "c'est fait", "fait !", "ok fait"]
FR_SNOOZE = ["+10", "plus tard", "+15", "encore 10 min"]
FR_THANKS = ["merci !", "merci beaucoup 🙏", "merci bcp", "super merci"]
FR_HELLO = ["salut", "coucou ça va", "bonjour", "ça va ?"]
FR_NONSENSE = ["asdfgh", "le chat est sur la table", "🍕🍕", "qsdkjh qsd", "hmm"]

EN_WITH = [
    ("the plumber", "remind me tomorrow at 9 to call the plumber"),
    ("the passport", "remind me in 3 months to renew my passport"),
    ("the train", "remind me on december 15 to book the train"),
    ("the babysitter", "remind me next friday at noon to pay the babysitter"),
    ("the school", "remind me on friday at 3pm to call the school"),
    ("the haircut", "remind me in 6 weeks to get a haircut"),
    ("the tires", "remind me on january 3 to change the tires"),
    ("taxes", "remind me monday at 10am to pay taxes"),
    ("the vaccine", "remind me wednesday 5pm about the cat's vaccine"),
    ("the insurance", "remind me in 2 weeks to call the insurance"),
]
EN_PLAIN = [
    ("the dentist", "dentist tuesday 2pm"),
    ("the dry cleaning", "pick up dry cleaning friday 5pm"),
    ("the vet", "vet appt thu 4:30pm"),
    ("the water bill", "pay water bill on the 28th"),
    ("mom", "call mom sunday at 6pm"),
    ("milk", "buy milk tomorrow morning"),
    ("gym", "gym class wed 7pm"),
    ("the pharmacy", "pharmacy tmrw 10am"),
    ("the keys", "return the keys to Mrs Durand friday 6pm"),
    ("the bank", "bank appt thursday 11am"),
]
EN_MORE = [
    "remind me in 2 hours to drink water",
    "remind me tonight at 10 to charge my phone",
    "remind me at 6pm to start dinner",
    "remind me saturday morning to buy flowers for Lea",
    "Remind me in 45 min to take the cake out",
]
EN_EVERY = [
    "every day at 9pm meds",
    "every friday at 5pm call grandma",
    "every monday at 8am take out the trash",
    "every tuesday at 6:30pm swimming",
    "every wednesday at 7pm choir practice",
]
EN_LIST = ["what reminders do I have?", "what are my reminders", "list my reminders", "my reminders pls"]
EN_WHEN = ["when is my reminder for {x}?"]
EN_CANCEL = [
    "forget the reminder for {x}",
    "cancel the reminder about {x}",
    "remove my reminder about {x}",
    "no longer need the reminder for {x}",
]
EN_DONE = ["done", "done!", "did it", "ok done"]
EN_SNOOZE = ["+10", "later", "snooze", "+20"]
EN_THANKS = ["thanks!", "thx", "thanks a lot", "thank you!"]
EN_HELLO = ["hi", "hey", "good morning", "how are you"]
EN_NONSENSE = ["blue banana keyboard", "lol", "???", "asdf", "🙃"]

KINDS = ("new+remind", "new plain", "new weekly", "list", "when is X", "cancel X", "done", "+10", "thanks")
KINDS += ("hello", "nonsense")
# The intents the offline brain should pick for each kind (a mismatch is reported, not a failure).
EXPECTED = {
    "new+remind": ("reminder.create",),
    "new plain": ("reminder.create",),
    "new weekly": ("reminder.create",),
    "list": ("reminder.list",),
    "when is X": ("reminder.when_is",),
    "cancel X": ("reminder.cancel",),
    "done": ("reminder.acknowledge",),
    "+10": ("reminder.snooze",),
    "thanks": ("smalltalk.thanks",),
    "hello": ("smalltalk.greeting",),
    "nonsense": ("unknown",),
}
RUNG_TEXT = {"fr": "prendre les médicaments", "en": "take my meds"}


@dataclass(frozen=True)
class Line:
    kind: str
    text: str
    lang: str
    ring: bool = False  # one reminder rings for the person just before this message


def script(blocks: int) -> list[Line]:
    """`blocks` blocks of 12 messages; even blocks French, odd ones English."""
    out: list[Line] = []
    for b in range(blocks):
        fr = b % 2 == 0
        k = b // 2
        lang = "fr" if fr else "en"
        with_ = (FR_WITH if fr else EN_WITH)[k % 10]
        plain = (FR_PLAIN if fr else EN_PLAIN)[k % 10]

        def pick(pool: list[str], k: int = k) -> str:
            return pool[k % len(pool)]

        out += [
            Line("new+remind", with_[1], lang),
            Line("new plain", plain[1], lang),
            Line("list", pick(FR_LIST if fr else EN_LIST), lang),
            Line("done", pick(FR_DONE if fr else EN_DONE), lang, ring=True),
            Line("thanks", pick(FR_THANKS if fr else EN_THANKS), lang),
            Line("when is X", pick(FR_WHEN if fr else EN_WHEN).format(x=with_[0]), lang),
            Line("+10", pick(FR_SNOOZE if fr else EN_SNOOZE), lang, ring=True),
            Line("nonsense", pick(FR_NONSENSE if fr else EN_NONSENSE), lang),
            Line("new weekly", pick(FR_EVERY if fr else EN_EVERY), lang),
            Line("cancel X", pick(FR_CANCEL if fr else EN_CANCEL).format(x=plain[0]), lang),
            Line("hello", pick(FR_HELLO if fr else EN_HELLO), lang),
            Line("new+remind", pick(FR_MORE if fr else EN_MORE), lang),
        ]
    return out


# --- seeding --------------------------------------------------------------------------------------------
VERBS = ["appeler", "payer", "acheter", "envoyer", "réserver", "vérifier", "préparer", "ranger", "relire", "noter"]
VERBS += ["call", "pay", "buy", "send", "book", "check", "prepare", "tidy", "review", "write"]
OBJECTS = ["le médecin", "la facture EDF", "du lait", "le colis", "la salle", "le compteur", "le dossier Martin"]
OBJECTS += ["the landlord", "the invoice", "eggs", "the parcel", "the meeting room", "the report", "the boiler"]
OBJECTS += ["le devis", "la mutuelle", "les photos", "the slides", "the contract", "the bike", "le frigo"]
FACTS = ["aime le thé vert", "allergique aux arachides", "sa fille s'appelle Léa", "travaille chez Airbus"]
FACTS += ["prefers mornings", "runs on sundays", "has a cat named Miso", "vegetarian since 2019"]

TEXT = "(CAST(:verbs AS text[]))[1 + (g * 7) % :nv] || ' ' || (CAST(:objects AS text[]))[1 + (g * 13) % :no]"

SEED_PERSON = [
    # reminders: 60 % pending over the next 180 days (1 in 20 of them a weekly series), 20 % sent, 10 %
    # acknowledged, 7 % cancelled, 2 % failed, 1 % suppressed; all created long before the run
    f"""INSERT INTO reminders (user_id, text, due_at, timezone, rrule, status, language, fired_at, sent_at,
                              created_at, updated_at)
        SELECT :uid, {TEXT} || CASE WHEN g % 3 = 0 THEN ' #' || g ELSE '' END, due, 'Europe/Paris',
               CASE WHEN st = 'pending' AND g % 20 = 0 THEN
                    'DTSTART:' || to_char(due AT TIME ZONE 'Europe/Paris', 'YYYYMMDD"T"HH24MISS')
                    || chr(10) || 'RRULE:FREQ=WEEKLY;BYDAY=' || left(to_char(due AT TIME ZONE 'Europe/Paris', 'DY'), 2)
               END,
               st, CASE WHEN g % 4 = 0 THEN 'en' ELSE 'fr' END,
               CASE WHEN st IN ('sent', 'acknowledged', 'failed', 'suppressed') THEN due END,
               CASE WHEN st IN ('sent', 'acknowledged') THEN due + interval '2 seconds' END,
               least(due, CAST(:now AS timestamptz)) - make_interval(days => 1 + g % 60),
               least(due, CAST(:now AS timestamptz))
        FROM (
            SELECT g,
                   CASE WHEN g % 100 < 60 THEN 'pending' WHEN g % 100 < 80 THEN 'sent'
                        WHEN g % 100 < 90 THEN 'acknowledged' WHEN g % 100 < 97 THEN 'cancelled'
                        WHEN g % 100 < 99 THEN 'failed' ELSE 'suppressed' END AS st,
                   CAST(:now AS timestamptz) + CASE
                        WHEN g % 100 < 60 THEN make_interval(mins => 30 + (g * 7919) % (180 * 24 * 60))
                        WHEN g % 100 >= 90 AND g % 2 = 0 THEN make_interval(mins => 30 + (g * 7919) % (90 * 24 * 60))
                        ELSE -make_interval(mins => 60 + (g * 7919) % (365 * 24 * 60)) END AS due
            FROM generate_series(1, :n) g
        ) x""",
    # a few that rang in the last hour, not answered yet
    """INSERT INTO reminders (user_id, text, due_at, timezone, status, language, fired_at, sent_at, created_at)
       SELECT :uid, 'arroser les plantes ' || g, t, 'Europe/Paris', 'sent', 'fr', t, t + interval '2 seconds',
              t - interval '2 days'
       FROM (SELECT g, CAST(:now AS timestamptz) - make_interval(mins => 9 * g) AS t
             FROM generate_series(1, :rung) g) x""",
    f"""INSERT INTO tasks (user_id, title, notes, status, priority, due_date, completed_at, created_at, updated_at)
        SELECT :uid, {TEXT}, CASE WHEN g % 5 = 0 THEN 'voir avec Paul' END, st, 1 + g % 5,
               CASE WHEN g % 3 <> 0 THEN CAST(:now AS date) + (g % 240 - 60) END,
               CASE WHEN st = 'done' THEN CAST(:now AS timestamptz) - make_interval(days => g % 300) END,
               CAST(:now AS timestamptz) - make_interval(days => g % 400),
               CAST(:now AS timestamptz) - make_interval(days => g % 300)
        FROM (SELECT g, CASE WHEN g % 20 < 10 THEN 'todo' WHEN g % 20 < 12 THEN 'doing'
                             WHEN g % 20 < 19 THEN 'done' ELSE 'dropped' END AS st
              FROM generate_series(1, :n) g) x""",
    """INSERT INTO ltm_memories (user_id, content, memory_type, category, tags, importance, confidence,
                                dynamic_importance, access_count, embedding, created_at, updated_at)
       SELECT :uid, (CAST(:facts AS text[]))[1 + g % :nf] || ' (' || g || ')',
              (ARRAY['fact', 'preference', 'event', 'person'])[1 + g % 4],
              (ARRAY['health', 'family', 'work', 'home', NULL])[1 + g % 5],
              ARRAY[(ARRAY['sms', 'note', 'import'])[1 + g % 3]], 1 + g % 10, 0.5 + (g % 50) / 100.0,
              1 + (g % 90) / 10.0, g % 7, CASE WHEN :vectors THEN CAST(:vec AS vector) END,
              CAST(:now AS timestamptz) - make_interval(days => g % 700),
              CAST(:now AS timestamptz) - make_interval(days => g % 300)
       FROM generate_series(1, :n) g""",
    # what the person sent over the last year (the agent counts recent ones per phone)
    """INSERT INTO messages (user_id, direction, channel, provider_sid, from_phone, to_phone, body, received_at)
       SELECT :uid, 'in', 'sms', 'SM' || md5(:phone || g), :phone, '+15005550006', 'message ' || g,
              CAST(:now AS timestamptz) - make_interval(mins => 10 + (g * 7919) % (365 * 24 * 60))
       FROM generate_series(1, :n) g""",
]

SEED_OTHERS = [
    """INSERT INTO users (phone, language, timezone, onboarding_state)
       SELECT '+3369' || lpad(CAST(g AS text), 7, '0'), CASE WHEN g % 3 = 0 THEN 'en' ELSE 'fr' END, 'Europe/Paris',
              'done'
       FROM generate_series(1, :people) g""",
    f"""INSERT INTO reminders (user_id, text, due_at, timezone, status, fired_at, created_at)
        SELECT u.id, {TEXT}, CAST(:now AS timestamptz) + make_interval(mins => (g * 7919) % (120 * 24 * 60) - 30 * 24 * 60),
               'Europe/Paris', CASE WHEN g % 3 = 0 THEN 'sent' ELSE 'pending' END,
               CASE WHEN g % 3 = 0 THEN CAST(:now AS timestamptz) - interval '40 days' END,
               CAST(:now AS timestamptz) - interval '50 days'
        FROM users u CROSS JOIN generate_series(1, :each) g WHERE u.phone LIKE '+3369%'""",
    f"""INSERT INTO tasks (user_id, title, status, priority)
        SELECT u.id, {TEXT}, CASE WHEN g % 2 = 0 THEN 'todo' ELSE 'done' END, 1 + g % 5
        FROM users u CROSS JOIN generate_series(1, :each) g WHERE u.phone LIKE '+3369%'""",
    """INSERT INTO ltm_memories (user_id, content)
       SELECT u.id, (CAST(:facts AS text[]))[1 + g % :nf] || ' (' || g || ')'
       FROM users u CROSS JOIN generate_series(1, :each) g WHERE u.phone LIKE '+3369%'""",
]


def used(sql: str, params: dict[str, Any]) -> dict[str, Any]:
    """The parameters this statement names (pg8000 refuses others)."""
    return {k: v for k, v in params.items() if re.search(rf"(?<!:):{k}\b", sql)}


def add_people(conn: Any, phones: tuple[str, ...], *, now: datetime) -> dict[str, Any]:
    """French people in Paris who joined 400 days ago (the first-contact dialogue long done), by phone (the
    benches' heavy, empty and other people)."""
    return {
        phone: conn.run(
            "INSERT INTO users (phone, language, timezone, created_at, onboarding_state) VALUES (:p, 'fr', "
            "'Europe/Paris', CAST(:now AS timestamptz) - interval '400 days', 'done') RETURNING id",
            p=phone,
            now=now,
        )[0][0]
        for phone in phones
    }


def seed(url: str, *, n: int, people: int, each: int, now: datetime) -> dict[str, Any]:
    vec = "[" + ",".join(f"{((i * 37) % 200 - 100) / 1000:.3f}" for i in range(DIM)) + "]"
    common = {
        "now": now,
        "verbs": VERBS,
        "objects": OBJECTS,
        "facts": FACTS,
        "nv": len(VERBS),
        "no": len(OBJECTS),
        "nf": len(FACTS),
        "vec": vec,
        "people": people,
        "each": each,
        "rung": 4,
    }
    conn = connect(url)
    try:
        ids = add_people(conn, (HEAVY, EMPTY, WARM), now=now)
        params = common | {"uid": ids[HEAVY], "phone": HEAVY, "n": n, "vectors": True}
        for sql in SEED_PERSON:
            conn.run(sql, **used(sql, params))
        for sql in SEED_OTHERS:
            conn.run(sql, **used(sql, common))
        for table in ("users", "reminders", "tasks", "ltm_memories", "messages", "jobs", "outbox", "agent_logs"):
            conn.run(f"VACUUM ANALYZE {table}")
        counts = {
            table: conn.run(f"SELECT count(*) FROM {table} WHERE user_id = :u", u=ids[HEAVY])[0][0]
            for table in ("reminders", "tasks", "ltm_memories", "messages")
        }
        by_status = dict(
            conn.run("SELECT status, count(*) FROM reminders WHERE user_id = :u GROUP BY status", u=ids[HEAVY])
        )
        series = conn.run("SELECT count(*) FROM reminders WHERE user_id = :u AND rrule IS NOT NULL", u=ids[HEAVY])
        totals = {
            table: conn.run(f"SELECT count(*) FROM {table}")[0][0]
            for table in ("users", "reminders", "tasks", "ltm_memories")
        }
    finally:
        conn.close()
    return {
        "ids": {k: str(v) for k, v in ids.items()},
        "heavy": counts,
        "reminder_statuses": {str(k): int(v) for k, v in by_status.items()},
        "series": series[0][0],
        "totals": totals,
    }


def ring(conn: Any, user_id: str, lang: str, now: datetime) -> None:
    """One reminder rings for the person (as the sweep and the send leave it); earlier rung ones are closed,
    as if answered, so "fait"/"+10" has exactly one to be about."""
    conn.run(
        "UPDATE reminders SET status = 'acknowledged' WHERE user_id = CAST(:u AS uuid) "
        "AND status IN ('fired', 'sent') AND fired_at >= CAST(:since AS timestamptz)",
        u=user_id,
        since=now - timedelta(hours=13),
    )
    at = now - timedelta(minutes=1)
    conn.run(
        "INSERT INTO reminders (user_id, text, due_at, timezone, status, language, fired_at, sent_at, created_at) "
        "VALUES (CAST(:u AS uuid), :t, :at, 'Europe/Paris', 'sent', :l, :at, :at, CAST(:at AS timestamptz) - "
        "interval '1 day')",
        u=user_id,
        t=RUNG_TEXT[lang],
        at=at,
        l=lang,
    )


# --- our side: real Deps, watched ---------------------------------------------------------------------------
class Watch:
    """What one turn spent in SQL through the engine (per statement), in the cache and in delivery; its
    commits and pool checkouts (each checkout pings the server first: pool_pre_ping)."""

    def __init__(self) -> None:
        self.sql_ms = 0.0
        self.sql_n = 0
        self.cache_ms = 0.0
        self.cache_n = 0
        self.deliver_ms = 0.0
        self.commits = 0
        self.checkouts = 0
        self.statements: dict[str, list[float]] = defaultdict(lambda: [0, 0.0])  # key -> [count, ms]

    def reset(self) -> None:
        self.sql_ms = self.cache_ms = self.deliver_ms = 0.0
        self.sql_n = self.cache_n = self.commits = self.checkouts = 0


def statement_key(sql: str) -> str:
    """A statement's shape: verb, table, WHERE clause (parameters and casts as ?)."""
    s = re.sub(r"\s+", " ", sql).strip()
    s = re.sub(r"%s(?:::(?:TIMESTAMP WITH(?:OUT)? TIME ZONE|[A-Z]+(?:\(\d+\))?)(?:\[\])?)?", "?", s)
    s = re.sub(r"(\?, )+\?", "?", s)
    verb = s.split(" ", 1)[0].upper()
    if verb in ("SELECT", "WITH"):
        table = re.search(r"\bFROM (\w+)", s)
        head = f"{verb} .. FROM {table.group(1)}" if table else s[:70]
    else:
        table = re.match(r"(INSERT INTO|UPDATE|DELETE FROM) (\w+)", s)
        head = table.group(0) if table else s[:40]
    where = re.search(r" WHERE (.{0,90})", s)
    return head + (f" WHERE {where.group(1)}" if where and verb != "INSERT" else "")


class CountingCache:
    """The cache port, timed call by call."""

    def __init__(self, inner: Any, watch: Watch) -> None:
        self._inner, self._watch = inner, watch

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._inner, name)
        if not callable(attr):
            return attr

        def timed(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return attr(*args, **kwargs)
            finally:
                self._watch.cache_ms += (time.perf_counter() - start) * 1000
                self._watch.cache_n += 1

        return timed


def make_deps(url: str, redis_url: str, watch: Watch) -> Any:
    from functools import cached_property

    from sqlalchemy import event

    from shared.cache.adapters.redis import RedisCache
    from shared.clock import TravelClock
    from shared.config import Settings
    from shared.wiring import Deps

    class WatchedDeps(Deps):
        @cached_property
        def engine(self) -> Any:
            engine = Deps.engine.func(self)  # type: ignore[attr-defined]

            def before(conn: Any, cursor: Any, statement: str, *_: Any) -> None:
                conn.info.setdefault("bench_t0", []).append(time.perf_counter())

            def after(conn: Any, cursor: Any, statement: str, *_: Any) -> None:
                ms = (time.perf_counter() - conn.info["bench_t0"].pop()) * 1000
                watch.sql_ms += ms
                watch.sql_n += 1
                entry = watch.statements[statement_key(statement)]
                entry[0] += 1
                entry[1] += ms

            event.listen(engine, "before_cursor_execute", before)
            event.listen(engine, "after_cursor_execute", after)
            event.listen(engine, "commit", lambda *_: setattr(watch, "commits", watch.commits + 1))
            event.listen(engine, "checkout", lambda *_: setattr(watch, "checkouts", watch.checkouts + 1))
            return engine

        def deliver(self, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return super().deliver(**kwargs)
            finally:
                watch.deliver_ms += (time.perf_counter() - start) * 1000

    settings = Settings.model_validate(
        {
            "env": "test",
            "database_url": url,
            "queue": "none",
            "cache": "redis",
            "redis_url": redis_url,
            "sms_gateway": "console",
            "sms_send_rate": 1000,
            # The API bench makes thousands of requests a minute from one address: the limits are checked on
            # each (their cost is in the figures) but set too high to refuse any.
            "api_per_ip_per_minute": 10**9,
            "api_per_person_per_minute": 10**9,
        }
    )
    assert settings.gemini_api_key is None, "the bench measures the offline brain"
    cache = CountingCache(RedisCache.connect(redis_url), watch)
    return WatchedDeps(settings, TravelClock(), cache=cache)  # type: ignore[arg-type]


@dataclass
class Turn:
    who: str
    kind: str
    lang: str
    text: str
    ms: float
    sql_ms: float
    sql_n: int
    cache_ms: float
    cache_n: int
    deliver_ms: float
    commits: int
    checkouts: int
    handled: int
    sent: int
    message_id: str
    intent: str = ""
    logged_ms: int | None = None
    reply: str = ""
    calls: list[dict[str, Any]] = field(default_factory=list)


def _fold(text: str) -> str:
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.combining(c))


def outcome(turn: Turn) -> str:
    """What "when is X" / "cancel X" did with the X its block had just set: found it (and only it, or it
    among others), asked which one, or did not find it."""
    m = re.search(r"(?:pour|for|about) (?:le |la |les |l'|the )?(.+?)\s*\??$", turn.text)
    word = _fold(m.group(1).split()[-1])[:5] if m else "?"
    call = turn.calls[0] if turn.calls else {}
    if call.get("outcome") == "asked":
        return "asked which one"
    result = call.get("result") or {}
    texts = (
        [r.get("text", "") for r in result.get("reminders", [])] if "reminders" in result else [result.get("text", "")]
    )
    hits = [x for x in texts if word in _fold(x or "")]
    if call.get("outcome") != "done" or not hits:
        return "not found"
    return "found" if len(texts) == 1 else f"found among {len(texts)}"


@dataclass
class Person:
    """One person's side of the run."""

    label: str
    phone: str
    user_id: str
    turns: list[Turn] = field(default_factory=list)
    statements: dict[str, list[float]] = field(default_factory=lambda: defaultdict(lambda: [0, 0.0]))


def one_turn(deps: Any, store: Any, watch: Watch, conn: Any, person: Person, line: Line) -> Turn:
    from shared.messaging.inbound import to_inbound

    now = deps.clock.now()
    if line.ring:
        ring(conn, person.user_id, line.lang, now)
    form = inbound_form(new_sid(), from_=person.phone, body=line.text)
    [stored] = store.store_batch([(to_inbound(form, account_sid=TWILIO_SID), now)])
    watch.reset()
    before = {k: list(v) for k, v in watch.statements.items()}
    start = time.perf_counter()
    out = deps.run_agent_turn(stored.job_id)
    ms = (time.perf_counter() - start) * 1000
    for k, (n, t) in watch.statements.items():
        b = before.get(k, [0, 0.0])
        if n != b[0]:
            e = person.statements[k]
            e[0] += n - b[0]
            e[1] += t - b[1]
    deps.clock.advance(STEP)
    return Turn(
        who=person.label,
        kind=line.kind,
        lang=line.lang,
        text=line.text,
        ms=ms,
        sql_ms=watch.sql_ms,
        sql_n=watch.sql_n,
        cache_ms=watch.cache_ms,
        cache_n=watch.cache_n,
        deliver_ms=watch.deliver_ms,
        commits=watch.commits,
        checkouts=watch.checkouts,
        handled=int(out.get("handled", 0)),
        sent=int(out.get("sent", 0)),
        message_id=str(stored.message_id),
    )


def attach_logs(url: str, turns: list[Turn]) -> None:
    conn = connect(url)
    try:
        rows = conn.run(
            "SELECT CAST(message_id AS text), intent, latency_ms, reply, CAST(tool_calls AS text) FROM agent_logs "
            "WHERE message_id = ANY(CAST(:ids AS uuid[]))",
            ids=[t.message_id for t in turns],
        )
    finally:
        conn.close()
    by_id = {r[0]: r for r in rows}
    for t in turns:
        r = by_id.get(t.message_id)
        if r is not None:
            t.intent, t.logged_ms, t.reply = r[1] or "", r[2], r[3] or ""
            t.calls = json.loads(r[4]) if r[4] else []


def stats(values: list[float]) -> dict[str, float]:
    v = sorted(values)
    return {
        "n": len(v),
        "p50": percentile(v, 50),
        "p95": percentile(v, 95),
        "p99": percentile(v, 99),
        "max": v[-1] if v else float("nan"),
        "mean": statistics.fmean(v) if v else float("nan"),
    }


def _f(x: float) -> str:
    return f"{x:6.1f}"


def report(heavy: Person, empty: Person) -> dict[str, Any]:
    h_all, e_all = stats([t.ms for t in heavy.turns]), stats([t.ms for t in empty.turns])
    say(f"{'':18}{f'---- {heavy.label} (ms) ----':>34}   {'---- no data (ms) ----':>30}   {'ratio':>6}")
    say(
        f"{'kind':14}{'n':>4}  {'p50':>6} {'p95':>6} {'p99':>6} {'max':>6}   "
        f"{'p50':>6} {'p95':>6} {'p99':>6} {'max':>6}   {'p95':>6}"
    )
    rows: dict[str, Any] = {}
    for kind in (*KINDS, "all"):
        hs = [t.ms for t in heavy.turns if kind in ("all", t.kind)]
        es = [t.ms for t in empty.turns if kind in ("all", t.kind)]
        if not hs:
            continue
        h, e = stats(hs), stats(es)
        rows[kind] = {"heavy": h, "empty": e}
        say(
            f"{kind:14}{h['n']:>4}  {_f(h['p50'])} {_f(h['p95'])} {_f(h['p99'])} {_f(h['max'])}   "
            f"{_f(e['p50'])} {_f(e['p95'])} {_f(e['p99'])} {_f(e['max'])}   {h['p95'] / e['p95']:5.2f}x"
        )
    say("where a turn's time goes (mean ms per turn):")
    split: dict[str, Any] = {}
    for s in (heavy, empty):
        n = len(s.turns)
        sql = sum(t.sql_ms for t in s.turns) / n
        stmts = sum(t.sql_n for t in s.turns) / n
        cache = sum(t.cache_ms for t in s.turns) / n
        cache_n = sum(t.cache_n for t in s.turns) / n
        deliver = sum(t.deliver_ms for t in s.turns) / n
        logged = [t.logged_ms for t in s.turns if t.logged_ms is not None]
        in_tx = sum(logged) / len(logged) if logged else float("nan")
        total = sum(t.ms for t in s.turns) / n
        commits = sum(t.commits for t in s.turns) / n
        checkouts = sum(t.checkouts for t in s.turns) / n
        split[s.label] = {
            "commits": commits,
            "checkouts": checkouts,
            "total": total,
            "sql": sql,
            "statements": stmts,
            "cache": cache,
            "cache_calls": cache_n,
            "deliver": deliver,
            "run_turn_logged": in_tx,
            "python_other": total - sql - cache,
        }
        say(
            f"  {s.label:9}: total {total:5.1f}; SQL {sql:5.1f} ({stmts:.1f} statements); Redis {cache:4.1f} "
            f"({cache_n:.1f} calls); of which delivery {deliver:4.1f}; run_turn as logged {in_tx:5.1f}; "
            f"Python and the rest {total - sql - cache:5.1f}; {commits:.1f} commits, {checkouts:.1f} pool checkouts: "
            f"~{stmts + checkouts + 2 * commits:.0f} round trips to Postgres (statements, pings, BEGIN, COMMIT)"
        )
    return {"all": {"heavy": h_all, "empty": e_all}, "kinds": rows, "split": split}


def top_statements(heavy: Person, empty: Person, k: int = 8) -> list[dict[str, Any]]:
    nh, ne = max(1, len(heavy.turns)), max(1, len(empty.turns))
    ranked = sorted(heavy.statements.items(), key=lambda kv: -kv[1][1])[:k]
    say("SQL statements by time for the heavy person (ms per turn, all turns; same statement for the empty one):")
    out = []
    for key, (n, ms) in ranked:
        en, ems = empty.statements.get(key, [0, 0.0])
        say(f"  {ms / nh:5.2f} ms/turn ({int(n):4} calls) vs {ems / ne:5.2f} ({int(en):4})  {key[:110]}")
        out.append({"statement": key, "heavy_ms_per_turn": ms / nh, "calls": n, "empty_ms_per_turn": ems / ne})
    return out


def _turns(deps: Any, store: Any, watch: Watch, conn: Any, person: Person, lines: list[Line]) -> list[Turn]:
    extra = Person(person.label, person.phone, person.user_id)
    return [one_turn(deps, store, watch, conn, extra, line) for line in lines]


FRAME = re.compile(r"^(?P<func>.*) \((?P<file>.*?)(?::(?P<line>\d+))?\)$")


def _where(file: str) -> str:
    """A short name for a frame's file: ours relative to the repo, a library by its package, stdlib by module."""
    if "site-packages/" in file:
        return file.split("site-packages/", 1)[1]
    if file.startswith(str(ROOT) + "/"):
        return file[len(str(ROOT)) + 1 :]
    return "stdlib:" + Path(file).name


def _category(frames: list[tuple[str, str]]) -> str:
    """Where one sample's time goes, by the innermost frame (a socket wait is charged to its client)."""
    func, where = frames[-1]
    if where in ("stdlib:socket.py", "stdlib:selectors.py", "stdlib:ssl.py") or func in ("recv_into", "recv"):
        stack = " ".join(w for _, w in frames)
        client = "Postgres (pg8000)" if "pg8000/" in stack else "Redis" if "redis/" in stack else "other"
        return f"waiting on {client}: socket"
    if where.startswith("stdlib:"):
        return f"stdlib {where[7:]}"
    if where.startswith(("shared/", "functions/")):
        return "our code (" + where.split("/")[1].removesuffix(".py") + ")"
    return where.split("/", 1)[0]


def spy(deps: Any, store: Any, watch: Watch, conn: Any, person: Person, lines: list[Line]) -> dict[str, Any] | None:
    """py-spy (sampling, from outside the process: no distortion of Python code) over more turns of `person`
    (not counted above), main thread, wall clock (waits included). None if py-spy is not installed."""
    exe = Path(PY).parent / "py-spy"
    found = str(exe) if exe.exists() else shutil.which("py-spy")
    if found is None:
        return None
    out = Path(tempfile.mkdtemp(prefix="bench-agent-spy-")) / "raw.txt"
    cmd = [found, "record", "--pid", str(os.getpid()), "--rate", "500", "--format", "raw", "--output", str(out)]
    proc = subprocess.Popen(
        [*cmd, "--idle", "--threads", "--full-filenames", "--nonblocking"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    time.sleep(1.0)
    if proc.poll() is not None:
        say(f"py-spy could not attach ({proc.stderr.read().decode()[-200:] if proc.stderr else ''}); cProfile instead")
        return None
    turns = _turns(deps, store, watch, conn, person, lines)
    proc.send_signal(signal.SIGINT)
    proc.wait(timeout=60)
    main = f"thread ({threading.get_native_id()})"
    samples: list[tuple[list[tuple[str, str]], int]] = []
    lines_raw = out.read_text().splitlines() if out.exists() else []
    shutil.rmtree(out.parent, ignore_errors=True)
    for raw in lines_raw:
        stack, _, count = raw.rpartition(" ")
        parts = stack.split(";")
        if not parts or not parts[0].startswith(main) or "run_agent_turn (" not in stack:
            continue
        frames = []
        for part in parts[1:]:
            m = FRAME.match(part)
            frames.append((m.group("func"), _where(m.group("file"))) if m else (part, "?"))
        samples.append((frames, int(count)))
    total = sum(c for _, c in samples)
    if not total:
        return None
    mean = statistics.fmean(t.ms for t in turns)
    per_turn = mean / total  # ms of a profiled turn per sample (profiled turns run a little slower)
    inclusive: Counter[str] = Counter()
    leaves: Counter[str] = Counter()
    categories: Counter[str] = Counter()
    for frames, count in samples:
        for key in {f"{w}:{f}" for f, w in frames if w.startswith(("shared/", "functions/"))}:
            inclusive[key] += count
        func, where = frames[-1]
        leaves[f"{where}:{func}"] += count
        categories[_category(frames)] += count
    say(
        f"py-spy, {len(lines)} more turns of {person.label!r} ({total} samples of the turn, main thread, wall clock; "
        f"mean turn {mean:.1f} ms while sampled): share of a turn, and ms per turn"
    )
    say("  by what the innermost frame is doing:")
    for key, c in categories.most_common(9):
        say(f"    {100 * c / total:5.1f} %  {c * per_turn:6.2f} ms  {key}")
    say("  our functions, inclusive:")
    for key, c in inclusive.most_common(24):
        say(f"    {100 * c / total:5.1f} %  {c * per_turn:6.2f} ms  {key}")
    say("  innermost frames:")
    for key, c in leaves.most_common(10):
        say(f"    {100 * c / total:5.1f} %  {c * per_turn:6.2f} ms  {key[-100:]}")
    return {
        "tool": "py-spy",
        "turns": len(lines),
        "samples": total,
        "mean_ms_sampled": mean,
        "categories": {k: round(c * per_turn, 2) for k, c in categories.most_common(15)},
        "inclusive": {k: round(c * per_turn, 2) for k, c in inclusive.most_common(40)},
        "leaves": {k: round(c * per_turn, 2) for k, c in leaves.most_common(25)},
    }


def profile(deps: Any, store: Any, watch: Watch, conn: Any, person: Person, lines: list[Line]) -> dict[str, Any]:
    """cProfile over more turns of `person` (not counted above), when py-spy is not installed. It slows
    Python code down about twice: read the ranking, not the milliseconds."""
    prof = cProfile.Profile()
    prof.enable()
    turns = _turns(deps, store, watch, conn, person, lines)
    prof.disable()
    n = len(turns)
    entries = [
        (file, lineno, func, nc, tt, ct)
        for (file, lineno, func), (_cc, nc, tt, ct, _callers) in pstats.Stats(prof).stats.items()  # type: ignore[attr-defined]
    ]
    say(f"cProfile, {n} more turns of {person.label!r}: our functions by cumulative time (ms per turn, inflated)")
    hot = []
    for file, lineno, func, nc, _tt, ct in sorted(
        (e for e in entries if _where(e[0]).startswith(("shared/", "functions/"))), key=lambda e: -e[5]
    )[:18]:
        say(f"  {ct * 1000 / n:6.2f} cum  {nc / n:7.1f} calls/turn  {_where(file)}:{lineno} {func}")
        hot.append({"where": f"{_where(file)}:{lineno} {func}", "cum_ms_per_turn": ct * 1000 / n})
    say("  all code by own time (ms per turn):")
    own = []
    for file, lineno, func, nc, tt, _ct in sorted(entries, key=lambda e: -e[4])[:12]:
        say(f"  {tt * 1000 / n:6.2f} own  {nc / n:7.1f} calls/turn  {_where(file)}:{lineno} {func}")
        own.append({"where": f"{_where(file)}:{lineno} {func}", "own_ms_per_turn": tt * 1000 / n})
    return {"tool": "cProfile", "turns": n, "cumulative": hot, "own": own}


def round_trips(deps: Any, n: int = 200) -> dict[str, float]:
    """The floor under a turn on this machine: a round trip to Postgres, a bare transaction, a Redis GET."""
    from sqlalchemy import text

    def p50(fn: Any) -> float:
        xs = []
        for _ in range(n):
            start = time.perf_counter()
            fn()
            xs.append((time.perf_counter() - start) * 1000)
        return statistics.median(xs)

    def bare() -> None:
        with deps.uow() as tx:
            tx.session.execute(text("SELECT 1"))

    raw = deps.engine.raw_connection()
    try:
        cur = raw.cursor()
        one = p50(lambda: (cur.execute("SELECT 1"), cur.fetchall()))
    finally:
        raw.close()
    return {"select_1_ms": one, "transaction_ms": p50(bare), "redis_get_ms": p50(lambda: deps.cache.get("bench:x"))}


def turns_bench(stack: Any, *, quick: bool) -> dict[str, Any]:
    from local.stack import start_redis
    from shared.db import dsn
    from shared.messaging.inbound import InboundStore

    n = 1_000 if quick else 10_000
    people, each = (20, 20) if quick else (100, 100)
    blocks = 5 if quick else 20
    lines = script(blocks)
    say(
        f"\n== agent: offline turns end to end, {len(lines)} messages (FR/EN) for a person with {n:,} reminders, "
        f"{n:,} tasks and {n:,} memories vs the same for a person with no data ({people} others with {each} each)"
    )
    url = stack.database("bench_agent")
    redis = start_redis(Path(stack.dir) / "redis" / "agent.rdb")
    watch = Watch()
    deps = make_deps(url, redis.url, watch)
    setup = connect(url)
    try:
        t0 = time.perf_counter()
        seeded = seed(url, n=n, people=people, each=each, now=deps.clock.now())
        say(
            f"seeded in {time.perf_counter() - t0:.1f} s: heavy person {seeded['heavy']}, reminder statuses "
            f"{seeded['reminder_statuses']}, {seeded['series']} weekly series; all tables {seeded['totals']}"
        )
        ids = seeded["ids"]
        store = InboundStore(lambda: dsn.connect_native(url))
        heavy = Person(f"{n:,} rows", HEAVY, ids[HEAVY])
        empty = Person("no data", EMPTY, ids[EMPTY])
        warm = Person("warm-up", WARM, ids[WARM])
        t0 = time.perf_counter()
        for line in script(2)[: 12 if quick else 24]:  # code paths, pool, pg8000's statements; not counted
            one_turn(deps, store, watch, setup, warm, line)
        say(f"warm-up: {12 if quick else 24} turns of a third person in {time.perf_counter() - t0:.1f} s (not counted)")
        floor = round_trips(deps)
        say(
            f"this machine: one Postgres round trip (SELECT 1) p50 {floor['select_1_ms']:.2f} ms; one transaction "
            f"through the engine (checkout + ping, BEGIN, SELECT 1, COMMIT) p50 {floor['transaction_ms']:.2f} ms; "
            f"one Redis GET p50 {floor['redis_get_ms']:.2f} ms"
        )
        t0 = time.perf_counter()
        for i, line in enumerate(lines):
            order = (heavy, empty) if i % 2 == 0 else (empty, heavy)
            for person in order:
                person.turns.append(one_turn(deps, store, watch, setup, person, line))
        run_s = time.perf_counter() - t0
        attach_logs(url, heavy.turns + empty.turns)
        say(f"{2 * len(lines)} timed turns in {run_s:.1f} s (app clock moved {STEP * 2 * len(lines)})")
        figures = report(heavy, empty)
        statements = top_statements(heavy, empty)
        checks = turn_checks(url, heavy, empty, lines)
        hot: dict[str, Any] = {}
        if figures["all"]["heavy"]["p95"] >= TARGET_P95_MS:  # where the time goes, on more turns of each
            extra = script(4)[: 24 if quick else 48]
            for person in (heavy, empty):
                hot[person.label] = spy(deps, store, watch, setup, person, extra) or profile(
                    deps, store, watch, setup, person, extra
                )
    finally:
        setup.close()
        deps.close()
        redis.stop()
    return {
        "n": n,
        "people": people,
        "each": each,
        "messages": len(lines),
        "seeded": seeded,
        "figures": figures,
        "statements": statements,
        "round_trips": floor,
        "checks": checks,
        "profile": hot,
        "run_seconds": run_s,
        "samples": {
            s.label: [
                {"kind": t.kind, "text": t.text, "ms": round(t.ms, 2), "intent": t.intent, "reply": t.reply[:160]}
                for t in s.turns
            ]
            for s in (heavy, empty)
        },
    }


def turn_checks(url: str, heavy: Person, empty: Person, lines: list[Line]) -> dict[str, Any]:
    turns = heavy.turns + empty.turns
    handled = sum(1 for t in turns if t.handled == 1)
    replied = sum(1 for t in turns if t.reply)
    sent = sum(t.sent for t in turns)
    throttled = sum(1 for t in turns if t.intent == "inbound.throttled")
    conn = connect(url)
    try:
        jobs_done = conn.run(
            "SELECT count(*) FROM jobs j JOIN messages m ON m.id = CAST(j.payload->>'message_id' AS uuid) "
            "WHERE m.from_phone = ANY(CAST(:p AS text[])) AND j.status = 'done'",
            p=[HEAVY, EMPTY],
        )[0][0]
        outbox = dict(
            conn.run(
                "SELECT status, count(*) FROM outbox WHERE to_phone = ANY(CAST(:p AS text[])) GROUP BY status",
                p=[HEAVY, EMPTY],
            )
        )
    finally:
        conn.close()
    misread: dict[str, Counter[str]] = defaultdict(Counter)
    for t in turns:
        if t.intent not in EXPECTED[t.kind]:
            misread[f"{t.who}: {t.kind}"][f"{t.intent} <- {t.text!r}"] += 1
    answered: dict[str, dict[str, int]] = {}
    for s in (heavy, empty):  # did "when is X" / "cancel X" find the reminder the block had just set?
        answered[s.label] = dict(
            sorted(Counter(f"{t.kind}: {outcome(t)}" for t in s.turns if t.kind in ("when is X", "cancel X")).items())
        )
    result = {
        "turns": len(turns),
        "handled": handled,
        "replied": replied,
        "sent": sent,
        "throttled": throttled,
        "jobs_done": jobs_done,
        "outbox": {str(k): int(v) for k, v in outbox.items()},
        "misread": {k: dict(v) for k, v in misread.items()},
        "answered": answered,
    }
    result["ok"] = (
        handled == len(turns)
        and jobs_done == len(turns)
        and sent == replied
        and throttled == 0
        and set(result["outbox"]) <= {"sent"}
    )
    say(
        f"check: {handled}/{len(turns)} turns handled, jobs done {jobs_done}, replies {replied}, sent {sent} "
        f"(outbox {result['outbox']}), throttled {throttled} -> {'OK' if result['ok'] else 'FAILED'}"
    )
    say("'when is X' / 'cancel X' about the reminder its block had just set (from agent_logs.tool_calls):")
    for label, counts in answered.items():
        say(f"  {label}: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    if misread:
        n_mis = sum(sum(v.values()) for v in misread.values())
        say(f"read as another intent than the kind says ({n_mis} of {len(turns)}; speed counted by kind anyway):")
        for k, v in sorted(misread.items()):
            say(f"  {k}: " + "; ".join(f"{c}x {what}" for what, c in v.most_common(4)))
    return result


# --- cold import ----------------------------------------------------------------------------------------------
# Packages only the tests install, hidden from the child as they are absent from the deployed function: rich
# comes with schemathesis, and httpx (upstash-redis, google-genai) imports it for its command line when present.
TEST_ONLY = ("rich",)
HIDE_TEST_ONLY = f"""\
import sys
class _TestOnly:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in {TEST_ONLY!r}:
            raise ModuleNotFoundError(name)
sys.meta_path.insert(0, _TestOnly())
"""

OURS_IMPORT = (
    HIDE_TEST_ONLY
    + """\
import time; t0 = time.perf_counter()
import json, sys
import functions.agent_turn.main
t1 = time.perf_counter()
from shared.config import get_settings
from shared.wiring import Deps
agent = Deps(get_settings()).agent
t2 = time.perf_counter()
genai = sorted(m for m in sys.modules if m == "google.genai" or m.startswith(("google.genai.", "google.generativeai")))
print("BENCHJSON " + json.dumps({"ms": (t2 - t0) * 1000, "import_ms": (t1 - t0) * 1000,
      "brain": type(agent.brain).__name__, "cache": type(agent.states._cache).__name__, "genai": genai,
      "modules": len(sys.modules)}))
"""
)

BARE_IMPORT = (
    HIDE_TEST_ONLY
    + """\
import time; t0 = time.perf_counter()
import json, sys
import fastapi, mangum, sqlalchemy.orm, pg8000
t1 = time.perf_counter()
print("BENCHJSON " + json.dumps({"ms": (t1 - t0) * 1000, "modules": len(sys.modules)}))
"""
)


def child(script_text: str, env: dict[str, str]) -> dict[str, Any]:
    t0 = time.perf_counter()
    proc = subprocess.run([PY, "-c", script_text], cwd=ROOT, env=env, capture_output=True, text=True)
    wall = (time.perf_counter() - t0) * 1000
    line = next((x for x in proc.stdout.splitlines() if x.startswith("BENCHJSON ")), None)
    if proc.returncode != 0 or line is None:
        raise RuntimeError(f"cold import child failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    out: dict[str, Any] = json.loads(line[len("BENCHJSON ") :])
    out["wall_ms"] = wall
    return out


def importtime(script_text: str, env: dict[str, str]) -> dict[str, int]:
    """Self time per module (µs) from `python -X importtime` (which slows imports a little: read shares)."""
    proc = subprocess.run(
        [PY, "-X", "importtime", "-c", script_text], cwd=ROOT, env=env, capture_output=True, text=True
    )
    mods: dict[str, int] = {}
    for line in proc.stderr.splitlines():
        m = re.match(r"import time:\s+(\d+) \|\s+\d+ \|\s*(\S+)", line)
        if m:
            mods[m.group(2)] = int(m.group(1))
    return mods


def import_extra(ours: dict[str, int], base: dict[str, int]) -> dict[str, float]:
    """What ours imports that the baseline does not, by package (ms of self time)."""
    extra: Counter[str] = Counter()
    for name, us in ours.items():
        if name in base:
            continue
        parts = name.split(".")
        key = (
            ".".join(parts[: 3 if parts[0] == "shared" and len(parts) > 3 else 2])
            if parts[0] in ("shared", "functions")
            else parts[0]
        )
        if parts[:3] == ["sqlalchemy", "dialects", "postgresql"]:
            key = "sqlalchemy.dialects.postgresql"
        extra[key] += us
    return {k: v / 1000 for k, v in extra.most_common()}


def import_bench(stack: Any, *, quick: bool) -> dict[str, Any]:
    reps = 3 if quick else 7
    say(
        f"\n== agent: cold import, fresh processes, median of {reps}: functions.agent_turn.main + "
        "Deps(get_settings()).agent (no Gemini key) vs import fastapi, mangum, sqlalchemy.orm, pg8000"
    )
    url = stack.database("bench_agent_import")
    # Bytecode as the Lambda package ships it (compiled at build): written by the uncounted first run into a
    # cache of our own (not __pycache__ in the tree), for every module of both sides alike.
    pycache = tempfile.mkdtemp(prefix="bench-agent-pycache-")

    def env(**extra: str) -> dict[str, str]:
        e = child_env(PYTHONPYCACHEPREFIX=pycache, **extra)
        e.pop("PYTHONDONTWRITEBYTECODE", None)
        return e

    base = {"BOUSSOLE_ENV": "test", "BOUSSOLE_DATABASE_URL": url, "BOUSSOLE_QUEUE": "none"}
    say(f"(hidden from every child, as absent from the deployed function: {', '.join(TEST_ONLY)})")
    variants = {
        "ours (cache upstash, as deployed)": env(
            **base,
            BOUSSOLE_CACHE="upstash",
            BOUSSOLE_UPSTASH_REDIS_REST_URL="https://bench.invalid",
            BOUSSOLE_UPSTASH_REDIS_REST_TOKEN="bench",
        ),
        "ours (cache redis)": env(**base, BOUSSOLE_CACHE="redis", BOUSSOLE_REDIS_URL="redis://127.0.0.1:1/0"),
        "baseline": env(),
    }
    runs: dict[str, list[dict[str, Any]]] = {k: [] for k in variants}
    for i in range(reps + 1):  # the first of each warms the bytecode, not counted
        for name, child_vars in variants.items():
            out = child(BARE_IMPORT if name == "baseline" else OURS_IMPORT, child_vars)
            if i:
                runs[name].append(out)
    fig: dict[str, Any] = {}
    for name, rs in runs.items():
        ms = [r["ms"] for r in rs]
        fig[name] = {
            "median_ms": statistics.median(ms),
            "min_ms": min(ms),
            "process_median_ms": statistics.median(r["wall_ms"] for r in rs),
            "modules": rs[-1]["modules"],
            "runs_ms": [round(x, 1) for x in ms],
        }
        if name != "baseline":
            fig[name] |= {
                "import_only_median_ms": statistics.median(r["import_ms"] for r in rs),
                "brain": sorted({r["brain"] for r in rs}),
                "cache": sorted({r["cache"] for r in rs}),
                "genai_loaded": sorted({m for r in rs for m in r["genai"]}),
            }
    for name, f in fig.items():
        extra = (
            f"; import alone {f['import_only_median_ms']:.0f} ms, brain {'/'.join(f['brain'])}, "
            f"google.genai modules loaded: {len(f['genai_loaded'])}"
            if name != "baseline"
            else ""
        )
        say(
            f"{name:34}: in-child median {f['median_ms']:.0f} ms (min {f['min_ms']:.0f}), process median "
            f"{f['process_median_ms']:.0f} ms, {f['modules']} modules{extra}"
        )
    ours = fig["ours (cache upstash, as deployed)"]
    ratio = ours["median_ms"] / fig["baseline"]["median_ms"]
    ratio_redis = fig["ours (cache redis)"]["median_ms"] / fig["baseline"]["median_ms"]
    no_genai = all(not f.get("genai_loaded") for f in fig.values())
    offline = all(f["brain"] == ["OfflineBrain"] for k, f in fig.items() if k != "baseline")
    say(
        f"ratio (as deployed) {ratio:.2f}x, with redis {ratio_redis:.2f}x; target <= {TARGET_IMPORT_RATIO:.1f}x -> "
        f"{'MET' if ratio <= TARGET_IMPORT_RATIO else 'MISSED'}; check: no google.genai imported, offline brain "
        f"-> {'OK' if no_genai and offline else 'FAILED'}"
    )
    breakdown: dict[str, Any] = {}
    if ratio > TARGET_IMPORT_RATIO:  # what ours imports that the baseline does not
        mine = importtime(OURS_IMPORT, variants["ours (cache upstash, as deployed)"])
        theirs = importtime(BARE_IMPORT, variants["baseline"])
        extra = import_extra(mine, theirs)
        gone = sum(us for name, us in theirs.items() if name not in mine) / 1000
        say(
            f"python -X importtime (self times, a little inflated): ours {sum(mine.values()) / 1000:.0f} ms, baseline "
            f"{sum(theirs.values()) / 1000:.0f} ms; ours imports {sum(extra.values()):.0f} ms the baseline does not "
            f"(and skips {gone:.0f} ms of it: fastapi, starlette, ...); the largest:"
        )
        for key, ms in list(extra.items())[:14]:
            say(f"  {ms:6.1f} ms  {key}")
        breakdown = {"ours_ms": sum(mine.values()) / 1000, "baseline_ms": sum(theirs.values()) / 1000}
        breakdown |= {"extra_ms": dict(list(extra.items())[:30]), "baseline_only_ms": gone}
    shutil.rmtree(pycache, ignore_errors=True)
    return {
        "reps": reps,
        **fig,
        "ratio": ratio,
        "ratio_redis": ratio_redis,
        "importtime": breakdown,
        "ok": no_genai and offline,
    }


def run(stack: Any, *, quick: bool) -> Result:
    turns = turns_bench(stack, quick=quick)
    imports = import_bench(stack, quick=quick)
    h, e = turns["figures"]["all"]["heavy"], turns["figures"]["all"]["empty"]
    met_turn = h["p95"] < TARGET_P95_MS
    met_import = imports["ratio"] <= TARGET_IMPORT_RATIO
    say(
        f"agent: turn p95 {h['p95']:.1f} ms with {turns['n']:,} rows of each vs {e['p95']:.1f} ms with none "
        f"({h['p95'] / e['p95']:.2f}x; p50 {h['p50']:.1f} vs {e['p50']:.1f}, p99 {h['p99']:.1f} vs {e['p99']:.1f}); "
        f"target p95 < {TARGET_P95_MS:.0f} ms -> {'MET' if met_turn else 'MISSED'}; cold import "
        f"{imports['ratio']:.2f}x the baseline -> {'MET' if met_import else 'MISSED'}"
    )
    return Result(
        bench="agent",
        figure=f"turn p95 ms ({turns['n']:,} rows)",
        ours=h["p95"],
        baseline=e["p95"],
        ratio=h["p95"] / e["p95"],
        target=f"p95 < {TARGET_P95_MS:.0f} ms; import <= {TARGET_IMPORT_RATIO:.1f}x",
        passed=met_turn and met_import,
        checks_ok=turns["checks"]["ok"] and imports["ok"],
        details={"turns": turns, "cold_import": imports},
    )
