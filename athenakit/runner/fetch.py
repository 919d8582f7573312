"""Fetching results as Arrow: GetQueryResults pages, or the S3 result file read by pyarrow.

GetQueryResults returns at most 1,000 rows a call, so a large result takes thousands of round
trips. Athena also writes the whole result as ``<query id>.csv`` in the output location, with
its column types beside it in ``<query id>.csv.metadata``: pyarrow's CSV reader reads the file
straight into typed Arrow columns (multi-threaded, or streamed batch by batch), and the Python
rows are derived from that table. In ``auto`` mode the first page is fetched through the API
(it carries the column types); when it is not the last page, the rest comes from the CSV file.
In ``s3`` mode the types come from the ``.csv.metadata`` file and no page is fetched.
https://docs.aws.amazon.com/athena/latest/ug/querying.html#querying-identifying-output-files
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Iterator
from typing import Any

from athenakit import protobuf
from athenakit.query.result import QueryResult, QueryStats, ResultColumn
from athenakit.query.types import arrow_type, column_type, parse_type
from athenakit.runner.convert import csv_parses, text_column

log = logging.getLogger(__name__)

PAGE_SIZE = 1000
PageGetter = Callable[..., dict[str, Any]]
ObjectGetter = Callable[..., dict[str, Any]]


def columns_of(page: dict[str, Any]) -> tuple[ResultColumn, ...]:
    """The result columns described by a GetQueryResults page."""
    infos = page.get("ResultSet", {}).get("ResultSetMetadata", {}).get("ColumnInfo", [])
    return tuple(ResultColumn(i.get("Label") or i["Name"], column_type(i)) for i in infos)


# --- the .csv.metadata file ------------------------------------------------------------------
# A protocol buffer message: field 4 (repeated) holds one ColumnInfo each, whose fields are
# numbered in the order of the API's ColumnInfo: 1 CatalogName, 2 SchemaName, 3 TableName,
# 4 Name, 5 Label, 6 Type, 7 Precision, 8 Scale, 9 Nullable, 10 CaseSensitive.
_COLUMN_FIELDS = {4: "Name", 5: "Label", 6: "Type", 7: "Precision", 8: "Scale"}


def parse_metadata(data: bytes) -> tuple[ResultColumn, ...]:
    """The result columns in a ``<query id>.csv.metadata`` file.

    Raises:
        ValueError: the bytes are not such a file.

    Example:
        >>> parse_metadata(b"\\x22\\x0c\\x22\\x01n\\x2a\\x01n\\x32\\x04date")
        (ResultColumn(name='n', type='date'),)
    """
    columns = []
    try:
        for number, value in protobuf.fields(data):
            if number == 4 and isinstance(value, bytes):
                info = {_COLUMN_FIELDS[n]: v.decode("utf-8") if isinstance(v, bytes) else v
                        for n, v in protobuf.fields(value) if n in _COLUMN_FIELDS}
                columns.append(ResultColumn(str(info.get("Label") or info["Name"]),
                                            column_type(info)))
    except (IndexError, KeyError, UnicodeDecodeError) as err:
        raise ValueError(f"not an Athena result metadata file: {err}") from err
    return tuple(columns)


# --- GetQueryResults pages -------------------------------------------------------------------

def _texts(row: dict[str, Any]) -> list[str | None]:
    return [d.get("VarCharValue") for d in row.get("Data", [])]


def page_table(raw_rows: list[dict[str, Any]], columns: tuple[ResultColumn, ...]) -> Any:
    """An Arrow table of GetQueryResults rows (header already removed), typed by ``columns``."""
    import pyarrow as pa

    texts = [_texts(r) for r in raw_rows]
    arrays = []
    for i, col in enumerate(columns):
        strings = pa.array([t[i] if i < len(t) else None for t in texts], type=pa.string())
        arrays.append(text_column(strings, parse_type(col.type), col.name))
    return _named(arrays, columns)


def _named(arrays: list[Any], columns: tuple[ResultColumn, ...]) -> Any:
    import pyarrow as pa

    fields = [pa.field(c.name, a.type) for c, a in zip(columns, arrays)]
    return pa.Table.from_arrays(arrays, schema=pa.schema(fields))


def fetch_pages(get_page: PageGetter, query_id: str, first: dict[str, Any], *,
                skip_header: bool) -> Any:
    """The whole result as an Arrow table, paging GetQueryResults from ``first`` on.

    Args:
        get_page: ``GetQueryResults`` (with retries) taking keyword arguments.
        query_id: the execution id.
        first: the first page, already fetched.
        skip_header: whether the first row of the first page may be the column labels.
    """
    columns = columns_of(first)
    raw = list(first.get("ResultSet", {}).get("Rows", []))
    if skip_header and raw and _texts(raw[0]) == [c.name for c in columns]:
        raw = raw[1:]
    token = first.get("NextToken")
    while token:
        page = get_page(QueryExecutionId=query_id, NextToken=token, MaxResults=PAGE_SIZE)
        raw.extend(page.get("ResultSet", {}).get("Rows", []))
        token = page.get("NextToken")
    return page_table(raw, columns)


# --- the CSV result file ---------------------------------------------------------------------

def split_s3_url(url: str) -> tuple[str, str]:
    """``s3://bucket/key`` -> ``(bucket, key)``."""
    bucket, _, key = url.removeprefix("s3://").partition("/")
    return bucket, key


