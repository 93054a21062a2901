"""The calendar service on real Postgres: days in the person's zone, default durations, all-day events,
conflicts, words to times, moves, search, and isolation between people."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.orm import Session

from shared.calendar import service as calendar
from shared.errors import InvalidInput, NotFound
from shared.places import service as places
from tests.helpers import person

PARIS = ZoneInfo("Europe/Paris")
NOW = datetime(2026, 3, 10, 13, 0, tzinfo=ZoneInfo("UTC"))  # Tuesday 14:00 in Paris


@pytest.fixture()
def session(clean_db):
    with Session(clean_db, expire_on_commit=False) as s:
        yield s
        s.rollback()


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 3, day, hour, minute, tzinfo=PARIS)


class TestCreate:
    def test_default_duration_is_one_hour(self, session):
        me = person(session, "+33600000001")
        added = calendar.create(session, user=me, now=NOW, title="rdv dentiste", starts_at=at(12, 15))
        assert added.event.ends_at - added.event.starts_at == timedelta(hours=1)
        assert added.conflicts == []

    def test_all_day_covers_the_local_day(self, session):
        me = person(session, "+33600000002")
        event = calendar.create(session, user=me, now=NOW, title="dîner", starts_at=at(14, 9), all_day=True).event
        assert event.starts_at.astimezone(PARIS) == at(14, 0)
        assert event.ends_at.astimezone(PARIS) == at(15, 0)

    def test_all_day_across_dst_is_23_hours(self, session):
        me = person(session, "+33600000003")
        event = calendar.create(session, user=me, now=NOW, title="week-end", starts_at=at(29, 9), all_day=True).event
        assert event.ends_at - event.starts_at == timedelta(hours=23)  # clocks go forward on March 29

    def test_overlap_is_pointed_out_not_refused(self, session):
        me = person(session, "+33600000004")
        calendar.create(session, user=me, now=NOW, title="réunion", starts_at=at(12, 14), ends_at=at(12, 15))
        calendar.create(session, user=me, now=NOW, title="fête", starts_at=at(12, 9), all_day=True)
        added = calendar.create(session, user=me, now=NOW, title="dentiste", starts_at=at(12, 14, 30))
        assert [c.title for c in added.conflicts] == ["réunion"]
        back_to_back = calendar.create(session, user=me, now=NOW, title="café", starts_at=at(12, 15))
        assert [c.title for c in back_to_back.conflicts] == ["dentiste"]  # réunion ends at 15:00: no overlap

    @pytest.mark.parametrize(
        ("start", "end", "code"),
        [
            (at(12, 15), at(12, 14), "event.end_before_start"),
            (at(12, 15), at(12, 15), "event.end_before_start"),
            (at(12, 15), at(12, 15) + timedelta(days=400), "event.too_long"),
            (datetime(2026, 3, 12, 15), None, "event.naive_time"),
        ],
    )
    def test_bad_times_are_refused_and_nothing_is_written(self, session, start, end, code):
        me = person(session, "+33600000005")
        with pytest.raises(InvalidInput) as err:
            calendar.create(session, user=me, now=NOW, title="x", starts_at=start, ends_at=end)
        assert err.value.code == code
        assert calendar.upcoming(session, user=me, now=NOW) == []

    def test_blank_or_huge_title_is_refused(self, session):
        me = person(session, "+33600000006")
        for title in ("   ", "x" * 501):
            with pytest.raises(InvalidInput):
                calendar.create(session, user=me, now=NOW, title=title, starts_at=at(12, 15))

    def test_links_a_known_place_by_name(self, session):
        me = person(session, "+33600000007")
        dentist = places.save(session, user=me, now=NOW, name="dentiste", address="3 rue Victor Hugo").place
        by_title = calendar.create(session, user=me, now=NOW, title="rdv chez le dentiste", starts_at=at(12, 15))
        by_place = calendar.create(session, user=me, now=NOW, title="contrôle", starts_at=at(19, 15), place="Dentiste")
        other = calendar.create(session, user=me, now=NOW, title="cinéma", starts_at=at(13, 20), place="au Pathé")
        assert by_title.event.location_id == dentist.id
        assert by_place.event.location_id == dentist.id
        assert other.event.location_id is None and other.event.location == "au Pathé"


class TestDays:
    def test_on_day_is_the_local_day_by_start(self, session):
        me = person(session, "+33600000010")
        calendar.create(session, user=me, now=NOW, title="late", starts_at=at(12, 23, 30))
        calendar.create(session, user=me, now=NOW, title="early", starts_at=at(12, 0, 15))
        calendar.create(session, user=me, now=NOW, title="all day", starts_at=at(12, 9), all_day=True)
        calendar.create(session, user=me, now=NOW, title="before", starts_at=at(11, 22), ends_at=at(11, 23, 59))
        calendar.create(session, user=me, now=NOW, title="overnight", starts_at=at(11, 23), ends_at=at(12, 1))
        titles = [e.title for e in calendar.on_day(session, user=me, day=date(2026, 3, 12))]
        assert titles == ["overnight", "all day", "early", "late"]

    def test_on_day_follows_the_persons_zone(self, session):
        ny = person(session, "+14150000011", zone="America/New_York", lang="en")
        start = datetime(2026, 3, 12, 22, 0, tzinfo=ZoneInfo("America/New_York"))  # 03:00 UTC on the 13th
        calendar.create(session, user=ny, now=NOW, title="late show", starts_at=start)
        assert [e.title for e in calendar.on_day(session, user=ny, day=date(2026, 3, 12))] == ["late show"]
        assert calendar.on_day(session, user=ny, day=date(2026, 3, 13)) == []

    def test_another_persons_events_never_show(self, session):
        me = person(session, "+33600000012")
        other = person(session, "+33600000013")
        theirs = calendar.create(session, user=other, now=NOW, title="secret", starts_at=at(12, 10)).event
        assert calendar.on_day(session, user=me, day=date(2026, 3, 12)) == []
        with pytest.raises(NotFound):
            calendar.get(session, user=me, event_id=theirs.id)
        with pytest.raises(NotFound):
            calendar.delete(session, user=me, event_id=theirs.id)
        assert calendar.find(session, user=me, now=NOW, words="secret") == []


class TestWords:
    SAID = datetime(2026, 3, 10, 14, 0, tzinfo=PARIS)

    def test_a_range(self):
        span = calendar.read_span("demain de 10h à 11h30", said=self.SAID, lang="fr")
        assert span is not None and (span.start, span.end, span.all_day) == (at(11, 10), at(11, 11, 30), False)

    def test_an_end_as_a_time_is_on_the_start_day(self):
        span = calendar.read_span("jeudi 15h", "jusqu'à 16h", said=self.SAID, lang="fr")
        assert span is not None and span.end == at(12, 16)
        late = calendar.read_span("vendredi 22h", "jusqu'à 1h", said=self.SAID, lang="fr")
        assert late is not None and late.end == at(14, 1)  # "de 22h à 1h": the next day

    def test_an_end_as_a_duration(self):
        span = calendar.read_span("thursday 3pm", "for 2 hours", said=self.SAID, lang="en")
        assert span is not None and span.end is not None and span.end - span.start == timedelta(hours=2)

    def test_a_day_without_a_time_is_all_day(self):
        span = calendar.read_span("samedi", said=self.SAID, lang="fr")
        assert span is not None and span.all_day and span.start.date() == date(2026, 3, 14)
        evening = calendar.read_span("samedi soir", said=self.SAID, lang="fr")
        assert evening is not None and not evening.all_day and evening.start.hour == 19

    def test_no_time_and_unreadable_end(self):
        assert calendar.read_span("bientôt peut-être", said=self.SAID, lang="fr") is None
        with pytest.raises(InvalidInput):
            calendar.read_span("jeudi 15h", "quand j'ai fini", said=self.SAID, lang="fr")


class TestChanges:
    def test_move_keeps_the_duration(self, session):
        me = person(session, "+33600000020")
        event = calendar.create(
            session, user=me, now=NOW, title="réunion", starts_at=at(12, 10), ends_at=at(12, 11, 30)
        ).event
        moved = calendar.move(session, user=me, now=NOW, event_id=event.id, starts_at=at(13, 14)).event
        assert (moved.starts_at, moved.ends_at) == (at(13, 14), at(13, 15, 30))

    def test_update_refuses_an_end_before_the_start(self, session):
        me = person(session, "+33600000021")
        event = calendar.create(session, user=me, now=NOW, title="réunion", starts_at=at(12, 10)).event
        with pytest.raises(InvalidInput):
            calendar.update(session, user=me, now=NOW, event_id=event.id, ends_at=at(12, 9))

    def test_find_by_words_ignores_accents_and_past_events(self, session):
        me = person(session, "+33600000022")
        calendar.create(session, user=me, now=NOW, title="Réunion parents", starts_at=at(12, 18))
        calendar.create(session, user=me, now=NOW, title="réunion équipe", starts_at=at(9, 10))  # over
        assert [e.title for e in calendar.find(session, user=me, now=NOW, words="reunion")] == ["Réunion parents"]
