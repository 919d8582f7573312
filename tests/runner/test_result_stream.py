"""A result left in S3 (``stream=True``) is read on demand: ``iter_batches`` streams the CSV
file without keeping it, ``rows`` / ``to_arrow`` read it once."""

from __future__ import annotations

import pyarrow as pa
from moto_harness import BUCKET, REGION, AthenaProxy, encode_metadata, fast_retry, s3_client

from athenakit.runner.athena import Athena

COLS = [{"Name": "id", "Type": "bigint"}, {"Name": "label", "Type": "varchar"}]


def test_iter_batches_streams_the_file_in_order_and_keeps_nothing(proxy: AthenaProxy) -> None:
    moto_url = proxy.upstream
    runner = Athena(endpoint_url=proxy.url, output=f"s3://{BUCKET}/st/", region=REGION,
                    fetch="s3", poll_interval=0.01, retry=fast_retry())
    n = 200_000
    query_id = runner.start("SELECT id, label FROM t")
    s3 = s3_client(f"http://{moto_url}")
    body = '"id","label"\n' + "".join(f'"{i}","row {i}"\n' for i in range(n))
    s3.put_object(Bucket=BUCKET, Key=f"st/{query_id}.csv", Body=body.encode())
    s3.put_object(Bucket=BUCKET, Key=f"st/{query_id}.csv.metadata", Body=encode_metadata(COLS))
    result = runner.result(query_id, stream=True)
    assert proxy.count("S3.GET") == 1                      # the metadata only, so far
    sizes, first_ids = [], []
    for batch in result.iter_batches(max_rows=30_000):
        assert batch.schema == pa.schema([("id", pa.int64()), ("label", pa.string())])
        sizes.append(batch.num_rows)
        first_ids.append(batch.column(0)[0].as_py())
    assert sum(sizes) == n and max(sizes) <= 30_000
    assert first_ids == sorted(first_ids) and first_ids[0] == 0
    assert proxy.count("S3.GET") == 2                      # the file, streamed once
    assert result.rows[-1] == (n - 1, f"row {n - 1}")      # nothing was kept: read again
    assert proxy.count("S3.GET") == 3
    assert len(result) == n and proxy.count("S3.GET") == 3  # then kept
