"""Places: the behaviour. Add (or update by name), find by words, list, change and delete a person's places,
each with its last and next visit (from the events linked to it); guess a kind from words; find the known
place a text names (for events). Keyword-only `session`, `user`, `now`; one DomainError type."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from shared.brains.offline._lexicon import fold
from shared.db.paging import Cursor, Page
from shared.errors import InvalidInput, NotFound
from shared.places import repository as repo
from shared.places.models import KINDS, Location
from shared.users.models import User

MAX_NAME = 120
MAX_ADDRESS = 500

# Words -> kind, French and English, folded (singular; a trailing s is tried off too).
_KIND_WORDS: dict[str, tuple[str, ...]] = {
    "home": ("maison", "chez moi", "domicile", "home", "house", "appart", "appartement", "apartment", "flat"),
    "work": ("travail", "boulot", "bureau", "taf", "work", "office", "job", "usine", "chantier"),
    "family": (
        "mamie",
        "papi",
        "maman",
        "papa",
        "mere",
        "pere",
        "grand-mere",
        "grand-pere",
        "parents",
        "soeur",
        "frere",
        "tante",
        "oncle",
        "cousin",
        "cousine",
        "grandma",
        "grandpa",
        "granny",
        "mom",
        "mum",
        "dad",
        "mother",
        "father",
        "sister",
        "brother",
        "aunt",
        "uncle",
        "famille",
        "family",
    ),
    "friend": ("ami", "amie", "pote", "copain", "copine", "friend", "buddy"),
    "dentist": ("dentiste", "dentist", "orthodontiste", "orthodontist"),
    "doctor": (
        "medecin",
        "docteur",
        "dr",
        "doc",
        "generaliste",
        "doctor",
        "physician",
        "gp",
        "cabinet",
        "clinique",
        "clinic",
        "pediatre",
        "pediatrician",
        "ophtalmo",
        "ophtalmologue",
        "gyneco",
        "dermato",
    ),
    "health": (
        "kine",
        "kinesitherapeute",
        "osteo",
        "osteopathe",
        "psy",
        "psychologue",
        "psychiatre",
        "orthophoniste",
        "physio",
        "physiotherapist",
        "therapist",
        "chiropractor",
        "laboratoire",
        "labo",
        "lab",
        "radiologie",
    ),
    "pharmacy": ("pharmacie", "pharma", "pharmacy", "drugstore", "cvs", "walgreens", "chemist"),
    "hospital": ("hopital", "hospital", "urgences", "er", "chu"),
    "shop": (
        "boulangerie",
        "boucherie",
        "magasin",
        "boutique",
        "supermarche",
        "epicerie",
        "marche",
        "carrefour",
        "leclerc",
        "monoprix",
        "lidl",
        "auchan",
        "shop",
        "store",
        "bakery",
        "supermarket",
        "grocery",
        "market",
        "mall",
        "target",
        "walmart",
        "costco",
        "fleuriste",
        "librairie",
        "tabac",
        "pressing",
    ),
    "restaurant": ("restaurant", "resto", "cafe", "bar", "brasserie", "pizzeria", "diner", "coffee"),
    "school": (
        "ecole",
        "college",
        "lycee",
        "creche",
        "fac",
        "universite",
        "school",
        "daycare",
        "university",
        "kindergarten",
        "elementary",
        "nounou",
    ),
    "gym": ("gym", "salle de sport", "sport", "piscine", "pool", "stade", "fitness", "dojo", "club", "yoga"),
    "bank": ("banque", "bank", "agence", "branch", "poste", "post office"),
    "services": (
        "garage",
        "garagiste",
        "mecanicien",
        "mechanic",
        "coiffeur",
        "hairdresser",
        "barber",
        "mairie",
        "prefecture",
        "caf",
        "cpam",
        "impots",
        "plombier",
        "veterinaire",
        "veto",
        "vet",
        "dmv",
        "laverie",
        "laundromat",
        "notaire",
        "avocat",
        "lawyer",
    ),
    "leisure": (
        "parc",
        "park",
        "cinema",
        "theatre",
        "musee",
        "museum",
        "zenith",
        "stadium",
        "bibliotheque",
        "library",
        "salle",
        "concert",
    ),
    "transport": ("gare", "station", "aeroport", "airport", "arret", "bus stop", "parking"),
}


def kind_of(words: str | None) -> str | None:
    """The kind (KINDS) a word or phrase names ("pharmacie", "type sport", "dentist"), or None."""
    if not words:
        return None
    folded = " ".join(re.split(r"[^a-z0-9'-]+", fold(words))).strip()
    if folded in KINDS:
        return folded
    tokens = folded.split()
    for kind, names in _KIND_WORDS.items():
        for name in names:
            if " " in name or "-" in name:
                if f" {name} " in f" {folded} ":
                    return kind
            elif name in tokens or (name + "s") in tokens:
                return kind
    return None


def _clean(text: str | None, *, limit: int, field: str) -> str | None:
    if text is None:
        return None
    text = " ".join(text.split())
    if len(text) > limit:
        raise InvalidInput(f"place.{field}_too_long", key="place.too_long", field=field)
    return text or None


@dataclass(frozen=True)
class Saved:
    place: Location
    created: bool


def save(
    session: Session,
    *,
    user: User,
    now: datetime,
    name: str,
    address: str | None = None,
    kind: str | None = None,
) -> Saved:
    """Add a place, or update the one with that name (a missing address or kind keeps the old one). `kind` is
    one of KINDS or words naming one ("pharmacie", "sport"); else guessed from the name, else "other"."""
    clean_name = _clean(name, limit=MAX_NAME, field="name")
    if not clean_name:
        raise InvalidInput("place.no_name", key="place.no_name", field="name")
    clean_address = _clean(address, limit=MAX_ADDRESS, field="address")
    chosen = kind_of(kind) if kind else None
    if kind and chosen is None:
        chosen = "other"
    known = repo.by_folded_name(session, user.id, fold(clean_name))
    if chosen is None and known is None:
        chosen = kind_of(clean_name) or "other"
    place_id, created = repo.upsert(
        session, user_id=user.id, now=now, name=clean_name, address=clean_address, kind=chosen
    )
    session.expire_all()
    place = repo.get_for_user(session, user.id, place_id)
    assert place is not None
    return Saved(place, created)


def get(session: Session, *, user: User, place_id: uuid.UUID, lock: bool = False) -> Location:
    """One of the person's places (NotFound for anyone else's)."""
    place = repo.get_for_user(session, user.id, place_id, lock=lock)
    if place is None:
        raise NotFound("place.not_found", key="place.not_found")
    return place


def all_places(session: Session, *, user: User) -> list[Location]:
    return repo.all_for_user(session, user.id)


def page(
    session: Session,
    *,
    user: User,
    kind: str | None = None,
    words: str | None = None,
    cursor: Cursor | None = None,
    limit: int = 50,
) -> Page[Location]:
    """A page of the person's places by name (the API's list)."""
    folded = " ".join(fold(words).split()) if words else None
    return repo.page_for_user(session, user.id, kind=kind, words=folded or None, cursor=cursor, limit=limit)


def update(
    session: Session,
    *,
    user: User,
    now: datetime,
    place_id: uuid.UUID,
    name: str | None = None,
    address: str | None = None,
    kind: str | None = None,
    clear_address: bool = False,
) -> Location:
    """Change a place's name, address or kind (KINDS). A name another of the person's places has: Conflict."""
    from shared.errors import Conflict

    place = get(session, user=user, place_id=place_id, lock=True)
    if name is not None:
        clean_name = _clean(name, limit=MAX_NAME, field="name")
        if not clean_name:
            raise InvalidInput("place.no_name", key="place.no_name", field="name")
        other = repo.by_folded_name(session, user.id, fold(clean_name))
        if other is not None and other.id != place.id:
            raise Conflict("place.name_taken", key="place.name_taken", name=clean_name)
        place.name = clean_name
    if clear_address:
        place.address = None
    elif address is not None:
        place.address = _clean(address, limit=MAX_ADDRESS, field="address")
    if kind is not None:
        if kind not in KINDS:
            raise InvalidInput("place.bad_kind", key="place.bad_kind", field="kind")
        place.kind = kind
    place.updated_at = now
    session.flush()
    session.refresh(place)
    return place


def delete(session: Session, *, user: User, place_id: uuid.UUID) -> Location:
    """Remove one of the person's places (its events keep the place as written, unlinked)."""
    place = get(session, user=user, place_id=place_id, lock=True)
    repo.remove(session, user.id, place.id)
    return place


