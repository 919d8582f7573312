"""Which partitions a query reads: Hive ``k=v`` paths and partition projection.

Projection values come from :mod:`athenakit.table.projection_values` (enum, integer, date ranges
with ``NOW``; injected values taken from the query's equality filter), kept by the query's
partition predicates -- enumerating only between a range's bounds -- and turned into prefixes
through ``storage.location.template`` (or ``LOCATION/col=value/``) by
:mod:`athenakit.table.locations`.

https://docs.aws.amazon.com/athena/latest/ug/partition-projection-supported-types.html
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Iterator, Mapping, Sequence
from urllib.parse import unquote

from athenakit.errors import QueryError, SpecError
from athenakit.table.locations import escape_path_name, hive_path, render_location
from athenakit.table.model import Table
from athenakit.table.predicates import ColumnFilter
from athenakit.table.projection import DateProjection, InjectedProjection, Projection
from athenakit.table.projection_values import (
    date_sequence,
    integer_sequence,
    select,
    sequence,
)

__all__ = ["MAX_PARTITIONS", "Predicate", "date_values", "escape_path_name", "hive_path",
           "hive_values", "integer_values", "projected_partitions", "projected_values",
           "render_location"]

Predicate = Callable[[str], bool]
# https://docs.aws.amazon.com/athena/latest/ug/partition-projection.html : at most 1 million
MAX_PARTITIONS = 1_000_000


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


def date_values(proj: DateProjection, now: dt.datetime | None = None) -> Iterator[str]:
    """Every value of a date projection, formatted with its ``format``.

    Raises:
        QueryError: the format uses pattern letters the local engine cannot format.
    """
    try:
        return iter(date_sequence(proj, now))
    except SpecError as err:
        raise QueryError(f"not supported locally: date projection format {proj.format!r}",
                         reason=str(err)) from err


def integer_values(proj: Projection) -> Iterator[str]:
    """Every value of an integer projection, zero-padded to ``digits``."""
    from athenakit.table.projection import IntegerProjection

    assert isinstance(proj, IntegerProjection)
    return iter(integer_sequence(proj))


def projected_values(
    column: str, proj: Projection, injected: Mapping[str, Sequence[str]],
    now: dt.datetime | None = None, keep: Predicate | None = None,
) -> Iterator[str]:
    """The values one projected column can take (those ``keep`` passes, when given).

    Raises:
        QueryError: an injected column the query does not pin with ``=`` or ``IN``.
    """
    if isinstance(proj, InjectedProjection):
        # https://docs.aws.amazon.com/athena/latest/ug/partition-projection-supported-types.html#partition-projection-injected-type
        if column not in injected:
            raise QueryError(
                "CONSTRAINT_VIOLATION", state="FAILED",
                reason=f"for the injected projected partition column {column}, the WHERE "
                "clause must contain only static equality conditions",
            )
        return (v for v in injected[column] if keep is None or keep(v))
    try:
        seq = sequence(proj, now)
    except SpecError as err:
        raise QueryError(f"not supported locally: projection of {column}",
                         reason=str(err)) from err
    if seq is None:
        raise QueryError(f"not supported locally: projection type {proj.type!r}")
    if isinstance(keep, ColumnFilter):
        return iter(select(seq, keep))
    return (v for v in seq if keep is None or keep(v))


def projected_partitions(
    table: Table, predicates: Mapping[str, Predicate],
    injected: Mapping[str, Sequence[str]], now: dt.datetime | None = None,
) -> list[dict[str, str]]:
    """Partitions of a projected table that the query's predicates keep.

    Args:
        table: a table with projection enabled.
        predicates: partition column (lower case) -> test on the value text (a
            :class:`~athenakit.table.predicates.ColumnFilter` also bounds the enumeration).
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
        per_column.append(list(projected_values(name, part.projection, injected, now,
                                                predicates.get(name))))
    total = 1
    for values in per_column:
        total *= len(values)
    if total > MAX_PARTITIONS:
        raise QueryError("HIVE_EXCEEDED_PARTITION_LIMIT", state="FAILED",
                         reason=f"the query selects {total} projected partitions (limit 1000000)")
    names = [p.name.lower() for p in table.partitions]
    return [dict(zip(names, combo)) for combo in itertools.product(*per_column)]
