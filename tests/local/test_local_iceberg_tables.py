"""Iceberg tables on the local engine: CREATE TABLE with partition transforms, specs, INSERT
INTO, CTAS, reads with partition pruning, time travel and metadata tables -- written as real
Iceberg tables that pyiceberg reads back on its own.

https://docs.aws.amazon.com/athena/latest/ug/querying-iceberg-creating-tables.html
https://docs.aws.amazon.com/athena/latest/ug/querying-iceberg-time-travel-and-version-travel-queries.html
https://docs.aws.amazon.com/athena/latest/ug/querying-iceberg-table-metadata.html
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from iceberg_helpers import rows, static_table

from athenakit.connect import connect
from athenakit.errors import QueryError
from athenakit.table.spec import load_specs

ROOT = Path(__file__).resolve().parent.parent.parent
CREATE = """
CREATE TABLE events (
  id bigint, name string, ts timestamp, amount decimal(10,2), kind string)
PARTITIONED BY (kind, day(ts), bucket(8, id), truncate(2, name))
LOCATION 's3://lake/events/'
TBLPROPERTIES ('table_type'='ICEBERG')
"""
INSERT = """
INSERT INTO events VALUES
  (1, 'alpha', TIMESTAMP '2024-01-01 10:15:00', 10.50, 'click'),
  (2, 'beta', TIMESTAMP '2024-02-03 11:00:00', 20.00, 'view'),
  (3, 'gamma', TIMESTAMP '2024-02-03 12:30:00', 5.25, 'click')
