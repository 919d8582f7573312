"""CTAS, INSERT INTO and UNLOAD: write query results as files in the declared layout.

Files go to the table location mapped by :class:`~athenakit.local.paths.PathMapper`, one
folder per partition (``col=value/`` or the projection template), in the declared format.
Like Athena, CTAS and UNLOAD refuse a location that already holds data.

https://docs.aws.amazon.com/athena/latest/ug/create-table-as.html
https://docs.aws.amazon.com/athena/latest/ug/unload.html
"""

from __future__ import annotations

import io
import re
import uuid
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from sqlglot import exp

from athenakit.errors import QueryError
from athenakit.local import created_columns
from athenakit.local.errors import UnsupportedLocally, refuse_delta
from athenakit.local.partitions import render_location
from athenakit.table.locations import partition_text
from athenakit.table.model import Bucketing, Column, Partition, Table
from athenakit.table.storage import Storage

if TYPE_CHECKING:
    from athenakit.local.statements import StatementRunner

# https://docs.aws.amazon.com/athena/latest/ug/ctas-considerations-limitations.html
MAX_WRITERS = 100
_UNLOAD = re.compile(r"^\s*UNLOAD\s*\((?P<query>.*)\)\s*TO\s*'(?P<to>[^']*)'\s*"
                     r"WITH\s*\((?P<props>.*)\)\s*;?\s*$", re.IGNORECASE | re.DOTALL)
_FORMATS = {"PARQUET": "parquet", "ORC": "orc", "JSON": "hive_json", "TEXTFILE": "text"}


class Unload(exp.Expression):
    """``UNLOAD (query) TO 's3://...' WITH (...)``, which sqlglot does not parse."""

    arg_types = {"this": True, "to": True, "properties": True}  # noqa: RUF012


def parse_unload(sql: str) -> Unload | None:
    """Parse an UNLOAD statement, or return None when ``sql`` is not one."""
    match = _UNLOAD.match(sql)
    if match is None:
        return None
    from athenakit.local.translate import parse

    query = parse(match.group("query"))[0]
    fake = parse(f"CREATE TABLE x WITH ({match.group('props')}) AS SELECT 1")[0]
    return Unload(this=query, to=match.group("to"), properties=_properties(fake))


def _literal(node: exp.Expression) -> Any:
    if isinstance(node, exp.Array):
        return [_literal(e) for e in node.expressions]
    return node.name if isinstance(node, exp.Literal) else node.sql(dialect="trino")


def _properties(tree: exp.Expression) -> dict[str, Any]:
    props = tree.args.get("properties")
    out: dict[str, Any] = {}
    for prop in props.expressions if props else []:
        if isinstance(prop, exp.PartitionedByProperty):
            out["partitioned_by"] = _literal(prop.this)
        elif isinstance(prop, exp.FileFormatProperty):
            out["format"] = _literal(prop.this)
        elif isinstance(prop, exp.Property) and prop.args.get("value") is not None:
            out[prop.name.lower()] = _literal(prop.args["value"])
    return out


def _fetch(runner: StatementRunner, query: exp.Expression, query_id: str) -> tuple[Any, int]:
    data, scanned, _ = _fetch_typed(runner, query, query_id)
    return data, scanned


def _fetch_typed(runner: StatementRunner, query: exp.Expression,
                 query_id: str) -> tuple[Any, int, Any]:
    """The rows, the bytes scanned, and the finder of Trino's text types of the columns
    (:func:`athenakit.local.varchar_columns.finder`)."""
    import warnings

    outcome = runner.query(query, query_id, texts=True)
    with warnings.catch_warnings():
        # DuckDB warns that a DB-API cursor copies rows into Arrow: the copy is what we write.
        warnings.simplefilter("ignore", UserWarning)
        data = outcome.cursor.to_arrow_table()
    texts, shown = outcome.texts, outcome.chars

    def typed(index: int, name: str, kind: str) -> str:
        # a time(p) or an interval year to month DuckDB's type does not tell (they are
        # named in Hive's failure); text types for the rest
        if shown is not None and ("time(" in kind or "interval" in kind):
            return shown(index, name, kind) or kind
        return texts(index, name, kind) if texts is not None else kind
    return data, outcome.scanned_bytes, typed


