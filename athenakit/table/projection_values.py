"""The values a projected partition column takes, enumerated only where a filter allows.

https://docs.aws.amazon.com/athena/latest/ug/partition-projection-supported-types.html

Each enum, integer and date projection is a :class:`ValueSequence`: ``length`` values, the
``k``-th computed directly (``start + k * interval``), never by walking the whole range. When
the values sort the way the column compares them (fixed-width dates written from the year down,
integers of one width or compared as numbers), a filter's bounds are found by binary search, so
a day out of thirty years of hours costs 24 values plus a few dozen probes.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from athenakit.errors import SpecError
from athenakit.table.predicates import ColumnFilter, Convert
from athenakit.table.projection import (
    DateProjection,
    EnumProjection,
    IntegerProjection,
    Projection,
    format_precision,
    java_pattern_tokens,
    java_to_strptime,
)

# https://docs.aws.amazon.com/athena/latest/ug/partition-projection-supported-types.html#partition-projection-date-type
_NOW = re.compile(r"^\s*NOW\s*(?:([+-])\s*(\d+)\s*([A-Za-z]+?)S?\s*)?$", re.IGNORECASE)
_STEP = {
    "SECONDS": dt.timedelta(seconds=1), "MINUTES": dt.timedelta(minutes=1),
    "HOURS": dt.timedelta(hours=1), "DAYS": dt.timedelta(days=1), "WEEKS": dt.timedelta(weeks=1),
    "MILLIS": dt.timedelta(milliseconds=1), "MILLISECONDS": dt.timedelta(milliseconds=1),
}
# pattern letters from the most to the least significant, each at its fixed width
_SORTED_FIELDS = (("y", 4), ("M", 2), ("d", 2), ("H", 2), ("m", 2), ("s", 2), ("S", 0))


@dataclass(frozen=True)
class ValueSequence:
    """The values of one projected column in projection order.

    Attributes:
        length: how many values.
        value: the ``k``-th value's text, ``0 <= k < length``.
        sorted_as: whether the values are in ascending order when compared with a converter
            (``str`` or numeric); then bounds can be found by binary search.
        location: the ``k``-th value as written in the location template, when it differs
            from the value (a ``date`` column's value is ``yyyy-MM-dd``, its folder uses the
            projection's format).
    """

    length: int
    value: Callable[[int], str]
    sorted_as: Callable[[Convert], bool]
    location: Callable[[int], str] | None = None

    def __iter__(self) -> Iterator[str]:
        return (self.value(k) for k in range(self.length))


def _never(_convert: Convert) -> bool:
    return False


def add_months(when: dt.datetime, months: int) -> dt.datetime:
    """``when`` moved by whole months, the day clamped to the month's end (Java's plusMonths)."""
    index = when.month - 1 + months
    year, month = when.year + index // 12, index % 12 + 1
    day = min(when.day, calendar.monthrange(year, month)[1])
    return when.replace(year=year, month=month, day=day)


def step_months(start: dt.datetime, months: int, times: int) -> dt.datetime:
    """``start`` plus ``months`` applied ``times`` times in turn: a day clamped at one month's
    end stays clamped (Jan 31, Feb 29, Mar 29, ...), as repeated ``plusMonths`` does."""
    day = start.day
    # month lengths repeat every 4 years, so 48 steps visit every length the walk can meet
    for j in range(1, min(times, 48) + 1):
        moved = add_months(start.replace(day=1), months * j)
        day = min(day, calendar.monthrange(moved.year, moved.month)[1])
    return add_months(start.replace(day=1), months * times).replace(day=day)


def shift(when: dt.datetime, amount: int, unit: str) -> dt.datetime:
    """``when`` plus ``amount`` units (YEARS, MONTHS, WEEKS, DAYS, HOURS, ..., MILLIS)."""
    unit = unit.upper().rstrip("S") + "S"
    if unit == "YEARS":
        return add_months(when, 12 * amount)
    if unit == "MONTHS":
        return add_months(when, amount)
    return when + _STEP[unit] * amount


def date_bound(text: str, pattern: str, now: dt.datetime) -> dt.datetime:
    """A range end: a date in the projection's format, or ``NOW[+-N UNIT]`` evaluated at ``now``."""
    match = _NOW.match(text)
    if match:
        sign, amount, unit = match.groups()
        if not sign:
            return now
        return shift(now, int(amount) * (-1 if sign == "-" else 1), unit)
    return dt.datetime.strptime(text.strip(), pattern)


