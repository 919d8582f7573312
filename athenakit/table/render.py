"""Render Athena DDL from the model with the Jinja templates in ``templates/``.

One template per statement. Python decides everything (which clauses, property order, defaults);
templates lay out text and quote through two filters bound to the Hive engine: ``| ident`` for
identifiers and ``| literal`` for strings (:mod:`athenakit.sql.quoting`).

Example:
    >>> from athenakit.table.model import Table, columns
    >>> print(create_table(Table(name="t", columns=columns({"id": "int"}),
    ...                          location="s3://b/t/")), end="")
    CREATE EXTERNAL TABLE t (
      id int
    )
    STORED AS PARQUET
    LOCATION 's3://b/t/'
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from athenakit.errors import Diagnostic, Severity, SpecError
from athenakit.sql.quoting import Engine, quote_identifier, quote_qualified
from athenakit.sql.templating import render_template
from athenakit.table.model import Database, IcebergPartition, Table, Transform
from athenakit.table.storage import (
    DELIMITERS,
    LAZY_SIMPLE,
    TEXT_INPUT,
    TEXT_OUTPUT,
    implied_classes,
)

_HIVE = Engine.HIVE
# https://docs.aws.amazon.com/athena/latest/ug/service-limits.html (query string length)
MAX_STATEMENT_BYTES = 262_144


def table_name(table: Table) -> str:
    """``db.table`` quoted part by part for the Hive side."""
    return quote_qualified(table.qualified_name, _HIVE)


def create_table(table: Table, *, if_not_exists: bool = False,
                 properties: Sequence[tuple[str, str]] | None = None) -> str:
    """``CREATE EXTERNAL TABLE`` (Hive, Delta Lake) or ``CREATE TABLE`` (Iceberg) for ``table``.

    ``properties`` replaces the TBLPROPERTIES the table renders (the local engine rebuilds a
    table after ``ALTER TABLE SET TBLPROPERTIES`` this way).
    """
    if table.is_delta:
        return render_template(
            "create_delta_table.sql.j2", name=table_name(table), if_not_exists=if_not_exists,
            location=table.location,
            properties=delta_properties() if properties is None else properties)
    if table.is_iceberg:
        return render_template(
            "create_iceberg_table.sql.j2", name=table_name(table), if_not_exists=if_not_exists,
            columns=table.columns, comment=table.comment,
            partitioning=[_transform_sql(p) for p in table.partitioning],
            location=table.location,
            properties=iceberg_properties(table) if properties is None else properties,
        )
    return render_template(
        "create_table.sql.j2", name=table_name(table), if_not_exists=if_not_exists,
        columns=table.columns, comment=table.comment, partitions=table.partitions,
        bucketing=table.bucketing, location=table.location,
        properties=table_properties(table) if properties is None else properties,
        **_storage_clauses(table),
    )


def _storage_clauses(table: Table) -> dict[str, Any]:
    storage, fmt = table.storage, table.storage.definition
    clauses: dict[str, Any] = {"delimiters": [], "serde": None, "serde_properties": [],
                               "stored_as": None, "input_format": None, "output_format": None}
    props = dict(storage.serde_properties)
    if fmt.delimited and not props:
        clauses["delimiters"] = storage.delimiters
    elif fmt.delimited:
        # WITH SERDEPROPERTIES cannot follow ROW FORMAT DELIMITED: spell delimiters as properties.
        props.update({key: getattr(storage, attr) for attr, key, _ in DELIMITERS
                      if getattr(storage, attr) is not None})
        clauses["serde"] = LAZY_SIMPLE
    else:
        clauses["serde"] = storage.serde_class or _implied_serde(fmt.stored_as, props)
    clauses["serde_properties"] = sorted(props.items())
    in_fmt = storage.input_format or fmt.input_format
    out_fmt = storage.output_format or fmt.output_format
    if in_fmt or out_fmt:
        clauses["input_format"] = in_fmt or TEXT_INPUT
        clauses["output_format"] = out_fmt or TEXT_OUTPUT
    else:
        clauses["stored_as"] = fmt.stored_as
    return clauses


def _implied_serde(stored_as: str | None, props: dict[str, str]) -> str | None:
    # WITH SERDEPROPERTIES needs ROW FORMAT SERDE before it; STORED AS PARQUET/ORC names the
    # SerDe only implicitly, so spell it out rather than drop the properties.
    classes = implied_classes(stored_as) if stored_as and props else None
    return classes[0] if classes else None


def table_properties(table: Table) -> list[tuple[str, str]]:
    """TBLPROPERTIES in a stable order: projection, header, compression, then the rest sorted."""
    props: list[tuple[str, str]] = []
    if table.projection is not None:
        props.append(("projection.enabled", "true" if table.projection.enabled else "false"))
        for part in table.partitions:
            if part.projection is not None:
                props.extend(part.projection.properties(part.name).items())
        if table.projection.location_template is not None:
            props.append(("storage.location.template", table.projection.location_template))
    if table.storage.header_lines is not None:
        props.append(("skip.header.line.count", str(table.storage.header_lines)))
    compression_key = table.storage.definition.compression_property
    if table.compression is not None and compression_key:
        props.append((compression_key, table.compression))
    if table.compression_level is not None:
        props.append(("compression_level", str(table.compression_level)))
    props.extend(sorted(table.properties.items()))
    return props


def iceberg_properties(table: Table) -> list[tuple[str, str]]:
    """Iceberg TBLPROPERTIES: table_type and format first, then the rest sorted."""
    props = [("table_type", "ICEBERG"), ("format", table.storage.format)]
    if table.compression is not None:
        props.append(("write_compression", table.compression))
    if table.compression_level is not None:
        props.append(("compression_level", str(table.compression_level)))
    props.extend(sorted(table.properties.items()))
    return props


def delta_properties() -> list[tuple[str, str]]:
    """A Delta Lake table's TBLPROPERTIES: ``table_type`` alone."""
    from athenakit.table.delta import TABLE_TYPE

    return [TABLE_TYPE]