def _storage(props: Mapping[str, Any]) -> Storage:
    fmt = str(props.get("format", "PARQUET")).upper()
    if fmt not in _FORMATS:
        raise UnsupportedLocally(f"writing format {fmt}",
                                 hint="PARQUET, ORC, JSON and TEXTFILE are written locally")
    delim = props.get("field_delimiter")
    return Storage(format=_FORMATS[fmt], field_delimiter=delim if fmt == "TEXTFILE" else None)


def _compression(codec: Any, storage: Storage) -> str | None:
    """The codec to write with (None: the format's default), checked against the format.

    https://docs.aws.amazon.com/athena/latest/ug/compression-formats.html
    """
    if codec is None:
        return None
    codec = str(codec).upper()
    allowed = {"parquet": ("SNAPPY", "GZIP", "ZSTD", "NONE"), "orc": ("SNAPPY", "ZLIB", "ZSTD",
               "NONE")}.get(storage.format, ("GZIP", "NONE"))
    if codec not in allowed:
        raise UnsupportedLocally(f"write_compression {codec} for {storage.format}",
                                 hint=f"use one of {', '.join(allowed)}")
    return None if codec == "NONE" else codec


def _encode(data: Any, storage: Storage, codec: str | None) -> tuple[bytes, str]:
    import gzip

    import pyarrow.parquet as pq
    from pyarrow import orc

    buffer = io.BytesIO()
    if storage.format == "parquet":
        pq.write_table(data, buffer, compression=(codec or "SNAPPY").lower())
        return buffer.getvalue(), f".{(codec or 'snappy').lower()}.parquet"
    if storage.format == "orc":
        orc.write_table(data, buffer, compression=(codec or "ZLIB").lower())
        return buffer.getvalue(), ".orc"
    from athenakit.local import encoders

    if storage.format == "hive_json":
        text, ext = encoders.json_lines(data), ".json"
    else:
        text, ext = encoders.text_lines(data, storage), ""
    if codec == "GZIP":
        return gzip.compress(text.encode(), mtime=0), ext + ".gz"
    return text.encode(), ext


def _ensure_empty(runner: StatementRunner, location: str) -> None:
    # https://docs.aws.amazon.com/athena/latest/ug/ctas-considerations-limitations.html
    if runner.paths.list_files(location):
        raise QueryError("HIVE_PATH_ALREADY_EXISTS", state="FAILED",
                         reason=f"target directory for table already exists: {location}")


def open_writers(table: Table, data: Any, partitions: list[tuple[str, ...]]) -> int:
    """How many writers Athena opens for ``data``: one per partition, times the buckets each
    partition's rows fall in for a bucketed table.

    The local engine does not hash rows into Hive buckets, so a partition counts
    ``min(bucket_count, distinct bucketing keys in it)`` buckets -- the most Athena could open.
    """
    if table.bucketing is None or not data.num_rows:
        return len(partitions)
    names = [p.name.lower() for p in table.partitions]
    columns = [c.lower() for c in table.bucketing.columns if c.lower() in data.column_names]
    if not columns:
        return len(partitions)
    keys: dict[tuple[str, ...], set[tuple[str, ...]]] = {}
    for row in data.select(names + columns).to_pylist():
        part = tuple(partition_text(row[n]) for n in names)
        keys.setdefault(part, set()).add(tuple(str(row[c]) for c in columns))
    return sum(min(table.bucketing.count, len(v)) for v in keys.values())


