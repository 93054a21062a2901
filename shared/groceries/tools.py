"""The groceries slice's tools for both brains, each a thin handler over `service`: add items (several at
once, merged with the list), mark them bought, list what is left by aisle, remove one."""

from __future__ import annotations

import uuid

from pydantic import BaseModel, Field

from shared.agent.registry import NeedsAnswer, Tool, ToolContext, ToolRegistry, ToolResult
from shared.errors import NotFound
from shared.groceries import quantity as q
from shared.groceries import service
from shared.groceries.models import GroceryItem
from shared.i18n.messages import t
from shared.messaging.segments import fit_field

SMS_BUDGET = 320  # characters: one reply


class ItemArg(BaseModel):
    name: str = Field(min_length=1, max_length=120, description="the item as written, without quantity ('lait')")
    quantity: str | int | float | None = Field(
        None,
        description="the quantity as written ('500', '1,5', '6', 'une demi-douzaine'); null when none is said "
        "(an article alone, 'une boîte de', is not a quantity)",
    )
    unit: str | None = Field(None, max_length=20, description="the unit as written ('g', 'kg', 'l', 'lbs', 'paquets')")


class AddGroceries(BaseModel):
    items: list[ItemArg] = Field(min_length=1, max_length=service.MAX_ITEMS, description="the items to add")


class MarkBought(BaseModel):
    items: list[str] = Field(
        min_length=1, max_length=service.MAX_ITEMS, description="names of the items bought, as written ('pain')"
    )


class ListGroceries(BaseModel):
    pass


class RemoveGrocery(BaseModel):
    about: str = Field("", max_length=120, description="the item to take off the list, as written ('le beurre')")
    item_id: uuid.UUID | None = Field(None, description="the line's id when known from the context")


def quantity_of(line: GroceryItem | None, lang: str) -> str:
    return q.show(line.quantity, line.unit, lang) if line is not None else ""


def describe(lines: list[GroceryItem], lang: str) -> str:
    """One item with every quantity on its lines: "lait (2 l + 1 bouteille)", "pain"."""
    amounts = [q.show(line.quantity, line.unit, lang) for line in lines if line.quantity is not None]
    return f"{lines[0].name} ({' + '.join(amounts)})" if amounts else lines[0].name


def render_list(lines: list[GroceryItem], lang: str, *, budget: int = SMS_BUDGET) -> str:
    """The list by aisle in one SMS; what does not fit is counted, never dropped silently."""
    entries = [(aisle, describe(item, lang)) for aisle, items in service.by_aisle(lines) for item in items]
    if not entries:
        return t("groceries.list_empty", lang)
    colon = " : " if lang == "fr" else ": "
    for shown in range(len(entries), 0, -1):
        text = t("groceries.list_title", lang, n=len(entries))
        current = None
        for aisle, piece in entries[:shown]:
            if aisle != current:
                text += f"\n{t(f'groceries.aisle.{aisle}', lang)}{colon}{piece}"
                current = aisle
            else:
                text += f", {piece}"
        if shown < len(entries):
            text += "\n" + t("groceries.more", lang, n=len(entries) - shown)
        if len(text) <= budget:
            return text
    return t("groceries.list_title", lang, n=len(entries)) + "\n" + t("groceries.more", lang, n=len(entries))


def add_groceries(ctx: ToolContext, args: AddGroceries) -> ToolResult:
    wanted = []
    for item in args.items:
        try:
            amount, unit = q.read_written(item.quantity, item.unit)
        except q.UnreadableQuantity:
            raise NeedsAnswer(t("groceries.ask_quantity", ctx.lang, name=item.name.strip()), missing="items") from None
        wanted.append(service.NewItem(name=item.name, quantity=amount, unit=unit))
    added = service.add_many(ctx.session, user=ctx.user, now=ctx.now, items=wanted)
    say = fit_field(lambda w: t("groceries.added", ctx.lang, items=w), added_text(added, ctx.lang))
    return ToolResult(say=say, data={"items": [about(a.item) for a in added]}, refs=[a.item.id for a in added])


def added_text(added: list[service.Added], lang: str) -> str:
    """What went on the list, for the person: "lait, oeufs (12 en tout), pain (déjà dessus)"."""
    pieces = []
    seen: set[uuid.UUID] = set()
    for one in added:
        line = one.item
        if line.id in seen:
            continue
        seen.add(line.id)
        if one.merged and one.changed:
            pieces.append(f"{line.name} ({t('groceries.in_all', lang, total=quantity_of(line, lang))})")
        elif one.merged:
            pieces.append(f"{line.name} ({t('groceries.already_there', lang)})")
        else:
            amount = quantity_of(line, lang)
            pieces.append(f"{line.name} ({amount})" if amount else line.name)
    return ", ".join(pieces)


def list_groceries(ctx: ToolContext, args: ListGroceries) -> ToolResult:
    lines = service.to_buy(ctx.session, user=ctx.user)
    return ToolResult(
        say=render_list(lines, ctx.lang), data={"items": [about(i) for i in lines]}, refs=[i.id for i in lines]
    )


