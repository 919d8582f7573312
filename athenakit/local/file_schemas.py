"""The columns of a table's Parquet files, and the types each file holds them in.

Athena reads every file with its own reader, file by file: a column a file holds as ``INT32``
and another as ``DOUBLE``, declared ``int``, is read in the first and fails the query in the
second ("The column x is declared as type int, but the Parquet file declares the column as type
DOUBLE"). DuckDB reads a list of files in one type -- the first file's (the others' values cast
to it: ``1.5`` became 2), or with ``union_by_name`` a type all of them fit in -- so the local
engine looks at every file's schema (``parquet_schema``, the footers only) and reads the union
only where that reads each file as Athena would (:func:`athenakit.local.filetypes.disagreement`);
elsewhere the column is refused when a query reads it.
https://docs.aws.amazon.com/athena/latest/ug/handling-schema-updates-chapter.html
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from athenakit.local.paths import DataFile
from athenakit.sql.quoting import Engine, quote_literal

Columns = dict[str, tuple[str, str]]  # lower-case name -> (name as written, DuckDB type)


@dataclass
class FileColumns:
    """What a scan reads: the columns (of the first file, or of all files' union), whether
    the files are read by name into their union (``union_by_name``), and the types each
    column has in the files (lower-case name -> distinct DuckDB types) where they differ."""

    present: Columns
    union: bool = False
    variants: dict[str, list[str]] = field(default_factory=dict)


def files_literal(files: Sequence[DataFile]) -> str:
    return "[" + ", ".join(quote_literal(f.path, Engine.TRINO) for f in files) + "]"


def describe(con: Any, files: Sequence[DataFile]) -> Columns:
    sql = (f"DESCRIBE SELECT * FROM read_parquet({files_literal(files)}, "
           "union_by_name = true, hive_partitioning = false)")
    return {row[0].lower(): (row[0], row[1]) for row in con.execute(sql).fetchall()}


def parquet_columns(con: Any, files: Sequence[DataFile],
                    wanted: Mapping[str, str]) -> FileColumns:
    """The columns a scan of ``files`` reads for the declared columns ``wanted`` (lower case ->
    DuckDB type): the first file's when every file holds each declared column in one type
    (a declared column or struct field missing from the first file is looked for in all,
    e.g. a column added later in the table's life), else the union of all files'."""
    from athenakit.local.filetypes import lacks

    present = describe(con, files[:1])
    if len(files) == 1:
        return FileColumns(present)
    schemas = _distinct_schemas(con, files)
    variants = {n: kinds for n in wanted if len(kinds := sorted({
        s[n] for s in schemas.values() if n in s})) > 1}
    missing = any(n not in s for n in wanted for s in schemas.values())
    if not variants and not missing and not any(
            n in present and lacks(con.type, present[n][1], kind) for n, kind in wanted.items()):
        return FileColumns(present)
    union = describe(con, list(schemas))
    return FileColumns(union, union != present, variants)


Schema = tuple[tuple[str, str, int], ...]  # a file's elements: name, DuckDB type, children
# (path, size, modification time) -> the file's schema: a file's footer is read once per process
_SEEN: dict[tuple[str, int, int], Schema] = {}
_SEEN_AT_MOST = 200_000


def _distinct_schemas(con: Any, files: Sequence[DataFile]) -> dict[DataFile, dict[str, str]]:
    """One file of each distinct schema -> its top-level columns (lower case -> DuckDB type),
    from the files' footers (``parquet_schema``: every element, depth first, with its number of
    children and DuckDB's type), each read once while the file stays as it is."""
    keys = {f.path: _key(f.path) for f in files}
    schemas: dict[str, Schema] = {f.path: _SEEN[k] for f in files
                                  if (k := keys[f.path]) is not None and k in _SEEN}
    unread = [f for f in files if f.path not in schemas]
    if unread:
        rows = con.execute(
            f"SELECT file_name, name, duckdb_type, coalesce(num_children, 0) FROM "
            f"parquet_schema({files_literal(unread)}) ORDER BY file_name, column_id").fetchall()
        elements: dict[str, list[tuple[str, str, int]]] = {}
        for path, name, kind, children in rows:
            elements.setdefault(path, []).append((name, kind, children))
        if len(_SEEN) > _SEEN_AT_MOST:
            _SEEN.clear()
        for path, listed in elements.items():
            schemas[path] = tuple(listed)
            if (key := keys.get(path)) is not None:
                _SEEN[key] = schemas[path]
    seen: dict[Schema, DataFile] = {}
    for f in files:
        seen.setdefault(schemas[f.path], f)
    return {f: _top_level(list(schema)) for schema, f in seen.items()}


def _key(path: str) -> tuple[str, int, int] | None:
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return path, stat.st_size, stat.st_mtime_ns


def _top_level(elements: list[tuple[str, str, int]]) -> dict[str, str]:
    """The root's children (elements[0] is the schema root)."""
    columns: dict[str, str] = {}
    at = 1
    for _ in range(elements[0][2]):
        name, kind, _ = elements[at]
        columns.setdefault(name.lower(), kind)
        at = _after(elements, at)
    return columns


def _after(elements: list[tuple[str, str, int]], at: int) -> int:
    """The index just past the element at ``at`` and its descendants."""
    children, at = elements[at][2], at + 1
    for _ in range(children):
        at = _after(elements, at)
    return at


def orc_columns(data: Any, declared: Sequence[str], by_name: bool) -> Any:
    """An ORC file's Arrow table with the columns the declared ones (lower-case names) read,
    under those names: by position, Athena's default for ORC, or by name case-insensitively
    (``orc.column.index.access`` false); a declared column the file lacks is left out (NULL
    when read), as is a file column not declared. Files read so line up by declared name."""
    import pyarrow as pa

    names = [n.lower() for n in data.column_names]
    if by_name:
        picks = {n: names.index(n) for n in declared if n in names}
    else:
        picks = {n: i for i, n in enumerate(declared) if i < len(names)}
    return pa.table({n: data.column(i) for n, i in picks.items()})


def arrow_variants(con: Any, tables: Sequence[Any]) -> dict[str, list[str]]:
    """The columns whose DuckDB types differ between ``tables`` (Arrow tables, one of each
    distinct schema) -> those types."""
    kinds: dict[str, set[str]] = {}
    for i, data in enumerate(tables):
        name = f"__ak_schema_{i}"
        con.register(name, data.slice(0, 0))
        try:
            for column, kind, *_ in con.execute(f"DESCRIBE {name}").fetchall():
                kinds.setdefault(column.lower(), set()).add(kind)
        finally:
            con.unregister(name)
    return {n: sorted(k) for n, k in kinds.items() if len(k) > 1}
