"""Fetching result rows: GetQueryResults paging, or the fast path through the S3 result file.

GetQueryResults returns at most 1,000 rows a call, so a large result takes thousands of round
trips. Athena also writes the whole result as ``<query id>.csv`` in the output location: reading
that one object and parsing it with pyarrow is much faster. In ``auto`` mode the first page is
fetched through the API (it carries the column types); when it is not the last page, the rest
comes from the CSV file instead.
https://docs.aws.amazon.com/athena/latest/ug/querying.html#querying-identifying-output-files
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from athenakit.query.result import ResultColumn
from athenakit.runner.convert import converter_for

log = logging.getLogger(__name__)

PAGE_SIZE = 1000
Rows = list[tuple[Any, ...]]
PageGetter = Callable[..., dict[str, Any]]


def columns_of(page: dict[str, Any]) -> tuple[ResultColumn, ...]:
    """The result columns described by a GetQueryResults page."""
    infos = page.get("ResultSet", {}).get("ResultSetMetadata", {}).get("ColumnInfo", [])
    return tuple(ResultColumn(i.get("Label") or i["Name"], _type_name(i)) for i in infos)


def _type_name(info: dict[str, Any]) -> str:
    name = str(info.get("Type", "varchar")).lower()
    if name == "decimal" and info.get("Precision"):
        return f"decimal({info['Precision']},{info.get('Scale', 0)})"
    return name


def page_rows(
    page: dict[str, Any], columns: tuple[ResultColumn, ...], *, skip_header: bool,
) -> Rows:
    """Convert the rows of one page, dropping the header row Athena puts first for SELECTs."""
    raw = page.get("ResultSet", {}).get("Rows", [])
    if skip_header and raw and _texts(raw[0]) == [c.name for c in columns]:
        raw = raw[1:]
    converters = [converter_for(c.type) for c in columns]
    out: Rows = []
    for row in raw:
        texts = _texts(row)
        out.append(tuple(
            None if t is None else conv(t) for conv, t in zip(converters, texts)
        ))
    return out


def _texts(row: dict[str, Any]) -> list[str | None]:
    return [d.get("VarCharValue") for d in row.get("Data", [])]


def fetch_pages(
    get_page: PageGetter, query_id: str, first: dict[str, Any], *, skip_header: bool,
) -> Rows:
    """All rows by paging GetQueryResults from ``first`` on.

    Args:
        get_page: ``GetQueryResults`` (with retries) taking keyword arguments.
        query_id: the execution id.
        first: the first page, already fetched.
        skip_header: whether the first row of the first page may be the column labels.
    """
    columns = columns_of(first)
    rows = page_rows(first, columns, skip_header=skip_header)
    token = first.get("NextToken")
    while token:
        page = get_page(QueryExecutionId=query_id, NextToken=token, MaxResults=PAGE_SIZE)
        rows.extend(page_rows(page, columns, skip_header=False))
        token = page.get("NextToken")
    return rows


def split_s3_url(url: str) -> tuple[str, str]:
    """``s3://bucket/key`` -> ``(bucket, key)``."""
    bucket, _, key = url.removeprefix("s3://").partition("/")
    return bucket, key


def fetch_csv(get_object: Callable[..., dict[str, Any]], location: str,
              columns: tuple[ResultColumn, ...]) -> Rows:
    """All rows of the result file ``location`` (``s3://.../<id>.csv``), read with pyarrow.

    Athena's CSV quotes every value and writes SQL NULL as an empty unquoted field, so an
    empty quoted field stays an empty string.

    Args:
        get_object: S3 ``GetObject`` (with retries) taking keyword arguments.
        location: the result file's S3 URL.
        columns: the result columns (from the first GetQueryResults page).

    Returns:
        The converted rows, header excluded.
    """
    import pyarrow as pa
    import pyarrow.csv as pacsv

    bucket, key = split_s3_url(location)
    body = get_object(Bucket=bucket, Key=key)["Body"].read()
    names = [f"c{i}" for i in range(len(columns))]
    table = pacsv.read_csv(
        pa.py_buffer(body),
        read_options=pacsv.ReadOptions(column_names=names, skip_rows=1),
        parse_options=pacsv.ParseOptions(newlines_in_values=True),
        convert_options=pacsv.ConvertOptions(
            column_types={n: pa.string() for n in names}, null_values=[""],
            strings_can_be_null=True, quoted_strings_can_be_null=False,
        ),
    )
    log.debug("read %d rows (%d bytes) from %s", table.num_rows, len(body), location)
    values = [_column_values(table.column(i), col.type) for i, col in enumerate(columns)]
    if not values:
        return []
    return list(zip(*values))


_ARROW_CASTS = {
    "tinyint": "int64", "smallint": "int64", "integer": "int64", "int": "int64",
    "bigint": "int64", "boolean": "bool", "double": "float64", "real": "float64",
    "float": "float64",
}


def _column_values(column: Any, type_name: str) -> list[Any]:
    """Python values of one string column, cast in Arrow where it is exact and fast."""
    import pyarrow as pa
    import pyarrow.compute as pc

    base = type_name.split("(", 1)[0].strip()
    target = _ARROW_CASTS.get(base)
    if target is not None:
        try:
            return list(pc.cast(column, getattr(pa, target)()).to_pylist())
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            pass  # e.g. Infinity / NaN spelled the Athena way: convert in Python
    texts = column.to_pylist()
    if base in ("varchar", "char", "string"):
        return list(texts)
    conv = converter_for(type_name)
    return [None if t is None else conv(t) for t in texts]
