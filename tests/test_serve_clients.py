"""pyathena, unmodified, against ``athenakit serve``; results compared with the local engine."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from athenakit.testing import LocalAthena, local_athena, local_athena_endpoint  # noqa: F401

CLIENT = {"region_name": "us-east-1", "aws_access_key_id": "testing",
          "aws_secret_access_key": "testing"}
QUERY = ("SELECT n, CAST(n AS double) / 4 AS q, CAST(n AS varchar) || 'x' AS s, "
         "date_add('day', n, DATE '2024-01-01') AS d, "
         "CAST(n * 1.25 AS DECIMAL(6, 2)) AS m, IF(n % 2 = 0, NULL, n) AS odd "
         "FROM UNNEST(sequence(1, 5)) AS t(n) ORDER BY n")


def expected_rows() -> list[tuple[Any, ...]]:
    from athenakit.connect import connect

    with connect("local") as engine:
        return [tuple(row) for row in engine.run(QUERY).rows]


@pytest.fixture
def connection(local_athena: LocalAthena) -> Any:  # noqa: F811
    import pyathena

    return pyathena.connect(work_group=local_athena.workgroup, region_name=local_athena.region)


def test_default_cursor_matches_the_local_engine(connection: Any) -> None:
    cursor = connection.cursor()
    cursor.execute(QUERY)
    rows = cursor.fetchall()
    assert [d[0] for d in cursor.description] == ["n", "q", "s", "d", "m", "odd"]
    # Trino's sequence(bigint, bigint) returns array(bigint)
    assert [d[1] for d in cursor.description] == [
        "bigint", "double", "varchar", "date", "decimal", "bigint"]
    assert rows == expected_rows()
    assert rows[0] == (1, 0.25, "1x", dt.date(2024, 1, 2), Decimal("1.25"), 1)
    assert rows[1][5] is None


def test_pandas_cursor_reads_the_csv_result(connection: Any) -> None:
    from pyathena.pandas.cursor import PandasCursor

    cursor = connection.cursor(PandasCursor)
    frame = cursor.execute(QUERY).as_pandas()
    assert list(frame.columns) == ["n", "q", "s", "d", "m", "odd"]
    assert frame["n"].tolist() == [1, 2, 3, 4, 5]
    assert frame["q"].tolist() == [0.25, 0.5, 0.75, 1.0, 1.25]
    assert frame["s"].tolist() == ["1x", "2x", "3x", "4x", "5x"]
    assert frame["odd"].isna().tolist() == [False, True, False, True, False]
    local = expected_rows()
    assert [Decimal(str(v)) for v in frame["m"]] == [row[4] for row in local]


def test_parameters_pyformat_and_qmark(connection: Any) -> None:
    cursor = connection.cursor()
    cursor.execute("SELECT %(word)s AS w, %(n)d + 1 AS n", {"word": "it's", "n": 41})
    assert cursor.fetchall() == [("it's", 42)]
    # qmark: pyathena sends the values as Athena ExecutionParameters (SQL literal texts)
    cursor.execute("SELECT ? AS w, ? AS d", ["'x'", "DATE '2024-02-29'"], paramstyle="qmark")
    assert cursor.fetchall() == [("x", dt.date(2024, 2, 29))]


def test_pyathena_failure_carries_athena_reason(connection: Any) -> None:
    from pyathena.error import OperationalError

    with pytest.raises(OperationalError, match="COLUMN_NOT_FOUND: line 1:8"):
        connection.cursor().execute("SELECT nope FROM (SELECT 1 AS a)")


def test_view_created_through_athena_is_stored_in_glue(local_athena: LocalAthena,  # noqa: F811
                                                        connection: Any) -> None:
    from athenakit.glue.view import decode_presto_view

    cursor = connection.cursor()
    cursor.execute("CREATE DATABASE IF NOT EXISTS serve_views")
    cursor.execute("CREATE VIEW serve_views.evens AS SELECT n FROM UNNEST(sequence(1, 6)) "
                   "AS t(n) WHERE n % 2 = 0")
    table = local_athena.client("glue").get_table(DatabaseName="serve_views",
                                                  Name="evens")["Table"]
    # https://docs.aws.amazon.com/athena/latest/ug/views.html : Athena stores views as
    # VIRTUAL_VIEW tables whose original text is the encoded Presto view
    assert table["TableType"] == "VIRTUAL_VIEW"
    view = decode_presto_view(table["ViewOriginalText"])
    assert view["columns"] == [{"name": "n", "type": "bigint"}]  # sequence() is bigint
    cursor.execute("SELECT sum(n) FROM serve_views.evens")
    assert cursor.fetchall() == [(12,)]


@pytest.mark.slow
def test_cli_serves_loads_data_and_stops_on_sigterm(tmp_path: Path) -> None:
    import boto3

    from athenakit.local.engine import LocalEngine

    data = tmp_path / "data"
    (data / "seed-bucket" / "t").mkdir(parents=True)
    (data / "seed-bucket" / "t" / "a.csv").write_text("1\n2\n")
    with LocalEngine(s3_root=data, catalog_dir=tmp_path / "catalog") as local:
        local.run("CREATE DATABASE kept")
        local.run("CREATE EXTERNAL TABLE kept.nums (n int) LOCATION 's3://seed-bucket/t/'")
    env = {**os.environ, "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "athenakit", "serve", "--port", "0", "--data", str(data),
         "--catalog-dir", str(tmp_path / "catalog")],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        first = proc.stdout.readline() if proc.stdout else ""
        assert "this machine only" in first
        url = first.split(" at ")[1].split()[0]
        assert (proc.stdout.readline() if proc.stdout else "").strip().startswith(
            f"export AWS_ENDPOINT_URL={url}")
        hint = proc.stdout.readline() if proc.stdout else ""
        # pyarrow's S3FileSystem ignores AWS_ENDPOINT_URL (apache/arrow#49643): the way round
        assert "pyarrow" in hint and "athenakit.testing" in hint
        assert "ManagedQueryResultsConfiguration" in hint
        s3 = boto3.client("s3", endpoint_url=url, **CLIENT)
        body = s3.get_object(Bucket="seed-bucket", Key="t/a.csv")["Body"].read()
        assert body == b"1\n2\n"
        athena = boto3.client("athena", endpoint_url=url, **CLIENT)
        query_id = athena.start_query_execution(
            QueryString="SELECT sum(n) FROM kept.nums",
            ResultConfiguration={"OutputLocation": "s3://seed-bucket/results/"})[
            "QueryExecutionId"]
        while (state := athena.get_query_execution(QueryExecutionId=query_id)[
                "QueryExecution"]["Status"]["State"]) in ("QUEUED", "RUNNING"):
            time.sleep(0.05)
        assert state == "SUCCEEDED"
        rows = athena.get_query_results(QueryExecutionId=query_id)["ResultSet"]["Rows"]
        assert rows[1]["Data"][0]["VarCharValue"] == "3"
        for sql in ("CREATE EXTERNAL TABLE kept.more (m string) LOCATION 's3://seed-bucket/m/'",
                    "CREATE VIEW kept.doubled AS SELECT n * 2 AS d FROM kept.nums"):
            query_id = athena.start_query_execution(QueryString=sql, ResultConfiguration={
                "OutputLocation": "s3://seed-bucket/results/"})["QueryExecutionId"]
            while (state := athena.get_query_execution(QueryExecutionId=query_id)[
                    "QueryExecution"]["Status"]["State"]) in ("QUEUED", "RUNNING"):
                time.sleep(0.05)
            assert state == "SUCCEEDED"
    finally:
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    assert "uploaded 1 object(s)" in err
    assert "copied 1 table(s) and view(s)" in err
    assert "saved 3 table(s) and view(s)" in err
    # the catalog directory now holds what was created through the endpoint
    with LocalEngine(s3_root=data, catalog_dir=tmp_path / "catalog") as local:
        assert local.run("SELECT sum(d) FROM kept.doubled").rows == [(6,)]
        assert local.catalog.table("more", "kept") is not None
    assert "stopping" in err


EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "serve_etl"


def test_readme_shows_the_example_test_as_it_is() -> None:
    readme = (EXAMPLE.parent.parent / "README.md").read_text(encoding="utf-8")
    for name in ("conftest.py", "test_daily_revenue.py"):
        assert (EXAMPLE / name).read_text(encoding="utf-8") in readme


@pytest.mark.slow
def test_the_example_etl_test_passes() -> None:
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                           str(EXAMPLE)], capture_output=True, text=True, check=False,
                          cwd=EXAMPLE)
    assert done.returncode == 0, done.stdout[-2000:]
    assert "1 passed" in done.stdout


def test_partitions_repaired_through_athena_are_registered_in_glue(
        local_athena: LocalAthena, connection: Any) -> None:  # noqa: F811
    s3 = local_athena.client("s3")
    s3.create_bucket(Bucket="serve-parts")
    for day in ("2024-01-01", "2024-01-02"):
        s3.put_object(Bucket="serve-parts", Key=f"logs/dt={day}/a.csv", Body=b"x\ny\n")
    cursor = connection.cursor()
    cursor.execute("CREATE DATABASE IF NOT EXISTS serve_parts")
    cursor.execute("CREATE EXTERNAL TABLE serve_parts.logs (line string) PARTITIONED BY "
                   "(dt string) LOCATION 's3://serve-parts/logs/'")
    cursor.execute("MSCK REPAIR TABLE serve_parts.logs")
    parts = local_athena.client("glue").get_partitions(DatabaseName="serve_parts",
                                                       TableName="logs")["Partitions"]
    assert sorted(p["Values"][0] for p in parts) == ["2024-01-01", "2024-01-02"]
    assert sorted(p["StorageDescriptor"]["Location"].rstrip("/") for p in parts) == [
        "s3://serve-parts/logs/dt=2024-01-01", "s3://serve-parts/logs/dt=2024-01-02"]
    # every worker sees them: several queries in a row, whichever worker takes each
    for _ in range(4):
        cursor.execute("SELECT dt, count(*) FROM serve_parts.logs GROUP BY dt ORDER BY dt")
        assert cursor.fetchall() == [("2024-01-01", 2), ("2024-01-02", 2)]


def test_sqlalchemy_dialect_read_sql_and_inspect(local_athena: LocalAthena) -> None:  # noqa: F811
    import pandas as pd
    from sqlalchemy import create_engine, inspect, text

    engine = create_engine("awsathena+rest://:@athena.us-east-1.amazonaws.com:443/default"
                           f"?work_group={local_athena.workgroup}")
    frame = pd.read_sql(text(QUERY), engine)
    assert [tuple(r) for r in frame[["n", "s"]].itertuples(index=False)] == \
        [(row[0], row[2]) for row in expected_rows()]
    local_athena.query("CREATE EXTERNAL TABLE IF NOT EXISTS default.serve_sa (id int, name "
                       "string) LOCATION 's3://athenakit-query-results/serve_sa/'")
    found = inspect(engine)
    assert "serve_sa" in found.get_table_names(schema="default")
    assert [c["name"] for c in found.get_columns("serve_sa", schema="default")] == ["id", "name"]


def test_result_reuse(local_athena: LocalAthena, connection: Any) -> None:  # noqa: F811
    """https://docs.aws.amazon.com/athena/latest/ug/reusing-query-results.html"""
    athena = local_athena.client("athena")
    sql = "SELECT 'reuse me' AS r, 20 + 22 AS n"
    cursor = connection.cursor()
    cursor.execute(sql, result_reuse_enable=True, result_reuse_minutes=60)
    first = cursor.query_id
    cursor.execute(sql, result_reuse_enable=True, result_reuse_minutes=60)
    assert cursor.fetchall() == [("reuse me", 42)]
    second = athena.get_query_execution(QueryExecutionId=cursor.query_id)["QueryExecution"]
    assert second["Statistics"]["ResultReuseInformation"]["ReusedPreviousResult"] is True
    assert second["ResultConfiguration"]["OutputLocation"].endswith(f"/{first}.csv")
    cursor.execute(sql)  # reuse not asked for: it runs again
    third = athena.get_query_execution(QueryExecutionId=cursor.query_id)["QueryExecution"]
    assert third["Statistics"]["ResultReuseInformation"]["ReusedPreviousResult"] is False


