"""Delta Lake tables in Glue: the entry Athena needs to read one.

Athena's ``CREATE EXTERNAL TABLE t LOCATION '...' TBLPROPERTIES ('table_type'='DELTA')`` stores
the table property as the Glue parameter ``table_type`` and the location in the
StorageDescriptor; Athena "requires only the location property in AWS Glue to read from your
Delta Lake tables", and takes the columns, partition columns and files from the Delta log.
When Athena runs that DDL it also copies the log's schema into the Glue entry; ``apply --glue``
cannot read Delta logs, so the entry it creates has no columns until Athena or a Glue crawler
for Delta Lake syncs them. Reading a Glue entry back keeps only what the model holds: the name,
the database and the location (the synced schema and other parameters come from the log).

https://docs.aws.amazon.com/athena/latest/ug/delta-lake-tables.html
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from athenakit.errors import CatalogError
from athenakit.table.delta import TABLE_TYPE
from athenakit.table.model import Table, TableType

EXTERNAL = "EXTERNAL_TABLE"


def is_delta(glue: Mapping[str, Any]) -> bool:
    """A Glue table whose ``table_type`` parameter says DELTA (in any case)."""
    return str((glue.get("Parameters") or {}).get("table_type", "")).upper() == "DELTA"


def delta_table_input(table: Table) -> dict[str, Any]:
    """The ``TableInput`` of a Delta Lake table: name, ``table_type`` and location."""
    key, value = TABLE_TYPE
    return {"Name": table.name.lower(), "TableType": EXTERNAL,
            "Parameters": {"EXTERNAL": "TRUE", key: value},
            "PartitionKeys": [],
            "StorageDescriptor": {"Columns": [], "Location": table.location,
                                  "Compressed": False, "NumberOfBuckets": -1,
                                  "SerdeInfo": {"Parameters": {}}, "SortColumns": [],
                                  "Parameters": {}, "StoredAsSubDirectories": False}}


def table_from_delta(glue: Mapping[str, Any], database: str | None) -> Table:
    """The Delta Lake table of a Glue entry (its columns and parameters are the log's).

    Raises:
        CatalogError: the entry has no location, so no Delta log to read.
    """
    name = str(glue["Name"])
    database = database or glue.get("DatabaseName")
    location = (glue.get("StorageDescriptor") or {}).get("Location")
    if not location:
        raise CatalogError(f"glue:{database}.{name}: Delta Lake table without a location")
    return Table(name=name, database=database, table_type=TableType.DELTA, location=location)
