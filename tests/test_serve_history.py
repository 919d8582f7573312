"""What ``athenakit serve`` keeps of finished queries: every result readable for the endpoint's
lifetime (the oldest spilled to disk, memory bounded), and with ``--catalog-dir`` the
workgroups and the query history across restarts."""

from __future__ import annotations

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
        assert _spilled_files(endpoint)  # the big one is on disk now
        assert _paged(athena, big) == held == expected
        page = athena.get_query_results(QueryExecutionId=big, MaxResults=2, NextToken="1500")
        assert texts(page) == [["1500", None], ["1501", "v1501"]]  # 1500 % 3 = 0: NULL
    # a folder given is kept, with what was in it; the endpoint's files are gone
    assert sorted(p.name for p in spill.iterdir()) == ["mine.txt"]
