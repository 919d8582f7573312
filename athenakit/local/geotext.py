"""Coordinates as Trino's ESRI-based ``ST_AsText`` prints them.

ESRI's WKT writer (``StringUtils.appendDouble``) formats each coordinate with Java's
``String.format("%.17g", x)`` and strips the trailing zeros of a result without an exponent.
Java's ``%g`` starts from the shortest digits that read back as the double (those of Python's
``repr``) and pads them with zeros; it writes ``1e-4 <= |x| < 1e17`` positionally (``122.3``,
``0.0001``) and other numbers in scientific notation with all 17 digits and a two-digit
exponent, which is not stripped (``1.0000000000000000e-07``, ``1.2345000000000000e+20``).

https://docs.oracle.com/en/java/javase/17/docs/api/java.base/java/util/Formatter.html
"""

from __future__ import annotations

import re
from decimal import Decimal

_NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?")
_DIGITS = 17


def java_g17(value: float) -> str:
    """``String.format("%.17g", value)`` as ESRI's WKT writer shortens it."""
    if value == 0:
        return "-0" if str(value).startswith("-") else "0"
    exact = Decimal(repr(value))
    sign, digits, exponent = exact.as_tuple()
    assert isinstance(exponent, int)  # a finite value
    magnitude = len(digits) - 1 + exponent  # x = d.ddd * 10^magnitude
    if -4 <= magnitude < _DIGITS:
        text = format(exact, "f")
        return text.rstrip("0").rstrip(".") if "." in text else text
    mantissa = "".join(map(str, digits)).ljust(_DIGITS, "0")
    return (f"{'-' if sign else ''}{mantissa[0]}.{mantissa[1:]}"
            f"e{'-' if magnitude < 0 else '+'}{abs(magnitude):02d}")


def esri_numbers(wkt: str) -> str:
    """``wkt`` (shapely's, numbers in their shortest round-trip form) with every coordinate
    written as ESRI writes it."""
    return _NUMBER.sub(lambda m: java_g17(float(m.group(0))), wkt)
