"""Read one table's data files into a DuckDB relation, per storage format.

Parquet is read by DuckDB itself (columns matched by name, case-insensitively, as Athena
does by default; by position with ``parquet.column.index.access``); ORC through pyarrow (by
position, Athena's default for ORC); a file column's type is checked against the declared
one as Athena's readers do (:mod:`athenakit.local.filetypes`); Avro through fastavro; text
formats (delimited, OpenCSV, JSON, Regex) are parsed by :mod:`athenakit.local.textformats` into
strings: a delimited field is read as its type in DuckDB SQL by :mod:`athenakit.local.hivetext`
(Trino's Hive text encodings), JSON and Regex values arrive as the exact text of their decoded
value and are cast, OpenCSV values are cast with ``TRY_CAST``. A table's selected partitions are
read as one scan: one ``read_parquet`` over the list of files (partition values from the ``k=v``
paths through DuckDB's ``hive_partitioning`` when the paths spell them, else joined on each row's
file name), or one Arrow table holding every file for the other formats; the columns come from
the spec, matched against one file.

https://docs.aws.amazon.com/athena/latest/ug/supported-serdes.html
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlglot import exp

from athenakit.local.chars import declared_width
from athenakit.local.errors import UnsupportedLocally
from athenakit.local.file_schemas import files_literal
from athenakit.local.partitions import hive_values
from athenakit.local.paths import DataFile, PathMapper
from athenakit.local.varchar_widths import declared
from athenakit.sql.quoting import Engine, quote_identifier, quote_literal
from athenakit.table.model import Column, Table

_COUNTER = itertools.count()


@dataclass(frozen=True)
class Group:
    """The files of one partition (or of an unpartitioned table) and its values."""

    values: Mapping[str, str | None]
    files: Sequence[DataFile]


def _q(name: str) -> str:
    return quote_identifier(name, Engine.TRINO, always=True)


def duck_type(column: Column) -> str:
    """The DuckDB spelling of a column's type (``ARRAY(ROW(a INTEGER))`` -> ``STRUCT(a INT)[]``)."""
    return exp.DataType.build(column.type.dml, dialect="trino").sql(dialect="duckdb")


def _partition_exprs(table: Table, source: Mapping[str, str]) -> list[str]:
    """The partition columns, cast from the text expressions in ``source`` (name -> SQL)."""
    return [f"TRY_CAST({source.get(p.name.lower(), 'NULL')} AS {duck_type(p)}) "
            f"AS {_q(p.name.lower())}" for p in table.partitions]


def _hive_layout(table: Table, groups: Sequence[Group]) -> bool:
    """Whether every file's ``k=v`` folders spell its partition's values, so that DuckDB's
    ``hive_partitioning`` (which unescapes ``%XX`` as Hive does) reads them from the paths."""
    names = [p.name.lower() for p in table.partitions]
    seen: set[tuple[str, tuple[str | None, ...]]] = set()
    for group in groups:
        wanted = tuple(group.values.get(n) for n in names)
        for f in group.files:
            folder = f.path.rpartition("/")[0]
            if (folder, wanted) in seen:
                continue  # the files of one folder share its values
            found = hive_values(folder + "/")
            if tuple(found.get(n) for n in names) != wanted:
                return False
            seen.add((folder, wanted))
    return True


def _matched(table: Table, present: Mapping[str, tuple[str, str]],
             what: str) -> list[tuple[Column, tuple[str, str] | None]]:
    """Each declared column with the file column it reads: by name (case-insensitively), or by
    position where the table reads its files by index (ORC's default, Parquet's with
    ``parquet.column.index.access``; ``athenakit.table.diff.reads_by_name``).
    https://docs.aws.amazon.com/athena/latest/ug/handling-schema-updates-chapter.html"""
    from athenakit.table.diff import reads_by_name

    if reads_by_name(table):
        return [(c, present.get(c.name.lower())) for c in table.columns]
    ordered = list(present.values())
    return [(c, ordered[i] if i < len(ordered) else None) for i, c in enumerate(table.columns)]


def _read(con: Any, column: Column, found: tuple[str, str] | None, alias: str,
          what: str, variants: Sequence[str] = ()) -> str:
    """The select item reading one declared column from its file column (NULL when the file
    has none), in the declared type (:func:`athenakit.local.filetypes.read_column`)."""
    from athenakit.local import filetypes

    if found is None:
        return f"CAST(NULL AS {duck_type(column)}) AS {_q(column.name.lower())}"
    read = filetypes.read_column(con.type, f"{alias}.{_q(found[0])}", found[1], column.type,
                                 duck_type(column), f"{what} column {column.name.lower()}",
                                 variants)
    return f"{read} AS {_q(column.name.lower())}"


