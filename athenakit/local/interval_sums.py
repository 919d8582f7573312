"""``sum`` and ``avg`` of intervals as Trino computes them.

Trino sums an ``interval day to second`` in milliseconds and an ``interval year to month`` in
months (IntervalDayToSecondSumAggregation, IntervalYearToMonthSumAggregation) and averages
either as ``Math.round(sum / count)`` of those units (IntervalDayToSecondAverageAggregation,
IntervalYearToMonthAverageAggregation). DuckDB has no ``sum`` of intervals (the statement
was refused) and averages to the microsecond: the average of 1 and 2 months was 1 month and 15
days (Trino: 2 months), of 1 and 0 milliseconds half a millisecond (Trino: 1 millisecond).

DuckDB's one interval type holds either kind, and a value of one kind has no part of the other,
so both parts are summed (and averaged) apart. Where the value's type is known only as DuckDB
binds it (a subquery's column, ``ts1 - ts2``), the call is a macro whose interval overload
answers for intervals and whose other overload is the aggregate's own run-time rewrite: a
macro's overload is chosen by the type of its argument, where a CASE could not hold an interval
in one branch and a number in another. In a window (which a macro cannot hold) the sums of an
interval known here to be one (a literal, ``ts1 - ts2``) are taken part by part; one typed only
as DuckDB binds it is refused.

Of a NULL of no type Trino cannot choose between its ``sum`` (``avg``) of numbers and of
intervals and fails with ``AMBIGUOUS_FUNCTION_CALL`` (FunctionBinder.selectMostSpecificFunctions:
the candidates' result types differ); DuckDB answered NULL.
https://trino.io/docs/current/functions/aggregate.html#avg
"""

from __future__ import annotations

import functools

from sqlglot import exp

from athenakit.local.aggregates import aggregate_of, refused_if_untyped, replaced
from athenakit.local.errors import REFUSED, UnsupportedLocally
from athenakit.local.failures import athena_error, start_of
from athenakit.local.intervals import KIND, MONTHS, interval_kind
from athenakit.local.nodes import AGGREGATE, DONE, call

WINDOW_REFUSAL = "sum or avg of intervals in a window"
# (called only as aggregates, or inside one: see compat.aggregate_macros)
AGGREGATE_MACROS = frozenset(
    f"ak_interval_{name}{suffix}" for name in ("sum", "avg") for suffix in ("", "_distinct")
) | {"ak_not_interval"}
_AMBIGUOUS = "Could not choose a best candidate operator. Explicit type casts must be added."
RANGE_REFUSAL = "sum of intervals too large for the local engine"
# DuckDB keeps an interval's time in microseconds (int64) and its months in an int32
_MILLIS_MAX, _MONTHS_MAX = (2**63 - 1) // 1000, 2**31 - 1
_MILLIS = f"epoch_ms(x - to_months({MONTHS}))"  # (of either kind: DuckDB's epoch counts months)


def _interval_sum(distinct: str) -> str:
    # every partial sum, in any order, stays in range where the sum of absolute values does
    outside = (f"sum(abs(ak_interval_ms(x))) > {_MILLIS_MAX} "
               f"OR sum(abs(ak_interval_months(x))) > {_MONTHS_MAX}")
    total = (f"ak_interval_total(sum({distinct}ak_interval_months(x)), "
             f"sum({distinct}ak_interval_ms(x)))")
    return f"CASE WHEN {outside} THEN error('{REFUSED}{RANGE_REFUSAL}') ELSE {total} END"


def _interval_avg(distinct: str) -> str:
    return (f"ak_interval_total(ak_java_round(avg({distinct}ak_interval_months(x))), "
            f"ak_java_round(avg({distinct}ak_interval_ms(x))))")


def _other(kind: type[exp.Sum | exp.Avg], distinct: bool) -> str:
    """The run-time rewrite of ``sum(x)`` / ``avg(x)`` (x of a type DuckDB knows)."""
    from athenakit.local import decimals
    from athenakit.local.aggregates import retype

    value: exp.Expression = exp.column("x")
    node = kind(this=exp.Distinct(expressions=[value]) if distinct else value)
    changed = retype(node) if kind is exp.Sum else decimals.average(node)
    return changed.sql(dialect="duckdb")


