"""Rows of JSON data files, the way Athena's JSON SerDes read them.

* Hive JSON SerDe and OpenX JSON SerDe: one JSON object per line. Keys match column names and
  struct field names case-insensitively unless OpenX's ``case.insensitive`` is ``false``;
  ``mapping.<column>`` names the key a column reads; map keys keep their case.
* A malformed line fails the query (``HIVE_BAD_DATA``), unless OpenX's
  ``ignore.malformed.json`` is ``true``: then the line is a row of NULLs.
* CloudTrail SerDe: each file is one object ``{"Records": [event, ...]}``; every element of
  ``Records`` is one row, matched like the Hive JSON SerDe (CloudTrail's camelCase keys fill the
  lower-case columns). Fields declared ``string`` that hold an object (``requestParameters``)
  read as that object's JSON text.

https://docs.aws.amazon.com/athena/latest/ug/json-serde.html
https://docs.aws.amazon.com/athena/latest/ug/openx-json-serde.html
https://docs.aws.amazon.com/athena/latest/ug/cloudtrail-logs.html
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from functools import cache
from typing import Any

from athenakit.errors import QueryError
from athenakit.local import jsontokens
from athenakit.local.errors import UnsupportedLocally
from athenakit.table.model import Table

Row = list[str | None]


@cache
def _shape(ddl: str) -> Any:
    """A column type as nested tuples: ('struct', {field: shape}), ('array', shape),
    ('map', shape), or None for a primitive."""
    from sqlglot import exp

    return _shape_of(exp.DataType.build(ddl, dialect="hive"))


def _shape_of(node: Any) -> Any:
    from sqlglot import exp

    kind = node.this
    if kind == exp.DataType.Type.STRUCT:
        fields = {}
        for col in node.expressions:
            fields[col.name.lower()] = _shape_of(col.args["kind"])
        return ("struct", fields)
    if kind == exp.DataType.Type.ARRAY:
        return ("array", _shape_of(node.expressions[0]))
    if kind == exp.DataType.Type.MAP:
        return ("map", _shape_of(node.expressions[1]))
    return None


def _fold(value: Any, shape: Any, insensitive: bool) -> Any:
    """Rename struct keys to the declared field names, following the column's type."""
    if shape is None or value is None:
        return value
    kind, inner = shape
    if kind == "array" and isinstance(value, list):
        return [_fold(v, inner, insensitive) for v in value]
    if kind == "map" and isinstance(value, dict):
        return {k: _fold(v, inner, insensitive) for k, v in value.items()}
    if kind == "struct" and isinstance(value, dict):
        source = {str(k).lower(): v for k, v in value.items()} if insensitive else value
        return {name: _fold(source.get(name), sub, insensitive) for name, sub in inner.items()}
    return value


