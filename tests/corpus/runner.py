"""The evaluation corpus of everyday SMS (issue 10, "Evidence"): load it, run the offline brain on every row,
score each row.

The corpus is two JSON Lines files next to this module, `utterances_fr.jsonl` and `utterances_en.jsonl`, one
object per line: `{"id", "text", "expect", "context"?, "note"?}`. They were written from how people text (no
accents, typos, "dem", "tmrw", run-on dictation, emojis, requests that never say "remind me"), not from the
brain's rules: the corpus measures the general case.

Reference now: Tuesday 2026-03-10 14:00, Europe/Paris for French rows, America/New_York for English rows.

`expect` is one of:
- `{"tool": name, "args": {...}, "rrule_contains"?: "FREQ=WEEKLY;BYDAY=MO"}`: the first call of that tool must
  carry these arguments (only the ones that matter). How each expected argument is compared:
  - `<arg>_local`: the brain's words for `<arg>` are resolved with `shared.agent.when.resolve` (or
    `resolve_later` for a snooze's `until`) and compared as local wall-clock time: "2026-03-11T09:00" to the
    minute, "2026-03-11" on the date, "09:00" on the time of day, ">2026-03-10T14:00" strictly after. Words
    that resolve to nothing count as "asked" (the tool would ask), not as wrong arguments.
  - `what`, `title`: equal after folding (case, accents, punctuation, whitespace; a leading "de"/"d'"/"to"
    is dropped).
  - `about`: the produced `about` contains the words after folding, or the produced `reminder_id` is the
    context reminder (rung / just set) whose text contains them (for `forget` too: a memory is named by
    its words).
  - `content` (remember, add_note), `query` (recall, find_note): the produced words contain the expected
    words after folding (the rule for any other string below).
  - `amount`: an exact decimal ("12,50", "12€50", "$1,250" are read as written); `currency`: equal, and a
    missing currency is the language's default (EUR for French, USD for English); for `set_currency` the
    words are read as the tool reads them ("dollars canadiens" = "CAD"; words it cannot read count as "asked").
  - `servings`, `cap`, `every`, `times`, `estimate_minutes`: an integer (a number in the words counts).
  - `off`, `favourite`, `favourites` (booleans): equal, a missing argument taking the tool's default.
  - `zone`: an IANA zone (or a list of them); the words are read as the tool reads them (a zone name or a
    city, `shared.users.service.zone_or_none`); words it cannot read count as "asked".
  - `items` (groceries) and `ingredients` (recipes): the same items, names folded without articles or plural
    marks, quantity as an exact decimal (null: no quantity may be given), unit normalised ("litres" = "l",
    "lbs" = "lb", "cups" = "cup").
  - `language`, `priority`: equal after folding; any other string: contained after folding.
  - a list of strings means "any of these".
- `{"intent": "smalltalk.thanks" | ... | "unknown"}`: a turn without a tool; the winning candidate's intent.
- `{"ask": "when"}` (or any argument of the tool): the right behaviour is a question: the call
  (create_reminder unless `"tool"` says otherwise) leaves that argument empty, or gives words the tool cannot
  read (a time, a zone or a currency that resolves to nothing).

`context` builds the conversation around the message: `rung` (reminders that just rang), `just_set`
(reminders just set), `pending` (a question asked, with its partly filled call), `last` (the last turn's tool).

Each row gets one status: right, wrong_tool (or wrong intent), wrong_args, asked (asked when it should have
acted), acted (acted when it should have asked), not_implemented (the expected tool is not in the registry
yet: issue 11's tools are written with their planned names), error (the brain raised).

The tools and their arguments: IMPLEMENTED (issue 10's reminders slice), PLANNED (issue 11: the names decided
before the slices were written; all registered now, arguments as the registry declares them) and ADDED (issue
11: tools the slices added beyond the plan) and MEMORY (issue 12: remember, recall, about_me, forget). TOOL_ARGS
is all four; whether a tool counts as implemented is decided by the live registry, not by these dicts.
"""

from __future__ import annotations

import json
import re
import statistics
import time
import unicodedata
import uuid
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

