"""Integer arithmetic on literals overflows as in Trino.

DuckDB simplifies comparisons of constants before it evaluates them (``0 <= 1 + 2147483647``
becomes ``-2147483647 <= 1``, true), so an overflow Trino raises
(``NUMERIC_VALUE_OUT_OF_RANGE: integer addition overflow: 1 + 2147483647``) would never
happen. Arithmetic whose operands are all integer literals (or casts of them to an integer
type) is computed here: an overflowing operation becomes DuckDB's ``error(...)`` with Trino's
message, raised when a row evaluates it, as Trino raises it; the others are left to DuckDB.
https://trino.io/docs/current/functions/math.html (io.trino.type.IntegerOperators,
BigintOperators: ``integer addition overflow: %s + %s``)
"""

from __future__ import annotations

from sqlglot import exp

# Trino's integer types, narrowest first, with their bit widths
_BITS = {"tinyint": 8, "smallint": 16, "integer": 32, "bigint": 64}
_CASTS = {exp.DType.TINYINT: "tinyint", exp.DType.SMALLINT: "smallint",
          exp.DType.INT: "integer", exp.DType.BIGINT: "bigint"}
_OPERATIONS: dict[type[exp.Expression], tuple[str, str]] = {
    exp.Add: ("addition", "+"), exp.Sub: ("subtraction", "-"), exp.Mul: ("multiplication", "*")}


class _Overflow(Exception):
    """An operation on literals left its type's range; the text is Trino's reason."""


def _constant(node: exp.Expression) -> tuple[int, str] | None:
    """The value and Trino type of an integer constant expression, None for anything else."""
    if isinstance(node, exp.Paren):
        return _constant(node.this)
    if isinstance(node, exp.Literal) and not node.is_string and str(node.this).isdigit():
        value = int(str(node.this))
        return (value, "integer") if value < 2**31 else (value, "bigint") \
            if value < 2**63 else None
    if isinstance(node, exp.Neg):
        found = _constant(node.this)
        return (-found[0], found[1]) if found else None
    if isinstance(node, exp.Cast) and isinstance(node.this, exp.Literal) \
            and node.to.this in _CASTS:
        text = str(node.this.this).strip()
        if text.lstrip("+-").isdigit():
            return _in_range(int(text), _CASTS[node.to.this])
    if type(node) in _OPERATIONS:
        return _operation(node)
    return None


def _in_range(value: int, kind: str) -> tuple[int, str] | None:
    half = 2 ** (_BITS[kind] - 1)
    return (value, kind) if -half <= value < half else None


def _operation(node: exp.Expression) -> tuple[int, str] | None:
    left, right = _constant(node.this), _constant(node.expression)
    if left is None or right is None:
        return None
    kind = max(left[1], right[1], key=list(_BITS).index)
    value = left[0] + right[0] if isinstance(node, exp.Add) else left[0] - right[0] \
        if isinstance(node, exp.Sub) else left[0] * right[0]
    if _in_range(value, kind) is None:
        name, symbol = _OPERATIONS[type(node)]
        raise _Overflow(f"NUMERIC_VALUE_OUT_OF_RANGE: {kind} {name} overflow: "
                        f"{left[0]} {symbol} {right[0]}")
    return value, kind


def fold(node: exp.Expression) -> exp.Expression:
    """``a + b``, ``a - b`` or ``a * b`` of integer literals: Trino's overflow failure when
    the result leaves the operands' type, else ``node`` unchanged."""
    try:
        _operation(node)
    except _Overflow as overflow:
        return exp.Anonymous(this="ERROR", expressions=[exp.Literal.string(str(overflow))])
    return node


_NARROW = {"tinyint", "smallint"}


def widen(node: exp.Expression) -> exp.Expression:
    """``x + 1`` with ``x`` a ``tinyint`` or ``smallint``: the literal stays an ``integer`` (so
    the sum is one, as in Trino: ``SMALLINT '32767' + 1`` is 32768), where DuckDB would bind
    it to ``x``'s type and overflow. Changes ``node`` in place and returns it."""
    from athenakit.local import rounding

    sides = (node.this, node.expression)
    kinds = [(rounding.integer_type(side) or "").lower() for side in sides]
    for side, other in ((0, 1), (1, 0)):
        literal = sides[side]
        if isinstance(literal, exp.Literal) and not literal.is_string \
                and kinds[other] in _NARROW and kinds[side] in ("integer", "bigint"):
            cast = exp.Cast(this=literal.copy(), to=exp.DataType.build(kinds[side]))
            cast.meta["ak_done"] = True
            node.set("expression" if side else "this", cast)
    return node
