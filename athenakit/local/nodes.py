"""Small helpers the rewrite modules share for building sqlglot nodes."""

from __future__ import annotations

from collections.abc import Iterator

from sqlglot import exp
from sqlglot.errors import ErrorLevel

# meta key: a node already rewritten (the rewrite loop visits trees more than once)
DONE = "ak_done"
# meta key: the macro doing the cast of a try_cast, which answers NULL where it fails
# (athenakit.local.trys); the macros of its operand do not
CAST_OF_TRY = "ak_cast_of_try"
# meta key: a call the rewrites made that cannot fail (a guard's test), left alone by the
# check of what try(...) may hold
CANNOT_FAIL = "ak_cannot_fail"
# meta key: a call the rewrites made of an aggregate (a macro holding one, such as the sum of
# intervals): an aggregate for the check of what try(...) may hold (athenakit.local.trys)
AGGREGATE = "ak_aggregate"
# meta key: a cast to decimal(p, s) the statement itself has (athenakit.local.decimalcasts;
# the rewrites' own casts to a result type cannot fail)
WRITTEN_DECIMAL_CAST = "ak_written_decimal_cast"
# meta key: a node above a choice over decimals whose type was corrected
# (athenakit.local.decimal_choices): its own type is cleared, to be annotated again
RETYPED = "ak_retyped"
FLOATS = (exp.DType.DOUBLE, exp.DType.FLOAT)


def is_json(node: exp.Expression, casts: bool = False) -> bool:
    """``node`` is a JSON value: ``JSON '...'``, ``json_parse``, ``json_extract``, a value
    typed json (and, with ``casts``, a ``CAST(... AS JSON)`` sqlglot left untyped)."""
    if isinstance(node, exp.ParseJSON | exp.JSONExtract):
        return True
    if casts and isinstance(node, exp.Cast) and node.to.is_type(exp.DType.JSON):
        return True
    return node.type is not None and node.type.is_type(exp.DType.JSON)


def typed(node: exp.Expression | None, *types: exp.DType) -> bool:
    """``node`` has one of ``types``, reading literals by their text as Trino types them
    (``1.5E0`` is a double, ``1.5`` a decimal; sqlglot leaves string literals untyped) and
    looking through ``-x`` and parentheses that sqlglot left untyped or that hold a literal."""
    if isinstance(node, exp.Neg | exp.Paren) and (node.type is None or node.type.is_type(
            exp.DType.UNKNOWN) or isinstance(node.this, exp.Literal | exp.Neg | exp.Paren)):
        # (-7.5 is a decimal: sqlglot typed the negation of a decimal literal a double)
        return typed(node.this, *types)
    if isinstance(node, exp.Literal) and node.is_string:
        return exp.DType.VARCHAR in types
    if isinstance(node, exp.Literal):
        text = str(node.this).lower()
        kind = exp.DType.DOUBLE if "e" in text else exp.DType.DECIMAL if "." in text else None
        return kind in types if kind else node.type is not None and node.type.is_type(*types)
    return node is not None and node.type is not None and node.type.is_type(*types)


def mark_decimal_casts(tree: exp.Expression) -> None:
    """Mark the casts to ``decimal(p, s)`` that ``tree`` has before it is rewritten."""
    for node in tree.find_all(exp.Cast):
        if node.to.is_type(exp.DType.DECIMAL) and node.to.expressions:
            node.meta[WRITTEN_DECIMAL_CAST] = True


# the name a table read by the statement goes by once resolved (athenakit.local.scan): its
# columns are typed by the table's spec
RELATION_PREFIX = "__ak_rel_"
# meta key of such a relation: its columns' types as the table's spec declares them (lower-case
# name -> Trino spelling)
TABLE_COLUMNS = "ak_table_columns"
# meta key of a parsed statement's root: the SQL text it was parsed from (a function's name as
# written is read from it: sqlglot keeps only its position)
SQL_TEXT = "ak_sql_text"
# meta key of a parsed SELECT: the offset of its SELECT keyword (sqlglot keeps none)
SELECT_AT = "ak_select_at"
# meta key of a SELECT written for a VALUES used as a subquery (``x IN (VALUES 1)``)
VALUES_QUERY = "ak_values_query"
# meta key: the offset of a unary ``+`` written before the node (sqlglot drops the sign)
UNARY_PLUS = "ak_unary_plus"
# meta key: a CASE that refuses its default value where its operands' types clash
# (athenakit.local.operator_guards); typeof reads the type of that value
VALUE_GUARD = "ak_value_guard"
# meta key: a +, - or comparison (also BETWEEN, IN and CASE) the statement itself has
# (athenakit.local.datearith, operator_guards and runtime_numbers check those whose operand types
# are known only while DuckDB binds; the rewrites' own operators are typed)
WRITTEN_OPERATOR = "ak_written_operator"


