"""Local engine overhead: the same queries through athenakit and through DuckDB directly.

Run: ``python benchmarks/local.py [ROWS]`` (default 10,000,000).

* an aggregation over one Parquet file of ROWS rows;
* a full scan (group by the partition column) of Hive tables of 1,000 and 3,000 partitions ×
  1,000 rows, against DuckDB's ``read_parquet(..., hive_partitioning = true)`` over the same
  files; the cost per partition is printed so that growth shows, and the first query's time,
  which also reads each file's schema (once per process while the file is unchanged);
* enumerating and pruning a 10-year date-hour partition projection;
* the start-up of ``athenakit run --local "SELECT 1"`` in a fresh process, against
  ``python -c "import duckdb, sqlglot"`` (the floor for any tool that translates SQL with sqlglot
  and runs it on DuckDB): medians of interleaved runs (target: at most 1.5x).

Every other timing is the best of 3 after one warm-up. The temporary data is deleted at the end.
``python benchmarks/local.py --startup [RUNS]`` measures the start-up alone (default 15 runs).
"""

from __future__ import annotations

import datetime as dt
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


def best_of(fn: Callable[[], Any], runs: int = 3) -> float:
    fn()
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def report(label: str, direct: float, local: float) -> None:
    print(label)
    print(f"  duckdb direct : {direct * 1000:8.1f} ms")
    print(f"  athenakit     : {local * 1000:8.1f} ms")
    print(f"  ratio         : {local / direct:8.2f}x")


def aggregation(root: Path, rows: int) -> None:
    import duckdb

    from athenakit.local.engine import LocalEngine
    from athenakit.table.model import Column, Table

    folder = root / "bench" / "events"
    folder.mkdir(parents=True)
    duckdb.sql(f"COPY (SELECT i % 1000 AS k, CAST(i * 0.5 AS DOUBLE) AS v FROM range({rows}) t(i)) "
               f"TO '{folder / 'data.parquet'}' (FORMAT parquet)")
    table = Table(name="events", location="s3://bench/events/",
                  columns=(Column("k", "bigint"), Column("v", "double")))
    query = "SELECT k, count(*) AS n, sum(v) AS s FROM events GROUP BY k"
    con = duckdb.connect()
    direct_sql = query.replace("events", f"read_parquet('{folder / 'data.parquet'}')")
    with LocalEngine([table], s3_root=root) as engine:
        local = best_of(lambda: engine.run(query))
    direct = best_of(lambda: con.execute(direct_sql).fetchall())
    report(f"aggregation over {rows:,} Parquet rows (best of 3)", direct, local)


def partitioned(root: Path, partitions: int, rows_each: int = 1000) -> None:
    import duckdb

    from athenakit.local.engine import LocalEngine
    from athenakit.table.model import Column, Partition, Table

    name = f"hive{partitions}"
    folder = root / "bench" / name
    folder.parent.mkdir(parents=True, exist_ok=True)
    duckdb.sql(f"COPY (SELECT i // {rows_each} AS p, i AS id, CAST(i * 0.5 AS DOUBLE) AS v "
               f"FROM range({partitions * rows_each}) t(i)) TO '{folder}' "
               "(FORMAT parquet, PARTITION_BY (p))")
    table = Table(name=name, location=f"s3://bench/{name}/",
                  columns=(Column("id", "bigint"), Column("v", "double")),
                  partitions=(Partition("p", "int"),))
    query = f"SELECT p, count(*) AS n, sum(v) AS s FROM {name} GROUP BY p"
    direct_sql = (f"SELECT p, count(*) AS n, sum(v) AS s FROM read_parquet("
                  f"'{folder}/*/*.parquet', hive_partitioning = true) GROUP BY p")
    con = duckdb.connect()
    # the k=v folders are read as if MSCK REPAIR TABLE had registered them
    with LocalEngine([table], s3_root=root, discover_partitions=True) as engine:
        start = time.perf_counter()  # the first query also reads every file's schema once
        assert len(engine.run(query).rows) == partitions
        first = time.perf_counter() - start
        local = best_of(lambda: engine.run(query))
    direct = best_of(lambda: con.execute(direct_sql).fetchall())
    report(f"full scan of a Hive table, {partitions:,} partitions x {rows_each:,} rows "
           "(best of 3)", direct, local)
    print(f"  per partition : {local / partitions * 1e6:8.1f} us athenakit, "
          f"{direct / partitions * 1e6:.1f} us duckdb")
    print(f"  first query   : {first * 1000:8.1f} ms (the files' schemas read; "
          f"{first / direct:.2f}x)")


def projection() -> None:
    from athenakit.local.partitions import projected_partitions
    from athenakit.table.model import Column, Partition, ProjectionConfig, Table
    from athenakit.table.projection import DateProjection

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


def startup(runs: int = 15) -> None:
    from ddl_throughput import ROOT, median_walls

    script = Path(sys.executable).with_name("athenakit")
    cli = [str(script)] if script.exists() else [sys.executable, "-m", "athenakit"]
    ours, floor = median_walls([[*cli, "run", "--local", "SELECT 1", "-q"],
                                [sys.executable, "-c", "import duckdb, sqlglot"]], runs)
    print(f"start-up, median of {runs} interleaved runs (from {ROOT.name})")
    print(f"  python -c 'import duckdb, sqlglot' : {floor * 1000:8.1f} ms")
    print(f"  athenakit run --local 'SELECT 1'   : {ours * 1000:8.1f} ms")
    print(f"  ratio                              : {ours / floor:8.2f}x (target <= 1.5x)")


def main(rows: int = 10_000_000) -> None:
    root = Path(tempfile.mkdtemp(prefix="athenakit-bench-"))
    try:
        aggregation(root, rows)
        for count in (1000, 3000):
            partitioned(root, count)
        projection()
        startup()
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--startup"]:
        startup(int(sys.argv[2]) if len(sys.argv) > 2 else 15)
    else:
        main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000_000)
