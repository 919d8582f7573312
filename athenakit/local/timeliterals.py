"""``DATE '...'``, ``TIMESTAMP '...'`` and ``TIME '...'`` literals (and casts of varchar
literals) checked as Trino reads them, before DuckDB does.

* A literal that is not a date (``DATE '2013-02-29'``, ``DATE '2013-02-002'``,
  ``TIMESTAMP 'text'``) fails with ``INVALID_LITERAL: line 1:8: '2013-02-29' is not a valid date
  literal`` (Trino's ExpressionAnalyzer; TestDate.testLiteral, TestTimestamp.testLiteral), where
  DuckDB's cast error would be ``INVALID_CAST_ARGUMENT`` (still Trino's answer for
  ``CAST('2013-02-29' AS date)``: sqlglot marks the two spellings apart, the literal has no ``format`` argument).
* A signed year (``DATE '-2013-02-02'``: DuckDB answers the text ``2014-02-02 (BC)``) or one
  from 10000 on (DuckDB's ``TIMESTAMP '123001-01-22'`` reached Python as a number) is refused;
  a year past Trino's own range (5881580-07-11) is not a valid literal, and keeps the cast
  error in ``CAST('5881580-07-12' AS date)``, which is Trino's.
  ``DATE '+2013-02-02'`` is 2013-02-02 (DuckDB reads no sign).

https://trino.io/docs/current/language/types.html#date-and-time
"""

from __future__ import annotations

import calendar
import re

from sqlglot import exp

from athenakit.local.errors import UnsupportedLocally
from athenakit.local.failures import athena_error, start_of

YEARS_REFUSAL = "a date or timestamp of a year outside 1 to 9999"
PRECISION_REFUSAL = "a timestamp with more than 3 fractional digits"
# a date is a day count of 32 bits: 5881580-07-11 is the last (TestDate: DATE '5881580-07-12'
# is not a valid date literal)
_LAST_DATE = (5881580, 7, 11)
_DATE = r"(?P<y>\d+)-(?P<m>\d{1,2})-(?P<d>\d{1,2})"
_CLOCK = r"(?P<h>\d{1,2}):(?P<mi>\d{1,2})(?::(?P<s>\d{1,2})(?:\.\d+)?)?"
# Trino's io.trino.type.DateTimes patterns: a timestamp's year has 4 digits or more, its time
# follows a space (not a T)
_SHAPES = {
    "date": re.compile(rf"\s*[+-]?{_DATE}\s*"),
    "timestamp": re.compile(rf"\s*[+-]?(?=\d{{4}}){_DATE}(?: {_CLOCK})?\s*"
                            r"([+-]\d\d?(?::?\d\d)?|[A-Za-z][\w/+\-]*)?\s*"),
}
# io.trino.type.DateTimes.TIME_PATTERN (Java's \\d and \\s: ASCII digits and blanks)
_TIME = re.compile(r"(?P<h>[0-9]{1,2}):(?P<mi>[0-9]{1,2})(?::(?P<s>[0-9]{1,2})"
                   r"(?:\.(?P<f>[0-9]+))?)?[ \t\n\x0B\f\r]*(?:[+-](?P<oh>[0-9]{2}):(?P<om>[0-9]{2}))?")
TIME_DIGITS_REFUSAL = "a time with more than 3 fractional digits"


def check_times(tree: exp.Expr) -> None:
    """A ``TIME '...'`` literal Trino does not read fails while analysing, as Trino's does.

    Its text is no time, or a field is out of range (``INVALID_LITERAL: line 1:8: '25:00:00' is
    not a valid time literal``: ExpressionAnalyzer.visitTimeLiteral, DateTimes.parseTime; an
    offset past +-14:00 is none either, DateTimes.isValidOffset; TestAnalyzer.testLiteral,
    TestTime.testLiterals; DuckDB read ``24:00`` as midnight, and its other cast failures had
    been a generic refusal); more than 12 fractional digits fail as TimeType's precision
    (NUMERIC_VALUE_OUT_OF_RANGE), and 4 to 12 are refused, as for timestamps: the local
    engine's times are milliseconds (DuckDB cut the rest: ``TIME '...1234567'`` printed
    ``.123456``, ``CAST(TIME '12:34:56.9999' AS time)`` was ``12:34:56.999`` where Trino
    rounds it to ``12:34:57.000``, and so was the difference of two such times).

    Raises:
        AthenaFailure: INVALID_LITERAL, NUMERIC_VALUE_OUT_OF_RANGE.
        UnsupportedLocally: for 4 to 12 fractional digits.
    """
    for node in tree.find_all(exp.Cast):
        if node.to.is_type(exp.DType.TIME, exp.DType.TIMETZ) and "format" not in node.args \
                and isinstance(node.this, exp.Literal) and node.this.is_string:
            _check_time(str(node.this.this), start_of(node.this))


