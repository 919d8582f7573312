"""CREATE TABLE AS SELECT for a target table spec: Hive (external) or Iceberg.

https://docs.aws.amazon.com/athena/latest/ug/create-table-as.html

The target's storage, location, partitions, bucketing and compression become CTAS properties
(``format``, ``external_location``, ``partitioned_by``, ``bucketed_by``/``bucket_count``,
``field_delimiter``, ``write_compression``; for Iceberg ``table_type``, ``is_external = false``,
``location``, ``partitioning`` and the ``optimize_*`` / ``vacuum_*`` properties). What CTAS
cannot carry is refused with the reason, never dropped: a storage format CTAS cannot write, a
SerDe property, or a table property (partition projection, say) that only
``ALTER TABLE ... SET TBLPROPERTIES`` can add after the table exists:
:func:`ctas_statements` returns the CTAS and that ALTER.
"""

from __future__ import annotations

from collections.abc import Iterable

from athenakit.errors import Diagnostic, Severity, SpecError
from athenakit.sql.quoting import Engine, quote_literal, quote_qualified
from athenakit.sql.templating import render_template
from athenakit.table.delta import refuse_write
from athenakit.table.model import Table
from athenakit.table.render import set_table_properties, table_properties
from athenakit.table.storage import DELIMITERS
from athenakit.write.select import projected_select

CTAS_DOC = "https://docs.aws.amazon.com/athena/latest/ug/create-table-as.html"
_TRINO = Engine.TRINO

# storage format -> CTAS ``format`` (the formats CTAS can write)
CTAS_FORMATS = {"parquet": "PARQUET", "orc": "ORC", "avro": "AVRO", "text": "TEXTFILE",
                "hive_json": "JSON", "openx_json": "JSON", "ion": "ION"}
ICEBERG_FORMATS = {"parquet": "PARQUET", "orc": "ORC", "avro": "AVRO"}
# Iceberg table properties that CTAS takes in its WITH list, as integers
ICEBERG_CTAS_PROPERTIES = (
    "optimize_rewrite_data_file_threshold", "optimize_rewrite_delete_file_threshold",
    "vacuum_max_metadata_files_to_keep", "vacuum_max_snapshot_age_seconds",
    "vacuum_min_snapshots_to_keep",
)
# table properties that CTAS writes itself from the properties above
_CARRIED = {"write.compression", "parquet.compression", "orc.compress", "compression_level",
            "table_type", "format"}


def _error(path: str, message: str) -> Diagnostic:
    return Diagnostic("AK401", Severity.ERROR, message, path=path, doc=CTAS_DOC)


def ctas(table: Table, select: str, *, with_data: bool = True) -> str:
    """``CREATE TABLE <table> WITH (...) AS <select>`` creating ``table`` from a query.

    The query is wrapped so its columns come out in the spec's order and types, partition
    columns last, as CTAS requires.

    Args:
        table: the target; its location becomes ``external_location`` (Hive) or ``location``
            (Iceberg).
        select: the query whose rows fill the table.
        with_data: False appends ``WITH NO DATA`` (create the table empty).

    Returns:
        One statement, ending in a newline.

    Raises:
        SpecError: the target has something CTAS cannot create (see the module docstring).

    Example:
        >>> from athenakit.table.spec import loads_spec
        >>> t = loads_spec("name: daily\\nlocation: s3://b/daily/\\ncolumns: [{name: n, type: int}]")
        >>> print(ctas(t[0], "SELECT 1 AS n", with_data=False), end="")
        CREATE TABLE daily
        WITH (
          format = 'PARQUET',
          external_location = 's3://b/daily/'
        ) AS
        SELECT
          CAST("n" AS INTEGER) AS "n"
        FROM (
        SELECT 1 AS n
        ) AS "source"
        WITH NO DATA
    """
    return _build(table, select, with_data, strict=True)


def ctas_statements(table: Table, select: str, *, with_data: bool = True) -> list[str]:
    """The CTAS, then ``ALTER TABLE ... SET TBLPROPERTIES`` for what CTAS cannot set itself
    (partition projection, ``skip.header.line.count``, other table properties).

    Returns:
        One or two statements, to run in order.

    Raises:
        SpecError: as :func:`ctas`, except for table properties.
    """
    statements = [_build(table, select, with_data, strict=False)]
    rest = {k: v for k, v in _leftovers(table)}
    if rest:
        statements.append(set_table_properties(table, rest))
    return statements


def _build(table: Table, select: str, with_data: bool, *, strict: bool) -> str:
    refuse_write(table, "CTAS")
    properties = (iceberg_properties(table, strict=strict) if table.is_iceberg
                  else hive_properties(table, strict=strict))
    columns = table.columns + table.partitions
    return render_template(
        "ctas.sql.j2", name=quote_qualified(table.qualified_name, _TRINO),
        properties=properties, select=projected_select(select, columns), with_data=with_data)


