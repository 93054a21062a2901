"""People: who is texting, and sensible defaults for a new number."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from shared.errors import InvalidInput

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


# --- quiet hours (a pure kernel: wall-clock times in the person's zone, right across DST) ----------------------
def in_quiet_hours(at: datetime, *, zone: ZoneInfo, start: time, end: time) -> bool:
    """Whether the instant `at` falls in the quiet hours [start, end) of the person's wall clock; the hours may
    span midnight (22:00-08:00). Equal start and end mean no quiet hours."""
    wall = at.astimezone(zone).time().replace(tzinfo=None)
    if start == end:
        return False
    if start < end:
        return start <= wall < end
    return wall >= start or wall < end


def quiet_until(due: datetime, *, zone: ZoneInfo, start: time, end: time) -> datetime:
    """When something due at `due` may reach the person: `due` itself outside quiet hours, else the end of the
    quiet hours on the wall clock (the first instant the clock shows `end`; when a DST jump skips `end`, the
    instant of the jump). Never earlier than `due`; the result is never inside quiet hours."""
    at = due
    for _ in range(3):  # a second pass only when a DST jump lands inside quiet hours again
        if not in_quiet_hours(at, zone=zone, start=start, end=end):
            return at
        at = _end_after(at, zone=zone, start=start, end=end)
    return at


def _end_after(at: datetime, *, zone: ZoneInfo, start: time, end: time) -> datetime:
    local = at.astimezone(zone)
    day = local.date()
    if start > end and local.time() >= start:  # before midnight: they end tomorrow
        day += timedelta(days=1)
    naive = datetime.combine(day, end)
    first = naive.replace(tzinfo=zone, fold=0)
    second = naive.replace(tzinfo=zone, fold=1)
    after = at.astimezone(UTC)
    exists = first.astimezone(UTC).astimezone(zone).replace(tzinfo=None) == naive
    if exists:
        # The clock may show `end` twice (autumn): the first time after `at`. (Instants compared in UTC: two
        # datetimes sharing a tzinfo compare their wall clocks, fold ignored.)
        instants = sorted({first.astimezone(UTC), second.astimezone(UTC)})
        return next((c for c in instants if c > after), instants[-1])
    # Spring: `end` is skipped. The clocks jump between these two readings; find the jump to the minute.
    low, high = sorted((first.astimezone(UTC), second.astimezone(UTC)))
    while high - low > timedelta(minutes=1):
        mid = low + (high - low) / 2
        if mid.astimezone(zone).replace(tzinfo=None) >= naive:
            high = mid
        else:
            low = mid
    return high


@dataclass(frozen=True)
class QuietHours:
    start: time
    end: time

    def holds(self, at: datetime, zone: ZoneInfo) -> bool:
        return in_quiet_hours(at, zone=zone, start=self.start, end=self.end)

    def until(self, due: datetime, zone: ZoneInfo) -> datetime:
        return quiet_until(due, zone=zone, start=self.start, end=self.end)


def quiet_hours_of(session: Session, *, user: User) -> QuietHours | None:
    """The person's quiet hours, if they set some."""
    from shared.users import repository

    row = repository.settings_of(session, user.id)
    if row is None or row.quiet_hours_start is None or row.quiet_hours_end is None:
        return None
    return QuietHours(row.quiet_hours_start, row.quiet_hours_end)


# --- settings ---------------------------------------------------------------------------------------------------
LANGUAGES = ("fr", "en")
DEFAULT_QUIET = QuietHours(time(22), time(8))  # the other side when a person names only one
WAKING_HOURS = (time(8), time(21))  # messages Boussole starts itself only then (47 CFR 64.1200(c)(1))
MAX_DAILY_CAP = 50
# Messages Boussole starts itself: they respect quiet hours and the daily cap. Escalation nudges a person
# asked for ("escalate:" keys) and reminders never count.
PROACTIVE_KINDS = ("nudge", "notice", "plan")
CURRENCIES = frozenset(
    (
        "EUR",
        "USD",
        "CAD",
        "GBP",
        "CHF",
        "JPY",
        "AUD",
        "NZD",
        "SEK",
        "NOK",
        "DKK",
        "ISK",
        "PLN",
        "CZK",
        "HUF",
        "RON",
        "BGN",
        "TRY",
        "MAD",
        "TND",
        "DZD",
        "XOF",
        "XAF",
        "XPF",
        "EGP",
        "ZAR",
        "BRL",
        "MXN",
        "ARS",
        "CLP",
        "COP",
        "PEN",
        "CNY",
        "HKD",
        "TWD",
        "KRW",
        "SGD",
        "THB",
        "VND",
        "IDR",
        "MYR",
        "PHP",
        "INR",
        "ILS",
        "AED",
        "SAR",
        "QAR",
        "UAH",
        "HTG",
        "MUR",
        "",
    )
)


