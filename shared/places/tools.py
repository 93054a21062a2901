"""The places slice's tools for both brains, each a thin handler over `service`: save a place (a name said
again updates it), say where a place is (with its last and next visit, from the calendar), list them."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

from pydantic import BaseModel, Field

from shared.agent.registry import NeedsAnswer, Tool, ToolContext, ToolRegistry, ToolResult
from shared.i18n.format import format_when
from shared.i18n.messages import t
from shared.messaging.segments import fit_field
from shared.places import service
from shared.places.models import Location

MAX_LINES = 8


class AddPlace(BaseModel):
    name: str = Field("", max_length=120, description="the place's name as the person says it ('pharmacie Centrale')")
    address: str = Field("", max_length=500, description="the address as written ('12 rue de la Paix'); optional")
    kind: str = Field(
        "",
        max_length=40,
        description="its type in the person's words or one of: home, work, family, friend, doctor, dentist, "
        "health, pharmacy, hospital, shop, restaurant, school, gym, bank, services, leisure, transport, other",
    )


class FindPlace(BaseModel):
    about: str = Field("", max_length=200, description="words naming the place ('la pharmacie', 'Dr Martin')")


class ListPlaces(BaseModel):
    kind: str = Field("", max_length=40, description="only places of this type; empty for all")


def _about(place: Location) -> dict[str, object]:
    return {"id": str(place.id), "name": place.name, "address": place.address, "kind": place.kind}


def _when(ctx: ToolContext, at: datetime) -> str:
    zone = ZoneInfo(ctx.user.timezone)
    return format_when(at.astimezone(zone), now=ctx.now.astimezone(zone), lang=ctx.lang)


def add_place(ctx: ToolContext, args: AddPlace) -> ToolResult:
    if not args.name.strip():
        raise NeedsAnswer(t("place.ask_name", ctx.lang), missing="name")
    saved = service.save(
        ctx.session,
        user=ctx.user,
        now=ctx.now,
        name=args.name,
        address=args.address.strip() or None,
        kind=args.kind.strip() or None,
    )
    place = saved.place
    address = t("place.address_part", ctx.lang, address=place.address) if place.address else ""
    key = "place.saved" if saved.created else "place.updated"
    say = fit_field(lambda w: t(key, ctx.lang, name=w, address=address), place.name)
    return ToolResult(say=say, data=_about(place) | {"created": saved.created}, refs=[place.id])


def find_place(ctx: ToolContext, args: FindPlace) -> ToolResult:
    if not args.about.strip():
        raise NeedsAnswer(t("place.ask_which", ctx.lang), missing="about")
    found = service.find(ctx.session, user=ctx.user, words=args.about)
    if not found:
        return ToolResult(say=t("place.unknown", ctx.lang, about=args.about.strip()), data={"places": []})
    place = found[0]
    last, upcoming = service.visits(ctx.session, user=ctx.user, now=ctx.now, places=[place])[place.id]
    if place.address:
        lines = [t("place.where", ctx.lang, name=place.name, address=place.address)]
    else:
        lines = [t("place.where_no_address", ctx.lang, name=place.name)]
    if last is not None:
        lines.append(t("place.last_visit", ctx.lang, when=_when(ctx, last)))
    if upcoming is not None:
        lines.append(t("place.next_visit", ctx.lang, when=_when(ctx, upcoming)))
    data = _about(place) | {
        "last_visit": last.isoformat() if last else None,
        "next_visit": upcoming.isoformat() if upcoming else None,
    }
    return ToolResult(say=" ".join(lines), data=data, refs=[place.id])


_HEALTH = re.compile(r"sant[eé]s?|m[eé]dica(?:l|ux)|soins?", re.IGNORECASE)


def _kind(words: str) -> str | None:
    """The kind the person's words name ("pharmacies", "restos", "lieux de santé"), or None for every place."""
    words = words.strip()
    if not words:
        return None
    return service.kind_of(words) or ("health" if _HEALTH.fullmatch(words) else None)


def list_places(ctx: ToolContext, args: ListPlaces) -> ToolResult:
    kind = _kind(args.kind)
    places = [p for p in service.all_places(ctx.session, user=ctx.user) if kind is None or p.kind == kind]
    if not places:
        return ToolResult(say=t("place.none", ctx.lang), data={"places": []})
    lines = [f"{p.name}" + (f" : {p.address}" if p.address else "") for p in places[:MAX_LINES]]
    if len(places) > MAX_LINES:
        lines.append(t("place.list_more", ctx.lang, n=len(places) - MAX_LINES))
    say = t("place.list", ctx.lang, n=len(places)) + "\n" + "\n".join(lines)
    return ToolResult(say=say, data={"places": [_about(p) for p in places]}, refs=[p.id for p in places])


def register(tools: ToolRegistry) -> None:
    """Declare this slice's tools."""
    tools.add(
        Tool(
            name="add_place",
            description={
                "en": "Save a place that matters to the person (name, address, type); saying a name again updates"
                " it. Events at that place then show as its visits.",
                "fr": "Enregistrer un lieu qui compte pour la personne (nom, adresse, type) ; redonner un nom le met"
                " à jour. Les rendez-vous à ce lieu deviennent ses visites.",
            },
            args=AddPlace,
            handler=add_place,
            writes=True,
            domain="places",
            examples={
                "fr": ("le cabinet du Dr Martin c'est 12 rue de la Paix", "enregistre la pharmacie, 3 place Bellecour"),
                "en": ("add place gym at 5th avenue", "save CVS pharmacy, 12 Main Street"),
            },
        )
    )
    tools.add(
        Tool(
            name="find_place",
            description={
                "en": "Say where a saved place is (its address), with the last and next visit there.",
                "fr": "Dire où est un lieu enregistré (son adresse), avec la dernière et la prochaine visite.",
            },
            args=FindPlace,
            handler=find_place,
            writes=False,
            domain="places",
            examples={"fr": ("c'est où le kiné ?",), "en": ("where's the pharmacy?",)},
        )
    )
    tools.add(
        Tool(
            name="list_places",
            description={"en": "List the person's saved places.", "fr": "Lister les lieux enregistrés."},
            args=ListPlaces,
            handler=list_places,
            writes=False,
            domain="places",
            examples={"fr": ("mes lieux",), "en": ("my places",)},
        )
    )
