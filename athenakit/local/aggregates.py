"""Trino's aggregate functions where DuckDB's differ or are missing.

* ``sum`` of an integer type is a ``bigint`` that overflows with ``NUMERIC_VALUE_OUT_OF_RANGE``
  (DuckDB sums into a 128-bit integer); ``sum`` and ``avg`` of a ``real`` are a ``real``; the
  bitwise aggregates are ``bigint``.
* ``listagg``: no separator is the empty string (DuckDB's is a comma); a result longer than
  1,048,576 bytes fails with ``EXCEEDED_FUNCTION_MEMORY_LIMIT`` (``ON OVERFLOW ERROR``, the
  default) and is refused with ``ON OVERFLOW TRUNCATE``; a value that is not a ``varchar`` is
  refused (Trino fails the query at analysis). io/trino/sql/query/TestListagg.
* ``every`` (``bool_and``), ``multimap_agg``, ``geometric_mean``, ``reduce_agg``.
* ``approx_most_frequent(buckets, value, capacity)`` where Trino's answer is exact: its
  Space-Saving summary keeps an exact count of every value while there are no more distinct
  values than ``capacity``, and answers the ``buckets`` values counted most; more distinct
  values, or a tie across the last bucket (which of the tied values Trino keeps depends on the
  order rows arrive in), are refused.
* ``DISTINCT`` takes the aggregate's arguments as they are: sqlglot wrote ``count(DISTINCT a,
  b)`` as the count of one row value (DuckDB answered; Trino has no two-argument ``count``) and
  ``max(DISTINCT a, b)`` as the greatest row (Trino's ``max(x, n)`` is the n greatest values).
  ``count`` is left with its two arguments to fail as Trino fails; another is refused.

https://trino.io/docs/current/functions/aggregate.html
"""

from __future__ import annotations

from collections.abc import Callable

from sqlglot import exp

from athenakit.local.nodes import AGGREGATE
from athenakit.local.nodes import call as _call
from athenakit.local.rounding import integer_type

_DONE = "ak_done"


def distinct_arguments(tree: exp.Expression) -> None:
    """``f(DISTINCT a, b)`` with its arguments kept apart (``tree`` is modified in place).

    Raises:
        UnsupportedLocally: for an aggregate other than ``count``.
    """
    from athenakit.local.errors import UnsupportedLocally

    for node in list(tree.find_all(exp.Distinct)):
        if not isinstance(node.parent, exp.AggFunc | exp.Anonymous) or len(node.expressions) < 2:
            continue
        if not isinstance(node.parent, exp.Count):
            raise UnsupportedLocally("an aggregate with DISTINCT and more than one argument")
        # Trino: FUNCTION_NOT_FOUND, Unexpected parameters (...) for function count
        node.parent.replace(exp.Anonymous(this="count", expressions=node.expressions))



def _result_type(aggregate: exp.Expression) -> str | None:
    """Trino's result type where DuckDB's differs, None where they agree."""
    arg = aggregate.this
    if isinstance(arg, exp.Distinct) and arg.expressions:
        arg = arg.expressions[0]
    if isinstance(aggregate, exp.Sum | exp.BitwiseAndAgg | exp.BitwiseOrAgg | exp.BitwiseXorAgg) \
            and integer_type(arg) is not None:
        return "BIGINT"
    # sum and avg of a real are a real (Trino adds in double precision, then narrows)
    if isinstance(aggregate, exp.Avg | exp.Sum) and arg.type is not None \
            and arg.type.is_type(exp.DType.FLOAT):
        return "REAL"
    return None


