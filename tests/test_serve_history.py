"""What ``athenakit serve`` keeps of finished queries: every result readable for the endpoint's
lifetime (the oldest spilled to disk, memory bounded), and with ``--catalog-dir`` the
workgroups and the query history across restarts."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from test_serve import run, texts

from athenakit.testing import LocalAthena


def _paged(athena: Any, query_id: str) -> list[list[str | None]]:
    rows: list[list[str | None]] = []
    for page in athena.get_paginator("get_query_results").paginate(
            QueryExecutionId=query_id, PaginationConfig={"PageSize": 1000}):
        rows.extend(texts(page))
    return rows


def _spilled_files(endpoint: Any) -> list[Path]:
    return [e.spilled.path for e in endpoint.api.executions.by_id.values()
            if e.spilled is not None]


def test_results_beyond_the_newest_are_read_back_from_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    from athenakit.serve import Endpoint

    for key in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        monkeypatch.setenv(key, "testing")
    with Endpoint(port=0, workers=1, kept_results=2) as endpoint:
        local = LocalAthena(endpoint)
        local.client("s3").create_bucket(Bucket="kept-results")
        athena = local.client("athena")
        output = {"ResultConfiguration": {"OutputLocation": "s3://kept-results/q/"}}
        ids = [run(athena, f"SELECT {n} AS n, 'x' AS s", **output)["QueryExecutionId"]
               for n in range(3)]
        # https://docs.aws.amazon.com/athena/latest/APIReference/API_GetQueryResults.html :
        # the header row, then the rows, whichever query it is
        for n, query_id in enumerate(ids):
            assert texts(athena.get_query_results(QueryExecutionId=query_id)) == [
                ["n", "s"], [str(n), "x"]]
        first = athena.get_query_results(QueryExecutionId=ids[0])
        assert [c["Type"] for c in first["ResultSet"]["ResultSetMetadata"]["ColumnInfo"]] == [
            "integer", "varchar"]
        deadline = time.monotonic() + 30
        while not _spilled_files(endpoint) and time.monotonic() < deadline:
            time.sleep(0.02)
        spilled = _spilled_files(endpoint)
        assert len(spilled) == 1 and spilled[0].is_file()
        # the execution is still described, and its file is still in S3
        assert athena.get_query_execution(QueryExecutionId=ids[0])["QueryExecution"][
            "Status"]["State"] == "SUCCEEDED"
        assert local.client("s3").get_object(Bucket="kept-results", Key=f"q/{ids[0]}.csv")[
            "Body"].read() == b'"n","s"\n"0","x"\n'
    assert not spilled[0].parent.exists()  # the endpoint's own folder goes when it stops


def test_a_large_spilled_result_pages_like_a_held_one(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from athenakit.serve import Endpoint

    for key in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        monkeypatch.setenv(key, "testing")
    sql = ("SELECT n, IF(n % 3 = 0, NULL, 'v' || CAST(n AS varchar)) AS s "
           "FROM UNNEST(sequence(1, 2500)) AS t(n) ORDER BY n")
    expected = [["n", "s"]] + [[str(n), None if n % 3 == 0 else f"v{n}"]
                               for n in range(1, 2501)]
    spill = tmp_path / "spill"
    spill.mkdir()
    (spill / "mine.txt").write_text("not the endpoint's")
    # a budget of 1,000 values: a 2,500-row result leaves memory as soon as another finishes
    with Endpoint(port=0, workers=1, kept_values=1000, spill_dir=str(spill)) as endpoint:
        local = LocalAthena(endpoint)
        local.client("s3").create_bucket(Bucket="spill-results")
        athena = local.client("athena")
        output = {"ResultConfiguration": {"OutputLocation": "s3://spill-results/q/"}}
        big = run(athena, sql, **output)["QueryExecutionId"]
        held = _paged(athena, big)
        run(athena, "SELECT 1", **output)
        # the big one goes to disk once the next has finished (the worker writes it after
        # reporting that query's state)
        deadline = time.monotonic() + 30
        while not _spilled_files(endpoint) and time.monotonic() < deadline:
            time.sleep(0.02)
        assert _spilled_files(endpoint)
        assert _paged(athena, big) == held == expected
        page = athena.get_query_results(QueryExecutionId=big, MaxResults=2, NextToken="1500")
        assert texts(page) == [["1500", None], ["1501", "v1501"]]  # 1500 % 3 = 0: NULL
    # a folder given is kept, with what was in it; the endpoint's files are gone
    assert sorted(p.name for p in spill.iterdir()) == ["mine.txt"]


# https://docs.aws.amazon.com/athena/latest/ug/reusing-query-results.html : a reused query
# returns the earlier query's result, whatever the endpoint did with its rows meanwhile
def test_a_spilled_or_empty_result_is_reused(monkeypatch: pytest.MonkeyPatch) -> None:
    from athenakit.serve import Endpoint

    for key in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        monkeypatch.setenv(key, "testing")
    reuse = {"ResultReuseByAgeConfiguration": {"Enabled": True, "MaxAgeInMinutes": 60}}
    with Endpoint(port=0, workers=1, kept_results=1) as endpoint:
        local = LocalAthena(endpoint)
        local.client("s3").create_bucket(Bucket="reuse-spill")
        athena = local.client("athena")
        where = {"ResultConfiguration": {"OutputLocation": "s3://reuse-spill/q/"},
                 "ResultReuseConfiguration": reuse}
        for sql, expected in (("SELECT 'a' AS r", [["r"], ["a"]]),
                              ("SELECT 1 AS x WHERE false", [["x"]])):
            first = run(athena, sql, **where)["QueryExecutionId"]
            # a query run (not reused) after it: the first leaves memory
            run(athena, "SELECT 'next'", ResultConfiguration=where["ResultConfiguration"])
            deadline = time.monotonic() + 30
            while endpoint.api.executions.get(first).spilled is None and \
                    time.monotonic() < deadline:
                time.sleep(0.02)
            again = run(athena, sql, **where)
            assert again["Statistics"]["ResultReuseInformation"]["ReusedPreviousResult"]
            page = athena.get_query_results(QueryExecutionId=again["QueryExecutionId"])
            assert texts(page) == expected
            assert [c["Name"] for c in page["ResultSet"]["ResultSetMetadata"]["ColumnInfo"]] \
                == expected[0]


@pytest.fixture
def two_endpoints(monkeypatch: pytest.MonkeyPatch) -> Any:
    """Two endpoints one after the other, as two runs of ``serve --catalog-dir``."""
    from athenakit.serve import Endpoint

    for key in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        monkeypatch.setenv(key, "testing")
    made: list[Any] = []

    def start() -> LocalAthena:
        endpoint = Endpoint(port=0, workers=1).start()
        made.append(endpoint)
        local = LocalAthena(endpoint)
        local.client("s3").create_bucket(Bucket="history")
        return local
    yield start
    for endpoint in made:
        endpoint.stop()


def test_workgroups_saved_queries_and_history_survive_a_restart(two_endpoints: Any,
                                                                tmp_path: Path) -> None:
    from botocore.exceptions import ClientError

    from athenakit.serve import state

    first = two_endpoints()
    athena = first.client("athena")
    saver = state.StateSaver(first.endpoint.api, tmp_path)
    assert saver() is None  # nothing changed yet
    config = {"ResultConfiguration": {"OutputLocation": "s3://history/etl/"}}
    athena.create_work_group(Name="etl", Description="nightly", Configuration=config)
    assert saver() == 0  # the workgroup is saved; no query finished yet
    named = athena.create_named_query(Name="answer", Database="default",
                                      QueryString="SELECT 42", WorkGroup="etl")["NamedQueryId"]
    athena.create_prepared_statement(StatementName="plus", WorkGroup="etl",
                                     QueryStatement="SELECT ? + 1 AS n")
    ok = run(athena, "SELECT 1 AS one", WorkGroup="etl")
    bad = run(athena, "SELECT nope FROM (SELECT 1 AS a)", WorkGroup="etl")
    assert (ok["Status"]["State"], bad["Status"]["State"]) == ("SUCCEEDED", "FAILED")
    assert saver() == 2
    listed = athena.list_query_executions(WorkGroup="etl")["QueryExecutionIds"]
    first.endpoint.stop()

    second = two_endpoints()
    assert state.load(second.endpoint.api, tmp_path) == 2
    athena = second.client("athena")
    group = athena.get_work_group(WorkGroup="etl")["WorkGroup"]
    assert group["Description"] == "nightly"
    assert group["Configuration"]["ResultConfiguration"] == config["ResultConfiguration"]
    assert athena.get_named_query(NamedQueryId=named)["NamedQuery"]["QueryString"] == "SELECT 42"
    assert athena.list_query_executions(WorkGroup="etl")["QueryExecutionIds"] == listed
    again = athena.get_query_execution(QueryExecutionId=ok["QueryExecutionId"])["QueryExecution"]
    for key in ("Status", "Statistics", "ResultConfiguration", "StatementType", "Query"):
        assert again[key] == ok[key]
    failed = athena.get_query_execution(QueryExecutionId=bad["QueryExecutionId"])[
        "QueryExecution"]
    assert failed["Status"]["AthenaError"] == bad["Status"]["AthenaError"]
    assert failed["Status"]["StateChangeReason"] == bad["Status"]["StateChangeReason"]
    with pytest.raises(ClientError, match="before athenakit serve restarted") as err:
        athena.get_query_results(QueryExecutionId=ok["QueryExecutionId"])
    assert err.value.response["Error"]["Code"] == "InvalidRequestException"
    assert ok["ResultConfiguration"]["OutputLocation"] in str(err.value)
    # the restored prepared statement runs; the workgroup's output location is used
    executed = run(athena, "EXECUTE plus USING 41", WorkGroup="etl")
    assert executed["ResultConfiguration"]["OutputLocation"].startswith("s3://history/etl/")
    assert texts(athena.get_query_results(QueryExecutionId=executed["QueryExecutionId"])) == [
        ["n"], ["42"]]


def test_a_damaged_history_file_is_reported_with_its_line(two_endpoints: Any,
                                                         tmp_path: Path) -> None:
    from athenakit.errors import ConfigError
    from athenakit.serve import state

    folder = tmp_path / state.FOLDER
    folder.mkdir()
    (folder / "queries.jsonl").write_text('{"id": "x"}\n')
    with pytest.raises(ConfigError, match=r"queries\.jsonl, line 1"):
        state.load(two_endpoints().endpoint.api, tmp_path)


CLIENT = {"region_name": "us-east-1", "aws_access_key_id": "testing",
          "aws_secret_access_key": "testing"}


def _serve(catalog: Path) -> Any:
    import os
    import subprocess
    import sys

    env = {**os.environ, "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "athenakit", "serve", "--port", "0", "--catalog-dir",
         str(catalog)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    url = (proc.stdout.readline() if proc.stdout else "").split(" at ")[1].split()[0]
    return proc, url


def _stop(proc: Any) -> str:
    import signal

    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    return str(err)


@pytest.mark.slow
def test_cli_keeps_workgroups_and_history_in_the_catalog_dir(tmp_path: Path) -> None:
    import boto3

    from athenakit.serve.state import FOLDER

    catalog = tmp_path / "catalog"
    proc, url = _serve(catalog)
    try:
        boto3.client("s3", endpoint_url=url, **CLIENT).create_bucket(Bucket="cli-history")
        athena = boto3.client("athena", endpoint_url=url, **CLIENT)
        athena.create_work_group(Name="kept", Configuration={
            "ResultConfiguration": {"OutputLocation": "s3://cli-history/r/"}})
        query_id = run(athena, "SELECT 7", WorkGroup="kept")["QueryExecutionId"]
        history = catalog / FOLDER / "queries.jsonl"
        deadline = time.monotonic() + 60
        while (not history.is_file() or query_id not in history.read_text()) and \
                time.monotonic() < deadline:
            time.sleep(0.1)
        assert query_id in history.read_text()  # saved while running, not only at the stop
    finally:
        err = _stop(proc)
    assert "saved 2 workgroup(s) and 1 query execution(s)" in err  # primary and kept
    proc, url = _serve(catalog)
    try:
        athena = boto3.client("athena", endpoint_url=url, **CLIENT)
        assert athena.list_query_executions(WorkGroup="kept")["QueryExecutionIds"] == [query_id]
        assert athena.get_query_execution(QueryExecutionId=query_id)["QueryExecution"][
            "Status"]["State"] == "SUCCEEDED"
    finally:
        err = _stop(proc)
    assert "restored 2 workgroup(s) and 1 query execution(s)" in err
