"""``ORDER BY`` names and expressions as Trino's analyzer reads them.

- A name in ORDER BY means an output column first; where two output columns go by it
  (``SELECT a x, b x ... ORDER BY x``, ``SELECT a, a ... ORDER BY a``) Trino fails with
  ``AMBIGUOUS_NAME`` (``TestAnalyzer.testAmbiguousReferenceInOrderBy``). DuckDB sorted by the
  first.
- With ``SELECT DISTINCT``, each ORDER BY expression is a select item (or an output name):
  ``EXPRESSION_NOT_IN_DISTINCT: For SELECT DISTINCT, ORDER BY expressions must appear in select
  list``, and a non-deterministic one (``random()``) fails even so
  (``StatementAnalyzer.verifySelectDistinct``; ``testOrderByMustAppearInSelectWithDistinct``,
  ``testNonDeterministicOrderBy``). DuckDB sorted by a column it kept aside.

https://trino.io/docs/current/sql/select.html#order-by-clause
"""

from __future__ import annotations

from sqlglot import exp

from athenakit.local.failures import athena_error, start_of
from athenakit.local.nodes import non_deterministic, own_scope


def _outputs(select: exp.Select) -> list[str]:
    """The names of the output columns: an alias, or a column's own name."""
    names = []
    for item in select.expressions:
        if isinstance(item, exp.Alias):
            names.append(item.alias.lower())
        elif isinstance(item, exp.Aliases):  # t.* AS (w, x, y, z)
            names.extend(i.name.lower() for i in item.expressions)
        elif isinstance(item, exp.Column) and not isinstance(item.this, exp.Star):
            names.append(item.name.lower())
    return names


def _ambiguous(select: exp.Select, order: exp.Order) -> None:
    outputs = _outputs(select)
    for key in order.expressions:
        for column in (n for n in own_scope(key) if isinstance(n, exp.Column)):
            if not column.table and outputs.count(column.name.lower()) > 1 \
                    and not column.find_ancestor(exp.AggFunc):
                raise athena_error("AMBIGUOUS_NAME", f"Column '{column.name}' is ambiguous",
                                   offset=start_of(column))


def _text(node: exp.Expr) -> str:
    """An expression's text with column qualifiers dropped and names folded (``t.A`` and
    ``a`` are one column where only one relation has it; the check errs toward answering)."""
    bare = node.copy()
    for column in list(bare.find_all(exp.Column)):
        column.set("table", None)
        if isinstance(column.this, exp.Identifier) and not column.this.quoted:
            column.set("this", exp.to_identifier(column.name.lower()))
    return bare.sql(dialect="trino").lower()


def _reads_output(key: exp.Expr, aliases: set[str]) -> bool:
    """An ORDER BY expression (not a bare name) that names an output column: it is then no
    select item, whose names are the relations' (TestDistinctWithOrderBy.testColumnAliasing:
    ``SELECT DISTINCT a, a + b ... ORDER BY a + b`` fails)."""
    return any(isinstance(n, exp.Column) and not n.table and n.name.lower() in aliases
               and n.find_ancestor(exp.AggFunc) is None for n in own_scope(key))


def _distinct(select: exp.Select, order: exp.Order) -> None:
    items = {_text(i.unalias()) for i in select.expressions}
    aliases = set(_outputs(select))
    for ordered in order.expressions:
        key = ordered.this if isinstance(ordered, exp.Ordered) else ordered
        if isinstance(key, exp.Literal) and key.is_int:
            continue  # a position in the select list
        named = isinstance(key, exp.Column) and not key.table and key.name.lower() in aliases
        if not named and (_text(key) not in items or _reads_output(key, aliases)):
            # at the query (TestDistinctWithOrderBy: "line 1:1")
            raise athena_error("EXPRESSION_NOT_IN_DISTINCT", "For SELECT DISTINCT, ORDER BY "
                               "expressions must appear in select list",
                               offset=start_of(select.expressions[0]), before="select")
    for ordered in order.expressions:
        key = ordered.this if isinstance(ordered, exp.Ordered) else ordered
        if non_deterministic(key):
            raise athena_error("EXPRESSION_NOT_IN_DISTINCT", "Non deterministic ORDER BY "
                               "expression is not supported with SELECT DISTINCT",
                               offset=start_of(key))


def check(tree: exp.Expr) -> None:
    """Raise Trino's failure for an ORDER BY it rejects, in each SELECT of ``tree``.

    Args:
        tree: a parsed statement.

    Raises:
        AthenaFailure: AMBIGUOUS_NAME or EXPRESSION_NOT_IN_DISTINCT, at the ORDER BY item.
    """
    for select in tree.find_all(exp.Select):
        order = select.args.get("order")
        if order is None or select.is_star:
            continue
        _ambiguous(select, order)
        if select.args.get("distinct") is not None and not select.args["distinct"].args.get("on"):
            _distinct(select, order)
