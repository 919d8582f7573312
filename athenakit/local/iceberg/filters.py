"""The simple conjuncts of a WHERE clause as a pyiceberg row filter (for pruning only).

Only ``column <op> literal`` and ``column IN (literals)`` over numbers, strings and ``DATE``
literals are taken, for a column of this table (qualified by its alias, or unqualified when the
SELECT reads this table alone). Anything else is left to DuckDB, which applies the whole WHERE
clause after the scan anyway; the filter only lets pyiceberg skip partitions and files whose
metadata cannot match.
"""

from __future__ import annotations

from typing import Any

from sqlglot import exp

from athenakit.table.model import Table

_NUMERIC = ("tinyint", "smallint", "int", "integer", "bigint", "double", "float", "real")


def row_filter(node: exp.Table, table: Table) -> Any:
    """The pyiceberg expression for ``node``'s SELECT, ``AlwaysTrue()`` when nothing applies."""
    from pyiceberg.expressions import AlwaysTrue, And

    select = node.find_ancestor(exp.Select)
    where = select.args.get("where") if select is not None else None
    if where is None:
        return AlwaysTrue()
    alone = select is not None and not select.args.get("joins")
    aliases = {node.name.lower(), (node.alias or node.name).lower()}
    result: Any = AlwaysTrue()
    for conjunct in where.this.flatten() if isinstance(where.this, exp.And) else [where.this]:
        found = _predicate(conjunct, table, aliases, alone)
        if found is not None:
            result = And(result, found)
    return result


def _column(node: exp.Expression, table: Table, aliases: set[str], alone: bool) -> str | None:
    if not isinstance(node, exp.Column) or (node.table and node.table.lower() not in aliases):
        return None
    if not node.table and not alone:
        return None
    column = next((c for c in table.columns if c.name.lower() == node.name.lower()), None)
    return column.name.lower() if column is not None else None


def _value(node: exp.Expression, kind: str) -> Any:
    if isinstance(node, exp.Neg) and isinstance(node.this, exp.Literal):
        inner = _value(node.this, kind)
        return -inner if isinstance(inner, (int, float)) else None
    if isinstance(node, exp.Literal):
        if node.is_string:
            return node.this if kind in ("string", "varchar", "char") or \
                kind.startswith(("varchar", "char")) else None
        if kind in _NUMERIC:
            number = float(node.this)
            return int(number) if number.is_integer() and kind != "double" else number
        return None
    if isinstance(node, exp.Cast) and node.to.is_type("date") and kind == "date" and \
            isinstance(node.this, exp.Literal) and node.this.is_string:
        return node.this.this
    return None


def _predicate(node: Any, table: Table, aliases: set[str], alone: bool) -> Any:
    from pyiceberg import expressions as ie

    ops: dict[type, Any] = {exp.EQ: ie.EqualTo, exp.GT: ie.GreaterThan, exp.GTE: ie.GreaterThanOrEqual,
           exp.LT: ie.LessThan, exp.LTE: ie.LessThanOrEqual}
    if isinstance(node, exp.In) and not node.args.get("query"):
        name = _column(node.this, table, aliases, alone)
        if name is None:
            return None
        kind = _kind(table, name)
        values = [_value(v, kind) for v in node.expressions]
        return None if not values or None in values else ie.In(name, tuple(values))  # type: ignore[call-arg, arg-type]
    op = ops.get(type(node))
    if op is None:
        return None
    name = _column(node.this, table, aliases, alone)
    if name is None:
        return None
    value = _value(node.expression, _kind(table, name))
    return None if value is None else op(name, value)


def _kind(table: Table, name: str) -> str:
    column = table.column(name)
    return column.type.ddl.lower() if column is not None else ""
