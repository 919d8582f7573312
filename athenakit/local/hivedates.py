"""Dates and timestamps in text read as Trino's ``HiveFormatUtils`` reads them, in Python.

The same rules as the SQL of :mod:`athenakit.local.hivetext` (which reads delimited text in
DuckDB), for the JSON SerDes, whose values are decoded in Python: ``parseHiveDate`` (trimmed,
cut at the first space, ``Y-M-D`` of 1 to 9 digits each, resolved leniently: ``1986-01-33`` is
1986-02-02), ``parseHiveTimestamp`` (``Y-M-D H:M:S[.f]`` or ISO ``Y-M-DTH:M[:S[.f]]``, fields
added leniently, rounded half up to milliseconds) and the OpenX SerDe's timestamps (an offset
``Z`` / ``+HH:MM`` converted to UTC; a number of seconds, or of milliseconds from 13 digits on).
Years outside 1 to 9999 are refused.

https://docs.aws.amazon.com/athena/latest/ug/data-types.html
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_DOWN, Decimal

from athenakit.local.errors import UnsupportedLocally

_FIELD = r"([+-]?[0-9]{1,9})"
_UNSIGNED = r"([0-9]{1,9})"
_DATE = re.compile(rf"{_FIELD}-{_FIELD}-{_FIELD}", re.ASCII)
# HiveFormatUtils.DEFAULT_TIMESTAMP_PARSER and ISO_TIMESTAMP_PARSER (lenient)
_DEFAULT_TS = re.compile(rf"{_FIELD}-{_FIELD}-{_FIELD} {_FIELD}:{_FIELD}:{_FIELD}(\.[0-9]{{0,9}})?",
                         re.ASCII)
_ISO_TS = re.compile(rf"{_FIELD}-{_UNSIGNED}-{_UNSIGNED}[Tt]{_UNSIGNED}:{_UNSIGNED}"
                     rf"(?::{_UNSIGNED}(\.[0-9]{{0,9}})?)?", re.ASCII)
# OpenXJsonDeserializer.TimestampDecoder: ISO_LOCAL_DATE_TIME with an offset "+HHMM" or "+HH:MM"
_ZONED_TS = re.compile(rf"{_FIELD}-{_UNSIGNED}-{_UNSIGNED}[Tt]{_UNSIGNED}:{_UNSIGNED}"
                       rf"(?::{_UNSIGNED}(\.[0-9]{{0,9}})?)?([Zz]|[+-][0-9]{{2}}:?[0-9]{{2}})?",
                       re.ASCII)
_HAS_TZ_OFFSET = re.compile(r".+([+\-])\d{2}:?\d{2}", re.ASCII)
YEAR_REFUSAL = "a date or timestamp of a year outside 1 to 9999"
_JAVA_BLANKS = "".join(map(chr, range(33)))


def _refuse() -> UnsupportedLocally:
    return UnsupportedLocally(YEAR_REFUSAL)


def lenient_date(year: int, month: int, day: int) -> dt.date:
    """java.time's LENIENT resolution: ``LocalDate.of(y, 1, 1).plusMonths(m - 1).plusDays(d - 1)``.

    Raises:
        UnsupportedLocally: a year outside 1 to 9999.
    """
    months = year * 12 + month - 1
    start_year, start_month = divmod(months, 12)
    if not 1 <= start_year <= 9999:
        raise _refuse()
    try:
        return dt.date(start_year, start_month + 1, 1) + dt.timedelta(days=day - 1)
    except OverflowError:
        raise _refuse() from None


def date(text: str) -> dt.date | None:
    """``HiveFormatUtils.parseHiveDate``; None where it fails (a DateTimeParseException)."""
    cut = text.strip(_JAVA_BLANKS).split(" ", 1)[0]
    found = _DATE.fullmatch(cut)
    if found is None:
        return None
    return lenient_date(*(int(g) for g in found.groups()))


def epoch_day(days: int) -> dt.date:
    """The date ``days`` after 1970-01-01 (``toIntExact``: an int).

    Raises:
        UnsupportedLocally: a year outside 1 to 9999.
    """
    try:
        return dt.date(1970, 1, 1) + dt.timedelta(days=days)
    except OverflowError:
        raise _refuse() from None


def _stamp(groups: tuple[str | None, ...]) -> dt.datetime:
    y, mo, d, h, mi, s, fraction = groups[:7]
    nanos = int(((fraction or ".")[1:] or "0").ljust(9, "0"))
    millis = (nanos + 500_000) // 1_000_000  # rounded half up to timestamp(3)
    day = lenient_date(int(y or 0), int(mo or 0), int(d or 0))
    try:
        stamp = dt.datetime.combine(day, dt.time()) + dt.timedelta(
            hours=int(h or 0), minutes=int(mi or 0), seconds=int(s or 0), milliseconds=millis)
    except OverflowError:
        raise _refuse() from None
    if not 1 <= stamp.year <= 9999:
        raise _refuse()
    return stamp


def timestamp(text: str) -> dt.datetime | None:
    """``HiveFormatUtils.parseHiveTimestamp``; None where it fails."""
    trimmed = text.strip(_JAVA_BLANKS)
    found = _DEFAULT_TS.fullmatch(trimmed) or _ISO_TS.fullmatch(trimmed)
    return None if found is None else _stamp(found.groups())


def _zoned(text: str) -> dt.datetime | None:
    found = _ZONED_TS.fullmatch(text)
    if found is None:
        return None
    stamp = _stamp(found.groups())
    zone = found.group(8)
    if zone and zone not in "Zz":
        sign = -1 if zone[0] == "-" else 1
        digits = zone[1:].replace(":", "")
        offset = dt.timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
        stamp -= sign * offset
        if not 1 <= stamp.year <= 9999:
            raise _refuse()
    return stamp


def openx_timestamp(text: str) -> dt.datetime | None:
    """``OpenXJsonDeserializer.TimestampDecoder.parseTimestamp`` without ``timestamp.formats``:
    None where it fails (the OpenX SerDe reads NULL)."""
    if text.find(":") > 0:
        if text.endswith(("z", "Z")) or _HAS_TZ_OFFSET.fullmatch(text):
            zoned = _zoned(text)
            if zoned is not None:
                return zoned
        return timestamp(text)
    if not text or any(c not in "-+.0123456789" for c in text):
        return None
    try:
        if "." in text:  # decimal seconds, cut to milliseconds (longValueExact)
            millis = int((Decimal(text) * 1000).to_integral_value(rounding=ROUND_DOWN))
            number = millis
        else:  # Long.parseLong: milliseconds from 13 characters on, else seconds
            number = int(text)
            millis = number if len(text) >= 13 else number * 1000
    except (ArithmeticError, ValueError):
        return None
    if not -(2**63) <= number < 2**63:
        return None
    try:
        return dt.datetime(1970, 1, 1) + dt.timedelta(milliseconds=millis)
    except OverflowError:
        raise _refuse() from None
