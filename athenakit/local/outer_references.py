"""References from a subquery to the query around it that Trino's analyzer refuses.

- A subquery's GROUP BY key that is a column of the query around it fails with an internal
  error (``AggregationAnalyzer``: ``Grouping field ... should originate from ...``;
  ``TestSubqueries.testCorrelatedInnerUnnestWithGlobalAggregation``). DuckDB grouped by the
  outer value.
- A subquery in the ON clause of a LEFT, RIGHT or FULL join reads no column of the query
  around it: Trino analyzes it with correlation disallowed (``NOT_SUPPORTED: Reference to
  column 't.x' from outer scope not allowed in this context``, at the column;
  ``TestJoin.testInPredicateInJoinCriteria``). DuckDB answered; in an inner join's ON both do.

https://docs.aws.amazon.com/athena/latest/ug/select.html
"""

from __future__ import annotations

from sqlglot import exp

from athenakit.local.failures import athena_error, start_of


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


def _bound(column: exp.Column, root: exp.Expr) -> bool | None:
    """Whether a SELECT from ``column`` up to ``root`` has a relation giving it (None: not
    known)."""
    from athenakit.local.correlation import Scope

    select = column.find_ancestor(exp.Select)
    unknown = False
    while select is not None and (select is root or _within(select, root)):
        found = Scope(select).outer(column)
        if found is False:
            return True
        unknown = unknown or found is None
        select = select.find_ancestor(exp.Select)
    return None if unknown else False


def _within(node: exp.Expr, ancestor: exp.Expr) -> bool:
    parent = node.parent
    while parent is not None and parent is not ancestor:
        parent = parent.parent
    return parent is ancestor


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
        for _, column, root in columns:
            if _bound(column, root) is False:
                shown = ".".join(p.name for p in column.parts)
                raise athena_error("NOT_SUPPORTED", f"Reference to column '{shown}' from outer "
                                   "scope not allowed in this context", offset=start_of(column))


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
