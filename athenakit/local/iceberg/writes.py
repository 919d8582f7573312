"""CREATE TABLE, CTAS, INSERT INTO and DROP TABLE for Iceberg tables.

https://docs.aws.amazon.com/athena/latest/ug/querying-iceberg-creating-tables.html
https://docs.aws.amazon.com/athena/latest/ug/create-table-as.html (Iceberg CTAS properties)
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from athenakit.errors import QueryError
from athenakit.local.iceberg.commit import append, conform
from athenakit.local.iceberg.store import store
from athenakit.table.model import Column, IcebergPartition, Table, TableType

if TYPE_CHECKING:
    from athenakit.local.statements import StatementRunner


def created(runner: StatementRunner, table: Table) -> None:
    """Create (or register) the Iceberg table a CREATE TABLE just added to the catalog.

    The catalog entry is removed again when the Iceberg table cannot be made.
    """
    try:
        store(runner.catalog, runner.paths).load(table)
    except BaseException:
        runner.catalog.drop(table.name, table.database, view=False, if_exists=True)
        raise


def dropped(runner: StatementRunner, table: Table) -> None:
    """DROP TABLE: forget the Iceberg metadata pointer (files are left in place)."""
    store(runner.catalog, runner.paths).drop(table)


def insert(runner: StatementRunner, data: Any, table: Table) -> None:
    """INSERT INTO: append the rows (already in table column order) as one snapshot."""
    append(store(runner.catalog, runner.paths).load(table), data)


def ctas(runner: StatementRunner, tree: Any, props: Mapping[str, Any], data: Any,
         columns: list[tuple[str, str]]) -> None:
    """Iceberg CTAS: register the table, then create it with its rows in one commit.

    Raises:
        QueryError: ``is_external`` is not false, ``location`` is missing or holds files.
    """
    # https://docs.aws.amazon.com/athena/latest/ug/create-table-as.html : Iceberg CTAS needs
    # is_external=false and takes location (not external_location)
    if str(props.get("is_external", "true")).lower() != "false":
        raise QueryError("INVALID_TABLE_PROPERTY", state="FAILED",
                         reason="Iceberg CTAS requires 'is_external' = false")
    from sqlglot import exp

    found = tree.find(exp.LocationProperty)
    location = str(props.get("location") or (found.this.name if found is not None else ""))
    if not location:
        raise QueryError("INVALID_TABLE_PROPERTY", state="FAILED",
                         reason="Iceberg CTAS requires a 'location' property")
    location = location if location.endswith("/") else location + "/"
    if runner.paths.list_files(location):
        raise QueryError("HIVE_PATH_ALREADY_EXISTS", state="FAILED",
                         reason=f"target directory for table already exists: {location}")
    target = tree.this if isinstance(tree.this, exp.Table) else tree.find(exp.Table)
    db = (target.db or runner.catalog.default_database).lower()
    table = Table(name=target.name.lower(), database=db, location=location,
                  table_type=TableType.ICEBERG, columns=tuple(Column(n, t) for n, t in columns),
                  partitioning=tuple(_partitioning(props.get("partitioning") or [])))
    if not runner.catalog.add_table(table, if_not_exists=bool(tree.args.get("exists"))):
        return
    try:
        ptable = store(runner.catalog, runner.paths).load(table)
        append(ptable, conform(ptable, data))
    except BaseException:
        runner.catalog.drop(table.name, db, view=False, if_exists=True)
        store(runner.catalog, runner.paths).drop(table)
        raise


def _partitioning(items: Any) -> list[IcebergPartition]:
    from sqlglot import exp

    from athenakit.local.translate import parse
    from athenakit.table.import_properties import iceberg_partition

    out = []
    for item in items if isinstance(items, list) else [items]:
        node = parse(f"SELECT {item}")[0]
        assert isinstance(node, exp.Select)
        out.append(iceberg_partition(node.expressions[0]))
    return out


def created_from_ddl(runner: StatementRunner, sql: str) -> None:
    """After CREATE TABLE: create the Iceberg tables the statement defined."""
    from athenakit.table.importer import import_ddl

    for table in import_ddl(sql):
        if table.is_iceberg:
            found = runner.catalog.table(table.name, table.database)
            created(runner, found if found is not None else table)
