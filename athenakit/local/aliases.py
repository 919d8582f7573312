"""Select-list aliases as Trino's analyzer reads them: only ORDER BY sees them.

- WHERE, GROUP BY, HAVING, the select list itself and the subqueries in them read the
  relations' columns, never an alias: ``SELECT a + 1 AS x ... WHERE x > 1`` (or ``GROUP BY x``,
  ``HAVING x > 1``, ``SELECT a + 1 AS x, x + 1``) fails with ``COLUMN_NOT_FOUND: Column 'x'
  cannot be resolved`` at the name (Trino keeps it so on purpose: trinodb/trino#8582,
  prestodb/presto#5582). DuckDB read the alias where no column had its name, so the statement
  ran locally and failed on Athena. Checked where every column of the relations in reach is
  known.
- In ORDER BY a name means the output column first, inside an expression too:
  ``SELECT a * -2 AS a ... ORDER BY a * -1`` sorts by the output column, ``t.a`` by the
  relation's (``AbstractTestOrderByQueries.testOrderByWithOutputColumnReference``). DuckDB
  read the relation's column inside an expression and sorted in another order. The output's
  expression takes the name's place. A dotted name whose first part is an output column reads
  a field of it (``StatementAnalyzer``'s ORDER BY scope), and fails with ``TYPE_MISMATCH:
  Expression x is not of type ROW`` where the output is no row
  (``TestAnalyzer.testOrderByExpressionOnOutputColumn2``). Inside an aggregate the relations'
  columns are read (a name there that is an output column fails in :mod:`placement`).

https://trino.io/docs/current/sql/select.html#order-by-clause
"""

from __future__ import annotations

from collections.abc import Iterator

from sqlglot import exp

from athenakit.local.errors import UnsupportedLocally
from athenakit.local.failures import athena_error, start_of
from athenakit.local.nodes import non_deterministic, own_scope, relations_of


def _lambda_parameter(column: exp.Column) -> bool:
    lam = column.find_ancestor(exp.Lambda)
    while lam is not None:
        if any(p.name.lower() == column.name.lower() for p in lam.expressions):
            return True
        lam = lam.find_ancestor(exp.Lambda)
    return False


def _sources(select: exp.Select) -> set[str] | None:
    from athenakit.local.relations import source_columns

    if select.args.get("from_") is None and not select.args.get("joins"):
        return set()
    return source_columns(select)


def _reach(column: exp.Column) -> Iterator[exp.Select]:
    """The SELECTs whose relations ``column`` may read: its own, then the enclosing ones."""
    select = column.find_ancestor(exp.Select)
    while select is not None:
        yield select
        select = select.find_ancestor(exp.Select)


def _in_order_by(column: exp.Column) -> bool:
    """``column`` sits in a query's own ORDER BY (where aliases are seen)."""
    order = column.find_ancestor(exp.Order)
    while order is not None:
        if isinstance(order.parent, exp.Select | exp.SetOperation):
            return True
        order = order.find_ancestor(exp.Order)
    return False


def _unresolved_alias(column: exp.Column, known: dict[int, set[str] | None]) -> bool:
    name = column.name.lower()
    aliased = False
    for select in _reach(column):
        if id(select) not in known:  # (each SELECT's relations read once per statement)
            known[id(select)] = _sources(select)
        sources = known[id(select)]
        if sources is None or name in sources:
            return False
        aliased = aliased or any(isinstance(e, exp.Alias) and e.alias.lower() == name
                                 for e in select.expressions)
    return aliased


def check(tree: exp.Expr) -> None:
    """Raise Trino's failure for a select alias read outside ORDER BY.

    Args:
        tree: a statement whose tables are resolved (their columns known).

    Raises:
        AthenaFailure: COLUMN_NOT_FOUND, at the name.
    """
    aliases = {e.alias.lower() for select in tree.find_all(exp.Select)
               for e in select.expressions if isinstance(e, exp.Alias)}
    known: dict[int, set[str] | None] = {}
    for column in tree.find_all(exp.Column):
        if column.table or not isinstance(column.this, exp.Identifier) \
                or column.name.lower() not in aliases \
                or _in_order_by(column) or _lambda_parameter(column):
            continue
        if _unresolved_alias(column, known):
            raise athena_error("COLUMN_NOT_FOUND", f"Column '{column.name.lower()}' cannot be "
                               "resolved", offset=start_of(column))


def _outputs(select: exp.Select) -> dict[str, exp.Expr]:
    """Output name -> the expression it names, for the outputs that are not a relation's
    column of the same name (those read the same either way); a name given twice is left to
    :mod:`order_by` (AMBIGUOUS_NAME)."""
    named: dict[str, list[exp.Expr]] = {}
    for item in select.expressions:
        if isinstance(item, exp.Alias):
            named.setdefault(item.alias.lower(), []).append(item.this)
        elif isinstance(item, exp.Column) and not isinstance(item.this, exp.Star):
            named.setdefault(item.name.lower(), []).append(item)
    return {name: found[0] for name, found in named.items() if len(found) == 1
            and not (isinstance(found[0], exp.Column) and found[0].name.lower() == name)}


