"""The offline brain on settings requests people text in their own words (not the corpus rows): the time zone
from a city or a zone name, the daily cap, the currency, questions about the settings, and reminders that
insist. Each case is judged the way the corpus runner judges a row, so an argument counts only when the tool
would read it; a second list holds messages that must NOT land on these tools."""

from __future__ import annotations

from typing import Any

import pytest

from shared.brains.offline.engine import understand
from tests.corpus.runner import Row, judge, registered_tools, situation

REGISTERED = registered_tools()
JUST_SET = {"just_set": ["prendre mes médicaments"]}
JUST_SET_EN = {"just_set": ["take my meds"]}


def tz(zone: str | list[str]) -> dict[str, Any]:
    return {"tool": "set_timezone", "args": {"zone": zone}}


def cap(n: int) -> dict[str, Any]:
    return {"tool": "set_daily_cap", "args": {"cap": n}}


def cur(code: str) -> dict[str, Any]:
    return {"tool": "set_currency", "args": {"currency": code}}


def show(about: str | list[str] | None = None) -> dict[str, Any]:
    return {"tool": "show_settings", "args": {} if about is None else {"about": about}}


def esc(**args: Any) -> dict[str, Any]:
    return {"tool": "escalate_reminder", "args": args}


CAP_OFF = {"tool": "set_daily_cap", "args": {"off": True}}
ASK_ZONE = {"ask": "zone", "tool": "set_timezone"}
ASK_CAP = {"ask": "cap", "tool": "set_daily_cap"}
ASK_CURRENCY = {"ask": "currency", "tool": "set_currency"}
TORONTO = ["America/Toronto", "America/Montreal"]

