"""Build a :class:`QueryResult` from a DuckDB cursor."""

from __future__ import annotations

from typing import Any

from athenakit.local.types import athena_type
from athenakit.query.result import QueryResult, QueryStats, ResultColumn


def _convert(value: Any) -> Any:
    # DuckDB returns MAP as dict and STRUCT as dict already; HUGEINT as int.
    if isinstance(value, list):
        return [_convert(v) for v in value]
    if isinstance(value, dict):
        return {k: _convert(v) for k, v in value.items()}
    return value


def from_cursor(cursor: Any, stats: QueryStats) -> QueryResult:
    """Read every row of an executed DuckDB cursor.

    Args:
        cursor: a cursor after ``execute``.
        stats: the statistics to attach.

    Returns:
        The rows with Athena type names for the columns.
    """
    description = cursor.description or []
    columns = tuple(ResultColumn(d[0], athena_type(str(d[1]))) for d in description)
    rows = [tuple(_convert(v) for v in row) for row in cursor.fetchall()] if columns else []
    spatial = [i for i, c in enumerate(columns) if c.type == "geometry"]
    if spatial:  # Trino shows a geometry as its WKT
        from athenakit.local.geo import to_text

        rows = [tuple(to_text(v) if i in spatial else v for i, v in enumerate(row))
                for row in rows]
    return QueryResult(columns=columns, rows=rows, stats=stats)


def empty(stats: QueryStats) -> QueryResult:
    """A result with no columns, for DDL and writes."""
    return QueryResult(columns=(), rows=[], stats=stats)
