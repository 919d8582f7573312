"""Date arithmetic as Trino types it: a date plus days, months or years is a date.

DuckDB answers ``DATE '2000-01-01' + INTERVAL '1' DAY`` (and ``date_add``, ``date_trunc`` of a
date) with a timestamp; Trino with a date. A date plus hours, minutes or seconds fails in Trino
unless they make whole days. Where one operand's type is known only while running, the query
is refused when it turns out to be the date (or the interval) Trino would treat otherwise.
https://trino.io/docs/current/functions/datetime.html#date-and-time-operators
"""

from __future__ import annotations

from sqlglot import exp

from athenakit.local import decimals, intervals, operator_guards, zones
from athenakit.local.binder_failures import DATE_MINUS_DATE
from athenakit.local.errors import REFUSED, UnsupportedLocally
from athenakit.local.nodes import DONE as _DONE
from athenakit.local.nodes import WRITTEN_OPERATOR, typed
from athenakit.local.nodes import call as _call

# An operator whose operands' types are known only when DuckDB binds the statement: macros
# whose overloads DuckDB picks by those types. A date and an interval give Trino's date (the
# whole-days check of DateTimeOperators.datePlusIntervalDayToSecond). A date with anything else
# has no Trino operator (a timestamp minus a date: by coercion, TestDateTimeOperators
# .testDateToTimestampCoercing) and fails while binding -- with no row read, as Trino fails at
# analysis -- through a key struct_extract cannot find, which names the types and the
# operator's position ("ak_operator|position|written|shown|left|right", read back by
# athenakit.local.failures); other types keep DuckDB's operator. typeof([x]) (a list's type,
# "DATE[]") is a constant also for a NULL-typed x, whose typeof is not.
_GUARDED = ("CASE WHEN struct_extract({{'ak': true}}, CASE WHEN {fails} THEN 'ak_operator|' || "
            "pos || '|{symbol}|{symbol}|' || typeof([a]) || '|' || typeof([b]) ELSE 'ak' END) "
            "THEN a {symbol} b END")
_DATE_SIDE = "typeof([{x}]) = 'DATE[]'"
_MOMENT_SIDE = "typeof([{x}]) LIKE 'TIMESTAMP%'"
# Trino has no + or - of arrays, maps or rows (DuckDB's + concatenates lists), of booleans,
# text or binary data
_CONTAINERS = " OR ".join([f"typeof([{x}]) LIKE '{p}'" for x in "ab"
                           for p in ("%[][]", "MAP(%", "STRUCT(%")]
                          + [f"typeof([{x}]) IN ('BOOLEAN[]', 'VARCHAR[]', 'BLOB[]')" for x in "ab"])
_PLUS_FAILS = f"{_DATE_SIDE.format(x='a')} OR {_DATE_SIDE.format(x='b')} OR {_CONTAINERS}"
_MINUS_FAILS = (f"{_DATE_SIDE.format(x='a')} AND NOT {_MOMENT_SIDE.format(x='b')} OR "
                f"{_DATE_SIDE.format(x='b')} AND NOT {_MOMENT_SIDE.format(x='a')} OR "
                f"{_CONTAINERS}")
# whole days: the date moved by the interval is still at midnight (DuckDB's epoch of an
# interval counts a year as 365.25 days)
_WHOLE_DAYS = ("CASE WHEN CAST(CAST({date} {symbol} {interval} AS DATE) AS TIMESTAMP) <> "
               "{date} {symbol} {interval} THEN error('INVALID_FUNCTION_ARGUMENT: "
               "Cannot {verb} a date') ELSE CAST({date} {symbol} {interval} AS DATE) END")
_ADD, _SUBTRACT = "add hour, minutes or seconds to", "subtract hour, minutes or seconds from"
_DATE_UNITS = {"DAY", "WEEK", "MONTH", "QUARTER", "YEAR"}
_TIME_UNITS = {"HOUR", "MINUTE", "SECOND", "MILLISECOND"}

