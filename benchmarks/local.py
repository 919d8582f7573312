"""Local engine overhead: the same aggregation through athenakit and through DuckDB directly.

Run: ``python benchmarks/local.py [ROWS]`` (default 10,000,000). Also times enumerating and
pruning a 10-year date-hour partition projection.
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
import time
from pathlib import Path


def main(rows: int = 10_000_000) -> None:
    import duckdb

    from athenakit.local.engine import LocalEngine
    from athenakit.local.partitions import projected_partitions
    from athenakit.table.model import Column, Partition, ProjectionConfig, Table
    from athenakit.table.projection import DateProjection

    root = Path(tempfile.mkdtemp())
    folder = root / "bench" / "events"
    folder.mkdir(parents=True)
    duckdb.sql(f"COPY (SELECT i % 1000 AS k, i * 0.5 AS v FROM range({rows}) t(i)) "
               f"TO '{folder / 'data.parquet'}' (FORMAT parquet)")
    table = Table(name="events", location="s3://bench/events/",
                  columns=(Column("k", "bigint"), Column("v", "double")))
    query = "SELECT k, count(*) AS n, sum(v) AS s FROM events GROUP BY k"
    engine = LocalEngine([table], s3_root=root)
    con = duckdb.connect()
    direct_sql = query.replace("events", f"read_parquet('{folder / 'data.parquet'}')")
    con.execute(direct_sql).fetchall()
    engine.run(query)
    best_direct = best_local = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        con.execute(direct_sql).fetchall()
        best_direct = min(best_direct, time.perf_counter() - start)
        start = time.perf_counter()
        engine.run(query)
        best_local = min(best_local, time.perf_counter() - start)
    print(f"aggregation over {rows:,} Parquet rows (best of 3)")
    print(f"  duckdb direct : {best_direct * 1000:8.1f} ms")
    print(f"  athenakit     : {best_local * 1000:8.1f} ms")
    print(f"  ratio         : {best_local / best_direct:8.2f}x")

    hourly = Table(
        name="logs", location="s3://bench/logs/", columns=(Column("v", "bigint"),),
        partitions=(Partition("dt", "string", projection=DateProjection(
            range=("2015/01/01/00", "2024/12/31/23"), format="yyyy/MM/dd/HH",
            interval="1", interval_unit="HOURS")),),
        projection=ProjectionConfig(location_template="s3://bench/logs/${dt}/"))
    start = time.perf_counter()
    kept = projected_partitions(hourly, {"dt": lambda v: v.startswith("2024/06/01")}, {},
                                now=dt.datetime(2025, 1, 1))
    elapsed = time.perf_counter() - start
    print(f"10-year date-hour projection (87,672 values) enumerated and pruned to {len(kept)} "
          f"partitions in {elapsed * 1000:.1f} ms")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000_000)
