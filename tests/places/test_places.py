"""Places on real Postgres (service), over REST and by SMS (French and English): saved by name (saying it
again updates it), a kind guessed or given, "where is…" from the store, last and next visit from events."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.orm import Session

from shared.calendar import service as calendar
from shared.errors import Conflict, InvalidInput, NotFound
from shared.places import service as places
from tests.helpers import add_people, bearer, chat, person, rows

KNOWN_PHONES = ("+14155503001", "+33612400001")  # the SMS tests' people


PARIS = ZoneInfo("Europe/Paris")
NOW = datetime(2026, 3, 10, 13, 0, tzinfo=ZoneInfo("UTC"))


@pytest.fixture()
def session(clean_db):
    with Session(clean_db, expire_on_commit=False) as s:
        yield s
        s.rollback()


class TestService:
    def test_saving_a_name_again_updates_it(self, session):
        me = person(session, "+33600001001")
        first = places.save(session, user=me, now=NOW, name="Pharmacie Centrale", address="12 rue de la Paix")
        assert first.created and first.place.kind == "pharmacy"
        again = places.save(session, user=me, now=NOW, name="pharmacie centrale", address="14 rue de la Paix")
        assert not again.created and again.place.id == first.place.id and again.place.address == "14 rue de la Paix"
        kept = places.save(session, user=me, now=NOW, name="PHARMACIE CENTRALE")
        assert kept.place.address == "14 rue de la Paix"
        assert [p.name for p in places.all_places(session, user=me)] == ["PHARMACIE CENTRALE"]

    def test_kinds_from_words(self, session):
        me = person(session, "+33600001002")
        assert places.save(session, user=me, now=NOW, name="piscine municipale", kind="sport").place.kind == "gym"
        assert places.save(session, user=me, now=NOW, name="Dr Martin", kind="médecin").place.kind == "doctor"
        assert places.save(session, user=me, now=NOW, name="chez Léo", kind="n'importe").place.kind == "other"
        assert places.save(session, user=me, now=NOW, name="mamie").place.kind == "family"

    def test_refusals(self, session):
        me = person(session, "+33600001003")
        with pytest.raises(InvalidInput):
            places.save(session, user=me, now=NOW, name="  ")
        with pytest.raises(InvalidInput):
            places.save(session, user=me, now=NOW, name="x" * 121)
        places.create(session, user=me, now=NOW, name="gym")
        with pytest.raises(Conflict):
            places.create(session, user=me, now=NOW, name="Gym")

    def test_last_and_next_visit_come_from_events(self, session):
        me = person(session, "+33600001004")
        kine = places.save(session, user=me, now=NOW, name="kiné", address="4 avenue Jean Jaurès").place
        for day in (3, 6, 12, 19):
            calendar.create(
                session,
                user=me,
                now=NOW,
                title="séance",
                starts_at=datetime(2026, 3, day, 18, tzinfo=PARIS),
                place="kiné",
            )
        calendar.create(session, user=me, now=NOW, title="ailleurs", starts_at=datetime(2026, 3, 11, 9, tzinfo=PARIS))
        last, upcoming = places.visits(session, user=me, now=NOW, places=[kine])[kine.id]
        assert last == datetime(2026, 3, 6, 18, tzinfo=PARIS) and upcoming == datetime(2026, 3, 12, 18, tzinfo=PARIS)

    def test_another_persons_place_is_not_found(self, session):
        me, other = person(session, "+33600001005"), person(session, "+33600001006")
        theirs = places.save(session, user=other, now=NOW, name="secret").place
        with pytest.raises(NotFound):
            places.get(session, user=me, place_id=theirs.id)
        assert places.find(session, user=me, words="secret") == []
        assert places.matching(session, user=me, words="rdv secret") is None


def auth(emulator, phone: str) -> dict[str, str]:
    user_id = add_people(emulator.deps.engine, ("me", phone, "en", "Europe/Paris"))["me"]
    return bearer(user_id, emulator)


class TestRest:
    def test_crud_paging_visits_and_if_match(self, emulator):
        me = auth(emulator, "+14155502001")
        made = emulator.http.post("/v1/places", json={"name": "CVS", "address": "12 Main St"}, headers=me)
        assert made.status_code == 201, made.text
        place = made.json()
        assert place["kind"] == "pharmacy" and place["last_visit"] is None and place["next_visit"] is None
        url, tag = made.headers["Location"], made.headers["ETag"]
        event = {"title": "flu shot", "starts_at": "2031-01-05T10:00:00Z", "place_id": place["id"]}
        assert emulator.http.post("/v1/events", json=event, headers=me).status_code == 201
        assert emulator.http.get(url, headers=me).json()["next_visit"].startswith("2031-01-05T10:00")
        for name in ("gym", "bakery", "school"):
            emulator.http.post("/v1/places", json={"name": name}, headers=me)
        first = emulator.http.get("/v1/places", params={"limit": 2}, headers=me).json()
        second = emulator.http.get("/v1/places", params={"limit": 2, "cursor": first["next_cursor"]}, headers=me).json()
        assert [p["name"] for p in first["items"] + second["items"]] == ["bakery", "CVS", "gym", "school"]
        assert [
            p["name"] for p in emulator.http.get("/v1/places", params={"kind": "gym"}, headers=me).json()["items"]
        ] == ["gym"]
        changed = emulator.http.patch(url, json={"address": "14 Main St"}, headers=me | {"If-Match": tag})
        assert changed.status_code == 200 and changed.json()["address"] == "14 Main St"
        assert emulator.http.patch(url, json={"kind": "shop"}, headers=me | {"If-Match": tag}).status_code == 412
        assert emulator.http.delete(url, headers=me).status_code == 204
        assert emulator.http.get(url, headers=me).status_code == 404

    @pytest.mark.parametrize(
        "body",
        [
            {"name": ""},
            {"name": "x" * 121},
            {"name": "a", "kind": "castle"},
            {"name": "a", "address": "x" * 501},
            {"nom": "a"},
        ],
    )
    def test_bad_input_is_a_problem_and_writes_nothing(self, emulator, body):
        r = emulator.http.post("/v1/places", json=body, headers=auth(emulator, "+14155502002"))
        assert r.status_code == 422 and r.headers["content-type"] == "application/problem+json"
        assert rows(emulator.deps.engine, "SELECT count(*) FROM locations") == [(0,)]

    def test_duplicate_name_is_409_and_other_people_get_404(self, emulator):
        me, them = auth(emulator, "+14155502003"), auth(emulator, "+14155502004")
        url = emulator.http.post("/v1/places", json={"name": "Gym"}, headers=me).headers["Location"]
        assert emulator.http.post("/v1/places", json={"name": "gym"}, headers=me).status_code == 409
        assert emulator.http.get(url, headers=them).status_code == 404
        assert emulator.http.patch(url, json={"name": "mine"}, headers=them).status_code == 404
        assert emulator.http.delete(url, headers=them).status_code == 404
        pid = url.rsplit("/", 1)[1]
        r = emulator.http.post("/v1/events", json={"title": "x", "when": "tomorrow 9am", "place_id": pid}, headers=them)
        assert r.status_code == 404 and rows(emulator.deps.engine, "SELECT count(*) FROM events") == [(0,)]


@pytest.mark.usefixtures("known_phones")
class TestSms:
    def test_french(self, emulator):
        phone = "+33612400001"
        assert "pharmacie Centrale, 12 rue de la Paix" in chat(
            emulator, phone, "enregistre la pharmacie Centrale, 12 rue de la Paix"
        )
        chat(emulator, phone, "le cabinet du Dr Martin c'est 3 place Bellecour")
        chat(emulator, phone, "j'ai un rdv jeudi 15h au cabinet du Dr Martin")
        where = chat(emulator, phone, "c'est où le cabinet du Dr Martin ?")
        assert "3 place Bellecour" in where and "Prochaine : jeudi" in where and "15h" in where
        assert "Je ne connais pas de lieu" in chat(emulator, phone, "où est la piscine ?")
        [(kind,)] = rows(emulator.deps.engine, "SELECT kind FROM locations WHERE name = 'cabinet du Dr Martin'")
        assert kind == "doctor"

    def test_english(self, emulator):
        phone = "+14155503001"
        assert "Saved: gym, 5th avenue" in chat(emulator, phone, "add place gym at 5th avenue")
        assert "Updated" in chat(emulator, phone, "save the gym address: 7 5th avenue")
        assert "7 5th avenue" in chat(emulator, phone, "where's the gym?")
        assert "gym" in chat(emulator, phone, "my places")
