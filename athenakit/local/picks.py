"""Trino's ``max_by`` / ``min_by`` (also with a count) and ``max(x, n)`` / ``min(x, n)``.

* The value kept is that of the row with the largest (smallest) key, NULL included
  (TestMinMaxByAggregation.testMaxNull: ``max_by`` over values ``1.0, NULL`` and keys
  ``1.0, 2.0`` is NULL); DuckDB's ``arg_max`` skips rows whose value is NULL. Rows whose key is
  NULL are skipped by both.
* A NaN key is never preferred to a number: it loses to every other key for ``max_by`` as for
  ``min_by`` (TestMinMaxByAggregation.testMaxDoubleVarchar, TestMinMaxByNAggregation); DuckDB
  orders NaN above every number.
* The count ``n`` must be positive and at most 10,000, else ``INVALID_FUNCTION_ARGUMENT``
  (TestLongMaxNAggregation.testMoreCornerCases, TestMinMaxByNAggregation.testOutOfBound).
* Arrays and rows are ordered by Trino only while no NULL element decides (``ARRAY comparison
  not supported for arrays with null elements``, ArrayType's comparison operator); DuckDB orders
  NULL elements. ``max`` / ``min`` / ``max_by`` / ``min_by`` over such values (or NaN elements,
  as for ``=``) are refused, with :data:`athenakit.local.containers.REFUSAL`.

https://trino.io/docs/current/functions/aggregate.html#max_by
"""

from __future__ import annotations

from collections.abc import Callable

from sqlglot import exp

from athenakit.local.nodes import DONE
from athenakit.local.nodes import call as _call

_FLOATS = (exp.DType.DOUBLE, exp.DType.FLOAT)
_LIMIT = 10_000
_NUMBER_TYPES = ("DOUBLE", "FLOAT")


def _is_nan(key: exp.Expression) -> exp.Expr:
    """True for a NaN key, by its run-time type when sqlglot does not know it."""
    if key.type is not None and key.type.is_type(*_FLOATS):
        return _call("ISNAN", key.copy())
    text = exp.cast(key.copy(), "VARCHAR")
    text.meta[DONE] = True  # DuckDB's own text ('nan'), not Trino's (the cast rewrites)
    return exp.and_(
        exp.In(this=_call("TYPEOF", key.copy()),
               expressions=[exp.Literal.string(t) for t in _NUMBER_TYPES]),
        exp.In(this=text, expressions=[exp.Literal.string("nan"), exp.Literal.string("-nan")]))


def _may_be_nan(key: exp.Expression) -> bool:
    kind = key.type
    return kind is None or kind.is_type(*_FLOATS, exp.DType.UNKNOWN, exp.DType.NULL)


def _ordering_key(key: exp.Expression, largest: bool) -> exp.Expression:
    """``key``, made to order a NaN below every number for ``max_by``, above for ``min_by``."""
    if not _may_be_nan(key):
        return key
    nan = _is_nan(key)
    first = exp.Not(this=exp.Paren(this=nan)) if largest else nan
    packed = _call("STRUCT_PACK", exp.PropertyEQ(this=exp.to_identifier("n"), expression=first),
                   exp.PropertyEQ(this=exp.to_identifier("k"), expression=key.copy()))
    return exp.Case(ifs=[exp.If(this=exp.Is(this=key.copy(), expression=exp.Null()),
                                true=exp.Null())], default=packed)


def _checked_count(count: exp.Expression, name: str, which: str) -> None:
    """Trino's INVALID_FUNCTION_ARGUMENT for a literal count out of range, raised when the
    query runs (also over no rows, where Trino, which checks it at the first row, has none)."""
    if not isinstance(count, exp.Literal | exp.Neg):
        return
    try:
        n = int(count.sql())
    except ValueError:
        return
    text = None
    if n <= 0:
        text = f"{which} argument of {name} must be a positive integer"
    elif n > _LIMIT:
        text = f"{which} argument of {name} must be less than or equal to {_LIMIT}; found {n}"
    if text is not None:
        count.replace(exp.Case(ifs=[exp.If(this=exp.true(), true=_call(
            "ERROR", exp.Literal.string(f"INVALID_FUNCTION_ARGUMENT: {text}")))],
            default=exp.Literal.number(1)))


def _scalar(value: exp.Expression) -> bool:
    kind = value.type
    return kind is not None and not kind.is_type(
        exp.DType.ARRAY, exp.DType.MAP, exp.DType.STRUCT, exp.DType.UNKNOWN, exp.DType.NULL)


