"""Partition values read from folder names and the catalog as Athena reads them.

Trino's Hive connector parses each partition value by the key's type
(``HiveUtil.parsePartitionValue``): ``__HIVE_DEFAULT_PARTITION__`` is NULL for every type; an
empty value is 0 (``false``) for numbers and booleans; a value that is not one of the type
fails the query with ``HIVE_INVALID_PARTITION_VALUE: Invalid partition value 'abc' for INTEGER
partition key: k=abc``, where the local engine's ``TRY_CAST`` answered NULL (and read the
default partition of a ``string`` key as its name). A value the layer cannot tell Trino's
answer for (a date or timestamp outside the plain forms, a decimal Trino would fail to round)
is refused.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

from athenakit.errors import QueryError
from athenakit.local.errors import UnsupportedLocally
from athenakit.table.locations import HIVE_NULL, hive_path
from athenakit.table.model import Table

_INTEGERS = {"tinyint": ("TINYINT", 7), "smallint": ("SMALLINT", 15), "int": ("INTEGER", 31),
             "integer": ("INTEGER", 31), "bigint": ("BIGINT", 63)}
# Java's Double.parseDouble grammar after trim() (floatcasts has the same for casts)
_JAVA_NUMBER = re.compile(
    r"[+-]?(NaN|Infinity|([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?[fFdD]?)")
_DATE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}")
_TIMESTAMP = re.compile(r"\d{4}-\d{1,2}-\d{1,2} \d{1,2}:\d{1,2}:\d{1,2}(\.\d{1,3})?")
_BIG_DECIMAL = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
_SIZED = re.compile(r"(varchar|char)\((\d+)\)")
_DECIMAL = re.compile(r"decimal\((\d+),\s*(\d+)\)")


def parsed(table: Table, values: Mapping[str, str | None]) -> dict[str, str | None]:
    """One partition's values as the text DuckDB casts to the key types (None for NULL).

    Raises:
        QueryError: a value that is not one of its key's type (``HIVE_INVALID_PARTITION_VALUE``).
        UnsupportedLocally: a value whose reading by Athena the layer cannot tell.
    """
    name = hive_path({k: v if v is not None else HIVE_NULL for k, v in values.items()}
                     ).rstrip("/")
    out: dict[str, str | None] = {}
    for part in table.partitions:
        key = part.name.lower()
        out[key] = _value(values.get(key), part.type.dml.lower(), name)
    return out


def _value(value: str | None, kind: str, name: str) -> str | None:
    if value is None or value == HIVE_NULL:
        return None
    if kind in _INTEGERS:
        return _integer(value, kind, name)
    if kind == "boolean":
        if value == "" or value.lower() in ("true", "false"):
            return value.lower() or "false"
        raise _invalid(value, "BOOLEAN", name)
    if kind in ("real", "float", "double"):
        return _floating(value, "DOUBLE" if kind == "double" else "FLOAT", name)
    found = _DECIMAL.fullmatch(kind)
    if found:
        return _decimal(value, int(found.group(1)), int(found.group(2)), name)
    found = _SIZED.fullmatch(kind)
    if found:
        text = value.rstrip(" ") if found.group(1) == "char" else value
        if len(text) > int(found.group(2)):
            raise _invalid(value, kind, name)
        return text
    if kind == "date" and not _DATE.fullmatch(value) or kind == "timestamp" \
            and not _TIMESTAMP.fullmatch(value):
        raise UnsupportedLocally(f"a {kind} partition value other than the plain form "
                                 f"({value!r})")
    return value


def _integer(value: str, kind: str, name: str) -> str:
    label, bits = _INTEGERS[kind]
    if value == "":
        return "0"
    if re.fullmatch(r"[+-]?\d+", value) and -2**bits <= int(value) < 2**bits:
        return str(int(value))  # Java's parseInt / parseLong
    raise _invalid(value, label, name)


def _floating(value: str, label: str, name: str) -> str:
    if value == "":
        return "0"
    text = value.strip()
    if not _JAVA_NUMBER.fullmatch(text):
        raise _invalid(value, label, name)
    number = float(re.sub(r"[fFdD]$", "", text))
    return "NaN" if math.isnan(number) else repr(number)


def _decimal(value: str, precision: int, scale: int, name: str) -> str:
    text = value.removesuffix("BD")  # Hive's BigDecimal postfix
    label = f"decimal({precision},{scale})"
    if value == "":
        return "0"
    if not _BIG_DECIMAL.fullmatch(text):
        raise _invalid(text, label, name)
    try:
        number = Decimal(text)
        scaled = number.quantize(Decimal(1).scaleb(-scale))
    except InvalidOperation as err:
        raise _invalid(text, label, name) from err
    if scaled != number:  # Trino's setScale(ROUND_UNNECESSARY) throws ArithmeticException
        raise UnsupportedLocally(f"a decimal partition value with more digits than the key's "
                                 f"scale ({value!r} for {label})")
    if len(scaled.as_tuple().digits) > precision and scaled != 0:
        raise _invalid(text, label, name)
    return str(scaled)


def _invalid(value: str, label: str, name: str) -> QueryError:
    # HiveUtil.integerPartitionKey and its siblings
    return QueryError("query failed", state="FAILED", category=2, reason=(
        f"HIVE_INVALID_PARTITION_VALUE: Invalid partition value '{value}' for {label} "
        f"partition key: {name}"))