HERE = Path(__file__).resolve().parent
LANGS = ("fr", "en")
FILES = {"fr": HERE / "utterances_fr.jsonl", "en": HERE / "utterances_en.jsonl"}
ZONES = {"fr": "Europe/Paris", "en": "America/New_York"}
NOW = {lang: datetime(2026, 3, 10, 14, 0, tzinfo=ZoneInfo(zone)) for lang, zone in ZONES.items()}  # a Tuesday
DEFAULT_CURRENCY = {"fr": "EUR", "en": "USD"}

IMPLEMENTED = {  # issue 10: the reminders slice, and the arguments each tool takes
    "create_reminder": {"what", "when"},
    "list_reminders": {"about"},
    "cancel_reminder": {"about", "reminder_id"},
    "acknowledge_reminder": {"about", "reminder_id"},
    "snooze_reminder": {"about", "reminder_id", "until"},
    "move_reminder": {"about", "reminder_id", "when"},
}
PLANNED = {  # issue 11: names decided before the slices existed (all registered now), arguments as registered
    "add_task": {"title", "due", "priority", "estimate_minutes", "goal"},
    "complete_task": {"about", "task_id"},
    "postpone_task": {"about", "task_id", "until"},
    "list_tasks": {"when", "only"},
    "add_goal": {"title", "parent"},
    "add_groceries": {"items"},
    "mark_bought": {"items"},
    "list_groceries": set(),
    "remove_grocery": {"about", "item_id"},
    "add_expense": {"amount", "currency", "description", "category", "when", "payment_method"},
    "expense_summary": {"period", "category"},
    "set_budget": {"category", "amount", "currency"},
    "add_event": {"title", "when", "end", "place"},
    "list_events": {"when", "about"},
    "add_note": {"content", "title", "tags"},
    "find_note": {"query"},
    "add_recipe_to_groceries": {"recipe", "recipe_id", "servings"},
    "add_place": {"name", "address", "kind"},
    "set_language": {"language"},
    "set_quiet_hours": {"start", "end", "off"},
    "set_morning_plan": {"at", "off"},
    "plan_day": {"day"},
    "break_down": {"task"},
}
ADDED = {  # issue 11: tools the slices added beyond the plan, and the arguments each takes
    "drop_task": {"about", "task_id"},
    "list_goals": set(),
    "review_goals": set(),
    "cancel_event": {"about", "event_id"},
    "move_event": {"about", "event_id", "when", "end"},
    "find_place": {"about"},
    "list_places": {"kind"},
    "delete_last_expense": set(),
    "recategorise_expense": {"category", "expense_id"},
    "append_note": {"about", "note_id", "text"},
    "delete_note": {"about", "note_id"},
    "list_notes": {"tag"},
    "add_steps": {"task"},
    "add_recipe": {"title", "servings", "ingredients", "steps"},
    "show_recipe": {"recipe", "recipe_id", "servings"},
    "list_recipes": {"about", "favourites"},
    "recipe_cooked": {"recipe", "recipe_id"},
    "favourite_recipe": {"recipe", "recipe_id", "favourite"},
    "set_timezone": {"zone"},
    "set_daily_cap": {"cap", "off"},
    "set_currency": {"currency"},
    "show_settings": {"about"},
    "escalate_reminder": {"about", "reminder_id", "every", "times", "off"},
}
MEMORY = {  # issue 12: long-term memory, and the arguments each tool takes
    "remember": {"content", "category", "tags"},
    "recall": {"query"},
    "about_me": set(),
    "forget": {"about", "memory_id"},
}
TOOL_ARGS = {**IMPLEMENTED, **PLANNED, **ADDED, **MEMORY}
INTENTS = frozenset(
    {
        "smalltalk.thanks",
        "smalltalk.greeting",
        "smalltalk.capabilities",
        "smalltalk.distress",
        "smalltalk.crisis",
        "smalltalk.ok",
        "pending.drop",  # "laisse tomber" / "nvm" while a question is pending: the question is dropped
        "unknown",
    }
)
STATUSES = ("right", "wrong_tool", "wrong_args", "asked", "acted", "not_implemented", "error")
EXACT = {"what", "title"}
EQUAL = {"language", "priority"}
INTEGER = {"servings", "cap", "every", "times", "estimate_minutes"}
BOOLEAN = {"off", "favourite", "favourites"}
LISTS = {"items", "ingredients"}  # compared item by item
LATER_ARGS = {("snooze_reminder", "until")}  # resolved like a reply to a ring ("+10", "plus tard")


