"""SHOW CREATE TABLE prints what Athena prints: one ``createtab_stmt`` row per line.

Expected texts come from Athena's own answers and from the Hive code Athena runs for Hive tables:
- DyfanJones/RAthena tests/testthat/helper.R: ``show_ddl``, the answer of Athena to SHOW CREATE
  TABLE of a tab-delimited, partitioned table with ``skip.header.line.count``;
- aws/aws-sdk-pandas#1514: a Parquet table's answer (``ROW FORMAT SERDE``, sorted properties);
- apache/hive ql/src/test/results/clientpositive/show_create_table_serde.q.out: the
  ``WITH SERDEPROPERTIES ( `` block (Hive's ``DDLTask.showCreateTable``);
- an Athena Iceberg table's answer (``CREATE TABLE db.t (``, ``PARTITIONED BY (`a`, `b`)``,
  ``LOCATION '...'``, ``'table_type'='iceberg'``).
https://docs.aws.amazon.com/athena/latest/ug/show-create-table.html
"""

from __future__ import annotations

from pathlib import Path

import pytest

from athenakit.errors import QueryError
from athenakit.local.engine import LocalEngine
from athenakit.local.showcreate import escape_java
from athenakit.table.importer import import_ddl

# DyfanJones/RAthena tests/testthat/helper.R, show_ddl (Athena's answer), verbatim
RATHENA_SHOW_DDL = (
    "CREATE EXTERNAL TABLE `default.test_df`(\n  `w` timestamp, \n  `x` int, \n  `y` string, \n"
    "  `z` boolean)\nPARTITIONED BY ( \n  `timestamp` string)\nROW FORMAT DELIMITED \n"
    "  FIELDS TERMINATED BY '\\t' \n  LINES TERMINATED BY '\\n' \nSTORED AS INPUTFORMAT \n"
    "  'org.apache.hadoop.mapred.TextInputFormat' \nOUTPUTFORMAT \n"
    "  'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'\nLOCATION\n"
    "  's3://test-rathena/default/test_df'\nTBLPROPERTIES (\n  'skip.header.line.count'='1')")


@pytest.fixture
def engine(tmp_path: Path) -> LocalEngine:
    eng = LocalEngine([], s3_root=tmp_path)
    eng.run("CREATE DATABASE web")
    return eng


def _lines(engine: LocalEngine, name: str) -> list[str]:
    result = engine.run(f"SHOW CREATE TABLE {name}")
    assert [c.name for c in result.columns] == ["createtab_stmt"]
    assert result.stats.statement_type == "UTILITY"
    return [row[0] for row in result.rows]


def test_a_delimited_text_table_prints_as_athena_answered_rathena(engine: LocalEngine) -> None:
    engine.run("CREATE EXTERNAL TABLE default.test_df (w timestamp, x int, y string, z boolean) "
               "PARTITIONED BY (`timestamp` string) "
               "ROW FORMAT DELIMITED FIELDS TERMINATED BY '\\t' LINES TERMINATED BY '\\n' "
               "LOCATION 's3://test-rathena/default/test_df' "
               "TBLPROPERTIES ('skip.header.line.count'='1')")
    assert _lines(engine, "test_df") == RATHENA_SHOW_DDL.split("\n")


def test_a_parquet_table_prints_row_format_serde_and_sorted_properties(
        engine: LocalEngine) -> None:
    # aws/aws-sdk-pandas#1514: Athena's answer for a partitioned Parquet table
    engine.run("CREATE EXTERNAL TABLE web.t (random_string string COMMENT 'x', n bigint) "
               "PARTITIONED BY (par0 bigint, par1 string) STORED AS PARQUET "
               "LOCATION 's3://edgar-khuedn/test_wr/' TBLPROPERTIES ('typeOfData'='file', "
               "'projection.enabled'='false', 'classification'='parquet', "
               "'compressionType'='snappy')")
    assert _lines(engine, "web.t") == [
        "CREATE EXTERNAL TABLE `web.t`(",
        "  `random_string` string COMMENT 'x', ",
        "  `n` bigint)",
        "PARTITIONED BY ( ",
        "  `par0` bigint, ",
        "  `par1` string)",
        "ROW FORMAT SERDE ",
        "  'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe' ",
        "STORED AS INPUTFORMAT ",
        "  'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat' ",
        "OUTPUTFORMAT ",
        "  'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat'",
        "LOCATION",
        "  's3://edgar-khuedn/test_wr/'",
        "TBLPROPERTIES (",
        "  'classification'='parquet', ",
        "  'compressionType'='snappy', ",
        "  'projection.enabled'='false', ",
        "  'typeOfData'='file')",
    ]


