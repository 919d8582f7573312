"""Partition predicates read from a query's WHERE clause.

Only conjuncts that compare a partition column with literals are used (``=``, ``<>``, ``<``,
``<=``, ``>``, ``>=``, ``IN``, ``BETWEEN``); anything else keeps every partition, and DuckDB
still applies the full WHERE to the rows, so pruning never changes an answer.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlglot import exp

from athenakit.local.partitions import Predicate

_OPS: dict[type[exp.Expression], Callable[[Any, Any], bool]] = {
    exp.EQ: operator.eq, exp.NEQ: operator.ne, exp.LT: operator.lt, exp.LTE: operator.le,
    exp.GT: operator.gt, exp.GTE: operator.ge,
}
_FLIP: dict[type[exp.Expression], type[exp.Expression]] = {
    exp.LT: exp.GT, exp.GT: exp.LT, exp.LTE: exp.GTE, exp.GTE: exp.LTE,
}
_NUMERIC = ("int", "bigint", "smallint", "tinyint", "integer", "decimal", "double", "float")


def _conjuncts(node: exp.Expression | None) -> list[exp.Expression]:
    if node is None:
        return []
    if isinstance(node, exp.And):
        return _conjuncts(node.this) + _conjuncts(node.expression)
    if isinstance(node, exp.Paren):
        return _conjuncts(node.this)
    return [node]


def _literal(node: exp.Expression) -> str | None:
    if isinstance(node, exp.Cast):
        node = node.this
    if isinstance(node, exp.Literal):
        return str(node.this)
    return None


def _converter(kind: str) -> Callable[[str], Any]:
    def numeric(text: str) -> Any:
        try:
            return Decimal(text)
        except InvalidOperation:
            return None
    return numeric if kind.lower().startswith(_NUMERIC) else str


def _column_of(node: exp.Expression, names: Mapping[str, str], aliases: set[str]) -> str | None:
    if isinstance(node, exp.Column) and node.name.lower() in names and (
            not node.table or node.table.lower() in aliases):
        return node.name.lower()
    return None


def _test(op: Callable[[Any, Any], bool], bound: Any, conv: Callable[[str], Any]) -> Predicate:
    def keep(value: str) -> bool:
        got = conv(value)
        return got is None or bound is None or bool(op(got, bound))
    return keep


def _and(a: Predicate | None, b: Predicate) -> Predicate:
    return b if a is None else (lambda v: a(v) and b(v))


def extract(
    where: exp.Expression | None, partition_types: Mapping[str, str], aliases: set[str],
) -> tuple[dict[str, Predicate], dict[str, list[str]]]:
    """Predicates on partition columns and the values pinned by equality.

    Args:
        where: the WHERE condition of the SELECT reading the table.
        partition_types: partition column (lower case) -> Hive type text.
        aliases: names the table is referred to by in that SELECT (lower case).

    Returns:
        (column -> predicate on the value text, column -> values from ``=`` / ``IN``).
    """
    predicates: dict[str, Predicate] = {}
    pinned: dict[str, list[str]] = {}
    for cond in _conjuncts(where):
        found = _one(cond, partition_types, aliases)
        if found is None:
            continue
        column, predicate, values = found
        predicates[column] = _and(predicates.get(column), predicate)
        if values is not None:
            pinned[column] = values
    return predicates, pinned


def _one(
    cond: exp.Expression, types: Mapping[str, str], aliases: set[str],
) -> tuple[str, Predicate, list[str] | None] | None:
    if isinstance(cond, exp.In):
        column = _column_of(cond.this, types, aliases)
        values = [_literal(v) for v in cond.expressions]
        if column is None or not values or any(v is None for v in values):
            return None
        conv = _converter(types[column])
        wanted = {conv(v) for v in values if v is not None}
        return column, (lambda v: conv(v) in wanted), [v for v in values if v is not None]
    if isinstance(cond, exp.Between):
        column = _column_of(cond.this, types, aliases)
        low, high = _literal(cond.args["low"]), _literal(cond.args["high"])
        if column is None or low is None or high is None:
            return None
        conv = _converter(types[column])
        low_ok = _test(operator.ge, conv(low), conv)
        return column, _and(low_ok, _test(operator.le, conv(high), conv)), None
    op_type: type[exp.Expression] = type(cond)
    if op_type not in _OPS or not isinstance(cond, exp.Binary):
        return None
    left, right = cond.this, cond.expression
    column = _column_of(left, types, aliases)
    if column is None:
        column, left, right = _column_of(right, types, aliases), right, left
        op_type = _FLIP.get(op_type, op_type)
    value = _literal(right)
    if column is None or value is None:
        return None
    conv = _converter(types[column])
    pinned: list[str] | None = [value] if op_type is exp.EQ else None
    return column, _test(_OPS[op_type], conv(value), conv), pinned
