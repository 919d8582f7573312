"""Retries through a proxy that injects throttling and 5xx responses; the S3 fast path."""

from __future__ import annotations

import csv
import io
import random
from dataclasses import replace
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from moto_harness import (
    BUCKET,
    REGION,
    AthenaProxy,
    MotoServer,
    athena_client,
    fast_retry,
    s3_client,
)

from athenakit.runner.athena import Athena
from athenakit.runner.retry import AthenaApiError, RetryPolicy

COLS = [{"Name": "id", "Type": "bigint"}, {"Name": "name", "Type": "varchar"},
        {"Name": "score", "Type": "double"}]


# --- retries ---------------------------------------------------------------------------------
# https://docs.aws.amazon.com/athena/latest/ug/service-limits.html : throttled calls are retried.

@pytest.mark.parametrize(("operation", "code", "status"), [
    ("StartQueryExecution", "ThrottlingException", 400),
    ("StartQueryExecution", "TooManyRequestsException", 400),
    ("GetQueryExecution", "ThrottlingException", 400),
    ("GetQueryExecution", "InternalServerException", 500),
    ("GetQueryResults", "ServiceUnavailable", 503),
])
def test_throttling_and_server_errors_are_retried(
        moto: MotoServer, proxied: Athena, proxy: AthenaProxy, operation: str, code: str,
        status: int) -> None:
    moto.queue_results(COLS, [["1", "a", "0.5"]])
    proxy.inject(operation, code, count=3, status=status)
    result = proxied.run("SELECT * FROM t")
    assert result.rows == [(1, "a", 0.5)]
    assert proxy.state.injected == 3
    assert proxy.count(operation) >= 4


def test_a_retried_start_reuses_its_client_request_token(proxied: Athena,
                                                         proxy: AthenaProxy) -> None:
    proxy.inject("StartQueryExecution", "ThrottlingException", count=2)
    proxied.run("SELECT 1")
    tokens = {b["ClientRequestToken"] for b in proxy.sent("StartQueryExecution")}
    assert len(proxy.sent("StartQueryExecution")) == 3 and len(tokens) == 1


def test_retries_give_up_after_the_last_attempt(proxied: Athena, proxy: AthenaProxy) -> None:
    proxy.inject("StartQueryExecution", "ThrottlingException", count=100)
    with pytest.raises(AthenaApiError, match="after 5 attempts.*ThrottlingException") as info:
        proxied.run("SELECT 1")
    assert info.value.code == "ThrottlingException"
    assert proxy.count("StartQueryExecution") == 5


def test_client_errors_are_not_retried(proxied: Athena, proxy: AthenaProxy) -> None:
    proxy.inject("StartQueryExecution", "InvalidRequestException", count=1)
    with pytest.raises(AthenaApiError, match="InvalidRequestException"):
        proxied.run("SELECT 1")
    assert proxy.count("StartQueryExecution") == 1


@given(st.integers(0, 30), st.integers(0, 2**32))
def test_backoff_is_full_jitter_capped_at_the_maximum(retry: int, seed: int) -> None:
    policy = RetryPolicy(base_delay=0.25, max_delay=20.0, rng=random.Random(seed))
    delay = policy.delay(retry)
    assert 0.0 <= delay <= min(20.0, 0.25 * 2 ** retry)


def test_waits_grow_exponentially_on_average(proxied: Athena, proxy: AthenaProxy) -> None:
    waits: list[float] = []
    proxied.retry = RetryPolicy(max_attempts=5, base_delay=1.0, max_delay=100.0,
                                sleep=waits.append, rng=random.Random(7))
    proxy.inject("GetQueryExecution", "ThrottlingException", count=4)
    proxied.run("SELECT 1")
    assert len(waits) == 4
    assert all(0 <= w <= 2 ** i for i, w in enumerate(waits))


# --- fetching ----------------------------------------------------------------------------------

def athena_csv(header: list[str], rows: list[list[str | None]]) -> bytes:
    """A result file as Athena writes it: every value quoted, NULL as an empty field."""
    out = io.StringIO()
    out.write(",".join(f'"{h}"' for h in header) + "\n")
    for row in rows:
        out.write(",".join("" if v is None else '"' + v.replace('"', '""') + '"'
                           for v in row) + "\n")
    return out.getvalue().encode()


