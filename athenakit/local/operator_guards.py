"""Trino's TYPE_MISMATCH for an operator whose operand has a type known only when DuckDB
binds the statement (a subquery's, CTE's or ``VALUES`` column): comparisons (against a literal
or cast, or against another such value), ``-x`` and ``+x``.

DuckDB casts one side of a comparison to the other's type (``x = 1`` of a ``varchar`` x
compares text, ``x = true`` of an integer x is true for 1); Trino has no such coercion and
fails at analysis with ``Cannot apply operator: varchar(1) = integer`` (``ExpressionAnalyzer
.visitComparisonExpression``; ``io.trino.metadata.OperatorNotFoundException``). The operator
is guarded by a ``struct_extract`` whose key DuckDB folds while binding: the key names the
types where they do not go together, and the query fails before any row is read, as Trino's
does (read back by :mod:`athenakit.local.failures`); otherwise DuckDB folds the guard away
(a join keeps its hash join, a filter its pushdown).
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlglot import exp

from athenakit.local import decimals, operator_types, typecheck
from athenakit.local.failures import end_of
from athenakit.local.nodes import DONE, UNARY_PLUS, WRITTEN_OPERATOR, call

# DuckDB's type names (of a one-element list: typeof([x]) is a constant also for a NULL-typed
# x) that a Trino type of the family compares with
_NUMBERS = ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "FLOAT", "DOUBLE")
_COMPARES: dict[str, tuple[tuple[str, ...], str | None]] = {
    "number": (_NUMBERS, "DECIMAL(%"),
    "string": (("VARCHAR",), None),
    "boolean": (("BOOLEAN",), None),
    "date": (("DATE",), "TIMESTAMP%"),
    "timestamp": (("DATE",), "TIMESTAMP%"),
}
_POSITIONS = "ak_operator_positions"


def uncertain(node: exp.Expression) -> bool:
    """``node``'s type is known only when DuckDB binds the statement: sqlglot could not type it,
    or it is a column, typed by its name from the tables' specs whatever its scope (a subquery
    may give the name another type)."""
    inner = node.this if isinstance(node, exp.Paren) else node
    return decimals.unknown(node) or isinstance(inner, exp.Column)


def position(node: exp.Expr) -> int:
    """The offset after ``node``'s left operand (where its operator is looked for), the same
    for every copy of one expression (a SELECT item and its GROUP BY copy must stay equal);
    -1 where it is not known."""
    positions = node.root().meta.setdefault(_POSITIONS, {})
    key = node.sql(dialect="duckdb")
    if key not in positions:
        end = end_of(node.this)
        positions[key] = -1 if end is None else end + 1
    return int(positions[key])


def key(node: exp.Expr, written: str, shown: str, sides: Sequence[exp.Expr]) -> exp.Expression:
    """The key ``ak_operator|position|written|shown|left|right`` (a side: DuckDB's
    ``typeof([x])`` or a text such as ``'trino:varchar(1)'``)."""
    text = exp.Anonymous(this="CONCAT", expressions=[
        exp.Literal.string(f"ak_operator|{position(node)}|{written}|{shown}|"), sides[0],
        exp.Literal.string("|"), sides[1]])
    text.meta[DONE] = True
    return text


def list_type(node: exp.Expression) -> exp.Expression:
    """DuckDB's ``typeof([node])``."""
    return call("TYPEOF", exp.Array(expressions=[node.copy()]))


_GUARDED = "ak_operator_guarded"


def guarded(node: exp.Expr, fails: exp.Expr, name: exp.Expr,
            result: exp.Expr | None = None) -> exp.Expression:
    """``result`` (the rewritten ``node``; ``node`` itself by default) where ``fails`` (a
    condition DuckDB folds while binding) is false, else a failure while binding whose message
    is the key ``name``."""
    for part in fails.walk():  # the check's own comparisons are DuckDB's, as written
        if isinstance(part, exp.Binary | exp.In):
            part.meta[DONE] = True
    chosen = exp.Case(ifs=[exp.If(this=fails, true=name)], default=exp.Literal.string("ak"))
    found = call("STRUCT_EXTRACT", exp.Struct(expressions=[exp.PropertyEQ(
        this=exp.Identifier(this="ak", quoted=True), expression=exp.true())]), chosen)
    node.meta[_GUARDED] = True
    return exp.Case(ifs=[exp.If(this=found, true=result if result is not None else node)])


def _compares(family: str, duck: exp.Expression) -> exp.Expression | None:
    """The condition that DuckDB's type ``duck`` compares with a Trino ``family``."""
    return _named(duck, *_COMPARES[family]) if family in _COMPARES else None


def _named(duck: exp.Expression, names: tuple[str, ...], pattern: str | None) -> exp.Expression:
    """``duck`` (a ``typeof([x])``) is one of ``names`` (or NULL), or is like ``pattern``."""
    listed = [exp.Literal.string(f"{n}[]") for n in (*names, '"NULL"')]
    condition: exp.Expression = exp.In(this=duck, expressions=listed)
    if pattern is not None:
        condition = exp.Or(this=condition, expression=exp.Like(
            this=duck.copy(), expression=exp.Literal.string(pattern)))
    return condition


