"""Trino's ``date_parse``: MySQL specifiers read the way Trino's Joda-Time formatter reads them.

DuckDB's ``strptime`` differs from Trino on several points (the default date is 1900-01-01,
``%y`` reads ``69`` as 1969, ``%f`` stops at 6 digits, ``%h`` without ``%p`` keeps hour 12,
fractions round), so the local engine parses in Python instead, step by step as Joda does:

* each specifier becomes one Joda parser (``DateTimeFunctions.createDateTimeFormatter`` in
  trinodb/trino): numbers read up to a maximum count of digits without backtracking, ``%y``
  reads exactly two digits with the pivot year 2020 (``69`` is 2069, ``70`` is 1970), ``%f``
  reads up to 9 digits and keeps milliseconds (``date_parse`` returns ``timestamp(3)``), month
  and weekday names match as written, in lower or in upper case, literals ignore case;
* the parsed fields are then set on 1970-01-01 00:00 from the largest to the smallest, each
  resetting the smaller ones (``DateTimeParserBucket.computeMillis``), so ``%h`` without ``%p``
  is a morning hour and a pattern starting at the month or day takes the year 2000.

https://trino.io/docs/current/functions/datetime.html#mysql-date-functions
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from collections.abc import Callable
from typing import Any

from athenakit.local.runtime_errors import TrinoFunctionError

# specifiers Trino rejects (TestDateTimeFunctions.testDateParse)
_UNSUPPORTED = set("DUuVwX")
_MONTHS = [(calendar.month_abbr[i], calendar.month_name[i], i) for i in range(1, 13)]
_DAYS = [(calendar.day_abbr[i], calendar.day_name[i], i + 1) for i in range(7)]
_HALFDAYS = [("AM", "AM", 0), ("PM", "PM", 1)]

# field -> (range rank, duration rank): Joda sets larger ranges first (SavedField.compareTo);
# a rank of 100 stands for an unbounded range (year, weekyear)
_ORDER = {"year": (100, 10), "weekyear": (100, 10), "month": (10, 8), "doy": (10, 6),
          "week": (10, 7), "day": (8, 6), "dow": (7, 6), "halfday": (6, 5), "hour": (6, 4),
          "clockhour": (5, 4), "minute": (4, 3), "second": (3, 2), "millis": (2, 1)}

# specifier -> list of (kind, field, max digits or names)
_NUMBERS: dict[str, tuple[str, int]] = {
    "c": ("month", 2), "d": ("day", 2), "e": ("day", 2), "H": ("hour", 2), "h": ("clockhour", 2),
    "I": ("clockhour", 2), "i": ("minute", 2), "j": ("doy", 3), "k": ("hour", 2),
    "l": ("clockhour", 2), "m": ("month", 2), "S": ("second", 2), "s": ("second", 2),
    "v": ("week", 2),
}
_DIGITS = frozenset("0123456789")
_EXPANSIONS = {"r": "%h:%i:%s %p", "T": "%H:%i:%s"}

Parsed = list[tuple[str, int]]
Step = Callable[[str, int, Parsed], int]  # returns the next position, or ~position on failure


def _number(field: str, digits: int, signed: bool = False) -> Step:
    # Joda's NumberFormatter: up to `digits` digits (a sign first if signed), no backtracking
    def parse(text: str, pos: int, out: Parsed) -> int:
        start, limit = pos, min(pos + digits, len(text))
        if signed and pos + 1 < limit and text[pos] in "+-" and text[pos + 1] in _DIGITS:
            start, limit = pos + 1, min(limit + 1, len(text))
        end = start
        while end < limit and text[end] in _DIGITS:
            end += 1
        if end == start:
            return ~pos
        value = int(text[start:end])
        out.append((field, -value if text[pos] == "-" and start > pos else value))
        return end
    return parse


def _two_digit_year(text: str, pos: int, out: Parsed) -> int:
    # Joda's TwoDigitYear (not lenient) with Trino's PIVOT_YEAR 2020: 70..99 -> 19xx, 00..69 -> 20xx
    two = text[pos:pos + 2]
    if len(two) < 2 or two[0] not in _DIGITS or two[1] not in _DIGITS:
        return ~pos
    year = int(two)
    out.append(("year", year + (1900 if year >= 70 else 2000)))
    return pos + 2


def _fraction(text: str, pos: int, out: Parsed) -> int:
    length = 0
    while length < 9 and pos + length < len(text) and text[pos + length] in _DIGITS:
        length += 1
    if length == 0:
        return ~pos
    out.append(("millis", int(text[pos:pos + min(length, 3)].ljust(3, "0"))))
    return pos + length


def _text(field: str, names: list[tuple[str, str, int]]) -> Step:
    valid: dict[str, int] = {}
    for short, full, value in names:
        for name in (short, full):
            valid.update({name: value, name.lower(): value, name.upper(): value})
    longest = max(map(len, valid))

    def parse(text: str, pos: int, out: Parsed) -> int:
        for end in range(min(len(text), pos + longest), pos, -1):
            if text[pos:end] in valid:
                out.append((field, valid[text[pos:end]]))
                return end
        return ~pos
    return parse


def _literal(char: str) -> Step:
    def parse(text: str, pos: int, out: Parsed) -> int:
        if pos < len(text) and (text[pos] == char or text[pos].upper() == char.upper()
                                or text[pos].lower() == char.lower()):
            return pos + 1
        return ~pos
    return parse


def _step(spec: str) -> Step:
    if spec in _NUMBERS:
        return _number(*_NUMBERS[spec])
    named: dict[str, Step] = {
        "Y": _number("year", 4, signed=True), "x": _number("weekyear", 4, signed=True),
        "y": _two_digit_year, "f": _fraction, "a": _text("dow", _DAYS), "W": _text("dow", _DAYS),
        "b": _text("month", _MONTHS), "M": _text("month", _MONTHS),
        "p": _text("halfday", _HALFDAYS)}
    return named.get(spec) or _literal(spec)


@functools.lru_cache(maxsize=64)
def compile_pattern(pattern: str) -> tuple[Step, ...]:
    """The parsers of a ``date_parse`` pattern, in order.

    Args:
        pattern: MySQL-style pattern such as ``%Y-%m-%d %h:%i:%s %p``.

    Returns:
        One parser per specifier or literal character.

    Raises:
        AthenaFailure: INVALID_FUNCTION_ARGUMENT for ``%D``, ``%U``, ``%u``, ``%V``, ``%w``,
            ``%X`` and for a pattern that parses nothing.
    """
    from athenakit.local.failures import athena_error

    steps: list[Step] = []
    for is_spec, char in _tokens(pattern):
        if is_spec and char in _UNSUPPORTED:
            raise athena_error("INVALID_FUNCTION_ARGUMENT",
                               f"%{char} not supported in date format string")
        steps.append(_step(char) if is_spec else _literal(char))
    if not steps:
        raise athena_error("INVALID_FUNCTION_ARGUMENT", "Both printing and parsing not supported")
    return tuple(steps)


_HOUR = 3_600_000
_REFUSED = "NOT_SUPPORTED_LOCALLY: date_parse of a year outside 1 to 9999"


def _bounds(value: int, low: int, high: int, name: str) -> None:
    if not low <= value <= high:  # Joda's IllegalFieldValueException
        raise ValueError(f"Value {value} for {name} must be in the range [{low},{high}]")


def _year_start(year: int, iso: bool = False) -> dt.date:
    if not 1 <= year <= 9999:
        raise TrinoFunctionError(_REFUSED)
    return dt.date.fromisocalendar(year, 1, 1) if iso else dt.date(year, 1, 1)


def _set_date(field: str, value: int, day: dt.date) -> dt.date:
    """Joda's ``set`` then ``roundFloor`` of a date field (ISO chronology)."""
    if field in ("year", "weekyear"):
        return _year_start(value, iso=field == "weekyear")
    if field == "month":
        _bounds(value, 1, 12, "monthOfYear")
        return day.replace(month=value, day=1)
    if field == "doy":
        _bounds(value, 1, 366 if calendar.isleap(day.year) else 365, "dayOfYear")
        return dt.date(day.year, 1, 1) + dt.timedelta(days=value - 1)
    if field == "week":
        weekyear = day.isocalendar()[0]
        _bounds(value, 1, dt.date(weekyear, 12, 28).isocalendar()[1] if value > 52 else 52,
                "weekOfWeekyear")
        return dt.date.fromisocalendar(weekyear, value, 1)
    if field == "day":
        days = calendar.monthrange(day.year, day.month)[1]
        _bounds(value, 1, days if value > 28 else 28, "dayOfMonth")
        return day.replace(day=value)
    return day + dt.timedelta(days=value - day.isoweekday())  # dow: names only, always 1..7