def test_small_results_page_through_get_query_results(
        moto: MotoServer, proxied: Athena, proxy: AthenaProxy) -> None:
    proxy.state.paging = True
    rows = [[str(i), f"n{i}", "1.0"] for i in range(2500)]
    moto.queue_results(COLS, rows)
    proxied.config = replace(proxied.config, fetch="api")
    result = proxied.run("SELECT * FROM t")
    assert len(result.rows) == 2500 and result.rows[-1] == (2499, "n2499", 1.0)
    assert proxy.count("GetQueryResults") == 3
    assert proxy.count("S3.GET") == 0


def test_auto_reads_a_multi_page_result_from_the_s3_file(
        moto: MotoServer, proxied: Athena, proxy: AthenaProxy) -> None:
    proxy.state.paging = True
    rows: list[list[str | None]] = [[str(i), f'say "hi", {i}\nbye', "2.5"] for i in range(2500)]
    rows[7] = ["7", None, None]
    rows[8] = ["8", "", "NaN"]
    moto.queue_results(COLS, rows)  # type: ignore[arg-type]
    query_id = proxied.start("SELECT * FROM t")
    s3_client(moto.url).put_object(Bucket=BUCKET, Key=f"queries/{query_id}.csv",
                                   Body=athena_csv(["id", "name", "score"], rows))
    result = proxied.result(query_id)
    assert proxy.count("GetQueryResults") == 1          # the first page only: types
    assert proxy.count("S3.GET") == 1
    assert len(result.rows) == 2500
    assert result.rows[0] == (0, 'say "hi", 0\nbye', 2.5)
    assert result.rows[7] == (7, None, None)            # NULL: empty unquoted field
    assert result.rows[8][1] == ""                      # empty string: quoted
    assert result.rows[8][2] != result.rows[8][2]       # NaN


def test_a_million_rows_come_through_the_fast_path(moto: MotoServer) -> None:
    runner = Athena(endpoint_url=moto.url, output=f"s3://{BUCKET}/big/", region=REGION,
                    fetch="s3", poll_interval=0.01, retry=fast_retry())
    moto.queue_results(COLS, [["0", "row 0", "0.0"]])
    query_id = runner.start("SELECT * FROM big")
    n = 1_000_000
    body = io.StringIO()
    body.write('"id","name","score"\n')
    body.writelines(f'"{i}","row {i}","{i / 4}"\n' for i in range(n))
    s3_client(moto.url).put_object(Bucket=BUCKET, Key=f"big/{query_id}.csv",
                                   Body=body.getvalue().encode())
    result = runner.result(query_id)
    assert len(result.rows) == n
    assert result.rows[0] == (0, "row 0", 0.0)
    assert result.rows[-1] == (n - 1, f"row {n - 1}", (n - 1) / 4)
    assert result.to_arrow().num_rows == n


def test_the_csv_path_and_the_api_path_agree(moto: MotoServer, proxy: AthenaProxy) -> None:
    proxy.state.paging = True
    cols = [{"Name": "a", "Type": "array"}, {"Name": "d", "Type": "date"},
            {"Name": "m", "Type": "decimal", "Precision": 5, "Scale": 1}]
    rows: list[list[str | None]] = [["[1, 2]", "2024-02-29", "1.5"] for _ in range(1500)]
    rows[3] = [None, None, None]
    results: dict[str, Any] = {}
    for mode in ("api", "s3"):
        moto.queue_results(cols, rows)  # type: ignore[arg-type]
        runner = Athena(endpoint_url=proxy.url, output=f"s3://{BUCKET}/{mode}/",
                        region=REGION, fetch=mode, poll_interval=0.01, retry=fast_retry())
        query_id = runner.start("SELECT a, d, m FROM t")
        s3_client(moto.url).put_object(Bucket=BUCKET, Key=f"{mode}/{query_id}.csv",
                                       Body=athena_csv(["a", "d", "m"], rows))
        results[mode] = runner.result(query_id).rows
    assert results["api"] == results["s3"]
    assert results["s3"][3] == (None, None, None)


def test_moto_writes_the_result_file_where_athena_would(moto: MotoServer,
                                                       athena: Athena) -> None:
    moto.queue_results(COLS, [["1", "a", "0.5"]])
    result = athena.run("SELECT 1")
    location = result.extra["output_location"]
    assert location == f"s3://{BUCKET}/queries/{result.stats.query_id}.csv"
    body = s3_client(moto.url).get_object(Bucket=BUCKET,
                                          Key=location.split("/", 3)[3])["Body"].read()
    assert list(csv.reader(io.StringIO(body.decode())))[1] == ["1", "a", "0.5"]
    assert athena_client(moto.url).get_query_execution(
        QueryExecutionId=result.stats.query_id)["QueryExecution"]["Status"]["State"] == (
        "SUCCEEDED")
