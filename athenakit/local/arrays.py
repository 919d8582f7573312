"""Trino's array semantics where DuckDB's differ: NULL logic, index checks, reversal.

* ``contains(a, x)`` is three-valued: NULL when ``x`` is not found but ``a`` holds a NULL.
  https://trino.io/docs/current/functions/array.html#contains
* ``element_at(a, 0)`` fails ("SQL array indices start at 1"); out of range is NULL.
* ``reverse`` of an array reverses the elements (DuckDB would reverse its text).
* ``strpos(s, t, n)``: position of the n-th occurrence (from the end for n < 0).
* ``arrays_overlap``, ``array_remove`` and ``array_intersect`` keep Trino's NULL handling.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlglot import exp

_DONE = "ak_done"

MACROS: dict[str, str] = {
    "ak_contains": """(a, x) AS CASE WHEN a IS NULL OR x IS NULL THEN NULL
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
    "ak_arrays_overlap": """(a, b) AS CASE WHEN a IS NULL OR b IS NULL THEN NULL
        WHEN list_has_any(a, b) THEN true
        WHEN len(a) > 0 AND len(b) > 0 AND (list_bool_or(list_transform(a, lambda e: e IS NULL))
            OR list_bool_or(list_transform(b, lambda e: e IS NULL))) THEN NULL
        ELSE false END""",
    # array_remove keeps NULL elements (DuckDB's list filter on e <> x would drop them).
    "ak_array_remove": """(a, x) AS CASE WHEN x IS NULL THEN NULL
        ELSE list_filter(a, lambda e: e IS NULL OR e <> x) END""",
    # array_intersect: distinct elements of a (in order) present in b, NULL included.
    "ak_array_intersect": """(a, b) AS list_filter(ak_array_distinct(a),
        lambda e: len(list_filter(b, lambda x: x IS NOT DISTINCT FROM e)) > 0)""",
}


def _is(node: exp.Expression | None, *types: exp.DType) -> bool:
    return node is not None and node.type is not None and node.type.is_type(*types)


def _call(name: str, *args: exp.Expression) -> exp.Expression:
    node = exp.Anonymous(this=name, expressions=list(args))
    node.meta[_DONE] = True
    return node


def element_at(node: exp.Expression) -> exp.Expression:
    """``element_at(a, i)`` (a safe subscript): index 0 fails as in Trino."""
    if node.meta.get(_DONE) or not node.args.get("safe") or len(node.expressions) != 1 \
            or not _is(node.this, exp.DType.ARRAY):
        return node
    index = node.expressions[0].copy()
    node.meta[_DONE] = True
    return _call("AK_ELEMENT_AT", node.this.copy(), index, node)


def reverse(node: exp.Expression) -> exp.Expression:
    """``reverse`` of an array reverses its elements."""
    if _is(node.this, exp.DType.ARRAY) or isinstance(node.this, exp.Array):
        return _call("LIST_REVERSE", node.this)
    return node


def strpos(node: exp.Expression) -> exp.Expression:
    """``strpos(s, t, instance)``: the instance-th occurrence."""
    instance = node.args.get("occurrence")
    if instance is None or node.meta.get(_DONE):
        return node
    return _call("AK_STRPOS_N", node.this, node.args["substr"], instance)


BY_CLASS: dict[type[exp.Expression], Callable[[exp.Expression], exp.Expression]] = {
    exp.ArrayContains: lambda n: _call("AK_CONTAINS", n.this, n.expression),
    exp.Reverse: reverse,
    exp.StrPosition: strpos,
    exp.ArrayOverlaps: lambda n: _call("AK_ARRAYS_OVERLAP", n.this, n.expression),
    exp.ArrayRemove: lambda n: _call("AK_ARRAY_REMOVE", n.this, n.expression),
    exp.ArrayIntersect: lambda n: _call("AK_ARRAY_INTERSECT", *n.expressions),
}
