"""The write planner's plans: Athena's 100 open writers and 262,144 bytes per statement.

https://docs.aws.amazon.com/athena/latest/ug/ctas-insert-into.html: a CTAS of at most 100
partitions, then INSERT INTO batches of at most 100 partitions that never overlap.
https://docs.aws.amazon.com/athena/latest/ug/service-limits.html: 262,144 bytes per query.
"""

from __future__ import annotations

import pytest
import sqlglot

from athenakit.check import check
from athenakit.errors import SpecError
from athenakit.table.model import Column, IcebergPartition, Partition, Table, Transform
from athenakit.table.spec import loads_spec
from athenakit.write.plan import (
    MAX_STATEMENT_BYTES,
    Mode,
    partition_values_sql,
    plan_write,
)

SPEC = """
name: daily
database: lake
location: s3://lake/daily/
columns: [{name: id, type: bigint}, {name: amount, type: double}]
"""
DAYS = [(f"2024-{m:02d}-{d:02d}",) for m in range(1, 13) for d in range(1, 29)]  # 336


def daily(extra: str = "") -> Table:
    """The daily table; ``extra`` adds keys (its own ``partitions`` replace the default)."""
    partitions = "" if "partitions:" in extra else "partitions: [{name: day, type: string}]\n"
    return loads_spec(SPEC + partitions + extra)[0]


def test_ctas_then_inserts_of_at_most_100_partitions_that_never_overlap() -> None:
    plan = plan_write(daily(), "SELECT * FROM raw.events", list(reversed(DAYS)), exists=False)
    assert [s.kind for s in plan.steps] == ["ctas", "insert", "insert", "insert"]
    assert [len(s.partitions) for s in plan.steps] == [100, 100, 100, 36]
    written = [k for s in plan.steps for k in s.partitions]
    assert written == sorted(DAYS)  # each partition once, in order
    assert plan.steps[1].prefixes[0] == "s3://lake/daily/day=2024-04-17/"


def test_every_statement_parses_and_passes_check() -> None:
    plan = plan_write(daily(), "SELECT * FROM raw.events", DAYS[:150], exists=False)
    for sql in plan.statements:
        assert sqlglot.parse_one(sql, read="athena") is not None
        assert check(sql) == []
    assert "WHERE CAST(\"day\" AS VARCHAR) IN ('2024-01-01', " in plan.statements[0]


def test_existing_table_gets_only_inserts() -> None:
    plan = plan_write(daily(), "SELECT * FROM raw.events", DAYS[:5], exists=True)
    assert [s.kind for s in plan.steps] == ["insert"]
    assert plan.statements[0].startswith('INSERT INTO lake.daily ("id", "amount", "day")')


def test_buckets_divide_the_partitions_per_step() -> None:
    table = daily("bucketing: {columns: [id], count: 8}\n")
    plan = plan_write(table, "SELECT * FROM raw.events", DAYS[:30], exists=True)
    assert [len(s.partitions) for s in plan.steps] == [12, 12, 6]  # 12 x 8 = 96 writers


def test_more_than_100_buckets_cannot_be_planned() -> None:
    with pytest.raises(SpecError, match="buckets per partition"):
        plan_write(daily("bucketing: {columns: [id], count: 101}\n"), "SELECT 1", DAYS[:1],
                   exists=True)


def test_statements_stay_under_athenas_size_limit() -> None:
    long_values = [(f"{i:04d}-" + "x" * 3000,) for i in range(100)]
    plan = plan_write(daily(), "SELECT * FROM raw.events", long_values, exists=True)
    assert len(plan.steps) > 1
    assert all(len(sql.encode()) <= MAX_STATEMENT_BYTES for sql in plan.statements)
    assert sum(len(s.partitions) for s in plan.steps) == 100


def test_a_single_partition_over_the_limit_is_refused() -> None:
    with pytest.raises(SpecError, match="262,144 bytes"):
        plan_write(daily(), "SELECT * FROM raw.events WHERE " + "x = 1 OR " * 30000 + "true",
                   DAYS[:1], exists=True)


def test_null_partitions_are_filtered_with_is_null_and_written_to_hive_default() -> None:
    plan = plan_write(daily(), "SELECT * FROM raw.events", [(None,), ("2024-01-01",)],
                      exists=True, mode="overwrite-partitions")
    assert 'CAST("day" AS VARCHAR) IS NULL' in plan.statements[0]
    assert plan.steps[0].prefixes[0] == "s3://lake/daily/day=__HIVE_DEFAULT_PARTITION__/"