# the family of DuckDB's typeof([x]) ("ak_t"): values of two families do not compare in Trino
# (no coercion between them); "other" (NULL, lists, maps, rows) is left to DuckDB
_FAMILY = f"""CASE WHEN ak_t IN ({", ".join(f"'{n}[]'" for n in _NUMBERS)})
    OR ak_t LIKE 'DECIMAL(%' THEN 'number' WHEN ak_t = 'VARCHAR[]' THEN 'string'
    WHEN ak_t = 'BOOLEAN[]' THEN 'boolean' WHEN ak_t = 'DATE[]' OR ak_t LIKE 'TIMESTAMP%'
    THEN 'moment' WHEN ak_t LIKE 'TIME%' THEN 'time' WHEN ak_t = 'INTERVAL[]' THEN 'interval'
    WHEN ak_t = 'BLOB[]' THEN 'binary' ELSE 'other' END"""


def _family(operand: exp.Expression) -> exp.Expr:
    import sqlglot

    case = sqlglot.parse_one(_FAMILY, read="duckdb")
    for column in list(case.find_all(exp.Column)):
        column.replace(list_type(operand))
    return case


def _both_unknown(node: exp.Binary, written: str, shown: str,
                  result: exp.Expression) -> exp.Expression:
    """``result`` guarded where both of ``node``'s operands' types are known only while DuckDB
    binds."""
    left, right = _family(node.this), _family(node.expression)
    other = exp.Literal.string("other")
    fails = exp.and_(exp.NEQ(this=left, expression=right),
                     exp.NEQ(this=left.copy(), expression=other),
                     exp.NEQ(this=right.copy(), expression=other.copy()))
    sides = [list_type(node.this), list_type(node.expression)]
    return guarded(node, fails, key(node, written, shown, sides), result)


def compare(node: exp.Expression, result: exp.Expression) -> exp.Expression:
    """``result`` (``node``, a ``=``, ``<>``, ``<``, ..., as the other rewrites made it) guarded
    where an operand's type is known only while DuckDB binds: one certain (a literal), or
    neither."""
    if node.meta.get(_GUARDED) or not node.meta.get(WRITTEN_OPERATOR) \
            or not isinstance(node, exp.Binary) or type(node) not in operator_types.SYMBOLS:
        return result
    written, shown = operator_types.SYMBOLS[type(node)]
    sides: list[exp.Expression] = [node.this, node.expression]
    if any(side.find(exp.AggFunc, exp.Window) for side in sides):
        return result
    if all(uncertain(side) for side in sides):
        return _both_unknown(node, written, shown, result)
    for unknown, certain in ((0, 1), (1, 0)):
        spelled = operator_types.operand(sides[certain], typecheck.certain_type)
        if spelled is None or not uncertain(sides[unknown]):
            continue
        duck = list_type(sides[unknown])
        condition = _compares(operator_types.family(spelled), duck)
        if condition is None:
            return result
        named = [duck.copy(), duck.copy()]
        named[certain] = exp.Literal.string(f"trino:{spelled}")
        return guarded(node, exp.not_(condition), key(node, written, shown, named), result)
    return result


def _unary(node: exp.Expression, operand: exp.Expression, offset: int, name: str,
           compares: exp.Expression) -> exp.Expression:
    key_text = call("CONCAT", exp.Literal.string(f"ak_operator|{offset}|{name}|{name}|"),
                    list_type(operand), exp.Literal.string("|-"))
    return guarded(node, exp.not_(compares), key_text)


def negation(node: exp.Expression) -> exp.Expression:
    """``-x`` of a value whose type is known only while DuckDB binds: a number or an interval
    (``Cannot negate date`` otherwise, at the ``-``)."""
    if node.meta.get(DONE) or node.meta.get(_GUARDED) or not node.meta.get(WRITTEN_OPERATOR) \
            or not uncertain(node.this) or node.this.find(exp.AggFunc, exp.Window):
        return node
    duck = list_type(node.this)
    allowed = _named(duck, (*_NUMBERS, "INTERVAL"), "DECIMAL(%")
    return _unary(node, node.this, int(node.meta.get("start", -1)), "negate", allowed)


def unary_plus(tree: exp.Expression) -> exp.Expression:
    """``+x`` (sqlglot keeps only ``x``) of a value whose type is known only while DuckDB
    binds: an integer type or a floating point number, not a decimal
    (ExpressionAnalyzer.visitArithmeticUnary).

    Args:
        tree: an annotated statement (modified in place).

    Returns:
        The statement.
    """
    for node in list(tree.find_all(exp.Column)):
        offset = node.meta.get(UNARY_PLUS)
        if offset is None or not uncertain(node):
            continue
        allowed = _named(list_type(node), _NUMBERS, None)
        copy = node.copy()
        copy.meta.pop(UNARY_PLUS, None)
        guard = _unary(copy, copy, int(offset), "plus", allowed)
        node.replace(guard)
        if guard.parent is None:
            return guard
    return tree
