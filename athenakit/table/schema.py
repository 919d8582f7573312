"""The JSON Schema of athenakit spec files: the single description of which keys exist.

``athenakit schema`` prints it for editors; :mod:`athenakit.table.spec` uses the same ``properties``
to reject unknown keys with a "did you mean".
"""

from __future__ import annotations

from typing import Any

from athenakit.table.projection import DATE_UNITS
from athenakit.table.storage import DELIMITERS, FORMAT_NAMES

SCHEMA_ID = "https://athenakit.dev/schema/spec.json"


def _str(description: str, **extra: Any) -> dict[str, Any]:
    return {"type": "string", "description": description, **extra}


def _obj(description: str, properties: dict[str, Any], required: tuple[str, ...] = (),
         **extra: Any) -> dict[str, Any]:
    node: dict[str, Any] = {"type": "object", "description": description,
                            "properties": properties, "additionalProperties": False}
    if required:
        node["required"] = list(required)
    node.update(extra)
    return node


_SCALAR = {"type": ["string", "number", "boolean"]}
_RANGE = {"description": "two ends, as a list or 'start,end'",
          "oneOf": [{"type": "string"},
                    {"type": "array", "items": {"type": ["string", "integer"]},
                     "minItems": 2, "maxItems": 2}]}
_INT_TEXT = {"type": ["integer", "string"]}

COLUMN = _obj("A column.", {
    "name": _str("Column name (Athena lower-cases it)."),
    "type": _str("Athena DDL type: string, bigint, decimal(10,2), array<string>, "
                 "map<string,int>, struct<a:int,b:string> ..."),
    "comment": _str("Column comment."),
}, required=("name", "type"))

PROJECTION = _obj("Partition projection for this partition column.", {
    "type": {"enum": ["enum", "integer", "date", "injected"]},
    "values": {"description": "enum: the values, as a list or comma-separated string",
               "oneOf": [{"type": "string"}, {"type": "array", "items": _SCALAR}]},
    "range": _RANGE,
    "interval": _INT_TEXT,
    "digits": _INT_TEXT,
    "format": _str("date: Java DateTimeFormatter pattern, e.g. yyyy/MM/dd"),
    "interval_unit": {"enum": [*DATE_UNITS, "MILLISECONDS"]},
}, required=("type",))

PARTITION = _obj("A Hive partition column (not repeated in columns).", {
    **COLUMN["properties"], "type": _str("Partition column type (default string)."),
    "projection": PROJECTION,
}, required=("name",))

STORAGE = _obj("File format and SerDe.", {
    "format": {"enum": list(FORMAT_NAMES), "description": "storage format (default parquet)"},
    "serde": _str("custom: SerDe class"),
    "input_format": _str("custom: INPUTFORMAT class"),
    "output_format": _str("custom: OUTPUTFORMAT class"),
    "serde_properties": {"type": "object", "additionalProperties": _SCALAR},
    **{attr: _str(f"text: {clause}") for attr, _, clause in DELIMITERS},
    "header_lines": {"type": "integer", "minimum": 0,
                     "description": "header lines to skip (skip.header.line.count)"},
})

TABLE = _obj("One Athena table.", {
    "name": _str("Table name."),
    "database": _str("Database (optional)."),
    "comment": _str("Table comment."),
    "table_type": {"enum": ["hive", "iceberg", "delta"],
                   "description": "default hive (EXTERNAL); a delta table has only a name, "
                                  "a database and a location"},
    "location": _str("s3://bucket/prefix/ folder of the data."),
    "columns": {"type": "array", "items": COLUMN},
    "partitions": {"type": "array", "items": PARTITION},
    "partitioning": {"type": "array", "items": {"type": "string"},
                     "description": "Iceberg: col, day(ts), bucket(16, id), truncate(10, s)"},
    "storage": STORAGE,
    "compression": _str("Write compression: SNAPPY, GZIP, ZSTD, ..."),
    "compression_level": {"type": "integer", "minimum": 1, "maximum": 22},
    "bucketing": _obj("CLUSTERED BY ... INTO n BUCKETS", {
        "columns": {"type": "array", "items": {"type": "string"}},
        "count": {"type": "integer", "minimum": 1},
    }, required=("columns", "count")),
    "projection": _obj("Table-level partition projection settings.", {
        "enabled": {"type": "boolean"},
        "location_template": _str("storage.location.template with ${column} placeholders"),
    }),
    "properties": {"type": "object", "additionalProperties": _SCALAR,
                   "description": "Other TBLPROPERTIES"},
}, required=("name",), allOf=[{
    # https://docs.aws.amazon.com/athena/latest/ug/delta-lake-tables-getting-started.html
    "if": {"properties": {"table_type": {"const": "delta"}}, "required": ["table_type"]},
    "then": {"required": ["location"]},
    "else": {"required": ["columns"]},
}])

VIEW = _obj("One Athena view: CREATE VIEW name AS query.", {
    "name": _str("View name."),
    "database": _str("Database of the view."),
    "query": _str("The SELECT the view runs (Trino SQL)."),
}, required=("name", "query"))

FILE_KEYS = {
    "database": _str("Default database of the tables and views in this file."),
    "tables": {"type": "array", "items": TABLE},
    "views": {"type": "array", "items": VIEW},
}


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a spec file: one table, or ``tables:`` with several."""
    several = _obj("Several tables and views.", FILE_KEYS)
    several["anyOf"] = [{"required": ["tables"]}, {"required": ["views"]}]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "athenakit table spec",
        "oneOf": [several, TABLE, VIEW],
    }