def _in_aggregate(node: exp.Expr, key: exp.Expr) -> bool:
    """``node`` is an aggregate's argument (not a window function's) below ``key``."""
    parent = node.parent
    while parent is not None and node is not key:
        if isinstance(parent, exp.AggFunc) and not isinstance(parent.parent, exp.Window):
            return True
        node, parent = parent, parent.parent
    return False


def _field(column: exp.Column, output: exp.Expr) -> exp.Expr:
    """``x.c`` of an output column ``x``: the field ``c`` of its value."""
    kind = output.type
    if kind is not None and kind.is_type(exp.DType.STRUCT):
        return exp.Dot(this=_paren(output), expression=column.this.copy())
    if kind is not None and not kind.is_type(exp.DType.UNKNOWN, exp.DType.NULL):
        raise athena_error("TYPE_MISMATCH", f"Expression {column.table.lower()} is not of "
                           "type ROW", offset=start_of(column))
    raise UnsupportedLocally("a dotted name in ORDER BY that reads a field of an output "
                             "column of a type not known before DuckDB runs")


def _replacement(column: exp.Column, outputs: dict[str, exp.Expr]) -> exp.Expr | None:
    if column.args.get("db") or not isinstance(column.this, exp.Identifier):
        return None
    if column.table:
        output = outputs.get(column.table.lower())
        return _field(column, output) if output is not None else None
    output = outputs.get(column.name.lower())
    if output is None:
        return None
    if non_deterministic(output):  # (its value is not computed again for ORDER BY)
        raise UnsupportedLocally("an ORDER BY expression over a non-deterministic output "
                                 "column")
    return _paren(output)


def _paren(output: exp.Expr) -> exp.Expr:
    """``(output)``, typed as the output is (later rewrites read the type)."""
    paren = exp.Paren(this=output.copy())
    paren.type = output.type
    return paren


def _resolve_key(key: exp.Expr, outputs: dict[str, exp.Expr]) -> None:
    for node in list(own_scope(key)):
        if isinstance(node, exp.Query | exp.Subquery):
            continue
        if isinstance(node, exp.Column) and not _in_aggregate(node, key) \
                and not _lambda_parameter(node):
            new = _replacement(node, outputs)
            if new is not None:
                node.replace(new)
    for query in list(key.find_all(exp.Subquery)):
        _resolve_subquery(query, key, outputs)


def _resolve_subquery(query: exp.Subquery, key: exp.Expr, outputs: dict[str, exp.Expr]) -> None:
    """A subquery in ORDER BY sees the output columns around it, where its own relations have
    no column of the name (``ORDER BY (SELECT x.someField)`` of an output row ``x``; inside an
    aggregate that is Trino's ``COLUMN_NOT_FOUND``, as without the subquery)."""
    inner = query.this
    columns = [c for c in query.find_all(exp.Column) if not c.args.get("db")
               and (c.table or c.name).lower() in outputs]
    if not columns:
        return
    own = _sources(inner) if isinstance(inner, exp.Select) else None
    if own is None or inner.find(exp.Subquery) is not None:
        raise UnsupportedLocally("a subquery in ORDER BY that names an output column")
    relations = {r.alias_or_name.lower() for r in relations_of(inner)}
    for column in columns:
        if column.table and column.table.lower() in relations \
                or not column.table and column.name.lower() in own:
            continue  # the subquery's own column
        if _in_aggregate(query, key):
            raise athena_error("COLUMN_NOT_FOUND", "Invalid reference to output projection "
                               "attribute from ORDER BY aggregation", offset=start_of(column))
        new = _replacement(column, outputs)
        if new is not None:
            column.replace(new)



def resolve_order(tree: exp.Expr) -> None:
    """Put each output column's expression where an ORDER BY expression names it.

    Args:
        tree: a parsed statement (modified in place).

    Raises:
        AthenaFailure: TYPE_MISMATCH for a field of an output column that is no row.
        UnsupportedLocally: where the output's value is not known to be computed once.
    """
    for select in list(tree.find_all(exp.Select)):
        order = select.args.get("order")
        outputs = _outputs(select) if order is not None else {}
        for ordered in order.expressions if outputs and order is not None else []:
            key = ordered.this if isinstance(ordered, exp.Ordered) else ordered
            if isinstance(key, exp.Column) and not key.table or isinstance(key, exp.Literal):
                continue  # an output column by name or position: DuckDB's reading
            _resolve_key(key, outputs)
