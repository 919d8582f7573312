"""Iceberg tables: partition transforms and the rules Athena applies to Iceberg DDL.

https://docs.aws.amazon.com/athena/latest/ug/querying-iceberg-creating-tables.html
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from athenakit.errors import Diagnostic, SpecError
from athenakit.table.validate import ICEBERG_DOC, ICEBERG_FORMATS, ICEBERG_PROPERTIES, error

if TYPE_CHECKING:
    from athenakit.table.model import IcebergPartition, Table

_TIME_TRANSFORMS = {"year": ("date", "timestamp"), "month": ("date", "timestamp"),
                    "day": ("date", "timestamp"), "hour": ("timestamp",)}


def parse_partition(text: str, path: str = "partitioning") -> IcebergPartition:
    """Parse ``col``, ``day(ts)``, ``bucket(16, id)`` or ``truncate(10, s)``.

    The column may also come first (``bucket(id, 16)``), as CTAS ``partitioning`` writes it.

    Raises:
        SpecError: the text is not one of the transforms above.
    """
    from athenakit.table.model import IcebergPartition, Transform

    text = text.strip()
    if "(" not in text:
        return IcebergPartition(_unquote(text))
    name, _, rest = text.partition("(")
    if not rest.endswith(")"):
        raise _bad(text, path)
    try:
        transform = Transform(name.strip().lower())
    except ValueError:
        raise _bad(text, path) from None
    args = [a.strip() for a in rest[:-1].split(",")]
    numbers = [a for a in args if a.isdigit()]
    names = [_unquote(a) for a in args if not a.isdigit()]
    needs_param = transform in (Transform.BUCKET, Transform.TRUNCATE)
    if len(names) != 1 or len(numbers) != int(needs_param) or transform is Transform.IDENTITY:
        raise _bad(text, path)
    return IcebergPartition(names[0], transform, int(numbers[0]) if numbers else None)


def _unquote(name: str) -> str:
    if len(name) >= 2 and name[0] == name[-1] and name[0] in "`\"":
        return name[1:-1].replace(name[0] * 2, name[0])
    return name


def _bad(text: str, path: str) -> SpecError:
    return SpecError([error("AK160", path, f"{text!r} is not an Iceberg partition transform "
                            "(col, year(c), month(c), day(c), hour(c), bucket(n, c), "
                            "truncate(n, c))", ICEBERG_DOC)])


def validate_iceberg(table: Table) -> list[Diagnostic]:
    """Rules for Iceberg tables: transforms, formats, properties, no Hive-only features."""
    out: list[Diagnostic] = []
    if table.partitions or table.projection or table.bucketing:
        out.append(error("AK161", "partitions", "Iceberg tables use partitioning transforms over "
                         "their columns, not partition columns, projection or bucketing",
                         ICEBERG_DOC))
    if table.storage.format not in ICEBERG_FORMATS:
        out.append(error("AK162", "storage.format", f"Iceberg tables store parquet, orc or avro, "
                         f"not {table.storage.format!r}", ICEBERG_DOC))
    storage = table.storage
    if storage.serde_properties or storage.delimiters or storage.header_lines is not None:
        out.append(error("AK163", "storage", "Iceberg tables take no SerDe settings", ICEBERG_DOC))
    for key in table.properties:
        if key == "format":
            out.append(error("AK164", f"properties.{key}", "set the Iceberg file format through "
                             "storage.format, not properties", ICEBERG_DOC))
        elif key not in ICEBERG_PROPERTIES:
            out.append(error("AK164", f"properties.{key}", f"{key!r} is not an Iceberg table "
                             "property Athena accepts; allowed: "
                             + ", ".join(sorted(ICEBERG_PROPERTIES - {"format"})), ICEBERG_DOC))
    for i, part in enumerate(table.partitioning):
        out += _check_partition(table, part, f"partitioning[{i}]")
    return out


def _check_partition(table: Table, part: IcebergPartition, path: str) -> list[Diagnostic]:
    col = next((c for c in table.columns if c.name.lower() == part.column.lower()), None)
    if col is None:
        return [error("AK165", path, f"partition source {part.column!r} is not a column",
                      ICEBERG_DOC)]
    allowed = _TIME_TRANSFORMS.get(part.transform.value)
    if allowed and col.type.base not in allowed:
        return [error("AK166", path, f"{part.transform.value}() needs a "
                      f"{' or '.join(allowed)} column; {col.name} is {col.type}", ICEBERG_DOC)]
    if part.param is not None and part.param < 1:
        return [error("AK167", path, f"{part.transform.value} width must be positive",
                      ICEBERG_DOC)]
    return []