"""
EXPECTED = [
    (1, "alpha", dt.datetime(2024, 1, 1, 10, 15), Decimal("10.50"), "click"),
    (2, "beta", dt.datetime(2024, 2, 3, 11, 0), Decimal("20.00"), "view"),
    (3, "gamma", dt.datetime(2024, 2, 3, 12, 30), Decimal("5.25"), "click"),
]


def _engine(tmp_path: Path, **kwargs: object) -> object:
    return connect("local", s3_root=tmp_path / "s3", catalog_dir=tmp_path / "catalog",
                   **kwargs)  # type: ignore[arg-type]


def test_create_table_writes_an_iceberg_table_with_athenas_partition_transforms(
        tmp_path: Path) -> None:
    engine = _engine(tmp_path)
    engine.run(CREATE)
    folder = tmp_path / "s3" / "lake" / "events"
    table = static_table(folder)
    # Trino names partition fields <column>_<transform> (identity keeps the column name)
    assert [(f.name, str(f.transform)) for f in table.spec().fields] == [
        ("kind", "identity"), ("ts_day", "day"), ("id_bucket", "bucket[8]"),
        ("name_trunc", "truncate[2]")]
    assert [(f.name, str(f.field_type)) for f in table.schema().fields] == [
        ("id", "long"), ("name", "string"), ("ts", "timestamp"),
        ("amount", "decimal(10, 2)"), ("kind", "string")]
    assert table.current_snapshot() is None  # created empty, no snapshot yet
    assert engine.run("SELECT count(*) FROM events").rows == [(0,)]


def test_year_month_and_hour_transforms_and_one_time_transform_per_column(
        tmp_path: Path) -> None:
    engine = _engine(tmp_path)
    engine.run("CREATE TABLE t (a timestamp, b timestamp, c date) "
               "PARTITIONED BY (year(a), month(c), hour(b)) LOCATION 's3://lake/t/' "
               "TBLPROPERTIES ('table_type'='ICEBERG')")
    engine.run("INSERT INTO t VALUES (TIMESTAMP '2023-05-06 07:08:09', "
               "TIMESTAMP '2024-01-02 03:04:05', DATE '2022-12-31')")
    folder = tmp_path / "s3" / "lake" / "t"
    assert [(f.name, str(f.transform)) for f in static_table(folder).spec().fields] == [
        ("a_year", "year"), ("c_month", "month"), ("b_hour", "hour")]
    # Iceberg partition paths show the transformed values
    path = next((folder / "data").rglob("*.parquet")).relative_to(folder / "data").as_posix()
    assert path.startswith("a_year=2023/c_month=2022-12/b_hour=2024-01-02-03/")
    with pytest.raises(QueryError, match="conflicts with"):
        engine.run("CREATE TABLE u (a timestamp) PARTITIONED BY (year(a), day(a)) "
                   "LOCATION 's3://lake/u/' TBLPROPERTIES ('table_type'='ICEBERG')")
    with pytest.raises(QueryError, match="does not exist"):
        engine.run("SELECT * FROM u")  # the failed CREATE left no table behind


def test_insert_appends_one_snapshot_that_pyiceberg_reads_directly(tmp_path: Path) -> None:
    engine = _engine(tmp_path)
    engine.run(CREATE)
    engine.run(INSERT)
    folder = tmp_path / "s3" / "lake" / "events"
    assert engine.run("SELECT * FROM events ORDER BY id").rows == EXPECTED
    assert rows(folder) == EXPECTED
    table = static_table(folder)
    assert len(table.snapshots()) == 1
    assert table.current_snapshot().summary.operation.value == "append"
    # one data file per partition: the rows differ in kind, hour and bucket
    data_files = list((folder / "data").rglob("*.parquet"))
    assert len(data_files) == 3
    assert all("kind=" in p.as_posix() and "ts_day=" in p.as_posix() for p in data_files)
    engine.run("INSERT INTO events SELECT id + 10, name, ts, amount, kind FROM events")
    assert len(static_table(folder).snapshots()) == 2
    assert engine.run("SELECT count(*), sum(id) FROM events").rows == [(6, 6 + 36)]


def test_where_on_partition_columns_prunes_files_by_iceberg_metadata(tmp_path: Path) -> None:
    engine = _engine(tmp_path)
    engine.run(CREATE)
    engine.run(INSERT)
    full = engine.run("SELECT id FROM events")
    one = engine.run("SELECT id FROM events WHERE kind = 'view'")
    assert one.rows == [(2,)]
    assert 0 < one.stats.data_scanned_bytes < full.stats.data_scanned_bytes
    two = engine.run("SELECT id FROM events WHERE id IN (1, 3) AND kind = 'click' ORDER BY id")
    assert two.rows == [(1,), (3,)]
    # a predicate pyiceberg cannot take is still applied by the query itself
    assert engine.run("SELECT id FROM events WHERE lower(kind) = 'view'").rows == [(2,)]
    joined = engine.run("SELECT a.id FROM events a JOIN events b ON a.id = b.id "
                        "WHERE b.kind = 'view'")
    assert joined.rows == [(2,)]


def test_ctas_creates_an_iceberg_table_in_one_snapshot(tmp_path: Path) -> None:
    engine = _engine(tmp_path)
    engine.run(CREATE)
    engine.run(INSERT)
    engine.run("CREATE TABLE clicks WITH (table_type = 'ICEBERG', is_external = false, "
               "location = 's3://lake/clicks/', partitioning = ARRAY['kind', 'bucket(4, id)']) "
               "AS SELECT id, name, kind FROM events WHERE kind = 'click'")
    folder = tmp_path / "s3" / "lake" / "clicks"
    table = static_table(folder)
    assert len(table.snapshots()) == 1
    assert [f.name for f in table.spec().fields] == ["kind", "id_bucket"]
    assert rows(folder, "id", "name", "kind") == [(1, "alpha", "click"), (3, "gamma", "click")]
    assert engine.run("SELECT id FROM clicks ORDER BY id").rows == [(1,), (3,)]


def test_ctas_needs_is_external_false_and_an_empty_location(tmp_path: Path) -> None:
    engine = _engine(tmp_path)
    with pytest.raises(QueryError, match="is_external"):
        engine.run("CREATE TABLE t WITH (table_type = 'ICEBERG', location = 's3://lake/t/') "
                   "AS SELECT 1 AS x")
    engine.run("CREATE TABLE t WITH (table_type = 'ICEBERG', is_external = false, "
               "location = 's3://lake/t/') AS SELECT 1 AS x")
    with pytest.raises(QueryError, match="already exists"):
        engine.run("CREATE TABLE t2 WITH (table_type = 'ICEBERG', is_external = false, "
                   "location = 's3://lake/t/') AS SELECT 1 AS x")
    assert engine.run("SELECT x FROM t").rows == [(1,)]


def test_time_travel_by_version_and_timestamp(tmp_path: Path) -> None:
    engine = _engine(tmp_path)
    engine.run(CREATE)
    engine.run(INSERT)
    engine.run("INSERT INTO events VALUES (4, 'delta', TIMESTAMP '2024-03-01 00:00:00', 1.00, "
               "'view')")
    history = engine.run('SELECT snapshot_id, parent_id, is_current_ancestor '
                         'FROM "events$history" ORDER BY made_current_at').rows
    assert len(history) == 2 and history[1][1] == history[0][0]
    assert all(row[2] for row in history)
    first, second = history[0][0], history[1][0]
    assert engine.run(f"SELECT id FROM events FOR VERSION AS OF {first} ORDER BY id").rows == [
        (1,), (2,), (3,)]
    assert engine.run(f"SELECT count(*) FROM events FOR VERSION AS OF {second}").rows == [(4,)]
    assert engine.run("SELECT count(*) FROM events FOR TIMESTAMP AS OF "
                      "current_timestamp").rows == [(4,)]
    with pytest.raises(QueryError, match="No version history table"):
        engine.run("SELECT * FROM events FOR TIMESTAMP AS OF "
                   "TIMESTAMP '2000-01-01 00:00:00 UTC'")
    with pytest.raises(QueryError, match="snapshot ID does not exists: 42"):
        engine.run("SELECT * FROM events FOR VERSION AS OF 42")


def test_metadata_tables(tmp_path: Path) -> None:
    engine = _engine(tmp_path)
    engine.run(CREATE)
    engine.run(INSERT)
    snapshots = engine.run('SELECT operation, parent_id FROM "events$snapshots"')
    assert snapshots.rows == [("append", None)]
    files = engine.run('SELECT file_format, record_count FROM "events$files" '
                       "ORDER BY record_count")
    assert files.rows == [("PARQUET", 1)] * 3
    manifests = engine.run('SELECT added_data_files_count FROM "events$manifests"')
    assert manifests.rows == [(3,)]
    partitions = engine.run('SELECT sum(record_count), sum(file_count), min(total_size) '
                            'FROM "events$partitions"').rows
    assert partitions[0][:2] == (3, 3) and partitions[0][2] > 0
    with pytest.raises(QueryError, match="does not exist"):
        engine.run('SELECT * FROM "events$nothing"')


def test_tables_persist_in_the_catalog_directory(tmp_path: Path) -> None:
    _engine(tmp_path).run(CREATE)
    _engine(tmp_path).run(INSERT)
    assert _engine(tmp_path).run("SELECT count(*) FROM events").rows == [(3,)]
    assert (tmp_path / "catalog" / "iceberg.sqlite").is_file()


def test_a_spec_creates_its_table_and_a_later_engine_finds_the_snapshots(
        tmp_path: Path) -> None:
    spec = ROOT / "examples" / "iceberg_orders.yaml"
    first = connect("local", tables=[spec], s3_root=tmp_path)
    first.run("INSERT INTO sales.iceberg_orders VALUES (7, 70, TIMESTAMP '2024-05-01 08:00:00', "
              "'paid', 12.50, 'EUR', ARRAY[CAST(ROW('sku-1', 2, 6.25) AS "
              "ROW(sku varchar, quantity integer, unit_price decimal(10,2)))])")
    # no catalog directory: the next engine registers the newest metadata at the location
    later = connect("local", tables=load_specs([spec]), s3_root=tmp_path)
    assert later.run("SELECT order_id, status, total, items[1].sku FROM sales.iceberg_orders"
                     ).rows == [(7, "paid", Decimal("12.50"), "sku-1")]
    folder = tmp_path / "athenakit-examples" / "iceberg_orders"
    assert rows(folder, "order_id", "currency") == [(7, "EUR")]
    assert [f.name for f in static_table(folder).spec().fields] == [
        "order_ts_day", "order_id_bucket"]


def test_drop_table_forgets_the_table_and_keeps_its_files(tmp_path: Path) -> None:
    engine = _engine(tmp_path)
    engine.run(CREATE)
    engine.run(INSERT)
    engine.run("DROP TABLE events")
    with pytest.raises(QueryError, match="does not exist"):
        engine.run("SELECT * FROM events")
    assert rows(tmp_path / "s3" / "lake" / "events", "id") == [(1,), (2,), (3,)]


@pytest.mark.slow
def test_cli_runs_writes_and_reads_of_an_iceberg_spec(tmp_path: Path) -> None:
    def run(sql: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "athenakit", "run", "--local", sql, "--tables",
             str(ROOT / "examples" / "iceberg_orders.yaml"), "--s3-root", str(tmp_path),
             "--catalog-dir", str(tmp_path / "catalog"), "--format", "csv"],
            cwd=ROOT, capture_output=True, text=True, check=False, env=dict(os.environ))

    insert = run("INSERT INTO sales.iceberg_orders VALUES "
                 "(1, 10, NULL, 'placed', NULL, 'EUR', NULL), "
                 "(2, 20, NULL, 'paid', NULL, 'USD', NULL)")
    assert insert.returncode == 0, insert.stderr
    update = run("UPDATE sales.iceberg_orders SET status = 'shipped' WHERE order_id = 2")
    assert update.returncode == 0, update.stderr
    read = run("SELECT order_id, status FROM sales.iceberg_orders ORDER BY order_id")
    assert read.returncode == 0, read.stderr
    assert read.stdout.split() == ["order_id,status", "1,placed", "2,shipped"]


def test_alter_table_evolves_the_iceberg_schema_by_field_id(tmp_path: Path) -> None:
    # https://docs.aws.amazon.com/athena/latest/ug/querying-iceberg-evolving-table-schema.html
    engine = _engine(tmp_path)
    engine.run("CREATE TABLE t (id int, name string, price float) LOCATION 's3://lake/t/' "
               "TBLPROPERTIES ('table_type'='ICEBERG')")
    engine.run("INSERT INTO t VALUES (1, 'a', 1.5)")
    engine.run("ALTER TABLE t ADD COLUMNS (note string)")
    assert engine.run("SELECT * FROM t").rows == [(1, "a", 1.5, None)]  # old rows: NULL
    engine.run("ALTER TABLE t CHANGE COLUMN name title string")  # a rename keeps the data
    engine.run("ALTER TABLE t CHANGE COLUMN id id bigint")  # int -> bigint widening
    engine.run("ALTER TABLE t CHANGE COLUMN price price double FIRST")
    engine.run("ALTER TABLE t DROP COLUMN note")
    engine.run("INSERT INTO t VALUES (2.5, 2, 'b')")
    result = engine.run("SELECT * FROM t ORDER BY id")
    assert result.column_names == ["price", "id", "title"]
    assert result.rows == [(1.5, 1, "a"), (2.5, 2, "b")]
    folder = tmp_path / "s3" / "lake" / "t"
    assert [(f.field_id, f.name, str(f.field_type))
            for f in static_table(folder).schema().fields] == [
        (3, "price", "double"), (1, "id", "long"), (2, "title", "string")]
    assert rows(folder, "id", "title") == [(1, "a"), (2, "b")]
    with pytest.raises(QueryError):  # narrowing is refused and changes nothing
        engine.run("ALTER TABLE t CHANGE COLUMN id id int")
    assert engine.run("SELECT * FROM t ORDER BY id").rows == [(1.5, 1, "a"), (2.5, 2, "b")]


def test_rename_to_moves_the_iceberg_table_and_persists(tmp_path: Path) -> None:
    engine = _engine(tmp_path)
    engine.run(CREATE)
    engine.run(INSERT)
    engine.run("ALTER TABLE events RENAME TO clicks")
    assert _engine(tmp_path).run("SELECT count(*) FROM clicks").rows == [(3,)]
    with pytest.raises(QueryError, match="does not exist"):
        _engine(tmp_path).run("SELECT * FROM events")
    engine.run("CREATE EXTERNAL TABLE logs (id int) LOCATION 's3://lake/logs/'")
    with pytest.raises(QueryError, match="only for Iceberg tables"):
        engine.run("ALTER TABLE logs RENAME TO logs2")


def test_delete_reads_and_rewrites_only_the_partitions_its_where_selects(
        tmp_path: Path) -> None:
    engine = _engine(tmp_path)
    engine.run(CREATE)
    engine.run(INSERT)
    full = engine.run("SELECT * FROM events").stats.data_scanned_bytes
    clicks = 'SELECT file_path FROM "events$files" WHERE file_path LIKE \'%kind=click%\''
    before = sorted(engine.run(clicks).rows)
    deleted = engine.run("DELETE FROM events WHERE kind = 'view'")
    assert 0 < deleted.stats.data_scanned_bytes < full
    assert sorted(engine.run(clicks).rows) == before  # the click files were not rewritten
    assert engine.run("SELECT id FROM events ORDER BY id").rows == [(1,), (3,)]


def test_a_write_into_more_than_100_partitions_fails_and_commits_nothing(
        tmp_path: Path) -> None:
    # https://docs.aws.amazon.com/athena/latest/ug/ctas-insert-into.html (100 partitions)
    engine = _engine(tmp_path)
    engine.run("CREATE TABLE p (x int, d date) PARTITIONED BY (day(d)) "
               "LOCATION 's3://lake/p/' TBLPROPERTIES ('table_type'='ICEBERG')")
    with pytest.raises(QueryError, match="ICEBERG_TOO_MANY_OPEN_PARTITIONS"):
        engine.run("INSERT INTO p SELECT x, date_add('day', x, DATE '2024-01-01') "
                   "FROM UNNEST(sequence(1, 101)) AS u(x)")
    assert static_table(tmp_path / "s3" / "lake" / "p").current_snapshot() is None
    engine.run("INSERT INTO p SELECT x, date_add('day', x, DATE '2024-01-01') "
               "FROM UNNEST(sequence(1, 100)) AS u(x)")
    assert engine.run('SELECT count(*) FROM "p$files"').rows == [(100,)]


def test_write_compression_sets_the_parquet_codec_of_the_data_files(tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    engine = _engine(tmp_path)
    engine.run("CREATE TABLE z (x int) LOCATION 's3://lake/z/' "
               "TBLPROPERTIES ('table_type'='ICEBERG', 'write_compression'='gzip')")
    engine.run("INSERT INTO z VALUES (1)")
    [data_file] = (tmp_path / "s3" / "lake" / "z" / "data").rglob("*.parquet")
    assert pq.ParquetFile(data_file).metadata.row_group(0).column(0).compression == "GZIP"
    assert static_table(tmp_path / "s3" / "lake" / "z").properties[
        "write.parquet.compression-codec"] == "gzip"


def test_insert_with_a_column_list_maps_by_name_and_fills_null(tmp_path: Path) -> None:
    # https://docs.aws.amazon.com/athena/latest/ug/insert-into.html
    engine = _engine(tmp_path)
    engine.run(CREATE)
    engine.run("INSERT INTO events (kind, id, name) VALUES ('view', 7, 'seven')")
    assert engine.run("SELECT * FROM events").rows == [(7, "seven", None, None, "view")]
    with pytest.raises(QueryError, match="COLUMN_NOT_FOUND: line 1:1: Insert column name does "
                                         "not exist in target table: nope"):
        engine.run("INSERT INTO events (id, nope) VALUES (1, 2)")


def test_set_and_unset_tblproperties_reach_the_iceberg_table(tmp_path: Path) -> None:
    engine = _engine(tmp_path)
    engine.run("CREATE TABLE z (x int) LOCATION 's3://lake/z/' "
               "TBLPROPERTIES ('table_type'='ICEBERG', 'vacuum_min_snapshots_to_keep'='3')")
    engine.run("ALTER TABLE z SET TBLPROPERTIES ('write_compression'='snappy', "
               "'vacuum_max_snapshot_age_seconds'='60')")
    engine.run("ALTER TABLE z UNSET TBLPROPERTIES ('vacuum_min_snapshots_to_keep')")
    properties = static_table(tmp_path / "s3" / "lake" / "z").properties
    assert properties["write.parquet.compression-codec"] == "snappy"
    assert properties["vacuum_max_snapshot_age_seconds"] == "60"
    assert "vacuum_min_snapshots_to_keep" not in properties
