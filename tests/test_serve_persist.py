"""What ``athenakit serve`` keeps on disk while it runs: ``--catalog-dir`` after each change."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from athenakit.testing import LocalAthena, local_athena, local_athena_endpoint  # noqa: F401

CLIENT = {"region_name": "us-east-1", "aws_access_key_id": "testing",
          "aws_secret_access_key": "testing"}


def _run(athena: Any, sql: str, **kwargs: Any) -> str:
    query_id = athena.start_query_execution(QueryString=sql, **kwargs)["QueryExecutionId"]
    while (state := athena.get_query_execution(QueryExecutionId=query_id)[
            "QueryExecution"]["Status"]["State"]) in ("QUEUED", "RUNNING"):
        time.sleep(0.05)
    return str(state)


def test_catalog_saver_saves_only_after_a_glue_change(local_athena: LocalAthena,  # noqa: F811
                                                      tmp_path: Path) -> None:
    from athenakit.local.catalog import Catalog
    from athenakit.serve.seed import CatalogSaver

    save = CatalogSaver(local_athena.endpoint, tmp_path / "cat", local_athena.region)
    assert save() is None  # nothing changed since it was made
    athena = local_athena.client("athena")
    assert _run(athena, "CREATE DATABASE saver_db", WorkGroup=local_athena.workgroup) == \
        "SUCCEEDED"
    assert _run(athena, "CREATE EXTERNAL TABLE saver_db.t (a int) LOCATION "
                f"'s3://{local_athena.bucket}/saver/'", WorkGroup=local_athena.workgroup) == \
        "SUCCEEDED"
    assert save() is not None
    assert Catalog(tmp_path / "cat").table("t", "saver_db") is not None
    assert _run(athena, "SELECT 1", WorkGroup=local_athena.workgroup) == "SUCCEEDED"
    assert save() is None  # a query is no catalog change
    assert _run(athena, "DROP TABLE saver_db.t", WorkGroup=local_athena.workgroup) == \
        "SUCCEEDED"
    assert save() is not None
    assert Catalog(tmp_path / "cat").table("t", "saver_db") is None


@pytest.mark.slow
def test_cli_saves_the_catalog_while_running(tmp_path: Path) -> None:
    import boto3

    from athenakit.local.catalog import Catalog

    catalog = tmp_path / "catalog"
    env = {**os.environ, "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "athenakit", "serve", "--port", "0", "--catalog-dir",
         str(catalog)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        url = (proc.stdout.readline() if proc.stdout else "").split(" at ")[1].split()[0]
        s3 = boto3.client("s3", endpoint_url=url, **CLIENT)
        s3.create_bucket(Bucket="persist")
        athena = boto3.client("athena", endpoint_url=url, **CLIENT)
        where = {"ResultConfiguration": {"OutputLocation": "s3://persist/results/"}}
        assert _run(athena, "CREATE EXTERNAL TABLE live (a int) LOCATION 's3://persist/t/'",
                    **where) == "SUCCEEDED"
        deadline = time.monotonic() + 60
        while Catalog(catalog).table("live", "default") is None and \
                time.monotonic() < deadline:
            time.sleep(0.1)
        # saved while the endpoint still runs, not only at its stop
        assert proc.poll() is None
        assert Catalog(catalog).table("live", "default") is not None
    finally:
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
