"""Joins of LATERAL relations and UNNEST: the conditions Trino takes, and RIGHT / FULL joins.

- A join of an UNNEST takes ``ON TRUE`` only, an outer join of a LATERAL relation too (FULL).
- A RIGHT or FULL join of one reads nothing of the left side, and of a left side the planner
  knows is empty gives no rows.

https://trino.io/docs/current/sql/select.html#lateral
"""

from __future__ import annotations

from sqlglot import exp

from athenakit.local.failures import athena_error, start_of
from athenakit.local.nodes import relations_of


def _check_lateral(join: exp.Join) -> None:
    """A join of an UNNEST takes ``ON TRUE`` only, whatever its kind; an outer join of a
    LATERAL relation takes it for FULL only (``StatementAnalyzer.visitJoin``: ``NOT_SUPPORTED:
    LEFT JOIN involving UNNEST is only supported with condition ON TRUE``, at the condition, or
    at the join for USING; ``TestAnalyzer.testJoinUnnest`` / ``testJoinLateral``,
    ``TestUnnest.testInnerJoinUnnest``). DuckDB joined on the condition."""
    from athenakit.local.printing import location
    from athenakit.local.relations import opening

    side = str(join.args.get("side") or "").upper()
    kind = str(join.args.get("kind") or "").upper()
    on = join.args.get("on")
    unnest = isinstance(join.this, exp.Unnest)
    if kind == "CROSS" or on is None and not join.args.get("using") \
            or isinstance(on, exp.Boolean) and on.this is True:
        return
    if not unnest and not (isinstance(join.this, exp.Lateral) and side == "FULL"):
        return
    what = "UNNEST" if unnest else "LATERAL relation"
    text = f"{side or 'INNER'} JOIN involving {what} is only supported with condition ON TRUE"
    if on is not None:
        offset, find = location(on)
        raise athena_error("NOT_SUPPORTED", text, offset=offset, find=find)
    select = join.parent
    source = select.args.get("from_") if isinstance(select, exp.Select) else None
    raise athena_error("NOT_SUPPORTED", text, offset=opening(source.this) if source else None)


def _left_reference(join: exp.Join) -> exp.Column | None:
    """A column of an UNNEST or LATERAL relation that reads the relations left of it, where
    that is known (None also where it is not: then the lateral reads nothing of the left)."""
    from athenakit.local.relations import source_columns

    right = join.this
    inner = right.this if isinstance(right, exp.Lateral) else None
    inner = inner.this if isinstance(inner, exp.Subquery) else inner
    if isinstance(right, exp.Unnest) or isinstance(inner, exp.Values):  # (no relation of its own)
        return next(iter(right.find_all(exp.Column)), None)
    if not isinstance(inner, exp.Select):
        return None
    own = source_columns(inner) if relations_of(inner) else set()
    names = {r.alias_or_name.lower() for r in relations_of(inner)}
    for column in (n for n in inner.find_all(exp.Column) if not isinstance(n.this, exp.Star)):
        if column.table and column.table.lower() not in names \
                or not column.table and own is not None and column.name.lower() not in own:
            return column
    return None


def _outer_lateral(join: exp.Join) -> None:
    """A RIGHT or FULL join of an UNNEST or LATERAL relation (``ON TRUE``, or a LATERAL's
    condition) reads nothing of the left side (``INVALID_COLUMN_REFERENCE: LATERAL reference
    not allowed in RIGHT JOIN``). Of a left side the planner knows is empty it gives no rows
    (:func:`_empty`): RIGHT is then written as an inner join, FULL as LEFT (``join`` is
    modified in place)."""
    side = str(join.args.get("side") or "").upper()
    if side not in ("RIGHT", "FULL") or not isinstance(join.this, exp.Unnest | exp.Lateral):
        return
    reference = _left_reference(join)
    if reference is not None:
        raise athena_error("INVALID_COLUMN_REFERENCE", f"LATERAL reference not allowed in "
                           f"{side} JOIN", offset=start_of(reference))
    on = join.args.get("on")
    if side == "RIGHT" and not (on is None or isinstance(on, exp.Boolean) and on.this is True):
        # each pair of a left row and a lateral row: the pair, or the lateral row alone where
        # the condition fails (TestSubqueries.testUncorrelatedSubquery); not written here
        from athenakit.local.errors import UnsupportedLocally

        raise UnsupportedLocally("a RIGHT JOIN of a LATERAL relation on a condition")
    select = join.parent
    if not isinstance(select, exp.Select) or not any(
            _empty(r) for r in relations_of(select)[:select.args["joins"].index(join) + 1]):
        return  # rows of the left side only while running: a plain RIGHT / FULL join
    join.set("side", "LEFT" if side == "FULL" else None)
    if side == "RIGHT":
        join.set("kind", "CROSS")
        join.set("on", None)


def _false(condition: exp.Expr) -> bool:
    """A condition Trino's planner folds to false (``false``, ``0 = 1``)."""
    while isinstance(condition, exp.Paren):
        condition = condition.this
    if isinstance(condition, exp.Boolean):
        return condition.this is False
    if isinstance(condition, exp.EQ | exp.NEQ) and all(
            isinstance(s, exp.Literal) and not s.is_string
            for s in (condition.this, condition.expression)):
        same = float(condition.this.name) == float(condition.expression.name)
        return same if isinstance(condition, exp.NEQ) else not same
    return False


def _empty(relation: exp.Expr) -> bool:
    """A relation Trino's planner knows has no rows (``(SELECT 1 WHERE 0 = 1)``): the RIGHT or
    FULL join of a LATERAL relation to it is then empty too (``TestSubqueries
    .testUncorrelatedSubquery``), where an empty left side found while running keeps the
    lateral rows (``AbstractTestEngineOnlyQueries.testCorrelatedJoin``)."""
    query = relation.this if isinstance(relation, exp.Subquery) else None
    where = query.args.get("where") if isinstance(query, exp.Select) else None
    return isinstance(where, exp.Where) and _false(where.this)


def check(join: exp.Join) -> None:
    """Raise Trino's failure for a join condition of a LATERAL relation or UNNEST it does not
    take, and write a RIGHT / FULL join of one to a left side known to be empty for DuckDB.

    Args:
        join: a join of a statement whose tables are resolved (modified in place).

    Raises:
        AthenaFailure: NOT_SUPPORTED or INVALID_COLUMN_REFERENCE.
        UnsupportedLocally: a RIGHT JOIN of a LATERAL relation on a condition.
    """
    _check_lateral(join)
    _outer_lateral(join)