def retype(node: exp.Expression) -> exp.Expression:
    """Cast an aggregate (or the window / FILTER around it) to Trino's result type."""
    if node.meta.get(_DONE):
        return node
    inner = aggregate_of(node)
    if isinstance(node.parent, exp.Window | exp.Filter) or not isinstance(inner, exp.Expression) \
            or inner.meta.get(_DONE):  # a sum this module built
        return node
    target = _result_type(inner)
    if target is None and isinstance(inner, exp.Sum | exp.Avg) and _unknown(inner):
        return _runtime_sum(node, inner)
    if target is None:
        return node
    node.meta[_DONE] = True
    cast = exp.Cast(this=node, to=exp.DataType.build(target))
    checked = isinstance(inner, exp.Sum) and target == "BIGINT"
    return _partial_sums_checked(node, cast) if checked else cast


def aggregate_of(node: exp.Expression) -> exp.Expression:
    """The aggregate call of ``node``: itself, or inside ``FILTER (...)`` and / or ``OVER (...)``."""
    inner = node.this if isinstance(node, exp.Window | exp.Filter) else node
    return inner.this if isinstance(inner, exp.Filter) else inner  # sum(x) FILTER (...) OVER (...)


# Trino's sum(bigint) adds with Math.addExact row by row (LongSumAggregation), so it fails
# as soon as a partial sum leaves the bigint range, in an order it does not define; in a
# window it also subtracts the rows leaving the frame (its RemoveInputFunction)
_BIGINT_MIN, _BIGINT_MAX = -(2**63), 2**63 - 1


def _same_shape(node: exp.Expression, summed: exp.Expression) -> exp.Expression:
    """``summed`` under ``node``'s FILTER, and over the whole partition of ``node``'s window:
    every value Trino's sum of a frame passes through (rows added, rows removed) is the sum of
    some of the partition's rows."""
    filtered = node.this if isinstance(node, exp.Window) else node
    if isinstance(filtered, exp.Filter):
        summed = exp.Filter(this=summed, expression=filtered.expression.copy())
    if isinstance(node, exp.Window):
        partition = [p.copy() for p in node.args.get("partition_by") or []]
        summed = exp.Window(this=summed, partition_by=partition or None)
    return summed


def _partial_sums_checked(node: exp.Expression, cast: exp.Expression) -> exp.Expression:
    """``sum`` of integers (also with FILTER, or in a window) whose every partial sum, in any
    order, stays in the bigint range (the sums of its positive and of its negative values do):
    Trino's answer. When the final sum is in range but some order overflows, Trino's outcome
    depends on its row order: refused."""
    arg = aggregate_of(node).this
    distinct = isinstance(arg, exp.Distinct)
    value = arg.expressions[0] if distinct and arg.expressions else arg

    def part(test: type[exp.GT | exp.LT]) -> exp.Expression:
        only = exp.Case(ifs=[exp.If(this=test(this=value.copy(), expression=exp.Literal.number(
            0)), true=value.copy())])
        summed = exp.Sum(this=exp.Distinct(expressions=[only]) if distinct else only)
        summed.meta[_DONE] = True
        return _same_shape(node, summed)

    may_overflow = exp.or_(
        exp.GT(this=part(exp.GT), expression=exp.Literal.number(_BIGINT_MAX)),
        exp.LT(this=part(exp.LT), expression=exp.Literal.number(_BIGINT_MIN)))
    total = node.copy()
    total.meta[_DONE] = True
    in_range = exp.Between(this=total, low=exp.Literal.number(_BIGINT_MIN),
                           high=exp.Literal.number(_BIGINT_MAX))
    refuse = exp.Anonymous(this="ERROR", expressions=[exp.Literal.string(
        "NOT_SUPPORTED_LOCALLY: sum of integers whose partial sums leave the bigint range")])
    return exp.Case(ifs=[exp.If(this=exp.and_(may_overflow, in_range), true=refuse)],
                    default=cast)


def _value(aggregate: exp.Expression) -> exp.Expression:
    arg: exp.Expression = aggregate.this
    if isinstance(arg, exp.Distinct) and arg.expressions:
        first: exp.Expression = arg.expressions[0]
        return first
    return arg