@dataclass(frozen=True)
class Settings:
    """A person's settings, as shown by SMS and REST."""

    id: uuid.UUID  # the person's: one settings resource each
    language: str
    timezone: str
    quiet_hours: QuietHours | None
    morning_plan_at: time | None
    daily_cap: int | None
    currency: str
    updated_at: datetime  # of the latest change, user or settings row: the ETag follows it


def default_currency(language: str) -> str:
    return "EUR" if language == "fr" else "USD"


def get_settings(session: Session, *, user: User) -> Settings:
    """The person's settings (defaults where they set nothing)."""
    from shared.users import repository

    row = repository.settings_of(session, user.id)
    quiet = None
    if row is not None and row.quiet_hours_start is not None and row.quiet_hours_end is not None:
        quiet = QuietHours(row.quiet_hours_start, row.quiet_hours_end)
    stamps = [user.updated_at] + ([row.updated_at] if row is not None else [])
    return Settings(
        id=user.id,
        language=user.language,
        timezone=user.timezone,
        quiet_hours=quiet,
        morning_plan_at=row.morning_plan_at if row is not None else None,
        daily_cap=row.daily_cap if row is not None else None,
        currency=(row.currency if row is not None and row.currency else None) or default_currency(user.language),
        updated_at=max(s for s in stamps if s is not None),
    )


class _Keep:
    """A setting the change leaves alone."""

    def __repr__(self) -> str:
        return "KEEP"


KEEP = _Keep()


def change_settings(
    session: Session,
    *,
    user: User,
    now: datetime,
    language: str | _Keep = KEEP,
    timezone: str | _Keep = KEEP,
    quiet_hours: QuietHours | _Keep | None = KEEP,
    morning_plan_at: time | _Keep | None = KEEP,
    daily_cap: int | _Keep | None = KEEP,
    currency: str | _Keep | None = KEEP,
) -> Settings:
    """Change some settings, all validated before anything is written (InvalidInput names the field)."""
    from shared.users import repository

    if not isinstance(language, _Keep):
        language = language_code(language)
    if not isinstance(timezone, _Keep):
        timezone = zone_named(timezone)
    if isinstance(quiet_hours, QuietHours) and quiet_hours.start == quiet_hours.end:
        raise InvalidInput("settings.quiet_hours_empty", key="settings.quiet_same", field="quiet_hours")
    if isinstance(daily_cap, int) and not 0 <= daily_cap <= MAX_DAILY_CAP:
        raise InvalidInput("settings.bad_cap", key="settings.bad_cap", field="daily_cap", most=MAX_DAILY_CAP)
    if isinstance(currency, str):
        currency = currency_code(currency)
    if not isinstance(language, _Keep) and language != user.language:
        user.language = language
        user.updated_at = now
    if not isinstance(timezone, _Keep) and timezone != user.timezone:
        user.timezone = timezone
        user.updated_at = now
    row_changes: dict[str, object] = {}
    if not isinstance(quiet_hours, _Keep):
        row_changes["quiet_hours_start"] = quiet_hours.start if quiet_hours else None
        row_changes["quiet_hours_end"] = quiet_hours.end if quiet_hours else None
    if not isinstance(morning_plan_at, _Keep):
        row_changes["morning_plan_at"] = morning_plan_at
    if not isinstance(daily_cap, _Keep):
        row_changes["daily_cap"] = daily_cap
    if not isinstance(currency, _Keep):
        row_changes["currency"] = currency
    if row_changes:
        repository.save_settings(session, user.id, now=now, **row_changes)
    session.flush()
    return get_settings(session, user=user)


_LANGUAGE_WORDS = {
    "fr": "fr",
    "fra": "fr",
    "fre": "fr",
    "francais": "fr",
    "french": "fr",
    "en": "en",
    "eng": "en",
    "anglais": "en",
    "english": "en",
}


