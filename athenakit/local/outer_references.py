"""References from a subquery to the query around it that Trino's analyzer refuses.

- A subquery's GROUP BY key that is a column of the query around it fails with an internal
  error (``AggregationAnalyzer``: ``Grouping field ... should originate from ...``;
  ``TestSubqueries.testCorrelatedInnerUnnestWithGlobalAggregation``). DuckDB grouped by the
  outer value.
- A subquery in FROM reads no relation beside it unless it is LATERAL, nor does a LATERAL
  inside it (``COLUMN_NOT_FOUND``; ``TestLateral.testNotInScope``).
- A subquery in the ON clause of a LEFT, RIGHT or FULL join reads no column of the query
  around it: Trino analyzes it with correlation disallowed (``NOT_SUPPORTED: Reference to
  column 't.x' from outer scope not allowed in this context``, at the column;
  ``TestJoin.testInPredicateInJoinCriteria``). DuckDB answered; in an inner join's ON both do.

https://docs.aws.amazon.com/athena/latest/ug/select.html
"""

from __future__ import annotations

from sqlglot import exp

from athenakit.local.failures import athena_error, start_of
from athenakit.local.nodes import inside, relations_of


def _outer_grouping(tree: exp.Expr) -> None:
    """A subquery's GROUP BY of a column of the query around it fails in Trino's analyzer
    (``AggregationAnalyzer``: ``Grouping field ... should originate from ...``, an internal
    error; ``TestSubqueries.testCorrelatedInnerUnnestWithGlobalAggregation``)."""
    from athenakit.local.correlation import Scope
    from athenakit.local.map_grouping import by_position, group_keys

    for select in tree.find_all(exp.Select):
        group = select.args.get("group")
        if group is None or select.find_ancestor(exp.Select) is None:
            continue
        scope = Scope(select)
        for key in (by_position(select, k) for k in group_keys(group)):
            if isinstance(key, exp.Column) and scope.outer(key):
                shown = ".".join(p.name.lower() for p in key.parts)
                # an internal error (IllegalStateException): no position in Trino's message
                raise athena_error("GENERIC_INTERNAL_ERROR", f"Grouping field {shown} should "
                                   "originate from the relations of its SELECT")


def bound(column: exp.Column, root: exp.Expr, *, below: bool = False) -> bool | None:
    """Whether a SELECT from ``column`` up to ``root`` (short of it: ``below``) has a relation
    giving it (None: not known)."""
    from athenakit.local.correlation import Scope

    select = column.find_ancestor(exp.Select)
    unknown = False
    while select is not None and (select is root and not below or inside(select, root)):
        found = Scope(select).outer(column)
        if found is False:
            return True
        unknown = unknown or found is None
        select = select.find_ancestor(exp.Select)
    return None if unknown else False


MIXED_REFUSAL = ("an IN subquery or quantified comparison in an outer join's ON whose value "
                 "reads both sides of the join")


def _mixed_comparison(join: exp.Join, on: exp.Expr) -> None:
    """``RIGHT JOIN u ON t.x + u.x > ALL (VALUES 1)``: Trino fails while planning it
    (``TestJoin.testQuantifiedComparisonInJoinCriteria``), with a message its test does not
    pin down; DuckDB answered. Refused."""
    from athenakit.local.errors import UnsupportedLocally

    joined = join.this.alias_or_name.lower()
    for node in on.find_all(exp.Any, exp.All, exp.In):
        value = node.parent.this if isinstance(node, exp.Any | exp.All) \
            and isinstance(node.parent, exp.Binary) else node.this if isinstance(node, exp.In) \
            and node.args.get("query") else None
        if value is None:
            continue
        tables = {c.table.lower() for c in value.find_all(exp.Column) if c.table}
        if joined in tables and len(tables) > 1:
            raise UnsupportedLocally(MIXED_REFUSAL)