def _unknown(aggregate: exp.Expression) -> bool:
    from athenakit.local import decimals

    return bool(decimals.unknown(_value(aggregate)))


_INTEGERS = ("TINYINT", "SMALLINT", "INTEGER", "BIGINT")
REAL_REFUSAL = "sum or avg of a real whose type is known only at run time"


def _runtime_sum(node: exp.Expression, inner: exp.Expression) -> exp.Expression:
    """``sum`` / ``avg`` (``node``, with its FILTER and window) of a value whose type only
    DuckDB knows (a subquery's column): for an integer ``sum``, Trino's bigint overflow (DuckDB
    sums into a 128-bit integer) and the partial-sums refusal of the typed path; a ``real``
    refused (Trino's is a ``real``, DuckDB's a ``double``: no one expression keeps both types,
    and a macro overload cannot be picked by an aggregate's type)."""
    node.meta[_DONE] = True
    kind = _call("TYPEOF", _same_shape(node, _call("FIRST", _value(inner).copy())))
    real = exp.EQ(this=kind, expression=exp.Literal.string("FLOAT"))
    ifs = [exp.If(this=real, true=_call("ERROR", exp.Literal.string(
        f"NOT_SUPPORTED_LOCALLY: {REAL_REFUSAL}")))]
    if isinstance(inner, exp.Sum):
        integers = exp.In(this=kind.copy(),
                          expressions=[exp.Literal.string(t) for t in _INTEGERS])
        total = node.copy()
        outside = exp.Not(this=exp.Paren(this=exp.Between(
            this=total, low=exp.Literal.number(_BIGINT_MIN),
            high=exp.Literal.number(_BIGINT_MAX))))
        text = exp.Cast(this=total.copy(), to=exp.DataType.build("VARCHAR"))
        text.meta[_DONE] = True  # DuckDB's text of an integer: Trino's
        overflow = _call("ERROR", exp.DPipe(this=exp.Literal.string(
            "NUMERIC_VALUE_OUT_OF_RANGE: Out of range for bigint: "), expression=text))
        ifs += [exp.If(this=exp.and_(integers, outside), true=overflow),
                exp.If(this=integers.copy(), true=_partial_sums_checked(node, node.copy()))]
    return exp.Case(ifs=ifs, default=node)


# corr, regr_slope and regr_intercept answer NULL where the result is not finite (a single row,
# a constant column: Trino's output functions test Double.isFinite; DuckDB answers NaN)
_FINITE_ONLY = (exp.Corr, exp.RegrSlope, exp.RegrIntercept)


def finite_only(node: exp.Expression) -> exp.Expression:
    """``corr`` / ``regr_slope`` / ``regr_intercept`` (or the FILTER / window around one):
    NULL unless finite; of ``real`` arguments a ``real``."""
    inner = aggregate_of(node)
    if node.meta.get(_DONE) or not isinstance(inner, _FINITE_ONLY) \
            or isinstance(node.parent, exp.Window | exp.Filter):
        return node
    node.meta[_DONE] = True
    answer = exp.Case(ifs=[exp.If(this=_call("ISFINITE", node.copy()), true=node.copy())])
    real = all(a.type is not None and a.type.is_type(exp.DType.FLOAT)
               for a in (inner.this, inner.expression))
    return exp.Cast(this=answer, to=exp.DataType.build("REAL")) if real else answer


def replaced(node: exp.Expression, inner: exp.Expression,
              replacement: exp.Expression) -> exp.Expression:
    """A copy of ``node`` (an aggregate, or the FILTER / window around ``inner``) with the
    aggregate ``inner`` replaced."""
    if inner is node:
        return replacement
    copy = node.copy()
    target = next(n for n in copy.walk() if type(n) is type(inner))
    target.replace(replacement)
    return copy


