"""Query results as Athena hands them out: GetQueryResults pages and the CSV result file.

Every value travels as text. Athena writes scalars in Trino's text form (``true``, ``1.5``,
``2024-01-31 12:00:00.000``, varbinary as spaced hex), arrays as ``[1, 2]``, maps and rows as
``{k=v, ...}``; NULL has no ``VarCharValue`` in the API and is an empty unquoted field in the CSV
file, where every other value (and the header) is double-quoted.
https://docs.aws.amazon.com/athena/latest/ug/querying.html#querying-identifying-output-files
https://docs.aws.amazon.com/athena/latest/APIReference/API_GetQueryResults.html
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from athenakit import protobuf
from athenakit.query.result import ResultColumn

# Precision Athena reports in ColumnInfo for types without parameters.
_PRECISION = {"boolean": 0, "tinyint": 3, "smallint": 5, "integer": 10, "bigint": 19,
              "real": 17, "double": 17, "date": 0, "timestamp": 3, "time": 3,
              "varchar": 2147483647, "string": 2147483647, "varbinary": 1073741824,
              "json": 2147483647}
_PARAMS = re.compile(r"^(\w+)\s*(?:\((.*)\))?$", re.DOTALL)


def column_info(column: ResultColumn) -> dict[str, Any]:
    """The ``ColumnInfo`` entry of one result column (``decimal(10,2)`` -> Type ``decimal``,
    Precision 10, Scale 2; ``array(integer)`` -> Type ``array``, as Athena reports them)."""
    match = _PARAMS.match(column.type.strip().lower())
    base, args = (match.group(1), match.group(2)) if match else (column.type, None)
    precision, scale = _PRECISION.get(base, 0), 0
    if base in ("decimal", "char", "varchar") and args:
        numbers = [int(n) for n in re.findall(r"\d+", args)]
        precision = numbers[0] if numbers else precision
        scale = numbers[1] if base == "decimal" and len(numbers) > 1 else 0
    return {"CatalogName": "hive", "SchemaName": "", "TableName": "", "Name": column.name,
            "Label": column.name, "Type": base, "Precision": precision, "Scale": scale,
            "Nullable": "UNKNOWN", "CaseSensitive": base in ("varchar", "char", "string")}


# ColumnInfo's fields in the ``.csv.metadata`` protocol buffer, numbered in the API's order;
# Nullable is an enum read by the Athena JDBC driver of burtcorp (``AthenaMetaDataParser``) as
# 1 NOT_NULL, 2 NULLABLE, anything else UNKNOWN.
_INFO_FIELDS = ("CatalogName", "SchemaName", "TableName", "Name", "Label", "Type", "Precision",
                "Scale", "Nullable", "CaseSensitive")
_NULLABLE = {"NOT_NULL": 1, "NULLABLE": 2, "UNKNOWN": 3}


def metadata_bytes(columns: Sequence[ResultColumn]) -> bytes:
    """The ``<query id>.csv.metadata`` file Athena writes next to a result: a protocol buffer
    message whose field 4 (repeated) holds each column's ColumnInfo, as in GetQueryResults.
    https://docs.aws.amazon.com/athena/latest/ug/querying-finding-output-files.html
    """
    return b"".join(protobuf.field(4, _info_message(column_info(c))) for c in columns)


def _info_message(info: dict[str, Any]) -> bytes:
    out = b""
    for number, name in enumerate(_INFO_FIELDS, start=1):
        value = info[name]
        if name == "Nullable":
            value = _NULLABLE[value]
        if value != "":  # proto3 leaves empty strings out
            out += protobuf.field(number, value)
    return out


def text(value: Any) -> str | None:
    """A value in Athena's result text (None stays None: NULL)."""
    if value is None:
        return None
    return _text(value, top=True)


def _text(value: Any, *, top: bool) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return _double(value)
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, dt.datetime):
        return _timestamp(value)
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat() if isinstance(value, dt.date) else _time(value)
    if isinstance(value, (bytes, bytearray)):
        return " ".join(f"{b:02x}" for b in value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_text(v, top=False) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_text(k, top=False)}={_text(v, top=False)}"
                               for k, v in value.items()) + "}"
    return str(value)


def _double(value: float) -> str:
    """Java's ``Double.toString``, which Trino uses: ``1.5``, ``1.0E10``, ``NaN``, ``Infinity``."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    if value == 0 or 1e-3 <= abs(value) < 1e7:
        return repr(value)
    sign, digits, exponent = Decimal(repr(value)).normalize().as_tuple()
    assert isinstance(exponent, int)
    rest = "".join(map(str, digits[1:])) or "0"
    return f"{'-' if sign else ''}{digits[0]}.{rest}E{exponent + len(digits) - 1}"


def _timestamp(value: dt.datetime) -> str:
    base = f"{value:%Y-%m-%d %H:%M:%S}.{value.microsecond // 1000:03d}"
    if value.tzinfo is None:
        return base
    zone = value.tzname() or "UTC"
    return f"{base} {'UTC' if zone in ('UTC', 'UTC+00:00') else zone}"


def _time(value: dt.time) -> str:
    return f"{value:%H:%M:%S}.{value.microsecond // 1000:03d}"


def csv_line(values: Sequence[str | None]) -> str:
    """One line of Athena's CSV result file: every value quoted, NULL an empty field."""
    return ",".join("" if v is None else '"' + v.replace('"', '""') + '"' for v in values) + "\n"


def csv_bytes(columns: Sequence[ResultColumn], rows: Sequence[Sequence[Any]], *,
              header: bool) -> bytes:
    """The whole ``<query id>.csv`` (header line first when the statement has one)."""
    lines = [csv_line([c.name for c in columns])] if header else []
    lines.extend(csv_line([text(v) for v in row]) for row in rows)
    return "".join(lines).encode("utf-8")


def api_row(values: Sequence[str | None]) -> dict[str, Any]:
    """One ``Row`` of GetQueryResults: ``{"Data": [{"VarCharValue": ...} or {}]}``."""
    return {"Data": [{} if v is None else {"VarCharValue": v} for v in values]}