def _outer_join_criteria(tree: exp.Expr) -> None:
    """A subquery in an outer join's ON reads no column of the query around it (Trino analyzes
    it with correlation disallowed: ``TestJoin.testInPredicateInJoinCriteria``,
    ``AbstractTestQueries.testCorrelatedScalarSubqueries``)."""
    for join in tree.find_all(exp.Join):
        on = join.args.get("on")
        if on is None or join.side not in ("LEFT", "RIGHT", "FULL"):
            continue
        roots = [n for n in on.walk() if isinstance(n, exp.Subquery | exp.Exists)
                 or isinstance(n, exp.Values) and isinstance(n.parent, exp.In)]
        columns = sorted(((start_of(c) or 0, c, root) for root in roots
                          for c in root.find_all(exp.Column) if not isinstance(c.this, exp.Star)),
                         key=lambda found: found[0])
        _mixed_comparison(join, on)
        for _, column, root in columns:
            if bound(column, root) is False:
                shown = ".".join(p.name for p in column.parts)
                raise athena_error("NOT_SUPPORTED", f"Reference to column '{shown}' from outer "
                                   "scope not allowed in this context", offset=start_of(column))


def _outer_names(select: exp.Select) -> tuple[set[str], set[str]] | None:
    """The relation names and column names of the queries around ``select`` (what a derived
    table of ``select`` may read), or None where one of them is not known."""
    from athenakit.local.relations import source_columns

    relations: set[str] = set()
    columns: set[str] = set()
    outer = select.find_ancestor(exp.Select)
    while outer is not None:
        found = source_columns(outer)
        if found is None and relations_of(outer):
            return None
        columns |= found or set()
        relations |= {r.alias_or_name.lower() for r in relations_of(outer)}
        outer = outer.find_ancestor(exp.Select)
    return relations, columns


def sibling_reads(select: exp.Select) -> None:
    """A subquery in FROM reads no other relation of its FROM clause unless it is LATERAL, nor
    does a LATERAL inside it (Trino: ``COLUMN_NOT_FOUND: Column 't.a' cannot be resolved``;
    ``TestLateral.testNotInScope``); DuckDB joined it laterally on its own and answered."""
    from athenakit.local.relations import names as relation_names
    from athenakit.local.relations import source_columns

    relations = relations_of(select)
    derived = [r for r in relations if isinstance(r, exp.Subquery)
               and isinstance(r.this, exp.Select)]
    if not derived or len(relations) < 2:
        return
    outer = _outer_names(select)
    if outer is None:
        return
    for table in derived:
        siblings = [r for r in relations if r is not table]
        names = {r.alias_or_name.lower() for r in siblings} - outer[0]
        sibling_columns: set[str] = set()
        for sibling in siblings:
            sibling_columns |= relation_names(sibling, select.root()) or set()
        inner = table.this
        own = source_columns(inner) if relations_of(inner) else set()
        inner_relations = {r.alias_or_name.lower() for r in relations_of(inner)}
        for column in inner.find_all(exp.Column):
            if isinstance(column.this, exp.Star) or column.args.get("db") \
                    or column.find_ancestor(exp.Select) is not inner \
                    and bound(column, inner, below=True) is not False:
                continue  # (deeper: a LATERAL of the subquery's own FROM, trinodb TestLateral)
            seen, visible = own, inner_relations
            if column.find_ancestor(exp.Select) is not inner:  # only the relations beside
                beside = [r for r in relations_of(inner) if not inside(column, r)]
                visible = {r.alias_or_name.lower() for r in beside}
                known = [relation_names(r, select.root()) for r in beside]
                seen = None if None in known else set().union(*(k or set() for k in known))
            head = column.table.lower()
            stray = head in names and head not in visible if head else \
                seen is not None and column.name.lower() in sibling_columns - seen - outer[1]
            if stray:
                shown = ".".join(p.name.lower() for p in column.parts)
                raise athena_error("COLUMN_NOT_FOUND", f"Column '{shown}' cannot be resolved",
                                   offset=start_of(column))


def derived_tables(tree: exp.Expr) -> None:
    """Raise Trino's failure for a subquery in FROM that reads a relation beside it.

    Args:
        tree: a statement whose tables are resolved (their columns known).

    Raises:
        AthenaFailure: COLUMN_NOT_FOUND, at the column.
    """
    for select in tree.find_all(exp.Select):
        sibling_reads(select)


def check(tree: exp.Expr) -> None:
    """Raise Trino's failure for a subquery's reference to the query around it that Trino's
    analyzer does not take.

    Args:
        tree: a statement whose tables are resolved (their columns known).

    Raises:
        AthenaFailure: GENERIC_INTERNAL_ERROR for a GROUP BY key, NOT_SUPPORTED at a column
            in an outer join's ON.
    """
    _outer_grouping(tree)
    _outer_join_criteria(tree)