class CsvSource:
    """Athena's CSV result file read into Arrow, whole or in batches (a ``BatchSource``).

    Athena quotes every value and writes SQL NULL as an empty unquoted field, so an empty
    quoted field stays an empty string; the first line holds the column names.

    Args:
        get_object: S3 ``GetObject`` (with retries) taking keyword arguments.
        location: the result file's S3 URL.
        columns: the result columns.
    """

    def __init__(self, get_object: ObjectGetter, location: str,
                 columns: tuple[ResultColumn, ...]) -> None:
        self.get_object, self.location, self.columns = get_object, location, columns
        self.kinds = [parse_type(c.type) for c in columns]

    def _open(self) -> Any:
        import pyarrow as pa

        bucket, key = split_s3_url(self.location)
        return pa.PythonFile(self.get_object(Bucket=bucket, Key=key)["Body"], mode="r")

    def _options(self, block_size: int | None) -> dict[str, Any]:
        import pyarrow as pa
        import pyarrow.csv as pacsv

        names = [f"c{i}" for i in range(len(self.columns))]
        types = {n: arrow_type(k) if csv_parses(k) else pa.string()
                 for n, k in zip(names, self.kinds)}
        read = pacsv.ReadOptions(column_names=names, skip_rows_after_names=1)
        if block_size:
            read.block_size = block_size
        return {
            "read_options": read,
            # Athena writes a one-column row holding NULL as an empty line
            "parse_options": pacsv.ParseOptions(newlines_in_values=True,
                                                ignore_empty_lines=False),
            "convert_options": pacsv.ConvertOptions(
                column_types=types, null_values=[""], strings_can_be_null=True,
                quoted_strings_can_be_null=False),
        }

    @contextlib.contextmanager
    def _errors(self) -> Iterator[None]:
        import pyarrow as pa

        from athenakit.errors import QueryError

        try:
            yield
        except pa.ArrowException as err:
            raise QueryError(f"cannot read the result file {self.location}",
                             reason=str(err).splitlines()[0]) from err

    def _finish(self, data: Any) -> Any:
        """Convert the columns pyarrow read as text, and give the columns their names."""
        arrays = []
        for i, (col, kind) in enumerate(zip(self.columns, self.kinds)):
            column = data.column(i)
            arrays.append(column if csv_parses(kind) else
                          text_column(column, kind, col.name))
        return arrays

    def read_all(self) -> Any:
        """The whole file as one Arrow table (pyarrow parses blocks on several threads)."""
        import pyarrow as pa
        import pyarrow.csv as pacsv

        if not self.columns:
            return pa.table({})
        with self._open() as stream, self._errors():
            data = pacsv.read_csv(stream, **self._options(None))
        log.debug("read %d rows from %s", data.num_rows, self.location)
        return _named(self._finish(data), self.columns)

    def batches(self, max_rows: int | None) -> Iterator[Any]:
        """Record batches, parsed as the file streams in; each batch is typed like the first
        (an open complex type takes the type inferred from the first batch)."""
        import pyarrow as pa
        import pyarrow.csv as pacsv

        if not self.columns:
            return
        schema = None
        with self._open() as stream, self._errors():
            reader = pacsv.open_csv(stream, **self._options(4 << 20))
            for batch in reader:
                arrays = [a.combine_chunks() if isinstance(a, pa.ChunkedArray) else a
                          for a in self._finish(batch)]
                out = pa.RecordBatch.from_arrays(arrays, schema=pa.schema(
                    [pa.field(c.name, a.type) for c, a in zip(self.columns, arrays)]))
                schema = schema or out.schema
                if out.schema != schema:
                    out = out.cast(schema)
                step = max_rows or out.num_rows or 1
                for start in range(0, out.num_rows, step):
                    yield out.slice(start, step)


