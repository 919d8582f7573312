"""Trino's decimal types of what is computed from decimals, set on sqlglot's nodes.

sqlglot types a ``1.5``-style literal a double, and so every expression over one (``x * 1.5``,
``sum(x * 0.1)``, ``abs(-1.5)``, ``round(x * 1.5)``): the rewrites that read types then took a
decimal for a double, and ``(x * 1.5) / 2`` was divided as doubles (2.25 where Trino's decimal
division gives 2.3), ``sum(x * 0.1) / 3`` gave 0.09999999999999999 for 0.1. This pass types such
nodes as Trino does (``DecimalOperators``, the decimal overloads of ``MathFunctions`` and of the
aggregates), bottom-up:

* ``a + b``, ``a - b``: ``decimal(min(38, 1 + max(s1, s2) + max(p1 - s1, p2 - s2)),
  max(s1, s2))``
* ``a * b``: ``decimal(min(38, p1 + p2), s1 + s2)``
* ``a / b``: ``decimal(min(38, p1 + s2 + max(0, s2 - s1)), max(s1, s2))``
* ``a % b``: ``decimal(min(p2 - s2, p1 - s1) + max(s1, s2), max(s1, s2))``
* ``-a``, ``abs(a)``, ``nullif(a, b)``, ``min``, ``max``, ``avg``, ``arbitrary``, ``max_by`` /
  ``min_by``, an aggregate's window or FILTER: ``a``'s type; ``sum``: ``decimal(38, s)``;
  ``sign(a)``: ``decimal(1, 0)``; ``truncate(a)``: ``decimal(max(1, p - s), 0)``,
  ``truncate(a, d)``: ``a``'s type
* ``a[i]``, ``element_at(a, i)`` of an array of decimals or a map to decimals: their type
* ``round(a)``, ``floor(a)``, ``ceil(a)``: ``decimal(p - s + min(s, 1), 0)``; ``round(a, d)``:
  ``decimal(min(38, p + 1), s)``

where an integer operand beside a decimal is ``decimal(3|5|10|19, 0)``; a double operand makes
the result a double, as sqlglot has it.

https://trino.io/docs/current/language/types.html#decimal
"""

from __future__ import annotations

from sqlglot import exp

from athenakit.local import decimals

_ARITHMETIC = (exp.Add, exp.Sub, exp.Mul, exp.Div, exp.Mod)
_KEEPING = (exp.Neg, exp.Paren, exp.Abs, exp.Min, exp.Max, exp.Avg, exp.Nullif, exp.AnyValue,
            exp.ArgMax, exp.ArgMin, exp.Window, exp.Filter)
_WHOLE = (exp.Floor, exp.Ceil)


def retype(tree: exp.Expression) -> None:
    """Type each arithmetic node and decimal-keeping call over decimals of ``tree`` (in place)
    as Trino types it."""
    for node in reversed(list(tree.walk(bfs=False))):  # (a node's operands come after it)
        found = _shape(node) if isinstance(node, exp.Expression) else None
        if found is not None:
            node.type = exp.DataType.build(f"DECIMAL({found[0]}, {found[1]})")


def _decimal(node: exp.Expression | None) -> tuple[int, int] | None:
    """``node``'s decimal shape, None when it is not a decimal (an integer included)."""
    if node is None or not decimals.is_decimal(node):
        return None
    return decimals.shape(node)


def _shape(node: exp.Expression) -> tuple[int, int] | None:
    if isinstance(node, exp.Bracket):
        return _element(node.this)
    if isinstance(node, _ARITHMETIC):
        if _decimal(node.this) is None and _decimal(node.expression) is None:
            return None
        # (an integer operand beside a decimal: decimal(3|5|10|19, 0))
        left, right = decimals.shape(node.this), decimals.shape(node.expression)
        return None if left is None or right is None else _arithmetic(node, left, right)
    if isinstance(node, (*_KEEPING, exp.Sum, exp.Round, exp.Trunc, exp.Sign, *_WHOLE)):
        inner = _decimal(node.this)
        if inner is None:
            return None
        precision, scale = inner
        if isinstance(node, exp.Sum):
            return 38, scale
        if isinstance(node, exp.Sign):
            return 1, 0
        if isinstance(node, exp.Trunc):
            return (precision, scale) if node.args.get("decimals") is not None else (
                max(1, precision - scale), 0)
        if isinstance(node, exp.Round) and node.args.get("decimals") is not None:
            return min(38, precision + 1), scale
        if isinstance(node, (exp.Round, *_WHOLE)):
            return precision - scale + min(scale, 1), 0
        return inner
    return None


def _element(container: exp.Expression | None) -> tuple[int, int] | None:
    """The decimal shape of an array's elements or a map's values (a subscript's type)."""
    kind = container.type if container is not None else None
    if kind is None or not kind.is_type(exp.DType.ARRAY, exp.DType.MAP) or not kind.expressions:
        return None
    value = kind.expressions[-1]
    if not (isinstance(value, exp.DataType) and value.is_type(exp.DType.DECIMAL)):
        return None
    holder = exp.Null()
    holder.type = value
    return decimals.shape(holder)


def _arithmetic(node: exp.Expression, left: tuple[int, int],
                right: tuple[int, int]) -> tuple[int, int]:
    (p1, s1), (p2, s2) = left, right
    if isinstance(node, exp.Add | exp.Sub):
        scale = max(s1, s2)
        return min(38, 1 + scale + max(p1 - s1, p2 - s2)), scale
    if isinstance(node, exp.Mul):
        return min(38, p1 + p2), s1 + s2
    if isinstance(node, exp.Div):
        return min(38, p1 + s2 + max(0, s2 - s1)), max(s1, s2)
    scale = max(s1, s2)
    return min(p2 - s2, p1 - s1) + scale, scale