CASES: list[tuple[str, str, dict[str, Any], dict[str, Any]]] = [
    # --- time zone, French
    ("fr", "chuis a toronto now", tz(TORONTO), {}),
    ("fr", "j'habite à Vancouver maintenant", tz("America/Vancouver"), {}),
    ("fr", "on vit a Bruxelles depuis lundi, mets moi a l'heure belge", tz("Europe/Brussels"), {}),
    ("fr", "je viens d'arriver a tokyo, change mon heure", tz("Asia/Tokyo"), {}),
    ("fr", "mets moi à l'heure de new york stp", tz("America/New_York"), {}),
    ("fr", "fuseau : Europe/Berlin", tz("Europe/Berlin"), {}),
    ("fr", "règle mon fuseau sur montréal", tz(TORONTO), {}),
    ("fr", "jsuis en vacances a la martinique, passe a l'heure locale", tz("America/Martinique"), {}),
    ("fr", "j'ai déménagé à Genève", tz("Europe/Zurich"), {}),
    ("fr", "on est a Dakar pour un mois, decale les heures", tz("Africa/Dakar"), {}),
    ("fr", "je suis de retour à Paris, remets l'heure de paris", tz("Europe/Paris"), {}),
    ("fr", "mets moi sur l'heure de l'est", tz("America/New_York"), {}),
    ("fr", "je suis au Japon cette semaine, mets l'heure d'ici", tz("Asia/Tokyo"), {}),
    ("fr", "fuseau horaire UTC", tz(["UTC", "Etc/UTC"]), {}),
    ("fr", "change mon fuseau", ASK_ZONE, {}),
    ("fr", "mets moi à l'heure locale stp", ASK_ZONE, {}),
    # --- time zone, English
    ("en", "just landed in tokyo, switch my timezone", tz("Asia/Tokyo"), {}),
    ("en", "i live in seattle now", tz("America/Los_Angeles"), {}),
    ("en", "we moved to Montreal last week", tz(TORONTO), {}),
    ("en", "back in boston, use eastern time", tz("America/New_York"), {}),
    ("en", "im in denver for the week, update my clock", tz("America/Denver"), {}),
    ("en", "switch me to london time", tz("Europe/London"), {}),
    ("en", "put me on pacific time pls", tz("America/Los_Angeles"), {}),
    ("en", "travelling to berlin, use berlin time", tz("Europe/Berlin"), {}),
    ("en", "tz = Europe/Madrid", tz("Europe/Madrid"), {}),
    ("en", "i'm in phoenix now, change my time zone", tz("America/Phoenix"), {}),
    ("en", "set my time zone to central", tz("America/Chicago"), {}),
    ("en", "i'm in london rn", tz("Europe/London"), {}),
    ("en", "update my time zone pls", ASK_ZONE, {}),
    ("en", "on a trip, use local time", ASK_ZONE, {}),
    # --- daily cap, French
    ("fr", "pas plus de 4 sms par jour", cap(4), {}),
    ("fr", "maximum trois messages par jour stp", cap(3), {}),
    ("fr", "juste un message par jour ça suffit", cap(1), {}),
    ("fr", "limite tes messages à 2 par jour", cap(2), {}),
    ("fr", "ecris moi 5 fois par jour max", cap(5), {}),
    ("fr", "tu m'envoies trop de messages, pas plus de 3 par jour", cap(3), {}),
    ("fr", "une seule notif par jour stp", cap(1), {}),
    ("fr", "supprime la limite de sms", CAP_OFF, {}),
    ("fr", "retire la limite de messages par jour", CAP_OFF, {}),
    ("fr", "limite les sms par jour", ASK_CAP, {}),
    # --- daily cap, English
    ("en", "only 2 texts a day please", cap(2), {}),
    ("en", "max of 4 messages a day", cap(4), {}),
    ("en", "limit your texts to 3 per day", cap(3), {}),
    ("en", "too many texts, cap it at 5 a day", cap(5), {}),
    ("en", "text me once a day max", cap(1), {}),
    ("en", "don't message me more than three times a day", cap(3), {}),
    ("en", "lift the daily text limit", CAP_OFF, {}),
    ("en", "get rid of the message limit", CAP_OFF, {}),
    ("en", "cap my daily messages", ASK_CAP, {}),
    ("en", "set a daily limit on texts", ASK_CAP, {}),
    # --- currency, French
    ("fr", "passe mes dépenses en euros", cur("EUR"), {}),
    ("fr", "je paie en francs suisses maintenant, change la monnaie", cur("CHF"), {}),
    ("fr", "mets la devise en livres", cur("GBP"), {}),
    ("fr", "ma devise c'est le CAD", cur("CAD"), {}),
    ("fr", "compte mes depenses en dollars", cur("USD"), {}),
    ("fr", "change la monnaie", ASK_CURRENCY, {}),
    ("fr", "modifie ma devise stp", ASK_CURRENCY, {}),
    # --- currency, English
    ("en", "track my expenses in euros", cur("EUR"), {}),
    ("en", "switch my spending to canadian dollars", cur("CAD"), {}),
    ("en", "currency should be GBP", cur("GBP"), {}),
    ("en", "use swiss francs for expenses now", cur("CHF"), {}),
    ("en", "i pay in euros now, update my currency", cur("EUR"), {}),
    ("en", "update my currency", ASK_CURRENCY, {}),
    ("en", "set my default currency", ASK_CURRENCY, {}),
    # --- settings questions, French
    ("fr", "c'est quoi mes reglages", show(), {}),
    ("fr", "affiche mes paramètres", show(), {}),
    ("fr", "quel est mon fuseau horaire ?", show(["fuseau", "timezone"]), {}),
    ("fr", "c quoi mon fuseau", show(["fuseau", "timezone"]), {}),
    ("fr", "mes heures calmes c'est quoi deja", show(["calme", "quiet"]), {}),
    ("fr", "t'as mis quelle langue ?", show(["langue", "language"]), {}),
    ("fr", "quelle devise tu utilises pour mes depenses ?", show(["devise", "currency"]), {}),
    ("fr", "c'est quoi ma limite de messages ?", show(["limite", "cap"]), {}),
    ("fr", "rappelle moi mes heures de silence", show(["silence", "calme"]), {}),
    # --- settings questions, English
    ("en", "what are my current settings?", show(), {}),
    ("en", "my settings pls", show(), {}),
    ("en", "what's my time zone", show(["timezone", "time zone"]), {}),
    ("en", "which timezone am i on?", show(["timezone", "time zone"]), {}),
    ("en", "when are my quiet hours again", show("quiet"), {}),
    ("en", "what language do you text me in?", show("language"), {}),
    ("en", "which currency are my expenses in", show("currency"), {}),
    ("en", "what's my daily limit", show(["limit", "cap"]), {}),
    # --- reminders that insist, French
    ("fr", "insiste jusqu'a ce que je reponde", esc(), JUST_SET),
    ("fr", "relance moi toutes les 10 minutes tant que j'ai pas repondu", esc(every=10), JUST_SET),
    ("fr", "si je réponds pas, renvoie le toutes les 5 mn", esc(every=5), JUST_SET),
    ("fr", "fais insister le rappel du dentiste, 4 fois", esc(about="dentiste", times=4), {}),
    ("fr", "le rappel des poubelles doit insister toutes les 15 min", esc(about="poubelles", every=15), {}),
    ("fr", "pour le rappel de maman insiste 2 fois", esc(about="maman", times=2), {}),
    ("fr", "arrête de me relancer pour le rappel des plantes", esc(about="plantes", off=True), {}),
    ("fr", "plus de relances pour celui là", esc(off=True), JUST_SET),
    ("fr", "harcèle moi toutes les 20 minutes", esc(every=20), JUST_SET),
    ("fr", "relance moi toutes les demi-heures si je reponds pas", esc(every=30), JUST_SET),
    # --- reminders that insist, English
    ("en", "keep pinging me every 5 min until i reply", esc(every=5), JUST_SET_EN),
    ("en", "nag me until i do it", esc(), JUST_SET_EN),
    ("en", "make the dentist reminder keep nagging me, 3 times", esc(about="dentist", times=3), {}),
    ("en", "for the trash reminder keep bugging me every 10 mins", esc(about="trash", every=10), {}),
    ("en", "the reminder about mom should insist every 15 minutes", esc(about="mom", every=15), {}),
    ("en", "stop the nudges for the plants reminder", esc(about="plants", off=True), {}),
    ("en", "no more nagging for this one", esc(off=True), JUST_SET_EN),
    ("en", "pester me every half hour till i answer", esc(every=30), JUST_SET_EN),
    ("en", "if i ignore it, remind me again every 10 minutes", esc(every=10), JUST_SET_EN),
    ("en", "if i don't reply ping me again every 20 mins", esc(every=20), JUST_SET_EN),
    # more shapes found while probing
    ("fr", "on vient d'emmenager a Quebec", tz(TORONTO), {}),
    ("fr", "tu m'écris trop, limite", ASK_CAP, {}),
    ("fr", "arrête de limiter les messages", CAP_OFF, {}),
    ("fr", "tu m'envoies combien de messages max par jour ?", show(["combien", "limite"]), {}),
    ("fr", "fais insister le rappel pour les poubelles 3 fois", esc(about="poubelles", times=3), {}),
    ("fr", "plus besoin d'insister", esc(off=True), JUST_SET),
    ("en", "set timezone to est", tz("America/New_York"), {}),
    ("en", "limit texts to 2", cap(2), {}),
    ("en", "stop limiting my texts", CAP_OFF, {}),
    ("en", "how many texts do you send me a day?", show(["how many", "limit"]), {}),
    ("en", "bug me every hour till i reply", esc(every=60), JUST_SET_EN),
]


