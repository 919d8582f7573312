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


@pytest.fixture
def mirrored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    """An endpoint whose S3 changes are written back under tmp_path/data (--write-back)."""
    from athenakit.serve import Endpoint
    from athenakit.serve.mirror import DataMirror

    for key in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):  # the engine signs S3 with them
        monkeypatch.setenv(key, "testing")

    endpoint = Endpoint(port=0).start()
    endpoint.mirror = DataMirror(tmp_path / "data", lambda: endpoint.s3("us-east-1"))
    try:
        yield endpoint, tmp_path / "data"
    finally:
        endpoint.stop()


def test_write_back_mirrors_uploads_ctas_files_and_deletions(mirrored: Any) -> None:
    import boto3
    from boto3.s3.transfer import TransferConfig

    endpoint, data = mirrored
    s3 = boto3.client("s3", endpoint_url=endpoint.url, **CLIENT)
    s3.create_bucket(Bucket="wbk")
    s3.put_object(Bucket="wbk", Key="in/a.csv", Body=b"1\n2\n")
    assert (data / "wbk" / "in" / "a.csv").read_bytes() == b"1\n2\n"
    s3.copy_object(Bucket="wbk", Key="in/b.csv", CopySource={"Bucket": "wbk", "Key": "in/a.csv"})
    assert (data / "wbk" / "in" / "b.csv").read_bytes() == b"1\n2\n"
    big = bytes(range(256)) * 24576  # 6 MiB: two parts of a multipart upload
    s3.upload_fileobj(__import__("io").BytesIO(big), "wbk", "big/blob.bin",
                      Config=TransferConfig(multipart_threshold=5 * 1024 * 1024,
                                            multipart_chunksize=5 * 1024 * 1024))
    assert (data / "wbk" / "big" / "blob.bin").read_bytes() == big
    s3.delete_object(Bucket="wbk", Key="in/b.csv")
    assert not (data / "wbk" / "in" / "b.csv").exists()
    s3.delete_objects(Bucket="wbk", Delete={"Objects": [{"Key": "big/blob.bin"}]})
    assert not (data / "wbk" / "big" / "blob.bin").exists()
    athena = boto3.client("athena", endpoint_url=endpoint.url, **CLIENT)
    where = {"ResultConfiguration": {"OutputLocation": "s3://wbk/results/"}}
    assert _run(athena, "CREATE TABLE copied WITH (format = 'PARQUET', external_location = "
                "'s3://wbk/copied/') AS SELECT x FROM UNNEST(sequence(1, 4)) AS t(x)",
                **where) == "SUCCEEDED"
    written = sorted(p.name for p in (data / "wbk" / "copied").iterdir())
    listed = sorted(o["Key"].rpartition("/")[2] for o in
                    s3.list_objects_v2(Bucket="wbk", Prefix="copied/")["Contents"])
    assert written == listed and len(written) >= 1
    # the query results land there too: <id>.csv and its .csv.metadata
    assert any(p.suffix == ".metadata" for p in (data / "wbk" / "results").iterdir())


def test_write_back_never_leaves_the_directory(tmp_path: Path) -> None:
    from athenakit.serve.mirror import DataMirror, changed_keys

    mirror = DataMirror(tmp_path / "data", lambda: None)
    assert mirror._path("b", "../../escape") is None
    assert mirror._path("..", "x") is None
    assert mirror._path("b", "k/v.csv") == (tmp_path / "data" / "b" / "k" / "v.csv").resolve()
    body = b"<Delete><Object><Key>a&amp;b</Key></Object><Object><Key>c/d</Key></Object></Delete>"
    host = "127.0.0.1:4566"
    assert changed_keys("POST", host, "/bkt", "delete", body) == ("bkt", ["a&b", "c/d"])
    assert changed_keys("PUT", host, "/bkt/k%20x", "", b"") == ("bkt", ["k x"])
    assert changed_keys("PUT", host, "/bkt", "", b"") == ("bkt", [])
    # virtual-hosted style: the bucket is in the Host header
    assert changed_keys("PUT", "bkt.localhost:4566", "/k/v.csv", "", b"") == ("bkt", ["k/v.csv"])
    assert changed_keys("POST", "bkt.s3.localhost:4566", "/", "delete", body) == (
        "bkt", ["a&b", "c/d"])


# https://docs.aws.amazon.com/AmazonS3/latest/userguide/VirtualHosting.html
@pytest.mark.parametrize(("host", "bucket"), [
    ("127.0.0.1:4566", None), ("[::1]:4566", None), ("localhost:4566", None),
    ("localhost", None), ("myhost:80", None), ("s3.amazonaws.com", None),
    ("s3.us-west-2.amazonaws.com", None), ("s3-us-west-2.amazonaws.com", None),
    ("bkt.localhost:4566", "bkt"), ("bkt.s3.localhost:4566", "bkt"),
    ("my-bucket.s3.us-west-2.amazonaws.com", "my-bucket"),
    ("my.dotted.bucket.s3.amazonaws.com", "my.dotted.bucket"),
])
def test_bucket_of_a_virtual_hosted_request(host: str, bucket: str | None) -> None:
    from athenakit.serve.mirror import host_bucket

    assert host_bucket(host) == bucket


def test_write_back_of_virtual_hosted_requests(mirrored: Any) -> None:
    """boto3 addresses buckets as ``bucket.HOST`` when the endpoint is a host name
    (``addressing_style`` virtual, or auto with a name that is no IP address); the requests
    go through the endpoint as an HTTP proxy, so no DNS entry for ``bucket.localhost`` is
    needed."""
    import boto3
    from botocore.config import Config

    endpoint, data = mirrored
    config = Config(s3={"addressing_style": "virtual"}, proxies={"http": endpoint.url})
    s3 = boto3.client("s3", endpoint_url=f"http://localhost:{endpoint.port}", config=config,
                      **CLIENT)
    sent: list[str] = []
    s3.meta.events.register("before-send.s3", lambda request, **_: sent.append(request.url))
    s3.create_bucket(Bucket="vhost")
    s3.put_object(Bucket="vhost", Key="in/a.csv", Body=b"1\n")
    assert sent[-1] == f"http://vhost.localhost:{endpoint.port}/in/a.csv"
    assert (data / "vhost" / "in" / "a.csv").read_bytes() == b"1\n"
    s3.copy_object(Bucket="vhost", Key="in/b.csv", CopySource={"Bucket": "vhost",
                                                               "Key": "in/a.csv"})
    assert (data / "vhost" / "in" / "b.csv").read_bytes() == b"1\n"
    s3.delete_objects(Bucket="vhost", Delete={"Objects": [{"Key": "in/a.csv"}]})
    assert not (data / "vhost" / "in" / "a.csv").exists()
    s3.delete_object(Bucket="vhost", Key="in/b.csv")
    assert not (data / "vhost" / "in" / "b.csv").exists()
    # nothing was written as if the first path segment were a bucket
    assert sorted(p.name for p in data.iterdir()) == ["vhost"]


def test_cli_write_back_needs_data() -> None:
    done = subprocess.run([sys.executable, "-m", "athenakit", "serve", "--port", "0",
                           "--write-back"], check=False, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 2
    assert done.stderr.strip() == "athenakit: --write-back needs --data DIR"
