"""RegexSerDe group values read as Trino's ``RegexDeserializer`` reads them.

Each group's text is read with Java's parsers (trinodb/trino, lib/trino-hive-formats,
``line.regex.RegexDeserializer.serializeValue``): ``Boolean.parseBoolean``, ``Long.parseLong``
and its narrower siblings (no blanks, no fraction: ``12.5`` is NULL in an integer column),
``new BigDecimal`` rounded half up, ``Double.parseDouble``, ``HiveFormatUtils.parseHiveDate`` /
``parseHiveTimestamp``, ``varchar(n)`` / ``char(n)`` cut to their length; a text that does not
read is NULL ("invalid columns are ignored"). Other column types fail the query in Trino and are
refused here. Each value becomes the text DuckDB casts without loss.

https://docs.aws.amazon.com/athena/latest/ug/regex-serde.html
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from typing import Any

from athenakit.local import hivedates, javanumbers
from athenakit.local.errors import UnsupportedLocally
from athenakit.local.javanumbers import Fail

_BITS = {"tinyint": 8, "smallint": 16, "int": 32, "bigint": 64}


def _number(value: float) -> str:
    if math.isfinite(value):
        return repr(value)
    return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")


def _stamp(value: dt.datetime | None) -> str | None:
    return None if value is None else value.isoformat(sep=" ", timespec="milliseconds")


def reader(base: str, params: tuple[int, ...]) -> Callable[[str], str | None]:
    """The function reading one column's group text (``base`` is the Hive type name).

    Raises:
        UnsupportedLocally: a type RegexDeserializer does not read (binary, arrays, maps,
            structs).
    """
    if base in _BITS:
        return lambda text: str(javanumbers.java_long(text, _BITS[base]))
    if base == "boolean":
        return lambda text: "true" if text.lower() == "true" else "false"
    if base == "decimal":
        precision, scale = (*params, 10, 0)[:2] if len(params) != 1 else (params[0], 0)
        return lambda text: format(javanumbers.big_decimal(text, precision, scale), "f")
    if base == "double":
        return lambda text: _number(javanumbers.java_double(text))
    if base == "float":
        return lambda text: _number(javanumbers.real(javanumbers.java_double(text)))
    if base == "date":
        return lambda text: None if (d := hivedates.date(text)) is None else d.isoformat()
    if base == "timestamp":
        return lambda text: _stamp(hivedates.timestamp(text))
    if base in ("string", "varchar"):
        return (lambda text: text[:params[0]]) if params else (lambda text: text)
    if base == "char":
        return lambda text: text[:params[0] if params else 1].rstrip(" ")
    raise UnsupportedLocally(f"a {base} column in a RegexSerDe table (Trino fails the query)")


def read(read_one: Callable[[str], str | None], text: str | None) -> Any:
    """``read_one(text)``, NULL for a group that did not take part or does not read."""
    if text is None:
        return None
    try:
        return read_one(text)
    except Fail:
        return None
