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

from athenakit.query.types import AthenaType, arrow_type, column_zone
from athenakit.runner.nested import infer_type, parse_text, typed

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
        return value.replace(tzinfo=_zone(zone)) if zone else value
    except ValueError:
        return text


def _zone(name: str) -> dt.tzinfo:
    if name[:1] in "+-":
        sign = 1 if name[0] == "+" else -1
        hours, _, minutes = name[1:].partition(":")
        return dt.timezone(sign * dt.timedelta(hours=int(hours), minutes=int(minutes or 0)))
    if name.upper() in ("UTC", "Z"):
        return dt.timezone.utc
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as err:  # never guess another zone
        raise ValueError(f"unknown time zone {name!r}") from err


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


# --- text columns to Arrow -------------------------------------------------------------------
# The fetch paths hand over whole columns of Athena text (a pyarrow string array, from the CSV
# file or from GetQueryResults pages). Scalars are cast in Arrow where Arrow parses Athena's
# spelling; the rest (time zones, varbinary, time, intervals, nested values) per value.

_ARROW_CASTABLE = frozenset({"boolean", "tinyint", "smallint", "integer", "bigint", "real",
                             "double", "decimal", "date", "timestamp"})
_TEXT = frozenset({"varchar", "char"})


def csv_parses(kind: AthenaType) -> bool:
    """Whether pyarrow's CSV reader parses this type's text itself (given the Arrow type)."""
    if kind.name == "decimal" and not kind.params:
        return False  # no precision given: the scale comes from the values
    return kind.name in _ARROW_CASTABLE or kind.name in _TEXT


def text_column(texts: Any, kind: AthenaType, column: str = "") -> Any:
    """A typed Arrow array from a string array of Athena's text form.

    Args:
        texts: a pyarrow string array (or chunked array); nulls are SQL NULL.
        kind: the column's type; an open complex type has its element types inferred.
        column: the column name, for the warning when nested text cannot be parsed.

    Returns:
        A pyarrow array of :func:`athenakit.query.types.arrow_type` of ``kind`` (for open
        complex types, of the inferred type; text Athena's form cannot describe stays text).
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    if kind.name == "decimal" and not kind.params:
        kind = _decimal_of(texts)
    target = arrow_type(kind)
    if kind.name in _TEXT:
        return texts
    if kind.name in _ARROW_CASTABLE:
        try:
            return pc.cast(texts, target)
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            pass  # e.g. a precision Arrow does not parse: convert per value below
    values = texts.to_pylist()
    if kind.is_complex:
        return _complex_column(values, kind, column)
    if kind.name == "timestamp with time zone":
        return _zoned_column(values, kind, column)
    convert = _arrow_scalar(kind)
    try:
        return pa.array([None if v is None else convert(v) for v in values], type=target)
    except (ValueError, TypeError, ArithmeticError, pa.ArrowException) as err:
        return _as_text(values, kind, column, err)


def _as_text(values: list[str | None], kind: AthenaType, column: str, err: Exception) -> Any:
    """The column as Athena wrote it, when its text does not read as ``kind`` (said once)."""
    import logging

    import pyarrow as pa

    logging.getLogger(__name__).warning(
        "column %s: %s values are kept as Athena's text (%s)", column or "?", kind, err)
    return pa.array(values, type=pa.string())


def _decimal_of(texts: Any) -> AthenaType:
    """``decimal`` without precision: the widest scale among the values, precision 38."""
    scales = [len(t.partition(".")[2]) for t in texts.to_pylist() if t is not None]
    return AthenaType("decimal", (38, max(scales, default=0)))


def _arrow_scalar(kind: AthenaType) -> Converter:
    if kind.name == "timestamp with time zone":
        return _instant
    if kind.name.startswith("interval"):
        return _interval
    if kind.name == "time":
        return _time_value
    if kind.name in ("varbinary", "boolean", "date", "decimal", "timestamp") or kind.name in (
            "tinyint", "smallint", "integer", "bigint", "real", "double"):
        return converter_for(kind.name)
    return _identity


def _instant(text: str) -> dt.datetime:
    value = _timestamp(text)
    if isinstance(value, str):
        raise ValueError(f"not a timestamp with time zone: {text!r}")  # noqa: TRY004
    return value if value.tzinfo is None else value.astimezone(dt.timezone.utc)


def _zoned_column(values: list[str | None], kind: AthenaType, column: str) -> Any:
    """The instants, typed with the zone the values are written in when they share one
    (:func:`athenakit.query.types.column_zone`)."""
    import pyarrow as pa

    try:
        instants = [None if v is None else _instant(v) for v in values]
    except (ValueError, TypeError) as err:
        return _as_text(values, kind, column, err)
    # "2012-10-30 18:00:00.000 America/Los_Angeles": the zone follows the time
    zone = column_zone(v.split(" ", 2)[2] if v.count(" ") >= 2 else "UTC"
                       for v in values if v is not None)
    return pa.array(instants, type=pa.timestamp(arrow_type(kind).unit, tz=zone))


def _time_value(text: str) -> dt.time:
    value = _time(text)
    if isinstance(value, str):
        raise ValueError(f"not a time: {text!r}")  # noqa: TRY004
    return value


def _interval(text: str) -> tuple[int, int, int]:
    """``1-2`` (year to month) or ``3 04:05:06.789`` (day to second) as Arrow's
    (months, days, nanoseconds)."""
    sign = -1 if text.startswith("-") else 1
    body = text.lstrip("-")
    if " " not in body and "-" in body:
        years, _, months = body.partition("-")
        return sign * (int(years) * 12 + int(months)), 0, 0
    days, _, clock = body.partition(" ")
    hours, minutes, seconds = (clock or "0:0:0").split(":")
    nanos = round((int(hours) * 3600 + int(minutes) * 60 + float(seconds)) * 1e9)
    return 0, sign * int(days), sign * nanos


def _complex_column(values: list[str | None], kind: AthenaType, column: str) -> Any:
    import pyarrow as pa

    try:
        trees = [None if v is None else parse_text(v) for v in values]
        if not kind.is_complete:
            kind = infer_type(trees, kind)
        return pa.array([typed(t, kind, _arrow_scalar) for t in trees], type=arrow_type(kind))
    except (ValueError, TypeError, ArithmeticError, pa.ArrowException) as err:
        return _as_text(values, kind, column, err)
