"""MERGE INTO a local Iceberg table: time and files written.

Run: ``python benchmarks/iceberg_merge.py [ROWS] [CHANGED]`` (default 10,000,000 rows, 100,000
changed source rows: half update existing ids, half insert new ones). The target is partitioned
by ``bucket(16, id)``; the source is a Parquet (Hive) table. The MERGE is the upsert built by
:func:`athenakit.write.merge.merge_into`.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path


def main(rows: int = 10_000_000, changed: int = 100_000) -> None:
    import duckdb

    from athenakit.local.engine import LocalEngine
    from athenakit.local.iceberg.store import store
    from athenakit.table.model import Column, IcebergPartition, Table, Transform
    from athenakit.write.merge import merge_into

    root = Path(tempfile.mkdtemp())
    cols = (Column("id", "bigint"), Column("status", "string"), Column("amount", "double"))
    target = Table(name="orders", location="s3://bench/orders/", table_type="iceberg",
                   columns=cols, partitioning=(IcebergPartition("id", Transform.BUCKET, 16),))
    source = Table(name="changes", location="s3://bench/changes/", columns=cols)
    (root / "bench" / "changes").mkdir(parents=True)
    half = changed // 2
    duckdb.sql(f"COPY (SELECT i * ({rows} // {half}) AS id, 'changed' AS status, 1.0 AS amount "
               f"FROM range({half}) t(i) UNION ALL SELECT {rows} + i, 'new', 2.0 "
               f"FROM range({changed - half}) t(i)) TO "
               f"'{root / 'bench' / 'changes' / 'data.parquet'}' (FORMAT parquet)")
    engine = LocalEngine([target, source], s3_root=root)
    ptable = store(engine.catalog, engine.paths).load(target)
    initial = duckdb.sql(f"SELECT i AS id, 'open' AS status, i * 0.5 AS amount "
                         f"FROM range({rows}) t(i)").to_arrow_table()
    ptable.append(initial.cast(ptable.schema().as_arrow()))
    del initial
    statement = merge_into(target, source, on=["id"])
    start = time.perf_counter()
    engine.run(statement)
    elapsed = time.perf_counter() - start
    summary = store(engine.catalog, engine.paths).load(target).current_snapshot().summary
    total = engine.run("SELECT count(*), count_if(status = 'changed') FROM orders").rows[0]
    print(f"MERGE of {changed:,} changed rows into a {rows:,}-row Iceberg table "
          f"(bucket(16, id)): {elapsed:.2f} s")
    print(f"  data files added {summary['added-data-files']}, removed "
          f"{summary['deleted-data-files']}; rows now {total[0]:,}, updated {total[1]:,}")


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3]))
