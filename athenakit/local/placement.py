"""Where aggregates, window functions and ``GROUPING()`` may stand, checked as Trino's
analyzer does before DuckDB sees the statement (DuckDB's own binder errors for them had been
generic refusals, and ``ORDER BY grouping(a)`` of an output column had been answered).

- ``WHERE``, ``GROUP BY`` and ``JOIN ... ON`` hold none of them: ``EXPRESSION_NOT_SCALAR:
  WHERE clause cannot contain aggregations, window functions or grouping operations:
  [sum(a)]``, at the clause's expression (``StatementAnalyzer.verifyNoAggregateWindowOr
  GroupingFunctions``).
- ``HAVING`` holds no window function (``NESTED_WINDOW``), an aggregate's arguments no
  aggregate (``NESTED_AGGREGATION: Cannot nest aggregations inside aggregation 'sum':
  [count(*)]``, ``ExpressionAnalyzer.visitFunctionCall``).
- ``GROUPING()`` needs a GROUP BY (``MISSING_GROUP_BY``) whose keys are its arguments
  (``INVALID_ARGUMENTS``), and in ORDER BY it may not name an output column
  (``AggregationAnalyzer.visitGroupingOperation``).

The message lists the offending expressions as Trino's ``ExpressionFormatter`` prints them;
an expression this module cannot print exactly is refused by name, with Trino's failure as
the hint. Cases: ``TestAnalyzer.testAggregationsNotAllowed``, ``testWindowsNotAllowed``,
``testGroupingNotAllowed``, ``testNestedAggregation``.
"""

from __future__ import annotations

from sqlglot import exp

from athenakit.local.errors import UnsupportedLocally
from athenakit.local.failures import athena_error, start_of
from athenakit.local.map_grouping import by_position, group_keys
from athenakit.local.nodes import own_scope
from athenakit.local.printing import location, printed, printed_list, written_name

REFUSAL = "an aggregate, window function or GROUPING() where Trino takes none"
_NOT_SCALAR = "cannot contain aggregations, window functions or grouping operations"
_GROUPING_ARGS = ("The arguments to GROUPING() must be expressions referenced by the GROUP BY "
                  "at the associated query level. Mismatch due to {0}.")
_MISSING_GROUP_BY = ("A GROUPING() operation can only be used with a corresponding GROUPING "
                     "SET/CUBE/ROLLUP/GROUP BY clause")
def _is_aggregate(node: exp.Expr) -> bool:
    return isinstance(node, exp.AggFunc) and not isinstance(node.parent, exp.Window)


def _found(node: exp.Expr) -> list[exp.Expr]:
    """The aggregates, then window functions, then GROUPING() operations of ``node``'s scope,
    outermost first (Trino's extractAggregateFunctions / extractWindowExpressions)."""
    kinds: list[list[exp.Expr]] = [[], [], []]

    def visit(part: exp.Expr) -> None:
        kind = 0 if _is_aggregate(part) else 1 if isinstance(part, exp.Window) \
            else 2 if isinstance(part, exp.Grouping) else None
        if kind is not None:
            kinds[kind].append(part)
            return
        for child in part.iter_expressions():
            if not isinstance(child, exp.Query | exp.Subquery):
                visit(child)

    visit(node)
    return kinds[0] + kinds[1] + kinds[2]


def _fail(name: str, text: str, at: exp.Expr, listed: list[exp.Expr]) -> None:
    shown = printed_list(listed)
    offset, find = location(at)
    if shown is None:
        raise UnsupportedLocally(REFUSAL, hint=f"Athena fails with {name}: {text} [...]")
    raise athena_error(name, f"{text}: {shown}", offset=offset, find=find)


# --- the checks ---------------------------------------------------------------------------------

def _group_keys(select: exp.Select) -> list[exp.Expr]:
    """The GROUP BY keys, inside ROLLUP / CUBE / GROUPING SETS too; a position is its item."""
    group = select.args.get("group")
    return [] if group is None else [by_position(select, k) for k in group_keys(group)]


