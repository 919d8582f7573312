"""Rules for queries against known tables, and for prepared statements.

With ``--tables`` (or CREATE TABLE statements earlier in the file) the checker knows columns,
partition columns and injected projections, and reports unknown names, reads of a partitioned
table without a partition filter, injected projections without an equality filter, and
partition filters that only appear inside a subquery.
"""

from __future__ import annotations

from collections.abc import Iterator

from sqlglot import exp
from sqlglot.errors import SqlglotError
from sqlglot.optimizer.scope import Scope, traverse_scope
from sqlglot.tokenizer_core import TokenType

from athenakit.check.catalog import KnownTable
from athenakit.check.context import QUERY_KINDS, Context, node_start
from athenakit.sql.splitter import Kind

_CLAUSE_AFTER_WHERE = frozenset({
    TokenType.GROUP_BY, TokenType.ORDER_BY, TokenType.LIMIT, TokenType.HAVING, TokenType.UNION,
    TokenType.WINDOW, TokenType.OFFSET, TokenType.FETCH, TokenType.EXCEPT, TokenType.INTERSECT,
})


def check_query(ctx: Context) -> None:
    """Report query problems that need the known tables, and misplaced ``?`` parameters."""
    if ctx.query is not None and ctx.stmt.kind is not Kind.EXECUTE:
        # a '?' outside PREPARE is a parameterized query (run --param, ExecutionParameters):
        # Athena runs it as a prepared statement, so the same placement rule holds
        _parameters(ctx)
    if ctx.stmt.kind not in QUERY_KINDS and ctx.stmt.words[:1] != ("USING",):
        return
    for scope in select_scopes(ctx.query):
        _scope(ctx, scope)


def select_scopes(tree: exp.Expr | None) -> list[Scope]:
    """The SELECT scopes of a statement's query (of a query, CTAS or INSERT); none when it has
    no query or sqlglot cannot resolve its scopes."""
    query = top_query(tree)
    if query is None:
        return []
    try:
        return [s for s in traverse_scope(query) if isinstance(s.expression, exp.Select)]
    except SqlglotError:
        return []


def top_query(tree: exp.Expr | None) -> exp.Query | None:
    """The query of a query, CTAS or INSERT statement."""
    if isinstance(tree, exp.Query):
        return tree
    if isinstance(tree, (exp.Create, exp.Insert)) and isinstance(tree.expression, exp.Query):
        return tree.expression
    return None


def _scope(ctx: Context, scope: Scope) -> None:
    tables: dict[str, tuple[exp.Table, KnownTable | None]] = {}
    for alias, source in scope.sources.items():
        if isinstance(source, exp.Table) and source.name:
            known = ctx.catalog.find(source.name, source.db or None)
            tables[alias] = (source, known)
            if known is None and ctx.catalog.complete and not _is_cte(scope, source):
                ctx.report("AK340", f"unknown table {source.sql(dialect='trino')}",
                           node_start(source))
    if not ctx.catalog:
        return
    _unknown_columns(ctx, scope, tables)
    own = list(_own_predicates(scope.expression))
    for alias, (source, known) in tables.items():
        if known is not None and known.partitions:
            bare = _bare_owned(scope, alias, known, tables)
            _partition_filters(ctx, scope, alias, source, known, own, bare)


def _bare_owned(
    scope: Scope, alias: str, known: KnownTable,
    tables: dict[str, tuple[exp.Table, KnownTable | None]],
) -> frozenset[str]:
    """Partition columns of ``alias`` that an unqualified name in this scope refers to.

    A bare ``tenant`` is ``alias``'s column unless another source of the scope also has a
    column of that name (a known table, or an UNNEST / subquery alias naming it).
    """
    others: set[str] = set()
    for name in scope.sources:
        if name == alias:
            continue
        if name in tables:
            other = tables[name][1]
            others.update(other.all_columns if other is not None else ())
        else:
            others.update(c.lower() for c in _source_columns(scope, name))
    return frozenset(c for c in known.partitions if c not in others)


def _source_columns(scope: Scope, name: str) -> list[str]:
    node = scope.selected_sources.get(name, (None, None))[0]
    alias = node.args.get("alias") if isinstance(node, exp.Expr) else None
    columns = alias.args.get("columns") if isinstance(alias, exp.TableAlias) else None
    if columns:
        return [c.name for c in columns]
    source = scope.sources.get(name)
    if isinstance(source, Scope) and isinstance(source.expression, exp.Query):
        return [s.alias_or_name for s in source.expression.selects]
    return []


def _is_cte(scope: Scope, table: exp.Table) -> bool:
    return not table.db and table.name in scope.cte_sources


def _unknown_columns(
    ctx: Context, scope: Scope, tables: dict[str, tuple[exp.Table, KnownTable | None]],
) -> None:
    all_known = len(tables) == len(scope.sources) and all(
        k and k.columns_known for _, k in tables.values())
    select = scope.expression
    aliases = {s.alias.lower() for s in select.selects if isinstance(s, exp.Alias)} if isinstance(
        select, exp.Select) else set()
    for column in scope.columns:
        if column.find_ancestor(exp.Select) is not scope.expression:
            continue
        name = column.name.lower()
        if column.table:
            _, known = tables.get(column.table, (None, None))
            if known is not None and known.columns_known and name not in known.all_columns:
                ctx.report("AK341", f"table {known.name} has no column {column.name}",
                           node_start(column))
        elif all_known and name not in aliases and not any(
                name in k.all_columns for _, k in tables.values() if k):
            ctx.report("AK341", f"no table in FROM has a column {column.name}", node_start(column))


