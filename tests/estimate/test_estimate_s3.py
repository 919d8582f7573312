"""The scan estimate against moto's S3 over real HTTP (ListObjectsV2 pages, ranged GETs of
Parquet footers), and the budget guard in front of the Athena runner: a statement over budget
never reaches StartQueryExecution."""

from __future__ import annotations

from pathlib import Path

import pytest
from estimate_lake import BUCKET, Lake, files_under, parquet_bytes
from moto_harness import OUTPUT, REGION, AthenaProxy, MotoServer, fast_retry, s3_client

from athenakit.errors import ScanBudgetExceeded
from athenakit.estimate import S3Store, estimate, spec_definitions
from athenakit.runner.athena import Athena


def upload(moto: MotoServer, lake: Lake) -> None:
    s3 = s3_client(moto.url)
    s3.create_bucket(Bucket=BUCKET)
    for path in (lake.root / BUCKET).rglob("*"):
        if path.is_file():
            key = path.relative_to(lake.root / BUCKET).as_posix()
            s3.put_object(Bucket=BUCKET, Key=key, Body=path.read_bytes())


def day_files(lake: Lake, days: list[str]) -> list[Path]:
    return [f for d in days for f in files_under(lake.root / BUCKET / "events" / f"dt={d}")]


def test_s3_estimate_lists_and_reads_footers_only(moto: MotoServer, lake: Lake) -> None:
    upload(moto, lake)
    store = S3Store(endpoint_url=moto.url, region=REGION)
    defs = spec_definitions([lake.events], database="lake")
    found = estimate("SELECT id, city FROM events WHERE dt IN ('2024-02-29', '2024-03-01')",
                     defs, store)
    files = day_files(lake, ["2024-02-29", "2024-03-01"])
    assert found.scanned_bytes == parquet_bytes(files, ["id", "city"])
    # one listing of the location, one ranged GET of the end of each selected file
    assert found.calls.lists == 1
    assert found.calls.reads == len(files)
    assert found.calls.bytes_read < sum(f.stat().st_size for f in files)


def test_s3_listing_follows_continuation_tokens(moto: MotoServer, lake: Lake) -> None:
    s3 = s3_client(moto.url)
    s3.create_bucket(Bucket="many")
    for i in range(203):
        s3.put_object(Bucket="many", Key=f"t/part-{i:05d}.csv", Body=b"a,b\n")
    s3.put_object(Bucket="many", Key="t/_manifest", Body=b"hidden")
    store = S3Store(endpoint_url=moto.url, region=REGION, page_size=100)
    found = store.list("s3://many/t/")
    assert len(found) == 203 and store.calls.lists == 3
    assert all(o.size == 4 for o in found)


def athena(url: str, **extra: object) -> Athena:
    return Athena(endpoint_url=url, output=OUTPUT, region=REGION, poll_interval=0.01,
                  poll_max_interval=0.05, retry=fast_retry())


def guarded(proxy: AthenaProxy, moto: MotoServer, tables: list[object], budget: int,
            force: bool = False) -> object:
    from athenakit.connect import connect

    return connect("athena", tables=tables, max_scan_bytes=budget, force=force,
                   endpoint_url=proxy.url, output=OUTPUT, region=REGION, database="lake",
                   poll_interval=0.01, poll_max_interval=0.05)


def test_a_statement_over_budget_is_never_started(
        proxy: AthenaProxy, moto: MotoServer, lake: Lake, monkeypatch: pytest.MonkeyPatch) -> None:
    upload(moto, lake)
    monkeypatch.setenv("AWS_ENDPOINT_URL_S3", moto.url)
    runner = guarded(proxy, moto, [lake.events], budget=1024)
    with pytest.raises(ScanBudgetExceeded, match=r"over the budget of 1\.00 KB.*lake\.events"):
        runner.run("SELECT * FROM events")  # type: ignore[attr-defined]
    assert proxy.count("StartQueryExecution") == 0


def test_a_statement_within_budget_or_forced_runs(
        proxy: AthenaProxy, moto: MotoServer, lake: Lake, monkeypatch: pytest.MonkeyPatch) -> None:
    upload(moto, lake)
    monkeypatch.setenv("AWS_ENDPOINT_URL_S3", moto.url)
    moto.queue_results([{"Name": "n", "Type": "bigint"}], [["4001"]])
    within = guarded(proxy, moto, [lake.events], budget=10 * 1024 ** 2)
    assert within.run("SELECT count(*) FROM events WHERE dt = '2024-02-28'").rows == [(4001,)]  # type: ignore[attr-defined]
    moto.queue_results([{"Name": "n", "Type": "bigint"}], [["1"]])
    forced = guarded(proxy, moto, [lake.events], budget=1, force=True)
    assert forced.run("SELECT * FROM events").rows == [(1,)]  # type: ignore[attr-defined]
    assert proxy.count("StartQueryExecution") == 2


def test_tables_without_a_spec_are_read_back_with_show_create_table(
        proxy: AthenaProxy, moto: MotoServer, lake: Lake, monkeypatch: pytest.MonkeyPatch) -> None:
    from athenakit.table.render import create_table

    upload(moto, lake)
    monkeypatch.setenv("AWS_ENDPOINT_URL_S3", moto.url)
    # SHOW CREATE TABLE answers one row per line of DDL, in a column named createtab_stmt,
    # with no header row (Athena's DDL results have none)
    ddl = create_table(lake.events).splitlines()
    moto.queue_results([{"Name": "createtab_stmt", "Type": "string"}], [[line] for line in ddl],
                       header=False)
    runner = guarded(proxy, moto, [], budget=1024)
    with pytest.raises(ScanBudgetExceeded):
        runner.run("SELECT id FROM lake.events")  # type: ignore[attr-defined]
    sent = [body["QueryString"] for body in proxy.sent("StartQueryExecution")]
    assert sent == ["SHOW CREATE TABLE lake.events"]


def test_athena_estimate_lists_s3_and_runs_nothing(
        proxy: AthenaProxy, moto: MotoServer, lake: Lake, monkeypatch: pytest.MonkeyPatch) -> None:
    upload(moto, lake)
    monkeypatch.setenv("AWS_ENDPOINT_URL_S3", moto.url)
    found = athena(proxy.url).estimate("SELECT amount FROM lake.events WHERE dt = '2024-03-02'",
                                       tables=[lake.events])
    assert found.scanned_bytes == parquet_bytes(day_files(lake, ["2024-03-02"]), ["amount"])
    assert proxy.count("StartQueryExecution") == 0
