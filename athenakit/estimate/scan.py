"""What one table read costs: the partitions a query's filters select, their objects, and the
bytes of those objects the query's columns occupy.

Partitions are selected as Athena selects them: with partition projection on, from the
projection (registered partitions ignored); otherwise from the registered partitions when the
catalog has any, else from the ``k=v`` folders found under the location. Only filters that
compare a partition column with literals narrow the selection (as in the local engine), so the
selection never misses a partition Athena would read.

https://docs.aws.amazon.com/athena/latest/ug/partitions.html
https://docs.aws.amazon.com/athena/latest/ug/partition-projection.html
"""

from __future__ import annotations

import bisect
import datetime as dt
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from athenakit.estimate.footers import parquet_columns
from athenakit.estimate.objects import Object, Store
from athenakit.estimate.orc import Unsupported, orc_columns
from athenakit.estimate.reads import TableRead
from athenakit.local import pruning
from athenakit.local.partitions import hive_values, projected_partitions, render_location
from athenakit.table.model import Table, TableType

PartitionKey = tuple[tuple[str, str], ...]

LIST_EACH_UP_TO = 20
"""Up to this many selected prefixes are listed one by one; more, and their longest common
prefix (an S3 prefix need not end at a ``/``: a day of hourly partitions shares
``.../2024-03-01-``) is listed once, 1,000 keys a page, and filtered."""


class Registered(Protocol):
    """Where registered partitions come from (the local catalog has this method)."""

    def registered(self, table: Table) -> Mapping[PartitionKey, str]:
        """Partition values -> location of each partition added to ``table``."""
        ...


@dataclass(frozen=True)
class TableScan:
    """The estimate for one table read.

    Attributes:
        table: ``database.name``.
        format: the storage format (``parquet``, ``text``, ``iceberg`` ...).
        partitions: partitions selected (None for an unpartitioned table).
        objects: objects under the selected locations.
        object_bytes: their total size.
        scanned_bytes: the bytes Athena reads of them for this query.
        columns: data columns the query reads.
    """

    table: str
    format: str
    partitions: int | None
    objects: int
    object_bytes: int
    scanned_bytes: int
    columns: tuple[str, ...]


def scan_table(
    table: Table, read: TableRead, store: Store, *, registered: Registered | None = None,
    now: dt.datetime | None = None,
) -> TableScan:
    """Estimate the bytes Athena scans for one read of ``table``.

    Raises:
        QueryError: the filters select more partitions than Athena allows, or leave an
            injected projection column unpinned (Athena fails the query the same way).
        ConfigError: a location that is not ``s3://``, or an object that cannot be read.
    """
    count, objects = _objects(table, read, store, registered, now)
    names = [c.name for c in table.columns]
    columns = read.columns(names)
    fmt = _format(table)
    scanned = sum(_read_bytes(fmt, store, o, columns) for o in objects)
    return TableScan(
        table=f"{table.database or 'default'}.{table.name}", format=fmt, partitions=count,
        objects=len(objects), object_bytes=sum(o.size for o in objects),
        scanned_bytes=scanned, columns=tuple(columns),
    )


def _read_bytes(fmt: str, store: Store, obj: Object, columns: list[str]) -> int:
    """What a query reading ``columns`` reads of one object."""
    if fmt in ("parquet", "iceberg"):
        return parquet_columns(store, obj).bytes_for(columns)
    if fmt == "orc":
        try:
            return orc_columns(store, obj).bytes_for(columns)
        except Unsupported:
            return obj.size
    return obj.size


def _format(table: Table) -> str:
    if table.table_type is not TableType.HIVE:
        return str(table.table_type.value)  # iceberg, delta
    fmt = table.storage.format
    if fmt == "custom":
        for columnar in ("parquet", "orc"):
            if columnar in (table.storage.input_format or "").lower():
                return columnar
    return fmt


def _objects(table: Table, read: TableRead, store: Store, registered: Registered | None,
             now: dt.datetime | None) -> tuple[int | None, list[Object]]:
    location = _folder(table.location or "")
    if table.table_type is TableType.ICEBERG:
        # every data file of the table's history: an upper bound for the current snapshot
        return None, [o for o in store.list(location + "data/") if o.uri.endswith(".parquet")]
    if table.table_type is TableType.DELTA:
        # the Parquet files of the table's history, whole (its columns are in the Delta log,
        # which says which files are current): an upper bound; the log's own checkpoints are
        # not data (https://docs.aws.amazon.com/athena/latest/ug/delta-lake-tables.html)
        return None, [o for o in store.list(location) if o.uri.endswith(".parquet")
                      and "/_delta_log/" not in o.uri]
    if not table.partitions:
        return None, store.list(location)
    types = {p.name.lower(): p.type.ddl for p in table.partitions}
    predicates, pinned = pruning.extract(read.where, types, set(read.aliases))

    def keep(values: Mapping[str, str]) -> bool:
        return all(n not in predicates or predicates[n](values[n]) for n in types)

    if table.projection_enabled:
        chosen = projected_partitions(table, predicates, pinned, now)
        return len(chosen), list_prefixes(store, [render_location(table, v) for v in chosen])
    known = registered.registered(table) if registered is not None else {}
    if known:
        kept = [loc for key, loc in known.items() if keep(dict(key))]
        return len(kept), list_prefixes(store, kept)
    return _hive_folders(table, location, store, keep)


def _hive_folders(table: Table, location: str, store: Store,
                  keep: Callable[[Mapping[str, str]], bool]) -> tuple[int, list[Object]]:
    names = [p.name.lower() for p in table.partitions]
    chosen: set[PartitionKey] = set()
    objects = []
    for obj in store.list(location):
        values = hive_values(obj.uri[len(location):])
        if all(n in values for n in names) and keep({n: values[n] for n in names}):
            chosen.add(tuple((n, values[n]) for n in names))
            objects.append(obj)
    return len(chosen), objects


def _folder(location: str) -> str:
    return location if location.endswith("/") else location + "/"


def list_prefixes(store: Store, prefixes: Sequence[str]) -> list[Object]:
    """The objects under each of ``prefixes`` (folders), with as few listing calls as it takes.

    Returns:
        Objects in the order of the listing; each object once.
    """
    folders = sorted({_folder(p) for p in prefixes})
    parent = os.path.commonprefix(folders)
    # s3://bucket/ is the least one listing can cover: prefixes in several buckets go one by one
    if len(folders) <= LIST_EACH_UP_TO or parent.count("/") < 3:
        return [o for folder in folders for o in store.list(folder)]
    return [o for o in store.list(parent) if _under_one(o.uri, folders)]


def _under_one(uri: str, folders: list[str]) -> bool:
    index = bisect.bisect_right(folders, uri) - 1
    return index >= 0 and uri.startswith(folders[index])