def moments(node: exp.Expression) -> exp.Expression:
    """``skewness`` / ``kurtosis`` (or the FILTER / window around one) as Trino's
    CentralMomentsAggregation: ``skewness`` is Fisher's coefficient ``sqrt(n) * m3 / m2^1.5``
    (DuckDB's is adjusted by ``sqrt(n(n-1)) / (n-2)``), NaN for constant values where DuckDB
    answers NULL; NULL below 3 (4 for ``kurtosis``) values."""
    inner = aggregate_of(node)
    if node.meta.get(_DONE) or not isinstance(inner, exp.Skewness | exp.Kurtosis) \
            or isinstance(node.parent, exp.Window | exp.Filter):
        return node
    node.meta[_DONE] = True
    count = exp.Cast(this=replaced(node, inner, exp.Count(this=inner.this.copy())),
                     to=exp.DataType.build("DOUBLE"))
    value = node.copy()
    least = 3 if isinstance(inner, exp.Skewness) else 4
    if isinstance(inner, exp.Skewness):  # the sample adjustment undone
        value = exp.Mul(this=value, expression=exp.Div(
            this=exp.paren(exp.Sub(this=count.copy(), expression=exp.Literal.number(2))),
            expression=_call("SQRT", exp.Mul(this=count.copy(), expression=exp.paren(
                exp.Sub(this=count.copy(), expression=exp.Literal.number(1)))))))
    nan = exp.cast(exp.Literal.string("NaN"), "DOUBLE")
    return exp.Case(ifs=[exp.If(this=exp.LT(this=count, expression=exp.Literal.number(least)),
                                true=exp.Null())], default=_call("COALESCE", value, nan))


_LISTAGG_BYTES = 1_048_576  # Trino's maximum listagg output (DEFAULT_MAX_PAGE_SIZE_IN_BYTES)
_NOT_VARCHAR = "listagg of a value that is not a varchar"


def listagg(node: exp.Expression) -> exp.Expression:
    """``listagg(...) WITHIN GROUP (...)`` (``node`` itself or the FILTER around it)."""
    inner = node.this if isinstance(node, exp.Filter) else node
    if not isinstance(inner, exp.GroupConcat) or inner.meta.get(_DONE) \
            or isinstance(node.parent, exp.Filter):
        return node
    _listagg_syntax(node, inner)
    inner.meta[_DONE] = True
    truncate = isinstance(inner.args.get("on_overflow"), exp.OverflowTruncateBehavior)
    inner.set("separator", inner.args.get("separator") or exp.Literal.string(""))
    inner.set("on_overflow", None)
    value = inner.this.this
    value = value.expressions[0] if isinstance(value, exp.Distinct) else value
    not_varchar = exp.Not(this=exp.Like(this=_call("TYPEOF", _call("FIRST", value.copy())),
                                        expression=exp.Literal.string("VARCHAR%")))
    message = ("NOT_SUPPORTED_LOCALLY: listagg ON OVERFLOW TRUNCATE of a result longer than "
               f"{_LISTAGG_BYTES} bytes" if truncate else
               "EXCEEDED_FUNCTION_MEMORY_LIMIT: Concatenated string has the length in bytes "
               f"larger than the maximum output length {_LISTAGG_BYTES}")
    too_long = exp.GT(this=_call("STRLEN", node.copy()),
                      expression=exp.Literal.number(_LISTAGG_BYTES))
    return exp.Case(ifs=[
        exp.If(this=not_varchar, true=_call("ERROR", exp.Literal.string(
            f"NOT_SUPPORTED_LOCALLY: {_NOT_VARCHAR}"))),
        exp.If(this=too_long, true=_call("ERROR", exp.Literal.string(message)))],
        default=node.copy())


