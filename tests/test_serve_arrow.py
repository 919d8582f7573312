"""pyathena's ArrowCursor, unmodified, in a workgroup with an OutputLocation: it reads the result
file with a pyarrow ``S3FileSystem`` built from the region and credentials alone, which
``athenakit.testing``'s ``local_athena`` points at the endpoint (pyarrow ignores
``AWS_ENDPOINT_URL``: apache/arrow#49643). QUERY and its rows through the local engine are those
of test_serve_clients."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from moto_harness import AthenaProxy
from test_serve_clients import QUERY, expected_rows

from athenakit.testing import LocalAthena, local_athena, local_athena_endpoint  # noqa: F401


@pytest.fixture
def proxy(local_athena: LocalAthena) -> Any:  # noqa: F811
    """A counting proxy in front of the endpoint: which API calls a client made."""
    counting = AthenaProxy(local_athena.url)
    yield counting
    counting.stop()


def _arrow_expected() -> list[tuple[Any, ...]]:
    # ArrowCursor's default converter leaves decimals as their text (pyathena's documented
    # Arrow type mapping); everything else is typed as the local engine returns it
    return [tuple(str(v) if isinstance(v, Decimal) else v for v in row)
            for row in expected_rows()]


def test_arrow_cursor_reads_the_result_file_of_an_output_location_workgroup(
        local_athena: LocalAthena, proxy: Any) -> None:  # noqa: F811
    import pyathena
    from pyathena.arrow.cursor import ArrowCursor

    connection = pyathena.connect(work_group=local_athena.workgroup,
                                  region_name=local_athena.region, endpoint_url=proxy.url)
    cursor = connection.cursor(ArrowCursor)
    table = cursor.execute(QUERY).as_arrow()
    assert table.column_names == ["n", "q", "s", "d", "m", "odd"]
    assert [tuple(r.values()) for r in table.to_pylist()] == _arrow_expected()
    # the rows came from <OutputLocation>/<id>.csv through pyarrow: the only result page
    # asked for is pyathena's one-row request for the column metadata
    assert cursor.output_location.startswith(local_athena.output)
    assert [call.get("MaxResults") for call in proxy.sent("GetQueryResults")] == [1]


def test_arrow_cursor_unload_reads_the_parquet_files(local_athena: LocalAthena) -> None:  # noqa: F811
    import pyathena
    from pyathena.arrow.cursor import ArrowCursor

    # pyathena's UNLOAD needs s3_staging_dir (where it writes the Parquet files)
    connection = pyathena.connect(s3_staging_dir=f"s3://{local_athena.bucket}/unload-arrow/",
                                  region_name=local_athena.region)
    table = connection.cursor(ArrowCursor, unload=True).execute(
        "SELECT n, CAST(n AS varchar) AS s FROM UNNEST(sequence(1, 4)) AS t(n)").as_arrow()
    assert sorted(tuple(r.values()) for r in table.to_pylist()) == [
        (1, "1"), (2, "2"), (3, "3"), (4, "4")]


def test_explicit_endpoint_override_is_left_as_given(local_athena: LocalAthena) -> None:  # noqa: F811
    from pyarrow import fs

    from athenakit.serve.pyarrow_s3 import Redirection

    def options(made: Any) -> dict[str, Any]:
        return dict(made.__reduce__()[1][0])  # the options pyarrow pickles the filesystem with

    host = local_athena.url.removeprefix("http://")
    redirected = options(fs.S3FileSystem(region="us-east-1"))
    assert (redirected["endpoint_override"], redirected["scheme"]) == (host, "http")
    assert redirected["force_virtual_addressing"] is False
    given = options(fs.S3FileSystem(region="us-east-1", endpoint_override="s3.example.com:9000",
                                    scheme="https"))
    assert (given["endpoint_override"], given["scheme"]) == ("s3.example.com:9000", "https")
    # every S3 filesystem is still an instance of the name, whichever way it was made
    found, _ = fs.FileSystem.from_uri(f"s3://{local_athena.bucket}/")
    assert isinstance(found, fs.S3FileSystem)
    # a nested redirection comes and goes, leaving the fixture's in place
    with Redirection("http://127.0.0.1:9"):
        assert options(fs.S3FileSystem())["endpoint_override"] == "127.0.0.1:9"
    assert options(fs.S3FileSystem())["endpoint_override"] == host


def test_s3_uris_reach_the_endpoint_through_aws_endpoint_url(local_athena: LocalAthena,  # noqa: F811
                                                             tmp_path: Path) -> None:
    """pyarrow's FileSystem.from_uri, which pyarrow.parquet and pyarrow.dataset use for s3://
    strings, reads AWS_ENDPOINT_URL (apache/arrow#36770), which the fixture sets: Parquet data
    written there is queried through Athena, and a CTAS's files read back by URI."""
    import pyarrow as pa
    import pyarrow.dataset as ds
    import pyarrow.parquet as pq

    bucket = local_athena.bucket
    pq.write_table(pa.table({"k": ["a", "b", "a"], "v": [1, 2, 3]}),
                   f"s3://{bucket}/arrow-uri/in/part-0.parquet")
    local_athena.query("CREATE EXTERNAL TABLE arrow_uri_in (k string, v bigint) STORED AS "
                       f"PARQUET LOCATION 's3://{bucket}/arrow-uri/in/'")
    local_athena.query("CREATE TABLE arrow_uri_out WITH (format = 'PARQUET', "
                       f"external_location = 's3://{bucket}/arrow-uri/out/') AS "
                       "SELECT k, sum(v) AS total FROM arrow_uri_in GROUP BY k")
    table = ds.dataset(f"s3://{bucket}/arrow-uri/out/", format="parquet").to_table()
    assert sorted(zip(table["k"].to_pylist(), table["total"].to_pylist(),
                      strict=True)) == [("a", 4), ("b", 2)]


def test_a_pyarrow_built_without_s3_is_left_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    """pyarrow.fs raises ImportError for S3FileSystem when pyarrow was built without S3
    (pyarrow/fs.py ``__getattr__``); a stand-in module plays that build here."""
    import types

    from athenakit.serve.pyarrow_s3 import Redirection

    def missing(name: str) -> Any:
        raise ImportError(f"The pyarrow installation is not built with support for '{name}'")

    module = types.ModuleType("pyarrow.fs")
    module.__getattr__ = missing  # type: ignore[method-assign]
    monkeypatch.setitem(sys.modules, "pyarrow.fs", module)
    with Redirection("http://127.0.0.1:9") as redirection:
        assert not redirection.active


PLUGIN_TESTS = '''
import sys

import pytest


def test_pyarrow_is_not_imported_for_the_fixture(local_athena):
    assert "pyarrow.fs" not in sys.modules


def test_a_test_importing_pyarrow_gets_the_endpoint(local_athena):
    from pyarrow import fs

    options = fs.S3FileSystem(region="us-east-1").__reduce__()[1][0]
    assert options["endpoint_override"] == local_athena.url.removeprefix("http://")
    local_athena.client("s3").create_bucket(Bucket="plugin-bucket")
    s3 = fs.S3FileSystem(region="us-east-1")
    with s3.open_output_stream("plugin-bucket/a.txt") as out:
        out.write(b"written through pyarrow")
    body = local_athena.client("s3").get_object(Bucket="plugin-bucket", Key="a.txt")["Body"]
    assert body.read() == b"written through pyarrow"


def test_restored_after_the_fixture():
    from pyarrow import _s3fs, fs

    assert fs.S3FileSystem is _s3fs.S3FileSystem


@pytest.mark.athenakit_pyarrow_s3_untouched
def test_marked_test_is_left_alone(local_athena):
    from pyarrow import _s3fs, fs

    assert fs.S3FileSystem is _s3fs.S3FileSystem
'''

INI_TEST = '''
def test_ini_option_turns_it_off(local_athena):
    from pyarrow import _s3fs, fs

    assert fs.S3FileSystem is _s3fs.S3FileSystem
'''


def _pytest(tmp_path: Path, tests: str, *options: str) -> subprocess.CompletedProcess[str]:
    (tmp_path / "conftest.py").write_text('pytest_plugins = ["athenakit.testing"]\n')
    (tmp_path / "test_plugin.py").write_text(tests)
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                           "-p", "no:randomly", *options, str(tmp_path)],
                          capture_output=True, text=True, check=False, cwd=tmp_path)


@pytest.mark.slow
def test_plugin_redirects_lazily_and_restores(tmp_path: Path) -> None:
    done = _pytest(tmp_path, PLUGIN_TESTS, "--strict-markers")
    assert done.returncode == 0, done.stdout[-3000:]
    assert "4 passed" in done.stdout


@pytest.mark.slow
def test_plugin_ini_option_opts_out(tmp_path: Path) -> None:
    done = _pytest(tmp_path, INI_TEST, "-o", "athenakit_pyarrow_s3=false")
    assert done.returncode == 0, done.stdout[-3000:]
    assert "1 passed" in done.stdout
