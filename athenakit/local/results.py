"""Build a :class:`QueryResult` from a DuckDB cursor, typed as Athena types it.

DuckDB hands its result over as Arrow; each column is cast to the Arrow type of its Athena type
(:func:`athenakit.query.types.arrow_type` of :func:`athenakit.local.types.athena_type`), so a
local result has the same schema as the same query's result from Athena: ``count(*)`` (DuckDB
HUGEINT / BIGINT) is int64, ``TIMESTAMP`` (microseconds in DuckDB) is Athena's millisecond
timestamp, list elements are named ``item``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

from athenakit.local.errors import UnsupportedLocally
from athenakit.local.stream import ResultStream, reader_of
from athenakit.local.types import athena_type
from athenakit.local.zones import UNKNOWN
from athenakit.query.result import QueryResult, QueryStats, ResultColumn
from athenakit.query.types import AthenaType, arrow_type, column_zone, parse_type

# a geometry as an element, key, value or field type (a field *named* geometry is followed by
# its type): Trino shows it as WKT there too; the rows would carry DuckDB's WKB bytes
_GEOMETRIES = ("geometry", "array(geometry)")  # shown as WKT (ST_Points, ST_Geometries, ...)
_NESTED_GEOMETRY = re.compile(r"(?<![\w\"])geometry(?=[,)])")


def athena_typed(table: Any, columns: tuple[ResultColumn, ...]) -> Any:
    """``table`` with each column cast to the Arrow type of its Athena type."""
    import pyarrow as pa

    arrays, fields = [], []
    for i, col in enumerate(columns):
        data = table.column(i)
        target = arrow_type(parse_type(col.type))
        # (Arrow types compare equal whatever their list fields are named: names too)
        if target is not None and (data.type != target or str(data.type) != str(target)):
            try:
                data = _renamed(_rebuilt_maps(data), _names_of(data.type, target)).cast(
                    target, safe=False)
            except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
                pass  # no Arrow cast between the two: keep DuckDB's type
        if col.type == "interval day to second":
            data = _day_time(data)
        arrays.append(data)
        fields.append(pa.field(col.name, data.type))
    return pa.Table.from_arrays(arrays, schema=pa.schema(fields))


_DAY_NANOS = 86_400 * 10**9


def _rebuilt_maps(data: Any) -> Any:
    """``data``, where its type holds a map, copied into fresh buffers: DuckDB hands a map's
    keys over with a validity bitmap that Arrow's cast reads as NULL keys, and Arrow then
    aborts the process (``Map array keys array should have no nulls``: histogram of
    timestamps)."""
    import pyarrow as pa

    if "map<" not in str(data.type):
        return data
    return pa.chunked_array([pa.concat_arrays([chunk]) for chunk in data.chunks], data.type)


def _day_time(data: Any) -> Any:
    """Day-to-second intervals split as Athena's text reads back: whole days and the rest, both
    of the sign of the length (DuckDB keeps ``INTERVAL '36' HOUR`` as 0 days and 36 hours,
    Athena prints ``1 12:00:00.000``; ``INTERVAL '3' SECOND - INTERVAL '6' DAY`` is -6 days
    plus 3 seconds in DuckDB, ``-5 23:59:57.000`` in Athena)."""
    import pyarrow as pa

    values: list[tuple[int, int, int] | None] = []
    for value in data.to_pylist():
        if value is None or value.months:
            values.append(value)
            continue
        total = value.days * _DAY_NANOS + value.nanoseconds
        days = abs(total) // _DAY_NANOS * (1 if total >= 0 else -1)
        values.append((0, days, total - days * _DAY_NANOS))
    return pa.array(values, type=pa.month_day_nano_interval())


def _names_of(source: Any, target: Any) -> Any:
    """``source`` with the field names of ``target``'s rows, by position (Arrow casts rows by
    field name: DuckDB's ``_0`` / ``element1`` would find no ``field0``)."""
    import pyarrow as pa

    if pa.types.is_struct(source) and pa.types.is_struct(target) \
            and source.num_fields == target.num_fields:
        return pa.struct([pa.field(target.field(i).name,
                                   _names_of(source.field(i).type, target.field(i).type))
                          for i in range(source.num_fields)])
    if pa.types.is_list(source) and pa.types.is_list(target):
        return pa.list_(pa.field(source.value_field.name, _names_of(
            source.value_type, target.value_type)))
    if pa.types.is_map(source) and pa.types.is_map(target):
        return pa.map_(_names_of(source.key_type, target.key_type),
                       _names_of(source.item_type, target.item_type))
    return source


