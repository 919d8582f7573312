"""One catalog: the in-process Glue Data Catalog is the local engine's catalog.

Before a query, a worker whose engine is older than the last change to Glue builds a fresh
engine from Glue's databases, tables and views (:func:`load`). After a DDL statement, the
difference between the engine's catalog before and after it is written back to Glue
(:func:`push`), so ``CREATE EXTERNAL TABLE`` run through Athena shows up in Glue, and a table
registered through Glue (boto3, awswrangler) is queryable, as with Athena and its Data Catalog.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from athenakit.glue.catalog import GlueCatalog
from athenakit.glue.client import GlueConfig
from athenakit.glue.view import GlueView, encode_presto_view
from athenakit.local.catalog import Catalog, PartitionKey
from athenakit.table.model import Table


@dataclass(frozen=True)
class Snapshot:
    """What a local catalog holds: databases, tables and views by (database, name)."""

    databases: frozenset[str]
    tables: dict[tuple[str, str], Table]
    views: dict[tuple[str, str], str]
    partitions: dict[tuple[str, str], dict[PartitionKey, str]] = field(default_factory=dict)

    @classmethod
    def of(cls, catalog: Catalog) -> Snapshot:
        return cls(frozenset(catalog.databases), dict(catalog.tables), dict(catalog.views),
                   {k: dict(v) for k, v in catalog.partitions.items()})


def glue_catalog(endpoint_url: str, region: str, session: Any) -> GlueCatalog:
    """A :class:`GlueCatalog` talking to the endpoint's own Glue through ``session``."""
    return GlueCatalog(GlueConfig(region=region, endpoint_url=endpoint_url), session=session)


def listed(glue: GlueCatalog, operation: str, key: str, **kwargs: Any) -> list[dict[str, Any]]:
    """Every item of a paged Glue listing (``get_databases`` / ``DatabaseList``, ...)."""
    items: list[dict[str, Any]] = []
    token: str | None = None
    while True:
        page = glue.aws.glue(operation, **kwargs, **({"NextToken": token} if token else {}))
        items.extend(page.get(key, []))
        token = page.get("NextToken")
        if not token:
            return items


def listed_names(glue: GlueCatalog) -> list[str]:
    """The names of the Glue databases, lower-cased."""
    return [str(d["Name"]).lower() for d in listed(glue, "get_databases", "DatabaseList")]


def load(glue: GlueCatalog, catalog: Catalog) -> None:
    """Fill ``catalog`` with every database, table and view of Glue.

    Tables Glue holds that are not Athena tables (no known format) are left out, as Athena
    fails on them only when they are queried.
    """
    from athenakit.errors import AthenakitError

    for entry in listed(glue, "get_databases", "DatabaseList"):
        db = str(entry["Name"])
        catalog.databases.add(db.lower())
        for raw in listed(glue, "get_tables", "TableList", DatabaseName=db):
            try:
                found = glue.from_glue(raw, db)
            except AthenakitError:  # not an Athena table (or not one the model can hold)
                continue
            if isinstance(found, GlueView):
                catalog.views[(db.lower(), found.name.lower())] = found.sql
            else:
                catalog.register(found)
                if found.partitions:
                    catalog.partitions[(db.lower(), found.name.lower())] = \
                        _partitions(glue, db, found)


def _partitions(glue: GlueCatalog, db: str, table: Table) -> dict[PartitionKey, str]:
    """The partitions Glue has registered for ``table``: (column, value) pairs -> location."""
    names = [p.name.lower() for p in table.partitions]
    return {tuple(zip(names, p["Values"])): str(p.get("StorageDescriptor", {}).get("Location"))
            for p in listed(glue, "get_partitions", "Partitions", DatabaseName=db,
                            TableName=table.name.lower())}