# --- the corpus -------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Row:
    id: str
    lang: str
    text: str
    expect: dict[str, Any]
    context: dict[str, Any] = field(default_factory=dict)
    note: str = ""

    @property
    def key(self) -> str:
        """What the row is about: "ask.<argument>" (whatever the tool), the expected tool or intent."""
        if "ask" in self.expect:
            return f"ask.{self.expect['ask']}"
        if "tool" in self.expect:
            return str(self.expect["tool"])
        return str(self.expect["intent"])

    @property
    def planned(self) -> bool:
        return any(self.expect.get("tool") in tools for tools in (PLANNED, ADDED, MEMORY))


def load(langs: Iterable[str] = LANGS) -> list[Row]:
    rows: list[Row] = []
    for lang in langs:
        for number, line in enumerate(FILES[lang].read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ValueError(f"{FILES[lang].name}:{number}: {exc}") from exc
            rows.append(
                Row(
                    id=data["id"],
                    lang=lang,
                    text=data["text"],
                    expect=data["expect"],
                    context=data.get("context") or {},
                    note=data.get("note", ""),
                )
            )
    return rows


# --- folding and reading values -----------------------------------------------------------------------------------
def fold(text: Any) -> str:
    """Lowercase, no accents, punctuation as spaces, single spaces."""
    raw = unicodedata.normalize("NFKD", str(text or "")).replace("œ", "oe").replace("æ", "ae")
    raw = "".join(c for c in raw if not unicodedata.combining(c)).lower()
    return " ".join(re.sub(r"[^0-9a-z]+", " ", raw).split())


def fold_what(text: Any) -> str:
    words = fold(text).split()
    while words and words[0] in {"de", "d", "to"}:
        words = words[1:]
    return " ".join(words)


ARTICLES = {"du", "de", "des", "la", "le", "les", "l", "d", "un", "une", "some", "a", "an", "the"}


def fold_item(text: Any) -> str:
    words = fold(text).split()
    while words and words[0] in ARTICLES:
        words = words[1:]
    return " ".join(w[:-1] if len(w) > 3 and w[-1] in "sx" else w for w in words)


UNITS = {
    "l": {"l", "litre", "litres", "liter", "liters", "lt"},
    "cl": {"cl"},
    "ml": {"ml"},
    "g": {"g", "gr", "gramme", "grammes", "gram", "grams"},
    "kg": {"kg", "kilo", "kilos", "kilogramme", "kilogrammes", "kilogram", "kilograms"},
    "lb": {"lb", "lbs", "pound", "pounds"},
    "oz": {"oz", "ounce", "ounces"},
    "gallon": {"gallon", "gallons", "gal"},
    "cup": {"cup", "cups"},
    "tbsp": {"tbsp", "tablespoon", "tablespoons", "c a soupe", "cuillere a soupe", "cuilleres a soupe", "cas"},
    "tsp": {"tsp", "teaspoon", "teaspoons", "c a cafe", "cuillere a cafe", "cuilleres a cafe", "cac"},
}


def unit(text: Any) -> str:
    folded = fold(text)
    return next((name for name, forms in UNITS.items() if folded in forms), folded)


def blank(value: Any) -> bool:
    return (
        value is None
        or (isinstance(value, str | list | dict) and not value)
        or (isinstance(value, str) and not value.strip())
    )


def amount(value: Any, lang: str) -> Decimal | None:
    """An amount as written ("12,50", "12€50", "1 250 €", "$1,250", 12.5) as an exact decimal."""
    if isinstance(value, int | Decimal):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(str(value))
    text = str(value or "").lower().replace("\u202f", " ").replace("\u00a0", " ")
    split = re.search(r"(\d+)\s*(?:€|e|eur|euros?|\$)\s*(\d{2})\b", text)  # 12€50
    if split:
        return Decimal(f"{split.group(1)}.{split.group(2)}")
    text = re.sub(r"(?<=\d) (?=\d{3}\b)", "", text)  # 1 250
    number = re.search(r"\d[\d.,]*", text)
    if not number:
        return None
    digits = number.group(0).rstrip(".,")
    if "," in digits and "." in digits:
        decimal_mark = "," if digits.rfind(",") > digits.rfind(".") else "."
        digits = digits.replace("." if decimal_mark == "," else ",", "").replace(",", ".")
    elif "," in digits:
        thousands = re.fullmatch(r"\d{1,3}(,\d{3})+", digits) and lang == "en"
        digits = digits.replace(",", "") if thousands else digits.replace(",", ".")
    elif "." in digits and re.fullmatch(r"\d{1,3}(\.\d{3})+", digits) and lang == "fr":
        digits = digits.replace(".", "")
    try:
        return Decimal(digits)
    except InvalidOperation:
        return None


def alternatives(expected: Any) -> list[Any]:
    return list(expected) if isinstance(expected, list) else [expected]


# --- the situation a row describes ---------------------------------------------------------------------------------
def ref_id(row: Row, kind: str, index: int) -> uuid.UUID:
    return uuid.uuid5(uuid.NAMESPACE_URL, f"boussole-corpus:{row.id}:{kind}:{index}")


def references(row: Row) -> dict[str, str]:
    """Made-up (but stable) ids of the reminders in the context -> their text."""
    out = {}
    for kind in ("rung", "just_set"):
        for index, text in enumerate(row.context.get(kind, [])):
            out[str(ref_id(row, kind, index))] = text
    return out


def situation(row: Row) -> Any:
    from shared.agent.brain import Situation
    from shared.agent.state import Last, Pending, State

    ctx = row.context
    rung = [(ref_id(row, "rung", i), text) for i, text in enumerate(ctx.get("rung", []))]
    just_set = [(ref_id(row, "just_set", i), text) for i, text in enumerate(ctx.get("just_set", []))]
    state = State()
    if ctx.get("pending"):
        pending = ctx["pending"]
        state.pending = Pending(
            tool=pending["tool"], args=dict(pending.get("args", {})), missing=pending.get("missing")
        )
    if ctx.get("last"):
        refs = [str(i) for i, _ in (just_set or rung)]
        state.last = Last(tool=ctx["last"]["tool"], refs=refs)
    return Situation(
        text=row.text,
        lang=row.lang,  # type: ignore[arg-type]
        said=NOW[row.lang],
        state=state,
        rung=rung,
        just_set=just_set,
        person_language=row.lang,  # type: ignore[arg-type]
        timezone=ZONES[row.lang],
    )


def integer(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    digits = re.search(r"\d+", str(value or ""))
    return int(digits.group(0)) if digits else None


def truth(value: Any) -> bool:
    if isinstance(value, str):
        return fold(value) in {"true", "1", "yes", "oui", "vrai"}
    return bool(value)


def tool_default(tool: str, arg: str) -> Any:
    """The default the tool's arguments model gives `arg` when the brain leaves it out."""
    from shared.agent.tools import registry

    for entry in registry():
        if entry.name == tool:
            found = entry.args.model_fields.get(arg)
            return None if found is None else found.get_default(call_default_factory=True)
    return None


def zone_of(words: Any) -> str | None:
    """The IANA zone the set_timezone tool reads in these words (a zone name or a city), or None."""
    from shared.users import service

    return None if blank(words) else service.zone_of(str(words))


def currency_read(words: Any) -> str | None:
    """The currency code the set_currency tool reads in these words, or None."""
    from shared.users.tools import currency_of

    return None if blank(words) else currency_of(str(words))


# --- judging one row ---------------------------------------------------------------------------------------------
@dataclass
class Verdict:
    row: Row
    status: str
    got: str  # what the brain did, in short
    detail: str = ""
    seconds: float = 0.0

    @property
    def scored(self) -> bool:
        return self.status != "not_implemented"


def _resolve(tool: str, arg: str, words: Any, row: Row) -> Any:
    from shared.agent.when import resolve, resolve_later

    if blank(words):
        return None
    try:
        if (tool, arg) in LATER_ARGS:
            return resolve_later(str(words), said=NOW[row.lang], lang=row.lang)  # type: ignore[arg-type]
        return resolve(str(words), said=NOW[row.lang], lang=row.lang)  # type: ignore[arg-type]
    except Exception:  # the resolver's failure is the brain's problem here: the tool would ask
        return None


def _local(found: Any, lang: str) -> datetime:
    at = found if isinstance(found, datetime) else found.at
    return at.astimezone(ZoneInfo(ZONES[lang]))


def _time_matches(expected: str, at: datetime) -> bool:
    if expected.startswith(">"):
        return at.replace(tzinfo=None) > datetime.fromisoformat(expected[1:])
    if re.fullmatch(r"\d\d:\d\d", expected):
        return at.strftime("%H:%M") == expected
    if re.fullmatch(r"\d{4}-\d\d-\d\d", expected):
        return at.date().isoformat() == expected
    return at.strftime("%Y-%m-%dT%H:%M") == expected


def _rrule_parts(text: str) -> dict[str, str]:
    line = text.split("RRULE:", 1)[-1].splitlines()[0] if text else ""
    parts = dict(p.split("=", 1) for p in line.split(";") if "=" in p)
    parts.setdefault("INTERVAL", "1")
    return parts


def _rrule_matches(expected: str, produced: str | None) -> bool:
    if not produced:
        return False
    want, got = _rrule_parts(expected), _rrule_parts(produced)
    for key, value in want.items():
        if key in {"BYDAY", "BYMONTHDAY", "BYMONTH"}:
            if set(value.split(",")) != set(got.get(key, "").split(",")):
                return False
        elif got.get(key) != value:
            return False
    return True


def _about_matches(expected: Any, args: dict[str, Any], row: Row) -> bool:
    wanted = [fold(e) for e in alternatives(expected)]
    produced = fold(args.get("about"))
    if produced and any(w in produced for w in wanted):
        return True
    target = references(row).get(str(args.get("reminder_id") or ""))
    return target is not None and any(w in fold(target) for w in wanted)


def _items_match(expected: list[Any], produced: Any, lang: str) -> str | None:
    """None when the lists agree, else what differs."""
    got: list[dict[str, Any]] = []
    for entry in produced if isinstance(produced, list) else []:
        got.append(entry if isinstance(entry, dict) else {"name": entry})
    want = [e if isinstance(e, dict) else {"name": e} for e in expected]
    if len(got) != len(want):
        return f"{len(got)} item(s) instead of {len(want)}"
    left = list(got)
    for item in want:
        name = fold_item(item["name"])
        match = next((g for g in left if fold_item(g.get("name")) == name), None)
        match = match or next((g for g in left if f" {name} " in f" {fold_item(g.get('name'))} "), None)
        if match is None:
            return f"no item {item['name']!r}"
        left.remove(match)
        if "quantity" in item:
            if item["quantity"] is None:
                if not blank(match.get("quantity")):
                    return f"{item['name']}: a quantity that was not said"
            elif amount(match.get("quantity"), lang) != Decimal(str(item["quantity"])):
                return f"{item['name']}: quantity {match.get('quantity')!r}, expected {item['quantity']}"
        if "unit" in item and unit(match.get("unit")) != unit(item["unit"]):
            return f"{item['name']}: unit {match.get('unit')!r}, expected {item['unit']!r}"
    return None


def compare_args(row: Row, call: Any) -> tuple[list[str], list[str]]:
    """(mismatches, time arguments that resolve to nothing)."""
    tool, args = call.name, call.args or {}
    wrong: list[str] = []
    unresolved: list[str] = []
    for key, expected in row.expect.get("args", {}).items():
        if key.endswith("_local"):
            arg = key[: -len("_local")]
            found = _resolve(tool, arg, args.get(arg), row)
            if found is None:
                unresolved.append(f"{arg}={args.get(arg)!r} resolves to no time")
                continue
            at = _local(found, row.lang)
            if not _time_matches(expected, at):
                wrong.append(f"{arg}={args.get(arg)!r} -> {at:%Y-%m-%dT%H:%M}, expected {expected}")
            if tool == "create_reminder" and arg == "when":
                rule = getattr(found, "rule", None)
                want_rule = row.expect.get("rrule_contains")
                if want_rule and not _rrule_matches(want_rule, rule):
                    wrong.append(f"rule {rule!r}, expected {want_rule}")
                elif not want_rule and rule:
                    wrong.append(f"a series ({rule.splitlines()[-1]}) where one time was meant")
        elif key in EXACT:
            if fold_what(args.get(key)) not in {fold_what(e) for e in alternatives(expected)}:
                wrong.append(f"{key}={args.get(key)!r}, expected {expected!r}")
        elif key == "about":
            if not _about_matches(expected, args, row):
                wrong.append(f"about={args.get('about')!r} id={args.get('reminder_id')!r}, expected {expected!r}")
        elif key == "amount":
            if amount(args.get("amount"), row.lang) != Decimal(str(expected)):
                wrong.append(f"amount={args.get('amount')!r}, expected {expected}")
        elif key == "currency" and tool == "set_currency":
            code = currency_read(args.get("currency"))
            if code is None:
                unresolved.append(f"currency={args.get('currency')!r} reads as no currency")
            elif code not in alternatives(expected):
                wrong.append(f"currency={args.get('currency')!r} -> {code}, expected {expected}")
        elif key == "currency":
            got = args.get("currency") or DEFAULT_CURRENCY[row.lang]
            if str(got).upper() != expected:
                wrong.append(f"currency={args.get('currency')!r}, expected {expected}")
        elif key == "zone":
            zone = zone_of(args.get("zone"))
            if zone is None:
                unresolved.append(f"zone={args.get('zone')!r} reads as no zone")
            elif zone not in alternatives(expected):
                wrong.append(f"zone={args.get('zone')!r} -> {zone}, expected {expected}")
        elif key in LISTS:
            problem = _items_match(expected, args.get(key), row.lang)
            if problem:
                wrong.append(f"{key}={args.get(key)!r}: {problem}")
        elif key in BOOLEAN:
            value = args[key] if key in args else tool_default(tool, key)
            if truth(value) != bool(expected):
                wrong.append(f"{key}={args.get(key)!r}, expected {expected}")
        elif expected is None:
            if not blank(args.get(key)):
                wrong.append(f"{key}={args.get(key)!r}, expected nothing")
        elif key in INTEGER:
            if integer(args.get(key)) != int(expected):
                wrong.append(f"{key}={args.get(key)!r}, expected {expected}")
        elif key in EQUAL:
            if fold(args.get(key)) not in {fold(e) for e in alternatives(expected)}:
                wrong.append(f"{key}={args.get(key)!r}, expected {expected!r}")
        else:
            produced = fold(args.get(key))
            if not produced or not any(fold(e) in produced for e in alternatives(expected)):
                wrong.append(f"{key}={args.get(key)!r}, expected {expected!r}")
    return wrong, unresolved


def describe(candidate: Any) -> str:
    if not candidate.calls:
        return str(candidate.intent)
    return "; ".join(f"{c.name}({json.dumps(c.args, ensure_ascii=False, default=str)})" for c in candidate.calls)


def judge(row: Row, candidate: Any, registered: set[str]) -> tuple[str, str]:
    """(status, detail) of one row given the brain's best candidate."""
    expect = row.expect
    calls = list(candidate.calls)
    if "intent" in expect:
        if calls:
            return "wrong_tool", f"acted instead of {expect['intent']}"
        return ("right", "") if candidate.intent == expect["intent"] else ("wrong_tool", "another intent")
    if "ask" in expect:
        tool, missing = expect.get("tool", "create_reminder"), expect["ask"]
        call = next((c for c in calls if c.name == tool), None)
        if call is None:
            return "wrong_tool", f"expected {tool} with no {missing}"
        value = (call.args or {}).get(missing)
        if blank(value):
            return "right", ""
        if missing in {"when", "until", "due", "at", "start", "end"} and _resolve(tool, missing, value, row) is None:
            return "right", "the words resolve to no time: the tool asks"
        if missing == "zone" and zone_of(value) is None:
            return "right", "the words read as no zone: the tool asks"
        if missing == "currency" and tool == "set_currency" and currency_read(value) is None:
            return "right", "the words read as no currency: the tool asks"
        return "acted", f"{missing}={value!r}"
    tool = expect["tool"]
    if tool not in registered:
        return "not_implemented", f"{tool} is not in the registry yet"
    call = next((c for c in calls if c.name == tool), None)
    if call is None:
        return "wrong_tool", ""
    wrong, unresolved = compare_args(row, call)
    others = [c.name for c in calls if c is not call]
    if others:
        wrong.append(f"extra call(s): {', '.join(others)}")
    if unresolved and not wrong:
        return "asked", "; ".join(unresolved)
    if wrong or unresolved:
        return "wrong_args", "; ".join(wrong + unresolved)
    return "right", ""


# --- running ---------------------------------------------------------------------------------------------------
@dataclass
class Report:
    verdicts: list[Verdict]

    def of(self, lang: str) -> list[Verdict]:
        return [v for v in self.verdicts if v.row.lang == lang]

    def scored(self, lang: str | None = None) -> list[Verdict]:
        return [v for v in self.verdicts if v.scored and (lang is None or v.row.lang == lang)]

    def accuracy(self, lang: str | None = None) -> float:
        scored = self.scored(lang)
        return sum(v.status == "right" for v in scored) / len(scored) if scored else 0.0

    def by_key(self) -> dict[str, dict[str, Counter[str]]]:
        """intent or tool -> language -> status counts."""
        out: dict[str, dict[str, Counter[str]]] = defaultdict(lambda: defaultdict(Counter))
        for v in self.verdicts:
            out[v.row.key][v.row.lang][v.status] += 1
        return out

    def statuses(self, lang: str | None = None) -> Counter[str]:
        return Counter(v.status for v in self.verdicts if lang is None or v.row.lang == lang)

    def failures(self) -> list[Verdict]:
        return [v for v in self.verdicts if v.scored and v.status != "right"]

    def planned(self) -> Counter[str]:
        return Counter(v.row.key for v in self.verdicts if v.status == "not_implemented")

    def times_ms(self) -> tuple[float, float]:
        samples = sorted(v.seconds * 1000 for v in self.verdicts)
        if not samples:
            return 0.0, 0.0
        p95 = samples[min(len(samples) - 1, round(0.95 * (len(samples) - 1)))]
        return statistics.median(samples), p95


def registered_tools() -> set[str]:
    from shared.agent.tools import registry

    return {tool.name for tool in registry()}


def run(rows: list[Row] | None = None) -> Report:
    from shared.brains.offline.engine import understand

    rows = load() if rows is None else rows
    registered = registered_tools()
    verdicts = []
    for row in rows:
        seen = situation(row)
        started = time.perf_counter()
        try:
            candidate = understand(seen)
        except Exception as exc:
            elapsed = time.perf_counter() - started
            verdicts.append(Verdict(row, "error", type(exc).__name__, str(exc)[:200], elapsed))
            continue
        elapsed = time.perf_counter() - started
        status, detail = judge(row, candidate, registered)
        verdicts.append(Verdict(row, status, describe(candidate), detail, elapsed))
    return Report(verdicts)


def expected_text(row: Row) -> str:
    expect = dict(row.expect)
    return json.dumps(expect, ensure_ascii=False)


def failure_lines(verdicts: Iterable[Verdict]) -> list[str]:
    return [
        f"[{v.status}] {v.row.id} {v.row.text!r}\n    expected {expected_text(v.row)}\n    got {v.got}"
        + (f"\n    {v.detail}" if v.detail else "")
        for v in verdicts
    ]
