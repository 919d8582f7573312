"""Arrow tables as the other forms of a result: Python rows, pandas, polars; and back.

Every engine hands over its result as an Arrow table typed by
:func:`athenakit.query.types.arrow_type`; the other forms are derived from it here, so a
``decimal(12,2)`` is ``Decimal`` in rows, ``decimal128(12, 2)`` in Arrow and pandas
(``pd.ArrowDtype``), and polars ``Decimal(12, 2)``. pyarrow, pandas and polars are imported
inside the functions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from athenakit.query.types import AthenaType, arrow_type, parse_type


def schema_of(columns: Sequence[Any]) -> Any:
    """The Arrow schema of result columns (``.name`` / ``.type``); open complex types, whose
    elements Athena does not name, are ``null`` placeholders until values are seen."""
    import pyarrow as pa

    return pa.schema([pa.field(c.name, arrow_type(parse_type(c.type)) or pa.null())
                      for c in columns])


def python_column(array: Any) -> list[Any]:
    """Python values of one Arrow column: maps as dicts (Arrow gives key/value pairs).

    Dates, timestamps, numbers and strings go through NumPy, whose conversions to Python
    objects are many times faster than ``to_pylist`` (dates and timestamps above all).
    """
    import pyarrow as pa

    kind = array.type
    if _has_map(kind):
        return [_maps_as_dicts(v, kind) for v in array.to_pylist()]
    if pa.types.is_date32(kind) or (pa.types.is_timestamp(kind) and kind.unit != "ns"):
        values: list[Any] = array.to_numpy(zero_copy_only=False).astype(object).tolist()
        if pa.types.is_timestamp(kind) and kind.tz is not None:
            zone = _zone(kind.tz)
            values = [None if v is None else v.replace(tzinfo=dt.timezone.utc).astimezone(zone)
                      for v in values]
        return values
    numeric = pa.types.is_integer(kind) or pa.types.is_floating(kind) or pa.types.is_boolean(kind)
    if numeric and array.null_count == 0:
        return list(array.to_numpy().tolist())
    if pa.types.is_string(kind) or pa.types.is_large_string(kind):
        return list(array.to_numpy(zero_copy_only=False).tolist())
    return list(array.to_pylist())


def _zone(name: str) -> dt.tzinfo:
    if name.upper() in ("UTC", "ETC/UTC", "Z", "+00:00"):
        return dt.timezone.utc
    if name[:1] in "+-":  # a fixed offset, as Arrow spells it: +07:09
        hours, _, minutes = name[1:].partition(":")
        offset = dt.timedelta(hours=int(hours), minutes=int(minutes or 0))
        return dt.timezone(offset if name[0] == "+" else -offset)
    from zoneinfo import ZoneInfo

    return ZoneInfo(name)


def _has_map(kind: Any) -> bool:
    import pyarrow as pa

    if pa.types.is_map(kind):
        return True
    if pa.types.is_list(kind) or pa.types.is_large_list(kind):
        return _has_map(kind.value_type)
    if pa.types.is_struct(kind):
        return any(_has_map(kind.field(i).type) for i in range(kind.num_fields))
    return False


def _maps_as_dicts(value: Any, kind: Any) -> Any:
    import pyarrow as pa

    if value is None:
        return None
    if pa.types.is_map(kind):
        return {_hashable(_maps_as_dicts(k, kind.key_type)): _maps_as_dicts(v, kind.item_type)
                for k, v in value}
    if pa.types.is_list(kind) or pa.types.is_large_list(kind):
        return [_maps_as_dicts(v, kind.value_type) for v in value]
    if pa.types.is_struct(kind):
        return {kind.field(i).name: _maps_as_dicts(value[kind.field(i).name], kind.field(i).type)
                for i in range(kind.num_fields)}
    return value


def _hashable(key: Any) -> Any:
    """A map key usable as a dict key: an array as a tuple, a row as the tuple of its
    fields' values (``map(ARRAY[ARRAY[1, 2]], ARRAY[3])`` is ``{(1, 2): 3}``)."""
    if isinstance(key, list):
        return tuple(_hashable(k) for k in key)
    if isinstance(key, dict):
        return tuple(_hashable(k) for k in key.values())
    return key


