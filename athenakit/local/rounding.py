"""Result types of ``abs``, ``sign``, ``ceil``, ``floor``, ``round`` and ``truncate`` as in Trino.

DuckDB narrows or widens these (``round(3, 1)`` is a ``tinyint``, ``ceil`` of a ``tinyint`` a
``double``, ``ceil(DECIMAL '123.45')`` a ``decimal(5,0)``); Trino keeps the argument's integer
type and gives decimals these shapes (io.trino.operator.scalar.MathFunctions):

* ``ceil``/``floor``/``round(x)`` of ``decimal(p, s)``: ``decimal(p - s + min(s, 1), 0)``
* ``round(x, n)``: ``decimal(p + 1, s)``; ``truncate(x)``: ``decimal(p - s, 0)``;
  ``truncate(x, n)``: ``decimal(p, s)``; ``sign``: ``decimal(1, 0)``
* ``sign`` of a ``double`` is a ``double`` (NaN for NaN).

https://trino.io/docs/current/functions/math.html
"""

from __future__ import annotations

from collections.abc import Callable

from sqlglot import exp

from athenakit.local import decimals

_DONE = "ak_done"
_INTEGERS = {exp.DType.TINYINT: "TINYINT", exp.DType.SMALLINT: "SMALLINT",
             exp.DType.INT: "INTEGER", exp.DType.BIGINT: "BIGINT"}


def integer_type(node: exp.Expression) -> str | None:
    """Trino's integer type of ``node`` (literals by their value), None for other types."""
    if isinstance(node, exp.Neg | exp.Paren):
        return integer_type(node.this)
    if isinstance(node, exp.Literal):
        text = str(node.this)
        if node.is_string or not text.isdigit():
            return None
        return "INTEGER" if int(text) <= 2**31 else "BIGINT"
    kind = node.type
    return next((name for dtype, name in _INTEGERS.items()
                 if kind is not None and kind.is_type(dtype)), None)


def _cast(node: exp.Expression, to: str) -> exp.Expression:
    node.meta[_DONE] = True
    return exp.Cast(this=node, to=exp.DataType.build(to))


def _decimal_shape(node: exp.Expression) -> tuple[int, int] | None:
    if decimals.is_decimal(node):
        return decimals.shape(node)
    return None


def _is_double(node: exp.Expression) -> bool:
    if isinstance(node, exp.Neg | exp.Paren):
        return _is_double(node.this)
    if isinstance(node, exp.Literal):
        return not node.is_string and "e" in str(node.this).lower()
    return node.type is not None and node.type.is_type(exp.DType.DOUBLE)


def retype(node: exp.Expression) -> exp.Expression:
    """Cast the call to Trino's result type when the argument's type is known."""
    if node.meta.get(_DONE):
        return node
    arg = node.this
    integer = integer_type(arg)
    if integer is not None:
        return _cast(node, integer)
    if isinstance(node, exp.Sign) and _is_double(arg):
        node.meta[_DONE] = True
        return exp.Anonymous(this="AK_SIGN_DOUBLE", expressions=[arg])
    shape = _decimal_shape(arg)
    if shape is None:
        return node
    precision, scale = shape
    digits = node.args.get("decimals")
    if isinstance(node, exp.Sign):
        return _cast(node, "DECIMAL(1, 0)")
    if isinstance(node, exp.Abs):
        return _cast(node, f"DECIMAL({precision}, {scale})")
    if digits is not None and not isinstance(node, exp.Trunc):
        return _cast(node, f"DECIMAL({min(38, precision + 1)}, {scale})")
    if digits is not None:
        return _cast(node, f"DECIMAL({precision}, {scale})")
    if isinstance(node, exp.Trunc):
        return _cast(node, f"DECIMAL({max(1, precision - scale)}, 0)")
    return _cast(node, f"DECIMAL({max(1, precision - scale + min(scale, 1))}, 0)")


BY_CLASS: dict[type[exp.Expression], Callable[[exp.Expression], exp.Expression]] = {
    exp.Abs: retype, exp.Sign: retype, exp.Ceil: retype, exp.Floor: retype,
    exp.Round: retype, exp.Trunc: retype,
}
