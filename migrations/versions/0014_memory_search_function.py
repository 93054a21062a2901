"""memory_search(): one person's hybrid search over memories and note chunks as a PL/pgSQL function, so that
its plan is made once per connection instead of parsed and planned on every search (about 3 ms of a 10 ms
budget at 1,000 memories a person)

What it does, in one statement (shared.memory.repository.search calls it and documents the parameters):
- mine: each of the person's live memories (none when p_memories is false) and note chunks once (the exact
  per-user scan through the user-first indexes, never a shared approximate index), with its cosine distance
  to the query vector (vectors of the query's model only) and whether it holds each of up to 12 query words;
- by_words: the words weigh by how rare they are among the person's rows (BM25's idf; no length normalisation:
  it cost LoCoMo 2-3 points of recall, long messages being the informative ones); by_meaning: nearest
  first, then rows without a vector of the model ("blind"), so a search never returns fewer rows than exist;
- ranked: both lists fused by reciprocal rank; weighed: times importance (decayed since the last use) and
  recency, the best p_limit;
- stale: how many written notes changed since they were cut into chunks (the caller re-cuts and searches
  again); bumped: unless notes are stale, the memories returned count as used.

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-29 15:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

WORDS = 12  # query words a search weighs (shared.memory.repository.SEARCH_WORDS)
SLOTS = range(1, WORDS + 1)

DAYS_SINCE = "greatest(0.0, extract(epoch FROM p_now - {at})::float8 / 86400.0)"
EFFECTIVE = (
    "greatest(m.importance * 0.5, least(10.0, m.dynamic_importance * power(0.5, "
    + DAYS_SINCE.format(at="coalesce(m.last_accessed_at, m.updated_at, m.created_at)")
    + " / p_half_life)))"
)
RECENCY = "(1 - p_recency_weight + p_recency_weight * power(0.5, " + DAYS_SINCE + " / p_recency_half_life))"

HOLDS_M = ", ".join(f"m.search @@ q.qs[{i}] AS h{i}" for i in SLOTS)
HOLDS_C = ", ".join(f"c.search @@ q.qs[{i}]" for i in SLOTS)
DF = ", ".join(f"count(*) FILTER (WHERE h{i}) AS d{i}" for i in SLOTS)
IDF = ", ".join(f"ln(1 + (n - d{i} + 0.5)::float8 / (d{i} + 0.5)) AS i{i}" for i in SLOTS)
SCORE = " + ".join(f"CASE WHEN h{i} THEN i{i} ELSE 0.0 END" for i in SLOTS)
ANY_WORD = " OR ".join(f"h{i}" for i in SLOTS)

FUNCTION = f"""
CREATE OR REPLACE FUNCTION memory_search(
    p_user uuid, p_now timestamptz, p_stems text[], p_plains text[], p_vector vector, p_model text,
    p_by_meaning boolean, p_memories boolean, p_limit int, p_depth int, p_shortlist int, p_k float8,
    p_words_weight float8, p_meaning_weight float8, p_importance_weight float8,
    p_recency_weight float8, p_recency_half_life float8, p_half_life float8, p_touch boolean)
RETURNS TABLE (stale bigint, place bigint, score float8, words boolean, meaning boolean,
               access_count int, dynamic_importance float8, memory ltm_memories, chunk note_chunks, note_title text)