def test_serde_properties_print_sorted_in_hive_block(engine: LocalEngine) -> None:
    # show_create_table_serde.q.out: "WITH SERDEPROPERTIES ( " then "  'k'='v', " lines and
    # "  'k'='v') "; escapeJava turns a quote into \" and a backslash into \\
    engine.run("CREATE EXTERNAL TABLE web.c (a string, b string) ROW FORMAT SERDE "
               "'org.apache.hadoop.hive.serde2.OpenCSVSerde' WITH SERDEPROPERTIES ("
               "'separatorChar'=',', 'quoteChar'='\"', 'escapeChar'='\\\\') "
               "LOCATION 's3://b/c/' TBLPROPERTIES ('classification'='csv')")
    lines = _lines(engine, "web.c")
    start = lines.index("WITH SERDEPROPERTIES ( ")
    assert lines[start - 2:start + 5] == [
        "ROW FORMAT SERDE ",
        "  'org.apache.hadoop.hive.serde2.OpenCSVSerde' ",
        "WITH SERDEPROPERTIES ( ",
        "  'escapeChar'='\\\\', ",
        "  'quoteChar'='\\\"', ",
        "  'separatorChar'=',') ",
        "STORED AS INPUTFORMAT ",
    ]
    assert lines[-2:] == ["TBLPROPERTIES (", "  'classification'='csv')"]


def test_the_text_is_a_statement_athenakit_reads_back(engine: LocalEngine) -> None:
    engine.run("CREATE EXTERNAL TABLE web.j (a map<string,int>, b decimal(10,2)) "
               "ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe' "
               "WITH SERDEPROPERTIES ('ignore.malformed.json'='true') "
               "LOCATION 's3://b/j/'")
    [table] = import_ddl("\n".join(_lines(engine, "web.j")))
    assert (table.database, table.name, table.storage.format) == ("web", "j", "openx_json")
    assert [str(c.type) for c in table.columns] == ["map<string,int>", "decimal(10,2)"]
    assert dict(table.storage.serde_properties) == {"ignore.malformed.json": "true"}


@pytest.mark.slow
def test_an_iceberg_table_prints_athena_s_iceberg_form(engine: LocalEngine) -> None:
    # Athena's answers for Iceberg tables: "CREATE TABLE db.t (", "  name type," lines,
    # "PARTITIONED BY (day(`created_at`), bucket(100, `contract_id`))", "LOCATION '...'",
    # "TBLPROPERTIES (", "  'table_type'='iceberg',", "  'write_compression'='snappy',",
    # "  'format'='parquet'", ")"
    pytest.importorskip("pyiceberg")
    engine.run("CREATE TABLE web.contratos (contract_id string, valor decimal(10,2), "
               "created_at timestamp, produto string) "
               "PARTITIONED BY (day(created_at), bucket(100, contract_id), produto) "
               "LOCATION 's3://b/contratos' TBLPROPERTIES ('table_type'='ICEBERG', "
               "'format'='parquet', 'write_compression'='snappy')")
    assert _lines(engine, "web.contratos") == [
        "CREATE TABLE web.contratos (",
        "  contract_id string,",
        "  valor decimal(10, 2),",
        "  created_at timestamp,",
        "  produto string)",
        "PARTITIONED BY (day(`created_at`), bucket(100, `contract_id`), `produto`)",
        "LOCATION 's3://b/contratos'",
        "TBLPROPERTIES (",
        "  'table_type'='iceberg',",
        "  'write_compression'='snappy',",
        "  'format'='parquet'",
        ")",
    ]
    engine.run("CREATE TABLE web.noted (a int COMMENT 'x') LOCATION 's3://b/noted' "
               "TBLPROPERTIES ('table_type'='ICEBERG')")
    with pytest.raises(QueryError, match="not supported locally: SHOW CREATE TABLE of an "
                                         "Iceberg table with column comments"):
        engine.run("SHOW CREATE TABLE web.noted")


@pytest.mark.parametrize(("text", "escaped"), [
    # commons-lang 2 StringEscapeUtils.escapeJava
    ("\t", "\\t"), ("\\", "\\\\"), ('"', '\\"'), ("'", "'"), ("\x01", "\\u0001"),
    ("é", "\\u00E9"), ("\u4e2d", "\\u4E2D"), ("/", "/"),
])
def test_escape_java(text: str, escaped: str) -> None:
    assert escape_java(text) == escaped