@pytest.mark.parametrize(("lang", "text", "expect", "context"), CASES, ids=[c[1] for c in CASES])
def test_understood(lang: str, text: str, expect: dict[str, Any], context: dict[str, Any]) -> None:
    row = Row(id="mine", lang=lang, text=text, expect=expect, context=context)
    best = understand(situation(row))
    status, detail = judge(row, best, REGISTERED)
    got = [(c.name, c.args) for c in best.calls] or best.intent
    assert status == "right", f"{status}: {detail}; got {got}"


# Messages that must not land on a settings tool (or the one named): the neighbours these rules compete with.
NOT_OURS: list[tuple[str, str, str]] = [
    ("fr", "je suis à la maison", "set_timezone"),
    ("fr", "je suis a la pharmacie, rappelle moi le pain", "set_timezone"),
    ("fr", "rappelle moi d'appeler Paul demain a 9h, je suis a Lyon demain", "set_timezone"),
    ("fr", "rappelle moi 2 fois par jour de boire de l'eau", "set_daily_cap"),
    ("fr", "12 dollars canadiens de taxi", "set_currency"),
    ("fr", "annule le rappel du linge", "escalate_reminder"),
    ("fr", "quelle heure est-il a tokyo ?", "set_timezone"),
    ("fr", "je vais a paris demain", "set_timezone"),
    ("fr", "ne m'écris pas avant 9h", "show_settings"),
    ("en", "i'm at the gym", "set_timezone"),
    ("en", "i'm in a meeting till 3", "set_timezone"),
    ("en", "remind me to take my pills twice a day", "set_daily_cap"),
    ("en", "spent 20 pounds on lunch", "set_currency"),
    ("en", "cancel the laundry reminder", "escalate_reminder"),
    ("en", "i'll be in chicago tomorrow", "set_timezone"),
    ("en", "family reunion on saturday", "set_timezone"),
    ("en", "no texts after 10pm", "show_settings"),
    ("fr", "mon fuseau horaire c'est Atlantide", "show_settings"),
    ("en", "my timezone is narnia", "show_settings"),
    ("fr", "je suis à l'est de la ville", "set_timezone"),
    ("en", "i'm in a meeting", "set_timezone"),
    ("en", "i'll be in boston next week", "set_timezone"),
    ("fr", "relancer le client jeudi a 10h", "escalate_reminder"),
    ("fr", "annule relancer le proprio", "escalate_reminder"),
    ("fr", "relance moi demain pour le dentiste", "escalate_reminder"),
    ("fr", "rappelle moi de changer la langue du telephone de mamie demain", "show_settings"),
    ("fr", "je suis en réunion jusqu'a 15h", "set_timezone"),
    ("fr", "rappelle moi 10 min avant l'heure de la reunion", "set_timezone"),
    ("en", "had a nice time at the party", "set_timezone"),
    ("en", "remind me to limit my screen time tomorrow at 9", "set_daily_cap"),
    ("en", "limit how many texts you send me a day", "show_settings"),
]


@pytest.mark.parametrize(("lang", "text", "tool"), NOT_OURS, ids=[c[1] for c in NOT_OURS])
def test_not_ours(lang: str, text: str, tool: str) -> None:
    row = Row(id="mine", lang=lang, text=text, expect={"intent": "unknown"})
    best = understand(situation(row))
    assert tool not in [c.name for c in best.calls], [(c.name, c.args) for c in best.calls]
