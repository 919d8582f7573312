"""DuckDB's own file readers, settings and statements never run: Athena has none of them."""

from __future__ import annotations

import pytest

from athenakit.errors import QueryError
from athenakit.local.engine import LocalEngine


@pytest.mark.parametrize(("sql", "name"), [
    ("SELECT * FROM read_text('/etc/passwd')", "read_text"),
    ("SELECT * FROM read_csv_auto('/etc/passwd')", "read_csv_auto"),
    ("SELECT * FROM read_csv('/etc/passwd')", "read_csv"),
    ("SELECT * FROM read_json_auto('/etc/passwd')", "read_json_auto"),
    ("SELECT * FROM duckdb_settings()", "duckdb_settings"),
    ("SELECT getenv('HOME')", "getenv"),
    ("COPY t TO '/tmp/x'", "COPY"),
    ("SET threads = 1", "SET"),
    ("PRAGMA version", "PRAGMA"),
    # hostile spellings: nested, qualified, quoted, as a CTAS / INSERT source
    ("SELECT * FROM (VALUES (1)) t(x) JOIN LATERAL read_text('/etc/passwd') ON true",
     "read_text"),
    ("WITH x AS (SELECT * FROM read_parquet('/tmp/a.parquet')) SELECT * FROM x", "read_parquet"),
    ("SELECT (SELECT count(*) FROM read_csv('/etc/passwd'))", "read_csv"),
    ("SELECT * FROM main.read_text('/etc/passwd')", "read_text"),
    ("SELECT * FROM \"read_text\"('/etc/passwd')", "read_text"),
    ("CREATE TABLE t2 AS SELECT * FROM read_csv('/etc/passwd')", "read_csv"),
    ("INSERT INTO t SELECT * FROM read_blob('/etc/hostname')", "read_blob"),
    ("SELECT version()", "version"),
    ("SELECT * FROM (SELECT 1 AS a) ASOF JOIN (SELECT 1 AS a) USING (a)", "ASOF"),
    ("CREATE MACRO m(x) AS x", "CREATE MACRO"),
    ("SET VARIABLE x = 1", "SET VARIABLE"),
    ("CALL pragma_version()", "CALL"),
])
def test_duckdb_only_sql_is_refused(sql: str, name: str) -> None:
    with LocalEngine() as engine, pytest.raises(QueryError) as info:
        engine.run(sql)
    assert name in str(info.value) and "not supported locally" in str(info.value)
    assert "root:" not in str(info.value)


def test_sqlglot_fallback_warning_is_an_error_not_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    with LocalEngine() as engine, pytest.raises(QueryError):
        engine.run("LOAD httpfs")
    assert "unsupported syntax" not in capsys.readouterr().err


@pytest.mark.parametrize("sql", [
    "SELECT cardinality(1, 2)",  # sqlglot's node keeps a dimension Trino's writer drops
    "SELECT levenshtein_distance('a', 'b', 'c')",
    "SELECT regexp_extract('a', 'b', 1, 2)",
])
def test_a_call_sqlglot_cannot_write_back_fails_without_a_warning_on_stderr(
        sql: str, capsys: pytest.CaptureFixture[str]) -> None:
    with LocalEngine() as engine, pytest.raises(QueryError) as info:
        engine.run(sql)
    assert "FUNCTION_NOT_FOUND" in str(info.value)  # no signature of that count (Trino's docs)
    assert capsys.readouterr().err == ""


# DuckDB's own syntax and functions get Athena's answer: Trino's parser rejects the syntax
# (SYNTAX_ERROR: mismatched input) and its analyzer the names (FUNCTION_NOT_FOUND).
@pytest.mark.parametrize(("sql", "reason"), [
    ("SELECT '/etc/passwd'::VARCHAR", "SYNTAX_ERROR: line 1:21: mismatched input '::'"),
    ("SELECT [1, 2, 3]", "SYNTAX_ERROR: line 1:8: mismatched input '['"),
    ("SELECT {'a': 1}", "SYNTAX_ERROR: line 1:8: mismatched input '{'"),
    ("SELECT * EXCLUDE (a) FROM (SELECT 1 AS a, 2 AS b)",
     "SYNTAX_ERROR: line 1:10: mismatched input 'EXCLUDE'"),
    ("FROM (SELECT 1 AS a)", "SYNTAX_ERROR: line 1:1: mismatched input 'FROM'"),
    ("SELECT * FROM '/etc/passwd'", "SYNTAX_ERROR: line 1:15: mismatched input ''/etc/passwd''"),
    ("SELECT len('abc')", "FUNCTION_NOT_FOUND: line 1:8: Function 'len' not registered"),
    ("SELECT strftime(now(), '%Y')",
     "FUNCTION_NOT_FOUND: line 1:8: Function 'strftime' not registered"),
    ("SELECT x FROM (SELECT list_transform(ARRAY[1], y -> y) AS x)",
     "FUNCTION_NOT_FOUND: line 1:23: Function 'list_transform' not registered"),
    ("SELECT COLUMNS('.*') FROM (SELECT 1 AS a)",
     "FUNCTION_NOT_FOUND: line 1:8: Function 'columns' not registered"),
    ("SELECT current_database()",
     "FUNCTION_NOT_FOUND: line 1:8: Function 'current_database' not registered"),
])
def test_duckdb_syntax_and_functions_fail_as_in_athena(sql: str, reason: str) -> None:
    with LocalEngine() as engine, pytest.raises(QueryError) as info:
        engine.run(sql)
    assert info.value.reason == reason and info.value.category == 2


@pytest.mark.parametrize("sql", [
    "ATTACH '/tmp/x.db' AS x", "INSTALL spatial", "FORCE INSTALL spatial", "DETACH x",
    "EXPORT DATABASE '/tmp/exp'", "SUMMARIZE SELECT 1", "CHECKPOINT", "RESET threads",
])
def test_duckdb_statements_never_run(sql: str) -> None:
    with LocalEngine() as engine, pytest.raises(QueryError) as info:
        engine.run(sql)
    assert "SYNTAX_ERROR" in str(info.value) or "not supported locally" in str(info.value)