def _tokens(text: str) -> list[str]:
    return [w for w in re.split(r"[^a-z0-9]+", fold(text)) if w]


_ARTICLES = frozenset({"le", "la", "les", "l", "du", "de", "des", "d", "the", "a", "an", "my", "mon", "ma", "mes"})


def matching(session: Session, *, user: User, words: str | None) -> Location | None:
    """The known place these words name: its whole name appears in them (or they in it, for two words or more),
    the longest name first. None when no place matches."""
    if not words:
        return None
    said = [w for w in _tokens(words) if w not in _ARTICLES]
    if not said:
        return None
    text = f" {' '.join(said)} "
    best: tuple[int, Location] | None = None
    for place in repo.all_for_user(session, user.id):
        name = [w for w in _tokens(place.name) if w not in _ARTICLES]
        if not name:
            continue
        joined = " ".join(name)
        hit = f" {joined} " in text or (text in f" {joined} " and len(text.strip()) >= 4)
        if hit and (best is None or len(joined) > best[0]):
            best = (len(joined), place)
    return best[1] if best else None


def find(session: Session, *, user: User, words: str) -> list[Location]:
    """Places whose name, address or kind holds the person's words, the best match first."""
    wanted = [w for w in _tokens(words) if w not in _ARTICLES and len(w) > 1]
    if not wanted:
        return []
    kind = kind_of(words)
    scored = []
    for place in repo.all_for_user(session, user.id):
        have = _tokens(f"{place.name} {place.address or ''}")
        hits = sum(1 for w in wanted if any(h.startswith(w) for h in have))
        if kind is not None and place.kind == kind:
            hits += 1
        if hits:
            scored.append((-hits, place.name_folded, place))
    return [p for *_, p in sorted(scored, key=lambda x: (x[0], x[1]))]


def visits(
    session: Session, *, user: User, now: datetime, places: list[Location]
) -> dict[uuid.UUID, tuple[datetime | None, datetime | None]]:
    """Each place's (last visit, next visit): the start of the last event there that has started, and of the
    next one to come."""
    from shared.calendar import service as calendar

    return calendar.visits(session, user=user, now=now, location_ids=[p.id for p in places])


def create(
    session: Session, *, user: User, now: datetime, name: str, address: str | None = None, kind: str | None = None
) -> Location:
    """A new place (the API's create): a name the person already has is a Conflict, not an update."""
    from shared.errors import Conflict

    clean_name = _clean(name, limit=MAX_NAME, field="name")
    if not clean_name:
        raise InvalidInput("place.no_name", key="place.no_name", field="name")
    if repo.by_folded_name(session, user.id, fold(clean_name)) is not None:
        raise Conflict("place.name_taken", key="place.name_taken", name=clean_name)
    if kind is not None and kind not in KINDS:
        raise InvalidInput("place.bad_kind", key="place.bad_kind", field="kind")
    return save(session, user=user, now=now, name=clean_name, address=address, kind=kind).place
