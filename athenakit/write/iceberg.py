"""Row-level statements and maintenance for Iceberg tables: UPDATE, DELETE, OPTIMIZE, VACUUM.

Athena runs these on Iceberg tables only (Trino side, double-quoted identifiers):

* https://docs.aws.amazon.com/athena/latest/ug/update-statement.html
* https://docs.aws.amazon.com/athena/latest/ug/delete-statement.html
* https://docs.aws.amazon.com/athena/latest/ug/optimize-statement.html
* https://docs.aws.amazon.com/athena/latest/ug/vacuum-statement.html

Conditions and expressions are SQL the caller writes (``"status = 'gone'"``); each must parse as
exactly one SQL expression, so a value cannot end the statement or add another. MERGE INTO is
:mod:`athenakit.write.merge`.
"""

from __future__ import annotations

from collections.abc import Mapping

from athenakit.errors import Diagnostic, Severity, SpecError
from athenakit.sql.quoting import Engine, quote_identifier, quote_qualified
from athenakit.sql.templating import render_template
from athenakit.table.model import Table

ICEBERG_DML_DOC = ("https://docs.aws.amazon.com/athena/latest/ug/"
                   "querying-iceberg-updating-iceberg-table-data.html")
OPTIMIZE_DOC = "https://docs.aws.amazon.com/athena/latest/ug/optimize-statement.html"
_TRINO = Engine.TRINO


def refuse(code: str, path: str, message: str, doc: str = ICEBERG_DML_DOC) -> SpecError:
    """A :class:`SpecError` with one diagnostic."""
    return SpecError([Diagnostic(code, Severity.ERROR, message, path=path, doc=doc)])


def require_iceberg(table: Table, statement: str) -> None:
    """Raise unless ``table`` is an Iceberg table (Hive tables reject row-level statements)."""
    if not table.is_iceberg:
        raise refuse("AK420", "table_type", f"{statement} works on Iceberg tables only; "
                     f"{'.'.join(table.qualified_name)} is not one")


def expression(text: str, path: str) -> tuple[str, set[str]]:
    """``text`` checked to be one SQL expression; returns it and the column names it reads.

    Raises:
        SpecError: empty, more than one expression, or does not parse.
    """
    import sqlglot
    from sqlglot import exp
    from sqlglot.errors import ParseError

    body = text.strip()
    try:
        trees = sqlglot.parse(f"SELECT 1 WHERE {body}", read="trino") if body else []
    except ParseError as err:
        first = str(err).splitlines()[0]
        raise refuse("AK421", path, f"not one SQL expression: {body!r} ({first})") from None
    tree = trees[0] if len(trees) == 1 else None
    if not isinstance(tree, exp.Select) or tree.args.get("where") is None:
        raise refuse("AK421", path, f"not one SQL expression: {body!r}")
    return body, {c.name.lower() for c in tree.args["where"].find_all(exp.Column)}


def name(table: Table) -> str:
    """The table's name quoted for the Trino side."""
    return quote_qualified(table.qualified_name, _TRINO)


def column(table: Table, column_name: str, path: str) -> str:
    """``column_name`` quoted, after checking the table has it."""
    if table.column(column_name) is None:
        raise refuse("AK422", path, f"{'.'.join(table.qualified_name)} has no column "
                     f"{column_name!r}")
    return quote_identifier(column_name, _TRINO, always=True)


def update(table: Table, values: Mapping[str, str], *, where: str | None) -> str:
    """``UPDATE <table> SET col = expr, ... [WHERE predicate]``.

    Args:
        table: an Iceberg table.
        values: column name -> SQL expression (``{"status": "'shipped'"}``).
        where: the rows to change; ``None`` changes every row (say so explicitly).

    Raises:
        SpecError: not Iceberg, no values, an unknown column or an expression that is not one.

    Example:
        >>> from athenakit.table.model import columns
        >>> t = Table(name="orders", table_type="iceberg", location="s3://b/o/",
        ...           columns=columns({"id": "bigint", "status": "string"}))
        >>> print(update(t, {"status": "'late'"}, where="id = 7"), end="")
        UPDATE orders SET
          "status" = 'late'
        WHERE id = 7
    """
    require_iceberg(table, "UPDATE")
    if not values:
        raise refuse("AK422", "values", "UPDATE needs at least one column to set")
    assignments = [(column(table, k, f"values.{k}"), expression(v, f"values.{k}")[0])
                   for k, v in values.items()]
    return render_template("update.sql.j2", name=name(table), assignments=assignments,
                           where=None if where is None else expression(where, "where")[0])


def delete(table: Table, *, where: str | None) -> str:
    """``DELETE FROM <table> [WHERE predicate]``.

    Args:
        table: an Iceberg table.
        where: the rows to delete; ``None`` deletes every row, and must be passed explicitly.

    Raises:
        SpecError: not Iceberg, or a predicate that is not one expression.
    """
    require_iceberg(table, "DELETE")
    return render_template("delete.sql.j2", name=name(table),
                           where=None if where is None else expression(where, "where")[0])


def optimize(table: Table, *, where: str | None = None) -> str:
    """``OPTIMIZE <table> REWRITE DATA USING BIN_PACK [WHERE predicate]``: compact data files.

    Raises:
        SpecError: not Iceberg, or a predicate naming a column that is not a partition source
            (Athena fails the query then).
    """
    require_iceberg(table, "OPTIMIZE")
    predicate = None
    if where is not None:
        predicate, used = expression(where, "where")
        # https://docs.aws.amazon.com/athena/latest/ug/optimize-statement.html
        allowed = {p.column.lower() for p in table.partitioning}
        outside = sorted(used - allowed)
        if outside:
            raise refuse("AK423", "where", f"OPTIMIZE ... WHERE may name partition columns "
                         f"only ({', '.join(sorted(allowed)) or 'the table has none'}), not "
                         f"{', '.join(outside)}", OPTIMIZE_DOC)
    return render_template("optimize.sql.j2", name=name(table), where=predicate)


def vacuum(table: Table) -> str:
    """``VACUUM <table>``: expire snapshots and remove orphan files, per the table's
    ``vacuum_*`` properties.

    Raises:
        SpecError: not Iceberg.
    """
    # https://docs.aws.amazon.com/athena/latest/ug/vacuum-statement.html
    require_iceberg(table, "VACUUM")
    return render_template("vacuum.sql.j2", name=name(table))
