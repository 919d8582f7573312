"""Read Iceberg tables: the current or a past snapshot, pruned by the query's simple predicates.

A table reference becomes a DuckDB view over the Arrow table pyiceberg's scan returns. Simple
conjuncts of the WHERE clause (``col = 1``, ``col >= 'x'``, ``col IN (...)``) become pyiceberg's
row filter, which skips partitions and files by their metadata; DuckDB still applies the whole
WHERE clause. ``FOR VERSION AS OF`` / ``FOR TIMESTAMP AS OF`` pick the snapshot.

https://docs.aws.amazon.com/athena/latest/ug/querying-iceberg-table-data.html
https://docs.aws.amazon.com/athena/latest/ug/querying-iceberg-time-travel-and-version-travel-queries.html
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from sqlglot import exp

from athenakit.errors import QueryError
from athenakit.local.iceberg.store import store
from athenakit.table.model import Table

if TYPE_CHECKING:
    from athenakit.local.scan import Resolver, ScanState

ROW_IDS = "ak_iceberg_row_ids"
FILE, POS = "__ak_file", "__ak_pos"
_COUNTER = itertools.count()
_REGISTERED: dict[int, tuple[int, list[str]]] = {}


@dataclass
class Target:
    """What a row-level statement's read of its target table found (filled by :func:`point`)."""

    table: Any = None
    tasks: list[Any] = field(default_factory=list)
    data: Any = None


def register(resolver: Resolver, state: ScanState, data: Any) -> str:
    """Register an Arrow table on the connection for this statement; returns its view name.

    Views registered by earlier statements are dropped first, so their Arrow data is freed.
    """
    key = id(resolver.con)
    owner, names = _REGISTERED.get(key, (id(state), []))
    if owner != id(state):
        names = [old for old in names if not _unregister(resolver.con, old)]
    name = f"__ak_iceberg_{next(_COUNTER)}"
    resolver.con.register(name, data)
    _REGISTERED[key] = (id(state), [*names, name])
    return name


def _unregister(con: Any, name: str) -> bool:
    import duckdb

    try:
        con.unregister(name)
    except duckdb.Error:  # a result still open on the connection: try again next time
        return False
    return True


def swap(node: exp.Table, name: str) -> None:
    """Point ``node`` at the registered view ``name``, keeping the query's alias."""
    from athenakit.local.nodes import relation_alias, relation_name

    node.replace(exp.Table(this=relation_name(node, name), alias=relation_alias(node)))


def replace(node: exp.Table, name: str, table: Table, state: ScanState) -> None:
    """:func:`swap`, and the table's column types for the translation."""
    for col in table.columns:
        state.column_types.setdefault(col.name.lower(), col.type.dml)
    swap(node, name)


def point(resolver: Resolver, node: exp.Table, table: Table, state: ScanState) -> None:
    """Replace ``node`` by a view over the Iceberg table's rows (at the requested snapshot)."""
    from pyiceberg.expressions import AlwaysTrue

    from athenakit.local.iceberg.filters import row_filter

    ptable = store(resolver.catalog, resolver.paths).load(table)
    snapshot = _snapshot(resolver, node, ptable, table)
    target: Target | None = node.meta.get(ROW_IDS)
    scan = ptable.scan(row_filter=row_filter(node, table), snapshot_id=snapshot)
    tasks = list(scan.plan_files())
    state.scanned_bytes += sum(t.file.file_size_in_bytes for t in tasks)
    if target is None:
        data = _reader(ptable, scan, scan.row_filter).to_table(tasks)
    else:  # whole files, each row tagged with its file and position, for a rewrite
        data = _with_row_ids(_reader(ptable, scan, AlwaysTrue()), tasks)
        target.table, target.tasks, target.data = ptable, tasks, data
    replace(node, register(resolver, state, data), table, state)


def _reader(ptable: Any, scan: Any, row_filter: Any) -> Any:
    from pyiceberg.io.pyarrow import ArrowScan

    return ArrowScan(ptable.metadata, ptable.io, scan.projection(), row_filter,
                     case_sensitive=False)


def _with_row_ids(reader: Any, tasks: list[Any]) -> Any:
    import pyarrow as pa

    parts = []
    for index, task in enumerate(tasks or [None]):
        data = reader.to_table([task] if task is not None else [])
        rows = data.num_rows
        parts.append(data.append_column(FILE, pa.array([index] * rows, pa.int64()))
                     .append_column(POS, pa.array(range(rows), pa.int64())))
    return pa.concat_tables(parts)


def _snapshot(resolver: Resolver, node: exp.Table, ptable: Any, table: Table) -> int | None:
    version = node.args.get("version")
    if not isinstance(version, exp.Version):
        return None
    kind = str(version.this).upper()
    value = _evaluate(resolver, version.expression)
    name = ".".join(table.qualified_name)
    if kind == "VERSION":
        if not isinstance(value, int) or ptable.metadata.snapshot_by_id(value) is None:
            # Trino's IcebergUtil message, which Athena returns
            raise QueryError("INVALID_ARGUMENT", state="FAILED",
                             reason=f"Iceberg snapshot ID does not exists: {value}")
        return value
    if not isinstance(value, datetime):
        raise QueryError("TYPE_MISMATCH", state="FAILED",
                         reason="FOR TIMESTAMP AS OF needs a timestamp with time zone")
    moment = value if value.tzinfo else value.replace(tzinfo=timezone.utc)
    found = ptable.snapshot_as_of_timestamp(int(moment.timestamp() * 1000))
    if found is None:
        raise QueryError("INVALID_ARGUMENT", state="FAILED",
                         reason=f"No version history table {name} at or before {value}")
    return int(found.snapshot_id)


def _evaluate(resolver: Resolver, expression: exp.Expression) -> Any:
    from athenakit.local import session, translate

    sql = translate.to_duckdb(exp.select(expression.copy()))
    return session.run(resolver.con, sql, query_id="time-travel").fetchall()[0][0]
