"""``timestamp with time zone`` that keeps its zone, as Trino's does.

DuckDB's ``TIMESTAMPTZ`` is an instant; Trino's value is an instant *and* a zone, and the zone
decides fields (``hour``), truncation, formatting, casts to ``varchar``/``date``/``timestamp``
and calendar arithmetic (``date_add('day', ...)`` keeps the wall-clock time across a DST
change). The zone of an expression is found from the SQL: a literal
(``TIMESTAMP '... America/Los_Angeles'``), ``AT TIME ZONE``, ``at_timezone``, ``with_timezone``,
``from_unixtime(x, zone)``, the session zone (UTC) for ``current_timestamp`` / ``from_unixtime(x)``
/ ``now()``, and kept through ``date_add`` / ``date_trunc`` / interval arithmetic. A function
whose answer depends on a zone that is only known at run time (a column) is refused by name;
``from_iso8601_timestamp`` of a text that is not a literal is UTC, and a row whose text has another
offset is refused while running.

https://trino.io/docs/current/language/types.html#timestamp-with-time-zone
"""

from __future__ import annotations

import re
from collections.abc import Callable

from sqlglot import exp

from athenakit.local import decimals, intervals
from athenakit.local.errors import REFUSED, UnsupportedLocally
from athenakit.local.nodes import call as _call

_DONE = "ak_done"
UNKNOWN = "?"
_CALENDAR_UNITS = {"DAY", "WEEK", "MONTH", "QUARTER", "YEAR"}
_YEAR_MONTH_UNITS = {"MONTH", "YEAR"}
# Trino's literal (month and day may have one digit; other years are refused)
_LITERAL = re.compile(r"^\s*\d{4}-\d\d?-\d\d?(?:[ T][\d:.]+)?\s*"
                      r"(?P<zone>[A-Za-z+\-][\w/+\-:]*)?\s*$")
# a date and a zone, no time: TIMESTAMP '2001-1-22 +07:09' (sqlglot types it without a zone)
DATE_AND_ZONE = re.compile(r"^\s*(?P<date>[+-]?\d+-\d\d?-\d\d?)\s*"
                            r"(?P<zone>[A-Za-z+\-][\w/+\-:]*)\s*$")


def duck_zone(zone: str) -> str:
    """The zone name ICU (DuckDB) reads: ``+07:09`` becomes ``GMT+07:09``."""
    return f"GMT{zone}" if zone[:1] in "+-" else zone


def _literal_zone(node: exp.Expression) -> str | None:
    if not (isinstance(node, exp.Literal) and node.is_string):
        return UNKNOWN
    found = _LITERAL.match(str(node.this))
    if found is None:
        return UNKNOWN
    return found.group("zone") or "UTC"


def _iso_zone(node: exp.Expression, nanos: bool = False) -> str:
    # from_iso8601_timestamp keeps the text's offset (no offset: the session zone, UTC); a text
    # that is not a literal must be in UTC while running (athenakit.local.isodates)
    if not (isinstance(node, exp.Literal) and node.is_string):
        return "UTC"
    from athenakit.local.isodates import literal_zone  # loads with the first such call

    return literal_zone(str(node.this), nanos)


def _parse_zone(args: list[exp.Expression]) -> str:
    # parse_datetime: UTC, or the offset a literal text has for Z / ZZ (a text that is not a
    # literal must be in UTC while running: athenakit.local.jodaparse)
    text, pattern = (_string(a) for a in [*args, None, None][:2])
    if UNKNOWN in (text, pattern):
        return "UTC"
    from athenakit.local.jodaparse import literal_zone  # loads with the first such call

    return literal_zone(text, pattern)


def _string(node: exp.Expression | None) -> str:
    if isinstance(node, exp.Literal) and node.is_string:
        return str(node.this)
    return UNKNOWN


