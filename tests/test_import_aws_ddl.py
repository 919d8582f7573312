"""Import accepts DDL that Athena creates, and renders it back without losing clauses."""

from __future__ import annotations

from athenakit.errors import Severity
from athenakit.table.importer import import_ddl, import_ddl_with_warnings
from athenakit.table.render import create_table

ORC_SERDE = "org.apache.hadoop.hive.ql.io.orc.OrcSerde"


def test_parquet_with_write_compression_zstd_level_imports_as_compression() -> None:
    # https://docs.aws.amazon.com/athena/latest/ug/compression-support-zstd-levels.html
    [t] = import_ddl("CREATE EXTERNAL TABLE t (a int) STORED AS PARQUET LOCATION 's3://b/t/' "
                     "TBLPROPERTIES ('write.compression'='ZSTD', 'compression_level'='4')")
    assert (t.compression, t.compression_level) == ("ZSTD", 4)


def test_header_count_on_parquet_is_a_warning_not_an_error() -> None:
    result = import_ddl_with_warnings(
        "CREATE EXTERNAL TABLE t (a int) STORED AS PARQUET LOCATION 's3://b/t/' "
        "TBLPROPERTIES ('skip.header.line.count'='1')")
    assert [(w.code, w.severity) for w in result.warnings] == [("AK145", Severity.WARNING)]


def test_orc_serde_properties_survive_the_round_trip() -> None:
    ddl = (f"CREATE EXTERNAL TABLE t (a int) ROW FORMAT SERDE '{ORC_SERDE}' "
           "WITH SERDEPROPERTIES ('orc.column.index.access'='false') STORED AS ORC "
           "LOCATION 's3://b/t/'")
    [t] = import_ddl(ddl)
    sql = create_table(t)
    assert "'orc.column.index.access'='false'" in sql and f"'{ORC_SERDE}'" in sql
    [back] = import_ddl(sql)
    assert back == t