def check_open_writers(table: Table, data: Any, partitions: list[tuple[str, ...]]) -> None:
    """Fail as Athena does when one statement needs more than 100 open writers.

    Raises:
        QueryError: ``HIVE_TOO_MANY_OPEN_PARTITIONS`` (``ICEBERG_TOO_MANY_OPEN_PARTITIONS``
            for Iceberg tables), with Athena's message.
    """
    # https://docs.aws.amazon.com/athena/latest/ug/ctas-insert-into.html
    count = open_writers(table, data, partitions)
    if count <= MAX_WRITERS:
        return
    if table.is_iceberg:
        # Trino's IcebergPageSink message, which Athena returns
        code, what = "ICEBERG_TOO_MANY_OPEN_PARTITIONS", "partitions"
    else:
        code, what = "HIVE_TOO_MANY_OPEN_PARTITIONS", "partitions/buckets"
    raise QueryError("query failed", state="FAILED",
                     reason=f"{code}: Exceeded limit of {MAX_WRITERS} open writers for {what}")


def write(runner: StatementRunner, data: Any, table: Table) -> None:
    """Write rows (a pyarrow Table, partition columns last) in ``table``'s layout.

    Raises:
        QueryError: more than 100 partition x bucket writers in one statement
            (HIVE_TOO_MANY_OPEN_PARTITIONS), before any file is written.
    """
    import pyarrow.compute as pc

    if table.is_iceberg:  # one snapshot, written by athenakit.local.iceberg
        from athenakit.local.iceberg import writes as iceberg

        return iceberg.insert(runner, data, table)
    from athenakit.local.encoders import char_values

    data = char_values(data, table)
    names = [p.name.lower() for p in table.partitions]
    if not names:
        check_open_writers(table, data, [()])
        if data.num_rows:
            body, ext = _encode(data, table.storage, _compression(table.compression, table.storage))
            runner.paths.write_bytes(table.location or "", f"{uuid.uuid4()}{ext}", body)
        return
    keys = data.select(names).to_pylist()
    # NULL in __HIVE_DEFAULT_PARTITION__, booleans as true / false (partition_text)
    distinct = list(dict.fromkeys(tuple(partition_text(k[n]) for n in names) for k in keys))
    check_open_writers(table, data, distinct)
    payload = data.drop_columns(names)
    codec = _compression(table.compression, table.storage)
    texts = {n: _partition_texts(data[n]) for n in names}
    for values in distinct:
        mask = None
        for n, v in zip(names, values):
            test = pc.equal(texts[n], v)
            mask = test if mask is None else pc.and_(mask, test)
        body, ext = _encode(payload.filter(mask), table.storage, codec)
        location = render_location(table, dict(zip(names, values)))
        runner.paths.write_bytes(location, f"{uuid.uuid4()}{ext}", body)
    # https://docs.aws.amazon.com/athena/latest/ug/ctas-insert-into.html : CTAS and INSERT INTO
    # add the partitions they write to the catalog
    runner.catalog.add_partitions(
        table, {tuple(zip(names, values)): render_location(table, dict(zip(names, values)))
                for values in distinct}, if_not_exists=True)


def _partition_texts(column: Any) -> Any:
    """A partition column's values as the text of their folders (:func:`partition_text`)."""
    import pyarrow as pa

    return pa.array([partition_text(v) for v in column.to_pylist()], pa.string())


def _columns(data: Any, skip: set[str], texts: Any = None) -> list[tuple[str, str]]:
    """(name, Trino type) of each column of ``data``; text columns typed by ``texts``
    (``varchar(3)`` for ``'abc'``: :mod:`athenakit.local.varchar_columns`) when given."""
    import duckdb

    from athenakit.local.types import athena_type

    relation = duckdb.from_arrow(data)
    out = []
    for index, (field, kind) in enumerate(zip(data.schema, relation.types)):
        name = athena_type(str(kind)).replace("timestamp(3)", "timestamp")
        out.append((field.name, texts(index, field.name, name) if texts else name))
    return [c for c in out if c[0] not in skip]


_NOT_HIVE = re.compile(r"timestamp(?:\(\d+\))? with time zone|time\(\d+\)(?: with time zone)?|"
                       r"interval (?:day to second|year to month)|\b(?:json|uuid|ipaddress)\b")


