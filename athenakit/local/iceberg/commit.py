"""Commit changes to an Iceberg table as one snapshot each, or not at all.

Appends add data files. Row-level changes rewrite the data files that hold changed rows
(copy-on-write): one overwrite snapshot deletes those files and adds their remaining rows plus
the new rows. A write that fails before the commit leaves the table at its previous snapshot
(files already written stay unreferenced, as after a failed Athena query); a commit that finds
the table changed since it was read fails (pyiceberg's optimistic concurrency).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from athenakit.errors import QueryError
from athenakit.local.iceberg.scan import FILE, POS, Target

# https://docs.aws.amazon.com/athena/latest/ug/ctas-insert-into.html : one statement writes at
# most 100 partitions (Trino's open-writer limit)
MAX_PARTITIONS = 100


def conform(ptable: Any, data: Any) -> Any:
    """``data`` (columns in table order) renamed and cast to the table's Arrow schema.

    Raises:
        QueryError: a value cannot be cast to its column's type.
    """
    import pyarrow as pa

    schema = ptable.schema().as_arrow()
    try:
        return data.rename_columns(schema.names).cast(schema)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as err:
        raise QueryError("TYPE_MISMATCH", state="FAILED",
                         reason=str(err).splitlines()[0]) from err


def check_partitions(ptable: Any, data: Any) -> None:
    """Fail as Athena does when one statement writes rows into more than 100 partitions.

    Raises:
        QueryError: ``ICEBERG_TOO_MANY_OPEN_PARTITIONS`` (Trino's IcebergPageSink message).
    """
    import pyarrow as pa

    spec, schema = ptable.spec(), ptable.schema()
    if not spec.fields or data.num_rows <= MAX_PARTITIONS:
        return
    keys = {}
    for index, field in enumerate(spec.fields):
        source = schema.find_field(field.source_id)
        keys[f"k{index}"] = field.transform.pyarrow_transform(source.field_type)(
            data[source.name])
    if pa.table(keys).group_by(list(keys)).aggregate([]).num_rows > MAX_PARTITIONS:
        raise QueryError("query failed", state="FAILED",
                         reason="ICEBERG_TOO_MANY_OPEN_PARTITIONS: Exceeded limit of "
                         f"{MAX_PARTITIONS} open writers for partitions")


def append(ptable: Any, data: Any) -> None:
    """Append rows as one snapshot (nothing is committed for zero rows).

    Raises:
        QueryError: more than 100 partitions written, or a value that does not fit its column.
    """
    if data is not None and data.num_rows:
        rows = conform(ptable, data)
        check_partitions(ptable, rows)
        with _committing():
            ptable.append(rows)


def rewrite(target: Target, removed: Any, added: Any) -> None:
    """Remove rows by ``(__ak_file, __ak_pos)`` and add rows, in one snapshot.

    Args:
        target: the target table as read with row ids.
        removed: Arrow table with the ``__ak_file`` and ``__ak_pos`` of rows to remove.
        added: Arrow table of new rows (the table's columns, in order).
    """
    import pyarrow.compute as pc
    from pyiceberg.io.pyarrow import _dataframe_to_data_files

    ptable, data = target.table, target.data
    files = sorted(set(removed[FILE].to_pylist()))
    if not files:
        append(ptable, added)
        return
    gone = pc.add(pc.multiply(removed[FILE], 1 << 32), removed[POS])
    keys = pc.add(pc.multiply(data[FILE], 1 << 32), data[POS])
    keep = pc.and_(pc.is_in(data[FILE], value_set=_array(files)),
                   pc.invert(pc.is_in(keys, value_set=gone)))
    kept = data.filter(keep).drop_columns([FILE, POS])
    if added is not None and added.num_rows:
        check_partitions(ptable, conform(ptable, added))
    rows = conform(ptable, _concat(kept, added)).combine_chunks()
    with _committing(), ptable.transaction() as tx, tx.update_snapshot().overwrite() as overwrite:
        for index in files:
            overwrite.delete_data_file(target.tasks[index].file)
        written = _dataframe_to_data_files(table_metadata=tx.table_metadata, df=rows,
                                           io=ptable.io, write_uuid=overwrite.commit_uuid)
        for file in written if rows.num_rows else ():
            overwrite.append_data_file(file)


@contextlib.contextmanager
def _committing() -> Iterator[None]:
    """Turn a lost commit race (pyiceberg retries, then validates that no concurrent commit
    added files the change conflicts with) into Trino's ICEBERG_COMMIT_ERROR."""
    from pyiceberg.exceptions import CommitFailedException, ValidationException

    try:
        yield
    except (CommitFailedException, ValidationException) as err:
        raise QueryError("ICEBERG_COMMIT_ERROR", state="FAILED",
                         reason=f"Failed to commit the Iceberg table: {err}") from err


def _array(values: list[int]) -> Any:
    import pyarrow as pa

    return pa.array(values, pa.int64())


def _concat(kept: Any, added: Any) -> Any:
    import pyarrow as pa

    if added is None or not added.num_rows:
        return kept
    return pa.concat_tables([kept, added.rename_columns(kept.column_names).cast(kept.schema)])
