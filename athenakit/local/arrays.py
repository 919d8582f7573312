"""Trino's array semantics where DuckDB's differ: NULL logic, index checks, reversal.

* ``contains(a, x)`` is three-valued: NULL when ``x`` is not found but ``a`` holds a NULL;
  NaN is found nowhere (Trino compares with its equality operator).
  https://trino.io/docs/current/functions/array.html#contains
* ``element_at(a, 0)`` fails ("SQL array indices start at 1"); out of range is NULL.
* ``reverse`` of an array reverses the elements (DuckDB would reverse its text).
* ``strpos(s, t, n)``: position of the n-th occurrence (from the end for n < 0).
* ``arrays_overlap``, ``array_remove`` and ``array_intersect`` keep Trino's NULL handling.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlglot import exp

from athenakit.local import decimals
from athenakit.local.nodes import call as _call

_DONE = "ak_done"

MACROS: dict[str, str] = {
    "ak_contains": """(a, x) AS CASE WHEN a IS NULL OR x IS NULL THEN NULL
        WHEN typeof(x) IN ('DOUBLE', 'FLOAT') AND CAST(x AS VARCHAR) = 'nan' THEN CASE
            WHEN list_bool_or(list_transform(a, lambda e: e IS NULL)) THEN NULL ELSE false END
        WHEN list_contains(a, x) THEN true
        WHEN list_bool_or(list_transform(a, lambda e: e IS NULL)) THEN NULL ELSE false END""",
    "ak_element_at": """(a, i, v) AS CASE WHEN i = 0
        THEN error('INVALID_FUNCTION_ARGUMENT: SQL array indices start at 1') ELSE v END""",
    # the 1-based positions where t starts in s (overlapping occurrences count, as in Trino)
    "ak_positions": """(s, t) AS list_filter(range(1, length(s) + 1),
        lambda i: substring(s, i, length(t)) = t)""",
    "ak_strpos_n": """(s, t, n) AS CASE WHEN n = 0
        THEN error('INVALID_FUNCTION_ARGUMENT: ''instance'' must be a positive or negative '
                   || 'number.')
        WHEN length(t) = 0 THEN CAST(1 AS BIGINT)
        WHEN n > 0 THEN CAST(coalesce(ak_positions(s, t)[n], 0) AS BIGINT)
        ELSE CAST(coalesce(ak_positions(s, t)[len(ak_positions(s, t)) + n + 1], 0) AS BIGINT)
        END""",
    # arrays_overlap: true on a common non-NULL element, else NULL if either holds a NULL.
    # array_position(a, x, instance): the instance-th match (from the end for instance < 0)
    "ak_array_position_n": """(a, x, n) AS CASE WHEN n = 0
        THEN error('INVALID_FUNCTION_ARGUMENT: array_position cannot take a 0-valued '
                   || 'instance argument.')
        WHEN a IS NULL OR x IS NULL THEN NULL
        ELSE CAST(coalesce(list_filter(range(1, len(a) + 1), lambda i: a[i] = x)[
            CASE WHEN n > 0 THEN n ELSE len(list_filter(a, lambda e: e = x)) + n + 1 END], 0)
            AS BIGINT) END""",
    "ak_arrays_overlap": """(a, b) AS CASE WHEN a IS NULL OR b IS NULL THEN NULL
        WHEN list_has_any(a, b) THEN true
        WHEN len(a) > 0 AND len(b) > 0 AND (list_bool_or(list_transform(a, lambda e: e IS NULL))
            OR list_bool_or(list_transform(b, lambda e: e IS NULL))) THEN NULL
        ELSE false END""",
    # array_remove keeps NULL elements (DuckDB's list filter on e <> x would drop them).
    "ak_array_remove": """(a, x) AS CASE WHEN x IS NULL THEN NULL
        ELSE list_filter(a, lambda e: e IS NULL OR e <> x OR (typeof(e) IN ('DOUBLE', 'FLOAT')
            AND CAST(e AS VARCHAR) IN ('nan', '-nan'))) END""",  # NaN equals nothing in Trino
    # array_intersect: distinct elements of a (in order) present in b, NULL included.
    "ak_trim_array": """(a, n) AS CASE
        WHEN n < 0 THEN error('INVALID_FUNCTION_ARGUMENT: size must not be negative: '
            || CAST(n AS VARCHAR))
        WHEN n > len(a) THEN error('INVALID_FUNCTION_ARGUMENT: size must not exceed array '
            || 'cardinality ' || CAST(len(a) AS VARCHAR) || ': ' || CAST(n AS VARCHAR))
        ELSE a[1:len(a) - n] END""",
    # sequence: at most 10000 entries, a step that moves toward the stop; the count is taken
    # in HUGEINT, as bounds may span more than the bigint range (Trino counts them exactly)
    "ak_sequence_step": """(a, b, step) AS CASE
        WHEN step = 0 THEN error('INVALID_FUNCTION_ARGUMENT: step must not be zero')
        WHEN (step > 0 AND a > b) OR (step < 0 AND a < b) THEN error(
            'INVALID_FUNCTION_ARGUMENT: sequence stop value should be greater than or equal '
            || 'to start value if step is greater than zero otherwise stop should be less '
            || 'than or equal to start')
        WHEN (CAST(b AS HUGEINT) - a) // step >= 10000 THEN error('INVALID_FUNCTION_ARGUMENT: result of '
            || 'sequence function must not have more than 10000 entries')
        ELSE generate_series(a, b, step) END""",
    "ak_repeat_checked": """(x, n) AS CASE
        WHEN n < 0 THEN error('INVALID_FUNCTION_ARGUMENT: count argument of repeat function '
            || 'must be greater than or equal to 0')
        WHEN n > 10000 THEN error('INVALID_FUNCTION_ARGUMENT: count argument of repeat '
            || 'function must be less than or equal to 10000')
        ELSE list_transform(range(n), lambda i: x) END""",
    "ak_array_intersect": """(a, b) AS list_filter(ak_array_distinct(a),
        lambda e: len(list_filter(b, lambda x: x IS NOT DISTINCT FROM e)) > 0)""",
}


def _is(node: exp.Expression | None, *types: exp.DType) -> bool:
    return node is not None and node.type is not None and node.type.is_type(*types)



def array_position(node: exp.Expression) -> exp.Expression:
    """``array_position(a, x[, instance])`` (sqlglot files the instance as ``zero_based``)."""
    instance = node.args.get("zero_based")
    if instance is not None and not isinstance(instance, exp.Boolean):
        return _call("AK_ARRAY_POSITION_N", node.this, node.expression, instance)
    return _call("AK_ARRAY_POSITION", node.this, node.expression)


def element_at(node: exp.Expression) -> exp.Expression:
    """``element_at(a, i)`` (a safe subscript): index 0 fails as in Trino; on a value whose
    type is known only while running (sqlglot loses it under a cast), DuckDB checks it then."""
    if node.meta.get(_DONE) or not node.args.get("safe") or len(node.expressions) != 1:
        return node
    macro = ("AK_ELEMENT_AT" if _is(node.this, exp.DType.ARRAY)
             else "AK_ANY_ELEMENT_AT" if decimals.unknown(node.this) else None)
    if macro is None:
        return node
    index = node.expressions[0].copy()
    node.meta[_DONE] = True
    return _call(macro, node.this.copy(), index, node)


def reverse(node: exp.Expression) -> exp.Expression:
    """``reverse`` of an array reverses its elements."""
    if _is(node.this, exp.DType.ARRAY) or isinstance(node.this, exp.Array):
        return _call("LIST_REVERSE", node.this)
    return node


def _unknown(node: exp.Expression) -> bool:
    return decimals.unknown(node) and not isinstance(node, exp.Array)


# DuckDB's type names of numbers, booleans and dates: no operand of Trino's concat
_NOT_CONCATENATED = (r"DECIMAL\(\d+,\d+\)|U?(TINY|SMALL|BIG|HUGE)?INT(EGER)?|DOUBLE|FLOAT|"
                     r"BOOLEAN|DATE|INTERVAL|(TIMESTAMP|TIME)(_S|_MS|_NS| WITH TIME ZONE)?")
CONCAT_REFUSAL = "|| or concat of a number, boolean or date with a value of unknown type"


def _checked(operand: exp.Expression) -> exp.Expression:
    """An operand of ``||`` or ``concat`` whose type only DuckDB knows, refused while running
    when it is a number, boolean or date (Trino's concat takes text, varbinary or arrays;
    DuckDB would print it, a ``decimal(1,1)`` as ``.5``). The refusal stays out of macros, so
    that ``try`` does not turn it into NULL (:mod:`athenakit.local.trys`)."""
    kind = _call("REGEXP_FULL_MATCH", _call("TYPEOF", operand.copy()),
                 exp.Literal.string(_NOT_CONCATENATED))
    refuse = _call("ERROR", exp.Literal.string(decimals.REFUSED + CONCAT_REFUSAL))
    return exp.Case(ifs=[exp.If(this=kind, true=refuse)], default=operand.copy())


def concat_function(node: exp.Expression) -> exp.Expression:
    """``concat(a, b, ...)``: an operand whose type only DuckDB knows is checked while running
    (:func:`concat`)."""
    if node.meta.get(_DONE) or not any(_unknown(o) for o in node.expressions):
        return node
    node.meta[_DONE] = True
    for operand in list(node.expressions):
        if _unknown(operand):
            operand.replace(_checked(operand))
    return node


def concat(node: exp.Expression) -> exp.Expression:
    """``array || element`` and ``element || array`` append and prepend; an operand whose type
    only DuckDB knows, next to one that is no array, is checked while running: a number,
    boolean or date is refused (Trino fails; DuckDB would print it)."""
    left, right = _is(node.this, exp.DType.ARRAY), _is(node.expression, exp.DType.ARRAY)
    arrays = left or right or isinstance(node.this, exp.Array) or isinstance(
        node.expression, exp.Array)
    if not arrays and not node.meta.get(_DONE) and (_unknown(node.this) or _unknown(
            node.expression)):
        node.meta[_DONE] = True
        for side in ("this", "expression"):
            if _unknown(node.args[side]):
                node.set(side, _checked(node.args[side]))
        return node
    if left and not right and _is(node.expression, *exp.DataType.TEXT_TYPES) is False \
            and node.expression.type is not None and not node.expression.type.is_type(
                exp.DType.UNKNOWN):
        return _call("LIST_APPEND", node.this, node.expression)
    if right and not left and node.this.type is not None and not node.this.type.is_type(
            exp.DType.UNKNOWN, *exp.DataType.TEXT_TYPES):
        return _call("LIST_PREPEND", node.this, node.expression)
    return node


def strpos(node: exp.Expression) -> exp.Expression:
    """``strpos(s, t, instance)``: the instance-th occurrence."""
    instance = node.args.get("occurrence")
    if instance is None or node.meta.get(_DONE):
        return node
    return _call("AK_STRPOS_N", node.this, node.args["substr"], instance)


BY_CLASS: dict[type[exp.Expression], Callable[[exp.Expression], exp.Expression]] = {
    exp.ArrayContains: lambda n: _call("AK_CONTAINS", n.this, n.expression),
    exp.Concat: concat_function,
    exp.ArrayPosition: array_position,
    exp.Reverse: reverse,
    exp.StrPosition: strpos,
    exp.ArrayOverlaps: lambda n: _call("AK_ARRAYS_OVERLAP", n.this, n.expression),
    exp.ArrayRemove: lambda n: _call("AK_ARRAY_REMOVE", n.this, n.expression),
    exp.ArrayIntersect: lambda n: _call("AK_ARRAY_INTERSECT", *n.expressions),
    exp.DPipe: concat,
}

def map_concat(args: list[exp.Expression]) -> exp.Expression:
    """``map_concat``: NULL when any map is NULL (TestMapOperators.testMapConcat); DuckDB
    skips a NULL map."""
    concat = _call("MAP_CONCAT", *args)
    if len(args) < 2:
        return concat
    any_null = exp.or_(*(exp.Is(this=arg.copy(), expression=exp.Null()) for arg in args))
    return exp.Case(ifs=[exp.If(this=any_null, true=exp.Null())], default=concat)


BY_NAME: dict[str, Callable[[list[exp.Expression]], exp.Expression]] = {
    "MAP_CONCAT": map_concat,
    "ARRAYS_OVERLAP": lambda a: _call("AK_ARRAYS_OVERLAP", *a),
    "TRIM_ARRAY": lambda a: _call("AK_TRIM_ARRAY", *a),
}