def mark_written_operators(tree: exp.Expression) -> None:
    """Mark the ``+``, ``-`` and comparisons that ``tree`` has before it is rewritten, and the
    text literals it passes to functions."""
    for node in tree.find_all(exp.Add, exp.Sub, exp.EQ, exp.NEQ, exp.LT, exp.LTE, exp.GT,
                              exp.GTE, exp.Neg, exp.Between, exp.In, exp.Case, exp.NullSafeEQ,
                              exp.NullSafeNEQ):
        node.meta[WRITTEN_OPERATOR] = True
    for literal in tree.find_all(exp.Literal):
        if literal.is_string and isinstance(literal.parent, exp.Func) \
                and not isinstance(literal.parent, exp.Cast | exp.Interval):
            literal.meta[WRITTEN_TEXT] = True


# meta key: a value a cast takes, moved away from its cast (floatcasts names it once)
UNDER_CAST = "ak_under_cast"


def cast_takes(node: exp.Expression) -> bool:
    """Whether a cast takes ``node``'s value (only the cast's type is seen)."""
    return isinstance(node.parent, exp.Cast) or bool(node.meta.get(UNDER_CAST))


def failing_cast(message: exp.Expression) -> exp.Expression:
    """``(CASE WHEN CAST(message AS INTEGER) = 0 THEN NULL END)``: fails as ``error(message)``
    does, untyped as it is, and is not volatile (DuckDB takes no ``error()`` in a window's
    ORDER BY or PARTITION BY)."""
    cast = exp.Cast(this=message.copy(), to=exp.DataType.build("INTEGER"))
    cast.meta[DONE] = True  # (not a cast of the user's to rewrite)
    return exp.Paren(this=exp.Case(ifs=[exp.If(
        this=exp.EQ(this=cast, expression=exp.Literal.number(0)), true=exp.Null())]))


# meta key: a text literal the statement passes to a function (typed_text)
WRITTEN_TEXT = "ak_written_text"


def typed_text(tree: exp.Expression) -> None:
    """The statement's text literals still passed to a function, typed ``varchar``: Trino
    coerces no text to a number, a date or a boolean (``substr('abc', '1')`` fails), where
    DuckDB casts a text literal to whatever the function takes; a typed ``varchar`` it does
    not cast, and its binder's failure is Trino's ``FUNCTION_NOT_FOUND``."""
    for literal in list(tree.find_all(exp.Literal)):
        parent = literal.parent
        if literal.meta.get(WRITTEN_TEXT) and isinstance(parent, exp.Func) \
                and not isinstance(parent, exp.Cast | exp.Interval):
            literal.replace(exp.Cast(this=literal.copy(), to=exp.DataType.build("VARCHAR")))


def call(name: str, *args: exp.Expr) -> exp.Expression:
    """A call of DuckDB function or ``ak_*`` macro ``name``, marked as rewritten."""
    node = exp.Anonymous(this=name, expressions=list(args))
    node.meta[DONE] = True
    return node


def bound(value: exp.Expression, body: exp.Expression, name: str) -> exp.Expression:
    """``body`` with ``name`` bound to ``value``, which DuckDB then computes once (a rewrite
    whose body refers to its operand many times)."""
    each = call("LIST_TRANSFORM", exp.Array(expressions=[value]), exp.Lambda(
        this=body, expressions=[exp.to_identifier(name)]))
    first = exp.Bracket(this=each, expressions=[exp.Literal.number(0)])
    first.meta[DONE] = True  # sqlglot writes it 1-based for DuckDB
    return first


def branches(node: exp.Expr) -> list[exp.Select]:
    """The SELECTs of a query: those a UNION / INTERSECT / EXCEPT combines, or the one."""
    if isinstance(node, exp.SetOperation):
        return branches(node.this) + branches(node.expression)
    if isinstance(node, exp.Subquery | exp.Paren):
        return branches(node.this)
    return [node] if isinstance(node, exp.Select) else []