def _clauses(select: exp.Select) -> None:
    """WHERE, JOIN ON, GROUP BY and a lambda's body hold no aggregate, window function or
    GROUPING()."""
    for join in select.args.get("joins") or []:
        on = join.args.get("on")
        if on is not None and _found(on):
            _fail("EXPRESSION_NOT_SCALAR", f"JOIN clause {_NOT_SCALAR}", on, _found(on))
    where = select.args.get("where")
    if where is not None and _found(where.this):
        _fail("EXPRESSION_NOT_SCALAR", f"WHERE clause {_NOT_SCALAR}", where.this,
              _found(where.this))
    for node in own_scope(select):
        if isinstance(node, exp.Lambda) and _found(node.this):
            _fail("EXPRESSION_NOT_SCALAR", f"Lambda expression {_NOT_SCALAR}", node.this,
                  _found(node.this))
    group = select.args.get("group")
    for key in group_keys(group) if group is not None else []:
        # a position stands for its select item, checked (and placed) there
        checked = by_position(select, key) if isinstance(key, exp.Literal) else key
        if not isinstance(checked, exp.Literal) and _found(checked):
            _fail("EXPRESSION_NOT_SCALAR", f"GROUP BY clause {_NOT_SCALAR}", checked,
                  _found(checked))
    for element in group.expressions if group is not None else []:
        if isinstance(element, exp.Rollup | exp.Cube | exp.GroupingSets):
            _column_references(element)


def _column_references(element: exp.Expr) -> None:
    """ROLLUP, CUBE and GROUPING SETS take column references only
    (``StatementAnalyzer.analyzeGroupingColumns``: ``INVALID_COLUMN_REFERENCE: GROUP BY
    expression must be a column reference: (x + 1)``, at the expression;
    ``TestAnalyzer.testComplexExpressionInGroupingSet``). DuckDB grouped by the value."""
    from athenakit.local.map_grouping import group_keys as keys

    for key in keys(exp.Group(expressions=[element.copy()])):
        if isinstance(key, exp.Column):
            continue
        shown = printed(key)
        text = "GROUP BY expression must be a column reference"
        if shown is None:
            raise UnsupportedLocally(REFUSAL, hint=f"Athena fails with INVALID_COLUMN_REFERENCE: "
                                     f"{text}")
        offset, find = location(_original(element, key))
        raise athena_error("INVALID_COLUMN_REFERENCE", f"{text}: {shown}", offset=offset,
                           find=find)


def _original(element: exp.Expr, copied: exp.Expr) -> exp.Expr:
    """The node of ``element`` a copy of one of its keys stands for (positions are kept on
    the statement's own nodes)."""
    return next((n for n in element.walk() if n == copied), copied)


def _nested(select: exp.Select) -> None:
    """An aggregate's arguments hold no aggregate; HAVING holds no window function."""
    for node in own_scope(select):
        if not _is_aggregate(node):
            continue
        inner = [n for arg in node.iter_expressions() for n in _found(arg) if _is_aggregate(n)]
        if inner:
            name = written_name(node)
            if name is None:
                raise UnsupportedLocally(REFUSAL, hint="Athena fails with NESTED_AGGREGATION")
            _fail("NESTED_AGGREGATION", f"Cannot nest aggregations inside aggregation '{name}'",
                  node, inner)
    having = select.args.get("having")
    window = next((n for n in own_scope(having.this) if isinstance(n, exp.Window)), None) \
        if having is not None else None
    if window is not None:
        raise athena_error("NESTED_WINDOW", "HAVING clause cannot contain window functions or "
                           "row pattern measures", offset=start_of(window))


def _order_aggregates(select: exp.Select) -> None:
    """An aggregate in ORDER BY reads no output column: a name a select item's alias gives
    means that output column there, which Trino rejects (``AggregationAnalyzer``:
    ``COLUMN_NOT_FOUND: Invalid reference to output projection attribute from ORDER BY
    aggregation``, at the reference; ``TestAnalyzer.testReferenceToOutputColumnFromOrderBy
    Aggregation``)."""
    order = select.args.get("order")
    aliases = {e.alias.lower() for e in select.expressions if isinstance(e, exp.Alias)}
    if order is None or not aliases:
        return
    sources = _sources(select)
    for node in own_scope(order):
        if not _is_aggregate(node):
            continue
        params = {p.name.lower() for lam in node.find_all(exp.Lambda) for p in lam.expressions}
        whole = node.parent if isinstance(node.parent, exp.Filter) else node  # with FILTER
        for column in (n for n in own_scope(whole) if isinstance(n, exp.Column)):
            head = column.parts[0].name.lower()
            if head in aliases and head not in params and (
                    not column.table or column.table.lower() not in sources):
                raise athena_error("COLUMN_NOT_FOUND", "Invalid reference to output projection "
                                   "attribute from ORDER BY aggregation",
                                   offset=start_of(column))


