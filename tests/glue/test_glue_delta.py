"""Delta Lake tables through Glue (moto over HTTP): ``apply --glue`` stores what Athena's
``CREATE EXTERNAL TABLE ... TBLPROPERTIES ('table_type'='DELTA')`` stores and Athena needs to
read the table (the ``table_type`` parameter and the location), and reading back gives the same
table, whatever schema Athena synced from the Delta log into the entry.

https://docs.aws.amazon.com/athena/latest/ug/delta-lake-tables.html ("Athena requires only the
location property in AWS Glue to read from your Delta Lake tables")
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from moto_harness import REGION, MotoServer

from athenakit.cli import main
from athenakit.glue import GlueCatalog
from athenakit.table.model import Table, TableType
from athenakit.table.spec import load_spec

SPEC = "name: Changes\ndatabase: lake\ntable_type: delta\nlocation: s3://bucket/changes/\n"


def cli(moto: MotoServer, *args: str) -> int:
    return main([*args, "--region", REGION, "--endpoint-url", moto.url])


def write(tmp_path: Path, text: str, name: str = "spec.yaml") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_apply_stores_the_table_type_parameter_and_the_location(
        glue: GlueCatalog, moto: MotoServer, tmp_path: Path) -> None:
    assert cli(moto, "apply", write(tmp_path, SPEC), "--glue") == 0
    got = glue.get_table("lake", "changes")
    assert got is not None
    assert got["TableType"] == "EXTERNAL_TABLE"
    assert got["Parameters"] == {"EXTERNAL": "TRUE", "table_type": "DELTA"}
    assert got["StorageDescriptor"]["Location"] == "s3://bucket/changes/"
    assert got["StorageDescriptor"].get("Columns", []) == []
    assert got.get("PartitionKeys", []) == []


def test_a_delta_table_round_trips_through_glue(glue: GlueCatalog) -> None:
    table = Table(name="Changes", database="lake", table_type="delta",
                  location="s3://bucket/changes/")
    _, [outcome] = glue.apply([table])
    assert outcome.action == "created"
    back = glue.read("lake", "changes")
    assert back == Table(name="changes", database="lake", table_type=TableType.DELTA,
                         location="s3://bucket/changes/")
    _, [again] = glue.apply([table], check=True)
    assert (again.action, again.changes) == ("unchanged", [])


def _synced_entry(location: str) -> dict[str, Any]:
    """A Delta table's entry after Athena synced the log's schema into it."""
    return {"Name": "orders", "TableType": "EXTERNAL_TABLE",
            "Parameters": {"EXTERNAL": "TRUE", "table_type": "delta"},
            "PartitionKeys": [{"Name": "dt", "Type": "date"}],
            "StorageDescriptor": {"Location": location,
                                  "Columns": [{"Name": "id", "Type": "bigint"},
                                              {"Name": "total", "Type": "decimal(10,2)"}]}}


def test_a_synced_delta_entry_reads_as_its_location_and_is_never_rewritten(
        glue: GlueCatalog) -> None:
    glue.aws.glue("create_database", DatabaseInput={"Name": "lake"})
    glue.aws.glue("create_table", DatabaseName="lake",
                  TableInput=_synced_entry("s3://bucket/orders/"))
    back = glue.read("lake", "orders")
    assert back == Table(name="orders", database="lake", table_type="delta",
                         location="s3://bucket/orders/")
    assert isinstance(back, Table)
    _, [same] = glue.apply([back])
    assert same.action == "unchanged"
    moved = Table(name="orders", database="lake", table_type="delta",
                  location="s3://bucket/orders-v2/")
    _, [outcome] = glue.apply([moved])
    # UpdateTable would keep the schema synced from the old location's log
    assert outcome.action == "refused" and "Delta" in str(outcome.changes[0])
    got = glue.get_table("lake", "orders")
    assert got is not None and got["StorageDescriptor"]["Location"] == "s3://bucket/orders/"
    assert [c["Name"] for c in got["StorageDescriptor"]["Columns"]] == ["id", "total"]


def test_import_glue_writes_a_delta_spec_that_applies_unchanged(
        glue: GlueCatalog, moto: MotoServer, tmp_path: Path) -> None:
    assert cli(moto, "apply", write(tmp_path, SPEC), "--glue") == 0
    out = tmp_path / "out.yaml"
    assert cli(moto, "import", "glue:lake.changes", "-o", str(out)) == 0
    assert out.read_text() == SPEC.replace("Changes", "changes")
    [table] = load_spec(out)
    assert table.is_delta
    assert cli(moto, "apply", str(out), "--glue", "--check") == 0