def _zone_key(node: exp.Expression | None) -> str:
    """A zone argument as Trino's ``TimeZoneKey`` names it: an offset ``+13`` or ``+0545`` is
    ``+13:00`` / ``+05:45``, a zero offset ``UTC`` (TestDateTimeFunctions.testWithTimezone)."""
    text = _string(node)
    match = re.fullmatch(r"([+-])(\d{1,2})(?::?(\d{2}))?", text)
    if match is None:
        if text not in (UNKNOWN, "UTC") and not _zoneknown(text):
            raise UnsupportedLocally(f"{ZONE_REFUSAL}: {text}")
        return text
    sign, hours, minutes = match.group(1), int(match.group(2)), int(match.group(3) or 0)
    return "UTC" if hours == minutes == 0 else f"{sign}{hours:02d}:{minutes:02d}"


def zone_of(node: exp.Expression | None) -> str | None:
    """The zone of a ``timestamp with time zone`` expression, :data:`UNKNOWN` when it is only
    known at run time, None when ``node`` is not a ``timestamp with time zone``."""
    if node is None:
        return None
    if isinstance(node, exp.Paren | exp.Try):  # try(...) is NULL or its argument's value
        return zone_of(node.this)
    if isinstance(node, exp.Cast) and node.to.is_type(exp.DType.TIMESTAMPTZ) \
            or zoned_date_literal(node):
        naive = node.this.type is not None and node.this.type.is_type(
            exp.DType.DATE, exp.DType.TIMESTAMP) and not isinstance(node.this, exp.Literal)
        return "UTC" if naive else _literal_zone(node.this)  # a naive value: session zone
    if isinstance(node, exp.UnixToTime):
        return _zone_key(node.args["zone"]) if node.args.get("zone") else "UTC"
    if isinstance(node, exp.AtTimeZone):
        return _zone_key(node.args.get("zone"))
    if isinstance(node, exp.Anonymous) and node.name.upper() in ("WITH_TIMEZONE", "AT_TIMEZONE"):
        return _zone_key(node.expressions[1]) if len(node.expressions) > 1 else UNKNOWN
    if isinstance(node, exp.CurrentTimestamp):
        return "UTC"
    if isinstance(node, exp.Greatest | exp.Least | exp.Coalesce) or isinstance(
            node, exp.Anonymous) and node.name.upper() in ("GREATEST", "LEAST", "COALESCE"):
        # the answer is one of the arguments, with its own zone
        args = [node.this, *node.expressions] if node.args.get("this") is not None \
            and not isinstance(node, exp.Anonymous) else node.expressions
        zones = {zone_of(a) for a in args} - {None}
        return None if not zones else zones.pop() if len(zones) == 1 else UNKNOWN
    if isinstance(node, exp.Anonymous) and node.name.upper() == "PARSE_DATETIME":
        return _parse_zone(node.expressions)
    if isinstance(node, exp.FromISO8601Timestamp | exp.FromISO8601TimestampNanos):
        return _iso_zone(node.this, nanos=isinstance(node, exp.FromISO8601TimestampNanos))
    if isinstance(node, exp.DateAdd | exp.TimestampTrunc | exp.DateTrunc | exp.Add | exp.Sub):
        inner = zone_of(node.this)
        if inner is not None or not isinstance(node, exp.Add | exp.Sub):
            return inner
        return zone_of(node.expression)
    if node.type is not None and node.type.is_type(exp.DType.TIMESTAMPTZ):
        return UNKNOWN
    return None



def wall_clock(value: exp.Expression, zone: str) -> exp.Expression:
    """The naive local date-time of instant ``value`` in ``zone``."""
    return _call("TIMEZONE", exp.Literal.string(duck_zone(zone)), value)


def instant(local: exp.Expression, zone: str) -> exp.Expression:
    """The instant at which the wall clock of ``zone`` shows ``local``."""
    return _call("TIMEZONE", exp.Literal.string(duck_zone(zone)), local)


