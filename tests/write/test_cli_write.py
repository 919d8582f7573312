"""``athenakit write`` and ``athenakit partitions`` from the command line (real processes)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
SOURCE = """name: events
database: raw
location: s3://raw/events/
columns: [{name: id, type: bigint}, {name: day, type: string}]
storage: {format: parquet}
"""
TARGET = """name: daily
database: lake
location: s3://lake/daily/
columns: [{name: id, type: bigint}]
partitions: [{name: day, type: string}]
storage: {format: parquet}
"""


def athenakit(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "athenakit", *args], cwd=ROOT,
                          capture_output=True, text=True, check=False, env=dict(os.environ))


@pytest.fixture
def lake(tmp_path: Path) -> Path:
    import pyarrow as pa
    import pyarrow.parquet as pq

    folder = tmp_path / "s3" / "raw" / "events"
    folder.mkdir(parents=True)
    rows = [{"id": i, "day": f"2024-{1 + i // 28:02d}-{1 + i % 28:02d}"} for i in range(150)]
    pq.write_table(pa.Table.from_pylist(rows), folder / "part-0.parquet")
    (tmp_path / "source.yaml").write_text(SOURCE)
    (tmp_path / "target.yaml").write_text(TARGET)
    return tmp_path


def _engine(lake: Path) -> list[str]:
    return ["--local", "--tables", str(lake / "source.yaml"), "--s3-root", str(lake / "s3"),
            "--catalog-dir", str(lake / "catalog")]


@pytest.mark.slow
def test_write_dry_run_prints_the_steps_and_writes_nothing(lake: Path) -> None:
    proc = athenakit("write", str(lake / "target.yaml"), "--select",
                     "SELECT id, day FROM raw.events", "--dry-run", *_engine(lake))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.count("-- step ") == 2
    assert "-- step 1/2: CREATE TABLE AS 100 partitions 2024-01-01 .. 2024-04-16" in proc.stdout
    assert "-- step 2/2: INSERT INTO 50 partitions 2024-04-17 .. 2024-06-10" in proc.stdout
    assert not (lake / "s3" / "lake").exists()


@pytest.mark.slow
def test_write_runs_the_steps_with_progress_and_the_rows_arrive(lake: Path) -> None:
    os.makedirs(lake / "catalog", exist_ok=True)
    subprocess.run([sys.executable, "-m", "athenakit", "run", "CREATE DATABASE lake", "-q",
                    *_engine(lake)], cwd=ROOT, check=True, capture_output=True)
    proc = athenakit("write", str(lake / "target.yaml"), "--select",
                     "SELECT id, day FROM raw.events", *_engine(lake))
    assert proc.returncode == 0, proc.stderr
    assert "[2/2] [####################] INSERT INTO 50 partitions" in proc.stderr
    assert (lake / "catalog" / ".writes" / "lake.daily.json").is_file()
    count = athenakit("run", "SELECT count(*) AS n, count(DISTINCT day) AS d FROM lake.daily",
                      "--format", "csv", "-q", *_engine(lake))
    assert count.stdout.split() == ["n,d", "150,150"]
    again = athenakit("write", str(lake / "target.yaml"), "--select", "SELECT 1", "--resume",
                      *_engine(lake))
    assert again.returncode == 1
    assert again.stderr.startswith("athenakit: error: nothing to resume")


def test_partitions_lists_the_selected_projected_partitions() -> None:
    proc = athenakit("partitions", "examples/vpc_flow_logs.yaml", "--now", "2024-06-01",
                     "--where", "accid = '111122223333' AND day BETWEEN '2024/02/28' AND "
                     "'2024/03/01' AND region = 'eu-west-1'")
    assert proc.returncode == 0, proc.stderr
    base = "s3://athenakit-examples/vpc_flow_logs/AWSLogs/111122223333/vpcflowlogs/eu-west-1"
    assert proc.stdout.splitlines() == [
        f"accid=111122223333/region=eu-west-1/day=2024/02/{d}\t{base}/2024/02/{d}/"
        for d in ("28", "29")] + [
        f"accid=111122223333/region=eu-west-1/day=2024/03/01\t{base}/2024/03/01/"]
    assert "3 projected partitions of vpc_flow_logs selected" in proc.stderr


def test_partitions_count_and_errors() -> None:
    # 2024/01/01 .. 2024/06/01 is 153 days, in 2 regions
    proc = athenakit("partitions", "examples/vpc_flow_logs.yaml", "--now", "2024-06-01T10:00:00",
                     "--where", "accid IN ('1', '2')", "--count")
    assert (proc.returncode, proc.stdout) == (0, f"{2 * 2 * 153}\n")
    bad = athenakit("partitions", "examples/vpc_flow_logs.yaml", "--where", "day > '2024'")
    assert bad.returncode == 1
    assert bad.stderr.startswith("athenakit: error: accid is an injected projection")
    assert len(bad.stderr.splitlines()) == 1


@pytest.mark.slow
def test_overwrite_dry_run_lists_the_objects_it_would_delete(lake: Path) -> None:
    subprocess.run([sys.executable, "-m", "athenakit", "run", "CREATE DATABASE lake", "-q",
                    *_engine(lake)], cwd=ROOT, check=True, capture_output=True)
    first = athenakit("write", str(lake / "target.yaml"), "--select",
                      "SELECT id, day FROM raw.events WHERE day < '2024-01-03'", *_engine(lake))
    assert first.returncode == 0, first.stderr
    proc = athenakit("write", str(lake / "target.yaml"), "--select",
                     "SELECT id, day FROM raw.events WHERE day < '2024-01-03'", "--dry-run",
                     "--mode", "overwrite-partitions", *_engine(lake))
    assert proc.returncode == 0, proc.stderr
    listed = [line for line in proc.stdout.splitlines() if line.startswith("--   ")]
    assert len(listed) == 2
    assert all(line.startswith("--   s3://lake/daily/day=2024-01-0") for line in listed)
    assert "-- first deletes the 2 object(s) now under its 2 partition folder(s):" in proc.stdout
    assert len(list((lake / "s3" / "lake" / "daily").rglob("*.parquet"))) == 2
