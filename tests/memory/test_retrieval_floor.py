"""A floor on retrieval quality: the hand-written retrieval set (tests/memory/retrieval, 32 conversations, 322
questions, French and English) stored through `remember` with the offline embedder, every question asked through
the hybrid `search`. Measured when written (two versions of the search): hybrid recall@5 0.975-0.980, recall@10
0.997, MRR 0.84-0.90; full-text alone 0.91 at 5. `python -m bench.memory set` prints the whole table (and a
harder variant with distractors)."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from tests.memory.retrieval import evalset

FLOOR_RECALL5 = 0.95
FLOOR_RECALL10 = 0.97
FLOOR_PER_LANGUAGE = 0.93  # recall@5 in French and in English, each
FLOOR_MRR = 0.80


@pytest.fixture(scope="module")
def embedder():
    from shared.memory.embeddings.offline import OfflineEmbedder

    return OfflineEmbedder()


def test_the_set_is_well_formed():
    messages, questions = evalset.load()
    convs = {m.conv for m in messages}
    ids = {m.id for m in messages}
    assert len(convs) >= 30 and {m.lang for m in messages} == {"fr", "en"}
    assert len(questions) >= 300
    assert len(ids) == len(messages), "message ids are unique"
    for q in questions:
        assert q.evidence and set(q.evidence) <= ids, q.id
        assert all(e.startswith(q.conv + "-") for e in q.evidence), f"{q.id} points outside its conversation"
    # multi-week: every conversation spans at least 2 weeks
    for conv in convs:
        times = [m.at for m in messages if m.conv == conv]
        assert (max(times) - min(times)).days >= 14, conv


@pytest.mark.timeout(1200)  # about a minute on a quiet machine; the 2 shared cores are often busy
def test_hybrid_search_finds_the_supporting_messages(clean_db, embedder):
    messages, questions = evalset.load()
    with Session(clean_db, expire_on_commit=False) as session:
        ingested = evalset.ingest(session, messages, embedder=embedder, via="remember")
        session.commit()
        hybrid = evalset.evaluate(session, questions, ingested, embedder=embedder, mode="hybrid")
        words = evalset.evaluate(session, questions, ingested, embedder=embedder, mode="fts")
    report = f"hybrid {hybrid.overall.as_dict()}, fts {words.overall.as_dict()}, misses {hybrid.misses}"
    assert hybrid.overall.n == len(questions)
    assert hybrid.overall.recall5 >= FLOOR_RECALL5, report
    assert hybrid.overall.recall10 >= FLOOR_RECALL10, report
    assert hybrid.overall.mrr >= FLOOR_MRR, report
    for lang in ("fr", "en"):
        assert hybrid.by[f"lang:{lang}"].recall5 >= FLOOR_PER_LANGUAGE, report
    # fusing meaning with words must find more than words alone
    assert hybrid.overall.recall5 > words.overall.recall5, report
