"""``UNNEST`` in a FROM clause with Trino's meaning, for DuckDB.

Trino's ``UNNEST(a, b) [WITH ORDINALITY] AS t(x, y [, n])`` zips several arrays (padding the
shorter ones with NULL), expands a map into key and value columns and an array of rows into
one column per field. DuckDB's table-function UNNEST takes one list, so the call becomes a
lateral subquery of select-list UNNESTs, which DuckDB zips the same way.

https://trino.io/docs/current/sql/select.html#unnest
"""

from __future__ import annotations

import sqlglot
from sqlglot import exp

from athenakit.local.errors import UnsupportedLocally


def _is_map(node: exp.Expression) -> bool:
    if isinstance(node, (exp.Map, exp.VarMap, exp.MapFromEntries)):
        return True
    return node.type is not None and node.type.is_type(exp.DType.MAP)


def _is_row_array(node: exp.Expression) -> bool:
    kind = node.type
    if kind is None or not kind.is_type(exp.DType.ARRAY) or not kind.expressions:
        return False
    return bool(kind.expressions[0].is_type(exp.DType.STRUCT))


def _is_known(node: exp.Expression) -> bool:
    return node.type is not None and not node.type.is_type(exp.DType.UNKNOWN, exp.DType.NULL)


def _template(sql: str, **values: exp.Expression) -> exp.Expression:
    tree: exp.Expression = sqlglot.parse_one(f"SELECT {sql}", read="duckdb").expressions[0]
    return tree.transform(
        lambda n: values[n.name].copy() if isinstance(n, exp.Column) and n.name in values else n
    )


def _items(arg: exp.Expression, wanted: int) -> tuple[list[exp.Expression], exp.Expression]:
    """Select-list UNNESTs for one argument and the expression of its length."""
    if _is_map(arg):
        return ([_template("UNNEST(MAP_KEYS(_a))", _a=arg),
                 _template("UNNEST(MAP_VALUES(_a))", _a=arg)],
                _template("CARDINALITY(_a)", _a=arg))
    length = _template("LEN(_a)", _a=arg)
    if _is_row_array(arg) or (wanted > 1 and isinstance(arg, exp.Array)):
        return [_template("UNNEST(_a, max_depth := 2)", _a=arg)], length
    if wanted > 1 and not _is_known(arg):
        raise UnsupportedLocally(
            "UNNEST of an expression of unknown type into several columns",
            hint="cast it to a map or an array of rows",
        )
    return [_template("UNNEST(_a)", _a=arg)], length


def _check_types(args: list[exp.Expression]) -> None:
    """Trino unnests arrays and maps only (``StatementAnalyzer.visitUnnest``): another type
    whose type is certain fails without a position, as Trino's TrinoException has none."""
    from athenakit.local import typecheck
    from athenakit.local.failures import athena_error
    from athenakit.local.operator_types import family, operand, row_type

    for arg in args:
        spelled = "unknown" if isinstance(arg, exp.Null) else operand(arg, typecheck.known_type)
        if spelled is None:
            spelled = row_type(arg, typecheck.known_type)
        if spelled is not None and family(spelled) not in ("array", "map"):
            raise athena_error("INVALID_FUNCTION_ARGUMENT", f"Cannot unnest type: {spelled}")


# DuckDB's typeof([x]) of what Trino unnests: an array (a list of lists) or a map; of what it
# unnests into several columns: an array of rows or a map
_UNNESTED = ("%][]", "MAP(%)[]")
_EXPANDED = ("STRUCT(%)[][]", "TUPLE(%)[][]", "MAP(%)[]")
UNKNOWN_REFUSAL = ("UNNEST of a subquery's array of rows or map (Trino unnests it into one "
                   "column per field)")
NOT_UNNESTED_REFUSAL = "UNNEST of a value that is neither an array nor a map"


def _guarded(arg: exp.Expression) -> exp.Expression:
    """``arg``, where only DuckDB knows its type (a subquery's column), failing as DuckDB binds
    the statement where Trino would fail (``Cannot unnest type: integer``) or would unnest it
    into several columns, which the rewrite, written for one, cannot give."""
    from athenakit.local.nodes import VALUE_GUARD
    from athenakit.local.operator_guards import list_type, typed_key, typed_side, value_guard

    if _is_known(arg) or isinstance(arg, exp.Array | exp.Null) or _is_map(arg) \
            or arg.meta.get(VALUE_GUARD):
        return arg

    kind = list_type(arg)

    def matches(patterns: tuple[str, ...]) -> exp.Expr:
        return exp.or_(*(exp.Like(this=kind.copy(), expression=exp.Literal.string(p))
                         for p in patterns))

    failure = typed_key("INVALID_FUNCTION_ARGUMENT", None, NOT_UNNESTED_REFUSAL,
                        "Cannot unnest type: {0}", [typed_side(arg)])
    checked = value_guard(exp.not_(matches(_UNNESTED)), failure, arg.copy())
    return value_guard(matches(_EXPANDED), UNKNOWN_REFUSAL, checked)


def _alone(node: exp.Expression) -> bool:
    """``node`` is the only relation of its SELECT (``SELECT * FROM UNNEST(...)``)."""
    select = node.parent.parent if isinstance(node.parent, exp.From) else None
    return isinstance(select, exp.Select) and not select.args.get("joins")


def _left_on_true(join: exp.Join) -> bool:
    on = join.args.get("on")
    return str(join.args.get("side") or "").upper() == "LEFT" \
        and isinstance(on, exp.Boolean) and on.this is True


