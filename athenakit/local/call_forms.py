"""Expression forms Trino's analyzer refuses that DuckDB took or failed on in its own words.

- ``FILTER``, ``DISTINCT`` or an ``ORDER BY`` in a call of a function that is no aggregate:
  ``FUNCTION_NOT_AGGREGATE`` (``Filter is only valid for aggregation functions``, ``DISTINCT is
  not supported for non-aggregation functions``, ``ORDER BY is only valid for aggregation
  functions``) at the call (``TestAnalyzer.testInvalidAggregationFilter``,
  ``testNonAggregationDistinct``, ``testAggregationWithOrderBy``). With ``DISTINCT``, each
  ``ORDER BY`` key of an aggregate is one of its arguments (``EXPRESSION_NOT_IN_DISTINCT: For
  aggregate function with DISTINCT, ORDER BY expressions must appear in arguments``, at the
  key; ``testAggregationWithOrderBy``).
- A subscript of a ``ROW(...)`` constructor by a literal: an index from 1 to the number of
  fields (``INVALID_FUNCTION_ARGUMENT: Invalid subscript index: 0. ROW indices start at 1``,
  ``Subscript index out of bounds: 5, max value is 2``), an integer (``TYPE_MISMATCH:
  Subscript expression on ROW requires integer index, found bigint``), at the index
  (``TestAnalyzer.testExpressions``).
- ``CAST(x AS ARRAY)``, ``MAP`` or ``ROW`` without element types: ``TYPE_MISMATCH: Unknown
  type: ARRAY``; ``CAST(x AS UNKNOWN)``: ``UNKNOWN is not a valid type``.
- ``SELECT *`` without FROM: ``COLUMN_NOT_FOUND: SELECT * not allowed in queries without FROM
  clause`` (``TestAnalyzer.testWildcardWithoutFrom``).
- A window function without ``OVER`` (``SELECT row_number()``): refused by name. Trino fails
  with ``MISSING_OVER`` (``WindowFunctionValidator``: ``Window function %s requires an OVER
  clause``), naming the function as its release spells a resolved name (``row_number``, or
  qualified by its catalog and schema in later releases); DuckDB's binder error had been a
  generic refusal.

https://trino.io/docs/current/functions/aggregate.html
"""

from __future__ import annotations

from sqlglot import exp

from athenakit.local.errors import UnsupportedLocally
from athenakit.local.failures import athena_error, start_of
from athenakit.local.nodes import SELECT_AT, WINDOW_FUNCTIONS


def _plain_call(node: exp.Expr | None) -> bool:
    """A call of a function sqlglot knows that is no aggregate (nor window function)."""
    return isinstance(node, exp.Func) and not isinstance(node, exp.AggFunc | exp.Anonymous
                                                          | exp.Window)


def _aggregate_forms(node: exp.Expr) -> None:
    text = None
    if isinstance(node, exp.Filter) and _plain_call(node.this):
        call, text = node.this, "Filter is only valid for aggregation functions"
    elif isinstance(node, exp.Distinct) and _plain_call(node.parent):
        call, text = node.parent, "DISTINCT is not supported for non-aggregation functions"
    elif isinstance(node, exp.Order) and _plain_call(node.parent):
        call, text = node.parent, "ORDER BY is only valid for aggregation functions"
    if text is not None:
        raise athena_error("FUNCTION_NOT_AGGREGATE", text, offset=start_of(call))
    if isinstance(node, exp.Order) and isinstance(node.this, exp.Distinct) \
            and isinstance(node.parent, exp.AggFunc):
        for key in node.expressions:  # each ORDER BY key one of the DISTINCT arguments
            value = key.this if isinstance(key, exp.Ordered) else key
            if value not in node.this.expressions:
                raise athena_error("EXPRESSION_NOT_IN_DISTINCT", "For aggregate function with "
                                   "DISTINCT, ORDER BY expressions must appear in arguments",
                                   offset=start_of(value))


def _index(node: exp.Expr) -> int | None:
    if isinstance(node, exp.Neg) and isinstance(node.this, exp.Literal) and node.this.is_int:
        return -int(node.this.name)
    return int(node.name) if isinstance(node, exp.Literal) and node.is_int else None


def _row_subscript(node: exp.Bracket) -> None:
    if not isinstance(node.this, exp.Struct) or len(node.expressions) != 1:
        return
    index, fields = _index(node.expressions[0]), len(node.this.expressions)
    at = start_of(node.expressions[0])
    if index is None:
        return
    if index > 2**31 - 1:
        raise athena_error("TYPE_MISMATCH", "Subscript expression on ROW requires integer "
                           "index, found bigint", offset=at)
    if index < 1:
        raise athena_error("INVALID_FUNCTION_ARGUMENT", f"Invalid subscript index: {index}. ROW "
                           "indices start at 1", offset=at)
    if index > fields:
        raise athena_error("INVALID_FUNCTION_ARGUMENT", f"Subscript index out of bounds: "
                           f"{index}, max value is {fields}", offset=at)


_BARE = {exp.DType.ARRAY: "ARRAY", exp.DType.MAP: "MAP", exp.DType.STRUCT: "ROW"}


def _cast_type(node: exp.Cast) -> None:
    target = node.to
    if target.this in _BARE and not target.expressions:
        text = f"Unknown type: {_BARE[target.this]}"
    elif target.this == exp.DType.UNKNOWN:
        text = "UNKNOWN is not a valid type"
    else:
        return
    raise athena_error("TYPE_MISMATCH", text, offset=start_of(node), before="cast")


def _star_without_from(select: exp.Select) -> None:
    if not select.args.get("from_") and any(isinstance(e, exp.Star) for e in select.expressions):
        raise athena_error("COLUMN_NOT_FOUND", "SELECT * not allowed in queries without FROM "
                           "clause", offset=select.meta.get(SELECT_AT), find="*")


MISSING_OVER = "a window function without OVER"
_WINDOWS = tuple(WINDOW_FUNCTIONS)


def _missing_over(node: exp.Expr) -> None:
    around = node.parent
    while isinstance(around, exp.IgnoreNulls | exp.RespectNulls):
        around = around.parent
    if not isinstance(around, exp.Window):
        raise UnsupportedLocally(MISSING_OVER, hint="Athena fails with MISSING_OVER: Window "
                                 f"function {WINDOW_FUNCTIONS[type(node)]} requires an OVER clause")


def check(tree: exp.Expr) -> None:
    """Raise Trino's failure for one of the forms above.

    Args:
        tree: a parsed statement.

    Raises:
        AthenaFailure: FUNCTION_NOT_AGGREGATE, INVALID_FUNCTION_ARGUMENT, TYPE_MISMATCH or
            COLUMN_NOT_FOUND.
        UnsupportedLocally: a window function without OVER.
    """
    for node in tree.walk():
        if isinstance(node, exp.Filter | exp.Distinct | exp.Order):
            _aggregate_forms(node)
        elif isinstance(node, exp.Bracket):
            _row_subscript(node)
        elif isinstance(node, exp.Cast):
            _cast_type(node)
        elif isinstance(node, exp.Select):
            _star_without_from(node)
        elif isinstance(node, _WINDOWS):
            _missing_over(node)