def check_hive_lengths(columns: list[tuple[str, str]]) -> None:
    """Fail as Trino's Hive connector does on a type Hive has not (a time, a zoned timestamp,
    an interval, json: ``Unsupported Hive type: time(3)``; DuckDB would write them), a
    ``varchar(n)`` longer than Hive's 65535 or a ``char(n)`` longer than its 255
    (``HiveTypeTranslator.toTypeInfo``).

    Raises:
        QueryError: ``NOT_SUPPORTED: Unsupported Hive type: varchar(70000). Supported VARCHAR
            types: VARCHAR(<=65535), VARCHAR.``
        UnsupportedLocally: a ``varchar(0)`` column (``SELECT ''``).
    """
    from athenakit.local.failures import athena_error
    from athenakit.local.varchar_widths import REFUSAL

    for _, kind in columns:
        alien = _NOT_HIVE.search(kind)  # HiveTypeTranslator.toTypeInfo has no such type
        if alien:
            shown = alien.group(0).replace("timestamp with", "timestamp(3) with")
            raise athena_error("NOT_SUPPORTED", f"Unsupported Hive type: {shown}")
        for base, n in re.findall(r"\b(varchar|char)\((\d+)\)", kind):
            if base == "varchar" and int(n) == 0:
                # Hive has no varchar(0): Trino failed ("Varchar length 0 out of allowed range
                # [1, 65535]") until HiveMetadata.getSupportedType made it varchar(1)
                # (trinodb/trino#18811); which one Athena's engine does is not known here
                raise UnsupportedLocally(f"{REFUSAL} (a varchar(0) column: an empty text)",
                                         hint="cast it to varchar or varchar(n)")
            if base == "varchar" and int(n) > 65535:
                raise athena_error("NOT_SUPPORTED", f"Unsupported Hive type: {base}({n}). "
                                   "Supported VARCHAR types: VARCHAR(<=65535), VARCHAR.")
            if base == "char" and int(n) > 255:
                raise athena_error("NOT_SUPPORTED", f"Unsupported Hive type: {base}({n}). "
                                   "Supported CHAR types: CHAR(<=255).")


def _bucketing(props: Mapping[str, Any]) -> Bucketing | None:
    columns = props.get("bucketed_by")
    if not columns:
        return None
    return Bucketing(tuple(str(c).lower() for c in columns), int(props.get("bucket_count", 1)))


def ctas(runner: StatementRunner, tree: exp.Create, query_id: str) -> tuple[int, int]:
    """CREATE TABLE ... WITH (...) AS SELECT: write the data and register the table.

    Returns:
        The bytes scanned and the rows written.
    """
    props = _properties(tree)
    target = tree.this if isinstance(tree.this, exp.Table) else tree.find(exp.Table)
    assert target is not None
    # https://docs.aws.amazon.com/athena/latest/ug/create-table-as.html : WITH NO DATA creates
    # the table with the query's columns and writes no rows
    no_data = any(p.args.get("no") for p in tree.find_all(exp.WithDataProperty))
    if str(props.get("table_type", "")).upper() == "ICEBERG":  # athenakit.local.iceberg
        from athenakit.local.iceberg import writes as iceberg

        data, scanned = _fetch(runner, tree.expression, query_id)
        data = data.slice(0, 0) if no_data else data
        columns = created_columns.ctas_columns(tree, _columns(data, set()))
        data = data.rename_columns([n for n, _ in columns])
        iceberg.ctas(runner, tree, props, data, columns)
        return scanned, int(data.num_rows)
    db = (target.db or runner.catalog.default_database).lower()
    location = props.get("external_location") or \
        f"s3://athenakit-local-warehouse/{db}/{target.name.lower()}/"
    if not str(location).endswith("/"):
        location += "/"
    storage = _storage(props)
    _ensure_empty(runner, location)
    data, scanned, texts = _fetch_typed(runner, tree.expression, query_id)
    data = data.slice(0, 0) if no_data else data
    part_names = [str(p).lower() for p in props.get("partitioned_by", [])]
    columns = created_columns.ctas_columns(tree, _columns(data, set(), texts))
    data = data.rename_columns([n for n, _ in columns])
    check_hive_lengths(columns)
    if part_names and [c[0] for c in columns[-len(part_names):]] != part_names:
        raise QueryError("HIVE_COLUMN_ORDER_MISMATCH", state="FAILED",
                         reason="partition columns must be the last columns of the SELECT")
    types = dict(columns)
    table = Table(
        name=target.name.lower(), database=db, location=location, storage=storage,
        compression=_compression(props.get("write_compression"), storage),
        columns=tuple(Column(n, t) for n, t in columns if n not in part_names),
        partitions=tuple(Partition(n, types[n]) for n in part_names),
        bucketing=_bucketing(props),
    )
    runner.catalog.add_table(table, if_not_exists=bool(tree.args.get("exists")))
    with_data = tree.args.get("with_data") is not False
    if with_data:
        try:
            write(runner, data, table)
        except BaseException:
            # a failed CTAS leaves no table behind, so the corrected statement can run
            runner.catalog.drop(table.name, db, view=False, if_exists=True)
            raise
    return scanned, int(data.num_rows) if with_data else 0


