"""pytest fixtures that run users' Athena code against ``athenakit serve``, without AWS.

Enable them in a ``conftest.py`` with ``pytest_plugins = ["athenakit.testing"]``. Then:

* ``local_athena_endpoint`` (session): the endpoint on a free 127.0.0.1 port, with a results
  bucket and a workgroup whose output location is in it;
* ``local_athena`` (per test): the same endpoint, with ``AWS_ENDPOINT_URL``, the region and fake
  credentials set in the environment for the test, so unmodified boto3 / pyathena code talks to
  it. For the test's duration, ``pyarrow.fs.S3FileSystem`` created without an
  ``endpoint_override`` talks to the endpoint too (pyarrow ignores ``AWS_ENDPOINT_URL``; this is
  what pyathena's ArrowCursor reads results with): :mod:`athenakit.serve.pyarrow_s3`. Opt out
  with ``athenakit_pyarrow_s3 = false`` in the pytest ini file, or for one test with
  ``@pytest.mark.athenakit_pyarrow_s3_untouched``.

Both give a :class:`LocalAthena`: ``load_tables(specs)`` creates spec files' tables in Glue,
``load_data(dir)`` uploads ``DIR/bucket/key`` files into S3, ``query(sql)`` runs one statement
through the Athena API and returns its rows. State (buckets, tables, queries) lasts for the
session: give each test its own names.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from athenakit.errors import QueryError

REGION = "us-east-1"
RESULTS_BUCKET = "athenakit-query-results"
WORKGROUP = "athenakit-tests"
MANAGED_WORKGROUP = "athenakit-tests-managed"
INI_PYARROW = "athenakit_pyarrow_s3"
MARK_UNTOUCHED = "athenakit_pyarrow_s3_untouched"
FAKE_CREDENTIALS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}
_FAKE_KEYS: dict[str, Any] = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}


@dataclass
class LocalAthena:
    """The running endpoint and what the fixtures made in it.

    Attributes:
        url: the endpoint (``http://127.0.0.1:PORT``), the value of ``AWS_ENDPOINT_URL``.
        region: the region the fixtures use.
        bucket: the results bucket.
        workgroup: a workgroup whose results go to ``s3://BUCKET/results/``.
        managed_workgroup: a workgroup with managed query results (no OutputLocation: clients
            read results through GetQueryResults), for pyarrow-based readers outside
            ``local_athena`` (pyathena's ArrowCursor), whose pyarrow S3 filesystem ignores
            ``AWS_ENDPOINT_URL``.
        endpoint: the :class:`~athenakit.serve.Endpoint` itself.
    """

    endpoint: Any
    region: str = REGION
    bucket: str = RESULTS_BUCKET
    workgroup: str = WORKGROUP
    managed_workgroup: str = MANAGED_WORKGROUP
    environment: dict[str, str] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return str(self.endpoint.url)

    @property
    def output(self) -> str:
        return f"s3://{self.bucket}/results/"

    def client(self, service: str) -> Any:
        """A boto3 client of ``service`` on the endpoint (fake credentials)."""
        import boto3

        session: Any = boto3.session.Session(region_name=self.region, **_FAKE_KEYS)
        return session.client(service, endpoint_url=self.url)

    def load_tables(self, specs: Sequence[str | Path] | str | Path, *,
                    database: str = "default") -> int:
        """Create the tables of spec files or folders in Glue (specs naming no database go
        into ``database``); returns how many."""
        from athenakit.serve import seed
        from athenakit.table.spec import load_specs

        paths = [specs] if isinstance(specs, (str, Path)) else list(specs)
        return seed.load_tables(self.endpoint, load_specs(paths), self.region,
                                database=database)

    def load_data(self, directory: str | Path) -> int:
        """Upload ``DIR/bucket/key`` files into S3 (buckets are created); returns how many."""
        from athenakit.serve import seed

        return seed.load_data(self.endpoint, directory, self.region)

    def query(self, sql: str, *, database: str = "default",
              timeout: float = 60.0) -> list[tuple[str | None, ...]]:
        """Run one statement through the Athena API; its rows as text (header row dropped).

        Raises:
            QueryError: the query failed or was cancelled (with Athena's reason).
        """
        athena = self.client("athena")
        query_id = athena.start_query_execution(
            QueryString=sql, WorkGroup=self.workgroup,
            QueryExecutionContext={"Database": database})["QueryExecutionId"]
        state = _wait(athena, query_id, timeout)
        if state["State"] != "SUCCEEDED":
            raise QueryError("query did not succeed", query_id=query_id, state=state["State"],
                             reason=state.get("StateChangeReason"))
        rows: list[tuple[str | None, ...]] = []
        for page in athena.get_paginator("get_query_results").paginate(
                QueryExecutionId=query_id):
            rows.extend(tuple(d.get("VarCharValue") for d in r["Data"])
                        for r in page["ResultSet"]["Rows"])
        kind = athena.get_query_execution(QueryExecutionId=query_id)["QueryExecution"]
        return rows[1:] if kind.get("SubstatementType") == "SELECT" else rows


def _wait(athena: Any, query_id: str, timeout: float) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while True:
        status: dict[str, Any] = athena.get_query_execution(
            QueryExecutionId=query_id)["QueryExecution"]["Status"]
        if status["State"] in ("SUCCEEDED", "FAILED", "CANCELLED"):
            return status
        if time.monotonic() > deadline:
            athena.stop_query_execution(QueryExecutionId=query_id)
            raise QueryError("query timed out", query_id=query_id, state=status["State"])
        time.sleep(0.02)


def start_local_athena(port: int = 0) -> LocalAthena:
    """Start an endpoint with the results bucket and the workgroup (used by the fixtures)."""
    from athenakit.serve import Endpoint, seed

    endpoint = Endpoint(port=port).start()
    local = LocalAthena(endpoint)
    local.environment = {"AWS_ENDPOINT_URL": local.url, "AWS_REGION": local.region,
                         "AWS_DEFAULT_REGION": local.region, **FAKE_CREDENTIALS}
    seed.create_bucket(endpoint, local.bucket, local.region)
    endpoint.glue(local.region)  # the default database exists before the first query
    local.client("athena").create_work_group(
        Name=local.workgroup, Description="athenakit tests",
        Configuration={"ResultConfiguration": {"OutputLocation": local.output}})
    local.client("athena").create_work_group(
        Name=local.managed_workgroup, Description="athenakit tests, managed query results",
        Configuration={"ManagedQueryResultsConfiguration": {"Enabled": True}})
    return local


@pytest.fixture(scope="session")
def local_athena_endpoint() -> Iterator[LocalAthena]:
    """The endpoint for the whole session (environment untouched)."""
    saved = {k: os.environ.get(k) for k in FAKE_CREDENTIALS}
    for key, value in FAKE_CREDENTIALS.items():  # the engine reads S3 with these
        os.environ.setdefault(key, value)
    local = start_local_athena()
    try:
        yield local
    finally:
        local.endpoint.stop()
        for key, old in saved.items():
            if old is None:
                os.environ.pop(key, None)


@pytest.fixture
def local_athena(local_athena_endpoint: LocalAthena, monkeypatch: pytest.MonkeyPatch,
                 request: pytest.FixtureRequest) -> Iterator[LocalAthena]:
    """The endpoint, with ``AWS_ENDPOINT_URL``, region and fake credentials set for the test,
    and pyarrow's ``S3FileSystem`` pointed at it (unless opted out)."""
    from athenakit.serve.pyarrow_s3 import Redirection

    monkeypatch.delenv("AWS_PROFILE", raising=False)
    for key, value in local_athena_endpoint.environment.items():
        monkeypatch.setenv(key, value)
    if not _redirect_pyarrow(request):
        yield local_athena_endpoint
        return
    with Redirection(local_athena_endpoint.url):
        yield local_athena_endpoint


def _redirect_pyarrow(request: pytest.FixtureRequest) -> bool:
    """Unless the ini option says false or the test carries the opt-out mark."""
    if request.node.get_closest_marker(MARK_UNTOUCHED) is not None:
        return False
    try:
        return bool(request.config.getini(INI_PYARROW))
    except ValueError:  # the fixtures were imported, not loaded as the plugin
        return True


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addini(INI_PYARROW, type="bool", default=True,
                  help="athenakit.testing: point pyarrow.fs.S3FileSystem created without "
                       "endpoint_override at the local endpoint during tests using "
                       "local_athena (default true)")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", f"{MARK_UNTOUCHED}: athenakit.testing leaves "
                            "pyarrow.fs.S3FileSystem as it is during this test")