def _text(value: Any) -> str | None:
    """The string DuckDB casts to the column type: JSON text for objects and arrays."""
    if value is None:
        return None
    if isinstance(value, (dict, list)):
        return json.dumps(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


class _Matcher:
    """Turns one decoded JSON object into a row of the table's columns."""

    def __init__(self, table: Table, *, openx: bool) -> None:
        props = table.storage.serde_properties
        self.insensitive = not (openx and props.get("case.insensitive", "true").lower() == "false")
        keys = [props.get(f"mapping.{c.name}", c.name) for c in table.columns]
        self.keys = [k.lower() for k in keys] if self.insensitive else keys
        self.shapes = [None if c.type.is_primitive else _shape(c.type.ddl) for c in table.columns]

    def row(self, record: Mapping[str, Any]) -> Row:
        if self.insensitive:
            lowered = {str(k).lower(): v for k, v in record.items()}
            if len(lowered) != len(record):
                # https://docs.aws.amazon.com/athena/latest/ug/openx-json-serde.html
                raise QueryError("HIVE_CURSOR_ERROR", state="FAILED", reason="Row is not a "
                                 "valid JSON Object - duplicate key once lower-cased")
            record = lowered
        return [_text(_fold(record.get(k), s, self.insensitive))
                for k, s in zip(self.keys, self.shapes)]


def _bad(where: str, err: Exception) -> QueryError:
    return QueryError("HIVE_BAD_DATA", state="FAILED", reason=f"error parsing JSON {where}: {err}")


class _Decoded:
    """Rows of the Hive JSON and OpenX SerDes: values decoded by :mod:`jsonvalues`."""

    def __init__(self, table: Table, *, openx: bool) -> None:
        from athenakit.local import jsonvalues

        props = table.storage.serde_properties
        self.openx = openx
        self.insensitive = not (openx and props.get("case.insensitive", "true").lower() == "false")
        if openx and props.get("dots.in.keys", "false").lower() == "true":
            raise UnsupportedLocally("the SerDe property dots.in.keys")
        if "timestamp.formats" in props and any("timestamp" in c.type.ddl for c in table.columns):
            raise UnsupportedLocally("the SerDe property timestamp.formats")
        keys = [props.get(f"mapping.{c.name}", c.name) for c in table.columns]
        self.keys = [k.lower() for k in keys] if self.insensitive else keys
        mappings = {k[len("mapping."):].lower(): v for k, v in props.items()
                    if k.startswith("mapping.")} if openx else {}
        decoder = jsonvalues.Decoder(openx=openx, insensitive=self.insensitive, mappings=mappings)
        self.readers = [decoder.reader(c.type.ddl) for c in table.columns]

    def row(self, record: Any) -> Row:
        if isinstance(record, list):  # OpenX: a JSON array line fills the columns by position
            values = [record[i] if i < len(record) else None for i in range(len(self.readers))]
        else:
            fields = self.fields(record)
            values = [fields.get(k) for k in self.keys]
        return [read(v) for read, v in zip(self.readers, values)]

    def fields(self, record: Mapping[str, Any]) -> Mapping[str, Any]:
        if not self.insensitive:
            return record
        # JsonDeserializer.RowDecoder: the last of keys equal once lower-cased
        lowered = {key.lower(): value for key, value in record.items()}
        if len(lowered) != len(record) and self.openx:
            # https://docs.aws.amazon.com/athena/latest/ug/openx-json-serde.html
            raise QueryError("HIVE_CURSOR_ERROR", state="FAILED", reason="Row is not a "
                             "valid JSON Object - duplicate key once lower-cased")
        return lowered


def json_lines(lines: Sequence[str], table: Table, *, openx: bool) -> Iterator[Row]:
    """Rows of a JSON-lines file (Hive JSON SerDe or OpenX JSON SerDe).

    Args:
        lines: the file's lines.
        table: the table spec (columns and SerDe properties).
        openx: True for the OpenX SerDe (``ignore.malformed.json``, ``case.insensitive``).

    Returns:
        One row per line (OpenX: a line that is not an object or array is a row of NULLs).

    Raises:
        QueryError: a malformed line, unless ``ignore.malformed.json`` is true (OpenX); a value
            the Hive JSON SerDe cannot read (HIVE_BAD_DATA).
        UnsupportedLocally: what is not reproduced (see :mod:`jsonvalues`).
    """
    props = table.storage.serde_properties
    ignore = openx and props.get("ignore.malformed.json", "false").lower() == "true"
    decoded = _Decoded(table, openx=openx)
    nulls: Row = [None] * len(decoded.readers)
    for number, line in enumerate(lines, 1):
        if openx:
            # OpenXJsonDeserializer.deserialize: only a line starting with [ or { is read
            trimmed = line.strip("".join(map(chr, range(33))))
            if not trimmed.startswith(("[", "{")):
                yield nulls
                continue
        elif not line.strip():
            # JsonDeserializer reads an object from every line; whether Athena's line reader
            # passes it a blank line is not known here
            raise UnsupportedLocally("a blank line in a Hive JSON SerDe file")
        try:
            record = jsontokens.openx(trimmed) if openx else jsontokens.hive(line)
        except jsontokens.Malformed as err:
            if ignore:
                yield nulls
                continue
            raise _bad(f"on line {number}", err) from err
        if not openx and not isinstance(record, dict):
            raise _bad(f"on line {number}", ValueError("Invalid JSON: start of object expected"))
        yield decoded.row(record)


def cloudtrail(text: str, table: Table) -> Iterator[Row]:
    """Rows of a CloudTrail log file: one per element of its ``Records`` array.

    Raises:
        QueryError: the file is not a JSON object with a ``Records`` array.
    """
    try:
        document = json.loads(text) if text.strip() else {"Records": []}
        records = document["Records"]
        if not isinstance(records, list):
            raise TypeError("Records is not an array")
    except (ValueError, KeyError, TypeError) as err:
        raise _bad("in a CloudTrail file (expected {\"Records\": [...]})", err) from err
    matcher = _Matcher(table, openx=False)
    for record in records:
        if isinstance(record, dict):
            yield matcher.row(record)