def _left_in_order(node: exp.Expression, join: exp.Join, array: exp.Expression,
                   columns: list[exp.Identifier]) -> exp.Expression:
    """``LEFT JOIN UNNEST(a) u(x) ON TRUE`` of one array: Trino keeps the elements' order
    (``TestSubqueries.testCorrelatedLeftUnnestWithGlobalAggregation``: ``array_agg`` of them
    is ``[1, 2, 3]``), DuckDB's lateral join gave them in reverse. Written as a cross join of a
    select-list UNNEST of the array, or of ``[NULL]`` where it is empty or NULL (the row a LEFT
    JOIN keeps), which DuckDB gives in order; the join is changed in place."""
    padded = exp.Anonymous(this="AK_LEFT_UNNEST", expressions=[array.copy()])
    padded.meta["ak_done"] = True
    query = exp.Select(expressions=[_template("UNNEST(_a)", _a=padded)])
    alias = node.args.get("alias")
    name = alias.this if isinstance(alias, exp.TableAlias) else exp.to_identifier("_unnest")
    named = columns or [exp.to_identifier("_col0", quoted=True)]
    for arg in ("side", "on"):
        join.set(arg, None)
    join.set("kind", "CROSS")
    return exp.Subquery(this=query, alias=exp.TableAlias(this=name, columns=named))


def _fields(arg: exp.Expression) -> list[str]:
    """The lower-case field names of an array of rows (none for anything else)."""
    if not _is_row_array(arg):
        return []
    assert arg.type is not None
    return [f.name.lower() for f in arg.type.expressions[0].expressions if f.name]


def _shared_fields(node: exp.Expression) -> None:
    """Two arrays of rows unnested without a column list that share a field name give two
    columns of that name: a reference to it is ambiguous (``TestUnnest.testUnnestMultiExpr``);
    DuckDB read one of them."""
    from athenakit.local.failures import athena_error, start_of

    alias = node.args.get("alias")
    names = [n for a in node.expressions for n in _fields(a)]
    shared = {n for n in names if names.count(n) > 1}
    select = node.parent.parent if node.parent is not None else None
    if not shared or isinstance(alias, exp.TableAlias) and alias.columns \
            or not isinstance(select, exp.Select):
        return
    own = {alias.name.lower()} if isinstance(alias, exp.TableAlias) and alias.name else set()
    for column in select.find_all(exp.Column):
        if column.name.lower() in shared and (not column.table or column.table.lower() in own) \
                and column.find_ancestor(exp.Select) is select:
            raise athena_error("AMBIGUOUS_NAME", f"Column '{column.name}' is ambiguous",
                               offset=start_of(column))


def rewrite(node: exp.Expression) -> exp.Expression:
    """Rewrite one ``Unnest`` node of a FROM clause or join (others are returned as is).

    Args:
        node: an ``exp.Unnest`` (type-annotated).

    Returns:
        The node itself when DuckDB's UNNEST already means the same, else a lateral subquery.

    Raises:
        UnsupportedLocally: a single argument of unknown type unnested into several columns.
    """
    if not isinstance(node.parent, (exp.From, exp.Join)):
        return node
    _check_types(list(node.expressions))
    _shared_fields(node)
    args = [_guarded(a) for a in node.expressions]
    node.set("expressions", args)
    alias = node.args.get("alias")
    columns = list(alias.columns) if isinstance(alias, exp.TableAlias) else []
    offset = node.args.get("offset")
    simple = len(args) == 1 and not _is_map(args[0]) and not _is_row_array(args[0])
    if not columns and _alone(node) and not any(_is_row_array(a) for a in args):
        # Trino's unnested columns have no names: _col0, _col1, ... as the statement's only
        # relation (DuckDB names them "unnest")
        width = sum(2 if _is_map(a) else 1 for a in args)
        columns = [exp.to_identifier(f"_col{i}", quoted=True) for i in range(width)]
        if offset:  # WITH ORDINALITY: the last column (sqlglot keeps its name as the offset)
            offset = exp.to_identifier(f"_col{width}", quoted=True)
        if simple:
            node.set("alias", exp.TableAlias(this=alias.this if isinstance(
                alias, exp.TableAlias) else exp.to_identifier("_unnest"), columns=columns))
            node.set("offset", offset)
            return node
    join = node.parent
    if simple and len(columns) <= 1 and not offset and isinstance(join, exp.Join) \
            and _left_on_true(join):
        return _left_in_order(node, join, args[0], columns)
    if simple and len(columns) <= 1:
        return node
    wanted = len(columns) - len(args) + 1 if len(args) == 1 else 1
    selects: list[exp.Expression] = []
    lengths: list[exp.Expression] = []
    for arg in args:
        items, length = _items(arg, wanted)
        selects.extend(items)
        lengths.append(length)
    if offset:
        longest = lengths[0] if len(lengths) == 1 else exp.Anonymous(
            this="GREATEST", expressions=lengths)
        if not columns:  # (without names: the ordinality name must not rename the first)
            columns = [exp.to_identifier(f"_col{i}", quoted=True) for i in range(len(selects))]
        selects.append(_template("UNNEST(RANGE(1, CAST(_n AS BIGINT) + 1))", _n=longest))
        columns.append(offset if isinstance(offset, exp.Identifier)
                       else exp.to_identifier(f"_col{len(columns)}", quoted=True))
    query = exp.Select(expressions=selects)
    name = alias.this if isinstance(alias, exp.TableAlias) else exp.to_identifier("_unnest")
    return exp.Subquery(this=query, alias=exp.TableAlias(this=name, columns=columns))