def _check_time(text: str, offset: int | None) -> None:
    found = _TIME.fullmatch(text)
    zoned = found is not None and found["oh"] is not None
    if found is None or int(found["h"]) > 23 or int(found["mi"]) > 59 \
            or int(found["s"] or 0) > 59 or zoned and not _valid_offset(found["oh"], found["om"]):
        # (TestTimeWithTimeZone.testLiterals spells a zoned one's "TIME literal")
        raise athena_error("INVALID_LITERAL", f"'{text}' is not a valid "
                           f"{'TIME' if zoned else 'time'} literal", offset=offset, before="time")
    places = len(found["f"] or "")
    if places > 12:
        kind = "TIME WITH TIME ZONE" if zoned else "TIME"
        raise athena_error("NUMERIC_VALUE_OUT_OF_RANGE", f"{kind} precision must be in range "
                           f"[0, 12]: {places}", offset=offset, before="time")
    if places > 3:
        raise UnsupportedLocally(TIME_DIGITS_REFUSAL)


def _valid_offset(hours: str, minutes: str) -> bool:
    """DateTimes.isValidOffset: -14:00 to +14:00."""
    return int(hours) < 14 and int(minutes) < 60 or (hours, minutes) == ("14", "00")


PRECISION_CAST_REFUSAL = "a cast to a timestamp or time of a precision other than 3"
CURRENT_PRECISION_REFUSAL = "current_timestamp with a precision other than 3"
CLOCKS = (exp.DType.TIMESTAMP, exp.DType.TIMESTAMPTZ, exp.DType.TIME, exp.DType.TIMETZ)


def check_precisions(tree: exp.Expr) -> None:
    """Refuse a cast to ``timestamp(p)`` / ``time(p)`` with p other than 3 (and
    ``current_timestamp(p)``, a ``timestamp(p) with time zone``): Trino rounds the
    value to p digits (``CAST(TIMESTAMP '2020-01-01 00:00:00.789' AS timestamp(0))`` is
    ``2020-01-01 00:00:01``) and types and prints it with p; the local engine's values are
    milliseconds (DuckDB's cast had kept the value and the type ``timestamp(3)``).

    Raises:
        UnsupportedLocally: for such a cast.
    """
    from athenakit.local.time_precision import declared

    for now in tree.find_all(exp.CurrentTimestamp):
        # current_timestamp(p): a timestamp(p) with time zone (its value rounded to p digits)
        if now.this is not None and now.this.name != "3":
            raise UnsupportedLocally(CURRENT_PRECISION_REFUSAL)
    for node in tree.find_all(exp.Cast):
        written = "format" in node.args  # CAST(... AS timestamp(0)), not TIMESTAMP '...'
        if written and node.to.is_type(*CLOCKS) and declared(node.to) not in (None, 3):
            raise UnsupportedLocally(PRECISION_CAST_REFUSAL,
                                     hint=node.to.sql(dialect="trino").lower())


def _valid(text: str, kind: str) -> bool:
    found = _SHAPES[kind].fullmatch(text)
    if found is None:
        return False
    year, month, day = int(found["y"]), int(found["m"]), int(found["d"])
    if kind == "date" and (year, month, day) > _LAST_DATE:
        return False
    if not 1 <= month <= 12 or not 1 <= day <= calendar.monthrange(year % 400 or 400, month)[1]:
        return False
    clock = found.groupdict()
    return int(clock.get("h") or 0) < 24 and int(clock.get("mi") or 0) < 60 \
        and int(clock.get("s") or 0) < 60


def readable(text: str, kind: str) -> bool:
    """Trino reads ``text`` as a ``date`` / ``timestamp`` (``kind``), in a literal or a cast."""
    return _valid(text, kind)