def mark_bought(ctx: ToolContext, args: MarkBought) -> ToolResult:
    names = [n for n in args.items if n.strip()]
    if not names:
        raise NeedsAnswer(t("groceries.ask_bought", ctx.lang), missing="items")
    bought, missing = service.mark_bought(ctx.session, user=ctx.user, now=ctx.now, names=names)
    if not bought:
        raise NotFound("groceries.not_on_list", key="groceries.not_on_list", about=", ".join(missing)[:80])
    left = service.count_to_buy(ctx.session, user=ctx.user)
    shown = ", ".join(dict.fromkeys(line.name for line in bought))
    key = "groceries.bought" if left else "groceries.bought_all"
    say = fit_field(lambda w: t(key, ctx.lang, items=w, left=left), shown)
    if missing:
        say += " " + t("groceries.not_on_list_too", ctx.lang, names=", ".join(missing)[:80])
    return ToolResult(
        say=say,
        data={"bought": [about(i) for i in bought], "missing": missing, "left": left},
        refs=[i.id for i in bought],
    )


def remove_grocery(ctx: ToolContext, args: RemoveGrocery) -> ToolResult:
    if args.item_id is not None:
        found = [service.get(ctx.session, user=ctx.user, item_id=args.item_id, lock=True)]
    elif args.about.strip():
        found = service.find_to_buy(ctx.session, user=ctx.user, about=args.about)
        if not found:
            raise NotFound("groceries.not_on_list", key="groceries.not_on_list", about=args.about.strip()[:80])
    else:
        raise NeedsAnswer(t("groceries.ask_remove", ctx.lang), missing="about")
    names = list(dict.fromkeys(line.name_key for line in found))
    if len(names) > 1:
        firsts = [next(line for line in found if line.name_key == key) for key in names[:4]]
        options = "\n".join(f"{i}. {line.name}" for i, line in enumerate(firsts, 1))
        raise NeedsAnswer(
            t("groceries.ask_which_of", ctx.lang) + "\n" + options, missing="item_id", options=[x.id for x in firsts]
        )
    same = service.find_to_buy(ctx.session, user=ctx.user, about=found[0].name) if args.item_id is None else found
    service.remove_lines(ctx.session, user=ctx.user, ids=[line.id for line in same])
    say = fit_field(lambda w: t("groceries.removed", ctx.lang, items=w), found[0].name)
    return ToolResult(say=say, data={"removed": [about(i) for i in same]}, refs=[])


def about(item: GroceryItem) -> dict[str, object]:
    return {
        "id": str(item.id),
        "name": item.name,
        "quantity": str(q.plain(item.quantity)) if item.quantity is not None else None,
        "unit": item.unit,
        "category": item.category,
        "bought": item.bought_at is not None,
    }


def register(tools: ToolRegistry) -> None:
    """Declare this slice's tools."""
    tools.add(
        Tool(
            name="add_groceries",
            description={
                "en": "Put one or more items on the grocery list, with quantity and unit as written; the same item "
                "already on the list is merged.",
                "fr": "Mettre un ou plusieurs articles sur la liste de courses, quantité et unité telles qu'écrites ; "
                "un article déjà sur la liste est fusionné.",
            },
            args=AddGroceries,
            handler=add_groceries,
            writes=True,
            domain="groceries",
            asks={"items": "groceries.ask_items"},
            examples={
                "fr": ("lait, 6 oeufs et du pain", "mets 500 g de farine sur la liste"),
                "en": ("milk, 6 eggs and bread", "add 2 lbs chicken to the list"),
            },
        )
    )
    tools.add(
        Tool(
            name="mark_bought",
            description={
                "en": "Mark grocery items as bought (the person got them).",
                "fr": "Marquer des articles de la liste de courses comme achetés.",
            },
            args=MarkBought,
            handler=mark_bought,
            writes=True,
            domain="groceries",
            asks={"items": "groceries.ask_bought"},
            examples={"fr": ("j'ai pris le pain",), "en": ("got the milk",)},
        )
    )
    tools.add(
        Tool(
            name="list_groceries",
            description={
                "en": "Show what is still to buy on the grocery list, grouped by aisle.",
                "fr": "Montrer ce qu'il reste à acheter sur la liste de courses, par rayon.",
            },
            args=ListGroceries,
            handler=list_groceries,
            writes=False,
            domain="groceries",
            examples={"fr": ("il me manque quoi pour les courses ?",), "en": ("what's on my list",)},
        )
    )
    tools.add(
        Tool(
            name="remove_grocery",
            description={
                "en": "Take an item off the grocery list (not bought: no longer needed).",
                "fr": "Retirer un article de la liste de courses (plus besoin, pas acheté).",
            },
            args=RemoveGrocery,
            handler=remove_grocery,
            writes=True,
            domain="groceries",
            asks={"about": "groceries.ask_remove"},
            examples={"fr": ("enlève le beurre de la liste",), "en": ("take butter off the list",)},
        )
    )