@functools.cache
def macros() -> dict[str, str]:
    """``ak_interval_sum`` / ``ak_interval_avg`` (and ``_distinct``) and their parts: macro
    name -> body."""
    found = {
        "ak_interval_months": f"(x) AS {MONTHS}", "ak_interval_ms": f"(x) AS {_MILLIS}",
        # months and milliseconds (a value of one kind has none of the other) as an interval
        "ak_interval_total": """(m, ms) AS to_months(CAST(m AS INTEGER))
            + ak_interval_millis(CAST(ms AS BIGINT))""",
        "ak_java_round": "(v) AS floor(v + 0.5)",  # Java's Math.round: half up
        "ak_not_interval": f"(x INTERVAL) AS error('{REFUSED}{WINDOW_REFUSAL}'), (x) AS x",
    }
    for kind, name, body in ((exp.Sum, "sum", _interval_sum), (exp.Avg, "avg", _interval_avg)):
        for distinct in (False, True):
            suffix = "_distinct" if distinct else ""
            found[f"ak_interval_{name}{suffix}"] = (
                f"(x INTERVAL) AS {body('DISTINCT ' if distinct else '')}, "
                f"(x) AS {_other(kind, distinct)}")
    return found


def _may_be_interval(value: exp.Expression) -> bool:
    from athenakit.local import decimals

    dtype = value.type
    if decimals.unknown(value) or dtype is not None and dtype.is_type(exp.DType.INTERVAL):
        return True
    # sqlglot types a timestamp minus a timestamp as a timestamp
    return isinstance(value.unnest(), exp.Sub) and dtype is not None and dtype.is_type(
        *exp.DataType.TEMPORAL_TYPES)


def rewrite(node: exp.Expression) -> exp.Expression:
    """``sum`` / ``avg`` (``node``, or the FILTER / window around one) of a value that is or
    may be an interval: Trino's answer for an interval; anything else unchanged.

    Raises:
        AthenaFailure: AMBIGUOUS_FUNCTION_CALL for a NULL literal.
        UnsupportedLocally: in a window, an interval typed only as DuckDB binds it.
    """
    inner = aggregate_of(node)
    built = node.meta.get(DONE) or inner.meta.get(DONE)  # (a sum a rewrite built)
    if built or not isinstance(inner, exp.Sum | exp.Avg) \
            or isinstance(node.parent, exp.Window | exp.Filter):
        return node
    distinct = isinstance(inner.this, exp.Distinct)
    value = inner.this.expressions[0] if distinct and inner.this.expressions else inner.this
    if isinstance(value, exp.Expression) and isinstance(value.unnest(), exp.Null):
        start = inner.meta.get("start")
        raise athena_error("AMBIGUOUS_FUNCTION_CALL", _AMBIGUOUS, offset=start_of(value)
                           if start is None else int(start), call=start is None)
    if not isinstance(value, exp.Expression) or not _may_be_interval(value):
        return node
    if isinstance(node, exp.Window):
        return _in_window(node, inner, value)
    if isinstance(node, exp.Filter):  # the rows the FILTER leaves out add nothing
        value = exp.Case(ifs=[exp.If(this=node.expression.this.copy(), true=value.copy())])
    name = "sum" if isinstance(inner, exp.Sum) else "avg"
    result = call(f"AK_INTERVAL_{name.upper()}{'_DISTINCT' if distinct else ''}", value.copy())
    result.meta[DONE] = True
    result.meta[AGGREGATE] = True
    # (a NULL of no type binds the interval overload)
    answer = refused_if_untyped(value, result, "sum or avg")
    answer.meta[KIND] = interval_kind(value)
    return answer


def _in_window(node: exp.Window, inner: exp.Expression, value: exp.Expression) -> exp.Expression:
    """A window's ``sum`` / ``avg`` of a value known here to be an interval: the window's sums
    (averages) of its months and of its milliseconds, made one interval; of a value typed only
    as DuckDB binds it, the value passes through ``ak_not_interval``, whose interval overload
    refuses while running (``node`` is changed in place for the aggregate's own rewrites)."""
    if interval_kind(value) is not None:
        return _window_parts(node, inner, value)
    if value.type is not None and value.type.is_type(exp.DType.INTERVAL):
        raise UnsupportedLocally(WINDOW_REFUSAL)
    if not (isinstance(value, exp.Anonymous) and value.name.upper() == "AK_NOT_INTERVAL"):
        value.replace(call("AK_NOT_INTERVAL", value.copy()))
    return node


def _window_parts(node: exp.Window, inner: exp.Expression,
                  value: exp.Expression) -> exp.Expression:
    parts = []
    for part in ("AK_INTERVAL_MONTHS", "AK_INTERVAL_MS"):
        aggregate = type(inner)(this=call(part, value.copy()))
        aggregate.meta[DONE] = True
        window = replaced(node, inner, aggregate)
        window.meta[DONE] = True
        parts.append(window if isinstance(inner, exp.Sum) else call("AK_JAVA_ROUND", window))
    result = call("AK_INTERVAL_TOTAL", *parts)
    result.meta[DONE] = True
    result.meta[AGGREGATE] = True
    result.meta[KIND] = interval_kind(value)
    return result