def _renamed(data: Any, kind: Any) -> Any:
    """``data`` seen as ``kind``, the same layout under other field names."""
    import pyarrow as pa

    if kind == data.type and str(kind) == str(data.type):
        return data
    return pa.chunked_array([chunk.view(kind) for chunk in data.chunks], kind)


# Types whose Python values from DuckDB are exactly those derived from the Arrow table.
_PLAIN = frozenset({"boolean", "tinyint", "smallint", "integer", "bigint", "real", "double",
                    "decimal", "varchar", "char", "varbinary", "date", "unknown"})
SMALL_RESULT = 10_000


def _char_or(kind: str, index: int, name: str,
             chars: Callable[[int, str, str], str | None] | None) -> str:
    # DuckDB knows no char(n), interval year to month nor timestamp(p) other than 3; its NULL
    # type of a concatenation with NULL is a varchar
    declared = kind in ("varchar", "unknown") or "interval" in kind or "time" in kind
    found = chars(index, name, kind) if chars is not None and declared else None
    return found or kind


def _plain(kind: AthenaType) -> bool:
    if kind.name == "row" and "" in kind.fields:
        return False  # DuckDB's Python value of an anonymous row is a tuple: Arrow's a dict
    if kind.name == "map" and kind.children and kind.children[0].is_complex:
        return False  # DuckDB's Python value of such a map is {'key': [...], 'value': [...]}
    if kind.is_complex:
        return all(_plain(c) for c in kind.children)
    return kind.name in _PLAIN


def from_cursor(cursor: Any, stats: QueryStats,
                zones: Callable[[int, str], str] | None = None,
                chars: Callable[[int, str, str], str | None] | None = None, *,
                reading: Callable[[], AbstractContextManager[None]] | None = None,
                ) -> tuple[QueryResult, ResultStream | None]:
    """The result of an executed DuckDB cursor, and what of it DuckDB still holds.

    A small result of plain types is taken as Python rows (pyarrow is then imported only if
    the caller asks for Arrow); any other is left in DuckDB, computed, and read as Arrow
    record batches when the caller reads it (:class:`~athenakit.local.stream.ResultStream`).
    A ``timestamp with time zone`` column comes back in its zone (``zones``), as Athena
    shows it.

    Args:
        cursor: a cursor after ``execute``.
        stats: the statistics to attach.
        zones: ``(index, name) -> zone`` of a column
            (:func:`athenakit.local.result_zones.zone_finder`).
        chars: ``(index, name, DuckDB's type) -> Trino's type`` of a ``varchar`` or
            ``interval`` column where DuckDB's differs (``char(n)``, ``interval year to
            month``: :func:`athenakit.local.literal_types.finder`).
        reading: for a relation that runs as it is read (``LocalEngine.run(stream=True)``):
            the context that turns the failures of reading it into the query's errors; every
            result is then read through a :class:`~athenakit.local.stream.ResultStream`.

    Returns:
        The result, with Athena type names for the columns, and the stream it reads from
        DuckDB (None when the rows are all taken already).

    Raises:
        UnsupportedLocally: a ``timestamp with time zone`` column whose zone is known only
            at run time.
    """
    description = cursor.description or []
    columns = tuple(ResultColumn(d[0], _char_or(athena_type(str(d[1])), i, d[0], chars))
                    for i, d in enumerate(description))
    if not columns:
        return empty(stats), None
    try:
        zoned = _zoned_columns(columns, zones)
    except UnsupportedLocally:
        if hasattr(cursor, "abort"):  # the unread result would block the next query
            cursor.abort()
        raise
    if any(_NESTED_GEOMETRY.search(c.type) for c in columns if c.type not in _GEOMETRIES):
        if hasattr(cursor, "abort"):
            cursor.abort()
        raise UnsupportedLocally("a geometry inside an array, map or row")
    if not zoned and any(c.type in _GEOMETRIES for c in columns):
        return _with_geometry(cursor, columns, stats), None
    head = None
    if reading is None and not zoned and all(_plain(parse_type(c.type)) for c in columns):
        rows = cursor.fetchmany(SMALL_RESULT)
        if len(rows) < SMALL_RESULT:
            return QueryResult(columns, _reals_as_printed(columns, rows), stats), None
        from athenakit.query.arrow import table_from_rows

        head = table_from_rows(columns, rows)

    def typed(table: Any) -> Any:
        table = athena_typed(table, columns)
        return _in_zones(table, zoned) if zoned else table

    def settle(table: Any) -> Any:  # the zone of a column with no value: column_zone's rule
        return _in_zones(table, zoned, values_only=True) if zoned else table

    stream = ResultStream(reader_of(cursor), typed, head, settle=settle, reading=reading)
    return QueryResult(columns, None, stats, source=stream), stream


