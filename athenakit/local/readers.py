"""Read one table's data files into a DuckDB relation, per storage format.

Parquet is read by DuckDB itself (columns matched by name, case-insensitively, as Athena
does by default); ORC through pyarrow; Avro through fastavro; text formats (delimited, OpenCSV, JSON, Regex) are parsed
by :mod:`athenakit.local.textformats` into strings that DuckDB casts to the declared types with
``TRY_CAST``, so a bad value is NULL rather than a dropped row. Partition values are constant
columns of each partition's files.

https://docs.aws.amazon.com/athena/latest/ug/supported-serdes.html
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlglot import exp

from athenakit.local import textformats
from athenakit.local.errors import UnsupportedLocally
from athenakit.local.paths import DataFile, PathMapper
from athenakit.sql.quoting import Engine, quote_identifier, quote_literal
from athenakit.table.model import Column, Table

_COUNTER = itertools.count()


@dataclass(frozen=True)
class Group:
    """The files of one partition (or of an unpartitioned table) and its values."""

    values: Mapping[str, str]
    files: Sequence[DataFile]


def _q(name: str) -> str:
    return quote_identifier(name, Engine.TRINO, always=True)


def duck_type(column: Column) -> str:
    """The DuckDB spelling of a column's type (``ARRAY(ROW(a INTEGER))`` -> ``STRUCT(a INT)[]``)."""
    return exp.DataType.build(column.type.dml, dialect="trino").sql(dialect="duckdb")


def _partition_exprs(table: Table, values: Mapping[str, str]) -> list[str]:
    out = []
    for part in table.partitions:
        raw = values.get(part.name.lower())
        value = "NULL" if raw is None else quote_literal(raw, Engine.TRINO)
        out.append(f"TRY_CAST({value} AS {duck_type(part)}) AS {_q(part.name.lower())}")
    return out


def _parquet_group(con: Any, table: Table, group: Group, reader: str) -> str:
    files = "[" + ", ".join(quote_literal(f.path, Engine.TRINO) for f in group.files) + "]"
    source = f"{reader}({files}, union_by_name = true)" if reader == "read_parquet" else \
        f"{reader}({files})"
    present = {row[0].lower(): row[0] for row in
               con.execute(f"DESCRIBE SELECT * FROM {source}").fetchall()}
    exprs = []
    for column in table.columns:
        name = column.name.lower()
        found = present.get(name)
        exprs.append(f"{_q(found)} AS {_q(name)}" if found else
                     f"CAST(NULL AS {duck_type(column)}) AS {_q(name)}")
    exprs.extend(_partition_exprs(table, group.values))
    return f"SELECT {', '.join(exprs)} FROM {source}"


def _cast(column: Column, source: str) -> str:
    if column.type.is_primitive:
        return f"TRY_CAST({source} AS {duck_type(column)})"
    return f"TRY_CAST(TRY_CAST({source} AS JSON) AS {duck_type(column)})"


def _text_group(con: Any, table: Table, group: Group, paths: PathMapper) -> str:
    import pyarrow as pa

    header = int(table.storage.header_lines or table.properties.get(
        "skip.header.line.count", 0) or 0)
    rows: list[list[str | None]] = []
    for f in group.files:
        with paths.open(f.path) as handle:
            rows.extend(textformats.parse(f.path, handle.read(), table, header))
    names = [f"c{i}" for i in range(len(table.columns))]
    arrays = [pa.array([r[i] for r in rows], type=pa.string()) for i in range(len(names))]
    name = f"__ak_text_{next(_COUNTER)}"
    con.register(name, pa.Table.from_arrays(arrays, names=names))
    exprs = [f"{_cast(c, _q(n))} AS {_q(c.name.lower())}" for c, n in zip(table.columns, names)]
    exprs.extend(_partition_exprs(table, group.values))
    return f"SELECT {', '.join(exprs)} FROM {name}"


def _read_orc(handle: Any) -> Any:
    from pyarrow import orc

    return orc.ORCFile(handle).read()


def _read_avro(handle: Any) -> Any:
    import pyarrow as pa

    try:
        import fastavro
    except ImportError as err:
        raise UnsupportedLocally(
            "reading Avro", hint="pip install fastavro (athenakit[local])") from err
    records = [{k: _naive(v) for k, v in r.items()} for r in fastavro.reader(handle)
               if isinstance(r, dict)]
    return pa.Table.from_pylist(records)


def _naive(value: Any) -> Any:
    # Avro timestamp-millis/micros are UTC instants; Athena's TIMESTAMP is their UTC wall time.
    import datetime as dt

    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.astimezone(dt.timezone.utc).replace(tzinfo=None)
    return value


_ARROW_READERS = {"orc": _read_orc, "avro": _read_avro}


def _arrow_group(con: Any, table: Table, group: Group, paths: PathMapper) -> str:
    """ORC (pyarrow) and Avro (fastavro) files, columns matched by name case-insensitively."""
    import pyarrow as pa

    read = _ARROW_READERS[table.storage.format]
    parts = []
    for f in group.files:
        with paths.open(f.path) as handle:
            parts.append(read(handle))
    data = pa.concat_tables(parts, promote_options="permissive")
    name = f"__ak_arrow_{next(_COUNTER)}"
    con.register(name, data)
    present = {n.lower(): n for n in data.column_names}
    exprs = []
    for c in table.columns:
        found = present.get(c.name.lower())
        source = _q(found) if found else "NULL"
        exprs.append(f"TRY_CAST({source} AS {duck_type(c)}) AS {_q(c.name.lower())}")
    exprs.extend(_partition_exprs(table, group.values))
    return f"SELECT {', '.join(exprs)} FROM {name}"


def _empty(table: Table) -> str:
    exprs = [f"CAST(NULL AS {duck_type(c)}) AS {_q(c.name.lower())}"
             for c in (*table.columns, *table.partitions)]
    return f"SELECT {', '.join(exprs)} WHERE false"


def relation_sql(con: Any, table: Table, groups: Sequence[Group], paths: PathMapper) -> str:
    """DuckDB SQL selecting the table's columns then its partition columns from ``groups``.

    Args:
        con: the DuckDB connection (text and ORC data are registered on it).
        table: the table spec.
        groups: the partitions to read, with their files (remote files already local).
        paths: opens the files.

    Returns:
        A SELECT (UNION ALL of one SELECT per partition).

    Raises:
        UnsupportedLocally: Grok, Ion and Iceberg tables; Avro without fastavro.
    """
    fmt = table.storage.format
    if table.is_iceberg:
        raise UnsupportedLocally("reading Iceberg tables")
    parts: list[str] = []
    for group in groups:
        if not group.files:
            continue
        if fmt == "parquet":
            parts.append(_parquet_group(con, table, group, "read_parquet"))
        elif fmt in _ARROW_READERS:
            parts.append(_arrow_group(con, table, group, paths))
        elif fmt in ("text", "csv", "hive_json", "openx_json", "regex", "cloudtrail"):
            parts.append(_text_group(con, table, group, paths))
        else:
            raise UnsupportedLocally(f"reading the {fmt} storage format")
    return "\nUNION ALL\n".join(parts) if parts else _empty(table)
