"""How a table in the catalog differs from its spec: what ``athenakit apply`` reports for tables
that already exist (it never alters them), and what ``athenakit diff`` turns into ALTER TABLE
statements (:mod:`athenakit.table.diff`).

The comparison is on what the spec decides: columns and partitions (names, types, comments,
order), location, storage (format, SerDe and its properties, delimiters), the table comment and
the table properties the spec renders. Properties that only the catalog has are listed as
:attr:`Kind.EXTRA_PROPERTY` by :func:`compare` but are not differences for ``apply``; the ones
Athena and Glue maintain themselves (``transient_lastDdlTime``, ``has_encrypted_data`` ...) are
never reported. Names compare case-insensitively, as the Glue catalog stores them in lower case.

Example:
    >>> from athenakit.table.model import Table, columns
    >>> spec = Table(name="t", columns=columns({"id": "bigint", "n": "int"}), location="s3://b/t/")
    >>> live = Table(name="t", columns=columns({"id": "string"}), location="s3://b/t")
    >>> table_differences(spec, live)
    ['column id: type is string, the spec says bigint', 'column n: missing (the spec has it)']
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from athenakit.table.model import Column, Table

# table properties Athena, Glue and Iceberg maintain themselves: never a difference
CATALOG_PROPERTIES = frozenset({
    "transient_lastddltime", "last_modified_by", "last_modified_time", "numfiles", "numrows",
    "rawdatasize", "totalsize", "column_stats_accurate", "external", "has_encrypted_data",
    "metadata_location", "previous_metadata_location",
})


class Kind(str, enum.Enum):
    """What one :class:`Difference` is about."""

    COLUMN_MISSING = "column-missing"
    """A column the spec has and the table lacks."""
    COLUMN_EXTRA = "column-extra"
    """A column the table has and the spec does not."""
    COLUMN_TYPE = "column-type"
    """A column with another type."""
    COLUMN_COMMENT = "column-comment"
    """A column with another comment."""
    COLUMN_ORDER = "column-order"
    """The same columns in another order."""
    LOCATION = "location"
    """Another LOCATION."""
    TABLE_TYPE = "table-type"
    """Hive against Iceberg."""
    STORAGE = "storage"
    """Format, SerDe, SerDe properties or delimiters."""
    COMMENT = "comment"
    """The table comment."""
    BUCKETING = "bucketing"
    """CLUSTERED BY ... INTO n BUCKETS."""
    PARTITIONING = "partitioning"
    """Iceberg partition transforms."""
    PROPERTY = "property"
    """A table property the spec sets, missing or with another value."""
    EXTRA_PROPERTY = "extra-property"
    """A table property only the table has (not a difference for ``apply``)."""


@dataclass(frozen=True)
class Difference:
    """One way ``actual`` differs from ``spec``: ``name`` is the column (``partition`` says which
    list), storage key or property; ``want`` / ``have`` the values (None: absent)."""

    kind: Kind
    name: str = ""
    want: Any = None
    have: Any = None
    partition: bool = False

    @property
    def text(self) -> str:
        """The difference as one sentence."""
        missing = self.kind is Kind.PROPERTY and self.have is None
        return (_MISSING_PROPERTY if missing else _TEXTS[self.kind]).format(
            what="partition" if self.partition else "column", name=self.name,
            have=self.have, want=self.want, have_r=repr(self.have), want_r=repr(self.want),
            name_r=repr(self.name))


_TEXTS = {
    Kind.COLUMN_MISSING: "{what} {name}: missing (the spec has it)",
    Kind.COLUMN_EXTRA: "{what} {name}: not in the spec",
    Kind.COLUMN_TYPE: "{what} {name}: type is {have}, the spec says {want}",
    Kind.COLUMN_COMMENT: "{what} {name}: comment is {have_r}, the spec says {want_r}",
    Kind.COLUMN_ORDER: "{what}s are in another order than the spec's",
    Kind.LOCATION: "location is {have_r}, the spec says {want_r}",
    Kind.TABLE_TYPE: "table type is {have}, the spec says {want}",
    Kind.STORAGE: "storage {name} is {have_r}, the spec says {want_r}",
    Kind.COMMENT: "comment is {have_r}, the spec says {want_r}",
    Kind.BUCKETING: "bucketing is {have_r}, the spec says {want_r}",
    Kind.PARTITIONING: "partitioning is {have_r}, the spec says {want_r}",
    Kind.PROPERTY: "property {name_r} is {have_r}, the spec says {want_r}",
    Kind.EXTRA_PROPERTY: "property {name_r} is {have_r}, the spec does not set it",
}
_MISSING_PROPERTY = "property {name_r}: missing, the spec sets {want_r}"


def table_differences(spec: Table, actual: Table) -> list[str]:
    """One sentence per difference between ``spec`` and the ``actual`` table (empty: same).

    Args:
        spec: the table as the spec file describes it.
        actual: the table as the catalog has it (e.g. imported from SHOW CREATE TABLE).

    Returns:
        Differences in a stable order: columns, partitions, location, storage, properties.
    """
    return [d.text for d in compare(spec, actual) if d.kind is not Kind.EXTRA_PROPERTY]


def compare(spec: Table, actual: Table) -> list[Difference]:
    """Every difference between ``spec`` and ``actual``, in the order of
    :func:`table_differences` (extra properties last)."""
    out = columns_differ(spec.columns, actual.columns)
    out += columns_differ(spec.partitions, actual.partitions, partition=True)
    if (spec.location or "").rstrip("/") != (actual.location or "").rstrip("/"):
        out.append(Difference(Kind.LOCATION, "location", spec.location, actual.location))
    if spec.table_type != actual.table_type:
        out.append(Difference(Kind.TABLE_TYPE, "table_type", spec.table_type.value,
                              actual.table_type.value))
    out += _storage(spec, actual)
    for kind, attr in ((Kind.COMMENT, "comment"), (Kind.BUCKETING, "bucketing")):
        if getattr(spec, attr) != getattr(actual, attr):
            out.append(Difference(kind, attr, getattr(spec, attr), getattr(actual, attr)))
    if spec.partitioning != actual.partitioning:
        out.append(Difference(Kind.PARTITIONING, "partitioning",
                              [p.to_spec() for p in spec.partitioning],
                              [p.to_spec() for p in actual.partitioning]))
    return out + _properties(spec, actual)


def columns_differ(spec: Sequence[Column], actual: Sequence[Column], *,
                   partition: bool = False) -> list[Difference]:
    """Missing, extra, retyped and re-commented columns; their order when nothing else differs."""
    have = {c.name.lower(): c for c in actual}
    want = {c.name.lower(): c for c in spec}
    out = []
    for name, column in want.items():
        found = have.get(name)
        if found is None:
            out.append(Difference(Kind.COLUMN_MISSING, column.name, column, None, partition))
        elif found.type != column.type:
            out.append(Difference(Kind.COLUMN_TYPE, column.name, column.type.ddl,
                                  found.type.ddl, partition))
        elif found.comment != column.comment:
            out.append(Difference(Kind.COLUMN_COMMENT, column.name, column.comment,
                                  found.comment, partition))
    out += [Difference(Kind.COLUMN_EXTRA, c.name, None, c, partition)
            for n, c in have.items() if n not in want]
    shared = [n for n in want if n in have]
    if not out and shared != [n for n in have if n in want]:
        out.append(Difference(Kind.COLUMN_ORDER, partition=partition))
    return out


def _storage(spec: Table, actual: Table) -> list[Difference]:
    if spec.is_iceberg:
        return []  # an Iceberg table's format is its 'format' table property
    want, have = spec.storage.to_spec(), actual.storage.to_spec()
    return [Difference(Kind.STORAGE, key, want.get(key), have.get(key))
            for key in sorted(set(want) | set(have)) if want.get(key) != have.get(key)]


def table_property_map(table: Table) -> dict[str, str]:
    """The table properties a table renders (projection, header, compression, the rest)."""
    from athenakit.table.render import iceberg_properties, table_properties

    return dict(iceberg_properties(table) if table.is_iceberg else table_properties(table))


def _properties(spec: Table, actual: Table) -> list[Difference]:
    want, have = table_property_map(spec), table_property_map(actual)
    out = [Difference(Kind.PROPERTY, key, value, have.get(key))
           for key, value in want.items() if have.get(key) != value]
    return out + [Difference(Kind.EXTRA_PROPERTY, key, None, value)
                  for key, value in have.items()
                  if key not in want and key.lower() not in CATALOG_PROPERTIES]