def _reals_as_printed(columns: tuple[ResultColumn, ...],
                      rows: list[Any]) -> list[tuple[Any, ...]]:
    """Rows with each ``real`` value as Athena's text reads back: ``REAL '754.1985'`` is
    754.1985 (the shortest decimal that is that float32), not DuckDB's widened
    754.198486328125."""
    reals = [i for i, c in enumerate(columns) if c.type == "real"]
    if not reals:
        return [tuple(r) for r in rows]
    from athenakit.query.arrow import shortest_float32  # a SELECT 1 loads no Arrow helpers
    out = []
    for row in rows:
        values = list(row)
        for i in reals:
            values[i] = shortest_float32(values[i])
        out.append(tuple(values))
    return out


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


def _in_zones(table: Any, zoned: dict[int, str], *, values_only: bool = False) -> Any:
    """``table`` with each zoned column's instants shown in its zone; with ``values_only``,
    a column without a value (empty, or all NULL) is in UTC instead, as the Athena runner
    types it (:func:`athenakit.query.types.column_zone`: no value, no zone to read)."""
    import pyarrow as pa

    arrays = list(table.columns)
    for i, zone in zoned.items():
        unit = arrays[i].type.unit if pa.types.is_timestamp(arrays[i].type) else "ms"
        has_value = arrays[i].null_count < len(arrays[i]) or not values_only
        arrays[i] = arrays[i].cast(pa.timestamp(unit, tz=column_zone([zone] * has_value)))
    return pa.Table.from_arrays(arrays, names=table.column_names)


def _with_geometry(cursor: Any, columns: tuple[ResultColumn, ...],
                   stats: QueryStats) -> QueryResult:
    """Rows with each geometry (also in an ``array(geometry)``) shown as its WKT, as Trino
    shows one."""
    from athenakit.local.geocore import to_text

    def shown(value: Any, kind: str) -> Any:
        if kind == "geometry":
            return to_text(value)
        if kind == "array(geometry)" and value is not None:
            return [to_text(v) for v in value]
        return value

    kinds = [c.type for c in columns]
    rows = [tuple(shown(v, kinds[i]) for i, v in enumerate(row)) for row in cursor.fetchall()]
    return QueryResult(columns, rows, stats)


def empty(stats: QueryStats) -> QueryResult:
    """A result with no columns, for DDL and writes."""
    return QueryResult(columns=(), rows=[], stats=stats)