def _guarded(node: exp.Expression, inner: exp.Expression, ordered: exp.Expression,
             answer: exp.Expression) -> exp.Expression:
    """``answer``, refused when a value ``ordered`` by the aggregate ``inner`` (in ``node``'s
    FILTER and window) is an array, map or row DuckDB could order otherwise than Trino."""
    if _scalar(ordered):
        return answer
    from athenakit.local.containers import REFUSAL

    context = node.copy()
    target = context if inner is node else next(
        n for n in context.walk() if type(n) is type(inner))
    unsure = _call("BOOL_OR", _call("AK_UNSURE_CONTAINER", ordered.copy()))
    if target is context:
        context = unsure
    else:
        target.replace(unsure)
    return exp.Case(ifs=[exp.If(this=context, true=_call("ERROR", exp.Literal.string(
        f"NOT_SUPPORTED_LOCALLY: {REFUSAL}")))], default=answer)


def _outermost(node: exp.Expression) -> bool:
    return not isinstance(node.parent, exp.Window | exp.Filter)


def _inner(node: exp.Expression) -> exp.Expression:
    inner = node.this if isinstance(node, exp.Window | exp.Filter) else node
    return inner.this if isinstance(inner, exp.Filter) else inner


def by_key(node: exp.Expression) -> exp.Expression:
    """``max_by`` / ``min_by`` (``node`` itself, or the FILTER / window around it)."""
    inner = _inner(node)
    if not isinstance(inner, exp.ArgMax | exp.ArgMin) or inner.meta.get(DONE):
        return node
    if not _outermost(node):
        return node
    original = node.copy()
    result = _by_key(node, inner)
    return _guarded(original, _inner(original), _inner(original).expression, result)


def _by_key(node: exp.Expression, inner: exp.ArgMax | exp.ArgMin) -> exp.Expression:
    largest = isinstance(inner, exp.ArgMax)
    name = "max_by" if largest else "min_by"
    key = _ordering_key(inner.expression, largest)
    count = inner.args.get("count")
    if count is None:
        picked = _call("ARG_MAX_NULL" if largest else "ARG_MIN_NULL", inner.this, key)
        inner.replace(picked)
        return picked if inner is node else node
    _checked_count(count, name, "third")
    count = inner.args["count"]
    boxed = _call("STRUCT_PACK", exp.PropertyEQ(this=exp.to_identifier("v"),
                                                expression=inner.this.copy()))
    picked = _call("ARG_MAX" if largest else "ARG_MIN", boxed, key, count.copy())
    if inner is node:
        return _unboxed(picked)
    inner.replace(picked)
    node.meta[DONE] = True
    return _unboxed(node)


def _unboxed(boxes: exp.Expression) -> exp.Expression:
    box = exp.to_identifier("ak_box")
    return _call("LIST_TRANSFORM", boxes, exp.Lambda(
        this=exp.Dot(this=exp.column(box), expression=exp.to_identifier("v")),
        expressions=[box]))


def extreme_n(node: exp.Expression) -> exp.Expression:
    """``max(x)`` / ``min(x)`` / ``max(x, n)`` / ``min(x, n)``: the count checked as Trino
    checks it, values DuckDB could order otherwise refused."""
    inner = _inner(node)
    if not isinstance(inner, exp.Max | exp.Min) or inner.meta.get(DONE) \
            or not _outermost(node):
        return node
    inner.meta[DONE] = True
    if inner.expressions:
        _checked_count(inner.expressions[0],
                       "max_n" if isinstance(inner, exp.Max) else "min_n", "second")
    original = node.copy()
    answer = node
    if isinstance(inner, exp.Max) and _may_be_nan(inner.this):
        answer = _max_skipping_nan(node, inner)
    if _scalar(inner.this):
        return answer
    node.meta[DONE] = True
    return _guarded(original, _inner(original), _inner(original).this,
                    node.copy() if answer is node else answer)


def _max_skipping_nan(node: exp.Expression, inner: exp.Max) -> exp.Expression:
    """``max(x)`` / ``max(x, n)`` of doubles: a NaN is smaller than every number (Trino's max
    compares with COMPARISON_UNORDERED_FIRST, MinMaxCompare; DuckDB's max orders NaN above
    every number). ``min`` needs nothing: both order NaN last there."""
    value = inner.this
    count = inner.expressions[0] if inner.expressions else None
    if count is not None:  # the n largest: numbers first, then NaNs
        ranked = _call("ARG_MAX", value.copy(), _ordering_key(value, True), count.copy())
        inner.replace(ranked)
        return ranked if inner is node else node
    numbers = node.copy()
    target = numbers if inner is node else next(
        n for n in numbers.walk() if isinstance(n, exp.Max))
    target.set("this", exp.Case(ifs=[exp.If(this=_is_nan(value), true=exp.Null())],
                                default=value.copy()))
    target.meta[DONE] = True
    node.meta[DONE] = True
    # every value NaN (or NULL): DuckDB's own max, NaN (or NULL)
    return _call("COALESCE", numbers, node)