def known(zone: str | None, what: str) -> str | None:
    if zone == UNKNOWN:
        raise UnsupportedLocally(f"{what} of a timestamp with time zone whose zone is known "
                                 "only at run time")
    return None if zone in (None, "UTC") else zone


_GUARD = "ak_zone_guard"


def unzoned(arg: exp.Expression, what: str, node: exp.Expression | None = None) -> exp.Expression:
    """``node`` (``arg`` itself by default), where ``arg`` is a value whose type only DuckDB
    knows (a subquery's column), failing while running where it turns out to be a ``timestamp
    with time zone``: DuckDB's value keeps only the instant, where Trino reads its zone's wall
    clock (DuckDB's fields, casts and calendar arithmetic are UTC's)."""
    kept = arg if node is None else node
    if not decimals.unknown(arg) or arg.meta.get(_GUARD) or kept.meta.get(_GUARD):
        return kept
    refuse = _call("ERROR", exp.Literal.string(
        f"{REFUSED}{what} of a timestamp with time zone whose zone is known only at "
        "run time"))
    zoned = exp.EQ(this=decimals.duck_typeof(arg), expression=exp.Literal.string(
        "TIMESTAMP WITH TIME ZONE"))
    zoned.meta[_DONE] = True
    kept.meta[_GUARD] = True
    guarded = exp.Case(ifs=[exp.If(this=zoned, true=refuse)], default=kept)
    guarded.meta[_GUARD] = True
    return guarded


def local_argument(node: exp.Expression, what: str, key: str = "this") -> exp.Expression:
    """A field, format or cast of a zoned value reads its wall clock in the value's zone."""
    if node.meta.get(_DONE):
        return node
    arg = node.args.get(key)
    found = zone_of(arg)
    zone = known(found, what)
    node.meta[_DONE] = True
    if zone is not None and arg is not None:
        node.set(key, wall_clock(arg.copy(), zone))
    elif found is None and arg is not None:
        return unzoned(arg, what, node)
    return node


def _unit(node: exp.Expression) -> str:
    unit = node.args.get("unit")
    return unit.name.upper() if unit is not None else "DAY"


def _on_wall_clock(node: exp.Expression, what: str) -> exp.Expression:
    """Run ``node`` (its ``this`` zoned) on the local time and turn the answer back into an
    instant of the same zone."""
    zone = known(zone_of(node.this), what)
    if zone is None:
        return node
    near = node.this.copy()
    node.set("this", wall_clock(node.this.copy(), zone))
    node.meta[_DONE] = True
    return _call("AK_LOCAL_INSTANT", node, exp.Literal.string(duck_zone(zone)), near)


def calendar(node: exp.Expression) -> exp.Expression:
    """``date_add`` / ``date_trunc`` of a zoned value: done on its wall clock, back to an
    instant in the same zone (hours and smaller add exact durations, as in Trino)."""
    exact = isinstance(node, exp.DateAdd) and _unit(node) not in _CALENDAR_UNITS
    if node.meta.get(_DONE) or exact:
        return node
    if zone_of(node.this) is None:
        return unzoned(node.this, "date_add or date_trunc", node)
    return _on_wall_clock(node, "date_add or date_trunc")


def calendar_diff(unit: str, first: exp.Expression,
                  second: exp.Expression) -> tuple[exp.Expression, exp.Expression]:
    """The operands of ``date_diff(unit, first, second)`` as DuckDB is to count them: for a
    day or longer unit of zoned values, both instants' wall clocks in ``first``'s zone (Trino
    counts in its chronology: DateTimeFunctions.diffTimestampWithTimeZone, Joda's
    ZonedDateTimeField; ``date_diff('day', ...)`` over a DST change is 1 where DuckDB, in UTC,
    counted 0) -- but of values of more than 3 fractional digits in UTC's, as DuckDB does;
    shorter units count elapsed time."""
    if unit.upper() not in _CALENDAR_UNITS:
        return first, second
    found, other = zone_of(first), zone_of(second)
    if found is None and other is None:
        return unzoned(first, "date_diff"), unzoned(second, "date_diff")
    zone = known(found, "date_diff") if found is not None else None
    known(other, "date_diff")
    if found is None or other is None:
        raise UnsupportedLocally("date_diff of a timestamp with time zone and a value without "
                                 "one", hint="by a day or longer unit")
    from athenakit.local.time_precision import precision

    if zone is None or max(precision(first) or 0, precision(second) or 0) > 3:
        return first, second  # (a timestamp(p > 3) with time zone: UTC's chronology, DateDiff)
    return wall_clock(first.copy(), zone), wall_clock(second.copy(), zone)


