"""Trino's ``from_iso8601_timestamp`` / ``from_iso8601_date``: ISO 8601 text read as Joda-Time reads it.

Trino reads the text with Joda-Time's ``ISODateTimeFormat.dateTimeParser()`` (the timestamp,
``withOffsetParsed``: the value keeps the text's offset, UTC when it has none) and
``ISODateTimeFormat.dateElementParser()`` (the date), not with a cast: DuckDB's casts accept
text Joda rejects (``2001-08-22 03:04:05``) and reject text Joda accepts (``2001-W34-3``,
``2001-234``, ``T10:00``, ``10:30,5``, ``+07``). This module is a transcription of that grammar
and of the Joda parsers it is built from (``DateTimeFormatterBuilder``: ``NumberFormatter``
reads up to a maximum count of digits, a year has a sign and up to 9 digits, literals ignore
case, ``MatchingParser`` keeps the alternative that reads furthest; ``Fraction``;
``TimeZoneOffset``), and of how the fields are then set (``DateTimeParserBucket``), so that it
accepts the same text, gives the same value and fails with the same message::

    datetime          = time | date-opt-time
    time              = 'T' time-element [offset]
    date-opt-time     = date-element ['T' [time-element] [offset]]
    date-element      = yyyy ['-' MM ['-' dd]] | xxxx '-W' ww ['-' e] | yyyy '-' DDD
    time-element      = HH [':' mm [':' ss [('.' | ',') digit+] | ('.' | ',') digit+]
                        | ('.' | ',') digit+]
    offset            = 'Z' | ('+' | '-') HH [':' mm [':' ss [('.' | ',') SSS]]]

A value Python's dates cannot hold (a year outside 1 to 9999) and an offset Trino's zone keys
may not name (seconds, more than 14 hours) are refused at run time.

https://trino.io/docs/current/functions/datetime.html#from_iso8601_timestamp
https://www.joda.org/joda-time/apidocs/org/joda/time/format/ISODateTimeFormat.html#dateTimeParser()
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from sqlglot import exp

from athenakit.local.dateparse import _error as _invalid_format
from athenakit.local.dateparse import _set_date, _set_time
from athenakit.local.jodaparsers import (
    Bucket,
    Parser,
    choice,
    fraction,
    literal,
    number,
    optional,
    seq,
    zone_offset,
)
from athenakit.local.runtime_errors import TrinoFunctionError

_DOT = choice(literal("."), literal(","))
_HOUR_MS, _MINUTE_MS = 3_600_000, 60_000
_TIME_ELEMENT = seq(number("hour", 2), choice(
    seq(literal(":"), number("minute", 2), choice(
        seq(literal(":"), number("second", 2),
             optional(seq(_DOT, fraction("millis", 1000)))),
        seq(_DOT, fraction("minute_millis", _MINUTE_MS)),
        None)),
    seq(_DOT, fraction("hour_millis", _HOUR_MS)),
    None))
_YEAR = number("year", 9, signed=True)
DATE_ELEMENT = choice(
    seq(_YEAR, optional(seq(literal("-"), number("month", 2),
                                optional(seq(literal("-"), number("day", 2)))))),
    seq(number("weekyear", 9, signed=True), literal("-W"), number("week", 2),
         optional(seq(literal("-"), number("dow", 1)))),
    seq(_YEAR, literal("-"), number("doy", 3)))
DATE_TIME = choice(
    seq(literal("T"), _TIME_ELEMENT, optional(zone_offset)),
    seq(DATE_ELEMENT, optional(seq(literal("T"), optional(_TIME_ELEMENT),
                                      optional(zone_offset)))))

# field -> rank: DateTimeParserBucket sets the fields with the largest range first
_RANK = {"year": 0, "weekyear": 0, "month": 1, "doy": 1, "week": 1, "day": 2, "dow": 2,
         "hour": 3, "minute": 4, "hour_millis": 4, "second": 5, "minute_millis": 5, "millis": 6}
_UNITS = {"millis": 1000, "minute_millis": _MINUTE_MS, "hour_millis": _HOUR_MS}


def _refused(what: str) -> TrinoFunctionError:
    return TrinoFunctionError(f"NOT_SUPPORTED_LOCALLY: {what}")


# the common shapes (yyyy-MM-dd, then Thh:mm[:ss[.fff]] and Z or +hh:mm), which the grammar reads
# in one way only, are read by one regular expression; values out of range take the grammar's
# path for Joda's message
_FAST_DATE = r"(\d{4})-(\d\d)-(\d\d)"
_FAST = {id(DATE_ELEMENT): re.compile(_FAST_DATE), id(DATE_TIME): re.compile(
    _FAST_DATE + r"(?:[Tt](\d\d):(\d\d)(?::(\d\d)(?:[.,](\d{1,9}))?)?([Zz]|[+-]\d\d:\d\d)?)?")}


def _fast(parser: Parser, text: str) -> tuple[dt.datetime, int | None] | None:
    pattern = _FAST.get(id(parser))
    found = pattern.fullmatch(text) if pattern is not None else None
    if found is None:
        return None
    groups = [*found.groups(), None, None, None, None, None][:8]
    year, month, day, hour, minute, second = (int(g or 0) for g in groups[:6])
    zone = groups[7]
    hours, minutes = (int(zone[1:3]), int(zone[4:])) if zone and len(zone) > 1 else (0, 0)
    if year < 1 or hour > 23 or minute > 59 or second > 59 or hours > 23 or minutes > 59:
        return None
    try:
        local = dt.datetime(year, month, day, hour, minute, second,
                            int((groups[6] or "")[:3].ljust(3, "0")) * 1000)
    except ValueError:
        return None
    if zone is None:
        return local, None
    offset = (hours * 60 + minutes) * _MINUTE_MS
    return local, -offset if zone[0] == "-" else offset


def read(parser: Parser, text: str, function: str) -> tuple[dt.datetime, int | None]:
    """Read ``text`` whole with ``parser``: (local date-time, offset in ms or None).

    Raises:
        TrinoFunctionError: Joda's message (INVALID_FUNCTION_ARGUMENT) for text it rejects;
            NOT_SUPPORTED_LOCALLY for a year outside 1 to 9999.
    """
    quick = _fast(parser, text)
    if quick is not None:
        return quick
    bucket: Bucket = []
    pos = parser(text, 0, bucket)
    if pos < 0 or pos < len(text):
        raise _invalid_format(text, ~pos if pos < 0 else pos)
    fields = sorted((f for f in bucket if f[0] != "offset"), key=lambda f: _RANK[f[0]])
    offsets = [v for f, v in bucket if f == "offset"]
    day, ms = dt.date(1970, 1, 1), 0
    try:
        for field, value in fields:
            if field in ("year", "weekyear") and not 1 <= value <= 9999:
                raise _refused(f"{function} of a year outside 1 to 9999")
            if field == "dow" and not 1 <= value <= 7:
                raise ValueError(f"Value {value} for dayOfWeek must be in the range [1,7]")
            if _RANK[field] <= 2:
                day, ms = _set_date(field, value, day), 0
            elif field in _UNITS:
                ms = ms - ms % _UNITS[field] + value
            else:
                ms = _set_time(field, value, ms)
    except (OverflowError, TrinoFunctionError) as err:
        raise err if isinstance(err, TrinoFunctionError) else _refused(
            f"{function} of a year outside 1 to 9999") from err
    except ValueError as err:
        raise TrinoFunctionError(
            f'INVALID_FUNCTION_ARGUMENT: Cannot parse "{text}": {err}') from err
    local = dt.datetime.combine(day, dt.time()) + dt.timedelta(milliseconds=ms)
    return local, offsets[-1] if offsets else None


def zone_name(offset: int | None, function: str = "from_iso8601_timestamp") -> str:
    """The zone Trino gives a parsed offset: ``UTC`` for none or zero, else ``+07:09``.

    Raises:
        TrinoFunctionError: NOT_SUPPORTED_LOCALLY for an offset with seconds or beyond 14 hours
            (Joda's zone id then is not one of Trino's zone keys).
    """
    if not offset:
        return "UTC"
    if offset % _MINUTE_MS or abs(offset) > 14 * _HOUR_MS:
        raise _refused(f"{function} of an offset with seconds or beyond 14 hours")
    hours, minutes = divmod(abs(offset) // _MINUTE_MS, 60)
    return f"{'-' if offset < 0 else '+'}{hours:02d}:{minutes:02d}"


def from_iso8601_timestamp(text: str) -> dt.datetime:
    """Trino's ``from_iso8601_timestamp``: the instant (UTC, naive) the text names.

    Args:
        text: ISO 8601 text (``2001-08-22T03:04:05.321-11:00``, ``2001-W34-3``, ``T10:00``).

    Returns:
        The instant, as a naive UTC ``datetime`` with milliseconds.

    Raises:
        TrinoFunctionError: Joda's INVALID_FUNCTION_ARGUMENT message for text it rejects;
            NOT_SUPPORTED_LOCALLY for values the local engine cannot hold exactly.

    Example:
        >>> from_iso8601_timestamp('2001-08-22T03:04:05.321+07:09')
        datetime.datetime(2001, 8, 21, 19, 55, 5, 321000)
    """
    local, offset = read(DATE_TIME, text, "from_iso8601_timestamp")
    zone_name(offset)
    return shifted(local, offset, "from_iso8601_timestamp")


def shifted(local: dt.datetime, offset: int | None, function: str) -> dt.datetime:
    """The instant of ``local`` at ``offset`` ms; a year outside 1 to 9999 is refused
    (``0001-01-01T00:00+01:00`` is in the year 0)."""
    try:
        return local - dt.timedelta(milliseconds=offset or 0)
    except OverflowError as err:
        raise _refused(f"{function} of a year outside 1 to 9999") from err


_NOT_UTC = "from_iso8601_timestamp of a text that is not a literal, with an offset other than UTC"


def from_iso8601_timestamp_utc(text: str) -> dt.datetime:
    """:func:`from_iso8601_timestamp` of a text that is not a literal: its value's zone is UTC
    (the session zone, or a zero offset: ``Z``, ``+00:00``), the one zone the SQL can give it.

    Raises:
        TrinoFunctionError: as :func:`from_iso8601_timestamp`; NOT_SUPPORTED_LOCALLY for a text
            with another offset.
    """
    if read(DATE_TIME, text, "from_iso8601_timestamp")[1]:
        raise _refused(_NOT_UTC)
    return from_iso8601_timestamp(text)


def from_iso8601_date(text: str) -> dt.date:
    """Trino's ``from_iso8601_date``: ``yyyy[-MM[-dd]]``, ``xxxx-Www[-e]`` or ``yyyy-DDD``.

    Args:
        text: ISO 8601 date text.

    Returns:
        The date.

    Raises:
        TrinoFunctionError: Joda's INVALID_FUNCTION_ARGUMENT message for text it rejects;
            NOT_SUPPORTED_LOCALLY for a year outside 1 to 9999.

    Example:
        >>> from_iso8601_date('2001-W34-3'), from_iso8601_date('2001-234')
        (datetime.date(2001, 8, 22), datetime.date(2001, 8, 22))
    """
    return read(DATE_ELEMENT, text, "from_iso8601_date")[0].date()


def literal_zone(text: str, nanos: bool = False) -> str:
    """The zone of ``from_iso8601_timestamp('<text>')`` (``_nanos`` with ``nanos``); UTC for
    text that fails to parse (the query then fails, with no zone to show)."""
    try:
        if nanos:
            return _nanos(text)[1]
        return zone_name(read(DATE_TIME, text, "from_iso8601_timestamp")[1])
    except TrinoFunctionError:
        return "UTC"


# from_iso8601_timestamp_nanos reads with java.time's ISO_DATE_TIME (a stricter grammar:
# fixed digit counts, 'T' and minutes required); the shapes read here are those whose value
# is certain, anything else is refused rather than guessed
_NANOS = re.compile(r"(\d{4})-(\d\d)-(\d\d)[Tt](\d\d):(\d\d)(?::(\d\d)(?:\.(\d{1,9}))?)?"
                    r"(?:([Zz])|([+-]\d\d:\d\d))?")
_NANOS_SHAPE = ("from_iso8601_timestamp_nanos of text other than "
                "yyyy-MM-ddTHH:mm[:ss[.fffffffff]][Z|+hh:mm] with valid fields")


def _nanos(text: str) -> tuple[dt.datetime, str]:
    found = _NANOS.fullmatch(text)
    if found is None:
        raise _refused(_NANOS_SHAPE)
    fraction = (found.group(7) or "").ljust(9, "0")
    if fraction[3:] != "000000":
        raise _refused("from_iso8601_timestamp_nanos of a fraction finer than milliseconds")
    try:
        year, month, day, hour, minute, second = (int(found.group(i) or 0) for i in range(1, 7))
        local = dt.datetime(year, month, day, hour, minute, second, int(fraction[:6]))
    except ValueError as err:
        raise _refused(_NANOS_SHAPE) from err
    zone = found.group(9)
    if zone is None or zone in ("+00:00", "-00:00"):
        return local, "UTC"
    hours, minutes = int(zone[1:3]), int(zone[4:])
    if hours * 60 + minutes > 14 * 60 or minutes > 59:
        raise _refused(_NANOS_SHAPE)
    delta = dt.timedelta(hours=hours, minutes=minutes)
    return local - (delta if zone[0] == "+" else -delta), zone


def from_iso8601_timestamp_nanos(text: str) -> dt.datetime:
    """Trino's ``from_iso8601_timestamp_nanos`` (java.time's ``ISO_DATE_TIME``), for the text
    shapes whose answer is certain (a fraction of whole milliseconds: local timestamps with
    time zone hold milliseconds).

    Args:
        text: ``yyyy-MM-ddTHH:mm[:ss[.fffffffff]]`` and an optional ``Z`` or ``+hh:mm``.

    Returns:
        The instant, as a naive UTC ``datetime``.

    Raises:
        TrinoFunctionError: NOT_SUPPORTED_LOCALLY for any other text, and for a fraction
            finer than milliseconds.
    """
    return _nanos(text)[0]


def from_iso8601_timestamp_nanos_utc(text: str) -> dt.datetime:
    """:func:`from_iso8601_timestamp_nanos` of a text that is not a literal (zone UTC only)."""
    instant, zone = _nanos(text)
    if zone != "UTC":
        raise _refused(_NOT_UTC.replace("timestamp", "timestamp_nanos", 1))
    return instant


# where the value is used only as an instant (compared, counted, to_unixtime), its zone does not
# show: any offset is read
_INSTANT_USES = (exp.EQ, exp.NEQ, exp.LT, exp.LTE, exp.GT, exp.GTE, exp.Between, exp.TimeToUnix,
                 exp.NullSafeEQ, exp.NullSafeNEQ, exp.Is, exp.Count)


def _timestamp(node: exp.Expression, name: str) -> exp.Expression:
    # a literal's zone is read from it before the query runs (zones.zone_of); any other text
    # must be in UTC, the zone the SQL then gives the value, unless only its instant is used
    literal = isinstance(node.this, exp.Literal) and node.this.is_string
    instant_only = isinstance(node.parent, _INSTANT_USES)
    call = exp.Anonymous(this=name if literal or instant_only else f"{name}_UTC",
                         expressions=[node.this])
    return exp.Anonymous(this="TIMEZONE", expressions=[exp.Literal.string("UTC"), call])


BY_CLASS: dict[type[exp.Expression], Callable[[exp.Expression], exp.Expression]] = {
    exp.FromISO8601Timestamp: lambda n: _timestamp(n, "AK_FROM_ISO8601_TIMESTAMP"),
    exp.FromISO8601TimestampNanos: lambda n: _timestamp(n, "AK_FROM_ISO8601_TIMESTAMP_NANOS"),
    exp.FromISO8601Date: lambda n: exp.Anonymous(this="AK_FROM_ISO8601_DATE",
                                                 expressions=[n.this]),
}

FUNCTIONS: dict[str, tuple[Callable[..., Any], list[str], str]] = {
    "ak_from_iso8601_timestamp": (from_iso8601_timestamp, ["VARCHAR"], "TIMESTAMP"),
    "ak_from_iso8601_date": (from_iso8601_date, ["VARCHAR"], "DATE"),
    "ak_from_iso8601_timestamp_nanos": (from_iso8601_timestamp_nanos, ["VARCHAR"], "TIMESTAMP"),
    "ak_from_iso8601_timestamp_utc": (from_iso8601_timestamp_utc, ["VARCHAR"], "TIMESTAMP"),
    "ak_from_iso8601_timestamp_nanos_utc": (from_iso8601_timestamp_nanos_utc, ["VARCHAR"],
                                            "TIMESTAMP"),
}
