"""A table spec as an Iceberg schema and partition spec.

Column types go through DuckDB to Arrow, and pyiceberg turns the Arrow schema into Iceberg types
(``bigint`` -> long, ``string`` -> string, ``timestamp`` -> timestamp in microseconds, ...).
Partition fields are named as Trino names them (``ts_day``, ``id_bucket``, ``name_trunc``).

https://docs.aws.amazon.com/athena/latest/ug/querying-iceberg-creating-tables.html
"""

from __future__ import annotations

from typing import Any

from athenakit.local.readers import duck_type
from athenakit.table.model import IcebergPartition, Table, Transform

# Trino's IcebergUtil / PartitionFields naming of partition fields
_SUFFIX = {Transform.YEAR: "_year", Transform.MONTH: "_month", Transform.DAY: "_day",
           Transform.HOUR: "_hour", Transform.BUCKET: "_bucket", Transform.TRUNCATE: "_trunc",
           Transform.IDENTITY: ""}


def arrow_schema(con: Any, table: Table) -> Any:
    """The Arrow schema of the table's columns (lower-cased names, the spec's order)."""
    import warnings

    exprs = ", ".join(f'CAST(NULL AS {duck_type(c)}) AS "{c.name.lower()}"'
                      for c in table.columns)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        return con.execute(f"SELECT {exprs} WHERE false").to_arrow_table().schema


def transform(part: IcebergPartition) -> Any:
    """The pyiceberg transform for one ``PARTITIONED BY`` item."""
    from pyiceberg import transforms as t

    simple = {Transform.IDENTITY: t.IdentityTransform, Transform.YEAR: t.YearTransform,
              Transform.MONTH: t.MonthTransform, Transform.DAY: t.DayTransform,
              Transform.HOUR: t.HourTransform}
    if part.transform in simple:
        return simple[part.transform]()
    if part.transform is Transform.BUCKET:
        return t.BucketTransform(int(part.param or 0))
    return t.TruncateTransform(int(part.param or 0))


def field_name(part: IcebergPartition) -> str:
    """The partition field's name, as Trino (and so Athena) names it."""
    return part.column.lower() + _SUFFIX[part.transform]


def add_partition_fields(update: Any, table: Table) -> None:
    """Add the table's partition transforms to a pyiceberg ``UpdateSpec``."""
    for part in table.partitioning:
        update.add_field(part.column.lower(), transform(part), field_name(part))