LANGUAGE plpgsql VOLATILE AS $fn$
#variable_conflict use_column
BEGIN
RETURN QUERY
WITH q AS (
    SELECT array_agg(to_tsquery('french', t.s) || to_tsquery('english', t.s) || to_tsquery('simple', t.p)
                     ORDER BY t.i) AS qs
    FROM unnest(p_stems, p_plains) WITH ORDINALITY AS t(s, p, i)
),
mine AS MATERIALIZED (
    SELECT 'memory' AS source, m.id, m.updated_at AS at, m.importance,
           CASE WHEN m.embedding_model = p_model THEN m.embedding <=> p_vector END AS distance, {HOLDS_M}
    FROM ltm_memories m, q WHERE m.user_id = p_user AND m.archived_at IS NULL AND p_memories
    UNION ALL
    SELECT 'note', c.id, c.note_updated_at, NULL::smallint,
           CASE WHEN c.embedding_model = p_model THEN c.embedding <=> p_vector END, {HOLDS_C}
    FROM note_chunks c, q WHERE c.user_id = p_user
),
idf AS (SELECT {IDF} FROM (SELECT count(*) AS n, {DF} FROM mine) d),
by_words AS (
    SELECT s.source, s.id, row_number() OVER (ORDER BY s.score DESC, s.at DESC, s.id) AS r
    FROM (SELECT mine.source, mine.id, mine.at, {SCORE} AS score FROM mine, idf WHERE {ANY_WORD}
          ORDER BY 4 DESC, mine.at DESC, mine.id LIMIT p_depth) s
),
by_meaning AS (
    SELECT s.source, s.id, s.distance IS NULL AS blind,
           row_number() OVER (ORDER BY s.distance NULLS LAST, s.importance DESC NULLS LAST, s.at DESC, s.id) AS r
    FROM (SELECT * FROM mine WHERE p_by_meaning
          ORDER BY mine.distance NULLS LAST, mine.importance DESC NULLS LAST, mine.at DESC, mine.id
          LIMIT p_depth) s
),
lists AS (
    SELECT b.source, b.id, b.r, p_words_weight / (p_k + b.r) AS share, 'words' AS list FROM by_words b
    UNION ALL
    SELECT b.source, b.id, b.r, CASE WHEN b.blind THEN 0.0 ELSE p_meaning_weight / (p_k + b.r) END,
           CASE WHEN b.blind THEN 'blind' ELSE 'meaning' END
    FROM by_meaning b
),
ranked AS (
    SELECT l.source, l.id, sum(l.share) AS score, min(l.r) AS r,
           bool_or(l.list = 'words') AS words, bool_or(l.list = 'meaning') AS meaning
    FROM lists l GROUP BY l.source, l.id ORDER BY 3 DESC, 4, l.id LIMIT p_shortlist
),
weighed AS (
    SELECT x.*, row_number() OVER (ORDER BY x.score DESC, x.r, x.id) AS place FROM (
        SELECT r.source, r.id, r.words, r.meaning, r.r, m AS memory, c AS chunk,
               r.score / ((p_words_weight + p_meaning_weight) / (p_k + 1)) * CASE
                   WHEN r.source = 'memory'
                   THEN (1 - p_importance_weight + p_importance_weight * {EFFECTIVE} / 10.0)
                        * {RECENCY.format(at="m.created_at")}
                   ELSE (1 - p_importance_weight * 0.5) * {RECENCY.format(at="c.note_updated_at")} END AS score
        FROM ranked r
        LEFT JOIN ltm_memories m ON r.source = 'memory' AND m.user_id = p_user AND m.id = r.id
        LEFT JOIN note_chunks c ON r.source = 'note' AND c.user_id = p_user AND c.id = r.id
        ORDER BY 8 DESC, r.r, r.id LIMIT p_limit) x
),
stale_notes AS (
    SELECT count(*) AS notes FROM notes n
    WHERE n.user_id = p_user AND n.title || n.body ~ '\\S' AND NOT EXISTS (
        SELECT 1 FROM note_chunks c WHERE c.note_id = n.id AND c.note_updated_at = n.updated_at)
),
bumped AS (
    UPDATE ltm_memories m
    SET access_count = m.access_count + 1, last_accessed_at = p_now,
        dynamic_importance = round(CAST(least(10.0, {EFFECTIVE} + (10.0 - {EFFECTIVE}) * 0.1) AS numeric), 4)
    FROM weighed w, stale_notes s
    WHERE p_touch AND s.notes = 0 AND w.source = 'memory' AND m.user_id = p_user AND m.id = w.id
    RETURNING m.id, m.access_count, m.dynamic_importance
)
SELECT s.notes, w.place, w.score, w.words, w.meaning, b.access_count, b.dynamic_importance,
       w.memory, w.chunk, n.title
FROM stale_notes s LEFT JOIN weighed w ON true LEFT JOIN bumped b ON b.id = w.id
LEFT JOIN notes n ON n.id = (w.chunk).note_id AND n.user_id = p_user
ORDER BY w.place;
END
$fn$
"""


def upgrade() -> None:
    op.execute(FUNCTION)


def downgrade() -> None:
    op.execute(
        "DROP FUNCTION memory_search(uuid, timestamptz, text[], text[], vector, text, boolean, boolean, int, int,"
        " int, float8, float8, float8, float8, float8, float8, float8, boolean)"
    )
