"""Delta Lake tables on the local engine: registered like Athena registers them, and every
statement that would read or change one refused as ``not supported locally: Delta Lake tables``.

Athena takes a Delta table's columns, partitions and files from its Delta log
(https://docs.aws.amazon.com/athena/latest/ug/delta-lake-tables.html); the local engine does
not read Delta logs, so any answer it gave (an empty table, no columns) would be wrong.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from athenakit.local.engine import LocalEngine
from athenakit.local.errors import UnsupportedLocally
from athenakit.table.model import Table, TableType

ROOT = Path(__file__).parent.parent.parent
CREATE = ("CREATE EXTERNAL TABLE lake.changes LOCATION 's3://lake/changes/' "
          "TBLPROPERTIES ('table_type' = 'DELTA')")


@pytest.fixture
def engine(tmp_path: Path) -> LocalEngine:
    import duckdb

    # Parquet files and a Delta log under the location: a reader that ignored the log would
    # answer from these files, which is what must not happen
    folder = tmp_path / "data" / "lake" / "changes"
    (folder / "_delta_log").mkdir(parents=True)
    duckdb.sql(f"COPY (SELECT 1 AS id) TO '{folder / 'part-0.parquet'}' (FORMAT PARQUET)")
    (folder / "_delta_log" / "00000000000000000000.json").write_text("{}\n")
    eng = LocalEngine([], s3_root=tmp_path / "data", catalog_dir=tmp_path / "catalog")
    eng.run("CREATE DATABASE lake")
    eng.run(CREATE)
    return eng


def test_creating_a_delta_table_registers_it(engine: LocalEngine) -> None:
    table = engine.catalog.table("changes", "lake")
    assert table is not None and table.table_type is TableType.DELTA
    assert table.location == "s3://lake/changes/"
    assert engine.run("SHOW TABLES IN lake").rows == [("changes",)]


@pytest.mark.parametrize("sql", [
    "SELECT * FROM lake.changes",
    "SELECT count(*) FROM lake.changes",
    "SELECT id FROM lake.changes WHERE id = 1",
    "WITH c AS (SELECT * FROM lake.changes) SELECT * FROM c",
    "SELECT * FROM (VALUES 1) v(x) JOIN lake.changes ON true",
    "EXPLAIN SELECT * FROM lake.changes",
    "CREATE TABLE lake.copy AS SELECT * FROM lake.changes",
    "DESCRIBE lake.changes",
    "SHOW COLUMNS IN lake.changes",
    "SHOW CREATE TABLE lake.changes",
    "SHOW TBLPROPERTIES lake.changes",
    "SHOW PARTITIONS lake.changes",
    # read-only in Athena (delta-lake-tables.html); locally not even read
    "INSERT INTO lake.changes VALUES (2)",
    "DELETE FROM lake.changes WHERE id = 1",
    "ALTER TABLE lake.changes ADD COLUMNS (note string)",
    "MSCK REPAIR TABLE lake.changes",
])
def test_a_statement_on_a_delta_table_is_refused(engine: LocalEngine, sql: str) -> None:
    with pytest.raises(UnsupportedLocally) as err:
        engine.run(sql)
    assert str(err.value).startswith("not supported locally: Delta Lake tables")
    assert engine.catalog.table("copy", "lake") is None


def test_a_delta_table_persists_and_can_be_dropped(engine: LocalEngine, tmp_path: Path) -> None:
    again = LocalEngine([], s3_root=tmp_path / "data", catalog_dir=tmp_path / "catalog")
    assert again.catalog.table("changes", "lake") == engine.catalog.table("changes", "lake")
    again.run("DROP TABLE lake.changes")
    assert again.catalog.table("changes", "lake") is None
    assert (tmp_path / "data" / "lake" / "changes" / "part-0.parquet").exists()


def test_run_local_refuses_a_delta_table_spec_in_one_line(tmp_path: Path) -> None:
    spec = tmp_path / "changes.yaml"
    spec.write_text("name: changes\ntable_type: delta\nlocation: s3://lake/changes/\n")
    proc = subprocess.run(
        [sys.executable, "-m", "athenakit", "run", "--local", "SELECT * FROM changes",
         "--tables", str(spec), "--s3-root", str(tmp_path)],
        cwd=ROOT, capture_output=True, text=True, check=False)
    assert proc.returncode != 0 and proc.stdout == ""
    assert "not supported locally: Delta Lake tables" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_a_delta_table_given_as_a_spec_is_refused_too(tmp_path: Path) -> None:
    table = Table(name="changes", table_type="delta", location="s3://lake/changes/")
    with pytest.raises(UnsupportedLocally, match="Delta Lake tables"):
        LocalEngine([table], s3_root=tmp_path).run("SELECT * FROM changes")


def test_an_estimate_counts_every_data_file_whole(tmp_path: Path) -> None:
    # The columns a query reads are in the Delta log, not in the spec: every Parquet file of
    # the table's history counts whole (an upper bound); the log's checkpoints are not data.
    import json

    import duckdb

    folder = tmp_path / "lake" / "changes"
    (folder / "_delta_log").mkdir(parents=True)
    checkpoint = "_delta_log/00000000000000000010.checkpoint.parquet"
    for name in ("part-0.parquet", "part-1.parquet", checkpoint):
        duckdb.sql(f"COPY (SELECT range AS id FROM range(100)) TO '{folder / name}' "
                   "(FORMAT PARQUET)")
    spec = tmp_path / "changes.yaml"
    spec.write_text("name: changes\ntable_type: delta\nlocation: s3://lake/changes/\n")
    proc = subprocess.run(
        [sys.executable, "-m", "athenakit", "estimate", "SELECT id FROM changes", "--tables",
         str(spec), "--s3-root", str(tmp_path), "--format", "json"],
        cwd=ROOT, capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    [read] = json.loads(proc.stdout)[0]["tables"]
    data = sum((folder / n).stat().st_size for n in ("part-0.parquet", "part-1.parquet"))
    assert (read["format"], read["objects"], read["scanned_bytes"]) == ("delta", 2, data)
