"""``import`` and ``ddl`` as a user meets them in the first hour, and the Python API's traps."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from athenakit.errors import SpecError, SqlError
from athenakit.table.importer import import_ddl
from athenakit.table.model import Column, Partition, ProjectionConfig, Table
from athenakit.table.projection import DateProjection, IntegerProjection
from athenakit.table.render import create_table

ROOT = Path(__file__).parent.parent.parent


def athenakit(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "athenakit", *args], input=stdin,
                          capture_output=True, text=True, cwd=ROOT, check=False)


# --- import ---------------------------------------------------------------------------------

def test_an_unknown_type_names_the_column_and_suggests_the_type() -> None:
    with pytest.raises(SqlError) as err:
        import_ddl("CREATE EXTERNAL TABLE t (\n  id bigint,\n  a strin\n) LOCATION 's3://b/t/'")
    assert "unknown type 'strin' for column a; did you mean 'string'?" in str(err.value)
    assert (err.value.line, err.value.column) == (3, 5)


def test_catalog_only_properties_are_not_imported() -> None:
    # SHOW CREATE TABLE prints the metastore's transient_lastDdlTime; it is no table setting
    [t] = import_ddl("CREATE EXTERNAL TABLE t (a int) LOCATION 's3://b/t/' TBLPROPERTIES "
                     "('transient_lastDdlTime'='1700000000', 'classification'='csv')")
    assert dict(t.properties) == {"classification": "csv"}


def test_import_keeps_sqlglot_log_lines_off_stderr() -> None:
    ddl = ("MSCK REPAIR TABLE t;\nCREATE EXTERNAL TABLE t (a string) LOCATION 's3://b/t/';\n"
           "SHOW TABLES")
    proc = athenakit("import", "-", stdin=ddl)
    assert proc.returncode == 0, proc.stderr
    assert "Falling back" not in proc.stderr and "unsupported syntax" not in proc.stderr


def test_projection_keys_without_projection_enabled_stay_off_after_a_round_trip() -> None:
    # partition-projection-setting-up.html: projection is used only with projection.enabled=true
    ddl = ("CREATE EXTERNAL TABLE t (a int) PARTITIONED BY (n int) LOCATION 's3://b/t/' "
           "TBLPROPERTIES ('projection.n.type'='integer', 'projection.n.range'='1,9')")
    [t] = import_ddl(ddl)
    assert not t.projection_enabled
    assert "'projection.enabled'='false'" in create_table(t)


# --- ddl ------------------------------------------------------------------------------------

def test_ddl_warnings_name_their_spec_file(tmp_path: Path) -> None:
    spec = tmp_path / "t.yaml"
    spec.write_text("name: t\nlocation: s3://b/t\ncolumns:\n  - {name: a, type: string}\n")
    proc = athenakit("ddl", str(spec))
    assert proc.returncode == 0
    assert f"athenakit: {spec}:2: location: warning AK115" in proc.stderr


def test_msck_on_a_projected_table_says_it_does_nothing(tmp_path: Path) -> None:
    # partition-projection.html: registered partitions are ignored while projection is on
    spec = tmp_path / "p.yaml"
    spec.write_text(
        "name: p\nlocation: s3://b/p/\ncolumns:\n  - {name: a, type: string}\n"
        "partitions:\n  - name: n\n    type: int\n    projection: {type: integer, range: [1, 9]}\n")
    proc = athenakit("ddl", str(spec), "--statement", "msck")
    assert proc.returncode == 0 and proc.stdout == "MSCK REPAIR TABLE p;\n"
    assert "uses partition projection" in proc.stderr and "does nothing" in proc.stderr


# --- Python API -----------------------------------------------------------------------------

def _partitioned(**table: object) -> Table:
    part = Partition("dt", "string", projection=DateProjection(
        range=("2024-01-01", "NOW"), interval=1, interval_unit="DAYS"))
    return Table("t", (Column("a", "string"),), partitions=(part,), location="s3://b/t/",
                 **table)  # type: ignore[arg-type]


def test_a_partition_projection_is_on_without_a_projection_config_as_in_spec_files() -> None:
    table = _partitioned()
    assert table.projection == ProjectionConfig()
    assert "'projection.dt.type'='date'" in create_table(table)


def test_an_explicit_projection_config_is_kept() -> None:
    assert not _partitioned(projection=ProjectionConfig(enabled=False)).projection_enabled


def test_projection_numbers_may_be_ints() -> None:
    table = _partitioned()
    assert "'projection.dt.interval'='1'" in create_table(table)
    part = Partition("n", "int", projection=IntegerProjection(range=(0, 23), digits=2))
    t = Table("h", (Column("a", "string"),), partitions=(part,), location="s3://b/h/")
    assert "'projection.n.range'='0,23'" in create_table(t)


def test_storage_may_be_a_format_name() -> None:
    table = _partitioned(storage="parquet")
    assert table.storage.format == "parquet" and "STORED AS PARQUET" in create_table(table)


@pytest.mark.parametrize("storage", ["csvv", 3])
def test_a_bad_storage_is_a_spec_error(storage: object) -> None:
    with pytest.raises(SpecError) as err:
        _partitioned(storage=storage)
    assert err.value.diagnostics[0].path.startswith("storage")


def test_a_delta_lake_table_is_check_clean_and_imports_as_a_delta_table() -> None:
    # delta-lake-tables.html: no columns; the schema comes from the Delta log
    from athenakit.check import check
    from athenakit.table.model import TableType

    ddl = ("CREATE EXTERNAL TABLE d LOCATION 's3://b/d/' "
           "TBLPROPERTIES ('table_type'='DELTA')")
    assert check(ddl) == []
    [table] = import_ddl(ddl)
    assert (table.table_type, table.location, table.columns) == (TableType.DELTA, "s3://b/d/", ())
