"""ALTER TABLE statements for an existing table: columns, properties, location, partitions.

These are Hive-side DDL (backticks, backslash-escaped literals; :mod:`athenakit.sql.quoting`),
one template per statement. Each builder takes the table as it is now and refuses what Athena
would refuse for that table, with the documented reason:

* ``ADD COLUMNS`` -- https://docs.aws.amazon.com/athena/latest/ug/alter-table-add-columns.html
* ``REPLACE COLUMNS`` -- LazySimpleSerDe tables only, never ``date`` columns, never Iceberg
  (https://docs.aws.amazon.com/athena/latest/ug/alter-table-replace-columns.html)
* ``CHANGE COLUMN`` -- https://docs.aws.amazon.com/athena/latest/ug/alter-table-change-column.html
* ``DROP COLUMN`` and ``UNSET TBLPROPERTIES`` -- Iceberg tables only
  (https://docs.aws.amazon.com/athena/latest/ug/unsupported-ddl.html)
* ``SET LOCATION`` -- https://docs.aws.amazon.com/athena/latest/ug/alter-table-set-location.html
* ``ADD PARTITION`` (several per statement, separated by blanks) and ``DROP PARTITION``
  (comma-separated), split into as many statements as needed to stay under Athena's
  262,144-byte query limit (https://docs.aws.amazon.com/athena/latest/ug/service-limits.html).

``SET TBLPROPERTIES`` is :func:`athenakit.table.render.set_table_properties`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from athenakit.errors import Diagnostic, Severity, SpecError
from athenakit.sql.templating import render_template
from athenakit.table.delta import refuse_alter
from athenakit.table.model import Column, Table
from athenakit.table.render import (
    MAX_STATEMENT_BYTES,
    PartitionValues,
    partition_values,
    table_name,
)
from athenakit.table.storage import LAZY_SIMPLE
from athenakit.table.validate import check_location

DDL_DOC = "https://docs.aws.amazon.com/athena/latest/ug/ddl-reference.html"
REPLACE_DOC = "https://docs.aws.amazon.com/athena/latest/ug/alter-table-replace-columns.html"
UNSUPPORTED_DOC = "https://docs.aws.amazon.com/athena/latest/ug/unsupported-ddl.html"
ICEBERG_DDL_DOC = ("https://docs.aws.amazon.com/athena/latest/ug/"
                   "querying-iceberg-evolving-table-schema.html")

PartitionSpec = Mapping[str, Any] | PartitionValues


def _refuse(code: str, path: str, message: str, doc: str = DDL_DOC) -> SpecError:
    return SpecError([Diagnostic(code, Severity.ERROR, message, path=path, doc=doc)])


def add_columns(table: Table, columns: Sequence[Column]) -> str:
    """``ALTER TABLE ... ADD COLUMNS (...)``: new columns after the existing ones.

    Raises:
        SpecError: no columns, or a name the table already has (as a column or partition).

    Example:
        >>> from athenakit.table.model import columns
        >>> t = Table(name="t", columns=columns({"id": "int"}), location="s3://b/t/")
        >>> print(add_columns(t, [Column("date", "string", "day")]), end="")
        ALTER TABLE t ADD COLUMNS (
          `date` string COMMENT 'day'
        )
    """
    refuse_alter(table, "ALTER TABLE ADD COLUMNS")
    if not columns:
        raise _refuse("AK410", "columns", "ADD COLUMNS needs at least one column")
    taken = [c.name for c in columns if table.column(c.name) is not None]
    if taken:
        raise _refuse("AK410", "columns", f"the table already has {', '.join(taken)}")
    return render_template("add_columns.sql.j2", name=table_name(table), columns=columns)


def replace_columns(table: Table, columns: Sequence[Column]) -> str:
    """``ALTER TABLE ... REPLACE COLUMNS (...)``: the whole data column list, where Athena allows it.

    Raises:
        SpecError: an Iceberg table, a table whose SerDe is not LazySimpleSerDe, a ``date``
            column (old or new), or a name that is also a partition column.
    """
    problems = replace_columns_problems(table, columns)
    if problems:
        raise SpecError(problems)
    return render_template("replace_columns.sql.j2", name=table_name(table), columns=columns)


def replace_columns_problems(table: Table, columns: Sequence[Column]) -> list[Diagnostic]:
    """Why ``REPLACE COLUMNS`` with ``columns`` would fail on ``table`` (empty: it works)."""
    def refuse(message: str) -> Diagnostic:
        return Diagnostic("AK411", Severity.ERROR, message, path="columns", doc=REPLACE_DOC)

    refuse_alter(table, "ALTER TABLE REPLACE COLUMNS")
    # https://docs.aws.amazon.com/athena/latest/ug/alter-table-replace-columns.html
    if table.is_iceberg:
        return [refuse("REPLACE COLUMNS does not work on Iceberg tables (use ADD COLUMNS, "
                       "CHANGE COLUMN, DROP COLUMN)")]
    out = []
    if table.storage.serde_class != LAZY_SIMPLE:
        out.append(refuse(f"REPLACE COLUMNS works on LazySimpleSerDe tables only, not "
                          f"{table.storage.format!r} ({table.storage.serde_class or 'implied'})"))
    dated = [c.name for c in (*table.columns, *columns) if "date" in _type_words(c)]
    if dated:
        out.append(refuse(f"REPLACE COLUMNS does not work with date columns "
                          f"({', '.join(dict.fromkeys(dated))}); use timestamp"))
    clash = [c.name for c in columns if c.name.lower() in {p.name.lower()
                                                           for p in table.partitions}]
    if clash:
        out.append(refuse(f"{', '.join(clash)} is a partition column"))
    if not columns:
        out.append(refuse("REPLACE COLUMNS needs at least one column"))
    return out


def _type_words(column: Column) -> set[str]:
    import re

    return set(re.findall(r"[a-z]+", column.type.ddl.lower()))


def change_column(table: Table, name: str, column: Column, *, first: bool = False,
                  after: str | None = None) -> str:
    """``ALTER TABLE ... CHANGE COLUMN old new type [COMMENT ...] [FIRST | AFTER col]``.

    Athena changes the catalog only: whether the data still reads under a new type or order
    depends on the format (see :mod:`athenakit.table.diff`).

    Raises:
        SpecError: ``name`` is not a data column, ``after`` is unknown, or both placements.
    """
    refuse_alter(table, "ALTER TABLE CHANGE COLUMN")
    if _data_column(table, name) is None:
        raise _refuse("AK412", "name", f"{name!r} is not a data column of the table")
    if first and after is not None:
        raise _refuse("AK412", "after", "give FIRST or AFTER, not both")
    if after is not None and _data_column(table, after) is None:
        raise _refuse("AK412", "after", f"{after!r} is not a data column of the table")
    return render_template("change_column.sql.j2", name=table_name(table), old=name,
                           column=column, first=first, after=after)


def drop_column(table: Table, name: str) -> str:
    """``ALTER TABLE ... DROP COLUMN`` (Iceberg tables only; Hive tables reject it).

    Raises:
        SpecError: a Hive table, or ``name`` is not a column.
    """
    # https://docs.aws.amazon.com/athena/latest/ug/querying-iceberg-alter-table-drop-column.html
    if not table.is_iceberg:
        raise _refuse("AK413", "name", "DROP COLUMN works on Iceberg tables only; for other "
                      "tables recreate the table (or REPLACE COLUMNS on LazySimpleSerDe tables)",
                      UNSUPPORTED_DOC)
    if _data_column(table, name) is None:
        raise _refuse("AK413", "name", f"{name!r} is not a column of the table")
    return render_template("drop_column.sql.j2", name=table_name(table), column=name)


def _data_column(table: Table, name: str) -> Column | None:
    return next((c for c in table.columns if c.name.lower() == name.lower()), None)


def unset_properties(table: Table, keys: Iterable[str]) -> str:
    """``ALTER TABLE ... UNSET TBLPROPERTIES ('k', ...)`` (Iceberg tables only).

    Raises:
        SpecError: a Hive table (Athena has no UNSET TBLPROPERTIES for them) or no keys.
    """
    # https://docs.aws.amazon.com/athena/latest/ug/querying-iceberg-alter-table-unset-properties.html
    if not table.is_iceberg:
        raise _refuse("AK414", "properties", "UNSET TBLPROPERTIES works on Iceberg tables only",
                      UNSUPPORTED_DOC)
    names = sorted(set(keys))
    if not names:
        raise _refuse("AK414", "properties", "no table properties to unset")
    return render_template("unset_tblproperties.sql.j2", name=table_name(table), keys=names)


def set_location(table: Table, location: str) -> str:
    """``ALTER TABLE ... SET LOCATION 's3://...'`` (Hive tables; data is not moved).

    Raises:
        SpecError: an Iceberg table, or a location that is not an ``s3://`` folder.
    """
    refuse_alter(table, "ALTER TABLE SET LOCATION")
    if table.is_iceberg:
        raise _refuse("AK415", "location", "an Iceberg table's location cannot be changed; "
                      "CTAS into a new table", ICEBERG_DDL_DOC)
    problems = [d for d in check_location(location, "location") if d.is_error]
    if problems:
        raise SpecError(problems)
    return render_template("set_location.sql.j2", name=table_name(table), location=location)


def add_partition_statements(table: Table, partitions: Iterable[PartitionSpec], *,
                             if_not_exists: bool = True,
                             max_bytes: int = MAX_STATEMENT_BYTES) -> list[str]:
    """``ALTER TABLE ... ADD PARTITION ...`` statements registering ``partitions``, as few as
    fit under ``max_bytes`` each (Athena's query-string limit by default).

    Args:
        table: a partitioned Hive table.
        partitions: mappings of partition column to value (an optional ``location`` key), or
            :class:`~athenakit.table.render.PartitionValues`.
        if_not_exists: write ``ADD IF NOT EXISTS``.
        max_bytes: the largest statement, in UTF-8 bytes.

    Returns:
        Statements in the order of ``partitions`` (none for no partitions).

    Raises:
        SpecError: a partition names the wrong columns, has a bad location, or is alone larger
            than ``max_bytes``.

    Example:
        >>> from athenakit.table.model import Partition, columns
        >>> t = Table(name="t", location="s3://b/t/", columns=columns({"id": "int"}),
        ...           partitions=(Partition("dt"),))
        >>> for sql in add_partition_statements(t, [{"dt": "1"}, {"dt": "2"}], max_bytes=60):
        ...     print(sql, end="")
        ALTER TABLE t ADD IF NOT EXISTS
          PARTITION (dt='1')
        ALTER TABLE t ADD IF NOT EXISTS
          PARTITION (dt='2')
    """
    specs = [partition_values(table, p) for p in partitions]
    if not specs:
        return []
    text = render_template("add_partitions.sql.j2", name=table_name(table), partitions=specs,
                           if_not_exists=if_not_exists)
    return _split(text, len(specs), max_bytes, separator="")


def drop_partition_statements(table: Table, partitions: Iterable[PartitionSpec], *,
                              if_exists: bool = True,
                              max_bytes: int = MAX_STATEMENT_BYTES) -> list[str]:
    """``ALTER TABLE ... DROP PARTITION (...), PARTITION (...)`` statements, split under
    ``max_bytes``. Dropping a partition of an external table leaves its data in S3.

    Raises:
        SpecError: as :func:`add_partition_statements`.
    """
    specs = [partition_values(table, _without_location(p)) for p in partitions]
    if not specs:
        return []
    text = render_template("drop_partitions.sql.j2", name=table_name(table), partitions=specs,
                           if_exists=if_exists)
    return _split(text, len(specs), max_bytes, separator=",")


def _without_location(given: PartitionSpec) -> PartitionSpec:
    if isinstance(given, PartitionValues):
        return PartitionValues(given.values)
    return {k: v for k, v in given.items() if k != "location"}


def _split(text: str, count: int, max_bytes: int, *, separator: str) -> list[str]:
    """Cut one rendered partition statement into statements of at most ``max_bytes``.

    The templates write a header line, then one line per partition, each but the last ending
    in ``separator``; a cut repeats the header and drops the separator before it.
    """
    lines = text.rstrip("\n").split("\n")
    header, body = lines[: len(lines) - count], lines[len(lines) - count:]
    if separator:
        body = [line.removesuffix(separator) for line in body]
    base = sum(len(line.encode()) + 1 for line in header)
    extra = len(separator.encode())
    chunks: list[list[str]] = [[]]
    used = base
    for i, line in enumerate(body):
        size = len(line.encode()) + 1 + extra
        if base + size > max_bytes:
            raise _refuse("AK416", f"partitions[{i}]", f"one partition alone makes a "
                          f"{base + size}-byte statement, over the {max_bytes}-byte limit")
        if used + size > max_bytes:
            chunks.append([])
            used = base
        chunks[-1].append(line)
        used += size
    return ["\n".join([*header, *_joined(chunk, separator)]) + "\n" for chunk in chunks]


def _joined(lines: list[str], separator: str) -> list[str]:
    return [line + separator for line in lines[:-1]] + lines[-1:]