@pytest.mark.slow
def test_cli_sigint_cancels_the_running_query(tmp_path: Path) -> None:
    import boto3

    env = {**os.environ, "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}
    proc = subprocess.Popen([sys.executable, "-m", "athenakit", "serve", "--port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        url = (proc.stdout.readline() if proc.stdout else "").split(" at ")[1].split()[0]
        s3 = boto3.client("s3", endpoint_url=url, **CLIENT)
        s3.create_bucket(Bucket="sigint-results")
        athena = boto3.client("athena", endpoint_url=url, **CLIENT)
        query_id = athena.start_query_execution(
            # sequence() returns at most 10,000 entries in Trino: three of them joined
            QueryString="SELECT count(*) FROM UNNEST(sequence(1, 10000)) AS a(x) "
                        "CROSS JOIN UNNEST(sequence(1, 10000)) AS b(y) "
                        "CROSS JOIN UNNEST(sequence(1, 10000)) AS c(z) WHERE x * y * z % 7 = 3",
            ResultConfiguration={"OutputLocation": "s3://sigint-results/q/"})["QueryExecutionId"]
        deadline = time.monotonic() + 30
        while athena.get_query_execution(QueryExecutionId=query_id)["QueryExecution"][
                "Status"]["State"] != "RUNNING" and time.monotonic() < deadline:
            time.sleep(0.02)
    finally:
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=60)  # the query alone would run for minutes
    assert proc.returncode == 0
    assert "running queries are cancelled" in err
    assert "Traceback" not in err


def test_fixture_loads_specs_and_sample_data(local_athena: LocalAthena) -> None:  # noqa: F811
    from athenakit.connect import connect

    root = EXAMPLE.parent
    assert local_athena.load_data(root / "data") > 0
    assert local_athena.load_tables([root / "csv_quoted.yaml", root / "alb_logs.yaml"]) == 2
    sql = ("SELECT city, count(*) AS n, round(sum(lifetime_value), 2) AS v FROM csv_quoted "
           "GROUP BY city ORDER BY city")
    served = local_athena.query(sql)
    with connect("local", tables=[root / "csv_quoted.yaml"], s3_root=root / "data") as engine:
        local = engine.run(sql).rows
    assert served == [tuple(None if v is None else str(v) for v in row) for row in local]
    assert len(served) > 1
    logs = local_athena.query("SELECT count(*) FROM logs.alb_logs")
    assert int(logs[0][0] or 0) > 0  # a spec naming its database goes there