def _transform_sql(part: IcebergPartition) -> str:
    column = quote_identifier(part.column, _HIVE)
    if part.transform is Transform.IDENTITY:
        return column
    if part.param is not None:
        return f"{part.transform.value}({part.param}, {column})"
    return f"{part.transform.value}({column})"


def create_database(database: Database | str, *, if_not_exists: bool = True) -> str:
    """``CREATE DATABASE [IF NOT EXISTS]`` with optional comment, location and properties."""
    if isinstance(database, str):
        database = Database(database)
    return render_template("create_database.sql.j2", database=database, if_not_exists=if_not_exists,
                   properties=sorted(database.properties.items()))


def drop_table(table: Table, *, if_exists: bool = True) -> str:
    """``DROP TABLE``. For Iceberg tables this also deletes the table's data in S3."""
    return render_template("drop_table.sql.j2", name=table_name(table), if_exists=if_exists)


@dataclass(frozen=True)
class PartitionValues:
    """One partition to register: values by partition column, and an optional location."""

    values: tuple[tuple[str, str], ...]
    location: str | None = None


def add_partitions(
    table: Table, partitions: Iterable[Mapping[str, Any] | PartitionValues], *,
    if_not_exists: bool = True,
) -> str:
    """``ALTER TABLE ADD PARTITION``: several partitions in one statement.

    Args:
        table: a partitioned Hive table.
        partitions: mappings of partition column to value (a ``location`` key, if present,
            gives the partition's S3 folder), or :class:`PartitionValues`.

    Raises:
        SpecError: a value is missing for a partition column, or a column is unknown; or the
            statement would pass Athena's 262,144-byte query limit: use
            :func:`athenakit.table.alter.add_partition_statements`, which splits it.
    """
    specs = [partition_values(table, p) for p in partitions]
    sql = render_template("add_partitions.sql.j2", name=table_name(table), partitions=specs,
                          if_not_exists=if_not_exists)
    size = len(sql.rstrip("\n").encode())
    if size > MAX_STATEMENT_BYTES:
        raise SpecError([Diagnostic(
            "AK416", Severity.ERROR, f"{len(specs)} partitions make a {size}-byte statement, "
            f"over Athena's {MAX_STATEMENT_BYTES}-byte limit; "
            "athenakit.table.alter.add_partition_statements splits them", path="partitions",
            doc="https://docs.aws.amazon.com/athena/latest/ug/service-limits.html")])
    return sql


def partition_values(table: Table, given: Mapping[str, Any] | PartitionValues) -> PartitionValues:
    """One partition's values in the table's partition column order, checked."""
    if isinstance(given, PartitionValues):
        return given
    data = dict(given)
    location = data.pop("location", None)
    names = [p.name for p in table.partitions]
    if not names or len(data) != len(names) or any(n not in data for n in names):
        unknown = sorted(set(data) - set(names))
        missing = [n for n in names if n not in data]
        raise SpecError(f"partition values must name exactly the partition columns {names}; "
                        f"missing {missing}, unknown {unknown}")
    if location is not None:
        from athenakit.table.validate import check_location

        problems = [d for d in check_location(str(location), "location") if d.is_error]
        if problems:
            raise SpecError(problems)
    return PartitionValues(tuple((n, _partition_text(data[n])) for n in names),
                           None if location is None else str(location))


def _partition_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def set_table_properties(table: Table, properties: Mapping[str, str] | None = None) -> str:
    """``ALTER TABLE SET TBLPROPERTIES``; by default the table's own properties (e.g. turning
    partition projection on for an existing table).

    Raises:
        SpecError: there is nothing to set (``SET TBLPROPERTIES ()`` is a Hive syntax error), or
            ``table`` is a Delta Lake table.
    """
    from athenakit.table.delta import refuse_alter

    refuse_alter(table, "ALTER TABLE SET TBLPROPERTIES")
    if properties is None:
        props: Sequence[tuple[str, str]] = table_properties(table)
    else:
        props = sorted((str(k), str(v)) for k, v in properties.items())
    if not props:
        name = ".".join(table.qualified_name)
        raise SpecError([Diagnostic(
            "AK199", Severity.ERROR, f"table '{name}' has no table properties to set "
            "(no properties, projection, compression or storage settings)", path="properties")])
    return render_template("set_tblproperties.sql.j2", name=table_name(table), properties=props)


def msck_repair(table: Table) -> str:
    """``MSCK REPAIR TABLE`` (loads Hive-style ``key=value`` partitions only)."""
    return render_template("msck_repair.sql.j2", name=table_name(table))
