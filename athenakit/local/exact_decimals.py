"""Exact decimal arithmetic on decimal texts, in Python: the results DuckDB's 128-bit
decimals cannot give as Trino does (a quotient or remainder whose scaled operands pass 38
digits, Trino's 256-bit division; a sum whose operand Trino rescales in 128 bits past 38
digits). Registered as DuckDB functions (:mod:`athenakit.local.udfs`); the rewrites that call
them are in :mod:`athenakit.local.decimals`.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any


def decimal_sum(a: str, b: str, sign: int, scale: int) -> str:
    """``a + sign * b`` of two exact decimal texts at ``scale``, as Trino's 128-bit rescale and
    sum fail or answer."""
    from athenakit.local.runtime_errors import TrinoFunctionError

    units = []
    for text in (a, b):
        n, e = _integer(Decimal(text))
        units.append(n * 10 ** (e + scale))  # (e + scale >= 0: scale is the larger one)
    total = units[0] + sign * units[1]
    if not all(-2 ** 127 <= u < 2 ** 127 for u in units) or abs(total) >= 10 ** 38:
        raise TrinoFunctionError("NUMERIC_VALUE_OUT_OF_RANGE: Decimal overflow")
    digits = str(abs(total)).rjust(scale + 1, "0")
    text = f"{digits[:-scale]}.{digits[-scale:]}" if scale else digits
    return ("-" if total < 0 else "") + text


def decimal_quotient(a: str, b: str, precision: int, scale: int) -> str:
    """``a / b`` of two exact decimal texts as Trino's ``decimal(precision, scale)`` text,
    rounded half away from zero."""
    from athenakit.local.runtime_errors import TrinoFunctionError

    x, y = Decimal(a), Decimal(b)
    if y == 0:
        raise TrinoFunctionError("DIVISION_BY_ZERO: Division by zero")
    # exact integers: x * 10^k / y scaled to the result's unit, then rounded
    xn, xe = _integer(x)
    yn, ye = _integer(y)
    shift = scale + xe - ye  # quotient units: x / y * 10^scale = xn / yn * 10^shift
    num, den = (xn * 10 ** shift, yn) if shift >= 0 else (xn, yn * 10 ** -shift)
    whole, rest = divmod(abs(num), abs(den))
    whole += 1 if 2 * rest >= abs(den) else 0
    if len(str(whole)) > precision:
        raise TrinoFunctionError("NUMERIC_VALUE_OUT_OF_RANGE: Decimal overflow")
    sign = "-" if (num < 0) != (den < 0) and whole else ""
    digits = str(whole).rjust(scale + 1, "0")
    return sign + (f"{digits[:-scale]}.{digits[-scale:]}" if scale else digits)


def _integer(value: Decimal) -> tuple[int, int]:
    """``value`` as ``(n, e)`` with value = n * 10^e."""
    sign, digits, exponent = value.as_tuple()
    n = int("".join(map(str, digits)) or "0") * (-1 if sign else 1)
    return n, int(exponent)


def decimal_remainder(a: str, b: str, scale: int) -> str:
    """``a % b`` of two exact decimal texts (the dividend's sign, as Trino's remainder) with
    ``scale`` digits after the point."""
    from athenakit.local.runtime_errors import TrinoFunctionError

    x, y = Decimal(a), Decimal(b)
    if y == 0:
        raise TrinoFunctionError("DIVISION_BY_ZERO: Division by zero")
    (xn, xe), (yn, ye) = _integer(x), _integer(y)
    unit = min(xe, ye, -scale)  # both as integers of 10^unit (exact, unlike Decimal's %)
    big_x, big_y = xn * 10 ** (xe - unit), abs(yn) * 10 ** (ye - unit)
    rest = abs(big_x) % big_y * (-1 if big_x < 0 else 1)
    unscaled = rest // 10 ** (-scale - unit) if rest >= 0 else -(-rest // 10 ** (-scale - unit))
    digits = str(abs(unscaled)).rjust(scale + 1, "0")
    sign = "-" if unscaled < 0 else ""
    return sign + (f"{digits[:-scale]}.{digits[-scale:]}" if scale else digits)


FUNCTIONS: dict[str, tuple[Callable[..., Any], list[str], str]] = {
    "ak_decimal_quotient": (decimal_quotient, ["VARCHAR", "VARCHAR", "INTEGER", "INTEGER"],
                            "VARCHAR"),
    "ak_decimal_remainder": (decimal_remainder, ["VARCHAR", "VARCHAR", "INTEGER"], "VARCHAR"),
    "ak_decimal_sum": (decimal_sum, ["VARCHAR", "VARCHAR", "INTEGER", "INTEGER"], "VARCHAR"),
}
