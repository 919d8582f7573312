"""SELECTs of constants are sent as Trino's text: it must be exactly what DuckDB's generator
writes, for every kind of node that qualifies."""

from __future__ import annotations

import pytest

from athenakit.local import translate, verbatim
from athenakit.local.engine import LocalEngine

# https://trino.io/docs/current/language/types.html (integer, varchar literals; NULL, boolean)
QUALIFYING = [
    "SELECT 1",
    "SELECT 0, 2147483647, 2147483648, 9223372036854775807",
    "SELECT 'a', '', 'it''s', 'back\\slash', 'tab\there', 'ünï ☃', 'two\nlines'",
    "SELECT NULL, TRUE, FALSE",
    'SELECT 1 AS "n", \'x\' AS "select", NULL AS "pivot", TRUE AS "a""b", 2 AS "Mixed Case"',
]

NOT_QUALIFYING = [
    "SELECT 1 AS pivot",  # unquoted: DuckDB's generator quotes the names it reserves
    "SELECT 1.5",
    "SELECT 1e3",
    "SELECT -1",
    "SELECT 1 + 1",
    "SELECT x FROM (VALUES 1) t(x)",
    "SELECT DISTINCT 1",
    "SELECT 1 LIMIT 1",
    "SELECT 1 /* note */",
    "SELECT CAST(1 AS bigint)",
    "SELECT DATE '2024-01-01'",
    "SELECT X'00'",
    "SELECT 1 UNION ALL SELECT 2",
    "WITH t AS (SELECT 1) SELECT 1",
    "SELECT abs(1)",
    "SELECT (1)",
]


@pytest.mark.parametrize("sql", QUALIFYING)
def test_a_select_of_constants_is_the_same_text_from_both_generators(sql: str) -> None:
    tree = translate.parse(sql)[0]
    sent = translate.to_duckdb(tree)
    assert verbatim.sql(translate.parse(sent)[0]) is not None
    reference = translate.annotate(tree.copy(), {})
    translate._name_columns(reference)
    assert sent == reference.sql(dialect="duckdb")


@pytest.mark.parametrize("sql", NOT_QUALIFYING)
def test_anything_else_goes_through_duckdbs_generator(sql: str) -> None:
    tree = translate.parse(sql)[0]
    assert verbatim.sql(tree) is None


def test_constants_sent_as_written_answer_as_athena_does() -> None:
    # https://trino.io/docs/current/language/types.html : integer literals are integer, or
    # bigint past 2^31 - 1; a quoted alias keeps its case
    with LocalEngine() as engine:
        result = engine.run("SELECT 1, 2147483648, 'it''s' AS \"Quote\", NULL, TRUE")
    assert result.rows == [(1, 2147483648, "it's", None, True)]
    assert [(c.name, c.type) for c in result.columns] == [
        ("_col0", "integer"), ("_col1", "bigint"), ("Quote", "varchar"), ("_col3", "unknown"),
        ("_col4", "boolean")]
