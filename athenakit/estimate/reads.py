"""Which tables a query reads, which of their columns, and under which WHERE.

Pure: SQL text in, :class:`TableRead` values out. Every ``FROM``/``JOIN`` table of every SELECT
scope (CTEs, subqueries, UNION branches) is one read. A column is attributed to a table when it
is qualified by the table's name or alias; an unqualified column to every table of its scope
that has a column of that name (decided later, against the table's definition); ``*`` and
``t.*`` read every column. Nested fields (``payload.user.id``) read their top-level column.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

from sqlglot import exp
from sqlglot.optimizer.scope import Scope, traverse_scope


@dataclass(frozen=True)
class TableRead:
    """One table reference of a query.

    Attributes:
        database: the qualifying database, or None for the query's default.
        name: the table name (lower case).
        aliases: names the table goes by in its SELECT (its name and alias).
        where: the WHERE condition of that SELECT (partition filters are read from it).
        qualified: columns named through the table's name or alias (lower case).
        unqualified: columns of the scope named without a qualifier (lower case).
        star: the scope selects ``*`` (or ``alias.*``) from this table: every column is read.
    """

    database: str | None
    name: str
    aliases: frozenset[str]
    where: exp.Expression | None
    qualified: frozenset[str]
    unqualified: frozenset[str]
    star: bool

    def columns(self, available: list[str]) -> list[str]:
        """The columns of ``available`` (the table's data columns) this read needs."""
        if self.star:
            return list(available)
        wanted = self.qualified | self.unqualified
        return [c for c in available if c.lower() in wanted]


def tables_read(tree: exp.Expression) -> list[TableRead]:
    """Every table read by a parsed query (CTE names and derived tables excluded).

    Args:
        tree: one statement parsed with sqlglot (a SELECT, CTAS, INSERT ... SELECT, UNLOAD).

    Returns:
        One :class:`TableRead` per table reference, in the order they appear.

    Example:
        >>> from sqlglot import parse_one
        >>> [r.name for r in tables_read(parse_one("SELECT a FROM t JOIN u ON t.id = u.id"))]
        ['t', 'u']
    """
    query = _query_of(tree)
    if query is None:
        return []
    reads: list[TableRead] = []
    for scope in traverse_scope(query):
        reads.extend(_scope_reads(scope))
    return reads


def _query_of(tree: exp.Expression) -> exp.Expression | None:
    if isinstance(tree, (exp.Select, exp.SetOperation, exp.Subquery)):
        return tree
    # breadth first: the outermost query, whatever kind it is
    return cast("exp.Expression | None", tree.find(exp.Select, exp.SetOperation))


def _scope_reads(scope: Scope) -> list[TableRead]:
    tables: dict[str, exp.Table] = {alias.lower(): source for alias, (_, source)
                                    in scope.selected_sources.items()
                                    if isinstance(source, exp.Table)}
    if not tables:
        return []
    qualified: dict[str, set[str]] = {alias: set() for alias in tables}
    unqualified: set[str] = set()
    for column in scope.columns:
        owner, name = _owner_and_name(column, set(tables))
        (qualified[owner] if owner else unqualified).add(name)
    stars = _stars(scope, set(tables))
    select = scope.expression
    where_node = select.args.get("where") if isinstance(select, exp.Select) else None
    where = where_node.this if where_node is not None else None
    reads = []
    for alias, table in tables.items():
        reads.append(TableRead(
            database=table.db.lower() or None, name=table.name.lower(),
            aliases=frozenset({alias, table.name.lower()}), where=where,
            qualified=frozenset(qualified[alias]), unqualified=frozenset(unqualified),
            star=alias in stars,
        ))
    return reads


def _owner_and_name(column: exp.Column, aliases: set[str]) -> tuple[str | None, str]:
    """(alias the column is qualified with, top-level column name)."""
    parts = [p.name.lower() for p in column.parts]
    for index, part in enumerate(parts[:-1]):
        if part in aliases:
            return part, parts[index + 1]
    return None, parts[0]


def _stars(scope: Scope, aliases: set[str]) -> set[str]:
    select = scope.expression
    if not isinstance(select, exp.Select):
        return set()
    found: set[str] = set()
    for projection in select.expressions:
        if isinstance(projection, exp.Star):
            return set(aliases)
        if isinstance(projection, exp.Column) and isinstance(projection.this, exp.Star):
            owner = projection.table.lower()
            if owner in aliases:
                found.add(owner)
    return found