def language_code(words: str) -> str:
    """'fr' or 'en' from a code or a name in either language; InvalidInput otherwise."""
    from shared.brains.offline._lexicon import fold

    key = fold(words).strip(" .!?").removeprefix("en ").removeprefix("in ").strip()
    code = _LANGUAGE_WORDS.get(key)
    if code is None:
        raise InvalidInput("settings.bad_language", key="settings.ask_language", field="language")
    return code


# Places people name instead of a zone (folded). Zone names (IANA) are accepted as such, case aside.
CITY_ZONES: dict[str, str] = {
    "paris": "Europe/Paris",
    "france": "Europe/Paris",
    "lyon": "Europe/Paris",
    "marseille": "Europe/Paris",
    "toulouse": "Europe/Paris",
    "bordeaux": "Europe/Paris",
    "lille": "Europe/Paris",
    "nantes": "Europe/Paris",
    "strasbourg": "Europe/Paris",
    "nice": "Europe/Paris",
    "bruxelles": "Europe/Brussels",
    "brussels": "Europe/Brussels",
    "belgique": "Europe/Brussels",
    "belgium": "Europe/Brussels",
    "geneve": "Europe/Zurich",
    "geneva": "Europe/Zurich",
    "lausanne": "Europe/Zurich",
    "zurich": "Europe/Zurich",
    "suisse": "Europe/Zurich",
    "switzerland": "Europe/Zurich",
    "luxembourg": "Europe/Luxembourg",
    "monaco": "Europe/Monaco",
    "londres": "Europe/London",
    "london": "Europe/London",
    "dublin": "Europe/Dublin",
    "berlin": "Europe/Berlin",
    "madrid": "Europe/Madrid",
    "barcelone": "Europe/Madrid",
    "barcelona": "Europe/Madrid",
    "rome": "Europe/Rome",
    "lisbonne": "Europe/Lisbon",
    "lisbon": "Europe/Lisbon",
    "amsterdam": "Europe/Amsterdam",
    "montreal": "America/Toronto",
    "quebec": "America/Toronto",
    "toronto": "America/Toronto",
    "ottawa": "America/Toronto",
    "vancouver": "America/Vancouver",
    "calgary": "America/Edmonton",
    "edmonton": "America/Edmonton",
    "new york": "America/New_York",
    "nyc": "America/New_York",
    "boston": "America/New_York",
    "miami": "America/New_York",
    "washington": "America/New_York",
    "atlanta": "America/New_York",
    "chicago": "America/Chicago",
    "houston": "America/Chicago",
    "dallas": "America/Chicago",
    "austin": "America/Chicago",
    "denver": "America/Denver",
    "phoenix": "America/Phoenix",
    "los angeles": "America/Los_Angeles",
    "la": "America/Los_Angeles",
    "san francisco": "America/Los_Angeles",
    "seattle": "America/Los_Angeles",
    "la reunion": "Indian/Reunion",
    "reunion": "Indian/Reunion",
    "guadeloupe": "America/Guadeloupe",
    "martinique": "America/Martinique",
    "guyane": "America/Cayenne",
    "cayenne": "America/Cayenne",
    "dakar": "Africa/Dakar",
    "abidjan": "Africa/Abidjan",
    "casablanca": "Africa/Casablanca",
    "tunis": "Africa/Tunis",
    "alger": "Africa/Algiers",
    "algiers": "Africa/Algiers",
    "tokyo": "Asia/Tokyo",
    "sydney": "Australia/Sydney",
    "auckland": "Pacific/Auckland",
    "noumea": "Pacific/Noumea",
    "tahiti": "Pacific/Tahiti",
    "papeete": "Pacific/Tahiti",
    "heure de l'est": "America/New_York",
    "eastern": "America/New_York",
    "eastern time": "America/New_York",
    "central": "America/Chicago",
    "central time": "America/Chicago",
    "mountain": "America/Denver",
    "mountain time": "America/Denver",
    "pacific": "America/Los_Angeles",
    "pacific time": "America/Los_Angeles",
}


def zone_named(words: str) -> str:
    """An IANA zone from its name ("America/Chicago", case aside) or a city or region we know ("Montréal");
    InvalidInput otherwise."""
    found = zone_of(words)
    if found is None:
        raise InvalidInput("settings.bad_timezone", key="settings.ask_timezone", field="timezone")
    return found


