"""``information_schema`` answered from the local catalog, as Trino's information schema
connector answers it for Athena's ``awsdatacatalog``.

Tables and columns are Trino's (trinodb/trino core/trino-main/src/main/java/io/trino/connector/
informationschema/InformationSchemaTable.java), every column ``varchar`` but
``ordinal_position`` (``bigint``):

==============  ===========================================================================
``schemata``    catalog_name, schema_name
``tables``      table_catalog, table_schema, table_name, table_type (``BASE TABLE`` / ``VIEW``);
                hidden: trino_relation_type (``TABLE`` / ``VIEW``), table_comment
``views``       table_catalog, table_schema, table_name, view_definition
``columns``     table_catalog, table_schema, table_name, column_name, ordinal_position,
                column_default (NULL), is_nullable (``YES``), data_type (Trino's type name:
                ``varchar``, ``array(varchar)``, ``map(varchar, integer)``, ``decimal(10,2)``,
                ``timestamp(3)``); hidden: comment, extra_info (``partition key`` for a Hive
                partition column, as Trino's Hive connector's ``HiveUtil.columnExtraInfo``
                says), column_comment
==============  ===========================================================================

A hidden column is left out of ``SELECT *`` and given when the statement names it. The
``information_schema`` schema lists itself, as Trino's does. ``table_privileges``, ``roles``,
``applicable_roles`` and ``enabled_roles`` (Lake Formation's grants) are refused.

The rows are built when the statement runs and become a ``VALUES`` relation in the query, so
WHERE, JOIN and ORDER BY run on them as on any table.

https://docs.aws.amazon.com/athena/latest/ug/querying-glue-catalog.html
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from sqlglot import exp

from athenakit.local.errors import UnsupportedLocally
from athenakit.sql.quoting import Engine, quote_identifier, quote_literal

if TYPE_CHECKING:
    from athenakit.local.catalog import Catalog
    from athenakit.local.scan import ScanState
    from athenakit.table.model import Column

SCHEMA = "information_schema"
CATALOG = "awsdatacatalog"
Row = tuple[object, ...]
ViewColumns = Callable[[str, str | None], "list[Column]"]

# name -> (visible columns, hidden columns); ordinal_position is the only bigint
_TABLES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "columns": (("table_catalog", "table_schema", "table_name", "column_name",
                 "ordinal_position", "column_default", "is_nullable", "data_type"),
                ("comment", "extra_info", "column_comment")),
    "tables": (("table_catalog", "table_schema", "table_name", "table_type"),
               ("trino_relation_type", "table_comment")),
    "views": (("table_catalog", "table_schema", "table_name", "view_definition"), ()),
    "schemata": (("catalog_name", "schema_name"), ()),
}
_REFUSED = ("table_privileges", "roles", "applicable_roles", "enabled_roles")
_DECIMAL = re.compile(r"decimal\((\d+), (\d+)\)")
_TIMESTAMP = re.compile(r"\btimestamp\b(?!\()")


def is_information_schema(node: exp.Table) -> bool:
    """Whether ``node`` names a table of ``information_schema``."""
    return node.db.lower() == SCHEMA and node.catalog.lower() in ("", CATALOG)


def relation(node: exp.Table, catalog: Catalog, view_columns: ViewColumns | None,
             wanted: set[str], state: ScanState) -> str:
    """The DuckDB SQL of the information schema table ``node`` names.

    Args:
        node: the table reference.
        catalog: the local catalog.
        view_columns: the columns a view returns (for ``columns``).
        wanted: the column names the statement mentions (hidden columns are given if named).
        state: the statement's scan state (receives the columns' types).

    Returns:
        A SELECT over the rows.

    Raises:
        QueryError: no such information schema table (TABLE_NOT_FOUND).
        UnsupportedLocally: a grants / roles table.
    """
    name = node.name.lower()
    if name in _REFUSED:
        raise UnsupportedLocally(f"information_schema.{name}",
                                 hint="the local catalog keeps no grants or roles")
    if name not in _TABLES:
        from athenakit.local.failures import athena_error, start_of

        raise athena_error("TABLE_NOT_FOUND", f"Table '{CATALOG}.{SCHEMA}.{name}' does not exist",
                           offset=start_of(node))
    visible, hidden = _TABLES[name]
    every = [*visible, *hidden]
    columns = [*visible, *(c for c in hidden if c in wanted)]
    picked = [every.index(c) for c in columns]
    rows = [tuple(r[i] for i in picked) for r in _rows(name, catalog, view_columns)]
    for column in columns:
        state.column_types.setdefault(column, "BIGINT" if column == "ordinal_position"
                                      else "VARCHAR")
    return _values_sql(columns, rows)


def _rows(name: str, catalog: Catalog, view_columns: ViewColumns | None) -> list[Row]:
    if name == "schemata":
        return [(CATALOG, s) for s in sorted({*catalog.databases, SCHEMA})]
    if name == "views":
        return [(CATALOG, db, v, body) for (db, v), body in sorted(catalog.views.items())]
    if name == "tables":
        return sorted(_table_rows(catalog))
    return sorted(_column_rows(catalog, view_columns), key=lambda r: (str(r[1]), str(r[2]),
                                                                       int(str(r[4]))))


def _table_rows(catalog: Catalog) -> Iterator[Row]:
    for db, table in catalog.tables:
        yield (CATALOG, db, table, "BASE TABLE", "TABLE", catalog.tables[(db, table)].comment)
    for db, view in catalog.views:
        yield (CATALOG, db, view, "VIEW", "VIEW", None)
    for own in (*_TABLES, *_REFUSED):
        yield (CATALOG, SCHEMA, own, "BASE TABLE", "TABLE", None)


def _column_rows(catalog: Catalog, view_columns: ViewColumns | None) -> Iterator[Row]:
    for (db, name), table in catalog.tables.items():
        partition = {p.name.lower() for p in table.partitions}
        for i, column in enumerate((*table.columns, *table.partitions), start=1):
            extra = "partition key" if column.name.lower() in partition else None
            yield _column_row(db, name, i, column.name.lower(), trino_type(column.type.dml),
                              column.comment, extra)
    for db, name in catalog.views:
        if view_columns is None:
            raise UnsupportedLocally("information_schema.columns of a view")
        for i, column in enumerate(view_columns(name, db), start=1):
            yield _column_row(db, name, i, column.name, trino_type(column.type.dml), None, None)
    for own, (visible, _) in _TABLES.items():
        for i, column_name in enumerate(visible, start=1):
            kind = "bigint" if column_name == "ordinal_position" else "varchar"
            yield _column_row(SCHEMA, own, i, column_name, kind, None, None)


def _column_row(db: str, table: str, position: int, name: str, kind: str,
                comment: str | None, extra: str | None) -> Row:
    return (CATALOG, db, table, name, position, None, "YES", kind, comment, extra, comment)


def trino_type(dml: str) -> str:
    """Trino's display name of a type spelled in Trino's DDL (``ROW(a INTEGER)`` ->
    ``row(a integer)``, ``DECIMAL(10, 2)`` -> ``decimal(10,2)``, a Hive ``TIMESTAMP`` ->
    ``timestamp(3)``, the precision Athena's Hive tables read timestamps with)."""
    text = _DECIMAL.sub(r"decimal(\1,\2)", dml.lower())
    return _TIMESTAMP.sub("timestamp(3)", text)


def _values_sql(columns: list[str], rows: list[Row]) -> str:
    quoted = [quote_identifier(c, Engine.TRINO, always=True) for c in columns]
    if not rows:
        nulls = ", ".join(f"CAST(NULL AS {_duck_type(c)}) AS {q}"
                          for c, q in zip(columns, quoted, strict=True))
        return f"SELECT {nulls} WHERE false"
    names = ", ".join(quoted)
    values = ", ".join("(" + ", ".join(_literal(c, v) for c, v in zip(columns, row, strict=True))
                       + ")" for row in rows)
    return f"SELECT * FROM (VALUES {values}) AS __ak_information_schema({names})"


def _duck_type(column: str) -> str:
    return "BIGINT" if column == "ordinal_position" else "VARCHAR"


def _literal(column: str, value: object) -> str:
    if value is None:
        return f"CAST(NULL AS {_duck_type(column)})"
    if isinstance(value, int):
        return f"CAST({value} AS BIGINT)"
    return f"CAST({quote_literal(str(value), Engine.TRINO)} AS VARCHAR)"