def push(glue: GlueCatalog, before: Snapshot, after: Snapshot,
         view_columns: Any) -> None:
    """Write the catalog changes of one DDL statement to Glue.

    Args:
        glue: the endpoint's Glue.
        before / after: the engine's catalog around the statement.
        view_columns: ``(database, name) -> [(column, type), ...]`` for a created view.
    """
    for db in sorted(after.databases - before.databases):
        glue.aws.glue("create_database", DatabaseInput={"Name": db})
    _push_objects(glue, before, after, view_columns)
    for key, found in after.partitions.items():
        partitioned = after.tables.get(key)
        if partitioned is not None and not partitioned.projection_enabled \
                and not partitioned.is_iceberg:
            _put_partitions(glue, partitioned, before.partitions.get(key, {}), found)
    for db in sorted(before.databases - after.databases):
        glue.aws.glue("delete_database", Name=db)


def _push_objects(glue: GlueCatalog, before: Snapshot, after: Snapshot,
                  view_columns: Any) -> None:
    """Tables and views created, replaced or dropped."""
    for key, table in after.tables.items():
        if before.tables.get(key) != table:
            _put_table(glue, key, table)
    for key, sql in after.views.items():
        if before.views.get(key) != sql:
            _put_view(glue, key, sql, view_columns(key))
    for key in [*(k for k in before.tables if k not in after.tables),
                *(k for k in before.views if k not in after.views)]:
        if key[0] in after.databases:
            glue.aws.glue("delete_table", DatabaseName=key[0], Name=key[1])


def _put_partitions(glue: GlueCatalog, table: Table, before: dict[PartitionKey, str],
                    after: dict[PartitionKey, str]) -> None:
    """Register added partitions (ALTER TABLE ADD PARTITION, MSCK REPAIR TABLE) and remove
    dropped ones, with BatchCreatePartition / BatchDeletePartition."""
    from athenakit.glue.partitions import PartitionSync

    sync = PartitionSync(glue.aws, table)
    added = {tuple(v for _, v in key): loc for key, loc in after.items() if key not in before}
    if added:
        sync.create(added, list(added))
    removed = [tuple(v for _, v in key) for key in before if key not in after]
    if removed:
        sync.delete(removed)


def _put_table(glue: GlueCatalog, key: tuple[str, str], table: Table) -> None:
    from athenakit.glue.convert import as_stored, table_input

    spec = as_stored(table)
    verb = "update_table" if glue.get_table(*key) is not None else "create_table"
    glue.aws.glue(verb, DatabaseName=key[0], TableInput=table_input(spec))


def _put_view(glue: GlueCatalog, key: tuple[str, str], sql: str,
              columns: list[tuple[str, str]]) -> None:
    text = encode_presto_view(sql, key[0], columns)
    table_input = {"Name": key[1], "TableType": "VIRTUAL_VIEW", "ViewOriginalText": text,
                   "ViewExpandedText": "/* Presto View */",
                   "Parameters": {"presto_view": "true", "comment": "Presto View"},
                   "StorageDescriptor": {"Columns": [{"Name": n, "Type": t} for n, t in columns]}}
    verb = "update_table" if glue.get_table(*key) is not None else "create_table"
    glue.aws.glue(verb, DatabaseName=key[0], TableInput=table_input)


def table_metadata(raw: dict[str, Any]) -> dict[str, Any]:
    """Athena's ``TableMetadata`` of a raw Glue table."""
    sd = raw.get("StorageDescriptor") or {}
    params = dict(raw.get("Parameters") or {})
    serde = sd.get("SerdeInfo") or {}
    for key, value in (("location", sd.get("Location")), ("inputformat", sd.get("InputFormat")),
                       ("outputformat", sd.get("OutputFormat")),
                       ("serde.serialization.lib", serde.get("SerializationLibrary"))):
        if value:
            params[key] = value
    for key, value in (serde.get("Parameters") or {}).items():
        params[f"serde.param.{key}"] = value
    columns = [{"Name": c["Name"], "Type": c.get("Type", ""),
                **({"Comment": c["Comment"]} if c.get("Comment") else {})}
               for c in sd.get("Columns") or []]
    partitions = [{"Name": c["Name"], "Type": c.get("Type", "")}
                  for c in raw.get("PartitionKeys") or []]
    return {"Name": raw["Name"], "CreateTime": raw.get("CreateTime", time.time()),
            "TableType": raw.get("TableType", "EXTERNAL_TABLE"), "Columns": columns,
            "PartitionKeys": partitions, "Parameters": params}
