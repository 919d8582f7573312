"""The zone of each ``timestamp with time zone`` column of a query's result.

DuckDB's ``TIMESTAMPTZ`` is an instant; Trino's value carries its zone, and Athena shows it
(``2001-08-22 03:04:05.321 America/Los_Angeles``), which the Athena runner reads back as a
``datetime`` in that zone. The zone of a result column is found from the SQL
(:func:`athenakit.local.zones.zone_of`), following a column to the select item of a subquery
or CTE that names it; a table's ``timestamp with time zone`` column is in UTC (Iceberg's
``timestamptz``). A column whose zone is only known at run time is refused by
:func:`athenakit.local.results.from_cursor`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from sqlglot import exp

from athenakit.local.nodes import branches as _branches
from athenakit.local.zones import UNKNOWN, zone_of


def result_zones(tree: exp.Expression, column_types: Mapping[str, str]) -> tuple[str, ...]:
    """For each item of ``tree``'s select list, its zone (:data:`UNKNOWN` when not known).

    Args:
        tree: the annotated statement.
        column_types: lower-case table column name -> Trino type.

    Returns:
        One zone per select item, in order (empty when the select list has a ``*``).
    """
    branches = _branches(tree)
    if not branches or any(item.find(exp.Star) for b in branches for item in b.expressions):
        return ()
    zones: list[str] = []
    for items in zip(*(b.expressions for b in branches), strict=False):
        zones.append(_agreed(_zone(item, tree, column_types, 0) for item in items))
    return tuple(zones)


def _agreed(zones: Iterable[str]) -> str:
    """The one zone of several places a column comes from (a NULL has none)."""
    found = {z for z in zones if z != _NONE}
    return found.pop() if len(found) == 1 else UNKNOWN


ZoneFinder = Callable[[int, str], str]
_NONE = ""  # a NULL: no zone of its own


def zone_finder(tree: exp.Expression, column_types: Mapping[str, str]) -> ZoneFinder:
    """``(index, name) -> zone`` of a result column: by its select item, or, where the select
    list has a ``*``, by the subquery item or table column of its name.

    Args:
        tree: the annotated statement.
        column_types: lower-case table column name -> Trino type.

    Returns:
        The finder (:data:`UNKNOWN` for a column whose zone is not known).
    """
    listed = result_zones(tree, column_types)

    def find(index: int, name: str) -> str:
        if index < len(listed):
            return listed[index]
        return _zone(exp.column(name), tree, column_types, 0)
    return find


def _zone(node: exp.Expression, tree: exp.Expression, column_types: Mapping[str, str],
          depth: int) -> str:
    if isinstance(node, exp.Alias):
        node = node.this
    if isinstance(node, exp.Null) or (isinstance(node, exp.Cast) and isinstance(
            node.this, exp.Null)):
        return _NONE
    if not isinstance(node, exp.Column):
        return zone_of(node) or UNKNOWN
    if depth > 8:
        return UNKNOWN
    name = node.name.lower()
    definitions = [a.this for a in tree.find_all(exp.Alias)
                   if a.alias.lower() == name and a.this is not node]
    if not definitions:
        kind = column_types.get(name, "")
        return "UTC" if "with time zone" in kind.lower() else UNKNOWN
    return _agreed(_zone(d, tree, column_types, depth + 1) for d in definitions)