def percentile(node: exp.Expression) -> exp.Expression:
    """``approx_percentile(x, p)`` / ``approx_percentile(x, ARRAY[p, ...])``: the value of rank
    ``floor(n * p)`` (0-based, at most n - 1) of the sorted non-NULL values, as Trino's digests
    answer when they hold every value (TestApproximatePercentileAggregation: 0.5 of ``-1, 1`` is
    1); DuckDB's ``quantile_disc`` takes rank ``floor((n - 1) * p)``. Over more values than a
    digest keeps exactly, Trino's answer is an estimate within its error bound."""
    inner = _inner(node)
    if not isinstance(inner, exp.ApproxQuantile) or inner.meta.get(DONE) \
            or not _outermost(node):
        return node
    if inner.args.get("weight") is not None or inner.args.get("accuracy") is not None:
        from athenakit.local.errors import UnsupportedLocally

        raise UnsupportedLocally("approx_percentile with a weight or an accuracy")
    fractions = inner.args["quantile"]
    values = _call("LIST", _call("AK_PERCENTILE_VALUE", _refused_if_decimal(inner.this)))
    macro = "AK_RANKS" if isinstance(fractions, exp.Array) or (
        fractions.type is not None and fractions.type.is_type(exp.DType.ARRAY)) else "AK_RANK"
    if inner is node:
        return _call(macro, values, fractions)
    inner.replace(values)
    node.meta[DONE] = True
    return _call(macro, node, fractions.copy())


# Trino's approx_percentile takes a bigint (an integer coerced: the answer is a bigint), real or
# double (ApproximateLongPercentileAggregations, ...Real..., ...Double...)
MACROS: dict[str, str] = {
    "ak_percentile_value": "(x BIGINT) AS x, (x FLOAT) AS x, (x DOUBLE) AS x, (x) AS x"}
PERCENTILE_DECIMAL = "approx_percentile of a decimal"


def _refused_if_decimal(value: exp.Expression) -> exp.Expression:
    """``value``, refused if a decimal: Trino coerces it to a real or a double (which one its
    function resolution picks was not confirmed); DuckDB folds the check as it binds."""
    from athenakit.local.errors import REFUSED, UnsupportedLocally

    if value.type is not None and value.type.is_type(exp.DType.DECIMAL):
        raise UnsupportedLocally(PERCENTILE_DECIMAL)
    kind = _call("TYPEOF", value.copy())
    kind.meta[DONE] = True
    decimal = exp.Like(this=kind, expression=exp.Literal.string("DECIMAL%"))
    refuse = _call("ERROR", exp.Literal.string(f"{REFUSED}{PERCENTILE_DECIMAL}"))
    return exp.Case(ifs=[exp.If(this=decimal, true=refuse)], default=value.copy())


# Trino's bounds of approx_distinct's maximum standard error (ApproximateCountDistinctAggregation)
_ERROR_BOUNDS = (0.0040625, 0.26)


def distinct_count(node: exp.Expression) -> exp.Expression:
    """``approx_distinct(x [, e])`` as the count of distinct values: Trino's HyperLogLog keeps
    small sets exactly (its sparse form, 26-bit hashes), where DuckDB's ``approx_count_distinct``
    estimates (977 for 1,000 values); over larger sets Trino's answer is an estimate within
    ``e``. An ``e`` outside Trino's bounds fails with its error once a value is counted."""
    error = node.args.get("accuracy")
    if error is not None:
        from athenakit.local.errors import UnsupportedLocally
        from athenakit.local.javatext import java_double

        if not isinstance(error, exp.Literal) or error.is_string:
            raise UnsupportedLocally("approx_distinct with a maximum standard error that is "
                                     "not a number literal")
        value = float(error.this)
        low, high = _ERROR_BOUNDS
        if not low <= value <= high:  # (checked as each non-NULL value is added)
            fails = _call("ERROR", exp.Literal.string(
                "INVALID_FUNCTION_ARGUMENT: Max standard error must be in "
                f"[{java_double(low)}, {java_double(high)}]: {java_double(value)}"))
            counted = exp.Case(ifs=[exp.If(this=exp.Not(this=exp.Is(
                this=node.this, expression=exp.Null())), true=fails)])
            return exp.Count(this=exp.Distinct(expressions=[counted]))
    return exp.Count(this=exp.Distinct(expressions=[node.this]))


def rewrite(node: exp.Expression) -> exp.Expression:
    """The rewrite of a window or FILTER whose aggregate is one of this module's."""
    for handler in (by_key, extreme_n, percentile):
        changed = handler(node)
        if changed is not node:
            return changed
    return node


BY_CLASS: dict[type[exp.Expression], Callable[[exp.Expression], exp.Expression]] = {
    exp.ArgMax: by_key, exp.ArgMin: by_key, exp.Max: extreme_n, exp.Min: extreme_n,
    exp.ApproxQuantile: percentile, exp.ApproxDistinct: distinct_count,
}
