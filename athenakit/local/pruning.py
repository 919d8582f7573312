"""Partition predicates of a query's WHERE clause, as the local engine's scan uses them.

The reading of the WHERE clause lives in :mod:`athenakit.table.predicates` (projection explain
uses the same); this keeps the shape the scan takes: a test per column and the values pinned by
``=`` / ``IN``. DuckDB still applies the full WHERE to the rows, so pruning never changes an
answer.
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlglot import exp

from athenakit.local.partitions import Predicate
from athenakit.table.predicates import extract as extract_filters


def extract(
    where: exp.Expression | None, partition_types: Mapping[str, str], aliases: set[str],
) -> tuple[dict[str, Predicate], dict[str, list[str]]]:
    """Predicates on partition columns and the values pinned by equality.

    Args:
        where: the WHERE condition of the SELECT reading the table.
        partition_types: partition column (lower case) -> Hive type text.
        aliases: names the table is referred to by in that SELECT (lower case).

    Returns:
        (column -> predicate on the value text, column -> values from ``=`` / ``IN``).
    """
    filters = extract_filters(where, partition_types, aliases)
    # a ColumnFilter is a predicate that also carries its bounds, which the projection's
    # enumeration reads to list only the values a range can select
    return (dict[str, Predicate](filters),
            {c: f.pinned for c, f in filters.items() if f.pinned is not None})

