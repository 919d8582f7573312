"""Cost of estimating: a query over 10,000 projected partitions, against moto's S3 over HTTP.

The table is projected by hour over 10,000 hours, one small object per partition. athenakit's
estimate enumerates the projection, applies the query's filter, lists the objects and sums what
the query reads. The anchor is what an expert would script without athenakit: boto3's
ListObjectsV2 paginator over the table's prefix, summing sizes (no partition selection, no
per-column share). A second query filters to one day (24 partitions), listed prefix by prefix.

Run: ``.venv/bin/python benchmarks/estimate.py`` (starts and stops its own moto server).
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

from moto_harness import _FAKE_ENV, MotoServer, s3_client

PARTITIONS = 10_000
BUCKET = "bench-estimate"


def _table() -> object:
    from athenakit.table.model import Column, Partition, ProjectionConfig, Table
    from athenakit.table.projection import DateProjection
    from athenakit.table.storage import Storage

    return Table(
        name="clicks", database="bench", location=f"s3://{BUCKET}/clicks/",
        columns=(Column("id", "bigint"), Column("url", "string")),
        partitions=(Partition("hour", "string", projection=DateProjection(
            range=("2023-01-01-00", "2024-02-21-15"), format="yyyy-MM-dd-HH", interval="1",
            interval_unit="HOURS")),),
        projection=ProjectionConfig(location_template=f"s3://{BUCKET}/clicks/${{hour}}/"),
        storage=Storage(format="csv"))


def _fill(url: str) -> None:
    import datetime as dt
    from concurrent.futures import ThreadPoolExecutor

    s3 = s3_client(url)
    s3.create_bucket(Bucket=BUCKET)
    start = dt.datetime(2023, 1, 1)
    keys = [f"clicks/{start + dt.timedelta(hours=h):%Y-%m-%d-%H}/part-0.csv"
            for h in range(PARTITIONS)]
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda k: s3.put_object(Bucket=BUCKET, Key=k, Body=b"1,/a\n2,/b\n"), keys))


def _athenakit(url: str, sql: str) -> tuple[float, object]:
    from athenakit.estimate import S3Store, estimate, spec_definitions

    defs = spec_definitions([_table()], database="bench")
    store = S3Store(endpoint_url=url, region="us-east-1")
    started = time.perf_counter()
    found = estimate(sql, defs, store)
    return time.perf_counter() - started, found


def _boto3(url: str) -> float:
    s3 = s3_client(url)
    started = time.perf_counter()
    total = 0
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=BUCKET, Prefix="clicks/"):
        total += sum(o["Size"] for o in page.get("Contents", ()))
    assert total == PARTITIONS * 10
    return time.perf_counter() - started


def main() -> None:
    os.environ.update(_FAKE_ENV)
    server = MotoServer()
    try:
        _fill(server.url)
        full, day = [], []
        anchor = []
        for _ in range(3):  # alternate, so background load hits both alike
            seconds, found = _athenakit(server.url, "SELECT url FROM clicks")
            full.append(seconds)
            anchor.append(_boto3(server.url))
            seconds, one_day = _athenakit(
                server.url, "SELECT url FROM clicks "
                            "WHERE hour BETWEEN '2023-06-01-00' AND '2023-06-01-23'")
            day.append(seconds)
        scans = found.tables[0]  # type: ignore[attr-defined]
        print(f"estimate over {scans.partitions:,} projected partitions, "
              f"{scans.objects:,} objects, {found.calls.lists} ListObjectsV2 calls:")  # type: ignore[attr-defined]
        print(f"  athenakit estimate:              {statistics.median(full):.2f} s (median of 3)")
        print(f"  boto3 paginator, sizes summed:   {statistics.median(anchor):.2f} s")
        print(f"  ratio: {statistics.median(full) / statistics.median(anchor):.2f}x")
        print(f"one day (24 partitions, {one_day.calls.lists} calls): "  # type: ignore[attr-defined]
              f"{statistics.median(day) * 1000:.0f} ms")
    finally:
        server.stop()


if __name__ == "__main__":
    main()