def _parquet_scan(con: Any, table: Table, groups: Sequence[Group], union: bool,
                  hidden: Sequence[str] = (), uris: Mapping[str, str] | None = None) -> str:
    """One ``read_parquet`` over every selected file, partition values attached: from the
    ``k=v`` paths when they spell them, else joined on each row's file name. DuckDB matches
    columns by name in every file; ``union`` (files whose columns differ) reads each file's
    footer first so that a column missing from some files is NULL there."""
    from athenakit.local.file_schemas import parquet_columns
    from athenakit.table.diff import reads_by_name

    files = [f for g in groups for f in g.files]
    scanned = parquet_columns(con, files, {c.name.lower(): duck_type(c) for c in table.columns})
    if scanned.union and not reads_by_name(table):
        # DuckDB's union matches the files' columns by name, where the table reads by position
        raise UnsupportedLocally("reading by index (parquet.column.index.access) Parquet "
                                 "files whose columns differ")
    differ = scanned.union
    exprs = [_read(con, c, found, "__ak_t", "Parquet", scanned.variants.get(c.name.lower(), ()))
             for c, found in _matched(table, scanned.present, "Parquet")]
    names = [p.name.lower() for p in table.partitions]
    hive = bool(names) and _hive_layout(table, groups)
    options = [f"union_by_name = {str(union or differ).lower()}",
               f"hive_partitioning = {str(hive).lower()}"]
    if hive:
        options.append("hive_types_autocast = false")
        exprs.extend(_partition_exprs(table, {n: f"__ak_t.{_q(n)}" for n in names}))
    elif names:
        exprs.extend(_partition_exprs(table, {n: f"__ak_p.{_q(n)}" for n in names}))
    if names and not hive or hidden:
        options.append("filename = '__ak_file'")
    source = f"read_parquet({files_literal(files)}, {', '.join(options)}) AS __ak_t"
    if names and not hive:
        source += _partition_join(table, groups)
    if hidden:  # "$path" and its siblings (hiddencols)
        from athenakit.local import hiddencols

        exprs.extend(hiddencols.items(hidden))
        source += hiddencols.join(groups, uris or {}, "__ak_t")
    return f"SELECT {', '.join(exprs)} FROM {source}"


def _partition_join(table: Table, groups: Sequence[Group]) -> str:
    """A join of each file name to its partition's values (layouts DuckDB cannot read)."""
    names = [p.name.lower() for p in table.partitions]
    rows = []
    for group in groups:
        values = [_text(group.values.get(n)) for n in names]
        rows += [f"({quote_literal(f.path, Engine.TRINO)}, {', '.join(values)})"
                 for f in group.files]
    header = ", ".join(["__ak_file", *(_q(n) for n in names)])
    return (f" JOIN (VALUES {', '.join(rows)}) AS __ak_p({header}) "
            "ON __ak_t.__ak_file = __ak_p.__ak_file")


def _text(value: str | None) -> str:
    return "CAST(NULL AS VARCHAR)" if value is None else quote_literal(value, Engine.TRINO)


def _cast(column: Column, source: str) -> str:
    if column.type.is_primitive:
        return f"TRY_CAST({source} AS {duck_type(column)})"
    return f"TRY_CAST(TRY_CAST({source} AS JSON) AS {duck_type(column)})"


def _hive_text(table: Table) -> Any:
    """Read a LazySimpleSerDe field's text as Trino's Hive text encodings do (hivetext.py)."""
    from athenakit.local import hivetext
    from athenakit.local.textformats import delimited_options

    options = delimited_options(table).options

    def read(column: Column, source: str) -> str:
        value = hivetext.column_sql(column.type.ddl, source, options)
        return f"CAST({value} AS {duck_type(column)})"

    return read


def _decoded(column: Column, source: str) -> str:
    """A value already decoded to its exact text (jsonvalues.py, regexvalues.py)."""
    if not column.type.is_primitive:
        return f"CAST(CAST({source} AS JSON) AS {duck_type(column)})"
    if column.type.base == "binary":
        return f"unhex({source})"
    return f"CAST({source} AS {duck_type(column)})"


def _with_partitions(data: Any, table: Table, values: Mapping[str, str | None]) -> Any:
    """``data`` (an Arrow table) with one text column per partition value, ``__ak_p<i>``."""
    import pyarrow as pa

    for i, part in enumerate(table.partitions):
        value = values.get(part.name.lower())
        data = data.append_column(f"__ak_p{i}", pa.array([value] * data.num_rows, pa.string()))
    return data


def _register(con: Any, parts: list[Any], prefix: str) -> tuple[str, Any]:
    """Register the parts as one Arrow table on the connection; its name and the table."""
    import pyarrow as pa

    name = f"{prefix}{next(_COUNTER)}"
    try:
        data = pa.concat_tables(parts, promote_options="permissive")
    except (pa.ArrowInvalid, pa.ArrowTypeError) as err:  # types no one type holds
        raise UnsupportedLocally(f"reading files whose columns' types differ ({err})") from err
    con.register(name, data)
    return name, data


