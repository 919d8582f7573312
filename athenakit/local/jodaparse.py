"""Trino's ``parse_datetime``: text read with a Joda-Time ``DateTimeFormat`` pattern.

Trino parses with ``DateTimeFormat.forPattern(pattern)`` (UTC session: the value is a
``timestamp(3) with time zone`` in UTC). Joda reads differently from DuckDB's ``strptime``:
numbers take up to their field's digits (``yyyy`` takes a sign and up to 9 digits unless a number
follows), ``SSS`` reads up to 3 digits as a fraction (``5`` is 500 ms), literals and names match
in any case Joda lists (``JAN``, ``jan``, ``Jan``), ``h`` without ``a`` is a morning hour, and a
pattern starting at the month or day takes the year 2000. Each letter becomes the Joda parser
:mod:`athenakit.local.jodaparsers` / :mod:`athenakit.local.dateparse` transcribe, and the fields are
set in Joda's order. Letters whose reading depends on the day the query runs (``yy``: a pivot
of the current year) or on zones (``z``, ``Z``), and ``G``, ``C``, ``Y``, ``x``, ``w``, ``K``,
``k``, are refused by name.

https://trino.io/docs/current/functions/datetime.html#parse_datetime
https://www.joda.org/joda-time/apidocs/org/joda/time/format/DateTimeFormat.html
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable
from typing import Any

from sqlglot import exp

from athenakit.local import dateparse, isodates, jodaparsers
from athenakit.local.errors import UnsupportedLocally
from athenakit.local.runtime_errors import TrinoFunctionError

Token = tuple[str, str, int]  # (kind, letter or literal text, count)
_NUMERIC = set("cCxyYdhHmsSeDFWkK")  # DateTimeFormat.isNumericToken (and M, MM)
_DIGITS = {"M": ("month", 2), "d": ("day", 2), "D": ("doy", 3), "H": ("hour", 2),
           "h": ("clockhour", 2), "m": ("minute", 2), "s": ("second", 2), "e": ("dow", 1)}
_REFUSED = set("GCYxwKkzZ")  # Z: ZZZ and longer (zone ids); Z and ZZ are offsets
LETTERS = frozenset("GCYxweEyDMdaKhHkmsSzZ")  # DateTimeFormat.parsePatternTo's letters


def tokens(pattern: str) -> list[Token]:
    """``DateTimeFormat.parseToken``: runs of one letter, quoted text (``''`` is a quote),
    any other character alone."""
    out: list[Token] = []
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if "A" <= char <= "Z" or "a" <= char <= "z":
            j = i
            while j < len(pattern) and pattern[j] == char:
                j += 1
            out.append(("field", char, j - i))
            i = j
        elif char == "'":
            j, text = i + 1, ""
            while j < len(pattern):
                if pattern[j] == "'":
                    if pattern[j + 1:j + 2] == "'":
                        text, j = text + "'", j + 2
                        continue
                    break
                text, j = text + pattern[j], j + 1
            out.append(("literal", text if j > i + 1 else "'", 0))
            i = j + 1
        else:
            out.append(("literal", char, 0))
            i += 1
    return out


def _numeric(token: Token | None) -> bool:
    return token is not None and token[0] == "field" and (
        token[1] in _NUMERIC or token[1] == "M" and token[2] <= 2)


def _field(token: Token, following: Token | None) -> jodaparsers.Parser:
    _, letter, count = token
    if letter not in LETTERS:
        from athenakit.local.failures import athena_error

        raise athena_error("INVALID_FUNCTION_ARGUMENT", f"Illegal pattern component: {letter * count}")
    if letter == "Z" and count <= 2:  # TimeZoneOffset: Z, +05, +0500, +05:00, ...
        return jodaparsers.zone_offset
    if letter in _REFUSED or letter == "y" and count == 2:
        raise UnsupportedLocally(f"parse_datetime with the pattern letter {letter * count!r}")
    if letter == "y":
        return jodaparsers.number("year", count if _numeric(following) else max(count, 9),
                                signed=True)
    if letter == "S":
        return jodaparsers.fraction("millis", 1000, count)
    if letter == "M" and count >= 3 or letter in "Ea":
        names = {"M": dateparse._MONTHS, "E": dateparse._DAYS, "a": dateparse._HALFDAYS}
        field = {"M": "month", "E": "dow", "a": "halfday"}[letter]
        return _joda_step(dateparse._text(field, names[letter]))
    field, digits = _DIGITS[letter]
    return jodaparsers.number(field, max(digits, count))


def _joda_step(step: dateparse.Step) -> jodaparsers.Parser:
    """A ``dateparse`` step (which appends to a list of fields) as an ``isodates`` parser."""
    return lambda text, pos, bucket: step(text, pos, bucket)


@functools.lru_cache(maxsize=64)
def compile_pattern(pattern: str) -> jodaparsers.Parser:
    """The parser of a ``parse_datetime`` pattern.

    Args:
        pattern: Joda pattern such as ``yyyy-MM-dd HH:mm:ss.SSS``.

    Returns:
        One parser for the whole text.

    Raises:
        UnsupportedLocally: for the letters named in this module's description.
        AthenaFailure: INVALID_FUNCTION_ARGUMENT for a letter Joda does not know.
    """
    found = tokens(pattern)
    parts = [_field(t, found[i + 1] if i + 1 < len(found) else None) if t[0] == "field"
             else jodaparsers.literal(t[1]) for i, t in enumerate(found)]
    return jodaparsers.seq(*parts)


# patterns of numbers (a year of 3 or more y, each field once) and ASCII literals are read by one
# regular expression: possessive quantifiers read as NumberFormatter does (no backtracking);
# a sign, or a value out of range, takes the parsers' path (for Joda's message)
_FAST_FIELDS = {"y": "year", "M": "month", "d": "day", "H": "hour", "m": "minute",
                "s": "second", "S": "millis"}


@functools.lru_cache(maxsize=64)
def _fast_pattern(pattern: str) -> tuple[re.Pattern[str], tuple[str, ...]] | None:
    found = tokens(pattern)
    parts: list[str] = []
    fields: list[str] = []
    for i, (kind, letter, count) in enumerate(found):
        if kind == "literal":
            if not letter.isascii():
                return None
            parts.extend("[" + re.escape(c.lower() + c.upper()) + "]" for c in letter)
            continue
        if letter not in _FAST_FIELDS or letter == "M" and count > 2 or letter == "y" and count < 3:
            return None
        most = {"y": 9, "S": count}.get(letter, max(count, 2))
        if letter == "y" and _numeric(found[i + 1] if i + 1 < len(found) else None):
            most = count
        fields.append(_FAST_FIELDS[letter])
        parts.append(f"([0-9]{{1,{most}}}+)")
    if "year" not in fields or len(set(fields)) < len(fields):
        return None
    return re.compile("".join(parts)), tuple(fields)


def _fast(text: str, pattern: str) -> dt.datetime | None:
    fast = _fast_pattern(pattern)
    found = fast[0].fullmatch(text) if fast else None
    if fast is None or found is None:
        return None
    got = dict(zip(fast[1], found.groups(), strict=True))
    values = {k: int(v) for k, v in got.items() if k != "millis"}
    if not 1 <= values["year"] <= 9999 or values.get("hour", 0) > 23 or values.get(
            "minute", 0) > 59 or values.get("second", 0) > 59:
        return None
    try:
        return dt.datetime(values["year"], values.get("month", 1), values.get("day", 1),
                           values.get("hour", 0), values.get("minute", 0),
                           values.get("second", 0),
                           int(got.get("millis", "0")[:3].ljust(3, "0")) * 1000)
    except ValueError:
        return None


def _read(text: str, pattern: str) -> tuple[dt.datetime, int | None]:
    """(local date-time, parsed offset in ms or None) of ``text`` read with ``pattern``."""
    quick = _fast(text, pattern)
    if quick is not None:
        return quick, None
    bucket: jodaparsers.Bucket = []
    pos = compile_pattern(pattern)(text, 0, bucket)
    if pos < 0 or pos < len(text):
        raise dateparse._error(text, ~pos if pos < 0 else pos)
    offsets = [value for field, value in bucket if field == "offset"]
    day, ms = dt.date(1970, 1, 1), 0
    try:
        for field, value in dateparse._fields_in_order([f for f in bucket if f[0] != "offset"]):
            if field == "year" and not 1 <= value <= 9999:
                raise TrinoFunctionError(
                    "NOT_SUPPORTED_LOCALLY: parse_datetime of a year outside 1 to 9999")
            if field == "dow" and not 1 <= value <= 7:
                raise ValueError(f"Value {value} for dayOfWeek must be in the range [1,7]")
            if dateparse._ORDER[field][1] >= 6:
                day, ms = dateparse._set_date(field, value, day), 0
            else:
                ms = dateparse._set_time(field, value, ms)
    except TrinoFunctionError:
        raise
    except ValueError as err:
        raise TrinoFunctionError(
            f'INVALID_FUNCTION_ARGUMENT: Cannot parse "{text}": {err}') from err
    local = dt.datetime.combine(day, dt.time()) + dt.timedelta(milliseconds=ms)
    return local, offsets[-1] if offsets else None


def parse_datetime(text: str, pattern: str) -> dt.datetime:
    """Trino's ``parse_datetime(string, format)`` in the UTC session zone.

    Args:
        text: the text to read.
        pattern: a Joda pattern (checked by :func:`compile_pattern` before the query runs).

    Returns:
        The instant, as a naive UTC ``datetime`` with milliseconds (an offset read with ``Z``
        or ``ZZ`` is the value's zone: :func:`literal_zone`).

    Raises:
        TrinoFunctionError: Joda's INVALID_FUNCTION_ARGUMENT message; NOT_SUPPORTED_LOCALLY for a
            year outside 1 to 9999 or an offset that is not one of Trino's zones.

    Example:
        >>> parse_datetime('1960/01/22 03:04 +0500', 'yyyy/MM/dd HH:mm Z')
        datetime.datetime(1960, 1, 21, 22, 4)
    """
    local, offset = _read(text, pattern)
    isodates.zone_name(offset, "parse_datetime")
    return isodates.shifted(local, offset, "parse_datetime")


_NOT_UTC = "parse_datetime of a text that is not a literal, with an offset other than UTC"


def parse_datetime_utc(text: str, pattern: str) -> dt.datetime:
    """:func:`parse_datetime` of a text that is not a literal, with ``Z`` letters: the value's
    zone is UTC, the one the SQL can give it; a text with another offset is refused."""
    if _read(text, pattern)[1]:
        raise TrinoFunctionError(f"NOT_SUPPORTED_LOCALLY: {_NOT_UTC}")
    return parse_datetime(text, pattern)


def literal_zone(text: str, pattern: str) -> str:
    """The zone of ``parse_datetime('<text>', '<pattern>')``: UTC, or the offset the text
    has (UTC also for text that fails: the query then fails, with no zone to show)."""
    try:
        return isodates.zone_name(_read(text, pattern)[1], "parse_datetime")
    except TrinoFunctionError:
        return "UTC"


def sql_call(text: exp.Expression, pattern: str) -> exp.Expression:
    """``parse_datetime(text, '<pattern>')`` for DuckDB: read in Python, a UTC instant.

    Raises:
        UnsupportedLocally: for the letters this module does not transcribe.
        AthenaFailure: INVALID_FUNCTION_ARGUMENT for a letter Joda does not know.
    """
    compile_pattern(pattern)
    literal = isinstance(text, exp.Literal) and text.is_string
    offsets = any(kind == "field" and letter == "Z" for kind, letter, _ in tokens(pattern))
    name = "AK_PARSE_DATETIME" if literal or not offsets else "AK_PARSE_DATETIME_UTC"
    read = exp.Anonymous(this=name, expressions=[text, exp.Literal.string(pattern)])
    return exp.Anonymous(this="TIMEZONE", expressions=[exp.Literal.string("UTC"), read])


_FIXED = re.compile(r"[+-]\d\d:\d\d")


def _zone_text(zone: str, count: int) -> str | None:
    """What Joda prints for ``Z`` (``+0709``), ``ZZ`` (``+07:09``), ``ZZZ`` (the zone id) in
    ``zone``; None where it is not certain (a region zone, whose offset varies)."""
    if zone == "UTC":
        return ("+0000", "+00:00")[count - 1] if count <= 2 else "UTC"
    if not _FIXED.fullmatch(zone) or zone in ("+00:00", "-00:00"):
        return None
    return zone.replace(":", "") if count == 1 else zone


def zone_letters(pattern: str, zone: str) -> str:
    """A ``format_datetime`` pattern with its ``Z`` letters replaced by what Joda prints for a
    value in ``zone`` (``UTC`` or a fixed offset such as ``+07:09``); letters whose output is
    not certain stay (and are refused).

    Example:
        >>> zone_letters("HH:mm ZZ 'at' ZZZ", "+07:09")
        "HH:mm' +07:09 at +07:09'"
    """
    return _spelled_zones(pattern, lambda count: _zone_text(zone, count))


# a Z / ZZ letter held in a format_datetime pattern until its value's offset is known
OFFSET_MARKS = {1: "\ue000", 2: "\ue001"}


def offset_marks(pattern: str) -> str:
    """A ``format_datetime`` pattern with each ``Z`` / ``ZZ`` replaced by its
    :data:`OFFSET_MARKS` character (quoted), to be replaced in the text by each value's offset.

    Example:
        >>> offset_marks("HH:mm Z 'at' ZZ")
        "HH:mm' \\ue000 at \\ue001'"
    """
    return _spelled_zones(pattern, OFFSET_MARKS.get)


def _spelled_zones(pattern: str, spell: Callable[[int], str | None]) -> str:
    """``pattern`` with each ``Z`` run that ``spell`` spells (by its length) as quoted text."""
    parts: list[tuple[bool, str]] = []  # (is literal text, text)
    for kind, text, count in tokens(pattern):
        spelled = spell(count) if kind == "field" and text == "Z" else None
        literal = spelled if spelled is not None else text if kind == "literal" else None
        if literal is not None and parts and parts[-1][0]:
            parts[-1] = (True, parts[-1][1] + literal)  # one quoted run: '' would be a quote
        else:
            parts.append((literal is not None, literal if literal is not None else text * count))
    return "".join(_quoted(text) if literal else text for literal, text in parts)


def _quoted(text: str) -> str:
    if not any(c.isalpha() or c == "'" for c in text):
        return text
    return "'" + text.replace("'", "''") + "'"


FUNCTIONS: dict[str, tuple[Callable[..., Any], list[str], str]] = {
    "ak_parse_datetime": (parse_datetime, ["VARCHAR", "VARCHAR"], "TIMESTAMP"),
    "ak_parse_datetime_utc": (parse_datetime_utc, ["VARCHAR", "VARCHAR"], "TIMESTAMP"),
}