def _listagg_syntax(node: exp.Expression, inner: exp.GroupConcat) -> None:
    """Trino's parser fails a listagg without WITHIN GROUP, or used as a window function."""
    from athenakit.local.failures import athena_error, end_of

    end = end_of(inner)
    after = None if end is None else end + 1
    if not isinstance(inner.this, exp.Order):
        raise athena_error("SYNTAX_ERROR", "mismatched input after listagg(...). Expecting: "
                           "'WITHIN'", offset=after, find=")")
    if isinstance(node.parent, exp.Window):
        raise athena_error("SYNTAX_ERROR", "mismatched input '('. Expecting: ',', 'EXCEPT', "
                           "'FETCH', 'FROM', 'GROUP', 'HAVING', 'INTERSECT', 'LIMIT', 'OFFSET', "
                           "'ORDER', 'UNION', 'WHERE', 'WINDOW', <EOF>", offset=after, find="(")


def _state_supported(initial: exp.Expression) -> None:
    """Trino's reduce_agg keeps only a state held in a Java long, double or boolean: a string,
    array, map or row state fails the query (ReduceAggregationFunction.specialize)."""
    from athenakit.local.failures import athena_error

    kind: str | None = None
    if isinstance(initial, exp.Literal) and initial.is_string:
        kind = f"varchar({len(initial.name)})"
    elif isinstance(initial, exp.Array):
        kind = "array"
    elif isinstance(initial, exp.Map | exp.VarMap):
        kind = "map"
    elif isinstance(initial, exp.Cast) and initial.to.is_type(
            exp.DType.VARCHAR, exp.DType.CHAR, exp.DType.VARBINARY, exp.DType.ARRAY,
            exp.DType.MAP, exp.DType.STRUCT, exp.DType.JSON):
        kind = initial.to.sql(dialect="trino").lower()
    if kind is not None:
        raise athena_error("NOT_SUPPORTED", f"State type not supported for reduce_agg: {kind}")


def reduce_agg(args: list[exp.Expression]) -> exp.Expression:
    """``reduce_agg(x, initial, input, combine)``: the input function folded over the group's
    non-NULL values, in any order (combine must agree with input, as Trino requires)."""
    value, initial, step = args[0], args[1], args[2]
    _state_supported(initial)
    values = exp.Filter(this=_call("LIST", value.copy()), expression=exp.Where(
        this=exp.Not(this=exp.Is(this=value.copy(), expression=exp.Null()))))
    return _call("LIST_REDUCE", values, step, initial)


BY_CLASS: dict[type[exp.Expression], Callable[[exp.Expression], exp.Expression]] = {
    exp.Sum: retype, exp.Avg: retype, exp.BitwiseAndAgg: retype, exp.BitwiseOrAgg: retype,
    exp.BitwiseXorAgg: retype, exp.Window: retype, exp.Filter: retype,
    exp.GroupConcat: listagg, exp.Corr: finite_only, exp.RegrSlope: finite_only,
    exp.RegrIntercept: finite_only, exp.Skewness: moments, exp.Kurtosis: moments,
}

# ApproximateMostFrequentHistogram over StreamSummary(capacity); BigintApproximateMostFrequent
# checks the bucket count at the first row; no row (all NULL) answers NULL
_MOST_FREQUENT = "approx_most_frequent"
MOST_FREQUENT_REFUSAL = f"{_MOST_FREQUENT} of more distinct values than its capacity"
MOST_FREQUENT_TIE = f"{_MOST_FREQUENT} with values tied across its last bucket"
MOST_FREQUENT_TYPE = f"{_MOST_FREQUENT} of a value that is not a bigint or varchar"
# (called only on an aggregate's result: see compat.aggregate_macros)
AGGREGATE_MACROS = frozenset({"ak_approx_most_frequent", "ak_most_frequent_of"})
MACROS: dict[str, str] = {
    # Trino has it of bigint (integers coerced) and varchar values only
    "ak_most_frequent_key": """(x BIGINT) AS x, (x) AS x""",
    "ak_approx_most_frequent": f"""(b, h, c) AS CASE
        WHEN typeof(h) NOT IN ('MAP(BIGINT, UBIGINT)', 'MAP(VARCHAR, UBIGINT)')
        THEN error('NOT_SUPPORTED_LOCALLY: {MOST_FREQUENT_TYPE}')
        WHEN h IS NULL THEN NULL
        WHEN b < 2 THEN error('INVALID_FUNCTION_ARGUMENT: {_MOST_FREQUENT} bucket count '
                              || 'must be greater than one')
        WHEN cardinality(h) > c THEN error('NOT_SUPPORTED_LOCALLY: {MOST_FREQUENT_REFUSAL}')
        ELSE ak_most_frequent_of(list_sort(list_transform(map_entries(h),
            lambda e: {{'n': CAST(e.value AS BIGINT), 'k': e.key}}), 'DESC'), b) END""",
    "ak_most_frequent_of": f"""(l, b) AS CASE
        WHEN len(l) > b AND l[b].n = l[b + 1].n
        THEN error('NOT_SUPPORTED_LOCALLY: {MOST_FREQUENT_TIE}')
        ELSE map_from_entries(list_transform(l[1:b], lambda e: {{'k': e.k, 'v': e.n}})) END""",
}