def _set_time(field: str, value: int, ms: int) -> int:
    """Joda's ``set`` then ``roundFloor`` of a time field, on the milliseconds of the day."""
    limits = {"hour": (0, 23, "hourOfDay", _HOUR), "clockhour": (1, 12, "clockhourOfHalfday", 0),
              "minute": (0, 59, "minuteOfHour", 60_000), "second": (0, 59, "secondOfMinute", 1000)}
    if field == "halfday":
        return value * 12 * _HOUR
    if field == "millis":
        return ms - ms % 1000 + value
    low, high, name, unit = limits[field]
    _bounds(value, low, high, name)
    if field == "clockhour":
        return (ms // (12 * _HOUR) * 12 + value % 12) * _HOUR
    return ms - ms % (unit * (24 if field == "hour" else 60)) + value * unit


def _fields_in_order(parsed: Parsed) -> Parsed:
    fields = sorted(parsed, key=lambda f: (-_ORDER[f[0]][0], -_ORDER[f[0]][1]))
    # DateTimeParserBucket: a pattern starting at the month, week or day takes the year 2000
    if fields and 6 <= _ORDER[fields[0][0]][1] <= 8:
        return [("year", 2000), *fields]
    return fields


def _error(text: str, pos: int) -> TrinoFunctionError:
    # FormatUtils.createErrorMessage
    sample = text if len(text) <= pos + 35 else text[:pos + 32] + "..."
    where = ("" if pos <= 0 else ' is too short' if pos >= len(text)
             else f' is malformed at "{sample[pos:]}"')
    return TrinoFunctionError(f'INVALID_FUNCTION_ARGUMENT: Invalid format: "{sample}"{where}')


def date_parse(text: str, pattern: str) -> dt.datetime:
    """Trino's ``date_parse(string, format)``: a ``timestamp(3)``.

    Args:
        text: the text to read.
        pattern: MySQL-style pattern (``%Y-%m-%d %H:%i:%s``).

    Returns:
        The timestamp Trino returns (milliseconds; the date defaults to 1970-01-01).

    Raises:
        TrinoFunctionError: Trino's INVALID_FUNCTION_ARGUMENT text for text that does not match
            or a field out of range; NOT_SUPPORTED_LOCALLY for a year outside 1 to 9999.

    Example:
        >>> date_parse('31-MAY-69 04.59.59.999000 AM', '%d-%b-%y %l.%i.%s.%f %p')
        datetime.datetime(2069, 5, 31, 4, 59, 59, 999000)
    """
    fast = _fast_pattern(pattern)
    found = fast[0].fullmatch(text) if fast else None
    if fast and found:
        try:
            return _fast_value(fast[1], found)
        except ValueError:
            pass  # out of range: the field-by-field reading below names the field as Joda does
    parsed: Parsed = []
    pos = 0
    for step in compile_pattern(pattern):
        pos = step(text, pos, parsed)
        if pos < 0:
            raise _error(text, ~pos)
    if pos < len(text):
        raise _error(text, pos)
    day, ms = dt.date(1970, 1, 1), 0
    try:
        for field, value in _fields_in_order(parsed):
            if _ORDER[field][1] >= 6:
                day, ms = _set_date(field, value, day), 0
            else:
                ms = _set_time(field, value, ms)
    except OverflowError as err:  # past 9999-12-31
        raise TrinoFunctionError(_REFUSED) from err
    except ValueError as err:
        if isinstance(err, TrinoFunctionError):
            raise
        raise TrinoFunctionError(
            f'INVALID_FUNCTION_ARGUMENT: Cannot parse "{text}": {err}') from err
    return dt.datetime.combine(day, dt.time()) + dt.timedelta(milliseconds=ms)


# the fast reading: one regular expression when the pattern has a 4-digit year and each of
# month, day, hour, minute, second and fraction at most once in numbers (no names, %y, %h, %j,
# %v, %x); possessive quantifiers keep Joda's reading without backtracking
_FAST_FIELDS = {"Y": ("year", r"[-+]?+[0-9]{1,4}+"), "m": ("month", r"[0-9]{1,2}+"),
                "c": ("month", r"[0-9]{1,2}+"), "d": ("day", r"[0-9]{1,2}+"),
                "e": ("day", r"[0-9]{1,2}+"), "H": ("hour", r"[0-9]{1,2}+"),
                "k": ("hour", r"[0-9]{1,2}+"), "i": ("minute", r"[0-9]{1,2}+"),
                "S": ("second", r"[0-9]{1,2}+"), "s": ("second", r"[0-9]{1,2}+"),
                "f": ("millis", r"[0-9]{1,9}+")}


def _tokens(pattern: str) -> list[tuple[bool, str]]:
    """(is a specifier, character) for each element of a pattern; ``%%`` is a literal ``%``,
    a ``%`` ending the pattern is dropped (Trino's DateTimeFunctions), ``%T`` / ``%r`` expand."""
    out: list[tuple[bool, str]] = []
    i = 0
    while i < len(pattern):
        if pattern[i] != "%":
            out.append((False, pattern[i]))
        elif i + 1 < len(pattern):
            spec = pattern[i + 1]
            out.extend(_tokens(_EXPANSIONS[spec]) if spec in _EXPANSIONS
                       else [(spec != "%", spec)])
            i += 1
        i += 1
    return out


@functools.lru_cache(maxsize=64)
def _fast_pattern(pattern: str) -> tuple[re.Pattern[str], tuple[str, ...]] | None:
    parts: list[str] = []
    fields: list[str] = []
    for is_spec, char in _tokens(pattern):
        if not is_spec:
            parts.append("[" + "".join(re.escape(c) for c in sorted(
                {char, char.upper(), char.lower()})) + "]")
        elif char in _FAST_FIELDS:
            fields.append(_FAST_FIELDS[char][0])
            parts.append(f"({_FAST_FIELDS[char][1]})")
        else:
            return None
    if "year" not in fields or len(set(fields)) < len(fields):
        return None
    return re.compile("".join(parts)), tuple(fields)


def _fast_value(fields: tuple[str, ...], found: re.Match[str]) -> dt.datetime:
    got = dict(zip(fields, found.groups(), strict=True))
    millis = int(got["millis"][:3].ljust(3, "0")) if "millis" in got else 0
    year = int(got["year"])
    if not 1 <= year <= 9999:
        raise ValueError(year)
    return dt.datetime(year, int(got.get("month", 1)), int(got.get("day", 1)),
                       int(got.get("hour", 0)), int(got.get("minute", 0)),
                       int(got.get("second", 0)), millis * 1000)


FUNCTIONS: dict[str, tuple[Callable[..., Any], list[str], str]] = {
    "ak_date_parse": (date_parse, ["VARCHAR", "VARCHAR"], "TIMESTAMP"),
}
