"""``athenakit serve``: SELECT 1 round-trip latency through boto3, and small-query throughput.

The endpoint runs in this process on a free 127.0.0.1 port (``athenakit.testing``); boto3's
Athena client starts each query, polls GetQueryExecution until it ends (no sleep between polls)
and reads the result with GetQueryResults, as a client would. Throughput is measured with
several client threads submitting small queries at once.

Run: ``python benchmarks/serve.py [QUERIES] [THREADS]`` (default 200 queries, 8 threads).
"""

from __future__ import annotations

import os
import statistics
import sys
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from athenakit.testing import LocalAthena, start_local_athena


def one(athena: Any, sql: str, workgroup: str) -> list[Any]:
    query_id = athena.start_query_execution(QueryString=sql, WorkGroup=workgroup)[
        "QueryExecutionId"]
    while athena.get_query_execution(QueryExecutionId=query_id)["QueryExecution"]["Status"][
            "State"] in ("QUEUED", "RUNNING"):
        pass
    return list(athena.get_query_results(QueryExecutionId=query_id)["ResultSet"]["Rows"])


def latency(local: LocalAthena, rounds: int = 50) -> list[float]:
    athena = local.client("athena")
    one(athena, "SELECT 1", local.workgroup)  # warm up: the worker builds its engine
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        rows = one(athena, "SELECT 1", local.workgroup)
        times.append(time.perf_counter() - started)
        assert rows[1]["Data"][0]["VarCharValue"] == "1"
    return times


def throughput(local: LocalAthena, queries: int, threads: int) -> float:
    per_thread = queries // threads

    def client(n: int) -> None:
        athena = local.client("athena")
        for k in range(per_thread):
            rows = one(athena, f"SELECT {n * 1000 + k} + 1", local.workgroup)
            assert rows[1]["Data"][0]["VarCharValue"] == str(n * 1000 + k + 1)

    started = time.perf_counter()
    workers = [threading.Thread(target=client, args=(n,)) for n in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return per_thread * threads / (time.perf_counter() - started)


def main() -> None:
    queries = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    threads = int(sys.argv[2]) if len(sys.argv) > 2 else 8
    os.environ.update({"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"})
    local = start_local_athena()
    try:
        times = latency(local)
        print(f"SELECT 1 round trip through boto3: median {statistics.median(times) * 1000:.1f} ms"
              f", p90 {sorted(times)[int(len(times) * 0.9)] * 1000:.1f} ms "
              f"({len(times)} queries)")
        rate = throughput(local, queries, threads)
        print(f"small queries, {threads} client threads: {rate:.1f} queries/s "
              f"({queries} queries)")
    finally:
        local.endpoint.stop()


if __name__ == "__main__":
    main()
