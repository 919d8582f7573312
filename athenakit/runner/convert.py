"""Convert Athena result text to Python values, by the column's Athena type.

GetQueryResults and the CSV result file both carry every value as text. Scalars convert by type
(``decimal`` -> Decimal, ``date`` -> date, ``timestamp`` -> datetime, ``varbinary`` -> bytes,
``json`` -> parsed JSON). Athena reports only the outer name of a complex type (``array``,
``map``, ``row``) and writes the value as ``[1, 2]`` / ``{k=v}`` / ``{field=v}``, so complex values
are parsed structurally and their scalar elements typed by their look (``null``, numbers,
``true``/``false``, otherwise text).
https://docs.aws.amazon.com/athena/latest/ug/data-types.html
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

Converter = Callable[[str], Any]


def _identity(text: str) -> str:
    return text


def _boolean(text: str) -> bool:
    return text.lower() == "true"


def _double(text: str) -> float:
    return float({"Infinity": "inf", "-Infinity": "-inf", "NaN": "nan"}.get(text, text))


def _decimal(text: str) -> Decimal:
    return Decimal(text)


def _date(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def _timestamp(text: str) -> dt.datetime | str:
    # "2024-01-31 12:00:00.000" or, with time zone, "2024-01-31 12:00:00.000 UTC".
    date_part, _, rest = text.partition(" ")
    time_part, _, zone = rest.partition(" ")
    try:
        value = dt.datetime.fromisoformat(f"{date_part} {time_part}" if time_part else date_part)
    except ValueError:
        return text
    return value.replace(tzinfo=_zone(zone)) if zone else value


def _zone(name: str) -> dt.tzinfo:
    if name[:1] in "+-":
        sign = 1 if name[0] == "+" else -1
        hours, _, minutes = name[1:].partition(":")
        return dt.timezone(sign * dt.timedelta(hours=int(hours), minutes=int(minutes or 0)))
    if name.upper() in ("UTC", "Z"):
        return dt.timezone.utc
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return dt.timezone.utc


def _time(text: str) -> dt.time | str:
    try:
        return dt.time.fromisoformat(text.split(" ")[0])
    except ValueError:
        return text


def _varbinary(text: str) -> bytes:
    return bytes.fromhex(text.replace(" ", ""))


def _json(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return text


def _complex(text: str) -> Any:
    if text[:1] in "[{":
        try:
            return json.loads(text)
        except ValueError:
            pass
    return parse_complex(text)


_BY_TYPE: dict[str, Converter] = {
    "boolean": _boolean,
    "tinyint": int, "smallint": int, "integer": int, "int": int, "bigint": int,
    "real": _double, "float": _double, "double": _double,
    "decimal": _decimal,
    "date": _date,
    "timestamp": _timestamp, "timestamp with time zone": _timestamp,
    "time": _time, "time with time zone": _time,
    "varbinary": _varbinary, "binary": _varbinary,
    "json": _json,
    "array": _complex, "map": _complex, "row": _complex, "struct": _complex,
}


def converter_for(type_name: str) -> Converter:
    """The text -> value function for an Athena type name (unknown types stay text).

    Example:
        >>> converter_for("decimal(10,2)")("1.50")
        Decimal('1.50')
    """
    base = type_name.strip().lower()
    if base not in _BY_TYPE:
        base = base.split("(", 1)[0].strip()
    return _BY_TYPE.get(base, _identity)


def convert_value(type_name: str, text: str | None) -> Any:
    """Convert one value; ``None`` (SQL NULL) stays ``None``."""
    return None if text is None else converter_for(type_name)(text)


def parse_complex(text: str) -> Any:
    """Parse Athena's text form of arrays, maps and rows: ``[1, 2]``, ``{a=1, b={c=x}}``.

    Example:
        >>> parse_complex("{id=1, tags=[a, b], extra=null}")
        {'id': 1, 'tags': ['a', 'b'], 'extra': None}
    """
    value, end = _parse(text, 0)
    return value if end == len(text) else text


def _parse(text: str, i: int) -> tuple[Any, int]:
    if i < len(text) and text[i] == "[":
        return _parse_seq(text, i + 1, "]", keyed=False)
    if i < len(text) and text[i] == "{":
        return _parse_seq(text, i + 1, "}", keyed=True)
    end = i
    while end < len(text) and text[end] not in ",]}":
        end += 1
    return _scalar(text[i:end]), end


def _parse_seq(text: str, i: int, close: str, *, keyed: bool) -> tuple[Any, int]:
    items: list[Any] = []
    mapping: dict[Any, Any] = {}
    if text.startswith(close, i):
        return (mapping if keyed else items), i + 1
    while i < len(text):
        if keyed:
            eq = text.find("=", i)
            if eq == -1:
                return text, len(text) + 1
            key = _scalar(text[i:eq])
            value, i = _parse(text, eq + 1)
            mapping[key] = value
        else:
            value, i = _parse(text, i)
            items.append(value)
        if text.startswith(", ", i):
            i += 2
        elif text.startswith(close, i):
            return (mapping if keyed else items), i + 1
        else:
            return text, len(text) + 1
    return text, len(text) + 1


def _scalar(text: str) -> Any:
    if text == "null":
        return None
    if text in ("true", "false"):
        return text == "true"
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            continue
    return text
