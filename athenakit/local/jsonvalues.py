"""JSON values decoded to a column's type as Athena's JSON SerDes decode them.

Athena engine v3 reads JSON tables with Trino's decoders (trinodb/trino, lib/trino-hive-formats):
``line.json.JsonDeserializer`` for the Hive JSON SerDe (strict: a JSON string in a number
column, or a text that is not a date, fails the query) and ``line.openxjson.OpenXJsonDeserializer``
for the OpenX SerDe (lenient: numbers may be strings, hex or octal, ``1.9`` is 1 in an integer
column, a value it cannot read is NULL). Each value becomes the text DuckDB casts to the
column's type without loss (an integer's digits, a date's ISO text, a timestamp rounded to
milliseconds, a decimal at its scale); arrays, maps and structs become JSON holding such values.
The values come from :mod:`athenakit.local.jsontokens`, which keeps what the decoders see.

https://docs.aws.amazon.com/athena/latest/ug/json-serde.html
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Any

from athenakit.errors import QueryError
from athenakit.local import hivedates, javanumbers, jsonfast, openxtext
from athenakit.local.errors import UnsupportedLocally
from athenakit.local.javanumbers import Fail
from athenakit.local.jsontokens import Bare

_RANGES = {"TINYINT": 8, "SMALLINT": 16, "INT": 32, "BIGINT": 64}


def bad_data(message: str) -> QueryError:
    # LineDeserializerUtils.parseError: "Failed to parse value: " + message
    return QueryError("HIVE_BAD_DATA", state="FAILED", reason=f"Failed to parse value: {message}")


def _text(value: Any) -> str:
    """What ``getText()`` / ``toString()`` gives for a scalar token."""
    return str(value)


@dataclass(frozen=True, slots=True)
class Shape:
    """A column type as the decoders walk it: its sqlglot type name, parameters (lengths,
    precision and scale), item types (an array's, a map's key and value, a struct's fields)."""

    kind: str
    params: tuple[int, ...]
    items: tuple[Shape, ...]
    names: tuple[str, ...]
    ddl: str

    @property
    def is_complex(self) -> bool:
        return self.kind in ("ARRAY", "MAP", "STRUCT")


def _shape(node: Any) -> Shape:
    kind = str(node.this.name)
    if kind == "STRUCT":
        fields = node.expressions
        return Shape(kind, (), tuple(_shape(f.args["kind"]) for f in fields),
                     tuple(f.name for f in fields), node.sql("hive"))
    if kind in ("ARRAY", "MAP"):
        return Shape(kind, (), tuple(_shape(e) for e in node.expressions), (), node.sql("hive"))
    params = tuple(int(e.name) for e in node.expressions if e.name.isdigit())
    return Shape(kind, params, (), (), node.sql("hive"))


@cache
def _type(ddl: str) -> Shape:
    from sqlglot import exp

    return _shape(exp.DataType.build(ddl, dialect="hive"))


class Decoder:
    """Decodes the values of one SerDe; :meth:`column` gives the text DuckDB casts."""

    def __init__(self, *, openx: bool, insensitive: bool = True,
                 mappings: dict[str, str] | None = None) -> None:
        self.openx = openx
        self.insensitive = insensitive
        # OpenX ``mapping.<field>``: the JSON key a struct field (at any depth) reads
        self.mappings = mappings or {}

    def reader(self, ddl: str) -> Callable[[Any], str | None]:
        """The function giving the text of one column's values (JSON for arrays, maps and
        structs), None for NULL; it raises QueryError (HIVE_BAD_DATA) where the SerDe fails the
        query, UnsupportedLocally for a value read in a way not reproduced here."""
        node = _type(ddl)
        fast = None if node.params else jsonfast.FAST.get(node.kind)
        if node.kind == "ARRAY" and node.items[0].kind == "TEXT":
            fast = jsonfast.fast_strings

        def read(value: Any) -> str | None:
            if value is None:
                return None
            if fast is not None:
                text = fast(value)
                if text is not None:
                    return text
            return self.text(value, node)

        return read

    def text(self, value: Any, node: Shape) -> str | None:
        try:
            decoded = self.decode(value, node)
        except Fail as err:
            raise bad_data(str(err)) from None
        if decoded is None:
            return None
        if node.is_complex:
            return _dump(decoded)
        return _scalar_text(decoded)

    def decode(self, value: Any, node: Shape) -> Any:
        if value is None:
            return None
        if value is True or value is False:  # a bare literal, as the SerDes' readers see it
            value = Bare("true" if value else "false")
        kind = node.kind
        if kind == "ARRAY":
            return self.array(value, node.items[0])
        if kind == "MAP":
            return self.map(value, node.items[0], node.items[1])
        if kind == "STRUCT":
            return self.struct(value, node)
        if self.openx:
            return self.openx_scalar(value, node)
        return self.hive_scalar(value, node)

    # --- Hive JSON SerDe: JsonDeserializer's decoders -----------------------------------------

    def hive_scalar(self, value: Any, node: Shape) -> Any:
        kind = node.kind
        if isinstance(value, (dict, list)):
            raise Fail(f"Invalid JSON: {kind.lower()} value must be a scalar json value")
        text = _text(value)
        if kind == "BOOLEAN":  # Boolean.parseBoolean(getText())
            return text.lower() == "true"
        if kind in _RANGES:
            return self.hive_integer(value, kind)
        if kind in ("DOUBLE", "FLOAT"):
            if not isinstance(value, Bare) or text in ("true", "false"):
                raise Fail("Current token (VALUE_STRING) not numeric, can not use numeric value "
                           "accessors")
            number = float(text)
            return number if kind == "DOUBLE" else javanumbers.real(number)
        if kind in ("DATE", "TIMESTAMP"):  # parseHiveDate / parseHiveTimestamp of getText()
            return _hive_time(text, kind)
        return self.common_scalar(text, node)

    def hive_integer(self, value: Any, kind: str) -> int:
        # Jackson's getLongValue / getIntValue / getShortValue / getByteValue: a number token
        # only; a fraction is cut toward zero; getByteValue takes -128..255 as a byte
        text = _text(value)
        if not isinstance(value, Bare) or text in ("true", "false"):
            raise Fail("Current token (VALUE_STRING) not numeric, can not use numeric value "
                       "accessors")
        number = int(text) if javanumbers.JAVA_LONG.fullmatch(text) else _truncated(text)
        bits = _RANGES[kind]
        low, high = -(2 ** (bits - 1)), (255 if kind == "TINYINT" else 2 ** (bits - 1) - 1)
        if not low <= number <= high:
            raise Fail(f"Numeric value ({text}) out of range of {kind.lower()}")
        return number - 256 if kind == "TINYINT" and number > 127 else number

    def common_scalar(self, text: str, node: Shape) -> Any:
        kind = node.kind
        params = node.params
        if kind == "DECIMAL":
            precision, scale = (*params, 10, 0)[:2] if len(params) != 1 else (params[0], 0)
            try:
                return javanumbers.big_decimal(text, precision, scale)
            except javanumbers.NotANumber:
                if self.openx:
                    raise
                # TestJsonFormat.testDecimalShort: "true" and "\"string\"" are NULL, while a
                # value too large fails the query
                return None
        if kind == "VARCHAR" and params:  # Varchars.truncateToLength
            return text[:params[0]]
        if kind == "CHAR":  # Chars.truncateToLengthAndTrimSpaces
            return text[:params[0] if params else 1].rstrip(" ")
        if kind in ("VARCHAR", "TEXT"):
            return text
        if kind in ("BINARY", "VARBINARY"):
            # VarbinaryDecoder.parseBinary: the text's UTF-8 bytes
            return text.encode("utf-8", errors="replace")
        raise UnsupportedLocally(f"a {node.ddl} column in a JSON table")

    # --- OpenX JSON SerDe: OpenXJsonDeserializer's decoders (failures are NULL) ----------------

    def openx_scalar(self, value: Any, node: Shape) -> Any:
        kind = node.kind
        if kind == "BOOLEAN":  # Boolean.parseBoolean(jsonValue.toString())
            return isinstance(value, str) and value.lower() == "true"
        if kind in ("VARCHAR", "TEXT", "CHAR"):
            text = openxtext.write_json(value) if isinstance(value, (dict, list)) else (
                openxtext.canonical_bare(value) if isinstance(value, Bare) else value)
            return self.common_scalar(text, node)
        if isinstance(value, (dict, list)):
            raise Fail(f"Invalid JSON: {type(value).__name__} can not be coerced to a "
                       f"{kind.lower()}")
        try:
            return self.openx_parse(value, node)
        except Fail:
            return None

    def openx_parse(self, text: str, node: Shape) -> Any:
        kind = node.kind
        if kind in _RANGES:
            number = openxtext.openx_long(text)
            bits = _RANGES[kind]
            if not -(2 ** (bits - 1)) <= number < 2 ** (bits - 1):
                raise Fail("out of range")
            return number
        if kind in ("DOUBLE", "FLOAT"):
            floating = javanumbers.java_double(text)
            return floating if kind == "DOUBLE" else javanumbers.real(floating)
        if kind == "DATE":  # parseHiveDate, else a number of days (decimal, hex or octal)
            day = hivedates.date(text)
            if day is None:
                days = openxtext.hex_octal_long(text)
                if not -(2**31) <= days < 2**31:  # toIntExact
                    raise Fail("integer overflow")
                day = hivedates.epoch_day(days)
            return day
        if kind == "TIMESTAMP":
            return hivedates.openx_timestamp(text)
        if kind in ("BINARY", "VARBINARY"):
            if isinstance(text, Bare):
                raise Fail("Invalid JSON: Unquoted JSON string is not allowed for VARBINARY")
            try:  # Base64.getDecoder().decode: a failure is not caught, the query fails
                return base64.b64decode(text, validate=True)
            except (binascii.Error, ValueError) as err:
                raise bad_data(f"Illegal base64 character: {err}") from None
        return self.common_scalar(text, node)

    # --- arrays, maps, structs -------------------------------------------------------------

    def array(self, value: Any, item: Shape) -> Any:
        if self.openx:
            # an empty string is NULL, any other non-array value an array of that one value
            if isinstance(value, str) and value == "" and not isinstance(value, Bare):
                return None
            values = value if isinstance(value, list) else [value]
        else:
            if not isinstance(value, list):
                raise Fail("Invalid JSON: start of array expected")
            values = value
        return [self.nested(v, item) for v in values]

    def nested(self, value: Any, node: Shape) -> Any:
        if node.kind in ("BINARY", "VARBINARY", "CHAR") and value is not None:
            # (a char(n) is padded where it is a column, readers.py, not inside a value)
            raise UnsupportedLocally(f"a {node.kind.lower()} value inside an array, map or "
                                     "struct of a JSON table")
        return self.decode(value, node)

    def map(self, value: Any, key: Shape, item: Shape) -> Any:
        if key.is_complex:
            raise UnsupportedLocally("a map with array, map or struct keys in a JSON table")
        if not isinstance(value, dict):
            if self.openx and isinstance(value, str) and not value.strip():
                return None
            raise Fail("Invalid JSON: start of object expected" if not self.openx else
                       "Invalid JSON: Primitive can not be coerced to a MAP")
        out: dict[Any, Any] = {}
        for name, entry in value.items():
            k = self.map_key(name, key)
            if k is None:
                continue  # DistinctMapKeys drops NULL keys
            out.pop(k, None)  # DistinctMapKeys(mapType, true): the last of equal keys
            out[k] = self.nested(entry, item)
        return out

    def map_key(self, name: str, node: Shape) -> Any:
        kind = node.kind
        if self.openx:
            return self.decode(name, node)  # a quoted JSON string
        # JsonDeserializer.MapDecoder.serializeMapKey: Java's parsers; a failure fails the query
        if kind == "BOOLEAN":
            return name.lower() == "true"
        if kind in _RANGES:
            return javanumbers.java_long(name, _RANGES[kind])
        if kind in ("DOUBLE", "FLOAT"):
            number = javanumbers.java_double(name)
            return number if kind == "DOUBLE" else javanumbers.real(number)
        if kind in ("DATE", "TIMESTAMP"):
            return _hive_time(name, kind)
        return self.common_scalar(name, node)

    def struct(self, value: Any, node: Shape) -> Any:
        names, kinds = node.names, node.items
        if isinstance(value, list) and self.openx:  # fields by position
            found = {n: (value[i] if i < len(value) else None) for i, n in enumerate(names)}
        elif isinstance(value, dict):
            # RowDecoder: a field's name lower-cased, then mapped (OpenXJsonOptions mappings)
            keys = [self.mappings.get(n.lower(), n.lower()) for n in names]
            if self.insensitive:
                source = {k.lower(): v for k, v in value.items()}
                keys = [k.lower() for k in keys]
                if len(source) != len(value) and not self.openx:
                    # https://docs.aws.amazon.com/athena/latest/ug/hive-json-serde.html
                    raise UnsupportedLocally("a repeated key in a Hive JSON object")
            else:
                source = value
            found = {n: source.get(k) for n, k in zip(names, keys)}
        elif self.openx and isinstance(value, str) and not value.strip():
            return {n: None for n in names}
        else:
            raise Fail("Invalid JSON: start of object expected")
        return {n: self.nested(found[n], k) for n, k in zip(names, kinds)}


def _hive_time(text: str, kind: str) -> dt.date | dt.datetime:
    """A date or timestamp of the Hive JSON SerDe: a text that does not read fails the query."""
    found = hivedates.date(text) if kind == "DATE" else hivedates.timestamp(text)
    if found is None:
        raise Fail(f"Text '{text}' could not be parsed")
    return found


def _truncated(text: str) -> int:
    number = float(text)
    if not math.isfinite(number):
        raise Fail(f"Numeric value ({text}) out of range")
    return int(number)


def _scalar_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else {
            math.inf: "Infinity", -math.inf: "-Infinity"}.get(value, "NaN")
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, bytes):
        return value.hex()
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ", timespec="milliseconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _jsonable(value: Any) -> Any:
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {_scalar_text(k): _jsonable(v) for k, v in value.items()}
    if value is None or isinstance(value, (bool, int)):
        return value
    return _scalar_text(value)


def _dump(value: Any) -> str:
    import json

    return json.dumps(_jsonable(value), ensure_ascii=False)
