"""Fetch a 1,000,000-row Athena result: athenakit's S3 fast path vs pyathena's default cursor.

Both sides run against a local moto server (``python -m moto.server`` on 127.0.0.1) behind the
test proxy from ``tests/moto_harness.py``, which pages GetQueryResults 1,000 rows at a
time as Athena does (moto alone returns every row in one response). pyathena's default cursor
pages through GetQueryResults; athenakit reads the first page for the column types and then the
``<query id>.csv`` result file from S3, as Athena writes it.

Run: ``python benchmarks/fetch.py [ROWS]`` (default 1,000,000). Prints both timings and the ratio.
"""

from __future__ import annotations

import io
import os
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

from moto_harness import AthenaProxy, MotoServer

REGION = "us-east-1"
BUCKET = "bench-results"
OUTPUT = f"s3://{BUCKET}/out/"
COLUMNS = [{"Name": "id", "Type": "bigint"}, {"Name": "name", "Type": "varchar"},
           {"Name": "score", "Type": "double"}, {"Name": "day", "Type": "date"}]


def make_rows(n: int) -> list[list[str]]:
    return [[str(i), f"user-{i}", f"{i % 1000 / 8}", f"2024-01-{i % 28 + 1:02d}"]
            for i in range(n)]


def athena_csv(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    out.write(",".join(f'"{c["Name"]}"' for c in COLUMNS) + "\n")
    out.writelines(",".join(f'"{v}"' for v in row) + "\n" for row in rows)
    return out.getvalue().encode()


def run_pyathena(endpoint: str) -> tuple[float, int, str]:
    from pyathena import connect

    cursor = connect(s3_staging_dir=OUTPUT, region_name=REGION, endpoint_url=endpoint,
                     poll_interval=0.05).cursor()
    started = time.perf_counter()
    cursor.execute("SELECT id, name, score, day FROM big")
    rows = cursor.fetchall()
    return time.perf_counter() - started, len(rows), str(cursor.query_id)


def run_athenakit(endpoint: str, proxy: AthenaProxy, cached: dict[str, Any],
                  s3: Any, body: bytes) -> tuple[float, int]:
    from athenakit.runner.athena import Athena

    runner = Athena(endpoint_url=endpoint, output=OUTPUT, region=REGION, poll_interval=0.05)
    query_id = runner.start("SELECT id, name, score, day FROM big")
    # Same result as pyathena's query: the proxy serves it, the file is where Athena puts it.
    proxy.state.results[query_id] = cached
    s3.put_object(Bucket=BUCKET, Key=f"out/{query_id}.csv", Body=body)
    started = time.perf_counter()
    result = runner.result(query_id)
    return time.perf_counter() - started, len(result.rows)


def main() -> None:
    import boto3

    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    os.environ.update(AWS_ACCESS_KEY_ID="bench", AWS_SECRET_ACCESS_KEY="bench",
                      AWS_DEFAULT_REGION=REGION)
    os.environ.pop("AWS_PROFILE", None)
    moto = MotoServer()
    proxy = AthenaProxy(moto.url)
    proxy.state.paging = True
    try:
        s3 = boto3.client("s3", endpoint_url=moto.url, region_name=REGION)
        s3.create_bucket(Bucket=BUCKET)
        print(f"preparing {n:,} rows ...", flush=True)
        rows = make_rows(n)
        moto.queue_results(COLUMNS, rows)
        body = athena_csv(rows)
        del rows

        slow, slow_rows, slow_id = run_pyathena(proxy.url)
        pages = proxy.count("GetQueryResults")
        print(f"pyathena default cursor (GetQueryResults, {pages:,} pages): "
              f"{slow:8.2f} s  {slow_rows:,} rows", flush=True)
        cached = proxy.state.results[slow_id]
        fast, fast_rows = run_athenakit(proxy.url, proxy, cached, s3, body)
        print(f"athenakit fast path (first page + S3 {len(body) / 2**20:.1f} MB CSV):  "
              f"{fast:8.2f} s  {fast_rows:,} rows")
        assert slow_rows == fast_rows == n, (slow_rows, fast_rows)
        print(f"speed-up: {slow / fast:.1f}x")
    finally:
        proxy.stop()
        moto.stop()


if __name__ == "__main__":
    main()