def date_sequence(proj: DateProjection, now: dt.datetime | None = None,
                  column_type: str = "string") -> ValueSequence:
    """The values of a date projection, with ``NOW`` at ``now`` (default: the current UTC time).

    A ``date`` column's values are Hive dates (``yyyy-MM-dd``) whatever the format, which then
    only shapes the location (as Trino's DateProjection, Athena's open counterpart, does).

    Raises:
        SpecError: the format uses pattern letters athenakit cannot format, or a range end
            does not match the format.
    """
    pattern = java_to_strptime(proj.format)
    if pattern is None:
        raise SpecError(f"date projection format {proj.format!r} uses pattern letters "
                        "athenakit cannot enumerate")
    now = now or dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
    try:
        # each end is cut to the format's precision (NOW at 13:45 is 13:00 in an hourly format)
        start, end = (_truncate(date_bound(e, pattern, now), pattern) for e in proj.range)
    except ValueError as err:
        raise SpecError(f"date projection range {','.join(proj.range)}: {err}") from err
    unit = (proj.interval_unit or format_precision(proj.format) or "DAYS").upper()
    step = int(proj.interval or 1)

    def at(k: int) -> dt.datetime:
        # the values are start, start + interval, ... added in turn (Trino's DateProjection,
        # the open implementation of Athena's projection, walks with plus(interval, unit))
        if unit.startswith(("MONTH", "YEAR")):
            return step_months(start, step * (12 if unit.startswith("YEAR") else 1), k)
        return shift(start, step * k, unit)

    length = _date_length(start, end, step, unit, at)
    fixed = _sorts_as_text(proj.format) and start.year >= 1000 and at(
        max(length - 1, 0)).year <= 9999

    def value(k: int) -> str:
        return at(k).strftime(pattern)

    if column_type.lower() == "date":
        return ValueSequence(length, lambda k: at(k).strftime("%Y-%m-%d"),
                             lambda convert: convert is str, value)

    def sorted_as(convert: Convert) -> bool:
        return fixed and (convert is str or length == 0 or convert(value(0)) is not None)

    return ValueSequence(length, value, sorted_as)


def _truncate(when: dt.datetime, pattern: str) -> dt.datetime:
    return dt.datetime.strptime(when.replace(microsecond=0).strftime(pattern), pattern)


def _date_length(start: dt.datetime, end: dt.datetime, step: int, unit: str,
                 at: Callable[[int], dt.datetime]) -> int:
    if end < start:
        return 0
    if unit.rstrip("S") + "S" in _STEP:
        return (end - start) // (_STEP[unit.rstrip("S") + "S"] * step) + 1
    months = step * (12 if unit.startswith("YEAR") else 1)
    k = ((end.year - start.year) * 12 + end.month - start.month) // months
    while k > 0 and at(k) > end:
        k -= 1
    while at(k + 1) <= end:
        k += 1
    return k + 1


def _sorts_as_text(java_format: str) -> bool:
    """True when text order is time order: fixed-width fields from the year down, none skipped."""
    fields = [text for kind, text in java_pattern_tokens(java_format) if kind == "field"]
    if not fields or len(fields) > len(_SORTED_FIELDS):
        return False
    for text, (letter, width) in zip(fields, _SORTED_FIELDS):
        if text[0] != letter and not (letter == "y" and text[0] == "u"):
            return False
        if width and len(text) != width:
            return False
    return True


