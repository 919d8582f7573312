"""The metadata tables Athena exposes for an Iceberg table: ``"t$history"``, ``"t$snapshots"``,
``"t$files"``, ``"t$manifests"``, ``"t$partitions"``, read through pyiceberg's inspection API.

https://docs.aws.amazon.com/athena/latest/ug/querying-iceberg-table-metadata.html
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlglot import exp

from athenakit.errors import QueryError
from athenakit.local.iceberg.scan import register, swap
from athenakit.local.iceberg.store import store

if TYPE_CHECKING:
    from athenakit.local.scan import Resolver, ScanState

# Trino's column sets (io.trino.plugin.iceberg.*Table), in pyiceberg's spelling
_COLUMNS = {
    "history": ("made_current_at", "snapshot_id", "parent_id", "is_current_ancestor"),
    "snapshots": ("committed_at", "snapshot_id", "parent_id", "operation", "manifest_list",
                  "summary"),
    "files": ("content", "file_path", "file_format", "spec_id", "partition", "record_count",
              "file_size_in_bytes", "column_sizes", "value_counts", "null_value_counts",
              "nan_value_counts", "lower_bounds", "upper_bounds", "key_metadata",
              "split_offsets", "equality_ids", "sort_order_id"),
    "manifests": ("path", "length", "partition_spec_id", "added_snapshot_id",
                  "added_data_files_count", "existing_data_files_count",
                  "deleted_data_files_count", "partition_summaries"),
    "partitions": ("partition", "record_count", "file_count", "total_data_file_size_in_bytes"),
}
# pyiceberg's name -> Trino's
_RENAMED = {"total_data_file_size_in_bytes": "total_size"}


def point(resolver: Resolver, node: exp.Table, state: ScanState) -> bool:
    """Replace a ``"table$kind"`` reference by a view of that metadata; False if not one.

    Raises:
        QueryError: the base table is not an Iceberg table, or the kind is unknown.
    """
    base, sep, kind = node.name.rpartition("$")
    table = resolver.catalog.table(base, node.db or None) if sep else None
    if table is None:
        return False
    if not table.is_iceberg or kind.lower() not in _COLUMNS:
        raise QueryError("TABLE_NOT_FOUND", state="FAILED",
                         reason=f"table {node.name} does not exist")
    ptable = store(resolver.catalog, resolver.paths).load(table)
    data = getattr(ptable.inspect, kind.lower())()
    columns = [c for c in _COLUMNS[kind.lower()] if c in data.column_names]
    picked = data.select(columns).rename_columns([_RENAMED.get(c, c) for c in columns])
    swap(node, register(resolver, state, picked))
    return True
