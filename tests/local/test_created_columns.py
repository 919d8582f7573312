"""The columns CTAS, CREATE VIEW and INSERT INTO name and check, and set operations over
tables, as Trino's analyzer checks them (StatementAnalyzer.validateColumns,
validateColumnAliases, visitInsert, visitSetOperation).

https://docs.aws.amazon.com/athena/latest/ug/create-table-as.html
https://docs.aws.amazon.com/athena/latest/ug/insert-into.html
https://trino.io/docs/current/sql/select.html#union-intersect-except
"""

from __future__ import annotations

from pathlib import Path

import pytest

from athenakit.errors import QueryError
from athenakit.local.engine import LocalEngine
from athenakit.local.errors import UnsupportedLocally

_WITH = "WITH (format = 'PARQUET', external_location = 's3://b/{}/')"


@pytest.fixture
def engine(tmp_path: Path) -> LocalEngine:
    local = LocalEngine([], s3_root=tmp_path)
    local.run(f"CREATE TABLE t {_WITH.format('t')} AS "
              "SELECT 1 AS a, 'x' AS s, DATE '2020-01-01' AS d")
    local.run(f"CREATE TABLE u {_WITH.format('u')} AS "
              "SELECT BIGINT '2' AS a, 'yy' AS s, TIMESTAMP '2020-01-02 03:04:05' AS d")
    return local


def _fails(engine: LocalEngine, sql: str, reason: str) -> None:
    with pytest.raises(QueryError) as info:
        engine.run(sql)
    assert info.value.reason == reason
    assert info.value.state == "FAILED"


# --- CTAS: every column named once and typed (validateColumns) ------------------------------
@pytest.mark.parametrize(("query", "reason"), [
    ("SELECT 1", "MISSING_COLUMN_NAME: line 1:1: Column name not specified at position 1"),
    ("SELECT a, a + 1 FROM t",
     "MISSING_COLUMN_NAME: line 1:1: Column name not specified at position 2"),
    ("SELECT 1 AS a, 2 AS a",
     "DUPLICATE_COLUMN_NAME: line 1:1: Column name 'a' specified more than once"),
    ("SELECT a, 2 AS a FROM t",
     "DUPLICATE_COLUMN_NAME: line 1:1: Column name 'a' specified more than once"),
    ("SELECT NULL AS n", "COLUMN_TYPE_UNKNOWN: line 1:1: Column type is unknown: n"),
])
def test_a_ctas_column_without_a_name_or_type_fails(engine: LocalEngine, query: str,
                                                    reason: str) -> None:
    _fails(engine, f"CREATE TABLE c {_WITH.format('c')} AS {query}", reason)
    assert engine.catalog.table("c") is None  # nothing registered


def test_a_ctas_column_list_names_the_columns(engine: LocalEngine) -> None:
    engine.run(f"CREATE TABLE c (x, y) {_WITH.format('c')} AS SELECT 1, 'a'")
    result = engine.run("SELECT x, y FROM c")
    assert [c.name for c in result.columns] == ["x", "y"]
    assert result.rows == [(1, "a")]


@pytest.mark.parametrize(("columns", "query", "reason"), [
    ("(x)", "SELECT 1, 2",
     ("MISMATCHED_COLUMN_ALIASES: line 1:17: Column alias list has 1 entries but relation has "
     "2 columns")),
    ("(x, y, z)", "SELECT 1, 2",
     ("MISMATCHED_COLUMN_ALIASES: line 1:17: Column alias list has 3 entries but relation has "
     "2 columns")),
    ("(x, X)", "SELECT 1, 2",
     "DUPLICATE_COLUMN_NAME: line 1:20: Column name 'X' specified more than once"),
    ("(x, y)", "SELECT 1, NULL",
     "COLUMN_TYPE_UNKNOWN: line 1:1: Column type is unknown at position 2"),
])
def test_a_ctas_column_list_must_fit_the_query(engine: LocalEngine, columns: str, query: str,
                                               reason: str) -> None:
    _fails(engine, f"CREATE TABLE c {columns} {_WITH.format('c')} AS {query}", reason)


def test_an_iceberg_ctas_checks_its_columns_too(engine: LocalEngine) -> None:
    _fails(engine, "CREATE TABLE i WITH (table_type = 'ICEBERG', location = 's3://b/i/') AS "
           "SELECT 1", "MISSING_COLUMN_NAME: line 1:1: Column name not specified at position 1")


# --- CREATE VIEW: the query is analyzed when the view is created -----------------------------
@pytest.mark.parametrize(("query", "reason"), [
    ("SELECT 1", "MISSING_COLUMN_NAME: line 1:1: Column name not specified at position 1"),
    ("SELECT nope FROM t", "COLUMN_NOT_FOUND: line 1:25: Column 'nope' cannot be resolved"),
    ("SELECT a FROM nope",
     "TABLE_NOT_FOUND: line 1:32: Table 'awsdatacatalog.default.nope' does not exist"),
    ("SELECT a, s AS a FROM t",
     "DUPLICATE_COLUMN_NAME: line 1:1: Column name 'a' specified more than once"),
])
def test_a_view_whose_query_trino_rejects_is_not_created(engine: LocalEngine, query: str,
                                                         reason: str) -> None:
    _fails(engine, f"CREATE VIEW v AS {query}", reason)
    with pytest.raises(QueryError, match="TABLE_NOT_FOUND"):
        engine.run("SELECT * FROM v")


def test_a_view_trino_accepts_is_created(engine: LocalEngine) -> None:
    engine.run("CREATE VIEW v AS SELECT a, s AS name FROM t")
    assert engine.run("SELECT name FROM v").rows == [("x",)]


