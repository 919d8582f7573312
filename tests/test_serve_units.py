"""Pure pieces of ``athenakit serve``: statement kinds, result text, request routing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from athenakit.query.result import ResultColumn
from athenakit.serve import results, routes
from athenakit.serve.named import split_values, statement_sql
from athenakit.serve.statements import classify


# https://docs.aws.amazon.com/athena/latest/APIReference/API_QueryExecution.html : "DML
# indicates DML query statements, such as CREATE TABLE AS SELECT. UTILITY indicates query
# statements other than DDL and DML, such as SHOW CREATE TABLE, EXPLAIN, DESCRIBE, or SHOW
# TABLES."
@pytest.mark.parametrize(("sql", "kind"), [
    ("SELECT 1", ("DML", "SELECT")),
    ("-- note\nWITH a AS (SELECT 1) SELECT * FROM a", ("DML", "SELECT")),
    ("CREATE TABLE t WITH (format = 'PARQUET') AS SELECT 1", ("DML", "CREATE_TABLE_AS_SELECT")),
    ("INSERT INTO t SELECT 1", ("DML", "INSERT")),
    ("UNLOAD (SELECT 1) TO 's3://b/x/' WITH (format = 'PARQUET')", ("DML", "UNLOAD")),
    ("CREATE EXTERNAL TABLE t (a int) STORED AS PARQUET LOCATION 's3://b/t/'",
     ("DDL", "CREATE_TABLE")),
    ("CREATE DATABASE d", ("DDL", "CREATE_DATABASE")),
    ("DROP VIEW v", ("DDL", "DROP_VIEW")),
    ("ALTER TABLE t ADD PARTITION (dt = '1')", ("DDL", "ALTER_TABLE_ADD_PARTITION")),
    ("MSCK REPAIR TABLE t", ("DDL", "MSCK_REPAIR_TABLE")),
    ("SHOW CREATE TABLE t", ("UTILITY", "SHOW_CREATE_TABLE")),
    ("SHOW TABLES", ("UTILITY", "SHOW_TABLES")),
    ("DESCRIBE t", ("UTILITY", "DESCRIBE_TABLE")),
    ("EXPLAIN SELECT 1", ("UTILITY", "EXPLAIN")),
])
def test_statement_kinds(sql: str, kind: tuple[str, str]) -> None:
    assert classify(sql) == kind


# Trino's text forms, as GetQueryResults shows them (Java's Double.toString for doubles,
# millisecond timestamps, maps and rows as {k=v}).
@pytest.mark.parametrize(("value", "text"), [
    (None, None), (True, "true"), (7, "7"), (1.5, "1.5"), (1e10, "1.0E10"),
    (1.2345e-7, "1.2345E-7"), (float("nan"), "NaN"), (float("-inf"), "-Infinity"),
    (Decimal("12.50"), "12.50"), (dt.date(2024, 2, 29), "2024-02-29"),
    (dt.datetime(2024, 1, 31, 12, 0, 5, 123456), "2024-01-31 12:00:05.123"),
    ([1, None, 3], "[1, null, 3]"), ({"a": 1}, "{a=1}"), (b"hi", "68 69"),
])
def test_result_text(value: object, text: str | None) -> None:
    assert results.text(value) == text


def test_csv_file_quotes_everything_and_leaves_null_empty() -> None:
    columns = (ResultColumn("a", "varchar"), ResultColumn("b", "integer"))
    body = results.csv_bytes(columns, [('say "hi"', None), (None, 2)], header=True)
    assert body == b'"a","b"\n"say ""hi""",\n,"2"\n'


def test_column_info_splits_type_parameters() -> None:
    info = results.column_info(ResultColumn("m", "decimal(10,2)"))
    assert (info["Type"], info["Precision"], info["Scale"]) == ("decimal", 10, 2)
    assert results.column_info(ResultColumn("xs", "array(integer)"))["Type"] == "array"


def test_rest_json_routes_carry_path_and_query_parameters() -> None:
    found = routes.rest_operation("GET", "/query-executions/abc/results",
                                  "MaxResults=5&NextToken=10", {})
    assert found == ("GetQueryResults",
                     {"QueryExecutionId": "abc", "MaxResults": "5", "NextToken": "10"})
    assert routes.rest_operation("POST", "/query-executions", "",
                                 {"QueryString": "SELECT 1"}) == (
        "StartQueryExecution", {"QueryString": "SELECT 1"})
    assert routes.rest_operation("GET", "/nowhere", "", {}) is None
    assert routes.json_target("AmazonAthena.GetQueryExecution") == "GetQueryExecution"
    assert routes.json_target("AWSGlue.GetTable") is None
    assert routes.scope("AWS4-HMAC-SHA256 Credential=AK/20240101/eu-west-1/athena/"
                        "aws4_request, SignedHeaders=host") == ("eu-west-1", "athena")


def test_prepared_statement_sql() -> None:
    assert statement_sql("PREPARE p FROM SELECT ? + 1") == ("prepare", "p", "SELECT ? + 1")
    assert statement_sql('EXECUTE "p" USING 1, \'a,b\'') == ("execute", "p", "1, 'a,b'")
    assert statement_sql("DEALLOCATE PREPARE p") == ("deallocate", "p", None)
    assert statement_sql("SELECT 1") is None
    assert split_values("1, 'a,b', ARRAY[1, 2], DATE '2024-01-01'") == [
        "1", "'a,b'", "ARRAY[1, 2]", "DATE '2024-01-01'"]


# https://protobuf.dev/programming-guides/encoding/ : field 1 = 150 is 08 96 01; field 2 =
# "testing" is 12 07 74 65 73 74 69 6e 67; 300 is the varint ac 02.
def test_protobuf_writer_matches_the_encoding_guide() -> None:
    from athenakit import protobuf

    assert protobuf.field(1, 150) == bytes.fromhex("089601")
    assert protobuf.field(2, "testing") == bytes.fromhex("120774657374696e67")
    assert protobuf.encode_varint(300) == bytes.fromhex("ac02")
    for value in (0, 1, 127, 128, 2**31 - 1, 2**63):
        assert protobuf.varint(protobuf.encode_varint(value), 0) == (value, len(
            protobuf.encode_varint(value)))
    with pytest.raises(ValueError, match="negative"):
        protobuf.encode_varint(-1)
