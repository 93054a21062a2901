"""pg8000's placeholder conversion, memoised by shared.db.session: the same statement text and values as
pg8000's own function for every kind of statement SQLAlchemy sends, the values passed through untouched, and
other paramstyles left to pg8000."""

from __future__ import annotations

import pg8000.dbapi
import pytest

from shared.db.session import memoise_paramstyle

STATEMENTS = [
    "SELECT 1",
    "SELECT %s, %s",
    "SELECT * FROM t WHERE a = %s AND b = 'it''s %s not a param' AND c = %s",
    "SELECT x::text, %s::uuid FROM t -- a comment with %s\nWHERE y = %s",
    "SELECT \"weird%col\" FROM t WHERE z LIKE '50%%' AND w = %s",
    "SELECT $$ dollar %s quoted $$, %s",
    "SELECT E'\\'%s' , %s",
    "UPDATE t SET v = v || %s WHERE id = ANY(%s) RETURNING id",
]


@pytest.fixture(scope="module")
def original():
    memoise_paramstyle()
    memoised = pg8000.dbapi.convert_paramstyle
    assert memoised.memoised
    return memoised.original  # pg8000's own function


@pytest.mark.parametrize("statement", STATEMENTS)
def test_same_result_as_pg8000(original, statement):
    values = tuple(range(statement.count("%s")))
    assert pg8000.dbapi.convert_paramstyle("format", statement, values) == original("format", statement, values)


def test_values_are_passed_through_and_the_conversion_is_kept(original):
    values = ("a", 2)
    first = pg8000.dbapi.convert_paramstyle("format", "SELECT %s, %s", values)
    second = pg8000.dbapi.convert_paramstyle("format", "SELECT %s, %s", ("b", 3))
    assert first == ("SELECT $1, $2", values) and second == ("SELECT $1, $2", ("b", 3))


def test_other_styles_go_to_pg8000(original):
    assert pg8000.dbapi.convert_paramstyle("named", "SELECT :a, :b, :a", {"a": 1, "b": 2}) == (
        "SELECT $1, $2, $1",
        (1, 2),
    )


def test_twice_is_once():
    memoise_paramstyle()
    patched = pg8000.dbapi.convert_paramstyle
    memoise_paramstyle()
    assert pg8000.dbapi.convert_paramstyle is patched