def refused_if_untyped(value: exp.Expression, answer: exp.Expression,
                       what: str) -> exp.Expression:
    """``answer`` (an aggregate of ``value``), refused where ``value`` is a NULL of no type, of
    which Trino cannot choose the aggregate's signature (``AMBIGUOUS_FUNCTION_CALL``) while
    DuckDB binds one (it folds ``typeof``, so this holds over no rows too)."""
    from athenakit.local.errors import REFUSED

    untyped = exp.EQ(this=_call("TYPEOF", _call("ANY_VALUE", value.copy())),
                     expression=exp.Literal.string('"NULL"'))
    untyped.this.meta[_DONE] = True
    refuse = _call("ERROR", exp.Literal.string(f"{REFUSED}{what} of NULLs of no type"))
    return exp.Case(ifs=[exp.If(this=untyped, true=refuse)], default=answer)


def approx_most_frequent(args: list[exp.Expression]) -> exp.Expression:
    """``approx_most_frequent(buckets, value, capacity)`` with literal buckets and capacity.

    Raises:
        UnsupportedLocally: a bucket count or capacity that is not an integer literal.
    """
    from athenakit.local.errors import UnsupportedLocally

    buckets, value, capacity = args
    if not all(isinstance(a, exp.Literal) and a.is_int for a in (buckets, capacity)):
        raise UnsupportedLocally(f"{_MOST_FREQUENT} with a bucket count or capacity that is "
                                 "not an integer literal")
    key = _call("AK_MOST_FREQUENT_KEY", value.copy())
    counted = exp.Filter(this=_call("HISTOGRAM", key), expression=exp.Where(
        this=exp.Not(this=exp.Is(this=value.copy(), expression=exp.Null()))))
    result = _call("AK_APPROX_MOST_FREQUENT", buckets.copy(), counted, capacity.copy())
    result.meta[_DONE] = True
    result.meta[AGGREGATE] = True
    return refused_if_untyped(value, result, _MOST_FREQUENT)


BY_NAME: dict[str, Callable[[list[exp.Expression]], exp.Expression]] = {
    "EVERY": lambda a: _call("BOOL_AND", *a),
    "GEOMETRIC_MEAN": lambda a: _call("EXP", _call("AVG", _call("LN", a[0]))),
    # rows whose key is NULL are skipped (the key is not @SqlNullable in Trino's
    # MultimapAggregationFunction); no entry left is NULL
    "MULTIMAP_AGG": lambda a: _call("AK_MULTIMAP_AGG", _call("LIST", exp.Case(ifs=[exp.If(
        this=exp.Is(this=a[0].copy(), expression=exp.Null()), true=exp.Null())],
        default=_call("ROW", *a)))),
    "REDUCE_AGG": reduce_agg,
    "APPROX_MOST_FREQUENT": approx_most_frequent,
}
