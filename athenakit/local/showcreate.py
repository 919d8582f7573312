"""SHOW CREATE TABLE as Athena prints it: one ``createtab_stmt`` row per line.

https://docs.aws.amazon.com/athena/latest/ug/show-create-table.html

A Hive table is printed by Athena's Hive side, by the code of Hive's ``DDLTask.showCreateTable``
(apache/hive 1.2, ql/src/java/org/apache/hadoop/hive/ql/exec/DDLTask.java; its expected output
in ql/src/test/results/clientpositive/show_create_table_delimited.q.out and
show_create_table_serde.q.out), whose text Athena returns:

- ``CREATE EXTERNAL TABLE `db.t`(`` (one pair of backticks around ``db.t``), the columns as
  ```name` type`` (`` COMMENT '...'`` when set) joined by ``", \\n"``, the last closed by ``)``;
- ``COMMENT '...'``; ``PARTITIONED BY ( `` and the partition columns; ``CLUSTERED BY ( ``;
- ``ROW FORMAT DELIMITED `` and one ``  FIELDS TERMINATED BY ',' `` line per delimiter
  (fields, collection items, map keys, lines, null) when the SerDe has any of them, else
  ``ROW FORMAT SERDE `` and the class; the other SerDe parameters (``serialization.format``
  left out) in ``WITH SERDEPROPERTIES ( ``; ``STORED AS INPUTFORMAT `` / ``OUTPUTFORMAT ``;
- ``LOCATION`` and the location; ``TBLPROPERTIES (`` and the table parameters sorted by key
  (``EXTERNAL`` and ``comment`` left out).

Delimiters, SerDe parameters and property values go through Java's ``escapeJava``, then
Hive's ``escapeHiveCommand`` (a backslash before ``'`` and ``;``), as Hive writes them;
several lines keep Hive's trailing space. The shape is the one Athena answers (RAthena's test
of ``SHOW CREATE TABLE`` against Athena, DyfanJones/RAthena tests/testthat/helper.R, prints
``CREATE EXTERNAL TABLE `default.test_df`(``, ``ROW FORMAT DELIMITED `` / ``  FIELDS
TERMINATED BY '\\t' ``, ``LOCATION`` / ``  's3://...'``, ``TBLPROPERTIES (`` /
``  'skip.header.line.count'='1')``; aws/aws-sdk-pandas#1514 shows a Parquet table's
``ROW FORMAT SERDE`` form with sorted TBLPROPERTIES).

An Iceberg table is printed by Athena's Iceberg side, in the shape of Athena's answers
(published outputs of SHOW CREATE TABLE for Iceberg tables): ``CREATE TABLE db.t (``,
``  name type`` lines joined by ``,`` (``decimal(10, 2)`` with a space), ``PARTITIONED BY
(day(`created_at`), bucket(100, `contract_id`), `category`)``, ``LOCATION '...'``,
``TBLPROPERTIES (`` / ``  'table_type'='iceberg',`` / ``  'write_compression'='snappy',`` /
``  'format'='parquet'`` / ``)``. Column comments, whose spelling in that output no source
shows, are refused.
"""

from __future__ import annotations

import re

from athenakit.local.answers import Answer, string_answer
from athenakit.local.errors import UnsupportedLocally
from athenakit.table.model import Column, IcebergPartition, Table, Transform
from athenakit.table.render import iceberg_properties, table_properties
from athenakit.table.storage import DELIMITERS

_DELIMITED = ("field.delim", "collection.delim", "mapkey.delim", "line.delim",
              "serialization.null.format")  # Hive's order (DDLTask.DELIMITER_PREFIXES)
_PREFIX = {key: clause for _, key, clause in DELIMITERS}
_DECIMAL = re.compile(r"decimal\((\d+),\s*(\d+)\)")
_SPACED = r"decimal(\1, \2)"
_JAVA_ESCAPES = {"\\": "\\\\", '"': '\\"', "\b": "\\b", "\n": "\\n", "\t": "\\t",
                 "\f": "\\f", "\r": "\\r"}


def answer(table: Table, classes: tuple[str, str, str], serde_params: dict[str, str]) -> Answer:
    """The ``createtab_stmt`` rows of ``table``.

    Args:
        table: the table.
        classes: its SerDe, input format and output format classes.
        serde_params: its SerDe parameters, delimiters included (``field.delim`` ...).

    Returns:
        One row per line of the statement.

    Raises:
        UnsupportedLocally: an Iceberg table with a partition transform or a column comment.
    """
    lines = _iceberg(table) if table.is_iceberg else _hive(table, classes, serde_params)
    return string_answer("createtab_stmt", lines)


def escape_java(text: str) -> str:
    """commons-lang 2 ``StringEscapeUtils.escapeJava``: ``\\``, ``"`` and control characters
    escaped, every character above U+007F as ``\\uXXXX``."""
    out = []
    for char in text:
        code = ord(char)
        if char in _JAVA_ESCAPES:
            out.append(_JAVA_ESCAPES[char])
        elif code < 0x20 or code > 0x7F:
            out.append(f"\\u{code:04X}" if code <= 0xFFFF else _surrogates(code))
        else:
            out.append(char)
    return "".join(out)