def integer_sequence(proj: IntegerProjection) -> ValueSequence:
    """The values of an integer projection, zero-padded to ``digits``."""
    low, high = (int(v) for v in proj.range)
    interval = int(proj.interval or 1)
    width = int(proj.digits) if proj.digits else 0

    def value(k: int) -> str:
        number = low + k * interval
        return f"{number:0{width}d}" if width else str(number)

    length = max(0, (high - low) // interval + 1)
    same_width = low >= 0 and length > 0 and len(value(0)) == len(value(length - 1))
    return ValueSequence(length, value, lambda convert: convert is not str or same_width)


def sequence(proj: Projection, now: dt.datetime | None = None,
             column_type: str = "string") -> ValueSequence | None:
    """The value sequence of an enum, integer or date projection; None for injected."""
    if isinstance(proj, EnumProjection):
        values = proj.values
        return ValueSequence(len(values), values.__getitem__, _never)
    if isinstance(proj, IntegerProjection):
        return integer_sequence(proj)
    if isinstance(proj, DateProjection):
        return date_sequence(proj, now, column_type)
    return None


def _first(seq: ValueSequence, convert: Convert, test: Callable[[Any], bool]) -> int:
    """The first index whose value passes ``test`` (false for a prefix, then true)."""
    lo, hi = 0, seq.length
    while lo < hi:
        mid = (lo + hi) // 2
        if test(convert(seq.value(mid))):
            hi = mid
        else:
            lo = mid + 1
    return lo


def _span(seq: ValueSequence, flt: ColumnFilter) -> range:
    """The indexes between the filter's bounds (values must be sorted)."""
    start, stop = 0, seq.length
    if flt.low is not None:
        low, inclusive = flt.low
        start = _first(seq, flt.convert, (lambda v: v >= low) if inclusive else (lambda v: v > low))
    if flt.high is not None:
        high, inclusive = flt.high
        stop = _first(seq, flt.convert,
                      (lambda v: v > high) if inclusive else (lambda v: v >= high))
    return range(start, max(start, stop))


def _at_least(bound: Any) -> Callable[[Any], bool]:
    return lambda value: bool(value >= bound)


def _pinned_indexes(seq: ValueSequence, flt: ColumnFilter, span: range) -> list[int]:
    found: set[int] = set()
    for text in flt.pinned or ():
        wanted = flt.convert(text)
        k = _first(seq, flt.convert, _at_least(wanted))
        while k < span.stop and flt.convert(seq.value(k)) == wanted:
            found.add(k)
            k += 1
    return sorted(k for k in found if k in span)


def select(seq: ValueSequence, flt: ColumnFilter | None) -> list[str]:
    """The values of ``seq`` that ``flt`` keeps, enumerating only between its bounds.

    Example:
        >>> from athenakit.table.predicates import ColumnFilter
        >>> from sqlglot import exp
        >>> seq = integer_sequence(IntegerProjection(("1", "1000000")))
        >>> flt = ColumnFilter(int)
        >>> flt.add(exp.GT, "999997")
        >>> select(seq, flt)
        ['999998', '999999', '1000000']
    """
    return [seq.value(k) for k in select_indexes(seq, flt)]


def select_indexes(seq: ValueSequence, flt: ColumnFilter | None) -> list[int]:
    """The indexes of the values :func:`select` keeps."""
    if flt is None:
        return list(range(seq.length))
    if not seq.sorted_as(flt.convert):
        return [k for k in range(seq.length) if flt.keep(seq.value(k))]
    span = _span(seq, flt)
    indexes = _pinned_indexes(seq, flt, span) if flt.pinned is not None else span
    return [k for k in indexes if flt.keep(seq.value(k))]


def count(seq: ValueSequence, flt: ColumnFilter | None) -> int:
    """How many values :func:`select` keeps, computed without listing them when the filter is a
    plain range on sorted values."""
    if flt is None:
        return seq.length
    if seq.sorted_as(flt.convert) and flt.exact_range:
        return len(_span(seq, flt))
    return len(select(seq, flt))