def zone_or_none(words: str) -> str | None:
    from shared.brains.offline._lexicon import fold

    text = words.strip()
    if not text or len(text) > 64:
        return None
    folded = " ".join(fold(text).replace("-", " ").split()).strip(" .!?")
    if folded in CITY_ZONES:
        return CITY_ZONES[folded]
    if "/" in text or text.upper() == "UTC":
        return _zones_by_folded_name().get(text.lower().replace(" ", "_"))
    return None


_ZONE_NAMES: dict[str, str] = {}


def _zones_by_folded_name() -> dict[str, str]:
    if not _ZONE_NAMES:
        from zoneinfo import available_timezones

        _ZONE_NAMES.update({name.lower(): name for name in available_timezones()})
    return _ZONE_NAMES


# Places people name for their time zone beyond the service's table, and the zone words they use ("heure
# belge", "pst", "côte ouest"): French and English spellings, folded (no accents, lowercase, hyphens as spaces),
# comma-separated per zone.
_MORE_PLACES = {
    "Europe/Paris": "rennes, montpellier, grenoble, rouen, reims, dijon, angers, brest, metz, caen, avignon, "
    "perpignan, annecy, biarritz, la rochelle, clermont ferrand, le havre, saint etienne, orleans, limoges, "
    "poitiers, besancon, corse, ajaccio, bastia, heure francaise, heure de france, french time",
    "Europe/Brussels": "liege, namur, charleroi, anvers, antwerp, gand, ghent, bruges, heure belge",
    "Europe/Zurich": "berne, bern, bale, basel, fribourg, neuchatel, lugano, heure suisse",
    "Europe/London": "manchester, liverpool, birmingham, edimbourg, edinburgh, glasgow, angleterre, england, "
    "royaume uni, uk, united kingdom, ecosse, scotland, pays de galles, wales, heure anglaise, uk time, "
    "british time, heure de londres",
    "Europe/Dublin": "irlande, ireland, cork",
    "Europe/Berlin": "munich, munchen, francfort, frankfurt, hambourg, hamburg, cologne, allemagne, germany",
    "Europe/Vienna": "vienne, vienna, autriche, austria",
    "Europe/Prague": "prague, praha",
    "Europe/Warsaw": "varsovie, warsaw, cracovie, krakow, pologne, poland",
    "Europe/Budapest": "budapest, hongrie, hungary",
    "Europe/Athens": "athenes, athens, grece, greece",
    "Europe/Istanbul": "istanbul, turquie, turkey",
    "Europe/Moscow": "moscou, moscow",
    "Europe/Stockholm": "stockholm, suede, sweden",
    "Europe/Oslo": "oslo, norvege, norway",
    "Europe/Copenhagen": "copenhague, copenhagen, danemark, denmark",
    "Europe/Helsinki": "helsinki, finlande, finland",
    "Europe/Kyiv": "kiev, kyiv, ukraine",
    "Europe/Bucharest": "bucarest, bucharest, roumanie, romania",
    "Europe/Rome": "milan, naples, venise, venice, florence, turin, italie, italy",
    "Europe/Madrid": "seville, valencia, malaga, bilbao, espagne, spain",
    "Europe/Lisbon": "porto, portugal",
    "Europe/Amsterdam": "rotterdam, la haye, pays bas, netherlands, hollande, holland",
    "Atlantic/Reykjavik": "reykjavik, islande, iceland",
    "Atlantic/Canary": "canaries, canary islands, tenerife",
    "America/Toronto": "gatineau, sherbrooke, trois rivieres, quebec city, ville de quebec, heure du quebec, ontario",
    "America/Winnipeg": "winnipeg, manitoba",
    "America/Regina": "regina, saskatchewan",
    "America/Halifax": "halifax, nouvelle ecosse, nova scotia, heure de l'atlantique, atlantic time",
    "America/Moncton": "moncton, nouveau brunswick, new brunswick",
    "America/St_Johns": "st john's, saint john's, terre neuve, newfoundland",
    "America/Vancouver": "victoria, colombie britannique, british columbia",
    "America/New_York": "new york city, philadelphie, philadelphia, baltimore, pittsburgh, charlotte, orlando, "
    "tampa, washington dc, dc, brooklyn, manhattan, queens, new jersey, floride, florida, cote est, east coast, "
    "eastern standard time, est, edt, heure de new york, heure de l'est",
    "America/Detroit": "detroit, michigan",
    "America/Chicago": "minneapolis, st louis, saint louis, nashville, la nouvelle orleans, nouvelle orleans, "
    "new orleans, kansas city, milwaukee, san antonio, texas, central standard time, cst, cdt, heure du centre",
    "America/Denver": "salt lake city, albuquerque, boise, colorado, mountain standard time, mst, mdt, "
    "heure des rocheuses",
    "America/Los_Angeles": "las vegas, vegas, san diego, portland, sacramento, san jose, oakland, hollywood, "
    "californie, california, cote ouest, west coast, pacific standard time, pst, pdt, heure du pacifique",
    "America/Anchorage": "anchorage, alaska, alaska time",
    "Pacific/Honolulu": "honolulu, hawaii, hawai, hawaii time",
    "America/Mexico_City": "mexico, mexico city, mexique",
    "America/Cancun": "cancun",
    "America/Sao_Paulo": "sao paulo, rio, rio de janeiro, bresil, brazil",
    "America/Argentina/Buenos_Aires": "buenos aires, argentine, argentina",
    "America/Santiago": "santiago, chili, chile",
    "America/Lima": "lima, perou, peru",
    "America/Bogota": "bogota, colombie, colombia",
    "America/Havana": "la havane, havana, cuba",
    "America/Port-au-Prince": "port au prince, haiti",
    "America/Miquelon": "saint pierre et miquelon, miquelon",
    "America/Guadeloupe": "pointe a pitre",
    "America/Martinique": "fort de france",
    "America/St_Barthelemy": "saint barth, saint barthelemy, st barth",
    "America/Marigot": "saint martin",
    "Indian/Mayotte": "mayotte, mamoudzou",
    "Indian/Mauritius": "ile maurice, mauritius",
    "Indian/Antananarivo": "madagascar, antananarivo, tananarive",
    "Africa/Casablanca": "maroc, morocco, rabat, marrakech, fes, tanger",
    "Africa/Algiers": "algerie, algeria, oran",
    "Africa/Tunis": "tunisie, tunisia",
    "Africa/Dakar": "senegal",
    "Africa/Abidjan": "cote d'ivoire, ivory coast",
    "Africa/Bamako": "bamako, mali",
    "Africa/Ouagadougou": "ouagadougou, ouaga, burkina, burkina faso",
    "Africa/Douala": "cameroun, cameroon, douala, yaounde",
    "Africa/Kinshasa": "kinshasa",
    "Africa/Cairo": "le caire, cairo, egypte, egypt",
    "Africa/Lagos": "lagos, nigeria",
    "Africa/Nairobi": "nairobi, kenya",
    "Africa/Johannesburg": "johannesburg, le cap, cape town, afrique du sud, south africa",
    "Africa/Libreville": "libreville, gabon",
    "Africa/Porto-Novo": "cotonou, benin",
    "Africa/Lome": "lome, togo",
    "Africa/Conakry": "conakry, guinee, guinea",
    "Africa/Niamey": "niamey, niger",
    "Africa/Djibouti": "djibouti",
    "Asia/Tokyo": "japon, japan, osaka, kyoto, heure japonaise, japan time, heure de tokyo",
    "Asia/Seoul": "seoul, coree, korea, coree du sud, south korea",
    "Asia/Shanghai": "pekin, beijing, shanghai, chine, china",
    "Asia/Hong_Kong": "hong kong",
    "Asia/Taipei": "taipei, taiwan",
    "Asia/Singapore": "singapour, singapore",
    "Asia/Bangkok": "bangkok, thailande, thailand, phuket",
    "Asia/Ho_Chi_Minh": "hanoi, ho chi minh, saigon, vietnam",
    "Asia/Makassar": "bali",
    "Asia/Jakarta": "jakarta",
    "Asia/Manila": "manille, manila, philippines",
    "Asia/Kuala_Lumpur": "kuala lumpur, malaisie, malaysia",
    "Asia/Kolkata": "inde, india, delhi, new delhi, mumbai, bombay, bangalore",
    "Asia/Dubai": "dubai, abu dhabi, emirats, uae",
    "Asia/Qatar": "doha, qatar",
    "Asia/Riyadh": "riyad, riyadh, arabie saoudite, saudi arabia",
    "Asia/Beirut": "beyrouth, beirut, liban, lebanon",
    "Asia/Jerusalem": "tel aviv, jerusalem, israel",
    "Asia/Tehran": "teheran, tehran, iran",
    "Asia/Karachi": "karachi, pakistan",
    "Asia/Dhaka": "dhaka, bangladesh",
    "Australia/Sydney": "canberra, australie, australia",
    "Australia/Melbourne": "melbourne",
    "Australia/Brisbane": "brisbane",
    "Australia/Perth": "perth",
    "Australia/Adelaide": "adelaide",
    "Pacific/Auckland": "nouvelle zelande, new zealand, wellington",
    "Pacific/Noumea": "nouvelle caledonie, new caledonia",
    "Pacific/Tahiti": "polynesie, polynesie francaise, french polynesia",
    "Etc/GMT": "gmt, heure de greenwich",
}
PLACES: dict[str, str] = {
    name.strip(): zone for zone, names in _MORE_PLACES.items() for name in names.split(",") if name.strip()
}