def _own_predicates(select: exp.Expr) -> Iterator[exp.Expr]:
    """Comparisons in the WHERE and JOIN ON of ``select``, without entering subqueries."""
    conditions = [select.args.get("where")]
    conditions += [j.args.get("on") for j in select.args.get("joins") or []]
    for condition in conditions:
        if condition is not None:
            yield from _predicates(condition)


def _predicates(condition: exp.Expr) -> Iterator[exp.Expr]:
    def prune(node: exp.Expr) -> bool:
        return node is not condition and isinstance(node, (exp.Query, exp.Subquery))

    for node in condition.walk(prune=prune):
        if isinstance(node, (exp.Predicate, exp.In)):
            yield node


def _refers(node: exp.Expr, alias: str, columns: frozenset[str] | tuple[str, ...],
            bare: frozenset[str]) -> set[str]:
    """Partition columns of table ``alias`` that ``node`` compares (outside subqueries)."""
    found = set()
    for column in node.find_all(exp.Column):
        if _inside_subquery(column, node):
            continue
        name = column.name.lower()
        if name in columns and (column.table == alias or (not column.table and name in bare)):
            found.add(column.name.lower())
    return found


def _inside_subquery(node: exp.Expr, top: exp.Expr) -> bool:
    parent = node.parent
    while parent is not None and parent is not top:
        if isinstance(parent, (exp.Subquery, exp.Query)):
            return True
        parent = parent.parent
    return False


def _partition_filters(
    ctx: Context, scope: Scope, alias: str, source: exp.Table, known: KnownTable,
    own: list[exp.Expr], bare: frozenset[str],
) -> None:
    static: set[str] = set()
    dynamic: set[str] = set()
    for predicate in own:
        cols = _refers(predicate, alias, known.partitions, bare)
        has_subquery = predicate.find(exp.Subquery, exp.Select) is not None
        (dynamic if has_subquery else static).update(cols)
    filtered = static | dynamic
    unfiltered = [c for c in sorted(known.injected)
                  if not any(_is_equality(p, c, alias, bare) for p in own)]
    for column in unfiltered:
        # https://docs.aws.amazon.com/athena/latest/ug/partition-projection-supported-types.html
        ctx.report("AK343", f"{known.name}.{column} is an injected projection: Athena rejects "
                            "queries without an equality or IN filter on it", node_start(source))
    if unfiltered:
        return
    if dynamic - static:
        ctx.report("AK344", f"the filter on partition column(s) {', '.join(sorted(dynamic - static))}"
                            f" of {known.name} takes its value from a subquery; Athena may not "
                            "prune those partitions", node_start(source))
    elif filtered and known.dates - filtered:
        # https://docs.aws.amazon.com/athena/latest/ug/partition-projection-supported-types.html
        rest = sorted(known.dates - filtered)
        ctx.report("AK342", f"reads every projected {', '.join(rest)} of {known.name} (the "
                            f"whole date range) for the {', '.join(sorted(filtered))} it "
                            f"selects: no filter on {', '.join(rest)}", node_start(source))
    elif not filtered:
        in_subquery = _filtered_in_subquery(scope, known)
        code = "AK344" if in_subquery else "AK342"
        reason = ("the partition filter is only inside a subquery; the outer read may not "
                  "prune" if in_subquery else "no filter on its partition columns "
                  f"({', '.join(known.partitions)})")
        ctx.report(code, f"reads every partition of {known.name}: {reason}", node_start(source))


def _filtered_in_subquery(scope: Scope, known: KnownTable) -> bool:
    where = scope.expression.args.get("where")
    if where is None:
        return False
    for sub in where.find_all(exp.Select):
        sub_where = sub.args.get("where")
        if sub_where is not None and any(
                c.name.lower() in known.partitions for c in sub_where.find_all(exp.Column)):
            return True
    return False


def _is_equality(predicate: exp.Expr, column: str, alias: str, bare: frozenset[str]) -> bool:
    def is_col(node: exp.Expr | None) -> bool:
        return isinstance(node, exp.Column) and node.name.lower() == column and (
            node.table == alias or (not node.table and column in bare))

    if isinstance(predicate, exp.EQ):
        left, right = predicate.this, predicate.expression
        return (is_col(left) and not isinstance(right, exp.Column)) or (
            is_col(right) and not isinstance(left, exp.Column))
    if isinstance(predicate, exp.In):
        return is_col(predicate.this) and bool(predicate.expressions)
    return False


def _parameters(ctx: Context) -> None:
    """``?`` parameters of a prepared statement belong in its WHERE clause."""
    # https://docs.aws.amazon.com/athena/latest/ug/querying-with-prepared-statements.html
    where_depth: list[int] = []
    depth = 0
    for token in ctx.query_tokens:
        kind = token.token_type
        if kind is TokenType.L_PAREN:
            depth += 1
        elif kind is TokenType.R_PAREN:
            depth -= 1
            while where_depth and where_depth[-1] > depth:
                where_depth.pop()
        elif kind is TokenType.WHERE:
            where_depth.append(depth)
        elif kind in _CLAUSE_AFTER_WHERE and where_depth and where_depth[-1] == depth:
            where_depth.pop()
        elif kind is TokenType.PLACEHOLDER and not where_depth:
            ctx.report("AK345", "a ? parameter outside the WHERE clause; Athena substitutes "
                                "parameters only in WHERE conditions", token.start)
