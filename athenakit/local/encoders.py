"""Rows as Athena's text and JSON writers spell them (CTAS, INSERT INTO and UNLOAD).

Athena writes ``TEXTFILE`` through LazySimpleSerDe's encodings and ``JSON`` through the Hive
JSON SerDe's (Trino's lib/trino-hive-formats: ``TextColumnEncodingFactory``, ``JsonSerializer``):

* NULL is ``\\N`` in text, ``null`` in JSON; booleans ``true`` / ``false``;
* a ``double`` is Java's ``Double.toString`` (``1.0E-7``, ``100.0``), a ``real`` its
  ``Float.toString``; a decimal its digits (``1.50``);
* a timestamp is ``yyyy-MM-dd HH:mm:ss`` with the fraction's significant digits only
  (``HiveFormatUtils.formatHiveTimestamp``: ``10:00:00.12``, ``10:00:00``);
* in text, a collection's items are separated by the separator of its nesting level (``\\x02``
  for a column's array elements, map entries and row fields, ``\\x03`` between a map's key and
  value, then ``\\x04``...), a row's fields without their names; in JSON an array is an array,
  a map and a row objects (a row keyed by its field names), written compactly as Jackson does.

https://docs.aws.amazon.com/athena/latest/ug/lazy-simple-serde.html
"""

from __future__ import annotations

import base64
import datetime as dt
import json
from decimal import Decimal
from typing import Any

from athenakit.local.javatext import java_double, java_real
from athenakit.table.storage import Storage

NULL_TEXT = "\\N"


def text_lines(data: Any, storage: Storage) -> str:
    """Every row of ``data`` (a pyarrow Table) as a LazySimpleSerDe line."""
    separators = [storage.field_delimiter or "\x01", storage.collection_delimiter or "\x02",
                  storage.map_key_delimiter or "\x03"]
    separators += [chr(i + 1) for i in range(3, 9)]
    kinds = [field.type for field in data.schema]
    return "".join(separators[0].join(_text(v, k, 1, separators) for v, k in zip(
        row.values(), kinds)) + "\n" for row in data.to_pylist())


def json_lines(data: Any) -> str:
    """Every row of ``data`` (a pyarrow Table) as a Hive JSON SerDe line."""
    fields = [(field.name, field.type) for field in data.schema]
    return "".join(_dump({name: _json(row[name], kind) for name, kind in fields}) + "\n"
                   for row in data.to_pylist())


def _dump(value: Any) -> str:
    """JSON as Jackson writes it: compact, numbers in the text they were given."""
    if isinstance(value, _Number):
        return value.text
    if isinstance(value, dict):
        return "{" + ",".join(f"{_dump(str(k))}:{_dump(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ",".join(_dump(v) for v in value) + "]"
    return json.dumps(value, ensure_ascii=False)


def _text(value: Any, kind: Any, level: int, separators: list[str]) -> str:
    import pyarrow as pa

    if value is None:
        return NULL_TEXT
    if pa.types.is_map(kind):
        return separators[level].join(
            _text(k, kind.key_type, level + 2, separators) + separators[level + 1]
            + _text(v, kind.item_type, level + 2, separators) for k, v in value)
    if pa.types.is_list(kind) or pa.types.is_large_list(kind):
        return separators[level].join(_text(v, kind.value_type, level + 1, separators)
                                      for v in value)
    if pa.types.is_struct(kind):
        return separators[level].join(_text(value[f.name], f.type, level + 1, separators)
                                      for f in kind)
    if pa.types.is_binary(kind) or pa.types.is_large_binary(kind):
        return base64.b64encode(value).decode()  # LazyBinary's text is Base64
    if isinstance(value, Decimal):
        return format(value, "f")
    return _scalar(value, kind)


def _json(value: Any, kind: Any) -> Any:
    import pyarrow as pa

    if value is None:
        return None
    if pa.types.is_map(kind):
        return {_json_key(k, kind.key_type): _json(v, kind.item_type) for k, v in value}
    if pa.types.is_list(kind) or pa.types.is_large_list(kind):
        return [_json(v, kind.value_type) for v in value]
    if pa.types.is_struct(kind):
        return {f.name: _json(value[f.name], f.type) for f in kind}
    if isinstance(value, bool | int | str):
        return value
    if isinstance(value, float | Decimal):
        return _Number(_scalar(value, kind) if isinstance(value, float) else str(value))
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")  # Hive writes the bytes as UTF-8 text
    return _scalar(value, kind)


def _json_key(value: Any, kind: Any) -> str:
    if isinstance(value, Decimal):
        return str(value)
    return _scalar(value, kind)


def _scalar(value: Any, kind: Any) -> str:
    import pyarrow as pa

    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return java_real(value) if pa.types.is_float32(kind) else java_double(value)
    if isinstance(value, dt.datetime):
        return _timestamp(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _timestamp(value: dt.datetime) -> str:
    text = value.strftime("%Y-%m-%d %H:%M:%S")
    fraction = f"{value.microsecond:06d}".rstrip("0")
    return f"{text}.{fraction}" if fraction else text


class _Number:
    """A number written with the text it was given (Java's spelling, a decimal's digits)."""

    def __init__(self, text: str) -> None:
        self.text = text


def char_values(data: Any, table: Any) -> Any:
    """``data`` with each ``char(n)`` column's values as Athena's writers store them: text and
    JSON files hold them padded to n (trino-hive-formats ``StringEncoding.encodeValue`` and
    ``JsonSerializer``: ``Chars.padSpaces``); Parquet and ORC the value Trino holds, without
    trailing spaces (``CharValueWriter`` and ``SliceDictionaryColumnWriter`` write
    ``type.getSlice``; a ``CharType`` value has no trailing spaces).
    """
    import pyarrow.compute as pc

    from athenakit.local.chars import declared_width

    fmt = table.storage.format
    if fmt not in ("text", "hive_json", "parquet", "orc"):
        return data
    for column in table.columns:
        n = declared_width(column.type.dml)
        name = column.name.lower()
        if n is None or name not in data.column_names:
            continue
        values = pc.utf8_rtrim(data[name], characters=" ")
        if fmt in ("text", "hive_json"):
            values = pc.utf8_rpad(values, width=n, padding=" ")
        data = data.set_column(data.column_names.index(name), name, values)
    return data