def zone_of(words: str) -> str | None:
    """The IANA zone in a zone name, a city, region or country, or the zone's usual name ("Montréal", "Lisbonne",
    "heure belge", "pst", "America/Chicago"); None when the words name none. The service's table first, then
    this bigger one; an article or "heure de"/"time" around a known place is read too ("l'heure de Rome")."""
    from shared.brains.offline._lexicon import fold

    found = zone_or_none(words)
    if found is not None:
        return found
    folded = " ".join(fold(words).replace("-", " ").replace("_", " ").split()).strip(" .!?")
    if not folded or len(folded) > 64:
        return None
    if "/" in folded:  # "america/new york", "europe / paris"
        return zone_or_none(re.sub(r"\s*/\s*", "/", folded).replace(" ", "_"))
    # the place inside zone words: "l'heure de l'est", "à l'heure de Rome", "the uk", "paris time"
    forms = [folded]
    forms.append(re.sub(r"^(?:a\s+)?l'(?=heure\b)|^the\s+", "", forms[-1]))
    forms.append(re.sub(r"^heure\s+(?:de\s+|du\s+|d')", "", forms[-1]))
    forms.append(re.sub(r"\s+(?:time|timezone|time\s+zone)$", "", forms[-1]))
    forms.append(re.sub(r"^(?:l'|la\s+|le\s+)(?=\w)", "", forms[-1]))
    for form in forms:
        found = PLACES.get(form) or (zone_or_none(form) if form != folded else None)
        if found is not None:
            return found
    return None


