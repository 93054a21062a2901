"""/v1/expenses, /v1/expenses/summary and /v1/expense-categories: the signed-in person's expenses and their
categories with a monthly budget. Thin over shared.expenses.service: list (cursor pages, filters, sorts),
get, create, partial update (If-Match), delete; totals per currency for a week or a month. Amounts are
exact decimals (sent and returned as strings, numbers accepted), currencies ISO 4217 codes."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from functions.api.deps import CurrentUser, DepsDep, UowDep
from functions.api.kit import PROBLEMS, PageOut, PageParams, check_if_match, page_params, with_etag
from shared.expenses import service as expenses
from shared.expenses.models import Expense, ExpenseCategory

router = APIRouter(prefix="/v1", tags=["expenses"], responses=PROBLEMS)


PaymentMethod = Literal["card", "cash", "transfer", "cheque", "direct_debit", "mobile", "other"]
Sort = Literal["date", "-date", "amount", "-amount"]
Money = Annotated[Decimal, Field(gt=0, max_digits=12, decimal_places=2, description="exact, at most 2 decimals")]
Currency = Annotated[str, Field(min_length=3, max_length=3, pattern=r"^[A-Za-z]{3}$", description="ISO 4217")]
CONFLICT: dict[int | str, dict[str, object]] = {
    409: {
        "description": "Another of the person's categories has this name",
        "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}},
    }
}
RULE_DOC = "RFC 5545 RRULE (e.g. 'FREQ=MONTHLY'): a recurring expense, counted in totals on each occurrence"


class ExpenseOut(BaseModel):
    id: uuid.UUID
    amount: Decimal
    currency: str
    description: str | None
    category_id: uuid.UUID | None
    spent_on: date = Field(description="the person's local date (a recurring expense's first occurrence)")
    payment_method: PaymentMethod | None
    recurrence: str | None = Field(description="DTSTART + RRULE when it repeats")
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, e: Expense) -> ExpenseOut:
        return cls(
            id=e.id,
            amount=e.amount,
            currency=e.currency,
            description=e.description,
            category_id=e.category_id,
            spent_on=e.spent_on,
            payment_method=e.payment_method,  # type: ignore[arg-type]
            recurrence=e.recurrence,
            created_at=e.created_at,
            updated_at=e.updated_at,
        )


class ExpenseIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"amount": "12.50", "currency": "EUR", "description": "resto", "payment_method": "card"},
                {"amount": "800", "description": "loyer", "category": "logement", "recurrence": "FREQ=MONTHLY"},
            ]
        },
    )
    amount: Money
    currency: Currency | None = Field(None, description="ISO 4217; default: the person's currency")
    description: str | None = Field(None, max_length=500)
    category_id: uuid.UUID | None = None
    category: str | None = Field(
        None, max_length=64, description="a category name (found or created); default: guessed from the description"
    )
    spent_on: date | None = Field(None, description="default: today in the person's time zone")
    payment_method: PaymentMethod | None = None
    recurrence: str | None = Field(None, max_length=300, description=RULE_DOC)


class ExpensePatch(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"amount": "13.20"}, {"category_id": None, "payment_method": "cash"}]},
    )
    amount: Money | None = None
    currency: Currency | None = None
    description: str | None = Field(None, max_length=500)
    category_id: uuid.UUID | None = None
    spent_on: date | None = None
    payment_method: PaymentMethod | None = None
    recurrence: str | None = Field(None, max_length=300, description=RULE_DOC + "; null to stop repeating")


class CategoryOut(BaseModel):
    id: uuid.UUID
    name: str
    kind: str | None = Field(description="what the words point at (restaurant, groceries, transport…)")
    monthly_budget: Decimal | None
    currency: str = Field(description="the budget's currency")
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, c: ExpenseCategory) -> CategoryOut:
        return cls(
            id=c.id,
            name=c.name,
            kind=c.kind,
            monthly_budget=c.monthly_budget,
            currency=c.currency,
            created_at=c.created_at,
            updated_at=c.updated_at,
        )


class CategoryIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"name": "resto", "monthly_budget": "150", "currency": "EUR"}]},
    )
    name: str = Field(min_length=1, max_length=64)
    monthly_budget: Money | None = None
    currency: Currency | None = None


class CategoryPatch(BaseModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"monthly_budget": "200"}, {"monthly_budget": None}]}
    )
    name: str | None = Field(None, min_length=1, max_length=64)
    monthly_budget: Money | None = Field(None, description="null removes the budget")
    currency: Currency | None = None


class Total(BaseModel):
    currency: str
    total: Decimal


class CategoryTotal(BaseModel):
    category_id: uuid.UUID | None
    category: str | None
    currency: str
    total: Decimal
    count: int
    monthly_budget: Decimal | None = Field(description="the category's budget, when in this currency")
    percent_of_budget: int | None = Field(description="for a month only")


class SummaryOut(BaseModel):
    start: date
    end: date = Field(description="exclusive")
    totals: list[Total] = Field(description="one per currency: amounts in different currencies are never added")
    by_category: list[CategoryTotal]
    recurring: list[ExpenseOut] = Field(description="the recurring expenses counted in the period")


# --- expenses ----------------------------------------------------------------------------------------------------
@router.get("/expenses", response_model=PageOut[ExpenseOut])
def list_expenses(
    user: CurrentUser,
    uow: UowDep,
    page: Annotated[PageParams, Depends(page_params)],
    start: Annotated[date | None, Query(alias="from", description="first day, inclusive")] = None,
    end: Annotated[date | None, Query(alias="to", description="last day, inclusive")] = None,
    category_id: uuid.UUID | None = None,
    currency: Annotated[str | None, Query(min_length=3, max_length=3, pattern=r"^[A-Za-z]{3}$")] = None,
    sort: Sort = "-date",
) -> PageOut[ExpenseOut]:
    if category_id is not None:
        expenses.get_category(uow.session, user=user, category_id=category_id)
    found = expenses.page(
        uow.session,
        user=user,
        start=start,
        end=end,
        category_id=category_id,
        currency=currency,
        sort=sort,
        cursor=page.decoded(),
        limit=page.limit,
    )
    return PageOut(
        items=[ExpenseOut.of(e) for e in found.items], next_cursor=found.next.encode() if found.next else None
    )


@router.get("/expenses/summary", response_model=SummaryOut)
def expense_summary(
    user: CurrentUser,
    uow: UowDep,
    deps: DepsDep,
    period: Literal["week", "month"] = "month",
    day: Annotated[date | None, Query(alias="date", description="a day in the period; default: today")] = None,
    category_id: uuid.UUID | None = None,
) -> SummaryOut:
    now = deps.clock.now()
    anchor = day or expenses.today(user, now)
    if period == "week":
        start = anchor - timedelta(days=anchor.weekday())
        end = start + timedelta(days=7)
    else:
        start = expenses.month_of(anchor)
        end = expenses.next_month(start)
    ids = [expenses.get_category(uow.session, user=user, category_id=category_id).id] if category_id else None
    found = expenses.summary(uow.session, user=user, now=now, start=start, end=end, category_ids=ids)
    lines = []
    for line in found.lines:
        budget = line.category.monthly_budget if line.category else None
        if line.category is not None and line.category.currency != line.currency:
            budget = None
        percent = int(line.total * 100 / budget) if budget and period == "month" else None
        lines.append(
            CategoryTotal(
                category_id=line.category.id if line.category else None,
                category=line.category.name if line.category else None,
                currency=line.currency,
                total=line.total,
                count=line.count,
                monthly_budget=budget,
                percent_of_budget=percent,
            )
        )
    return SummaryOut(
        start=start,
        end=end,
        totals=[Total(currency=c, total=v) for c, v in sorted(found.totals.items())],
        by_category=lines,
        recurring=[ExpenseOut.of(e) for e in found.recurring],
    )


@router.get("/expenses/{expense_id}", response_model=ExpenseOut)
def get_expense(expense_id: uuid.UUID, user: CurrentUser, uow: UowDep, response: Response) -> ExpenseOut:
    expense = expenses.get(uow.session, user=user, expense_id=expense_id)
    with_etag(response, expense)
    return ExpenseOut.of(expense)


@router.post("/expenses", response_model=ExpenseOut, status_code=201)
def create_expense(body: ExpenseIn, user: CurrentUser, uow: UowDep, deps: DepsDep, response: Response) -> ExpenseOut:
    added = expenses.add(
        uow.session,
        user=user,
        now=deps.clock.now(),
        amount=body.amount,
        currency=body.currency,
        description=body.description,
        category=body.category,
        category_id=body.category_id,
        spent_on=body.spent_on,
        payment_method=body.payment_method,
        recurrence=body.recurrence,
    )
    uow.session.flush()
    response.headers["Location"] = f"/v1/expenses/{added.expense.id}"
    with_etag(response, added.expense)
    return ExpenseOut.of(added.expense)


@router.patch("/expenses/{expense_id}", response_model=ExpenseOut)
def update_expense(
    expense_id: uuid.UUID,
    body: ExpensePatch,
    request: Request,
    user: CurrentUser,
    uow: UowDep,
    deps: DepsDep,
    response: Response,
) -> ExpenseOut:
    check_if_match(request, expenses.get(uow.session, user=user, expense_id=expense_id))
    changes = {name: getattr(body, name) for name in body.model_fields_set}
    for required in ("amount", "currency", "spent_on"):
        if required in changes and changes[required] is None:
            changes.pop(required)  # cannot be removed: null leaves it as it is
    expense = expenses.update(uow.session, user=user, now=deps.clock.now(), expense_id=expense_id, changes=changes)
    uow.session.flush()
    with_etag(response, expense)
    return ExpenseOut.of(expense)


@router.delete("/expenses/{expense_id}", status_code=204)
def delete_expense(expense_id: uuid.UUID, request: Request, user: CurrentUser, uow: UowDep) -> Response:
    check_if_match(request, expenses.get(uow.session, user=user, expense_id=expense_id))
    expenses.delete(uow.session, user=user, expense_id=expense_id)
    return Response(status_code=204)


# --- categories --------------------------------------------------------------------------------------------------
@router.get("/expense-categories", response_model=PageOut[CategoryOut])
def list_categories(
    user: CurrentUser, uow: UowDep, page: Annotated[PageParams, Depends(page_params)]
) -> PageOut[CategoryOut]:
    found = expenses.page_categories(uow.session, user=user, cursor=page.decoded(), limit=page.limit)
    return PageOut(
        items=[CategoryOut.of(c) for c in found.items], next_cursor=found.next.encode() if found.next else None
    )


@router.get("/expense-categories/{category_id}", response_model=CategoryOut)
def get_category(category_id: uuid.UUID, user: CurrentUser, uow: UowDep, response: Response) -> CategoryOut:
    found = expenses.get_category(uow.session, user=user, category_id=category_id)
    with_etag(response, found)
    return CategoryOut.of(found)


@router.post("/expense-categories", response_model=CategoryOut, status_code=201, responses=CONFLICT)
def create_category(body: CategoryIn, user: CurrentUser, uow: UowDep, deps: DepsDep, response: Response) -> CategoryOut:
    found = expenses.create_category(
        uow.session,
        user=user,
        now=deps.clock.now(),
        name=body.name,
        monthly_budget=body.monthly_budget,
        currency=body.currency,
    )
    response.headers["Location"] = f"/v1/expense-categories/{found.id}"
    with_etag(response, found)
    return CategoryOut.of(found)


@router.patch("/expense-categories/{category_id}", response_model=CategoryOut, responses=CONFLICT)
def update_category(
    category_id: uuid.UUID,
    body: CategoryPatch,
    request: Request,
    user: CurrentUser,
    uow: UowDep,
    deps: DepsDep,
    response: Response,
) -> CategoryOut:
    check_if_match(request, expenses.get_category(uow.session, user=user, category_id=category_id))
    sent = body.model_fields_set
    found = expenses.update_category(
        uow.session,
        user=user,
        now=deps.clock.now(),
        category_id=category_id,
        name=body.name,
        monthly_budget=body.monthly_budget,
        clear_budget="monthly_budget" in sent and body.monthly_budget is None,
        currency=body.currency,
    )
    uow.session.flush()
    with_etag(response, found)
    return CategoryOut.of(found)


@router.delete("/expense-categories/{category_id}", status_code=204)
def delete_category(category_id: uuid.UUID, request: Request, user: CurrentUser, uow: UowDep) -> Response:
    check_if_match(request, expenses.get_category(uow.session, user=user, category_id=category_id))
    expenses.delete_category(uow.session, user=user, category_id=category_id)
    return Response(status_code=204)