def hive_properties(table: Table, *, strict: bool = True) -> list[tuple[str, str]]:
    """The WITH list of a Hive CTAS: ``(name, SQL value)`` pairs in Athena's documented order."""
    storage = table.storage
    fmt = CTAS_FORMATS.get(storage.format)
    problems = []
    if fmt is None:
        problems.append(_error("storage.format", f"CTAS cannot write {storage.format!r} tables; "
                               f"use one of {', '.join(sorted(CTAS_FORMATS))}"))
    if storage.serde_properties:
        problems.append(_error("storage.serde_properties", "CTAS cannot set SerDe properties; "
                               "create the table with DDL, then INSERT INTO it"))
    # CTAS takes field_delimiter only; the other delimiters would silently be Hive's defaults
    others = [attr for attr, _, _ in DELIMITERS[1:] if getattr(storage, attr) is not None]
    if others:
        problems.append(_error(f"storage.{others[0]}", f"CTAS sets only field_delimiter, not "
                               f"{', '.join(others)}; create the table with DDL, then INSERT "
                               "INTO it"))
    if table.location is None:
        problems.append(_error("location", "a CTAS target needs a location (external_location)"))
    if strict:
        problems += _refuse_leftovers(table)
    if problems:
        raise SpecError(problems)
    props = [("format", _lit(fmt or "")), ("external_location", _lit(table.location or ""))]
    if table.partitions:
        props.append(("partitioned_by", _array(p.name for p in table.partitions)))
    if table.bucketing is not None:
        props += [("bucketed_by", _array(table.bucketing.columns)),
                  ("bucket_count", str(table.bucketing.count))]
    if storage.field_delimiter is not None and fmt == "TEXTFILE":
        props.append(("field_delimiter", _lit(storage.field_delimiter)))
    return props + _compression(table)


def iceberg_properties(table: Table, *, strict: bool = True) -> list[tuple[str, str]]:
    """The WITH list of an Iceberg CTAS (``table_type``, ``is_external = false``, ``location``)."""
    fmt = ICEBERG_FORMATS.get(table.storage.format)
    problems = []
    if fmt is None:
        problems.append(_error("storage.format", "Iceberg tables are PARQUET, ORC or AVRO"))
    if table.location is None:
        problems.append(_error("location", "an Iceberg CTAS target needs a location"))
    if strict:
        problems += _refuse_leftovers(table)
    if problems:
        raise SpecError(problems)
    props = [("table_type", _lit("ICEBERG")), ("is_external", "false"),
             ("location", _lit(table.location or "")), ("format", _lit(fmt or ""))]
    if table.partitioning:
        props.append(("partitioning", "ARRAY[" + ", ".join(
            _lit(_transform(p.to_spec())) for p in table.partitioning) + "]"))
    props += _compression(table)
    for key in ICEBERG_CTAS_PROPERTIES:
        if key in table.properties:
            props.append((key, str(int(table.properties[key]))))
    return props


def _leftovers(table: Table) -> list[tuple[str, str]]:
    """Table properties that CTAS's WITH list cannot carry."""
    if table.is_iceberg:
        return sorted((k, v) for k, v in table.properties.items()
                      if k not in _CARRIED and k not in ICEBERG_CTAS_PROPERTIES)
    return [(k, v) for k, v in table_properties(table) if k not in _CARRIED]


def _refuse_leftovers(table: Table) -> list[Diagnostic]:
    keys = [k for k, _ in _leftovers(table)]
    if not keys:
        return []
    return [_error("properties", f"CTAS cannot set {', '.join(keys)}; use "
                   "athenakit.write.ctas.ctas_statements, which adds them with ALTER TABLE "
                   "SET TBLPROPERTIES after the CTAS")]


def _compression(table: Table) -> list[tuple[str, str]]:
    props = []
    if table.compression is not None:
        props.append(("write_compression", _lit(table.compression)))
    if table.compression_level is not None:
        props.append(("compression_level", str(table.compression_level)))
    return props


def _transform(spec: str) -> str:
    # the spec writes bucket(16, id); CTAS partitioning takes bucket(id, 16)
    name, _, rest = spec.partition("(")
    args = [a.strip() for a in rest.rstrip(")").split(",")] if rest else []
    if len(args) == 2 and args[0].isdigit():
        return f"{name}({args[1]}, {args[0]})"
    return spec


def _lit(value: str) -> str:
    return quote_literal(value, _TRINO)


def _array(names: Iterable[str]) -> str:
    return "ARRAY[" + ", ".join(_lit(n) for n in names) + "]"
