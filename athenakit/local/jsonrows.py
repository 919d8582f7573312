"""Rows of JSON data files, the way Athena's JSON SerDes read them.

* Hive JSON SerDe and OpenX JSON SerDe: one JSON object per line (OpenX: also an array, by
  position; a line that is neither is a row of NULLs). Keys match column names and struct field
  names case-insensitively unless OpenX's ``case.insensitive`` is ``false``; ``mapping.<column>``
  names the key a column reads; map keys keep their case. Values are decoded by
  :mod:`athenakit.local.jsonvalues` as Trino's JsonDeserializer / OpenXJsonDeserializer decode them.
* A malformed line fails the query (``HIVE_BAD_DATA``), unless OpenX's
  ``ignore.malformed.json`` is ``true``: then the line is a row of NULLs.
* CloudTrail: as Trino's CloudTrailLineReader, each line a document ``{"Records": [event, ...]}``
  (a line that is not is skipped); every element of ``Records`` is one row for the Hive JSON SerDe
  (CloudTrail's camelCase keys fill the lower-case columns); ``requestParameters``,
  ``responseElements``, ``additionalEventData`` and ``serviceEventDetails`` read as their JSON
  text, ``userIdentity`` also as ``userIdentity_as_string``.

https://docs.aws.amazon.com/athena/latest/ug/json-serde.html
https://docs.aws.amazon.com/athena/latest/ug/openx-json-serde.html
https://docs.aws.amazon.com/athena/latest/ug/cloudtrail-logs.html
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from athenakit.errors import QueryError
from athenakit.local import jsontokens
from athenakit.local.errors import UnsupportedLocally
from athenakit.table.model import Table

Row = list[str | None]


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
        if not openx and any(k.startswith("mapping.") for k in props):
            # Trino's JsonDeserializerFactory reads no mapping for the Hive JSON SerDe, and
            # Athena documents none: which key Athena reads is not known here
            raise UnsupportedLocally("the SerDe property mapping.* on the Hive JSON SerDe")
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
        if len(lowered) != len(record):
            # https://docs.aws.amazon.com/athena/latest/ug/hive-json-serde.html : no duplicate
            # keys (Trino's RowDecoder keeps the last one): refused rather than guessed
            raise UnsupportedLocally("a repeated key in a Hive JSON object")
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


# CloudTrailLineReader: fields read as their JSON text whatever the table declares, and a copy of
# userIdentity as text under userIdentity_as_string
_AS_TEXT = ("requestParameters", "responseElements", "additionalEventData", "serviceEventDetails")
_AS_STRING = ("userIdentity",)


def _jackson_text(value: Any) -> str:
    """``JsonNode.toString()``: compact JSON, a float as Java's ``Double.toString`` prints it."""
    from athenakit.local.javatext import java_double

    if value is None or value is True or value is False:
        return json.dumps(value)
    if isinstance(value, jsontokens.Bare):
        is_integer = value.lstrip("-").isdigit()
        return str(value) if is_integer else java_double(float(value))
    if isinstance(value, list):
        return "[" + ",".join(_jackson_text(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ",".join(f"{_jackson_string(k)}:{_jackson_text(v)}"
                              for k, v in value.items()) + "}"
    return _jackson_string(value)


_JACKSON_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n",
                    "\f": "\\f", "\r": "\\r"}


def _jackson_string(text: str) -> str:
    # Jackson escapes the quote, the backslash and control characters (\\uXXXX in upper case)
    return '"' + "".join(_JACKSON_ESCAPES.get(c) or (f"\\u{ord(c):04X}" if c < " " else c)
                         for c in text) + '"'


def _cloudtrail_record(record: Any) -> dict[str, Any]:
    if not isinstance(record, dict):
        raise _bad("in a CloudTrail record", ValueError("a record is not a JSON object"))
    for name in _AS_TEXT:
        if name in record:
            value = record.pop(name)
            if value is not None:
                record[name] = _jackson_text(value)
    for name in _AS_STRING:
        if name in record:
            value = record.pop(name)
            if value is not None:
                record[name] = value
                record[name + "_as_string"] = _jackson_text(value)
    return record


def cloudtrail(lines: Sequence[str], table: Table) -> Iterator[Row]:
    """Rows of a CloudTrail log file, as Trino's CloudTrailLineReader hands them to the Hive
    JSON SerDe: each line a document ``{"Records": [...]}`` (a line that is not is skipped),
    each record a row, four fields (``requestParameters``, ...) as their JSON text.

    Raises:
        QueryError: a record that is not an object; a value the Hive JSON SerDe cannot read.
    """
    decoded = _Decoded(table, openx=False)
    for line in lines:
        try:
            document = jsontokens.hive(line)
            records = document["Records"]
        except (jsontokens.Malformed, KeyError, TypeError):
            continue  # "We do not throw error in order to fully read cloudtrail records"
        if isinstance(records, dict):  # JsonNode.elements() of an object: its values
            records = list(records.values())
        if not isinstance(records, list):
            continue
        for record in records:
            yield decoded.row(_cloudtrail_record(record))
