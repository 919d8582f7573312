"""Trino's bitwise functions: two's complement on ``bigint`` (or the argument's integer type
for shifts), ``bit_count`` with Trino's range check, logical and arithmetic right shifts.

https://trino.io/docs/current/functions/bitwise.html
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlglot import exp

from athenakit.local.nodes import call as _call
from athenakit.local.rounding import integer_type
from athenakit.local.runtime_errors import TrinoFunctionError

_DONE = "ak_done"
_BITS = {"TINYINT": 8, "SMALLINT": 16, "INTEGER": 32, "BIGINT": 64}


def _signed(value: int, bits: int) -> int:
    value &= (1 << bits) - 1
    return value - (1 << bits) if value >= 1 << (bits - 1) else value


def bit_count(value: int, bits: int) -> int:
    """``bit_count(x, bits)``: set bits of x in a ``bits``-wide two's complement."""
    if not 2 <= bits <= 64:
        raise TrinoFunctionError("INVALID_FUNCTION_ARGUMENT: Bits specified in bit_count must "
                                 "be between 2 and 64, got " + str(bits))
    low, high = -(1 << (bits - 1)), (1 << (bits - 1)) - 1
    if not low <= value <= high:
        raise TrinoFunctionError(
            "INVALID_FUNCTION_ARGUMENT: Number must be representable with the bits specified. "
            f"{value} cannot be represented with {bits} bits")
    return (value & ((1 << bits) - 1)).bit_count()


def shift_left(value: int, shift: int, bits: int) -> int:
    return 0 if shift >= bits else _signed(value << shift, bits)


def shift_right(value: int, shift: int, bits: int) -> int:
    return 0 if shift >= bits else _signed((value & ((1 << bits) - 1)) >> shift, bits)


def shift_right_arithmetic(value: int, shift: int, bits: int) -> int:
    return (-1 if value < 0 else 0) if shift >= bits else value >> shift


FUNCTIONS: dict[str, tuple[Callable[..., Any], list[str], str]] = {
    "ak_bit_count": (bit_count, ["BIGINT", "BIGINT"], "BIGINT"),
    "ak_shift_left": (shift_left, ["BIGINT", "BIGINT", "BIGINT"], "BIGINT"),
    "ak_shift_right": (shift_right, ["BIGINT", "BIGINT", "BIGINT"], "BIGINT"),
    "ak_shift_right_arithmetic": (shift_right_arithmetic, ["BIGINT", "BIGINT", "BIGINT"],
                                  "BIGINT"),
}



def _bigint(node: exp.Expression) -> exp.Expression:
    return exp.Cast(this=node, to=exp.DataType.build("BIGINT"))


def _shift(name: str) -> Callable[[list[exp.Expression]], exp.Expression]:
    def build(args: list[exp.Expression]) -> exp.Expression:
        kind = integer_type(args[0]) or "BIGINT"
        call = _call(name, args[0], args[1], exp.Literal.number(_BITS[kind]))
        return exp.Cast(this=call, to=exp.DataType.build(kind))
    return build


def on_bigints(node: exp.Expression) -> exp.Expression:
    """``bitwise_and`` / ``or`` / ``xor`` / ``not`` work on (and return) ``bigint``."""
    if node.meta.get(_DONE):
        return node
    node.meta[_DONE] = True
    for key in ("this", "expression"):
        if node.args.get(key) is not None:
            node.set(key, _bigint(node.args[key]))
    return node


BY_CLASS: dict[type[exp.Expression], Callable[[exp.Expression], exp.Expression]] = {
    exp.BitwiseAnd: on_bigints, exp.BitwiseOr: on_bigints, exp.BitwiseXor: on_bigints,
    exp.BitwiseNot: on_bigints,
}

BY_NAME: dict[str, Callable[[list[exp.Expression]], exp.Expression]] = {
    "BIT_COUNT": lambda a: _call("AK_BIT_COUNT", *a),
    "BITWISE_LEFT_SHIFT": _shift("AK_SHIFT_LEFT"),
    "BITWISE_RIGHT_SHIFT": _shift("AK_SHIFT_RIGHT"),
    "BITWISE_RIGHT_SHIFT_ARITHMETIC": _shift("AK_SHIFT_RIGHT_ARITHMETIC"),
}
