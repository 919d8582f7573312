"""Build a :class:`QueryResult` from a DuckDB cursor, as an Arrow table typed as Athena types it.

DuckDB hands its result over as Arrow; each column is cast to the Arrow type of its Athena type
(:func:`athenakit.query.types.arrow_type` of :func:`athenakit.local.types.athena_type`), so a
local result has the same schema as the same query's result from Athena: ``count(*)`` (DuckDB
HUGEINT / BIGINT) is int64, ``TIMESTAMP`` (microseconds in DuckDB) is Athena's millisecond
timestamp, list elements are named ``item``.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Any

from athenakit.local.types import athena_type
from athenakit.local.zones import UNKNOWN
from athenakit.query.result import QueryResult, QueryStats, ResultColumn
from athenakit.query.types import AthenaType, arrow_type, parse_type


def arrow_of(cursor: Any) -> Any:
    """The whole result of an executed DuckDB cursor as an Arrow table."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # DuckDB notes that a DB-API cursor copies the rows
        fetch = getattr(cursor, "to_arrow_table", None) or cursor.fetch_arrow_table
        return fetch()


def athena_typed(table: Any, columns: tuple[ResultColumn, ...]) -> Any:
    """``table`` with each column cast to the Arrow type of its Athena type."""
    import pyarrow as pa

    arrays, fields = [], []
    for i, col in enumerate(columns):
        data = table.column(i)
        target = arrow_type(parse_type(col.type))
        if target is not None and data.type != target:
            try:
                data = data.cast(target, safe=False)
            except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
                pass  # no Arrow cast between the two: keep DuckDB's type
        arrays.append(data)
        fields.append(pa.field(col.name, data.type))
    return pa.Table.from_arrays(arrays, schema=pa.schema(fields))


# Types whose Python values from DuckDB are exactly those derived from the Arrow table.
_PLAIN = frozenset({"boolean", "tinyint", "smallint", "integer", "bigint", "real", "double",
                    "decimal", "varchar", "char", "varbinary", "date", "unknown"})
SMALL_RESULT = 10_000


def _plain(kind: AthenaType) -> bool:
    if kind.is_complex:
        return all(_plain(c) for c in kind.children)
    return kind.name in _PLAIN


def from_cursor(cursor: Any, stats: QueryStats,
                zones: Callable[[int, str], str] | None = None) -> QueryResult:
    """Read every row of an executed DuckDB cursor.

    A small result of plain types is taken as Python rows (pyarrow is then imported only if
    the caller asks for Arrow); anything else comes over as Arrow. A ``timestamp with time
    zone`` column comes back in its zone (``zones``), as Athena shows it.

    Args:
        cursor: a cursor after ``execute``.
        stats: the statistics to attach.
        zones: ``(index, name) -> zone`` of a column
            (:func:`athenakit.local.result_zones.zone_finder`).

    Returns:
        The result, with Athena type names for the columns.

    Raises:
        UnsupportedLocally: a ``timestamp with time zone`` column whose zone is known only
            at run time.
    """
    description = cursor.description or []
    columns = tuple(ResultColumn(d[0], athena_type(str(d[1]))) for d in description)
    if not columns:
        return empty(stats)
    zoned = _zoned_columns(columns, zones)
    if zoned:
        table = athena_typed(arrow_of(cursor), columns)
        return QueryResult.from_arrow(columns, _in_zones(table, zoned), stats)
    if any(c.type == "geometry" for c in columns):
        return _with_geometry(cursor, columns, stats)
    if all(_plain(parse_type(c.type)) for c in columns):
        rows = cursor.fetchmany(SMALL_RESULT)
        if len(rows) < SMALL_RESULT:
            return QueryResult(columns, _reals_as_printed(columns, rows), stats)
        from athenakit.query.arrow import table_from_rows

        first = table_from_rows(columns, rows)
        return QueryResult.from_arrow(columns, _concat(first, athena_typed(
            arrow_of(cursor), columns)), stats)
    return QueryResult.from_arrow(columns, athena_typed(arrow_of(cursor), columns), stats)


def _reals_as_printed(columns: tuple[ResultColumn, ...],
                      rows: list[Any]) -> list[tuple[Any, ...]]:
    """Rows with each ``real`` value as Athena's text reads back: ``REAL '754.1985'`` is
    754.1985 (the shortest decimal that is that float32), not DuckDB's widened
    754.198486328125."""
    reals = [i for i, c in enumerate(columns) if c.type == "real"]
    if not reals:
        return [tuple(r) for r in rows]
    out = []
    for row in rows:
        values = list(row)
        for i in reals:
            values[i] = shortest_float32(values[i])
        out.append(tuple(values))
    return out


def shortest_float32(value: Any) -> Any:
    """The shortest decimal that reads back as the same 32-bit float (``value`` unchanged
    when it is not a finite float)."""
    import math
    import struct

    if not isinstance(value, float) or not math.isfinite(value):
        return value
    bits = struct.pack("<f", value)
    for digits in range(1, 10):
        text = f"{value:.{digits}g}"
        try:
            if struct.pack("<f", float(text)) == bits:
                return float(text)
        except OverflowError:  # rounded past the largest float32
            continue
    return value


def _zoned_columns(columns: tuple[ResultColumn, ...],
                   zones: Callable[[int, str], str] | None) -> dict[int, str]:
    """Column index -> zone of each ``timestamp with time zone`` column."""
    from athenakit.local.errors import UnsupportedLocally

    zoned = {}
    for i, col in enumerate(columns):
        if "with time zone" not in col.type:
            continue
        zone = zones(i, col.name) if zones is not None else UNKNOWN
        if zone == UNKNOWN or not col.type.startswith("timestamp"):
            raise UnsupportedLocally(
                "a timestamp with time zone result whose zone is known only at run time",
                hint=f"column {col.name}; format it with date_format or cast it to varchar")
        zoned[i] = zone
    return zoned


def _in_zones(table: Any, zoned: dict[int, str]) -> Any:
    """``table`` with each zoned column's instants shown in its zone."""
    import pyarrow as pa

    arrays = list(table.columns)
    for i, zone in zoned.items():
        unit = arrays[i].type.unit if pa.types.is_timestamp(arrays[i].type) else "ms"
        arrays[i] = arrays[i].cast(pa.timestamp(unit, tz=zone))
    return pa.Table.from_arrays(arrays, names=table.column_names)


def _with_geometry(cursor: Any, columns: tuple[ResultColumn, ...],
                   stats: QueryStats) -> QueryResult:
    """Rows with each geometry shown as its WKT, as Trino shows one."""
    from athenakit.local.geo import to_text

    spatial = {i for i, c in enumerate(columns) if c.type == "geometry"}
    rows = [tuple(to_text(v) if i in spatial else v for i, v in enumerate(row))
            for row in cursor.fetchall()]
    return QueryResult(columns, rows, stats)


def _concat(first: Any, rest: Any) -> Any:
    import pyarrow as pa

    return pa.concat_tables([first, rest.cast(first.schema)])


def empty(stats: QueryStats) -> QueryResult:
    """A result with no columns, for DDL and writes."""
    return QueryResult(columns=(), rows=[], stats=stats)