def interval_arith(node: exp.Expression) -> exp.Expression:
    """``zoned ± INTERVAL 'n' MONTH`` (or year): months added on the value's wall clock (its
    zone's chronology); a day-to-second interval, days included, adds its exact length
    (io.trino.operator.scalar.timestamptz.TimestampWithTimeZoneOperators: ``INTERVAL '1' DAY``
    across a DST change is 24 hours, where ``date_add('day', 1, x)`` keeps the wall clock)."""
    if node.meta.get(_DONE):
        return node
    if isinstance(node, exp.Add) and isinstance(node.this, exp.Interval) \
            and not isinstance(node.expression, exp.Interval):  # INTERVAL ... + zoned
        node = exp.Add(this=node.expression, expression=node.this)
    if not isinstance(node.expression, exp.Interval):
        return node
    unit = intervals.last_unit(node.expression)
    if unit not in _YEAR_MONTH_UNITS:
        return node
    if zone_of(node.this) is None:
        return unzoned(node.this, "interval arithmetic", node)
    return _on_wall_clock(node, "interval arithmetic")


def at_time_zone(node: exp.Expression) -> exp.Expression:
    """``x AT TIME ZONE z`` is the same instant shown in zone z (a naive ``x`` is read in the
    session zone, UTC)."""
    return exp.Cast(this=node.this, to=exp.DataType.build("TIMESTAMPTZ"))


def with_timezone(args: list[exp.Expression]) -> exp.Expression:
    """``with_timezone(timestamp, zone)``: the wall clock ``timestamp`` in ``zone``."""
    _check_zone(_string(args[1]))  # Trino's message for a name it does not know
    zone = _zone_key(args[1])
    if zone == UNKNOWN:
        raise UnsupportedLocally("with_timezone with a zone that is not a string literal")
    near = _call("TIMEZONE", exp.Literal.string("UTC"), args[0].copy())
    return _call("AK_LOCAL_INSTANT", args[0], exp.Literal.string(duck_zone(zone)), near)


def _check_zone(zone: str) -> None:
    """Trino's ``'x' is not a valid time zone`` for a zone name no zone database knows
    (TestDateTimeFunctions.testWithTimezone)."""
    if zone[:1] in "+-" or zone in ("UTC", UNKNOWN) or _zoneknown(zone):
        return
    from athenakit.local.failures import athena_error

    raise athena_error("INVALID_FUNCTION_ARGUMENT", f"'{zone}' is not a valid time zone")


# a zone name Python's zone database does not know, where Trino fails with its own message
# (with_timezone's is Trino's); the results could not be read back in that zone either
ZONE_REFUSAL = "a time zone name the zone database does not know"


def _zoneknown(name: str) -> bool:
    from zoneinfo import ZoneInfo

    try:
        ZoneInfo(name)
    except (KeyError, ValueError, OSError):  # ZoneInfoNotFoundError is a KeyError
        return False
    return True


_TIME_UNIT_MILLIS = {"millisecond": 1, "second": 1000, "minute": 60_000, "hour": 3_600_000}


