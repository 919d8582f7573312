"""Tables on ``s3://`` read from an S3-compatible endpoint (moto's server over HTTP)."""

from __future__ import annotations

import gzip
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from athenakit.local.engine import LocalEngine
from athenakit.table.spec import load_specs

ROOT = Path(__file__).parents[2]
DATA = ROOT / "examples" / "data"
BUCKET = "athenakit-examples"


def _upload(s3: Any, table: str) -> list[str]:
    s3.create_bucket(Bucket=BUCKET) if not s3.list_buckets()["Buckets"] else None
    keys = []
    for path in sorted((DATA / BUCKET / table).rglob("*")):
        if path.is_file():
            key = path.relative_to(DATA / BUCKET).as_posix()
            s3.put_object(Bucket=BUCKET, Key=key, Body=path.read_bytes())
            keys.append(key)
    return keys


def _spec(name: str) -> Any:
    return load_specs([str(ROOT / "examples" / f"{name}.yaml")])


def test_projection_reads_only_the_selected_hours_from_the_endpoint(s3: Any, s3_endpoint: str
                                                                   ) -> None:
    _upload(s3, "cloudfront_logs")
    folder = DATA / BUCKET / "cloudfront_logs" / "E1EXAMPLE7PSDK" / "2024" / "03" / "01" / "01"
    [local_file] = list(folder.glob("*.parquet"))
    expected = pq.read_table(local_file).column("sc_bytes").to_pylist()
    with LocalEngine(_spec("cloudfront_logs"), endpoint_url=s3_endpoint) as engine:
        result = engine.run(
            "SELECT count(*), sum(sc_bytes) FROM logs.cloudfront_logs WHERE "
            "distributionid = 'E1EXAMPLE7PSDK' AND year = 2024 AND month = 3 AND day = 1 "
            "AND hour = 1")
        assert result.rows == [(len(expected), sum(expected))]
        assert result.stats.data_scanned_bytes == local_file.stat().st_size
        # One prefix listed (the pinned hour) and one object opened: nothing else was read.
        assert (engine.paths.listed, engine.paths.opened) == (1, 1)


def test_aws_endpoint_url_environment_variable_selects_the_endpoint(
        s3: Any, s3_endpoint: str, monkeypatch: pytest.MonkeyPatch) -> None:
    _upload(s3, "alb_logs")
    monkeypatch.setenv("AWS_ENDPOINT_URL", s3_endpoint)
    [log] = list((DATA / BUCKET / "alb_logs" / "2024" / "03" / "02").glob("*.gz"))
    lines = gzip.decompress(log.read_bytes()).decode().splitlines()
    with LocalEngine(_spec("alb_logs")) as engine:
        rows = engine.run("SELECT count(*), count(elb_status_code) FROM logs.alb_logs "
                          "WHERE day = '2024/03/02'").rows
    # Lines that are not ALB records (fewer than the 29 space-separated fields) are NULL rows.
    assert rows == [(len(lines), sum(1 for line in lines if len(line.split(" ")) > 29))]


def test_hive_partition_folders_and_hidden_objects_on_the_endpoint(s3: Any,
                                                                   s3_endpoint: str) -> None:
    keys = _upload(s3, "json_events")
    assert any(k.endswith("_SUCCESS") for k in keys)
    with LocalEngine(_spec("json_events"), endpoint_url=s3_endpoint) as engine:
        result = engine.run("SELECT dt, count(*) FROM json_events WHERE dt = '2024-03-03' "
                            "GROUP BY dt")
        total = sum((DATA / BUCKET / k).stat().st_size for k in keys
                    if "dt=2024-03-03" in k and not k.endswith("_SUCCESS"))
        assert result.stats.data_scanned_bytes == total
        assert engine.paths.opened == 2


def test_writes_go_to_the_endpoint_and_refuse_a_non_empty_prefix(s3: Any,
                                                                 s3_endpoint: str) -> None:
    s3.create_bucket(Bucket="out")
    with LocalEngine(endpoint_url=s3_endpoint) as engine:
        engine.run("UNLOAD (SELECT 1 AS a, 'x' AS b) TO 's3://out/u/' WITH (format = 'JSON')")
        listed = s3.list_objects_v2(Bucket="out", Prefix="u/")["Contents"]
        assert len(listed) == 1
        body = s3.get_object(Bucket="out", Key=listed[0]["Key"])["Body"].read()
        assert body == b'{"a":1,"b":"x"}\n'  # compact, as Trino's JsonSerializer (Jackson) writes
        from athenakit.errors import QueryError

        with pytest.raises(QueryError, match="HIVE_PATH_ALREADY_EXISTS"):
            engine.run("UNLOAD (SELECT 2 AS a) TO 's3://out/u/' WITH (format = 'JSON')")
    assert s3.list_objects_v2(Bucket="out", Prefix="u/")["KeyCount"] == 1


def test_run_local_removes_its_copies_of_s3_objects_when_it_ends(
        s3: Any, s3_endpoint: str, tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    _upload(s3, "alb_logs")
    temp = tmp_path / "tmp"
    temp.mkdir()
    env = {**os.environ, "AWS_ENDPOINT_URL": s3_endpoint, "TMPDIR": str(temp)}
    done = subprocess.run(
        [sys.executable, "-m", "athenakit", "run", "--local", "--tables",
         str(ROOT / "examples" / "alb_logs.yaml"), "-q", "--format", "csv",
         "SELECT count(*) > 0 AS some FROM logs.alb_logs WHERE day = '2024/03/02'"],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["some", "True"]
    assert not list(temp.glob("athenakit-s3-*"))  # the engine was closed at the end