def check(node: exp.Cast) -> None:
    """Fail or refuse a date or timestamp literal Trino would not read as DuckDB does; drop the
    ``+`` of a signed year (``node`` is changed in place)."""
    text = str(node.this.this)
    kind = "date" if node.to.is_type(exp.DType.DATE) else "timestamp"
    literal = "format" not in node.args  # DATE '...' rather than CAST('...' AS date)
    if literal and not node.to.is_type(exp.DType.TIME) and not _valid(text, kind):
        raise athena_error("INVALID_LITERAL", f"'{text}' is not a valid {kind} literal",
                           offset=start_of(node.this), before=kind)
    if kind == "timestamp" and re.search(r"\d:\d\d?:\d\d?\.\d{4,}", text):
        # a literal is a timestamp(p) with every digit kept; the local engine's timestamps
        # are milliseconds (DuckDB rounded or cut the rest, or failed converting it to Arrow)
        rounded = None if literal else _to_millis(text, node.to.is_type(exp.DType.TIMESTAMP))
        if rounded is None:
            raise UnsupportedLocally(PRECISION_REFUSAL)
        text = rounded
        node.set("this", exp.Literal.string(text))
    found = re.match(r"\s*([+-]?)(\d+)-", text)
    if found is None:
        return
    if found.group(1) == "-" or int(found.group(2)) == 0 or 9999 < int(found.group(2)) < 5881580:
        raise UnsupportedLocally(YEARS_REFUSAL)
    if found.group(1) == "+":
        node.set("this", exp.Literal.string(text.replace("+", "", 1)))


# a text's clock and its fraction of a second (VarcharToTimestampCast's DATETIME_PATTERN)
_FRACTION = re.compile(
    r"(?P<clock>\s*(?P<y>\d{4})-(?P<mo>\d{1,2})-(?P<d>\d{1,2}) (?P<h>\d{1,2}):(?P<mi>\d{1,2}):"
    r"(?P<s>\d{1,2}))\.(?P<f>\d{4,18})(?P<rest>\D.*)?", re.DOTALL)


def _to_millis(text: str, naive: bool) -> str | None:
    """``CAST(text AS timestamp)`` is a ``timestamp(3)``: the fraction rounded half up to the
    millisecond (VarcharToTimestampCast: ``DateTimes.round``), carried into the second of a
    ``timestamp`` (``'2020-12-31 23:59:59.9995'`` is ``2021-01-01 00:00:00.000``). None where
    that is not certain here: a carry in a zoned text, a clock that is no clock, a year past
    9999."""
    import datetime as dt

    found = _FRACTION.fullmatch(text)
    if found is None:
        return None
    millis, rest = int(found["f"][:3]) + (found["f"][3] >= "5"), found["rest"] or ""
    if millis < 1000:
        return f"{found['clock']}.{millis:03d}{rest}"
    try:
        year, month, day, hour, minute, second = (int(found[g]) for g in (
            "y", "mo", "d", "h", "mi", "s"))
        clock = dt.datetime(year, month, day, hour, minute, second)
        carried = clock + dt.timedelta(seconds=1)
    except (ValueError, OverflowError):
        return None
    return f"{carried:%Y-%m-%d %H:%M:%S}.000{rest}" if naive else None


# a timestamp literal with a zone name: its wall clock and the zone
_ZONED = re.compile(r"\s*(?P<clock>\d{4}-\d{1,2}-\d{1,2}(?: [\d:.]+)?)\s+"
                    r"(?P<zone>[A-Za-z][\w/+\-]*)\s*")


def earlier_offsets(tree: exp.Expression) -> None:
    """A zoned literal whose wall clock a DST change repeats (``TIMESTAMP '2020-11-01 01:30:00
    America/New_York'``) is the earlier of its two instants in Trino (io.trino.type.DateTimes
    takes the first of ``ZoneRules.getValidOffsets``); ICU (DuckDB) takes the later. Such a
    literal gets its earlier offset written out (``tree`` is changed in place; the zone the
    result shows was found before)."""
    for cast in list(tree.find_all(exp.Cast)):
        literal = cast.this
        if not (cast.to.is_type(exp.DType.TIMESTAMPTZ) and isinstance(literal, exp.Literal)
                and literal.is_string):
            continue
        found = _ZONED.fullmatch(str(literal.this))
        offset = None if found is None else _earlier_offset(found["clock"], found["zone"])
        if found is not None and offset is not None:
            cast.set("this", exp.Literal.string(f"{found['clock']}{offset}"))


def _earlier_offset(clock: str, zone: str) -> str | None:
    """``+HH:MM:SS`` of the earlier instant of a repeated wall clock, else None."""
    import datetime as dt
    from zoneinfo import ZoneInfo

    try:
        local = dt.datetime.fromisoformat(clock)
        zone_info = ZoneInfo(zone)
    except (ValueError, KeyError, OSError):  # ZoneInfoNotFoundError is a KeyError
        return None
    first = local.replace(tzinfo=zone_info, fold=0).utcoffset()
    second = local.replace(tzinfo=zone_info, fold=1).utcoffset()
    if first is None or second is None or first <= second:  # not repeated (or a gap)
        return None
    seconds = int(first.total_seconds())
    sign, seconds = ("-", -seconds) if seconds < 0 else ("+", seconds)
    return f"{sign}{seconds // 3600:02d}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"
