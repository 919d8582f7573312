"""The table model: immutable values, validated when they are built.

``Table`` describes one Athena table: a Hive (external) table with typed partition columns and
optional partition projection, an Iceberg table with partition transforms, or a Delta Lake table
(a name and a location: Athena reads its schema from the Delta log). Building a
``Table`` runs :func:`athenakit.table.validate.validate_table`; any error raises
:class:`~athenakit.errors.SpecError` naming the field path (``partitions[0].projection.format``),
warnings are kept in ``Table.warnings``.

Example:
    >>> t = Table(name="events", columns=(Column("id", "bigint"),),
    ...           location="s3://bucket/events/")
    >>> t.columns[0].type.ddl
    'bigint'
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from athenakit.errors import Diagnostic, Severity, SpecError
from athenakit.table.projection import Projection
from athenakit.table.storage import FrozenDict, Storage
from athenakit.table.types import ColumnType, TypeError_, parse_type


class TableType(str, enum.Enum):
    """The kinds of Athena table athenakit writes DDL for."""

    HIVE = "hive"
    """``CREATE EXTERNAL TABLE``: Glue-catalogued files, typed partition columns, projection."""

    ICEBERG = "iceberg"
    """``CREATE TABLE ... TBLPROPERTIES ('table_type'='ICEBERG')``: partition transforms."""

    DELTA = "delta"
    """``CREATE EXTERNAL TABLE t LOCATION ... TBLPROPERTIES ('table_type'='DELTA')``: no columns,
    partitions or storage settings; Athena reads them from the Delta log (read-only).

    https://docs.aws.amazon.com/athena/latest/ug/delta-lake-tables.html
    """


def _as_type(value: ColumnType | str) -> ColumnType:
    if isinstance(value, ColumnType):
        return value
    try:
        return parse_type(str(value))
    except TypeError_ as err:
        raise SpecError([Diagnostic("AK100", Severity.ERROR, str(err), path="type")]) from None


@dataclass(frozen=True)
class Column:
    """A column: name, type (a :class:`ColumnType` or its text) and optional comment."""

    name: str
    type: ColumnType
    comment: str | None = None

    def __init__(self, name: str, type: ColumnType | str, comment: str | None = None):
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "type", _as_type(type))
        object.__setattr__(self, "comment", comment)


@dataclass(frozen=True)
class Partition(Column):
    """A Hive partition column, with the partition projection that generates its values."""

    projection: Projection | None = None

    def __init__(
        self, name: str, type: ColumnType | str = "string", comment: str | None = None,
        projection: Projection | None = None,
    ):
        super().__init__(name, type, comment)
        object.__setattr__(self, "projection", projection)


@dataclass(frozen=True)
class Bucketing:
    """``CLUSTERED BY (columns) INTO count BUCKETS``."""

    columns: tuple[str, ...]
    count: int


class Transform(str, enum.Enum):
    """Iceberg partition transforms Athena accepts in ``PARTITIONED BY``."""

    IDENTITY = "identity"
    YEAR = "year"
    MONTH = "month"
    DAY = "day"
    HOUR = "hour"
    BUCKET = "bucket"
    TRUNCATE = "truncate"


@dataclass(frozen=True)
class IcebergPartition:
    """One Iceberg partition field: ``col``, ``day(ts)``, ``bucket(16, id)``, ``truncate(10, s)``.

    https://docs.aws.amazon.com/athena/latest/ug/querying-iceberg-creating-tables.html
    """

    column: str
    transform: Transform = Transform.IDENTITY
    param: int | None = None

    def to_spec(self) -> str:
        if self.transform is Transform.IDENTITY:
            return self.column
        if self.param is not None:
            return f"{self.transform.value}({self.param}, {self.column})"
        return f"{self.transform.value}({self.column})"


@dataclass(frozen=True)
class ProjectionConfig:
    """Table-level projection switches: ``projection.enabled`` and ``storage.location.template``."""

    enabled: bool = True
    location_template: str | None = None


@dataclass(frozen=True)
class Table:
    """One Athena table. All fields are immutable; construction validates the whole table.

    Attributes:
        name: table name; ``database`` qualifies it when set.
        columns: data columns (for Iceberg: all columns, partition sources included).
        partitions: Hive partition columns (not repeated in ``columns``).
        location: ``s3://bucket/prefix/`` folder.
        storage: format and SerDe settings: a :class:`Storage`, or a format name such as
            ``"parquet"``.
        compression: write compression (``SNAPPY``, ``GZIP``, ``ZSTD`` ...), stored in the
            format's own table property.
        compression_level: ZSTD level 1..22 (``compression_level``).
        bucketing: ``CLUSTERED BY`` settings.
        projection: ``projection.enabled`` / ``storage.location.template``; when a partition
            has a projection and this is None, projection is enabled, as in spec files.
        properties: other TBLPROPERTIES, verbatim.
        table_type: Hive (external), Iceberg or Delta Lake (a Delta table has only a name, a
            database and a location).
        partitioning: Iceberg partition transforms.
        warnings: non-fatal findings from validation (not part of equality).
    """

    name: str
    columns: tuple[Column, ...] = ()
    database: str | None = None
    comment: str | None = None
    partitions: tuple[Partition, ...] = ()
    location: str | None = None
    storage: Storage = field(default_factory=Storage)
    compression: str | None = None
    compression_level: int | None = None
    bucketing: Bucketing | None = None
    projection: ProjectionConfig | None = None
    properties: FrozenDict = field(default_factory=FrozenDict)
    table_type: TableType = TableType.HIVE
    partitioning: tuple[IcebergPartition, ...] = ()
    warnings: tuple[Diagnostic, ...] = field(default=(), compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "columns", tuple(self.columns))
        object.__setattr__(self, "partitions", tuple(self.partitions))
        object.__setattr__(self, "partitioning", tuple(self.partitioning))
        object.__setattr__(self, "table_type", TableType(self.table_type))
        if not isinstance(self.properties, FrozenDict):
            object.__setattr__(self, "properties", FrozenDict(self.properties))
        if isinstance(self.storage, str):  # Table(storage="parquet"), as a spec file says it
            object.__setattr__(self, "storage", Storage(format=self.storage.lower()))
        elif not isinstance(self.storage, Storage):
            raise SpecError([Diagnostic(
                "AK000", Severity.ERROR, f"storage must be a Storage or a format name such as "
                f"'parquet', not {type(self.storage).__name__}", path="storage")])
        if self.projection is None and any(p.projection is not None for p in self.partitions):
            # a partition projection is on unless said otherwise, as in spec files
            object.__setattr__(self, "projection", ProjectionConfig())
        if self.compression is not None:
            object.__setattr__(self, "compression", self.compression.upper())
        from athenakit.table.validate import validate_table

        found = validate_table(self)
        if any(d.is_error for d in found):
            raise SpecError(found)
        object.__setattr__(self, "warnings", tuple(found))

    @property
    def is_iceberg(self) -> bool:
        return self.table_type is TableType.ICEBERG

    @property
    def is_delta(self) -> bool:
        return self.table_type is TableType.DELTA

    @property
    def qualified_name(self) -> tuple[str, ...]:
        return (self.database, self.name) if self.database else (self.name,)

    @property
    def projection_enabled(self) -> bool:
        return bool(self.projection and self.projection.enabled)

    def column(self, name: str) -> Column | None:
        """The data or partition column called ``name`` (case-insensitive)."""
        for col in (*self.columns, *self.partitions):
            if col.name.lower() == name.lower():
                return col
        return None

    def _repr_html_(self) -> str:  # Jupyter: columns, partitions, projection and the DDL
        from athenakit.table.view import table_html

        return table_html(self)

    def _repr_markdown_(self) -> str:
        from athenakit.table.view import table_markdown

        return table_markdown(self)


@dataclass(frozen=True)
class Database:
    """``CREATE DATABASE`` settings."""

    name: str
    comment: str | None = None
    location: str | None = None
    properties: Mapping[str, str] = field(default_factory=FrozenDict)


def columns(pairs: Iterable[tuple[str, str]] | Mapping[str, str]) -> tuple[Column, ...]:
    """Shorthand: ``columns({"id": "bigint", "name": "string"})``."""
    items = pairs.items() if isinstance(pairs, Mapping) else pairs
    return tuple(Column(name, type_) for name, type_ in items)


def replace_fields(table: Table, **changes: Any) -> Table:
    """A validated copy of ``table`` with ``changes`` applied."""
    from dataclasses import replace

    return replace(table, **changes)