def test_partition_values_query_reads_the_select_once() -> None:
    sql = partition_values_sql(daily(), "SELECT * FROM raw.events")
    assert sql.startswith('SELECT DISTINCT\n  CAST("day" AS VARCHAR)\nFROM (')
    assert check(sql) == []


# Modes
def test_append_never_deletes_and_overwrite_deletes_first() -> None:
    append = plan_write(daily(), "SELECT 1", DAYS[:3], exists=True)
    overwrite = plan_write(daily(), "SELECT 1", DAYS[:3], exists=True, mode=Mode.OVERWRITE_PARTITIONS)
    assert not any(s.delete_first for s in append.steps)
    assert all(s.delete_first for s in overwrite.steps)


def test_overwrite_of_a_new_table_deletes_nothing() -> None:
    plan = plan_write(daily(), "SELECT 1", DAYS[:3], exists=False, mode="overwrite-partitions")
    assert not any(s.delete_first for s in plan.steps)


def test_overwrite_without_partitions_is_refused() -> None:
    table = Table(name="flat", location="s3://b/flat/", columns=(Column("x", "int"),))
    with pytest.raises(SpecError, match="whole table"):
        plan_write(table, "SELECT 1 AS x", [], exists=True, mode="overwrite-partitions")


def test_a_projection_template_athena_would_not_write_is_refused() -> None:
    table = daily("projection:\n  location_template: s3://lake/daily/${day}/\n"
                  "partitions: [{name: day, type: string, projection: {type: date, "
                  "range: [2024-01-01, NOW], format: yyyy-MM-dd}}]\n")
    with pytest.raises(SpecError, match="storage.location.template"):
        plan_write(table, "SELECT 1", DAYS[:1], exists=True)


def test_projection_properties_follow_the_ctas_as_their_own_step() -> None:
    table = daily("projection:\n  location_template: s3://lake/daily/day=${day}/\n"
                  "partitions: [{name: day, type: string, projection: {type: date, "
                  "range: [2024-01-01, NOW], format: yyyy-MM-dd}}]\n")
    plan = plan_write(table, "SELECT 1", DAYS[:150], exists=False)
    assert [s.kind for s in plan.steps] == ["ctas", "properties", "insert"]
    assert "projection.enabled" in plan.steps[1].statements[0]


# Iceberg
def iceberg(*partitioning: IcebergPartition) -> Table:
    return Table(name="ice", database="lake", location="s3://lake/ice/",
                 columns=(Column("id", "bigint"), Column("ts", "timestamp"),
                          Column("region", "string")),
                 table_type="iceberg", partitioning=partitioning)


def test_iceberg_overwrite_deletes_then_inserts_each_batch() -> None:
    table = iceberg(IcebergPartition("region"), IcebergPartition("ts", Transform.DAY))
    keys = [("eu", f"2024-01-{d:02d} 00:00:00.000") for d in range(1, 31)] * 1
    plan = plan_write(table, "SELECT * FROM raw.e", keys * 4, exists=True,
                      mode="overwrite-partitions")
    assert len(plan.steps) == 1
    delete, insert = plan.steps[0].statements
    assert delete.startswith("DELETE FROM lake.ice\nWHERE (CAST(\"region\" AS VARCHAR) = 'eu' "
                             "AND CAST(date_trunc('day', \"ts\") AS VARCHAR) = ")
    assert insert.startswith("INSERT INTO lake.ice")
    assert not plan.steps[0].delete_first


def test_iceberg_bucket_transforms_multiply_writers() -> None:
    table = iceberg(IcebergPartition("ts", Transform.DAY),
                    IcebergPartition("id", Transform.BUCKET, 16))
    keys = [(f"2024-01-{d:02d} 00:00:00.000",) for d in range(1, 21)]
    plan = plan_write(table, "SELECT * FROM raw.e", keys, exists=True)
    assert [len(s.partitions) for s in plan.steps] == [6, 6, 6, 2]  # 6 x 16 = 96


def test_iceberg_truncate_is_refused_with_the_reason() -> None:
    with pytest.raises(SpecError, match="truncate"):
        plan_write(iceberg(IcebergPartition("region", Transform.TRUNCATE, 2)), "SELECT 1",
                   [("eu",)], exists=True)


def test_partition_columns_must_exist_in_hive_tables() -> None:
    table = Table(name="t", location="s3://b/t/", columns=(Column("x", "int"),),
                  partitions=(Partition("dt", "string"),))
    plan = plan_write(table, "SELECT 1 AS x, 'a' AS dt", [("a",)], exists=False)
    assert plan.steps[0].statements[0].startswith("CREATE TABLE t\nWITH (")