def insert(runner: StatementRunner, tree: exp.Insert, query_id: str) -> tuple[int, int]:
    """INSERT INTO table SELECT ...: append files to the table's (partition) locations.

    Returns:
        The bytes scanned and the rows written.
    """
    target = tree.this if isinstance(tree.this, exp.Table) else tree.find(exp.Table)
    assert target is not None
    table = runner.catalog.table(target.name, target.db or None)
    if table is None:
        raise QueryError("TABLE_NOT_FOUND", state="FAILED",
                         reason=f"table {target.name} does not exist")
    refuse_delta(table)  # Athena's Delta tables are read-only; locally they are not read at all
    names = [c.name.lower() for c in (*table.columns, *table.partitions)]
    targets = names
    if isinstance(tree.this, exp.Schema):  # INSERT INTO t (cols): the others are NULL
        targets = created_columns.insert_targets(tree.this, names)
    data, scanned, texts = _fetch_typed(runner, tree.expression, query_id)
    kinds = _columns(data, set())
    from athenakit.local import inserttypes

    spelled = inserttypes.message_types(kinds, texts)
    if len(kinds) != len(targets):  # Trino's type check fails it, listing both sides
        declared = {c.name.lower(): c.type.dml.lower() for c in (*table.columns,
                                                                  *table.partitions)}
        inserttypes.check([declared[n] for n in targets], [k for k, _ in spelled],
                          [e for _, e in spelled])
    if isinstance(tree.this, exp.Schema):
        data = _listed_columns(data, targets, names)
    typed = inserttypes.query_types(table, targets, kinds, texts)
    write(runner, inserttypes.in_table_types(data.rename_columns(names), table, typed,
                                             dict(zip(targets, spelled))), table)
    return scanned, int(data.num_rows)


def _listed_columns(data: Any, listed: list[str], names: list[str]) -> Any:
    """The rows of ``INSERT INTO t (listed) query`` with every table column, in table order
    (``listed``: :func:`.created_columns.insert_targets`, as many as the query's columns)."""
    import pyarrow as pa

    given = dict(zip(listed, data.columns))
    return pa.table({n: given.get(n, pa.nulls(data.num_rows)) for n in names})


def unload(runner: StatementRunner, tree: Unload, query_id: str) -> int:
    """UNLOAD (SELECT ...) TO 's3://...' WITH (format = ...): write files, register nothing."""
    props = tree.args["properties"]
    if "format" not in props:
        raise QueryError("UNLOAD needs a format property", state="FAILED")
    location = tree.args["to"] if tree.args["to"].endswith("/") else tree.args["to"] + "/"
    storage = _storage(props)
    _ensure_empty(runner, location)
    data, scanned = _fetch(runner, tree.this, query_id)
    part_names = [str(p).lower() for p in props.get("partitioned_by", [])]
    columns = _columns(data, set())
    types = dict(columns)
    table = Table(
        name="unload", location=location, storage=storage,
        compression=_compression(props.get("compression"), storage),
        columns=tuple(Column(n, t) for n, t in columns if n not in part_names),
        partitions=tuple(Partition(n, types[n]) for n in part_names),
    )
    write(runner, data, table)
    return scanned
