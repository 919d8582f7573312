"""Trino's operator table: the operand types ``+ - * / %``, the comparisons and unary minus
accept, and the ``TYPE_MISMATCH`` Trino fails the query with for any others, before DuckDB
runs (DuckDB adds integers to dates, concatenates arrays with ``+``, adds a number of seconds
to an interval).

Trino resolves every operator as a function of its operands' types
(``io.trino.sql.analyzer.ExpressionAnalyzer.getOperator``); an operator it cannot resolve
fails with ``TYPE_MISMATCH`` at the operator's position (``AstBuilder`` places an
``ArithmeticBinaryExpression`` / ``ComparisonExpression`` at its operator token, a unary minus
at its ``-``) and the message of ``io.trino.metadata.OperatorNotFoundException``:
``Cannot apply operator: date + integer``, ``Cannot negate boolean``. A comparison is resolved
as the operator Trino implements it with (``ExpressionAnalyzer.visitComparisonExpression``):
``<>`` as ``=``, ``>`` as ``<``, ``>=`` as ``<=``, the operands kept in their order.

https://trino.io/docs/current/functions/datetime.html#date-and-time-operators
https://trino.io/docs/current/functions/comparison.html
"""

from __future__ import annotations

from collections.abc import Callable

from sqlglot import exp

from athenakit.local import literal_types
from athenakit.local.failures import athena_error, end_of, start_of
from athenakit.local.nodes import UNARY_PLUS

Known = Callable[[exp.Expr], "tuple[str, str] | None"]

# written symbol, the symbol Trino's message shows (the operator it resolves)
SYMBOLS: dict[type[exp.Expr], tuple[str, str]] = {
    exp.Add: ("+", "+"), exp.Sub: ("-", "-"), exp.Mul: ("*", "*"), exp.Div: ("/", "/"),
    exp.Mod: ("%", "%"), exp.EQ: ("=", "="), exp.NEQ: ("<>", "="), exp.LT: ("<", "<"),
    exp.LTE: ("<=", "<="), exp.GT: (">", "<"), exp.GTE: (">=", "<="),
    # (placed at the IS token: the predicate's start, AstBuilder.visitDistinctFrom)
    exp.NullSafeNEQ: ("IS", "IS DISTINCT FROM"), exp.NullSafeEQ: ("IS", "IS DISTINCT FROM"),
}
_DAY_SECOND, _YEAR_MONTH = "interval day to second", "interval year to month"
_INTERVALS = {"ds", "ym"}
_MOVING = {"date", "timestamp"}  # dates and timestamps move by either interval
# Trino's ADD / SUBTRACT / MULTIPLY / DIVIDE / MODULUS operators by operand family
# (io.trino.type.DateTimeOperators, IntervalDayTimeOperators, IntervalYearMonthOperators,
# TimeOperators, timestamp / timestamp with time zone operators); a date is coerced to a
# timestamp where only the timestamp's operator exists (TestDateTimeOperators
# .testDateToTimestampCoercing). time and interval year to month do not mix (trinodb/trino
# pull request 4308).
_ARITHMETIC: dict[str, set[tuple[str, str]]] = {
    "+": {("number", "number"), ("ds", "ds"), ("ym", "ym"), ("time", "ds"), ("ds", "time")}
    | {(m, i) for m in _MOVING for i in _INTERVALS} | {(i, m) for m in _MOVING for i in _INTERVALS},
    "-": {("number", "number"), ("ds", "ds"), ("ym", "ym"), ("time", "ds"), ("time", "time")}
    | {(m, i) for m in _MOVING for i in _INTERVALS} | {(a, b) for a in _MOVING for b in _MOVING},
    "*": {("number", "number")} | {(i, "number") for i in _INTERVALS}
    | {("number", i) for i in _INTERVALS},
    "/": {("number", "number")} | {(i, "number") for i in _INTERVALS},
    "%": {("number", "number")},
}
# families whose values compare with each other (a date with a timestamp by coercion)
_COMPARABLE = {"date": "moment", "timestamp": "moment"}
_CHECKED = {"number", "string", "boolean", "date", "timestamp", "time", "binary", "ds", "ym",
            "array"}


def family(spelled: str) -> str:
    """The family of a Trino type as spelled in messages (``decimal(3,1)``: number)."""
    head = spelled.split("(", 1)[0]
    if head in ("tinyint", "smallint", "integer", "bigint", "real", "double", "decimal"):
        return "number"
    if head in ("varchar", "char"):
        return "string"
    if spelled == _DAY_SECOND:
        return "ds"
    if spelled == _YEAR_MONTH:
        return "ym"
    if head in ("timestamp", "time", "array", "map", "row"):
        return head
    return {"varbinary": "binary"}.get(spelled, spelled)


def _interval(node: exp.Interval) -> str:
    return literal_types.trino_type(node) or _DAY_SECOND


def operand(node: exp.Expr, known: Known) -> str | None:
    """Trino's type of an operator's operand, where it is certain: what ``known`` reads, an
    interval literal, an ``ARRAY[...]`` of elements of one certain type, or a negation of
    one of them."""
    if isinstance(node, exp.Interval) and node.args.get("unit") is None \
            and isinstance(node.this, exp.Literal):
        # sqlglot reads the number in ``INTERVAL '1' DAY + 1`` as an interval without unit
        return operand(exp.Literal.number(node.this.name), known)
    if isinstance(node, exp.Interval):
        return _interval(node)
    if isinstance(node, exp.Paren):
        return operand(node.this, known)
    if isinstance(node, exp.Neg) and not isinstance(node.this, exp.Literal):
        inner = operand(node.this, known)
        return inner if inner is not None and family(inner) in ("number", "ds", "ym") else None
    if isinstance(node, exp.Array) and node.expressions:
        elements = {operand(e, known) for e in node.expressions}
        one = elements.pop() if len(elements) == 1 else None
        return f"array({one})" if one is not None else None
    found = known(node)
    return None if found is None else found[1]