def _partition_sources(table: Table) -> dict[str, str]:
    return {p.name.lower(): _q(f"__ak_p{i}") for i, p in enumerate(table.partitions)}


def _text_scan(con: Any, table: Table, groups: Sequence[Group], paths: PathMapper) -> str:
    """Text formats: every file parsed to strings, one registered Arrow table for all."""
    import pyarrow as pa

    from athenakit.local import textformats

    header = int(table.storage.header_lines or table.properties.get(
        "skip.header.line.count", 0) or 0)
    names = [f"c{i}" for i in range(len(table.columns))]
    parts = []
    for group in groups:
        rows: list[list[str | None]] = []
        for f in group.files:
            with paths.open(f.path) as handle:
                rows.extend(textformats.parse(f.path, handle.read(), table, header))
        arrays = [pa.array([r[i] for r in rows], type=pa.string()) for i in range(len(names))]
        parts.append(_with_partitions(pa.Table.from_arrays(arrays, names=names), table,
                                      group.values))
    name, _ = _register(con, parts, "__ak_text_")
    read = _cast
    if table.storage.format == "text":
        read = _hive_text(table)
    elif table.storage.format in ("hive_json", "openx_json", "regex", "cloudtrail"):
        read = _decoded
    exprs = [f"{read(c, _q(n))} AS {_q(c.name.lower())}" for c, n in zip(table.columns, names)]
    exprs.extend(_partition_exprs(table, _partition_sources(table)))
    return f"SELECT {', '.join(exprs)} FROM {name}"


def _read_orc(handle: Any) -> Any:
    from pyarrow import orc

    return orc.ORCFile(handle).read()


def _read_avro(handle: Any, literal: str | None = None) -> Any:
    """An Avro file's records, resolved against the table's ``avro.schema.literal`` as Avro's
    schema resolution resolves a writer's schema to a reader's (Athena's SerDe reads with it:
    fields by name, ``int`` promoted to ``long``, a field the file lacks its default; a
    ``double`` read as ``long`` fails, where a cast had rounded it)."""
    import json

    import pyarrow as pa

    try:
        import fastavro
    except ImportError as err:
        raise UnsupportedLocally(
            "reading Avro", hint="pip install fastavro (athenakit[local])") from err
    try:
        schema = fastavro.parse_schema(json.loads(literal)) if literal else None
        records = [{k: _naive(v) for k, v in r.items()}
                   for r in fastavro.reader(handle, reader_schema=schema) if isinstance(r, dict)]
    except (ValueError, fastavro.read.SchemaResolutionError) as err:
        raise UnsupportedLocally(f"reading an Avro file whose schema does not resolve to the "
                                 f"table's avro.schema.literal ({err})") from err
    return pa.Table.from_pylist(records)


def _naive(value: Any) -> Any:
    # Avro timestamp-millis/micros are UTC instants; Athena's TIMESTAMP is their UTC wall time.
    import datetime as dt

    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.astimezone(dt.timezone.utc).replace(tzinfo=None)
    return value


_ARROW_READERS = {"orc": _read_orc, "avro": _read_avro}


def _arrow_scan(con: Any, table: Table, groups: Sequence[Group], paths: PathMapper,
                hidden: Sequence[str] = (), uris: Mapping[str, str] | None = None) -> str:
    """ORC (pyarrow) and Avro (fastavro) files: ORC's columns matched as the table reads them
    (by position unless ``orc.column.index.access`` is false), Avro's by name."""
    import pyarrow as pa

    from athenakit.local import file_schemas
    from athenakit.table.diff import reads_by_name

    read, orc = _ARROW_READERS[table.storage.format], table.storage.format == "orc"
    literal = table.storage.serde_properties.get("avro.schema.literal") or \
        table.properties.get("avro.schema.literal")
    declared = [c.name.lower() for c in table.columns]
    parts: list[Any] = []
    schemas: dict[Any, Any] = {}
    for group in groups:
        for f in group.files:
            with paths.open(f.path) as handle:
                part = read(handle) if orc else _read_avro(handle, literal)
            if orc:  # each file's columns under the declared names (file_schemas)
                part = file_schemas.orc_columns(part, declared, reads_by_name(table))
                schemas.setdefault(part.schema, part)
            part = _with_partitions(part, table, group.values)
            if hidden:
                part = part.append_column("__ak_file", pa.array([f.path] * part.num_rows,
                                                                 pa.string()))
            parts.append(part)
    name, data = _register(con, parts, "__ak_arrow_")
    if orc:  # the files' own types, checked (filetypes)
        present = {row[0]: (row[0], row[1]) for row in con.execute(
            f"DESCRIBE {name}").fetchall() if row[0] in declared}
        variants = file_schemas.arrow_variants(con, list(schemas.values()))
        exprs = [_read(con, c, present.get(c.name.lower()), name, "ORC",
                       variants.get(c.name.lower(), ())) for c in table.columns]
    else:  # Avro records, typed by fastavro's Python values
        found_names = {n.lower(): n for n in data.column_names}
        exprs = []
        for c in table.columns:
            found = found_names.get(c.name.lower())
            source = _q(found) if found else "NULL"
            exprs.append(f"TRY_CAST({source} AS {duck_type(c)}) AS {_q(c.name.lower())}")
    exprs.extend(_partition_exprs(table, _partition_sources(table)))
    source = name
    if hidden:  # "$path" and its siblings (hiddencols)
        from athenakit.local import hiddencols

        exprs.extend(hiddencols.items(hidden))
        source += hiddencols.join(groups, uris or {}, name)
    return f"SELECT {', '.join(exprs)} FROM {source}"


