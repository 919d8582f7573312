"""``x.*`` where Trino's analyzer takes it and where it does not.

- ``count(x.*)`` is row pattern recognition's count of the rows a label matched; anywhere else
  it fails with ``INVALID_FUNCTION_ARGUMENT: label.* syntax is only supported as the only
  argument of row pattern count function``, at the label
  (``TestAnalyzer.testRowPatternCountFunction``). DuckDB counted the relation's rows.
- ``SELECT outer.*`` inside a subquery, of an enclosing query's relation whose columns have no
  names (``VALUES`` without a column list), fails with ``NOT_SUPPORTED: SELECT * from outer
  scope table not supported with anonymous columns`` at the subquery's SELECT
  (``TestAnalyzer.testSelectAllColumns``). DuckDB read the outer row.

https://trino.io/docs/current/sql/match-recognize.html#counting-functions
"""

from __future__ import annotations

from sqlglot import exp

from athenakit.local.failures import athena_error, start_of
from athenakit.local.nodes import relations_of


def _label_count(column: exp.Column) -> None:
    if isinstance(column.parent, exp.Count):
        raise athena_error("INVALID_FUNCTION_ARGUMENT", "label.* syntax is only supported as "
                           "the only argument of row pattern count function",
                           offset=start_of(column))



def _anonymous(relation: exp.Expr) -> bool:
    """``relation``'s columns have no names: VALUES without a column list."""
    alias = relation.args.get("alias")
    return isinstance(relation, exp.Values) and not (isinstance(alias, exp.TableAlias)
                                                     and alias.columns)


def _outer_star(column: exp.Column) -> None:
    select = column.parent
    if not isinstance(select, exp.Select) or column not in select.expressions:
        return
    name = column.table.lower()
    if any(r.alias_or_name.lower() == name for r in relations_of(select)):
        return
    outer = select.find_ancestor(exp.Select)
    while outer is not None:
        found = [r for r in relations_of(outer) if r.alias_or_name.lower() == name]
        if found:
            if _anonymous(found[0]):
                raise athena_error("NOT_SUPPORTED", "SELECT * from outer scope table not "
                                   "supported with anonymous columns", offset=start_of(column),
                                   before="select")  # at the subquery's SELECT
            return
        outer = outer.find_ancestor(exp.Select)


def check(tree: exp.Expr) -> None:
    """Raise Trino's failure for ``x.*`` where it takes none.

    Args:
        tree: a parsed statement.

    Raises:
        AthenaFailure: INVALID_FUNCTION_ARGUMENT or NOT_SUPPORTED, at the ``x``.
    """
    for column in tree.find_all(exp.Column):
        if isinstance(column.this, exp.Star) and column.table:
            _label_count(column)
            _outer_star(column)