def rows_of(table: Any, types: Sequence[str] = ()) -> list[tuple[Any, ...]]:
    """The rows of an Arrow table as tuples of Python values.

    Args:
        table: the result table.
        types: the columns' Athena types; ``json`` columns (text in Arrow) are parsed.
    """
    if table.num_columns == 0:
        return []
    columns = [python_column(table.column(i)) for i in range(table.num_columns)]
    for i, name in enumerate(types):
        if name == "json":
            columns[i] = [None if v is None else _json(v) for v in columns[i]]
        elif name == "real":  # as Athena's text of the value reads back, whatever the path
            columns[i] = [shortest_float32(v) for v in columns[i]]
    return list(zip(*columns))


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


def _json(text: str) -> Any:
    import json

    try:
        return json.loads(text)
    except ValueError:
        return text


def table_from_rows(columns: Sequence[Any], rows: Sequence[Sequence[Any]]) -> Any:
    """An Arrow table from Python rows, typed by the columns' Athena types where complete."""
    import pyarrow as pa

    arrays, fields = [], []
    for i, col in enumerate(columns):
        kind = arrow_type(parse_type(col.type))
        values = [_as_pairs(row[i], parse_type(col.type)) for row in rows]
        array = pa.array(values, type=kind) if kind is not None else pa.array(values)
        arrays.append(array)
        fields.append(pa.field(col.name, array.type))
    return pa.Table.from_arrays(arrays, schema=pa.schema(fields))


def _as_pairs(value: Any, kind: AthenaType) -> Any:
    """dicts of map types as key/value pairs (pyarrow reads dicts as structs elsewhere)."""
    if value is None or not kind.is_complex or not kind.children:
        return value
    if kind.name == "map" and isinstance(value, dict):
        return [(k, _as_pairs(v, kind.children[1])) for k, v in value.items()]
    if kind.name == "array" and isinstance(value, list):
        return [_as_pairs(v, kind.children[0]) for v in value]
    if kind.name == "row" and isinstance(value, dict):
        return {f: _as_pairs(value.get(f), c) for f, c in zip(kind.fields, kind.children)}
    return value


def to_pandas(table: Any) -> Any:
    """A pandas DataFrame with exact types: nullable integers and booleans, float, str and
    datetime64 where pandas has them, ``pd.ArrowDtype`` for decimal, date, time, varbinary
    and nested columns (so ``df.to_parquet`` writes the result's schema back)."""
    import pandas as pd

    return table.to_pandas(types_mapper=_pandas_mapper(pd), date_as_object=False)


def _pandas_mapper(pd: Any) -> Any:
    import pyarrow as pa

    native = {pa.int8(): pd.Int8Dtype(), pa.int16(): pd.Int16Dtype(),
              pa.int32(): pd.Int32Dtype(), pa.int64(): pd.Int64Dtype(),
              pa.bool_(): pd.BooleanDtype()}

    def mapper(kind: Any) -> Any:
        if kind in native:
            return native[kind]
        if (pa.types.is_decimal(kind) or pa.types.is_date(kind) or pa.types.is_time(kind)
                or pa.types.is_nested(kind) or pa.types.is_binary(kind)
                or pa.types.is_interval(kind)):
            return pd.ArrowDtype(kind)
        return None

    return mapper


def to_polars(table: Any, types: Sequence[str] = ()) -> Any:
    """A polars DataFrame (imports polars: ``pip install athenakit[polars]``).

    polars has no month/day/nanosecond interval: ``interval day to second`` becomes a
    ``Duration`` (its exact length), ``interval year to month`` an ``Int32`` of months (how
    Trino counts it).
    """
    try:
        import polars as pl
    except ImportError as err:
        from athenakit.errors import ConfigError

        raise ConfigError("to_polars needs polars: pip install 'athenakit[polars]'") from err
    for i, name in enumerate(types):
        if name.startswith("interval"):
            table = table.set_column(i, table.field(i).name, _interval_for_polars(
                table.column(i), months=name == "interval year to month"))
    return pl.from_arrow(table, rechunk=False)


def _interval_for_polars(column: Any, *, months: bool) -> Any:
    import pyarrow as pa

    values = column.to_pylist()
    if months:
        return pa.array([None if v is None else v.months for v in values], pa.int32())
    return pa.array([None if v is None else v.days * 86_400 * 10**9 + v.nanoseconds
                     for v in values], pa.duration("ns"))
