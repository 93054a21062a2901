"""The memory service on real Postgres with the real offline embedder: remember, merge, contradiction with
history, hybrid search over memories and notes, decay and use, forget for real, re-embed."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from shared.errors import InvalidInput, NotFound
from shared.memory import service as memory
from shared.memory.embeddings.offline import OfflineEmbedder
from shared.memory.models import NoteChunk
from shared.notes import service as notes
from shared.users.models import User

NOW = datetime(2026, 3, 10, 13, 0, tzinfo=UTC)
E5 = OfflineEmbedder()


@pytest.fixture()
def session(clean_db):
    with Session(clean_db, expire_on_commit=False) as s:
        yield s
        s.rollback()


def person(session: Session, phone: str, lang: str = "fr") -> User:
    user = User(phone=phone, language=lang, timezone="Europe/Paris" if lang == "fr" else "America/New_York")
    session.add(user)
    session.flush()
    return user


def remember(session, user, content, **kw):
    return memory.remember(session, user=user, now=kw.pop("now", NOW), content=content, embedder=E5, **kw)


def contents(hits):
    return [h.content for h in hits]


class TestRemember:
    def test_a_fact_is_stored_with_its_language_and_its_model(self, session):
        me = person(session, "+33600000001")
        done = remember(session, me, "Le digicode de Léa est 12B45", tags=["#Codes"], importance=8)
        m = done.memory
        assert done.action == "created" and done.replaced is None
        assert (m.language, m.tags, m.importance, m.dynamic_importance) == ("fr", ["codes"], 8, 8.0)
        assert (m.embedding_model, m.embedding_dim, len(m.embedding)) == ("multilingual-e5-small-q4", 384, 384)

    def test_english_is_read_as_english(self, session):
        me = person(session, "+33600000001")
        assert remember(session, me, "Sam hates cilantro").memory.language == "en"

    def test_the_same_fact_again_merges(self, session):
        me = person(session, "+33600000001")
        first = remember(session, me, "Sam déteste la coriandre", importance=4).memory
        again = remember(session, me, "sam deteste la coriandre !", tags=["bouffe"], importance=6)
        assert again.action == "merged" and again.memory.id == first.id
        assert again.memory.importance == 6 and again.memory.tags == ["bouffe"]
        assert session.scalar(text("SELECT count(*) FROM ltm_memories")) == 1

    def test_a_contradiction_replaces_and_keeps_the_history(self, session):
        me = person(session, "+33600000001")
        old = remember(session, me, "Mon dentiste c'est le Dr Martin", category="santé").memory
        done = remember(session, me, "finalement mon dentiste c'est le Dr Roy", now=NOW + timedelta(days=3))
        assert done.action == "replaced" and done.replaced is not None and done.replaced.id == old.id
        assert old.archived_at == NOW + timedelta(days=3) and old.archive_reason
        assert old.related_ids == [done.memory.id] and done.memory.related_ids == [old.id]
        assert done.memory.category == "santé"  # what was known about it carries over
        hits = memory.search(
            session, user=me, now=NOW + timedelta(days=3), query="c'est qui mon dentiste ?", embedder=E5
        )
        assert contents(hits) == ["finalement mon dentiste c'est le Dr Roy"]  # the archived one is history only
        archived = memory.page(session, user=me, archived=True).items
        assert [m.id for m in archived] == [old.id]

    def test_a_different_fact_about_another_thing_is_new(self, session):
        me = person(session, "+33600000001")
        remember(session, me, "Le digicode de Léa est 12B45")
        assert remember(session, me, "Le digicode de Tom est 4477").action == "created"

    @pytest.mark.parametrize(
        ("kw", "field"),
        [
            ({"content": "   "}, "content"),
            ({"content": "x" * 2001}, "content"),
            ({"content": "a\x00b"}, "content"),
            ({"content": "ok", "importance": 11}, "importance"),
            ({"content": "ok", "importance": 0}, "importance"),
            ({"content": "ok", "tags": ["t" * 80]}, "tags"),
            ({"content": "ok", "tags": [f"t{i}" for i in range(21)]}, "tags"),
            ({"content": "ok", "language": "de"}, "language"),
        ],
    )
    def test_bad_input_is_refused_and_nothing_is_written(self, session, kw, field):
        me = person(session, "+33600000001")
        content = kw.pop("content")
        with pytest.raises(InvalidInput) as error:
            remember(session, me, content, **kw)
        assert error.value.field == field
        assert session.scalar(text("SELECT count(*) FROM ltm_memories")) == 0


class TestSearch:
    def _facts(self, session, me):
        for fact in [
            "Le digicode de Léa est 12B45",
            "Les clés de la cave sont dans le tiroir de l'entrée",
            "L'anniversaire de maman c'est le 3 mai",
            "Sam hates cilantro",
            "My dentist is Dr Roy, 12 Elm Street",
            "Le wifi de mamie : Livebox-8F2A",
        ]:
            remember(session, me, fact)

    @pytest.mark.parametrize(
        ("query", "expected"),
        [
            ("c'est quoi le digicode de Léa ?", "Le digicode de Léa est 12B45"),
            ("où sont les clés de la cave", "Les clés de la cave sont dans le tiroir de l'entrée"),
            ("quand est l'anniv de maman", "L'anniversaire de maman c'est le 3 mai"),
            ("what does Sam not like to eat?", "Sam hates cilantro"),
            ("who is my dentist", "My dentist is Dr Roy, 12 Elm Street"),
            ("le code wifi chez mamie", "Le wifi de mamie : Livebox-8F2A"),
        ],
    )
    def test_hybrid_finds_the_fact_first(self, session, query, expected):
        me = person(session, "+33600000001")
        self._facts(session, me)
        hits = memory.search(session, user=me, now=NOW, query=query, embedder=E5)
        assert hits[0].content == expected and hits[0].source == "memory"

    def test_meaning_finds_what_words_cannot(self, session):
        me = person(session, "+33600000001")
        self._facts(session, me)
        hits = memory.search(session, user=me, now=NOW, query="what herb does Sam avoid", embedder=E5, mode="vector")
        assert hits[0].content == "Sam hates cilantro" and hits[0].why == "meaning"
        assert memory.search(session, user=me, now=NOW, query="herb avoid", embedder=E5, mode="fts") == []

    def test_never_fewer_results_than_exist(self, session):
        me = person(session, "+33600000001")
        self._facts(session, me)
        memory.remember(session, user=me, now=NOW, content="Le code du garage est 9911", embedder=None)  # no vector
        for mode in ("hybrid", "vector"):
            hits = memory.search(session, user=me, now=NOW, query="zzz", embedder=E5, limit=50, mode=mode)
            assert len(hits) == 7, mode
        assert len(memory.search(session, user=me, now=NOW, query="digicode", embedder=E5, limit=3)) == 3

    def test_short_words_match_whole_and_rare_words_weigh_more(self, session):
        me = person(session, "+33600000001")
        for fact in (
            "Tim adore le jazz",
            "Il est temps de prendre le bus 16",
            "Il faut racheter des timbres",
            "Le code 1600 est celui du garage",
            "Les clés sont dans le tiroir",
            "Léa aime le jazz et le piano",
            "Léa fait du piano le mardi",
        ):
            remember(session, me, fact)

        def found(query):
            return [h.content for h in memory.search(session, user=me, now=NOW, query=query, embedder=None, mode="fts")]

        assert found("tim") == ["Tim adore le jazz"]  # not "timbres" (no prefix under 4 letters)
        assert found("16") == ["Il est temps de prendre le bus 16"]  # not the code 1600
        assert found("clé") == ["Les clés sont dans le tiroir"]  # the stem still meets the plural
        # "jazz" is in two memories, "mardi" in one: the memory holding the rare word comes first
        assert found("jazz mardi")[0] == "Léa fait du piano le mardi"

    def test_without_an_embedder_words_still_find(self, session):
        me = person(session, "+33600000001")
        self._facts(session, me)
        hits = memory.search(session, user=me, now=NOW, query="digicode Léa", embedder=None)
        assert hits[0].content == "Le digicode de Léa est 12B45" and hits[0].why == "words"

    def test_a_use_counts_the_same_through_a_search_and_through_about_me(self, session):
        """The decay and the rise on use are written twice in SQL (memory_search() in migration 0014, and the
        repository's touch for about_me): both must give the same value."""
        me = person(session, "+33600000001")
        a = remember(session, me, "Le digicode de Léa est 12B45", importance=8).memory
        b = remember(session, me, "Sam déteste la coriandre", importance=8).memory
        later = NOW + timedelta(days=45)
        (hit,) = memory.search(session, user=me, now=later, query="digicode", embedder=None, mode="fts")
        through_search = hit.memory.dynamic_importance
        chosen = memory.about_me(session, user=me, now=later, limit=5)
        through_about = {m.id: m.dynamic_importance for m in chosen}
        assert hit.memory.id == a.id
        assert through_about[b.id] == pytest.approx(through_search, abs=1e-4)  # the same formula
        expected = 8 * 0.5 ** (45 / 60)
        assert through_about[b.id] == pytest.approx(expected + (10 - expected) * 0.1, abs=1e-4)

    def test_reading_bumps_use_and_importance(self, session):
        me = person(session, "+33600000001")
        m = remember(session, me, "Le digicode de Léa est 12B45").memory
        later = NOW + timedelta(days=1)
        memory.search(session, user=me, now=later, query="digicode", embedder=E5)
        session.expire_all()
        row = memory.get(session, user=me, memory_id=m.id)
        assert (row.access_count, row.last_accessed_at) == (1, later)
        assert row.dynamic_importance > 5.0

    @pytest.mark.parametrize(
        ("days", "effective"),
        [(0, 8.0), (30, 8.0 * 0.5**0.5), (60, 4.0), (600, 4.0)],  # half-life 60 days, never below half of 8
    )
    def test_importance_decays_with_time_but_not_below_half(self, session, days, effective):
        me = person(session, "+33600000001")
        m = remember(session, me, "Le digicode de Léa est 12B45", importance=8).memory
        (hit,) = memory.search(session, user=me, now=NOW + timedelta(days=days), query="digicode", embedder=None)
        # a use raises the decayed value a tenth of the way to 10
        assert hit.memory.id == m.id
        assert hit.memory.dynamic_importance == pytest.approx(effective + (10 - effective) * 0.1, abs=1e-4)

    def test_importance_breaks_a_tie_between_equal_texts(self, session):
        me = person(session, "+33600000001")
        low = remember(session, me, "Le code de la boîte aux lettres est 1234", importance=1).memory
        high = remember(session, me, "Le code du portail est 5678", importance=10).memory
        hits = memory.search(session, user=me, now=NOW, query="code", embedder=None, mode="fts")
        assert [h.memory.id for h in hits if h.memory] == [high.id, low.id]


class TestNotes:
    def test_notes_are_cut_indexed_and_found_with_their_note(self, session):
        me = person(session, "+33600000001")
        body = "Wifi : Livebox-8F2A, mot de passe sur la box.\n\n" + ("Recette de la tarte aux pommes. " * 30)
        note = notes.create(session, user=me, now=NOW, content=body, title="Chez mamie")
        hits = memory.search(session, user=me, now=NOW, query="mot de passe du wifi chez mamie", embedder=E5)
        assert hits[0].source == "note" and hits[0].note_id == note.id and hits[0].note_title == "Chez mamie"
        assert "Livebox-8F2A" in hits[0].content
        count = session.scalar(text("SELECT count(*) FROM note_chunks WHERE note_id = :n"), {"n": note.id})
        assert count >= 3  # about 500 characters each

    def test_a_changed_note_is_indexed_again_and_a_deleted_one_vanishes(self, session):
        me = person(session, "+33600000001")
        note = notes.create(session, user=me, now=NOW, content="Le code du portail est 4521")
        assert memory.search(session, user=me, now=NOW, query="portail", embedder=E5)[0].source == "note"
        notes.update(
            session, user=me, now=NOW + timedelta(hours=1), note_id=note.id, content="Le code de la grille est 7788"
        )
        session.flush()
        hits = memory.search(session, user=me, now=NOW + timedelta(hours=1), query="grille", embedder=E5)
        assert "7788" in hits[0].content
        assert [c.content for c in session.scalars(select(NoteChunk))] == [hits[0].content]  # old cut gone
        notes.delete(session, user=me, now=NOW, note_id=note.id)
        session.flush()
        assert session.scalar(text("SELECT count(*) FROM note_chunks")) == 0

    def test_chunks_stay_near_the_size_and_keep_the_title(self):
        pieces = memory.chunk_text("Titre", "Une phrase courte. " * 100)
        assert all(len(p) <= memory.CHUNK_CHARS + len("Titre : ") for p in pieces) and len(pieces) >= 3
        assert all(p.startswith("Titre") for p in pieces)


class TestForget:
    def test_forget_deletes_the_row_its_history_and_every_link(self, session):
        me = person(session, "+33600000001")
        old = remember(session, me, "Mon dentiste c'est le Dr Martin").memory
        new = remember(session, me, "Mon dentiste c'est le Dr Roy").memory
        other = remember(session, me, "Le digicode de Léa est 12B45").memory
        other.related_ids = [new.id]
        session.flush()
        gone = memory.forget(session, user=me, now=NOW, memory_id=new.id)
        assert gone.id == new.id
        left = session.execute(text("SELECT id, related_ids FROM ltm_memories")).all()
        assert [(row[0], row[1]) for row in left] == [(other.id, [])]
        assert old.id not in [row[0] for row in left]
        assert memory.search(session, user=me, now=NOW, query="dentiste", embedder=E5, mode="fts") == []

    def test_find_to_forget_by_words(self, session):
        me = person(session, "+33600000001")
        code = remember(session, me, "Le digicode de Léa est 12B45").memory
        remember(session, me, "Sam hates cilantro")
        found = memory.find_to_forget(session, user=me, now=NOW, words="le digicode", embedder=E5)
        assert [m.id for m in found] == [code.id]
        assert memory.find_to_forget(session, user=me, now=NOW, words="la piscine", embedder=E5) == []

    def test_several_candidates_are_all_returned(self, session):
        me = person(session, "+33600000001")
        remember(session, me, "Le digicode de Léa est 12B45")
        remember(session, me, "Le digicode de Tom est 4477")
        assert len(memory.find_to_forget(session, user=me, now=NOW, words="digicode", embedder=E5)) == 2

    def test_another_persons_memory_cannot_be_forgotten_or_read(self, session):
        me, you = person(session, "+33600000001"), person(session, "+33600000002")
        mine = remember(session, me, "Le digicode de Léa est 12B45").memory
        with pytest.raises(NotFound):
            memory.forget(session, user=you, now=NOW, memory_id=mine.id)
        with pytest.raises(NotFound):
            memory.get(session, user=you, memory_id=mine.id)
        with pytest.raises(NotFound):
            memory.forget(session, user=me, now=NOW, memory_id=uuid.uuid4())


class TestAboutMeUpdateReembed:
    def test_about_me_lists_the_most_important_live_ones(self, session):
        me = person(session, "+33600000001")
        remember(session, me, "J'aime le thé vert", importance=3)
        remember(session, me, "Je suis allergique aux arachides", importance=10)
        remember(session, me, "Mon dentiste c'est le Dr Martin", importance=5)
        remember(session, me, "Mon dentiste c'est le Dr Roy", importance=5)
        got = memory.about_me(session, user=me, now=NOW, limit=2)
        assert [m.content for m in got] == ["Je suis allergique aux arachides", "Mon dentiste c'est le Dr Roy"]

    def test_update_re_embeds_new_content(self, session):
        me = person(session, "+33600000001")
        m = remember(session, me, "Le digicode de Léa est 12B45").memory
        before = list(m.embedding)
        memory.update(
            session, user=me, now=NOW, memory_id=m.id, embedder=E5, content="Sam hates cilantro", importance=9
        )
        assert m.language == "en" and m.importance == 9 and list(m.embedding) != before
        hits = memory.search(session, user=me, now=NOW, query="cilantro", embedder=E5, mode="fts")
        assert [h.memory.id for h in hits if h.memory] == [m.id]

    def test_reembed_converts_rows_of_another_model(self, session):
        me = person(session, "+33600000001")
        memory.remember(session, user=me, now=NOW, content="Le digicode de Léa est 12B45", embedder=None)
        remember(session, me, "Sam hates cilantro")
        notes.create(session, user=me, now=NOW, content="Le code du portail est 4521")
        memory.sync_notes(session, user=me, now=NOW, embedder=None)
        assert memory.reembed(session, embedder=E5, limit=100) == 2
        assert memory.reembed(session, embedder=E5, limit=100) == 0
        models = session.scalars(text("SELECT DISTINCT embedding_model FROM ltm_memories")).all()
        assert models == ["multilingual-e5-small-q4"]

    def test_ingest_bulk(self, session):
        me = person(session, "+33600000001", "en")
        items = [
            memory.NewMemory(f"Fact number {i} about the garden", created_at=NOW - timedelta(days=i)) for i in range(70)
        ]
        assert memory.ingest(session, user=me, now=NOW, items=items, embedder=E5) == 70
        hits = memory.search(session, user=me, now=NOW, query="fact number 42", embedder=E5, limit=3)
        assert "Fact number 42 about the garden" in contents(hits)


def test_isolation_with_a_hundred_people_and_identical_text(session):
    """Everyone has the very same sentence (same words, same vector) and one of their own: each person's search,
    in every mode, returns their two rows and nobody else's."""
    people = [person(session, f"+3360000{i:04d}") for i in range(100)]
    same, vector = "Le digicode de Léa est 12B45", E5.embed(["Le digicode de Léa est 12B45"], kind="passage")[0]
    for i, p in enumerate(people):
        memory.ingest(
            session,
            user=p,
            now=NOW,
            items=[memory.NewMemory(same), memory.NewMemory(f"Le code de Léa est {i:05d}")],
            embedder=None,
        )
    session.execute(
        text("UPDATE ltm_memories SET embedding = :v, embedding_model = :m, embedding_dim = 384"),
        {"v": str(vector), "m": E5.name},
    )
    for i, p in enumerate(people):
        for mode in ("hybrid", "fts", "vector"):
            hits = memory.search(session, user=p, now=NOW, query="digicode de Léa", embedder=E5, limit=10, mode=mode)
            assert {h.memory.user_id for h in hits if h.memory} == {p.id}, (i, mode)
            assert sorted(h.content for h in hits) == [f"Le code de Léa est {i:05d}", same], (i, mode)
        assert {m.user_id for m in memory.about_me(session, user=p, now=NOW)} == {p.id}
        assert {m.user_id for m in memory.page(session, user=p, query="Léa").items} == {p.id}
    assert session.scalar(text("SELECT count(*) FROM ltm_memories")) == 200


def rows_holding(session: Session, needle: str) -> list[str]:
    """Every row of every table of the schema whose text holds `needle` (table names)."""
    tables = session.scalars(text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")).all()
    found = []
    for table in tables:
        hit = session.scalar(text(f'SELECT count(*) FROM "{table}" t WHERE t::text ILIKE :n'), {"n": f"%{needle}%"})
        if hit:
            found.append(table)
    return found


def test_forget_leaves_nothing_anywhere(session):
    me = person(session, "+33600000001")
    remember(session, me, "Le digicode de Léa est 12B45")
    latest = remember(session, me, "Finalement le digicode de Léa est 77X99").memory
    assert set(rows_holding(session, "12B45")) == {"ltm_memories"}  # the archived version is kept until forgotten
    memory.forget(session, user=me, now=NOW, memory_id=latest.id)
    session.flush()
    assert rows_holding(session, "12B45") == [] and rows_holding(session, "77X99") == []
    assert rows_holding(session, "digicode") == []
    assert memory.search(session, user=me, now=NOW, query="digicode Léa", embedder=E5) == []


class Broken:
    name = "broken-model"
    dimension = 384

    def embed(self, texts, *, kind):
        raise TimeoutError("the embeddings API is down")


def test_a_failing_embedder_loses_nothing(session):
    me = person(session, "+33600000001")
    done = memory.remember(session, user=me, now=NOW, content="Le digicode de Léa est 12B45", embedder=Broken())
    assert done.action == "created" and done.memory.embedding_model is None
    remember(session, me, "Sam hates cilantro")
    hits = memory.search(session, user=me, now=NOW, query="digicode", embedder=Broken(), limit=5)
    assert [h.content for h in hits] == ["Le digicode de Léa est 12B45", "Sam hates cilantro"]
    assert [h.why for h in hits] == ["words", "no vector yet"]
    assert memory.reembed(session, embedder=E5, limit=10) == 1
    with pytest.raises(TimeoutError):  # the job's embedder failing is the job's to retry
        memory.reembed(session, embedder=Broken(), limit=10)


# Found using `make dev`: "c'est quoi le wifi de mamie ?" answered the note's title three times.
def test_a_passage_carries_its_note_s_title_once(session):
    me = person(session, "+33600000001")
    from shared.notes import service as notes

    same = notes.create(
        session, user=me, now=NOW, title="Wifi chez mamie Livebox-8F2A", content="wifi chez mamie Livebox-8F2A"
    )
    other = notes.create(session, user=me, now=NOW, title="Vacances", content="Réserver le train pour Lyon")
    assert memory.chunk_text(same.title, same.body) == ["wifi chez mamie Livebox-8F2A"]
    hits = {h.note_title: h for h in memory.search(session, user=me, now=NOW, query="wifi train", embedder=None)}
    assert hits["Vacances"].content == "Vacances : Réserver le train pour Lyon"  # searchable with its title
    assert hits["Vacances"].passage == "Réserver le train pour Lyon"  # shown without it
    assert hits[same.title].passage == "wifi chez mamie Livebox-8F2A"
    assert other.id != same.id