def _empty(table: Table) -> str:
    exprs = [f"CAST(NULL AS {duck_type(c)}) AS {_q(c.name.lower())}"
             for c in (*table.columns, *table.partitions)]
    return f"SELECT {', '.join(exprs)} WHERE false"


def relation_sql(con: Any, table: Table, groups: Sequence[Group], paths: PathMapper, *,
                 union: bool = False, hidden: Sequence[str] = (),
                 uris: Mapping[str, str] | None = None) -> str:
    """DuckDB SQL selecting the table's columns then its partition columns from ``groups``.

    Args:
        con: the DuckDB connection (text and ORC data are registered on it).
        table: the table spec.
        groups: the partitions to read, with their files (remote files already local).
        paths: opens the files.
        union: read Parquet files with ``union_by_name`` (when a file lacks a column the
            first file has: DuckDB's "schema mismatch" error).
        hidden: the hidden columns (``$path``, ...) the statement names
            (:mod:`athenakit.local.hiddencols`).
        uris: each local file's ``s3://`` URI, for ``$path``.

    Returns:
        One SELECT over all the files: one ``read_parquet`` for Parquet, one registered
        Arrow table for the other formats.

    Raises:
        UnsupportedLocally: Grok, Ion and Iceberg tables; Avro without fastavro.
        QueryError: a partition value that is not one of its key's type
            (``HIVE_INVALID_PARTITION_VALUE``).
    """
    fmt = table.storage.format
    if table.is_iceberg:
        raise UnsupportedLocally("reading Iceberg tables")
    groups = [g for g in groups if g.files]
    if not groups:
        return _empty(table)
    if table.partitions:  # each value read by its key's type, as Athena does (partvalues)
        from athenakit.local import partvalues

        groups = [Group(partvalues.parsed(table, g.values), g.files) for g in groups]
    if fmt == "parquet":
        return _padded(table, _parquet_scan(con, table, groups, union, hidden, uris))
    if fmt in _ARROW_READERS:
        return _padded(table, _arrow_scan(con, table, groups, paths, hidden, uris))
    if hidden:
        raise UnsupportedLocally(f'the hidden column "{hidden[0]}" of a {fmt} table')
    if fmt in ("text", "csv", "hive_json", "openx_json", "regex", "cloudtrail"):
        return _padded(table, _text_scan(con, table, groups, paths))
    raise UnsupportedLocally(f"reading the {fmt} storage format")


def _padded(table: Table, sql: str) -> str:
    """``sql`` with each ``char(n)`` column cut and padded to n characters, as Trino reads
    one (``'a'`` and ``'a  '`` in a ``char(3)`` column are the same value), and each
    ``varchar(n)`` data column cut to n characters."""
    # https://trino.io/docs/current/language/types.html#char
    # https://docs.aws.amazon.com/athena/latest/ug/data-types-considerations.html : "If a length
    # is specified for CHAR or VARCHAR, strings are truncated at the specified length when read"
    widths = {c.name.lower(): declared_width(c.type.dml) for c in (*table.columns, *table.partitions)}
    padded = [f"RPAD(SUBSTRING(CAST({_q(name)} AS VARCHAR), 1, {n}), {n}, ' ') AS {_q(name)}"
              for name, n in widths.items() if n is not None]
    padded += [f"SUBSTRING(CAST({_q(c.name.lower())} AS VARCHAR), 1, {t.length}) "
               f"AS {_q(c.name.lower())}"
               for c in table.columns if (t := declared(c.type.dml)) is not None
               and t.kind == "varchar" and t.length is not None]
    if not padded:
        return sql
    return f"SELECT * REPLACE ({', '.join(padded)}) FROM ({sql})"