# one typed overload per macro: with two, a NULL-typed pair of operands would match both
MACROS: dict[str, str] = {
    "ak_date_plus": (
        f"(a DATE, b INTERVAL, pos) AS "
        f"{_WHOLE_DAYS.format(interval='b', date='a', symbol='+', verb=_ADD)}, "
        "(a, b, pos) AS ak_date_plus_reversed(b, a, pos)"),
    "ak_date_plus_reversed": (  # interval + date: the operands in reverse order
        f"(b DATE, a INTERVAL, pos) AS "
        f"{_WHOLE_DAYS.format(interval='a', date='b', symbol='+', verb=_ADD)}, "
        f"(b, a, pos) AS {_GUARDED.format(fails=_PLUS_FAILS, symbol='+')}"),
    "ak_date_minus": (
        f"(a DATE, b INTERVAL, pos) AS "
        f"{_WHOLE_DAYS.format(interval='b', date='a', symbol='-', verb=_SUBTRACT)}, "
        f"(a, b, pos) AS {_GUARDED.format(fails=_MINUS_FAILS, symbol='-')}"),
}


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
    from athenakit.local import datefields  # of dates: date fields only

    first, second = zones.calendar_diff(unit.name, node.expression, node.this)
    return datefields.counted(node, _call("DATE_SUB", unit, first, second))


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
        return _dispatched(node) or _refused_if_date(node, other)
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
            return _dispatched(node) or _refused_if_interval(node, interval)
        if typed(interval, exp.DType.INTERVAL) and decimals.unknown(date):
            return _dispatched(node) or _refused_if_date(node, date)
    if isinstance(node, exp.Sub) and all(typed(side, exp.DType.DATE) for side in pairs[0]):
        # Trino may coerce both dates to timestamps (an interval) or fail: neither is DuckDB's
        # count of days
        raise UnsupportedLocally(DATE_MINUS_DATE, hint="date_diff('day', a, b) counts days")
    if any(operator_guards.uncertain(side) for side in pairs[0]) and all(
            operator_guards.uncertain(side) or typed(side, exp.DType.DATE, *_NUMBERS)
            for side in pairs[0]):
        return _dispatched(node) or node
    return node


# the types an operand of unknown type may meet where DuckDB's operator differs from Trino's
# (DuckDB adds a number of days to a date, casts text to a date)
_NUMBERS = (exp.DType.TINYINT, exp.DType.SMALLINT, exp.DType.INT, exp.DType.BIGINT,
            exp.DType.DECIMAL, exp.DType.DOUBLE, exp.DType.FLOAT, exp.DType.VARCHAR,
            exp.DType.CHAR, exp.DType.BOOLEAN)


def _dispatched(node: exp.Expression) -> exp.Expression | None:
    """``node`` as a call of ``ak_date_plus`` / ``ak_date_minus`` (:data:`MACROS`), or None
    where DuckDB cannot choose an overload by the operands' types: an aggregate or window
    function, or a call DuckDB may resolve as one, has no type when a macro's overload is
    chosen (DuckDB takes the first overload); the rewrites' own arithmetic is left alone."""
    sides = (node.this, node.expression)
    if not node.meta.get(WRITTEN_OPERATOR) or any(side.find(exp.AggFunc, exp.Window) or any(
            not call.name.upper().startswith("AK_") for call in side.find_all(exp.Anonymous))
           for side in sides):
        return None
    name = "AK_DATE_PLUS" if isinstance(node, exp.Add) else "AK_DATE_MINUS"
    return _call(name, *(_typed_integer(side) for side in sides),
                 exp.Literal.string(str(operator_guards.position(node))))


def _typed_integer(side: exp.Expression) -> exp.Expression:
    """An integer literal as Trino types it (``integer``, ``bigint`` past its range): inside the
    macro DuckDB would give it the other operand's type (``SMALLINT '32767' + 1`` overflowed a
    smallint; Trino's is the integer 32768)."""
    text = side.name if isinstance(side, exp.Literal) and not side.is_string else ""
    if not text.isdigit():
        return side
    kind = "INT" if int(text) <= 2**31 - 1 else "BIGINT"
    cast = exp.Cast(this=side.copy(), to=exp.DataType.build(kind))
    cast.meta[_DONE] = True
    return cast




def _refused_if_interval(node: exp.Expression, other: exp.Expression) -> exp.Expression:
    # a date plus an operand whose type only DuckDB knows: refused when it turns out to be an
    # interval (Trino's answer is a date, DuckDB's a timestamp)
    node.meta[_DONE] = True
    is_interval = exp.EQ(this=decimals.duck_typeof(other),
                         expression=exp.Literal.string("INTERVAL"))
    refuse = exp.Anonymous(this="ERROR", expressions=[exp.Literal.string(
        f"{REFUSED}interval arithmetic on a date with an interval whose type is "
        "known only at run time")])
    return exp.Case(ifs=[exp.If(this=is_interval, true=refuse)], default=node)


def _refused_if_date(node: exp.Expression, other: exp.Expression) -> exp.Expression:
    # date + interval is a date in Trino, a timestamp in DuckDB: refused when the operand
    # whose type only DuckDB knows turns out to be a date
    node.meta[_DONE] = True
    is_date = exp.EQ(this=decimals.duck_typeof(other), expression=exp.Literal.string("DATE"))
    refuse = exp.Anonymous(this="ERROR", expressions=[exp.Literal.string(
        f"{REFUSED}interval arithmetic on a date whose type is known only at "
        "run time")])
    return exp.Case(ifs=[exp.If(this=is_date, true=refuse)], default=node)
