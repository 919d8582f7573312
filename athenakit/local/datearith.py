"""Date arithmetic as Trino types it: a date plus days, months or years is a date.

DuckDB answers ``DATE '2000-01-01' + INTERVAL '1' DAY`` (and ``date_add``, ``date_trunc`` of a
date) with a timestamp; Trino with a date. A date plus hours, minutes or seconds fails in Trino
unless they make whole days. Where one operand's type is known only while running, the query
is refused when it turns out to be the date (or the interval) Trino would treat otherwise.
https://trino.io/docs/current/functions/datetime.html#date-and-time-operators
"""

from __future__ import annotations

from sqlglot import exp

from athenakit.local import decimals, intervals, zones
from athenakit.local.nodes import DONE as _DONE
from athenakit.local.nodes import call as _call
from athenakit.local.nodes import typed

_DATE_UNITS = {"DAY", "WEEK", "MONTH", "QUARTER", "YEAR"}
_TIME_UNITS = {"HOUR", "MINUTE", "SECOND", "MILLISECOND"}


def _as_date(node: exp.Expression) -> exp.Expression:
    node.meta[_DONE] = True
    return exp.Cast(this=node, to=exp.DataType.build("DATE"))


def date_diff(node: exp.Expression) -> exp.Expression:
    # Trino counts whole units elapsed (DuckDB's date_sub); DuckDB's date_diff counts
    # boundaries crossed. https://trino.io/docs/current/functions/datetime.html#date_diff
    unit_node = node.args.get("unit")
    unit = exp.Literal.string(unit_node.name.lower() if unit_node else "day")
    if typed(node.this, exp.DType.TIMETZ) or typed(node.expression, exp.DType.TIMETZ):
        return zones.time_zone_diff(unit.name, node.expression, node.this)
    return _call("DATE_SUB", unit, node.expression, node.this)


def arith(node: exp.Expression) -> exp.Expression:
    # date + interval day/month/year is a date in Trino, a timestamp in DuckDB.
    if node.meta.get(_DONE):
        return node
    interval = next((a for a in (node.this, node.expression) if isinstance(a, exp.Interval)),
                    None)
    other = node.expression if interval is node.this else node.this
    unit = intervals.last_unit(interval) if interval is not None else ""
    if interval is None:
        return _date_plus_computed(node)
    if other is None:
        return node
    if typed(other, exp.DType.DATE) and unit in _DATE_UNITS:
        return _as_date(node)
    if typed(other, exp.DType.DATE) and unit in _TIME_UNITS:
        return _date_plus_time(node, interval)
    if unit in _DATE_UNITS | _TIME_UNITS and decimals.unknown(other):
        return _refused_if_date(node, other)
    return node


def _date_plus_time(node: exp.Expression, interval: exp.Expression) -> exp.Expression:
    # Trino: a date plus (or minus) hours, minutes or seconds fails unless they make whole
    # days (io.trino.type.DateTimeOperators.datePlusIntervalDayToSecond)
    verb = "subtract hour, minutes or seconds from" if isinstance(node, exp.Sub) \
        else "add hour, minutes or seconds to"
    whole = exp.EQ(this=exp.Mod(this=_call("EPOCH", interval.copy()),
                                expression=exp.Literal.number(86400)),
                   expression=exp.Literal.number(0))
    fail = exp.Anonymous(this="ERROR", expressions=[exp.Literal.string(
        f"INVALID_FUNCTION_ARGUMENT: Cannot {verb} a date")])
    return exp.Case(ifs=[exp.If(this=exp.not_(whole), true=fail)], default=_as_date(node))


def _date_plus_computed(node: exp.Expression) -> exp.Expression:
    # a date plus (or minus) an interval computed from literals (3 * INTERVAL '1' DAY,
    # INTERVAL '1' DAY + INTERVAL '2' HOUR) is a date in Trino, as with a literal; DuckDB
    # answered a timestamp. Whole days or months are kept, hours, minutes or seconds fail.
    pairs = [(node.this, node.expression)]
    if isinstance(node, exp.Add):
        pairs.append((node.expression, node.this))
    for date, interval in pairs:
        if typed(date, exp.DType.DATE) and typed(interval, exp.DType.INTERVAL):
            return _date_plus_time(node, interval)
        if typed(date, exp.DType.DATE) and decimals.unknown(interval):
            return _refused_if_interval(node, interval)
        if typed(interval, exp.DType.INTERVAL) and decimals.unknown(date):
            return _refused_if_date(node, date)
    return node


def _refused_if_interval(node: exp.Expression, other: exp.Expression) -> exp.Expression:
    # a date plus an operand whose type only DuckDB knows: refused when it turns out to be an
    # interval (Trino's answer is a date, DuckDB's a timestamp)
    node.meta[_DONE] = True
    is_interval = exp.EQ(this=decimals.duck_typeof(other),
                         expression=exp.Literal.string("INTERVAL"))
    refuse = exp.Anonymous(this="ERROR", expressions=[exp.Literal.string(
        f"{decimals.REFUSED}interval arithmetic on a date with an interval whose type is "
        "known only at run time")])
    return exp.Case(ifs=[exp.If(this=is_interval, true=refuse)], default=node)


def _refused_if_date(node: exp.Expression, other: exp.Expression) -> exp.Expression:
    # date + interval is a date in Trino, a timestamp in DuckDB: refused when the operand
    # whose type only DuckDB knows turns out to be a date
    node.meta[_DONE] = True
    is_date = exp.EQ(this=decimals.duck_typeof(other), expression=exp.Literal.string("DATE"))
    refuse = exp.Anonymous(this="ERROR", expressions=[exp.Literal.string(
        f"{decimals.REFUSED}interval arithmetic on a date whose type is known only at "
        "run time")])
    return exp.Case(ifs=[exp.If(this=is_date, true=refuse)], default=node)


def date_add(node: exp.Expression) -> exp.Expression:
    unit_node = node.args.get("unit")
    unit = unit_node.name.upper() if unit_node else "DAY"
    if not node.meta.get(_DONE) and typed(node.this, exp.DType.DATE) and unit in _DATE_UNITS:
        return _as_date(node)
    return node


def date_trunc(node: exp.Expression) -> exp.Expression:
    if not node.meta.get(_DONE) and typed(node.this, exp.DType.DATE):
        return _as_date(node)
    return node