def time_zone_diff(unit: str, start: exp.Expression, end: exp.Expression) -> exp.Expression:
    """``date_diff(unit, a, b)`` of ``time with time zone`` values: the whole units between
    the two instants (their wall clocks less their offsets, TestDateTimeFunctions
    .testDateDiffTimeWithTimeZone; DuckDB has no such difference).

    Raises:
        UnsupportedLocally: a unit larger than an hour.
    """
    size = _TIME_UNIT_MILLIS.get(unit)
    if size is None:
        raise UnsupportedLocally(f"date_diff of time with time zone by {unit}")

    def utc_millis(value: exp.Expression) -> exp.Expression:
        local = _call("EPOCH", value.copy())
        offset = _call("DATE_PART", exp.Literal.string("timezone"), value.copy())
        return _call("ROUND", exp.Mul(this=exp.Paren(this=exp.Sub(
            this=local, expression=offset)), expression=exp.Literal.number(1000)))

    elapsed = exp.Sub(this=utc_millis(end), expression=utc_millis(start))
    units = _call("TRUNC", exp.Div(this=exp.Paren(this=elapsed),
                                   expression=exp.Literal.number(size)))
    return exp.Cast(this=units, to=exp.DataType.build("BIGINT"))


def offset(args: list[exp.Expression], part: str) -> exp.Expression:
    """``timezone_hour`` / ``timezone_minute``: the zone's offset at that instant."""
    zone = zone_of(args[0])
    if zone is None or zone == UNKNOWN:
        known(UNKNOWN, f"timezone_{part}")
    seconds = exp.Sub(this=_call("EPOCH", wall_clock(args[0].copy(), str(zone))),
                      expression=_call("EPOCH", args[0].copy()))
    whole = _call("TRUNC", exp.Div(this=exp.Paren(this=seconds), expression=exp.Literal.number(
        3600 if part == "hour" else 60)))
    value = whole if part == "hour" else _call("MOD", whole, exp.Literal.number(60))
    return exp.Cast(this=value, to=exp.DataType.build("BIGINT"))


_FIELDS = (exp.Hour, exp.Minute, exp.Second, exp.Day, exp.DayOfMonth, exp.Month, exp.Year,
           exp.Quarter, exp.DayOfWeekIso, exp.DayOfYear, exp.WeekOfYear, exp.YearOfWeek,
           exp.LastDay, exp.TimeToStr)

BY_CLASS: dict[type[exp.Expression], Callable[[exp.Expression], exp.Expression]] = {
    **{kind: (lambda n: local_argument(n, n.key)) for kind in _FIELDS},
    exp.Extract: lambda n: local_argument(n, "extract", key="expression"),
    exp.DateAdd: calendar,
    exp.TimestampTrunc: calendar,
    exp.DateTrunc: calendar,
    exp.AtTimeZone: at_time_zone,
}

BY_NAME: dict[str, Callable[[list[exp.Expression]], exp.Expression]] = {
    "WITH_TIMEZONE": with_timezone,
    "AT_TIMEZONE": lambda a: exp.Cast(this=a[0], to=exp.DataType.build("TIMESTAMPTZ")),
    "TIMEZONE_HOUR": lambda a: offset(a, "hour"),
    "TIMEZONE_MINUTE": lambda a: offset(a, "minute"),
    "YOW": lambda a: exp.YearOfWeek(this=a[0]),
}


def zoned_date_literal(node: exp.Expression) -> bool:
    """``TIMESTAMP '2001-1-22 +07:09'``: a ``timestamp(0) with time zone`` in Trino (its
    midnight in that zone); sqlglot reads it as a ``timestamp``."""
    return date_and_zone(node) and "format" not in node.args  # the literal, not a CAST


def date_and_zone(node: exp.Expression) -> bool:
    return isinstance(node, exp.Cast) and node.to.is_type(exp.DType.TIMESTAMP) \
        and isinstance(node.this, exp.Literal) and node.this.is_string \
        and DATE_AND_ZONE.match(str(node.this.this)) is not None
