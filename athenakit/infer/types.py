"""File schemas (Arrow, Avro, JSON values) mapped to Athena column types, and merged.

Parquet and ORC schemas come through pyarrow, Avro schemas as JSON (fastavro); both are mapped
to the types Athena reads them as.
https://docs.aws.amazon.com/athena/latest/ug/data-types.html
https://docs.aws.amazon.com/athena/latest/ug/parquet-serde.html
"""

from __future__ import annotations

from typing import Any

from athenakit.sql.quoting import Engine, quote_identifier

# widening Athena reads compatibly across files (Parquet/ORC schema evolution)
# https://docs.aws.amazon.com/athena/latest/ug/types-of-updates.html
_WIDER = {("int", "bigint"): "bigint", ("tinyint", "int"): "int", ("smallint", "int"): "int",
          ("tinyint", "bigint"): "bigint", ("smallint", "bigint"): "bigint",
          ("tinyint", "smallint"): "smallint", ("float", "double"): "double",
          ("bigint", "double"): "double", ("int", "double"): "double"}


def field(name: str) -> str:
    return quote_identifier(name.lower(), Engine.HIVE)


def arrow_type(t: Any, notes: list[str], where: str) -> str:
    """The Athena type of a pyarrow DataType."""
    import pyarrow as pa
    import pyarrow.types as pt

    simple = [(pt.is_boolean, "boolean"), (pt.is_int8, "tinyint"), (pt.is_int16, "smallint"),
              (pt.is_int32, "int"), (pt.is_int64, "bigint"), (pt.is_uint8, "smallint"),
              (pt.is_uint16, "int"), (pt.is_uint32, "bigint"), (pt.is_float32, "float"),
              (pt.is_float64, "double"), (pt.is_date, "date"), (pt.is_string, "string"),
              (pt.is_large_string, "string"), (pt.is_binary, "binary"),
              (pt.is_large_binary, "binary"), (pt.is_fixed_size_binary, "binary")]
    for test, name in simple:
        if test(t):
            return name
    if pt.is_uint64(t):
        notes.append(f"{where}: unsigned 64-bit integers above 2^63-1 do not fit bigint")
        return "bigint"
    if pt.is_decimal(t):
        return f"decimal({t.precision},{t.scale})"
    if pt.is_timestamp(t):
        if t.unit in ("us", "ns"):
            notes.append(f"{where}: timestamp({t.unit}) is read with millisecond precision")
        return "timestamp"
    if pt.is_dictionary(t):
        return arrow_type(t.value_type, notes, where)
    if pt.is_map(t):
        return (f"map<{arrow_type(t.key_type, notes, where)},"
                f"{arrow_type(t.item_type, notes, where)}>")
    if pt.is_list(t) or pt.is_large_list(t):
        return f"array<{arrow_type(t.value_type, notes, where)}>"
    if pt.is_struct(t):
        inner = [f"{field(t.field(i).name)}:{arrow_type(t.field(i).type, notes, where)}"
                 for i in range(t.num_fields)]
        return "struct<" + ",".join(inner) + ">"
    if t == pa.null():
        notes.append(f"{where}: every value is null in the file; typed string")
        return "string"
    notes.append(f"{where}: {t} has no Athena type; typed string")
    return "string"


_AVRO = {"boolean": "boolean", "int": "int", "long": "bigint", "float": "float",
         "double": "double", "bytes": "binary", "string": "string", "null": "string",
         "fixed": "binary", "enum": "string"}
_AVRO_LOGICAL = {"date": "date", "timestamp-millis": "timestamp",
                 "timestamp-micros": "timestamp"}


def avro_type(schema: Any) -> str:
    """The Athena type of an Avro schema node.

    https://docs.aws.amazon.com/athena/latest/ug/avro-serde.html
    """
    if isinstance(schema, list):
        rest = [s for s in schema if s != "null"]
        return avro_type(rest[0]) if len(rest) == 1 else "string"
    if isinstance(schema, str):
        return _AVRO.get(schema, "string")
    logical = schema.get("logicalType")
    if logical == "decimal":
        return f"decimal({schema['precision']},{schema.get('scale', 0)})"
    if logical in _AVRO_LOGICAL:
        return _AVRO_LOGICAL[logical]
    kind = schema.get("type")
    if kind == "record":
        return "struct<" + ",".join(f"{field(f['name'])}:{avro_type(f['type'])}"
                                    for f in schema["fields"]) + ">"
    if kind == "array":
        return f"array<{avro_type(schema['items'])}>"
    if kind == "map":
        return f"map<string,{avro_type(schema['values'])}>"
    return avro_type(kind)


def merge(a: str | None, b: str | None) -> str | None:
    """The type both values fit (None: unknown yet), or None when they conflict."""
    if a is None or a == b:
        return b
    if b is None:
        return a
    return _WIDER.get((a, b)) or _WIDER.get((b, a))