def row_value(node: exp.Expr, known: Known) -> str | None:
    """The row type of a ``ROW(...)`` or a parenthesized list ``(a = b, c = d)`` (a row in
    Trino) whose fields' types are certain (``JOIN ON clause must evaluate to a boolean:
    actual type row(boolean, boolean)``; TestAnalyzer.testInValidJoinOnClause)."""
    if isinstance(node, exp.Tuple):
        node = exp.Struct(expressions=node.expressions)
    return row_type(node, known) if isinstance(node, exp.Struct) else None


def row_type(node: exp.Expr, known: Known) -> str | None:
    """Trino's type of a ``ROW(...)`` whose fields' types are certain (``row(integer,
    varchar(1))``) or of a cast to a row type (``row(x integer, y varchar)``), else None."""
    if isinstance(node, exp.Cast) and not isinstance(node, exp.TryCast) \
            and node.to.is_type(exp.DType.STRUCT):
        return node.to.sql(dialect="trino").lower()
    if not isinstance(node, exp.Struct) or not node.expressions:
        return None
    fields = [None if isinstance(e, exp.PropertyEQ) else operand(e, known)
              for e in node.expressions]
    return None if None in fields else f"row({', '.join(f for f in fields if f)})"


def _accepts(symbol: str, left: str, right: str) -> bool:
    kinds = (family(left), family(right))
    if not set(kinds) <= _CHECKED:
        return True  # maps, rows, json, ...: left to DuckDB
    if symbol in _ARITHMETIC:
        return kinds in _ARITHMETIC[symbol]
    if kinds == ("array", "array"):
        inner = (left[len("array("):-1], right[len("array("):-1])
        return _accepts(symbol, *inner)
    return _COMPARABLE.get(kinds[0], kinds[0]) == _COMPARABLE.get(kinds[1], kinds[1])


def _operator_offset(node: exp.Binary) -> tuple[int | None, str | None]:
    """Where to look for the operator: from the end of its left operand on, or (a left operand
    without positions: ``true``, ``ARRAY[]``) back from the start of its right one."""
    end = end_of(node.left)
    if end is not None:
        return end + 1, None
    return start_of(node.right), "back"


def check(tree: exp.Expr, known: Known) -> None:
    """Raise Trino's TYPE_MISMATCH for the first operator (innermost first) whose operands'
    types Trino has no operator for.

    Args:
        tree: an annotated statement.
        known: reads the certain ``(family, Trino type)`` of an operand, or None.

    Raises:
        AthenaFailure: TYPE_MISMATCH at the operator.
    """
    for node in _innermost_first(tree):
        if UNARY_PLUS in node.meta:
            _check_unary_plus(node, known)
        if isinstance(node, exp.Neg):
            _check_negation(node, known)
            continue
        if not isinstance(node, exp.Binary):
            continue
        written, shown = SYMBOLS[type(node)]
        left, right = operand(node.left, known), operand(node.right, known)
        if left is None or right is None or _accepts(shown, left, right):
            continue
        offset, direction = _operator_offset(node)
        symbols = {"<>": ("<>", "!="), "IS": ("IS", "is", "Is", "iS")}.get(written, (written,))
        raise athena_error("TYPE_MISMATCH", f"Cannot apply operator: {left} {shown} {right}",
                           offset=offset, find=symbols if direction is None else None,
                           before=written if direction == "back" else None)


def _innermost_first(node: exp.Expr) -> list[exp.Expr]:
    """The operators of ``node`` in the order Trino's analyzer meets a failing one: operands
    (left before right) before the operator that takes them."""
    found: list[exp.Expr] = []
    for child in node.iter_expressions():
        found.extend(_innermost_first(child))
    if isinstance(node, exp.Neg) or type(node) in SYMBOLS or UNARY_PLUS in node.meta:
        found.append(node)
    return found


# the types a unary + takes (ExpressionAnalyzer.visitArithmeticUnary: not decimal)
PLUS_TYPES = frozenset({"double", "real", "bigint", "integer", "smallint", "tinyint"})


def _check_unary_plus(node: exp.Expr, known: Known) -> None:
    # ExpressionAnalyzer.visitArithmeticUnary: "Unary '+' operator cannot by applied to %s
    # type" (Trino's wording), at the "+"
    spelled = operand(node, known)
    if spelled is not None and spelled not in PLUS_TYPES:
        raise athena_error("TYPE_MISMATCH",
                           f"Unary '+' operator cannot by applied to {spelled} type",
                           offset=node.meta[UNARY_PLUS])


def _check_negation(node: exp.Neg, known: Known) -> None:
    # OperatorNotFoundException for NEGATION: "Cannot negate %s"
    if isinstance(node.this, exp.Literal) and not node.this.is_string:
        return
    spelled = operand(node.this, known)
    if spelled is not None and family(spelled) not in ("number", "ds", "ym"):
        raise athena_error("TYPE_MISMATCH", f"Cannot negate {spelled}",
                           offset=node.meta.get("start", start_of(node)))
