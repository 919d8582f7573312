"""Valid Athena SQL that check once refused, and Athena's costly mistakes it once passed.

Each case cites the User Guide page that documents the statement or the rule.
"""

from __future__ import annotations

import logging

import pytest

from athenakit.check import Catalog, KnownTable, check, fix
from athenakit.errors import Severity

UG = "https://docs.aws.amazon.com/athena/latest/ug/"


def errors(sql: str, tables: object = None) -> list[str]:
    return [f"{d.code} {d.message}" for d in check(sql, tables) if d.is_error]  # type: ignore[arg-type]


# --- Valid statements sqlglot cannot read --------------------------------------------------
VALID = [
    # alter-database-set-dbproperties.html, create-database.html
    "ALTER DATABASE d SET DBPROPERTIES ('creator'='x', 'team'='y')",
    "CREATE DATABASE d WITH DBPROPERTIES ('creator'='x')",
    "CREATE DATABASE IF NOT EXISTS d COMMENT 'c' LOCATION 's3://b/d/' WITH DBPROPERTIES ('a'='b')",
    # alter-table-add-columns.html, alter-table-set-location.html, alter-table-rename-partition.html
    "ALTER TABLE t PARTITION (k='v') ADD COLUMNS (c string)",
    "ALTER TABLE t PARTITION (k='v') SET LOCATION 's3://b/p/'",
    "ALTER TABLE t PARTITION (k='v') RENAME TO PARTITION (k='w')",
    "ALTER TABLE t PARTITION (k='v') REPLACE COLUMNS (a string)",
    # querying-iceberg-alter-table-change-column.html, ...-unset-properties.html
    "ALTER TABLE t CHANGE c d string AFTER id",
    "ALTER TABLE t CHANGE COLUMN c d string COMMENT 'x' FIRST",
    "ALTER TABLE t UNSET TBLPROPERTIES ('a', 'b')",
    # describe-table.html
    "DESCRIBE FORMATTED db.t PARTITION (p = 1) col",
    "DESCRIBE t col",
    "DESCRIBE t s.field",
    # querying-udf.html, querying-mlmodel.html
    "USING EXTERNAL FUNCTION f(x varchar) RETURNS varchar LAMBDA 'fn' SELECT f(a) FROM t",
    ("USING EXTERNAL FUNCTION score(x double) RETURNS double SAGEMAKER 'endpoint' "
     "SELECT score(a) FROM t"),
    # querying-with-prepared-statements.html
    "PREPARE p FROM UNLOAD (SELECT * FROM t WHERE a = ?) TO 's3://b/u/' WITH (format = 'PARQUET')",
]


@pytest.mark.parametrize("sql", VALID)
def test_documented_statement_passes(sql: str) -> None:
    assert errors(sql) == []


def test_a_query_inside_an_external_function_statement_is_checked() -> None:
    sql = "USING EXTERNAL FUNCTION f(x varchar) RETURNS varchar LAMBDA 'fn' SELECT `a` FROM t"
    assert [d.code for d in check(sql)] == ["AK310"]


def test_a_broken_unload_inside_prepare_is_reported() -> None:
    sql = "PREPARE p FROM UNLOAD (SELECT 1) TO 's3://b/u/' WITH (compression = 'GZIP')"
    assert "AK337" in [d.code for d in check(sql)]


# --- Reserved words: severity follows evidence (reserved-words.html) -------------------------

@pytest.mark.parametrize("word", ["time", "timestamp", "start", "dayofweek"])
def test_reserved_words_aws_uses_bare_are_warnings_with_the_doc_link(word: str) -> None:
    sql = f"CREATE EXTERNAL TABLE t ({word} string) LOCATION 's3://b/t/'"
    [d] = check(sql)
    assert (d.code, d.severity) == ("AK312", Severity.WARNING)
    assert d.doc == UG + "reserved-words.html"
    assert fix(sql) == sql.replace(f"({word} ", f"(`{word}` ")


@pytest.mark.parametrize("word", ["date", "end", "user", "partition"])
def test_reserved_words_athena_rejects_stay_errors(word: str) -> None:
    [d] = check(f"CREATE EXTERNAL TABLE t ({word} string) LOCATION 's3://b/t/'")
    assert (d.code, d.severity) == ("AK312", Severity.ERROR)


def test_a_reserved_word_as_a_column_name_is_a_reserved_word_finding_and_fixable() -> None:
    assert [d.code for d in check("SELECT select FROM t")] == ["AK312"]
    assert fix("SELECT select FROM t WHERE order = 1") == 'SELECT "select" FROM t WHERE "order" = 1'
    assert [d.code for d in check("SELECT FROM WHERE")] == ["AK300"]


