"""Which partitions a query reads: Hive ``k=v`` paths and partition projection.

Projection values are enumerated from the typed projection objects of
:mod:`athenakit.table.projection` (enum, integer, date ranges with ``NOW``, injected values taken from
the query's equality filter), filtered by the query's partition predicates, and turned into
prefixes through ``storage.location.template`` (or ``LOCATION/col=value/``).

https://docs.aws.amazon.com/athena/latest/ug/partition-projection-supported-types.html
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from urllib.parse import unquote

from athenakit.errors import QueryError
from athenakit.table.model import Table
from athenakit.table.projection import (
    DateProjection,
    EnumProjection,
    InjectedProjection,
    IntegerProjection,
    Projection,
    format_precision,
    java_to_strptime,
)

Predicate = Callable[[str], bool]
# https://docs.aws.amazon.com/athena/latest/ug/partition-projection.html : at most 1 million
_MAX_PARTITIONS = 1_000_000
_NOW = re.compile(r"^\s*NOW\s*(?:([+-])\s*(\d+)\s*([A-Za-z]+?)S?\s*)?$", re.IGNORECASE)
_STEP = {
    "SECONDS": dt.timedelta(seconds=1), "MINUTES": dt.timedelta(minutes=1),
    "HOURS": dt.timedelta(hours=1), "DAYS": dt.timedelta(days=1), "WEEKS": dt.timedelta(weeks=1),
    "MILLIS": dt.timedelta(milliseconds=1), "MILLISECONDS": dt.timedelta(milliseconds=1),
}


def hive_values(relative: str) -> dict[str, str]:
    """Partition values from the ``k=v`` folders of a path relative to the table location.

    Example:
        >>> hive_values("year=2024/month=01/part-0.parquet")
        {'year': '2024', 'month': '01'}
    """
    out: dict[str, str] = {}
    for segment in relative.split("/")[:-1]:
        if "=" in segment:
            key, _, value = segment.partition("=")
            out[key.lower()] = unquote(value) if "%" in value else value
    return out


def _add_months(when: dt.datetime, months: int) -> dt.datetime:
    index = when.month - 1 + months
    year, month = when.year + index // 12, index % 12 + 1
    import calendar

    day = min(when.day, calendar.monthrange(year, month)[1])
    return when.replace(year=year, month=month, day=day)


def _shift(when: dt.datetime, amount: int, unit: str) -> dt.datetime:
    unit = unit.upper().rstrip("S") + "S"
    if unit == "YEARS":
        return _add_months(when, 12 * amount)
    if unit == "MONTHS":
        return _add_months(when, amount)
    return when + _STEP[unit] * amount


def _date_bound(text: str, pattern: str, now: dt.datetime) -> dt.datetime:
    match = _NOW.match(text)
    if match:
        sign, amount, unit = match.groups()
        if not sign:
            return now
        return _shift(now, int(amount) * (-1 if sign == "-" else 1), unit)
    return dt.datetime.strptime(text.strip(), pattern)


def date_values(proj: DateProjection, now: dt.datetime | None = None) -> Iterator[str]:
    """Every value of a date projection, formatted with its ``format``.

    Raises:
        QueryError: the format uses pattern letters the local engine cannot format.
    """
    pattern = java_to_strptime(proj.format)
    if pattern is None:
        raise QueryError(f"date projection format {proj.format!r} is not supported locally")
    now = now or dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
    start = _date_bound(proj.range[0], pattern, now)
    end = _date_bound(proj.range[1], pattern, now)
    unit = proj.interval_unit or format_precision(proj.format) or "DAYS"
    step = int(proj.interval or 1)
    current, count = start, 0
    while current <= end:
        yield current.strftime(pattern)
        count += 1
        current = _shift(start, step * count, unit)


def integer_values(proj: IntegerProjection) -> Iterator[str]:
    """Every value of an integer projection, zero-padded to ``digits``."""
    low, high = (int(v) for v in proj.range)
    width = int(proj.digits) if proj.digits else 0
    for value in range(low, high + 1, int(proj.interval or 1)):
        yield f"{value:0{width}d}" if width else str(value)


def projected_values(
    column: str, proj: Projection, injected: Mapping[str, Sequence[str]],
    now: dt.datetime | None = None,
) -> Iterator[str]:
    """The values one projected column can take.

    Raises:
        QueryError: an injected column the query does not pin with ``=`` or ``IN``.
    """
    if isinstance(proj, EnumProjection):
        return iter(proj.values)
    if isinstance(proj, IntegerProjection):
        return integer_values(proj)
    if isinstance(proj, DateProjection):
        return date_values(proj, now)
    if isinstance(proj, InjectedProjection):
        # https://docs.aws.amazon.com/athena/latest/ug/partition-projection-supported-types.html#partition-projection-injected-type
        if column not in injected:
            raise QueryError(
                "CONSTRAINT_VIOLATION", state="FAILED",
                reason=f"for the injected projected partition column {column}, the WHERE "
                "clause must contain only static equality conditions",
            )
        return iter(injected[column])
    raise QueryError(f"projection type {proj.type!r} is not supported locally")


def _always(_value: str) -> bool:
    return True


# Hive's FileUtils.escapePathName: these characters are written as %XX in partition folders
_ESCAPED = frozenset([*map(chr, range(0x01, 0x20)), '"', "#", "%", "'", "*", "/", ":", "=", "?",
                      "\\", "\x7f", "{", "[", "]", "^"])


def escape_path_name(value: str) -> str:
    """A partition value as Hive writes it in a ``k=v`` folder name.

    Example:
        >>> escape_path_name("a/b=c")
        'a%2Fb%3Dc'
    """
    if value in (".", ".."):  # never a segment that names a folder itself or its parent
        return "%2E" * len(value)
    return "".join(f"%{ord(c):02X}" if c in _ESCAPED else c for c in value)


def hive_path(values: Mapping[str, str]) -> str:
    """``k=v/...`` folders for partition values, escaped as Hive does."""
    return "".join(f"{escape_path_name(k)}={escape_path_name(v)}/" for k, v in values.items())


def render_location(table: Table, values: Mapping[str, str]) -> str:
    """The prefix of one projected partition: the template filled in, or ``LOCATION/k=v/``."""
    template = table.projection.location_template if table.projection else None
    if template:
        return re.sub(r"\$\{([^}]+)\}", lambda m: values.get(m.group(1).lower(), m.group(0)),
                      template)
    base = (table.location or "").rstrip("/")
    return base + "/" + hive_path(values)


def projected_partitions(
    table: Table, predicates: Mapping[str, Predicate],
    injected: Mapping[str, Sequence[str]], now: dt.datetime | None = None,
) -> list[dict[str, str]]:
    """Partitions of a projected table that the query's predicates keep.

    Args:
        table: a table with projection enabled.
        predicates: partition column (lower case) -> test on the value text.
        injected: values for injected columns from the query's equality filters.
        now: the time ``NOW`` stands for (tests pin it).

    Returns:
        One mapping column -> value per selected partition, in enumeration order.

    Raises:
        QueryError: more than a million partitions, or an unpinned injected column.
    """
    per_column: list[list[str]] = []
    for part in table.partitions:
        name = part.name.lower()
        if part.projection is None:
            raise QueryError("HIVE_METASTORE_ERROR", state="FAILED",
                             reason=f"partition column {name} has no projection configured")
        keep = predicates.get(name, _always)
        per_column.append([v for v in projected_values(name, part.projection, injected, now)
                           if keep(v)])
    total = 1
    for values in per_column:
        total *= len(values)
    if total > _MAX_PARTITIONS:
        raise QueryError("HIVE_EXCEEDED_PARTITION_LIMIT", state="FAILED",
                         reason=f"the query selects {total} projected partitions (limit 1000000)")
    names = [p.name.lower() for p in table.partitions]
    return [dict(zip(names, combo)) for combo in itertools.product(*per_column)]
