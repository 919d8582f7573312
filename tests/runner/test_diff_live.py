"""``athenakit diff SPEC db.table``: CURRENT read live with SHOW CREATE TABLE, through real
boto3 clients against moto's server over HTTP (moto returns the queued DDL as the result)."""

from __future__ import annotations

from pathlib import Path

import pytest
from moto_harness import OUTPUT, AthenaProxy, MotoServer

from athenakit.cli import main

LIVE_DDL = """CREATE EXTERNAL TABLE `analytics.events`(
  `id` bigint,
  `payload` string)
PARTITIONED BY (
  `dt` string)
ROW FORMAT SERDE
  'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe'
STORED AS INPUTFORMAT
  'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat'
OUTPUTFORMAT
  'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat'
LOCATION
  's3://data/events'
TBLPROPERTIES (
  'transient_lastDdlTime'='1700000000')"""

DESIRED = """\
database: analytics
name: events
location: s3://data/events/
columns:
  - {name: id, type: bigint}
  - {name: payload, type: string}
  - {name: source, type: string, comment: producer}
partitions:
  - name: dt
    type: string
    projection: {type: date, range: [2024-01-01, NOW], format: yyyy-MM-dd}
"""


def _queue(moto: MotoServer, ddl: str) -> None:
    moto.queue_results([{"Name": "createtab_stmt", "Type": "varchar"}],
                       [[line] for line in ddl.splitlines()], header=False)


def test_diff_reads_a_live_table_and_prints_the_alters(
        tmp_path: Path, moto: MotoServer, proxy: AthenaProxy,
        capsys: pytest.CaptureFixture[str]) -> None:
    spec = tmp_path / "events.yaml"
    spec.write_text(DESIRED)
    _queue(moto, LIVE_DDL)
    args = ["diff", str(spec), "analytics.events", "--check", "--endpoint-url", proxy.url,
            "--output", OUTPUT]
    assert main(args) == 1
    out = capsys.readouterr().out
    assert [b["QueryString"] for b in proxy.sent("StartQueryExecution")] == [
        "SHOW CREATE TABLE analytics.events"]
    assert out == (
        "ALTER TABLE analytics.events ADD COLUMNS (\n"
        "  source string COMMENT 'producer'\n"
        ");\n\n"
        "ALTER TABLE analytics.events SET TBLPROPERTIES (\n"
        "  'projection.dt.format'='yyyy-MM-dd',\n"
        "  'projection.dt.range'='2024-01-01,NOW',\n"
        "  'projection.dt.type'='date',\n"
        "  'projection.enabled'='true'\n"
        ");\n")


def test_a_live_table_equal_to_its_spec_is_no_difference(
        tmp_path: Path, moto: MotoServer, proxy: AthenaProxy,
        capsys: pytest.CaptureFixture[str]) -> None:
    spec = tmp_path / "events.yaml"
    spec.write_text(DESIRED.replace("  - {name: source, type: string, comment: producer}\n", "")
                    .replace("    projection: {type: date, range: [2024-01-01, NOW], "
                             "format: yyyy-MM-dd}\n", ""))
    _queue(moto, LIVE_DDL)
    assert main(["diff", str(spec), "events", "-d", "analytics", "--check",
                 "--endpoint-url", proxy.url, "--output", OUTPUT]) == 0
    captured = capsys.readouterr()
    assert captured.out == "" and "matches" in captured.err
    assert [b["QueryString"] for b in proxy.sent("StartQueryExecution")] == [
        "SHOW CREATE TABLE analytics.events"]