def relation_alias(node: exp.Table) -> exp.TableAlias:
    """The alias a table, view or metadata table read by the statement keeps once resolved:
    its name, or its alias with the column names the statement gives it (``t u (x, y)``)."""
    alias = node.args.get("alias")
    columns = [c.copy() for c in alias.columns] if isinstance(alias, exp.TableAlias) else []
    return exp.TableAlias(this=exp.to_identifier(node.alias or node.name), columns=columns)


def relation_name(node: exp.Table, name: str) -> exp.Identifier:
    """The name a resolved relation goes by, placed where the statement names the table (a
    failure about the relation points there)."""
    identifier = exp.to_identifier(name)
    identifier.meta.update({k: v for k, v in node.this.meta.items() if k in ("start", "end")})
    return identifier


def own_scope(node: exp.Expr) -> Iterator[exp.Expr]:
    """``node`` and what it holds, short of nested queries (their own scope)."""
    yield node
    for child in node.iter_expressions():
        if not isinstance(child, exp.Query | exp.Subquery):
            yield from own_scope(child)


# Trino's non-deterministic functions (FunctionMetadata.isDeterministic() false)
_RANDOM = frozenset({"rand", "random", "uuid", "shuffle"})


# Trino's window functions (FunctionKind.WINDOW), none an aggregate, by Trino's name
WINDOW_FUNCTIONS: dict[type[exp.Expr], str] = {
    exp.RowNumber: "row_number", exp.Rank: "rank", exp.DenseRank: "dense_rank",
    exp.PercentRank: "percent_rank", exp.CumeDist: "cume_dist", exp.Ntile: "ntile",
    exp.Lag: "lag", exp.Lead: "lead", exp.FirstValue: "first_value",
    exp.LastValue: "last_value", exp.NthValue: "nth_value"}


def key_text(node: exp.Expr) -> str:
    """``node``'s DuckDB text as a key (copies of one expression share it), before every
    rewrite has run: what DuckDB's generator cannot write yet is not reported here (the
    statement's own generation reports what is left)."""
    return node.sql(dialect="duckdb", unsupported_level=ErrorLevel.IGNORE)


def volatile_call(node: exp.Expr) -> bool:
    """``node`` is a call of a function whose value differs from call to call (``rand()``)."""
    return isinstance(node, exp.Rand | exp.Uuid | exp.Shuffle) \
        or isinstance(node, exp.Anonymous) and node.name.lower() in _RANDOM


def non_deterministic(node: exp.Expr) -> bool:
    """``node`` calls a function whose value differs from call to call (``rand()``)."""
    return any(volatile_call(n) for n in node.walk())


def relations_of(select: exp.Expr) -> list[exp.Expr]:
    """The relations of a SELECT's FROM clause and joins, in order."""
    return [s.this for s in (select.args.get("from_"), *(select.args.get("joins") or []))
            if isinstance(s, exp.From | exp.Join)]


def visible_ctes(node: exp.Expr) -> set[str]:
    """The lower-case names of the WITH queries ``node`` may read: those of the WITH clauses
    around it, a WITH query seeing only those before it (and itself, if RECURSIVE)."""
    names: set[str] = set()
    child, parent = node, node.parent
    while parent is not None:
        if isinstance(parent, exp.With):
            ctes = list(parent.expressions)
            at = next((i for i, c in enumerate(ctes) if c is child), len(ctes))
            seen = ctes[:at + 1] if parent.args.get("recursive") else ctes[:at]
            names |= {c.alias_or_name.lower() for c in seen}
        elif isinstance(parent.args.get("with_"), exp.With) and child is not parent.args["with_"]:
            names |= {c.alias_or_name.lower() for c in parent.args["with_"].expressions}
        child, parent = parent, parent.parent
    return names


def single_row(select: exp.Select) -> bool:
    """``select`` reads one row: no FROM, or a VALUES of one row (Trino knows its cardinality
    and plans a correlated subquery over it as a projection)."""
    relations = relations_of(select)
    if not relations:
        return True
    source = relations[0].this if isinstance(relations[0], exp.Subquery) else relations[0]
    return len(relations) == 1 and isinstance(source, exp.Values) \
        and len(source.expressions) == 1


def inside(node: exp.Expr, ancestor: exp.Expr) -> bool:
    """``node`` is below ``ancestor`` in its tree."""
    parent = node.parent
    while parent is not None and parent is not ancestor:
        parent = parent.parent
    return parent is ancestor
