"""/v1/groceries: the signed-in person's shopping list. Thin over shared.groceries.service: list (cursor
pages, filters by status and aisle, sorts), get, create (merged with the same item already on the list),
partial update (If-Match), delete. Quantities are exact decimals with a canonical unit."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from functions.api.deps import CurrentUser, DepsDep, UowDep
from functions.api.kit import PROBLEMS, PageOut, PageParams, check_if_match, page_params, with_etag
from shared.groceries import quantity as q
from shared.groceries import service as groceries
from shared.groceries.models import GroceryItem

router = APIRouter(prefix="/v1/groceries", tags=["groceries"], responses=PROBLEMS)

Aisle = Literal[
    "produce", "bakery", "dairy", "meat", "fish", "frozen", "pantry", "drinks", "household", "hygiene", "baby",
    "pet", "other",
]  # fmt: skip
Status = Literal["to_buy", "bought"]
QUANTITY_DOC = "an exact decimal (at most 3 decimals), e.g. 500 or 1.5; null when none is said"
UNIT_DOC = "g, kg, mg, ml, cl, dl, l, oz, lb, gallon, cup, tbsp, tsp, pack, box, can, carton, bottle, bag, jar, ..."
Quantity = Annotated[Decimal, Field(gt=0, le=Decimal(1_000_000), max_digits=10, decimal_places=3)]


class GroceryOut(BaseModel):
    id: uuid.UUID
    name: str
    quantity: Decimal | None = Field(description="exact decimal, as a string in JSON")
    unit: str | None = Field(description="canonical unit code")
    category: Aisle
    status: Status
    bought_at: datetime | None
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, item: GroceryItem) -> GroceryOut:
        return cls(
            id=item.id,
            name=item.name,
            quantity=q.plain(item.quantity) if item.quantity is not None else None,
            unit=item.unit,
            category=item.category,  # type: ignore[arg-type]
            status="bought" if item.bought_at is not None else "to_buy",
            bought_at=item.bought_at,
            created_at=item.created_at,
            updated_at=item.updated_at,
        )


class GroceryIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"name": "farine", "quantity": "500", "unit": "g"}, {"name": "oeufs", "quantity": 6}]
        },
    )
    name: str = Field(min_length=1, max_length=groceries.MAX_NAME)
    quantity: Quantity | None = Field(None, description=QUANTITY_DOC)
    unit: str | None = Field(None, max_length=20, description=UNIT_DOC)
    category: Aisle | None = Field(None, description="the aisle; guessed from the name when not given")


class GroceryPatch(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"status": "bought"}, {"quantity": "2", "unit": "l"}, {"category": "dairy"}]},
    )
    name: str | None = Field(None, min_length=1, max_length=groceries.MAX_NAME)
    quantity: Quantity | None = Field(None, description=QUANTITY_DOC + " (null clears it)")
    unit: str | None = Field(None, max_length=20, description=UNIT_DOC)
    category: Aisle | None = None
    status: Status | None = None


@router.get("", response_model=PageOut[GroceryOut])
def list_groceries(
    user: CurrentUser,
    uow: UowDep,
    page: Annotated[PageParams, Depends(page_params)],
    status: Annotated[Literal["to_buy", "bought", "all"], Query(description="to_buy (default), bought or all")] = (
        "to_buy"
    ),
    category: Annotated[Aisle | None, Query(description="only this aisle")] = None,
    sort: Annotated[Literal["created", "name", "category"], Query()] = "created",
    order: Annotated[Literal["asc", "desc"], Query()] = "asc",
) -> PageOut[GroceryOut]:
    found = groceries.page(
        uow.session,
        user=user,
        status=None if status == "all" else status,
        category=category,
        sort=sort,
        descending=order == "desc",
        cursor=page.decoded(),
        limit=page.limit,
    )
    return PageOut(
        items=[GroceryOut.of(i) for i in found.items], next_cursor=found.next.encode() if found.next else None
    )


@router.get("/{item_id}", response_model=GroceryOut)
def get_grocery(item_id: uuid.UUID, user: CurrentUser, uow: UowDep, response: Response) -> GroceryOut:
    item = groceries.get(uow.session, user=user, item_id=item_id)
    with_etag(response, item)
    return GroceryOut.of(item)


@router.post(
    "",
    response_model=GroceryOut,
    status_code=201,
    responses={200: {"description": "Merged into the same item already on the list", "model": GroceryOut}},
)
def create_grocery(body: GroceryIn, user: CurrentUser, uow: UowDep, deps: DepsDep, response: Response) -> GroceryOut:
    [added] = groceries.add_many(
        uow.session,
        user=user,
        now=deps.clock.now(),
        items=[groceries.NewItem(name=body.name, quantity=body.quantity, unit=body.unit, category=body.category)],
    )
    uow.session.flush()
    if added.merged:
        response.status_code = 200
    response.headers["Location"] = f"/v1/groceries/{added.item.id}"
    with_etag(response, added.item)
    return GroceryOut.of(added.item)


@router.patch("/{item_id}", response_model=GroceryOut)
def update_grocery(
    item_id: uuid.UUID,
    body: GroceryPatch,
    request: Request,
    user: CurrentUser,
    uow: UowDep,
    deps: DepsDep,
    response: Response,
) -> GroceryOut:
    current = groceries.get(uow.session, user=user, item_id=item_id, lock=True)
    check_if_match(request, current)
    sent = body.model_fields_set
    changes: dict[str, Any] = {}
    if "name" in sent and body.name is not None:
        changes["name"] = body.name
    if "quantity" in sent:
        changes["quantity"] = body.quantity
    if "unit" in sent:
        changes["unit"] = body.unit
    if "category" in sent and body.category is not None:
        changes["category"] = body.category
    if "status" in sent and body.status is not None:
        changes["bought"] = body.status == "bought"
    item = groceries.update(uow.session, user=user, now=deps.clock.now(), item_id=item_id, **changes)
    uow.session.flush()
    with_etag(response, item)
    return GroceryOut.of(item)


@router.delete("/{item_id}", status_code=204)
def delete_grocery(item_id: uuid.UUID, request: Request, user: CurrentUser, uow: UowDep) -> Response:
    current = groceries.get(uow.session, user=user, item_id=item_id, lock=True)
    check_if_match(request, current)
    groceries.delete(uow.session, user=user, item_id=item_id)
    return Response(status_code=204)
