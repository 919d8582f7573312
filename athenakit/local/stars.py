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


def _unknown_prefix(column: exp.Column) -> None:
    """``foo.*`` where ``foo`` names no relation of the query (nor of a query around it) and no
    column: ``TABLE_NOT_FOUND: Unable to resolve reference foo``
    (``TestAnalyzer.testStarPrefixNotFound``); DuckDB's binder said a column was missing."""
    from athenakit.local.relations import source_columns

    select = column.parent
    if not isinstance(select, exp.Select) or column not in select.expressions:
        return
    prefix = ".".join(p.name for p in column.parts[:-1])
    scope: exp.Expr | None = select
    while isinstance(scope, exp.Select):
        if any(r.alias_or_name.lower() == prefix.lower() for r in relations_of(scope)):
            return
        known = source_columns(scope)
        if known is None or column.parts[0].name.lower() in known:
            return  # (a row column's fields, or not known)
        scope = scope.find_ancestor(exp.Select)
    raise athena_error("TABLE_NOT_FOUND", f"Unable to resolve reference {prefix}",
                       offset=start_of(column))


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


def _outputs(select: exp.Select) -> list[tuple[str, str] | exp.Expr] | None:
    """The output columns of a SELECT with a star: ``(relation, column)`` for each column a
    star gives, the item for any other (None where a star's columns are not known)."""
    from athenakit.local.relations import ordered_names

    relations = relations_of(select)
    found: list[tuple[str, str] | exp.Expr] = []
    for item in select.expressions:
        if isinstance(item, exp.Star) and not item.args.get("except"):
            read = relations
        elif isinstance(item, exp.Column) and isinstance(item.this, exp.Star) and item.table:
            read = [r for r in relations if r.alias_or_name.lower() == item.table.lower()]
        else:
            found.append(item.unalias())
            continue
        for relation in read:
            names = ordered_names(relation, select.root())
            if names is None:
                return None
            found += [(relation.alias_or_name.lower(), name) for name in names]
    return found


def _grouped_star(select: exp.Select) -> None:
    """``SELECT *`` with GROUP BY: each column a star gives is a grouping key, else Trino
    fails with ``Column 't.a' not in GROUP BY clause`` (``Column 2 ...`` for the second output
    column where it has no name), without a position (``TestAnalyzer.testGroupByWithWildcard``,
    ``testGroupByWithSubquerySelectExpression``); DuckDB's binder named an expression of the
    translation. A GROUP BY position counts the columns the stars give (DuckDB's counts the
    select list's items): it is written as the column (or item) it means."""
    from athenakit.local.map_grouping import group_keys

    group = select.args.get("group")
    if group is None or not select.is_star:
        return
    outputs = _outputs(select)
    if outputs is None:
        return
    keys = group_keys(group)
    if any(isinstance(k, exp.Literal) and k.is_int and not 1 <= int(k.name) <= len(outputs)
           for k in keys):
        return  # INVALID_COLUMN_REFERENCE comes first (typecheck)
    meant = {id(k): outputs[int(k.name) - 1] for k in keys if isinstance(k, exp.Literal)
             and k.is_int and 1 <= int(k.name) <= len(outputs)}
    grouped = {(k.table.lower(), k.name.lower()) for k in keys if isinstance(k, exp.Column)}
    grouped |= {m for m in meant.values() if isinstance(m, tuple)}
    for at, output in enumerate(outputs, 1):
        if not isinstance(output, tuple):
            continue
        prefix, name = output
        if (prefix, name) in grouped or name and ("", name) in grouped:
            continue
        shown = f"'{prefix + '.' if prefix else ''}{name}'" if name else str(at)
        raise athena_error("EXPRESSION_NOT_AGGREGATE", f"Column {shown} not in GROUP BY clause")
    for key in keys:
        position = meant.get(id(key))
        if isinstance(position, tuple) and position[1]:
            key.replace(exp.column(position[1], table=position[0] or None, quoted=True))
        elif isinstance(position, exp.Expr):
            key.replace(position.copy())


def check(tree: exp.Expr) -> None:
    """Raise Trino's failure for ``x.*`` where it takes none, or a ``*`` with GROUP BY of a
    column that is not grouped.

    Args:
        tree: a parsed statement.

    Raises:
        AthenaFailure: INVALID_FUNCTION_ARGUMENT or NOT_SUPPORTED, at the ``x``;
            EXPRESSION_NOT_AGGREGATE.
    """
    for column in tree.find_all(exp.Column):
        if isinstance(column.this, exp.Star) and column.table:
            _label_count(column)
            _outer_star(column)
            _unknown_prefix(column)
    for select in tree.find_all(exp.Select):
        _grouped_star(select)
