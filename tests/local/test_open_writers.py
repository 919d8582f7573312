"""The local engine refuses writes that need more than 100 open writers, as Athena does.

https://docs.aws.amazon.com/athena/latest/ug/ctas-insert-into.html: "If you exceed this
limitation, you may receive the error message HIVE_TOO_MANY_OPEN_PARTITIONS: Exceeded limit of
100 open writers for partitions/buckets".
"""

from __future__ import annotations

from pathlib import Path

import pytest

from athenakit.errors import QueryError
from athenakit.local.engine import LocalEngine

HIVE_MESSAGE = "HIVE_TOO_MANY_OPEN_PARTITIONS: Exceeded limit of 100 open writers for " \
    "partitions/buckets"


def _days(n: int) -> str:
    return (f"SELECT x, CAST(date_add('day', x, DATE '2024-01-01') AS varchar) AS dt "
            f"FROM UNNEST(sequence(0, {n - 1})) AS u(x)")


def _files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()]


def test_ctas_of_101_partitions_fails_with_athenas_message_and_writes_nothing(
        tmp_path: Path) -> None:
    engine = LocalEngine(s3_root=tmp_path / "s3")
    with pytest.raises(QueryError) as failure:
        engine.run("CREATE TABLE t WITH (external_location = 's3://b/t/', "
                   f"partitioned_by = ARRAY['dt']) AS {_days(101)}")
    assert failure.value.reason == HIVE_MESSAGE
    assert failure.value.state == "FAILED"
    assert not _files(tmp_path / "s3")
    assert engine.catalog.table("t") is None


def test_insert_of_exactly_100_partitions_succeeds(tmp_path: Path) -> None:
    engine = LocalEngine(s3_root=tmp_path / "s3")
    engine.run("CREATE TABLE t WITH (external_location = 's3://b/t/', "
               f"partitioned_by = ARRAY['dt']) AS {_days(100)}")
    assert engine.run("SELECT count(DISTINCT dt) FROM t").rows == [(100,)]
    with pytest.raises(QueryError, match="HIVE_TOO_MANY_OPEN_PARTITIONS"):
        engine.run(f"INSERT INTO t {_days(101)}")
    assert engine.run("SELECT count(*) FROM t").rows == [(100,)]


def test_bucketed_writes_count_partitions_times_buckets(tmp_path: Path) -> None:
    engine = LocalEngine(s3_root=tmp_path / "s3")
    # 20 partitions x 8 buckets (each partition has 10 distinct keys) = 160 writers
    rows = ("SELECT x, CAST(x % 20 AS varchar) AS p FROM UNNEST(sequence(0, 199)) AS u(x)")
    with pytest.raises(QueryError) as failure:
        engine.run("CREATE TABLE b WITH (external_location = 's3://b/b/', "
                   "partitioned_by = ARRAY['p'], bucketed_by = ARRAY['x'], bucket_count = 8) "
                   f"AS {rows}")
    assert failure.value.reason == HIVE_MESSAGE
    # 20 partitions x 4 buckets = 80 writers fit
    engine.run("CREATE TABLE b4 WITH (external_location = 's3://b/b4/', "
               "partitioned_by = ARRAY['p'], bucketed_by = ARRAY['x'], bucket_count = 4) "
               f"AS {rows}")
    assert engine.run("SELECT count(*) FROM b4").rows == [(200,)]