def _outputs(select: exp.Select) -> set[str]:
    return {e.alias_or_name.lower() for e in select.expressions if e.alias_or_name}


def _groupings(select: exp.Select) -> None:
    """GROUPING() needs a GROUP BY whose keys are its (column) arguments."""
    own = [n for n in own_scope(select) if isinstance(n, exp.Grouping)]
    if not own:
        return
    for grouping in own:  # (ExpressionAnalyzer.visitGroupingOperation: a bigint's bits)
        if len(grouping.expressions) > 63:
            raise athena_error("TOO_MANY_ARGUMENTS", "GROUPING supports up to 63 column "
                               "arguments", offset=start_of(grouping), before="grouping")
    keys = _group_keys(select)
    if select.args.get("group") is None:
        first = select.expressions[0] if select.expressions else select
        raise athena_error("MISSING_GROUP_BY", _MISSING_GROUP_BY, offset=start_of(first),
                           before="SELECT")
    order = select.args.get("order")
    in_order = {id(n) for n in own_scope(order)} if order is not None else set()
    outputs = _outputs(select)
    columns = [(k.table.lower(), k.name.lower()) for k in keys if isinstance(k, exp.Column)]
    sources = _sources(select)
    for grouping in own:
        for arg in grouping.expressions:
            if id(grouping) in in_order and isinstance(arg, exp.Column) and not arg.table \
                    and arg.name.lower() in outputs:
                raise athena_error("INVALID_ARGUMENTS", "Invalid reference to output of SELECT "
                                   "clause from grouping() expression in ORDER BY")
            if not _is_key(arg, columns, sources):
                shown = printed(arg)
                if shown is None:
                    raise UnsupportedLocally(REFUSAL, hint="Athena fails with INVALID_ARGUMENTS: "
                                             + _GROUPING_ARGS.format("..."))
                raise athena_error("INVALID_ARGUMENTS", _GROUPING_ARGS.format(shown),
                                   offset=start_of(grouping))


def _sources(select: exp.Select) -> set[str]:
    """The names the SELECT's relations go by (a qualifier that is none of them is a row
    column's field: ``a.field`` is a dereference, not a column reference)."""
    relations = [select.args.get("from_") or select.args.get("from")] + [
        j for j in select.args.get("joins") or []]
    names: set[str] = set()
    for relation in relations:
        if relation is None:
            continue
        source = relation.this
        names.add(source.alias_or_name.lower())
        if isinstance(source, exp.Table):
            names.add(source.name.lower())
    return names


def _is_key(arg: exp.Expr, columns: list[tuple[str, str]], sources: set[str]) -> bool:
    if not isinstance(arg, exp.Column) or len(arg.parts) > 2 \
            or arg.table and arg.table.lower() not in sources:
        return False
    table, name = arg.table.lower(), arg.name.lower()
    return any(n == name and (not t or not table or t == table) for t, n in columns)


def check(tree: exp.Expr) -> None:
    """Raise Trino's failure for the first misplaced aggregate, window function or
    GROUPING() in each SELECT of ``tree``.

    Args:
        tree: a parsed statement (its root carries the SQL text, :data:`SQL_TEXT`).

    Raises:
        AthenaFailure: EXPRESSION_NOT_SCALAR, NESTED_AGGREGATION, NESTED_WINDOW,
            MISSING_GROUP_BY or INVALID_ARGUMENTS.
        UnsupportedLocally: where the expressions Trino's message lists cannot be printed
            exactly here.
    """
    for select in tree.find_all(exp.Select):
        _clauses(select)
        _nested(select)
        _groupings(select)
        _order_aggregates(select)