def read_metadata(get_object: ObjectGetter, location: str) -> tuple[ResultColumn, ...] | None:
    """The columns from ``<location>.metadata``, or None when the file is missing or unreadable
    (the caller asks GetQueryResults instead)."""
    from athenakit.errors import QueryError

    bucket, key = split_s3_url(location + ".metadata")
    try:
        data = get_object(Bucket=bucket, Key=key)["Body"].read()
        return parse_metadata(data)
    except (QueryError, ValueError) as err:
        log.info("no usable %s (%s); asking GetQueryResults for the types", key, err)
        return None


def fetch_result(api: PageGetter, get_object: ObjectGetter, execution: dict[str, Any],
                 stats: QueryStats, mode: str, *, stream: bool = False) -> QueryResult:
    """The result of a finished query, by ``mode`` (``auto``, ``api`` or ``s3``).

    Args:
        api: ``GetQueryResults`` (with retries) taking keyword arguments.
        get_object: S3 ``GetObject`` (with retries).
        execution: the final ``QueryExecution`` description.
        stats: its statistics.
        mode: ``api`` pages GetQueryResults; ``s3`` reads the CSV file with the types of its
            ``.csv.metadata``; ``auto`` reads the first page and, when there are more, the file.
        stream: leave the CSV file unread: the result reads it on first use, and
            :meth:`QueryResult.iter_batches` streams it without keeping it.

    Returns:
        A :class:`QueryResult`.
    """
    result = _fetch(api, get_object, execution, stats, mode)
    if not stream:
        result.to_arrow()
    return result


def _fetch(api: PageGetter, get_object: ObjectGetter, execution: dict[str, Any],
           stats: QueryStats, mode: str) -> QueryResult:
    location = str(execution.get("ResultConfiguration", {}).get("OutputLocation") or "")
    extra = {"output_location": location or None}
    is_csv = location.endswith(".csv") and mode != "api"
    columns = read_metadata(get_object, location) if is_csv and mode == "s3" else None
    if columns is not None:
        return QueryResult(columns, None, stats, extra,
                           source=CsvSource(get_object, location, columns))
    size = 1 if is_csv and mode == "s3" else PAGE_SIZE
    first = api(QueryExecutionId=stats.query_id, MaxResults=size)
    columns = columns_of(first)
    if is_csv and (mode == "s3" or first.get("NextToken")):
        log.info("reading the result of %s from %s", stats.query_id, location)
        return QueryResult(columns, None, stats, extra,
                           source=CsvSource(get_object, location, columns))
    table = fetch_pages(api, stats.query_id, first, skip_header=stats.statement_type != "DDL")
    return QueryResult.from_arrow(columns, table, stats, extra)

