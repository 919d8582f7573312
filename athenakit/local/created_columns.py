"""The columns a CTAS or a view creates, and those an INSERT writes, named and checked as
Trino names and checks them.

Trino names a query's output columns by their aliases, a column reference by its column's
name, and leaves any other expression unnamed (``_col0`` is only how a result shows it). A
CTAS or view needs every column named, once, and typed (``StatementAnalyzer
.validateColumns``), else it fails at the statement (``line 1:1``): ``MISSING_COLUMN_NAME:
Column name not specified at position 1``, ``DUPLICATE_COLUMN_NAME: Column name 'a' specified
more than once``, ``COLUMN_TYPE_UNKNOWN: Column type is unknown: a`` (``SELECT NULL AS a``).
A column list (``CREATE TABLE t (x, y) AS ...``) names them instead and must match their
number (``validateColumnAliases``): ``MISMATCHED_COLUMN_ALIASES: Column alias list has 1
entries but relation has 2 columns`` at its first name. The local engine had named such
columns ``_col0`` and ignored a column list. ``INSERT INTO t (a, b)`` names columns of the
table, each once (``StatementAnalyzer.visitInsert``): ``COLUMN_NOT_FOUND: line 1:1: Insert
column name does not exist in target table: x``, ``DUPLICATE_COLUMN_NAME: ... Insert column
name is specified more than once: a``.

https://docs.aws.amazon.com/athena/latest/ug/create-table-as.html
https://docs.aws.amazon.com/athena/latest/ug/insert-into.html
https://trino.io/docs/current/sql/create-table-as.html
"""

from __future__ import annotations

from sqlglot import exp

from athenakit.local.failures import athena_error, start_of


def _first_select(query: exp.Expr) -> exp.Expr:
    while isinstance(query, exp.SetOperation | exp.Subquery):
        query = query.this
    return query


def field_names(query: exp.Expr, written: list[str]) -> list[str | None]:
    """Trino's names of a query's output columns (None: unnamed).

    Args:
        query: the statement's query.
        written: the names the result came back with (``_colN`` for an unnamed column), read
            where the query's items do not say (``SELECT *``).
    """
    select = _first_select(query)
    items = select.expressions if isinstance(select, exp.Select) else []
    if not items or len(items) != len(written) or any(
            isinstance(i, exp.Star) or isinstance(i, exp.Column) and i.is_star for i in items):
        return [None if n == f"_col{i}" else n for i, n in enumerate(written)]
    names: list[str | None] = []
    for item in items:
        if isinstance(item, exp.Alias):
            names.append(item.alias)
        elif isinstance(item, exp.Column | exp.Dot):
            names.append(item.name)
        else:
            names.append(None)
    return names


def names(create: exp.Create, fields: list[str | None], types: list[str]) -> list[str]:
    """The names of the columns ``create`` (a CTAS or CREATE VIEW) makes.

    Args:
        create: the statement.
        fields: :func:`field_names` of its query.
        types: the Trino types of the query's columns (``unknown`` for a bare NULL).

    Raises:
        AthenaFailure: as Trino fails the statement (see the module docstring).
    """
    listed = create.this.expressions if isinstance(create.this, exp.Schema) else []
    listed = [i for i in listed if isinstance(i, exp.Identifier)]
    if listed:
        return _listed(listed, types)
    seen: set[str] = set()
    for position, (name, kind) in enumerate(zip(fields, types), start=1):
        if name is None:
            raise athena_error("MISSING_COLUMN_NAME",
                               f"Column name not specified at position {position}", offset=0)
        if name.lower() in seen:
            raise athena_error("DUPLICATE_COLUMN_NAME",
                               f"Column name '{name}' specified more than once", offset=0)
        seen.add(name.lower())
        if kind == "unknown":
            raise athena_error("COLUMN_TYPE_UNKNOWN", f"Column type is unknown: {name}",
                               offset=0)
    return [n or "" for n in fields]


def _listed(listed: list[exp.Identifier], types: list[str]) -> list[str]:
    if len(listed) != len(types):
        raise athena_error("MISMATCHED_COLUMN_ALIASES", f"Column alias list has {len(listed)} "
                           f"entries but relation has {len(types)} columns",
                           offset=start_of(listed[0]))
    seen: set[str] = set()
    for identifier in listed:
        if identifier.name.lower() in seen:
            raise athena_error("DUPLICATE_COLUMN_NAME", f"Column name '{identifier.name}' "
                               "specified more than once", offset=start_of(identifier))
        seen.add(identifier.name.lower())
    for position, kind in enumerate(types, start=1):
        if kind == "unknown":
            raise athena_error("COLUMN_TYPE_UNKNOWN",
                               f"Column type is unknown at position {position}", offset=0)
    return [i.name for i in listed]


def ctas_columns(tree: exp.Create, columns: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """A CTAS's ``(name, Trino type)`` columns, named as Trino names them (its column list, or
    the query's names).

    Args:
        tree: the CTAS.
        columns: the query's result columns as read back: ``(name, Trino type)``.

    Raises:
        AthenaFailure: a column without a name or a type (:func:`names`).
    """
    fields = field_names(tree.expression, [n for n, _ in columns])
    named = names(tree, fields, [t for _, t in columns])
    return [(n, t) for n, (_, t) in zip(named, columns)]


def insert_targets(schema: exp.Schema, table_columns: list[str]) -> list[str]:
    """The column list of ``INSERT INTO t (a, b)``, lower-case.

    Args:
        schema: the statement's target with its column list.
        table_columns: the table's column names, lower-case.

    Raises:
        AthenaFailure: a listed column the table lacks (``COLUMN_NOT_FOUND``) or listed twice
            (``DUPLICATE_COLUMN_NAME``), at the statement (``line 1:1``).
    """
    listed: list[str] = []
    for name in (i.name.lower() for i in schema.expressions):
        if name not in table_columns:
            raise athena_error("COLUMN_NOT_FOUND", "Insert column name does not exist in "
                               f"target table: {name}", offset=0)
        if name in listed:
            raise athena_error("DUPLICATE_COLUMN_NAME", "Insert column name is specified more "
                               f"than once: {name}", offset=0)
        listed.append(name)
    return listed