def _surrogates(code: int) -> str:
    high, low = divmod(code - 0x10000, 0x400)
    return f"\\u{0xD800 + high:04X}\\u{0xDC00 + low:04X}"


def escape_hive(text: str) -> str:
    """Hive's ``HiveStringUtils.escapeHiveCommand``: a backslash before ``'`` and ``;``."""
    return "".join("\\" + c if c in "';" else c for c in text)


def _hive(table: Table, classes: tuple[str, str, str], serde_params: dict[str, str]) -> list[str]:
    name = f"{table.database or 'default'}.{table.name}".lower()
    lines = [f"CREATE EXTERNAL TABLE `{name}`(", *_listed(table.columns, ")")]
    if table.comment is not None:
        lines.append(f"COMMENT '{escape_hive(table.comment)}'")
    if table.partitions:
        lines += ["PARTITIONED BY ( ", *_listed(table.partitions, ")")]
    if table.bucketing is not None:
        cols = [f"  {c}" for c in table.bucketing.columns]
        lines += ["CLUSTERED BY ( ", *(c + ", " for c in cols[:-1]), cols[-1] + ") ",
                  f"INTO {table.bucketing.count} BUCKETS"]
    lines += _row_format(classes, dict(serde_params))
    if table.location is not None:
        lines += ["LOCATION", f"  '{escape_hive(table.location)}'"]
    props = sorted(table_properties(table))
    quoted = [f"  '{k}'='{escape_hive(escape_java(v))}'" for k, v in props if k != "EXTERNAL"]
    return [*lines, "TBLPROPERTIES (", *(q + ", " for q in quoted[:-1]),
            (quoted[-1] if quoted else "") + ")"]


def _listed(columns: tuple[Column, ...], close: str) -> list[str]:
    described = [f"  `{c.name.lower()}` {c.type}" + (
        f" COMMENT '{escape_hive(c.comment)}'" if c.comment is not None else "")
        for c in columns]
    return [*(d + ", " for d in described[:-1]), described[-1] + close] if described else [close]


def _row_format(classes: tuple[str, str, str], params: dict[str, str]) -> list[str]:
    delimiters = [(key, params.pop(key)) for key in _DELIMITED if key in params]
    params.pop("serialization.format", None)
    if delimiters:
        lines = ["ROW FORMAT DELIMITED ", *(
            f"  {_PREFIX[key]} '{escape_hive(escape_java(value))}' " for key, value in delimiters)]
    else:
        lines = ["ROW FORMAT SERDE ", f"  '{escape_hive(classes[0])}' "]
    if params:
        quoted = [f"  '{k}'='{escape_hive(escape_java(v))}'" for k, v in sorted(params.items())]
        lines += ["WITH SERDEPROPERTIES ( ", *(q + ", " for q in quoted[:-1]), quoted[-1] + ") "]
    return [*lines, "STORED AS INPUTFORMAT ", f"  '{escape_hive(classes[1])}' ",
            "OUTPUTFORMAT ", f"  '{escape_hive(classes[2])}'"]


def _iceberg(table: Table) -> list[str]:
    if any(c.comment is not None for c in table.columns):
        raise UnsupportedLocally("SHOW CREATE TABLE of an Iceberg table with column comments",
                                 hint="DESCRIBE shows its columns and comments")
    name = f"{table.database or 'default'}.{table.name}".lower()
    columns = [f"  {c.name.lower()} {_DECIMAL.sub(_SPACED, str(c.type))}" for c in table.columns]
    lines = [f"CREATE TABLE {name} (", *(c + "," for c in columns[:-1]), columns[-1] + ")"]
    if table.partitioning:
        lines.append("PARTITIONED BY (" + ", ".join(map(_field, table.partitioning)) + ")")
    if table.location is not None:
        lines.append(f"LOCATION '{table.location}'")
    quoted = [f"  '{k}'='{v}'" for k, v in _iceberg_properties(table)]
    return [*lines, "TBLPROPERTIES (", *(q + "," for q in quoted[:-1]), quoted[-1], ")"]


def _field(part: IcebergPartition) -> str:
    column = f"`{part.column.lower()}`"
    if part.transform is Transform.IDENTITY:
        return column
    inner = column if part.param is None else f"{part.param}, {column}"
    return f"{part.transform.value}({inner})"


def _iceberg_properties(table: Table) -> list[tuple[str, str]]:
    """``table_type`` first, then ``write_compression``, ``format``, the rest sorted."""
    given = dict(iceberg_properties(table))
    given.pop("table_type", None)
    if "write_compression" in given:  # Athena prints the codec in lower case
        given["write_compression"] = given["write_compression"].lower()
    first = [(k, given.pop(k)) for k in ("write_compression", "format") if k in given]
    return [("table_type", "iceberg"), *first, *sorted(given.items())]