# --- Known tables ----------------------------------------------------------------------------

def test_a_create_table_in_the_file_does_not_make_other_tables_unknown() -> None:
    sql = ("CREATE EXTERNAL TABLE a (x string) LOCATION 's3://b/a/';\n"
           "SELECT y FROM other_table")
    assert check(sql) == []


def test_given_tables_still_make_unknown_tables_an_error() -> None:
    known = [KnownTable("a", None, ("x",))]
    assert [d.code for d in check("SELECT y FROM other_table", known)] == ["AK340"]


TENANTS = KnownTable("events", "db", ("id", "tags"), ("tenant", "dt"),
                     injected=frozenset({"tenant"}), dates=frozenset({"dt"}))


def test_an_injected_filter_next_to_an_unnest_is_seen() -> None:
    # partition-projection-supported-types.html: the equality filter is in the same SELECT
    sql = ("WITH e AS (SELECT id, tag FROM db.events CROSS JOIN UNNEST(tags) AS u(tag) "
           "WHERE tenant = 'a' AND dt = '2024-01-01') SELECT * FROM e")
    assert check(sql, [TENANTS]) == []


def test_an_unnest_column_of_the_same_name_does_not_count_as_the_partition_filter() -> None:
    sql = ("SELECT id FROM db.events CROSS JOIN UNNEST(tags) AS u(tenant) "
           "WHERE tenant = 'a' AND dt = '2024-01-01'")
    assert [d.code for d in check(sql, [TENANTS])] == ["AK343"]


def test_filtering_only_some_partitions_of_a_date_projection_warns() -> None:
    [d] = check("SELECT id FROM db.events WHERE tenant = 'a'", [TENANTS])
    assert (d.code, d.severity) == ("AK342", Severity.WARNING) and "dt" in d.message


def test_projection_properties_for_a_missing_partition_column_are_an_error() -> None:
    known = [KnownTable("t", "db", ("a",), ("region",))]
    sql = "ALTER TABLE db.t SET TBLPROPERTIES ('projection.dt.type'='date')"
    assert [d.code for d in check(sql, known)] == ["AK327"]


def test_catalog_of_given_tables_is_complete_and_declared_ones_are_not() -> None:
    catalog = Catalog()
    catalog.add(KnownTable("a"), declared=True)
    assert not catalog.complete
    catalog.add(KnownTable("b"))
    assert catalog.complete


# --- Parameters, locations, renames ----------------------------------------------------------

def test_question_marks_outside_where_are_reported_for_plain_parameterized_queries() -> None:
    # querying-with-prepared-statements.html: run --param sends the query with
    # ExecutionParameters, which Athena runs as a prepared statement
    assert [d.code for d in check("SELECT ? FROM t WHERE a = ?")] == ["AK345"]
    assert check("SELECT a FROM t WHERE a = ? AND b IN (?, ?)") == []


@pytest.mark.parametrize("sql", [
    "CREATE TABLE n WITH (external_location = 's3://b/n', format = 'PARQUET') AS SELECT 1 AS a",
    "UNLOAD (SELECT 1 AS a) TO 's3://b/u' WITH (format = 'PARQUET')",
])
def test_ctas_and_unload_locations_without_a_slash_warn(sql: str) -> None:
    # tables-location-format.html
    assert [(d.code, d.severity) for d in check(sql)] == [("AK115", Severity.WARNING)]


def test_renaming_a_database_says_athena_cannot() -> None:
    [d] = check("ALTER DATABASE d RENAME TO e")
    assert d.code == "AK323" and "cannot rename databases" in d.message


def test_checking_logs_nothing_from_sqlglot(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        check("MSCK REPAIR TABLE t; SHOW TABLES; OPTIMIZE t REWRITE DATA USING BIN_PACK")
    assert caplog.records == []


def test_names_in_statements_sqlglot_cannot_read_still_get_the_quoting_rules() -> None:
    # reserved-words.html: DDL reserved words need backticks, in DESCRIBE and CHANGE too
    assert [d.code for d in check("DESCRIBE t date")] == ["AK312"]
    assert fix("ALTER TABLE t CHANGE date d2 string AFTER id") == (
        "ALTER TABLE t CHANGE `date` d2 string AFTER id")


def test_an_unknown_column_type_is_named_with_its_column_and_the_closest_type() -> None:
    [d] = check("CREATE EXTERNAL TABLE t (\n  id int,\n  a strin\n) LOCATION 's3://b/t/'")
    assert (d.line, d.column) == (3, 5)
    assert d.message == "unknown type 'strin' for column a; did you mean 'string'?"
