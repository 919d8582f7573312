"""Partition values read by their key's type, and NULL written and read back, as in Athena.

Trino's Hive connector parses a partition value by the key's type (HiveUtil.parsePartitionValue):
``__HIVE_DEFAULT_PARTITION__`` is NULL, an empty number is 0, and a value that is not one of the
type fails with ``HIVE_INVALID_PARTITION_VALUE: Invalid partition value 'abc' for INTEGER
partition key: k=abc`` (HiveUtil.integerPartitionKey). CTAS and INSERT write a NULL partition
value in ``__HIVE_DEFAULT_PARTITION__`` and a boolean as ``true`` / ``false``.
https://docs.aws.amazon.com/athena/latest/ug/ctas-insert-into.html
"""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from athenakit.errors import QueryError
from athenakit.local.engine import LocalEngine
from athenakit.table.model import Column, Partition, Table
from athenakit.table.storage import Storage


def _engine(tmp_path: Path, kind: str, values: list[str]) -> LocalEngine:
    for i, value in enumerate(values):
        folder = tmp_path / "b" / "t" / f"k={value}"
        folder.mkdir(parents=True)
        pq.write_table(pa.table({"x": pa.array([i], pa.int32())}), str(folder / "a.parquet"))
    table = Table(name="t", location="s3://b/t/", columns=(Column("x", "int"),),
                  partitions=(Partition("k", kind),), storage=Storage(format="parquet"))
    engine = LocalEngine([table], s3_root=tmp_path)
    engine.run("MSCK REPAIR TABLE t")
    return engine


@pytest.mark.parametrize(("kind", "values", "expected"), [
    ("int", ["007", "-3", "__HIVE_DEFAULT_PARTITION__"], [(0, 7), (1, -3), (2, None)]),
    ("string", ["a", "__HIVE_DEFAULT_PARTITION__"], [(0, "a"), (1, None)]),
    ("boolean", ["TRUE", "false"], [(0, True), (1, False)]),
    ("double", ["1.5", "1e3"], [(0, 1.5), (1, 1000.0)]),
])
def test_partition_values_are_read_by_the_key_type(tmp_path: Path, kind: str,
                                                   values: list[str],
                                                   expected: list[tuple[object, ...]]) -> None:
    engine = _engine(tmp_path, kind, values)
    assert engine.run("SELECT x, k FROM t ORDER BY x").rows == expected


@pytest.mark.parametrize(("kind", "value", "label"), [
    ("int", "abc", "INTEGER"), ("bigint", "1.5", "BIGINT"), ("tinyint", "128", "TINYINT"),
    ("boolean", "yes", "BOOLEAN"), ("double", "x1", "DOUBLE"),
    ("varchar(2)", "abc", "varchar(2)"),
])
def test_a_value_not_of_the_key_type_fails_the_query(tmp_path: Path, kind: str, value: str,
                                                     label: str) -> None:
    engine = _engine(tmp_path, kind, [value])
    with pytest.raises(QueryError) as failed:
        engine.run("SELECT x, k FROM t")
    assert failed.value.reason == (f"HIVE_INVALID_PARTITION_VALUE: Invalid partition value "
                                   f"'{value}' for {label} partition key: k={value}")


def test_ctas_writes_null_and_boolean_partitions_and_reads_them_back(tmp_path: Path) -> None:
    engine = LocalEngine([], s3_root=tmp_path)
    engine.run("CREATE TABLE c WITH (format = 'PARQUET', external_location = 's3://b/c/', "
               "partitioned_by = ARRAY['k', 'b']) AS SELECT 1 AS x, CAST(NULL AS VARCHAR) AS k, "
               "true AS b UNION ALL SELECT 2, 'a', false")
    folders = sorted(p.relative_to(tmp_path / "b" / "c").as_posix()
                     for p in (tmp_path / "b" / "c").glob("*/*"))
    assert folders == ["k=__HIVE_DEFAULT_PARTITION__/b=true", "k=a/b=false"]
    assert engine.run("SELECT x, k, b FROM c ORDER BY x").rows == [(1, None, True),
                                                                   (2, "a", False)]
