"""The hidden columns of a Hive table, as Athena answers them.

``"$path"`` is the S3 URI of the object a row was read from
(https://docs.aws.amazon.com/athena/latest/ug/select.html#select-path); Trino's Hive connector
adds ``"$file_size"`` (bigint) and, for a partitioned table, ``"$partition"`` (the partition's
name); none is part of ``SELECT *`` (HiveUtil.hiveColumnHandles: hidden columns).
"""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from pyarrow import orc

from athenakit.errors import QueryError
from athenakit.local.engine import LocalEngine
from athenakit.local.errors import UnsupportedLocally
from athenakit.table.model import Column, Partition, Table
from athenakit.table.storage import Storage


@pytest.fixture
def engine(tmp_path: Path) -> LocalEngine:
    for k, name, rows in (("1", "a.parquet", [1, 2]), ("2", "b.parquet", [3])):
        folder = tmp_path / "b" / "p" / f"k={k}"
        folder.mkdir(parents=True)
        pq.write_table(pa.table({"x": pa.array(rows, pa.int32())}), str(folder / name))
    (tmp_path / "b" / "o").mkdir(parents=True)
    orc.write_table(pa.table({"x": pa.array([5], pa.int32())}), str(tmp_path / "b" / "o" / "f.orc"))
    tables = [Table(name="p", location="s3://b/p/", columns=(Column("x", "int"),),
                    partitions=(Partition("k", "int"),), storage=Storage(format="parquet")),
              Table(name="o", location="s3://b/o/", columns=(Column("x", "int"),),
                    storage=Storage(format="orc"))]
    local = LocalEngine(tables, s3_root=tmp_path)
    local.run("MSCK REPAIR TABLE p")
    return local


def test_path_names_each_rows_object(engine: LocalEngine, tmp_path: Path) -> None:
    size = (tmp_path / "b" / "p" / "k=1" / "a.parquet").stat().st_size
    rows = engine.run('SELECT "$path", x, "$file_size", "$partition" FROM p ORDER BY x').rows
    assert rows[0] == ("s3://b/p/k=1/a.parquet", 1, size, "k=1")
    assert [r[0] for r in rows] == ["s3://b/p/k=1/a.parquet", "s3://b/p/k=1/a.parquet",
                                    "s3://b/p/k=2/b.parquet"]
    assert engine.run('SELECT "$path" FROM o').rows == [("s3://b/o/f.orc",)]


def test_hidden_columns_filter_and_group(engine: LocalEngine) -> None:
    assert engine.run("""SELECT "$path", count(*) FROM p GROUP BY 1 ORDER BY 1""").rows == [
        ("s3://b/p/k=1/a.parquet", 2), ("s3://b/p/k=2/b.parquet", 1)]
    assert engine.run("""SELECT x FROM p WHERE "$path" LIKE '%b.parquet'""").rows == [(3,)]


def test_select_star_leaves_hidden_columns_out(engine: LocalEngine) -> None:
    assert [c.name for c in engine.run("SELECT * FROM p").columns] == ["x", "k"]


def test_an_unpartitioned_table_has_no_partition_column(engine: LocalEngine) -> None:
    with pytest.raises(QueryError, match="COLUMN_NOT_FOUND"):
        engine.run('SELECT "$partition" FROM o')


def test_hidden_columns_the_engine_cannot_answer_are_refused(engine: LocalEngine) -> None:
    with pytest.raises(UnsupportedLocally, match="file_modified_time"):
        engine.run('SELECT "$file_modified_time" FROM p')
