"""The AWS Glue Data Catalog: tables read into the model, specs applied, partitions synced.

This package owns everything athenakit says to Glue (and the S3 reads Glue needs): reading a
Glue table back into a :class:`~athenakit.table.model.Table` losslessly (Hive tables with their
SerDe, formats, parameters and every projection property; Iceberg tables through their
``metadata_location``; Delta Lake tables as their location; views, whose Presto view text is
decoded into a :class:`GlueView`), creating and safely updating tables with ``CreateTable`` /
``UpdateTable`` exactly as Athena's own DDL would store them, and registering partition folders
of tables without projection.

Modules: ``convert``, ``iceberg``, ``delta`` and ``view`` (pure: model <-> Glue structures),
``plan`` (pure: which differences are safe), ``client`` (boto3 settings and errors), ``catalog``
(reads and writes), ``partitions`` (partition sync). Region, profile and endpoint are handled as
the Athena runner handles them.

Example:
    >>> from athenakit import glue  # doctest: +SKIP
    >>> table = glue.read_table("sales", "orders", region="eu-west-1")  # doctest: +SKIP
    >>> glue.sync_partitions(table, region="eu-west-1").summary()  # doctest: +SKIP
    'added 3, already present 40'
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from athenakit.errors import CatalogError
from athenakit.glue.catalog import ApiCall, GlueCatalog, TableOutcome
from athenakit.glue.client import GlueConfig
from athenakit.glue.convert import as_stored, table_from_glue, table_input
from athenakit.glue.partitions import SyncReport
from athenakit.glue.plan import Change
from athenakit.glue.view import GlueView
from athenakit.table.model import Table

__all__ = [
    "ApiCall", "Change", "GlueCatalog", "GlueConfig", "GlueView", "SyncReport", "TableOutcome",
    "apply", "as_stored", "catalog", "read", "read_database", "read_table", "sync_partitions",
    "table_from_glue", "table_input",
]


def catalog(*, region: str | None = None, profile: str | None = None,
            endpoint_url: str | None = None, catalog_id: str | None = None,
            session: Any = None) -> GlueCatalog:
    """A :class:`GlueCatalog` for these settings (None: boto3's own lookup)."""
    return GlueCatalog(GlueConfig(region, profile, endpoint_url, catalog_id), session=session)


def read(database: str, name: str, **settings: Any) -> Table | GlueView:
    """The table or view ``database.name``; ``settings`` as for :func:`catalog`.

    Raises:
        CatalogError: it does not exist, or the call failed.
    """
    return catalog(**settings).read(database, name)


def read_table(database: str, name: str, **settings: Any) -> Table:
    """The Glue table ``database.name`` as a :class:`~athenakit.table.model.Table`.

    Args:
        database: the Glue database.
        name: the table.
        **settings: ``region``, ``profile``, ``endpoint_url``, ``catalog_id``, ``session``.

    Returns:
        The table, equal to the spec it was applied from.

    Raises:
        CatalogError: no such table, a view, or a table that is not an Athena table.
    """
    found = read(database, name, **settings)
    if isinstance(found, GlueView):
        raise CatalogError(f"glue:{database}.{name} is a view, not a table")
    return found


def read_database(database: str, **settings: Any) -> list[Table | GlueView]:
    """Every table and view of a Glue database, by name.

    Raises:
        CatalogError: the database does not exist, or a table cannot be read.
    """
    return catalog(**settings).read_database(database)


def apply(tables: Iterable[Table], *, dry_run: bool = False, check: bool = False,
          **settings: Any) -> tuple[list[ApiCall], list[TableOutcome]]:
    """Create missing databases and tables in Glue; update existing tables where safe.

    Args:
        tables: tables with a database.
        dry_run: build the calls, send none.
        check: compare only (missing tables and differences are drift).
        **settings: as for :func:`catalog`.

    Returns:
        The CreateDatabase calls and one :class:`TableOutcome` per table.

    Raises:
        CatalogError: a Glue or S3 call failed.
    """
    return catalog(**settings).apply(tables, dry_run=dry_run, check=check)


def sync_partitions(table: Table, *, prune: bool = False, dry_run: bool = False,
                    **settings: Any) -> SyncReport:
    """Register the partition folders of ``table`` that Glue does not know yet.

    Args:
        table: a partitioned Hive table without projection, with database and location.
        prune: also delete registered partitions whose folder is gone (listed in the report).
        dry_run: list only.
        **settings: as for :func:`catalog`.

    Returns:
        Added, already-present, missing and removed partitions.

    Raises:
        CatalogError: projection is on, the table is not partitioned, or a call failed.
    """
    from athenakit.glue.partitions import PartitionSync

    return PartitionSync(catalog(**settings).aws, table).run(prune=prune, dry_run=dry_run)
