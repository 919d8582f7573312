"""``athenakit infer`` over 10,000 objects: list everything, read a sample, never every file.

Both runs use a local moto server (``python -m moto.server`` on 127.0.0.1) as S3, through the
same endpoint handling as the local engine (``AWS_ENDPOINT_URL``). The prefix holds N small CSV
objects under 100 Hive-style ``dt=YYYY-MM-DD/`` folders. Compared:

* ``infer("s3://bench/events/")``: one recursive listing, 20 sampled objects read, the sample
  validated through the local engine;
* listing alone (one paginated ``ListObjectsV2``, the floor for anything that lists);
* reading every object once (what inferring from all files costs at the least).

Run: ``python benchmarks/infer_sampling.py [N]`` (default 10,000). Prints both timings, the
objects listed and read, and the ratio.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

from moto_harness import _FAKE_ENV, MotoServer, s3_client

BUCKET = "bench"


def fill(endpoint: str, count: int) -> None:
    s3 = s3_client(endpoint)
    s3.create_bucket(Bucket=BUCKET)
    start = dt.date(2024, 1, 1)

    def put(i: int) -> None:
        day = start + dt.timedelta(days=i % 100)
        body = f"{i},user-{i},{i / 7:.3f}\n{i + 1},user-{i + 1},{i / 3:.3f}\n".encode()
        s3.put_object(Bucket=BUCKET, Key=f"events/dt={day}/part-{i:05d}.csv", Body=body)

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(put, range(count)))


def list_only(endpoint: str) -> float:
    """One paginated ListObjectsV2 over the prefix: the floor of any tool that lists."""
    s3 = s3_client(endpoint)
    began = time.perf_counter()
    for _ in s3.get_paginator("list_objects_v2").paginate(Bucket=BUCKET, Prefix="events/"):
        pass
    return time.perf_counter() - began


def read_every_object(endpoint: str) -> tuple[float, int]:
    s3 = s3_client(endpoint)
    began = time.perf_counter()
    keys = [o["Key"] for page in s3.get_paginator("list_objects_v2").paginate(
        Bucket=BUCKET, Prefix="events/") for o in page.get("Contents", [])]
    for key in keys:
        s3.get_object(Bucket=BUCKET, Key=key)["Body"].read()
    return time.perf_counter() - began, len(keys)


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    os.environ.update(_FAKE_ENV)
    server = MotoServer()
    try:
        os.environ["AWS_ENDPOINT_URL"] = server.url
        began = time.perf_counter()
        fill(server.url, count)
        print(f"uploaded {count:,} objects in {time.perf_counter() - began:.1f} s")
        from athenakit.infer import infer

        began = time.perf_counter()
        result = infer(f"s3://{BUCKET}/events/")
        took = time.perf_counter() - began
        print(f"infer: {took:.2f} s, listed {result.listed:,}, read {result.sampled}, "
              f"validated {result.rows_read} rows")
        print(f"listing alone: {list_only(server.url):.2f} s")
        full, keys = read_every_object(server.url)
        print(f"reading every object: {full:.2f} s for {keys:,} objects")
        print(f"ratio: {full / took:.1f}x")
    finally:
        server.stop()


if __name__ == "__main__":
    main()
