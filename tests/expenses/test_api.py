"""/v1/expenses and /v1/expense-categories over HTTP (the emulator on real Postgres): create, read back with
its ETag, list with filters, sorts and cursor pages, summaries per currency, stale writes, bad input as 422
problems with nothing written, and another person's ids as 404."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.helpers import bearer


@pytest.fixture()
def me(emulator, people):
    return bearer(people["fr"], emulator)


@pytest.fixture()
def them(emulator, people):
    return bearer(people["en"], emulator)


def today(emulator) -> str:
    from zoneinfo import ZoneInfo

    return emulator.clock.now().astimezone(ZoneInfo("Europe/Paris")).date().isoformat()


def days_ago(emulator, n: int) -> str:
    from datetime import date

    return (date.fromisoformat(today(emulator)) - timedelta(days=n)).isoformat()


def post(emulator, headers, **body):
    return emulator.http.post("/v1/expenses", json=body, headers=headers)


def items(emulator, headers, **params):
    r = emulator.http.get("/v1/expenses", params=params, headers=headers)
    assert r.status_code == 200, r.text
    return r.json()["items"]


class TestCrud:
    def test_create_then_read_back_with_its_etag_and_location(self, emulator, me):
        created = post(emulator, me, amount="12.50", description="resto", payment_method="card")
        assert created.status_code == 201, created.text
        body = created.json()
        assert body["amount"] == "12.50" and body["currency"] == "EUR" and body["spent_on"] == today(emulator)
        assert created.headers["location"] == f"/v1/expenses/{body['id']}"
        again = emulator.http.get(created.headers["location"], headers=me)
        assert again.json() == body and again.headers["etag"] == created.headers["etag"]
        category = emulator.http.get(f"/v1/expense-categories/{body['category_id']}", headers=me).json()
        assert category["name"] == "restaurants" and category["kind"] == "restaurant"

    def test_numbers_are_accepted_and_kept_exact(self, emulator, them):
        body = post(emulator, them, amount=4.75, description="coffee").json()
        assert body["amount"] == "4.75" and body["currency"] == "USD"

    def test_patch_with_if_match_and_a_stale_write_is_412(self, emulator, me):
        created = post(emulator, me, amount="10", description="taxi")
        url, tag = created.headers["location"], created.headers["etag"]
        first = emulator.http.patch(url, json={"amount": "18", "currency": "usd"}, headers=me | {"If-Match": tag})
        assert first.status_code == 200 and first.json()["amount"] == "18.00" and first.json()["currency"] == "USD"
        stale = emulator.http.patch(url, json={"description": "uber"}, headers=me | {"If-Match": tag})
        assert stale.status_code == 412 and stale.headers["content-type"] == "application/problem+json"
        assert emulator.http.get(url, headers=me).json()["description"] == "taxi"
        fresh = emulator.http.patch(url, json={"category_id": None}, headers=me | {"If-Match": first.headers["etag"]})
        assert fresh.status_code == 200 and fresh.json()["category_id"] is None

    def test_delete(self, emulator, me):
        url = post(emulator, me, amount="3", description="café").headers["location"]
        assert emulator.http.delete(url, headers=me | {"If-Match": '"nope"'}).status_code == 412
        assert emulator.http.delete(url, headers=me).status_code == 204
        assert emulator.http.get(url, headers=me).status_code == 404

    def test_a_recurring_expense(self, emulator, me):
        body = post(emulator, me, amount="800", description="loyer", recurrence="FREQ=MONTHLY").json()
        assert "RRULE:FREQ=MONTHLY" in body["recurrence"]
        summary = emulator.http.get("/v1/expenses/summary", headers=me).json()
        assert summary["totals"] == [{"currency": "EUR", "total": "800.00"}]
        assert [r["description"] for r in summary["recurring"]] == ["loyer"]


class TestListing:
    def test_filters_sorts_and_pages(self, emulator, me):
        for amount, description, ago, currency in (
            ("12.50", "resto", 0, "EUR"),
            ("87.30", "courses", 1, "EUR"),
            ("35", "casque", 2, "USD"),
            ("4.20", "boulangerie", 3, "EUR"),
            ("60", "essence", 40, "EUR"),
        ):
            assert (
                post(
                    emulator,
                    me,
                    amount=amount,
                    description=description,
                    currency=currency,
                    spent_on=days_ago(emulator, ago),
                ).status_code
                == 201
            )
        newest = [i["description"] for i in items(emulator, me)]
        assert newest == ["resto", "courses", "casque", "boulangerie", "essence"]
        by_amount = [i["amount"] for i in items(emulator, me, sort="amount")]
        assert by_amount == ["4.20", "12.50", "35.00", "60.00", "87.30"]
        recent = items(emulator, me, **{"from": days_ago(emulator, 3), "to": days_ago(emulator, 1)})
        assert [i["description"] for i in recent] == ["courses", "casque", "boulangerie"]
        assert [i["description"] for i in items(emulator, me, currency="USD")] == ["casque"]
        groceries = next(i["category_id"] for i in items(emulator, me) if i["description"] == "courses")
        assert {i["description"] for i in items(emulator, me, category_id=groceries)} == {"courses", "boulangerie"}
        for sort in ("-date", "amount", "-amount"):
            seen, cursor = [], None
            while True:
                params = {"limit": 2, "sort": sort} | ({"cursor": cursor} if cursor else {})
                page = emulator.http.get("/v1/expenses", params=params, headers=me).json()
                seen += [i["id"] for i in page["items"]]
                cursor = page["next_cursor"]
                if cursor is None:
                    break
            assert len(seen) == len(set(seen)) == 5, sort

    def test_summary_per_currency_week_and_month(self, emulator, me):
        post(emulator, me, amount="10", description="resto")
        post(emulator, me, amount="5.50", description="resto", currency="USD")
        post(emulator, me, amount="20", description="courses")
        month = emulator.http.get("/v1/expenses/summary", params={"period": "month"}, headers=me).json()
        assert month["totals"] == [{"currency": "EUR", "total": "30.00"}, {"currency": "USD", "total": "5.50"}]
        assert sum(float(c["total"]) for c in month["by_category"] if c["currency"] == "EUR") == 30
        week = emulator.http.get("/v1/expenses/summary", params={"period": "week", "date": today(emulator)}, headers=me)
        assert week.status_code == 200 and len(week.json()["totals"]) == 2
        far = emulator.http.get("/v1/expenses/summary", params={"date": "2001-01-01"}, headers=me).json()
        assert far["totals"] == [] and far["start"] == "2001-01-01"

    def test_a_forged_cursor_is_422(self, emulator, me):
        r = emulator.http.get("/v1/expenses", params={"cursor": "bm9wZQ"}, headers=me)
        assert r.status_code == 422 and r.headers["content-type"] == "application/problem+json"


class TestBadInput:
    @pytest.mark.parametrize(
        "payload",
        [
            {"amount": "-5"},
            {"amount": "0"},
            {"amount": "12.345"},
            {"amount": "1234567890123"},
            {"amount": "douze"},
            {"amount": "10", "currency": "XYZ"},
            {"amount": "10", "currency": "euros"},
            {"amount": "10", "spent_on": "2026-02-30"},
            {"amount": "10", "spent_on": "1999-12-31"},
            {"amount": "10", "spent_on": "2999-01-01"},
            {"amount": "10", "description": "x" * 501},
            {"amount": "10", "category": "y" * 65},
            {"amount": "10", "payment_method": "shells"},
            {"amount": "10", "recurrence": "FREQ=SOMETIMES"},
            {"amount": "10", "user_id": "00000000-0000-0000-0000-000000000000"},
            {"amount": "10", "category_id": "00000000-0000-0000-0000-000000000000"},
            {"amount": True},
        ],
    )
    def test_is_a_4xx_problem_and_writes_nothing(self, emulator, me, payload):
        r = post(emulator, me, **({"category": "une catégorie toute neuve"} | payload))
        assert r.status_code in (404, 422), r.text
        assert r.headers["content-type"] == "application/problem+json"
        assert items(emulator, me) == []
        assert emulator.http.get("/v1/expense-categories", headers=me).json()["items"] == []

    def test_bad_filters(self, emulator, me):
        for params in (
            {"from": "2026-13-01"},
            {"currency": "EURO"},
            {"sort": "price"},
            {"from": "2026-03-10", "to": "2026-03-01"},
        ):
            r = emulator.http.get("/v1/expenses", params=params, headers=me)
            assert r.status_code == 422, params


class TestCategories:
    def test_crud_with_budget_and_if_match(self, emulator, me):
        created = emulator.http.post(
            "/v1/expense-categories", json={"name": "Resto", "monthly_budget": "150", "currency": "EUR"}, headers=me
        )
        assert created.status_code == 201, created.text
        body = created.json()
        assert body["name"] == "resto" and body["monthly_budget"] == "150.00" and body["kind"] == "restaurant"
        url, tag = created.headers["location"], created.headers["etag"]
        dup = emulator.http.post("/v1/expense-categories", json={"name": "resto"}, headers=me)
        assert dup.status_code == 409
        changed = emulator.http.patch(url, json={"monthly_budget": "200"}, headers=me | {"If-Match": tag})
        assert changed.status_code == 200 and changed.json()["monthly_budget"] == "200.00"
        stale = emulator.http.patch(url, json={"monthly_budget": None}, headers=me | {"If-Match": tag})
        assert stale.status_code == 412
        cleared = emulator.http.patch(url, json={"monthly_budget": None}, headers=me)
        assert cleared.json()["monthly_budget"] is None
        expense = post(emulator, me, amount="12", category_id=body["id"]).json()
        assert emulator.http.delete(url, headers=me).status_code == 204
        assert emulator.http.get(f"/v1/expenses/{expense['id']}", headers=me).json()["category_id"] is None

    def test_bad_category_input(self, emulator, me):
        for payload in ({"name": ""}, {"name": "x", "monthly_budget": "-1"}, {"name": "x", "currency": "QQQ"}):
            r = emulator.http.post("/v1/expense-categories", json=payload, headers=me)
            assert r.status_code == 422, payload
        assert emulator.http.get("/v1/expense-categories", headers=me).json()["items"] == []

    def test_pages(self, emulator, me):
        for name in ("a", "b", "c"):
            emulator.http.post("/v1/expense-categories", json={"name": name}, headers=me)
        first = emulator.http.get("/v1/expense-categories", params={"limit": 2}, headers=me).json()
        rest = emulator.http.get(
            "/v1/expense-categories", params={"limit": 2, "cursor": first["next_cursor"]}, headers=me
        ).json()
        assert [c["name"] for c in first["items"] + rest["items"]] == ["a", "b", "c"]


class TestIsolation:
    def test_another_persons_ids_are_404_for_every_verb(self, emulator, me, them):
        expense = post(emulator, them, amount="30", description="SECRET gas").json()
        category_url = f"/v1/expense-categories/{expense['category_id']}"
        url = f"/v1/expenses/{expense['id']}"
        for method, target, kw in (
            ("get", url, {}),
            ("patch", url, {"json": {"amount": "1"}}),
            ("delete", url, {}),
            ("get", category_url, {}),
            ("patch", category_url, {"json": {"name": "mine"}}),
            ("delete", category_url, {}),
            ("get", "/v1/expenses", {"params": {"category_id": expense["category_id"]}}),
            ("get", "/v1/expenses/summary", {"params": {"category_id": expense["category_id"]}}),
        ):
            r = getattr(emulator.http, method)(target, headers=me, **kw)
            assert r.status_code == 404, (method, target)
            assert "SECRET" not in r.text
        assert post(emulator, me, amount="5", category_id=expense["category_id"]).status_code == 404
        assert emulator.http.get(url, headers=them).json() == expense
        assert items(emulator, me) == []


class TestOddText:
    def test_control_characters_are_dropped_and_nul_refused(self, emulator, me):
        r = post(emulator, me, amount="5", description="caf\u0007é\nbar", category="x\ty")
        assert r.status_code == 201, r.text
        assert r.json()["description"] == "caf é bar"
        name = emulator.http.get(f"/v1/expense-categories/{r.json()['category_id']}", headers=me).json()["name"]
        assert name == "x y"
        assert post(emulator, me, amount="5", description="caf\u0000é").status_code == 422
