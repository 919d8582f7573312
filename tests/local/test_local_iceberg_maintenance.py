"""OPTIMIZE ... REWRITE DATA USING BIN_PACK and VACUUM on local Iceberg tables, the statements
built by athenakit.write.iceberg.

https://docs.aws.amazon.com/athena/latest/ug/optimize-statement.html
https://docs.aws.amazon.com/athena/latest/ug/vacuum-statement.html
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from iceberg_helpers import rows, static_table

from athenakit.connect import connect
from athenakit.errors import QueryError
from athenakit.table.spec import loads_spec
from athenakit.write import iceberg


def _table(**properties: str) -> Any:
    props = "".join(f"\n  {k}: '{v}'" for k, v in properties.items())
    return loads_spec(f"""
name: sales
table_type: iceberg
location: s3://lake/sales/
columns:
  - {{name: id, type: bigint}}
  - {{name: region, type: string}}
partitioning: [region]
properties:
  vacuum_max_metadata_files_to_keep: '100'{props}
""")[0]


def _loaded(tmp_path: Path, table: Any) -> Any:
    engine = connect("local", tables=[table], s3_root=tmp_path / "s3",
                     catalog_dir=tmp_path / "catalog")
    for day in range(6):  # six appends: six small files in eu, two in us
        us = f", ({100 + day}, 'us')" if day < 2 else ""
        engine.run(f"INSERT INTO sales VALUES ({day}, 'eu'){us}")
    return engine


def _data_files(tmp_path: Path, region: str) -> int:
    return len(list((tmp_path / "s3" / "lake" / "sales" / "data" / f"region={region}")
                    .glob("*.parquet")))


def _live_files(engine: Any, region: str) -> int:
    return engine.run('SELECT count(*) FROM "sales$files" '
                      f"WHERE file_path LIKE '%region={region}/%'").rows[0][0]


EXPECTED = [(0, "eu"), (1, "eu"), (2, "eu"), (3, "eu"), (4, "eu"), (5, "eu"), (100, "us"),
            (101, "us")]


def test_optimize_compacts_partitions_with_enough_small_files_and_keeps_the_rows(
        tmp_path: Path) -> None:
    table = _table()
    engine = _loaded(tmp_path, table)
    assert (_live_files(engine, "eu"), _live_files(engine, "us")) == (6, 2)
    engine.run(iceberg.optimize(table))
    # eu had 6 small files (>= the default threshold of 5): one file now; us had 2: untouched
    assert (_live_files(engine, "eu"), _live_files(engine, "us")) == (1, 2)
    assert engine.run("SELECT id, region FROM sales ORDER BY id").rows == EXPECTED
    assert rows(tmp_path / "s3" / "lake" / "sales", "id", "region") == EXPECTED
    assert len(static_table(tmp_path / "s3" / "lake" / "sales").snapshots()) == 7


def test_optimize_where_limits_the_partitions_and_refuses_other_columns(
        tmp_path: Path) -> None:
    table = _table(optimize_rewrite_data_file_threshold="2")
    engine = _loaded(tmp_path, table)
    engine.run(iceberg.optimize(table, where="region = 'us'"))
    assert (_live_files(engine, "eu"), _live_files(engine, "us")) == (6, 1)
    assert engine.run("SELECT id, region FROM sales ORDER BY id").rows == EXPECTED
    with pytest.raises(QueryError, match="partition columns"):
        engine.run("OPTIMIZE sales REWRITE DATA USING BIN_PACK WHERE id = 1")


def test_vacuum_keeps_snapshots_younger_than_the_maximum_age(tmp_path: Path) -> None:
    table = _table()  # defaults: 5 days, keep 1
    engine = _loaded(tmp_path, table)
    engine.run(iceberg.optimize(table))
    engine.run(iceberg.vacuum(table))
    assert len(static_table(tmp_path / "s3" / "lake" / "sales").snapshots()) == 7
    assert _data_files(tmp_path, "eu") == 7  # the 6 compacted files are still referenced


def test_vacuum_expires_old_snapshots_and_deletes_only_their_files(tmp_path: Path) -> None:
    table = _table(vacuum_max_snapshot_age_seconds="1", vacuum_min_snapshots_to_keep="2")
    engine = _loaded(tmp_path, table)
    engine.run(iceberg.optimize(table))
    snapshots = engine.run('SELECT snapshot_id FROM "sales$snapshots" '
                           "ORDER BY committed_at").rows
    time.sleep(1.2)  # every snapshot is now older than vacuum_max_snapshot_age_seconds
    engine.run(iceberg.vacuum(table))
    # the newest two snapshots stay (vacuum_min_snapshots_to_keep)
    left = engine.run('SELECT snapshot_id FROM "sales$snapshots" ORDER BY committed_at').rows
    assert left == snapshots[-2:]
    # the snapshot before OPTIMIZE still references the 6 small eu files: they stay
    assert (_data_files(tmp_path, "eu"), _data_files(tmp_path, "us")) == (7, 2)
    engine.run("ALTER TABLE sales SET TBLPROPERTIES ('vacuum_min_snapshots_to_keep'='1')")
    engine.run(iceberg.vacuum(table))
    left = engine.run('SELECT snapshot_id FROM "sales$snapshots"').rows
    assert left == snapshots[-1:]
    # now only OPTIMIZE's snapshot is left: the 6 files it replaced are deleted
    assert (_data_files(tmp_path, "eu"), _data_files(tmp_path, "us")) == (1, 2)
    assert engine.run("SELECT id, region FROM sales ORDER BY id").rows == EXPECTED
    assert rows(tmp_path / "s3" / "lake" / "sales", "id", "region") == EXPECTED
    with pytest.raises(QueryError, match="snapshot ID does not exists"):
        engine.run(f"SELECT * FROM sales FOR VERSION AS OF {snapshots[0][0]}")


def test_vacuum_removes_orphan_files_older_than_the_maximum_age_only(tmp_path: Path) -> None:
    import os
    import shutil

    table = _table()
    engine = _loaded(tmp_path, table)
    folder = tmp_path / "s3" / "lake" / "sales" / "data" / "region=eu"
    live = sorted(folder.glob("*.parquet"))
    # files a failed write left behind: one 10 days old, one just written
    old, new = folder / "00000-0-orphan-old.parquet", folder / "00000-0-orphan-new.parquet"
    shutil.copy(live[0], old)
    shutil.copy(live[0], new)
    ten_days_ago = time.time() - 10 * 86400
    os.utime(old, (ten_days_ago, ten_days_ago))
    os.utime(live[0], (ten_days_ago, ten_days_ago))  # old but referenced: kept
    engine.run(iceberg.vacuum(table))
    assert sorted(folder.glob("*.parquet")) == sorted([*live, new])
    assert engine.run("SELECT id, region FROM sales ORDER BY id").rows == EXPECTED


def test_vacuum_keeps_old_referenced_files_whose_partition_names_are_quoted(
        tmp_path: Path) -> None:
    import os

    engine = connect("local", s3_root=tmp_path / "s 3", catalog_dir=tmp_path / "catalog")
    engine.run("CREATE TABLE q (id int, r string) PARTITIONED BY (r) LOCATION 's3://lake/q/' "
               "TBLPROPERTIES ('table_type'='ICEBERG')")
    engine.run("INSERT INTO q VALUES (1, 'a b=c/d')")
    ten_days_ago = time.time() - 10 * 86400
    files = [p for p in (tmp_path / "s 3").rglob("*") if p.is_file()]
    for path in files:
        os.utime(path, (ten_days_ago, ten_days_ago))
    engine.run("VACUUM q")
    assert sorted(p for p in (tmp_path / "s 3").rglob("*") if p.is_file()) == sorted(files)
    assert engine.run("SELECT id, r FROM q").rows == [(1, "a b=c/d")]