# --- INSERT INTO: the column list and the number of columns (visitInsert) --------------------
@pytest.mark.parametrize(("sql", "reason"), [
    ("INSERT INTO t (a, nope) VALUES (1, 2)",
     "COLUMN_NOT_FOUND: line 1:1: Insert column name does not exist in target table: nope"),
    ("INSERT INTO t (a, A) VALUES (1, 2)",
     "DUPLICATE_COLUMN_NAME: line 1:1: Insert column name is specified more than once: a"),
    ("INSERT INTO t SELECT 1, 'a'", ("TYPE_MISMATCH: line 1:1: Insert query has mismatched "
     "column types: Table: [integer, varchar(1), date], Query: [integer, varchar(1)]")),
    ("INSERT INTO t (a) SELECT 1, 2", ("TYPE_MISMATCH: line 1:1: Insert query has mismatched "
     "column types: Table: [integer], Query: [integer, integer]")),
    # only the listed columns are compared
    ("INSERT INTO t (d, a) SELECT DATE '2020-01-01', 'a'", ("TYPE_MISMATCH: line 1:1: Insert "
     "query has mismatched column types: Table: [date, integer], Query: [date, varchar(1)]")),
])
def test_an_insert_trino_rejects_writes_nothing(engine: LocalEngine, sql: str,
                                                reason: str) -> None:
    _fails(engine, sql, reason)
    assert engine.run("SELECT count(*) FROM t").rows == [(1,)]


def test_an_insert_whose_text_type_is_not_known_here_is_refused_not_misspelled(
        engine: LocalEngine) -> None:
    # Trino's message spells the query's varchar(n); url_extract_host's length is not known
    # here, and DuckDB's VARCHAR has none
    with pytest.raises(UnsupportedLocally, match="an INSERT whose query column types") as info:
        engine.run("INSERT INTO t (a) SELECT url_extract_host('http://example.com/x')")
    assert "Table: [integer], Query: [varchar]" in str(info.value)
    assert engine.run("SELECT count(*) FROM t").rows == [(1,)]


def test_set_operation_text_typed_only_while_running_is_refused_not_misspelled(
        engine: LocalEngine) -> None:
    # a subquery's 'x' is a varchar(1) to Trino; DuckDB binds it as VARCHAR
    with pytest.raises(UnsupportedLocally, match="a set operation column typed only while"):
        engine.run("SELECT a FROM t UNION ALL SELECT y FROM (SELECT 'x' AS y)")


def test_an_insert_with_a_column_list_fills_the_others_with_null(engine: LocalEngine) -> None:
    engine.run("INSERT INTO t (d, a) VALUES (DATE '2021-01-01', 7)")
    assert engine.run("SELECT a, s, d FROM t WHERE a = 7").rows[0][:2] == (7, None)


# --- set operations over table columns (checked by binding each branch) ----------------------
@pytest.mark.parametrize(("sql", "reason"), [
    ("SELECT s FROM t UNION ALL SELECT a FROM u",
     ("TYPE_MISMATCH: line 1:17: column 1 in UNION query has incompatible types: varchar(1), "
     "bigint")),
    ("SELECT d FROM t EXCEPT SELECT s FROM u",
     ("TYPE_MISMATCH: line 1:17: column 1 in EXCEPT query has incompatible types: date, "
     "varchar(2)")),
    ("SELECT * FROM t UNION SELECT a, s FROM u",
     "TYPE_MISMATCH: line 1:17: UNION query has different number of fields: 3, 2"),
    ("SELECT a FROM t UNION ALL SELECT a FROM u UNION ALL SELECT true",
     ("TYPE_MISMATCH: line 1:43: column 1 in UNION query has incompatible types: bigint, "
     "boolean")),
])
def test_table_columns_without_a_common_type_fail(engine: LocalEngine, sql: str,
                                                  reason: str) -> None:
    _fails(engine, sql, reason)


def test_table_columns_with_a_common_type_are_answered(engine: LocalEngine) -> None:
    result = engine.run("SELECT a, s, d FROM t UNION ALL SELECT a, s, d FROM u ORDER BY a")
    assert [c.type for c in result.columns] == ["bigint", "varchar", "timestamp(3)"]
    assert [r[0] for r in result.rows] == [1, 2]
    assert result.rows[0][2].isoformat() == "2020-01-01T00:00:00"


def test_a_correlated_branch_is_refused(engine: LocalEngine) -> None:
    with pytest.raises(UnsupportedLocally, match="a set operation whose branch reads a column"):
        engine.run("SELECT a FROM t o WHERE a IN (SELECT a FROM u UNION SELECT o.a)")


# --- result column names of relations whose columns Trino leaves unnamed ---------------------
@pytest.mark.parametrize(("sql", "names"), [
    ("SELECT * FROM UNNEST(ARRAY[1, 2])", ["_col0"]),
    ("SELECT * FROM UNNEST(ARRAY[1, 2]) WITH ORDINALITY", ["_col0", "_col1"]),
    ("SELECT * FROM UNNEST(MAP(ARRAY['a'], ARRAY[1]))", ["_col0", "_col1"]),
    ("SELECT * FROM UNNEST(ARRAY[1], ARRAY['a']) WITH ORDINALITY", ["_col0", "_col1", "_col2"]),
    ("SELECT * FROM UNNEST(ARRAY[1, 2]) AS t(x)", ["x"]),
    ("VALUES (1, 'a')", ["_col0", "_col1"]),
])
def test_unnamed_columns_are_named_by_position(sql: str, names: list[str]) -> None:
    # https://trino.io/docs/current/sql/select.html#unnest ; .../sql/values.html
    assert [c.name for c in LocalEngine().run(sql).columns] == names
