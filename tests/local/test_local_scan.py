"""A table's selected partitions are read as one DuckDB scan, with the right partition values.

Hive writes partition values into ``k=v`` folder names escaped by FileUtils.escapePathName
(``/`` as ``%2F``); Athena reads Parquet columns by name, so a column added to the table later
is NULL in the older files and present in the newer ones.
https://docs.aws.amazon.com/athena/latest/ug/partitions.html
https://docs.aws.amazon.com/athena/latest/ug/handling-schema-updates-chapter.html
"""

from __future__ import annotations

import warnings
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from athenakit.local import readers
from athenakit.local.engine import LocalEngine
from athenakit.local.paths import PathMapper
from athenakit.local.scan import ScanState, discover
from athenakit.table.model import Column, Partition, Table


def _write(folder: Path, **columns: pa.Array) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.table(columns), folder / "part-0.parquet")


def _table(name: str, *columns: Column, partitions: tuple[Partition, ...] = ()) -> Table:
    return Table(name=name, location=f"s3://b/{name}/", columns=columns, partitions=partitions)


def test_escaped_hive_values_come_back_unescaped(tmp_path: Path) -> None:
    for folder, v in (("day=2024-01-01", 1), ("day=a%2Fb", 2)):
        _write(tmp_path / "b" / "t" / folder, v=pa.array([v], pa.int32()))
    table = _table("t", Column("v", "int"), partitions=(Partition("day", "string"),))
    with warnings.catch_warnings(), \
            LocalEngine([table], s3_root=tmp_path, discover_partitions=True) as engine:
        rows = engine.run("SELECT day, v FROM t ORDER BY v").rows
    assert rows == [("2024-01-01", 1), ("a/b", 2)]


def test_a_column_missing_from_the_first_file_is_read_from_the_others(tmp_path: Path) -> None:
    _write(tmp_path / "b" / "e" / "p=1", id=pa.array([1], pa.int64()))
    _write(tmp_path / "b" / "e" / "p=2", id=pa.array([2], pa.int64()),
           extra=pa.array(["new"], pa.string()))
    table = _table("e", Column("id", "bigint"), Column("extra", "string"),
                   partitions=(Partition("p", "int"),))
    with LocalEngine([table], s3_root=tmp_path, discover_partitions=True) as engine:
        rows = engine.run("SELECT p, id, extra FROM e ORDER BY p").rows
    assert rows == [(1, 1, None), (2, 2, "new")]


def test_integer_partition_values_keep_their_text_until_cast(tmp_path: Path) -> None:
    # "007" is the folder's text; the INT partition column reads it as 7, a string one as "007"
    _write(tmp_path / "b" / "z" / "p=007", v=pa.array([1], pa.int32()))
    as_int = _table("z", Column("v", "int"), partitions=(Partition("p", "int"),))
    as_text = _table("z", Column("v", "int"), partitions=(Partition("p", "string"),))
    with LocalEngine([as_int], s3_root=tmp_path, discover_partitions=True) as engine:
        assert engine.run("SELECT p FROM z").rows == [(7,)]
    with LocalEngine([as_text], s3_root=tmp_path, discover_partitions=True) as engine:
        assert engine.run("SELECT p FROM z").rows == [("007",)]


def _groups(tmp_path: Path, table: Table) -> list[readers.Group]:
    paths = PathMapper(tmp_path)
    return [readers.Group(dict(k), files) for k, files in discover(table, paths).items()]


def test_fifty_partitions_are_one_read_parquet_not_a_union(tmp_path: Path) -> None:
    for p in range(50):
        _write(tmp_path / "b" / "many" / f"p={p}", v=pa.array([p], pa.int32()))
    table = _table("many", Column("v", "int"), partitions=(Partition("p", "int"),))
    con = duckdb.connect()
    sql = readers.relation_sql(con, table, _groups(tmp_path, table), PathMapper(tmp_path))
    assert sql.count("read_parquet(") == 1 and "UNION" not in sql
    assert con.execute(f"SELECT sum(v), sum(p), count(*) FROM ({sql})").fetchone() == (
        1225, 1225, 50)


def test_values_that_the_paths_do_not_spell_are_joined_by_file(tmp_path: Path) -> None:
    # registered partitions whose folders are not k=v (ALTER TABLE ADD PARTITION ... LOCATION)
    for name, v in (("jan", 1), ("feb", 2)):
        _write(tmp_path / "b" / "m" / name, v=pa.array([v], pa.int32()))
    table = _table("m", Column("v", "int"), partitions=(Partition("month", "string"),))
    paths = PathMapper(tmp_path)
    groups = [readers.Group({"month": m}, paths.list_files(f"s3://b/m/{name}/"))
              for m, name in (("2024-01", "jan"), ("2024-02", "feb"))]
    con = duckdb.connect()
    sql = readers.relation_sql(con, table, groups, paths)
    assert sql.count("read_parquet(") == 1 and "JOIN" in sql
    assert con.execute(f"SELECT month, v FROM ({sql}) ORDER BY v").fetchall() == [
        ("2024-01", 1), ("2024-02", 2)]


def test_relations_are_inlined_in_place_of_their_placeholders() -> None:
    state = ScanState()
    state.relations[f"__ak_rel_{state.token}_1"] = "SELECT 1 AS x"
    state.relations[f"__ak_rel_{state.token}_10"] = "SELECT 10 AS x"
    sql = (f'SELECT * FROM __ak_rel_{state.token}_1 AS a, "__ak_rel_{state.token}_10" AS b '
           "WHERE 'text' <> ''")
    assert state.inline(sql) == ("SELECT * FROM (SELECT 1 AS x) AS a, (SELECT 10 AS x) AS b "
                                 "WHERE 'text' <> ''")


def test_a_column_missing_from_a_later_file_is_null_there(tmp_path: Path) -> None:
    _write(tmp_path / "b" / "l" / "p=1", id=pa.array([1], pa.int64()),
           extra=pa.array(["old"], pa.string()))
    _write(tmp_path / "b" / "l" / "p=2", id=pa.array([2], pa.int64()))
    table = _table("l", Column("id", "bigint"), Column("extra", "string"),
                   partitions=(Partition("p", "int"),))
    with LocalEngine([table], s3_root=tmp_path, discover_partitions=True) as engine:
        rows = engine.run("SELECT p, id, extra FROM l ORDER BY p").rows
    assert rows == [(1, 1, "old"), (2, 2, None)]
