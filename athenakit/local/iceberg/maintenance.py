"""OPTIMIZE ... REWRITE DATA USING BIN_PACK and VACUUM on Iceberg tables.

OPTIMIZE compacts, per partition, the data files outside the target size range (0.75 to 1.8
times ``write_target_data_file_size_bytes``, default 512 MB) once there are at least ``optimize_rewrite_data_file_threshold`` (default 5) of them, in one snapshot that
keeps every row. VACUUM expires the snapshots older than ``vacuum_max_snapshot_age_seconds``
(default 432,000 = 5 days), always keeping the newest ``vacuum_min_snapshots_to_keep``
(default 1), and deletes the manifest lists, manifests and data files that only expired
snapshots referenced, then the orphan data files and manifests (written by failed or lost
writes, referenced by no snapshot) older than the same age.

https://docs.aws.amazon.com/athena/latest/ug/optimize-statement.html
https://docs.aws.amazon.com/athena/latest/ug/vacuum-statement.html
https://docs.aws.amazon.com/athena/latest/ug/querying-iceberg-creating-tables.html (properties)
"""

from __future__ import annotations

import re
import time
from typing import TYPE_CHECKING, Any

from sqlglot import exp

from athenakit.errors import QueryError
from athenakit.table.model import Table

if TYPE_CHECKING:
    from athenakit.local.statements import StatementRunner

_NAME = r"(?P<name>(?:\"[^\"]+\"|`[^`]+`|\w+)(?:\s*\.\s*(?:\"[^\"]+\"|`[^`]+`|\w+))?)"
_OPTIMIZE = re.compile(rf"^\s*OPTIMIZE\s+{_NAME}\s+REWRITE\s+DATA\s+USING\s+BIN_PACK"
                       r"(?:\s+WHERE\s+(?P<where>.*?))?\s*;?\s*$", re.IGNORECASE | re.DOTALL)
_VACUUM = re.compile(rf"^\s*VACUUM\s+{_NAME}\s*;?\s*$", re.IGNORECASE | re.DOTALL)
# Iceberg's write.target-file-size-bytes default and BinPack's min/max ratios (0.75, 1.8)
TARGET_SIZE = 512 * 1024 * 1024


class Maintenance(exp.Expression):
    """``OPTIMIZE t REWRITE DATA USING BIN_PACK [WHERE p]`` or ``VACUUM t`` (sqlglot has neither).
    """

    arg_types = {"this": True, "kind": True, "where": False}  # noqa: RUF012


def parse(sql: str) -> Maintenance | None:
    """Recognise OPTIMIZE / VACUUM, or return None."""
    from athenakit.local.translate import parse as parse_sql

    found = _OPTIMIZE.match(sql) or _VACUUM.match(sql)
    if found is None:
        return None
    select = parse_sql(f"SELECT * FROM {found.group('name')}")[0]
    table = select.find(exp.Table)
    where = found.groupdict().get("where")
    condition = parse_sql(f"SELECT 1 WHERE {where}")[0].args["where"].this if where else None
    kind = "optimize" if found.re is _OPTIMIZE else "vacuum"
    return Maintenance(this=table, kind=kind, where=condition)


def run(runner: StatementRunner, tree: Maintenance, query_id: str) -> int:
    """Run OPTIMIZE or VACUUM; returns the bytes scanned."""
    from athenakit.local.iceberg.dml import iceberg_table

    node = tree.this
    table = iceberg_table(runner, node, str(tree.args["kind"]).upper())
    if tree.args["kind"] == "vacuum":
        vacuum(runner, table)
        return 0
    return optimize(runner, table, node, tree.args.get("where"), query_id)


def _int(table: Table, key: str, default: int) -> int:
    value = table.properties.get(key)
    try:
        return int(value) if value is not None else default
    except ValueError:
        raise QueryError("INVALID_TABLE_PROPERTY", state="FAILED",
                         reason=f"table property {key} must be an integer, got {value!r}"
                         ) from None