def currency_code(words: str) -> str:
    code = words.strip().upper()
    if code not in CURRENCIES:
        raise InvalidInput("settings.bad_currency", key="settings.bad_currency", field="currency")
    return code


# --- messages Boussole starts itself -------------------------------------------------------------------------
def why_not_proactive(
    session: Session,
    *,
    user_id: uuid.UUID,
    timezone: str,
    now: datetime,
    quiet: QuietHours | None,
    daily_cap: int | None,
    already: int = 0,
) -> str | None:
    """Why a message Boussole would start now must not go ("quiet hours", "daily cap"), or None when it may.
    `already`: such messages decided in this same pass, not yet counted in the store."""
    zone = ZoneInfo(timezone)
    wall = now.astimezone(zone).time()
    if not WAKING_HOURS[0] <= wall < WAKING_HOURS[1] or (quiet is not None and quiet.holds(now, zone)):
        return "quiet hours"
    if daily_cap is not None:
        from shared.users import repository

        day_start = datetime.combine(now.astimezone(zone).date(), time(0), tzinfo=zone)
        sent = repository.proactive_count(session, user_id, since=day_start, kinds=PROACTIVE_KINDS)
        if sent + already >= daily_cap:
            return "daily cap"
    return None


def proactive_allowed(session: Session, *, user: User, now: datetime) -> str | None:
    """For other slices (notices, the morning plan): None when a message Boussole starts may go to `user` now,
    else why not ("quiet hours", "daily cap"). Such messages go to the outbox with a kind of PROACTIVE_KINDS."""
    current = get_settings(session, user=user)
    return why_not_proactive(
        session,
        user_id=user.id,
        timezone=user.timezone,
        now=now,
        quiet=current.quiet_hours,
        daily_cap=current.daily_cap,
    )
