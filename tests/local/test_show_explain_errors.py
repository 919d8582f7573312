"""SHOW / DESCRIBE / EXPLAIN answered from the local catalog, and Athena's error messages.

Column names and layouts: https://docs.aws.amazon.com/athena/latest/ug/show-tables.html and
the SHOW / DESCRIBE pages beside it (Hive's MetaDataFormatUtils layout); messages: Trino's
SemanticExceptions (``Column 'x' cannot be resolved``, ``Table 'c.s.t' does not exist``).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from athenakit.errors import QueryError, SqlError
from athenakit.local.engine import LocalEngine
from athenakit.table.model import Partition, Table, columns


@pytest.fixture
def engine(tmp_path: Path) -> LocalEngine:
    import duckdb

    for folder, query in (("b/u", "SELECT 1::BIGINT AS uid"),
                          ("bucket/events/dt=2024-01-01", "SELECT 1 AS id, 'a' AS name")):
        (tmp_path / folder).mkdir(parents=True)
        duckdb.sql(f"COPY ({query}) TO '{tmp_path / folder / 'part.parquet'}' (FORMAT PARQUET)")
    events = Table(name="events", database="web", location="s3://bucket/events/",
                   columns=columns({"id": "int", "name": "string"}),
                   partitions=(Partition("dt", "string"),),
                   properties={"classification": "parquet"})
    other = Table(name="users", columns=columns({"uid": "bigint"}), location="s3://b/u/")
    eng = LocalEngine([events, other], s3_root=tmp_path)
    eng.run("ALTER TABLE web.events ADD PARTITION (dt = '2024-01-02') "
            "PARTITION (dt = '2024-01-01')")
    eng.run("CREATE VIEW web.recent AS SELECT id FROM web.events")
    return eng


def test_show_tables_lists_tables_and_views_under_tab_name(engine: LocalEngine) -> None:
    result = engine.run("SHOW TABLES IN web")
    assert [c.name for c in result.columns] == ["tab_name"]
    assert result.rows == [("events",), ("recent",)]
    assert engine.run("SHOW TABLES IN web '*ent*'").rows == [("events",), ("recent",)]
    assert engine.run("SHOW TABLES IN web 'ev*|nope'").rows == [("events",)]
    assert result.stats.statement_type == "UTILITY"


def test_show_databases_and_views(engine: LocalEngine) -> None:
    assert engine.run("SHOW DATABASES").rows == [("default",), ("web",)]
    assert engine.run("SHOW SCHEMAS LIKE 'w*'").columns[0].name == "database_name"
    assert engine.run("SHOW VIEWS IN web").rows == [("recent",)]


def test_show_columns_lists_partition_columns_last(engine: LocalEngine) -> None:
    result = engine.run("SHOW COLUMNS IN web.events")
    assert result.columns[0].name == "field"
    assert [r[0].strip() for r in result.rows] == ["id", "name", "dt"]


def test_show_partitions_lists_registered_partitions_sorted(engine: LocalEngine) -> None:
    result = engine.run("SHOW PARTITIONS web.events")
    assert result.columns[0].name == "partition"
    assert result.rows == [("dt=2024-01-01",), ("dt=2024-01-02",)]


def test_describe_gives_hive_lines_with_the_partition_block(engine: LocalEngine) -> None:
    result = engine.run("DESCRIBE web.events")
    assert result.columns[0].name == "col_name"
    lines = [r[0] for r in result.rows]
    assert [line.split("\t")[0].strip() for line in lines[:3]] == ["id", "name", "dt"]
    assert lines[0].split("\t")[1].strip() == "int"
    # MetaDataFormatUtils: String.format("%-20s") per field, tab-separated
    assert lines[0] == "id" + " " * 18 + "\t" + "int" + " " * 17 + "\t" + " " * 20
    assert lines[3:6] == ["", "# Partition Information",
                          "# col_name" + " " * 10 + "\tdata_type" + " " * 11 + "\tcomment" + " " * 13]
    one = engine.run("DESCRIBE web.events name").rows
    assert len(one) == 1 and one[0][0].split("\t")[1].strip() == "string"


def test_describe_formatted_adds_location_and_storage(engine: LocalEngine) -> None:
    text = "\n".join(r[0] for r in engine.run("DESCRIBE FORMATTED web.events").rows)
    assert "s3://bucket/events/" in text and "ParquetHiveSerDe" in text
    assert "classification" in text


def test_show_tblproperties_and_create_statements(engine: LocalEngine) -> None:
    props = engine.run("SHOW TBLPROPERTIES web.events").rows
    assert ("classification\tparquet",) in props
    assert engine.run("SHOW TBLPROPERTIES web.events ('classification')").rows == [("parquet",)]
    ddl = "\n".join(r[0] for r in engine.run("SHOW CREATE TABLE web.events").rows)
    assert ddl.startswith("CREATE EXTERNAL TABLE") and "PARTITIONED BY" in ddl
    view = engine.run("SHOW CREATE VIEW web.recent")
    assert view.columns[0].name == "Create View" and "SELECT id FROM web.events" in view.rows[0][0]


@pytest.mark.parametrize(("sql", "reason"), [
    # Hive's ErrorMsg texts: SHOW and DESCRIBE run on Athena's Hive side
    # https://docs.aws.amazon.com/athena/latest/ug/describe-table.html
    ("DESCRIBE web.nope", "FAILED: SemanticException [Error 10001]: Table not found web.nope"),
    ("SHOW TABLES IN nodb",
     "FAILED: SemanticException [Error 10072]: Database does not exist: nodb"),
    ("SHOW PARTITIONS users",
     "FAILED: SemanticException [Error 10241]: Table users is not a partitioned table"),
])
def test_show_and_describe_fail_with_hives_messages(
        engine: LocalEngine, sql: str, reason: str) -> None:
    with pytest.raises(QueryError) as info:
        engine.run(sql)
    assert info.value.reason == reason and info.value.state == "FAILED"


@pytest.mark.parametrize("sql", [
    "DESCRIBE EXTENDED web.events", "DESCRIBE web.events PARTITION (dt = '2024-01-01')",
    "DESCRIBE web.events name.inner", "SHOW FUNCTIONS",
])
def test_forms_not_answered_locally_are_refused(engine: LocalEngine, sql: str) -> None:
    with pytest.raises(QueryError, match="not supported locally"):
        engine.run(sql)


def test_describe_of_a_view_runs_its_columns(engine: LocalEngine) -> None:
    rows = engine.run("DESCRIBE web.recent").rows
    assert [r[0].split("\t")[0].strip() for r in rows] == ["id"]


def test_explain_is_duckdbs_plan_marked_as_such() -> None:
    with LocalEngine() as engine:
        result = engine.run("EXPLAIN SELECT 1")
        assert [c.name for c in result.columns] == ["Query Plan"]
        assert result.rows[0][0].startswith("DuckDB plan of the local engine")
        assert len(result.rows) > 1 and all("\n" not in r[0] for r in result.rows)
        assert engine.run("EXPLAIN ANALYZE SELECT 1").rows[0][0].startswith("DuckDB plan")
        with pytest.raises(QueryError, match="does not take a TYPE"):
            engine.run("EXPLAIN ANALYZE (TYPE VALIDATE) SELECT 1")
        valid = engine.run("EXPLAIN (TYPE VALIDATE) SELECT 1")
        assert valid.columns[0].name == "Valid" and valid.rows == [(True,)]
        with pytest.raises(QueryError, match="not supported locally"):
            engine.run("EXPLAIN (TYPE IO) SELECT 1")


# Trino's messages, as Athena shows them (issue table: SELECT nope FROM t)
@pytest.mark.parametrize(("sql", "reason", "error_type"), [
    ("SELECT nope FROM users", "COLUMN_NOT_FOUND: line 1:8: Column 'nope' cannot be resolved",
     1006),
    ("SELECT nope", "COLUMN_NOT_FOUND: line 1:8: Column 'nope' cannot be resolved", 1006),
    ("SELECT 1,\n  nope", "COLUMN_NOT_FOUND: line 2:3: Column 'nope' cannot be resolved", 1006),
    ("SELECT u.nope FROM users u",
     "COLUMN_NOT_FOUND: line 1:8: Column 'u.nope' cannot be resolved", 1006),
    ("SELECT * FROM missing",
     "TABLE_NOT_FOUND: line 1:15: Table 'awsdatacatalog.default.missing' does not exist", 1110),
    ("SELECT *\nFROM nodb.t", "SCHEMA_NOT_FOUND: line 2:6: Schema 'nodb' does not exist", 1301),
    ("SELECT list_value(1)",
     "FUNCTION_NOT_FOUND: line 1:8: Function 'list_value' not registered", 1303),
    ("SELECT 'a'::varchar", "SYNTAX_ERROR: line 1:11: mismatched input '::'", 1006),
    # StatementAnalyzer / ExpressionAnalyzer: no implicit varchar <-> number or date + integer
    ("SELECT 1 + 'a'", "TYPE_MISMATCH: line 1:10: Cannot apply operator: integer + varchar(1)",
     1006),
    ("SELECT uid FROM users WHERE uid = '1'",
     "TYPE_MISMATCH: line 1:33: Cannot apply operator: bigint = varchar(1)", 1006),
    ("SELECT DATE '2020-01-01' + 1",
     "TYPE_MISMATCH: line 1:26: Cannot apply operator: date + integer", 1006),
    ("SELECT md5('a')",
     "FUNCTION_NOT_FOUND: line 1:8: Unexpected parameters (varchar(1)) for function md5", 1303),
    ("SELECT lower(5)",
     "FUNCTION_NOT_FOUND: line 1:8: Unexpected parameters (integer) for function lower", 1303),
    ("SELECT uid FROM users WHERE 1",
     "TYPE_MISMATCH: line 1:29: WHERE clause must evaluate to a boolean: actual type integer",
     1006),
    ("SELECT uid FROM users a, users b",
     "AMBIGUOUS_NAME: line 1:8: Column 'uid' is ambiguous", 1006),
    ("SELECT uid, count(*) FROM users GROUP BY 1 + 1",
     ("EXPRESSION_NOT_AGGREGATE: line 1:8: 'uid' must be an aggregate expression or appear in "
      "GROUP BY clause"), 1006),
])
def test_failures_carry_athenas_name_position_and_type(
        engine: LocalEngine, sql: str, reason: str, error_type: int) -> None:
    with pytest.raises(QueryError) as info:
        engine.run(sql)
    assert info.value.reason == reason
    assert info.value.state == "FAILED" and info.value.category == 2
    assert info.value.error_type == error_type and info.value.query_id


def test_a_parse_error_is_a_syntax_error_and_still_an_sql_error() -> None:
    with LocalEngine() as engine, pytest.raises(SqlError) as info:
        engine.run("SELECT FROM WHERE")
    assert isinstance(info.value, QueryError)
    assert str(info.value.reason).startswith("SYNTAX_ERROR: line 1:")


def test_a_refusal_reads_not_supported_locally_then_what() -> None:
    from athenakit.local.errors import UnsupportedLocally

    with LocalEngine() as engine, pytest.raises(UnsupportedLocally) as info:
        engine.run("SELECT checksum(1)")
    assert info.value.message == "not supported locally: function checksum"
    assert info.value.what == "function checksum" and info.value.state == "FAILED"


def test_a_duckdb_failure_without_athena_counterpart_is_refused_in_its_own_words() -> None:
    from athenakit.local import binder_failures
    from athenakit.local.errors import DuckDBFailure, UnsupportedLocally

    text = 'Binder Error: Some future DuckDB message about "x"'
    refused = binder_failures.as_athena(DuckDBFailure(text, query_id="q1"), "SELECT x",
                                        None)
    assert isinstance(refused, UnsupportedLocally) and refused.query_id == "q1"
    assert refused.message.startswith("not supported locally: this statement (")
    assert "name or type it could not resolve" in refused.message
    assert "Binder" not in str(refused) and "DuckDB" not in str(refused)
    assert refused.detail == text


def test_an_unrecognised_duckdb_error_of_a_query_does_not_leak_its_text() -> None:
    # a field of an integer column: DuckDB's binder fails with a message the layer does not
    # map (Trino: "TYPE_MISMATCH: Expression a is not of type ROW")
    with LocalEngine() as engine, pytest.raises(QueryError) as info:
        engine.run("SELECT a.x FROM (VALUES 1) t(a)")
    shown = str(info.value)
    assert "not supported locally: this statement" in shown
    assert "Binder Error" not in shown and "Cannot extract field" not in shown
    assert "Cannot extract field" in getattr(info.value, "detail", "")