def optimize(runner: StatementRunner, table: Table, node: exp.Table,
             where: exp.Expression | None, query_id: str) -> int:
    """Compact small (or oversized) data files, per partition, in one snapshot.

    Raises:
        QueryError: the WHERE clause names a column that is not a partition source.
    """
    from athenakit.local.iceberg.commit import rewrite
    from athenakit.local.iceberg.dml import select_rows, target_ref
    from athenakit.local.iceberg.scan import FILE, POS

    sources = {p.column.lower() for p in table.partitioning}
    used = {c.name.lower() for c in where.find_all(exp.Column)} if where is not None else set()
    if used - sources:
        # https://docs.aws.amazon.com/athena/latest/ug/optimize-statement.html
        raise QueryError("INVALID_ARGUMENT", state="FAILED",
                         reason="OPTIMIZE WHERE may only reference partition columns, not "
                         f"{', '.join(sorted(used - sources))}")
    ref, target = target_ref(node)
    query = exp.select(exp.column(FILE, ref.alias_or_name)).distinct().from_(ref, copy=False)
    if where is not None:
        query = query.where(where.copy(), copy=False)
    chosen, scanned = select_rows(runner, query, query_id)
    files = _candidates(target.tasks, set(chosen[FILE].to_pylist()),
                        _int(table, "optimize_rewrite_data_file_threshold", 5),
                        _int(table, "write_target_data_file_size_bytes", TARGET_SIZE))
    if files:
        import pyarrow as pa
        import pyarrow.compute as pc

        picked = target.data.filter(pc.is_in(target.data[FILE],
                                             value_set=pa.array(sorted(files), pa.int64())))
        rewrite(target, picked.select([FILE, POS]), picked.drop_columns([FILE, POS]))
    return scanned


def _candidates(tasks: list[Any], selected: set[int], threshold: int,
                target_size: int) -> set[int]:
    """Indexes of the files to rewrite: per partition, the ones outside the size range when
    there are at least ``threshold`` of them."""
    groups: dict[tuple[int, str], list[int]] = {}
    for index in selected:
        data_file = tasks[index].file
        size = data_file.file_size_in_bytes
        if 0.75 * target_size <= size <= 1.8 * target_size:
            continue
        key = (data_file.spec_id, repr(data_file.partition))
        groups.setdefault(key, []).append(index)
    return {i for members in groups.values() if len(members) >= max(threshold, 1)
            for i in members}


def vacuum(runner: StatementRunner, table: Table) -> None:
    """Expire old snapshots and delete the files only they referenced."""
    from athenakit.local.iceberg.store import store

    ptable = store(runner.catalog, runner.paths).load(table)
    max_age = _int(table, "vacuum_max_snapshot_age_seconds", 432000)
    keep = _int(table, "vacuum_min_snapshots_to_keep", 1)
    snapshots = sorted(ptable.snapshots(), key=lambda s: s.timestamp_ms, reverse=True)
    current = ptable.current_snapshot()
    cutoff = time.time() * 1000 - max_age * 1000
    expired = [s for i, s in enumerate(snapshots) if i >= keep and s.timestamp_ms < cutoff
               and (current is None or s.snapshot_id != current.snapshot_id)]
    kept = [s for s in snapshots if s not in expired]
    if expired:
        before = _files(ptable, expired)
        ptable.maintenance.expire_snapshots().by_ids([s.snapshot_id for s in expired]).commit()
        for path in sorted(before - _files(ptable, kept)):
            ptable.io.delete(path)
    _remove_orphans(runner, table, _files(ptable, kept), cutoff / 1000)


def _remove_orphans(runner: StatementRunner, table: Table, live: set[str],
                    cutoff: float) -> None:
    """Delete data files and manifests under the table that no snapshot references and that
    are older than the cutoff (left by failed writes); metadata JSON files are kept."""
    referenced = {_plain(p) for p in live}
    base = (table.location or "").rstrip("/")
    for folder, suffixes in (("data", (".parquet",)), ("metadata", (".avro",))):
        for found in runner.paths.list_files(f"{base}/{folder}/"):
            if not found.path.endswith(suffixes) or _plain(found.path) in referenced:
                continue
            if _modified(runner, found.path) < cutoff:
                runner.paths.delete(found.path)


def _plain(path: str) -> str:
    """A file URI or path as a plain resolved path (``s3://`` URIs unchanged)."""
    from pathlib import Path

    if path.startswith("s3://"):
        return path
    # pyiceberg writes file:// + the raw path (partition values stay URL-quoted in names)
    local = path.removeprefix("file://") if path.startswith("file://") else \
        path.removeprefix("file:")
    return str(Path(local).resolve())


def _modified(runner: StatementRunner, path: str) -> float:
    """When an object was last written (seconds since the epoch)."""
    import os

    if not path.startswith("s3://"):
        return os.stat(path).st_mtime
    info = runner.paths.filesystem().get_file_info(path[5:])
    return float(info.mtime.timestamp()) if info.mtime is not None else time.time()


def _files(ptable: Any, snapshots: list[Any]) -> set[str]:
    """Manifest lists, manifests and live data files the snapshots reference."""
    found: set[str] = set()
    for snapshot in snapshots:
        found.add(snapshot.manifest_list)
        for manifest in snapshot.manifests(ptable.io):
            found.add(manifest.manifest_path)
            for entry in manifest.fetch_manifest_entry(ptable.io, discard_deleted=True):
                found.add(entry.data_file.file_path)
    return found
