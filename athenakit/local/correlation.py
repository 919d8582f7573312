"""Correlated subqueries Trino's planner cannot decorrelate.

Trino plans a correlated subquery by turning it into a join; with a ``LIMIT`` (or ``ORDER BY
... LIMIT``, ``FETCH``) in the subquery that works only where the limit cannot change which
rows belong to an outer row: the subquery's rows are tied to the outer row by equalities of
its own columns with outer values, and what it returns is those columns (or one row per
group of them). Otherwise the query fails with ``NOT_SUPPORTED: Given correlated subquery is
not supported`` (``TestSubqueries.testCorrelatedSubqueriesWithLimitOne`` /
``...WithLimitGreaterThanOne`` / ``...WithTopN`` / ``...WithLimit``); a LATERAL relation's
rows need the equalities only, and no outer value in its ORDER BY:
``(SELECT x FROM t WHERE t.k = o.k ORDER BY ts DESC LIMIT 1)`` is the common case. DuckDB
answered all of them. An equality that needs a coercion (``bigint = double``) ties nothing.

https://docs.aws.amazon.com/athena/latest/ug/select.html
"""

from __future__ import annotations

from sqlglot import exp

from athenakit.local.failures import query_error
from athenakit.local.nodes import own_scope, relations_of, single_row
from athenakit.table.predicates import conjuncts

_MESSAGE = "Given correlated subquery is not supported"


class Scope:
    """What a subquery's own relations name: their aliases and (where known) columns."""

    def __init__(self, select: exp.Select) -> None:
        from athenakit.local.relations import source_columns

        self.aliases = {r.alias_or_name.lower() for r in relations_of(select)}
        self.columns = source_columns(select) if self.aliases else set()

    def outer(self, column: exp.Column) -> bool | None:
        """``column`` reads the query around (None where that is not known)."""
        if column.table and column.table.lower() in self.aliases:
            return False
        if column.table and not column.args.get("db") and self.columns is not None \
                and column.table.lower() in self.columns:
            return False  # a field of the subquery's own row column (``r.f``)
        if column.table:
            return True if self.columns is not None else None
        if self.columns is None:
            return None
        return column.name.lower() not in self.columns


_EXACT = (exp.DType.TINYINT, exp.DType.SMALLINT, exp.DType.INT, exp.DType.BIGINT,
          exp.DType.DECIMAL)
_FLOATS = (exp.DType.DOUBLE, exp.DType.FLOAT)


def _lossy(inner: exp.Expr, other: exp.Expr) -> bool:
    """The equality compares an exact number with a double: its coercion ties nothing
    (``t.a = t2.b`` of a bigint and a double is Trino's failure, of an integer and a decimal
    not)."""
    kinds = (inner.type, other.type)
    return all(k is not None for k in kinds) and any(
        a is not None and b is not None and a.is_type(*_EXACT) and b.is_type(*_FLOATS)
        for a, b in (kinds, kinds[::-1]))


def tie(conjunct: exp.Expr, scope: Scope) -> tuple[str | None, bool] | None:
    """(the inner column an equality ties to outer values, or None; whether the conjunct ties
    the subquery to the outer query at all), None where that is not known."""
    columns = list(conjunct.find_all(exp.Column))
    reads = [scope.outer(c) for c in columns]
    if None in reads:
        return None
    if all(reads) or not any(reads):
        return None, False  # the outer query's condition alone, or the subquery's own
    if isinstance(conjunct, exp.EQ):
        for inner, other in ((conjunct.this, conjunct.expression),
                             (conjunct.expression, conjunct.this)):
            if isinstance(inner, exp.Column) and not scope.outer(inner) and all(
                    scope.outer(c) for c in other.find_all(exp.Column)):
                return (None if _lossy(inner, other) else inner.name.lower()), True
    return None, True


def _decorrelated(select: exp.Select, lateral: bool) -> bool | None:
    """Whether Trino can plan ``select`` (a subquery with a limit) as a join; None where it
    does not read the query around, or that is not known."""
    scope = Scope(select)
    tied: set[str] = set()
    correlated = False
    for conjunct in conjuncts((select.args.get("where") or exp.Where()).this):
        found = tie(conjunct, scope)
        if found is None:
            return None
        name, reads = found
        if reads and name is None:
            return False
        correlated = correlated or reads
        tied |= {name} if name else set()
    parts = (*select.expressions, select.args.get("group"), select.args.get("having"),
             select.args.get("order"))
    if any(isinstance(c, exp.Column) and scope.outer(c)
           for part in parts if part is not None for c in own_scope(part)):
        return False
    if not correlated:
        return None
    if lateral:  # a LATERAL relation keeps any number of rows per outer row
        return True
    group = select.args.get("group")
    if group is not None:
        return all(isinstance(k, exp.Column) and k.name.lower() in tied for k in group.expressions)
    if any(e.find(exp.AggFunc) for e in select.expressions) or select.args.get("order"):
        return True  # one row, or the first rows of each outer row's (a TopN)
    return all(isinstance(e.unalias(), exp.Column) and e.unalias().name.lower() in tied
               for e in select.expressions)


def _limit_zero(select: exp.Select) -> bool:
    """``LIMIT 0``, which Trino's decorrelator takes nowhere
    (``AbstractTestEngineOnlyQueries.testSelectAllFromOuterScopeTable``)."""
    limit = select.args.get("limit")
    count = limit.args.get("expression") if isinstance(limit, exp.Limit) else None
    return isinstance(count, exp.Literal) and count.name == "0"


def check(tree: exp.Expr) -> None:
    """Raise Trino's failure for a correlated subquery with a limit it cannot plan.

    Args:
        tree: a statement whose tables are resolved (their columns known).

    Raises:
        AthenaFailure: NOT_SUPPORTED, at the subquery.
    """
    for subquery in tree.find_all(exp.Subquery):
        select = subquery.this
        if not isinstance(select, exp.Select) or isinstance(subquery.parent, exp.From | exp.Join) \
                or not (select.args.get("limit") or select.args.get("fetch")) \
                or single_row(select) and not _limit_zero(select):  # (one row: the limit goes)
            continue
        if _decorrelated(select, isinstance(subquery.parent, exp.Lateral)) is False:
            raise query_error("NOT_SUPPORTED", _MESSAGE, select)
