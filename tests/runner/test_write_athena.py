"""The write planner's Athena path: its statements sent to moto over HTTP through the Athena
runner, and its deletions made on moto's S3 with the runner's client."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from moto_harness import AthenaProxy, MotoServer, s3_client

from athenakit.errors import QueryError
from athenakit.runner.athena import Athena
from athenakit.runner.objects import S3Objects
from athenakit.table.spec import loads_spec
from athenakit.write.job import write
from athenakit.write.plan import plan_write

TARGET = loads_spec("""
name: daily
database: lake
location: s3://lake/daily/
columns: [{name: id, type: bigint}]
partitions: [{name: day, type: string}]
""")[0]
DAYS = [(f"2024-{1 + i // 28:02d}-{1 + i % 28:02d}",) for i in range(150)]
SELECT = "SELECT id, day FROM raw.events"


def _first_query_missing_table() -> Any:
    seen: list[str] = []

    def rewrite(response: dict[str, Any]) -> dict[str, Any]:
        execution = response["QueryExecution"]
        if not seen or seen[0] == execution["QueryExecutionId"]:
            seen.append(execution["QueryExecutionId"])
            execution["Status"] = {
                "State": "FAILED", "AthenaError": {
                    "ErrorCategory": 2, "ErrorType": 1301, "Retryable": False,
                    "ErrorMessage": "TABLE_NOT_FOUND: line 1:15: Table "
                                    "'awsdatacatalog.lake.daily' does not exist"}}
        return response
    return rewrite


def test_the_plan_is_sent_to_athena_in_order(moto: MotoServer, proxied: Athena,
                                             proxy: AthenaProxy, tmp_path: Path) -> None:
    s3_client(moto.url).create_bucket(Bucket="lake")
    proxy.rewrite("GetQueryExecution", _first_query_missing_table())
    state = tmp_path / "state.json"
    plan = write(proxied, TARGET, SELECT, state_path=state, partitions=DAYS,
                 objects=S3Objects(proxied.client("s3")))
    sent = [body["QueryString"] for body in proxy.sent("StartQueryExecution")]
    assert sent == ["SELECT * FROM lake.daily LIMIT 0", *plan.statements]
    assert [s.kind for s in plan.steps] == ["ctas", "insert"]
    assert sent[1].startswith("CREATE TABLE lake.daily\nWITH (")
    assert json.loads(state.read_text())["complete"] is True


@pytest.mark.slow
def test_a_failed_step_on_athena_is_recorded_and_resumed(
        moto: MotoServer, proxied: Athena, proxy: AthenaProxy, tmp_path: Path) -> None:
    s3_client(moto.url).create_bucket(Bucket="lake")
    state = tmp_path / "state.json"
    calls: list[str] = []

    def fail_second_insert(response: dict[str, Any]) -> dict[str, Any]:
        execution = response["QueryExecution"]
        if execution["Query"].startswith("INSERT") and execution["Query"] not in calls:
            calls.append(execution["Query"])
            if len(calls) == 2:
                execution["Status"] = {"State": "FAILED", "AthenaError": {
                    "ErrorCategory": 1, "ErrorType": 401, "Retryable": False,
                    "ErrorMessage": "INTERNAL_ERROR_QUERY_ENGINE"}}
        return response

    proxy.rewrite("GetQueryExecution", fail_second_insert)
    days = [(f"2025-{1 + i // 28:02d}-{1 + i % 28:02d}",) for i in range(250)]  # three steps
    with pytest.raises(QueryError, match="INTERNAL_ERROR_QUERY_ENGINE"):
        write(proxied, TARGET, SELECT, state_path=state, partitions=days, exists=True,
              objects=S3Objects(proxied.client("s3")))
    recorded = json.loads(state.read_text())["steps"]
    assert [recorded[k]["status"] for k in sorted(recorded)] == ["done", "failed"]
    before = len(proxy.sent("StartQueryExecution"))
    write(proxied, TARGET, SELECT, state_path=state, resume=True,
          objects=S3Objects(proxied.client("s3")))
    resumed = [b["QueryString"] for b in proxy.sent("StartQueryExecution")][before:]
    plan = plan_write(TARGET, SELECT, days, exists=True)
    assert resumed == [plan.steps[1].statements[0], plan.steps[2].statements[0]]


def test_overwrite_deletes_exactly_the_objects_of_the_partitions_rewritten(
        moto: MotoServer, proxied: Athena, proxy: AthenaProxy, tmp_path: Path) -> None:
    s3 = s3_client(moto.url)
    s3.create_bucket(Bucket="lake")
    keys = ["daily/day=2024-01-01/a.parquet", "daily/day=2024-01-01/sub/b.parquet",
            "daily/day=2024-01-02/c.parquet", "daily/day=2024-01-03/d.parquet",
            "daily/day=2024-01-011/e.parquet", "other/day=2024-01-01/f.parquet"]
    for key in keys:
        s3.put_object(Bucket="lake", Key=key, Body=b"x")
    state = tmp_path / "state.json"
    write(proxied, TARGET, SELECT, state_path=state, exists=True, mode="overwrite-partitions",
          partitions=[("2024-01-01",), ("2024-01-02",)], objects=S3Objects(proxied.client("s3")))
    left = sorted(o["Key"] for o in s3.list_objects_v2(Bucket="lake")["Contents"])
    assert left == ["daily/day=2024-01-011/e.parquet", "daily/day=2024-01-03/d.parquet",
                    "other/day=2024-01-01/f.parquet"]
    deleted = json.loads(state.read_text())["steps"]["0"]["deleted"]
    assert deleted == ["s3://lake/" + k for k in keys[:3]]
    assert [b["QueryString"][:23] for b in proxy.sent("StartQueryExecution")] == [
        'INSERT INTO lake.daily ']


def test_iceberg_overwrite_sends_delete_then_insert_per_step(
        moto: MotoServer, proxied: Athena, proxy: AthenaProxy, tmp_path: Path) -> None:
    table = loads_spec("""
name: orders
database: lake
table_type: iceberg
location: s3://lake/orders/
columns: [{name: id, type: bigint}, {name: region, type: string}]
partitioning: [region]
""")[0]
    regions = [(f"r{i:03d}",) for i in range(150)]
    plan = write(proxied, table, "SELECT id, region FROM raw.orders", exists=True,
                 mode="overwrite-partitions", partitions=regions,
                 state_path=tmp_path / "state.json")
    sent = [b["QueryString"] for b in proxy.sent("StartQueryExecution")]
    assert [q.split()[0] for q in sent] == ["DELETE", "INSERT", "DELETE", "INSERT"]
    assert sent == plan.statements
    assert "WHERE CAST(\"region\" AS VARCHAR) IN ('r000', " in sent[0]
    assert "'r100'" not in sent[0] and "'r100'" in sent[2]
